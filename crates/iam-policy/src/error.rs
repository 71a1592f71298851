//! Why a policy document is rejected, with where (span and JSON path).
//!
//! Every variant is something IAM itself refuses (`MalformedPolicyDocument`); the messages say
//! what is wrong and, where it helps, what to write instead. Codes are stable identifiers for
//! documentation and tests.

use std::fmt;

use crate::json::{JsonError, JsonErrorKind};
use crate::kind::PolicyKind;
use crate::principal::PrincipalProblem;
use crate::span::Span;

/// A rejected policy document: what, where in the text, and where in the JSON tree.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PolicyError {
    /// What is wrong.
    pub kind: ErrorKind,
    /// The offending text.
    pub span: Span,
    /// The JSON path of the offending element, e.g. `$.Statement[0].Effect`.
    pub path: String,
}

impl PolicyError {
    /// The stable code, e.g. `policy/missing-element`.
    pub fn code(&self) -> &'static str {
        self.kind.code()
    }
}

/// A syntax error stops reading before any path exists, so it points at the root.
impl From<JsonError> for PolicyError {
    fn from(error: JsonError) -> PolicyError {
        PolicyError {
            kind: ErrorKind::Json(error.kind),
            span: error.span,
            path: "$".to_owned(),
        }
    }
}

impl fmt::Display for PolicyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (at {})", self.kind, self.path)
    }
}

/// The ways a policy document can be invalid.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// The text is not valid JSON.
    Json(JsonErrorKind),
    /// An element has the wrong JSON type.
    WrongType {
        /// The element, e.g. `Effect`.
        element: String,
        /// What IAM expects.
        expected: &'static str,
        /// What was found.
        found: &'static str,
    },
    /// An element name IAM does not know (element names are case-sensitive).
    UnknownElement {
        /// The name as written.
        element: String,
        /// A known element it resembles.
        suggestion: Option<&'static str>,
    },
    /// The same element twice in one object.
    DuplicateElement {
        /// The repeated name.
        element: String,
    },
    /// A required element is missing.
    MissingElement {
        /// The element, e.g. `Effect`.
        element: &'static str,
    },
    /// Two elements that exclude each other, e.g. `Action` and `NotAction`.
    ConflictingElements {
        /// The first element.
        first: &'static str,
        /// The second element.
        second: &'static str,
    },
    /// `Version` other than `2012-10-17` or `2008-10-17`.
    InvalidVersion(String),
    /// `Effect` other than `Allow` or `Deny`.
    InvalidEffect(String),
    /// An action that is not `*` or `service:action`.
    InvalidAction(String),
    /// A resource that is not `*` or an ARN.
    InvalidResource(String),
    /// A policy variable before the resource part of an ARN.
    VariableOutsideResourcePart(String),
    /// A principal key other than `AWS`, `Service`, `Federated`, `CanonicalUser`.
    InvalidPrincipalKey(String),
    /// A principal value IAM does not accept.
    InvalidPrincipal {
        /// The value as written.
        value: String,
        /// Why.
        problem: PrincipalProblem,
    },
    /// A condition operator IAM does not know.
    UnknownOperator {
        /// The operator as written.
        operator: String,
        /// The correct spelling, when the operator is only miscased.
        suggestion: Option<String>,
    },
    /// `NullIfExists` (or a qualified form) is not a valid operator.
    NullWithIfExists,
    /// An empty condition key.
    EmptyConditionKey,
    /// An empty string where IAM requires a value.
    EmptyValue {
        /// The element.
        element: &'static str,
    },
    /// The policy kind forbids an element (e.g. `Principal` in an identity-based policy).
    ElementNotAllowed {
        /// The element.
        element: &'static str,
        /// The policy kind.
        kind: PolicyKind,
    },
    /// The policy kind requires an element (e.g. `Principal` in a resource-based policy).
    ElementRequired {
        /// The element, e.g. "Principal or NotPrincipal".
        element: &'static str,
        /// The policy kind.
        kind: PolicyKind,
    },
    /// SCPs and RCPs must say `"Version": "2012-10-17"`.
    VersionRequired(PolicyKind),
    /// `NotPrincipal` with `Allow`.
    NotPrincipalWithAllow,
    /// `Federated` principals outside a role trust policy.
    FederatedOutsideTrustPolicy,
    /// An RCP principal other than `"*"`.
    RcpPrincipalMustBeEveryone,
    /// An RCP `Allow` other than the managed `RCPFullAWSAccess` shape.
    RcpAllowNotSupported,
    /// A `Sid` with characters IAM rejects.
    InvalidSid(String),
    /// The same `Sid` twice in one IAM policy.
    DuplicateSid(String),
    /// A character outside what IAM policies accept (tab, LF, CR, U+0020 to U+00FF).
    CharacterNotAllowed(char),
}

impl ErrorKind {
    /// The stable code.
    pub fn code(&self) -> &'static str {
        match self {
            ErrorKind::Json(_) => "json/syntax",
            ErrorKind::WrongType { .. } => "policy/wrong-type",
            ErrorKind::UnknownElement { .. } => "policy/unknown-element",
            ErrorKind::DuplicateElement { .. } => "policy/duplicate-element",
            ErrorKind::MissingElement { .. } => "policy/missing-element",
            ErrorKind::ConflictingElements { .. } => "policy/conflicting-elements",
            ErrorKind::InvalidVersion(_) => "policy/invalid-version",
            ErrorKind::InvalidEffect(_) => "policy/invalid-effect",
            ErrorKind::InvalidAction(_) => "policy/invalid-action",
            ErrorKind::InvalidResource(_) => "policy/invalid-resource",
            ErrorKind::VariableOutsideResourcePart(_) => "policy/variable-outside-resource-part",
            ErrorKind::InvalidPrincipalKey(_) => "policy/invalid-principal-key",
            ErrorKind::InvalidPrincipal { .. } => "policy/invalid-principal",
            ErrorKind::UnknownOperator { .. } => "policy/unknown-condition-operator",
            ErrorKind::NullWithIfExists => "policy/null-with-if-exists",
            ErrorKind::EmptyConditionKey => "policy/empty-condition-key",
            ErrorKind::EmptyValue { .. } => "policy/empty-value",
            ErrorKind::ElementNotAllowed { .. } => "policy/element-not-allowed",
            ErrorKind::ElementRequired { .. } => "policy/element-required",
            ErrorKind::VersionRequired(_) => "policy/version-required",
            ErrorKind::NotPrincipalWithAllow => "policy/not-principal-with-allow",
            ErrorKind::FederatedOutsideTrustPolicy => "policy/federated-outside-trust-policy",
            ErrorKind::RcpPrincipalMustBeEveryone => "policy/rcp-principal",
            ErrorKind::RcpAllowNotSupported => "policy/rcp-allow",
            ErrorKind::InvalidSid(_) => "policy/invalid-sid",
            ErrorKind::DuplicateSid(_) => "policy/duplicate-sid",
            ErrorKind::CharacterNotAllowed(_) => "policy/character-not-allowed",
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ErrorKind::Json(kind) => write!(f, "invalid JSON: {kind}"),
            ErrorKind::WrongType {
                element,
                expected,
                found,
            } => write!(f, "`{element}` must be {expected}, found {found}"),
            ErrorKind::UnknownElement {
                element,
                suggestion: Some(suggestion),
            } => write!(
                f,
                "unknown policy element `{element}`; did you mean `{suggestion}`?"
            ),
            ErrorKind::UnknownElement { element, .. } => {
                write!(f, "unknown policy element `{element}`")
            }
            ErrorKind::DuplicateElement { element } => {
                write!(f, "`{element}` appears more than once in the same object")
            }
            ErrorKind::MissingElement { element } => {
                write!(f, "missing required element `{element}`")
            }
            ErrorKind::ConflictingElements { first, second } => {
                write!(f, "a statement cannot have both `{first}` and `{second}`")
            }
            ErrorKind::InvalidVersion(v) => write!(
                f,
                "invalid Version \"{v}\": use \"2012-10-17\" (or the legacy \"2008-10-17\")"
            ),
            ErrorKind::InvalidEffect(e) => {
                write!(
                    f,
                    "invalid Effect \"{e}\": use \"Allow\" or \"Deny\" (case-sensitive)"
                )
            }
            ErrorKind::InvalidAction(a) => write!(
                f,
                "invalid action \"{a}\": actions are \"*\" or \"service:ActionName\", e.g. \"s3:GetObject\""
            ),
            ErrorKind::InvalidResource(r) => {
                write!(
                    f,
                    "invalid resource \"{r}\": a resource must be \"*\" or an ARN (arn:partition:service:region:account:resource)"
                )
            }
            ErrorKind::VariableOutsideResourcePart(r) => write!(
                f,
                "policy variables are allowed only in the resource part of an ARN (after the fifth colon): \"{r}\""
            ),
            ErrorKind::InvalidPrincipalKey(k) => write!(
                f,
                "invalid principal key `{k}`: use \"AWS\", \"Service\", \"Federated\" or \"CanonicalUser\""
            ),
            ErrorKind::InvalidPrincipal { value, problem } => {
                write!(f, "invalid principal \"{value}\": {problem}")
            }
            ErrorKind::UnknownOperator {
                operator,
                suggestion: Some(s),
            } => write!(
                f,
                "unknown condition operator `{operator}`; did you mean `{s}`?"
            ),
            ErrorKind::UnknownOperator { operator, .. } => {
                write!(f, "unknown condition operator `{operator}`")
            }
            ErrorKind::NullWithIfExists => {
                write!(
                    f,
                    "`Null` cannot take `IfExists`: it already tests whether the key exists"
                )
            }
            ErrorKind::EmptyConditionKey => write!(f, "a condition key cannot be empty"),
            ErrorKind::EmptyValue { element } => write!(f, "`{element}` cannot be an empty string"),
            ErrorKind::ElementNotAllowed { element, kind } => {
                write!(f, "`{element}` is not allowed in {}", kind.description())
            }
            ErrorKind::ElementRequired { element, kind } => {
                write!(
                    f,
                    "{} must have `{element}` in every statement",
                    kind.description()
                )
            }
            ErrorKind::VersionRequired(kind) => {
                write!(
                    f,
                    "{} must have \"Version\": \"2012-10-17\"",
                    kind.description()
                )
            }
            ErrorKind::NotPrincipalWithAllow => write!(
                f,
                "`NotPrincipal` is supported only with \"Effect\": \"Deny\"; use Principal with a condition instead"
            ),
            ErrorKind::FederatedOutsideTrustPolicy => {
                write!(
                    f,
                    "`Federated` principals are supported only in role trust policies"
                )
            }
            ErrorKind::RcpPrincipalMustBeEveryone => {
                write!(f, "a resource control policy's Principal must be \"*\"")
            }
            ErrorKind::RcpAllowNotSupported => write!(
                f,
                "resource control policies can only deny (RCPFullAWSAccess is attached implicitly)"
            ),
            ErrorKind::InvalidSid(sid) => write!(
                f,
                "invalid Sid \"{sid}\": IAM accepts only letters A-Z, a-z and digits 0-9"
            ),
            ErrorKind::DuplicateSid(sid) => {
                write!(
                    f,
                    "duplicate Sid \"{sid}\": Sids must be unique within an IAM policy"
                )
            }
            ErrorKind::CharacterNotAllowed(c) => write!(
                f,
                "character {c:?} (U+{:04X}) is not allowed: IAM policies accept tab, line breaks and U+0020 to U+00FF",
                u32::from(*c)
            ),
        }
    }
}
