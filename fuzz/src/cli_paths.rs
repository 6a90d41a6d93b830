//! The command line's argument and path handling, in-process: `--assume-api-version` and
//! `--dialect` values, the `--out-dir` file names and writer, and the directory walk.
//!
//! The input is text, one instruction per line; the first character says what the rest is:
//! - `a<text>`: an `--assume-api-version` value; `D<text>`: a `--dialect` value;
//! - `n<namespace>\t<service account>`: a proxy identity whose bootstrap `--out-dir` writes;
//! - `d<path>`, `f<path>\t<contents>`, `l<path>\t<target>`: a directory, a file or a symlink in
//!   the tree the walk reads (paths and link targets that would leave the tree are dropped, so
//!   a run never reads or writes outside its scratch directory).

use smi_cli::input::read_all;
use smi_cli::out_dir::{OWNED_LIST, is_plain_file_name, write_all};
use smi_translate::backend::envoy::EnvoyProxyConfig;
use smi_translate::graph::Identity;
use smi_translate::lower::Dialect;
use smi_types::ApiVersion;
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Component, Path, PathBuf};

/// Runs every instruction of `input` and checks the guarantees of docs/security.md.
pub fn run(input: &str) {
    let mut identities = BTreeSet::new();
    let mut tree = Vec::new();
    for line in input.lines() {
        let mut chars = line.chars();
        let Some(op) = chars.next() else { continue };
        let rest = chars.as_str();
        match op {
            'a' => check_api_version(rest),
            'D' => check_dialect(rest),
            'n' => {
                let (namespace, service_account) = rest.split_once('\t').unwrap_or((rest, ""));
                identities.insert((namespace.to_owned(), service_account.to_owned()));
            }
            'd' | 'f' | 'l' => tree.push((op, rest)),
            _ => {}
        }
    }
    let scratch = Scratch::new();
    if !identities.is_empty() {
        check_out_dir(&scratch.0.join("out"), &identities);
    }
    if !tree.is_empty() {
        check_walk(&scratch.0.join("tree"), &tree);
    }
}

fn check_api_version(text: &str) {
    if let Ok(version) = text.parse::<ApiVersion>() {
        assert_eq!(
            version.to_string().parse::<ApiVersion>().ok(),
            Some(version)
        );
    }
}

fn check_dialect(text: &str) {
    if let Ok(dialect) = text.parse::<Dialect>() {
        assert_eq!(dialect.as_str().parse::<Dialect>().ok(), Some(dialect));
    }
}

/// The file name `--out-dir` gives the proxy of `namespace`/`service_account`.
fn file_name(namespace: &str, service_account: &str) -> String {
    EnvoyProxyConfig {
        identity: Identity {
            namespace: namespace.to_owned(),
            service_account: service_account.to_owned(),
        },
        node_id: String::new(),
        listeners: Vec::new(),
        clusters: Vec::new(),
        route_configurations: Vec::new(),
        sds_socket_path: String::new(),
    }
    .file_name()
}

/// Distinct identities get distinct file names inside the directory; a run writes exactly its
/// files (or, when a name is too long for the file system, nothing); a second run with fewer
/// removes the rest of its own and leaves a file it never wrote.
fn check_out_dir(dir: &Path, identities: &BTreeSet<(String, String)>) {
    let mut files = Vec::new();
    let mut owners = BTreeMap::new();
    for (namespace, service_account) in identities {
        let name = file_name(namespace, service_account);
        assert!(!name.contains('/') && !name.starts_with('.'), "{name:?}");
        if let Some(other) = owners.insert(name.clone(), (namespace, service_account)) {
            panic!("{other:?} and {namespace:?}/{service_account:?} share {name:?}");
        }
        files.push((name, format!("{namespace}/{service_account}\n")));
    }
    fs::create_dir_all(dir).expect("scratch out dir");
    fs::write(dir.join("kept.txt"), "not smi's").expect("planted file");
    let all_plain = files.iter().all(|(name, _)| is_plain_file_name(name));
    let written = write_all(dir, &files);
    assert_eq!(written.is_ok(), all_plain, "{written:?}");
    let mut expected: BTreeSet<String> = ["kept.txt".to_owned()].into();
    if all_plain {
        expected.extend(files.iter().map(|(name, _)| name.clone()));
        expected.insert(OWNED_LIST.to_owned());
    }
    assert_eq!(listing(dir), expected);
    if all_plain {
        let kept = &files[..files.len() / 2];
        write_all(dir, kept).expect("a second run with fewer files");
        let mut expected: BTreeSet<String> = ["kept.txt".to_owned(), OWNED_LIST.to_owned()].into();
        expected.extend(kept.iter().map(|(name, _)| name.clone()));
        assert_eq!(listing(dir), expected);
    }
}

fn listing(dir: &Path) -> BTreeSet<String> {
    fs::read_dir(dir)
        .expect("listing")
        .map(|entry| {
            entry
                .expect("entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect()
}

/// Builds the tree and reads it as `smi validate DIR` does: the walk ends (symlink loops are
/// not followed around) and reads only manifest files.
fn check_walk(root: &Path, tree: &[(char, &str)]) {
    fs::create_dir_all(root).expect("scratch tree");
    for (op, instruction) in tree {
        let (path, argument) = instruction.split_once('\t').unwrap_or((instruction, ""));
        let Some(relative) = inside(Path::new(""), path) else {
            continue;
        };
        let path = root.join(&relative);
        // Failures (a parent that is a file, a name taken) are part of the input's chaos.
        let _ = match op {
            'd' => fs::create_dir_all(&path),
            'f' => fs::write(&path, argument),
            _ => match relative
                .parent()
                .and_then(|parent| inside(parent, argument))
            {
                Some(_) => std::os::unix::fs::symlink(argument, &path),
                None => continue,
            },
        };
    }
    if let Ok(inputs) = read_all(&[root.to_path_buf()], 1 << 20) {
        for input in inputs {
            assert!(
                [".yaml", ".yml", ".json"]
                    .iter()
                    .any(|e| input.name.ends_with(e)),
                "{}",
                input.name
            );
        }
    }
}

/// `path` joined to `base` (both relative to the tree's root), lexically normalised, if it
/// stays inside the tree and is not the root itself.
fn inside(base: &Path, path: &str) -> Option<PathBuf> {
    let mut out = base.to_path_buf();
    for component in Path::new(path).components() {
        match component {
            Component::Normal(name) => out.push(name),
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    return None;
                }
            }
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    (out.components().next().is_some()).then_some(out)
}

/// A fresh directory for one run, on a RAM disk when there is one (the writer syncs every
/// file), removed afterwards.
struct Scratch(PathBuf);

impl Scratch {
    fn new() -> Scratch {
        let shm = Path::new("/dev/shm");
        let base = if shm.is_dir() {
            shm.to_path_buf()
        } else {
            std::env::temp_dir()
        };
        let dir = base.join(format!("smi-fuzz-cli-paths-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).expect("scratch directory");
        Scratch(dir)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}
