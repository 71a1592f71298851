//! The built-in examples against the catalogue and the linter: every action they name exists
//! (`tests/cases`, `tests/corpus`, `crates/iam-world/worlds`), and linting each example policy
//! with its policy type gives no error-level finding beyond the ones listed here on purpose.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use iam_catalog::Catalog;
use iam_lint::lint;
use iam_policy::{PolicyKind, Severity};
use serde_json::Value;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn json_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = entries.map(|e| e.unwrap().path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            json_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "json") {
            out.push(path);
        }
    }
}

fn example_files() -> Vec<PathBuf> {
    let root = root();
    let mut files = Vec::new();
    for dir in ["tests/cases", "tests/corpus", "crates/iam-world/worlds"] {
        json_files(&root.join(dir), &mut files);
    }
    files
}

fn relative(path: &Path) -> String {
    let root = root().canonicalize().unwrap();
    let path = path.canonicalize().unwrap();
    path.strip_prefix(&root)
        .unwrap_or(&path)
        .display()
        .to_string()
}

/// Actions the examples name on purpose although no AWS action matches them.
const ACTIONS_ON_PURPOSE: &[(&str, &str)] = &[
    // Shows that `?` must match exactly one character, so this pattern matches nothing.
    (
        "tests/corpus/action-matching/006-question-mark-requires-a-character.json",
        "s3:GetObject?",
    ),
];

/// Every `Action`/`NotAction` entry of every policy document (any object with `Statement`,
/// also when written as JSON text) and every request `action` in `value`.
fn actions_in(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            if let Some(statements) = map.get("Statement") {
                let statements = match statements {
                    Value::Array(items) => items.clone(),
                    other => vec![other.clone()],
                };
                for statement in &statements {
                    for element in ["Action", "NotAction"] {
                        match statement.get(element) {
                            Some(Value::String(a)) => out.push(a.clone()),
                            Some(Value::Array(items)) => out
                                .extend(items.iter().filter_map(|i| i.as_str().map(str::to_owned))),
                            _ => {}
                        }
                    }
                }
            }
            if let Some(Value::String(action)) = map.get("request").and_then(|r| r.get("action")) {
                out.push(action.clone());
            }
            for child in map.values() {
                actions_in(child, out);
            }
        }
        Value::Array(items) => {
            for item in items {
                actions_in(item, out);
            }
        }
        // Worlds keep policy documents as JSON text.
        Value::String(text) if text.trim_start().starts_with('{') && text.contains("Statement") => {
            if let Ok(document) = serde_json::from_str::<Value>(text) {
                actions_in(&document, out);
            }
        }
        _ => {}
    }
}

fn exists(catalog: &Catalog, action: &str) -> bool {
    if action.contains(['*', '?']) {
        !catalog.expand_actions(action).is_empty()
    } else {
        catalog.action(action).is_some()
    }
}

#[test]
fn every_action_in_the_examples_exists() {
    let catalog = Catalog::embedded();
    let files = example_files();
    assert!(files.len() > 400, "examples not found: {}", files.len());
    let mut missing = Vec::new();
    let mut checked = 0usize;
    for path in &files {
        let value: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap())
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let mut actions = Vec::new();
        actions_in(&value, &mut actions);
        let file = relative(path);
        for action in actions {
            checked += 1;
            let on_purpose = ACTIONS_ON_PURPOSE
                .iter()
                .any(|(f, a)| *f == file && *a == action);
            if !exists(catalog, &action) && !on_purpose {
                missing.push(format!("{file}: {action}"));
            }
        }
    }
    eprintln!(
        "checked {checked} action names in {} example files",
        files.len()
    );
    assert!(
        missing.is_empty(),
        "unknown actions:\n{}",
        missing.join("\n")
    );
    // The exceptions must still be needed.
    for (file, action) in ACTIONS_ON_PURPOSE {
        assert!(!exists(catalog, action), "{file}: {action} now exists");
    }
}

/// The policies of a case (`{"request": ..., "identity_policies": [...], ...}`), each with the
/// policy type the engine gives it.
fn case_policies(case: &Value) -> Vec<(PolicyKind, &Value)> {
    let mut out = Vec::new();
    let request = &case["request"];
    let trust = iam_eval::request::is_role_trust_request(
        request["action"].as_str().unwrap_or(""),
        request["resource"].as_str().unwrap_or(""),
    );
    let groups = [
        ("identity_policies", PolicyKind::Identity),
        ("permissions_boundary", PolicyKind::PermissionsBoundary),
        ("session_policies", PolicyKind::Session),
        (
            "resource_policy",
            if trust {
                PolicyKind::Trust
            } else {
                PolicyKind::Resource
            },
        ),
        ("scps", PolicyKind::ServiceControl),
        ("rcps", PolicyKind::ResourceControl),
        ("vpc_endpoint_policies", PolicyKind::VpcEndpoint),
    ];
    for (field, kind) in groups {
        let mut documents = Vec::new();
        if let Some(value) = case.get(field) {
            collect_documents(value, &mut documents);
        }
        out.extend(documents.into_iter().map(|d| (kind, d)));
    }
    out
}

/// The policies of a world (documents are JSON text), with their type: `trust_policy` of
/// roles, `policy` of resources, Organizations policies by their `type`, and every other
/// `document` (managed, inline and permission-set policies) as identity-based.
fn world_policies(value: &Value, out: &mut Vec<(PolicyKind, String)>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                let kind = match (key.as_str(), child) {
                    ("trust_policy", Value::String(_)) => Some(PolicyKind::Trust),
                    ("policy", Value::String(_)) => Some(PolicyKind::Resource),
                    ("document", Value::String(_)) => {
                        Some(match map.get("type").and_then(Value::as_str) {
                            Some("scp") => PolicyKind::ServiceControl,
                            Some("rcp") => PolicyKind::ResourceControl,
                            _ => PolicyKind::Identity,
                        })
                    }
                    _ => None,
                };
                match (kind, child) {
                    (Some(kind), Value::String(text)) => out.push((kind, text.clone())),
                    _ => world_policies(child, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|i| world_policies(i, out)),
        _ => {}
    }
}

fn collect_documents<'v>(value: &'v Value, out: &mut Vec<&'v Value>) {
    match value {
        Value::Array(items) => items.iter().for_each(|i| collect_documents(i, out)),
        Value::Object(map) => {
            if let Some(document) = map.get("document") {
                out.push(document);
            }
        }
        _ => {}
    }
}

/// Error-level findings the examples contain on purpose: (file, code).
const ERRORS_ON_PURPOSE: &[(&str, &str)] = &[
    // `s3:GetObject?` shows that `?` needs a character.
    (
        "tests/corpus/action-matching/006-question-mark-requires-a-character.json",
        "lint/action-matches-nothing",
    ),
    // `"aws:PrincipalType": "user"` shows that StringEquals values are case-sensitive.
    (
        "tests/corpus/condition-keys-case/007-principal-type-value-case-sensitive.json",
        "lint/invalid-condition-value",
    ),
    // A made-up binary key (`example:BinaryValue`): no AWS key has the Binary type.
    (
        "tests/corpus/conditions-bool-binary/007-binaryequals-match.json",
        "lint/unknown-condition-key",
    ),
    (
        "tests/corpus/conditions-bool-binary/008-binaryequals-other-value.json",
        "lint/unknown-condition-key",
    ),
    (
        "tests/corpus/conditions-bool-binary/009-binaryequals-absent-key.json",
        "lint/unknown-condition-key",
    ),
    // Variables stay literal without Version 2012-10-17.
    (
        "tests/corpus/policy-variables/020-version-2008-variable-is-literal.json",
        "lint/version-variables",
    ),
    (
        "tests/corpus/policy-variables/021-version-2008-literal-text-matches.json",
        "lint/version-variables",
    ),
    (
        "tests/corpus/policy-variables/022-missing-version-variable-is-literal.json",
        "lint/version-variables",
    ),
];

#[test]
fn the_examples_lint_without_unexpected_errors() {
    let catalog = Catalog::embedded();
    let mut counts: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut unexpected = Vec::new();
    let mut policies = 0usize;
    for path in example_files() {
        let file = relative(&path);
        let value: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let documents: Vec<(PolicyKind, String)> = if file.starts_with("crates/iam-world") {
            let mut out = Vec::new();
            world_policies(&value, &mut out);
            out
        } else {
            let case = value.get("case").unwrap_or(&value);
            case_policies(case)
                .into_iter()
                .map(|(kind, document)| (kind, serde_json::to_string_pretty(document).unwrap()))
                .collect()
        };
        for (kind, text) in documents {
            policies += 1;
            for finding in lint(&text, kind, Some(catalog)) {
                *counts.entry(finding.code).or_default() += 1;
                if std::env::var_os("IAM_LINT_DUMP").is_some() {
                    eprintln!("{file} ({kind:?}): {}", finding.one_line());
                }
                let on_purpose = ERRORS_ON_PURPOSE
                    .iter()
                    .any(|(f, c)| *f == file && *c == finding.code);
                if finding.severity == Severity::Error && !on_purpose {
                    unexpected.push(format!("{file} ({kind:?}): {}", finding.one_line()));
                }
            }
        }
    }
    eprintln!("linted {policies} example policies; findings by code:");
    for (code, count) in &counts {
        eprintln!("  {count:5} {code}");
    }
    assert!(policies > 500, "too few policies: {policies}");
    assert!(
        unexpected.is_empty(),
        "unexpected errors:\n{}",
        unexpected.join("\n")
    );
}
