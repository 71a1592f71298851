//! JSON tree to policy model, applying the IAM policy grammar.
//!
//! The grammar (IAM User Guide, "IAM JSON policy grammar"): a policy is an object with
//! `Version`, `Id` and `Statement`; a statement has `Sid`, `Effect`, exactly one of
//! `Action`/`NotAction`, at most one of `Principal`/`NotPrincipal` and of
//! `Resource`/`NotResource`, and an optional `Condition`. Element names and `Effect` values are
//! case-sensitive. Lowering collects every error it finds instead of stopping at the first, so
//! an editor can show them all at once.

use crate::arn::ArnPattern;
use crate::ast::{
    ActionBlock, ActionItem, Condition, Effect, Policy, PrincipalBlock, PrincipalEntry,
    PrincipalKey, Principals, ResourceBlock, ResourceItem, ResourcePattern, Spanned, Statement,
    Version,
};
use crate::condition::{ConditionValue, Operator, OperatorKind, TypedValue};
use crate::error::{ErrorKind, PolicyError};
use crate::glob::{Case, Glob};
use crate::json::{Member, Node, PathStep as Step, Value, render_path};
use crate::principal::parse_principal;
use crate::span::Span;
use crate::template::Template;

const POLICY_ELEMENTS: [&str; 3] = ["Version", "Id", "Statement"];
const STATEMENT_ELEMENTS: [&str; 9] = [
    "Sid",
    "Effect",
    "Principal",
    "NotPrincipal",
    "Action",
    "NotAction",
    "Resource",
    "NotResource",
    "Condition",
];

/// Converts a JSON tree to a [`Policy`], collecting grammar errors.
pub fn lower_policy(node: &Node<'_>) -> Result<Policy, Vec<PolicyError>> {
    let mut lowerer = Lowerer {
        errors: Vec::new(),
        path: Vec::new(),
        substitute: false,
    };
    let policy = lowerer.policy(node);
    match policy {
        Some(policy) if lowerer.errors.is_empty() => Ok(policy),
        _ => Err(lowerer.errors),
    }
}

struct Lowerer<'n> {
    errors: Vec<PolicyError>,
    path: Vec<Step<'n>>,
    substitute: bool,
}

impl<'n> Lowerer<'n> {
    fn policy(&mut self, node: &'n Node<'n>) -> Option<Policy> {
        let members = self.object(node, "policy document")?;
        self.check_members(members, &POLICY_ELEMENTS);
        let (version, version_span) = self.version(members);
        self.substitute = version.substitutes_variables();
        let id = self
            .find(members, "Id")
            .and_then(|m| self.child(m, |l| l.string(&m.value, "Id")));
        let statements = match self.find(members, "Statement") {
            Some(member) => self
                .child(member, |l| l.statements(&member.value))
                .unwrap_or_default(),
            None => {
                self.error(
                    ErrorKind::MissingElement {
                        element: "Statement",
                    },
                    node.span,
                );
                Vec::new()
            }
        };
        let statement_array = self
            .find(members, "Statement")
            .is_some_and(|m| matches!(m.value.value, Value::Array(_)));
        Some(Policy {
            version,
            version_span,
            id,
            statements,
            statement_array,
            span: node.span,
        })
    }

    fn version(&mut self, members: &'n [Member<'n>]) -> (Version, Option<Span>) {
        let Some(member) = self.find(members, "Version") else {
            return (Version::Missing, None);
        };
        let span = member.value.span;
        let version = self.child(member, |l| {
            let text = l.string(&member.value, "Version")?;
            match text.value.as_str() {
                "2012-10-17" => Some(Version::V2012_10_17),
                "2008-10-17" => Some(Version::V2008_10_17),
                other => {
                    l.error(ErrorKind::InvalidVersion(other.to_owned()), span);
                    None
                }
            }
        });
        (version.unwrap_or(Version::Missing), Some(span))
    }

    fn statements(&mut self, node: &'n Node<'n>) -> Option<Vec<Statement>> {
        match &node.value {
            Value::Object(_) => Some(self.statement(node, 0).into_iter().collect()),
            Value::Array(items) => Some(
                items
                    .iter()
                    .enumerate()
                    .filter_map(|(index, item)| {
                        self.path.push(Step::Index(index));
                        let statement = self.statement(item, index);
                        self.path.pop();
                        statement
                    })
                    .collect(),
            ),
            other => {
                self.wrong_type(
                    "Statement",
                    "an object or an array of objects",
                    other,
                    node.span,
                );
                None
            }
        }
    }

    fn statement(&mut self, node: &'n Node<'n>, index: usize) -> Option<Statement> {
        let members = self.object(node, "Statement")?;
        self.check_members(members, &STATEMENT_ELEMENTS);
        let sid = self
            .find(members, "Sid")
            .and_then(|m| self.child(m, |l| l.string(&m.value, "Sid")));
        let effect = self.effect(members, node.span);
        let principal = self.either(members, "Principal", "NotPrincipal", |l, m, negated| {
            l.principal(m, negated)
        });
        let action = self.either(members, "Action", "NotAction", |l, m, negated| {
            l.actions(m, negated)
        });
        let resource = self.either(members, "Resource", "NotResource", |l, m, negated| {
            l.resources(m, negated)
        });
        let condition_member = self.find(members, "Condition");
        let conditions = condition_member
            .and_then(|m| self.child(m, |l| l.conditions(&m.value)))
            .unwrap_or_default();
        if action.is_none() && !self.has_either(members, "Action", "NotAction") {
            self.error(ErrorKind::MissingElement { element: "Action" }, node.span);
        }
        Some(Statement {
            index,
            sid,
            effect: effect?,
            principal,
            action: action?,
            resource,
            conditions,
            condition_span: condition_member.map(|m| m.key_span.cover(m.value.span)),
            span: node.span,
        })
    }

    fn effect(
        &mut self,
        members: &'n [Member<'n>],
        statement_span: Span,
    ) -> Option<Spanned<Effect>> {
        let Some(member) = self.find(members, "Effect") else {
            self.error(
                ErrorKind::MissingElement { element: "Effect" },
                statement_span,
            );
            return None;
        };
        self.child(member, |l| {
            let text = l.string(&member.value, "Effect")?;
            let effect = match text.value.as_str() {
                "Allow" => Effect::Allow,
                "Deny" => Effect::Deny,
                other => {
                    l.error(ErrorKind::InvalidEffect(other.to_owned()), text.span);
                    return None;
                }
            };
            Some(Spanned {
                value: effect,
                span: text.span,
            })
        })
    }

    /// Lowers whichever of a positive/negated element pair is present, rejecting both.
    fn either<T>(
        &mut self,
        members: &'n [Member<'n>],
        positive: &'static str,
        negated: &'static str,
        lower: impl Fn(&mut Self, &'n Member<'n>, bool) -> Option<T>,
    ) -> Option<T> {
        match (self.find(members, positive), self.find(members, negated)) {
            (Some(_), Some(second)) => {
                self.error(
                    ErrorKind::ConflictingElements {
                        first: positive,
                        second: negated,
                    },
                    second.key_span,
                );
                None
            }
            (Some(member), None) => self.child(member, |l| lower(l, member, false)),
            (None, Some(member)) => self.child(member, |l| lower(l, member, true)),
            (None, None) => None,
        }
    }

    fn has_either(&self, members: &[Member<'_>], positive: &str, negated: &str) -> bool {
        members
            .iter()
            .any(|m| m.key == positive || m.key == negated)
    }

    fn actions(&mut self, member: &'n Member<'n>, negated: bool) -> Option<ActionBlock> {
        let element = if negated { "NotAction" } else { "Action" };
        let values = self.string_list(&member.value, element)?;
        let mut items = Vec::with_capacity(values.len());
        for value in values {
            if !is_action_syntax(&value.value) {
                self.error(ErrorKind::InvalidAction(value.value.clone()), value.span);
                continue;
            }
            items.push(ActionItem {
                glob: Glob::new(&value.value, Case::Insensitive),
                text: value.value,
                span: value.span,
            });
        }
        Some(ActionBlock {
            negated,
            items,
            span: member.key_span.cover(member.value.span),
        })
    }

    fn resources(&mut self, member: &'n Member<'n>, negated: bool) -> Option<ResourceBlock> {
        let element = if negated { "NotResource" } else { "Resource" };
        let values = self.string_list(&member.value, element)?;
        let mut items = Vec::with_capacity(values.len());
        for value in values {
            if let Some(pattern) = self.resource_pattern(&value) {
                items.push(ResourceItem {
                    text: value.value,
                    pattern,
                    span: value.span,
                });
            }
        }
        Some(ResourceBlock {
            negated,
            items,
            span: member.key_span.cover(member.value.span),
        })
    }

    fn resource_pattern(&mut self, value: &Spanned<String>) -> Option<ResourcePattern> {
        let text = value.value.as_str();
        if text == "*" {
            return Some(ResourcePattern::Any);
        }
        let Some(pattern) = ArnPattern::new(text) else {
            self.error(ErrorKind::InvalidResource(text.to_owned()), value.span);
            return None;
        };
        let template = Template::parse(text, self.substitute);
        if template.as_plain().is_some() {
            return Some(ResourcePattern::Arn(pattern));
        }
        let prefix_end = text
            .match_indices(':')
            .nth(4)
            .map_or(text.len(), |(i, _)| i);
        if text[..prefix_end].contains("${") {
            self.error(
                ErrorKind::VariableOutsideResourcePart(text.to_owned()),
                value.span,
            );
            return None;
        }
        Some(ResourcePattern::WithVariables(template))
    }

    fn principal(&mut self, member: &'n Member<'n>, negated: bool) -> Option<PrincipalBlock> {
        let element = if negated { "NotPrincipal" } else { "Principal" };
        let span = member.key_span.cover(member.value.span);
        let principals = match &member.value.value {
            Value::String(text) if *text == "*" => Principals::Everyone,
            Value::Object(keys) => Principals::Listed(self.principal_entries(keys)),
            other => {
                self.wrong_type(
                    element,
                    "\"*\" or an object such as {\"AWS\": ...}",
                    other,
                    member.value.span,
                );
                return None;
            }
        };
        Some(PrincipalBlock {
            negated,
            principals,
            span,
        })
    }

    fn principal_entries(&mut self, keys: &'n [Member<'n>]) -> Vec<PrincipalEntry> {
        self.check_duplicates(keys);
        let mut entries = Vec::new();
        for member in keys {
            let key = match member.key {
                "AWS" => PrincipalKey::Aws,
                "Service" => PrincipalKey::Service,
                "Federated" => PrincipalKey::Federated,
                "CanonicalUser" => PrincipalKey::CanonicalUser,
                other => {
                    self.path.push(Step::Key(member.key));
                    self.error(
                        ErrorKind::InvalidPrincipalKey(other.to_owned()),
                        member.key_span,
                    );
                    self.path.pop();
                    continue;
                }
            };
            let values = self
                .child(member, |l| l.string_list(&member.value, key.as_str()))
                .unwrap_or_default();
            for value in values {
                match parse_principal(key, &value.value) {
                    Ok(pattern) => entries.push(PrincipalEntry {
                        key,
                        text: value.value,
                        pattern,
                        span: value.span,
                    }),
                    Err(problem) => {
                        self.path.push(Step::Key(member.key));
                        self.error(
                            ErrorKind::InvalidPrincipal {
                                value: value.value,
                                problem,
                            },
                            value.span,
                        );
                        self.path.pop();
                    }
                }
            }
        }
        entries
    }

    fn conditions(&mut self, node: &'n Node<'n>) -> Option<Vec<Condition>> {
        let operators = self.object(node, "Condition")?;
        self.check_duplicates(operators);
        let mut conditions = Vec::new();
        for member in operators {
            let Some(operator) = self.operator(member) else {
                continue;
            };
            if let Some(keys) = self.child(member, |l| {
                l.object(&member.value, "condition operator block")
            }) {
                self.check_duplicates(keys);
                for key in keys {
                    self.path.push(Step::Key(member.key));
                    if let Some(condition) =
                        self.child(key, |l| l.condition(operator, member.key_span, key))
                    {
                        conditions.push(condition);
                    }
                    self.path.pop();
                }
            }
        }
        Some(conditions)
    }

    fn operator(&mut self, member: &'n Member<'n>) -> Option<Operator> {
        self.path.push(Step::Key(member.key));
        let operator = match Operator::parse(member.key) {
            Some(op) if op.kind == OperatorKind::Null && op.if_exists => {
                self.error(ErrorKind::NullWithIfExists, member.key_span);
                None
            }
            Some(op) => Some(op),
            None => {
                self.error(
                    ErrorKind::UnknownOperator {
                        operator: member.key.to_string(),
                        suggestion: Operator::suggest(member.key),
                    },
                    member.key_span,
                );
                None
            }
        };
        self.path.pop();
        operator
    }

    fn condition(
        &mut self,
        operator: Operator,
        operator_span: Span,
        key: &'n Member<'n>,
    ) -> Option<Condition> {
        if key.key.is_empty() {
            self.error(ErrorKind::EmptyConditionKey, key.key_span);
            return None;
        }
        let scalars = self.scalar_list(&key.value, key.key)?;
        let substitute = self.substitute && operator.kind.accepts_variables();
        let values = scalars
            .into_iter()
            .map(|value| ConditionValue {
                typed: TypedValue::new(operator.kind, &value.value, substitute),
                text: value.value,
                span: value.span,
            })
            .collect();
        Some(Condition {
            operator,
            operator_span,
            key: key.key.to_string(),
            key_lower: key.key.to_ascii_lowercase(),
            key_span: key.key_span,
            values,
            span: key.key_span.cover(key.value.span),
        })
    }

    // ----- JSON shape helpers -----

    fn object(&mut self, node: &'n Node<'n>, element: &str) -> Option<&'n [Member<'n>]> {
        match &node.value {
            Value::Object(members) => Some(members),
            other => {
                self.wrong_type(element, "an object", other, node.span);
                None
            }
        }
    }

    fn string(&mut self, node: &Node<'_>, element: &str) -> Option<Spanned<String>> {
        match &node.value {
            Value::String(text) => Some(Spanned {
                value: text.to_string(),
                span: node.span,
            }),
            other => {
                self.wrong_type(element, "a string", other, node.span);
                None
            }
        }
    }

    /// A string or an array of strings; empty strings are rejected.
    fn string_list(
        &mut self,
        node: &'n Node<'n>,
        element: &'static str,
    ) -> Option<Vec<Spanned<String>>> {
        let expected = "a string or an array of strings";
        let items: &[Node<'_>] = match &node.value {
            Value::String(_) => std::slice::from_ref(node),
            Value::Array(items) => items,
            other => {
                self.wrong_type(element, expected, other, node.span);
                return None;
            }
        };
        let mut values = Vec::with_capacity(items.len());
        for (index, item) in items.iter().enumerate() {
            match &item.value {
                Value::String("") => self.error(ErrorKind::EmptyValue { element }, item.span),
                Value::String(text) => values.push(Spanned {
                    value: text.to_string(),
                    span: item.span,
                }),
                other => {
                    self.path.push(Step::Index(index));
                    self.wrong_type(element, "a string", other, item.span);
                    self.path.pop();
                }
            }
        }
        Some(values)
    }

    /// A condition value: a string, number or boolean, or an array of them.
    fn scalar_list(&mut self, node: &Node<'_>, element: &str) -> Option<Vec<Spanned<String>>> {
        let items: &[Node<'_>] = match &node.value {
            Value::Array(items) => items,
            _ => std::slice::from_ref(node),
        };
        let mut values = Vec::with_capacity(items.len());
        let mut ok = true;
        for item in items {
            let text = match &item.value {
                Value::String(text) => text.to_string(),
                Value::Number(number) => (*number).to_owned(),
                Value::Bool(flag) => flag.to_string(),
                other => {
                    self.wrong_type(
                        element,
                        "a string, number or boolean (or an array of them)",
                        other,
                        item.span,
                    );
                    ok = false;
                    continue;
                }
            };
            values.push(Spanned {
                value: text,
                span: item.span,
            });
        }
        ok.then_some(values)
    }

    fn find(&self, members: &'n [Member<'n>], name: &str) -> Option<&'n Member<'n>> {
        members.iter().find(|m| m.key == name)
    }

    /// Reports unknown and repeated element names.
    fn check_members(&mut self, members: &'n [Member<'n>], known: &[&'static str]) {
        for member in members {
            if !known.contains(&member.key) {
                let suggestion = known
                    .iter()
                    .copied()
                    .find(|k| k.eq_ignore_ascii_case(member.key));
                self.path.push(Step::Key(member.key));
                self.error(
                    ErrorKind::UnknownElement {
                        element: member.key.to_string(),
                        suggestion,
                    },
                    member.key_span,
                );
                self.path.pop();
            }
        }
        self.check_duplicates(members);
    }

    fn check_duplicates(&mut self, members: &'n [Member<'n>]) {
        for (index, member) in members.iter().enumerate() {
            if members[..index]
                .iter()
                .any(|earlier| earlier.key == member.key)
            {
                self.path.push(Step::Key(member.key));
                self.error(
                    ErrorKind::DuplicateElement {
                        element: member.key.to_string(),
                    },
                    member.key_span,
                );
                self.path.pop();
            }
        }
    }

    /// Runs `f` with the member's key pushed on the path.
    fn child<T>(
        &mut self,
        member: &'n Member<'n>,
        f: impl FnOnce(&mut Self) -> Option<T>,
    ) -> Option<T> {
        self.path.push(Step::Key(member.key));
        let result = f(self);
        self.path.pop();
        result
    }

    fn wrong_type(&mut self, element: &str, expected: &'static str, found: &Value<'_>, span: Span) {
        self.error(
            ErrorKind::WrongType {
                element: element.to_owned(),
                expected,
                found: found.type_name(),
            },
            span,
        );
    }

    fn error(&mut self, kind: ErrorKind, span: Span) {
        self.errors.push(PolicyError {
            kind,
            span,
            path: render_path(&self.path),
        });
    }
}

/// `*`, or `prefix:name` with a non-empty prefix and name.
fn is_action_syntax(text: &str) -> bool {
    text == "*"
        || text.split_once(':').is_some_and(|(prefix, name)| {
            !prefix.is_empty() && !name.is_empty() && !text.contains(char::is_whitespace)
        })
}
