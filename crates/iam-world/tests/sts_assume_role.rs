//! Golden tests of `AssumeRole`, each naming the AWS documentation rule it checks.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::*;
use iam_world::model::CredentialType;
use iam_world::{AssumeResult, Credentials, Decision};
use serde_json::json;

const A: &str = "111111111111";
const B: &str = "222222222222";

/// Account A with user alice (tags, MFA device, an access key) and roles of every trust shape;
/// account B with roles trusting A.
fn base() -> iam_world::World {
    let assume_all = policy(
        json!([{"Effect": "Allow", "Action": ["sts:AssumeRole", "sts:TagSession", "sts:SetSourceIdentity"], "Resource": "*"}]),
    );
    world(json!({
        "accounts": [
            {"id": A, "users": [
                {"name": "alice", "tags": {"Team": "Blue"}, "mfa_devices": [format!("arn:aws:iam::{A}:mfa/alice")],
                 "access_keys": [{"id": "AKIAALICEEXAMPLE0001"}], "console_access": true,
                 "inline_policies": [{"name": "assume", "document": assume_all}]},
                {"name": "bob", "access_keys": [{"id": "AKIABOBEXAMPLE000001"}]}],
             "roles": [
                {"name": "NamesAlice", "path": "/team/", "trust_policy": trust(json!({"AWS": format!("arn:aws:iam::{A}:user/alice")}), json!("sts:AssumeRole"), None)},
                {"name": "NamesBob", "trust_policy": trust(json!({"AWS": format!("arn:aws:iam::{A}:user/bob")}), json!("sts:AssumeRole"), None)},
                {"name": "NamesAccount", "trust_policy": trust(json!({"AWS": A}), json!("sts:AssumeRole"), None)},
                {"name": "Admin", "trust_policy": trust(json!({"AWS": A}), json!(["sts:AssumeRole", "sts:TagSession", "sts:SetSourceIdentity"]), None),
                 "managed_policies": ["AdministratorAccess"], "max_session_duration": 43200, "tags": {"Team": "Red", "Env": "prod"}},
                {"name": "Self", "trust_policy": trust(json!({"AWS": A}), json!("sts:AssumeRole"), None), "managed_policies": ["AdministratorAccess"]},
                {"name": "SessionNamed", "trust_policy": trust(json!({"AWS": A}), json!("sts:AssumeRole"),
                    Some(json!({"StringLike": {"sts:RoleSessionName": "${aws:username}"}})))},
                {"name": "NoTagSession", "trust_policy": trust(json!({"AWS": A}), json!("sts:AssumeRole"), None)},
                {"name": "Tagged", "trust_policy": trust(json!({"AWS": A}), json!(["sts:AssumeRole", "sts:TagSession"]),
                    Some(json!({"StringEquals": {"aws:RequestTag/Project": "Apollo"}, "ForAllValues:StringEquals": {"aws:TagKeys": ["Project"]}})))},
                {"name": "NoSourceIdentity", "trust_policy": trust(json!({"AWS": A}), json!(["sts:AssumeRole", "sts:TagSession"]), None)},
                {"name": "MfaBool", "trust_policy": trust(json!({"AWS": A}), json!("sts:AssumeRole"), Some(json!({"Bool": {"aws:MultiFactorAuthPresent": "true"}})))},
                {"name": "MfaBoolIfExists", "trust_policy": trust(json!({"AWS": A}), json!("sts:AssumeRole"), Some(json!({"BoolIfExists": {"aws:MultiFactorAuthPresent": "true"}})))},
                {"name": "MfaFresh", "trust_policy": trust(json!({"AWS": A}), json!("sts:AssumeRole"), Some(json!({"NumericLessThan": {"aws:MultiFactorAuthAge": "300"}})))},
                {"name": "RoleTagGate", "trust_policy": trust(json!({"AWS": A}), json!("sts:AssumeRole"), Some(json!({"StringEquals": {"aws:ResourceTag/Tier": "gold"}}))),
                 "tags": {"Tier": "gold"}}
             ],
             "policies": [{"name": "OnlyS3Read", "document": policy(json!([{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]))}]},
            {"id": B, "roles": [
                {"name": "TrustsA", "trust_policy": trust(json!({"AWS": A}), json!("sts:AssumeRole"), None), "managed_policies": ["AdministratorAccess"]},
                {"name": "TrustsAlice", "trust_policy": trust(json!({"AWS": format!("arn:aws:iam::{A}:user/alice")}), json!("sts:AssumeRole"), None)},
                {"name": "ExternalId", "trust_policy": trust(json!({"AWS": A}), json!("sts:AssumeRole"), Some(json!({"StringEquals": {"sts:ExternalId": "Partner-1"}})))}
             ]}
        ]
    }))
}

/// IAM User Guide, id_roles_use_permissions-to-switch.html, and STS's error for root
/// credentials: "Roles may not be assumed by root accounts."
#[test]
fn root_user_cannot_assume_roles() {
    let world = base();
    let root = actor(&world, &format!("arn:aws:iam::{A}:root"));
    let outcome = assume(&world, &root, json!({"role": "NamesAccount"}));
    assert_eq!(error_code(&outcome), "AccessDenied");
    assert!(
        outcome.checks.is_empty(),
        "no authorization is even attempted"
    );
}

/// STS API Reference, AssumeRole: "To allow a user to assume a role in the same account, you
/// can do either of the following: Attach a policy to the user that allows the user to call
/// AssumeRole ... Add the user as a principal directly in the role's trust policy."
#[test]
fn same_account_trust_naming_the_user_needs_no_identity_policy() {
    let world = base();
    let bob = actor(&world, "bob");
    session(&assume(&world, &bob, json!({"role": "NamesBob"})));
    let (decision, check, reason) = denial(&assume(&world, &bob, json!({"role": "NamesAccount"})));
    assert_eq!((decision, check), (Decision::ImplicitDeny, 0));
    assert!(reason.contains("identity-based policy"), "{reason}");
}

/// IAM User Guide, id_roles_use_permissions-to-switch.html: a cross-account caller needs both
/// the trust policy and its own identity-based permission for sts:AssumeRole.
#[test]
fn cross_account_needs_trust_and_identity_permission() {
    let world = base();
    session(&assume(
        &world,
        &actor(&world, "alice"),
        json!({"role": "TrustsA"}),
    ));
    let (decision, _, reason) = denial(&assume(
        &world,
        &actor(&world, "bob"),
        json!({"role": "TrustsA"}),
    ));
    assert_eq!(decision, Decision::ImplicitDeny);
    assert!(reason.contains("identity-based policy"), "{reason}");
    let (decision, _, reason) = denial(&assume(
        &world,
        &actor(&world, "bob"),
        json!({"role": "TrustsAlice"}),
    ));
    assert_eq!(decision, Decision::ImplicitDeny);
    assert!(reason.contains("role trust policy"), "{reason}");
}

/// IAM User Guide, reference_policies_evaluation-logic_policy-eval-denyallow.html: role trust
/// policies must themselves allow; an identity policy allowing sts:AssumeRole on every role
/// (alice's) is not enough.
#[test]
fn the_trust_policy_must_allow_whatever_the_identity_policy_says() {
    let world = base();
    let outcome = assume(&world, &actor(&world, "alice"), json!({"role": "NamesBob"}));
    let (decision, check, reason) = denial(&outcome);
    assert_eq!((decision, check), (Decision::ImplicitDeny, 0));
    assert!(reason.contains("role trust policy"), "{reason}");
    assert_eq!(outcome.checks[0].action, "sts:AssumeRole");
}

/// Announcing an update to IAM role trust policy behavior (AWS Security Blog, 2022): a role
/// no longer trusts itself implicitly; its trust policy must name the role or its account.
#[test]
fn a_role_assumes_itself_only_when_its_trust_policy_allows_it() {
    let world = base();
    let own = session(&assume(
        &world,
        &actor(&world, "alice"),
        json!({"role": "NamesAlice"}),
    ));
    let (decision, _, _) = denial(&assume(&world, &own, json!({"role": "NamesAlice"})));
    assert_eq!(decision, Decision::ImplicitDeny);
    let admin = session(&assume(
        &world,
        &actor(&world, "alice"),
        json!({"role": "Self"}),
    ));
    session(&assume(&world, &admin, json!({"role": "Self"})));
}

/// STS API Reference, AssumeRole, response: the assumed-role ARN is
/// `arn:aws:sts::ACCOUNT:assumed-role/ROLE-NAME/SESSION-NAME` (no role path), while
/// `aws:PrincipalArn` is the role's own ARN, path included (IAM User Guide,
/// reference_policies_condition-keys.html, aws:PrincipalArn), and `aws:userid` is
/// `role-id:session-name` (reference_policies_variables.html).
#[test]
fn the_session_arn_drops_the_role_path_but_principal_arn_keeps_it() {
    let world = base();
    let alice = actor(&world, "alice");
    let outcome = assume(
        &world,
        &alice,
        json!({"role": "NamesAlice", "session_name": "alice-work"}),
    );
    let session = outcome.session().unwrap().clone();
    assert_eq!(
        session.arn,
        format!("arn:aws:sts::{A}:assumed-role/NamesAlice/alice-work")
    );
    assert_eq!(
        session.role_arn,
        format!("arn:aws:iam::{A}:role/team/NamesAlice")
    );
    assert!(session.user_id.starts_with("AROA") && session.user_id.ends_with(":alice-work"));
    let check = check(
        &world,
        &iam_world::Actor::Session(Box::new(session)),
        "s3:ListAllMyBuckets",
        "*",
    );
    assert_eq!(
        context(&check, "aws:PrincipalArn"),
        Some(vec![format!("arn:aws:iam::{A}:role/team/NamesAlice")])
    );
    assert_eq!(
        context(&check, "aws:PrincipalType"),
        Some(vec!["AssumedRole".to_owned()])
    );
    assert_eq!(context(&check, "aws:username"), None);
}

/// STS API Reference, AssumeRole, `DurationSeconds`: "The default is 3600 seconds"; "from 900
/// seconds (15 minutes) up to the maximum session duration setting for the role"; the
/// response's Expiration follows.
#[test]
fn duration_defaults_to_an_hour_and_is_bounded_by_the_role_maximum() {
    let world = base();
    let alice = actor(&world, "alice");
    let outcome = assume(&world, &alice, json!({"role": "Admin"}));
    let session = outcome.session().unwrap();
    assert_eq!(session.duration_seconds, 3600);
    assert_eq!(session.expires_at.iso8601(), "2025-01-15T10:30:00Z");
    let long = assume(
        &world,
        &alice,
        json!({"role": "Admin", "duration_seconds": 43200}),
    );
    assert_eq!(
        long.session().unwrap().expires_at.iso8601(),
        "2025-01-15T21:30:00Z"
    );
    assert_eq!(
        error_code(&assume(
            &world,
            &alice,
            json!({"role": "Admin", "duration_seconds": 899})
        )),
        "ValidationError"
    );
    assert_eq!(
        error_code(&assume(
            &world,
            &alice,
            json!({"role": "NamesAlice", "duration_seconds": 3601})
        )),
        "ValidationError"
    );
}

/// STS API Reference, AssumeRole, `DurationSeconds`: "If you assume a role using role chaining
/// and provide a DurationSeconds value greater than one hour, the operation fails."
#[test]
fn a_chained_session_cannot_exceed_one_hour() {
    let world = base();
    let first = session(&assume(
        &world,
        &actor(&world, "alice"),
        json!({"role": "Admin", "duration_seconds": 43200}),
    ));
    let outcome = assume(
        &world,
        &first,
        json!({"role": "Self", "duration_seconds": 3601}),
    );
    assert_eq!(error_code(&outcome), "ValidationError");
    let chained = assume(
        &world,
        &first,
        json!({"role": "Self", "duration_seconds": 3600}),
    );
    assert!(chained.session().unwrap().chained);
}

/// STS API Reference, AssumeRole, `RoleSessionName`: 2 to 64 characters of `[\w+=,.@-]*`; and
/// IAM User Guide, reference_policies_iam-condition-keys.html, sts:RoleSessionName, whose
/// example requires the session name to equal `${aws:username}`.
#[test]
fn role_session_name_is_validated_and_available_to_the_trust_policy() {
    let world = base();
    let alice = actor(&world, "alice");
    assert_eq!(
        error_code(&assume(
            &world,
            &alice,
            json!({"role": "Admin", "session_name": "a"})
        )),
        "ValidationError"
    );
    assert_eq!(
        error_code(&assume(
            &world,
            &alice,
            json!({"role": "Admin", "session_name": "two words"})
        )),
        "ValidationError"
    );
    session(&assume(
        &world,
        &alice,
        json!({"role": "SessionNamed", "session_name": "alice"}),
    ));
    let (decision, _, _) = denial(&assume(
        &world,
        &alice,
        json!({"role": "SessionNamed", "session_name": "mallory"}),
    ));
    assert_eq!(decision, Decision::ImplicitDeny);
}

/// IAM User Guide, id_roles_common-scenarios_third-party.html and reference_policies_iam-condition-keys.html
/// sts:ExternalId: present only when the caller passes `ExternalId`; StringEquals compares it
/// case-sensitively. STS API Reference, AssumeRole, `ExternalId`: 2 to 1,224 characters of
/// `[\w+=,.@:\/-]*`.
#[test]
fn external_id_must_be_passed_exactly() {
    let world = base();
    let alice = actor(&world, "alice");
    session(&assume(
        &world,
        &alice,
        json!({"role": "ExternalId", "external_id": "Partner-1"}),
    ));
    for wrong in [
        json!({"role": "ExternalId"}),
        json!({"role": "ExternalId", "external_id": "partner-1"}),
    ] {
        let (decision, _, reason) = denial(&assume(&world, &alice, wrong));
        assert_eq!(decision, Decision::ImplicitDeny);
        assert!(reason.contains("role trust policy"), "{reason}");
    }
    assert_eq!(
        error_code(&assume(
            &world,
            &alice,
            json!({"role": "ExternalId", "external_id": "x"})
        )),
        "ValidationError"
    );
    assert_eq!(
        error_code(&assume(
            &world,
            &alice,
            json!({"role": "ExternalId", "external_id": "has space"})
        )),
        "ValidationError"
    );
}

/// IAM User Guide, reference_policies_condition-keys.html, aws:MultiFactorAuthPresent: "not
/// present in ... requests that are made using long-term credentials"; with `SerialNumber` and
/// `TokenCode` the AssumeRole request carries `aws:MultiFactorAuthPresent = true`
/// (id_credentials_mfa_configure-api-require.html). So `Bool` fails and `BoolIfExists` passes
/// for an access-key caller without MFA.
#[test]
fn mfa_key_is_absent_with_access_keys_and_true_with_a_token_code() {
    let world = base();
    let alice = actor(&world, "alice");
    let outcome = assume(&world, &alice, json!({"role": "MfaBool"}));
    assert_eq!(
        context(&outcome.checks[0], "aws:MultiFactorAuthPresent"),
        None
    );
    assert_eq!(denial(&outcome).0, Decision::ImplicitDeny);
    session(&assume(&world, &alice, json!({"role": "MfaBoolIfExists"})));
    let with_mfa = assume(
        &world,
        &alice,
        json!({"role": "MfaBool", "mfa": {"token_code": "654321"}}),
    );
    assert_eq!(
        context(&with_mfa.checks[0], "aws:MultiFactorAuthPresent"),
        Some(vec!["true".to_owned()])
    );
    assert_eq!(
        context(&with_mfa.checks[0], "aws:MultiFactorAuthAge"),
        Some(vec!["0".to_owned()])
    );
    session(&with_mfa);
    session(&assume(
        &world,
        &alice,
        json!({"role": "MfaFresh", "mfa": {}}),
    ));
}

/// IAM User Guide, reference_policies_condition-keys.html, aws:MultiFactorAuthPresent: present
/// with temporary credentials such as a console sign-in, `false` when MFA was not used, so a
/// `BoolIfExists` condition no longer lets the caller through.
#[test]
fn console_sessions_carry_the_mfa_key_either_way() {
    let world = base();
    let console = user_with(
        &world,
        "alice",
        Credentials {
            kind: CredentialType::Console,
            mfa: false,
            mfa_age_seconds: 0,
        },
    );
    let outcome = assume(&world, &console, json!({"role": "MfaBoolIfExists"}));
    assert_eq!(
        context(&outcome.checks[0], "aws:MultiFactorAuthPresent"),
        Some(vec!["false".to_owned()])
    );
    assert_eq!(denial(&outcome).0, Decision::ImplicitDeny);
    let signed_in_with_mfa = user_with(
        &world,
        "alice",
        Credentials {
            kind: CredentialType::Console,
            mfa: true,
            mfa_age_seconds: 120,
        },
    );
    session(&assume(
        &world,
        &signed_in_with_mfa,
        json!({"role": "MfaFresh"}),
    ));
    let stale = user_with(
        &world,
        "alice",
        Credentials {
            kind: CredentialType::Console,
            mfa: true,
            mfa_age_seconds: 900,
        },
    );
    assert_eq!(
        denial(&assume(&world, &stale, json!({"role": "MfaFresh"}))).0,
        Decision::ImplicitDeny
    );
}

/// STS API Reference, AssumeRole, `SerialNumber`: "the MFA device that is associated with the
/// user who is making the AssumeRole call"; `TokenCode`: "a sequence of six numeric digits".
#[test]
fn mfa_parameters_must_name_the_callers_device_and_six_digits() {
    let world = base();
    let alice = actor(&world, "alice");
    let other = assume(
        &world,
        &alice,
        json!({"role": "MfaBool", "mfa": {"serial_number": format!("arn:aws:iam::{A}:mfa/bob")}}),
    );
    assert_eq!(error_code(&other), "AccessDenied");
    assert_eq!(
        error_code(&assume(
            &world,
            &alice,
            json!({"role": "MfaBool", "mfa": {"token_code": "12345"}})
        )),
        "ValidationError"
    );
    let bob = actor(&world, "bob");
    assert_eq!(
        error_code(&assume(
            &world,
            &bob,
            json!({"role": "NamesBob", "mfa": {}})
        )),
        "AccessDenied"
    );
}

/// IAM User Guide, id_session-tags.html, "Permissions required to add session tags": the
/// trust policy must allow sts:TagSession, "If your policy includes the first statement
/// without the second statement, the user can't assume the role".
#[test]
fn passing_session_tags_needs_sts_tag_session() {
    let world = base();
    let alice = actor(&world, "alice");
    session(&assume(&world, &alice, json!({"role": "NoTagSession"})));
    let outcome = assume(
        &world,
        &alice,
        json!({"role": "NoTagSession", "tags": {"Project": "Apollo"}}),
    );
    let (decision, check, reason) = denial(&outcome);
    assert_eq!((decision, check), (Decision::ImplicitDeny, 1));
    assert_eq!(outcome.checks[0].decision, Decision::Allow);
    assert_eq!(outcome.checks[1].action, "sts:TagSession");
    assert!(reason.contains("sts:TagSession"), "{reason}");
}

/// IAM User Guide, id_session-tags.html, "Controlling session tags": `aws:RequestTag/<key>`
/// and `aws:TagKeys` describe the tags passed, in both the sts:AssumeRole and sts:TagSession
/// authorizations.
#[test]
fn request_tags_and_tag_keys_are_in_the_assume_context() {
    let world = base();
    let alice = actor(&world, "alice");
    let outcome = assume(
        &world,
        &alice,
        json!({"role": "Tagged", "tags": {"Project": "Apollo"}}),
    );
    session(&outcome);
    for check in &outcome.checks {
        assert_eq!(
            context(check, "aws:RequestTag/Project"),
            Some(vec!["Apollo".to_owned()])
        );
        assert_eq!(
            context(check, "aws:TagKeys"),
            Some(vec!["Project".to_owned()])
        );
    }
    let extra = assume(
        &world,
        &alice,
        json!({"role": "Tagged", "tags": {"Project": "Apollo", "Cost": "1"}}),
    );
    assert_eq!(denial(&extra).0, Decision::ImplicitDeny);
}

/// STS API Reference, AssumeRole, `Tags`: up to 50 tags; "Tag key–value pairs are not case
/// sensitive ... you cannot have separate Department and department tag keys"; "session tags
/// override a role tag with the same key".
#[test]
fn session_tags_are_validated_and_override_role_tags() {
    let world = base();
    let alice = actor(&world, "alice");
    let many: serde_json::Map<String, serde_json::Value> =
        (0..51).map(|i| (format!("k{i}"), json!("v"))).collect();
    assert_eq!(
        error_code(&assume(
            &world,
            &alice,
            json!({"role": "Admin", "tags": many})
        )),
        "ValidationError"
    );
    assert_eq!(
        error_code(&assume(
            &world,
            &alice,
            json!({"role": "Admin", "tags": {"Team": "a", "team": "b"}})
        )),
        "ValidationError"
    );
    let outcome = assume(
        &world,
        &alice,
        json!({"role": "Admin", "tags": {"team": "Green"}}),
    );
    let session = outcome.session().unwrap();
    let tags: Vec<(String, String)> = session
        .principal_tags
        .iter()
        .map(|t| (t.key.clone(), t.value.clone()))
        .collect();
    assert!(tags.contains(&("team".to_owned(), "Green".to_owned())));
    assert!(tags.contains(&("Env".to_owned(), "prod".to_owned())));
    assert!(
        !tags.iter().any(|(k, v)| k == "Team" && v == "Red"),
        "the session tag replaces the role tag regardless of case: {tags:?}"
    );
}

/// IAM User Guide, reference_policies_condition-keys.html, aws:ResourceTag: when assuming a
/// role, the resource is the role, so `aws:ResourceTag/*` are the role's tags; and the caller's
/// own tags are `aws:PrincipalTag/*`.
#[test]
fn resource_tags_at_assume_time_are_the_roles_tags() {
    let world = base();
    let outcome = assume(
        &world,
        &actor(&world, "alice"),
        json!({"role": "RoleTagGate"}),
    );
    session(&outcome);
    assert_eq!(
        context(&outcome.checks[0], "aws:ResourceTag/Tier"),
        Some(vec!["gold".to_owned()])
    );
    assert_eq!(
        context(&outcome.checks[0], "aws:PrincipalTag/Team"),
        Some(vec!["Blue".to_owned()])
    );
}

/// IAM User Guide, id_credentials_temp_control-access_monitor.html: "To specify a source
/// identity, principals (IAM users and roles) must have permissions to sts:SetSourceIdentity"
/// and the value "must be between 2 and 64 characters ... You cannot use a value that begins
/// with the text aws:".
#[test]
fn setting_a_source_identity_needs_sts_set_source_identity() {
    let world = base();
    let alice = actor(&world, "alice");
    let outcome = assume(
        &world,
        &alice,
        json!({"role": "NoSourceIdentity", "source_identity": "alice"}),
    );
    let (decision, check, _) = denial(&outcome);
    assert_eq!((decision, check), (Decision::ImplicitDeny, 1));
    assert_eq!(outcome.checks[1].action, "sts:SetSourceIdentity");
    assert_eq!(
        context(&outcome.checks[0], "sts:SourceIdentity"),
        Some(vec!["alice".to_owned()])
    );
    let ok = assume(
        &world,
        &alice,
        json!({"role": "Admin", "source_identity": "alice"}),
    );
    assert_eq!(
        ok.session().unwrap().source_identity.as_deref(),
        Some("alice")
    );
    assert_eq!(
        error_code(&assume(
            &world,
            &alice,
            json!({"role": "Admin", "source_identity": "aws:alice"})
        )),
        "ValidationError"
    );
}

/// IAM User Guide, id_credentials_temp_control-access_monitor.html: the source identity
/// "persists when a role is used to assume another role", "cannot be changed", appears as
/// `aws:SourceIdentity` in the session's requests and as `sts:SourceIdentity` in the next
/// AssumeRole; and in role chaining sts:SetSourceIdentity is required of the calling role too.
#[test]
fn source_identity_persists_through_chains_and_cannot_change() {
    let world = base();
    let first = session(&assume(
        &world,
        &actor(&world, "alice"),
        json!({"role": "Admin", "source_identity": "alice"}),
    ));
    let access = check(&world, &first, "s3:ListAllMyBuckets", "*");
    assert_eq!(
        context(&access, "aws:SourceIdentity"),
        Some(vec!["alice".to_owned()])
    );
    let second = assume(
        &world,
        &first,
        json!({"role": "Admin", "session_name": "again"}),
    );
    assert!(
        second
            .checks
            .iter()
            .any(|c| c.action == "sts:SetSourceIdentity")
    );
    assert_eq!(
        context(&second.checks[0], "sts:SourceIdentity"),
        Some(vec!["alice".to_owned()])
    );
    assert_eq!(
        second.session().unwrap().source_identity.as_deref(),
        Some("alice")
    );
    assert_eq!(
        error_code(&assume(
            &world,
            &first,
            json!({"role": "Admin", "source_identity": "mallory"})
        )),
        "ValidationError"
    );
    let (decision, _, _) = denial(&assume(&world, &first, json!({"role": "NoSourceIdentity"})));
    assert_eq!(
        decision,
        Decision::ImplicitDeny,
        "the target's trust policy must allow sts:SetSourceIdentity for a carried source identity"
    );
}

/// IAM User Guide, id_credentials_temp_control-access_monitor.html, "Permissions required to set
/// source identity": "When you assume a role with another role, called role chaining,
/// permissions for sts:SetSourceIdentity are required in both the permissions policy of the
/// principal who is assuming the role and in the role trust policy of the target role.
/// Otherwise, the assume role operation will fail."
#[test]
fn chained_source_identity_needs_the_calling_roles_permission_too() {
    let world = world(json!({"accounts": [{"id": A,
    "users": [{"name": "uma", "inline_policies": [{"name": "p", "document": policy(json!([{"Effect": "Allow", "Action": ["sts:AssumeRole", "sts:SetSourceIdentity"], "Resource": "*"}]))}]}],
    "roles": [
        {"name": "First", "trust_policy": trust(json!({"AWS": A}), json!(["sts:AssumeRole", "sts:SetSourceIdentity"]), None),
         "inline_policies": [{"name": "p", "document": policy(json!([{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"}]))}]},
        {"name": "Second", "trust_policy": trust(json!({"AWS": format!("arn:aws:iam::{A}:role/First")}), json!(["sts:AssumeRole", "sts:SetSourceIdentity"]), None)}
    ]}]}));
    let first = session(&assume(
        &world,
        &actor(&world, "uma"),
        json!({"role": "First", "source_identity": "uma"}),
    ));
    let outcome = assume(&world, &first, json!({"role": "Second"}));
    let (decision, check, reason) = denial(&outcome);
    assert_eq!(decision, Decision::ImplicitDeny);
    assert_eq!(outcome.checks[check].action, "sts:SetSourceIdentity");
    assert_eq!(
        outcome.checks[check].decision,
        Decision::Allow,
        "the engine alone allows: the trust policy names the calling role"
    );
    assert!(reason.contains("role chaining"), "{reason}");
}

/// IAM User Guide, id_session-tags.html, "Chaining roles with session tags": transitive tags
/// pass to later sessions of the chain, non-transitive ones do not; STS API Reference,
/// AssumeRole, `Tags`: "If you pass a session tag with the same key as an inherited tag, the
/// operation fails."
#[test]
fn transitive_tags_carry_forward_and_cannot_be_passed_again() {
    let world = base();
    let alice = actor(&world, "alice");
    let first = assume(
        &world,
        &alice,
        json!({"role": "Admin", "tags": {"Project": "Apollo", "Shift": "night"}, "transitive_tag_keys": ["Project"]}),
    );
    let first = session(&first);
    let second = session(&assume(&world, &first, json!({"role": "Self"})));
    let iam_world::Actor::Session(second) = second else {
        unreachable!()
    };
    assert!(
        second
            .principal_tags
            .iter()
            .any(|t| t.key == "Project" && t.value == "Apollo")
    );
    assert!(!second.principal_tags.iter().any(|t| t.key == "Shift"));
    assert_eq!(second.transitive_tag_keys, vec!["Project".to_owned()]);
    let conflict = assume(
        &world,
        &first,
        json!({"role": "Admin", "tags": {"PROJECT": "Gemini"}}),
    );
    assert_eq!(error_code(&conflict), "InvalidParameterValue");
    let unknown = assume(
        &world,
        &alice,
        json!({"role": "Admin", "tags": {"A": "1"}, "transitive_tag_keys": ["B"]}),
    );
    assert_eq!(error_code(&unknown), "ValidationError");
}

/// IAM User Guide, access_policies.html#policies_session: session policies limit the session
/// ("the intersection of the role's identity-based policies and the session policies") and are
/// not inherited by sessions it creates; STS API Reference, AssumeRole, `Policy`/`PolicyArns`:
/// at most 2,048 characters and 10 managed policy ARNs.
#[test]
fn session_policies_limit_only_their_own_session() {
    let world = base();
    let alice = actor(&world, "alice");
    let limited = session(&assume(
        &world,
        &alice,
        json!({"role": "Admin", "policy_arns": [format!("arn:aws:iam::{A}:policy/OnlyS3Read")]}),
    ));
    assert_eq!(
        check(&world, &limited, "s3:GetObject", "arn:aws:s3:::b/k").decision,
        Decision::Allow
    );
    let denied = check(&world, &limited, "s3:PutObject", "arn:aws:s3:::b/k");
    assert_eq!(denied.decision, Decision::ImplicitDeny);
    assert!(denied.explanation.outcome.reason.contains("session policy"));
    let inline = policy(
        json!([{"Effect": "Allow", "Action": ["sts:AssumeRole", "ec2:Describe*"], "Resource": "*"}]),
    );
    let chained_from = session(&assume(
        &world,
        &alice,
        json!({"role": "Admin", "session_policy": inline}),
    ));
    let next = session(&assume(&world, &chained_from, json!({"role": "Self"})));
    assert_eq!(
        check(&world, &next, "s3:PutObject", "arn:aws:s3:::b/k").decision,
        Decision::Allow
    );
    let huge = format!(
        "{{\"Version\":\"2012-10-17\",\"Statement\":[{{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::{}\"}}]}}",
        "x".repeat(2048)
    );
    assert_eq!(
        error_code(&assume(
            &world,
            &alice,
            json!({"role": "Admin", "session_policy": huge})
        )),
        "ValidationError"
    );
    let arns: Vec<String> = (0..11)
        .map(|_| "arn:aws:iam::aws:policy/ReadOnlyAccess".to_owned())
        .collect();
    assert_eq!(
        error_code(&assume(
            &world,
            &alice,
            json!({"role": "Admin", "policy_arns": arns})
        )),
        "ValidationError"
    );
    assert_eq!(
        error_code(&assume(
            &world,
            &alice,
            json!({"role": "Admin", "session_policy": "{\"Statement\": []"})
        )),
        "MalformedPolicyDocument"
    );
    assert_eq!(
        error_code(&assume(
            &world,
            &alice,
            json!({"role": "TrustsA", "policy_arns": [format!("arn:aws:iam::{A}:policy/OnlyS3Read")]})
        )),
        "ValidationError",
        "managed session policies must be in the role's account"
    );
}

/// STS API Reference, AssumeRole, response `Credentials.Expiration`; an expired session's
/// requests fail with `ExpiredToken` (STS API Reference, common errors).
#[test]
fn an_expired_session_cannot_assume_roles() {
    let world = base();
    let first = session(&assume(
        &world,
        &actor(&world, "alice"),
        json!({"role": "Admin", "duration_seconds": 900}),
    ));
    let later = iam_world::Clock::parse("2025-01-15T09:45:00Z").unwrap();
    let outcome = world
        .assume(&first, &hop(json!({"role": "Self"})), later, &[])
        .unwrap();
    assert!(
        matches!(&outcome.result, AssumeResult::Failed { error } if error.code.as_str() == "ExpiredToken")
    );
}
