//! Generated meshes (the test kit's scenario generator), edited byte by byte, through lowering
//! and every backend (the input format is on `smi_fuzz::scenario`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| smi_fuzz::scenario(data));
