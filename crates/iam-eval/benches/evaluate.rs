//! Prints evaluation speed figures (no assertions): run `cargo bench -p iam-eval`.
//!
//! - evaluation of pre-parsed cases (the seed cases plus a condition-heavy organization case);
//! - the full explanation;
//! - parsing a case from JSON text and evaluating it, as `iamplay eval --batch` does per line;
//! - wildcard matching of a hostile pattern against a 10 KB string.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "../../../tests/corpus/files.rs"]
mod files;

use std::hint::black_box;
use std::path::Path;

use files::corpus_files;
use std::time::{Duration, Instant};

use iam_eval::{Case, evaluate, explain, parse_case, parse_case_in};
use iam_policy::glob::{Case as LetterCase, Glob};

/// A member account with SCPs, a boundary, conditions and a bucket policy: a busy request.
const ORGANIZATION_CASE: &str = r#"{
  "request": {
    "principal": "arn:aws:sts::222222222222:assumed-role/analyst/jane",
    "action": "s3:GetObject",
    "resource": "arn:aws:s3:::reports-bucket/2024/q1/summary.csv",
    "resource_account": "333333333333",
    "context": {"aws:SourceIp": "203.0.113.7", "aws:MultiFactorAuthPresent": true,
                "aws:PrincipalTag/team": "finance", "aws:CurrentTime": "2024-05-01T12:00:00Z",
                "aws:PrincipalOrgID": "o-abc123", "aws:TagKeys": ["env", "team"]}
  },
  "identity_policies": [
    {"name": "AnalystAccess", "document": {"Version": "2012-10-17", "Statement": [
      {"Sid": "ReadReports", "Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"], "Resource": ["arn:aws:s3:::reports-bucket", "arn:aws:s3:::reports-bucket/*"],
       "Condition": {"StringEquals": {"aws:PrincipalTag/team": ["finance", "audit"]}, "Bool": {"aws:MultiFactorAuthPresent": "true"}}},
      {"Sid": "NoDeletes", "Effect": "Deny", "Action": "s3:Delete*", "Resource": "*"},
      {"Sid": "Describe", "Effect": "Allow", "Action": ["ec2:Describe*", "cloudwatch:Get*"], "Resource": "*"}]}},
    {"name": "ReadOnlyExtra", "document": {"Version": "2012-10-17", "Statement": [
      {"Effect": "Allow", "Action": ["s3:List*", "s3:GetBucketLocation"], "Resource": "*"}]}}
  ],
  "permissions_boundary": {"name": "DataBoundary", "document": {"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": ["s3:*", "ec2:Describe*", "cloudwatch:*"], "Resource": "*"},
    {"Effect": "Deny", "Action": "*", "Resource": "*", "Condition": {"NotIpAddress": {"aws:SourceIp": ["203.0.113.0/24", "198.51.100.0/24"]}}}]}},
  "resource_policy": {"name": "ReportsBucketPolicy", "document": {"Version": "2012-10-17", "Statement": [
    {"Sid": "OrgRead", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports-bucket/*",
     "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-abc123"}, "DateLessThan": {"aws:CurrentTime": "2030-01-01T00:00:00Z"}}},
    {"Sid": "TlsOnly", "Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "arn:aws:s3:::reports-bucket/*",
     "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]}},
  "scps": [
    [{"name": "FullAWSAccess", "document": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}}],
    [{"name": "FullAWSAccess", "document": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}},
     {"name": "DenyLeaveOrg", "document": {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "organizations:LeaveOrganization", "Resource": "*"}]}}],
    [{"name": "FullAWSAccess", "document": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}}]
  ],
  "rcps": [[{"name": "EnforceOrg", "document": {"Version": "2012-10-17", "Statement": [
    {"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*",
     "Condition": {"StringNotEqualsIfExists": {"aws:PrincipalOrgID": "o-abc123"}, "BoolIfExists": {"aws:PrincipalIsAWSService": "false"}}}]}}]]
}"#;

fn case_texts() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/cases");
    let mut texts: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .filter_map(|e| std::fs::read_to_string(e.path()).ok())
                .collect()
        })
        .unwrap_or_default();
    texts.push(ORGANIZATION_CASE.to_owned());
    texts
}

/// Runs `f` repeatedly for about `budget`, returning nanoseconds per call.
fn time_per_call(budget: Duration, mut f: impl FnMut()) -> f64 {
    let mut calls = 0u64;
    let start = Instant::now();
    while start.elapsed() < budget {
        for _ in 0..100 {
            f();
        }
        calls += 100;
    }
    start.elapsed().as_nanos() as f64 / calls as f64
}

/// The conformance corpus as one-line JSON cases: a realistic mix of request shapes.
fn corpus_lines() -> Vec<String> {
    corpus_files()
        .iter()
        .filter_map(|file| std::fs::read_to_string(file).ok())
        .filter_map(|text| serde_json::from_str::<serde_json::Value>(&text).ok())
        .filter_map(|value| value.get("case").map(|case| case.to_string()))
        .collect()
}

/// Where the time of one batch line goes: JSON reading, policy lowering, evaluation, output.
fn corpus_batch_breakdown() {
    let lines = corpus_lines();
    if lines.is_empty() {
        return;
    }
    let average = lines.iter().map(String::len).sum::<usize>() / lines.len();
    println!(
        "corpus mix: {} cases, {average} bytes per line on average",
        lines.len()
    );
    let budget = Duration::from_millis(700);
    let mut i = 0;
    let mut arena = iam_policy::json::Arena::new();
    let json_ns = time_per_call(budget, || {
        arena.reset();
        black_box(iam_policy::json::parse(black_box(&lines[i % lines.len()]), &arena).is_ok());
        i += 1;
    });
    let serde_ns = time_per_call(budget, || {
        black_box(
            serde_json::from_str::<serde_json::Value>(black_box(&lines[i % lines.len()])).is_ok(),
        );
        i += 1;
    });
    println!("  (serde_json::Value, for scale:      {serde_ns:8.0} ns/case)");
    let parse_ns = time_per_call(budget, || {
        arena.reset();
        black_box(parse_case_in(black_box(&lines[i % lines.len()]), &arena).is_ok());
        i += 1;
    });
    let cases: Vec<Case> = lines.iter().filter_map(|l| parse_case(l).ok()).collect();
    let eval_ns = time_per_call(budget, || {
        black_box(evaluate(black_box(&cases[i % cases.len()])));
        i += 1;
    });
    let mut out = Vec::with_capacity(1 << 20);
    let full_ns = time_per_call(budget, || {
        arena.reset();
        if let Ok(case) = parse_case_in(black_box(&lines[i % lines.len()]), &arena) {
            out.clear();
            let _ = serde_json::to_writer(&mut out, &evaluate(&case));
        }
        i += 1;
    });
    println!("  JSON reading only:                  {json_ns:8.0} ns/case");
    println!("  case reading (JSON + policies):     {parse_ns:8.0} ns/case");
    println!("  evaluation of the parsed case:      {eval_ns:8.0} ns/case  (target < 1000 ns)");
    println!(
        "  read + evaluate + JSON result line: {full_ns:8.0} ns/case = {:.0} cases/s (target > 200000)",
        1e9 / full_ns
    );
}

fn main() {
    // `cargo bench -p iam-eval -- evaluate-only` runs just the evaluation loop, for profiling.
    let only_evaluate = std::env::args().any(|a| a == "evaluate-only");
    let only_batch = std::env::args().any(|a| a == "batch-only");
    if std::env::args().any(|a| a == "json-only") {
        // For instruction-level profiling of the JSON reader alone.
        let lines = corpus_lines();
        let mut arena = iam_policy::json::Arena::new();
        for _ in 0..20 {
            for line in &lines {
                arena.reset();
                black_box(iam_policy::json::parse(black_box(line), &arena).is_ok());
            }
        }
        return;
    }
    let texts = case_texts();
    let cases: Vec<Case> = texts.iter().filter_map(|t| parse_case(t).ok()).collect();
    let lines: Vec<String> = texts
        .iter()
        .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    println!(
        "{} cases in the mix ({} seed cases + 1 organization case)",
        cases.len(),
        cases.len() - 1
    );
    let budget = Duration::from_millis(700);
    if only_batch {
        let mut j = 0;
        let _ = time_per_call(Duration::from_secs(3), || {
            if let Ok(case) = parse_case(black_box(&lines[j % lines.len()])) {
                black_box(evaluate(&case));
            }
            j += 1;
        });
        return;
    }

    let mut i = 0;
    let evaluate_ns = time_per_call(budget, || {
        black_box(evaluate(black_box(&cases[i % cases.len()])));
        i += 1;
    });
    println!("evaluate, pre-parsed, mixed cases:   {evaluate_ns:8.0} ns/case  (target < 1000 ns)");
    if only_evaluate {
        let _ = time_per_call(Duration::from_secs(3), || {
            black_box(evaluate(black_box(&cases[i % cases.len()])));
            i += 1;
        });
        return;
    }
    let org = cases.last().cloned();
    if let Some(org) = org {
        let org_ns = time_per_call(budget, || {
            black_box(evaluate(black_box(&org)));
        });
        println!("evaluate, organization case alone:   {org_ns:8.0} ns/case");
    }
    let explain_ns = time_per_call(budget, || {
        black_box(explain(black_box(&cases[i % cases.len()])));
        i += 1;
    });
    println!("explain (full tree), mixed cases:    {explain_ns:8.0} ns/case");
    let batch_ns = time_per_call(budget, || {
        let case = parse_case(black_box(&lines[i % lines.len()]));
        if let Ok(case) = case {
            black_box(evaluate(&case));
        }
        i += 1;
    });
    println!(
        "parse JSON + evaluate (batch, 1 core): {batch_ns:8.0} ns/case = {:.0} cases/s  (target > 200000)",
        1e9 / batch_ns
    );

    corpus_batch_breakdown();

    let hostile = Glob::new("*a*a*a*a*a*a*a*a*b", LetterCase::Sensitive);
    let text = "a".repeat(10_000);
    let glob_ns = time_per_call(Duration::from_millis(300), || {
        black_box(hostile.is_match(black_box(&text)));
    });
    println!(
        "wildcard *a*a*a*a*a*a*a*a*b vs 10 KB: {:8.1} us/match (target well under 1000 us)",
        glob_ns / 1000.0
    );
}
