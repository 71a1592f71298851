//! `iamplay lint`: IAM Access Analyzer-style checks of one policy file, with the embedded
//! action catalogue.

use std::io::Read;
use std::path::Path;
use std::process::ExitCode;

use clap::ValueEnum;
use iam_lint::lint;
use iam_policy::{Diagnostic, PolicyKind, Severity};

/// The policy types `--kind` accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum KindArg {
    /// Attached to a user, group or role.
    Identity,
    /// A resource-based policy (bucket, key, queue, topic...).
    Resource,
    /// A role trust policy.
    Trust,
    /// An AWS Organizations service control policy.
    Scp,
    /// An AWS Organizations resource control policy.
    Rcp,
    /// A permissions boundary.
    Boundary,
    /// A session policy.
    Session,
    /// A VPC endpoint policy.
    VpcEndpoint,
}

impl KindArg {
    fn kind(self) -> PolicyKind {
        match self {
            KindArg::Identity => PolicyKind::Identity,
            KindArg::Resource => PolicyKind::Resource,
            KindArg::Trust => PolicyKind::Trust,
            KindArg::Scp => PolicyKind::ServiceControl,
            KindArg::Rcp => PolicyKind::ResourceControl,
            KindArg::Boundary => PolicyKind::PermissionsBoundary,
            KindArg::Session => PolicyKind::Session,
            KindArg::VpcEndpoint => PolicyKind::VpcEndpoint,
        }
    }
}

fn read(path: &Path) -> std::io::Result<String> {
    if path == Path::new("-") {
        let mut text = String::new();
        std::io::stdin().read_to_string(&mut text)?;
        Ok(text)
    } else {
        std::fs::read_to_string(path)
    }
}

/// Lints the policy in `path` (`-` for standard input). Exit code 1 when a finding is an
/// error, 2 when the file cannot be read.
pub fn run(path: &Path, kind: KindArg, json: bool) -> ExitCode {
    let text = match read(path) {
        Ok(text) => text,
        Err(error) => {
            eprintln!("error: cannot read {}: {error}", path.display());
            return ExitCode::from(2);
        }
    };
    let catalog = match iam_lint::embedded_catalog() {
        Ok(catalog) => Some(catalog),
        Err(error) => {
            eprintln!(
                "warning: the action catalogue did not load ({error}); catalogue checks are skipped"
            );
            None
        }
    };
    let findings = lint(&text, kind.kind(), catalog);
    let file = path.display().to_string();
    if json {
        let out = serde_json::json!({
            "file": file,
            "kind": kind.kind(),
            "findings": findings,
        });
        match serde_json::to_string_pretty(&out) {
            Ok(out) => println!("{out}"),
            Err(error) => {
                eprintln!("error: {error}");
                return ExitCode::from(2);
            }
        }
    } else {
        for finding in &findings {
            println!(
                "{file}:{}:{}: {} {}: {}",
                finding.start.line,
                finding.start.column,
                finding.severity.as_str(),
                finding.code,
                finding.message
            );
        }
        eprintln!("{}", summary(&findings));
    }
    if findings.iter().any(|f| f.severity == Severity::Error) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn summary(findings: &[Diagnostic]) -> String {
    if findings.is_empty() {
        return "no findings".to_owned();
    }
    let count = |severity: Severity| findings.iter().filter(|f| f.severity == severity).count();
    let parts: Vec<String> = [
        (Severity::Error, "error"),
        (Severity::SecurityWarning, "security warning"),
        (Severity::Warning, "warning"),
        (Severity::Suggestion, "suggestion"),
    ]
    .into_iter()
    .filter_map(|(severity, name)| {
        let n = count(severity);
        (n > 0).then(|| format!("{n} {name}{}", if n == 1 { "" } else { "s" }))
    })
    .collect();
    parts.join(", ")
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn policy_file(name: &str, text: &str) -> std::path::PathBuf {
        let path = std::env::temp_dir().join(format!("iamplay-lint-{}-{name}", std::process::id()));
        std::fs::write(&path, text).unwrap();
        path
    }

    #[test]
    fn exit_codes_follow_the_worst_finding() {
        let clean = policy_file(
            "clean.json",
            r#"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}}"#,
        );
        assert_eq!(run(&clean, KindArg::Identity, false), ExitCode::SUCCESS);
        let warning = policy_file(
            "warning.json",
            r#"{"Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}}"#,
        );
        assert_eq!(run(&warning, KindArg::Identity, true), ExitCode::SUCCESS);
        let error = policy_file(
            "error.json",
            r#"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:GetObjects", "Resource": "arn:aws:s3:::b/*"}}"#,
        );
        assert_eq!(run(&error, KindArg::Identity, false), ExitCode::from(1));
        // The kind matters: a trust policy must not name resources.
        assert_eq!(run(&clean, KindArg::Trust, false), ExitCode::from(1));
        let missing = std::env::temp_dir().join("iamplay-lint-does-not-exist.json");
        assert_eq!(run(&missing, KindArg::Identity, false), ExitCode::from(2));
        for path in [clean, warning, error] {
            std::fs::remove_file(path).unwrap();
        }
    }

    #[test]
    fn summary_counts_by_severity() {
        assert_eq!(summary(&[]), "no findings");
        let text = r#"{"Statement": {"Effect": "Allow", "Action": ["s3:GetObjects", "s3:*"], "Resource": "*"}}"#;
        let findings = lint(
            text,
            PolicyKind::Identity,
            iam_lint::embedded_catalog().ok(),
        );
        let line = summary(&findings);
        assert!(line.starts_with("1 error, "), "{line}");
        assert!(line.contains("1 warning"), "{line}");
    }
}
