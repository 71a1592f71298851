//! The world format is read by hand-written readers (`model/read.rs`) and written by serde's
//! derive: these tests hold the two to one format, field by field.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use iam_world::examples;
use iam_world::model::{HopDoc, WorldDoc};
use serde_json::{Value, json};

/// Every field of every type of the format, each set to a value other than its default.
fn every_field() -> Value {
    let tags = json!({"team": "blue"});
    json!({
        "version": 1,
        "title": "t",
        "description": "d",
        "settings": {"now": "2026-01-01T00:00:00Z", "region": "eu-west-1", "mfa_in_role_sessions": true},
        "organization": {
            "id": "o-abcdefghij",
            "management_account": "111111111111",
            "root": {
                "id": "r-abcd", "name": "Root", "scps": ["FullAWSAccess"], "rcps": ["R"],
                "accounts": [{"id": "111111111111", "scps": ["S"], "rcps": ["R"]}],
                "units": [{"name": "Dev", "units": [{"name": "Inner"}]}]
            },
            "policies": [
                {"name": "S", "type": "scp", "document": "{}", "description": "scp"},
                {"name": "R", "type": "rcp", "document": "{}"}
            ]
        },
        "accounts": [{
            "id": "111111111111",
            "alias": "dev",
            "name": "Development",
            "users": [{
                "name": "u", "path": "/p/", "groups": ["g"],
                "inline_policies": [{"name": "i", "document": "{}"}],
                "managed_policies": ["ReadOnlyAccess"], "permissions_boundary": "B",
                "tags": tags, "mfa_devices": ["m"], "console_access": true,
                "access_keys": [{"id": "AKIAIOSFODNN7EXAMPLE", "status": "Inactive"}]
            }],
            "groups": [{"name": "g", "path": "/", "inline_policies": [{"name": "i", "document": "{}"}], "managed_policies": ["M"]}],
            "roles": [{
                "name": "r", "path": "/", "description": "d", "trust_policy": "{}",
                "inline_policies": [{"name": "i", "document": "{}"}], "managed_policies": ["M"],
                "permissions_boundary": "B", "max_session_duration": 7200, "tags": tags,
                "service_linked": true
            }],
            "policies": [{"name": "M", "path": "/", "description": "d", "document": "{}"}],
            "identity_providers": [
                {"type": "saml", "name": "Idp", "issuer": "https://idp.example.com"},
                {"type": "oidc", "url": "https://token.example.com", "client_ids": ["c"]}
            ],
            "instance_profiles": [{"name": "ip", "path": "/", "role": "r"}],
            "resources": [
                {"type": "s3-bucket", "name": "b", "region": "us-east-1", "policy": "{}", "tags": tags,
                 "objects": [{"key": "k", "tags": tags}]},
                {"type": "kms-key", "id": "k", "region": "us-east-1", "policy": "{}", "tags": tags},
                {"type": "sqs-queue", "name": "q", "region": "us-east-1", "policy": "{}", "tags": tags},
                {"type": "lambda-function", "name": "f", "region": "us-east-1", "role": "r", "policy": "{}", "tags": tags},
                {"type": "ec2-instance", "id": "i-1", "region": "us-east-1", "instance_profile": "ip",
                 "vpc_id": "vpc-1", "private_ip": "10.0.0.1", "tags": tags},
                {"type": "other", "arn": "arn:aws:sns:us-east-1:111111111111:t", "policy": "{}", "tags": tags}
            ],
            "roles_anywhere": {
                "region": "us-east-1",
                "trust_anchors": [{"name": "a", "id": "id", "ca_common_name": "CA"}],
                "profiles": [{"name": "p", "roles": ["r"], "duration_seconds": 900, "session_policy": "{}", "managed_policies": ["M"]}]
            }
        }],
        "identity_center": {
            "instance_account": "111111111111",
            "region": "us-east-1",
            "users": [{"name": "n", "groups": ["g"], "attributes": {"a": "b"}}],
            "groups": ["g"],
            "permission_sets": [{
                "name": "ps", "session_duration": 3600, "managed_policies": ["M"],
                "customer_managed_policies": ["C"], "inline_policy": "{}", "permissions_boundary": "B"
            }],
            "assignments": [{"permission_set": "ps", "principal": "g", "accounts": ["111111111111"]}]
        },
        "external_identities": [
            {"type": "saml", "name": "s", "issuer": "i", "subject": "sub", "subject_type": "persistent",
             "recipient": "r", "roles": ["r"], "session_name": "n", "attributes": {"a": "b", "l": ["x", "y"]},
             "tags": tags, "transitive_tag_keys": ["team"], "source_identity": "si"},
            {"type": "oidc", "name": "o", "issuer": "i", "claims": {"sub": "s"}, "tags": tags,
             "transitive_tag_keys": ["team"], "source_identity": "si"},
            {"type": "roles-anywhere", "name": "ra", "account": "111111111111", "trust_anchor": "a", "profile": "p",
             "certificate": {"subject": {"CN": "x"}, "issuer": {"CN": "CA"}, "san": {"DNS": "x"}, "serial": "01"}}
        ],
        "expectations": [{
            "name": "e", "principal": "u",
            "credentials": {"type": "session-token", "mfa": true, "mfa_age_seconds": 30},
            "chain": [{
                "role": "r", "session_name": "s", "duration_seconds": 900, "external_id": "x",
                "mfa": {"serial_number": "m", "token_code": "123456"}, "source_identity": "si",
                "tags": tags, "transitive_tag_keys": ["team"], "session_policy": "{}", "policy_arns": ["arn"]
            }],
            "action": "s3:GetObject", "resource": "*", "context": {"aws:SourceIp": "10.0.0.1"},
            "expect": "ExplicitDeny", "error": "e"
        }],
        "layout": {"111111111111/user/u": {"x": 1.5, "y": -2.0}}
    })
}

#[test]
fn every_field_is_read_and_written_back_unchanged() {
    let value = every_field();
    let doc = WorldDoc::from_value(&value).unwrap_or_else(|p| panic!("{p:?}"));
    assert_eq!(serde_json::to_value(&doc).unwrap(), value);
}

#[test]
fn every_example_round_trips_through_the_reader() {
    for example in examples() {
        let doc = example.doc().unwrap();
        let value = serde_json::to_value(&doc).unwrap();
        assert_eq!(WorldDoc::from_value(&value).unwrap(), doc, "{}", example.id);
    }
}

#[test]
fn serde_deserialize_uses_the_same_reader() {
    let hop: HopDoc =
        serde_json::from_value(json!({"role": "r", "duration_seconds": 900})).unwrap();
    assert_eq!(hop.duration_seconds, Some(900));
    let error = serde_json::from_value::<HopDoc>(json!({"rol": "r"})).unwrap_err();
    assert_eq!(
        error.to_string(),
        "$.rol: unknown field `rol`: did you mean `role`?"
    );
    let error = serde_json::from_value::<HopDoc>(json!({"role": "r", "colour": 1})).unwrap_err();
    assert_eq!(
        error.to_string(),
        "$.colour: unknown field `colour`, expected one of `role`, `session_name`, \
         `duration_seconds`, `external_id`, `mfa`, `source_identity`, `tags`, \
         `transitive_tag_keys`, `session_policy`, `policy_arns`"
    );
}

#[test]
fn null_counts_as_absent_and_every_problem_is_reported() {
    let doc =
        WorldDoc::from_value(&json!({"version": 1, "title": null, "accounts": null})).unwrap();
    assert_eq!(doc.title, None);
    let problems = WorldDoc::from_value(&json!({
        "accounts": [{"id": "1", "users": [{"name": 5}, {}]}],
        "expectations": [{"name": "e", "principal": "p", "expect": "Maybe"}]
    }))
    .unwrap_err();
    let found: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        found,
        [
            "$: missing field `version`",
            "$.accounts[0].users[0].name: expected a string, found a number",
            "$.accounts[0].users[1]: missing field `name`",
            "$.expectations[0].expect: unknown variant `Maybe`, expected one of `Allow`, `Deny`, \
             `ExplicitDeny`, `ImplicitDeny`, `Error`",
        ]
    );
}

#[test]
fn unknown_variants_of_tagged_types_point_at_their_type() {
    let problems = WorldDoc::from_value(&json!({
        "version": 1,
        "accounts": [{"id": "1", "resources": [{"type": "dynamodb-table", "name": "t"}, {"name": "untyped"}, {"type": "s3-bukcet", "name": "b"}]}]
    }))
    .unwrap_err();
    let found: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert_eq!(found.len(), 3, "{found:?}");
    assert_eq!(
        found[2],
        "$.accounts[0].resources[2].type: unknown variant `s3-bukcet`: did you mean `s3-bucket`?"
    );
    assert!(
        found[0].starts_with("$.accounts[0].resources[0].type: unknown variant `dynamodb-table`")
    );
    assert_eq!(found[1], "$.accounts[0].resources[1]: missing field `type`");
}
