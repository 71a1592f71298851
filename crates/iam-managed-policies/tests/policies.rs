//! Every bundled managed policy is a well-formed policy document with a consistent entry.

use std::collections::HashSet;

use iam_managed_policies::{EMBED_LIMIT, all, deferred, managed_policy, managed_policy_by_arn};
use serde_json::{Value, json};

const REQUIRED: &[&str] = &[
    "AdministratorAccess",
    "AmazonS3FullAccess",
    "AmazonEC2FullAccess",
    "AmazonS3ReadOnlyAccess",
    "ReadOnlyAccess",
    "PowerUserAccess",
    "IAMReadOnlyAccess",
    "IAMFullAccess",
    "AmazonEC2ReadOnlyAccess",
    "AWSLambdaBasicExecutionRole",
    "AWSLambda_FullAccess",
    "AWSLambda_ReadOnlyAccess",
    "AmazonDynamoDBFullAccess",
    "AmazonDynamoDBReadOnlyAccess",
    "AmazonSQSFullAccess",
    "AmazonSQSReadOnlyAccess",
    "AWSKeyManagementServicePowerUser",
    "SecurityAudit",
    "ViewOnlyAccess",
    "AmazonSSMManagedInstanceCore",
    "CloudWatchReadOnlyAccess",
    "CloudWatchLogsFullAccess",
    "AWSCloudTrail_ReadOnlyAccess",
    "AmazonVPCFullAccess",
    "AmazonRDSFullAccess",
    "AWSSupportAccess",
    "Billing",
];

/// deferred.tsv as generated: every document over `EMBED_LIMIT` bytes.
const DEFERRED_TSV: &str = include_str!("../deferred.tsv");

#[test]
fn every_document_is_a_policy() {
    // Without `embed-all` this checks the compiled-in documents (tests/deferred.rs installs
    // and checks the others).
    for policy in all().filter(|p| !p.is_deferred()) {
        let document: Value = serde_json::from_str(policy.document().unwrap()).unwrap();
        assert_eq!(document["Version"], "2012-10-17", "{}", policy.name);
        let statement = &document["Statement"];
        assert!(
            statement.as_array().is_some_and(|s| !s.is_empty()) || statement.is_object(),
            "{} has no Statement",
            policy.name
        );
    }
}

#[cfg(feature = "embed-all")]
#[test]
fn embed_all_compiles_in_every_document() {
    for policy in all() {
        assert!(!policy.is_deferred(), "{}", policy.name);
        assert!(policy.document().is_some_and(|d| d.starts_with('{')));
    }
    assert_eq!(deferred().count(), 0);
}

#[cfg(not(feature = "embed-all"))]
#[test]
fn without_embed_all_only_small_documents_are_compiled_in() {
    for policy in all() {
        match policy.document() {
            Some(text) => assert!(text.trim_end().len() <= EMBED_LIMIT, "{}", policy.name),
            None => assert!(policy.is_deferred(), "{}", policy.name),
        }
    }
    let pending: Vec<&str> = deferred().map(|p| p.name).collect();
    let expected: Vec<&str> = all().filter(|p| p.is_deferred()).map(|p| p.name).collect();
    assert_eq!(pending, expected);
    assert!(pending.contains(&"ReadOnlyAccess") && pending.contains(&"SecurityAudit"));
    assert!(!managed_policy("AdministratorAccess").unwrap().is_deferred());
}

#[test]
fn deferred_tsv_lists_exactly_the_policies_over_the_limit() {
    let lines: Vec<(&str, &str)> = DEFERRED_TSV
        .lines()
        .map(|line| line.split_once('\t').unwrap())
        .collect();
    assert!(DEFERRED_TSV.ends_with('\n'));
    let names: Vec<&str> = lines.iter().map(|(name, _)| *name).collect();
    assert!(names.windows(2).all(|w| w[0] < w[1]), "not sorted by name");
    for (name, document) in &lines {
        assert!(document.len() > EMBED_LIMIT, "{name} is small");
        assert!(!document.contains('\t'), "{name}");
        let document: Value = serde_json::from_str(document).unwrap();
        assert_eq!(document["Version"], "2012-10-17", "{name}");
        assert!(managed_policy(name).is_some(), "{name} is not bundled");
    }
    // Every policy over the limit is listed; with `embed-all` its text is the compiled-in one.
    #[cfg(feature = "embed-all")]
    {
        let large: Vec<&str> = all()
            .filter(|p| p.document().unwrap().trim_end().len() > EMBED_LIMIT)
            .map(|p| p.name)
            .collect();
        assert_eq!(names, large);
        for (name, document) in &lines {
            let embedded = managed_policy(name).unwrap().document().unwrap();
            assert_eq!(embedded, format!("{document}\n"), "{name}");
        }
    }
    #[cfg(not(feature = "embed-all"))]
    assert_eq!(names, deferred().map(|p| p.name).collect::<Vec<_>>());
    assert_eq!(names.len(), 19);
}

#[test]
fn entries_are_consistent_and_unique() {
    let names: HashSet<&str> = all().map(|p| p.name).collect();
    assert_eq!(names.len(), all().len());
    let arns: HashSet<&str> = all().map(|p| p.arn).collect();
    assert_eq!(arns.len(), all().len());
    let sorted: Vec<&str> = all().map(|p| p.name).collect();
    assert!(sorted.windows(2).all(|w| w[0] < w[1]), "not sorted by name");
    for policy in all() {
        assert!(
            policy.arn.starts_with("arn:aws:iam::aws:policy/"),
            "{}",
            policy.arn
        );
        assert!(
            policy.arn.ends_with(&format!("/{}", policy.name)),
            "{}",
            policy.arn
        );
        assert!(policy.version_id.starts_with('v'), "{}", policy.version_id);
        assert_eq!(managed_policy(policy.name), Some(policy));
        assert_eq!(managed_policy_by_arn(policy.arn), Some(policy));
    }
}

#[test]
fn bundles_the_policies_the_playground_offers() {
    for name in REQUIRED {
        assert!(managed_policy(name).is_some(), "{name} is missing");
    }
    let job_functions = all().filter(|p| p.path() == "/job-function/").count();
    assert!(
        job_functions >= 8,
        "only {job_functions} job-function policies"
    );
}

#[test]
fn administrator_access_allows_everything() {
    let admin = managed_policy("AdministratorAccess").unwrap();
    let document: Value = serde_json::from_str(admin.document().unwrap()).unwrap();
    assert_eq!(
        document["Statement"],
        json!([{"Effect": "Allow", "Action": "*", "Resource": "*"}])
    );
}

#[test]
fn keeps_paths_in_arns() {
    let lambda = managed_policy("AWSLambdaBasicExecutionRole").unwrap();
    assert_eq!(
        lambda.arn,
        "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
    );
    assert_eq!(lambda.path(), "/service-role/");
    assert_eq!(managed_policy("Billing").unwrap().path(), "/job-function/");
    assert_eq!(managed_policy("ReadOnlyAccess").unwrap().path(), "/");
}

#[test]
fn looks_up_names_ignoring_case_and_rejects_unknown_ones() {
    assert_eq!(
        managed_policy("readonlyaccess").map(|p| p.name),
        Some("ReadOnlyAccess")
    );
    assert!(managed_policy("NoSuchPolicy").is_none());
    assert!(managed_policy("").is_none());
    assert!(managed_policy_by_arn("arn:aws:iam::aws:policy/NoSuchPolicy").is_none());
}
