//! One test per world-loading rule: each bad world fails with the expected error kind at the
//! JSON path of the offending element.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{policy, trust};
use iam_world::{LoadError, LoadErrorKind, load};
use serde_json::{Value, json};

const A: &str = "111111111111";

fn errors(mut doc: Value) -> Vec<LoadError> {
    common::managed_texts();
    if doc.get("version").is_none() {
        doc["version"] = json!(1);
    }
    match load(&doc.to_string()) {
        Ok(_) => panic!("the world loaded but should not"),
        Err(errors) => errors.0,
    }
}

/// The single error of `doc`, which must be at `path` with code `code`.
fn only_error(doc: Value, path: &str, code: &str) -> LoadErrorKind {
    let errors = errors(doc);
    let found: Vec<String> = errors
        .iter()
        .map(|e| format!("{} [{}]", e.path, e.code()))
        .collect();
    let error = errors
        .iter()
        .find(|e| e.path == path && e.code() == code)
        .unwrap_or_else(|| panic!("no {code} at {path}; got {found:?}"));
    assert_eq!(errors.len(), 1, "exactly one error expected, got {found:?}");
    error.kind.clone()
}

fn simple_trust() -> String {
    trust(json!({"AWS": A}), json!("sts:AssumeRole"), None)
}

fn account(contents: Value) -> Value {
    let mut account = json!({"id": A});
    if let (Some(target), Some(extra)) = (account.as_object_mut(), contents.as_object()) {
        target.extend(extra.clone());
    }
    json!({"accounts": [account]})
}

#[test]
fn json_syntax_errors_are_located_by_line_and_column() {
    let error = load("{\n  \"version\": 1,\n  \"accounts\": [,]\n}").unwrap_err();
    let LoadErrorKind::Format { line, .. } = &error.0[0].kind else {
        panic!("{error}")
    };
    assert_eq!(*line, 3);
}

#[test]
fn unknown_fields_are_rejected_at_their_path() {
    let found = errors(
        json!({"accounts": [{"id": A, "roles": [{"name": "R", "trust_polcy": simple_trust()}]}]}),
    );
    let paths: Vec<&str> = found.iter().map(|e| e.path.as_str()).collect();
    // Every format problem is reported: the misspelt key, and the field it fails to set.
    assert_eq!(
        paths,
        [
            "$.accounts[0].roles[0].trust_polcy",
            "$.accounts[0].roles[0]"
        ]
    );
    assert!(found.iter().all(|e| e.code() == "world/format"));
    assert!(
        found[0].kind.to_string().contains("trust_polcy"),
        "{}",
        found[0]
    );
    assert!(
        found[1]
            .kind
            .to_string()
            .contains("missing field `trust_policy`"),
        "{}",
        found[1]
    );
}

#[test]
fn format_problems_are_located_by_line_and_column() {
    let text = "{\n  \"version\": 1,\n  \"accounts\": [\n    {\"id\": \"111111111111\", \"colour\": 1}\n  ]\n}";
    let error = load(text).unwrap_err();
    let LoadErrorKind::Format {
        line,
        column,
        message,
    } = &error.0[0].kind
    else {
        panic!("{error}")
    };
    assert_eq!(error.0[0].path, "$.accounts[0].colour");
    assert_eq!((*line, *column), (4, 28), "{message}");
    assert!(
        message.starts_with("unknown field `colour`, expected one of `id`"),
        "{message}"
    );
}

#[test]
fn wrong_types_name_what_was_expected_and_found() {
    let found = errors(json!({"accounts": [{"id": 111111111111u64, "users": {"name": "u"}}]}));
    let messages: Vec<String> = found
        .iter()
        .map(|e| format!("{} {}", e.path, e.kind))
        .collect();
    assert_eq!(messages.len(), 2, "{messages:?}");
    assert!(
        messages[0].starts_with("$.accounts[0].id expected a string, found a number"),
        "{messages:?}"
    );
    assert!(
        messages[1].starts_with("$.accounts[0].users expected an array, found an object"),
        "{messages:?}"
    );
}

#[test]
fn secrets_cannot_be_stored_with_access_keys() {
    let doc = account(
        json!({"users": [{"name": "u1", "access_keys": [{"id": "AKIAIOSFODNN7EXAMPLE", "secret": "wJalrXUtnFEMI"}]}]}),
    );
    only_error(
        doc,
        "$.accounts[0].users[0].access_keys[0].secret",
        "world/format",
    );
}

#[test]
fn only_version_1_is_read() {
    only_error(
        json!({"version": 2, "accounts": []}),
        "$.version",
        "world/unsupported-version",
    );
}

#[test]
fn account_ids_have_twelve_digits() {
    only_error(
        json!({"accounts": [{"id": "12345"}]}),
        "$.accounts[0].id",
        "world/invalid-account-id",
    );
}

#[test]
fn an_account_is_listed_once() {
    only_error(
        json!({"accounts": [{"id": A}, {"id": A}]}),
        "$.accounts[1].id",
        "world/duplicate",
    );
}

#[test]
fn account_aliases_follow_the_alias_rules() {
    only_error(
        json!({"accounts": [{"id": A, "alias": "Bad_Alias"}]}),
        "$.accounts[0].alias",
        "world/invalid-value",
    );
}

/// IAM User Guide, reference_iam-quotas.html: role names are unique within an account and
/// "are not distinguished by case".
#[test]
fn a_role_name_is_used_once_per_account_regardless_of_case() {
    let doc = account(
        json!({"roles": [{"name": "Admin", "trust_policy": simple_trust()}, {"name": "ADMIN", "trust_policy": simple_trust()}]}),
    );
    let kind = only_error(doc, "$.accounts[0].roles[1].name", "world/duplicate");
    assert!(
        kind.to_string().contains("$.accounts[0].roles[0]"),
        "{kind}"
    );
}

#[test]
fn user_names_are_unique_too() {
    let doc = account(json!({"users": [{"name": "ann"}, {"name": "Ann"}]}));
    only_error(doc, "$.accounts[0].users[1].name", "world/duplicate");
}

#[test]
fn a_group_that_does_not_exist_is_an_error() {
    let doc = account(
        json!({"groups": [{"name": "Developers"}], "users": [{"name": "david", "groups": ["Developers", "Testers"]}]}),
    );
    let kind = only_error(
        doc,
        "$.accounts[0].users[0].groups[1]",
        "world/unknown-reference",
    );
    assert!(kind.to_string().contains("Testers"), "{kind}");
}

#[test]
fn names_follow_iam_rules() {
    only_error(
        account(json!({"users": [{"name": "bad name"}]})),
        "$.accounts[0].users[0].name",
        "world/invalid-name",
    );
    only_error(
        account(json!({"roles": [{"name": "x".repeat(65), "trust_policy": simple_trust()}]})),
        "$.accounts[0].roles[0].name",
        "world/invalid-name",
    );
}

#[test]
fn paths_start_and_end_with_a_slash() {
    only_error(
        account(json!({"users": [{"name": "ann", "path": "eng"}]})),
        "$.accounts[0].users[0].path",
        "world/invalid-path",
    );
}

/// An unparsable policy is reported at the policy's JSON path, with the problem located inside
/// the policy's own text (line and column of that text).
#[test]
fn policy_errors_are_located_inside_the_policy_text() {
    let text = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [{\"Effect\": \"Alow\", \"Action\": \"s3:*\", \"Resource\": \"*\"}]\n}";
    let doc = account(
        json!({"users": [{"name": "ann", "inline_policies": [{"name": "p", "document": text}]}]}),
    );
    let kind = only_error(
        doc,
        "$.accounts[0].users[0].inline_policies[0].document",
        "world/invalid-policy",
    );
    let LoadErrorKind::Policy { problems, .. } = kind else {
        panic!()
    };
    assert_eq!(problems[0].code, "policy/invalid-effect");
    assert_eq!(problems[0].start.line, 3);
    assert_eq!(problems[0].policy_path, "$.Statement[0].Effect");
}

/// IAM User Guide, reference_policies_elements_resource.html: a role trust policy cannot name a
/// `Resource` (IAM: "Has prohibited field Resource"), so the trust policy is checked with the
/// trust-policy rules.
#[test]
fn trust_policies_follow_the_trust_policy_rules() {
    let bad = policy(
        json!([{"Effect": "Allow", "Principal": {"AWS": A}, "Action": "sts:AssumeRole", "Resource": "*"}]),
    );
    let doc = account(json!({"roles": [{"name": "R", "trust_policy": bad}]}));
    only_error(
        doc,
        "$.accounts[0].roles[0].trust_policy",
        "world/invalid-policy",
    );
}

#[test]
fn unknown_managed_policies_are_errors() {
    let doc = account(json!({"users": [{"name": "ann", "managed_policies": ["NoSuchPolicy"]}]}));
    only_error(
        doc,
        "$.accounts[0].users[0].managed_policies[0]",
        "world/unknown-reference",
    );
}

/// IAM User Guide, access_policies_managed-vs-inline.html: a customer managed policy can only
/// be attached to identities of its own account.
#[test]
fn a_customer_managed_policy_of_another_account_cannot_be_attached() {
    let doc = account(
        json!({"users": [{"name": "ann", "managed_policies": ["arn:aws:iam::222222222222:policy/Theirs"]}]}),
    );
    only_error(
        doc,
        "$.accounts[0].users[0].managed_policies[0]",
        "world/policy-not-attachable",
    );
}

/// IAM User Guide, id_roles_use.html: a role's maximum session duration is 1 to 12 hours.
#[test]
fn max_session_duration_is_one_to_twelve_hours() {
    let doc = account(
        json!({"roles": [{"name": "R", "trust_policy": simple_trust(), "max_session_duration": 50000}]}),
    );
    only_error(
        doc,
        "$.accounts[0].roles[0].max_session_duration",
        "world/invalid-value",
    );
}

#[test]
fn access_keys_are_ids_of_the_akia_form_and_at_most_two() {
    only_error(
        account(json!({"users": [{"name": "ann", "access_keys": [{"id": "secret"}]}]})),
        "$.accounts[0].users[0].access_keys[0].id",
        "world/invalid-value",
    );
    let keys = json!([{"id": "AKIAAAAAAAAAAAAAAAA1"}, {"id": "AKIAAAAAAAAAAAAAAAA2"}, {"id": "AKIAAAAAAAAAAAAAAAA3"}]);
    only_error(
        account(json!({"users": [{"name": "ann", "access_keys": keys}]})),
        "$.accounts[0].users[0].access_keys",
        "world/invalid-value",
    );
}

#[test]
fn tags_follow_the_iam_limits() {
    let doc = account(
        json!({"roles": [{"name": "R", "trust_policy": simple_trust(), "tags": {"aws:reserved": "x"}}]}),
    );
    only_error(doc, "$.accounts[0].roles[0].tags", "world/invalid-value");
}

/// IAM User Guide, using-service-linked-roles.html: service-linked roles live under
/// `/aws-service-role/`.
#[test]
fn service_linked_roles_live_under_aws_service_role() {
    let doc = account(
        json!({"roles": [{"name": "R", "trust_policy": simple_trust(), "service_linked": true}]}),
    );
    only_error(doc, "$.accounts[0].roles[0].path", "world/invalid-value");
}

#[test]
fn resources_reference_existing_roles_and_profiles() {
    only_error(
        account(
            json!({"resources": [{"type": "lambda-function", "name": "f", "role": "Missing"}]}),
        ),
        "$.accounts[0].resources[0].role",
        "world/unknown-reference",
    );
    only_error(
        account(
            json!({"resources": [{"type": "ec2-instance", "id": "i-0123456789abcdef0", "instance_profile": "Missing"}]}),
        ),
        "$.accounts[0].resources[0].instance_profile",
        "world/unknown-reference",
    );
    only_error(
        account(json!({"resources": [{"type": "ec2-instance", "id": "i-xyz"}]})),
        "$.accounts[0].resources[0].id",
        "world/invalid-value",
    );
    only_error(
        account(json!({"resources": [{"type": "s3-bucket", "name": "Bad_Bucket"}]})),
        "$.accounts[0].resources[0].name",
        "world/invalid-name",
    );
}

#[test]
fn resource_policies_follow_the_resource_policy_rules() {
    let no_principal =
        policy(json!([{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]));
    let doc = account(
        json!({"resources": [{"type": "s3-bucket", "name": "bucket", "policy": no_principal}]}),
    );
    only_error(
        doc,
        "$.accounts[0].resources[0].policy",
        "world/invalid-policy",
    );
}

#[test]
fn oidc_providers_have_https_urls() {
    only_error(
        account(json!({"identity_providers": [{"type": "oidc", "url": "token.example.com"}]})),
        "$.accounts[0].identity_providers[0].url",
        "world/invalid-value",
    );
}

#[test]
fn the_management_account_must_exist() {
    let doc = json!({"accounts": [{"id": A}], "organization": {"management_account": "999999999999", "root": {}}});
    only_error(
        doc,
        "$.organization.management_account",
        "world/unknown-reference",
    );
}

#[test]
fn an_account_is_placed_once_in_the_organization() {
    let doc = json!({"accounts": [{"id": A}], "organization": {"management_account": A, "root": {"accounts": [{"id": A}], "units": [{"name": "X", "accounts": [{"id": A}]}]}}});
    only_error(
        doc,
        "$.organization.root.units[0].accounts[0]",
        "world/organization",
    );
}

/// AWS Organizations User Guide, "SCP evaluation": every root, OU and account keeps at least
/// one SCP attached.
#[test]
fn an_scp_level_cannot_be_empty() {
    let doc = json!({"accounts": [{"id": A}], "organization": {"management_account": A, "root": {"scps": [], "accounts": [{"id": A}]}}});
    only_error(doc, "$.organization.root.scps", "world/organization");
}

#[test]
fn attached_scps_and_rcps_must_exist_with_their_type() {
    let scp = policy(json!([{"Effect": "Deny", "Action": "s3:*", "Resource": "*"}]));
    let doc = json!({"accounts": [{"id": A}], "organization": {"management_account": A,
        "root": {"rcps": ["DenyS3"], "accounts": [{"id": A}]},
        "policies": [{"name": "DenyS3", "type": "scp", "document": scp}]}});
    only_error(
        doc,
        "$.organization.root.rcps[0]",
        "world/unknown-reference",
    );
}

/// AWS Organizations User Guide, "Quotas": at most five SCPs per root, OU or account.
#[test]
fn at_most_five_scps_per_level() {
    let scp = policy(json!([{"Effect": "Deny", "Action": "s3:*", "Resource": "*"}]));
    let policies: Vec<Value> = (0..5)
        .map(|i| json!({"name": format!("P{i}"), "type": "scp", "document": scp}))
        .collect();
    let names: Vec<String> = std::iter::once("FullAWSAccess".to_owned())
        .chain((0..5).map(|i| format!("P{i}")))
        .collect();
    let doc = json!({"accounts": [{"id": A}], "organization": {"management_account": A, "root": {"scps": names, "accounts": [{"id": A}]}, "policies": policies}});
    only_error(doc, "$.organization.root.scps", "world/organization");
}

/// AWS Organizations User Guide, "SCP syntax": an SCP cannot name a principal.
#[test]
fn scps_follow_the_scp_rules() {
    let bad =
        policy(json!([{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*"}]));
    let doc = json!({"accounts": [{"id": A}], "organization": {"management_account": A, "root": {"accounts": [{"id": A}]},
        "policies": [{"name": "Bad", "type": "scp", "document": bad}]}});
    only_error(
        doc,
        "$.organization.policies[0].document",
        "world/invalid-policy",
    );
}

#[test]
fn identity_center_assignments_reference_existing_sets_and_principals() {
    let base = |assignment: Value| {
        json!({"accounts": [{"id": A}], "identity_center": {"instance_account": A,
        "users": [{"name": "ana"}], "permission_sets": [{"name": "Read", "managed_policies": ["ReadOnlyAccess"]}], "assignments": [assignment]}})
    };
    only_error(
        base(json!({"permission_set": "Write", "principal": "user:ana", "accounts": [A]})),
        "$.identity_center.assignments[0].permission_set",
        "world/unknown-reference",
    );
    only_error(
        base(json!({"permission_set": "Read", "principal": "user:zed", "accounts": [A]})),
        "$.identity_center.assignments[0].principal",
        "world/unknown-reference",
    );
    only_error(
        base(
            json!({"permission_set": "Read", "principal": "user:ana", "accounts": ["222222222222"]}),
        ),
        "$.identity_center.assignments[0].accounts[0]",
        "world/unknown-reference",
    );
}

#[test]
fn roles_anywhere_workloads_reference_their_anchor_and_profile() {
    let doc = json!({"accounts": [{"id": A, "roles_anywhere": {"trust_anchors": [{"name": "ca", "ca_common_name": "CA"}], "profiles": []}}],
        "external_identities": [{"type": "roles-anywhere", "name": "w", "account": A, "trust_anchor": "ca", "profile": "missing",
            "certificate": {"subject": {"CN": "w"}, "issuer": {"CN": "CA"}, "serial": "01"}}]});
    only_error(
        doc,
        "$.external_identities[0].profile",
        "world/unknown-reference",
    );
}

#[test]
fn external_identity_names_are_unique() {
    let saml = json!({"type": "saml", "name": "x", "issuer": "https://idp", "subject": "x"});
    only_error(
        json!({"accounts": [], "external_identities": [saml.clone(), saml]}),
        "$.external_identities[1]",
        "world/duplicate",
    );
}

#[test]
fn settings_are_checked() {
    only_error(
        json!({"accounts": [], "settings": {"now": "yesterday"}}),
        "$.settings.now",
        "world/invalid-value",
    );
    only_error(
        json!({"accounts": [], "settings": {"region": "mars"}}),
        "$.settings.region",
        "world/invalid-value",
    );
}

#[test]
fn expectations_name_existing_principals_roles_and_resources() {
    let world = |expectation: Value| {
        json!({"accounts": [{"id": A, "users": [{"name": "ann"}], "roles": [{"name": "ann", "trust_policy": simple_trust()}]}],
        "expectations": [expectation]})
    };
    only_error(
        world(json!({"name": "x", "principal": "bob", "expect": "Allow"})),
        "$.expectations[0].principal",
        "world/unknown-reference",
    );
    let kind = only_error(
        world(json!({"name": "x", "principal": "ann", "expect": "Allow"})),
        "$.expectations[0].principal",
        "world/ambiguous-reference",
    );
    assert!(
        kind.to_string().contains("user/ann") && kind.to_string().contains("role/ann"),
        "{kind}"
    );
    only_error(
        world(
            json!({"name": "x", "principal": "user:ann", "chain": [{"role": "Nope"}], "expect": "Allow"}),
        ),
        "$.expectations[0].chain[0].role",
        "world/unknown-reference",
    );
    only_error(
        world(
            json!({"name": "x", "principal": "user:ann", "action": "s3:*", "resource": "*", "expect": "Allow"}),
        ),
        "$.expectations[0].action",
        "world/invalid-value",
    );
    only_error(
        world(
            json!({"name": "x", "principal": "user:ann", "expect": "Allow", "error": "ValidationError"}),
        ),
        "$.expectations[0].error",
        "world/invalid-value",
    );
}

#[test]
fn every_problem_is_reported_at_once() {
    let doc = json!({"accounts": [{"id": "1"}, {"id": A, "users": [{"name": "a b"}], "roles": [{"name": "R", "trust_policy": "{}"}]}]});
    let found = errors(doc);
    assert_eq!(found.len(), 3, "{found:?}");
}

/// Diagram positions are carried as given; an entry naming no node is kept and reported as a
/// warning, not an error (the browser may be ahead of the file).
#[test]
fn layout_entries_naming_no_node_are_warnings() {
    let doc = json!({"version": 1, "accounts": [{"id": A, "users": [{"name": "ann"}]}],
        "layout": {"111111111111/user/ann": {"x": 1.0, "y": 2.0}, "111111111111/user/ghost": {"x": 0.0, "y": 0.0}}});
    let world = load(&doc.to_string()).unwrap();
    assert_eq!(world.doc().layout.len(), 2);
    assert_eq!(world.warnings().len(), 1);
    assert!(world.warnings()[0].contains("ghost"));
    assert!(
        world
            .node_ids()
            .contains(&"111111111111/user/ann".to_owned())
    );
}

#[test]
fn resource_and_provider_variants_reject_unknown_fields_too() {
    let found = errors(account(
        json!({"resources": [{"type": "s3-bucket", "name": "bucket", "colour": "red"}]}),
    ));
    assert_eq!(found[0].code(), "world/format");
    assert!(found[0].kind.to_string().contains("colour"), "{}", found[0]);
    let found = errors(account(
        json!({"identity_providers": [{"type": "ldap", "name": "x"}]}),
    ));
    assert_eq!(found[0].code(), "world/format");
}
