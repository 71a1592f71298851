use iam_world::examples::example;
use iam_world::model::{HopDoc, MfaDoc};
use iam_world::{Chain, Credentials, Step};

use super::*;

fn steps(
    example_id: &str,
    principal: &str,
    credentials: Option<Credentials>,
    hops: Vec<HopDoc>,
) -> Vec<Step> {
    let world = example(example_id).unwrap().load().unwrap();
    let clock = world.clock().unwrap();
    let principal = world.resolve_principal(principal).unwrap();
    let actor = world.actor(&principal, credentials, clock).unwrap();
    Chain::new(&world, actor, hops, clock).run().unwrap()
}

fn hop(role: &str) -> HopDoc {
    HopDoc {
        role: role.into(),
        ..HopDoc::default()
    }
}

fn commands_of(step: &Step, caller: &str) -> Commands {
    commands(
        &step.outcome,
        &step.hop,
        &HopContext {
            index: step.index,
            chained: step.index > 0 && !step.implicit,
            caller_name: caller.into(),
            ..HopContext::default()
        },
    )
}

#[test]
fn david_assumes_update_app_as_in_the_tutorial() {
    let mut update = hop("UpdateApp");
    update.session_name = Some("David-ProdUpdate".into());
    let steps = steps("delegate-across-accounts", "David", None, vec![update]);
    let out = commands_of(&steps[0], "David");
    assert_eq!(
        out.command,
        "aws sts assume-role \\\n  --role-arn arn:aws:iam::999999999999:role/UpdateApp \\\n  --role-session-name David-ProdUpdate"
    );
    let exports = out.exports.unwrap();
    assert!(exports.starts_with("export AWS_ACCESS_KEY_ID=ASIAIOSFODNN7EXAMPLE\n"));
    for line in exports.lines().filter(|l| l.starts_with("export")) {
        assert!(
            line.contains("EXAMPLE"),
            "every secret says EXAMPLE: {line}"
        );
    }
    let response: serde_json::Value = serde_json::from_str(&out.response).unwrap();
    assert_eq!(
        response["AssumedRoleUser"]["Arn"],
        "arn:aws:sts::999999999999:assumed-role/UpdateApp/David-ProdUpdate"
    );
    assert_eq!(
        response["Credentials"]["Expiration"],
        "2025-01-15T10:30:00Z"
    );
    assert!(
        response["Credentials"]["SecretAccessKey"]
            .as_str()
            .unwrap()
            .contains("EXAMPLE")
    );
}

#[test]
fn a_denied_hop_prints_the_cli_error() {
    let steps = steps(
        "delegate-across-accounts",
        "Theresa",
        None,
        vec![hop("UpdateApp")],
    );
    let out = commands_of(&steps[0], "Theresa");
    assert!(out.exports.is_none());
    assert!(
        out.response.starts_with(
            "An error occurred (AccessDenied) when calling the AssumeRole operation: "
        ),
        "{}",
        out.response
    );
    assert!(out.response.contains("explicit deny"), "{}", out.response);
}

#[test]
fn mfa_and_external_id_become_options() {
    let mut mfa = hop("CrossAccount-B-MFA");
    mfa.mfa = Some(MfaDoc {
        serial_number: None,
        token_code: None,
    });
    let steps_mfa = steps(
        "cross-account-alex",
        "Alex",
        Some(Credentials::access_key()),
        vec![mfa],
    );
    let out = commands(
        &steps_mfa[0].outcome,
        &steps_mfa[0].hop,
        &HopContext {
            mfa_serial: Some("arn:aws:iam::878893308172:mfa/Alex".into()),
            caller_name: "Alex".into(),
            ..HopContext::default()
        },
    );
    assert!(
        out.command.contains(
            "--serial-number arn:aws:iam::878893308172:mfa/Alex \\\n  --token-code 123456"
        ),
        "{}",
        out.command
    );

    let mut external = hop("CrossAccount-B-ExternalId");
    external.external_id = Some("alex-7d1f9a".into());
    let steps_ext = steps(
        "cross-account-alex",
        "Alex",
        Some(Credentials::access_key()),
        vec![external],
    );
    let out = commands_of(&steps_ext[0], "Alex");
    assert!(
        out.command.ends_with("--external-id alex-7d1f9a"),
        "{}",
        out.command
    );
    assert!(out.exports.is_some());
}

#[test]
fn chained_hops_carry_tags_and_source_identity() {
    let mut jump = hop("JumpRole");
    jump.source_identity = Some("Dana".into());
    jump.tags.insert("Project".into(), "Apollo".into());
    jump.transitive_tag_keys = vec!["Project".into()];
    let steps = steps("role-chaining", "Dana", None, vec![jump, hop("DataReader")]);
    let first = commands_of(&steps[0], "Dana");
    assert!(first.command.contains("--source-identity Dana"));
    assert!(first.command.contains("--tags Key=Project,Value=Apollo"));
    assert!(first.command.contains("--transitive-tag-keys Project"));
    let second = commands_of(&steps[1], "Dana");
    assert!(
        second
            .command
            .starts_with("# with the previous step's credentials exported\n")
    );
    assert!(
        second
            .exports
            .as_deref()
            .unwrap()
            .contains("ASIAIOSFODNN8EXAMPLE"),
        "each hop gets its own fake key"
    );
    let response: serde_json::Value = serde_json::from_str(&second.response).unwrap();
    assert_eq!(response["SourceIdentity"], "Dana");
}

#[test]
fn federation_services_identity_center_and_roles_anywhere() {
    let saml = steps(
        "azure-ad-saml",
        "alice@firstcloudjourney.onmicrosoft.com",
        None,
        vec![hop("S3RoleFull")],
    );
    let out = commands(
        &saml[0].outcome,
        &saml[0].hop,
        &HopContext {
            provider: Some("arn:aws:iam::111122223333:saml-provider/AzureAD".into()),
            caller_name: "alice@firstcloudjourney.onmicrosoft.com".into(),
            ..HopContext::default()
        },
    );
    assert!(out.command.starts_with("aws sts assume-role-with-saml \\\n  --role-arn arn:aws:iam::111122223333:role/S3RoleFull \\\n  --principal-arn arn:aws:iam::111122223333:saml-provider/AzureAD"));
    let response: serde_json::Value = serde_json::from_str(&out.response).unwrap();
    assert_eq!(response["SubjectType"], "persistent");

    let instance = steps("service-roles", "i-0a1b2c3d4e5f60718", None, Vec::new());
    assert!(instance[0].implicit);
    let out = commands_of(&instance[0], "i-0a1b2c3d4e5f60718");
    assert!(
        out.command
            .contains("security-credentials/WebAppInstanceRole"),
        "{}",
        out.command
    );
    assert!(out.note.unwrap().starts_with("EC2 assumes"));

    let function = steps("service-roles", "make-thumbnail", None, Vec::new());
    let out = commands_of(&function[0], "make-thumbnail");
    assert!(
        out.note.unwrap().starts_with("Lambda assumes"),
        "{}",
        out.command
    );

    let idc = steps(
        "identity-center",
        "alice@example.com",
        None,
        vec![hop("300000000003/ReadOnly")],
    );
    let out = commands_of(&idc[0], "alice@example.com");
    assert!(
        out.command
            .contains("aws sso login --profile ReadOnly-300000000003"),
        "{}",
        out.command
    );

    let anywhere = steps(
        "roles-anywhere",
        "backup-server",
        None,
        vec![hop("OnPremBackupRole")],
    );
    let out = commands_of(&anywhere[0], "backup-server");
    assert!(
        out.command
            .starts_with("aws_signing_helper credential-process")
    );
    assert!(
        out.command
            .contains("--trust-anchor-arn arn:aws:rolesanywhere:"),
        "{}",
        out.command
    );
}

#[test]
fn odd_values_are_quoted_for_the_shell() {
    assert_eq!(shell("alex-7d1f9a"), "alex-7d1f9a");
    assert_eq!(shell("two words"), "'two words'");
    assert_eq!(shell("it's"), "'it'\\''s'");
}
