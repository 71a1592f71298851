//! The decision: AWS's policy evaluation logic, step by step.
//!
//! Follows the IAM User Guide pages "Policy evaluation logic" (the flow chart of
//! `reference_policies_evaluation-logic_policy-eval-denyallow.html`), "Cross-account policy
//! evaluation logic", "Permissions boundaries", "Session policies", and the AWS Organizations
//! pages on SCP and RCP evaluation:
//!
//! 1. An explicit `Deny` in any applicable policy decides ([`Decision::ExplicitDeny`]).
//! 2. RCPs of the resource's account only deny (`RCPFullAWSAccess` is always attached).
//! 3. SCPs of the caller's account must allow at every level, root to account.
//! 4. A VPC endpoint policy, when the request passes one, must allow.
//! 5. Role trust policies and KMS key policies must themselves allow.
//! 6. Same account: a resource-based grant to the caller itself decides; otherwise
//!    identity-based policies must allow (a grant to the caller's role counts), then the
//!    permissions boundary and the session policies must allow.
//! 7. Cross account: the caller's side (identity, boundary, session) and the resource-based
//!    policy must both allow.

use iam_policy::Effect;
use iam_policy::span::Span;
use serde::Serialize;

use crate::case::{Case, NamedPolicy};
use crate::matcher::{Strength, Subject, statement_applies};
use crate::request::Caller;

/// The three outcomes of an authorization, as the IAM policy simulator names them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum Decision {
    /// Allowed.
    Allow,
    /// Denied by a matching `Deny` statement.
    ExplicitDeny,
    /// Denied because a required `Allow` is missing.
    ImplicitDeny,
}

/// A type of policy taking part in the decision.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Layer {
    /// Service control policies of the caller's account.
    Scp,
    /// Resource control policies of the resource's account.
    Rcp,
    /// The VPC endpoint's policy.
    VpcEndpoint,
    /// The resource-based policy (a role's trust policy, a key policy, a bucket policy, ...).
    Resource,
    /// The caller's identity-based policies.
    Identity,
    /// The caller's permissions boundary.
    Boundary,
    /// The session policies of the caller's session.
    Session,
}

impl Layer {
    /// The policy type as AWS's AccessDenied messages name it.
    pub fn aws_name(self) -> &'static str {
        match self {
            Layer::Scp => "service control policy",
            Layer::Rcp => "resource control policy",
            Layer::VpcEndpoint => "VPC endpoint policy",
            Layer::Resource => "resource-based policy",
            Layer::Identity => "identity-based policy",
            Layer::Boundary => "permissions boundary",
            Layer::Session => "session policy",
        }
    }
}

/// A statement that took part in the decision.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StatementRef {
    /// The policy type.
    pub layer: Layer,
    /// For SCPs and RCPs: the level (0 = organization root).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level: Option<usize>,
    /// The policy's name.
    pub policy: String,
    /// The policy's position in its list.
    pub policy_index: usize,
    /// The statement's position in the policy.
    pub statement: usize,
    /// The statement's Sid.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sid: Option<String>,
    /// The statement's effect.
    pub effect: Effect,
    /// Where the statement is written.
    pub span: Span,
}

impl StatementRef {
    /// `Policy#Sid`, or `Policy#index` without a Sid.
    pub fn label(&self) -> String {
        let mut label = String::with_capacity(self.policy.len() + 12);
        self.write_label(&mut label);
        label
    }

    /// Appends the label to `out`.
    pub fn write_label(&self, out: &mut String) {
        out.push_str(&self.policy);
        out.push('#');
        match &self.sid {
            Some(sid) if !sid.is_empty() => out.push_str(sid),
            _ => out.push_str(&self.statement.to_string()),
        }
    }
}

/// The decision with its reason.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Outcome {
    /// Allow, ExplicitDeny or ImplicitDeny.
    pub decision: Decision,
    /// For a denial, the policy type AWS's message would name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub layer: Option<Layer>,
    /// For an SCP denial, the level lacking an Allow or holding the Deny.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level: Option<usize>,
    /// The statements that decided: the matching Deny statements, or the Allow statements
    /// that granted.
    pub deciding: Vec<StatementRef>,
    /// One sentence, in the words of AWS's messages.
    pub reason: String,
}

/// Which policy lists take part for this request, and why others do not.
pub(crate) struct Plan<'c> {
    pub layers: Vec<PlannedLayer<'c>>,
    pub notes: Vec<String>,
}

/// One list of policies of one layer (SCPs and RCPs have one list per level).
pub(crate) struct PlannedLayer<'c> {
    pub layer: Layer,
    pub level: Option<usize>,
    pub policies: &'c [NamedPolicy],
}

impl<'c> Plan<'c> {
    pub fn new(case: &'c Case) -> Plan<'c> {
        let request = &case.request;
        let caller = &request.caller;
        let mut layers = Vec::new();
        let mut notes = Vec::new();
        let service_linked = is_service_linked_role(case);
        let in_account = matches!(
            caller,
            Caller::Root { .. }
                | Caller::User { .. }
                | Caller::AssumedRole { .. }
                | Caller::FederatedUser { .. }
        );
        if !case.scps.is_empty() {
            if in_account && !service_linked {
                for (level, policies) in case.scps.iter().enumerate() {
                    layers.push(PlannedLayer {
                        layer: Layer::Scp,
                        level: Some(level),
                        policies,
                    });
                }
            } else {
                notes.push("SCPs do not apply: they restrict only IAM users and roles (and the root user) of member accounts, not service principals, anonymous callers, identity providers or service-linked roles.".to_owned());
            }
        }
        if !case.rcps.is_empty() {
            let service = request.service();
            if !iam_policy::kind::RCP_SERVICES.contains(&service) {
                notes.push(format!("RCPs do not apply: {service} is not a service that supports resource control policies."));
            } else if service_linked {
                notes.push("RCPs do not apply to calls made by service-linked roles.".to_owned());
            } else {
                for (level, policies) in case.rcps.iter().enumerate() {
                    layers.push(PlannedLayer {
                        layer: Layer::Rcp,
                        level: Some(level),
                        policies,
                    });
                }
            }
        }
        push_list(&mut layers, Layer::VpcEndpoint, &case.vpc_endpoint_policies);
        push_list(
            &mut layers,
            Layer::Resource,
            case.resource_policy.as_slice(),
        );
        if caller.has_identity_policies() {
            push_list(&mut layers, Layer::Identity, &case.identity_policies);
            push_list(
                &mut layers,
                Layer::Boundary,
                case.permissions_boundary.as_slice(),
            );
        } else if !case.identity_policies.is_empty() || case.permissions_boundary.is_some() {
            notes.push(match caller {
                Caller::Root { .. } => "Identity-based policies and boundaries cannot be attached to the root user; they are ignored (the root user is implicitly allowed in its own account).".to_owned(),
                _ => "Identity-based policies and boundaries are ignored: the caller is not an IAM identity.".to_owned(),
            });
        }
        if caller.is_session() {
            push_list(&mut layers, Layer::Session, &case.session_policies);
        } else if !case.session_policies.is_empty() {
            notes.push("Session policies are ignored: they apply only to role sessions and federated-user sessions.".to_owned());
        }
        Plan { layers, notes }
    }

    fn has(&self, layer: Layer) -> bool {
        self.layers.iter().any(|l| l.layer == layer)
    }
}

fn push_list<'c>(layers: &mut Vec<PlannedLayer<'c>>, layer: Layer, policies: &'c [NamedPolicy]) {
    if !policies.is_empty() {
        layers.push(PlannedLayer {
            layer,
            level: None,
            policies,
        });
    }
}

/// Calls made with a service-linked role are exempt from SCPs and RCPs.
fn is_service_linked_role(case: &Case) -> bool {
    matches!(case.request.caller, Caller::AssumedRole { .. })
        && case
            .request
            .context
            .single("aws:principalarn")
            .is_some_and(|arn| arn.contains(":role/aws-service-role/"))
}

/// A statement that applies to the request.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Hit {
    pub layer_index: usize,
    pub policy: usize,
    pub statement: usize,
    pub effect: Effect,
    pub strength: Strength,
}

/// Evaluates the case and decides.
pub fn evaluate(case: &Case) -> Outcome {
    let plan = Plan::new(case);
    let hits = collect_hits(case, &plan);
    decide(case, &plan, &hits)
}

pub(crate) fn subject(case: &Case) -> Subject<'_> {
    Subject {
        request: &case.request,
        has_boundary: case.permissions_boundary.is_some(),
    }
}

pub(crate) fn collect_hits(case: &Case, plan: &Plan<'_>) -> Vec<Hit> {
    let subject = subject(case);
    let mut hits = Vec::new();
    for (layer_index, layer) in plan.layers.iter().enumerate() {
        for (policy_index, named) in layer.policies.iter().enumerate() {
            for statement in &named.policy.statements {
                if let Some(strength) = statement_applies(statement, subject) {
                    hits.push(Hit {
                        layer_index,
                        policy: policy_index,
                        statement: statement.index,
                        effect: statement.effect.value,
                        strength,
                    });
                }
            }
        }
    }
    hits
}

/// Applies the evaluation flow to the statements that apply.
pub(crate) fn decide(case: &Case, plan: &Plan<'_>, hits: &[Hit]) -> Outcome {
    let flow = Flow { case, plan, hits };
    if let Some(restriction) = caller_restriction(&case.request) {
        return flow.refused(restriction);
    }
    flow.explicit_deny()
        .or_else(|| flow.scp_levels())
        .or_else(|| flow.vpc_endpoint())
        .unwrap_or_else(|| flow.by_principal())
}

/// Requests some callers cannot make whatever the policies say (IAM User Guide, "Compare AWS
/// STS credentials" and "Switch to an IAM role": the root user cannot assume roles).
pub fn caller_restriction(request: &crate::Request) -> Option<&'static str> {
    let action = request.action.as_str();
    let is = |name: &str| action.eq_ignore_ascii_case(name);
    match &request.caller {
        Caller::Root { .. } if is("sts:AssumeRole") => {
            Some("Roles may not be assumed by root accounts")
        }
        Caller::FederatedUser { .. } if request.service() == "iam" => Some(
            "credentials from GetFederationToken cannot call IAM API operations (console sessions are not restricted)",
        ),
        Caller::FederatedUser { .. }
            if request.service() == "sts" && !is("sts:GetCallerIdentity") =>
        {
            Some(
                "credentials from GetFederationToken cannot call AWS STS operations other than GetCallerIdentity",
            )
        }
        Caller::AssumedRole { .. } if is("sts:GetFederationToken") || is("sts:GetSessionToken") => {
            Some("role session credentials cannot call GetFederationToken or GetSessionToken")
        }
        _ => None,
    }
}

struct Flow<'a, 'c> {
    case: &'c Case,
    plan: &'a Plan<'c>,
    hits: &'a [Hit],
}

impl Flow<'_, '_> {
    fn layer_of(&self, hit: &Hit) -> Layer {
        self.plan.layers[hit.layer_index].layer
    }

    fn allows_in(&self, layer: Layer) -> impl Iterator<Item = &Hit> {
        self.hits
            .iter()
            .filter(move |h| h.effect == Effect::Allow && self.layer_of(h) == layer)
    }

    fn allows(&self, layer: Layer) -> bool {
        self.allows_in(layer).next().is_some()
    }

    fn reference(&self, hit: &Hit) -> StatementRef {
        let planned = &self.plan.layers[hit.layer_index];
        let named = &planned.policies[hit.policy];
        let statement = &named.policy.statements[hit.statement];
        StatementRef {
            layer: planned.layer,
            level: planned.level,
            policy: named.name.clone(),
            policy_index: hit.policy,
            statement: hit.statement,
            sid: statement.sid.as_ref().map(|s| s.value.clone()),
            effect: hit.effect,
            span: statement.span,
        }
    }

    /// A request the caller's kind of credentials can never make.
    fn refused(&self, restriction: &str) -> Outcome {
        Outcome {
            decision: Decision::ImplicitDeny,
            layer: None,
            level: None,
            deciding: Vec::new(),
            reason: self.sentence(&[" is not authorized to perform ", " on ", ": ", restriction]),
        }
    }

    /// Step 1: any applicable Deny decides.
    fn explicit_deny(&self) -> Option<Outcome> {
        let denies: Vec<&Hit> = self
            .hits
            .iter()
            .filter(|h| h.effect == Effect::Deny)
            .collect();
        let first = denies.iter().min_by_key(|h| self.layer_of(h))?;
        let deciding: Vec<StatementRef> = denies.iter().map(|h| self.reference(h)).collect();
        let layer = self.layer_of(first);
        Some(Outcome {
            decision: Decision::ExplicitDeny,
            layer: Some(layer),
            level: self.plan.layers[first.layer_index].level,
            reason: format!(
                "{} is not authorized to perform {} on {} with an explicit deny in {} ({})",
                self.case.request.principal_text,
                self.case.request.action,
                self.case.request.resource,
                with_article(self.layer_name(layer)),
                deciding
                    .iter()
                    .map(StatementRef::label)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            deciding,
        })
    }

    /// Step 3: every SCP level must hold an Allow.
    fn scp_levels(&self) -> Option<Outcome> {
        let missing = self
            .plan
            .layers
            .iter()
            .enumerate()
            .filter(|(_, l)| l.layer == Layer::Scp)
            .find(|(index, _)| {
                !self
                    .hits
                    .iter()
                    .any(|h| h.layer_index == *index && h.effect == Effect::Allow)
            })?;
        let level = missing.1.level.unwrap_or(0);
        let mut outcome = self.implicit_deny(Layer::Scp);
        outcome.level = Some(level);
        outcome.reason.push_str(&format!(
            " (level {level} of {}: {})",
            self.case.scps.len(),
            level_name(level, self.case.scps.len())
        ));
        Some(outcome)
    }

    /// Step 4: the VPC endpoint policy must allow.
    fn vpc_endpoint(&self) -> Option<Outcome> {
        (self.plan.has(Layer::VpcEndpoint) && !self.allows(Layer::VpcEndpoint))
            .then(|| self.implicit_deny(Layer::VpcEndpoint))
    }

    /// Steps 5 to 7, which depend on who calls and whose resource it is.
    fn by_principal(&self) -> Outcome {
        let request = &self.case.request;
        let resource_strength = self.allows_in(Layer::Resource).map(|h| h.strength).max();
        if !request.caller.has_identity_policies() && !matches!(request.caller, Caller::Root { .. })
        {
            // Services, identity providers and anonymous callers have only the resource policy.
            return match resource_strength {
                Some(_) => self.allow(&[Layer::Resource]),
                None => self.implicit_deny(Layer::Resource),
            };
        }
        let must_allow = request.is_role_trust_request() || request.is_kms_key_request();
        if must_allow && resource_strength.is_none() {
            return self.implicit_deny(Layer::Resource);
        }
        let same_account = request.caller.account() == request.resource_account.as_deref();
        if same_account {
            self.same_account(resource_strength)
        } else {
            self.cross_account(resource_strength)
        }
    }

    fn same_account(&self, resource: Option<Strength>) -> Outcome {
        if resource == Some(Strength::Direct) {
            // The resource-based grant suffices; identity-based allows that also match are
            // listed too, as AWS's own examples say both policies allow.
            return self.allow(&[Layer::Identity, Layer::Resource]);
        }
        let root = matches!(self.case.request.caller, Caller::Root { .. });
        let identity_ok = root || self.allows(Layer::Identity) || resource == Some(Strength::Role);
        if !identity_ok {
            return self.implicit_deny(Layer::Identity);
        }
        if let Some(outcome) = self.boundary_and_session() {
            return outcome;
        }
        self.allow(&[Layer::Identity, Layer::Resource])
    }

    fn cross_account(&self, resource: Option<Strength>) -> Outcome {
        let root = matches!(self.case.request.caller, Caller::Root { .. });
        if !root && !self.allows(Layer::Identity) {
            return self.implicit_deny(Layer::Identity);
        }
        if let Some(outcome) = self.boundary_and_session() {
            return outcome;
        }
        if resource.is_none() {
            return self.implicit_deny(Layer::Resource);
        }
        self.allow(&[Layer::Identity, Layer::Resource])
    }

    /// The permissions boundary and session policies limit the caller's side.
    fn boundary_and_session(&self) -> Option<Outcome> {
        if self.plan.has(Layer::Boundary) && !self.allows(Layer::Boundary) {
            return Some(self.implicit_deny(Layer::Boundary));
        }
        if self.plan.has(Layer::Session) && !self.allows(Layer::Session) {
            return Some(self.implicit_deny(Layer::Session));
        }
        let federated_without_policy =
            matches!(self.case.request.caller, Caller::FederatedUser { .. })
                && !self.plan.has(Layer::Session);
        federated_without_policy.then(|| {
            let mut outcome = self.implicit_deny(Layer::Session);
            outcome.reason.push_str(
                " (a federated-user session created without a session policy has no permissions)",
            );
            outcome
        })
    }

    fn allow(&self, granting: &[Layer]) -> Outcome {
        let deciding: Vec<StatementRef> = self
            .hits
            .iter()
            .filter(|h| h.effect == Effect::Allow && granting.contains(&self.layer_of(h)))
            .map(|h| self.reference(h))
            .collect();
        let by = if deciding.is_empty() {
            "the root user's implicit access to its own account".to_owned()
        } else {
            labels(&deciding)
        };
        Outcome {
            decision: Decision::Allow,
            layer: None,
            level: None,
            reason: self.sentence(&[" is allowed to perform ", " on ", " by ", &by]),
            deciding,
        }
    }

    fn implicit_deny(&self, layer: Layer) -> Outcome {
        let request = &self.case.request;
        Outcome {
            decision: Decision::ImplicitDeny,
            layer: Some(layer),
            level: None,
            deciding: Vec::new(),
            reason: self.sentence(&[
                " is not authorized to perform ",
                " on ",
                " because no ",
                self.layer_name(layer),
                " allows the ",
                &request.action,
                " action",
            ]),
        }
    }

    /// "PRINCIPAL{0}ACTION{1}RESOURCE{2}..." built without the formatting machinery: the
    /// reason is produced on every evaluation, so it must be cheap.
    fn sentence(&self, pieces: &[&str]) -> String {
        let request = &self.case.request;
        let heads = [&request.principal_text, &request.action, &request.resource];
        let length = heads.iter().map(|h| h.len()).sum::<usize>()
            + pieces.iter().map(|p| p.len()).sum::<usize>();
        let mut out = String::with_capacity(length);
        for (index, piece) in pieces.iter().enumerate() {
            if let Some(head) = heads.get(index) {
                out.push_str(head);
            }
            out.push_str(piece);
        }
        out
    }

    /// The layer's name, naming trust and key policies as such.
    fn layer_name(&self, layer: Layer) -> &'static str {
        match layer {
            Layer::Resource if self.case.request.is_role_trust_request() => "role trust policy",
            Layer::Resource if self.case.request.is_kms_key_request() => "key policy",
            other => other.aws_name(),
        }
    }
}

/// "an identity-based policy", "a permissions boundary".
pub fn with_article(name: &str) -> String {
    let article = article(name);
    let mut out = String::with_capacity(article.len() + 1 + name.len());
    out.push_str(article);
    out.push(' ');
    out.push_str(name);
    out
}

/// "a" or "an" for `name`.
fn article(name: &str) -> &'static str {
    if name.starts_with(['a', 'e', 'i', 'o', 'u', 'A', 'E', 'I', 'O', 'U']) {
        "an"
    } else {
        "a"
    }
}

/// `Policy#Sid, Policy#2`.
fn labels(references: &[StatementRef]) -> String {
    let mut out = String::new();
    for (index, reference) in references.iter().enumerate() {
        if index > 0 {
            out.push_str(", ");
        }
        reference.write_label(&mut out);
    }
    out
}

fn level_name(level: usize, levels: usize) -> &'static str {
    match level {
        0 => "the organization root",
        l if l + 1 == levels => "the account",
        _ => "an organizational unit",
    }
}
