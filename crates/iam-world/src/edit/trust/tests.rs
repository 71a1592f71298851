use iam_policy::{PolicyKind, parse_policy};

use super::*;

const UPDATE_APP: &str = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Principal\": {\n        \"AWS\": \"arn:aws:iam::111111111111:root\"\n      },\n      \"Action\": \"sts:AssumeRole\"\n    }\n  ]\n}";

fn assert_trust_policy(text: &str) {
    if let Err(errors) = parse_policy(text, PolicyKind::Trust) {
        panic!("not a valid trust policy: {errors:?}\n{text}");
    }
}

#[test]
fn adding_to_a_statement_with_the_same_key_makes_a_list() {
    let out = add_principal(
        UPDATE_APP,
        &TrustPrincipal::aws("arn:aws:iam::111111111111:user/David"),
    )
    .unwrap();
    assert_eq!(
        out,
        UPDATE_APP.replace(
            "\"AWS\": \"arn:aws:iam::111111111111:root\"",
            "\"AWS\": [\"arn:aws:iam::111111111111:root\", \"arn:aws:iam::111111111111:user/David\"]"
        )
    );
    assert_trust_policy(&out);
}

#[test]
fn adding_to_a_multi_line_list_keeps_its_layout() {
    let text = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Principal\": {\n        \"AWS\": [\n          \"arn:aws:iam::111111111111:root\",\n          \"arn:aws:iam::222222222222:root\"\n        ]\n      },\n      \"Action\": \"sts:AssumeRole\"\n    }\n  ]\n}";
    let out = add_principal(text, &TrustPrincipal::aws("333333333333")).unwrap();
    assert_eq!(
        out,
        text.replace(
            "\"arn:aws:iam::222222222222:root\"\n",
            "\"arn:aws:iam::222222222222:root\",\n          \"333333333333\"\n"
        )
    );
    assert_trust_policy(&out);
}

#[test]
fn a_new_key_joins_the_principal_object() {
    let out = add_principal(UPDATE_APP, &TrustPrincipal::service("ec2.amazonaws.com")).unwrap();
    assert!(
        out.contains(
            "\"AWS\": \"arn:aws:iam::111111111111:root\",\n        \"Service\": \"ec2.amazonaws.com\"\n      },"
        ),
        "{out}"
    );
    assert_trust_policy(&out);
}

#[test]
fn a_provider_gets_its_own_statement_with_its_action() {
    let saml = TrustPrincipal::federated("arn:aws:iam::111111111111:saml-provider/AzureAD");
    let out = add_principal(UPDATE_APP, &saml).unwrap();
    let expected_tail = ",\n    {\n      \"Effect\": \"Allow\",\n      \"Principal\": {\n        \"Federated\": \"arn:aws:iam::111111111111:saml-provider/AzureAD\"\n      },\n      \"Action\": \"sts:AssumeRoleWithSAML\"\n    }\n  ]\n}";
    assert!(out.ends_with(expected_tail), "{out}");
    assert!(out.starts_with(&UPDATE_APP[..UPDATE_APP.len() - 6]));
    assert_trust_policy(&out);

    let oidc = TrustPrincipal::federated(
        "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com",
    );
    assert_eq!(oidc.assume_action(), "sts:AssumeRoleWithWebIdentity");
    let out = add_principal(&out, &oidc).unwrap();
    assert!(out.contains("\"Action\": \"sts:AssumeRoleWithWebIdentity\""));
    assert_trust_policy(&out);
}

#[test]
fn conditional_statements_are_not_joined() {
    let text = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"111111111111\"},\"Action\":\"sts:AssumeRole\",\"Condition\":{\"Bool\":{\"aws:MultiFactorAuthPresent\":\"true\"}}}]}";
    let out = add_principal(text, &TrustPrincipal::aws("222222222222")).unwrap();
    assert_eq!(
        out,
        text.replace(
            "}}}]}",
            "}}},{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"222222222222\"},\"Action\":\"sts:AssumeRole\"}]}"
        )
    );
    assert_trust_policy(&out);
}

#[test]
fn the_first_arrow_fills_an_empty_policy() {
    let out = add_principal(&empty_trust_policy(), &TrustPrincipal::aws("111111111111")).unwrap();
    assert_eq!(
        out,
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Principal\": {\n        \"AWS\": \"111111111111\"\n      },\n      \"Action\": \"sts:AssumeRole\"\n    }\n  ]\n}"
    );
    assert_trust_policy(&out);
}

#[test]
fn a_single_statement_object_becomes_a_list() {
    let text = "{\n    \"Version\": \"2012-10-17\",\n    \"Statement\": {\n        \"Effect\": \"Allow\",\n        \"Principal\": {\"AWS\": \"111111111111\"},\n        \"Action\": \"sts:AssumeRole\",\n        \"Condition\": {\"Bool\": {\"aws:MultiFactorAuthPresent\": \"true\"}}\n    }\n}";
    let out = add_principal(text, &TrustPrincipal::service("lambda.amazonaws.com")).unwrap();
    assert_trust_policy(&out);
    let policy = parse_policy(&out, PolicyKind::Trust).unwrap();
    assert_eq!(policy.statements.len(), 2);
    assert!(out.contains("\"Statement\": [\n        {\n            \"Effect\": \"Allow\",\n            \"Principal\": {\"AWS\": \"111111111111\"},"), "{out}");
}

#[test]
fn a_missing_statement_element_is_added() {
    let out = add_principal("{\"Version\":\"2012-10-17\"}", &TrustPrincipal::aws("*")).unwrap();
    assert_eq!(
        out,
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"*\"},\"Action\":\"sts:AssumeRole\"}]}"
    );
    assert_trust_policy(&out);
}

#[test]
fn an_account_is_the_same_principal_as_its_root_arn() {
    assert_eq!(
        add_principal(UPDATE_APP, &TrustPrincipal::aws("111111111111")),
        Err(TrustEditError::AlreadyTrusted)
    );
    assert!(names_principal(
        UPDATE_APP,
        &TrustPrincipal::aws("111111111111")
    ));
    let out = remove_principal(UPDATE_APP, &TrustPrincipal::aws("111111111111")).unwrap();
    assert_eq!(
        out,
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": []\n}"
    );
    assert_trust_policy(&out);
}

#[test]
fn removing_one_of_several_principals_keeps_the_statement() {
    let added = add_principal(
        UPDATE_APP,
        &TrustPrincipal::aws("arn:aws:iam::111111111111:user/David"),
    )
    .unwrap();
    let out = remove_principal(
        &added,
        &TrustPrincipal::aws("arn:aws:iam::111111111111:user/David"),
    )
    .unwrap();
    assert_eq!(
        out,
        UPDATE_APP.replace(
            "\"AWS\": \"arn:aws:iam::111111111111:root\"",
            "\"AWS\": [\"arn:aws:iam::111111111111:root\"]"
        )
    );
    let service = add_principal(UPDATE_APP, &TrustPrincipal::service("ec2.amazonaws.com")).unwrap();
    assert_eq!(
        remove_principal(&service, &TrustPrincipal::service("ec2.amazonaws.com")).unwrap(),
        UPDATE_APP
    );
}

#[test]
fn removing_a_principal_named_in_several_statements_removes_it_everywhere() {
    let text = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"111111111111\"},\"Action\":\"sts:AssumeRole\",\"Condition\":{\"Bool\":{\"aws:MultiFactorAuthPresent\":\"true\"}}},{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":[\"arn:aws:iam::111111111111:root\",\"222222222222\"]},\"Action\":\"sts:AssumeRole\"},{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"ec2.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";
    let out = remove_principal(text, &TrustPrincipal::aws("111111111111")).unwrap();
    assert_eq!(
        out,
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":[\"222222222222\"]},\"Action\":\"sts:AssumeRole\"},{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"ec2.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}"
    );
    assert_trust_policy(&out);
}

#[test]
fn deny_statements_and_other_actions_are_left_alone() {
    let text = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Principal\":{\"AWS\":\"111111111111\"},\"Action\":\"sts:AssumeRole\"}]}";
    assert_eq!(
        remove_principal(text, &TrustPrincipal::aws("111111111111")),
        Err(TrustEditError::NotTrusted)
    );
    assert!(!names_principal(text, &TrustPrincipal::aws("111111111111")));
}

#[test]
fn malformed_text_is_reported_not_touched() {
    assert!(matches!(
        add_principal("{\"Statement\": [", &TrustPrincipal::aws("111111111111")),
        Err(TrustEditError::NotJson(_))
    ));
    assert_eq!(
        add_principal("[1]", &TrustPrincipal::aws("111111111111")),
        Err(TrustEditError::NotAPolicy)
    );
}

#[test]
fn add_then_remove_restores_every_example_trust_policy() {
    let principals = [
        TrustPrincipal::aws("arn:aws:iam::210987654321:role/Deployer"),
        TrustPrincipal::aws("210987654321"),
        TrustPrincipal::service("ec2.amazonaws.com"),
        TrustPrincipal::federated("arn:aws:iam::210987654321:saml-provider/Okta"),
    ];
    for example in crate::examples() {
        let doc = example.doc().unwrap();
        for role in doc.accounts.iter().flat_map(|a| &a.roles) {
            for principal in &principals {
                if names_principal(&role.trust_policy, principal) {
                    continue;
                }
                let added = add_principal(&role.trust_policy, principal).unwrap();
                assert_trust_policy(&added);
                assert!(names_principal(&added, principal));
                let removed = remove_principal(&added, principal).unwrap();
                assert_trust_policy(&removed);
                assert!(!names_principal(&removed, principal));
                let before = parse_policy(&role.trust_policy, PolicyKind::Trust).unwrap();
                let after = parse_policy(&removed, PolicyKind::Trust).unwrap();
                assert_eq!(
                    before.statements.len(),
                    after.statements.len(),
                    "{} {:?}\n{removed}",
                    role.name,
                    principal
                );
            }
        }
    }
}
