//! The examples gallery and the current example's questions: a short story, two or three
//! questions with a hint, a live check of each against the world as it is now, and a button
//! that loads the question's chain into the stepper. Below, every other built-in world.

use std::rc::Rc;

use iam_world::model::ExpectationDoc;
use iam_world::refs::PrincipalRef;
use iam_world::{Clock, World};
use yew::prelude::*;

use crate::components::canvas_area::LOADING_MANAGED_POLICIES;

use super::plan::{Plan, SignIn};
use crate::diagram::gallery::{self, Question, Status, expected_words};

/// Properties of [`Questions`].
#[derive(Properties)]
pub struct QuestionsProps {
    /// The example the document started from.
    #[prop_or_default]
    pub example: Option<AttrValue>,
    /// The world as it is now (`None` when it does not load).
    pub world: Option<Rc<World>>,
    /// `world` is `None` only until the AWS managed policy texts arrive.
    #[prop_or_default]
    pub waiting: bool,
    /// The clock for worlds that set none.
    pub clock: Clock,
    /// Opens a built-in example.
    pub on_load_example: Callback<String>,
    /// Loads a chain into the stepper.
    pub on_step: Callback<Plan>,
}

impl PartialEq for QuestionsProps {
    fn eq(&self, other: &Self) -> bool {
        let same_world =
            self.world.as_ref().map(Rc::as_ptr) == other.world.as_ref().map(Rc::as_ptr);
        same_world
            && self.waiting == other.waiting
            && self.example == other.example
            && self.clock == other.clock
    }
}

/// How the stepper names the principal an expectation names by a short reference.
pub fn canonical_reference(world: &World, reference: &str) -> String {
    let Ok(principal) = world.resolve_principal(reference) else {
        return reference.to_owned();
    };
    let account = |index: usize| world.account_id(index).to_owned();
    match principal {
        PrincipalRef::User(i) => world
            .users()
            .get(i)
            .map(|u| format!("user:{}/{}", account(u.account), u.name)),
        PrincipalRef::Role(i) => world
            .roles()
            .get(i)
            .map(|r| format!("role:{}/{}", account(r.account), r.name)),
        PrincipalRef::External(i) => world
            .external_identities()
            .get(i)
            .map(|e| format!("external:{}", e.name())),
        PrincipalRef::IdentityCenterUser(i) => world
            .identity_center()
            .and_then(|c| c.users.get(i))
            .map(|u| format!("idc:{}", u.name)),
        PrincipalRef::Instance(i) | PrincipalRef::Function(i) => {
            world.resources().get(i).map(|r| {
                let kind = if matches!(principal, PrincipalRef::Instance(_)) {
                    "instance"
                } else {
                    "function"
                };
                format!("{kind}:{}", r.short_name)
            })
        }
        _ => None,
    }
    .unwrap_or_else(|| reference.to_owned())
}

/// The stepper plan of a question's goal.
pub fn plan_of(world: &World, goal: &ExpectationDoc, serial: u64) -> Plan {
    Plan {
        start: Some(canonical_reference(world, &goal.principal)),
        sign_in: SignIn::of(goal.credentials.as_ref()),
        hops: goal.chain.clone(),
        action: goal.action.clone().unwrap_or_default(),
        resource: goal.resource.clone().unwrap_or_default(),
        serial,
        ..Plan::default()
    }
}

/// The questions and the gallery.
#[function_component(Questions)]
pub fn questions(props: &QuestionsProps) -> Html {
    let entry = props.example.as_deref().and_then(gallery::entry);
    let current = props.example.as_deref();
    html! {
        <div class="qs" data-testid="questions">
            if let Some(entry) = entry {
                <p class="qs-story">{ &entry.story }</p>
                <ol class="qs-list">
                    { for entry.questions.iter().enumerate().map(|(index, q)| question_item(index, q, props)) }
                </ol>
            } else {
                <p class="qs-story">{ "This world is not one of the built-in examples: open one below to get its story and questions." }</p>
            }
            <h3 class="qs-gallery__title">{ "Examples" }</h3>
            <ul class="qs-gallery" data-testid="gallery">
                { for crate::state::document::example_list().into_iter().map(|(example, title, _)| {
                    let open = {
                        let on_load_example = props.on_load_example.clone();
                        let id = example.id.to_owned();
                        Callback::from(move |_: MouseEvent| on_load_example.emit(id.clone()))
                    };
                    let count = gallery::entry(example.id).map_or(0, |e| e.questions.len());
                    let is_current = current == Some(example.id);
                    html! {
                        <li class={classes!("qs-card", is_current.then_some("is-current"))} data-example={example.id}>
                            <div class="qs-card__text">
                                <span class="qs-card__seed">{ example.seed.map_or("extra".to_owned(), |s| format!("seed {s}")) }</span>
                                <span class="qs-card__title">{ title }</span>
                                <span class="qs-card__count">{ format!("{count} questions") }</span>
                            </div>
                            if is_current {
                                <span class="qs-card__open is-current">{ "open" }</span>
                            } else {
                                <button type="button" class="button button--small qs-card__open" onclick={open}>{ "Open" }</button>
                            }
                        </li>
                    }
                }) }
            </ul>
        </div>
    }
}

fn question_item(index: usize, question: &Question, props: &QuestionsProps) -> Html {
    let status = gallery::status(question, props.world.as_deref(), props.clock);
    let (class, text) = match &status {
        Status::Answered if question.explore => {
            ("answered", "Holds: step it to see why".to_owned())
        }
        Status::Answered => (
            "answered",
            "Answered: the world now behaves as asked".to_owned(),
        ),
        Status::Open(now) => (
            "open",
            format!(
                "Not yet: {} should be {} ({now})",
                question.goal.name,
                expected_words(question.goal.expect)
            ),
        ),
        Status::Broke(what) => ("broke", format!("Almost: but this no longer holds: {what}")),
        Status::Unavailable if props.waiting => ("waiting", LOADING_MANAGED_POLICIES.to_owned()),
        Status::Unavailable => (
            "unavailable",
            "The world does not load: fix it first".to_owned(),
        ),
    };
    let step = props.world.clone().map(|world| {
        let on_step = props.on_step.clone();
        let goal = question.goal.clone();
        Callback::from(move |_: MouseEvent| {
            on_step.emit(plan_of(&world, &goal, 1000 + index as u64))
        })
    });
    html! {
        <li class={format!("qs-item is-{class}")} data-testid="question" data-question={question.id.clone()} data-status={class}>
            <p class="qs-item__prompt">{ &question.prompt }</p>
            <details class="qs-item__hint">
                <summary>{ "Hint" }</summary>
                <p>{ &question.hint }</p>
            </details>
            <div class="qs-item__foot">
                <span class={format!("qs-status qs-status--{class}")} role="status" data-testid="question-status">
                    { if class == "answered" { "✓ " } else { "" } }{ text }
                </span>
                if let Some(step) = step {
                    <button type="button" class="button button--small" onclick={step} data-testid="question-step">{ "Step it" }</button>
                }
            </div>
        </li>
    }
}
