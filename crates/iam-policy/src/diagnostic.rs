//! Errors and findings in the one shape every front end shows: code, severity, message, and
//! where (byte span, JSON path, and line/column in both characters and UTF-16 units).

use serde::Serialize;

use crate::error::PolicyError;
use crate::span::{LineIndex, Position, Span};

/// How serious a diagnostic is; the levels of IAM Access Analyzer's policy validation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    /// The policy is invalid or will not work as written.
    Error,
    /// Valid, but grants more than intended.
    SecurityWarning,
    /// Valid, but not best practice or may behave unexpectedly.
    Warning,
    /// Redundant or could be simpler.
    Suggestion,
}

impl Severity {
    /// The name as serialized (`security-warning`), for text output that matches the JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::SecurityWarning => "security-warning",
            Severity::Warning => "warning",
            Severity::Suggestion => "suggestion",
        }
    }

    /// The severity named `name` ([`Severity::as_str`]).
    pub fn from_name(name: &str) -> Option<Severity> {
        [
            Severity::Error,
            Severity::SecurityWarning,
            Severity::Warning,
            Severity::Suggestion,
        ]
        .into_iter()
        .find(|severity| severity.as_str() == name)
    }
}

/// A located message about a policy text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Stable code, e.g. `policy/missing-element`.
    pub code: &'static str,
    /// How serious it is.
    pub severity: Severity,
    /// What is wrong and what to do.
    pub message: String,
    /// JSON path of the element, e.g. `$.Statement[0].Effect`.
    pub path: String,
    /// Byte span in the text.
    pub span: Span,
    /// Where the span starts.
    pub start: Position,
    /// Where the span ends.
    pub end: Position,
}

impl Diagnostic {
    /// Locates a diagnostic in the text that `index` indexes.
    pub fn new(
        code: &'static str,
        severity: Severity,
        message: String,
        path: String,
        span: Span,
        index: &LineIndex<'_>,
    ) -> Diagnostic {
        Diagnostic {
            code,
            severity,
            message,
            path,
            span,
            start: index.position(span.start),
            end: index.position(span.end),
        }
    }

    /// A parse or validation error as an error diagnostic.
    pub fn from_error(error: &PolicyError, index: &LineIndex<'_>) -> Diagnostic {
        Diagnostic::new(
            error.code(),
            Severity::Error,
            error.kind.to_string(),
            error.path.clone(),
            error.span,
            index,
        )
    }

    /// `line:column: severity code: message`, the compiler-style one-line form.
    pub fn one_line(&self) -> String {
        format!(
            "{}:{}: {} {}: {} (at {})",
            self.start.line,
            self.start.column,
            self.severity.as_str(),
            self.code,
            self.message,
            self.path
        )
    }
}

#[cfg(test)]
mod name_tests {
    use super::Severity;

    #[test]
    fn severities_read_back_from_their_names() {
        for severity in [
            Severity::Error,
            Severity::SecurityWarning,
            Severity::Warning,
            Severity::Suggestion,
        ] {
            assert_eq!(Severity::from_name(severity.as_str()), Some(severity));
        }
        assert_eq!(Severity::from_name("fatal"), None);
    }
}
