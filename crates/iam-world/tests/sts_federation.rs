//! Golden tests of federated and service-issued sessions: `AssumeRoleWithSAML`,
//! `AssumeRoleWithWebIdentity`, IAM Identity Center, service roles and IAM Roles Anywhere.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::*;
use iam_world::{Actor, Decision, Issuer};
use serde_json::json;

const ACCT: &str = "123456789012";
const SAML_ISSUER: &str = "https://example.com/saml";

fn saml_world() -> iam_world::World {
    let provider = format!("arn:aws:iam::{ACCT}:saml-provider/MySAMLIdP");
    world(json!({
        "accounts": [{"id": ACCT,
            "identity_providers": [{"type": "saml", "name": "MySAMLIdP", "issuer": SAML_ISSUER}],
            "roles": [
                {"name": "Federated", "managed_policies": ["AmazonS3ReadOnlyAccess"],
                 "trust_policy": trust(json!({"Federated": provider}), json!(["sts:AssumeRoleWithSAML", "sts:TagSession", "sts:SetSourceIdentity"]),
                    Some(json!({"StringEquals": {"SAML:aud": "https://signin.aws.amazon.com/saml", "saml:sub_type": "persistent"},
                                "ForAnyValue:StringEquals": {"saml:edupersonaffiliation": "staff"}})))},
                {"name": "NoTags", "trust_policy": trust(json!({"Federated": provider}), json!("sts:AssumeRoleWithSAML"), None)}
            ]}],
        "external_identities": [
            {"type": "saml", "name": "diego", "issuer": SAML_ISSUER, "subject": "diego@example.com",
             "attributes": {"edupersonaffiliation": ["staff", "member"]}, "session_name": "DiegoRamirez",
             "tags": {"CostCenter": "1234"}, "source_identity": "DiegoRamirez"},
            {"type": "saml", "name": "student", "issuer": SAML_ISSUER, "subject": "s@example.com",
             "attributes": {"edupersonaffiliation": ["student"]}},
            {"type": "saml", "name": "stranger", "issuer": "https://other.example.net/idp", "subject": "x@example.net"}
        ]
    }))
}

/// IAM User Guide, reference_policies_iam-condition-keys.html, "Available keys for SAML-based
/// federation": `saml:aud`, `saml:iss`, `saml:sub`, `saml:sub_type`, `saml:doc`
/// (`account-ID/provider-friendly-name`) and `saml:namequalifier`, "a hash value based on the
/// concatenation of the Issuer response value (saml:iss), a string with the AWS account ID, and
/// the friendly name (the last part of the ARN) of the SAML provider in IAM":
/// `BASE64(SHA1("https://example.com/saml" + "123456789012" + "/MySAMLIdP"))`.
#[test]
fn saml_assertion_values_become_saml_keys() {
    let world = saml_world();
    let outcome = assume(
        &world,
        &actor(&world, "diego"),
        json!({"role": "Federated"}),
    );
    let check = &outcome.checks[0];
    assert_eq!(check.action, "sts:AssumeRoleWithSAML");
    assert_eq!(
        check.principal,
        format!("arn:aws:iam::{ACCT}:saml-provider/MySAMLIdP")
    );
    assert_eq!(
        context(check, "saml:aud"),
        Some(vec!["https://signin.aws.amazon.com/saml".to_owned()])
    );
    assert_eq!(
        context(check, "saml:iss"),
        Some(vec![SAML_ISSUER.to_owned()])
    );
    assert_eq!(
        context(check, "saml:sub"),
        Some(vec!["diego@example.com".to_owned()])
    );
    assert_eq!(
        context(check, "saml:doc"),
        Some(vec![format!("{ACCT}/MySAMLIdP")])
    );
    assert_eq!(
        context(check, "saml:namequalifier"),
        Some(vec!["1uAJanUnBc2XeUkHURMht+xam2c=".to_owned()])
    );
    assert_eq!(
        context(check, "sts:RoleSessionName"),
        Some(vec!["DiegoRamirez".to_owned()])
    );
    let session = outcome.session().unwrap();
    assert_eq!(
        session.arn,
        format!("arn:aws:sts::{ACCT}:assumed-role/Federated/DiegoRamirez")
    );
    assert_eq!(session.source_identity.as_deref(), Some("DiegoRamirez"));
    assert!(
        matches!(&session.issuer, Issuer::Saml { provider } if provider.ends_with("/MySAMLIdP"))
    );
    assert_eq!(
        outcome.checks.len(),
        3,
        "AssumeRoleWithSAML, TagSession, SetSourceIdentity"
    );
    let (decision, _, _) = denial(&assume(
        &world,
        &actor(&world, "student"),
        json!({"role": "Federated"}),
    ));
    assert_eq!(decision, Decision::ImplicitDeny);
}

/// IAM User Guide, id_roles_providers_saml.html: only `saml:namequalifier`, `saml:sub` and
/// `saml:sub_type` remain available after the initial authentication.
#[test]
fn a_saml_session_keeps_only_the_identifying_keys() {
    let world = saml_world();
    let session = session(&assume(
        &world,
        &actor(&world, "diego"),
        json!({"role": "Federated"}),
    ));
    let access = check(&world, &session, "s3:GetObject", "arn:aws:s3:::b/k");
    assert_eq!(access.decision, Decision::Allow);
    assert!(context(&access, "saml:namequalifier").is_some());
    assert!(context(&access, "saml:sub").is_some());
    assert_eq!(context(&access, "saml:aud"), None);
    assert_eq!(
        context(&access, "aws:PrincipalTag/CostCenter"),
        Some(vec!["1234".to_owned()])
    );
    assert_eq!(
        context(&access, "aws:SourceIdentity"),
        Some(vec!["DiegoRamirez".to_owned()])
    );
}

/// STS API Reference, AssumeRoleWithSAML: the caller presents an assertion from the provider
/// given as `PrincipalArn`; an assertion from another issuer is rejected
/// (`InvalidIdentityToken`); the call has no `ExternalId`, MFA or `Tags` parameters, and
/// session tags need sts:TagSession like any other (id_session-tags.html).
#[test]
fn saml_rejects_other_issuers_and_parameters_it_does_not_have() {
    let world = saml_world();
    assert_eq!(
        error_code(&assume(
            &world,
            &actor(&world, "stranger"),
            json!({"role": "Federated"})
        )),
        "InvalidIdentityToken"
    );
    let diego = actor(&world, "diego");
    assert_eq!(
        error_code(&assume(
            &world,
            &diego,
            json!({"role": "Federated", "external_id": "abc"})
        )),
        "ValidationError"
    );
    assert_eq!(
        error_code(&assume(
            &world,
            &diego,
            json!({"role": "Federated", "mfa": {}})
        )),
        "ValidationError"
    );
    let outcome = assume(&world, &diego, json!({"role": "NoTags"}));
    assert_eq!(outcome.checks[1].action, "sts:TagSession");
    assert_eq!(denial(&outcome).1, 1);
}

fn github_world() -> iam_world::World {
    let provider = format!("arn:aws:iam::{ACCT}:oidc-provider/token.actions.githubusercontent.com");
    world(json!({
        "accounts": [{"id": ACCT,
            "identity_providers": [{"type": "oidc", "url": "https://token.actions.githubusercontent.com", "client_ids": ["sts.amazonaws.com"]}],
            "roles": [{"name": "GitHubDeploy", "trust_policy": trust(json!({"Federated": provider}), json!("sts:AssumeRoleWithWebIdentity"),
                Some(json!({"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"},
                            "StringLike": {"token.actions.githubusercontent.com:sub": "repo:octo-org/app:ref:refs/heads/main"}}))),
                "inline_policies": [{"name": "deploy", "document": policy(json!([{"Effect": "Allow", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::site/*"}]))}]}]}],
        "external_identities": [
            {"type": "oidc", "name": "main-workflow", "issuer": "https://token.actions.githubusercontent.com",
             "claims": {"sub": "repo:octo-org/app:ref:refs/heads/main", "aud": "sts.amazonaws.com", "repository": "octo-org/app"}},
            {"type": "oidc", "name": "fork-workflow", "issuer": "https://token.actions.githubusercontent.com",
             "claims": {"sub": "repo:mallory/app:ref:refs/heads/main", "aud": "sts.amazonaws.com"}},
            {"type": "oidc", "name": "wrong-audience", "issuer": "https://token.actions.githubusercontent.com",
             "claims": {"sub": "repo:octo-org/app:ref:refs/heads/main", "aud": "https://example.com"}},
            {"type": "oidc", "name": "gitlab-job", "issuer": "https://gitlab.com", "claims": {"sub": "project_path:g/p:ref_type:branch:ref:main", "aud": "sts.amazonaws.com"}}
        ]
    }))
}

/// IAM User Guide, id_roles_providers_create_oidc.html and reference_policies_iam-condition-keys.html
/// ("Available keys for OIDC federation"): GitHub Actions tokens are tested through
/// `token.actions.githubusercontent.com:aud` and `:sub`; `aws:FederatedProvider` names the
/// provider in the session.
#[test]
fn github_actions_tokens_are_matched_on_sub_and_aud() {
    let world = github_world();
    let outcome = assume(
        &world,
        &actor(&world, "main-workflow"),
        json!({"role": "GitHubDeploy", "session_name": "run-42"}),
    );
    let assume_check = &outcome.checks[0];
    assert_eq!(assume_check.action, "sts:AssumeRoleWithWebIdentity");
    assert_eq!(
        context(assume_check, "token.actions.githubusercontent.com:sub"),
        Some(vec!["repo:octo-org/app:ref:refs/heads/main".to_owned()])
    );
    assert_eq!(
        context(
            assume_check,
            "token.actions.githubusercontent.com:repository"
        ),
        None,
        "only documented claims become keys"
    );
    let session = session(&outcome);
    let access = check(
        &world,
        &session,
        "s3:PutObject",
        "arn:aws:s3:::site/index.html",
    );
    assert_eq!(access.decision, Decision::Allow);
    assert_eq!(
        context(&access, "aws:FederatedProvider"),
        Some(vec![format!(
            "arn:aws:iam::{ACCT}:oidc-provider/token.actions.githubusercontent.com"
        )])
    );
    let (decision, _, _) = denial(&assume(
        &world,
        &actor(&world, "fork-workflow"),
        json!({"role": "GitHubDeploy"}),
    ));
    assert_eq!(decision, Decision::ImplicitDeny);
}

/// STS API Reference, AssumeRoleWithWebIdentity, errors: `InvalidIdentityToken` when no IAM OIDC
/// provider of the account matches the token's issuer, or the token's audience is not one of
/// the provider's client ids.
#[test]
fn web_identity_needs_a_provider_and_an_accepted_audience() {
    let world = github_world();
    let outcome = assume(
        &world,
        &actor(&world, "gitlab-job"),
        json!({"role": "GitHubDeploy"}),
    );
    assert_eq!(error_code(&outcome), "InvalidIdentityToken");
    assert!(
        matches!(&outcome.result, iam_world::AssumeResult::Failed { error } if error.message.contains("No OpenIDConnect provider found"))
    );
    assert_eq!(
        error_code(&assume(
            &world,
            &actor(&world, "wrong-audience"),
            json!({"role": "GitHubDeploy"})
        )),
        "InvalidIdentityToken"
    );
}

fn compute_world() -> iam_world::World {
    world(json!({
        "accounts": [{"id": ACCT,
            "roles": [
                {"name": "AppRole", "trust_policy": trust(json!({"Service": "ec2.amazonaws.com"}), json!("sts:AssumeRole"), None),
                 "inline_policies": [{"name": "p", "document": policy(json!([{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",
                    "Condition": {"StringEquals": {"aws:Ec2InstanceSourceVpc": "vpc-0a1b2c3d"}}}]))}]},
                {"name": "FnRole", "trust_policy": trust(json!({"Service": "lambda.amazonaws.com"}), json!("sts:AssumeRole"), None),
                 "managed_policies": ["AWSLambdaBasicExecutionRole"]},
                {"name": "Other", "trust_policy": trust(json!({"Service": "ec2.amazonaws.com"}), json!("sts:AssumeRole"), None)}],
            "instance_profiles": [{"name": "AppProfile", "role": "AppRole"}],
            "resources": [
                {"type": "ec2-instance", "id": "i-0123456789abcdef0", "instance_profile": "AppProfile", "vpc_id": "vpc-0a1b2c3d"},
                {"type": "lambda-function", "name": "worker", "role": "FnRole"}]}]
    }))
}

/// IAM User Guide, id_roles_use_switch-role-ec2.html: EC2 assumes the instance profile's role
/// on the instance's behalf (the session is named after the instance id), and requests with
/// those credentials carry `ec2:SourceInstanceArn` and `aws:Ec2InstanceSourceVpc`
/// (reference_policies_condition-keys.html).
#[test]
fn ec2_assumes_the_instance_profile_role() {
    let world = compute_world();
    let instance = actor(&world, "i-0123456789abcdef0");
    let mut chain = iam_world::Chain::new(&world, instance.clone(), Vec::new(), clock());
    let step = chain.step().unwrap().unwrap();
    assert!(step.implicit);
    assert_eq!(step.outcome.checks[0].principal, "ec2.amazonaws.com");
    let session = step.outcome.session().unwrap();
    assert_eq!(
        session.arn,
        format!("arn:aws:sts::{ACCT}:assumed-role/AppRole/i-0123456789abcdef0")
    );
    let access = chain
        .access("s3:GetObject", "arn:aws:s3:::b/k", &[])
        .unwrap();
    assert_eq!(access.decision, Decision::Allow);
    assert_eq!(
        context(&access, "ec2:SourceInstanceArn"),
        Some(vec![format!(
            "arn:aws:ec2:us-east-1:{ACCT}:instance/i-0123456789abcdef0"
        )])
    );
    assert_eq!(
        error_code(&assume(&world, &instance, json!({"role": "Other"}))),
        "AccessDenied"
    );
}

/// Lambda Developer Guide, "Lambda execution role": Lambda assumes the execution role for the
/// function; requests carry `lambda:SourceFunctionArn` (IAM User Guide,
/// reference_policies_condition-keys.html).
#[test]
fn lambda_assumes_the_execution_role() {
    let world = compute_world();
    let function = actor(&world, "worker");
    let mut chain = iam_world::Chain::new(&world, function, Vec::new(), clock());
    let steps = chain.run().unwrap();
    assert_eq!(steps.len(), 1);
    assert_eq!(steps[0].outcome.checks[0].principal, "lambda.amazonaws.com");
    let access = chain
        .access(
            "logs:PutLogEvents",
            &format!("arn:aws:logs:us-east-1:{ACCT}:log-group:/aws/lambda/worker:log-stream:x"),
            &[],
        )
        .unwrap();
    assert_eq!(access.decision, Decision::Allow);
    assert_eq!(
        context(&access, "lambda:SourceFunctionArn"),
        Some(vec![format!(
            "arn:aws:lambda:us-east-1:{ACCT}:function:worker"
        )])
    );
}

/// IAM Roles Anywhere User Guide, "Trust model": the trust policy must grant
/// `rolesanywhere.amazonaws.com` sts:AssumeRole, sts:SetSourceIdentity and sts:TagSession;
/// "Sessions issued by IAM Roles Anywhere have the source identity set to the common name(s)
/// (CN) of the subject(s)"; the session name is "the hex-encoded serial number of the
/// authenticating certificate"; "Attribute mapping and trust policy": certificate fields are
/// `aws:PrincipalTag/x509Subject/CN` etc. and `aws:SourceArn` is the trust anchor.
#[test]
fn roles_anywhere_maps_the_certificate_and_needs_three_actions() {
    let anchor = format!(
        "arn:aws:rolesanywhere:us-east-1:{ACCT}:trust-anchor/11111111-2222-3333-4444-555555555555"
    );
    let condition = json!({"StringEquals": {"aws:PrincipalTag/x509Subject/CN": "app.example.com"}, "ArnEquals": {"aws:SourceArn": anchor}});
    let world = world(json!({
        "accounts": [{"id": ACCT,
            "roles": [
                {"name": "Workload", "trust_policy": trust(json!({"Service": "rolesanywhere.amazonaws.com"}), json!(["sts:AssumeRole", "sts:TagSession", "sts:SetSourceIdentity"]), Some(condition.clone()))},
                {"name": "Incomplete", "trust_policy": trust(json!({"Service": "rolesanywhere.amazonaws.com"}), json!(["sts:AssumeRole", "sts:TagSession"]), Some(condition))}],
            "roles_anywhere": {
                "trust_anchors": [{"name": "ca", "id": "11111111-2222-3333-4444-555555555555", "ca_common_name": "Example CA"}],
                "profiles": [{"name": "apps", "roles": ["Workload", "Incomplete"]}]}}],
        "external_identities": [{"type": "roles-anywhere", "name": "app", "account": ACCT, "trust_anchor": "ca", "profile": "apps",
            "certificate": {"subject": {"CN": "app.example.com", "OU": "Payments"}, "issuer": {"CN": "Example CA"}, "san": {"DNS": "app.example.com"}, "serial": "1F71C5114A"}}]
    }));
    let app = actor(&world, "app");
    let outcome = assume(&world, &app, json!({"role": "Workload"}));
    let actions: Vec<&str> = outcome.checks.iter().map(|c| c.action.as_str()).collect();
    assert_eq!(
        actions,
        ["sts:AssumeRole", "sts:TagSession", "sts:SetSourceIdentity"]
    );
    assert_eq!(
        context(&outcome.checks[0], "aws:SourceArn"),
        Some(vec![anchor.clone()])
    );
    assert_eq!(
        context(&outcome.checks[0], "aws:PrincipalTag/x509Subject/OU"),
        Some(vec!["Payments".to_owned()])
    );
    let session = outcome.session().unwrap();
    assert_eq!(session.session_name, "1f71c5114a");
    assert_eq!(session.source_identity.as_deref(), Some("app.example.com"));
    assert!(
        session
            .principal_tags
            .iter()
            .any(|t| t.key == "x509SAN/DNS" && t.value == "app.example.com")
    );
    let incomplete = assume(&world, &app, json!({"role": "Incomplete"}));
    let (decision, check, _) = denial(&incomplete);
    assert_eq!(
        (decision, incomplete.checks[check].action.as_str()),
        (Decision::ImplicitDeny, "sts:SetSourceIdentity")
    );
}

fn identity_center_world() -> iam_world::World {
    world(json!({
        "accounts": [{"id": "100000000001"}, {"id": "200000000002"}, {"id": "300000000003"}],
        "identity_center": {"instance_account": "100000000001",
            "users": [{"name": "ana@example.com", "groups": ["Ops"], "attributes": {"CostCenter": "42"}}, {"name": "ben@example.com"}],
            "groups": ["Ops"],
            "permission_sets": [{"name": "Operator", "managed_policies": ["ReadOnlyAccess"], "session_duration": 14400}],
            "assignments": [{"permission_set": "Operator", "principal": "group:Ops", "accounts": ["200000000002", "300000000003"]}]}
    }))
}

/// IAM Identity Center User Guide, "Permission sets" and "IAM roles created by IAM Identity
/// Center": each permission set assigned to an account is provisioned there as a role named
/// `AWSReservedSSO_<permission set>_<suffix>` under `/aws-reserved/sso.amazonaws.com/`, whose
/// trust policy names the account's Identity Center SAML provider; users sign in through it.
#[test]
fn identity_center_provisions_a_role_per_assigned_account() {
    let world = identity_center_world();
    let provisioned: Vec<&iam_world::world::Role> = world
        .roles()
        .iter()
        .filter(|r| r.name.starts_with("AWSReservedSSO_Operator_"))
        .collect();
    assert_eq!(provisioned.len(), 2);
    for role in &provisioned {
        assert_eq!(role.path, "/aws-reserved/sso.amazonaws.com/");
        assert_eq!(role.max_session_duration, 14400);
        let trust = &world.policy(role.trust).unwrap().named.policy;
        let text = world
            .policy(role.trust)
            .unwrap()
            .named
            .text
            .as_deref()
            .unwrap()
            .to_owned();
        assert!(text.contains("saml-provider/AWSSSO_") && text.contains("_DO_NOT_DELETE"));
        assert_eq!(trust.statements.len(), 1);
    }
    assert!(
        world.roles().iter().all(|r| r.account != 0),
        "nothing is provisioned in an unassigned account"
    );
    let ana = actor(&world, "ana@example.com");
    let outcome = assume(&world, &ana, json!({"role": "300000000003/Operator"}));
    assert_eq!(outcome.checks[0].action, "sts:AssumeRoleWithSAML");
    assert_eq!(
        context(&outcome.checks[0], "aws:RequestTag/CostCenter"),
        Some(vec!["42".to_owned()])
    );
    let session = outcome.session().unwrap();
    assert_eq!(session.session_name, "ana@example.com");
    assert_eq!(session.duration_seconds, 14400);
    assert_eq!(
        error_code(&assume(
            &world,
            &actor(&world, "ben@example.com"),
            json!({"role": "300000000003/Operator"})
        )),
        "NotAssigned"
    );
}

/// IAM User Guide, id_roles.html "Role chaining": a session obtained through federation or a
/// service is itself a role session; using it to assume another role is role chaining, limited
/// to one hour.
#[test]
fn sessions_from_federation_chain_like_any_other() {
    let world = github_world();
    let session = session(&assume(
        &world,
        &actor(&world, "main-workflow"),
        json!({"role": "GitHubDeploy", "session_name": "run-42"}),
    ));
    let Actor::Session(inner) = &session else {
        unreachable!()
    };
    assert!(!inner.chained);
    let outcome = assume(
        &world,
        &session,
        json!({"role": "GitHubDeploy", "duration_seconds": 7200}),
    );
    assert_eq!(error_code(&outcome), "ValidationError");
}
