//! The typed model of a policy document, as the IAM policy grammar defines it.
//!
//! Every element keeps the span of the text it came from, so evaluation results and
//! diagnostics can point at the exact statement, action or condition value.

use crate::arn::ArnPattern;
use crate::condition::{ConditionValue, Operator};
use crate::glob::Glob;
use crate::principal::PrincipalPattern;
use crate::span::Span;
use crate::template::Template;

/// A parsed policy document (`Version`, `Id`, `Statement`).
#[derive(Clone, Debug)]
pub struct Policy {
    /// The `Version` element, which decides whether policy variables are substituted.
    pub version: Version,
    /// Where `Version` is written, if it is.
    pub version_span: Option<Span>,
    /// The optional `Id` element.
    pub id: Option<Spanned<String>>,
    /// The statements, in document order.
    pub statements: Vec<Statement>,
    /// Whether `Statement` was written as an array (it may be a single object).
    pub statement_array: bool,
    /// The whole document.
    pub span: Span,
}

impl Policy {
    /// The JSON path of statement `index`, e.g. `$.Statement[2]` (or `$.Statement`).
    pub fn statement_path(&self, index: usize) -> String {
        if self.statement_array {
            format!("$.Statement[{index}]")
        } else {
            "$.Statement".to_owned()
        }
    }
}

/// The policy language version.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Version {
    /// `2012-10-17`: the current language, with policy variables.
    V2012_10_17,
    /// `2008-10-17`: the legacy language; `${...}` is literal text.
    V2008_10_17,
    /// No `Version` element: behaves like 2008-10-17 (no variable substitution).
    Missing,
}

impl Version {
    /// Whether `${...}` policy variables are substituted (only in 2012-10-17 policies).
    pub fn substitutes_variables(self) -> bool {
        self == Version::V2012_10_17
    }
}

/// A value with the span it was read from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Spanned<T> {
    /// The value.
    pub value: T,
    /// Where it is written.
    pub span: Span,
}

/// `Allow` or `Deny`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
pub enum Effect {
    /// Grants, if nothing denies.
    Allow,
    /// Denies, overriding any allow.
    Deny,
}

/// One statement of a policy.
#[derive(Clone, Debug)]
pub struct Statement {
    /// Position in the policy's statement list (0-based).
    pub index: usize,
    /// The optional `Sid`.
    pub sid: Option<Spanned<String>>,
    /// `Effect`.
    pub effect: Spanned<Effect>,
    /// `Principal` or `NotPrincipal`, present in resource-based policies.
    pub principal: Option<PrincipalBlock>,
    /// `Action` or `NotAction`.
    pub action: ActionBlock,
    /// `Resource` or `NotResource` (absent in role trust policies).
    pub resource: Option<ResourceBlock>,
    /// The `Condition` block flattened to one entry per operator and key (they are ANDed).
    pub conditions: Vec<Condition>,
    /// Where the `Condition` block is written.
    pub condition_span: Option<Span>,
    /// The whole statement object.
    pub span: Span,
}

impl Statement {
    /// A short label: the Sid, or `#index` when there is none.
    pub fn label(&self) -> String {
        match &self.sid {
            Some(sid) if !sid.value.is_empty() => sid.value.clone(),
            _ => format!("#{}", self.index),
        }
    }
}

/// `Principal` (the listed principals) or `NotPrincipal` (everyone but them).
#[derive(Clone, Debug)]
pub struct PrincipalBlock {
    /// True for `NotPrincipal`.
    pub negated: bool,
    /// The principals listed.
    pub principals: Principals,
    /// The element, key and value.
    pub span: Span,
}

/// The value of a `Principal` element.
#[derive(Clone, Debug)]
pub enum Principals {
    /// `"Principal": "*"`: everyone, anonymous callers included.
    Everyone,
    /// `{"AWS": ..., "Service": ..., "Federated": ..., "CanonicalUser": ...}`.
    Listed(Vec<PrincipalEntry>),
}

/// The key under which a principal is listed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub enum PrincipalKey {
    /// `AWS`: accounts, users, roles, sessions.
    Aws,
    /// `Service`: AWS service principals.
    Service,
    /// `Federated`: SAML and OIDC identity providers.
    Federated,
    /// `CanonicalUser`: S3 canonical user ids.
    CanonicalUser,
}

impl PrincipalKey {
    /// The element name as written in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            PrincipalKey::Aws => "AWS",
            PrincipalKey::Service => "Service",
            PrincipalKey::Federated => "Federated",
            PrincipalKey::CanonicalUser => "CanonicalUser",
        }
    }
}

/// One principal value.
#[derive(Clone, Debug)]
pub struct PrincipalEntry {
    /// The key it is listed under.
    pub key: PrincipalKey,
    /// The value as written.
    pub text: String,
    /// What it identifies.
    pub pattern: PrincipalPattern,
    /// Where the value is written.
    pub span: Span,
}

/// `Action` or `NotAction`.
#[derive(Clone, Debug)]
pub struct ActionBlock {
    /// True for `NotAction`.
    pub negated: bool,
    /// The action patterns.
    pub items: Vec<ActionItem>,
    /// The element, key and value.
    pub span: Span,
}

/// One action pattern such as `s3:Get*`, matched case-insensitively.
#[derive(Clone, Debug)]
pub struct ActionItem {
    /// The pattern as written.
    pub text: String,
    /// The compiled pattern.
    pub glob: Glob,
    /// Where it is written.
    pub span: Span,
}

/// `Resource` or `NotResource`.
#[derive(Clone, Debug)]
pub struct ResourceBlock {
    /// True for `NotResource`.
    pub negated: bool,
    /// The resource patterns.
    pub items: Vec<ResourceItem>,
    /// The element, key and value.
    pub span: Span,
}

/// One resource pattern: `*` or an ARN with wildcards and (in 2012-10-17) variables.
#[derive(Clone, Debug)]
pub struct ResourceItem {
    /// The pattern as written.
    pub text: String,
    /// The compiled pattern.
    pub pattern: ResourcePattern,
    /// Where it is written.
    pub span: Span,
}

/// A compiled resource pattern.
#[derive(Clone, Debug)]
pub enum ResourcePattern {
    /// `*`: every resource, including the `*` of actions with no resource.
    Any,
    /// An ARN pattern with no policy variables.
    Arn(ArnPattern),
    /// An ARN pattern whose resource part has policy variables, resolved per request.
    WithVariables(Template),
}

/// One condition test: an operator applied to one context key with its policy values.
#[derive(Clone, Debug)]
pub struct Condition {
    /// The operator, e.g. `ForAnyValue:StringLikeIfExists`.
    pub operator: Operator,
    /// Where the operator is written.
    pub operator_span: Span,
    /// The condition key as written.
    pub key: String,
    /// The key in lower case (condition key names are case-insensitive).
    pub key_lower: String,
    /// Where the key is written.
    pub key_span: Span,
    /// The policy values (ORed for positive operators, NORed for negated ones).
    pub values: Vec<ConditionValue>,
    /// From the key to the end of its values.
    pub span: Span,
}
