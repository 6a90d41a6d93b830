//! Validation of every SMI object the loader reads from any text, alone and as a set.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Some(text) = smi_fuzz::as_text(data) {
        smi_fuzz::validate_checked(&smi_fuzz::load_checked(text));
    }
});
