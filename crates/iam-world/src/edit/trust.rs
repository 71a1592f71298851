//! Adding and removing one principal in a role's trust policy text: what drawing and deleting a
//! trust arrow does.
//!
//! Adding goes into an existing statement when one already allows the right action to the same
//! kind of principal without conditions (so the new principal does not silently inherit an MFA
//! or external-id requirement it was not drawn with); otherwise a statement is appended.
//! Removing deletes the principal from every Allow statement that lets it assume the role, and
//! a statement left without principals goes with it. Everything else in the text is kept as
//! written.

use iam_policy::ast::PrincipalKey;
use iam_policy::glob::{Case, Glob};
use iam_policy::json::{self, Arena, Member, Node, Value};
use iam_policy::principal::{PrincipalPattern, parse_principal};
use serde::{Deserialize, Serialize};

use super::json_text::{self, Item, Json, Splice, Style};
use crate::trust_index::ASSUME_ACTIONS;

/// The key a trust principal is listed under.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum TrustKey {
    /// `"AWS"`: an account, user, role or role session.
    #[serde(rename = "AWS")]
    Aws,
    /// `"Service"`: an AWS service principal.
    Service,
    /// `"Federated"`: a SAML or OIDC provider.
    Federated,
}

impl TrustKey {
    /// The element name as written in a policy.
    pub fn as_str(self) -> &'static str {
        match self {
            TrustKey::Aws => "AWS",
            TrustKey::Service => "Service",
            TrustKey::Federated => "Federated",
        }
    }

    fn policy_key(self) -> PrincipalKey {
        match self {
            TrustKey::Aws => PrincipalKey::Aws,
            TrustKey::Service => PrincipalKey::Service,
            TrustKey::Federated => PrincipalKey::Federated,
        }
    }
}

/// A principal a trust policy can name: the key and the value, as they are written.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct TrustPrincipal {
    /// `AWS`, `Service` or `Federated`.
    pub key: TrustKey,
    /// The ARN, account id, service name or `*`.
    pub value: String,
}

impl TrustPrincipal {
    /// A principal under `AWS`.
    pub fn aws(value: impl Into<String>) -> TrustPrincipal {
        TrustPrincipal {
            key: TrustKey::Aws,
            value: value.into(),
        }
    }

    /// A service principal.
    pub fn service(value: impl Into<String>) -> TrustPrincipal {
        TrustPrincipal {
            key: TrustKey::Service,
            value: value.into(),
        }
    }

    /// A SAML or OIDC provider.
    pub fn federated(value: impl Into<String>) -> TrustPrincipal {
        TrustPrincipal {
            key: TrustKey::Federated,
            value: value.into(),
        }
    }

    /// The action the trust policy must allow this principal: `sts:AssumeRoleWithSAML` for a
    /// SAML provider, `sts:AssumeRoleWithWebIdentity` for an OIDC or web identity provider,
    /// `sts:AssumeRole` for everyone else (IAM User Guide, id_roles_create_for-idp).
    pub fn assume_action(&self) -> &'static str {
        match self.key {
            TrustKey::Federated if self.value.contains(":saml-provider/") => {
                "sts:AssumeRoleWithSAML"
            }
            TrustKey::Federated => "sts:AssumeRoleWithWebIdentity",
            TrustKey::Aws | TrustKey::Service => "sts:AssumeRole",
        }
    }

    /// What the value identifies, as IAM reads it (an account id and its root ARN are the
    /// same principal).
    fn pattern(&self) -> Option<PrincipalPattern> {
        parse_principal(self.key.policy_key(), &self.value).ok()
    }

    fn is(&self, key: &str, value: &str) -> bool {
        key == self.key.as_str()
            && (value == self.value
                || (self.pattern().is_some()
                    && parse_principal(self.key.policy_key(), value).ok() == self.pattern()))
    }
}

/// Why a trust policy text could not be edited.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TrustEditError {
    /// The text is not JSON; the message says where.
    NotJson(String),
    /// The text is JSON but not a policy object with statements.
    NotAPolicy,
    /// The principal already may assume the role.
    AlreadyTrusted,
    /// No Allow statement names the principal.
    NotTrusted,
}

impl std::fmt::Display for TrustEditError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TrustEditError::NotJson(message) => {
                write!(
                    f,
                    "the trust policy is not valid JSON ({message}): fix it first"
                )
            }
            TrustEditError::NotAPolicy => write!(
                f,
                "the trust policy is not an object with a Statement list: fix it first"
            ),
            TrustEditError::AlreadyTrusted => write!(f, "the trust policy already allows it"),
            TrustEditError::NotTrusted => {
                write!(f, "no Allow statement of the trust policy names it")
            }
        }
    }
}

/// The text of an empty trust policy: nobody may assume the role until an arrow is drawn.
pub fn empty_trust_policy() -> String {
    "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": []\n}".to_owned()
}

/// Adds `principal` to the trust policy `text`.
pub fn add_principal(text: &str, principal: &TrustPrincipal) -> Result<String, TrustEditError> {
    let arena = Arena::new();
    let root = parse(text, &arena)?;
    let Value::Object(members) = root.value else {
        return Err(TrustEditError::NotAPolicy);
    };
    let statements = statement_list(members)?;
    if statements
        .iter()
        .any(|s| allows_assume(s) && principal_entries(s, principal).next().is_some())
    {
        return Err(TrustEditError::AlreadyTrusted);
    }
    let style = Style::of(text);
    let splice = match members.iter().find(|m| m.key == "Statement") {
        None => {
            let level = json_text::level_at(text, root.span.start as usize, &style);
            let list = Json::Array(vec![new_statement(principal)]);
            let member = format!(
                "\"Statement\":{}{}",
                if style.indent.is_some() { " " } else { "" },
                style.render(&list, level + 1)
            );
            let items: Vec<Item> = members.iter().map(Item::of_member).collect();
            json_text::append_item(
                text,
                &items,
                root.span.start as usize,
                root.span.end as usize,
                &member,
                &style,
                level,
            )
        }
        Some(member) => add_to_statements(text, &member.value, principal, &style)?,
    };
    Ok(json_text::apply(text, vec![splice]))
}

/// Removes `principal` from every Allow statement of `text` that lets it assume the role.
pub fn remove_principal(text: &str, principal: &TrustPrincipal) -> Result<String, TrustEditError> {
    let mut current = text.to_owned();
    let mut removed = false;
    // One occurrence at a time, re-reading the text each time, so splices never overlap. The
    // text shrinks with each removal, which bounds the loop.
    loop {
        let arena = Arena::new();
        let root = parse(&current, &arena)?;
        let Value::Object(members) = root.value else {
            return Err(TrustEditError::NotAPolicy);
        };
        let Some(splice) = removal(members, principal) else {
            break;
        };
        let next = json_text::apply(&current, vec![splice]);
        if next.len() >= current.len() {
            break;
        }
        current = next;
        removed = true;
    }
    if removed {
        Ok(current)
    } else {
        Err(TrustEditError::NotTrusted)
    }
}

/// Whether an Allow statement of `text` lets `principal` assume the role.
pub fn names_principal(text: &str, principal: &TrustPrincipal) -> bool {
    let arena = Arena::new();
    let Ok(root) = parse(text, &arena) else {
        return false;
    };
    let Value::Object(members) = root.value else {
        return false;
    };
    statement_list(members).is_ok_and(|statements| {
        statements
            .iter()
            .any(|s| allows_assume(s) && principal_entries(s, principal).next().is_some())
    })
}

fn parse<'a>(text: &'a str, arena: &'a Arena) -> Result<Node<'a>, TrustEditError> {
    json::parse(text, arena).map_err(|error| TrustEditError::NotJson(error.kind.to_string()))
}

/// The statements of a policy object: the `Statement` array, a single statement object, or
/// none when the element is missing.
fn statement_list<'a>(members: &'a [Member<'a>]) -> Result<Vec<&'a [Member<'a>]>, TrustEditError> {
    let Some(member) = members.iter().find(|m| m.key == "Statement") else {
        return Ok(Vec::new());
    };
    match member.value.value {
        Value::Array(items) => Ok(items
            .iter()
            .filter_map(|item| match item.value {
                Value::Object(members) => Some(members),
                _ => None,
            })
            .collect()),
        Value::Object(members) => Ok(vec![members]),
        _ => Err(TrustEditError::NotAPolicy),
    }
}

fn member<'a>(members: &'a [Member<'a>], key: &str) -> Option<&'a Member<'a>> {
    members.iter().find(|m| m.key == key)
}

fn string_values<'a>(node: &'a Node<'a>) -> Vec<&'a str> {
    match node.value {
        Value::String(text) => vec![text],
        Value::Array(items) => items
            .iter()
            .filter_map(|item| match item.value {
                Value::String(text) => Some(text),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// An Allow statement whose `Action` covers one of the `sts:AssumeRole*` actions.
fn allows_assume(statement: &[Member<'_>]) -> bool {
    let allow = member(statement, "Effect")
        .is_some_and(|m| matches!(m.value.value, Value::String("Allow")));
    let Some(action) = member(statement, "Action") else {
        return false;
    };
    allow
        && string_values(&action.value).iter().any(|pattern| {
            let glob = Glob::new(pattern, Case::Insensitive);
            ASSUME_ACTIONS.iter().any(|a| glob.is_match(a))
        })
}

/// Where `principal` is listed in the statement's `Principal` object: (member index, element
/// index when the value is an array).
fn principal_entries<'a>(
    statement: &'a [Member<'a>],
    principal: &'a TrustPrincipal,
) -> impl Iterator<Item = (usize, Option<usize>)> + 'a {
    let members: &'a [Member<'a>] = match member(statement, "Principal").map(|m| m.value.value) {
        Some(Value::Object(members)) => members,
        _ => &[],
    };
    members.iter().enumerate().flat_map(move |(index, m)| {
        match m.value.value {
            Value::String(value) if principal.is(m.key, value) => vec![(index, None)],
            Value::Array(items) => items
                .iter()
                .enumerate()
                .filter(|(_, item)| {
                    matches!(item.value, Value::String(value) if principal.is(m.key, value))
                })
                .map(|(element, _)| (index, Some(element)))
                .collect(),
            _ => Vec::new(),
        }
    })
}

/// A statement `principal` can join without changing what it means for the others: an
/// unconditional Allow of exactly the principal's action to listed principals.
fn can_join(statement: &[Member<'_>], principal: &TrustPrincipal) -> bool {
    let effect_allow = member(statement, "Effect")
        .is_some_and(|m| matches!(m.value.value, Value::String("Allow")));
    let action = principal.assume_action();
    let action_ok = member(statement, "Action").is_some_and(|m| {
        string_values(&m.value)
            .iter()
            .any(|a| a.eq_ignore_ascii_case(action))
    });
    let unconditional = match member(statement, "Condition").map(|m| m.value.value) {
        None => true,
        Some(Value::Object(conditions)) => conditions.is_empty(),
        Some(_) => false,
    };
    let listed = matches!(
        member(statement, "Principal").map(|m| m.value.value),
        Some(Value::Object(_))
    );
    let plain = ["NotAction", "NotPrincipal", "Resource", "NotResource"]
        .iter()
        .all(|key| member(statement, key).is_none());
    effect_allow && action_ok && unconditional && listed && plain
}

/// The statement granting `principal` its assume action, as AWS's console writes it.
fn new_statement(principal: &TrustPrincipal) -> Json {
    Json::Object(vec![
        ("Effect".to_owned(), Json::str("Allow")),
        (
            "Principal".to_owned(),
            Json::Object(vec![(
                principal.key.as_str().to_owned(),
                Json::str(&principal.value),
            )]),
        ),
        ("Action".to_owned(), Json::str(principal.assume_action())),
    ])
}

fn add_to_statements(
    text: &str,
    statements: &Node<'_>,
    principal: &TrustPrincipal,
    style: &Style,
) -> Result<Splice, TrustEditError> {
    let start = statements.span.start as usize;
    let end = statements.span.end as usize;
    let level = json_text::level_at(text, start, style);
    match statements.value {
        Value::Array(items) => {
            let joinable = items.iter().find_map(|item| match item.value {
                Value::Object(members) if can_join(members, principal) => Some(members),
                _ => None,
            });
            if let Some(members) = joinable {
                return join_statement(text, members, principal, style);
            }
            let rendered = style.render(&new_statement(principal), level + 1);
            let items: Vec<Item> = items.iter().map(Item::of_node).collect();
            Ok(json_text::append_item(
                text, &items, start, end, &rendered, style, level,
            ))
        }
        Value::Object(members) if can_join(members, principal) => {
            join_statement(text, members, principal, style)
        }
        Value::Object(_) => {
            // One statement written as an object: make it a list of two.
            let original = text.get(start..end).unwrap_or_default();
            let unit = style.indent.clone().unwrap_or_default();
            let reindented = original.replace('\n', &format!("\n{unit}"));
            let newline = |level: usize| match &style.indent {
                Some(unit) => format!("\n{}", unit.repeat(level)),
                None => String::new(),
            };
            let rendered = style.render(&new_statement(principal), level + 1);
            Ok(Splice {
                start,
                end,
                text: format!(
                    "[{}{reindented},{}{rendered}{}]",
                    newline(level + 1),
                    newline(level + 1),
                    newline(level)
                ),
            })
        }
        _ => Err(TrustEditError::NotAPolicy),
    }
}

/// Adds `principal` to the `Principal` object of a joinable statement.
fn join_statement(
    text: &str,
    statement: &[Member<'_>],
    principal: &TrustPrincipal,
    style: &Style,
) -> Result<Splice, TrustEditError> {
    let block = member(statement, "Principal").ok_or(TrustEditError::NotAPolicy)?;
    let Value::Object(principals) = block.value.value else {
        return Err(TrustEditError::NotAPolicy);
    };
    let quoted = json_text::quote(&principal.value);
    match member(principals, principal.key.as_str()) {
        Some(existing) => {
            let start = existing.value.span.start as usize;
            let end = existing.value.span.end as usize;
            match existing.value.value {
                Value::String(_) => {
                    let original = text.get(start..end).unwrap_or_default();
                    let space = if style.indent.is_some() { " " } else { "" };
                    Ok(Splice {
                        start,
                        end,
                        text: format!("[{original},{space}{quoted}]"),
                    })
                }
                Value::Array(items) => {
                    let level = json_text::level_at(text, start, style);
                    let items: Vec<Item> = items.iter().map(Item::of_node).collect();
                    Ok(json_text::append_item(
                        text, &items, start, end, &quoted, style, level,
                    ))
                }
                _ => Err(TrustEditError::NotAPolicy),
            }
        }
        None => {
            let start = block.value.span.start as usize;
            let end = block.value.span.end as usize;
            let level = json_text::level_at(text, start, style);
            let space = if style.indent.is_some() { " " } else { "" };
            let rendered = format!(
                "{}:{space}{quoted}",
                json_text::quote(principal.key.as_str())
            );
            let items: Vec<Item> = principals.iter().map(Item::of_member).collect();
            Ok(json_text::append_item(
                text, &items, start, end, &rendered, style, level,
            ))
        }
    }
}

/// The splice removing the first occurrence of `principal` from an assume statement, or the
/// whole statement when it is the statement's only principal.
fn removal(root: &[Member<'_>], principal: &TrustPrincipal) -> Option<Splice> {
    let statements = member(root, "Statement")?;
    match statements.value.value {
        Value::Array(items) => items.iter().enumerate().find_map(|(index, item)| {
            let Value::Object(statement) = item.value else {
                return None;
            };
            let (member_index, element) = first_entry(statement, principal)?;
            if is_only_principal(statement, member_index, element) {
                let list: Vec<Item> = items.iter().map(Item::of_node).collect();
                json_text::remove_item(
                    &list,
                    index,
                    statements.value.span.start as usize,
                    statements.value.span.end as usize,
                )
            } else {
                entry_removal(statement, member_index, element)
            }
        }),
        Value::Object(statement) => {
            let (member_index, element) = first_entry(statement, principal)?;
            if is_only_principal(statement, member_index, element) {
                Some(Splice {
                    start: statements.value.span.start as usize,
                    end: statements.value.span.end as usize,
                    text: "[]".to_owned(),
                })
            } else {
                entry_removal(statement, member_index, element)
            }
        }
        _ => None,
    }
}

fn first_entry(
    statement: &[Member<'_>],
    principal: &TrustPrincipal,
) -> Option<(usize, Option<usize>)> {
    if !allows_assume(statement) {
        return None;
    }
    principal_entries(statement, principal).next()
}

fn principal_members<'a>(statement: &'a [Member<'a>]) -> &'a [Member<'a>] {
    match member(statement, "Principal").map(|m| m.value.value) {
        Some(Value::Object(members)) => members,
        _ => &[],
    }
}

/// Whether removing this entry leaves the statement's `Principal` empty.
fn is_only_principal(
    statement: &[Member<'_>],
    member_index: usize,
    element: Option<usize>,
) -> bool {
    let members = principal_members(statement);
    let single_value = match (members.get(member_index).map(|m| m.value.value), element) {
        (Some(Value::Array(items)), Some(_)) => items.len() == 1,
        (Some(Value::String(_)), None) => true,
        _ => false,
    };
    members.len() == 1 && single_value
}

fn entry_removal(
    statement: &[Member<'_>],
    member_index: usize,
    element: Option<usize>,
) -> Option<Splice> {
    let block = member(statement, "Principal")?;
    let members = principal_members(statement);
    let target = members.get(member_index)?;
    let remove_member = || {
        let list: Vec<Item> = members.iter().map(Item::of_member).collect();
        json_text::remove_item(
            &list,
            member_index,
            block.value.span.start as usize,
            block.value.span.end as usize,
        )
    };
    match (target.value.value, element) {
        (Value::Array(items), Some(index)) if items.len() > 1 => {
            let list: Vec<Item> = items.iter().map(Item::of_node).collect();
            json_text::remove_item(
                &list,
                index,
                target.value.span.start as usize,
                target.value.span.end as usize,
            )
        }
        _ => remove_member(),
    }
}

#[cfg(test)]
mod tests;
