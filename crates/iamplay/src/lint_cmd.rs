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

fn severity_name(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::SecurityWarning => "security-warning",
        Severity::Warning => "warning",
        Severity::Suggestion => "suggestion",
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
                severity_name(finding.severity),
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
