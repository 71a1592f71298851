//! Any text, parsed as every kind of policy: must never panic, hang or overflow the stack,
//! and every error must point inside the text.
#![no_main]

use iam_policy::{LineIndex, PolicyKind, parse_policy};
use libfuzzer_sys::fuzz_target;

const KINDS: [PolicyKind; 8] = [
    PolicyKind::Identity,
    PolicyKind::PermissionsBoundary,
    PolicyKind::Session,
    PolicyKind::Resource,
    PolicyKind::Trust,
    PolicyKind::ServiceControl,
    PolicyKind::ResourceControl,
    PolicyKind::VpcEndpoint,
];

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let index = LineIndex::new(text);
    for kind in KINDS {
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
