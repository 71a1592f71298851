//! Reachability views: select a role and see who can reach it and by which chains; select a
//! resource, name an action, and see who can perform it, directly or through chains. Each
//! answer lights its path on the diagram and can be replayed in the stepper.

pub mod query;

use std::rc::Rc;

use iam_world::world::ResourceKind;
use iam_world::{Clock, World};
use yew::prelude::*;

use crate::components::canvas_area::LOADING_MANAGED_POLICIES;

use self::query::{Answer, highlight_of, who_can, who_reaches};
use crate::components::canvas::Highlight;
use crate::components::canvas::icons;
use crate::components::stepper::plan::Plan;
use crate::components::stepper::{input_value, select_value};
use crate::diagram::GraphModel;
use crate::diagram::model::{Node, NodeKind, last_segment};

/// Properties of [`Reach`].
#[derive(Properties)]
pub struct ReachProps {
    /// The loaded world.
    pub world: Option<Rc<World>>,
    /// `world` is `None` only until the AWS managed policy texts arrive.
    #[prop_or_default]
    pub waiting: bool,
    /// The diagram's graph.
    pub model: Rc<GraphModel>,
    /// The selected node: the role or resource asked about.
    #[prop_or_default]
    pub selection: Option<AttrValue>,
    /// The clock for worlds that set none.
    pub clock: Clock,
    /// Lights a path on the diagram (`Highlight::default()` clears).
    pub on_highlight: Callback<Highlight>,
    /// Replays a path in the stepper.
    pub on_step: Callback<Plan>,
    /// Chooses what to ask about.
    pub on_select: Callback<Option<AttrValue>>,
}

impl PartialEq for ReachProps {
    fn eq(&self, other: &Self) -> bool {
        let same_world =
            self.world.as_ref().map(Rc::as_ptr) == other.world.as_ref().map(Rc::as_ptr);
        same_world
            && Rc::ptr_eq(&self.model, &other.model)
            && self.selection == other.selection
            && self.clock == other.clock
    }
}

fn is_role(node: &Node) -> bool {
    matches!(node.kind, NodeKind::Role | NodeKind::SsoRole)
}

fn is_resource(node: &Node) -> bool {
    node.kind.family() == "resource" && node.arn.is_some()
}

/// A sensible first question about a resource: its typical action and an object of it.
fn default_question(node: &Node, doc_objects: Option<&str>) -> (String, String) {
    let arn = node.arn.clone().unwrap_or_default();
    match node.kind {
        NodeKind::Bucket => (
            "s3:GetObject".to_owned(),
            format!("{arn}/{}", doc_objects.unwrap_or("example.txt")),
        ),
        NodeKind::Queue => ("sqs:SendMessage".to_owned(), arn),
        NodeKind::KmsKey => ("kms:Decrypt".to_owned(), arn),
        NodeKind::Function => ("lambda:InvokeFunction".to_owned(), arn),
        NodeKind::Instance => ("ec2:StopInstances".to_owned(), arn),
        _ => ("*".to_owned(), arn),
    }
}

/// The first object key the world lists for a bucket.
fn first_object(world: &World, arn: &str) -> Option<String> {
    let resource = world.resources().iter().find(|r| r.arn == arn)?;
    match &resource.kind {
        ResourceKind::S3Bucket { objects, .. } => objects.first().map(|(key, _)| key.clone()),
        _ => None,
    }
}

/// The reachability views.
#[function_component(Reach)]
pub fn reach(props: &ReachProps) -> Html {
    let question = use_state(|| None::<(String, String)>);
    let chosen = use_state(|| None::<usize>);
    let Some(world) = props.world.clone() else {
        let why = if props.waiting {
            LOADING_MANAGED_POLICIES
        } else {
            "The world does not load: fix its problems to ask who can reach what."
        };
        return html! { <div class="st-empty" data-testid="reach">{ why }</div> };
    };
    let target = props
        .selection
        .as_deref()
        .and_then(|id| props.model.node(id))
        .filter(|n| is_role(n) || is_resource(n))
        .cloned();

    {
        // A new target: forget the last answer and ask its default question.
        let question = question.clone();
        let chosen = chosen.clone();
        let on_highlight = props.on_highlight.clone();
        let world = world.clone();
        use_effect_with(target.clone(), move |target| {
            chosen.set(None);
            on_highlight.emit(Highlight::default());
            question.set(target.as_ref().filter(|n| is_resource(n)).map(|n| {
                let object = n.arn.as_deref().and_then(|arn| first_object(&world, arn));
                default_question(n, object.as_deref())
            }));
        });
    }

    let answers: Rc<Result<Vec<Answer>, String>> = {
        let world = world.clone();
        let model = props.model.clone();
        let clock = props.clock;
        let key = (
            target.as_ref().map(|n| n.id.clone()),
            (*question).clone(),
            Rc::as_ptr(&world) as usize,
        );
        let target = target.clone();
        use_memo(key, move |(_, question, _)| match &target {
            Some(node) if is_role(node) => Ok(who_reaches(
                &world,
                &model,
                node.arn.as_deref().unwrap_or_default(),
                clock,
            )),
            Some(_) => match question {
                Some((action, resource)) if !action.trim().is_empty() => {
                    let resource = world
                        .resolve_resource(resource.trim())
                        .map_err(|e| e.to_string());
                    resource.and_then(|arn| who_can(&world, &model, action.trim(), &arn, clock))
                }
                _ => Ok(Vec::new()),
            },
            None => Ok(Vec::new()),
        })
    };

    let choose_target = {
        let on_select = props.on_select.clone();
        Callback::from(move |event: Event| {
            let value = select_value(&event);
            on_select.emit((!value.is_empty()).then(|| value.into()));
        })
    };
    // Each input changes its half of the question.
    let set_part = |update: fn(&mut (String, String), String)| {
        let question = question.clone();
        Callback::from(move |event: Event| {
            let mut next = (*question).clone().unwrap_or_default();
            update(&mut next, input_value(&event));
            question.set(Some(next));
        })
    };
    let set_action = set_part(|question, action| question.0 = action);
    let set_resource = set_part(|question, resource| question.1 = resource);

    let targets: Vec<&Node> = props
        .model
        .nodes
        .iter()
        .filter(|n| is_role(n) || is_resource(n))
        .collect();
    let heading = match &target {
        Some(node) if is_role(node) => {
            html! { <h3 class="rc-title">{ "Who can reach " }<strong>{ &node.label }</strong>{ "?" }</h3> }
        }
        Some(node) => {
            html! { <h3 class="rc-title">{ "Who can act on " }<strong>{ &node.label }</strong>{ "?" }</h3> }
        }
        None => {
            html! { <h3 class="rc-title">{ "Select a role or a resource on the diagram" }</h3> }
        }
    };
    let results = match &*answers {
        Err(error) => html! { <p class="rc-error" role="status">{ error }</p> },
        Ok(list) if list.is_empty() && target.is_some() => html! {
            <p class="rc-none" data-testid="reach-none">{ "Nobody in this world: no principal reaches it, even through chains." }</p>
        },
        Ok(list) => html! {
            <ul class="rc-answers" data-testid="reach-answers">
                { for list.iter().enumerate().map(|(index, answer)| {
                    let is_chosen = *chosen == Some(index);
                    let show = {
                        let chosen = chosen.clone();
                        let on_highlight = props.on_highlight.clone();
                        let world = world.clone();
                        let model = props.model.clone();
                        let answer = answer.clone();
                        let goal = target.as_ref().map(|n| n.id.clone());
                        let clock = props.clock;
                        Callback::from(move |_: MouseEvent| {
                            if is_chosen {
                                chosen.set(None);
                                on_highlight.emit(Highlight::default());
                            } else {
                                chosen.set(Some(index));
                                on_highlight.emit(highlight_of(&world, &model, &answer, goal.as_deref(), clock));
                            }
                        })
                    };
                    let step = {
                        let on_step = props.on_step.clone();
                        let plan = answer.plan(index as u64 + 1);
                        let action = question.as_ref().filter(|_| target.as_ref().is_some_and(is_resource)).cloned();
                        Callback::from(move |_: MouseEvent| {
                            let mut plan = plan.clone();
                            if let Some((action, resource)) = &action {
                                plan.action = action.clone();
                                plan.resource = resource.clone();
                            }
                            on_step.emit(plan);
                        })
                    };
                    answer_row(answer, is_chosen, show, step)
                }) }
            </ul>
        },
    };

    html! {
        <div class="rc" data-testid="reach">
            <div class="rc-head">
                { heading }
                <select class="st-select" onchange={choose_target} aria-label="Role or resource to ask about" data-testid="reach-target">
                    <option value="" selected={target.is_none()}>{ "Choose…" }</option>
                    <optgroup label="Roles">
                        { for targets.iter().filter(|n| is_role(n)).map(|n| html! {
                            <option value={n.id.clone()} selected={target.as_ref().is_some_and(|t| t.id == n.id)}>{ &n.label }</option>
                        }) }
                    </optgroup>
                    <optgroup label="Resources">
                        { for targets.iter().filter(|n| is_resource(n)).map(|n| html! {
                            <option value={n.id.clone()} selected={target.as_ref().is_some_and(|t| t.id == n.id)}>{ &n.label }</option>
                        }) }
                    </optgroup>
                </select>
            </div>
            if let Some((action, resource)) = (*question).clone() {
                <div class="rc-question">
                    <input class="st-input" type="text" value={action} onchange={set_action} aria-label="Action" spellcheck="false" data-testid="reach-action" />
                    <span class="st-access__on">{ "on" }</span>
                    <input class="st-input rc-question__resource" type="text" value={resource} onchange={set_resource} aria-label="Resource" spellcheck="false" />
                </div>
            }
            { results }
        </div>
    }
}

fn answer_row(
    answer: &Answer,
    chosen: bool,
    show: Callback<MouseEvent>,
    step: Callback<MouseEvent>,
) -> Html {
    let needs = answer.needs();
    html! {
        <li class={classes!("rc-answer", chosen.then_some("is-chosen"))} data-testid="reach-answer">
            <button type="button" class="rc-answer__path" onclick={show} aria-pressed={chosen.to_string()} title="Show this path on the diagram">
                <span class="rc-answer__start">{ icons::inline("user") }{ &answer.label }</span>
                if answer.hops.is_empty() {
                    <span class="rc-answer__direct">{ "directly" }</span>
                }
                { for answer.hops.iter().map(|hop| {
                    let role = last_segment(&hop.role).to_owned();
                    html! { <><span class="rc-answer__arrow" aria-hidden="true">{ "→" }</span><span class="rc-answer__role">{ role }</span></> }
                }) }
            </button>
            if !needs.is_empty() {
                <span class="rc-answer__needs">{ format!("needs {}", needs.join(", ")) }</span>
            }
            <button type="button" class="button button--small" onclick={step} data-testid="reach-step">{ "Step it" }</button>
        </li>
    }
}
