//! Lowering and every backend on any text. The first byte picks the lowering options (dialect,
//! path anchoring, default deny); the rest is the manifest.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Some((&options, manifest)) = data.split_first() else {
        return;
    };
    if let Some(text) = smi_fuzz::as_text(manifest) {
        let loaded = smi_fuzz::load_checked(text);
        smi_fuzz::translate_checked(&loaded, &smi_fuzz::options_from(options));
    }
});
