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

/// The default of `--max-input-bytes`: room for a mesh of well over 100,000 objects (about
/// 1 KiB each), far below what would exhaust a machine's memory.
pub const DEFAULT_MAX_INPUT_BYTES: u64 = 512 * 1024 * 1024;

/// Reads every path: files as given, directories recursively (`.yaml`, `.yml`, `.json`, in name
/// order), `-` as stdin. Fails on the first path that cannot be read.
///
/// A directory walk reads regular files only (a FIFO or socket named `x.yaml` would block or
/// fail; each skipped entry is named on stderr) and enters each directory once, so symlinks
/// that loop back are not followed around. A path named on the command line is read whatever
/// it is (`<(cat x.yaml)` is a FIFO).
///
/// At most `max_bytes` are read in all: stdin or a file past that is refused (`yes | smi
/// validate -` would otherwise grow until the machine runs out of memory).
pub fn read_all(paths: &[PathBuf], max_bytes: u64) -> Result<Vec<Input>, String> {
    let mut budget = Budget {
        left: max_bytes,
        max: max_bytes,
    };
    let mut inputs = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            let bytes = budget.read("<stdin>", std::io::stdin().lock())?;
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
                inputs.push(budget.read_file(&file)?);
            }
        } else {
            inputs.push(budget.read_file(path)?);
        }
    }
    Ok(inputs)
}

/// What is left of `--max-input-bytes`.
struct Budget {
    left: u64,
    max: u64,
}

impl Budget {
    fn read_file(&mut self, path: &Path) -> Result<Input, String> {
        let name = path.display().to_string();
        let file = std::fs::File::open(path).map_err(|e| format!("cannot read {name}: {e}"))?;
        let bytes = self.read(&name, file)?;
        Ok(Input::from_bytes(name, bytes))
    }

    /// Reads `source` to its end, or fails once it goes past what is left.
    fn read(&mut self, name: &str, source: impl Read) -> Result<Vec<u8>, String> {
        let mut bytes = Vec::new();
        source
            .take(self.left.saturating_add(1))
            .read_to_end(&mut bytes)
            .map_err(|e| format!("cannot read {name}: {e}"))?;
        let read = bytes.len() as u64;
        if read > self.left {
            return Err(format!(
                "{name}: the input is larger than the limit of {} bytes in all \
                 (--max-input-bytes); raise the limit if this input is meant to be that large",
                self.max
            ));
        }
        self.left -= read;
        Ok(bytes)
    }
}

/// One directory walk: the manifest files found, the entries left out and why, and the
/// directories already entered (by their [`DirectoryId`]).
#[derive(Default)]
struct Walk {
    files: Vec<PathBuf>,
    skipped: Vec<String>,
    entered: std::collections::HashSet<DirectoryId>,
}

/// What tells one directory from another, whatever path reaches it: its device and inode.
/// One `stat` each; a canonical path would cost a `readlink` per component of the path, so a
/// deep tree would take time cubic in its depth.
#[cfg(unix)]
type DirectoryId = (u64, u64);
/// What tells one directory from another, whatever path reaches it: its canonical path.
#[cfg(not(unix))]
type DirectoryId = PathBuf;

#[cfg(unix)]
fn directory_id(dir: &Path) -> std::io::Result<DirectoryId> {
    use std::os::unix::fs::MetadataExt;
    let metadata = std::fs::metadata(dir)?;
    Ok((metadata.dev(), metadata.ino()))
}

#[cfg(not(unix))]
fn directory_id(dir: &Path) -> std::io::Result<DirectoryId> {
    std::fs::canonicalize(dir)
}

impl Walk {
    fn collect(&mut self, dir: &Path) -> Result<(), String> {
        let id = directory_id(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
        if !self.entered.insert(id) {
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
