//! The loader never panics, whatever the bytes.

use proptest::prelude::*;
use smi_types::load::{LoadOptions, load};

const SEED_DOCUMENT: &str = "apiVersion: split.smi-spec.io/v1alpha4\nkind: TrafficSplit\nmetadata:\n  name: a\nspec:\n  service: web\n  backends:\n  - service: b\n    weight: 1\n  matches:\n  - kind: HTTPRouteGroup\n    name: r\n";

proptest! {
    #[test]
    fn arbitrary_text(text in ".{0,400}") {
        let options = LoadOptions::default().report_pruned_fields(true);
        let _ = load(&text, &options);
    }

    #[test]
    fn arbitrary_bytes_as_lossy_text(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let _ = load(&String::from_utf8_lossy(&bytes), &LoadOptions::default());
    }

    #[test]
    fn mutated_valid_documents(cut in 0usize..SEED_DOCUMENT.len(), insert in "[-:\\[\\]{}#&*! a-z0-9\n]{0,8}") {
        let mut text = SEED_DOCUMENT.to_owned();
        let cut = (0..=cut).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0);
        text.insert_str(cut, &insert);
        let options = LoadOptions::default().report_pruned_fields(true);
        let loaded = load(&text, &options);
        // Whatever happened, every document is accounted for: an object or a problem.
        prop_assert!(!loaded.objects.is_empty() || !loaded.problems.is_empty());
    }
}
