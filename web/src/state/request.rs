//! The request the playground decides: who (optionally through a role chain), which action,
//! on which resource, with which context keys.

use std::fmt;

use iam_world::model::{CredentialsDoc, HopDoc};
use iam_world::{ContextValue, World};
use serde::{Deserialize, Serialize};

/// One request, as the document stores it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequestDoc {
    /// The caller: a short name (`Theresa`, `role:UpdateApp`) or an ARN.
    pub principal: String,
    /// How an IAM user caller signed in (default: the user's own credentials).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credentials: Option<CredentialsDoc>,
    /// Roles assumed one after the other before the action.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub chain: Vec<HopDoc>,
    /// The action (`s3:GetObject`); empty decides only the chain's last hop.
    pub action: String,
    /// The resource: `*`, an ARN or a short name (`productionapp/app.zip`).
    pub resource: String,
    /// Context keys set by the user, replacing any derived value.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub context: Vec<ContextRow>,
}

/// One context key set by the user.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContextRow {
    /// The key (`aws:SourceIp`).
    pub key: String,
    /// Its typed value.
    pub value: TypedValue,
}

/// A context value with the type the user chose. Numbers keep their text, so a half-typed
/// number is not lost; it is checked when the request is built.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", content = "value", rename_all = "lowercase")]
pub enum TypedValue {
    /// A string.
    String(String),
    /// A number, as typed.
    Number(String),
    /// `true` or `false`.
    Bool(bool),
    /// A multivalued key.
    List(Vec<String>),
}

impl TypedValue {
    /// The type's name, as the type picker shows it.
    pub fn type_name(&self) -> &'static str {
        match self {
            TypedValue::String(_) => "string",
            TypedValue::Number(_) => "number",
            TypedValue::Bool(_) => "bool",
            TypedValue::List(_) => "list",
        }
    }

    /// The value as editable text (a list as comma-separated values).
    pub fn text(&self) -> String {
        match self {
            TypedValue::String(text) | TypedValue::Number(text) => text.clone(),
            TypedValue::Bool(value) => value.to_string(),
            TypedValue::List(values) => values.join(", "),
        }
    }

    /// A value of type `type_name` from text (unknown types give a string).
    pub fn from_text(type_name: &str, text: &str) -> TypedValue {
        match type_name {
            "number" => TypedValue::Number(text.trim().to_owned()),
            "bool" => TypedValue::Bool(text.trim().eq_ignore_ascii_case("true")),
            "list" => TypedValue::List(
                text.split(',')
                    .map(str::trim)
                    .filter(|v| !v.is_empty())
                    .map(str::to_owned)
                    .collect(),
            ),
            _ => TypedValue::String(text.to_owned()),
        }
    }

    /// A typed value from an engine value: lists stay lists, `true`/`false` become booleans,
    /// numbers numbers, anything else a string.
    pub fn from_context(value: &ContextValue) -> TypedValue {
        match value {
            ContextValue::List(values) => TypedValue::List(values.clone()),
            ContextValue::Single(text) => match text.as_str() {
                "true" => TypedValue::Bool(true),
                "false" => TypedValue::Bool(false),
                number if !number.is_empty() && number.parse::<f64>().is_ok() => {
                    TypedValue::Number(number.to_owned())
                }
                other => TypedValue::String(other.to_owned()),
            },
        }
    }

    fn to_context(&self) -> Result<ContextValue, ContextErrorKind> {
        Ok(match self {
            TypedValue::String(text) => ContextValue::Single(text.clone()),
            TypedValue::Number(text) => {
                let number: f64 = text
                    .trim()
                    .parse()
                    .map_err(|_| ContextErrorKind::NotANumber)?;
                if !number.is_finite() {
                    return Err(ContextErrorKind::NotANumber);
                }
                ContextValue::Single(text.trim().to_owned())
            }
            TypedValue::Bool(value) => ContextValue::Single(value.to_string()),
            TypedValue::List(values) => ContextValue::List(values.clone()),
        })
    }
}

/// What is wrong with one context row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ContextErrorKind {
    /// A number row whose text is not a number.
    NotANumber,
    /// The same key twice (IAM keys ignore case).
    Duplicate,
}

/// A context row that cannot be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContextError {
    /// The row's position in the table.
    pub row: usize,
    /// Its key.
    pub key: String,
    /// What is wrong.
    pub kind: ContextErrorKind,
}

impl fmt::Display for ContextError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            ContextErrorKind::NotANumber => {
                write!(f, "context key {}: the value is not a number", self.key)
            }
            ContextErrorKind::Duplicate => {
                write!(f, "context key {} is set twice", self.key)
            }
        }
    }
}

impl RequestDoc {
    /// A request without chain or context.
    pub fn new(principal: &str, action: &str, resource: &str) -> RequestDoc {
        RequestDoc {
            principal: principal.to_owned(),
            action: action.to_owned(),
            resource: resource.to_owned(),
            ..RequestDoc::default()
        }
    }

    /// The user's context keys as engine overrides; rows without a key are skipped.
    pub fn overrides(&self) -> Result<Vec<(String, ContextValue)>, ContextError> {
        let mut out: Vec<(String, ContextValue)> = Vec::new();
        for (row, entry) in self.context.iter().enumerate() {
            let key = entry.key.trim();
            if key.is_empty() {
                continue;
            }
            let error = |kind| ContextError {
                row,
                key: key.to_owned(),
                kind,
            };
            if out.iter().any(|(k, _)| k.eq_ignore_ascii_case(key)) {
                return Err(error(ContextErrorKind::Duplicate));
            }
            let value = entry.value.to_context().map_err(error)?;
            out.push((key.to_owned(), value));
        }
        Ok(out)
    }

    /// Whether the user set `key` (case-insensitively).
    pub fn sets_key(&self, key: &str) -> bool {
        self.context
            .iter()
            .any(|row| row.key.trim().eq_ignore_ascii_case(key))
    }

    /// A short sentence for menus: "Theresa → sts:AssumeRole on UpdateApp".
    pub fn summary(&self) -> String {
        let mut out = self.principal.clone();
        for hop in &self.chain {
            out.push_str(" → ");
            out.push_str(&hop.role);
        }
        if !self.action.is_empty() {
            out.push_str(": ");
            out.push_str(&self.action);
            if !self.resource.is_empty() && self.resource != "*" {
                out.push_str(" on ");
                out.push_str(&self.resource);
            }
        }
        out
    }
}

/// How a request names a user or role of `account`: by name, qualified as `ACCOUNT/NAME` only
/// when another account has one of the same name (a bare name would then be ambiguous).
pub fn qualified_name(world: &World, account: usize, name: &str, role: bool) -> String {
    let same_name = if role {
        world.roles().iter().filter(|r| r.name == name).count()
    } else {
        world.users().iter().filter(|u| u.name == name).count()
    };
    if same_name > 1 {
        format!("{}/{name}", world.account_id(account))
    } else {
        name.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(key: &str, value: TypedValue) -> ContextRow {
        ContextRow {
            key: key.into(),
            value,
        }
    }

    #[test]
    fn typed_rows_become_engine_values() {
        let mut request = RequestDoc::new("David", "s3:GetObject", "bucket/key");
        request.context = vec![
            row("aws:SourceIp", TypedValue::String("203.0.113.7".into())),
            row("aws:MultiFactorAuthAge", TypedValue::Number(" 30 ".into())),
            row("aws:SecureTransport", TypedValue::Bool(false)),
            row(
                "aws:TagKeys",
                TypedValue::List(vec!["a".into(), "b".into()]),
            ),
            row("  ", TypedValue::String("ignored".into())),
        ];
        let overrides = request.overrides().unwrap();
        assert_eq!(overrides.len(), 4);
        assert_eq!(overrides[1].1, ContextValue::Single("30".into()));
        assert_eq!(overrides[2].1, ContextValue::Single("false".into()));
        assert_eq!(
            overrides[3].1,
            ContextValue::List(vec!["a".into(), "b".into()])
        );
        assert!(request.sets_key("AWS:SOURCEIP"));
    }

    #[test]
    fn bad_rows_are_reported_with_their_position() {
        let mut request = RequestDoc::new("David", "s3:GetObject", "*");
        request.context = vec![row("n", TypedValue::Number("12a".into()))];
        let error = request.overrides().unwrap_err();
        assert_eq!((error.row, error.kind), (0, ContextErrorKind::NotANumber));
        request.context = vec![
            row("k", TypedValue::Bool(true)),
            row("K", TypedValue::Bool(false)),
        ];
        let error = request.overrides().unwrap_err();
        assert_eq!((error.row, error.kind), (1, ContextErrorKind::Duplicate));
        assert_eq!(error.to_string(), "context key K is set twice");
    }

    #[test]
    fn text_round_trips_per_type() {
        for value in [
            TypedValue::String("a, b".into()),
            TypedValue::Number("1.5".into()),
            TypedValue::Bool(true),
            TypedValue::List(vec!["a".into(), "b".into()]),
        ] {
            assert_eq!(
                TypedValue::from_text(value.type_name(), &value.text()),
                value
            );
        }
        assert_eq!(
            TypedValue::from_context(&ContextValue::Single("true".into())),
            TypedValue::Bool(true)
        );
        assert_eq!(
            TypedValue::from_context(&ContextValue::Single("1736933400".into())),
            TypedValue::Number("1736933400".into())
        );
    }

    #[test]
    fn summaries_read_as_a_sentence() {
        let mut request = RequestDoc::new("Theresa", "sts:AssumeRole", "UpdateApp");
        assert_eq!(request.summary(), "Theresa: sts:AssumeRole on UpdateApp");
        request.chain.push(HopDoc {
            role: "UpdateApp".into(),
            ..HopDoc::default()
        });
        request.resource = "*".into();
        assert_eq!(request.summary(), "Theresa → UpdateApp: sts:AssumeRole");
    }
}
