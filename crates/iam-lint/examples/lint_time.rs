//! How long one lint of a typical policy takes (it runs on every keystroke in the editor).
//!
//! `cargo run --release -p iam-lint --example lint_time [FILTER]`
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::hint::black_box;
use std::time::Instant;

use iam_catalog::Catalog;
use iam_lint::lint;
use iam_policy::PolicyKind;

const S3_APP: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "ListBucket",
      "Effect": "Allow",
      "Action": ["s3:ListBucket", "s3:GetBucketLocation"],
      "Resource": "arn:aws:s3:::app-data",
      "Condition": {"StringLike": {"s3:prefix": ["home/${aws:username}/*"]}}
    },
    {
      "Sid": "ObjectsInHome",
      "Effect": "Allow",
      "Action": ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
      "Resource": "arn:aws:s3:::app-data/home/${aws:username}/*"
    },
    {
      "Sid": "DenyInsecure",
      "Effect": "Deny",
      "Action": "s3:*",
      "Resource": ["arn:aws:s3:::app-data", "arn:aws:s3:::app-data/*"],
      "Condition": {"Bool": {"aws:SecureTransport": "false"}}
    }
  ]
}"#;

const TRUST: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"},
      "Action": "sts:AssumeRoleWithWebIdentity",
      "Condition": {
        "StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"},
        "StringLike": {"token.actions.githubusercontent.com:sub": "repo:octo-org/octo-repo:ref:refs/heads/main"}
      }
    }
  ]
}"#;

const MESSY: &str = r#"{
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["s3:GetObjects", "s3:*", "cloudwatch:PutLogEvents", "dynamo:GetItem", "ec2:Describ*", "iam:PassRole"],
      "Resource": ["arn:aws:s3:us-east-1:123456789012:bucket", "arn:aws:iam:us-east-1:123456789012:role/x", "*"]
    },
    {
      "Effect": "Allow",
      "Action": "s3:ListBucket",
      "Resource": "arn:aws:s3:::bucket/*",
      "Condition": {
        "StringEquals": {"aws:CurrentTime": "2025-01-01", "aws:TagKeys": ["a"], "aws:SourceIps": "1.2.3.4"},
        "StringLike": {"aws:SourceIp": "10.*"},
        "ForAllValues:StringEquals": {"aws:PrincipalOrgID": "o-abcdefghij"},
        "IpAddress": {"aws:SourceIp": ["10.0.0.0/8", "203.0.113.7/24"]}
      }
    }
  ]
}"#;

fn time(name: &str, text: &str, kind: PolicyKind, catalog: Option<&Catalog>) {
    // `lint_time FILTER` times only the cases whose label contains FILTER (for profiling).
    if let Some(filter) = std::env::args().nth(1) {
        if !name.contains(&filter) {
            return;
        }
    }
    let findings = lint(text, kind, catalog).len();
    let rounds: u32 = std::env::var("ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(2_000);
    let mut best = f64::MAX;
    for _ in 0..5 {
        let start = Instant::now();
        for _ in 0..rounds {
            black_box(lint(black_box(text), kind, catalog));
        }
        best = best.min(start.elapsed().as_secs_f64() / f64::from(rounds));
    }
    println!(
        "{name:<34} {:>5} bytes {findings:>3} findings  {:>7.1} µs per lint",
        text.len(),
        best * 1e6
    );
}

fn main() {
    let catalog = Catalog::embedded();
    let large = iam_managed_like();
    println!("best of 5 runs of 2,000 lints each (ROUNDS=n to change):");
    for (label, catalog) in [
        ("with catalogue", Some(catalog)),
        ("without catalogue", None),
    ] {
        println!("{label}:");
        time(
            "  S3 home-directory policy",
            S3_APP,
            PolicyKind::Identity,
            catalog,
        );
        time(
            "  GitHub Actions trust policy",
            TRUST,
            PolicyKind::Trust,
            catalog,
        );
        time(
            "  policy with 18 findings",
            MESSY,
            PolicyKind::Identity,
            catalog,
        );
        time(
            "  8 KB policy, 40 statements",
            &large,
            PolicyKind::Identity,
            catalog,
        );
    }
}

/// A large but realistic policy: 40 statements over several services.
fn iam_managed_like() -> String {
    let services = [
        ("s3", "GetObject", "arn:aws:s3:::bucket-N/*"),
        (
            "dynamodb",
            "Query",
            "arn:aws:dynamodb:us-east-1:111122223333:table/t-N",
        ),
        (
            "sqs",
            "SendMessage",
            "arn:aws:sqs:us-east-1:111122223333:q-N",
        ),
        (
            "kms",
            "Decrypt",
            "arn:aws:kms:us-east-1:111122223333:key/k-N",
        ),
        (
            "lambda",
            "InvokeFunction",
            "arn:aws:lambda:us-east-1:111122223333:function:f-N",
        ),
    ];
    let statements: Vec<String> = (0..40)
        .map(|i| {
            let (service, action, arn) = services[i % services.len()];
            format!(
                r#"{{"Sid": "S{i}", "Effect": "Allow", "Action": ["{service}:{action}", "{service}:List*"], "Resource": "{}", "Condition": {{"StringEquals": {{"aws:ResourceAccount": "111122223333"}}}}}}"#,
                arn.replace('N', &i.to_string())
            )
        })
        .collect();
    format!(
        r#"{{"Version": "2012-10-17", "Statement": [{}]}}"#,
        statements.join(",\n")
    )
}
