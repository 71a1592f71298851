//! AWS managed policies whose text is deferred (not compiled in without the
//! `all-managed-policies` feature) and not installed yet: worlds that use one report
//! `world/managed-policy-pending` instead of failing as unknown, and load once
//! `iam_managed_policies::install_deferred` has run.
//!
//! The installed texts are process-wide, so every test of this crate that needs all texts
//! calls [`all_managed_texts`], which checks the pending state first (once, before anything
//! is installed) and then installs them.

use std::sync::OnceLock;

use serde_json::{Value, json};

use crate::{AssumeResult, Clock, LoadErrors, World, load};

/// deferred.tsv of iam-managed-policies, as the web app fetches it.
const DEFERRED_TSV: &str = include_str!("../../iam-managed-policies/deferred.tsv");

const A: &str = "111111111111";

/// Makes every AWS managed policy text available. Without `all-managed-policies` it first
/// runs [`check_pending`] (texts not installed yet), then installs deferred.tsv.
pub(crate) fn all_managed_texts() {
    static READY: OnceLock<()> = OnceLock::new();
    READY.get_or_init(|| {
        if iam_managed_policies::deferred().next().is_some() {
            check_pending();
            assert!(iam_managed_policies::install_deferred(DEFERRED_TSV).is_ok());
        }
    });
}

fn policy(statement: Value) -> String {
    json!({"Version": "2012-10-17", "Statement": [statement]}).to_string()
}

/// A world where alice may assume Auditor, with `auditor` merged into the role and
/// `expectation` (if any) as its one expectation.
fn world_doc(auditor: Value, expectation: Option<Value>) -> String {
    let mut role = json!({
        "name": "Auditor",
        "trust_policy": policy(json!({
            "Effect": "Allow",
            "Principal": {"AWS": format!("arn:aws:iam::{A}:root")},
            "Action": "sts:AssumeRole"
        })),
    });
    if let (Some(role), Some(extra)) = (role.as_object_mut(), auditor.as_object()) {
        role.extend(extra.clone());
    }
    let mut doc = json!({
        "version": 1,
        "settings": {"now": "2025-01-15T09:30:00Z"},
        "accounts": [{
            "id": A,
            "users": [{
                "name": "alice",
                "managed_policies": ["AdministratorAccess"],
            }],
            "roles": [role],
        }],
    });
    if let Some(expectation) = expectation {
        doc["expectations"] = json!([expectation]);
    }
    doc.to_string()
}

/// Attachments, a boundary and a session policy naming deferred policies, while their texts
/// are not installed.
fn check_pending() {
    let read_only = iam_managed_policies::managed_policy("ReadOnlyAccess");
    assert!(read_only.is_some_and(|p| p.is_deferred()));
    assert!(
        iam_managed_policies::managed_policy("AdministratorAccess")
            .is_some_and(|p| !p.is_deferred())
    );

    // By name, by ARN with a path, as a boundary; a small policy alongside loads.
    let attached = world_doc(
        json!({
            "managed_policies": [
                "ReadOnlyAccess",
                "AmazonS3ReadOnlyAccess",
                "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess",
            ],
            "permissions_boundary": "arn:aws:iam::aws:policy/SecurityAudit",
        }),
        None,
    );
    let Err(errors) = load(&attached) else {
        panic!("the world loaded although its policies are still loading");
    };
    let found: Vec<(&str, &str)> = errors
        .0
        .iter()
        .map(|e| (e.path.as_str(), e.code()))
        .collect();
    let role = "$.accounts[0].roles[0]";
    assert_eq!(
        found,
        [
            (
                format!("{role}.managed_policies[0]").as_str(),
                "world/managed-policy-pending"
            ),
            (
                format!("{role}.managed_policies[2]").as_str(),
                "world/managed-policy-pending"
            ),
            (
                format!("{role}.permissions_boundary").as_str(),
                "world/managed-policy-pending"
            ),
        ]
    );
    assert!(errors.is_pending() && errors.any_pending());
    assert!(
        errors
            .0
            .iter()
            .all(|e| e.is_pending() && e.kind.is_pending())
    );
    let first = &errors.0[0];
    assert_eq!(
        first.kind,
        crate::LoadErrorKind::ManagedPolicyPending {
            name: "ReadOnlyAccess".to_owned()
        }
    );
    let message = first.to_string();
    assert!(message.contains("AWS managed policy \"ReadOnlyAccess\" is still loading"));
    assert!(!message.contains("no managed policy"), "{message}");
    assert!(errors.0[1].to_string().contains("\"ViewOnlyAccess\""));

    // A built-in world: Identity Center's ReadOnly permission set uses ReadOnlyAccess; the
    // others use small policies only.
    for example in crate::examples() {
        match (example.id, example.load()) {
            ("identity-center", Err(errors)) => {
                assert!(errors.is_pending(), "{errors}");
                assert!(
                    errors
                        .0
                        .iter()
                        .all(|e| e.path.starts_with("$.identity_center.permission_sets["))
                );
            }
            (id, Err(errors)) => panic!("{id} does not load:\n{errors}"),
            ("identity-center", Ok(_)) => panic!("identity-center loaded without ReadOnlyAccess"),
            (_, Ok(_)) => {}
        }
    }

    // A real problem next to a pending one: not only waiting.
    let mixed = world_doc(
        json!({"managed_policies": ["ReadOnlyAccess", "NoSuchPolicy"]}),
        None,
    );
    let Err(errors) = load(&mixed) else {
        panic!("the world loaded with an unknown policy");
    };
    assert!(!errors.is_pending() && errors.any_pending());
    assert!(!LoadErrors(Vec::new()).is_pending());

    // A managed session policy in an expectation's chain.
    let session = world_doc(
        json!({"managed_policies": ["AmazonS3ReadOnlyAccess"]}),
        Some(json!({
            "name": "alice assumes Auditor with a session policy",
            "principal": "alice",
            "chain": [{
                "role": "Auditor",
                "policy_arns": [
                    "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess",
                    "arn:aws:iam::aws:policy/job-function/Billing",
                ],
            }],
            "expect": "Allow",
        })),
    );
    let Err(errors) = load(&session) else {
        panic!("the world loaded although a session policy is still loading");
    };
    assert_eq!(errors.0.len(), 1, "{errors}");
    assert_eq!(
        errors.0[0].path,
        "$.expectations[0].chain[0].policy_arns[1]"
    );
    assert!(errors.is_pending());
    assert!(
        errors.0[0]
            .to_string()
            .contains("\"Billing\" is still loading")
    );

    // The same hop at runtime (a world without the expectation) fails, without panicking,
    // with a message that says so.
    let world = loaded(&world_doc(
        json!({"managed_policies": ["AmazonS3ReadOnlyAccess"]}),
        None,
    ));
    match assume_with_billing(&world) {
        AssumeResult::Failed { error } => {
            assert!(
                error.message.contains("Billing is still loading"),
                "{error}"
            );
        }
        other => panic!("expected a failed assumption, got {other:?}"),
    }
}

fn loaded(text: &str) -> World {
    match load(text) {
        Ok(world) => world,
        Err(errors) => panic!("the world does not load:\n{errors}"),
    }
}

/// alice assumes Auditor passing the deferred Billing policy as a session policy.
fn assume_with_billing(world: &World) -> AssumeResult {
    let clock = Clock::parse("2025-01-15T09:30:00Z").unwrap();
    let principal = world.resolve_principal("alice").unwrap();
    let alice = world.actor(&principal, None, clock).unwrap();
    let hop = serde_json::from_value(json!({
        "role": "Auditor",
        "policy_arns": ["arn:aws:iam::aws:policy/job-function/Billing"],
    }))
    .unwrap();
    world.assume(&alice, &hop, clock, &[]).unwrap().result
}

#[test]
fn worlds_wait_for_deferred_managed_policies_then_load() {
    // Without `all-managed-policies` the pending half runs here or in whichever test needed
    // the texts first; with it, nothing is ever pending.
    all_managed_texts();
    let attached = world_doc(
        json!({
            "managed_policies": ["ReadOnlyAccess", "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess"],
            "permissions_boundary": "arn:aws:iam::aws:policy/SecurityAudit",
        }),
        None,
    );
    let world = loaded(&attached);
    assert!(
        world
            .policies
            .iter()
            .any(|p| p.origin.arn.as_deref() == Some("arn:aws:iam::aws:policy/ReadOnlyAccess"))
    );
    assert!(matches!(
        assume_with_billing(&world),
        AssumeResult::Assumed { .. }
    ));
    let expectation = json!({
        "name": "alice assumes Auditor with a session policy",
        "principal": "alice",
        "chain": [{"role": "Auditor", "policy_arns": ["arn:aws:iam::aws:policy/job-function/Billing"]}],
        "expect": "Allow",
    });
    loaded(&world_doc(json!({}), Some(expectation)));
}

#[test]
fn pending_is_its_own_kind() {
    let kind = crate::LoadErrorKind::ManagedPolicyPending {
        name: "SecurityAudit".to_owned(),
    };
    assert!(kind.is_pending());
    assert_eq!(kind.code(), "world/managed-policy-pending");
    let unknown = crate::LoadErrorKind::Unknown {
        entity: crate::EntityKind::Policy,
        name: "SecurityAudit".to_owned(),
        scope: "the bundled AWS managed policies".to_owned(),
    };
    assert!(!unknown.is_pending());
    let json = serde_json::to_value(&kind).unwrap();
    assert_eq!(
        json,
        json!({"kind": "managed-policy-pending", "name": "SecurityAudit"})
    );
}
