//! Deriving `AssumeRole` parameters from the conditions that ask for them.
//!
//! The caller controls some keys of an `AssumeRole` request: `sts:ExternalId`,
//! `aws:MultiFactorAuthPresent`/`aws:MultiFactorAuthAge` (by passing MFA), `sts:SourceIdentity`,
//! `sts:RoleSessionName`, `aws:RequestTag/*`, `sts:TransitiveTagKeys` (STS API Reference,
//! AssumeRole parameters; IAM User Guide, reference_policies_iam-condition-keys.html). When an
//! allow statement of the trust policy (or of the caller's own policies) tests one of them with a
//! positive string or boolean operator, its value is what the caller must pass. The derived call
//! is then evaluated like any other, so a path is only reported if the engine allows it.

use std::collections::BTreeMap;

use iam_eval::matcher::action_matches;
use iam_policy::Effect;
use iam_policy::ast::Statement;
use iam_policy::condition::{OperatorKind, SetQualifier, TypedValue};

use crate::model::{HopDoc, MfaDoc};
use crate::session::Actor;
use crate::sts::AssumeOutcome;
use crate::trust_index::{TrustKey, allowed_principals};
use crate::world::{PolicyId, World};

use super::Requirement;

/// Whether the caller passes `AssumeRole` parameters itself (IAM users and role sessions).
pub(super) fn applicable(actor: &Actor) -> bool {
    matches!(actor, Actor::User { .. } | Actor::Session(_))
}

/// The parameters the conditions ask for, on top of a bare call to `role`.
pub(super) fn parameters(
    world: &World,
    actor: &Actor,
    role: usize,
    outcome: &AssumeOutcome,
) -> Option<HopDoc> {
    let context = &outcome.checks.first()?.case.request.context;
    let lookup = |key: &str| context.single(key);
    let mut hop = HopDoc {
        role: outcome.role.clone(),
        ..HopDoc::default()
    };
    let mut tags = BTreeMap::new();
    for statement in statements(world, actor, role) {
        for condition in &statement.conditions {
            let positive = !condition.operator.kind.is_negated();
            let key = condition.key_lower.as_str();
            match (condition.operator.kind, key) {
                (OperatorKind::Bool, "aws:multifactorauthpresent")
                    if bool_true(&condition.values) =>
                {
                    hop.mfa = Some(mfa());
                }
                (
                    OperatorKind::NumericLessThan | OperatorKind::NumericLessThanEquals,
                    "aws:multifactorauthage",
                ) => {
                    hop.mfa = Some(mfa());
                }
                (OperatorKind::Null, "sts:sourceidentity") if null_false(&condition.values) => {
                    hop.source_identity
                        .get_or_insert_with(|| default_identity(actor));
                }
                _ if positive
                    && condition.operator.qualifier != Some(SetQualifier::ForAllValues) =>
                {
                    let Some(value) = first_value(&condition.values, &lookup) else {
                        continue;
                    };
                    assign(&mut hop, &mut tags, key, value);
                }
                _ => {}
            }
        }
    }
    hop.tags = tags;
    hop.transitive_tag_keys.retain(|k| hop.tags.contains_key(k));
    Some(hop)
}

fn mfa() -> MfaDoc {
    MfaDoc {
        serial_number: None,
        token_code: None,
    }
}

/// Sets the parameter a positive condition on `key` asks for.
fn assign(hop: &mut HopDoc, tags: &mut BTreeMap<String, String>, key: &str, value: String) {
    match key {
        "sts:externalid" => hop.external_id = Some(value),
        "sts:sourceidentity" => hop.source_identity = Some(value),
        "sts:rolesessionname" => hop.session_name = Some(value),
        "sts:transitivetagkeys" => hop.transitive_tag_keys.push(value),
        other => {
            if let Some(tag) = other.strip_prefix("aws:requesttag/") {
                tags.insert(tag.to_owned(), value);
            }
        }
    }
}

/// Allow statements that could grant the call: the trust policy's and the caller's own.
fn statements<'w>(world: &'w World, actor: &Actor, role: usize) -> Vec<&'w Statement> {
    let mut ids: Vec<PolicyId> = world
        .roles
        .get(role)
        .map(|r| vec![r.trust])
        .unwrap_or_default();
    match actor {
        Actor::User { user, .. } => {
            if let Some(user) = world.users.get(*user) {
                ids.extend(user.policies.iter().copied());
                for &group in &user.groups {
                    ids.extend(
                        world
                            .groups
                            .get(group)
                            .map(|g| g.policies.clone())
                            .unwrap_or_default(),
                    );
                }
            }
        }
        Actor::Session(session) => {
            ids.extend(
                world
                    .roles
                    .get(session.role)
                    .map(|r| r.policies.clone())
                    .unwrap_or_default(),
            );
        }
        _ => {}
    }
    ids.iter()
        .filter_map(|&id| world.policies.get(id))
        .flat_map(|p| p.named.policy.statements.iter())
        .filter(|s| s.effect.value == Effect::Allow)
        .filter(|s| {
            ["sts:AssumeRole", "sts:TagSession", "sts:SetSourceIdentity"]
                .iter()
                .any(|a| action_matches(&s.action, a))
        })
        .collect()
}

fn bool_true(values: &[iam_policy::condition::ConditionValue]) -> bool {
    values
        .iter()
        .any(|v| matches!(v.typed, TypedValue::Bool(true)))
}

fn null_false(values: &[iam_policy::condition::ConditionValue]) -> bool {
    values
        .iter()
        .any(|v| matches!(v.typed, TypedValue::Null(false)))
}

/// A concrete value satisfying the first policy value: variables resolved, `*` dropped and
/// `?` replaced in patterns.
fn first_value<'v>(
    values: &[iam_policy::condition::ConditionValue],
    lookup: &impl Fn(&str) -> Option<&'v str>,
) -> Option<String> {
    values.iter().find_map(|value| match &value.typed {
        TypedValue::Text(template) => template.resolve_text(lookup),
        TypedValue::Pattern(template, _) => {
            let text = template.resolve_text(lookup)?;
            let concrete: String = text
                .chars()
                .filter(|c| *c != '*')
                .map(|c| if c == '?' { 'x' } else { c })
                .collect();
            (!concrete.is_empty()).then_some(concrete)
        }
        _ => None,
    })
}

fn default_identity(actor: &Actor) -> String {
    actor
        .label()
        .rsplit('/')
        .next()
        .unwrap_or("caller")
        .to_owned()
}

/// What a hop's parameters ask of the caller.
pub(super) fn requirements(hop: &HopDoc) -> Vec<Requirement> {
    let mut needs = Vec::new();
    if hop.mfa.is_some() {
        needs.push(Requirement::Mfa);
    }
    if let Some(value) = &hop.external_id {
        needs.push(Requirement::ExternalId {
            value: value.clone(),
        });
    }
    if let Some(value) = &hop.source_identity {
        needs.push(Requirement::SourceIdentity {
            value: value.clone(),
        });
    }
    if let Some(value) = &hop.session_name {
        needs.push(Requirement::SessionName {
            value: value.clone(),
        });
    }
    for (key, value) in &hop.tags {
        needs.push(Requirement::SessionTag {
            key: key.clone(),
            value: value.clone(),
        });
    }
    for key in &hop.transitive_tag_keys {
        needs.push(Requirement::TransitiveTag { key: key.clone() });
    }
    needs
}

/// Which roles' sessions could possibly be allowed the action: in the resource's account an
/// allow needs an identity-based statement for the action or a resource-based Allow naming the
/// role, its account, one of its sessions or `*` (IAM User Guide,
/// reference_policies_evaluation-logic.html); from another account it needs both
/// (reference_policies_evaluation-logic-cross-account.html).
pub(super) struct Relevance {
    resource_principals: Vec<TrustKey>,
    resource_account: Option<usize>,
    allows_action: Vec<bool>,
}

impl Relevance {
    pub(super) fn new(world: &World, action: &str, resource: &str) -> Relevance {
        let (policy, resource_account) = resource_policy(world, action, resource);
        let resource_principals = policy
            .and_then(|id| world.policies.get(id))
            .map(|p| allowed_principals(&p.named.policy.statements, action))
            .unwrap_or_default();
        let allows_action =
            world
                .policies
                .iter()
                .map(|p| {
                    p.named.policy.statements.iter().any(|s| {
                        s.effect.value == Effect::Allow && action_matches(&s.action, action)
                    })
                })
                .collect();
        Relevance {
            resource_principals,
            resource_account,
            allows_action,
        }
    }

    pub(super) fn role_may_act(&self, world: &World, role: usize) -> bool {
        let Some(stored) = world.roles.get(role) else {
            return false;
        };
        let account = world.account_id(stored.account);
        let named = self.resource_principals.iter().any(|key| match key {
            TrustKey::Anyone => true,
            TrustKey::Account(a) => a == account,
            TrustKey::Role(a, name) | TrustKey::Session(a, name, _) => {
                a == account && *name == stored.name
            }
            TrustKey::UniqueId(id) => *id == stored.unique_id,
            _ => false,
        });
        let identity = stored
            .policies
            .iter()
            .any(|&p| self.allows_action.get(p).copied().unwrap_or(false));
        match self.resource_account {
            Some(owner) if owner != stored.account => named && identity,
            _ => named || identity,
        }
    }
}

/// The resource-based policy deciding `action` on `resource` (a role's trust policy for the
/// STS actions) and the resource's account.
fn resource_policy(
    world: &World,
    action: &str,
    resource: &str,
) -> (Option<PolicyId>, Option<usize>) {
    if iam_eval::request::is_role_trust_request(action, resource) {
        let role = world.role_by_arn(resource).and_then(|r| world.roles.get(r));
        return (role.map(|r| r.trust), role.map(|r| r.account));
    }
    let found = world
        .find_resource(resource)
        .and_then(|(r, _)| world.resources.get(r));
    (found.and_then(|r| r.policy), found.map(|r| r.account))
}
