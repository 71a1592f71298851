//! Policy checks for the IAM Playground, in the spirit of IAM Access Analyzer's policy
//! validation, offline and fast enough to run on every keystroke.
//!
//! [`lint`] returns the parse errors of a policy text (as [`iam_policy::diagnose`] does) plus
//! findings: typos in actions and condition keys, resources of the wrong shape, operators of
//! the wrong type, risky shapes (`iam:PassRole` on `*`, trust policies open to everyone),
//! redundancy. Every finding has a stable code (`lint/...`, listed in [`CHECKS`]), a severity,
//! a message that says what to do, and the exact span and JSON path. Checks that need the AWS
//! action catalogue are skipped when none is given (the browser loads it lazily).
//!
//! ```
//! use iam_lint::lint;
//! use iam_policy::PolicyKind;
//! let catalog = iam_catalog::Catalog::from_bytes(include_bytes!("../../iam-catalog/data/catalog.json")).unwrap();
//! let text = r#"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:GetObjects", "Resource": "arn:aws:s3:::bucket/*"}}"#;
//! let findings = lint(text, PolicyKind::Identity, Some(&catalog));
//! assert_eq!(findings[0].code, "lint/unknown-action");
//! assert!(findings[0].message.contains("s3:GetObject"));
//! ```

mod actions;
pub mod checks;
mod conditions;
mod context;
mod document;
mod explain;
mod keys;
mod path;
mod principals;
mod resources;
mod statements;
mod subset;
use iam_policy::suggest;

use iam_policy::json;
use iam_policy::kind::validate_kind;
use iam_policy::{Diagnostic, LineIndex, Policy, PolicyError, PolicyKind};

pub use checks::{CHECKS, Check};
pub use explain::{ActionExplanation, LevelCount, explain_actions};
pub use iam_catalog::{Catalog, CatalogError};

/// Checks a policy text of `kind`: its parse errors, then the findings (sorted by position).
///
/// When the text parses but breaks only a rule of its policy type (a `Principal` in an
/// identity policy, a duplicate `Sid`...), that error is reported once and the other checks
/// still run, so one slip does not hide every other finding while typing.
pub fn lint(text: &str, kind: PolicyKind, catalog: Option<&Catalog>) -> Vec<Diagnostic> {
    let index = LineIndex::new(text);
    let arena = json::Arena::new();
    let root = match json::parse(text, &arena) {
        Ok(root) => root,
        Err(error) => return diagnostics(&[PolicyError::from(error)], &index),
    };
    let policy = match iam_policy::lower_policy_grammar(&root) {
        Ok(policy) => policy,
        Err(errors) => return diagnostics(&errors, &index),
    };
    let errors = validate_kind(&policy, kind, text);
    let mut out = diagnostics(&errors, &index);
    if errors.is_empty() || satisfies_some_kind(&policy, text) {
        out.extend(lint_policy(&policy, text, &root, &index, kind, catalog));
    }
    out
}

fn diagnostics(errors: &[PolicyError], index: &LineIndex<'_>) -> Vec<Diagnostic> {
    errors
        .iter()
        .map(|e| Diagnostic::from_error(e, index))
        .collect()
}

/// Runs the checks on an already-parsed policy (`root` is the JSON it was lowered from).
fn lint_policy(
    policy: &Policy,
    text: &str,
    root: &json::Node<'_>,
    index: &LineIndex<'_>,
    kind: PolicyKind,
    catalog: Option<&Catalog>,
) -> Vec<Diagnostic> {
    let mut linter = context::Linter::new(policy, text, root, index, kind, catalog);
    document::check(&mut linter);
    for statement in &policy.statements {
        actions::check(&mut linter, statement);
        resources::check(&mut linter, statement);
        conditions::check(&mut linter, statement);
        principals::check(&mut linter, statement);
        statements::check(&mut linter, statement);
    }
    principals::check_policy(&mut linter);
    statements::check_pairs(&mut linter);
    linter.finish()
}

/// Whether the policy, which breaks its own type's rules, is valid as some type: then the
/// slip is one rule (a `Principal` in an identity policy, a duplicate `Sid`...) and the
/// model is complete enough for the other checks.
fn satisfies_some_kind(policy: &Policy, text: &str) -> bool {
    [
        PolicyKind::Resource,
        PolicyKind::ServiceControl,
        PolicyKind::Trust,
        PolicyKind::VpcEndpoint,
        PolicyKind::Identity,
    ]
    .into_iter()
    .any(|kind| validate_kind(policy, kind, text).is_empty())
}

/// The catalogue compiled into the binary (feature `embedded`), parsed on first use.
#[cfg(feature = "embedded")]
pub fn embedded_catalog() -> Result<&'static Catalog, &'static CatalogError> {
    Catalog::try_embedded()
}
