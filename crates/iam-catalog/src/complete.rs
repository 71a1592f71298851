//! Completion for a policy editor: actions (and service prefixes), condition operators and
//! condition keys, ranked so the keys the statement's actions support come first. The query
//! and result shapes are what a CodeMirror completion source sends and shows.

use serde::{Deserialize, Serialize};

use crate::{Catalog, ConditionKey, condition_operators};

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
    /// A global condition key a request can set (`aws:SourceIp`), for a request's context
    /// table: templated keys (`aws:PrincipalTag/${TagKey}`) are left out.
    GlobalKey {
        /// The text typed so far.
        prefix: String,
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
        CompletionQuery::GlobalKey { prefix } => complete_global_key(catalog, prefix),
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
    let push = |key: &ConditionKey, detail: String, out: &mut Vec<Completion>| {
        if fits(key.name()) && !out.iter().any(|c| c.label == key.name()) {
            out.push(key_completion(key, detail));
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
        push(key, global_detail(key), &mut out);
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

fn complete_global_key(catalog: &Catalog, prefix: &str) -> Vec<Completion> {
    let lower = prefix.to_ascii_lowercase();
    catalog
        .global_condition_keys()
        .iter()
        .filter(|key| {
            let name = key.name();
            name.to_ascii_lowercase().starts_with(&lower)
                && !name.contains('<')
                && !name.contains("${")
        })
        .map(|key| key_completion(key, global_detail(key)))
        .collect()
}

fn key_completion(key: &ConditionKey, detail: String) -> Completion {
    Completion {
        label: key.name().to_owned(),
        detail,
        info: key.description().to_owned(),
        kind: "property",
    }
}

/// The note beside a global key (`IPAddress · global`).
fn global_detail(key: &ConditionKey) -> String {
    format!("{} · global", key.key_type())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalog() -> Catalog {
        Catalog::from_bytes(include_bytes!("../data/catalog.json")).unwrap()
    }

    fn labels(catalog: &Catalog, query: CompletionQuery) -> Vec<String> {
        complete(catalog, &query)
            .into_iter()
            .map(|c| c.label)
            .collect()
    }

    #[test]
    fn completes_services_then_their_actions() {
        let catalog = catalog();
        let services = labels(
            &catalog,
            CompletionQuery::Action {
                prefix: "s3".into(),
            },
        );
        assert!(services.contains(&"s3:".to_owned()), "{services:?}");
        let actions = labels(
            &catalog,
            CompletionQuery::Action {
                prefix: "s3:GetObj".into(),
            },
        );
        assert!(actions.contains(&"s3:GetObject".to_owned()), "{actions:?}");
        assert!(
            actions
                .iter()
                .all(|a| a.to_ascii_lowercase().starts_with("s3:getobj"))
        );
    }

    #[test]
    fn completes_operators_with_their_if_exists_forms() {
        let operators = labels(
            &catalog(),
            CompletionQuery::Operator {
                prefix: "StringEq".into(),
            },
        );
        assert!(operators.contains(&"StringEquals".to_owned()));
        assert!(operators.contains(&"StringEqualsIfExists".to_owned()));
        assert!(!operators.contains(&"NumericEquals".to_owned()));
    }

    #[test]
    fn keys_of_the_statements_actions_come_before_global_keys() {
        let catalog = catalog();
        let keys = complete(
            &catalog,
            &CompletionQuery::ConditionKey {
                prefix: String::new(),
                actions: vec!["s3:GetObject".into()],
            },
        );
        assert!(keys[0].detail.ends_with("GetObject"), "{keys:?}");
        let first_global = keys.iter().position(|k| k.detail.ends_with("global"));
        let last_action = keys.iter().rposition(|k| k.detail.ends_with("GetObject"));
        assert!(last_action < first_global, "{keys:?}");
        let global = labels(
            &catalog,
            CompletionQuery::ConditionKey {
                prefix: "aws:SourceI".into(),
                actions: vec![],
            },
        );
        assert!(global.contains(&"aws:SourceIp".to_owned()), "{global:?}");
        assert!(keys.len() <= LIMIT);
    }

    #[test]
    fn queries_come_from_js_objects() {
        let query: CompletionQuery = serde_json::from_str(
            r#"{"kind": "condition-key", "prefix": "aws:", "actions": ["s3:*"]}"#,
        )
        .unwrap();
        assert!(matches!(query, CompletionQuery::ConditionKey { .. }));
        let query: CompletionQuery =
            serde_json::from_str(r#"{"kind": "operator", "prefix": "Str"}"#).unwrap();
        assert_eq!(
            query,
            CompletionQuery::Operator {
                prefix: "Str".into()
            }
        );
    }

    #[test]
    fn global_keys_for_a_request_leave_out_templated_keys() {
        let catalog = catalog();
        let keys = labels(
            &catalog,
            CompletionQuery::GlobalKey {
                prefix: "aws:".to_owned(),
            },
        );
        assert!(keys.contains(&"aws:SourceIp".to_owned()), "{keys:?}");
        assert!(
            keys.contains(&"aws:MultiFactorAuthPresent".to_owned()),
            "{keys:?}"
        );
        assert!(
            keys.iter().all(|k| !k.contains("${") && !k.contains('<')),
            "{keys:?}"
        );
        assert!(keys.iter().all(|k| k.starts_with("aws:")), "{keys:?}");
        let query: CompletionQuery =
            serde_json::from_str(r#"{"kind": "global-key", "prefix": "aws:sourceip"}"#).unwrap();
        assert_eq!(labels(&catalog, query), ["aws:SourceIp"]);
    }
}
