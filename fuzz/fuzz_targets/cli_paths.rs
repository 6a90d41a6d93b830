//! The command line's argument values, `--out-dir` file names and writer, and directory walk
//! (the instruction format is in `src/cli_paths.rs`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Some(text) = smi_fuzz::as_text(data) {
        smi_fuzz::cli_paths::run(text);
    }
});
