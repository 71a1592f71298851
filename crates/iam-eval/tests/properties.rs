//! Properties the evaluation logic guarantees for every input (IAM User Guide, "Policy
//! evaluation logic"): an explicit deny always wins, and statements and policies are unordered.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use iam_eval::{Case, Context, ContextValue, Decision, NamedPolicy, Request, evaluate};
use iam_policy::PolicyKind;
use proptest::prelude::*;

const ACTIONS: [&str; 6] = [
    "s3:GetObject",
    "s3:PutObject",
    "s3:*",
    "*",
    "s3:Get*",
    "ec2:Describe*",
];
const RESOURCES: [&str; 5] = [
    "*",
    "arn:aws:s3:::bucket/*",
    "arn:aws:s3:::bucket",
    "arn:aws:s3:::other/*",
    "arn:aws:s3:::${aws:username}/*",
];
const CONDITIONS: [&str; 5] = [
    "",
    r#", "Condition": {"StringEquals": {"aws:username": "alice"}}"#,
    r#", "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}"#,
    r#", "Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}"#,
    r#", "Condition": {"ForAnyValue:StringLike": {"aws:TagKeys": "env*"}}"#,
];
const PRINCIPALS: [&str; 5] = [
    r#""*""#,
    r#"{"AWS": "111111111111"}"#,
    r#"{"AWS": "arn:aws:iam::111111111111:user/alice"}"#,
    r#"{"AWS": "arn:aws:iam::111111111111:role/dev"}"#,
    r#"{"AWS": "222222222222"}"#,
];
const CALLERS: [&str; 4] = [
    "arn:aws:iam::111111111111:user/alice",
    "arn:aws:sts::111111111111:assumed-role/dev/s1",
    "arn:aws:iam::222222222222:user/bob",
    "arn:aws:iam::111111111111:root",
];
const REQUEST_ACTIONS: [&str; 3] = ["s3:GetObject", "s3:PutObject", "ec2:DescribeInstances"];
const REQUEST_RESOURCES: [&str; 3] = [
    "arn:aws:s3:::bucket/key",
    "arn:aws:s3:::bucket",
    "arn:aws:s3:::alice/x",
];

/// One generated statement: (deny, not_action, action, not_resource, resource, condition, principal).
type Stmt = (bool, bool, usize, bool, usize, usize, usize);

fn statement_strategy() -> impl Strategy<Value = Stmt> {
    (
        any::<bool>(),
        prop::bool::weighted(0.15),
        0..ACTIONS.len(),
        prop::bool::weighted(0.15),
        0..RESOURCES.len(),
        0..CONDITIONS.len(),
        0..PRINCIPALS.len(),
    )
}

fn statement_json(s: &Stmt, with_principal: bool) -> String {
    let (deny, not_action, action, not_resource, resource, condition, principal) = *s;
    let principal = if with_principal {
        format!(r#""Principal": {}, "#, PRINCIPALS[principal])
    } else {
        String::new()
    };
    format!(
        r#"{{"Effect": "{}", {principal}"{}": "{}", "{}": "{}"{}}}"#,
        if deny { "Deny" } else { "Allow" },
        if not_action { "NotAction" } else { "Action" },
        ACTIONS[action],
        if not_resource {
            "NotResource"
        } else {
            "Resource"
        },
        RESOURCES[resource],
        CONDITIONS[condition]
    )
}

fn policy(name: &str, kind: PolicyKind, statements: &[Stmt]) -> NamedPolicy {
    let with_principal = kind == PolicyKind::Resource;
    let body: Vec<String> = statements
        .iter()
        .map(|s| statement_json(s, with_principal))
        .collect();
    let text = format!(
        r#"{{"Version": "2012-10-17", "Statement": [{}]}}"#,
        body.join(",")
    );
    NamedPolicy::parse(name, kind, &text)
        .unwrap_or_else(|e| panic!("generated policy invalid: {e:?}\n{text}"))
}

#[derive(Clone, Debug)]
struct Scenario {
    caller: usize,
    action: usize,
    resource: usize,
    mfa: bool,
    identity: Vec<Vec<Stmt>>,
    boundary: Option<Vec<Stmt>>,
    resource_policy: Option<Vec<Stmt>>,
}

fn scenario_strategy() -> impl Strategy<Value = Scenario> {
    let statements = || prop::collection::vec(statement_strategy(), 1..4);
    (
        0..CALLERS.len(),
        0..REQUEST_ACTIONS.len(),
        0..REQUEST_RESOURCES.len(),
        any::<bool>(),
        prop::collection::vec(statements(), 0..3),
        prop::option::of(statements()),
        prop::option::of(statements()),
    )
        .prop_map(
            |(caller, action, resource, mfa, identity, boundary, resource_policy)| Scenario {
                caller,
                action,
                resource,
                mfa,
                identity,
                boundary,
                resource_policy,
            },
        )
}

fn build(s: &Scenario) -> Case {
    let mut context = Context::new();
    if s.mfa {
        context.insert(
            "aws:MultiFactorAuthPresent",
            ContextValue::Single("true".into()),
        );
    }
    context.insert(
        "aws:TagKeys",
        ContextValue::List(vec!["env".into(), "team".into()]),
    );
    let request = Request::new(
        CALLERS[s.caller],
        REQUEST_ACTIONS[s.action],
        REQUEST_RESOURCES[s.resource],
        Some("111111111111"),
        context,
    )
    .unwrap();
    let mut case = Case::new(request);
    case.identity_policies = s
        .identity
        .iter()
        .enumerate()
        .map(|(i, statements)| policy(&format!("Identity{i}"), PolicyKind::Identity, statements))
        .collect();
    case.permissions_boundary = s
        .boundary
        .as_ref()
        .map(|statements| policy("Boundary", PolicyKind::PermissionsBoundary, statements));
    case.resource_policy = s
        .resource_policy
        .as_ref()
        .map(|statements| policy("Resource", PolicyKind::Resource, statements));
    case
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    /// "An explicit deny in any of these policies overrides the allow": adding a Deny statement
    /// never turns a decision into Allow, and a Deny that matches the request always decides.
    #[test]
    fn adding_a_deny_never_allows(mut scenario in scenario_strategy(), extra in statement_strategy(), target in 0..3usize) {
        let before = evaluate(&build(&scenario)).decision;
        let mut deny = extra;
        deny.0 = true;
        match target {
            0 => scenario.identity.push(vec![deny]),
            1 => scenario.boundary.get_or_insert_with(Vec::new).push(deny),
            _ => scenario.resource_policy.get_or_insert_with(Vec::new).push(deny),
        }
        let after = evaluate(&build(&scenario)).decision;
        if before != Decision::Allow {
            prop_assert_ne!(after, Decision::Allow);
        }
        prop_assert!(after == before || after == Decision::ExplicitDeny || (before == Decision::Allow && after == Decision::ImplicitDeny),
            "before {:?}, after {:?}", before, after);
    }

    /// "Statements are not evaluated in order": reversing statements and policies changes nothing.
    #[test]
    fn order_never_matters(scenario in scenario_strategy()) {
        let before = evaluate(&build(&scenario));
        let mut reversed = scenario.clone();
        reversed.identity.reverse();
        for statements in &mut reversed.identity {
            statements.reverse();
        }
        if let Some(b) = reversed.boundary.as_mut() { b.reverse(); }
        if let Some(r) = reversed.resource_policy.as_mut() { r.reverse(); }
        let after = evaluate(&build(&reversed));
        prop_assert_eq!(before.decision, after.decision);
        prop_assert_eq!(before.layer, after.layer);
        prop_assert_eq!(before.deciding.len(), after.deciding.len());
    }

    /// Adding an Allow to the identity-based policies never turns an Allow into a denial and
    /// never overrides an explicit deny.
    #[test]
    fn adding_an_identity_allow_is_monotonic(mut scenario in scenario_strategy(), extra in statement_strategy()) {
        let before = evaluate(&build(&scenario)).decision;
        let mut allow = extra;
        allow.0 = false;
        scenario.identity.push(vec![allow]);
        let after = evaluate(&build(&scenario)).decision;
        if before == Decision::Allow {
            prop_assert_eq!(after, Decision::Allow);
        }
        if before == Decision::ExplicitDeny {
            prop_assert_eq!(after, Decision::ExplicitDeny);
        }
    }
}
