//! Printing objects as YAML or JSON.

use crate::{Format, Outcome};
use serde::Serialize;
use std::io::{self, Write};

/// Writes `text` to standard output.
///
/// A reader that went away (`smi translate … | head`) is not an error: as Unix tools do, the rest
/// of the output is dropped and the command ends as it would have (`Ok`). Any other write error
/// (a closed or full output) is reported, and the command ends with [`Outcome::OutputFailed`]
/// rather than claiming a success whose output was lost.
pub fn print(text: &str) -> Result<(), Outcome> {
    if let Err(why) = stdout_is_open() {
        eprintln!("error: cannot write to standard output: {why}");
        return Err(Outcome::OutputFailed);
    }
    let mut stdout = io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => {
            eprintln!("error: cannot write to standard output: {e}");
            Err(Outcome::OutputFailed)
        }
    }
}

/// Renders `objects` as multi-document YAML or as one JSON `List`.
///
/// Each object is written as its JSON value would be (keys sorted, as in a
/// `serde_json::Value`), but only one such value is alive at a time: a mesh's output is never
/// held twice.
pub fn render<T: Serialize>(objects: &[T], format: Format) -> Result<String, String> {
    match format {
        Format::Yaml => {
            let mut out = String::new();
            for object in objects {
                out.push_str("---\n");
                let text = serde_json::to_value(object)
                    .map_err(|e| e.to_string())
                    .and_then(|value| serde_saphyr::to_string(&value).map_err(|e| e.to_string()))
                    .map_err(|e| format!("cannot write YAML: {e}"))?;
                out.push_str(&text);
                if !text.ends_with('\n') {
                    out.push('\n');
                }
            }
            Ok(out)
        }
        Format::Json => {
            // The fields in the order a `serde_json::Value` map writes them.
            #[derive(Serialize)]
            #[serde(rename_all = "camelCase")]
            struct List<'a, T: Serialize> {
                api_version: &'static str,
                items: Vec<AsValue<'a, T>>,
                kind: &'static str,
            }
            let list = List {
                api_version: "v1",
                items: objects.iter().map(AsValue).collect(),
                kind: "List",
            };
            serde_json::to_string_pretty(&list)
                .map(|s| s + "\n")
                .map_err(|e| format!("cannot write JSON: {e}"))
        }
    }
}

/// An object serialised through its `serde_json::Value`, so its keys come out sorted.
struct AsValue<'a, T>(&'a T);

impl<T: Serialize> Serialize for AsValue<'_, T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serde_json::to_value(self.0)
            .map_err(serde::ser::Error::custom)?
            .serialize(serializer)
    }
}

/// Whether standard output was open when `smi` started.
///
/// A program started with fd 1 closed (`smi … >&-`) finds it reopened on `/dev/null` by Rust's
/// runtime, so every write "succeeds" and the output is lost with exit 0. The runtime opens it
/// read-write; a shell's `> /dev/null` opens it write-only, which is a choice to respect.
#[cfg(target_os = "linux")]
fn stdout_is_open() -> Result<(), &'static str> {
    let on_dev_null = std::fs::read_link("/proc/self/fd/1")
        .is_ok_and(|target| target == std::path::Path::new("/dev/null"));
    let read_write = std::fs::read_to_string("/proc/self/fdinfo/1").is_ok_and(|info| {
        info.lines()
            .find_map(|line| line.strip_prefix("flags:"))
            .and_then(|flags| u32::from_str_radix(flags.trim(), 8).ok())
            .is_some_and(|flags| flags & 0o3 == 0o2)
    });
    if on_dev_null && read_write {
        Err("it was closed when smi started")
    } else {
        Ok(())
    }
}

#[cfg(not(target_os = "linux"))]
fn stdout_is_open() -> Result<(), &'static str> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};

    #[test]
    fn yaml_quotes_yaml_1_1_keywords() {
        let text = render(&[json!({"a": "on", "b": "yes", "c": "1"})], Format::Yaml).unwrap();
        let back: Value = serde_saphyr::from_str(text.trim_start_matches("---\n")).unwrap();
        assert_eq!(back, json!({"a": "on", "b": "yes", "c": "1"}));
    }
}
