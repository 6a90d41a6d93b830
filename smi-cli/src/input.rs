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
            let mut files = Vec::new();
            collect_dir(path, &mut files)?;
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

fn collect_dir(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), String> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    for entry in entries {
        let path = entry
            .map_err(|e| format!("cannot read {}: {e}", dir.display()))?
            .path();
        if path.is_dir() {
            collect_dir(&path, out)?;
        } else if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("yaml" | "yml" | "json")
        ) {
            out.push(path);
        }
    }
    Ok(())
}
