//! From world to request: the policies and context keys a check assembles, each test naming
//! the AWS rule it follows.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::*;
use iam_world::model::CredentialType;
use iam_world::{Chain, ContextValue, Credentials, Decision, Layer};
use serde_json::json;

const MGMT: &str = "100000000000";
const MEMBER: &str = "200000000000";
const OUTSIDE: &str = "300000000000";

fn org_world() -> iam_world::World {
    let deny_region = policy(
        json!([{"Effect": "Deny", "NotAction": "iam:*", "Resource": "*",
        "Condition": {"StringNotEquals": {"aws:RequestedRegion": "eu-west-1"}}}]),
    );
    let perimeter = policy(
        json!([{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*",
        "Condition": {"StringNotEqualsIfExists": {"aws:PrincipalOrgID": "o-aaaaaaaaaa"}}}]),
    );
    let bucket_policy = policy(
        json!([{"Effect": "Allow", "Principal": {"AWS": format!("arn:aws:iam::{OUTSIDE}:root")}, "Action": "s3:GetObject",
        "Resource": "arn:aws:s3:::member-bucket/*"}]),
    );
    world(json!({
        "organization": {"id": "o-aaaaaaaaaa", "management_account": MGMT,
            "root": {"id": "r-abcd", "rcps": ["Perimeter"], "accounts": [{"id": MGMT}],
                "units": [{"id": "ou-abcd-11111111", "name": "Workloads", "scps": ["FullAWSAccess", "EuOnly"], "accounts": [{"id": MEMBER}]}]},
            "policies": [{"name": "EuOnly", "type": "scp", "document": deny_region}, {"name": "Perimeter", "type": "rcp", "document": perimeter}]},
        "accounts": [
            {"id": MGMT, "users": [{"name": "boss", "managed_policies": ["AdministratorAccess"]}]},
            {"id": MEMBER, "users": [
                {"name": "dev", "path": "/eng/", "managed_policies": ["AdministratorAccess"], "groups": ["Readers"], "tags": {"Team": "Blue"},
                 "console_access": true, "mfa_devices": [format!("arn:aws:iam::{MEMBER}:mfa/dev")]}],
             "groups": [{"name": "Readers", "managed_policies": ["ReadOnlyAccess"], "inline_policies": [{"name": "extra", "document": policy(json!([{"Effect": "Allow", "Action": "sqs:*", "Resource": "*"}]))}]}],
             "resources": [{"type": "s3-bucket", "name": "member-bucket", "region": "eu-west-1", "policy": bucket_policy, "tags": {"Data": "secret"},
                            "objects": [{"key": "a.txt", "tags": {"Class": "public"}}]}]},
            {"id": OUTSIDE, "users": [{"name": "partner", "managed_policies": ["AmazonS3ReadOnlyAccess"]}]}
        ]
    }))
}

/// IAM User Guide, access_policies.html "Identity-based policies": a user's permissions are its
/// own inline and managed policies and those of every group it belongs to.
#[test]
fn a_users_identity_policies_include_its_groups() {
    let world = org_world();
    let check = check(
        &world,
        &actor(&world, "dev"),
        "sqs:SendMessage",
        "arn:aws:sqs:eu-west-1:200000000000:q",
    );
    let names: Vec<&str> = check
        .case
        .identity_policies
        .iter()
        .map(|p| p.name.as_str())
        .collect();
    assert_eq!(
        names,
        ["AdministratorAccess", "Readers/extra", "ReadOnlyAccess"]
    );
    let owners: Vec<&str> = check
        .policies
        .iter()
        .filter(|p| p.layer == Layer::Identity)
        .map(|p| p.origin.owner.as_str())
        .collect();
    assert_eq!(owners, ["aws", "200000000000/group/Readers", "aws"]);
}

/// AWS Organizations User Guide, "SCP evaluation": SCPs of every level from the root to the
/// account apply to the account's principals, `FullAWSAccess` by default at each level; they
/// do not apply to the management account.
#[test]
fn the_scp_chain_runs_from_the_root_to_the_account_except_in_the_management_account() {
    let world = org_world();
    let dev = actor(&world, "dev");
    let outside_eu = check(
        &world,
        &dev,
        "ec2:RunInstances",
        "arn:aws:ec2:us-east-1:200000000000:instance/*",
    );
    assert_eq!(outside_eu.case.scps.len(), 3);
    assert_eq!(outside_eu.decision, Decision::ExplicitDeny);
    assert_eq!(outside_eu.explanation.outcome.layer, Some(Layer::Scp));
    let in_eu = check(
        &world,
        &dev,
        "ec2:RunInstances",
        "arn:aws:ec2:eu-west-1:200000000000:instance/*",
    );
    assert_eq!(in_eu.decision, Decision::Allow);
    let boss = check(
        &world,
        &actor(&world, "boss"),
        "ec2:RunInstances",
        "arn:aws:ec2:us-east-1:100000000000:instance/*",
    );
    assert!(boss.case.scps.is_empty());
    assert!(boss.notes.iter().any(|n| n.contains("management account")));
    assert_eq!(boss.decision, Decision::Allow);
}

/// AWS Organizations User Guide, "RCP evaluation": the RCPs of the resource's account path
/// apply to every caller, inside or outside the organization, `RCPFullAWSAccess` at every
/// level.
#[test]
fn the_rcp_chain_follows_the_resource_account() {
    let world = org_world();
    let check = check(
        &world,
        &actor(&world, "partner"),
        "s3:GetObject",
        "arn:aws:s3:::member-bucket/a.txt",
    );
    assert!(
        check.case.scps.is_empty(),
        "the partner is outside the organization"
    );
    assert_eq!(check.case.rcps.len(), 3);
    assert_eq!(check.case.rcps[0][0].name, "RCPFullAWSAccess");
    assert_eq!(check.decision, Decision::ExplicitDeny);
    assert_eq!(check.explanation.outcome.layer, Some(Layer::Rcp));
}

/// IAM User Guide, reference_policies_condition-keys.html: `aws:PrincipalOrgID`,
/// `aws:PrincipalOrgPaths` (multivalued, `o-…/r-…/ou-…/`), `aws:ResourceOrgID`,
/// `aws:ResourceOrgPaths`, `aws:ResourceAccount`, `aws:ResourceTag/*`, `aws:PrincipalTag/*`,
/// `aws:username`, `aws:PrincipalArn` with the user's path; and S3's
/// `s3:ExistingObjectTag/*` (Amazon S3 User Guide, "Object tagging").
#[test]
fn principal_and_resource_keys_are_derived_from_the_world() {
    let world = org_world();
    let check = check(
        &world,
        &actor(&world, "dev"),
        "s3:GetObject",
        "arn:aws:s3:::member-bucket/a.txt",
    );
    let value = |key: &str| context(&check, key);
    assert_eq!(
        value("aws:PrincipalArn"),
        Some(vec![format!("arn:aws:iam::{MEMBER}:user/eng/dev")])
    );
    assert_eq!(value("aws:username"), Some(vec!["dev".to_owned()]));
    assert_eq!(
        value("aws:PrincipalOrgID"),
        Some(vec!["o-aaaaaaaaaa".to_owned()])
    );
    assert_eq!(
        value("aws:PrincipalOrgPaths"),
        Some(vec!["o-aaaaaaaaaa/r-abcd/ou-abcd-11111111/".to_owned()])
    );
    assert_eq!(
        value("aws:ResourceOrgPaths"),
        Some(vec!["o-aaaaaaaaaa/r-abcd/ou-abcd-11111111/".to_owned()])
    );
    assert_eq!(value("aws:ResourceAccount"), Some(vec![MEMBER.to_owned()]));
    assert_eq!(
        value("aws:PrincipalTag/Team"),
        Some(vec!["Blue".to_owned()])
    );
    assert_eq!(
        value("aws:ResourceTag/Data"),
        Some(vec!["secret".to_owned()])
    );
    assert_eq!(
        value("s3:ExistingObjectTag/Class"),
        Some(vec!["public".to_owned()])
    );
    assert_eq!(
        value("aws:RequestedRegion"),
        Some(vec!["eu-west-1".to_owned()]),
        "the bucket's Region"
    );
    assert!(matches!(
        check.case.request.context.get("aws:principalorgpaths"),
        Some(ContextValue::List(_))
    ));
}

/// IAM User Guide, reference_policies_condition-keys.html, "Properties of the request":
/// `aws:CurrentTime` and `aws:EpochTime` come from the request time (here the caller's clock),
/// `aws:SecureTransport` is set (TLS assumed), global services report `us-east-1`; any key can
/// be overridden.
#[test]
fn request_keys_come_from_the_clock_and_can_be_overridden() {
    let world = org_world();
    let dev = actor(&world, "dev");
    let check = check(&world, &dev, "iam:ListRoles", "*");
    assert_eq!(
        context(&check, "aws:CurrentTime"),
        Some(vec!["2025-01-15T09:30:00Z".to_owned()])
    );
    assert_eq!(
        context(&check, "aws:EpochTime"),
        Some(vec!["1736933400".to_owned()])
    );
    assert_eq!(
        context(&check, "aws:SecureTransport"),
        Some(vec!["true".to_owned()])
    );
    assert_eq!(
        context(&check, "aws:RequestedRegion"),
        Some(vec!["us-east-1".to_owned()])
    );
    let overrides = vec![
        (
            "aws:SecureTransport".to_owned(),
            ContextValue::Single("false".to_owned()),
        ),
        (
            "AWS:PRINCIPALTAG/team".to_owned(),
            ContextValue::Single("Red".to_owned()),
        ),
    ];
    let overridden = world
        .check(&dev, "iam:ListRoles", "*", clock(), &overrides)
        .unwrap();
    assert_eq!(
        context(&overridden, "aws:SecureTransport"),
        Some(vec!["false".to_owned()])
    );
    assert_eq!(
        context(&overridden, "aws:PrincipalTag/Team"),
        Some(vec!["Red".to_owned()])
    );
}

/// IAM User Guide, reference_policies_condition-keys.html, aws:MultiFactorAuthPresent and
/// aws:TokenIssueTime: absent with long-term access keys; present with temporary credentials
/// (a console sign-in), `true` with MFA and then with `aws:MultiFactorAuthAge`.
#[test]
fn mfa_and_token_keys_depend_on_the_credentials() {
    let world = org_world();
    let keys = user_with(&world, "dev", Credentials::access_key());
    let check_keys = check(&world, &keys, "iam:ListRoles", "*");
    assert_eq!(context(&check_keys, "aws:MultiFactorAuthPresent"), None);
    assert_eq!(context(&check_keys, "aws:TokenIssueTime"), None);
    let console = user_with(
        &world,
        "dev",
        Credentials {
            kind: CredentialType::Console,
            mfa: true,
            mfa_age_seconds: 60,
        },
    );
    let check_console = check(&world, &console, "iam:ListRoles", "*");
    assert_eq!(
        context(&check_console, "aws:MultiFactorAuthPresent"),
        Some(vec!["true".to_owned()])
    );
    assert_eq!(
        context(&check_console, "aws:MultiFactorAuthAge"),
        Some(vec!["60".to_owned()])
    );
    assert_eq!(
        context(&check_console, "aws:TokenIssueTime"),
        Some(vec!["2025-01-15T09:29:00Z".to_owned()])
    );
}

/// IAM User Guide, id_credentials_mfa_configure-api-require.html: AssumeRole credentials do not
/// carry MFA information into later requests (the default); the world setting
/// `mfa_in_role_sessions` models the opposite for comparison.
#[test]
fn role_sessions_report_mfa_only_when_the_world_opts_in() {
    let build = |carry: bool| {
        world(json!({"settings": {"mfa_in_role_sessions": carry},
            "accounts": [{"id": MEMBER,
                "users": [{"name": "dev", "mfa_devices": ["GAHT12345678"], "inline_policies": [{"name": "p", "document": policy(json!([{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"}]))}]}],
                "roles": [{"name": "R", "trust_policy": trust(json!({"AWS": MEMBER}), json!("sts:AssumeRole"), None)}]}]}))
    };
    for (carry, expected) in [(false, "false"), (true, "true")] {
        let world = build(carry);
        let session = session(&assume(
            &world,
            &actor(&world, "dev"),
            json!({"role": "R", "mfa": {}}),
        ));
        let access = check(&world, &session, "s3:ListAllMyBuckets", "*");
        assert_eq!(
            context(&access, "aws:MultiFactorAuthPresent"),
            Some(vec![expected.to_owned()])
        );
        assert_eq!(
            context(&access, "aws:TokenIssueTime"),
            Some(vec!["2025-01-15T09:30:00Z".to_owned()])
        );
    }
}

/// Chains run one hop at a time: each step returns its checks and session; a failed hop ends
/// the chain (IAM User Guide, id_roles.html, "Role chaining").
#[test]
fn a_chain_steps_one_hop_at_a_time_and_stops_at_a_failure() {
    let example = iam_world::examples::example("delegate-across-accounts").unwrap();
    let world = example.load().unwrap();
    let david = actor(&world, "David");
    let hops = vec![
        hop(json!({"role": "UpdateApp", "session_name": "David-ProdUpdate"})),
        hop(json!({"role": "UpdateApp"})),
    ];
    let mut chain = Chain::new(&world, david, hops, clock());
    assert_eq!(chain.remaining(), 2);
    let first = chain.step().unwrap().unwrap();
    assert_eq!(first.index, 0);
    assert_eq!(
        chain.actor().label(),
        "arn:aws:sts::999999999999:assumed-role/UpdateApp/David-ProdUpdate"
    );
    let second = chain.step().unwrap().unwrap();
    assert_eq!(
        denial(&second.outcome).0,
        Decision::ImplicitDeny,
        "UpdateApp does not trust its own sessions"
    );
    assert!(chain.step().is_none());
    assert!(!chain.completed());
    let theresa = actor(&world, "Theresa");
    let steps: Vec<_> = Chain::new(
        &world,
        theresa,
        vec![hop(json!({"role": "UpdateApp"}))],
        clock(),
    )
    .collect();
    assert_eq!(steps.len(), 1);
    assert_eq!(
        denial(&steps[0].as_ref().unwrap().outcome).0,
        Decision::ExplicitDeny
    );
}

/// IAM User Guide, reference_policies_evaluation-logic-cross-account.html: a principal needs an
/// Allow from both sides across accounts; the resource account of an S3 object is its bucket's
/// owner, known only from the world.
#[test]
fn s3_objects_are_owned_by_their_buckets_account() {
    let world = org_world();
    let check = check(
        &world,
        &actor(&world, "partner"),
        "s3:GetObject",
        "arn:aws:s3:::member-bucket/a.txt",
    );
    assert_eq!(check.case.request.resource_account.as_deref(), Some(MEMBER));
    assert_eq!(
        check.case.resource_policy.as_ref().map(|p| p.name.as_str()),
        Some("member-bucket policy")
    );
}
