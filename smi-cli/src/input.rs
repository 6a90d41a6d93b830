//! Reading the paths given on the command line.

use std::io::Read;
use std::path::{Path, PathBuf};

/// One input file (or stdin) and its text.
pub struct Input {
    /// How diagnostics name it.
    pub name: String,
    /// Its contents.
    pub text: String,
    /// Set when the bytes were not UTF-8 text; `text` is then empty.
    pub unreadable: Option<String>,
}

impl Input {
    fn from_bytes(name: String, bytes: Vec<u8>) -> Input {
        match String::from_utf8(bytes) {
            Ok(text) => Input {
                name,
                text,
                unreadable: None,
            },
            Err(e) => Input {
                name,
                text: String::new(),
                unreadable: Some(format!("the input is not UTF-8 text ({})", e.utf8_error())),
            },
        }
    }
}

/// Reads every path: files as given, directories recursively (`.yaml`, `.yml`, `.json`, in name
/// order), `-` as stdin. Fails on the first path that cannot be read.
///
/// A directory walk reads regular files only (a FIFO or socket named `x.yaml` would block or
/// fail; each skipped entry is named on stderr) and enters each directory once, so symlinks
/// that loop back are not followed around. A path named on the command line is read whatever
/// it is (`<(cat x.yaml)` is a FIFO).
pub fn read_all(paths: &[PathBuf]) -> Result<Vec<Input>, String> {
    let mut inputs = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            let mut bytes = Vec::new();
            std::io::stdin()
                .read_to_end(&mut bytes)
                .map_err(|e| format!("cannot read stdin: {e}"))?;
            inputs.push(Input::from_bytes("<stdin>".into(), bytes));
        } else if path.is_dir() {
            let mut walk = Walk::default();
            walk.collect(path)?;
            for skipped in &walk.skipped {
                eprintln!("note: skipped {skipped}");
            }
            let mut files = walk.files;
            files.sort();
            for file in files {
                inputs.push(read_file(&file)?);
            }
        } else {
            inputs.push(read_file(path)?);
        }
    }
    Ok(inputs)
}

fn read_file(path: &Path) -> Result<Input, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    Ok(Input::from_bytes(path.display().to_string(), bytes))
}

/// One directory walk: the manifest files found, the entries left out and why, and the
/// directories already entered (by their canonical path).
#[derive(Default)]
struct Walk {
    files: Vec<PathBuf>,
    skipped: Vec<String>,
    entered: std::collections::HashSet<PathBuf>,
}

impl Walk {
    fn collect(&mut self, dir: &Path) -> Result<(), String> {
        let canonical = std::fs::canonicalize(dir)
            .map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
        if !self.entered.insert(canonical) {
            self.skipped.push(format!(
                "{}: a directory already read (a symlink loop or a second link to it)",
                dir.display()
            ));
            return Ok(());
        }
        let entries =
            std::fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
        for entry in entries {
            let path = entry
                .map_err(|e| format!("cannot read {}: {e}", dir.display()))?
                .path();
            // `metadata` follows symlinks: a link to a file or a directory counts as what it
            // points to; a dangling link is reported.
            let metadata = match std::fs::metadata(&path) {
                Ok(m) => m,
                Err(e) => {
                    self.skipped.push(format!("{}: {e}", path.display()));
                    continue;
                }
            };
            if metadata.is_dir() {
                self.collect(&path)?;
            } else if !matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("yaml" | "yml" | "json")
            ) {
                continue;
            } else if metadata.is_file() {
                self.files.push(path);
            } else {
                self.skipped
                    .push(format!("{}: not a regular file", path.display()));
            }
        }
        Ok(())
    }
}
