//! The canvas area: the world as the user explores it. The diagram (accounts, principals,
//! roles, resources and the arrows between them) with the selected node's bar, and under it a
//! dock with the AssumeRole stepper, the reachability views and the example's questions; or
//! the [`WorldOutline`], a list of the same world.
//!
//! # The contract with the app
//!
//! ```ignore
//! #[derive(Properties)]
//! pub struct CanvasAreaProps {
//!     pub world: Option<Rc<World>>,           // the last world that loaded (None: never loaded)
//!     pub doc: Rc<WorldDoc>,                  // the document's world, with `layout` positions
//!     pub errors: Rc<Vec<LoadError>>,         // why `doc` does not load (empty when it does)
//!     pub selection: Option<AttrValue>,       // selected node id, `World::node_ids` form
//!     pub active_policy: Option<PolicyKey>,   // the policy tab in front
//!     pub request: Rc<RequestDoc>,            // the request being decided
//!     pub read_only: bool,                    // embedded read-only page: no edits
//!     pub example: Option<AttrValue>,         // the built-in example the document started from
//!     pub on_select: Callback<Option<AttrValue>>,   // select a node / clear
//!     pub on_open_policy: Callback<PolicyKey>,      // open a policy in the editor
//!     pub on_show_span: Callback<(PolicyKey, (u32, u32))>, // open a policy at a statement
//!     pub on_change_world: Callback<WorldDoc>,      // commit a world edit (one undo step)
//!     pub on_change_request: Callback<RequestDoc>,  // replace the request
//!     pub on_load_example: Callback<String>,        // open a built-in example (the gallery)
//! }
//! ```
//!
//! - Node ids are those of `World::node_ids` (`111111111111/user/David`,
//!   `999999999999/role/UpdateApp`, `ID/resource/ARN`, `external/NAME`, an account id).
//! - A policy is a [`PolicyKey`]: `PolicyKey::of_origin(&stored.origin, &stored.named.name)`
//!   for a policy of `World::policy(id)`; `PolicyKey::World(json_path)` for a text in the document.
//! - `on_change_world` takes the whole new `WorldDoc` (layout drags included): the app
//!   records it as one undo step, reloads the world and re-decides the request. A drag is one
//!   call, when it ends. Every diagram edit is an `iam_world::edit::Edit` applied here to
//!   `doc`: the diagram is derived from the document on every render and keeps no model of
//!   its own.
//! - Props compare by `Rc` pointer, so a new `Rc` means "changed".

use std::rc::Rc;

use iam_world::edit::Edit;
use iam_world::model::WorldDoc;
use iam_world::{Clock, LoadError, World};
use yew::prelude::*;

use super::canvas::inspector::Inspector;
use super::canvas::{Canvas, Highlight};
use super::reach::Reach;
use super::same_rc;
use super::stepper::Stepper;
use super::stepper::plan::{self, Plan};
use super::stepper::questions::Questions;
use super::world_outline::WorldOutline;
use crate::diagram::GraphModel;
use crate::diagram::model::EdgeKind;
use crate::state::{PolicyKey, RequestDoc};

/// Properties of [`CanvasArea`] (see the module documentation).
#[derive(Properties)]
pub struct CanvasAreaProps {
    /// The last world that loaded; `None` if the document never loaded.
    pub world: Option<Rc<World>>,
    /// The document's world, with its layout positions.
    pub doc: Rc<WorldDoc>,
    /// Why `doc` does not load (empty when it does).
    #[prop_or_default]
    pub errors: Rc<Vec<LoadError>>,
    /// The selected node id.
    #[prop_or_default]
    pub selection: Option<AttrValue>,
    /// The policy tab in front.
    #[prop_or_default]
    pub active_policy: Option<PolicyKey>,
    /// The request being decided.
    #[prop_or_default]
    pub request: Rc<RequestDoc>,
    /// Embedded read-only page: no edits.
    #[prop_or_default]
    pub read_only: bool,
    /// The built-in example the document started from (its questions are shown).
    #[prop_or_default]
    pub example: Option<AttrValue>,
    /// Selects a node, or clears the selection.
    pub on_select: Callback<Option<AttrValue>>,
    /// Opens a policy in the editor.
    pub on_open_policy: Callback<PolicyKey>,
    /// Opens a policy in the editor and highlights a byte range of it (a deciding statement).
    #[prop_or_default]
    pub on_show_span: Callback<(PolicyKey, (u32, u32))>,
    /// Commits a world edit as one undo step.
    #[prop_or_default]
    pub on_change_world: Callback<WorldDoc>,
    /// Replaces the request.
    #[prop_or_default]
    pub on_change_request: Callback<RequestDoc>,
    /// Opens a built-in example.
    #[prop_or_default]
    pub on_load_example: Callback<String>,
}

impl PartialEq for CanvasAreaProps {
    fn eq(&self, other: &Self) -> bool {
        same_rc(&self.world, &other.world)
            && (Rc::ptr_eq(&self.doc, &other.doc) || self.doc == other.doc)
            && Rc::ptr_eq(&self.errors, &other.errors)
            && (Rc::ptr_eq(&self.request, &other.request) || self.request == other.request)
            && self.selection == other.selection
            && self.active_policy == other.active_policy
            && self.read_only == other.read_only
            && self.example == other.example
            && self.on_select == other.on_select
            && self.on_open_policy == other.on_open_policy
            && self.on_show_span == other.on_show_span
            && self.on_change_world == other.on_change_world
            && self.on_change_request == other.on_change_request
            && self.on_load_example == other.on_load_example
    }
}

/// What the area shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    Diagram,
    Outline,
}

/// The dock's tabs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Dock {
    Learn,
    Step,
    Reach,
}

impl Dock {
    fn label(self) -> &'static str {
        match self {
            Dock::Learn => "Questions",
            Dock::Step => "Step through",
            Dock::Reach => "Who can reach",
        }
    }
}

/// What the diagram, the stepper, the questions and the reachability views say while a world
/// waits for the AWS managed policy texts fetched after first paint.
pub const LOADING_MANAGED_POLICIES: &str = "Loading the AWS managed policies this world attaches…";

/// The canvas area.
#[function_component(CanvasArea)]
pub fn canvas_area(props: &CanvasAreaProps) -> Html {
    let mode = use_state(|| Mode::Diagram);
    let dock = use_state(|| Dock::Learn);
    let dock_open = use_state(|| true);
    let plan = use_state(Plan::default);
    let reach_highlight = use_state(Highlight::default);
    let status = use_state(|| None::<String>);
    let clock = *use_memo((), |_| {
        Clock::from_epoch_seconds(crate::platform::epoch_seconds())
    });

    // The world loaded from this very document (a stale one would disagree with the drawing).
    let current_world = props.world.clone().filter(|_| props.errors.is_empty());
    // It will load once the AWS managed policy texts fetched after first paint arrive.
    let waiting = iam_world::only_pending(&props.errors);
    let model = {
        let world = current_world.clone();
        use_memo(
            (
                props.doc.clone(),
                world.as_ref().map(|w| Rc::as_ptr(w) as usize),
            ),
            move |(doc, _)| GraphModel::build(doc, world.as_deref()),
        )
    };
    let run = {
        let world = current_world.clone();
        let snapshot = plan_snapshot(&plan);
        let key = (
            world.as_ref().map(|w| Rc::as_ptr(w) as usize),
            plan.start.clone(),
            plan.sign_in,
            plan.hops.clone(),
            plan.action.clone(),
            plan.resource.clone(),
        );
        use_memo(key, move |_| match &world {
            Some(world) => plan::run(world, &snapshot, clock),
            None => plan::Run::default(),
        })
    };
    {
        // Another world: forget the chain and the paths of the last one.
        let plan = plan.clone();
        let reach_highlight = reach_highlight.clone();
        let status = status.clone();
        use_effect_with(
            (props.example.clone(), props.doc.title.clone()),
            move |_| {
                plan.set(Plan::default());
                reach_highlight.set(Highlight::default());
                status.set(None);
            },
        );
    }

    let highlight: Rc<Highlight> = Rc::new(match *dock {
        Dock::Step if *dock_open => plan::highlight(&model, &plan, &run),
        Dock::Reach if *dock_open => (*reach_highlight).clone(),
        _ => Highlight::default(),
    });

    let on_edit = {
        let doc = props.doc.clone();
        let selection = props.selection.clone();
        let on_change_world = props.on_change_world.clone();
        let on_select = props.on_select.clone();
        let status = status.clone();
        Callback::from(move |edit: Edit| {
            let mut next = (*doc).clone();
            match iam_world::edit::apply(&mut next, &edit) {
                Ok(applied) => {
                    on_change_world.emit(next);
                    match (&edit, applied.node) {
                        (_, Some(node)) => on_select.emit(Some(node.into())),
                        (Edit::Delete { node }, None)
                            if selection.as_deref() == Some(node.as_str()) =>
                        {
                            on_select.emit(None)
                        }
                        _ => {}
                    }
                    let quiet = matches!(edit, Edit::Move { .. });
                    status.set((!quiet).then_some(applied.summary));
                }
                Err(error) => status.set(Some(error.to_string())),
            }
        })
    };
    let on_hint = {
        let status = status.clone();
        Callback::from(move |text: String| status.set(Some(text)))
    };
    let on_step_edge = {
        let model = model.clone();
        let plan = plan.clone();
        let dock = dock.clone();
        let dock_open = dock_open.clone();
        Callback::from(move |edge_id: String| {
            dock.set(Dock::Step);
            let Some(edge) = model.edges.iter().find(|e| e.id == edge_id) else {
                return;
            };
            if !matches!(edge.kind, EdgeKind::Trust | EdgeKind::Assignment) {
                return;
            }
            let Some(role) = model.node(&edge.to).and_then(|n| n.arn.clone()) else {
                return;
            };
            let mut next = plan.rewound();
            if next.start.is_none() {
                next.start = model.node(&edge.from).and_then(|n| n.principal_ref.clone());
            }
            next.hops.push(iam_world::model::HopDoc {
                role,
                ..Default::default()
            });
            plan.set(next);
            dock_open.set(true);
        })
    };
    let on_activate = {
        let doc = props.doc.clone();
        let on_open_policy = props.on_open_policy.clone();
        Callback::from(move |id: String| {
            if let Some(first) = super::canvas::inspector::policies_of(&doc, &id)
                .into_iter()
                .next()
            {
                on_open_policy.emit(first.key);
            }
        })
    };
    let on_plan = {
        let plan = plan.clone();
        Callback::from(move |next: Plan| plan.set(next))
    };
    let on_step_plan = {
        let plan = plan.clone();
        let dock = dock.clone();
        let dock_open = dock_open.clone();
        Callback::from(move |next: Plan| {
            plan.set(next);
            dock.set(Dock::Step);
            dock_open.set(true);
        })
    };
    let on_step_from = {
        let plan = plan.clone();
        let dock = dock.clone();
        let dock_open = dock_open.clone();
        Callback::from(move |start: String| {
            plan.set(Plan {
                serial: plan.serial + 1,
                ..Plan::starting(&start)
            });
            dock.set(Dock::Step);
            dock_open.set(true);
        })
    };
    let on_reach = {
        let dock = dock.clone();
        let dock_open = dock_open.clone();
        Callback::from(move |()| {
            dock.set(Dock::Reach);
            dock_open.set(true);
        })
    };
    let on_use_as_request = {
        let request = props.request.clone();
        let on_change_request = props.on_change_request.clone();
        Callback::from(move |plan: Plan| {
            let Some(start) = plan.start.clone() else {
                return;
            };
            let mut next = (*request).clone();
            next.principal = start;
            next.credentials = plan.sign_in.doc();
            next.chain = plan.hops.clone();
            next.action = plan.action.trim().to_owned();
            next.resource = if plan.action.trim().is_empty() {
                String::new()
            } else if plan.resource.trim().is_empty() {
                "*".to_owned()
            } else {
                plan.resource.trim().to_owned()
            };
            on_change_request.emit(next);
        })
    };
    let on_reach_highlight = {
        let reach_highlight = reach_highlight.clone();
        Callback::from(move |h: Highlight| reach_highlight.set(h))
    };

    let title = props
        .doc
        .title
        .clone()
        .unwrap_or_else(|| "Untitled world".to_owned());
    let set_mode = |m: Mode| {
        let mode = mode.clone();
        Callback::from(move |_: MouseEvent| mode.set(m))
    };
    let set_dock = |d: Dock| {
        let dock = dock.clone();
        let dock_open = dock_open.clone();
        Callback::from(move |_: MouseEvent| {
            if *dock == d && *dock_open {
                dock_open.set(false);
            } else {
                dock.set(d);
                dock_open.set(true);
            }
        })
    };
    let clear_status = {
        let status = status.clone();
        Callback::from(move |_: MouseEvent| status.set(None))
    };

    html! {
        <div class={classes!("canvas-area", (*mode == Mode::Diagram).then_some("canvas-area--diagram"))} data-testid="canvas-area">
            <div class="canvas-area__title">
                <h3 class="canvas-area__world" title={props.doc.description.clone()}>{ title }</h3>
                <div class="canvas-area__modes" role="tablist" aria-label="How to show the world">
                    <button type="button" role="tab" class={classes!("canvas-area__mode", (*mode == Mode::Diagram).then_some("is-active"))}
                        aria-selected={(*mode == Mode::Diagram).to_string()} onclick={set_mode(Mode::Diagram)} data-testid="mode-diagram">{ "Diagram" }</button>
                    <button type="button" role="tab" class={classes!("canvas-area__mode", (*mode == Mode::Outline).then_some("is-active"))}
                        aria-selected={(*mode == Mode::Outline).to_string()} onclick={set_mode(Mode::Outline)} data-testid="mode-outline">{ "Outline" }</button>
                </div>
            </div>
            if *mode == Mode::Outline {
                if let Some(description) = &props.doc.description {
                    <p class="canvas-area__story">{ description.clone() }</p>
                }
            }
            if waiting {
                <div class="canvas-area__errors" role="status">
                    { LOADING_MANAGED_POLICIES }
                </div>
            } else if !props.errors.is_empty() {
                <div class="canvas-area__errors" role="status">
                    { format!("The world does not load ({} problem{}): the diagram shows the document as written; stepping needs a world that loads.",
                        props.errors.len(), if props.errors.len() == 1 { "" } else { "s" }) }
                </div>
            }
            if *mode == Mode::Outline {
                { outline(props) }
            } else {
                <Canvas
                    doc={props.doc.clone()}
                    model={model.clone()}
                    selection={props.selection.clone()}
                    highlight={highlight}
                    read_only={props.read_only}
                    on_select={props.on_select.clone()}
                    on_edit={on_edit.clone()}
                    on_hint={on_hint}
                    on_step_edge={Some(on_step_edge)}
                    on_activate={on_activate}
                >
                    if let Some(selection) = props.selection.clone() {
                        <Inspector
                            doc={props.doc.clone()}
                            model={model.clone()}
                            selection={selection}
                            read_only={props.read_only}
                            on_edit={on_edit}
                            on_open_policy={props.on_open_policy.clone()}
                            on_step_from={on_step_from}
                            on_reach={on_reach}
                            on_close={props.on_select.reform(|()| None)}
                        />
                    }
                    if let Some(text) = (*status).clone() {
                        <div class="canvas-area__status" role="status" data-testid="canvas-status">
                            <span>{ text }</span>
                            <button type="button" class="button button--ghost" onclick={clear_status} aria-label="Dismiss">{ "✕" }</button>
                        </div>
                    }
                </Canvas>
                <section class={classes!("dock", (!*dock_open).then_some("is-closed"))} data-testid="dock">
                    <div class="dock__tabs" role="tablist">
                        { for [Dock::Learn, Dock::Step, Dock::Reach].into_iter().map(|d| html! {
                            <button type="button" role="tab" class={classes!("dock__tab", (*dock == d && *dock_open).then_some("is-active"))}
                                aria-selected={(*dock == d && *dock_open).to_string()} onclick={set_dock(d)}
                                data-testid={format!("dock-{}", d.label().to_ascii_lowercase().replace(' ', "-"))}>
                                { d.label() }
                            </button>
                        }) }
                        <button type="button" class="dock__toggle" onclick={ { let o = dock_open.clone(); Callback::from(move |_: MouseEvent| o.set(!*o)) } }
                            aria-label={if *dock_open { "Collapse the dock" } else { "Expand the dock" }} aria-expanded={dock_open.to_string()}>
                            { if *dock_open { "▾" } else { "▴" } }
                        </button>
                    </div>
                    if *dock_open {
                        <div class="dock__body" key={dock.label()}>
                            {
                                match *dock {
                                    Dock::Learn => html! {
                                        <Questions example={props.example.clone()} world={current_world.clone()} waiting={waiting} clock={clock}
                                            on_load_example={props.on_load_example.clone()} on_step={on_step_plan.clone()} />
                                    },
                                    Dock::Step => html! {
                                        <Stepper world={current_world.clone()} waiting={waiting} model={model.clone()} plan={Rc::new((*plan).clone())} run={run.clone()}
                                            read_only={props.read_only} on_plan={on_plan} on_show_span={props.on_show_span.clone()}
                                            on_open_policy={props.on_open_policy.clone()}
                                            on_use_as_request={(!props.read_only).then_some(on_use_as_request)} />
                                    },
                                    Dock::Reach => html! {
                                        <Reach world={current_world.clone()} waiting={waiting} model={model.clone()} selection={props.selection.clone()} clock={clock}
                                            on_highlight={on_reach_highlight} on_step={on_step_plan} on_select={props.on_select.clone()} />
                                    },
                                }
                            }
                        </div>
                    }
                </section>
            }
        </div>
    }
}

/// The plan as the run sees it (what to step through, not how far).
fn plan_snapshot(plan: &Plan) -> Plan {
    Plan {
        taken: 0,
        access_shown: false,
        serial: 0,
        ..plan.clone()
    }
}

/// The outline view (a list of the world).
fn outline(props: &CanvasAreaProps) -> Html {
    let on_use_principal = {
        let request = props.request.clone();
        let cb = props.on_change_request.clone();
        Callback::from(move |principal: String| {
            let mut next = (*request).clone();
            next.principal = principal;
            next.chain.clear();
            cb.emit(next);
        })
    };
    let on_use_resource = {
        let request = props.request.clone();
        let cb = props.on_change_request.clone();
        Callback::from(move |resource: String| {
            let mut next = (*request).clone();
            next.resource = resource;
            cb.emit(next);
        })
    };
    match &props.world {
        Some(world) => html! {
            <WorldOutline
                world={world.clone()}
                doc={props.doc.clone()}
                selection={props.selection.clone()}
                active_policy={props.active_policy.clone()}
                on_select={props.on_select.clone()}
                on_open_policy={props.on_open_policy.clone()}
                on_use_principal={on_use_principal}
                on_use_resource={on_use_resource}
                read_only={props.read_only}
            />
        },
        None => html! {
            <p class="canvas-area__empty">{ "This world has not loaded yet: fix the problems listed in the decision panel." }</p>
        },
    }
}
