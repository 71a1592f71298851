//! What the editor shows beside the text: the findings of iam-lint (run by the authoring-help
//! module, [`crate::assist`], once it has loaded), else the parse and grammar errors the app
//! finds itself. Byte offsets become editor offsets through [`crate::editor::utf16_offset`]
//! only.

use iam_policy::{PolicyKind, Severity as LintSeverity, diagnose};

use crate::editor::{Diagnostic, Severity, utf16_offset};

/// One finding, for the editor and for the problems list under it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// The editor diagnostic (UTF-16 range).
    pub diagnostic: Diagnostic,
    /// 1-based line of the start.
    pub line: u32,
    /// 1-based column of the start, in characters.
    pub column: u32,
    /// The stable code (`lint/unknown-action`).
    pub code: String,
    /// Byte range, for highlighting.
    pub span: (u32, u32),
}

/// Lints `text` as a policy of `kind` and locates each finding for the editor.
pub fn findings(text: &str, kind: PolicyKind) -> Vec<Finding> {
    if let Some(linted) = crate::assist::lint(text, kind) {
        return linted
            .into_iter()
            .map(|d| {
                let named = LintSeverity::from_name(&d.severity);
                let severity = severity(named.unwrap_or(LintSeverity::Warning));
                let at = (d.span.start, d.span.end, d.start.line, d.start.column);
                finding(text, d.code, severity, &d.message, at)
            })
            .collect();
    }
    diagnose(text, kind)
        .into_iter()
        .map(|d| {
            let at = (d.span.start, d.span.end, d.start.line, d.start.column);
            finding(
                text,
                d.code.to_owned(),
                severity(d.severity),
                &d.message,
                at,
            )
        })
        .collect()
}

/// A finding at `(byte start, byte end, line, column)`.
fn finding(
    text: &str,
    code: String,
    severity: Severity,
    message: &str,
    (start, end, line, column): (u32, u32, u32, u32),
) -> Finding {
    let from = utf16_offset(text, start as usize);
    let to = utf16_offset(text, end as usize).max(from);
    Finding {
        diagnostic: Diagnostic {
            from,
            to,
            severity,
            message: format!("{message} [{code}]"),
        },
        line,
        column,
        code,
        span: (start, end),
    }
}

fn severity(severity: LintSeverity) -> Severity {
    match severity {
        LintSeverity::Error => Severity::Error,
        LintSeverity::SecurityWarning | LintSeverity::Warning => Severity::Warning,
        LintSeverity::Suggestion => Severity::Info,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn findings_point_at_utf16_ranges_with_lines() {
        let text = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": {\"Effect\": \"Alow\", \"Action\": \"s3:GetObject\", \"Resource\": \"*\"}\n}";
        let found = findings(text, PolicyKind::Identity);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].line, 3);
        assert_eq!(found[0].diagnostic.severity, Severity::Error);
        let (from, to) = (
            found[0].diagnostic.from as usize,
            found[0].diagnostic.to as usize,
        );
        assert_eq!(&text[from..to], "\"Alow\"");
    }
}
