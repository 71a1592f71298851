//! Reading a case from its JSON text (the format documented in the README).
//!
//! Every problem is reported with its JSON path and position: in the case text, or, for a
//! policy given as a string, in that string. Unknown fields are errors so a typo
//! (`"sessoin_policies"`) cannot silently drop a policy. Paths and line numbers are computed
//! only when there is a problem to report: batch mode reads hundreds of thousands of cases.

use std::collections::HashMap;
use std::sync::Arc;

use iam_policy::json::{self, Member, Node, Value};
use iam_policy::span::{LineIndex, Position, Span};
use iam_policy::{Policy, PolicyError, PolicyKind, lower_policy_node, parse_policy};
use serde::Serialize;

use crate::case::{Case, NamedPolicy};
use crate::context::{Context, ContextValue};
use crate::request::{Request, RequestError};

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
    parse_case_in(text, &json::Arena::new())
}

/// Reads a case, placing the JSON tree in `arena` (reset it between cases to reuse its memory:
/// the case itself does not borrow from it).
pub fn parse_case_in(text: &str, arena: &json::Arena) -> Result<Case, Vec<CaseProblem>> {
    let node = json::parse(text, arena).map_err(|error| syntax_problem(text, &error))?;
    parse_case_node(&node, text, "$")
}

/// A case that is not JSON: one problem at the root.
fn syntax_problem(text: &str, error: &json::JsonError) -> Vec<CaseProblem> {
    vec![CaseProblem {
        code: "json/syntax",
        message: format!("invalid JSON: {}", error.kind),
        path: "$".to_owned(),
        span: error.span,
        start: LineIndex::new(text).position(error.span.start),
        policy_text: None,
    }]
}

/// Reads a case like [`parse_case_in`], reusing policies compiled for earlier cases when their
/// document text is identical (see [`PolicyCache`]).
pub fn parse_case_cached(
    text: &str,
    arena: &json::Arena,
    cache: &mut PolicyCache,
) -> Result<Case, Vec<CaseProblem>> {
    let node = json::parse(text, arena).map_err(|error| syntax_problem(text, &error))?;
    let reader = CaseReader {
        text,
        problems: Vec::new(),
        cache: Some(cache),
    };
    reader.finish(&node, "$")
}

/// Compiled policies by kind and document text, for batch mode: a batch usually evaluates many
/// requests against the same few policies, and compiling a policy costs more than evaluating
/// it. A cached policy's spans point into the text where it was first read (batch results do
/// not show spans). The cache forgets everything when it grows past [`PolicyCache::CAPACITY`].
#[derive(Debug, Default)]
pub struct PolicyCache {
    entries: HashMap<(PolicyKind, u64), (Box<str>, Arc<Policy>)>,
}

impl PolicyCache {
    /// Entries kept before the cache starts over.
    pub const CAPACITY: usize = 4096;

    fn get(&self, kind: PolicyKind, text: &str) -> Option<Arc<Policy>> {
        let (stored, policy) = self.entries.get(&(kind, fingerprint(text)))?;
        (stored.as_ref() == text).then(|| Arc::clone(policy))
    }

    fn insert(&mut self, kind: PolicyKind, text: &str, policy: &Arc<Policy>) {
        if self.entries.len() >= Self::CAPACITY {
            self.entries.clear();
        }
        self.entries.insert(
            (kind, fingerprint(text)),
            (Box::from(text), Arc::clone(policy)),
        );
    }
}

/// A cheap hash of the document text, eight bytes at a time (the FxHash step); collisions are
/// harmless because a hit also compares the text.
fn fingerprint(text: &str) -> u64 {
    const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;
    let step = |hash: u64, word: u64| (hash.rotate_left(5) ^ word).wrapping_mul(SEED);
    let chunks = text.as_bytes().chunks_exact(8);
    let tail = chunks.remainder();
    let hash = chunks.fold(text.len() as u64, |hash, chunk| {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        step(hash, u64::from_le_bytes(word))
    });
    let mut last = [0u8; 8];
    last[..tail.len()].copy_from_slice(tail);
    step(hash, u64::from_le_bytes(last))
}

/// Reads a case from an already-read JSON value of `text` found at JSON path `path`.
pub fn parse_case_node(node: &Node<'_>, text: &str, path: &str) -> Result<Case, Vec<CaseProblem>> {
    let reader = CaseReader {
        text,
        problems: Vec::new(),
        cache: None,
    };
    reader.finish(node, path)
}

impl CaseReader<'_, '_> {
    fn finish(mut self, node: &Node<'_>, path: &str) -> Result<Case, Vec<CaseProblem>> {
        let case = self.case(node, &Path::Root(path));
        match case {
            Some(case) if self.problems.is_empty() => Ok(case),
            _ => Err(self.problems),
        }
    }
}

/// A JSON path built on the stack, rendered only for error messages.
#[derive(Clone, Copy)]
enum Path<'p> {
    Root(&'p str),
    Key(&'p Path<'p>, &'p str),
    Index(&'p Path<'p>, usize),
}

impl<'p> Path<'p> {
    fn key(&'p self, key: &'p str) -> Path<'p> {
        Path::Key(self, key)
    }

    fn index(&'p self, index: usize) -> Path<'p> {
        Path::Index(self, index)
    }

    fn render(&self) -> String {
        match self {
            Path::Root(root) => (*root).to_owned(),
            Path::Key(parent, key)
                if key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') =>
            {
                format!("{}.{key}", parent.render())
            }
            Path::Key(parent, key) => format!("{}[\"{key}\"]", parent.render()),
            Path::Index(parent, index) => format!("{}[{index}]", parent.render()),
        }
    }

    /// The last key with its indexes, naming policies given without a name
    /// (`identity_policies[0]`, `scps[1][0]`).
    fn default_name(&self) -> String {
        match self {
            Path::Root(root) => (*root).to_owned(),
            Path::Key(_, key) => (*key).to_owned(),
            Path::Index(parent, index) => format!("{}[{index}]", parent.default_name()),
        }
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

struct CaseReader<'t, 'c> {
    text: &'t str,
    problems: Vec<CaseProblem>,
    cache: Option<&'c mut PolicyCache>,
}

impl CaseReader<'_, '_> {
    fn case(&mut self, node: &Node<'_>, path: &Path<'_>) -> Option<Case> {
        let members = self.object(node, path)?;
        self.known_fields(members, &CASE_FIELDS, path);
        let Some(request_member) = field(members, "request") else {
            self.problem(
                "case/missing-field",
                "missing required field `request`",
                path,
                node.span,
            );
            return None;
        };
        let request = self.request(&request_member.value, &path.key("request"))?;
        let mut case = Case::new(request);
        case.identity_policies =
            self.list_field(members, "identity_policies", path, PolicyKind::Identity);
        case.session_policies =
            self.list_field(members, "session_policies", path, PolicyKind::Session);
        case.vpc_endpoint_policies = self.list_field(
            members,
            "vpc_endpoint_policies",
            path,
            PolicyKind::VpcEndpoint,
        );
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

    fn request(&mut self, node: &Node<'_>, path: &Path<'_>) -> Option<Request> {
        let members = self.object(node, path)?;
        self.known_fields(members, &REQUEST_FIELDS, path);
        let principal = self.required_string(members, "principal", path, node.span);
        let action = self.required_string(members, "action", path, node.span);
        let resource = self.required_string(members, "resource", path, node.span);
        let resource_account = field(members, "resource_account")
            .and_then(|m| self.optional_string(&m.value, &path.key("resource_account")));
        let context = field(members, "context")
            .map(|m| self.context(&m.value, &path.key("context")))
            .unwrap_or_default();
        let (principal, action, resource) = (principal?, action?, resource?);
        match Request::new(
            principal.0,
            action.0,
            resource.0,
            resource_account.as_deref(),
            context,
        ) {
            Ok(request) => Some(request),
            Err(error) => {
                let (name, span) = match error {
                    RequestError::InvalidPrincipal { .. } => ("principal", principal.1),
                    RequestError::InvalidAction(_) => ("action", action.1),
                    RequestError::InvalidResource(_) => ("resource", resource.1),
                    RequestError::InvalidResourceAccount(_) => ("resource_account", node.span),
                };
                self.problem(
                    "case/invalid-request",
                    &error.to_string(),
                    &path.key(name),
                    span,
                );
                None
            }
        }
    }

    fn context(&mut self, node: &Node<'_>, path: &Path<'_>) -> Context {
        let mut context = Context::new();
        let Some(members) = self.object(node, path) else {
            return context;
        };
        for member in members {
            let key_path = path.key(member.key);
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
                context.insert(member.key, value);
            }
        }
        context
    }

    fn scalar(&mut self, node: &Node<'_>, path: &Path<'_>) -> Option<String> {
        match &node.value {
            Value::String(text) => Some(text.to_string()),
            Value::Number(number) => Some((*number).to_owned()),
            Value::Bool(flag) => Some(flag.to_string()),
            other => {
                let message = format!(
                    "a context value must be a string, number or boolean (or an array of them), found {}",
                    other.type_name()
                );
                self.problem("case/wrong-type", &message, path, node.span);
                None
            }
        }
    }

    fn list_field(
        &mut self,
        members: &[Member<'_>],
        name: &str,
        path: &Path<'_>,
        kind: PolicyKind,
    ) -> Vec<NamedPolicy> {
        field(members, name)
            .map(|m| self.policy_list(&m.value, &path.key(name), kind))
            .unwrap_or_default()
    }

    fn single_policy(
        &mut self,
        members: &[Member<'_>],
        name: &str,
        path: &Path<'_>,
        kind: PolicyKind,
    ) -> Option<NamedPolicy> {
        let member = field(members, name)?;
        if member.value.value == Value::Null {
            return None;
        }
        self.policy(&member.value, &path.key(name), kind)
    }

    fn levels(
        &mut self,
        members: &[Member<'_>],
        name: &str,
        path: &Path<'_>,
        kind: PolicyKind,
    ) -> Vec<Vec<NamedPolicy>> {
        let Some(member) = field(members, name) else {
            return Vec::new();
        };
        let path = path.key(name);
        let expected = "an array of levels, each an array of policies";
        let Some(levels) = self.array(&member.value, &path, expected) else {
            return Vec::new();
        };
        levels
            .iter()
            .enumerate()
            .map(|(i, level)| self.policy_list(level, &path.index(i), kind))
            .collect()
    }

    fn policy_list(
        &mut self,
        node: &Node<'_>,
        path: &Path<'_>,
        kind: PolicyKind,
    ) -> Vec<NamedPolicy> {
        if node.value == Value::Null {
            return Vec::new();
        }
        let Some(items) = self.array(node, path, "an array of policies") else {
            return Vec::new();
        };
        items
            .iter()
            .enumerate()
            .filter_map(|(i, item)| self.policy(item, &path.index(i), kind))
            .collect()
    }

    fn policy(
        &mut self,
        node: &Node<'_>,
        path: &Path<'_>,
        kind: PolicyKind,
    ) -> Option<NamedPolicy> {
        let members = self.object(node, path)?;
        self.known_fields(members, &POLICY_FIELDS, path);
        let name = field(members, "name")
            .and_then(|m| self.optional_string(&m.value, &path.key("name")))
            .unwrap_or_else(|| path.default_name());
        let Some(document) = field(members, "document") else {
            self.problem(
                "case/missing-field",
                "missing required field `document`",
                path,
                node.span,
            );
            return None;
        };
        let document_path = path.key("document");
        match &document.value.value {
            Value::String(policy_text) => match parse_policy(policy_text, kind) {
                Ok(policy) => Some(NamedPolicy {
                    name,
                    kind,
                    policy: Arc::new(policy),
                    text: Some(Arc::from(*policy_text)),
                }),
                Err(errors) => {
                    let index = LineIndex::new(policy_text);
                    for error in errors {
                        self.policy_problem(&error, &document_path, Some((&name, &index)));
                    }
                    None
                }
            },
            Value::Object(_) => match self.compile_embedded(&document.value, kind) {
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
                let message = format!(
                    "`document` must be a policy object or a string holding one, found {}",
                    other.type_name()
                );
                self.problem(
                    "case/wrong-type",
                    &message,
                    &document_path,
                    document.value.span,
                );
                None
            }
        }
    }

    /// Compiles a policy embedded in the case, through the cache when there is one.
    fn compile_embedded(
        &mut self,
        document: &Node<'_>,
        kind: PolicyKind,
    ) -> Result<Arc<Policy>, Vec<PolicyError>> {
        let source = document.span.slice(self.text).unwrap_or_default();
        if let Some(policy) = self.cache.as_ref().and_then(|c| c.get(kind, source)) {
            return Ok(policy);
        }
        let policy = Arc::new(lower_policy_node(document, self.text, kind)?);
        if let Some(cache) = self.cache.as_mut() {
            cache.insert(kind, source, &policy);
        }
        Ok(policy)
    }

    fn policy_problem(
        &mut self,
        error: &PolicyError,
        document_path: &Path<'_>,
        in_text: Option<(&str, &LineIndex<'_>)>,
    ) {
        let path = format!(
            "{}{}",
            document_path.render(),
            error.path.trim_start_matches('$')
        );
        let (start, policy_text) = match in_text {
            Some((name, index)) => (index.position(error.span.start), Some(name.to_owned())),
            None => (LineIndex::new(self.text).position(error.span.start), None),
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

    fn object<'n>(&mut self, node: &'n Node<'n>, path: &Path<'_>) -> Option<&'n [Member<'n>]> {
        match &node.value {
            Value::Object(members) => Some(members),
            other => {
                let message = format!("expected an object, found {}", other.type_name());
                self.problem("case/wrong-type", &message, path, node.span);
                None
            }
        }
    }

    fn array<'n>(
        &mut self,
        node: &'n Node<'n>,
        path: &Path<'_>,
        expected: &str,
    ) -> Option<&'n [Node<'n>]> {
        match &node.value {
            Value::Array(items) => Some(items),
            other => {
                let message = format!("expected {expected}, found {}", other.type_name());
                self.problem("case/wrong-type", &message, path, node.span);
                None
            }
        }
    }

    fn required_string<'n>(
        &mut self,
        members: &'n [Member<'n>],
        name: &str,
        path: &Path<'_>,
        parent: Span,
    ) -> Option<(&'n str, Span)> {
        let Some(member) = field(members, name) else {
            self.problem(
                "case/missing-field",
                &format!("missing required field `{name}`"),
                path,
                parent,
            );
            return None;
        };
        match &member.value.value {
            Value::String(text) => Some((*text, member.value.span)),
            other => {
                let message = format!("expected a string, found {}", other.type_name());
                self.problem(
                    "case/wrong-type",
                    &message,
                    &path.key(name),
                    member.value.span,
                );
                None
            }
        }
    }

    fn optional_string(&mut self, node: &Node<'_>, path: &Path<'_>) -> Option<String> {
        match &node.value {
            Value::String(text) => Some(text.to_string()),
            Value::Null => None,
            other => {
                let message = format!("expected a string, found {}", other.type_name());
                self.problem("case/wrong-type", &message, path, node.span);
                None
            }
        }
    }

    fn known_fields(&mut self, members: &[Member<'_>], known: &[&str], path: &Path<'_>) {
        for (i, member) in members.iter().enumerate() {
            if !known.contains(&member.key) {
                let message = format!(
                    "unknown field `{}`; expected one of {}",
                    member.key,
                    known.join(", ")
                );
                self.problem(
                    "case/unknown-field",
                    &message,
                    &path.key(member.key),
                    member.key_span,
                );
            } else if members[..i].iter().any(|m| m.key == member.key) {
                let message = format!("field `{}` appears twice", member.key);
                self.problem(
                    "case/duplicate-field",
                    &message,
                    &path.key(member.key),
                    member.key_span,
                );
            }
        }
    }

    fn problem(&mut self, code: &'static str, message: &str, path: &Path<'_>, span: Span) {
        self.problems.push(CaseProblem {
            code,
            message: message.to_owned(),
            path: path.render(),
            span,
            start: LineIndex::new(self.text).position(span.start),
            policy_text: None,
        });
    }
}

fn field<'m, 'n>(members: &'m [Member<'n>], name: &str) -> Option<&'m Member<'n>> {
    members.iter().find(|m| m.key == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(text: &str) -> Vec<CaseProblem> {
        parse_case(text).err().unwrap_or_default()
    }

    const REQUEST: &str = r#""request": {"principal": "arn:aws:iam::111111111111:user/a", "action": "s3:GetObject", "resource": "arn:aws:s3:::b/k"}"#;

    #[test]
    fn a_minimal_case_loads() {
        let case = parse_case(&format!("{{{REQUEST}}}")).unwrap();
        assert_eq!(case.request.action, "s3:GetObject");
    }

    #[test]
    fn unknown_fields_and_typos_are_errors_with_paths() {
        let text = format!(r#"{{{REQUEST}, "sessoin_policies": []}}"#);
        let found = problems(&text);
        assert_eq!(found[0].code, "case/unknown-field");
        assert_eq!(found[0].path, "$.sessoin_policies");
        let expected_column = text.find("\"sessoin").unwrap() + 1;
        assert_eq!(found[0].start.column as usize, expected_column);
    }

    #[test]
    fn policy_errors_are_located_in_the_case_or_in_the_policy_text() {
        let embedded = format!(
            r#"{{{REQUEST}, "identity_policies": [{{"name": "P", "document": {{"Statement": {{"Effect": "Alow", "Action": "s3:*", "Resource": "*"}}}}}}]}}"#
        );
        let found = problems(&embedded);
        assert_eq!(found[0].code, "policy/invalid-effect");
        assert_eq!(
            found[0].path,
            "$.identity_policies[0].document.Statement.Effect"
        );
        assert_eq!(found[0].policy_text, None);
        let as_text = format!(
            r#"{{{REQUEST}, "identity_policies": [{{"name": "P", "document": "{{\n\"Statement\": {{\"Effect\": \"Alow\", \"Action\": \"s3:*\", \"Resource\": \"*\"}}}}"}}]}}"#
        );
        let found = problems(&as_text);
        assert_eq!(found[0].policy_text.as_deref(), Some("P"));
        assert_eq!((found[0].start.line, found[0].start.column), (2, 25));
    }

    #[test]
    fn bad_requests_point_at_the_field() {
        let text =
            r#"{"request": {"principal": "alice", "action": "s3:GetObject", "resource": "*"}}"#;
        let found = problems(text);
        assert_eq!(found[0].code, "case/invalid-request");
        assert_eq!(found[0].path, "$.request.principal");
        let text =
            r#"{"request": {"principal": "anonymous", "action": "s3:Get*", "resource": "*"}}"#;
        assert_eq!(problems(text)[0].path, "$.request.action");
    }

    #[test]
    fn the_cache_reuses_identical_documents_only() {
        let line = |resource: &str| {
            format!(
                r#"{{{REQUEST}, "identity_policies": [{{"name": "P", "document": {{"Version": "2012-10-17", "Statement": {{"Effect": "Allow", "Action": "s3:*", "Resource": "{resource}"}}}}}}]}}"#
            )
        };
        let mut cache = PolicyCache::default();
        let arena = json::Arena::new();
        let first = parse_case_cached(&line("*"), &arena, &mut cache).unwrap();
        let again = parse_case_cached(&line("*"), &arena, &mut cache).unwrap();
        let other = parse_case_cached(&line("arn:aws:s3:::b/*"), &arena, &mut cache).unwrap();
        assert!(Arc::ptr_eq(
            &first.identity_policies[0].policy,
            &again.identity_policies[0].policy
        ));
        assert!(!Arc::ptr_eq(
            &first.identity_policies[0].policy,
            &other.identity_policies[0].policy
        ));
        assert_eq!(fingerprint("abc"), fingerprint("abc"));
        assert_ne!(fingerprint("abcdefgh1"), fingerprint("abcdefgh2"));
    }

    #[test]
    fn unnamed_policies_get_their_position_as_name() {
        let text = format!(
            r#"{{{REQUEST}, "scps": [[{{"document": {{"Version": "2012-10-17", "Statement": {{"Effect": "Allow", "Action": "*", "Resource": "*"}}}}}}]]}}"#
        );
        let case = parse_case(&text).unwrap();
        assert_eq!(case.scps[0][0].name, "scps[0][0]");
    }
}
