//! The AWS IAM policy language: parse a policy document's JSON text into a typed model that keeps
//! the source span of every element, and reject what IAM rejects with errors that say where
//! (line, column, JSON path) and what is wrong.
//!
//! ```
//! use iam_policy::{parse_policy, PolicyKind};
//! let text = r#"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:Get*", "Resource": "*"}}"#;
//! let policy = parse_policy(text, PolicyKind::Identity).unwrap();
//! assert!(policy.statements[0].action.items[0].glob.is_match("S3:GetObject"));
//! ```

pub mod arn;
pub mod ast;
pub mod condition;
pub mod diagnostic;
pub mod error;
pub mod glob;
pub mod json;
pub mod kind;
mod lower;
pub mod principal;
pub mod sort;
pub mod span;
pub mod suggest;
pub mod template;

pub use ast::{Effect, Policy, Statement, Version};
pub use diagnostic::{Diagnostic, Severity};
pub use error::{ErrorKind, PolicyError};
pub use kind::PolicyKind;
pub use span::{LineIndex, Position, Span};

/// Parses `text` as a policy of `kind`: JSON syntax, the policy grammar, then the kind's rules.
pub fn parse_policy(text: &str, kind: PolicyKind) -> Result<Policy, Vec<PolicyError>> {
    let arena = json::Arena::new();
    let node = json::parse(text, &arena).map_err(|error| vec![PolicyError::from(error)])?;
    lower_policy_node(&node, text, kind)
}

/// Lowers an already-read JSON value (e.g. a policy embedded in a larger document whose text is
/// `source`) as a policy of `kind`. Spans point into `source`.
pub fn lower_policy_node(
    node: &json::Node<'_>,
    source: &str,
    kind: PolicyKind,
) -> Result<Policy, Vec<PolicyError>> {
    let policy = lower::lower_policy(node)?;
    let errors = kind::validate_kind(&policy, kind, source);
    if errors.is_empty() {
        Ok(policy)
    } else {
        Err(errors)
    }
}

/// Lowers a JSON value with the grammar alone, leaving the policy type's rules to
/// [`kind::validate_kind`]: for tools that check one model against several types.
pub fn lower_policy_grammar(node: &json::Node<'_>) -> Result<Policy, Vec<PolicyError>> {
    lower::lower_policy(node)
}

/// Parses `text` and returns every error as a located diagnostic (empty when valid).
pub fn diagnose(text: &str, kind: PolicyKind) -> Vec<Diagnostic> {
    match parse_policy(text, kind) {
        Ok(_) => Vec::new(),
        Err(errors) => {
            let index = LineIndex::new(text);
            errors
                .iter()
                .map(|e| Diagnostic::from_error(e, &index))
                .collect()
        }
    }
}
