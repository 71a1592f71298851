//! The explanation tree: layer → policy → statement → action, resource, principal and each
//! condition with the values compared. Layers and statements that decided are open.

use std::rc::Rc;

use iam_eval::explain::{
    ConditionReport, ElementReport, LayerReport, PolicyReport, StatementReport, Verdict,
};
use yew::prelude::*;

use super::decision_view::StatementTarget;
use super::icons;
use crate::state::evaluation::Decided;
use crate::state::policy::layer_name;

/// Properties of [`ExplanationTree`].
#[derive(Properties)]
pub struct ExplanationTreeProps {
    /// The decision whose explanation is shown.
    pub decided: Rc<Decided>,
    /// Show a statement in the editor.
    pub on_statement: Callback<StatementTarget>,
}

impl PartialEq for ExplanationTreeProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.decided, &other.decided) && self.on_statement == other.on_statement
    }
}

/// The explanation tree.
#[function_component(ExplanationTree)]
pub fn explanation_tree(props: &ExplanationTreeProps) -> Html {
    html! {
        <div class="explanation" data-testid="explanation">
            <h3 class="section-title">{ "How each policy matched" }</h3>
            <ul class="tree" role="list">
                { for props.decided.check.explanation.layers.iter().map(|layer| layer_node(layer, props)) }
            </ul>
        </div>
    }
}

fn layer_node(layer: &LayerReport, props: &ExplanationTreeProps) -> Html {
    let name = match layer.level {
        Some(level) => format!("{} · level {level}", layer_name(layer.layer)),
        None => layer_name(layer.layer).to_owned(),
    };
    let open = layer.policies.iter().any(policy_decides);
    html! {
        <li class="tree__layer">
            <details open={open}>
                <summary>
                    <span class="tree__name">{ name }</span>
                    { verdict_chip(layer.verdict) }
                </summary>
                <ul class="tree__children" role="list">
                    { for layer.policies.iter().map(|policy| {
                        let open = policy_decides(policy);
                        html! {
                            <li class="tree__policy">
                                <details open={open}>
                                    <summary><span class="tree__name">{ &policy.name }</span>
                                        <span class="tree__count">{ format!("{} statement{}", policy.statements.len(), if policy.statements.len() == 1 { "" } else { "s" }) }</span>
                                    </summary>
                                    <ul class="tree__children" role="list">
                                        { for policy.statements.iter().map(|statement| {
                                            let target = StatementTarget { layer: layer.layer, level: layer.level, policy_index: policy.index, span: (statement.span.start, statement.span.end) };
                                            let cb = props.on_statement.clone();
                                            let onclick = Callback::from(move |e: MouseEvent| { e.prevent_default(); cb.emit(target) });
                                            let effect = format!("{:?}", statement.effect);
                                            html! {
                                                <li class={classes!("tree__statement", statement.deciding.then_some("is-deciding"))}>
                                                    <details open={statement.deciding}>
                                                        <summary>
                                                            <span class={classes!("effect", format!("effect--{}", effect.to_ascii_lowercase()))}>{ &effect }</span>
                                                            <span class="tree__name">{ statement_label(statement) }</span>
                                                            <span class={classes!("chip", if statement.applies { "chip--applies" } else { "chip--nomatch" })}>
                                                                { if statement.applies { "applies" } else { "does not apply" } }
                                                            </span>
                                                            if statement.deciding { <span class="chip chip--deciding">{ "deciding" }</span> }
                                                            <button type="button" class="button button--ghost button--small tree__show" onclick={onclick}
                                                                data-testid="show-statement">{ "show" }</button>
                                                        </summary>
                                                        <ul class="elements" role="list">
                                                            { element_line("Action", &statement.action) }
                                                            { element_line("Resource", &statement.resource) }
                                                            if let Some(principal) = &statement.principal { { element_line("Principal", principal) } }
                                                            { for statement.conditions.iter().map(condition_line) }
                                                        </ul>
                                                    </details>
                                                </li>
                                            }
                                        }) }
                                    </ul>
                                </details>
                            </li>
                        }
                    }) }
                </ul>
            </details>
        </li>
    }
}

/// A layer's verdict chip.
fn verdict_chip(verdict: Verdict) -> Html {
    let (class, text) = match verdict {
        Verdict::Allows => ("allows", "allows"),
        Verdict::Denies => ("denies", "denies"),
        Verdict::NoMatch => ("nomatch", "no match"),
    };
    html! { <span class={classes!("chip", format!("chip--{class}"))}>{ text }</span> }
}

/// Whether a policy holds a deciding statement (it and its layer start open).
fn policy_decides(policy: &PolicyReport) -> bool {
    policy.statements.iter().any(|s| s.deciding)
}

/// One element's line.
fn element_line(name: &str, element: &ElementReport) -> Html {
    html! {
        <li class={classes!("element", if element.matched { "element--ok" } else { "element--no" })}>
            <span class="element__mark" aria-label={if element.matched { "matches" } else { "does not match" }}>
                { if element.matched { icons::check() } else { icons::cross() } }
            </span>
            <span class="element__name">{ name }</span>
            <span class="element__detail">{ &element.detail }</span>
        </li>
    }
}

/// One condition's line with the values compared.
fn condition_line(condition: &ConditionReport) -> Html {
    let request = condition
        .request_values
        .as_ref()
        .map_or_else(|| "(absent)".to_owned(), |v| v.join(", "));
    html! {
        <li class={classes!("element", if condition.passed { "element--ok" } else { "element--no" })}>
            <span class="element__mark" aria-label={if condition.passed { "holds" } else { "fails" }}>
                { if condition.passed { icons::check() } else { icons::cross() } }
            </span>
            <span class="element__name">{ "Condition" }</span>
            <span class="element__detail">
                <span class="mono">{ format!("{} {}", condition.operator, condition.key) }</span>
                <span class="values"><span class="values__label">{ "request" }</span><span class="mono">{ request }</span></span>
                <span class="values"><span class="values__label">{ "policy" }</span><span class="mono">{ condition.policy_values.join(", ") }</span></span>
                <span class="element__why">{ &condition.detail }</span>
            </span>
        </li>
    }
}

/// A statement's summary label.
fn statement_label(statement: &StatementReport) -> String {
    match &statement.sid {
        Some(sid) => format!("#{} \"{sid}\"", statement.index),
        None => format!("#{}", statement.index),
    }
}
