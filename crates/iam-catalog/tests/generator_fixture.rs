//! The generator's fixture output (tests/catalog/fixture-catalog.json, checked by
//! `npm test` in scripts/catalog) loads and reads back as the generator meant it.

use iam_catalog::{AccessLevel, Catalog, KeyScope};

#[test]
fn loads_what_the_generator_writes() {
    let catalog = Catalog::from_bytes(include_bytes!(
        "../../../tests/catalog/fixture-catalog.json"
    ))
    .unwrap();
    assert_eq!(catalog.source().version, "0.0.0-fixture");
    assert_eq!(catalog.services().len(), 2);

    let get_object = catalog.action("s3:getobject").unwrap();
    assert_eq!(get_object.access_level(), AccessLevel::Read);
    let resource_types: Vec<_> = get_object.resource_types().collect();
    assert_eq!(resource_types.len(), 1);
    assert_eq!(resource_types[0].resource_type.name(), "object");
    assert!(resource_types[0].required);
    let per_type: Vec<&str> = resource_types[0]
        .condition_keys()
        .map(|k| k.name())
        .collect();
    assert_eq!(per_type, ["s3:ExistingObjectTag/<key>"]);

    let levels: Vec<AccessLevel> = catalog
        .expand_actions("s3:Put*")
        .iter()
        .map(|a| a.access_level())
        .collect();
    assert_eq!(
        levels,
        [AccessLevel::PermissionsManagement, AccessLevel::Tagging]
    );

    let bucket = catalog
        .service("s3")
        .unwrap()
        .resource_type("BUCKET")
        .unwrap();
    let bucket_keys: Vec<&str> = bucket.condition_keys().map(|k| k.name()).collect();
    assert_eq!(bucket_keys, ["aws:ResourceTag/${TagKey}"]);

    let saml = catalog.condition_key("SAML:aud").unwrap();
    assert_eq!(saml.scope(), &KeyScope::Service("sts".to_owned()));
    let tag = catalog.condition_key("aws:PrincipalTag/team").unwrap();
    assert_eq!(tag.name(), "aws:PrincipalTag/${TagKey}");
}
