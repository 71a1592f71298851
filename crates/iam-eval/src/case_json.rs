//! Reading a case from its JSON text (the format documented in the README).
//!
//! Every problem is reported with its JSON path and position: in the case text, or, for a
//! policy given as a string, in that string. Unknown fields are errors so a typo (`"sessoin_policies"`)
//! cannot silently drop a policy.

use std::sync::Arc;

use iam_policy::json::{self, Member, Node, Value};
use iam_policy::span::{LineIndex, Position, Span};
use iam_policy::{PolicyError, PolicyKind, lower_policy_node, parse_policy};
use serde::Serialize;

use crate::case::{Case, NamedPolicy};
use crate::context::{Context, ContextValue};
use crate::request::Request;

/// One problem in a case file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CaseProblem {
    /// Stable code, e.g. `case/missing-field` or a policy error code.
    pub code: &'static str,
    /// What is wrong.
    pub message: String,
    /// JSON path in the case, e.g. `$.identity_policies[0].document.Statement[0].Effect`.
    pub path: String,
    /// Byte span: in the case text, or in the policy string named by `policy_text`.
    pub span: Span,
    /// Line and column of the span's start, in the same text as `span`.
    pub start: Position,
    /// When the problem is inside a policy given as a JSON string: that policy's name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub policy_text: Option<String>,
}

impl std::fmt::Display for CaseProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.policy_text {
            Some(name) => write!(
                f,
                "{}:{} in the text of policy \"{name}\": {} [{}] (at {})",
                self.start.line, self.start.column, self.message, self.code, self.path
            ),
            None => write!(
                f,
                "{}:{}: {} [{}] (at {})",
                self.start.line, self.start.column, self.message, self.code, self.path
            ),
        }
    }
}

/// Reads a case from its JSON text.
pub fn parse_case(text: &str) -> Result<Case, Vec<CaseProblem>> {
    let index = LineIndex::new(text);
    let node = json::parse(text).map_err(|error| {
        vec![CaseProblem {
            code: "json/syntax",
            message: format!("invalid JSON: {}", error.kind),
            path: "$".to_owned(),
            span: error.span,
            start: index.position(error.span.start),
            policy_text: None,
        }]
    })?;
    parse_case_node(&node, text, "$")
}

/// Reads a case from an already-read JSON value of `text` found at JSON path `path`.
pub fn parse_case_node(node: &Node<'_>, text: &str, path: &str) -> Result<Case, Vec<CaseProblem>> {
    let mut reader = CaseReader {
        text,
        index: LineIndex::new(text),
        problems: Vec::new(),
    };
    let case = reader.case(node, path);
    match case {
        Some(case) if reader.problems.is_empty() => Ok(case),
        _ => Err(reader.problems),
    }
}

const CASE_FIELDS: [&str; 8] = [
    "request",
    "identity_policies",
    "permissions_boundary",
    "session_policies",
    "resource_policy",
    "scps",
    "rcps",
    "vpc_endpoint_policies",
];
const REQUEST_FIELDS: [&str; 5] = [
    "principal",
    "action",
    "resource",
    "resource_account",
    "context",
];
const POLICY_FIELDS: [&str; 2] = ["name", "document"];

struct CaseReader<'t> {
    text: &'t str,
    index: LineIndex<'t>,
    problems: Vec<CaseProblem>,
}

impl CaseReader<'_> {
    fn case(&mut self, node: &Node<'_>, path: &str) -> Option<Case> {
        let members = self.object(node, path)?;
        self.known_fields(members, &CASE_FIELDS, path);
        let request = match field(members, "request") {
            Some(member) => self.request(&member.value, &format!("{path}.request"))?,
            None => {
                self.problem(
                    "case/missing-field",
                    "missing required field `request`".to_owned(),
                    path,
                    node.span,
                );
                return None;
            }
        };
        let mut case = Case::new(request);
        let list = |reader: &mut Self, name: &str, kind| {
            field(members, name)
                .map(|m| reader.policy_list(&m.value, &format!("{path}.{name}"), kind))
                .unwrap_or_default()
        };
        case.identity_policies = list(self, "identity_policies", PolicyKind::Identity);
        case.session_policies = list(self, "session_policies", PolicyKind::Session);
        case.vpc_endpoint_policies = list(self, "vpc_endpoint_policies", PolicyKind::VpcEndpoint);
        case.permissions_boundary = self.single_policy(
            members,
            "permissions_boundary",
            path,
            PolicyKind::PermissionsBoundary,
        );
        let resource_kind = Case::resource_policy_kind(&case.request);
        case.resource_policy = self.single_policy(members, "resource_policy", path, resource_kind);
        case.scps = self.levels(members, "scps", path, PolicyKind::ServiceControl);
        case.rcps = self.levels(members, "rcps", path, PolicyKind::ResourceControl);
        Some(case)
    }

    fn request(&mut self, node: &Node<'_>, path: &str) -> Option<Request> {
        let members = self.object(node, path)?;
        self.known_fields(members, &REQUEST_FIELDS, path);
        let principal = self.required_string(members, "principal", path, node.span);
        let action = self.required_string(members, "action", path, node.span);
        let resource = self.required_string(members, "resource", path, node.span);
        let resource_account = field(members, "resource_account")
            .and_then(|m| self.optional_string(&m.value, &format!("{path}.resource_account")));
        let context = field(members, "context")
            .map(|m| self.context(&m.value, &format!("{path}.context")))
            .unwrap_or_default();
        let (principal, action, resource) = (principal?, action?, resource?);
        match Request::new(
            &principal.0,
            &action.0,
            &resource.0,
            resource_account.as_deref(),
            context,
        ) {
            Ok(request) => Some(request),
            Err(error) => {
                let (field_name, span) = match error {
                    crate::request::RequestError::InvalidPrincipal { .. } => {
                        ("principal", principal.1)
                    }
                    crate::request::RequestError::InvalidAction(_) => ("action", action.1),
                    crate::request::RequestError::InvalidResource(_) => ("resource", resource.1),
                    crate::request::RequestError::InvalidResourceAccount(_) => {
                        ("resource_account", node.span)
                    }
                };
                self.problem(
                    "case/invalid-request",
                    error.to_string(),
                    &format!("{path}.{field_name}"),
                    span,
                );
                None
            }
        }
    }

    fn context(&mut self, node: &Node<'_>, path: &str) -> Context {
        let mut context = Context::new();
        let Some(members) = self.object(node, path) else {
            return context;
        };
        for member in members {
            let key_path = format!("{path}[\"{}\"]", member.key);
            let value = match &member.value.value {
                Value::Array(items) => items
                    .iter()
                    .map(|item| self.scalar(item, &key_path))
                    .collect::<Option<Vec<String>>>()
                    .map(ContextValue::List),
                _ => self
                    .scalar(&member.value, &key_path)
                    .map(ContextValue::Single),
            };
            if let Some(value) = value {
                context.insert(&member.key, value);
            }
        }
        context
    }

    fn scalar(&mut self, node: &Node<'_>, path: &str) -> Option<String> {
        match &node.value {
            Value::String(text) => Some(text.to_string()),
            Value::Number(number) => Some((*number).to_owned()),
            Value::Bool(flag) => Some(flag.to_string()),
            other => {
                self.problem(
                    "case/wrong-type",
                    format!(
                        "a context value must be a string, number or boolean (or an array of them), found {}",
                        other.type_name()
                    ),
                    path,
                    node.span,
                );
                None
            }
        }
    }

    fn single_policy(
        &mut self,
        members: &[Member<'_>],
        name: &str,
        path: &str,
        kind: PolicyKind,
    ) -> Option<NamedPolicy> {
        let member = field(members, name)?;
        if member.value.value == Value::Null {
            return None;
        }
        self.policy(&member.value, &format!("{path}.{name}"), name, kind)
    }

    fn levels(
        &mut self,
        members: &[Member<'_>],
        name: &str,
        path: &str,
        kind: PolicyKind,
    ) -> Vec<Vec<NamedPolicy>> {
        let Some(member) = field(members, name) else {
            return Vec::new();
        };
        let path = format!("{path}.{name}");
        let Some(levels) = self.array(
            &member.value,
            &path,
            "an array of levels, each an array of policies",
        ) else {
            return Vec::new();
        };
        levels
            .iter()
            .enumerate()
            .map(|(i, level)| self.policy_list(level, &format!("{path}[{i}]"), kind))
            .collect()
    }

    fn policy_list(&mut self, node: &Node<'_>, path: &str, kind: PolicyKind) -> Vec<NamedPolicy> {
        if node.value == Value::Null {
            return Vec::new();
        }
        let Some(items) = self.array(node, path, "an array of policies") else {
            return Vec::new();
        };
        let default_name = path.rsplit('.').next().unwrap_or(path);
        items
            .iter()
            .enumerate()
            .filter_map(|(i, item)| {
                self.policy(
                    item,
                    &format!("{path}[{i}]"),
                    &format!("{default_name}[{i}]"),
                    kind,
                )
            })
            .collect()
    }

    fn policy(
        &mut self,
        node: &Node<'_>,
        path: &str,
        default_name: &str,
        kind: PolicyKind,
    ) -> Option<NamedPolicy> {
        let members = self.object(node, path)?;
        self.known_fields(members, &POLICY_FIELDS, path);
        let name = field(members, "name")
            .and_then(|m| self.optional_string(&m.value, &format!("{path}.name")))
            .unwrap_or_else(|| default_name.to_owned());
        let Some(document) = field(members, "document") else {
            self.problem(
                "case/missing-field",
                "missing required field `document`".to_owned(),
                path,
                node.span,
            );
            return None;
        };
        let document_path = format!("{path}.document");
        match &document.value.value {
            Value::String(policy_text) => match parse_policy(policy_text, kind) {
                Ok(policy) => Some(NamedPolicy {
                    name,
                    kind,
                    policy,
                    text: Some(Arc::from(policy_text.as_ref())),
                }),
                Err(errors) => {
                    let index = LineIndex::new(policy_text);
                    for error in errors {
                        self.policy_problem(&error, &document_path, Some((&name, &index)));
                    }
                    None
                }
            },
            Value::Object(_) => match lower_policy_node(&document.value, self.text, kind) {
                Ok(policy) => Some(NamedPolicy {
                    name,
                    kind,
                    policy,
                    text: None,
                }),
                Err(errors) => {
                    for error in errors {
                        self.policy_problem(&error, &document_path, None);
                    }
                    None
                }
            },
            other => {
                self.problem(
                    "case/wrong-type",
                    format!(
                        "`document` must be a policy object or a string holding one, found {}",
                        other.type_name()
                    ),
                    &document_path,
                    document.value.span,
                );
                None
            }
        }
    }

    fn policy_problem(
        &mut self,
        error: &PolicyError,
        document_path: &str,
        in_text: Option<(&str, &LineIndex<'_>)>,
    ) {
        let path = format!("{document_path}{}", error.path.trim_start_matches('$'));
        let (start, policy_text) = match in_text {
            Some((name, index)) => (index.position(error.span.start), Some(name.to_owned())),
            None => (self.index.position(error.span.start), None),
        };
        self.problems.push(CaseProblem {
            code: error.code(),
            message: error.kind.to_string(),
            path,
            span: error.span,
            start,
            policy_text,
        });
    }

    // ----- shape helpers -----

    fn object<'n>(&mut self, node: &'n Node<'n>, path: &str) -> Option<&'n [Member<'n>]> {
        match &node.value {
            Value::Object(members) => Some(members),
            other => {
                self.problem(
                    "case/wrong-type",
                    format!("expected an object, found {}", other.type_name()),
                    path,
                    node.span,
                );
                None
            }
        }
    }

    fn array<'n>(
        &mut self,
        node: &'n Node<'n>,
        path: &str,
        expected: &str,
    ) -> Option<&'n [Node<'n>]> {
        match &node.value {
            Value::Array(items) => Some(items),
            other => {
                self.problem(
                    "case/wrong-type",
                    format!("expected {expected}, found {}", other.type_name()),
                    path,
                    node.span,
                );
                None
            }
        }
    }

    fn required_string(
        &mut self,
        members: &[Member<'_>],
        name: &str,
        path: &str,
        parent: Span,
    ) -> Option<(String, Span)> {
        let Some(member) = field(members, name) else {
            self.problem(
                "case/missing-field",
                format!("missing required field `{name}`"),
                path,
                parent,
            );
            return None;
        };
        let value = self.optional_string(&member.value, &format!("{path}.{name}"))?;
        Some((value, member.value.span))
    }

    fn optional_string(&mut self, node: &Node<'_>, path: &str) -> Option<String> {
        match &node.value {
            Value::String(text) => Some(text.to_string()),
            Value::Null => None,
            other => {
                self.problem(
                    "case/wrong-type",
                    format!("expected a string, found {}", other.type_name()),
                    path,
                    node.span,
                );
                None
            }
        }
    }

    fn known_fields(&mut self, members: &[Member<'_>], known: &[&str], path: &str) {
        for (i, member) in members.iter().enumerate() {
            if !known.contains(&member.key.as_ref()) {
                let message = format!(
                    "unknown field `{}`; expected one of {}",
                    member.key,
                    known.join(", ")
                );
                self.problem(
                    "case/unknown-field",
                    message,
                    &format!("{path}.{}", member.key),
                    member.key_span,
                );
            } else if members[..i].iter().any(|m| m.key == member.key) {
                let message = format!("field `{}` appears twice", member.key);
                self.problem(
                    "case/duplicate-field",
                    message,
                    &format!("{path}.{}", member.key),
                    member.key_span,
                );
            }
        }
    }

    fn problem(&mut self, code: &'static str, message: String, path: &str, span: Span) {
        self.problems.push(CaseProblem {
            code,
            message,
            path: path.to_owned(),
            span,
            start: self.index.position(span.start),
            policy_text: None,
        });
    }
}

fn field<'m, 'n>(members: &'m [Member<'n>], name: &str) -> Option<&'m Member<'n>> {
    members.iter().find(|m| m.key == name)
}
