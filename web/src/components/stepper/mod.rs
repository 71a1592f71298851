//! The AssumeRole stepper: choose who starts and which roles to assume (or click trust arrows
//! on the diagram), then step hop by hop. Each hop shows the trust-policy check and the
//! caller's permission check with their deciding statements, the session it produced, and
//! what a person would type to do it for real; a denied hop says why, shows the deciding
//! statement in the editor, and stops. A last step checks an action as the final session.
//!
//! The plan and its run are the owner's (the diagram highlights them); this component only
//! renders them and reports changes.

pub mod plan;
pub mod questions;
mod step_card;

use std::rc::Rc;

use iam_world::model::HopDoc;
use iam_world::{AssumeResult, World};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::components::canvas_area::LOADING_MANAGED_POLICIES;

use self::plan::{Plan, Run, SignIn, deciding_check, deciding_statement};
use self::step_card::{AccessCard, StartCard, StepCard};
use crate::diagram::GraphModel;
use crate::diagram::model::{ContainerKind, NodeKind, last_segment};
use crate::state::PolicyKey;

/// Properties of [`Stepper`].
#[derive(Properties)]
pub struct StepperProps {
    /// The loaded world (`None`: it does not load, nothing can be stepped).
    pub world: Option<Rc<World>>,
    /// `world` is `None` only until the AWS managed policy texts arrive.
    #[prop_or_default]
    pub waiting: bool,
    /// The diagram's graph (the principals and roles to choose from).
    pub model: Rc<GraphModel>,
    /// What to step through.
    pub plan: Rc<Plan>,
    /// The plan run through the world.
    pub run: Rc<Run>,
    /// No edits of the plan's hops from the diagram (they still step).
    #[prop_or_default]
    pub read_only: bool,
    /// A new plan.
    pub on_plan: Callback<Plan>,
    /// Show a statement in the editor (its policy and byte range).
    pub on_show_span: Callback<(PolicyKey, (u32, u32))>,
    /// Open a policy in the editor.
    pub on_open_policy: Callback<PolicyKey>,
    /// Make this chain the request of the decision panel.
    #[prop_or_default]
    pub on_use_as_request: Option<Callback<Plan>>,
}

impl PartialEq for StepperProps {
    fn eq(&self, other: &Self) -> bool {
        let same_world =
            self.world.as_ref().map(Rc::as_ptr) == other.world.as_ref().map(Rc::as_ptr);
        same_world
            && Rc::ptr_eq(&self.model, &other.model)
            && self.plan == other.plan
            && Rc::ptr_eq(&self.run, &other.run)
            && self.read_only == other.read_only
    }
}

/// Principals a chain can start from, grouped: (group label, [(principal ref, label)]).
fn start_choices(model: &GraphModel) -> Vec<(String, Vec<(String, String)>)> {
    let mut groups: Vec<(String, Vec<(String, String)>)> = Vec::new();
    for (index, container) in model.containers.iter().enumerate() {
        let members: Vec<(String, String)> = model
            .nodes
            .iter()
            .filter(|n| n.container == index)
            .filter_map(|n| {
                let reference = n.principal_ref.clone()?;
                Some((reference, format!("{} ({})", n.label, n.kind.noun())))
            })
            .collect();
        if members.is_empty() {
            continue;
        }
        let label = match container.kind {
            ContainerKind::Outside => "Outside the accounts".to_owned(),
            _ => format!("{} · {}", container.label, container.id),
        };
        groups.push((label, members));
    }
    groups
}

/// Roles a hop can assume: (reference, label).
fn role_choices(model: &GraphModel) -> Vec<(String, String)> {
    model
        .nodes
        .iter()
        .filter(|n| matches!(n.kind, NodeKind::Role | NodeKind::SsoRole))
        .filter_map(|n| {
            let account = model.containers.get(n.container)?;
            let reference = n.arn.clone()?;
            Some((reference, format!("{} · {}", n.label, account.label)))
        })
        .collect()
}

/// The value of the `<select>` an event came from (empty if it is not one).
pub(crate) fn select_value(event: &Event) -> String {
    event
        .target_dyn_into::<HtmlSelectElement>()
        .map(|s| s.value())
        .unwrap_or_default()
}

/// The value of the `<input>` an event came from (empty if it is not one).
pub(crate) fn input_value(event: &Event) -> String {
    event
        .target_dyn_into::<HtmlInputElement>()
        .map(|s| s.value())
        .unwrap_or_default()
}

/// The stepper.
#[function_component(Stepper)]
pub fn stepper(props: &StepperProps) -> Html {
    let plan = (*props.plan).clone();
    let timeline = use_node_ref();
    {
        // Bring the card of the step just taken into view.
        let timeline = timeline.clone();
        use_effect_with((plan.taken, plan.access_shown), move |_| {
            if let Some(last) = timeline
                .cast::<web_sys::Element>()
                .and_then(|t| t.last_element_child())
            {
                last.scroll_into_view_with_bool(false);
            }
        });
    }
    let Some(world) = props.world.clone() else {
        let why = if props.waiting {
            LOADING_MANAGED_POLICIES
        } else {
            "The world does not load: fix its problems to step through chains."
        };
        return html! { <div class="st-empty" data-testid="stepper">{ why }</div> };
    };
    let on_start = {
        let plan = plan.clone();
        let on_plan = props.on_plan.clone();
        Callback::from(move |event: Event| {
            let value = select_value(&event);
            let mut next = plan.rewound();
            next.start = (!value.is_empty()).then_some(value);
            on_plan.emit(next);
        })
    };
    let on_sign_in = {
        let plan = plan.clone();
        let on_plan = props.on_plan.clone();
        Callback::from(move |event: Event| {
            let value = select_value(&event);
            let mut next = plan.rewound();
            next.sign_in = SignIn::ALL
                .iter()
                .copied()
                .find(|s| s.label() == value)
                .unwrap_or_default();
            on_plan.emit(next);
        })
    };
    let on_add_hop = {
        let plan = plan.clone();
        let on_plan = props.on_plan.clone();
        Callback::from(move |event: Event| {
            let value = select_value(&event);
            if value.is_empty() {
                return;
            }
            let mut next = plan.rewound();
            next.hops.push(HopDoc {
                role: value,
                ..HopDoc::default()
            });
            on_plan.emit(next);
            if let Some(select) = event.target_dyn_into::<HtmlSelectElement>() {
                select.set_value("");
            }
        })
    };
    let on_action = {
        let plan = plan.clone();
        let on_plan = props.on_plan.clone();
        Callback::from(move |event: Event| {
            let mut next = plan.clone();
            next.action = input_value(&event);
            next.access_shown = false;
            on_plan.emit(next);
        })
    };
    let on_resource = {
        let plan = plan.clone();
        let on_plan = props.on_plan.clone();
        Callback::from(move |event: Event| {
            let mut next = plan.clone();
            next.resource = input_value(&event);
            next.access_shown = false;
            on_plan.emit(next);
        })
    };

    let run = props.run.clone();
    let steps_total = run.steps.len();
    let has_access = !plan.action.trim().is_empty();
    let finished =
        plan.taken >= steps_total && (!has_access || plan.access_shown || !run.completed());
    let stopped = run
        .steps
        .iter()
        .take(plan.taken)
        .any(|s| s.outcome.session().is_none());

    let on_step = {
        let plan = plan.clone();
        let run = run.clone();
        let on_plan = props.on_plan.clone();
        let on_show_span = props.on_show_span.clone();
        Callback::from(move |_: MouseEvent| {
            let mut next = plan.clone();
            next.serial += 1;
            if next.taken < run.steps.len() {
                next.taken += 1;
                if let Some(step) = run.steps.get(next.taken - 1) {
                    if !matches!(step.outcome.result, AssumeResult::Assumed { .. }) {
                        if let Some(statement) = deciding_check(step).and_then(deciding_statement) {
                            on_show_span.emit((statement.key, statement.span));
                        }
                    }
                }
            } else if run.access.is_some() {
                next.access_shown = true;
                if let Some(Ok(check)) = &run.access {
                    if check.decision != iam_world::Decision::Allow {
                        if let Some(statement) = deciding_statement(check) {
                            on_show_span.emit((statement.key, statement.span));
                        }
                    }
                }
            }
            on_plan.emit(next);
        })
    };
    let on_run_all = {
        let plan = plan.clone();
        let run = run.clone();
        let on_plan = props.on_plan.clone();
        Callback::from(move |_: MouseEvent| {
            let mut next = plan.clone();
            next.serial += 1;
            next.taken = run.steps.len();
            next.access_shown = run.access.is_some();
            on_plan.emit(next);
        })
    };
    let on_reset = {
        let plan = plan.clone();
        let on_plan = props.on_plan.clone();
        Callback::from(move |_: MouseEvent| on_plan.emit(plan.rewound()))
    };
    let on_clear = {
        let on_plan = props.on_plan.clone();
        let serial = plan.serial;
        Callback::from(move |_: MouseEvent| {
            on_plan.emit(Plan {
                serial: serial + 1,
                ..Plan::default()
            })
        })
    };

    let starts = start_choices(&props.model);
    let roles = role_choices(&props.model);
    let start_is_user = plan
        .start
        .as_deref()
        .is_some_and(|s| s.starts_with("user:"));
    let status = if plan.start.is_none() {
        "Choose who starts, then the roles to assume (or click trust arrows on the diagram)."
            .to_owned()
    } else if let Some(error) = &run.error {
        error.clone()
    } else if stopped {
        "The chain stopped: the hop was refused.".to_owned()
    } else if finished {
        "Done.".to_owned()
    } else if plan.taken < steps_total {
        format!("Next: hop {} of {steps_total}", plan.taken + 1)
    } else {
        "Next: the access check as the last session".to_owned()
    };
    let can_step = plan.start.is_some() && !finished && !stopped && run.error.is_none();
    let shown_run = run.clone();

    html! {
        <div class="st" data-testid="stepper">
            <div class="st-setup">
                <label class="st-field">
                    <span class="st-field__label">{ "Start as" }</span>
                    <select class="st-select" onchange={on_start} data-testid="stepper-start" aria-label="Start principal">
                        <option value="" selected={plan.start.is_none()}>{ "Choose a principal…" }</option>
                        { for starts.iter().map(|(group, members)| html! {
                            <optgroup label={group.clone()}>
                                { for members.iter().map(|(reference, label)| html! {
                                    <option value={reference.clone()} selected={plan.start.as_deref() == Some(reference.as_str())}>{ label }</option>
                                }) }
                            </optgroup>
                        }) }
                    </select>
                </label>
                if start_is_user {
                    <label class="st-field st-field--narrow">
                        <span class="st-field__label">{ "signed in with" }</span>
                        <select class="st-select" onchange={on_sign_in} aria-label="Credentials">
                            { for SignIn::ALL.iter().map(|s| html! {
                                <option value={s.label()} selected={*s == plan.sign_in}>{ s.label() }</option>
                            }) }
                        </select>
                    </label>
                }
            </div>
            <ol class="st-chain" aria-label="Roles to assume">
                { for plan.hops.iter().enumerate().map(|(index, hop)| hop_row(index, hop, &plan, &props.on_plan, &props.model)) }
                <li class="st-chain__add">
                    <select class="st-select st-select--add" onchange={on_add_hop} data-testid="stepper-add-role" aria-label="Add a role to the chain">
                        <option value="" selected=true>{ if plan.hops.is_empty() { "+ Assume a role…" } else { "+ Then assume…" } }</option>
                        { for roles.iter().map(|(reference, label)| html! { <option value={reference.clone()}>{ label }</option> }) }
                    </select>
                </li>
            </ol>
            <div class="st-access">
                <span class="st-field__label">{ "Then, as the last session:" }</span>
                <input class="st-input" type="text" placeholder="action (s3:GetObject)" value={plan.action.clone()} onchange={on_action}
                    aria-label="Action to check at the end" data-testid="stepper-action" spellcheck="false" />
                <span class="st-access__on">{ "on" }</span>
                <input class="st-input" type="text" placeholder="resource (* or bucket/key)" value={plan.resource.clone()} onchange={on_resource}
                    aria-label="Resource of the final check" data-testid="stepper-resource" spellcheck="false" />
            </div>
            <div class="st-controls">
                <button type="button" class="button button--primary st-step" onclick={on_step} disabled={!can_step} data-testid="stepper-step">
                    { "Step ▸" }
                </button>
                <button type="button" class="button" onclick={on_run_all} disabled={!can_step} data-testid="stepper-run-all">{ "Run all" }</button>
                <button type="button" class="button button--ghost" onclick={on_reset} disabled={plan.taken == 0 && !plan.access_shown}>{ "Rewind" }</button>
                <button type="button" class="button button--ghost" onclick={on_clear} disabled={plan.start.is_none()}>{ "Clear" }</button>
                if let Some(on_use) = props.on_use_as_request.clone() {
                    <button type="button" class="button button--ghost" disabled={plan.start.is_none()} data-testid="stepper-use-as-request"
                        title="Decide this chain in the Decision panel, with the full explanation"
                        onclick={ { let plan = plan.clone(); Callback::from(move |_: MouseEvent| on_use.emit(plan.clone())) } }>
                        { "Decide in panel →" }
                    </button>
                }
                <span class="st-status" role="status" data-testid="stepper-status">{ status }</span>
            </div>
            if plan.start.is_some() && run.error.is_none() {
                <ol class="st-timeline" data-testid="stepper-timeline" ref={timeline}>
                    <StartCard label={AttrValue::from(shown_run.start_label.clone())} sign_in={plan.sign_in} is_user={start_is_user} />
                    { for shown_run.steps.iter().take(plan.taken).cloned().enumerate().map(|(index, step)| html! {
                        <StepCard key={format!("{}-{index}", plan.serial)} step={Rc::new(step)} world={world.clone()}
                            previous_chained={index > 0}
                            on_show_span={props.on_show_span.clone()} on_open_policy={props.on_open_policy.clone()} />
                    }) }
                    if plan.access_shown {
                        if let Some(access) = shown_run.access.clone() {
                            <AccessCard access={Rc::new(access)} action={AttrValue::from(plan.action.clone())}
                                on_show_span={props.on_show_span.clone()} />
                        }
                    }
                </ol>
            }
        </div>
    }
}

/// One hop of the plan, with its parameters.
fn hop_row(
    index: usize,
    hop: &HopDoc,
    plan: &Plan,
    on_plan: &Callback<Plan>,
    model: &GraphModel,
) -> Html {
    let label = model
        .nodes
        .iter()
        .find(|n| n.arn.as_deref() == Some(hop.role.as_str()) || n.label == hop.role)
        .map_or_else(|| last_segment(&hop.role).to_owned(), |n| n.label.clone());
    let edit = |change: fn(&mut HopDoc, String)| {
        let plan = plan.clone();
        let on_plan = on_plan.clone();
        Callback::from(move |event: Event| {
            let value = match event.target_dyn_into::<HtmlInputElement>() {
                Some(input) if input.type_() == "checkbox" => input.checked().to_string(),
                Some(input) => input.value(),
                None => String::new(),
            };
            let mut next = plan.rewound();
            if let Some(hop) = next.hops.get_mut(index) {
                change(hop, value);
            }
            on_plan.emit(next);
        })
    };
    let remove = {
        let plan = plan.clone();
        let on_plan = on_plan.clone();
        Callback::from(move |_: MouseEvent| {
            let mut next = plan.rewound();
            if index < next.hops.len() {
                next.hops.remove(index);
            }
            on_plan.emit(next);
        })
    };
    let text = |value: &Option<String>| value.clone().unwrap_or_default();
    html! {
        <li class="st-chain__hop" data-testid="stepper-hop">
            <div class="st-chain__head">
                <span class="st-chain__index">{ index + 1 }</span>
                <span class="st-chain__role" title={hop.role.clone()}>{ label }</span>
                <button type="button" class="button button--ghost st-chain__remove" onclick={remove} aria-label={format!("Remove hop {}", index + 1)}>{ "✕" }</button>
            </div>
            <details class="st-chain__options">
                <summary>{ "parameters" }</summary>
                <div class="st-chain__grid">
                    <label>{ "Session name" }
                        <input class="st-input" type="text" value={text(&hop.session_name)} placeholder="default: caller's name"
                            onchange={edit(|h, v| h.session_name = (!v.trim().is_empty()).then(|| v.trim().to_owned()))} />
                    </label>
                    <label>{ "External ID" }
                        <input class="st-input" type="text" value={text(&hop.external_id)} onchange={edit(|h, v| h.external_id = (!v.trim().is_empty()).then(|| v.trim().to_owned()))} />
                    </label>
                    <label>{ "Source identity" }
                        <input class="st-input" type="text" value={text(&hop.source_identity)} onchange={edit(|h, v| h.source_identity = (!v.trim().is_empty()).then(|| v.trim().to_owned()))} />
                    </label>
                    <label class="st-check">
                        <input type="checkbox" checked={hop.mfa.is_some()}
                            onchange={edit(|h, v| h.mfa = (v == "true").then_some(iam_world::model::MfaDoc { serial_number: None, token_code: None }))} />
                        { "pass MFA (serial number and code)" }
                    </label>
                </div>
            </details>
        </li>
    }
}
