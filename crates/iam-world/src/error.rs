//! Why a world cannot be loaded, and why a request against it cannot be built.
//!
//! Every load error names the element by its JSON path in the world file
//! (`$.accounts[1].roles[0].trust_policy`), so the editor can select it; a policy error also
//! carries its position inside that policy's text.

use std::fmt;

use iam_policy::span::{Position, Span};
use serde::Serialize;

/// One problem found while loading a world.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LoadError {
    /// JSON path of the offending element in the world file.
    pub path: String,
    /// What is wrong.
    pub kind: LoadErrorKind,
}

impl LoadError {
    pub(crate) fn new(path: impl Into<String>, kind: LoadErrorKind) -> LoadError {
        LoadError {
            path: path.into(),
            kind,
        }
    }

    /// A stable code for the kind, e.g. `world/unknown-group`.
    pub fn code(&self) -> &'static str {
        self.kind.code()
    }

    /// Whether this is not a problem of the world but a wait: an AWS managed policy whose
    /// text is still loading ([`LoadErrorKind::ManagedPolicyPending`]).
    pub fn is_pending(&self) -> bool {
        self.kind.is_pending()
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {} [{}]", self.path, self.kind, self.code())
    }
}

impl std::error::Error for LoadError {}

/// The kinds of entity names are checked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum EntityKind {
    /// An AWS account.
    Account,
    /// An IAM user.
    User,
    /// An IAM group.
    Group,
    /// An IAM role.
    Role,
    /// A customer managed policy.
    Policy,
    /// An inline policy.
    InlinePolicy,
    /// An identity provider.
    IdentityProvider,
    /// An instance profile.
    InstanceProfile,
    /// A resource.
    Resource,
    /// An SCP or RCP.
    OrganizationPolicy,
    /// An organizational unit.
    OrganizationalUnit,
    /// A Roles Anywhere trust anchor.
    TrustAnchor,
    /// A Roles Anywhere profile.
    RolesAnywhereProfile,
    /// An Identity Center user or group.
    IdentityCenterPrincipal,
    /// An Identity Center permission set.
    PermissionSet,
    /// An external identity.
    ExternalIdentity,
    /// An expectation.
    Expectation,
}

impl EntityKind {
    /// A lower-case noun for messages.
    pub fn noun(self) -> &'static str {
        match self {
            EntityKind::Account => "account",
            EntityKind::User => "user",
            EntityKind::Group => "group",
            EntityKind::Role => "role",
            EntityKind::Policy => "managed policy",
            EntityKind::InlinePolicy => "inline policy",
            EntityKind::IdentityProvider => "identity provider",
            EntityKind::InstanceProfile => "instance profile",
            EntityKind::Resource => "resource",
            EntityKind::OrganizationPolicy => "organization policy",
            EntityKind::OrganizationalUnit => "organizational unit",
            EntityKind::TrustAnchor => "trust anchor",
            EntityKind::RolesAnywhereProfile => "Roles Anywhere profile",
            EntityKind::IdentityCenterPrincipal => "Identity Center user or group",
            EntityKind::PermissionSet => "permission set",
            EntityKind::ExternalIdentity => "external identity",
            EntityKind::Expectation => "expectation",
        }
    }
}

/// A policy problem, located inside the policy's own text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PolicyProblem {
    /// The policy error code (`policy/missing-element`, `json/syntax`, ...).
    pub code: &'static str,
    /// What is wrong.
    pub message: String,
    /// JSON path inside the policy (`$.Statement[0].Effect`).
    pub policy_path: String,
    /// Byte span in the policy text.
    pub span: Span,
    /// Line and column of the span's start in the policy text.
    pub start: Position,
}

/// What is wrong with a world.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum LoadErrorKind {
    /// The text is not JSON, or not the world format (wrong type, unknown field, missing
    /// field).
    Format {
        /// The parser's message.
        message: String,
        /// 1-based line in the world text.
        line: usize,
        /// 1-based column in the world text.
        column: usize,
    },
    /// `version` is not 1.
    UnsupportedVersion {
        /// The version given.
        found: u32,
    },
    /// An account id that is not 12 digits.
    InvalidAccountId {
        /// As written.
        id: String,
    },
    /// Two elements of the same kind with the same name in one scope (names of IAM users,
    /// groups, roles and policies are unique per account regardless of case).
    Duplicate {
        /// The kind.
        entity: EntityKind,
        /// The name.
        name: String,
        /// JSON path of the first one.
        first: String,
    },
    /// A reference to something that does not exist.
    Unknown {
        /// The kind looked for.
        entity: EntityKind,
        /// The reference as written.
        name: String,
        /// Where it was looked for ("account 111111111111", "the organization").
        scope: String,
    },
    /// A reference several elements answer to.
    Ambiguous {
        /// The reference as written.
        reference: String,
        /// The candidates.
        candidates: Vec<String>,
    },
    /// A name IAM would reject.
    InvalidName {
        /// The kind named.
        entity: EntityKind,
        /// The name.
        name: String,
        /// The rule it breaks.
        rule: &'static str,
    },
    /// A path that does not start and end with `/`, or has invalid characters.
    InvalidPath {
        /// The path.
        path: String,
    },
    /// A value outside its allowed range or shape.
    InvalidValue {
        /// The field.
        field: &'static str,
        /// The value as written.
        value: String,
        /// What is allowed.
        rule: &'static str,
    },
    /// A policy that does not parse or breaks the rules of its policy type.
    Policy {
        /// Which policy ("trust policy of role UpdateApp").
        policy: String,
        /// Every problem, located in the policy text.
        problems: Vec<PolicyProblem>,
    },
    /// A managed policy that cannot be attached where it is referenced.
    PolicyNotAttachable {
        /// The reference.
        reference: String,
        /// Why.
        reason: &'static str,
    },
    /// An inconsistent organization (an account in two places, the management account
    /// missing, an SCP level with no policy).
    Organization {
        /// What is inconsistent.
        problem: String,
    },
    /// An AWS managed policy whose text is not compiled into this build and has not been
    /// installed yet (`iam_managed_policies::install_deferred`; the web app fetches the large
    /// documents after its first render). Not a problem of the world: load it again once the
    /// texts are installed.
    ManagedPolicyPending {
        /// The policy name, e.g. `ReadOnlyAccess`.
        name: String,
    },
}

impl LoadErrorKind {
    /// The stable code.
    pub fn code(&self) -> &'static str {
        match self {
            LoadErrorKind::Format { .. } => "world/format",
            LoadErrorKind::UnsupportedVersion { .. } => "world/unsupported-version",
            LoadErrorKind::InvalidAccountId { .. } => "world/invalid-account-id",
            LoadErrorKind::Duplicate { .. } => "world/duplicate",
            LoadErrorKind::Unknown { .. } => "world/unknown-reference",
            LoadErrorKind::Ambiguous { .. } => "world/ambiguous-reference",
            LoadErrorKind::InvalidName { .. } => "world/invalid-name",
            LoadErrorKind::InvalidPath { .. } => "world/invalid-path",
            LoadErrorKind::InvalidValue { .. } => "world/invalid-value",
            LoadErrorKind::Policy { .. } => "world/invalid-policy",
            LoadErrorKind::PolicyNotAttachable { .. } => "world/policy-not-attachable",
            LoadErrorKind::Organization { .. } => "world/organization",
            LoadErrorKind::ManagedPolicyPending { .. } => "world/managed-policy-pending",
        }
    }

    /// Whether this is a wait rather than a problem: [`LoadErrorKind::ManagedPolicyPending`].
    pub fn is_pending(&self) -> bool {
        matches!(self, LoadErrorKind::ManagedPolicyPending { .. })
    }
}

impl fmt::Display for LoadErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadErrorKind::Format {
                message,
                line,
                column,
            } => write!(f, "{message} (line {line}, column {column})"),
            LoadErrorKind::UnsupportedVersion { found } => write!(
                f,
                "unsupported world format version {found}; this version of IAM Playground reads version 1"
            ),
            LoadErrorKind::InvalidAccountId { id } => {
                write!(f, "account id \"{id}\" is not 12 digits")
            }
            LoadErrorKind::Duplicate {
                entity,
                name,
                first,
            } => write!(
                f,
                "{} \"{name}\" is defined twice (first at {first}); names are unique regardless of case",
                entity.noun()
            ),
            LoadErrorKind::Unknown {
                entity,
                name,
                scope,
            } => write!(f, "no {} \"{name}\" in {scope}", entity.noun()),
            LoadErrorKind::Ambiguous {
                reference,
                candidates,
            } => write!(
                f,
                "\"{reference}\" names several elements ({}); qualify it with ACCOUNT/NAME or use the ARN",
                candidates.join(", ")
            ),
            LoadErrorKind::InvalidName { entity, name, rule } => {
                write!(f, "invalid {} name \"{name}\": {rule}", entity.noun())
            }
            LoadErrorKind::InvalidPath { path } => write!(
                f,
                "invalid path \"{path}\": a path starts and ends with / and has at most 512 printable ASCII characters"
            ),
            LoadErrorKind::InvalidValue { field, value, rule } => {
                write!(f, "invalid {field} \"{value}\": {rule}")
            }
            LoadErrorKind::Policy { policy, problems } => {
                write!(f, "{policy} is invalid")?;
                for problem in problems {
                    write!(
                        f,
                        "; {}:{}: {} [{}] (at {})",
                        problem.start.line,
                        problem.start.column,
                        problem.message,
                        problem.code,
                        problem.policy_path
                    )?;
                }
                Ok(())
            }
            LoadErrorKind::PolicyNotAttachable { reference, reason } => {
                write!(
                    f,
                    "managed policy \"{reference}\" cannot be attached: {reason}"
                )
            }
            LoadErrorKind::Organization { problem } => write!(f, "{problem}"),
            LoadErrorKind::ManagedPolicyPending { name } => write!(
                f,
                "the text of AWS managed policy \"{name}\" is still loading; the world loads once it has arrived"
            ),
        }
    }
}

/// All problems of a world that failed to load.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct LoadErrors(pub Vec<LoadError>);

impl fmt::Display for LoadErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, error) in self.0.iter().enumerate() {
            if index > 0 {
                writeln!(f)?;
            }
            write!(f, "{error}")?;
        }
        Ok(())
    }
}

impl LoadErrors {
    /// Whether every error is a wait for an AWS managed policy's text
    /// ([`LoadError::is_pending`]): load the same text again once
    /// `iam_managed_policies::install_deferred` has run, instead of reporting it.
    pub fn is_pending(&self) -> bool {
        only_pending(&self.0)
    }

    /// Whether any error is a wait for an AWS managed policy's text; the others may be real
    /// problems (or go away once the texts are installed).
    pub fn any_pending(&self) -> bool {
        self.0.iter().any(LoadError::is_pending)
    }
}

impl std::error::Error for LoadErrors {}

/// [`LoadErrors::is_pending`] for errors kept as a list: there are some, and every one is a
/// wait for an AWS managed policy's text.
pub fn only_pending(errors: &[LoadError]) -> bool {
    !errors.is_empty() && errors.iter().all(LoadError::is_pending)
}

/// Why a principal, role or resource reference cannot be resolved, or a request cannot be
/// built.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum RefError {
    /// Nothing in the world has this name.
    NotFound {
        /// What was looked for.
        wanted: &'static str,
        /// The reference.
        reference: String,
    },
    /// Several things have this name; qualify it.
    Ambiguous {
        /// What was looked for.
        wanted: &'static str,
        /// The reference.
        reference: String,
        /// The candidates, as ARNs or qualified names.
        candidates: Vec<String>,
    },
    /// The engine rejected the request (invalid action, resource or principal).
    Request {
        /// The engine's message.
        message: String,
    },
    /// The principal cannot act this way (an identity provider cannot call S3; a role only
    /// acts through a session).
    Unsupported {
        /// Why.
        message: String,
    },
}

impl fmt::Display for RefError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RefError::NotFound { wanted, reference } => {
                write!(f, "no {wanted} \"{reference}\" in the world")
            }
            RefError::Ambiguous {
                wanted,
                reference,
                candidates,
            } => write!(
                f,
                "\"{reference}\" names several {wanted}s ({}); qualify it with ACCOUNT/NAME or use the ARN",
                candidates.join(", ")
            ),
            RefError::Request { message } => write!(f, "{message}"),
            RefError::Unsupported { message } => write!(f, "{message}"),
        }
    }
}

impl std::error::Error for RefError {}
