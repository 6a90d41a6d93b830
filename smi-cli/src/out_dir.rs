//! Writing one file per object into a directory (`smi translate --backend envoy --out-dir`),
//! all or nothing, touching only the files this command owns.
//!
//! The guarantees (docs/security.md):
//! - names are file names only: one that holds a `/`, is empty, `.`, `..`, or hidden is refused
//!   before anything is written (the backends escape names so this never happens);
//! - every file is first written into a fresh temporary directory inside the target, then
//!   renamed into place: if any write fails, the temporary directory is removed and the target
//!   is left as it was;
//! - a rename replaces a symlink at the target name, never the file it points to;
//! - the directory keeps a list of the files this command wrote ([`OWNED_LIST`]); a later run
//!   removes the files it wrote before and no longer emits, and nothing else.

use std::collections::BTreeSet;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The file in the target directory that lists the files `smi` wrote there, one per line.
pub const OWNED_LIST: &str = ".smi-owned";

/// Why the files could not be written.
#[derive(Debug)]
pub enum WriteError {
    /// A name is not a plain file name (a bug in whoever made the names; nothing was written).
    BadName(String),
    /// Two files were given one name (nothing was written).
    SameName(String),
    /// The file system refused. A failure while writing the staged files leaves the target as
    /// it was; only a failure of a rename (within one file system, rare) can leave part of a
    /// run in place.
    Io {
        /// What was being done, and to which path.
        what: String,
        /// The error.
        error: std::io::Error,
    },
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WriteError::BadName(name) => {
                write!(f, "refusing to write {name:?}: not a plain file name")
            }
            WriteError::SameName(name) => write!(f, "two outputs are named {name:?}"),
            WriteError::Io { what, error } => write!(f, "{what}: {error}"),
        }
    }
}

/// Writes one staged file.
type WriteFile = dyn Fn(&Path, &[u8]) -> Result<(), WriteError>;

fn io(what: impl Into<String>) -> impl FnOnce(std::io::Error) -> WriteError {
    let what = what.into();
    move |error| WriteError::Io { what, error }
}

/// Whether `name` can be joined to a directory without leaving it or hiding, and is short
/// enough for a file system to take (255 bytes).
pub fn is_plain_file_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('.')
        && !name.contains(['/', '\\', '\0'])
        && name.len() <= 255
}

/// Writes each `(name, contents)` into `dir` (created if missing), replacing the files this
/// command wrote there before.
pub fn write_all(dir: &Path, files: &[(String, String)]) -> Result<(), WriteError> {
    let mut names = BTreeSet::new();
    for (name, _) in files {
        if !is_plain_file_name(name) {
            return Err(WriteError::BadName(name.clone()));
        }
        if !names.insert(name.as_str()) {
            return Err(WriteError::SameName(name.clone()));
        }
    }
    fs::create_dir_all(dir).map_err(io(format!("cannot create {}", dir.display())))?;
    write_all_with(dir, files, &write_synced)
}

/// [`write_all`] once the names are checked, with the function that writes one staged file
/// (so tests can make it fail part-way, as a full disk would).
fn write_all_with(
    dir: &Path,
    files: &[(String, String)],
    write_file: &WriteFile,
) -> Result<(), WriteError> {
    let names: BTreeSet<&str> = files.iter().map(|(name, _)| name.as_str()).collect();
    let staging = make_staging_dir(dir)?;
    let staged = stage(&staging, files, write_file);
    let result = staged.and_then(|()| publish(dir, &staging, &names));
    // The staging directory is empty after a successful publish; after a failure it holds
    // partial files that must not stay.
    let _ = fs::remove_dir_all(&staging);
    result
}

/// A new, empty directory inside `dir` that no other run uses.
fn make_staging_dir(dir: &Path) -> Result<PathBuf, WriteError> {
    let pid = std::process::id();
    for attempt in 0u32..100 {
        let path = dir.join(format!(".smi-staging-{pid}-{attempt}"));
        match fs::create_dir(&path) {
            Ok(()) => return Ok(path),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(io(format!("cannot create {}", path.display()))(e)),
        }
    }
    Err(WriteError::Io {
        what: format!("cannot create a staging directory in {}", dir.display()),
        error: std::io::Error::from(std::io::ErrorKind::AlreadyExists),
    })
}

/// Writes every file, and the new owned list, into the staging directory, synced to disk.
fn stage(
    staging: &Path,
    files: &[(String, String)],
    write_file: &WriteFile,
) -> Result<(), WriteError> {
    for (name, contents) in files {
        write_file(&staging.join(name), contents.as_bytes())?;
    }
    let list: String = files.iter().map(|(name, _)| format!("{name}\n")).collect();
    write_file(&staging.join(OWNED_LIST), list.as_bytes())
}

fn write_synced(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    let what = format!("cannot write {}", path.display());
    // `create_new`: the staging directory is fresh, so an existing entry (a planted symlink)
    // is an error rather than something to follow.
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(io(what.clone()))?;
    file.write_all(bytes).map_err(io(what.clone()))?;
    file.sync_all().map_err(io(what))
}

/// Moves the staged files into `dir`, then removes what the previous run wrote and this one
/// did not.
fn publish(dir: &Path, staging: &Path, names: &BTreeSet<&str>) -> Result<(), WriteError> {
    let previously_owned = read_owned_list(dir);
    for name in names {
        let to = dir.join(name);
        fs::rename(staging.join(name), &to)
            .map_err(io(format!("cannot write {}", to.display())))?;
    }
    for stale in previously_owned
        .iter()
        .filter(|n| !names.contains(n.as_str()))
    {
        let path = dir.join(stale);
        match fs::remove_file(&path) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(io(format!("cannot remove {}", path.display()))(e)),
        }
    }
    let list = dir.join(OWNED_LIST);
    fs::rename(staging.join(OWNED_LIST), &list)
        .map_err(io(format!("cannot write {}", list.display())))
}

/// The plain file names listed in `dir`'s owned list (none when there is no list); anything
/// else in it is ignored, so a tampered list cannot make a run delete outside `dir`.
fn read_owned_list(dir: &Path) -> Vec<String> {
    fs::read_to_string(dir.join(OWNED_LIST))
        .map(|text| {
            text.lines()
                .filter(|line| is_plain_file_name(line))
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_dir(tag: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("smi-out-dir-{tag}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).expect("temp dir");
        dir
    }

    fn files(names: &[&str]) -> Vec<(String, String)> {
        names
            .iter()
            .map(|n| (n.to_string(), format!("{n}\n")))
            .collect()
    }

    fn listing(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .expect("read dir")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn names_that_leave_the_directory_are_refused_before_anything_is_written() {
        let dir = temp_dir("bad-names");
        for bad in [
            "../x.yaml",
            "/abs.yaml",
            "a/b.yaml",
            "..",
            ".",
            "",
            ".hidden.yaml",
        ] {
            let err = write_all(&dir.join("out"), &files(&["ok.yaml", bad])).unwrap_err();
            assert!(matches!(err, WriteError::BadName(_)), "{bad}: {err}");
        }
        assert_eq!(listing(&dir), Vec::<String>::new());
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_later_run_removes_only_the_files_it_wrote_before() {
        let dir = temp_dir("owned");
        fs::write(dir.join("mine-not.yaml"), "user file\n").expect("user file");
        write_all(&dir, &files(&["a.yaml", "b.yaml"])).expect("first run");
        write_all(&dir, &files(&["b.yaml", "c.yaml"])).expect("second run");
        assert_eq!(
            listing(&dir),
            [".smi-owned", "b.yaml", "c.yaml", "mine-not.yaml"]
        );
        assert_eq!(
            fs::read_to_string(dir.join(OWNED_LIST)).unwrap(),
            "b.yaml\nc.yaml\n"
        );
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_tampered_owned_list_cannot_delete_outside_the_directory() {
        let dir = temp_dir("tampered");
        let outside = temp_dir("tampered-outside");
        fs::write(outside.join("victim.yaml"), "keep\n").expect("victim");
        fs::create_dir_all(dir.join("out")).expect("out");
        fs::write(
            dir.join("out").join(OWNED_LIST),
            format!(
                "../victim.yaml\n{}\n",
                outside.join("victim.yaml").display()
            ),
        )
        .expect("list");
        write_all(&dir.join("out"), &files(&["a.yaml"])).expect("run");
        assert!(outside.join("victim.yaml").exists());
        let _ = fs::remove_dir_all(&dir);
        let _ = fs::remove_dir_all(&outside);
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_at_a_target_name_is_replaced_not_followed() {
        let dir = temp_dir("symlink");
        let outside = temp_dir("symlink-outside");
        let victim = outside.join("victim.yaml");
        fs::write(&victim, "keep\n").expect("victim");
        std::os::unix::fs::symlink(&victim, dir.join("a.yaml")).expect("symlink");
        write_all(&dir, &files(&["a.yaml"])).expect("run");
        assert_eq!(fs::read_to_string(&victim).unwrap(), "keep\n");
        assert_eq!(fs::read_to_string(dir.join("a.yaml")).unwrap(), "a.yaml\n");
        assert!(
            !fs::symlink_metadata(dir.join("a.yaml"))
                .unwrap()
                .file_type()
                .is_symlink()
        );
        let _ = fs::remove_dir_all(&dir);
        let _ = fs::remove_dir_all(&outside);
    }

    #[test]
    fn a_write_that_fails_part_way_leaves_the_directory_as_it_was() {
        let dir = temp_dir("full-disk");
        write_all(&dir, &files(&["a.yaml", "b.yaml"])).expect("first run");
        let before: Vec<(String, String)> = listing(&dir)
            .into_iter()
            .map(|n| {
                let text = fs::read_to_string(dir.join(&n)).expect("read");
                (n, text)
            })
            .collect();
        // The second file hits a full disk after 4 bytes.
        let full_disk = |path: &Path, bytes: &[u8]| {
            if path.ends_with("b.yaml") {
                fs::write(path, &bytes[..4.min(bytes.len())]).expect("partial write");
                return Err(WriteError::Io {
                    what: format!("cannot write {}", path.display()),
                    error: std::io::Error::other("no space left on device"),
                });
            }
            write_synced(path, bytes)
        };
        let changed = vec![
            ("a.yaml".to_string(), "new a, longer\n".to_string()),
            ("b.yaml".to_string(), "new b, longer\n".to_string()),
            ("c.yaml".to_string(), "new c\n".to_string()),
        ];
        let err = write_all_with(&dir, &changed, &full_disk).unwrap_err();
        assert!(err.to_string().contains("no space left"), "{err}");
        let after: Vec<(String, String)> = listing(&dir)
            .into_iter()
            .map(|n| {
                let text = fs::read_to_string(dir.join(&n)).expect("read");
                (n, text)
            })
            .collect();
        assert_eq!(after, before);
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn two_outputs_with_one_name_are_refused() {
        let dir = temp_dir("same-name");
        let err = write_all(&dir, &files(&["a.yaml", "a.yaml"])).unwrap_err();
        assert!(matches!(err, WriteError::SameName(_)), "{err}");
        assert_eq!(listing(&dir), Vec::<String>::new());
        let _ = fs::remove_dir_all(&dir);
    }
}
