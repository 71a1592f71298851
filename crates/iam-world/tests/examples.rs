//! Every built-in world loads and every one of its expectations holds.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use iam_world::{Clock, examples};

#[test]
fn every_example_world_meets_its_expectations() {
    common::managed_texts();
    let clock = Clock::parse("2025-01-15T09:30:00Z").unwrap();
    let mut failures = Vec::new();
    for example in examples() {
        let world = match example.load() {
            Ok(world) => world,
            Err(errors) => {
                failures.push(format!("{}: does not load:\n{errors}", example.id));
                continue;
            }
        };
        assert!(
            !world.doc().expectations.is_empty(),
            "{} has no expectations",
            example.id
        );
        for result in world.run_expectations(clock) {
            if !result.passed {
                failures.push(format!(
                    "{}: \"{}\": expected {:?}, got {} ({})",
                    example.id,
                    result.name,
                    result.expected,
                    result.actual.label(),
                    result.detail
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Seed 004 uses the AWS tutorial's policies verbatim (with the example account ids filled in).
#[test]
fn the_delegation_example_uses_the_tutorials_policies_verbatim() {
    let world = examples::example("delegate-across-accounts")
        .unwrap()
        .load()
        .unwrap();
    let text = |name: &str| {
        world
            .users()
            .iter()
            .flat_map(|u| u.policies.iter())
            .chain(world.groups().iter().flat_map(|g| g.policies.iter()))
            .chain(world.roles().iter().flat_map(|r| r.policies.iter()))
            .filter_map(|&id| world.policy(id))
            .find(|p| p.named.name == name)
            .and_then(|p| p.named.text.as_deref().map(str::to_owned))
            .unwrap_or_else(|| panic!("no policy {name}"))
    };
    assert_eq!(text("read-write-app-bucket"), READ_WRITE_APP_BUCKET);
    assert_eq!(
        text("Developers/allow-assume-S3-role-in-production"),
        ALLOW_ASSUME
    );
    assert_eq!(
        text("Testers/deny-assume-S3-role-in-production"),
        DENY_ASSUME
    );
}

/// Every seed tutorial has a built-in world, the most instructive (seed 004) first, each with a
/// title and a story.
#[test]
fn every_seed_tutorial_has_a_built_in_world() {
    let all = examples::examples();
    assert_eq!(all[0].id, "delegate-across-accounts");
    for seed in ["000", "001", "002", "003", "004"] {
        assert!(
            all.iter().any(|e| e.seed == Some(seed)),
            "no world for seed {seed}"
        );
    }
    for example in all {
        assert!(
            !example.title().is_empty() && example.story().len() > 100,
            "{}",
            example.id
        );
    }
}

/// The seed tutorial's `read-write-app-bucket` policy, verbatim.
const READ_WRITE_APP_BUCKET: &str = include_str!("../../../tests/seeds/read-write-app-bucket.json");

const ALLOW_ASSUME: &str = r#"{
  "Version": "2012-10-17",
  "Statement": {
    "Effect": "Allow",
    "Action": "sts:AssumeRole",
    "Resource": "arn:aws:iam::999999999999:role/UpdateApp"
  }
}"#;

const DENY_ASSUME: &str = r#"{
  "Version": "2012-10-17",
  "Statement": {
    "Effect": "Deny",
    "Action": "sts:AssumeRole",
    "Resource": "arn:aws:iam::999999999999:role/UpdateApp"
  }
}"#;

/// The format round-trips: a loaded world's document serializes to JSON that loads into the
/// same world (what the browser saves is what it reads back).
#[test]
fn world_documents_round_trip() {
    common::managed_texts();
    for example in examples::examples() {
        let world = example.load().unwrap();
        let text = serde_json::to_string_pretty(world.doc()).unwrap();
        let again = iam_world::load(&text).unwrap();
        assert_eq!(again.doc(), world.doc(), "{}", example.id);
        assert_eq!(again.roles().len(), world.roles().len());
    }
}
