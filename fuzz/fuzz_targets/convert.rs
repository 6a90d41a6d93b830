//! Conversion of every SMI object the loader reads from any text to every version of its kind.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Some(text) = smi_fuzz::as_text(data) {
        smi_fuzz::convert_checked(&smi_fuzz::load_checked(text));
    }
});
