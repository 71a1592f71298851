//! From world to request: everything the engine needs to decide one action on one resource by
//! one actor, assembled the way AWS assembles a request context.
//!
//! - Identity-based policies: the user's inline and attached policies and those of each of its
//!   groups, or the role's (IAM User Guide, access_policies.html "Identity-based policies").
//! - The resource's policy, found by ARN among the world's resources (an S3 object is governed
//!   by its bucket's policy); for `sts:AssumeRole*` and the permission-only STS actions on a
//!   role, the role's trust policy.
//! - The permissions boundary, the session policies of a role session.
//! - The SCPs on the caller account's path from the root, and the RCPs on the resource
//!   account's path; neither applies in the management account (AWS Organizations User Guide,
//!   "SCP evaluation", "RCP evaluation").
//! - The global context keys AWS populates (IAM User Guide,
//!   reference_policies_condition-keys.html), which any given key overrides.

use iam_eval::{Case, ContextValue, Decision, Explanation, Layer, NamedPolicy, Request, explain};
use iam_policy::arn::Arn;
use serde::Serialize;

use crate::clock::Clock;
use crate::error::RefError;
use crate::model::CredentialType;
use crate::session::{Actor, Credentials, Session};
use crate::world::{PolicyId, PolicyOrigin, ResourceKind, Tag, World};

/// Context keys to set, each replacing any value under the same key (case-insensitively).
pub type ContextKeys = Vec<(String, ContextValue)>;

/// Where one policy of a check's case comes from.
#[derive(Clone, Debug, Serialize)]
pub struct PolicySource {
    /// The policy type in the evaluation.
    pub layer: Layer,
    /// The level, for SCPs and RCPs (0 = root).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level: Option<usize>,
    /// Position in its list.
    pub index: usize,
    /// The name the explanation uses.
    pub name: String,
    /// Its owner and location in the world file.
    pub origin: PolicyOrigin,
}

/// One authorization decided by the engine: its case, explanation and policy origins.
#[derive(Clone, Debug, Serialize)]
pub struct Check {
    /// What the check is for ("sts:AssumeRole: the role's trust policy and the caller's
    /// permissions", "access").
    pub purpose: String,
    /// The principal as the engine saw it.
    pub principal: String,
    /// The action.
    pub action: String,
    /// The resource.
    pub resource: String,
    /// The engine's decision.
    pub decision: Decision,
    /// The engine's explanation (every layer, policy, statement and context key).
    pub explanation: Explanation,
    /// Where each policy of the case comes from.
    pub policies: Vec<PolicySource>,
    /// Facts about how the case was assembled.
    pub notes: Vec<String>,
    /// The case itself (for re-evaluation and rendering).
    #[serde(skip)]
    pub case: Case,
}

/// The parts of a request that depend on who calls.
struct CallerSide {
    principal: String,
    account: Option<usize>,
    identity: Vec<PolicyId>,
    boundary: Option<PolicyId>,
    session_policies: Vec<NamedPolicy>,
    session_origin: String,
    keys: ContextKeys,
    notes: Vec<String>,
}

/// The parts of a request that depend on the resource.
struct TargetSide {
    account: Option<usize>,
    account_id: Option<String>,
    policy: Option<PolicyId>,
    region: Option<String>,
    keys: ContextKeys,
    notes: Vec<String>,
}

/// A request to build: who, what, on which resource, with STS-specific and user-given keys.
pub(crate) struct RequestSpec<'a> {
    pub purpose: String,
    pub actor: &'a Actor,
    pub action: &'a str,
    pub resource: &'a str,
    pub clock: Clock,
    /// Keys of the call itself (STS parameters), set after the derived keys.
    pub call_keys: ContextKeys,
    /// Keys the user overrides, set last.
    pub overrides: &'a [(String, ContextValue)],
    /// For identity providers and services calling STS: the engine principal and keys.
    pub caller_override: Option<(String, ContextKeys)>,
    /// Whether to build the full explanation (otherwise only the decision: reachability
    /// evaluates many pairs and reports paths, not explanations).
    pub explain: bool,
}

impl World {
    /// Decides `action` on `resource` (ARN or `*`) by `actor` at `clock`, with `overrides`
    /// replacing any derived context key.
    pub fn check(
        &self,
        actor: &Actor,
        action: &str,
        resource: &str,
        clock: Clock,
        overrides: &[(String, ContextValue)],
    ) -> Result<Check, RefError> {
        self.build_check(RequestSpec {
            purpose: "access".to_owned(),
            actor,
            action,
            resource,
            clock,
            call_keys: Vec::new(),
            overrides,
            caller_override: None,
            explain: true,
        })
    }

    pub(crate) fn build_check(&self, spec: RequestSpec<'_>) -> Result<Check, RefError> {
        let mut caller = match &spec.caller_override {
            Some((principal, keys)) => CallerSide::external(principal, keys.clone()),
            None => self.caller_side(spec.actor, spec.clock)?,
        };
        let target = self.target_side(spec.action, spec.resource);
        let mut context = iam_eval::Context::new();
        let region = requested_region(
            spec.action,
            spec.resource,
            target.region.as_deref(),
            &self.region,
        );
        for (key, value) in common_keys(spec.clock, &region)
            .into_iter()
            .chain(caller.keys.drain(..))
            .chain(target.keys.iter().cloned())
            .chain(spec.call_keys)
            .chain(spec.overrides.iter().cloned())
        {
            context.insert(&key, value);
        }
        let request = Request::new(
            &caller.principal,
            spec.action,
            spec.resource,
            target.account_id.as_deref(),
            context,
        )
        .map_err(|e| RefError::Request {
            message: e.to_string(),
        })?;
        let mut notes = std::mem::take(&mut caller.notes);
        notes.extend(target.notes.iter().cloned());
        let (case, policies) = self.assemble(request, &caller, &target, &mut notes);
        let explanation = if spec.explain {
            explain(&case)
        } else {
            decision_only(&case)
        };
        Ok(Check {
            purpose: spec.purpose,
            principal: caller.principal,
            action: spec.action.to_owned(),
            resource: spec.resource.to_owned(),
            decision: explanation.outcome.decision,
            explanation,
            policies,
            notes,
            case,
        })
    }

    fn assemble(
        &self,
        request: Request,
        caller: &CallerSide,
        target: &TargetSide,
        notes: &mut Vec<String>,
    ) -> (Case, Vec<PolicySource>) {
        let mut sources = Vec::new();
        let mut case = Case::new(request);
        case.identity_policies = self.listed(Layer::Identity, None, &caller.identity, &mut sources);
        case.permissions_boundary = self
            .listed(
                Layer::Boundary,
                None,
                caller.boundary.as_slice(),
                &mut sources,
            )
            .pop();
        case.session_policies = caller.session_policies.clone();
        for (index, policy) in caller.session_policies.iter().enumerate() {
            sources.push(PolicySource {
                layer: Layer::Session,
                level: None,
                index,
                name: policy.name.clone(),
                origin: PolicyOrigin {
                    owner: caller.session_origin.clone(),
                    json_path: None,
                    arn: None,
                },
            });
        }
        case.resource_policy = self
            .listed(
                Layer::Resource,
                None,
                target.policy.as_slice(),
                &mut sources,
            )
            .pop();
        case.scps = self.org_chain(caller.account, true, &mut sources, notes);
        case.rcps = self.org_chain(target.account, false, &mut sources, notes);
        (case, sources)
    }

    fn listed(
        &self,
        layer: Layer,
        level: Option<usize>,
        ids: &[PolicyId],
        sources: &mut Vec<PolicySource>,
    ) -> Vec<NamedPolicy> {
        ids.iter()
            .filter_map(|&id| self.policies.get(id))
            .enumerate()
            .map(|(index, stored)| {
                sources.push(PolicySource {
                    layer,
                    level,
                    index,
                    name: stored.named.name.clone(),
                    origin: stored.origin.clone(),
                });
                stored.named.clone()
            })
            .collect()
    }

    /// SCPs (`scp`) of the caller's account or RCPs of the resource's account, root first.
    fn org_chain(
        &self,
        account: Option<usize>,
        scp: bool,
        sources: &mut Vec<PolicySource>,
        notes: &mut Vec<String>,
    ) -> Vec<Vec<NamedPolicy>> {
        let (Some(account), Some(org)) = (account, &self.organization) else {
            return Vec::new();
        };
        let Some(placement) = self.account(account).and_then(|a| a.placement.as_ref()) else {
            return Vec::new();
        };
        if account == org.management_account {
            notes.push(if scp {
                format!(
                    "SCPs do not apply: {} is the organization's management account.",
                    self.account_id(account)
                )
            } else {
                format!(
                    "RCPs do not apply: the resource is in the management account {}.",
                    self.account_id(account)
                )
            });
            return Vec::new();
        }
        let layer = if scp { Layer::Scp } else { Layer::Rcp };
        placement
            .levels
            .iter()
            .enumerate()
            .map(|(level, l)| {
                let ids = if scp { &l.scps } else { &l.rcps };
                self.listed(layer, Some(level), ids, sources)
            })
            .collect()
    }

    fn caller_side(&self, actor: &Actor, clock: Clock) -> Result<CallerSide, RefError> {
        match actor {
            Actor::User {
                user, credentials, ..
            } => self.user_side(*user, credentials, clock),
            Actor::Root { account, arn } => Ok(CallerSide {
                principal: arn.clone(),
                account: Some(*account),
                keys: self.org_keys(*account, "aws:Principal"),
                ..CallerSide::external(arn, Vec::new())
            }),
            Actor::Session(session) => self.session_side(session, clock),
            Actor::Service { name } => Ok(CallerSide::external(name, Vec::new())),
            Actor::Anonymous => Ok(CallerSide::external("anonymous", Vec::new())),
            other => Err(RefError::Unsupported {
                message: format!(
                    "{} acts only through a role session: assume one of its roles first (give a chain)",
                    other.label()
                ),
            }),
        }
    }

    fn user_side(
        &self,
        index: usize,
        credentials: &Credentials,
        clock: Clock,
    ) -> Result<CallerSide, RefError> {
        let user = self.users.get(index).ok_or_else(|| RefError::NotFound {
            wanted: "user",
            reference: index.to_string(),
        })?;
        let mut identity = user.policies.clone();
        for &group in &user.groups {
            identity.extend(
                self.groups
                    .get(group)
                    .map(|g| g.policies.clone())
                    .unwrap_or_default(),
            );
        }
        let mut keys = vec![
            single("aws:PrincipalArn", &user.arn),
            single("aws:userid", &user.unique_id),
            single("aws:username", &user.name),
        ];
        keys.extend(tag_keys("aws:PrincipalTag/", &user.tags));
        keys.extend(self.org_keys(user.account, "aws:Principal"));
        keys.extend(credential_keys(credentials, clock));
        Ok(CallerSide {
            principal: user.arn.clone(),
            account: Some(user.account),
            identity,
            boundary: user.boundary,
            session_policies: Vec::new(),
            session_origin: String::new(),
            keys,
            notes: credential_notes(user, credentials),
        })
    }

    fn session_side(&self, session: &Session, clock: Clock) -> Result<CallerSide, RefError> {
        let role = self
            .roles
            .get(session.role)
            .ok_or_else(|| RefError::NotFound {
                wanted: "role",
                reference: session.role_arn.clone(),
            })?;
        let mut keys = vec![
            single("aws:PrincipalArn", &role.arn),
            single("aws:userid", &session.user_id),
            single("aws:TokenIssueTime", &session.issued_at.iso8601()),
        ];
        keys.extend(tag_keys("aws:PrincipalTag/", &session.principal_tags));
        keys.extend(self.org_keys(role.account, "aws:Principal"));
        if let Some(source) = &session.source_identity {
            keys.push(single("aws:SourceIdentity", source));
        }
        keys.extend(self.session_mfa_keys(session, clock));
        keys.extend(session.carried_context.iter().cloned());
        let mut notes = Vec::new();
        if clock >= session.expires_at {
            notes.push(format!(
                "The session expired at {}: AWS would reject its requests with ExpiredToken.",
                session.expires_at
            ));
        }
        Ok(CallerSide {
            principal: session.arn.clone(),
            account: Some(role.account),
            identity: role.policies.clone(),
            boundary: role.boundary,
            session_policies: session.session_policies.clone(),
            session_origin: session.arn.clone(),
            keys,
            notes,
        })
    }

    /// `aws:MultiFactorAuthPresent` of a role session's requests: present (temporary
    /// credentials), `false` unless the world opts into carrying MFA into role sessions (IAM
    /// User Guide, id_credentials_mfa_configure-api-require.html: AssumeRole credentials "do
    /// not include MFA information").
    fn session_mfa_keys(&self, session: &Session, clock: Clock) -> ContextKeys {
        let carried = self.mfa_in_role_sessions && session.mfa_authenticated;
        let mut keys = vec![single(
            "aws:MultiFactorAuthPresent",
            if carried { "true" } else { "false" },
        )];
        if carried {
            let age = (clock.epoch_seconds() - session.issued_at.epoch_seconds()).max(0);
            keys.push(single("aws:MultiFactorAuthAge", &age.to_string()));
        }
        keys
    }

    /// `aws:PrincipalOrgID`/`aws:PrincipalOrgPaths` (prefix `aws:Principal`) or
    /// `aws:ResourceOrgID`/`aws:ResourceOrgPaths` (prefix `aws:Resource`) of an account in the
    /// organization (the management account included).
    fn org_keys(&self, account: usize, prefix: &str) -> ContextKeys {
        let (Some(org), Some(placement)) = (
            &self.organization,
            self.account(account).and_then(|a| a.placement.as_ref()),
        ) else {
            return Vec::new();
        };
        vec![
            single(&format!("{prefix}OrgID"), &org.id),
            (
                format!("{prefix}OrgPaths"),
                ContextValue::List(vec![placement.org_path.clone()]),
            ),
        ]
    }

    fn target_side(&self, action: &str, resource: &str) -> TargetSide {
        let mut target = TargetSide {
            account: None,
            account_id: None,
            policy: None,
            region: None,
            keys: Vec::new(),
            notes: Vec::new(),
        };
        if resource == "*" {
            return target;
        }
        if iam_eval::request::is_role_trust_request(action, resource) {
            if let Some(role) = self.role_by_arn(resource).and_then(|r| self.roles.get(r)) {
                target.account = Some(role.account);
                target.policy = Some(role.trust);
                target.keys = tag_keys("aws:ResourceTag/", &role.tags);
            } else {
                target.notes.push(format!(
                    "{resource} is not a role of this world: there is no trust policy to allow it."
                ));
            }
        } else {
            self.resource_target(resource, &mut target);
        }
        if let Some(account) = target.account {
            target.account_id = Some(self.account_id(account).to_owned());
            target.keys.extend(self.org_keys(account, "aws:Resource"));
        } else if let Some(arn) = Arn::parse(resource).filter(|a| !a.account.is_empty()) {
            target.account = self.account_by_id(arn.account);
            if let Some(account) = target.account {
                target.keys.extend(self.org_keys(account, "aws:Resource"));
            }
        }
        target
    }

    fn resource_target(&self, resource: &str, target: &mut TargetSide) {
        let Some((index, object)) = self.find_resource(resource) else {
            if resource.starts_with("arn:aws:s3:::") {
                target.notes.push(format!("{resource} is not in a bucket of this world: its owner is taken to be the caller's account and it has no bucket policy."));
            }
            return;
        };
        let Some(found) = self.resources.get(index) else {
            return;
        };
        target.account = Some(found.account);
        target.policy = found.policy;
        target.region = found.region.clone();
        target.keys = tag_keys("aws:ResourceTag/", &found.tags);
        if let Some(tags) = object {
            target.keys.extend(tag_keys("s3:ExistingObjectTag/", &tags));
        }
    }

    /// The resource governing `arn`, and an S3 object's tags when the object is listed.
    pub(crate) fn find_resource(&self, arn: &str) -> Option<(usize, Option<Vec<Tag>>)> {
        if let Some(&index) = self.resource_by_arn.get(arn) {
            return Some((index, None));
        }
        if let Some(rest) = arn.strip_prefix("arn:aws:s3:::") {
            let (bucket, key) = rest.split_once('/')?;
            let index = *self
                .resource_by_arn
                .get(&format!("arn:aws:s3:::{bucket}"))?;
            let tags = match &self.resources.get(index)?.kind {
                ResourceKind::S3Bucket { objects, .. } => objects
                    .iter()
                    .find(|(k, _)| k == key)
                    .map(|(_, t)| t.clone()),
                _ => None,
            };
            return Some((index, tags));
        }
        let parsed = Arn::parse(arn)?;
        if parsed.service == "lambda" {
            let base: Vec<&str> = arn.splitn(8, ':').take(7).collect();
            return self
                .resource_by_arn
                .get(&base.join(":"))
                .map(|&i| (i, None));
        }
        None
    }
}

/// An explanation holding only the decision, for callers that need no more.
fn decision_only(case: &Case) -> Explanation {
    Explanation {
        outcome: iam_eval::evaluate(case),
        same_account: None,
        layers: Vec::new(),
        context: Vec::new(),
        notes: Vec::new(),
    }
}

impl CallerSide {
    fn external(principal: &str, keys: ContextKeys) -> CallerSide {
        CallerSide {
            principal: principal.to_owned(),
            account: None,
            identity: Vec::new(),
            boundary: None,
            session_policies: Vec::new(),
            session_origin: String::new(),
            keys,
            notes: Vec::new(),
        }
    }
}

pub(crate) fn single(key: &str, value: &str) -> (String, ContextValue) {
    (key.to_owned(), ContextValue::Single(value.to_owned()))
}

pub(crate) fn tag_keys(prefix: &str, tags: &[Tag]) -> ContextKeys {
    tags.iter()
        .map(|t| single(&format!("{prefix}{}", t.key), &t.value))
        .collect()
}

/// Keys present in every request (IAM User Guide, reference_policies_condition-keys.html,
/// "Properties of the request"): the time, TLS (assumed), the Region, and not via a service.
fn common_keys(clock: Clock, region: &str) -> ContextKeys {
    vec![
        single("aws:CurrentTime", &clock.iso8601()),
        single("aws:EpochTime", &clock.epoch_seconds().to_string()),
        single("aws:SecureTransport", "true"),
        single("aws:RequestedRegion", region),
        single("aws:ViaAWSService", "false"),
    ]
}

/// Global services report `us-east-1`; otherwise the resource's Region, else the world's.
fn requested_region(action: &str, resource: &str, known: Option<&str>, default: &str) -> String {
    const GLOBAL: [&str; 6] = [
        "iam",
        "organizations",
        "route53",
        "cloudfront",
        "support",
        "account",
    ];
    let service = action
        .split(':')
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    if GLOBAL.contains(&service.as_str()) {
        return "us-east-1".to_owned();
    }
    known
        .map(str::to_owned)
        .or_else(|| arn_region(resource))
        .unwrap_or_else(|| default.to_owned())
}

fn arn_region(arn: &str) -> Option<String> {
    Arn::parse(arn)
        .map(|a| a.region.to_owned())
        .filter(|r| !r.is_empty())
}

/// `aws:MultiFactorAuthPresent`, `aws:MultiFactorAuthAge` and `aws:TokenIssueTime` of an IAM
/// user's request: absent with long-term access keys, present with temporary credentials
/// (console sign-in, `GetSessionToken`) (IAM User Guide, reference_policies_condition-keys.html,
/// aws:MultiFactorAuthPresent).
fn credential_keys(credentials: &Credentials, clock: Clock) -> ContextKeys {
    if !credentials.temporary() {
        return Vec::new();
    }
    let age = i64::try_from(credentials.mfa_age_seconds).unwrap_or(i64::MAX);
    let mut keys = vec![
        single(
            "aws:MultiFactorAuthPresent",
            if credentials.mfa { "true" } else { "false" },
        ),
        single("aws:TokenIssueTime", &clock.plus(-age).iso8601()),
    ];
    if credentials.mfa {
        keys.push(single(
            "aws:MultiFactorAuthAge",
            &credentials.mfa_age_seconds.to_string(),
        ));
    }
    keys
}

fn credential_notes(user: &crate::world::User, credentials: &Credentials) -> Vec<String> {
    let mut notes = Vec::new();
    match credentials.kind {
        CredentialType::Console if !user.console_access => notes.push(format!(
            "{} has no console password: this request could not be signed by a console session.",
            user.name
        )),
        CredentialType::AccessKey | CredentialType::SessionToken
            if user.active_access_keys == 0 =>
        {
            notes.push(format!(
                "{} has no active access key: this request could not be signed with one.",
                user.name
            ))
        }
        _ => {}
    }
    if credentials.mfa && user.mfa_devices.is_empty() {
        notes.push(format!("{} has no MFA device configured.", user.name));
    }
    notes
}
