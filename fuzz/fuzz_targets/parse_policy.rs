//! Any text, parsed as every kind of policy: must never panic, hang or overflow the stack,
//! and every error must point inside the text.
#![no_main]

use iam_policy::{LineIndex, PolicyKind, parse_policy};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let index = LineIndex::new(text);
    for kind in PolicyKind::ALL {
        if let Err(errors) = parse_policy(text, kind) {
            assert!(!errors.is_empty());
            for error in errors {
                assert!(error.span.start <= error.span.end);
                assert!(error.span.end as usize <= text.len());
                let _ = index.position(error.span.start);
            }
        }
    }
});
