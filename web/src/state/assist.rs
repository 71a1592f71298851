//! What the editor shows beside the text: diagnostics (iam-lint, with the catalogue once it
//! has loaded) and completions (actions, condition operators, condition keys). Byte offsets
//! become editor offsets through [`crate::editor::utf16_offset`] only.

use iam_catalog::{Catalog, condition_operators};
use iam_policy::{PolicyKind, Severity as LintSeverity};
use serde::{Deserialize, Serialize};

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
    pub code: &'static str,
    /// Byte range, for highlighting.
    pub span: (u32, u32),
}

/// Lints `text` as a policy of `kind` and locates each finding for the editor.
pub fn findings(text: &str, kind: PolicyKind, catalog: Option<&Catalog>) -> Vec<Finding> {
    iam_lint::lint(text, kind, catalog)
        .into_iter()
        .map(|d| {
            let from = utf16_offset(text, d.span.start as usize);
            let to = utf16_offset(text, d.span.end as usize).max(from);
            Finding {
                diagnostic: Diagnostic {
                    from,
                    to,
                    severity: severity(d.severity),
                    message: format!("{} [{}]", d.message, d.code),
                },
                line: d.start.line,
                column: d.start.column,
                code: d.code,
                span: (d.span.start, d.span.end),
            }
        })
        .collect()
}

fn severity(severity: LintSeverity) -> Severity {
    match severity {
        LintSeverity::Error => Severity::Error,
        LintSeverity::SecurityWarning | LintSeverity::Warning => Severity::Warning,
        LintSeverity::Suggestion => Severity::Info,
    }
}

/// What the editor asks to complete (decided by the JS glue from the JSON structure).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum CompletionQuery {
    /// A string in `Action` / `NotAction`.
    Action {
        /// The text typed so far.
        prefix: String,
    },
    /// A key directly under `Condition`.
    Operator {
        /// The text typed so far.
        prefix: String,
    },
    /// A key inside an operator block.
    ConditionKey {
        /// The text typed so far.
        prefix: String,
        /// The statement's actions, for keys those actions support.
        #[serde(default)]
        actions: Vec<String>,
    },
}

/// One completion, in CodeMirror's shape.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Completion {
    /// The text inserted.
    pub label: String,
    /// A short note shown beside it (access level, key type).
    pub detail: String,
    /// A longer description.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub info: String,
    /// CodeMirror's icon type.
    #[serde(rename = "type")]
    pub kind: &'static str,
}

/// At most this many completions are returned (the list is filtered further as one types).
pub const LIMIT: usize = 200;

/// Completes a query from the catalogue.
pub fn complete(catalog: &Catalog, query: &CompletionQuery) -> Vec<Completion> {
    let mut out = match query {
        CompletionQuery::Action { prefix } => complete_action(catalog, prefix),
        CompletionQuery::Operator { prefix } => complete_operator(prefix),
        CompletionQuery::ConditionKey { prefix, actions } => complete_key(catalog, prefix, actions),
    };
    out.truncate(LIMIT);
    out
}

fn complete_action(catalog: &Catalog, prefix: &str) -> Vec<Completion> {
    if prefix.contains(':') {
        return catalog
            .complete_actions(prefix)
            .into_iter()
            .map(|a| Completion {
                label: a.qualified_name(),
                detail: a.access_level().as_str().to_owned(),
                info: a.description().to_owned(),
                kind: "function",
            })
            .collect();
    }
    catalog
        .complete_services(prefix)
        .into_iter()
        .map(|s| Completion {
            label: format!("{}:", s.prefix()),
            detail: format!("{} actions", s.actions().len()),
            info: s.name().to_owned(),
            kind: "namespace",
        })
        .collect()
}

fn complete_operator(prefix: &str) -> Vec<Completion> {
    let lower = prefix.to_ascii_lowercase();
    condition_operators()
        .map(|o| o.to_string())
        .filter(|name| name.to_ascii_lowercase().starts_with(&lower))
        .map(|label| Completion {
            label,
            detail: "operator".to_owned(),
            info: String::new(),
            kind: "keyword",
        })
        .collect()
}

fn complete_key(catalog: &Catalog, prefix: &str, actions: &[String]) -> Vec<Completion> {
    let lower = prefix.to_ascii_lowercase();
    let fits = |name: &str| name.to_ascii_lowercase().starts_with(&lower);
    let mut out: Vec<Completion> = Vec::new();
    let push = |key: &iam_catalog::ConditionKey, detail: String, out: &mut Vec<Completion>| {
        if fits(key.name()) && !out.iter().any(|c| c.label == key.name()) {
            out.push(Completion {
                label: key.name().to_owned(),
                detail,
                info: key.description().to_owned(),
                kind: "property",
            });
        }
    };
    // Keys the statement's actions support come first.
    for pattern in actions {
        for action in catalog.expand_actions(pattern).into_iter().take(50) {
            for key in action.condition_keys() {
                push(
                    key,
                    format!("{} · {}", key.key_type(), action.name()),
                    &mut out,
                );
            }
        }
    }
    for key in catalog.global_condition_keys() {
        push(key, format!("{} · global", key.key_type()), &mut out);
    }
    if let Some((service, _)) = prefix.split_once(':') {
        if let Some(service) = catalog.service(service) {
            for key in service.condition_keys() {
                push(key, key.key_type().to_string(), &mut out);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalog() -> Catalog {
        Catalog::from_bytes(include_bytes!(
            "../../../crates/iam-catalog/data/catalog.json"
        ))
        .unwrap()
    }

    #[test]
    fn findings_point_at_utf16_ranges_with_lines() {
        let text = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": {\"Effect\": \"Alow\", \"Action\": \"s3:GetObject\", \"Resource\": \"*\"}\n}";
        let found = findings(text, PolicyKind::Identity, None);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].line, 3);
        assert_eq!(found[0].diagnostic.severity, Severity::Error);
        let (from, to) = (
            found[0].diagnostic.from as usize,
            found[0].diagnostic.to as usize,
        );
        assert_eq!(&text[from..to], "\"Alow\"");
    }

    #[test]
    fn the_catalogue_adds_typo_findings() {
        let text = r#"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:GetObjects", "Resource": "arn:aws:s3:::b/*"}}"#;
        assert!(findings(text, PolicyKind::Identity, None).is_empty());
        let found = findings(text, PolicyKind::Identity, Some(&catalog()));
        assert_eq!(found[0].code, "lint/unknown-action");
        assert!(found[0].diagnostic.message.contains("s3:GetObject"));
    }

    #[test]
    fn completes_services_actions_operators_and_keys() {
        let catalog = catalog();
        let labels = |q: CompletionQuery| -> Vec<String> {
            complete(&catalog, &q)
                .into_iter()
                .map(|c| c.label)
                .collect()
        };
        assert!(
            labels(CompletionQuery::Action {
                prefix: "s3".into()
            })
            .contains(&"s3:".to_owned())
        );
        let actions = labels(CompletionQuery::Action {
            prefix: "s3:GetObj".into(),
        });
        assert!(actions.contains(&"s3:GetObject".to_owned()), "{actions:?}");
        let operators = labels(CompletionQuery::Operator {
            prefix: "StringEq".into(),
        });
        assert!(operators.contains(&"StringEquals".to_owned()));
        assert!(operators.contains(&"StringEqualsIfExists".to_owned()));
        let keys = labels(CompletionQuery::ConditionKey {
            prefix: "s3:".into(),
            actions: vec!["s3:GetObject".into()],
        });
        assert!(
            keys.iter()
                .any(|k| k == "s3:ExistingObjectTag/<key>" || k.starts_with("s3:")),
            "{keys:?}"
        );
        let global = labels(CompletionQuery::ConditionKey {
            prefix: "aws:SourceI".into(),
            actions: vec![],
        });
        assert!(global.contains(&"aws:SourceIp".to_owned()), "{global:?}");
    }

    #[test]
    fn queries_come_from_js_objects() {
        let query: CompletionQuery = serde_json::from_str(
            r#"{"kind": "condition-key", "prefix": "aws:", "actions": ["s3:*"]}"#,
        )
        .unwrap();
        assert!(matches!(query, CompletionQuery::ConditionKey { .. }));
    }
}
