//! Runs the policy fixtures in `tests/lint/<check>/`: every check has failing and passing
//! policies, and `cases.json` says, per file, the policy type and where the check must report
//! (`line:column` of each finding, in characters, 1-based).
//!
//! ```json
//! {
//!   "code": "lint/unknown-action",
//!   "cases": [
//!     {"file": "fail.json", "kind": "identity", "expect": ["6:9"]},
//!     {"file": "pass.json", "kind": "identity"}
//!   ]
//! }
//! ```
//!
//! Optional per case: `"severity"` (expected severity of those findings, default the check's
//! usual one) and `"catalog": false` (lint without the action catalogue). Files named `fail*`
//! must list at least one position; files named `pass*` none.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use iam_catalog::Catalog;
use iam_lint::{CHECKS, lint};
use iam_policy::{Diagnostic, PolicyKind, Severity};
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Manifest {
    code: String,
    cases: Vec<Case>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    file: String,
    kind: String,
    #[serde(default)]
    expect: Vec<String>,
    #[serde(default)]
    severity: Option<String>,
    #[serde(default = "yes")]
    catalog: bool,
}

fn yes() -> bool {
    true
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/lint")
}

fn kind(name: &str) -> PolicyKind {
    match name {
        "identity" => PolicyKind::Identity,
        "resource" => PolicyKind::Resource,
        "trust" => PolicyKind::Trust,
        "scp" => PolicyKind::ServiceControl,
        "rcp" => PolicyKind::ResourceControl,
        "boundary" => PolicyKind::PermissionsBoundary,
        "session" => PolicyKind::Session,
        "vpc-endpoint" => PolicyKind::VpcEndpoint,
        other => panic!("unknown kind {other}"),
    }
}

fn severity(name: &str) -> Severity {
    match name {
        "error" => Severity::Error,
        "security-warning" => Severity::SecurityWarning,
        "warning" => Severity::Warning,
        "suggestion" => Severity::Suggestion,
        other => panic!("unknown severity {other}"),
    }
}

fn slug(code: &str) -> &str {
    code.strip_prefix("lint/").unwrap()
}

fn describe(findings: &[Diagnostic]) -> String {
    findings
        .iter()
        .map(|f| format!("  {}", f.one_line()))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every finding, whatever its code, is well formed: a known code, a message, a path, a span
/// inside the text.
fn check_shape(file: &str, text: &str, findings: &[Diagnostic]) {
    for f in findings {
        if f.code.starts_with("lint/") {
            assert!(
                CHECKS.iter().any(|c| c.code == f.code),
                "{file}: unregistered code {}",
                f.code
            );
        }
        assert!(!f.message.is_empty(), "{file}: empty message");
        assert!(f.path.starts_with('$'), "{file}: bad path {}", f.path);
        assert!(
            f.span.start <= f.span.end && (f.span.end as usize) <= text.len(),
            "{file}: span {:?} outside the text",
            f.span
        );
    }
}

#[test]
fn every_check_has_failing_and_passing_fixtures() {
    let catalog = Catalog::embedded();
    let mut problems = Vec::new();
    let mut cases = 0usize;
    let mut reported = 0usize;
    for check in CHECKS {
        let dir = fixtures().join(slug(check.code));
        let manifest_path = dir.join("cases.json");
        let Ok(manifest) = std::fs::read_to_string(&manifest_path) else {
            problems.push(format!("{}: no {}", check.code, manifest_path.display()));
            continue;
        };
        let manifest: Manifest = serde_json::from_str(&manifest)
            .unwrap_or_else(|e| panic!("{}: {e}", manifest_path.display()));
        assert_eq!(manifest.code, check.code, "{}", manifest_path.display());
        let failing = manifest
            .cases
            .iter()
            .filter(|c| c.file.starts_with("fail"))
            .count();
        let passing = manifest
            .cases
            .iter()
            .filter(|c| c.file.starts_with("pass"))
            .count();
        if failing == 0 || passing == 0 {
            problems.push(format!(
                "{}: needs at least one fail* and one pass* case",
                check.code
            ));
        }
        let mut listed = BTreeSet::new();
        for case in &manifest.cases {
            cases += 1;
            listed.insert(case.file.clone());
            let name = format!("{}/{}", slug(check.code), case.file);
            let text = std::fs::read_to_string(dir.join(&case.file))
                .unwrap_or_else(|e| panic!("{name}: {e}"));
            let is_fail = case.file.starts_with("fail");
            assert!(
                is_fail != case.expect.is_empty(),
                "{name}: fail* files list positions, pass* files none"
            );
            let findings = lint(&text, kind(&case.kind), case.catalog.then_some(catalog));
            check_shape(&name, &text, &findings);
            let ours: Vec<&Diagnostic> = findings.iter().filter(|f| f.code == check.code).collect();
            reported += ours.len();
            let mut actual: Vec<String> = ours
                .iter()
                .map(|f| format!("{}:{}", f.start.line, f.start.column))
                .collect();
            let mut expected = case.expect.clone();
            actual.sort();
            expected.sort();
            if actual != expected {
                problems.push(format!(
                    "{name}: expected {} at {expected:?}, found {actual:?}; all findings:\n{}",
                    check.code,
                    describe(&findings)
                ));
                continue;
            }
            let wanted = case.severity.as_deref().map_or(check.severity, severity);
            for f in &ours {
                if f.severity != wanted {
                    problems.push(format!(
                        "{name}: {} at {}:{} is {:?}, expected {wanted:?}",
                        check.code, f.start.line, f.start.column, f.severity
                    ));
                }
            }
            // Checks that do not need the catalogue give the same answer without it.
            if case.catalog && !check.needs_catalog {
                let without = lint(&text, kind(&case.kind), None);
                let mut positions: Vec<String> = without
                    .iter()
                    .filter(|f| f.code == check.code)
                    .map(|f| format!("{}:{}", f.start.line, f.start.column))
                    .collect();
                positions.sort();
                if positions != expected {
                    problems.push(format!(
                        "{name}: without the catalogue {} is at {positions:?}, expected {expected:?}",
                        check.code
                    ));
                }
            }
            // Checks that need it stay silent without it.
            if check.needs_catalog {
                let without = lint(&text, kind(&case.kind), None);
                if without.iter().any(|f| f.code == check.code) {
                    problems.push(format!(
                        "{name}: {} reported without a catalogue",
                        check.code
                    ));
                }
            }
        }
        // Every policy file in the directory is listed.
        for entry in std::fs::read_dir(&dir).unwrap() {
            let file = entry.unwrap().file_name().to_string_lossy().into_owned();
            if file != "cases.json" && !listed.contains(&file) {
                problems.push(format!(
                    "{}/{file}: not listed in cases.json",
                    slug(check.code)
                ));
            }
        }
    }
    // No directory without a check (`_clean` holds policies with no finding at all).
    for entry in std::fs::read_dir(fixtures()).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if !name.starts_with('_') && !CHECKS.iter().any(|c| slug(c.code) == name) {
            problems.push(format!("tests/lint/{name}: no check has this code"));
        }
    }
    eprintln!(
        "{} checks, {cases} fixture policies, {reported} expected findings",
        CHECKS.len()
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Well-written policies of every type produce no finding at all: the guard against checks
/// that fire on good practice.
#[test]
fn clean_policies_have_no_findings() {
    let catalog = Catalog::embedded();
    let dir = fixtures().join("_clean");
    let manifest: Manifest =
        serde_json::from_str(&std::fs::read_to_string(dir.join("cases.json")).unwrap()).unwrap();
    assert!(manifest.cases.len() >= 8);
    let mut problems = Vec::new();
    for case in &manifest.cases {
        let text = std::fs::read_to_string(dir.join(&case.file)).unwrap();
        let findings = lint(&text, kind(&case.kind), Some(catalog));
        if !findings.is_empty() {
            problems.push(format!("_clean/{}:\n{}", case.file, describe(&findings)));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The README's "Policy checks" table lists every check with its severity.
#[test]
fn the_readme_lists_every_check() {
    let readme = std::fs::read_to_string(fixtures().join("../../README.md")).unwrap();
    let section = readme
        .split("\n## Policy checks\n")
        .nth(1)
        .expect("README has a \"## Policy checks\" section");
    let section = section.split("\n## ").next().unwrap_or(section);
    for check in CHECKS {
        let severity = match check.severity {
            Severity::Error => "error",
            Severity::SecurityWarning => "security warning",
            Severity::Warning => "warning",
            Severity::Suggestion => "suggestion",
        };
        let mark = if check.needs_catalog { " †" } else { "" };
        let row = format!("| `{}`{mark} | {severity} |", check.code);
        assert!(section.contains(&row), "README is missing the row {row}");
    }
}

#[test]
fn codes_are_unique_and_well_formed() {
    let mut seen = BTreeSet::new();
    for check in CHECKS {
        assert!(seen.insert(check.code), "duplicate {}", check.code);
        let slug = slug(check.code);
        assert!(
            slug.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
            "{}",
            check.code
        );
        assert!(!check.summary.is_empty());
    }
}

#[test]
fn parse_errors_are_reported_once_and_checks_still_run() {
    let catalog = Catalog::embedded();
    // A Principal in an identity policy is a parse error (policy/element-not-allowed); the typo
    // in the action is still found.
    let text = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "s3:GetObjects", "Resource": "*"}]}"#;
    let findings = lint(text, PolicyKind::Identity, Some(catalog));
    let codes: Vec<&str> = findings.iter().map(|f| f.code).collect();
    assert_eq!(
        codes
            .iter()
            .filter(|c| **c == "policy/element-not-allowed")
            .count(),
        1,
        "{codes:?}"
    );
    assert!(codes.contains(&"lint/unknown-action"), "{codes:?}");
    // The same parse error as `diagnose` gives, first.
    let parse = iam_policy::diagnose(text, PolicyKind::Identity);
    assert_eq!(findings[..parse.len()], parse[..]);
    // A missing Principal in a resource policy: reported once, by the parser.
    let text = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}"#;
    let findings = lint(text, PolicyKind::Resource, Some(catalog));
    assert_eq!(findings.len(), 1, "{}", describe(&findings));
    assert_eq!(findings[0].code, "policy/element-required");
    // Grammar errors stop the checks (there is no model to check).
    let text = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Alow", "Action": "s3:GetObjects", "Resource": "*"}]}"#;
    let findings = lint(text, PolicyKind::Identity, Some(catalog));
    assert_eq!(findings, iam_policy::diagnose(text, PolicyKind::Identity));
    // JSON errors are the parser's.
    let findings = lint("{\"Statement\": [", PolicyKind::Identity, Some(catalog));
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0].code, "json/syntax");
}

#[test]
fn explains_wildcard_actions() {
    let catalog = Catalog::embedded();
    let explained = iam_lint::explain_actions("s3:Get*", catalog);
    assert!(explained.count() > 20, "{}", explained.summary());
    assert_eq!(explained.services, ["s3"]);
    let total: usize = explained.levels.iter().map(|l| l.count).sum();
    assert_eq!(total, explained.count());
    assert!(explained.levels.iter().any(|l| l.level == "Read"));
    assert!(explained.summary().starts_with("`s3:Get*` covers "));
    assert!(
        explained
            .actions
            .iter()
            .all(|a| a.name().starts_with("Get"))
    );

    let one = iam_lint::explain_actions("S3:getobject", catalog);
    assert_eq!(one.count(), 1);
    assert_eq!(
        one.summary(),
        "`S3:getobject` covers 1 action of `s3` (1 Read)"
    );

    let many = iam_lint::explain_actions("*:Describe*", catalog);
    assert!(many.services.len() > 50);
    assert!(many.summary().contains(" services ("), "{}", many.summary());

    let none = iam_lint::explain_actions("s3:Gett*", catalog);
    assert_eq!(none.count(), 0);
    assert_eq!(none.summary(), "`s3:Gett*` matches no action");
}
