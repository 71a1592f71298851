//! The stepper's logic, free of the DOM: a [`Plan`] (who starts, which roles, what access to
//! check at the end), its [`Run`] through iam-world's [`Chain`], the diagram [`Highlight`] of
//! the steps taken so far, and each check reduced to what a learner needs (the deciding
//! statements, the conditions that failed and their values).

use iam_eval::explain::{LayerReport, StatementReport, Verdict};
use iam_world::model::{CredentialType, CredentialsDoc, HopDoc};
use iam_world::{
    AssumeResult, Chain, Check, Clock, Credentials, Decision, Layer, Step, StsApi, World,
};

use crate::components::canvas::Highlight;
use crate::diagram::GraphModel;
use crate::diagram::model::{EdgeKind, NodeKind};
use crate::state::PolicyKey;

/// How a starting IAM user signed in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SignIn {
    /// What the world gives the user (its access key, else a console password).
    #[default]
    Default,
    /// Long-term access keys (no MFA information).
    AccessKey,
    /// A console sign-in without MFA.
    Console,
    /// A console sign-in with MFA.
    ConsoleMfa,
}

impl SignIn {
    /// Every choice, for the menu.
    pub const ALL: [SignIn; 4] = [
        SignIn::Default,
        SignIn::AccessKey,
        SignIn::Console,
        SignIn::ConsoleMfa,
    ];

    /// The menu's words.
    pub fn label(self) -> &'static str {
        match self {
            SignIn::Default => "its usual credentials",
            SignIn::AccessKey => "access keys",
            SignIn::Console => "console, no MFA",
            SignIn::ConsoleMfa => "console with MFA",
        }
    }

    /// The credentials the engine uses: those [`SignIn::doc`] writes.
    fn credentials(self) -> Option<Credentials> {
        self.doc().as_ref().map(Credentials::from_doc)
    }

    /// As the world format writes it (for a request).
    pub fn doc(self) -> Option<CredentialsDoc> {
        let (kind, mfa) = match self {
            SignIn::Default => return None,
            SignIn::AccessKey => (CredentialType::AccessKey, false),
            SignIn::Console => (CredentialType::Console, false),
            SignIn::ConsoleMfa => (CredentialType::Console, true),
        };
        Some(CredentialsDoc {
            kind,
            mfa,
            mfa_age_seconds: None,
        })
    }

    /// From an expectation's credentials.
    pub fn of(credentials: Option<&CredentialsDoc>) -> SignIn {
        match credentials {
            None => SignIn::Default,
            Some(c) if c.kind == CredentialType::AccessKey => SignIn::AccessKey,
            Some(c) if c.mfa => SignIn::ConsoleMfa,
            Some(_) => SignIn::Console,
        }
    }
}

/// What to step through.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Plan {
    /// The start principal, as the engine names it (`user:111111111111/David`).
    pub start: Option<String>,
    /// How a starting user signed in.
    pub sign_in: SignIn,
    /// The roles to assume, in order, with their parameters.
    pub hops: Vec<HopDoc>,
    /// How many steps are shown (the chain's steps include an instance's or function's own
    /// role first).
    pub taken: usize,
    /// The access to check at the end: action and resource (empty: none).
    pub action: String,
    /// The resource of the final check (`*` when empty).
    pub resource: String,
    /// Whether the final check is shown.
    pub access_shown: bool,
    /// Changes with every step, so the diagram replays the animation.
    pub serial: u64,
}

impl Plan {
    /// A plan starting at `start` with no hops.
    pub fn starting(start: &str) -> Plan {
        Plan {
            start: Some(start.to_owned()),
            ..Plan::default()
        }
    }

    /// Back to the first step, keeping what to step through.
    pub fn rewound(&self) -> Plan {
        Plan {
            taken: 0,
            access_shown: false,
            serial: self.serial + 1,
            ..self.clone()
        }
    }
}

/// The plan run through the world.
#[derive(Clone, Debug, Default)]
pub struct Run {
    /// Every step of the chain (more than are shown).
    pub steps: Vec<Step>,
    /// Why the chain could not run (an unknown principal or role).
    pub error: Option<String>,
    /// The final access check, once every hop succeeded and an action is set.
    pub access: Option<Result<Check, String>>,
    /// The start principal's label (ARN or name).
    pub start_label: String,
}

impl Run {
    /// Whether every step succeeded.
    pub fn completed(&self) -> bool {
        self.error.is_none() && self.steps.iter().all(|s| s.outcome.session().is_some())
    }
}

/// Runs `plan` in `world` at `clock`.
pub fn run(world: &World, plan: &Plan, clock: Clock) -> Run {
    let Some(start) = plan.start.as_deref() else {
        return Run::default();
    };
    let clock = world.clock().unwrap_or(clock);
    let actor = world
        .resolve_principal(start)
        .and_then(|principal| world.actor(&principal, plan.sign_in.credentials(), clock));
    let actor = match actor {
        Ok(actor) => actor,
        Err(error) => {
            return Run {
                error: Some(error.to_string()),
                ..Run::default()
            };
        }
    };
    let start_label = actor.label();
    let mut chain = Chain::new(world, actor, plan.hops.clone(), clock);
    let mut steps = Vec::new();
    let mut error = None;
    for step in chain.by_ref() {
        match step {
            Ok(step) => steps.push(step),
            Err(e) => {
                error = Some(e.to_string());
                break;
            }
        }
    }
    let access =
        (error.is_none() && chain.completed() && !plan.action.trim().is_empty()).then(|| {
            let resource = if plan.resource.trim().is_empty() {
                "*"
            } else {
                plan.resource.trim()
            };
            world
                .resolve_resource(resource)
                .and_then(|arn| chain.access(plan.action.trim(), &arn, &[]))
                .map_err(|e| e.to_string())
        });
    Run {
        steps,
        error,
        access,
        start_label,
    }
}

/// The diagram node of the role a step assumed.
fn role_node(model: &GraphModel, role_arn: &str) -> Option<String> {
    model
        .nodes
        .iter()
        .find(|n| {
            matches!(n.kind, NodeKind::Role | NodeKind::SsoRole)
                && n.arn.as_deref() == Some(role_arn)
        })
        .map(|n| n.id.clone())
}

/// The node of the start principal.
pub fn start_node(model: &GraphModel, start: &str) -> Option<String> {
    model
        .nodes
        .iter()
        .find(|n| n.principal_ref.as_deref() == Some(start))
        .map(|n| n.id.clone())
}

/// The edges a hop from `caller` into `role` travels: the trust arrow from the caller, its
/// account, its provider or service (with the federation arrow to the provider), or the
/// assignment or service-role arrow that stands for it.
fn hop_edges(model: &GraphModel, caller: &str, role: &str, api: StsApi) -> Vec<String> {
    let into = |kinds: &[EdgeKind], from: &str| {
        model
            .edges
            .iter()
            .find(|e| e.to == role && e.from == from && kinds.contains(&e.kind))
            .map(|e| e.id.clone())
    };
    let direct = [
        EdgeKind::Trust,
        EdgeKind::Assignment,
        EdgeKind::RunsAs,
        EdgeKind::Federation,
    ];
    if let Some(edge) = into(&direct, caller) {
        return vec![edge];
    }
    if let Some(account) = model.account_of(caller) {
        if let Some(edge) = into(&[EdgeKind::Trust], &account.id) {
            return vec![edge];
        }
    }
    if matches!(
        api,
        StsApi::AssumeRoleWithSaml | StsApi::AssumeRoleWithWebIdentity
    ) {
        // An outside identity signs in through a provider that the role trusts.
        for federation in model
            .edges
            .iter()
            .filter(|e| e.kind == EdgeKind::Federation && e.from == caller)
        {
            if let Some(trust) = into(&[EdgeKind::Trust], &federation.to) {
                return vec![federation.id.clone(), trust];
            }
        }
    }
    if let Some(any) = into(&[EdgeKind::Trust], "anyone") {
        return vec![any];
    }
    model
        .edges
        .iter()
        .find(|e| {
            e.to == role
                && e.kind == EdgeKind::Trust
                && (e.from.starts_with("service/") || e.from.starts_with("idp/"))
        })
        .map(|e| vec![e.id.clone()])
        .unwrap_or_default()
}

/// The nodes owning the statements that decided a denial.
fn deciding_owners(model: &GraphModel, check: &Check) -> Vec<String> {
    check
        .explanation
        .outcome
        .deciding
        .iter()
        .filter_map(|d| {
            check
                .policies
                .iter()
                .find(|p| p.layer == d.layer && p.level == d.level && p.index == d.policy_index)
        })
        .map(|p| p.origin.owner.clone())
        .filter(|owner| model.node(owner).is_some() || model.container(owner).is_some())
        .collect()
}

/// The membership arrows from `user` to the groups among `owners`: why a group's policy
/// applies to the user.
fn memberships_to(model: &GraphModel, user: Option<&str>, owners: &[String]) -> Vec<String> {
    let Some(user) = user else {
        return Vec::new();
    };
    model
        .edges
        .iter()
        .filter(|e| e.kind == EdgeKind::Membership && e.from == user && owners.contains(&e.to))
        .map(|e| e.id.clone())
        .collect()
}

/// When `check` denies: marks the nodes whose policies decided, and the memberships of
/// `caller` that bring a group's policy in.
fn mark_denial(highlight: &mut Highlight, model: &GraphModel, caller: Option<&str>, check: &Check) {
    if check.decision == Decision::Allow {
        return;
    }
    let owners = deciding_owners(model, check);
    highlight
        .edges
        .extend(memberships_to(model, caller, &owners));
    highlight.denied.extend(owners);
}

/// The check that decided a denied step (or the last one).
pub fn deciding_check(step: &Step) -> Option<&Check> {
    match &step.outcome.result {
        AssumeResult::Denied { check, .. } => step.outcome.checks.get(*check),
        _ => step.outcome.checks.last(),
    }
}

/// What the diagram shows for the steps taken so far.
pub fn highlight(model: &GraphModel, plan: &Plan, run: &Run) -> Highlight {
    let Some(start) = plan.start.as_deref() else {
        return Highlight::default();
    };
    let mut highlight = Highlight {
        focus: true,
        serial: plan.serial,
        ..Highlight::default()
    };
    let mut caller = start_node(model, start);
    highlight.nodes.extend(caller.clone());
    highlight.active = caller.clone();
    for step in run.steps.iter().take(plan.taken) {
        let role = role_node(model, &step.outcome.role);
        let edges = match (&caller, &role) {
            (Some(caller), Some(role)) => hop_edges(model, caller, role, step.outcome.api),
            _ => Vec::new(),
        };
        highlight.stepping = edges.last().cloned();
        match &step.outcome.result {
            AssumeResult::Assumed { .. } => {
                highlight.edges.extend(edges);
                highlight.nodes.extend(role.clone());
                highlight.active = role.clone();
                caller = role;
            }
            AssumeResult::Denied { .. } | AssumeResult::Failed { .. } => {
                highlight.failed_edge = edges.last().cloned();
                highlight.edges.extend(edges.iter().rev().skip(1).cloned());
                highlight.nodes.extend(role);
                if let Some(check) = deciding_check(step) {
                    mark_denial(&mut highlight, model, caller.as_deref(), check);
                }
                break;
            }
        }
    }
    if plan.access_shown {
        if let Some(Ok(check)) = &run.access {
            let target = model.nodes.iter().find(|n| {
                n.arn.as_deref().is_some_and(|arn| {
                    check.resource == arn || check.resource.starts_with(&format!("{arn}/"))
                })
            });
            if let Some(target) = target {
                highlight.nodes.push(target.id.clone());
            }
            mark_denial(&mut highlight, model, caller.as_deref(), check);
        }
        highlight.stepping = None;
    }
    highlight
}

/// One line of a compact explanation: a statement that decided, or that almost applied.
#[derive(Clone, Debug, PartialEq)]
pub struct StatementLine {
    /// The policy's name.
    pub policy: String,
    /// The statement's Sid or `#index`.
    pub label: String,
    /// Allow or Deny.
    pub allow: bool,
    /// Whether it decided.
    pub deciding: bool,
    /// Why it did not apply, when it did not: each failed element or condition with the
    /// values compared.
    pub misses: Vec<String>,
    /// Where to show it.
    pub key: PolicyKey,
    /// Its byte range in the policy text.
    pub span: (u32, u32),
}

/// One policy type of a check, with its verdict and the statements worth reading.
#[derive(Clone, Debug, PartialEq)]
pub struct LayerLine {
    /// "Trust policy", "Identity policies", "SCPs · level 1".
    pub title: String,
    /// What the layer contributed.
    pub verdict: Verdict,
    /// Its statements that decided or nearly applied.
    pub statements: Vec<StatementLine>,
}

/// The layer's name in a hop's terms.
fn layer_title(layer: &LayerReport, trust: bool) -> String {
    let base = match layer.layer {
        Layer::Resource if trust => "Trust policy of the role",
        Layer::Resource => "Resource policy",
        Layer::Identity => "Caller's identity policies",
        Layer::Boundary => "Permissions boundary",
        Layer::Session => "Session policies",
        Layer::Scp => "SCPs",
        Layer::Rcp => "RCPs",
        Layer::VpcEndpoint => "VPC endpoint policy",
    };
    match layer.level {
        Some(0) => format!("{base} · root"),
        Some(level) => format!("{base} · level {level}"),
        None => base.to_owned(),
    }
}

fn misses(statement: &StatementReport) -> Vec<String> {
    let mut out = Vec::new();
    for (element, report) in [
        ("Action", Some(&statement.action)),
        ("Resource", Some(&statement.resource)),
        ("Principal", statement.principal.as_ref()),
    ] {
        if let Some(report) = report.filter(|r| !r.matched) {
            out.push(format!("{element}: {}", report.detail));
        }
    }
    for condition in statement.conditions.iter().filter(|c| !c.passed) {
        out.push(format!(
            "{} {}: {}",
            condition.operator, condition.key, condition.detail
        ));
    }
    out
}

/// The compact explanation of `check`: per layer, the statements that applied (deciding ones
/// marked) and those that matched action and resource but failed a condition or the
/// principal, with why.
pub fn summarize(check: &Check) -> Vec<LayerLine> {
    let trust = check
        .action
        .to_ascii_lowercase()
        .starts_with("sts:assumerole");
    check
        .explanation
        .layers
        .iter()
        .map(|layer| {
            let statements = layer
                .policies
                .iter()
                .flat_map(|policy| {
                    let source = check.policies.iter().find(|p| {
                        p.layer == layer.layer && p.level == layer.level && p.index == policy.index
                    });
                    let key = source.map_or_else(
                        || PolicyKey::Generated(policy.name.clone()),
                        |s| PolicyKey::of_origin(&s.origin, &s.name),
                    );
                    policy.statements.iter().filter_map(move |statement| {
                        let near = statement.action.matched
                            && statement.resource.matched
                            && !statement.applies;
                        (statement.deciding || statement.applies || near).then(|| StatementLine {
                            policy: policy.name.clone(),
                            label: statement
                                .sid
                                .clone()
                                .filter(|s| !s.is_empty())
                                .unwrap_or_else(|| format!("statement #{}", statement.index)),
                            allow: statement.effect == iam_policy::Effect::Allow,
                            deciding: statement.deciding,
                            misses: if statement.applies {
                                Vec::new()
                            } else {
                                misses(statement)
                            },
                            key: key.clone(),
                            span: (statement.span.start, statement.span.end),
                        })
                    })
                })
                .collect();
            LayerLine {
                title: layer_title(layer, trust),
                verdict: layer.verdict,
                statements,
            }
        })
        .collect()
}

/// The deciding statement of a denial, to show in the editor.
pub fn deciding_statement(check: &Check) -> Option<StatementLine> {
    summarize(check)
        .into_iter()
        .flat_map(|layer| layer.statements)
        .find(|s| s.deciding)
}

#[cfg(test)]
mod tests;
