//! `iamplay eval --batch` end to end, JSON reading and writing included: prints cases per
//! second for 200,000 cases drawn from the conformance corpus (run `cargo bench -p iamplay`).
//!
//! Two streams: the corpus cases repeated (policies repeat, as when a batch checks many
//! requests against one policy set), and the same cases with every policy document made
//! distinct (no policy is ever compiled twice).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "../../../tests/corpus/files.rs"]
mod files;

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::Instant;

use files::corpus_files;

const CASES: usize = 200_000;

fn corpus_cases() -> Vec<serde_json::Value> {
    corpus_files()
        .iter()
        .filter_map(|file| std::fs::read_to_string(file).ok())
        .filter_map(|text| serde_json::from_str::<serde_json::Value>(&text).ok())
        .filter_map(|value| value.get("case").cloned())
        .collect()
}

/// Gives every embedded policy document of the case a unique `Id`.
fn make_distinct(case: &mut serde_json::Value, line: usize) {
    let mark = |policy: &mut serde_json::Value| {
        if let Some(document) = policy.get_mut("document").and_then(|d| d.as_object_mut()) {
            document.insert("Id".into(), format!("line{line}").into());
        }
    };
    for list in [
        "identity_policies",
        "session_policies",
        "vpc_endpoint_policies",
    ] {
        if let Some(policies) = case.get_mut(list).and_then(|l| l.as_array_mut()) {
            policies.iter_mut().for_each(mark);
        }
    }
    for single in ["resource_policy", "permissions_boundary"] {
        if let Some(policy) = case.get_mut(single) {
            mark(policy);
        }
    }
}

fn stream(cases: &[serde_json::Value], distinct: bool) -> Vec<u8> {
    let mut input = Vec::new();
    for line in 0..CASES {
        let mut case = cases[line % cases.len()].clone();
        if distinct {
            make_distinct(&mut case, line);
        }
        serde_json::to_writer(&mut input, &case).unwrap();
        input.push(b'\n');
    }
    input
}

fn run(input: &[u8]) -> (f64, usize) {
    let start = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_iamplay"))
        .args(["eval", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let data = input.to_vec();
    let writer = std::thread::spawn(move || stdin.write_all(&data).unwrap());
    let output = child.wait_with_output().unwrap();
    writer.join().unwrap();
    let seconds = start.elapsed().as_secs_f64();
    let lines = output.stdout.iter().filter(|&&b| b == b'\n').count();
    (seconds, lines)
}

fn main() {
    let cases = corpus_cases();
    println!(
        "iamplay eval --batch, {CASES} cases from {} corpus cases (target > 200000 cases/s):",
        cases.len()
    );
    for (label, distinct) in [
        ("policies repeating", false),
        ("every policy distinct", true),
    ] {
        let input = stream(&cases, distinct);
        let (seconds, lines) = run(&input);
        assert_eq!(lines, CASES);
        println!(
            "  {label:22} {:.2} MB in {seconds:.2} s = {:.0} cases/s",
            input.len() as f64 / 1e6,
            CASES as f64 / seconds
        );
    }
}
