//! The parts of `smi` that touch the file system without printing: reading the paths given on
//! the command line ([`input`]) and writing `--out-dir` ([`out_dir`]).
//!
//! A library target so that they can be driven in-process, without spawning the binary: the
//! fuzz targets in `fuzz/` call them with hostile names and directory trees.
#![forbid(unsafe_code)]

pub mod input;
pub mod out_dir;
