//! The IAM policy grammar: what IAM accepts and what it rejects, with where the error points.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use iam_policy::ast::{Principals, ResourcePattern};
use iam_policy::condition::{OperatorKind, SetQualifier, TypedValue};
use iam_policy::principal::PrincipalPattern;
use iam_policy::{Effect, PolicyKind, Version, diagnose, parse_policy};

/// Parses `text` as `kind` and returns the first error's (code, line, column, path).
fn first_error(text: &str, kind: PolicyKind) -> (&'static str, u32, u32, String) {
    let diagnostics = diagnose(text, kind);
    let first = diagnostics
        .first()
        .unwrap_or_else(|| panic!("expected an error for {text}"));
    (
        first.code,
        first.start.line,
        first.start.column,
        first.path.clone(),
    )
}

fn codes(text: &str, kind: PolicyKind) -> Vec<&'static str> {
    diagnose(text, kind).into_iter().map(|d| d.code).collect()
}

/// The seed tutorial's `read-write-app-bucket` policy, verbatim (its odd indentation too).
const SEED_004_BUCKET_POLICY: &str =
    include_str!("../../../tests/seeds/read-write-app-bucket.json");

#[test]
fn the_seed_tutorial_policy_parses_with_spans() {
    let policy = parse_policy(SEED_004_BUCKET_POLICY, PolicyKind::Identity).unwrap();
    assert_eq!(policy.version, Version::V2012_10_17);
    assert_eq!(policy.statements.len(), 3);
    let third = &policy.statements[2];
    assert_eq!(third.effect.value, Effect::Allow);
    assert_eq!(third.action.items.len(), 3);
    assert_eq!(
        third.action.items[1].span.slice(SEED_004_BUCKET_POLICY),
        Some("\"s3:PutObject\"")
    );
    assert_eq!(policy.statement_path(2), "$.Statement[2]");
}

#[test]
fn statement_may_be_a_single_object() {
    let text = r#"{"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":"sts:AssumeRole","Resource":"arn:aws:iam::999999999999:role/UpdateApp"}}"#;
    let policy = parse_policy(text, PolicyKind::Identity).unwrap();
    assert_eq!(policy.statements.len(), 1);
    assert_eq!(policy.statement_path(0), "$.Statement");
}

#[test]
fn invalid_json_points_at_the_character() {
    let text = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\"Effect\": \"Allow\",}\n  ]\n}";
    assert_eq!(
        first_error(text, PolicyKind::Identity),
        ("json/syntax", 4, 24, "$".to_owned())
    );
}

#[test]
fn missing_effect_is_reported_at_the_statement() {
    let text = "{\n  \"Statement\": [{\"Action\": \"s3:*\", \"Resource\": \"*\"}]\n}";
    assert_eq!(
        first_error(text, PolicyKind::Identity),
        ("policy/missing-element", 2, 17, "$.Statement[0]".to_owned())
    );
}

#[test]
fn effect_is_case_sensitive() {
    let text = r#"{"Statement": {"Effect": "allow", "Action": "s3:*", "Resource": "*"}}"#;
    let (code, _, _, path) = first_error(text, PolicyKind::Identity);
    assert_eq!(
        (code, path.as_str()),
        ("policy/invalid-effect", "$.Statement.Effect")
    );
}

#[test]
fn unknown_elements_suggest_the_right_spelling() {
    let text = r#"{"Statement": {"effect": "Allow", "Action": "s3:*", "Resource": "*"}}"#;
    let diagnostics = diagnose(text, PolicyKind::Identity);
    assert_eq!(diagnostics[0].code, "policy/unknown-element");
    assert!(diagnostics[0].message.contains("did you mean `Effect`"));
    assert_eq!(diagnostics[0].path, "$.Statement.effect");
}

#[test]
fn action_and_not_action_conflict() {
    let text = r#"{"Statement": {"Effect": "Allow", "Action": "s3:*", "NotAction": "iam:*", "Resource": "*"}}"#;
    assert_eq!(
        codes(text, PolicyKind::Identity),
        ["policy/conflicting-elements"]
    );
    let text = r#"{"Statement": {"Effect": "Allow", "Principal": "*", "NotPrincipal": "*", "Action": "s3:*", "Resource": "*"}}"#;
    assert_eq!(
        codes(text, PolicyKind::Resource),
        ["policy/conflicting-elements"]
    );
}

#[test]
fn missing_action_statement_and_duplicates() {
    assert_eq!(
        codes(
            r#"{"Statement": {"Effect": "Allow", "Resource": "*"}}"#,
            PolicyKind::Identity
        ),
        ["policy/missing-element"]
    );
    assert_eq!(
        codes(r#"{"Version": "2012-10-17"}"#, PolicyKind::Identity),
        ["policy/missing-element"]
    );
    let text = r#"{"Statement": {"Effect": "Allow", "Effect": "Deny", "Action": "s3:*", "Resource": "*"}}"#;
    assert_eq!(
        codes(text, PolicyKind::Identity),
        ["policy/duplicate-element"]
    );
}

#[test]
fn wrong_json_types_say_what_was_expected() {
    let text = r#"{"Statement": {"Effect": "Allow", "Action": 42, "Resource": "*"}}"#;
    let diagnostics = diagnose(text, PolicyKind::Identity);
    assert_eq!(diagnostics[0].code, "policy/wrong-type");
    assert_eq!(
        diagnostics[0].message,
        "`Action` must be a string or an array of strings, found a number"
    );
    assert_eq!(diagnostics[0].path, "$.Statement.Action");
    let text =
        r#"{"Statement": {"Effect": "Allow", "Action": ["s3:GetObject", 7], "Resource": "*"}}"#;
    assert_eq!(
        first_error(text, PolicyKind::Identity).3,
        "$.Statement.Action[1]"
    );
    assert_eq!(codes("[]", PolicyKind::Identity), ["policy/wrong-type"]);
}

#[test]
fn version_must_be_a_known_date() {
    let text = r#"{"Version": "2012-10-18", "Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "*"}}"#;
    assert_eq!(
        codes(text, PolicyKind::Identity),
        ["policy/invalid-version"]
    );
    let text = r#"{"Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "*"}}"#;
    assert_eq!(
        parse_policy(text, PolicyKind::Identity).unwrap().version,
        Version::Missing
    );
}

#[test]
fn actions_need_a_service_prefix_and_resources_an_arn() {
    let text = r#"{"Statement": {"Effect": "Allow", "Action": "GetObject", "Resource": "*"}}"#;
    assert_eq!(codes(text, PolicyKind::Identity), ["policy/invalid-action"]);
    let text = r#"{"Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "productionapp/*"}}"#;
    assert_eq!(
        codes(text, PolicyKind::Identity),
        ["policy/invalid-resource"]
    );
    let text = r#"{"Statement": {"Effect": "Allow", "Action": "", "Resource": "*"}}"#;
    assert_eq!(codes(text, PolicyKind::Identity), ["policy/empty-value"]);
}

#[test]
fn variables_only_in_the_resource_part() {
    let text = r#"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::${aws:username}/*"}}"#;
    let policy = parse_policy(text, PolicyKind::Identity).unwrap();
    let resource = &policy.statements[0].resource.as_ref().unwrap().items[0];
    assert!(matches!(
        resource.pattern,
        ResourcePattern::WithVariables(_)
    ));
    let text = r#"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:sqs:us-east-1:${aws:PrincipalAccount}:q"}}"#;
    assert_eq!(
        codes(text, PolicyKind::Identity),
        ["policy/variable-outside-resource-part"]
    );
    // Legacy versions keep the text literal, so nothing to reject.
    let text = r#"{"Version": "2008-10-17", "Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::${aws:username}/*"}}"#;
    let policy = parse_policy(text, PolicyKind::Identity).unwrap();
    assert!(matches!(
        policy.statements[0].resource.as_ref().unwrap().items[0].pattern,
        ResourcePattern::Arn(_)
    ));
}

#[test]
fn principals_in_every_form() {
    let text = r#"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {
        "AWS": ["111111111111", "arn:aws:iam::222222222222:user/u", "arn:aws:iam::222222222222:role/path/r"],
        "Service": "ec2.amazonaws.com",
        "Federated": "arn:aws:iam::111111111111:saml-provider/AzureAD"}}}"#;
    let policy = parse_policy(text, PolicyKind::Trust).unwrap();
    let Principals::Listed(entries) = &policy.statements[0].principal.as_ref().unwrap().principals
    else {
        panic!("listed principals expected")
    };
    assert_eq!(entries.len(), 5);
    assert_eq!(
        entries[2].pattern,
        PrincipalPattern::Role {
            account: "222222222222".into(),
            name: "r".into()
        }
    );
}

#[test]
fn principal_errors() {
    let bad_key = r#"{"Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "*", "Principal": {"aws": "*"}}}"#;
    assert_eq!(
        codes(bad_key, PolicyKind::Resource),
        ["policy/invalid-principal-key"]
    );
    let wildcard = r#"{"Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "*", "Principal": {"AWS": "arn:aws:iam::111111111111:user/*"}}}"#;
    let (code, _, _, path) = first_error(wildcard, PolicyKind::Resource);
    assert_eq!(
        (code, path.as_str()),
        ("policy/invalid-principal", "$.Statement.Principal.AWS")
    );
    let short = r#"{"Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "*", "Principal": {"AWS": "12345"}}}"#;
    assert_eq!(
        codes(short, PolicyKind::Resource),
        ["policy/invalid-principal"]
    );
}

#[test]
fn conditions_are_flattened_and_typed() {
    let text = r#"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "*",
        "Condition": {
            "IpAddress": {"aws:SourceIp": ["203.0.113.0/24", "2001:DB8::/32"]},
            "ForAnyValue:StringLikeIfExists": {"aws:TagKeys": "env*", "aws:PrincipalTag/Team": "${aws:username}"},
            "NumericLessThan": {"s3:max-keys": 10},
            "Bool": {"aws:SecureTransport": true}
        }}}"#;
    let policy = parse_policy(text, PolicyKind::Identity).unwrap();
    let conditions = &policy.statements[0].conditions;
    assert_eq!(conditions.len(), 5);
    assert_eq!(conditions[0].operator.kind, OperatorKind::IpAddress);
    assert_eq!(conditions[0].values.len(), 2);
    assert_eq!(
        conditions[1].operator.qualifier,
        Some(SetQualifier::ForAnyValue)
    );
    assert!(conditions[1].operator.if_exists);
    assert_eq!(conditions[2].key_lower, "aws:principaltag/team");
    assert!(matches!(conditions[3].values[0].typed, TypedValue::Number(n) if n == 10.0));
    assert!(matches!(
        conditions[4].values[0].typed,
        TypedValue::Bool(true)
    ));
}

#[test]
fn condition_errors() {
    let unknown = r#"{"Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "*", "Condition": {"StringEqual": {"a:b": "c"}}}}"#;
    assert_eq!(
        first_error(unknown, PolicyKind::Identity).0,
        "policy/unknown-condition-operator"
    );
    let miscased = r#"{"Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "*", "Condition": {"stringequals": {"a:b": "c"}}}}"#;
    assert!(
        diagnose(miscased, PolicyKind::Identity)[0]
            .message
            .contains("did you mean `StringEquals`")
    );
    let null_if_exists = r#"{"Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "*", "Condition": {"NullIfExists": {"a:b": "true"}}}}"#;
    assert_eq!(
        codes(null_if_exists, PolicyKind::Identity),
        ["policy/null-with-if-exists"]
    );
    let object_value = r#"{"Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "*", "Condition": {"StringEquals": {"a:b": {"c": 1}}}}}"#;
    let (code, _, _, path) = first_error(object_value, PolicyKind::Identity);
    assert_eq!(code, "policy/wrong-type");
    assert_eq!(path, "$.Statement.Condition.StringEquals[\"a:b\"]");
}

#[test]
fn identity_policies_cannot_name_principals() {
    let text = r#"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Principal": "*", "Action": "s3:*", "Resource": "*"}}"#;
    assert_eq!(
        codes(text, PolicyKind::Identity),
        ["policy/element-not-allowed"]
    );
    assert_eq!(
        codes(text, PolicyKind::PermissionsBoundary),
        ["policy/element-not-allowed"]
    );
    assert_eq!(
        codes(text, PolicyKind::ServiceControl),
        ["policy/element-not-allowed"]
    );
    assert!(codes(text, PolicyKind::Resource).is_empty());
}

#[test]
fn resource_policies_need_principals_and_identity_policies_need_resources() {
    let no_principal = r#"{"Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "*"}}"#;
    assert_eq!(
        codes(no_principal, PolicyKind::Resource),
        ["policy/element-required"]
    );
    assert_eq!(
        codes(no_principal, PolicyKind::Trust),
        ["policy/element-required", "policy/element-not-allowed"]
    );
    let no_resource = r#"{"Statement": {"Effect": "Allow", "Action": "s3:*"}}"#;
    assert_eq!(
        codes(no_resource, PolicyKind::Identity),
        ["policy/element-required"]
    );
}

#[test]
fn trust_policy_rules() {
    let with_resource = r#"{"Statement": {"Effect": "Allow", "Principal": {"AWS": "111111111111"}, "Action": "sts:AssumeRole", "Resource": "*"}}"#;
    assert_eq!(
        codes(with_resource, PolicyKind::Trust),
        ["policy/element-not-allowed"]
    );
    let not_principal = r#"{"Statement": {"Effect": "Deny", "NotPrincipal": {"AWS": "111111111111"}, "Action": "sts:AssumeRole"}}"#;
    assert_eq!(
        codes(not_principal, PolicyKind::Trust),
        ["policy/element-not-allowed"]
    );
    let federated_in_bucket = r#"{"Statement": {"Effect": "Allow", "Principal": {"Federated": "accounts.google.com"}, "Action": "s3:*", "Resource": "*"}}"#;
    assert_eq!(
        codes(federated_in_bucket, PolicyKind::Resource),
        ["policy/federated-outside-trust-policy"]
    );
}

#[test]
fn not_principal_needs_deny() {
    let text = r#"{"Statement": {"Effect": "Allow", "NotPrincipal": {"AWS": "111111111111"}, "Action": "s3:*", "Resource": "*"}}"#;
    assert_eq!(
        codes(text, PolicyKind::Resource),
        ["policy/not-principal-with-allow"]
    );
}

#[test]
fn organization_policies() {
    let no_version = r#"{"Statement": {"Effect": "Deny", "Action": "s3:*", "Resource": "*"}}"#;
    assert_eq!(
        codes(no_version, PolicyKind::ServiceControl),
        ["policy/version-required"]
    );
    let rcp_principal = r#"{"Version": "2012-10-17", "Statement": {"Effect": "Deny", "Principal": {"AWS": "111111111111"}, "Action": "s3:*", "Resource": "*"}}"#;
    assert_eq!(
        codes(rcp_principal, PolicyKind::ResourceControl),
        ["policy/rcp-principal"]
    );
    let rcp_allow = r#"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "*"}}"#;
    assert_eq!(
        codes(rcp_allow, PolicyKind::ResourceControl),
        ["policy/rcp-allow"]
    );
    let full_access = r#"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}}"#;
    assert!(codes(full_access, PolicyKind::ResourceControl).is_empty());
}

#[test]
fn iam_sid_rules() {
    let bad = r#"{"Statement": [{"Sid": "Allow S3", "Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}"#;
    assert_eq!(codes(bad, PolicyKind::Identity), ["policy/invalid-sid"]);
    let duplicate = r#"{"Statement": [{"Sid": "A", "Effect": "Allow", "Action": "s3:*", "Resource": "*"}, {"Sid": "A", "Effect": "Deny", "Action": "s3:*", "Resource": "*"}]}"#;
    let (code, _, _, path) = first_error(duplicate, PolicyKind::Identity);
    assert_eq!(
        (code, path.as_str()),
        ("policy/duplicate-sid", "$.Statement[1].Sid")
    );
}

#[test]
fn iam_policies_accept_only_latin_1() {
    let text = "{\"Statement\": {\"Sid\": \"A\", \"Effect\": \"Allow\", \"Action\": \"s3:*\", \"Resource\": \"arn:aws:s3:::caf\u{e9}/\u{1F600}\"}}";
    let diagnostics = diagnose(text, PolicyKind::Identity);
    assert_eq!(diagnostics[0].code, "policy/character-not-allowed");
    // Everything before the emoji is in the Basic Multilingual Plane: one UTF-16 unit each.
    assert_eq!(
        diagnostics[0].start.column,
        diagnostics[0].start.utf16_column
    );
    // Resource-based policies of other services accept any UTF-8.
    assert!(!codes(text, PolicyKind::Resource).contains(&"policy/character-not-allowed"));
}

#[test]
fn collects_every_error_at_once() {
    let text = r#"{"Statement": [
        {"Effect": "Permit", "Action": "s3:*", "Resource": "*"},
        {"Effect": "Allow", "Action": "s3", "Resource": "bucket"}
    ]}"#;
    assert_eq!(
        codes(text, PolicyKind::Identity),
        [
            "policy/invalid-effect",
            "policy/invalid-action",
            "policy/invalid-resource"
        ]
    );
}

#[test]
fn utf16_columns_count_astral_characters_twice() {
    let text = "{\"Id\": \"\u{1F600}\", \"Statement\": {\"Effect\": \"Nope\", \"Action\": \"s3:*\", \"Resource\": \"*\"}}";
    let diagnostics = diagnose(text, PolicyKind::Resource);
    let effect = diagnostics
        .iter()
        .find(|d| d.code == "policy/invalid-effect")
        .unwrap();
    assert_eq!(effect.start.utf16_column, effect.start.column + 1);
}
