//! The decision: Allow, explicit Deny or implicit Deny, shown with colour, icon and words,
//! the deciding statements (each opens its policy at the statement), the role chain, and
//! the explanation tree.

use std::rc::Rc;

use iam_eval::StatementRef;
use iam_world::{Decision, Layer, LoadError};
use yew::prelude::*;

use super::icons;
use super::same_rc;
use crate::state::evaluation::{Decided, RequestError};
use crate::state::policy::layer_name;

/// A statement (or one of its elements) to show in the editor.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StatementTarget {
    /// The policy's layer.
    pub layer: Layer,
    /// The SCP/RCP level.
    pub level: Option<usize>,
    /// The policy's position in its layer.
    pub policy_index: usize,
    /// Byte range in the policy text.
    pub span: (u32, u32),
}

impl StatementTarget {
    /// The target of a deciding statement.
    fn of(statement: &StatementRef) -> StatementTarget {
        StatementTarget {
            layer: statement.layer,
            level: statement.level,
            policy_index: statement.policy_index,
            span: (statement.span.start, statement.span.end),
        }
    }
}

/// Properties of [`DecisionView`].
#[derive(Properties)]
pub struct DecisionViewProps {
    /// The last decision.
    pub decided: Option<Rc<Decided>>,
    /// Whether it is of an earlier document.
    pub stale: bool,
    /// Why the current request cannot be decided.
    pub request_error: Option<RequestError>,
    /// Why the current world does not load.
    pub world_errors: Rc<Vec<LoadError>>,
    /// Show a statement in the editor.
    pub on_statement: Callback<StatementTarget>,
    /// Which part to render: the verdict (above the request form) or the details.
    #[prop_or_default]
    pub part: DecisionPart,
}

/// The two places the decision is shown: its verdict at the top of the panel, its reason,
/// deciding statements and explanation under the request form.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum DecisionPart {
    /// Problems and the verdict.
    #[default]
    Verdict,
    /// The request line, reason, deciding statements, notes and explanation tree.
    Details,
}

impl PartialEq for DecisionViewProps {
    fn eq(&self, other: &Self) -> bool {
        same_rc(&self.decided, &other.decided)
            && self.stale == other.stale
            && self.part == other.part
            && self.request_error == other.request_error
            && Rc::ptr_eq(&self.world_errors, &other.world_errors)
    }
}

/// The decision panel's body.
#[function_component(DecisionView)]
pub fn decision_view(props: &DecisionViewProps) -> Html {
    match props.part {
        DecisionPart::Verdict => html! {
            <div class="decision-view decision-view--verdict">
                { problems(props) }
                {
                    match &props.decided {
                        Some(decided) => verdict(decided, props),
                        None => html! {
                            <div class="placeholder">
                                <p class="placeholder__title">{ "No decision yet" }</p>
                                <p class="placeholder__text">{ "Fill in the request below." }</p>
                            </div>
                        },
                    }
                }
            </div>
        },
        DecisionPart::Details => match &props.decided {
            Some(decided) => html! {
                <div class="decision-view decision-view--details">{ decision(decided, props) }</div>
            },
            None => Html::default(),
        },
    }
}

fn problems(props: &DecisionViewProps) -> Html {
    if props.world_errors.is_empty() && props.request_error.is_none() {
        return Html::default();
    }
    if iam_world::only_pending(&props.world_errors) && props.request_error.is_none() {
        return loading_managed_policies(&props.world_errors);
    }
    html! {
        <div class="stale-banner" role="status" data-testid="stale-banner">
            <span class="stale-banner__icon">{ icons::warning() }</span>
            <div>
                <p class="stale-banner__title">
                    { if props.stale { "Showing the last decision: the current one cannot be made" } else { "No decision can be made" } }
                </p>
                <ul class="stale-banner__list">
                    if let Some(error) = &props.request_error {
                        <li>{ error.to_string() }</li>
                    }
                    { for props.world_errors.iter().take(6).map(|e| html! { <li>{ load_error_text(e) }</li> }) }
                    if props.world_errors.len() > 6 {
                        <li>{ format!("… and {} more", props.world_errors.len() - 6) }</li>
                    }
                </ul>
            </div>
        </div>
    }
}

/// The world attaches AWS managed policies whose text is still being fetched.
fn loading_managed_policies(errors: &[LoadError]) -> Html {
    let mut names: Vec<&str> = errors
        .iter()
        .filter_map(|e| match &e.kind {
            iam_world::LoadErrorKind::ManagedPolicyPending { name } => Some(name.as_str()),
            _ => None,
        })
        .collect();
    iam_policy::sort::sort(&mut names);
    names.dedup();
    html! {
        <div class="stale-banner stale-banner--loading" role="status" data-testid="managed-loading">
            <div>
                <p class="stale-banner__title">{ "Loading AWS managed policies…" }</p>
                <p>{ format!("The decision appears once {} has arrived.", names.join(", ")) }</p>
            </div>
        </div>
    }
}

fn load_error_text(error: &LoadError) -> String {
    match &error.kind {
        iam_world::LoadErrorKind::Policy { problems, .. } => {
            let first = problems.first();
            match first {
                Some(p) => format!(
                    "{} line {}:{}: {} [{}]",
                    error.path, p.start.line, p.start.column, p.message, p.code
                ),
                None => error.to_string(),
            }
        }
        _ => error.to_string(),
    }
}

fn verdict(decided: &Decided, props: &DecisionViewProps) -> Html {
    let check = &decided.check;
    let (class, icon, title, subtitle) = match check.decision {
        Decision::Allow => (
            "allow",
            icons::check(),
            "Allowed",
            "An Allow applies and nothing denies it",
        ),
        Decision::ExplicitDeny => (
            "explicit-deny",
            icons::cross(),
            "Denied",
            "Explicit deny: a Deny statement applies",
        ),
        Decision::ImplicitDeny => (
            "implicit-deny",
            icons::blocked(),
            "Denied",
            "Implicit deny: no statement allows it",
        ),
    };
    let first = check.explanation.outcome.deciding.first().map(|s| {
        let target = StatementTarget::of(s);
        let cb = props.on_statement.clone();
        (s.policy.clone(), Callback::from(move |_| cb.emit(target)))
    });
    html! {
        <div class={classes!("decision", props.stale.then_some("is-stale"))} data-testid="decision"
            data-decision={format!("{:?}", check.decision)} data-stale={props.stale.to_string()} aria-live="polite">
            <div class={classes!("verdict", format!("verdict--{class}"))}>
                <span class="verdict__icon">{ icon }</span>
                <div class="verdict__text">
                    <p class="verdict__title" data-testid="verdict">{ title }
                        if props.stale { <span class="verdict__stale">{ "stale" }</span> }
                    </p>
                    <p class="verdict__subtitle">{ subtitle }</p>
                    if let Some(layer) = check.explanation.outcome.layer {
                        <p class="verdict__layer">{ format!("Decided in the {}", layer.aws_name()) }
                            if let Some((policy, onclick)) = first {
                                { " by " }
                                <button type="button" class="verdict__link" onclick={onclick} title="Show the statement in the editor">{ policy }</button>
                            }
                        </p>
                    }
                </div>
            </div>
        </div>
    }
}

fn decision(decided: &Rc<Decided>, props: &DecisionViewProps) -> Html {
    let check = &decided.check;
    let explanation = &check.explanation;
    html! {
        <div class={classes!("decision", props.stale.then_some("is-stale"))}>
            <p class="decision__request mono">
                <span title="principal">{ short_arn(&check.principal) }</span>
                <span class="decision__sep">{ " → " }</span>
                <span title="action">{ &check.action }</span>
                <span class="decision__sep">{ " → " }</span>
                <span title="resource">{ short_arn(&check.resource) }</span>
            </p>
            if let Some(stop) = decided.stopped_at {
                <p class="decision__note">{ format!("The role chain stopped at hop {}: this is that hop's decision.", stop + 1) }</p>
            }
            { hops(decided) }
            <p class="decision__reason" data-testid="reason">{ &explanation.outcome.reason }</p>
            { deciding(decided, props) }
            { for check.notes.iter().chain(&explanation.notes).map(|n| html! { <p class="decision__note">{ n }</p> }) }
            <super::explanation_tree::ExplanationTree decided={decided.clone()} on_statement={props.on_statement.clone()} />
        </div>
    }
}

fn short_arn(text: &str) -> String {
    text.strip_prefix("arn:aws:")
        .map_or_else(|| text.to_owned(), |rest| format!("…{rest}"))
}

fn hops(decided: &Decided) -> Html {
    if decided.hops.is_empty() {
        return Html::default();
    }
    html! {
        <ol class="hops" aria-label="Role chain">
            { for decided.hops.iter().map(|hop| html! {
                <li class={classes!("hop", if hop.assumed { "hop--ok" } else { "hop--denied" })}>
                    <span class="hop__icon">{ if hop.assumed { icons::check() } else { icons::cross() } }</span>
                    <span class="hop__role mono">{ short_arn(&hop.role) }</span>
                    if hop.implicit { <span class="hop__implicit">{ "(implicit)" }</span> }
                    <span class="hop__detail">{ &hop.detail }</span>
                </li>
            }) }
        </ol>
    }
}

fn deciding(decided: &Decided, props: &DecisionViewProps) -> Html {
    let statements = &decided.check.explanation.outcome.deciding;
    if statements.is_empty() {
        return html! {
            <p class="decision__none">{ "No statement decided: nothing allowed the request, so it is denied by default." }</p>
        };
    }
    html! {
        <div class="deciding">
            <h3 class="section-title">{ if statements.len() == 1 { "Deciding statement" } else { "Deciding statements" } }</h3>
            <ul class="deciding__list">
                { for statements.iter().map(|s| {
                    let target = StatementTarget::of(s);
                    let cb = props.on_statement.clone();
                    let onclick = Callback::from(move |_| cb.emit(target));
                    let label = s.sid.clone().map_or_else(|| format!("statement {}", s.statement), |sid| format!("\"{sid}\""));
                    html! {
                        <li>
                            <button type="button" class={classes!("statement-link", format!("statement-link--{}", format!("{:?}", s.effect).to_ascii_lowercase()))}
                                onclick={onclick} data-testid="deciding-statement" title="Show this statement in the editor">
                                <span class="statement-link__effect">{ format!("{:?}", s.effect) }</span>
                                <span class="statement-link__policy">{ &s.policy }</span>
                                <span class="statement-link__sid">{ label }</span>
                                <span class="statement-link__layer">{ layer_name(s.layer) }</span>
                            </button>
                        </li>
                    }
                }) }
            </ul>
        </div>
    }
}
