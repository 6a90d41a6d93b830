//! The loader on any text: YAML streams, JSON, Lists, anything in between.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Some(text) = smi_fuzz::as_text(data) {
        smi_fuzz::load_checked(text);
    }
});
