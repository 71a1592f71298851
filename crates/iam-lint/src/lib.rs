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
mod suggest;

use iam_policy::json;
use iam_policy::{Diagnostic, ErrorKind, LineIndex, Policy, PolicyError, PolicyKind};

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
        Err(error) => {
            let error = PolicyError {
                kind: ErrorKind::Json(error.kind),
                span: error.span,
                path: "$".to_owned(),
            };
            return vec![Diagnostic::from_error(&error, &index)];
        }
    };
    let (policy, mut out) = match iam_policy::lower_policy_node(&root, text, kind) {
        Ok(policy) => (Some(policy), Vec::new()),
        Err(errors) => {
            let policy = if errors.iter().all(|e| is_kind_rule(&e.kind)) {
                lower_leniently(&root, text)
            } else {
                None
            };
            let diagnostics = errors
                .iter()
                .map(|e| Diagnostic::from_error(e, &index))
                .collect();
            (policy, diagnostics)
        }
    };
    if let Some(policy) = policy {
        out.extend(lint_policy(&policy, text, &root, &index, kind, catalog));
    }
    out
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

/// Errors that come from the policy type's rules rather than the grammar: the policy still
/// has a complete model, so the other checks can run on it.
fn is_kind_rule(kind: &ErrorKind) -> bool {
    matches!(
        kind,
        ErrorKind::ElementNotAllowed { .. }
            | ErrorKind::ElementRequired { .. }
            | ErrorKind::VersionRequired(_)
            | ErrorKind::NotPrincipalWithAllow
            | ErrorKind::FederatedOutsideTrustPolicy
            | ErrorKind::RcpPrincipalMustBeEveryone
            | ErrorKind::RcpAllowNotSupported
            | ErrorKind::InvalidSid(_)
            | ErrorKind::DuplicateSid(_)
            | ErrorKind::CharacterNotAllowed(_)
    )
}

/// The policy model regardless of type rules: the grammar is kind-independent, so any type
/// whose rules the text happens to satisfy yields the same model.
fn lower_leniently(root: &json::Node<'_>, text: &str) -> Option<Policy> {
    [
        PolicyKind::Resource,
        PolicyKind::ServiceControl,
        PolicyKind::Trust,
        PolicyKind::VpcEndpoint,
        PolicyKind::Identity,
    ]
    .into_iter()
    .find_map(|kind| iam_policy::lower_policy_node(root, text, kind).ok())
}

/// The catalogue compiled into the binary (feature `embedded`), parsed on first use.
#[cfg(feature = "embedded")]
pub fn embedded_catalog() -> Result<&'static Catalog, &'static CatalogError> {
    Catalog::try_embedded()
}
