//! Reachability questions, answered with iam-world and turned into what the diagram and the
//! stepper need: who can reach a role (every principal of the world, each with its shortest
//! chain), who can perform an action on a resource (directly or through chains), the diagram
//! highlight of one answer, and the stepper plan that replays it.

use iam_policy::ast::PrincipalKey;
use iam_policy::principal::{PrincipalPattern, parse_principal};
use iam_world::edit::NodeId;
use iam_world::reach::{ReachHop, ReachOptions, Requirement};
use iam_world::{Clock, World};

use crate::components::canvas::Highlight;
use crate::components::stepper::plan::Plan;
use crate::diagram::GraphModel;
use crate::diagram::model::NodeKind;

/// One way to the goal.
#[derive(Clone, Debug)]
pub struct Answer {
    /// The start principal's diagram node, when it has one.
    pub node: Option<String>,
    /// How the engine names it (`user:111111111111/David`).
    pub reference: String,
    /// Its name for people.
    pub label: String,
    /// The roles assumed on the way (empty: directly).
    pub hops: Vec<ReachHop>,
    /// The final decision's reason (who-can answers).
    pub reason: Option<String>,
}

impl Answer {
    /// What the path needs, in short words ("MFA", "external ID alex-7d1f9a").
    pub fn needs(&self) -> Vec<String> {
        self.hops
            .iter()
            .flat_map(|h| h.needs.iter())
            .map(requirement_text)
            .collect()
    }

    /// The stepper plan that replays this path.
    pub fn plan(&self, serial: u64) -> Plan {
        Plan {
            start: Some(self.reference.clone()),
            hops: self.hops.iter().map(|h| h.parameters.clone()).collect(),
            serial,
            ..Plan::default()
        }
    }
}

/// A requirement in a few words.
pub fn requirement_text(requirement: &Requirement) -> String {
    match requirement {
        Requirement::Mfa => "MFA".to_owned(),
        Requirement::ExternalId { value } => format!("external ID {value}"),
        Requirement::SourceIdentity { value } => format!("source identity {value}"),
        Requirement::SessionName { value } => format!("session name {value}"),
        Requirement::SessionTag { key, value } => format!("tag {key}={value}"),
        Requirement::TransitiveTag { key } => format!("transitive {key}"),
    }
}

/// Principals a chain can start from: nodes with a principal reference, roles excepted (a
/// role is reached, it does not start).
fn starts(model: &GraphModel) -> Vec<(String, String, String)> {
    model
        .nodes
        .iter()
        .filter(|n| !matches!(n.kind, NodeKind::Role | NodeKind::SsoRole))
        .filter_map(|n| Some((n.id.clone(), n.principal_ref.clone()?, n.label.clone())))
        .collect()
}

/// Every principal of the world that can reach `role_arn`, each with a shortest path.
pub fn who_reaches(world: &World, model: &GraphModel, role_arn: &str, clock: Clock) -> Vec<Answer> {
    let clock = world.clock().unwrap_or(clock);
    let options = ReachOptions::default();
    let mut answers: Vec<Answer> = starts(model)
        .into_iter()
        .filter_map(|(node, reference, label)| {
            let principal = world.resolve_principal(&reference).ok()?;
            let actor = world.actor(&principal, None, clock).ok()?;
            let reach = world.reachable_roles(&actor, clock, &options);
            let path = reach.paths.into_iter().find(|p| p.role == role_arn)?;
            Some(Answer {
                node: Some(node),
                reference,
                label,
                hops: path.hops,
                reason: None,
            })
        })
        .collect();
    iam_policy::sort::sort_by_key(&mut answers, |a| a.hops.len());
    answers
}

/// The node of a who-can answer's start principal (its ARN, reference or role session).
fn node_of_principal(model: &GraphModel, principal: &str) -> Option<(String, String, String)> {
    if let Some(node) = model.nodes.iter().find(|n| {
        n.arn.as_deref() == Some(principal) || n.principal_ref.as_deref() == Some(principal)
    }) {
        let reference = node
            .principal_ref
            .clone()
            .unwrap_or_else(|| principal.to_owned());
        return Some((node.id.clone(), reference, node.label.clone()));
    }
    // A role session: arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION.
    let Ok(PrincipalPattern::AssumedRole { account, role, .. }) =
        parse_principal(PrincipalKey::Aws, principal)
    else {
        return None;
    };
    let id = NodeId::Role {
        account: account.clone(),
        name: role.clone(),
    }
    .to_string();
    let node = model
        .nodes
        .iter()
        .find(|n| matches!(n.kind, NodeKind::Role | NodeKind::SsoRole) && n.id == id)?;
    Some((
        node.id.clone(),
        format!("role:{account}/{role}"),
        node.label.clone(),
    ))
}

/// Who can perform `action` on `resource_arn`, directly or through chains.
pub fn who_can(
    world: &World,
    model: &GraphModel,
    action: &str,
    resource_arn: &str,
    clock: Clock,
) -> Result<Vec<Answer>, String> {
    let clock = world.clock().unwrap_or(clock);
    let found = world
        .who_can(action, resource_arn, clock, &ReachOptions::default())
        .map_err(|e| e.to_string())?;
    Ok(found
        .answers
        .into_iter()
        .map(|answer| {
            let (node, reference, label) = node_of_principal(model, &answer.principal).map_or(
                (None, answer.principal.clone(), answer.principal.clone()),
                |(n, r, l)| (Some(n), r, l),
            );
            Answer {
                node,
                reference,
                label,
                hops: answer.path,
                reason: Some(answer.reason),
            }
        })
        .collect())
}

/// The diagram highlight of `answer`, ending at `goal` (the role or resource node).
pub fn highlight_of(
    world: &World,
    model: &GraphModel,
    answer: &Answer,
    goal: Option<&str>,
    clock: Clock,
) -> Highlight {
    let plan = Plan {
        taken: answer.hops.len() + 1,
        ..answer.plan(0)
    };
    let run = crate::components::stepper::plan::run(world, &plan, clock);
    let mut highlight = crate::components::stepper::plan::highlight(model, &plan, &run);
    highlight.stepping = None;
    if let Some(goal) = goal {
        if !highlight.nodes.iter().any(|n| n == goal) {
            highlight.nodes.push(goal.to_owned());
        }
    }
    highlight
}

#[cfg(test)]
mod tests;
