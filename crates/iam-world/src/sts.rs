//! AWS STS role assumption, per the STS API Reference (AssumeRole, AssumeRoleWithSAML,
//! AssumeRoleWithWebIdentity) and the IAM User Guide pages on roles, session tags and source
//! identity.
//!
//! An assumption is: validate the parameters (errors, not decisions), authorize with the engine
//! (`sts:AssumeRole*` against the role's trust policy and the caller's own policies; plus
//! `sts:TagSession` when tags are passed and `sts:SetSourceIdentity` when a source identity is
//! set or carried), then issue the session. Every authorization is returned as a [`Check`]
//! (one engine case and its explanation), whether the call succeeds or not.

use iam_eval::explain::Verdict;
use iam_eval::{ContextValue, Decision, Layer, NamedPolicy};
use iam_policy::PolicyKind;
use serde::Serialize;

use crate::check::{Check, ContextKeys, RequestSpec, single, tag_keys};
use crate::clock::Clock;
use crate::error::RefError;
use crate::model::{CredentialType, HopDoc};
use crate::session::{Actor, Issuer, Session, merge_principal_tags};
use crate::world::{Tag, World, tags_of};

mod federation;
mod service;
pub(crate) mod validate;

/// The STS operation (or service flow) a hop uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum StsApi {
    /// `AssumeRole` by an IAM user or a role session.
    AssumeRole,
    /// `AssumeRoleWithSAML`.
    AssumeRoleWithSaml,
    /// `AssumeRoleWithWebIdentity`.
    AssumeRoleWithWebIdentity,
    /// A service principal calling `AssumeRole` on its service role.
    ServiceAssumeRole,
    /// IAM Roles Anywhere `CreateSession` (the service assumes the role).
    RolesAnywhere,
    /// An IAM Identity Center sign-in (a SAML assumption of the permission set's role).
    IdentityCenter,
}

impl StsApi {
    /// The action authorized against the trust policy.
    pub fn action(self) -> &'static str {
        match self {
            StsApi::AssumeRoleWithSaml | StsApi::IdentityCenter => "sts:AssumeRoleWithSAML",
            StsApi::AssumeRoleWithWebIdentity => "sts:AssumeRoleWithWebIdentity",
            StsApi::AssumeRole | StsApi::ServiceAssumeRole | StsApi::RolesAnywhere => {
                "sts:AssumeRole"
            }
        }
    }
}

/// The error codes an assumption can fail with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum StsErrorCode {
    /// A parameter breaks its documented constraints (length, pattern, range, role maximum,
    /// chaining limit, immutable source identity).
    ValidationError,
    /// A parameter value STS refuses, such as a session tag repeating an inherited transitive
    /// tag key.
    InvalidParameterValue,
    /// The session policy does not parse.
    MalformedPolicyDocument,
    /// The caller may not assume roles at all (the root user) or its MFA is not valid.
    AccessDenied,
    /// The calling session has expired.
    ExpiredToken,
    /// An unsigned request to an operation that needs credentials.
    MissingAuthenticationToken,
    /// The SAML assertion or web identity token does not match a provider of the account.
    InvalidIdentityToken,
    /// IAM Roles Anywhere refused the certificate or the role.
    AccessDeniedException,
    /// The SAML IdP does not offer this role to the user (its assertion's Role attribute does
    /// not list it), so STS is never called.
    RoleNotInAssertion,
    /// IAM Identity Center has no assignment of the permission set to the user in that account.
    NotAssigned,
}

impl StsErrorCode {
    /// The code as AWS writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            StsErrorCode::ValidationError => "ValidationError",
            StsErrorCode::InvalidParameterValue => "InvalidParameterValue",
            StsErrorCode::MalformedPolicyDocument => "MalformedPolicyDocument",
            StsErrorCode::AccessDenied => "AccessDenied",
            StsErrorCode::ExpiredToken => "ExpiredToken",
            StsErrorCode::MissingAuthenticationToken => "MissingAuthenticationToken",
            StsErrorCode::InvalidIdentityToken => "InvalidIdentityToken",
            StsErrorCode::AccessDeniedException => "AccessDeniedException",
            StsErrorCode::RoleNotInAssertion => "RoleNotInAssertion",
            StsErrorCode::NotAssigned => "NotAssigned",
        }
    }
}

/// An error STS (or the issuing service) returns instead of credentials.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StsError {
    /// The error code.
    pub code: StsErrorCode,
    /// The message.
    pub message: String,
}

impl StsError {
    pub(crate) fn validation(message: String) -> StsError {
        StsError {
            code: StsErrorCode::ValidationError,
            message,
        }
    }

    pub(crate) fn access_denied(message: impl Into<String>) -> StsError {
        StsError {
            code: StsErrorCode::AccessDenied,
            message: message.into(),
        }
    }
}

impl std::fmt::Display for StsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.code.as_str(), self.message)
    }
}

/// What an assumption produced.
#[derive(Clone, Debug, Serialize)]
#[serde(tag = "status", rename_all = "kebab-case")]
pub enum AssumeResult {
    /// Credentials were issued.
    Assumed {
        /// The new session.
        session: Box<Session>,
    },
    /// An authorization check denied.
    Denied {
        /// ExplicitDeny or ImplicitDeny.
        decision: Decision,
        /// Why, in AWS's words.
        reason: String,
        /// Index of the deciding check.
        check: usize,
    },
    /// The call failed before a decision (validation, a refused caller, an unusable token).
    Failed {
        /// The error.
        error: StsError,
    },
}

/// One `AssumeRole*` call: the checks made and the result.
#[derive(Clone, Debug, Serialize)]
pub struct AssumeOutcome {
    /// The operation.
    pub api: StsApi,
    /// The caller.
    pub caller: String,
    /// The role ARN.
    pub role: String,
    /// Every authorization made, in order.
    pub checks: Vec<Check>,
    /// Session, denial or error.
    pub result: AssumeResult,
}

impl AssumeOutcome {
    /// The issued session, if any.
    pub fn session(&self) -> Option<&Session> {
        match &self.result {
            AssumeResult::Assumed { session } => Some(session),
            _ => None,
        }
    }

    fn failed(api: StsApi, caller: String, role: String, error: StsError) -> AssumeOutcome {
        AssumeOutcome {
            api,
            caller,
            role,
            checks: Vec::new(),
            result: AssumeResult::Failed { error },
        }
    }
}

/// A validated call, ready to authorize and issue.
pub(crate) struct Call {
    pub api: StsApi,
    pub role: usize,
    pub session_name: String,
    pub duration: u32,
    pub new_tags: Vec<Tag>,
    pub transitive_keys: Vec<String>,
    pub inherited_tags: Vec<Tag>,
    pub inherited_keys: Vec<String>,
    pub source_identity: Option<String>,
    pub session_policies: Vec<NamedPolicy>,
    pub mfa_authenticated: bool,
    pub chained: bool,
    pub issuer: Issuer,
    pub carried: ContextKeys,
    /// Keys of the call (STS parameters) in every check.
    pub call_keys: ContextKeys,
    /// The engine principal and keys when the caller is a provider or service.
    pub caller_override: Option<(String, ContextKeys)>,
    /// `sts:TagSession` is authorized even without new tags (Roles Anywhere, Identity Center).
    pub always_tag_session: bool,
}

impl World {
    /// Performs one hop for `caller`: the STS operation is chosen by the caller's kind (an IAM
    /// user or role session calls `AssumeRole`, a SAML user `AssumeRoleWithSAML`, an OIDC
    /// workload `AssumeRoleWithWebIdentity`, an instance or function has its service assume its
    /// role, a Roles Anywhere workload or Identity Center user signs in).
    pub fn assume(
        &self,
        caller: &Actor,
        hop: &HopDoc,
        clock: Clock,
        overrides: &[(String, ContextValue)],
    ) -> Result<AssumeOutcome, RefError> {
        self.assume_with(caller, hop, clock, overrides, true)
    }

    /// [`World::assume`], with the checks' explanations reduced to their decisions unless
    /// `explain`.
    pub(crate) fn assume_with(
        &self,
        caller: &Actor,
        hop: &HopDoc,
        clock: Clock,
        overrides: &[(String, ContextValue)],
        explain: bool,
    ) -> Result<AssumeOutcome, RefError> {
        let role = self.resolve_role(&hop.role)?;
        let role_arn = self
            .roles
            .get(role)
            .map(|r| r.arn.clone())
            .unwrap_or_default();
        let prepared = match caller {
            Actor::User { .. } | Actor::Session(_) => {
                self.prepare_assume_role(caller, role, hop, clock)
            }
            Actor::Root { .. } => Err(StsError::access_denied(
                "Roles may not be assumed by root accounts.",
            )),
            Actor::Anonymous => Err(StsError {
                code: StsErrorCode::MissingAuthenticationToken,
                message: "AssumeRole must be signed with AWS credentials".to_owned(),
            }),
            Actor::Service { name } => self.prepare_service(name, None, role, hop),
            Actor::Instance { resource, .. } | Actor::Function { resource, .. } => {
                self.prepare_compute(*resource, role, hop)
            }
            Actor::External { identity, .. } => self.prepare_external(*identity, role, hop),
            Actor::IdentityCenterUser { user, .. } => {
                self.prepare_identity_center(*user, role, hop)
            }
        };
        Ok(match prepared {
            Ok(call) => self.authorize_and_issue(caller, call, clock, overrides, explain),
            Err(error) => {
                AssumeOutcome::failed(self.api_for(caller), caller.label(), role_arn, error)
            }
        })
    }

    /// `AssumeRole` by an IAM user or a role session.
    fn prepare_assume_role(
        &self,
        caller: &Actor,
        role: usize,
        hop: &HopDoc,
        clock: Clock,
    ) -> Result<Call, StsError> {
        let session = caller.session();
        if let Some(session) = session.filter(|s| clock >= s.expires_at) {
            return Err(StsError {
                code: StsErrorCode::ExpiredToken,
                message: format!(
                    "The security token included in the request expired at {}",
                    session.expires_at
                ),
            });
        }
        let role_max = self
            .roles
            .get(role)
            .map_or(3600, |r| r.max_session_duration);
        let session_name = hop
            .session_name
            .clone()
            .unwrap_or_else(|| default_session_name(caller));
        validate::session_name(&session_name)?;
        if let Some(id) = &hop.external_id {
            validate::external_id(id)?;
        }
        let new_tags = tags_of(&hop.tags);
        validate::tags(&new_tags)?;
        let inherited_tags = session.map(Session::transitive_tags).unwrap_or_default();
        let inherited_keys: Vec<String> = session
            .map(|s| s.transitive_tag_keys.clone())
            .unwrap_or_default();
        validate::transitive(&new_tags, &hop.transitive_tag_keys, &inherited_keys)?;
        let source_identity = self.source_identity(
            session.and_then(|s| s.source_identity.clone()),
            hop.source_identity.as_deref(),
        )?;
        let duration = validate::duration(hop.duration_seconds, role_max, session.is_some())?;
        let session_policies = self.session_policies(role, hop)?;
        let mfa_keys = self.mfa_parameters(caller, hop)?;
        let mfa_authenticated = !mfa_keys.is_empty() || caller_has_mfa(caller);
        let mut call_keys = vec![single("sts:RoleSessionName", &session_name)];
        if let Some(id) = &hop.external_id {
            call_keys.push(single("sts:ExternalId", id));
        }
        call_keys.extend(mfa_keys);
        Ok(Call {
            api: StsApi::AssumeRole,
            role,
            session_name,
            duration,
            transitive_keys: hop.transitive_tag_keys.clone(),
            new_tags,
            inherited_tags,
            inherited_keys,
            source_identity,
            session_policies,
            mfa_authenticated,
            chained: session.is_some(),
            issuer: Issuer::AssumeRole {
                caller: caller.label(),
            },
            carried: Vec::new(),
            call_keys,
            caller_override: None,
            always_tag_session: false,
        })
    }

    /// The source identity of the new session: the one carried through the chain, which
    /// "cannot be changed" once set (IAM User Guide, id_credentials_temp_control-access_monitor.html),
    /// or the one passed now.
    pub(crate) fn source_identity(
        &self,
        carried: Option<String>,
        passed: Option<&str>,
    ) -> Result<Option<String>, StsError> {
        if let Some(value) = passed {
            validate::source_identity(value)?;
        }
        match (carried, passed) {
            (Some(carried), Some(passed)) if carried != passed => {
                Err(StsError::validation(format!(
                    "SourceIdentity \"{passed}\" differs from \"{carried}\", set earlier in the role chain: a source identity cannot be changed once set"
                )))
            }
            (Some(carried), _) => Ok(Some(carried)),
            (None, passed) => Ok(passed.map(str::to_owned)),
        }
    }

    /// The `Policy` and `PolicyArns` parameters: managed session policies must be in the role's
    /// account or AWS managed (STS API Reference, AssumeRole, `PolicyArns`).
    pub(crate) fn session_policies(
        &self,
        role: usize,
        hop: &HopDoc,
    ) -> Result<Vec<NamedPolicy>, StsError> {
        validate::session_policy_sizes(hop.session_policy.as_deref(), &hop.policy_arns)?;
        let account = self.roles.get(role).map(|r| r.account);
        let mut policies = Vec::new();
        for arn in &hop.policy_arns {
            policies.push(self.managed_session_policy(account, arn)?);
        }
        if let Some(text) = &hop.session_policy {
            let policy = NamedPolicy::parse("session policy", PolicyKind::Session, text).map_err(
                |errors| StsError {
                    code: StsErrorCode::MalformedPolicyDocument,
                    message: format!(
                        "the session policy is invalid: {}",
                        errors
                            .iter()
                            .map(ToString::to_string)
                            .collect::<Vec<_>>()
                            .join("; ")
                    ),
                },
            )?;
            policies.push(policy);
        }
        Ok(policies)
    }

    fn managed_session_policy(
        &self,
        role_account: Option<usize>,
        arn: &str,
    ) -> Result<NamedPolicy, StsError> {
        let in_account = |p: &&crate::world::StoredPolicy| {
            p.origin.arn.as_deref() == Some(arn)
                && (arn.starts_with("arn:aws:iam::aws:")
                    || role_account
                        .is_some_and(|a| arn.contains(&format!("::{}:", self.account_id(a)))))
        };
        let stored = match self.policies.iter().find(in_account) {
            Some(stored) => Some(stored.clone()),
            None => aws_session_policy(arn)?,
        };
        let mut policy = stored
            .ok_or_else(|| StsError::validation(format!("PolicyArns: {arn} is not a managed policy of the role's account nor an AWS managed policy")))?
            .named;
        policy.kind = PolicyKind::Session;
        Ok(policy)
    }

    /// `SerialNumber` and `TokenCode`: the device must be one of the calling user's (STS API
    /// Reference, AssumeRole, `SerialNumber`: "the MFA device that is associated with the user
    /// who is making the AssumeRole call"); with them the request carries
    /// `aws:MultiFactorAuthPresent = true` and `aws:MultiFactorAuthAge` (IAM User Guide,
    /// id_credentials_mfa_configure-api-require.html).
    fn mfa_parameters(&self, caller: &Actor, hop: &HopDoc) -> Result<ContextKeys, StsError> {
        let Some(mfa) = &hop.mfa else {
            return Ok(Vec::new());
        };
        let Actor::User { user, .. } = caller else {
            return Err(StsError::access_denied(
                "MultiFactorAuthentication failed: a role session has no MFA device of its own; MFA is verified when an IAM user assumes a role",
            ));
        };
        let devices = self
            .users
            .get(*user)
            .map(|u| u.mfa_devices.clone())
            .unwrap_or_default();
        let serial = mfa
            .serial_number
            .clone()
            .or_else(|| devices.first().cloned())
            .unwrap_or_default();
        if !devices.contains(&serial) {
            return Err(StsError::access_denied(format!(
                "MultiFactorAuthentication failed: \"{serial}\" is not an MFA device of the calling user"
            )));
        }
        validate::token_code(mfa.token_code.as_deref().unwrap_or("123456"))?;
        Ok(vec![
            single("aws:MultiFactorAuthPresent", "true"),
            single("aws:MultiFactorAuthAge", "0"),
        ])
    }

    /// Authorizes the call and, if every check allows, issues the session.
    fn authorize_and_issue(
        &self,
        caller: &Actor,
        call: Call,
        clock: Clock,
        overrides: &[(String, ContextValue)],
        explain: bool,
    ) -> AssumeOutcome {
        let role_arn = self
            .roles
            .get(call.role)
            .map(|r| r.arn.clone())
            .unwrap_or_default();
        let mut checks = Vec::new();
        for (action, purpose) in required_actions(&call) {
            let spec = RequestSpec {
                purpose: purpose.to_owned(),
                actor: caller,
                action,
                resource: &role_arn,
                clock,
                call_keys: call_context(&call),
                overrides,
                caller_override: call.caller_override.clone(),
                // The role-chaining source identity rule reads the identity layer's verdict.
                explain: explain || (action == "sts:SetSourceIdentity" && call.chained),
            };
            match self.build_check(spec) {
                Ok(check) => checks.push(check),
                Err(error) => {
                    let error = StsError::validation(error.to_string());
                    return AssumeOutcome {
                        checks,
                        ..AssumeOutcome::failed(call.api, caller.label(), role_arn, error)
                    };
                }
            }
        }
        let result = match first_denial(&checks)
            .or_else(|| chaining_source_identity_rule(caller, &call, &checks))
        {
            Some(denied) => denied,
            None => match self.issue(&call, clock) {
                Some(session) => AssumeResult::Assumed {
                    session: Box::new(session),
                },
                None => AssumeResult::Failed {
                    error: StsError::validation(format!("role {role_arn} is not in the world")),
                },
            },
        };
        AssumeOutcome {
            api: call.api,
            caller: caller.label(),
            role: role_arn,
            checks,
            result,
        }
    }

    /// The new session (STS API Reference, AssumeRole, response elements; IAM User Guide,
    /// id_session-tags.html for tag precedence and transitivity).
    pub(crate) fn issue(&self, call: &Call, clock: Clock) -> Option<Session> {
        let role = self.roles.get(call.role)?;
        let account = self.account_id(role.account).to_owned();
        let mut transitive_tag_keys = call.inherited_keys.clone();
        transitive_tag_keys.extend(call.transitive_keys.iter().cloned());
        Some(Session {
            arn: format!(
                "arn:aws:sts::{account}:assumed-role/{}/{}",
                role.name, call.session_name
            ),
            role_arn: role.arn.clone(),
            role: call.role,
            account,
            role_name: role.name.clone(),
            session_name: call.session_name.clone(),
            user_id: format!("{}:{}", role.unique_id, call.session_name),
            issued_at: clock,
            expires_at: clock.plus(i64::from(call.duration)),
            duration_seconds: call.duration,
            principal_tags: merge_principal_tags(&call.new_tags, &call.inherited_tags, &role.tags),
            session_tags: call.new_tags.clone(),
            inherited_tags: call.inherited_tags.clone(),
            transitive_tag_keys,
            source_identity: call.source_identity.clone(),
            session_policy_names: call
                .session_policies
                .iter()
                .map(|p| p.name.clone())
                .collect(),
            session_policies: call.session_policies.clone(),
            mfa_authenticated: call.mfa_authenticated,
            chained: call.chained,
            issuer: call.issuer.clone(),
            carried_context: call.carried.clone(),
        })
    }
}

impl World {
    /// The operation a caller uses to assume a role.
    fn api_for(&self, caller: &Actor) -> StsApi {
        match caller {
            Actor::External { identity, .. } => match self.external.get(*identity) {
                Some(crate::world::ExternalIdentity::Oidc { .. }) => {
                    StsApi::AssumeRoleWithWebIdentity
                }
                Some(crate::world::ExternalIdentity::RolesAnywhere { .. }) => StsApi::RolesAnywhere,
                _ => StsApi::AssumeRoleWithSaml,
            },
            Actor::IdentityCenterUser { .. } => StsApi::IdentityCenter,
            Actor::Instance { .. } | Actor::Function { .. } | Actor::Service { .. } => {
                StsApi::ServiceAssumeRole
            }
            _ => StsApi::AssumeRole,
        }
    }
}

/// An AWS managed policy named in `PolicyArns` that the world has not loaded: `None` when no
/// bundled policy has this ARN, an error when its text is deferred and not installed yet (a
/// build without `all-managed-policies`).
fn aws_session_policy(arn: &str) -> Result<Option<crate::world::StoredPolicy>, StsError> {
    let Some(managed) = iam_managed_policies::managed_policy_by_arn(arn) else {
        return Ok(None);
    };
    let Some(document) = managed.document() else {
        return Err(StsError::validation(format!(
            "PolicyArns: the text of AWS managed policy {} is still loading; try again once it has arrived",
            managed.name
        )));
    };
    let stored = NamedPolicy::parse(managed.name, PolicyKind::Session, document)
        .ok()
        .map(|named| crate::world::StoredPolicy {
            named,
            origin: crate::world::PolicyOrigin {
                owner: "aws".to_owned(),
                json_path: None,
                arn: Some(arn.to_owned()),
            },
        });
    Ok(stored)
}

/// The default `RoleSessionName`: the user's name, or the calling session's name.
fn default_session_name(caller: &Actor) -> String {
    match caller {
        Actor::Session(session) => session.session_name.clone(),
        other => other
            .label()
            .rsplit('/')
            .next()
            .unwrap_or("session")
            .to_owned(),
    }
}

/// Whether the caller's own credentials carry MFA (a console or `GetSessionToken` sign-in
/// with MFA).
fn caller_has_mfa(caller: &Actor) -> bool {
    matches!(caller, Actor::User { credentials, .. } if credentials.mfa && credentials.kind != CredentialType::AccessKey)
}

/// The STS keys of the call, present in each of its checks.
fn call_context(call: &Call) -> ContextKeys {
    let mut keys = call.call_keys.clone();
    keys.extend(tag_keys("aws:RequestTag/", &call.new_tags));
    if !call.new_tags.is_empty() {
        keys.push((
            "aws:TagKeys".to_owned(),
            ContextValue::List(call.new_tags.iter().map(|t| t.key.clone()).collect()),
        ));
    }
    if !call.transitive_keys.is_empty() {
        keys.push((
            "sts:TransitiveTagKeys".to_owned(),
            ContextValue::List(call.transitive_keys.clone()),
        ));
    }
    if let Some(source) = &call.source_identity {
        keys.push(single("sts:SourceIdentity", source));
    }
    keys
}

/// The actions to authorize: the call's own; `sts:TagSession` when session tags are passed
/// (IAM User Guide, id_session-tags.html "Permissions required to add session tags");
/// `sts:SetSourceIdentity` when a source identity is set or carried (id_credentials_temp_control-access_monitor.html
/// "Permissions required to set source identity").
fn required_actions(call: &Call) -> Vec<(&'static str, &'static str)> {
    let mut actions = vec![(
        call.api.action(),
        "assume the role: its trust policy must allow the caller, and the caller's own policies must allow where AWS requires it",
    )];
    if call.always_tag_session || !call.new_tags.is_empty() || !call.transitive_keys.is_empty() {
        actions.push((
            "sts:TagSession",
            "pass session tags: the trust policy must allow sts:TagSession",
        ));
    }
    if call.source_identity.is_some() {
        actions.push((
            "sts:SetSourceIdentity",
            "set the source identity: the trust policy must allow sts:SetSourceIdentity",
        ));
    }
    actions
}

fn first_denial(checks: &[Check]) -> Option<AssumeResult> {
    checks
        .iter()
        .position(|c| c.decision != Decision::Allow)
        .and_then(|index| {
            let check = checks.get(index)?;
            Some(AssumeResult::Denied {
                decision: check.decision,
                reason: check.explanation.outcome.reason.clone(),
                check: index,
            })
        })
}

/// IAM User Guide, id_credentials_temp_control-access_monitor.html: "When you assume a role
/// with another role, called role chaining, permissions for sts:SetSourceIdentity are required
/// in both the permissions policy of the principal who is assuming the role and in the role
/// trust policy of the target role. Otherwise, the assume role operation will fail." The
/// engine lets a same-account trust policy naming the calling role grant on its own, so this
/// rule adds the identity-side requirement for chained calls.
fn chaining_source_identity_rule(
    caller: &Actor,
    call: &Call,
    checks: &[Check],
) -> Option<AssumeResult> {
    if !matches!(caller, Actor::Session(_)) || call.source_identity.is_none() {
        return None;
    }
    let (index, check) = checks
        .iter()
        .enumerate()
        .find(|(_, c)| c.action == "sts:SetSourceIdentity")?;
    let identity_allows = check
        .explanation
        .layers
        .iter()
        .any(|l| l.layer == Layer::Identity && l.verdict == Verdict::Allows);
    (!identity_allows).then(|| AssumeResult::Denied {
        decision: Decision::ImplicitDeny,
        reason: format!(
            "{} is not authorized to perform sts:SetSourceIdentity on {} because no identity-based policy allows it: in role chaining, both the calling role's permissions and the target role's trust policy must allow sts:SetSourceIdentity",
            check.principal, check.resource
        ),
        check: index,
    })
}
