//! What `smi` does with the file system: directory walks that meet symlink loops and special
//! files, and `--out-dir` writes that must stay inside their directory.

mod support;

use std::fs;
use std::path::Path;
use support::{bookstore, repo, smi_in, stderr, temp_dir};

/// `smi translate --backend envoy --out-dir out in.yaml`, run in `dir`.
fn translate_into_out(dir: &Path) -> std::process::Output {
    smi_in(
        dir,
        &[
            "translate",
            "--backend",
            "envoy",
            "--out-dir",
            "out",
            "in.yaml",
        ],
        None,
    )
}

/// Every file under `dir`, relative, sorted.
fn files_under(dir: &Path) -> Vec<String> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) {
        for entry in fs::read_dir(dir).expect("read dir") {
            let path = entry.expect("entry").path();
            let kind = fs::symlink_metadata(&path).expect("metadata").file_type();
            if kind.is_dir() {
                walk(root, &path, out);
            } else {
                out.push(
                    path.strip_prefix(root)
                        .expect("under root")
                        .display()
                        .to_string(),
                );
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

#[cfg(unix)]
#[test]
fn a_walk_through_symlink_loops_ends_and_reads_each_file_once() {
    let dir = temp_dir("symlink-loop");
    fs::write(dir.join("bookstore.yaml"), bookstore()).expect("manifest");
    std::os::unix::fs::symlink(".", dir.join("again")).expect("symlink");
    std::os::unix::fs::symlink(".", dir.join("and-again")).expect("symlink");
    let out = smi_in(&dir, &["validate", "."], None);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(!err.contains("duplicate-object"), "{err}");
    assert!(err.contains("a directory already read"), "{err}");
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn a_tree_a_thousand_directories_deep_is_read_to_its_bottom() {
    // Found through the `cli_paths` fuzz target's speed: the walk used to canonicalise every
    // directory, a `readlink` per component of its path, so time grew with the cube of the
    // depth (about 12 s for this tree in a release build; docs/security.md).
    let dir = temp_dir("deep-tree");
    let bottom = (0..1000).fold(dir.clone(), |path, _| path.join("d"));
    fs::create_dir_all(&bottom).expect("deep tree");
    fs::write(bottom.join("bookstore.yaml"), bookstore()).expect("manifest");
    let out = smi_in(&dir, &["validate", "."], None);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(err.contains("in 22 objects"), "{err}");
    let _ = fs::remove_dir_all(&dir);
}

#[cfg(unix)]
#[test]
fn a_fifo_in_a_directory_is_skipped_with_a_note_not_waited_on() {
    let dir = temp_dir("fifo");
    fs::write(dir.join("bookstore.yaml"), bookstore()).expect("manifest");
    let made = std::process::Command::new("mkfifo")
        .arg(dir.join("x.yaml"))
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    let out = smi_in(&dir, &["validate", "."], None);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(err.contains("x.yaml: not a regular file"), "{err}");
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn out_dir_files_never_land_outside_the_directory() {
    let root = temp_dir("out-dir-escape");
    let work = root.join("a").join("b");
    fs::create_dir_all(&work).expect("work dir");
    for hostile in ["../../x", "/tmp/smi-abs", "a.b"] {
        let manifest =
            bookstore().replace("namespace: bookstore", &format!("namespace: {hostile:?}"));
        fs::write(work.join("in.yaml"), manifest).expect("manifest");
        let out = translate_into_out(&work);
        let err = stderr(&out);
        assert!(!err.contains("panicked"), "{hostile}: {err}");
        for file in files_under(&root) {
            assert!(
                file.starts_with("a/b/out/") || file == "a/b/in.yaml",
                "{hostile}: {file} was written outside out/: {err}"
            );
        }
    }
    assert!(!Path::new("/tmp/smi-abs.bookbuyer.yaml").exists());
    let _ = fs::remove_dir_all(&root);
}

#[test]
fn out_dir_writes_the_proxies_of_the_longest_valid_names() {
    // Found while fuzzing: a 63-byte namespace and a 253-byte ServiceAccount, both valid,
    // made a 322-byte file name; the writer refused it and wrote nothing (exit 3).
    let dir = temp_dir("out-dir-long-names");
    let namespace = "n".repeat(63);
    let service_account = format!("{}.{}", "s".repeat(126), "s".repeat(126));
    let manifest = format!(
        "apiVersion: v1\nkind: Service\nmetadata: {{ name: api, namespace: {namespace} }}\n\
         spec:\n  selector: {{ app: api }}\n  ports: [{{ name: http, port: 80, targetPort: 8080 }}]\n\
         ---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {{ name: api, namespace: {namespace} }}\n\
         spec:\n  selector: {{ matchLabels: {{ app: api }} }}\n  template:\n\
         \x20   metadata: {{ labels: {{ app: api }} }}\n    spec:\n\
         \x20     serviceAccountName: {service_account}\n\
         \x20     containers: [{{ name: api, image: api, ports: [{{ containerPort: 8080 }}] }}]\n"
    );
    fs::write(dir.join("in.yaml"), manifest).expect("manifest");
    let out = translate_into_out(&dir);
    assert!(out.status.success(), "{}", stderr(&out));
    let written = files_under(&dir.join("out"));
    assert_eq!(written.len(), 2, "{written:?}");
    assert_eq!(written[0], ".smi-owned");
    assert_eq!(written[1].len(), 255, "{}", written[1]);
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn out_dir_removes_what_it_wrote_before_and_nothing_else() {
    let dir = temp_dir("out-dir-owned");
    fs::write(dir.join("in.yaml"), bookstore()).expect("manifest");
    fs::create_dir_all(dir.join("out")).expect("out");
    fs::write(dir.join("out/notes.yaml"), "mine\n").expect("user file");
    let run = || translate_into_out(&dir);
    let first = run();
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    let written = files_under(&dir.join("out"));
    assert!(
        written.contains(&"bookstore.bookbuyer.yaml".to_string()),
        "{written:?}"
    );
    // The next run no longer has the bookbuyer proxy.
    let without_bookbuyer = bookstore().replace("bookbuyer", "reader");
    fs::write(dir.join("in.yaml"), without_bookbuyer).expect("manifest");
    let second = run();
    assert_eq!(second.status.code(), Some(0), "{}", stderr(&second));
    let after = files_under(&dir.join("out"));
    assert!(
        !after.contains(&"bookstore.bookbuyer.yaml".to_string()),
        "{after:?}"
    );
    assert!(
        after.contains(&"bookstore.reader.yaml".to_string()),
        "{after:?}"
    );
    assert!(after.contains(&"notes.yaml".to_string()), "{after:?}");
    assert!(
        !after.iter().any(|f| f.starts_with(".smi-staging")),
        "{after:?}"
    );
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn an_out_dir_that_cannot_be_made_is_an_output_failure_with_its_own_exit_code() {
    let dir = temp_dir("out-dir-blocked");
    fs::write(dir.join("in.yaml"), bookstore()).expect("manifest");
    fs::write(dir.join("out"), "a file, not a directory\n").expect("blocker");
    let out = translate_into_out(&dir);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(3), "{err}");
    assert!(err.contains("nothing was written"), "{err}");
    assert_eq!(
        fs::read_to_string(dir.join("out")).expect("blocker"),
        "a file, not a directory\n"
    );
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn input_past_the_byte_limit_is_refused_naming_the_limit() {
    let manifest = bookstore();
    let limit = (manifest.len() - 1).to_string();
    let out = smi_in(
        &repo(),
        &["validate", "--max-input-bytes", &limit, "-"],
        Some(manifest.as_bytes()),
    );
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("--max-input-bytes"), "{err}");
    assert!(err.contains(&format!("limit of {limit} bytes")), "{err}");
    // Exactly at the limit is fine.
    let limit = manifest.len().to_string();
    let out = smi_in(
        &repo(),
        &["validate", "--max-input-bytes", &limit, "-"],
        Some(manifest.as_bytes()),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

/// `yes | smi validate -`: an endless stdin stops at the limit instead of filling memory.
#[test]
fn an_endless_stdin_stops_at_the_limit() {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_smi"))
        .args(["validate", "--max-input-bytes", "1000000", "-"])
        .stdin(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .spawn()
        .expect("smi runs");
    let mut stdin = child.stdin.take().expect("stdin");
    let writer = std::thread::spawn(move || {
        use std::io::Write;
        let line = b"y\n".repeat(4096);
        // Ends with a broken pipe once smi stops reading.
        while stdin.write_all(&line).is_ok() {}
    });
    let out = child.wait_with_output().expect("smi finishes");
    writer.join().expect("writer");
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("limit of 1000000 bytes"), "{err}");
}
