//! Helpers shared by the integration tests: worlds written as `serde_json::json!` values with
//! policies as text, a fixed clock, actors by name, and one-hop assumptions.

#![allow(dead_code)]

use iam_world::model::HopDoc;
use iam_world::{Actor, AssumeOutcome, AssumeResult, Check, Clock, Credentials, World, load};
use serde_json::{Value, json};

/// The instant every test runs at: 2025-01-15T09:30:00Z.
pub fn clock() -> Clock {
    Clock::parse("2025-01-15T09:30:00Z").unwrap()
}

/// A policy document's text.
pub fn policy(statements: Value) -> String {
    json!({"Version": "2012-10-17", "Statement": statements}).to_string()
}

/// A trust policy allowing `principal` the given actions, with an optional condition.
pub fn trust(principal: Value, actions: Value, condition: Option<Value>) -> String {
    let mut statement = json!({"Effect": "Allow", "Principal": principal, "Action": actions});
    if let Some(condition) = condition {
        statement["Condition"] = condition;
    }
    policy(json!([statement]))
}

/// Makes every AWS managed policy text available: without the default
/// `all-managed-policies` feature, installs the deferred ones as the web app does (the
/// pending state itself is tested in the crate's unit tests).
pub fn managed_texts() {
    if iam_managed_policies::deferred().next().is_some() {
        let tsv = include_str!("../../../iam-managed-policies/deferred.tsv");
        assert!(iam_managed_policies::install_deferred(tsv).is_ok());
    }
}

/// Loads a world given as JSON (without the `version` field).
pub fn world(mut doc: Value) -> World {
    managed_texts();
    doc["version"] = json!(1);
    match load(&doc.to_string()) {
        Ok(world) => world,
        Err(errors) => panic!("world does not load:\n{errors}"),
    }
}

/// The actor for a principal reference.
pub fn actor(world: &World, reference: &str) -> Actor {
    let principal = world.resolve_principal(reference).unwrap();
    world.actor(&principal, None, clock()).unwrap()
}

/// An IAM user acting with the given credentials.
pub fn user_with(world: &World, reference: &str, credentials: Credentials) -> Actor {
    let principal = world.resolve_principal(reference).unwrap();
    world.actor(&principal, Some(credentials), clock()).unwrap()
}

/// One hop from JSON (`{"role": "R", ...}`).
pub fn hop(value: Value) -> HopDoc {
    serde_json::from_value(value).unwrap()
}

/// Performs one hop.
pub fn assume(world: &World, caller: &Actor, value: Value) -> AssumeOutcome {
    world.assume(caller, &hop(value), clock(), &[]).unwrap()
}

/// The session of a successful assumption, or a panic with what happened.
pub fn session(outcome: &AssumeOutcome) -> Actor {
    match &outcome.result {
        AssumeResult::Assumed { session } => Actor::Session(session.clone()),
        other => panic!("expected a session, got {other:?}"),
    }
}

/// The error code of a failed assumption.
pub fn error_code(outcome: &AssumeOutcome) -> &'static str {
    match &outcome.result {
        AssumeResult::Failed { error } => error.code.as_str(),
        other => panic!("expected an error, got {other:?}"),
    }
}

/// The decision and deciding check index of a denied assumption.
pub fn denial(outcome: &AssumeOutcome) -> (iam_eval::Decision, usize, String) {
    match &outcome.result {
        AssumeResult::Denied {
            decision,
            check,
            reason,
        } => (*decision, *check, reason.clone()),
        other => panic!("expected a denial, got {other:?}"),
    }
}

/// An access check.
pub fn check(world: &World, actor: &Actor, action: &str, resource: &str) -> Check {
    world.check(actor, action, resource, clock(), &[]).unwrap()
}

/// A context value of a check's request.
pub fn context(check: &Check, key: &str) -> Option<Vec<String>> {
    check
        .case
        .request
        .context
        .get(&key.to_ascii_lowercase())
        .map(|v| v.values().to_vec())
}
