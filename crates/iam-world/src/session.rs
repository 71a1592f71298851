//! Who acts: an IAM user with its credentials, the root user, a role session, a service, an
//! anonymous caller, or an identity that must first obtain a session (a SAML or OIDC user, a
//! Roles Anywhere workload, an Identity Center user, an EC2 instance, a Lambda function).
//!
//! A [`Session`] is what STS returns: the assumed-role identity with its tags, source
//! identity, session policies and expiry, as the IAM User Guide describes a role session
//! (id_roles.html "Role session"; id_session-tags.html; id_credentials_temp_control-access_monitor.html).

use iam_eval::{ContextValue, NamedPolicy};
use serde::Serialize;

use crate::clock::Clock;
use crate::error::RefError;
use crate::model::{CredentialType, CredentialsDoc};
use crate::refs::PrincipalRef;
use crate::world::{Tag, World};

/// How an IAM user authenticated.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Credentials {
    /// Access key, console sign-in or `GetSessionToken`.
    pub kind: CredentialType,
    /// Whether MFA was used.
    pub mfa: bool,
    /// Seconds since that MFA authentication.
    pub mfa_age_seconds: u64,
}

impl Credentials {
    /// Long-term access keys without MFA.
    pub fn access_key() -> Credentials {
        Credentials {
            kind: CredentialType::AccessKey,
            mfa: false,
            mfa_age_seconds: 0,
        }
    }

    /// From the world format.
    pub fn from_doc(doc: &CredentialsDoc) -> Credentials {
        Credentials {
            kind: doc.kind,
            mfa: doc.mfa,
            mfa_age_seconds: doc.mfa_age_seconds.unwrap_or(0),
        }
    }

    /// Whether these are temporary credentials (`aws:MultiFactorAuthPresent` and
    /// `aws:TokenIssueTime` are present only then).
    pub fn temporary(&self) -> bool {
        self.kind != CredentialType::AccessKey
    }
}

/// Which STS operation, or which service, issued a session.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Issuer {
    /// `AssumeRole` by an IAM user or a role session.
    AssumeRole {
        /// The caller's ARN.
        caller: String,
    },
    /// `AssumeRoleWithSAML`.
    Saml {
        /// The SAML provider ARN.
        provider: String,
    },
    /// `AssumeRoleWithWebIdentity`.
    WebIdentity {
        /// The OIDC provider ARN or built-in provider.
        provider: String,
    },
    /// A service assuming its service role (EC2 for an instance profile, Lambda for an
    /// execution role).
    Service {
        /// The service principal.
        service: String,
        /// The resource the credentials are for.
        resource: String,
    },
    /// IAM Roles Anywhere `CreateSession`.
    RolesAnywhere {
        /// The trust anchor ARN.
        trust_anchor: String,
        /// The profile ARN.
        profile: String,
    },
    /// A session taken as given: a principal named by its role or session ARN, as if assumed
    /// without parameters (no tags, session policies or source identity).
    Given,
    /// An IAM Identity Center sign-in to a permission set.
    IdentityCenter {
        /// The Identity Center user.
        user: String,
        /// The permission set.
        permission_set: String,
    },
}

/// A role session.
#[derive(Clone, Debug, Serialize)]
pub struct Session {
    /// `arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION` (the role path is not part of it).
    pub arn: String,
    /// The role ARN, with its path (`aws:PrincipalArn` of the session's requests).
    pub role_arn: String,
    /// The role's index in the world.
    #[serde(skip)]
    pub role: usize,
    /// The account of the role.
    pub account: String,
    /// The role name.
    pub role_name: String,
    /// The session name.
    pub session_name: String,
    /// `aws:userid`: the role's unique id and the session name.
    pub user_id: String,
    /// When the credentials were issued.
    pub issued_at: Clock,
    /// When they expire.
    pub expires_at: Clock,
    /// The duration granted.
    pub duration_seconds: u32,
    /// Tags passed in this call.
    pub session_tags: Vec<Tag>,
    /// Transitive tags inherited from the calling session.
    pub inherited_tags: Vec<Tag>,
    /// Keys passed on to sessions this one creates (inherited and new transitive keys).
    pub transitive_tag_keys: Vec<String>,
    /// `aws:PrincipalTag/*`: session tags, then inherited tags, then the role's tags.
    pub principal_tags: Vec<Tag>,
    /// The source identity, fixed for the rest of the chain once set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_identity: Option<String>,
    /// Names of the session policies.
    pub session_policy_names: Vec<String>,
    /// The session policies.
    #[serde(skip)]
    pub session_policies: Vec<NamedPolicy>,
    /// Whether MFA was authenticated when the session was created.
    pub mfa_authenticated: bool,
    /// Whether it was created by role chaining (a session assuming a role).
    pub chained: bool,
    /// What issued it.
    pub issuer: Issuer,
    /// Context keys the session carries into every request (`saml:sub`,
    /// `ec2:SourceInstanceArn`, `lambda:SourceFunctionArn`, `aws:FederatedProvider`, ...).
    pub carried_context: Vec<(String, ContextValue)>,
}

impl Session {
    /// The session's transitive tags (what it passes on).
    pub fn transitive_tags(&self) -> Vec<Tag> {
        self.transitive_tag_keys
            .iter()
            .filter_map(|key| {
                self.principal_tags
                    .iter()
                    .find(|t| t.key.eq_ignore_ascii_case(key))
                    .cloned()
            })
            .collect()
    }
}

/// Who acts.
#[derive(Clone, Debug, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Actor {
    /// An IAM user.
    User {
        /// User index.
        #[serde(skip)]
        user: usize,
        /// The user ARN.
        arn: String,
        /// How it signed in.
        credentials: Credentials,
    },
    /// The root user of an account.
    Root {
        /// Account index.
        #[serde(skip)]
        account: usize,
        /// `arn:aws:iam::ACCOUNT:root`.
        arn: String,
    },
    /// A role session.
    Session(Box<Session>),
    /// An AWS service principal.
    Service {
        /// The service principal name.
        name: String,
    },
    /// An unsigned caller.
    Anonymous,
    /// An identity outside AWS; it acts only through a session.
    External {
        /// Index into the external identities.
        #[serde(skip)]
        identity: usize,
        /// Its name.
        name: String,
    },
    /// An Identity Center user; it acts only through a permission set's session.
    IdentityCenterUser {
        /// Index into the Identity Center users.
        #[serde(skip)]
        user: usize,
        /// Its name.
        name: String,
    },
    /// An EC2 instance; it acts through its instance profile's role.
    Instance {
        /// Resource index.
        #[serde(skip)]
        resource: usize,
        /// The instance ARN.
        arn: String,
    },
    /// A Lambda function; it acts through its execution role.
    Function {
        /// Resource index.
        #[serde(skip)]
        resource: usize,
        /// The function ARN.
        arn: String,
    },
}

impl Actor {
    /// A short label for output.
    pub fn label(&self) -> String {
        match self {
            Actor::User { arn, .. }
            | Actor::Root { arn, .. }
            | Actor::Instance { arn, .. }
            | Actor::Function { arn, .. } => arn.clone(),
            Actor::Session(session) => session.arn.clone(),
            Actor::Service { name } => name.clone(),
            Actor::Anonymous => "anonymous".to_owned(),
            Actor::External { name, .. } => format!("external:{name}"),
            Actor::IdentityCenterUser { name, .. } => format!("idc:{name}"),
        }
    }

    /// The session, if the actor is one.
    pub fn session(&self) -> Option<&Session> {
        match self {
            Actor::Session(session) => Some(session),
            _ => None,
        }
    }
}

impl World {
    /// The actor for a resolved principal. A bare role becomes a fresh session of it, named
    /// `session` (as if assumed with default parameters: no tags, no session policy).
    pub fn actor(
        &self,
        principal: &PrincipalRef,
        credentials: Option<Credentials>,
        clock: Clock,
    ) -> Result<Actor, RefError> {
        let missing = || RefError::NotFound {
            wanted: "principal",
            reference: format!("{principal:?}"),
        };
        Ok(match principal {
            PrincipalRef::User(index) => {
                let user = self.users.get(*index).ok_or_else(missing)?;
                Actor::User {
                    user: *index,
                    arn: user.arn.clone(),
                    credentials: credentials.unwrap_or_else(|| self.default_credentials(*index)),
                }
            }
            PrincipalRef::Root(account) => Actor::Root {
                account: *account,
                arn: format!("arn:aws:iam::{}:root", self.account_id(*account)),
            },
            PrincipalRef::Role(role) => Actor::Session(Box::new(
                self.fresh_session(*role, "session", clock)
                    .ok_or_else(missing)?,
            )),
            PrincipalRef::Session { role, session } => Actor::Session(Box::new(
                self.fresh_session(*role, session, clock)
                    .ok_or_else(missing)?,
            )),
            PrincipalRef::Service(name) => Actor::Service { name: name.clone() },
            PrincipalRef::Anonymous => Actor::Anonymous,
            PrincipalRef::External(index) => Actor::External {
                identity: *index,
                name: self
                    .external
                    .get(*index)
                    .ok_or_else(missing)?
                    .name()
                    .to_owned(),
            },
            PrincipalRef::IdentityCenterUser(index) => Actor::IdentityCenterUser {
                user: *index,
                name: self
                    .identity_center
                    .as_ref()
                    .and_then(|c| c.users.get(*index))
                    .ok_or_else(missing)?
                    .name
                    .clone(),
            },
            PrincipalRef::Instance(resource) => Actor::Instance {
                resource: *resource,
                arn: self
                    .resources
                    .get(*resource)
                    .ok_or_else(missing)?
                    .arn
                    .clone(),
            },
            PrincipalRef::Function(resource) => Actor::Function {
                resource: *resource,
                arn: self
                    .resources
                    .get(*resource)
                    .ok_or_else(missing)?
                    .arn
                    .clone(),
            },
        })
    }

    /// Access keys when the user has one, else a console sign-in when it has a password, else
    /// access keys (and the request notes the user has no credentials).
    pub fn default_credentials(&self, user: usize) -> Credentials {
        let console_only = self
            .users
            .get(user)
            .is_some_and(|u| u.active_access_keys == 0 && u.console_access);
        if console_only {
            Credentials {
                kind: CredentialType::Console,
                mfa: false,
                mfa_age_seconds: 0,
            }
        } else {
            Credentials::access_key()
        }
    }

    /// A session of `role` as if just assumed without parameters.
    pub(crate) fn fresh_session(&self, role: usize, name: &str, clock: Clock) -> Option<Session> {
        let stored = self.roles.get(role)?;
        Some(Session {
            arn: format!(
                "arn:aws:sts::{}:assumed-role/{}/{name}",
                self.account_id(stored.account),
                stored.name
            ),
            role_arn: stored.arn.clone(),
            role,
            account: self.account_id(stored.account).to_owned(),
            role_name: stored.name.clone(),
            session_name: name.to_owned(),
            user_id: format!("{}:{name}", stored.unique_id),
            issued_at: clock,
            expires_at: clock.plus(3600),
            duration_seconds: 3600,
            session_tags: Vec::new(),
            inherited_tags: Vec::new(),
            transitive_tag_keys: Vec::new(),
            principal_tags: stored.tags.clone(),
            source_identity: None,
            session_policy_names: Vec::new(),
            session_policies: Vec::new(),
            mfa_authenticated: false,
            chained: false,
            issuer: Issuer::Given,
            carried_context: Vec::new(),
        })
    }
}

/// `aws:PrincipalTag` precedence in a new session: session tags, then inherited transitive
/// tags, then the role's tags; keys compare case-insensitively (IAM User Guide,
/// id_session-tags.html "Things to know about session tags" and "Chaining roles with session
/// tags").
pub(crate) fn merge_principal_tags(session: &[Tag], inherited: &[Tag], role: &[Tag]) -> Vec<Tag> {
    let mut merged: Vec<Tag> = Vec::new();
    for tag in session.iter().chain(inherited).chain(role) {
        if !merged.iter().any(|t| t.key.eq_ignore_ascii_case(&tag.key)) {
            merged.push(tag.clone());
        }
    }
    merged
}
