//! Any text read as a case: loading never panics, and a loaded case always evaluates and
//! explains, with the explanation agreeing with the decision.
#![no_main]

use iam_eval::{evaluate, explain, parse_case};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(case) = parse_case(text) {
        let outcome = evaluate(&case);
        let explanation = explain(&case);
        assert_eq!(outcome.decision, explanation.outcome.decision);
    }
});
