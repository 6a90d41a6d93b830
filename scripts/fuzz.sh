#!/usr/bin/env bash
# The fuzz targets of fuzz/ on the stable toolchain, without cargo-fuzz (docs/testing.md).
#
#   scripts/fuzz.sh build                 build every target with libFuzzer's instrumentation
#   scripts/fuzz.sh seed                  (re)make fuzz/corpus/TARGET/ from testdata and examples
#   scripts/fuzz.sh run TARGET [ARGS...]  fuzz one target on its corpus (libFuzzer flags in ARGS,
#                                         e.g. -max_total_time=60 or -runs=10000000)
#   scripts/fuzz.sh smoke SECONDS         build, seed, and fuzz every target SECONDS each (CI)
#
# cargo-fuzz passes the same flags; it is not needed here. libFuzzer's instrumentation is the
# stable `-Cpasses=sancov-module` plus LLVM options; only the sanitizers need nightly's `-Z`,
# and the code under test has no `unsafe` for AddressSanitizer to watch.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"

TARGETS=(load validate convert translate cli_paths)
HOST="$(rustc -vV | sed -n 's/^host: //p')"
BIN_DIR="target/${HOST}/release"
export CARGO_TARGET_DIR="${PWD}/target"

build() {
  # `--target`: the flags reach the targets and their dependencies, not build scripts and
  # proc macros, which run on the host uninstrumented.
  RUSTFLAGS="--cfg fuzzing -Cpasses=sancov-module -Cllvm-args=-sanitizer-coverage-level=4 \
-Cllvm-args=-sanitizer-coverage-inline-8bit-counters -Cllvm-args=-sanitizer-coverage-pc-table \
-Cllvm-args=-sanitizer-coverage-trace-compares" \
    cargo build --release --locked --target "${HOST}" --bins
}

seed() {
  local target
  for target in "${TARGETS[@]}"; do
    rm -rf "corpus/${target}"
    mkdir -p "corpus/${target}"
  done
  # The loader's targets start from every manifest in the repository; `translate` puts the
  # options byte first (0: spec dialect, no default deny).
  local file name
  while IFS= read -r -d '' file; do
    name="$(sha1sum "${file}" | cut -c1-16)"
    for target in load validate convert; do
      cp "${file}" "corpus/${target}/${name}"
    done
    { printf '\000'; cat "${file}"; } >"corpus/translate/${name}"
  done < <(find ../testdata ../examples ../smi-cli/tests ../smi-types/tests ../smi-translate/tests \
    -type f \( -name '*.yaml' -o -name '*.yml' -o -name '*.json' \) -size -64k -print0)
  printf 'asplit.smi-spec.io/v1alpha4\nDosm\nnbookstore\tbookstore-v1\nna.b\tc\nna\tb.c\nn..\t.\ndx\nfx/a.yaml\tkind: Service\nlx/loop\t.\nly\tx\n' \
    >corpus/cli_paths/seed
}

run() {
  local target="$1"
  shift
  mkdir -p "corpus/${target}" "artifacts/${target}"
  "${BIN_DIR}/${target}" -artifact_prefix="artifacts/${target}/" -timeout=10 -rss_limit_mb=2048 \
    "$@" "corpus/${target}"
}

case "${1:-}" in
  build) build ;;
  seed) seed ;;
  run) shift; run "$@" ;;
  smoke)
    seconds="${2:?seconds per target}"
    build
    seed
    log="$(mktemp)"
    for target in "${TARGETS[@]}"; do
      if ! run "${target}" -max_total_time="${seconds}" >"${log}" 2>&1; then
        cat "${log}"
        echo "fuzz target ${target} failed; the input is in fuzz/artifacts/${target}/"
        exit 1
      fi
      echo "${target}: $(grep -E '^Done [0-9]+ runs' "${log}")"
    done
    rm -f "${log}"
    ;;
  *) sed -n '2,9p' "$0"; exit 2 ;;
esac
