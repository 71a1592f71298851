//! The diagram canvas: the world drawn as SVG, with pan and zoom, moving nodes and accounts,
//! drawing trust arrows and group memberships, and the highlights of the stepper and the
//! reachability views.
//!
//! It renders what `crate::diagram` derives from the document and reports what the user does
//! as [`Edit`]s; the owner applies them to the document, which comes back as new props. The
//! only state kept here is the view (pan and zoom), the gesture in progress and the selected
//! arrow.

pub mod icons;
pub mod inspector;
pub mod interaction;
pub mod palette;
mod view;

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use iam_world::edit::{Edit, NewEntity};
use iam_world::model::WorldDoc;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use yew::prelude::*;

use self::interaction::{Gesture, Outcome, handle_point, hit, positions_after_move, release};
use crate::diagram::geometry::{decimal, round};
use crate::diagram::layout::{DEFAULT_ASPECT, header_of};
use crate::diagram::model::{ContainerKind, EdgeKind, NodeKind};
use crate::diagram::{DiagramLayout, GraphModel, Point, Rect, View, layout};

/// What the stepper or a reachability view shows on the diagram.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Highlight {
    /// Nodes on the path.
    pub nodes: Vec<String>,
    /// Edges on the path.
    pub edges: Vec<String>,
    /// The node acting now.
    pub active: Option<String>,
    /// The edge of the hop just taken (animated).
    pub stepping: Option<String>,
    /// Nodes whose policy decided a denial.
    pub denied: Vec<String>,
    /// The edge of a denied hop.
    pub failed_edge: Option<String>,
    /// Dim everything else.
    pub focus: bool,
    /// Changes with each step, so the animation restarts.
    pub serial: u64,
}

/// Properties of [`Canvas`].
#[derive(Properties, PartialEq)]
pub struct CanvasProps {
    /// The document (for its stored positions and for edits).
    pub doc: Rc<WorldDoc>,
    /// The graph derived from it.
    pub model: Rc<GraphModel>,
    /// The selected node or account.
    #[prop_or_default]
    pub selection: Option<AttrValue>,
    /// What to highlight.
    #[prop_or_default]
    pub highlight: Rc<Highlight>,
    /// No edits (embedded pages).
    #[prop_or_default]
    pub read_only: bool,
    /// Selects a node or account (`None`: clear).
    pub on_select: Callback<Option<AttrValue>>,
    /// Applies an edit to the document.
    pub on_edit: Callback<Edit>,
    /// Shows a one-line hint (why a gesture did nothing).
    #[prop_or_default]
    pub on_hint: Callback<String>,
    /// When set, a selected trust arrow offers "Step along it", which emits its edge id.
    #[prop_or_default]
    pub on_step_edge: Option<Callback<String>>,
    /// A node was double-clicked (open its policy).
    #[prop_or_default]
    pub on_activate: Callback<String>,
    /// Panels shown under the drawing (the selected node's bar, messages); they take room
    /// from the drawing rather than covering it.
    #[prop_or_default]
    pub children: Html,
}

/// Changes of the view.
enum ViewAction {
    /// Fit the drawing (and keep fitting it as it changes, until the user moves the view).
    Fit(View),
    /// Show exactly this view (the user panned).
    Set(View),
    /// Move by a screen offset.
    Pan(f64, f64),
    /// Zoom around a screen point.
    Zoom(f64, Point),
    /// Stop refitting (the user is arranging the drawing).
    Hold,
}

#[derive(Clone, Debug, Default, PartialEq)]
struct ViewState {
    view: View,
    /// Whether the view follows the drawing's bounds (after a fit, until the user pans or
    /// zooms): a node added from the JSON then appears without the user looking for it.
    auto_fit: bool,
}

impl Reducible for ViewState {
    type Action = ViewAction;

    fn reduce(self: Rc<Self>, action: ViewAction) -> Rc<Self> {
        let (view, auto_fit) = match action {
            ViewAction::Fit(view) => (view, true),
            ViewAction::Set(view) => (view, false),
            ViewAction::Pan(dx, dy) => (self.view.pan(dx, dy), false),
            ViewAction::Zoom(factor, anchor) => (self.view.zoom_at(factor, anchor), false),
            ViewAction::Hold => (self.view, false),
        };
        Rc::new(ViewState { view, auto_fit })
    }
}

/// The SVG element's size in CSS pixels (0 before the first measurement).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct Size {
    width: f64,
    height: f64,
}

impl Size {
    /// The viewport's shape for the layout, in steps of a quarter so small resizes do not
    /// move an automatic layout.
    fn aspect(&self) -> f64 {
        if self.width <= 0.0 || self.height <= 0.0 {
            DEFAULT_ASPECT
        } else {
            ((self.width / self.height) * 4.0).round() / 4.0
        }
    }
}

fn measure(node: &NodeRef) -> Option<(Size, Point)> {
    let element = node.cast::<web_sys::Element>()?;
    let rect = element.get_bounding_client_rect();
    Some((
        Size {
            width: rect.width(),
            height: rect.height(),
        },
        Point::new(rect.left(), rect.top()),
    ))
}

/// The screen point (relative to the SVG) of a pointer event.
fn screen_point(svg: &NodeRef, client_x: f64, client_y: f64) -> Point {
    match measure(svg) {
        Some((_, origin)) => Point::new(client_x - origin.x, client_y - origin.y),
        None => Point::new(client_x, client_y),
    }
}

/// The screen point (relative to the SVG) and the diagram point of a pointer event.
fn event_points(svg: &NodeRef, view: &View, event: &PointerEvent) -> (Point, Point) {
    let screen = screen_point(
        svg,
        f64::from(event.client_x()),
        f64::from(event.client_y()),
    );
    (screen, view.to_diagram(screen))
}

/// The view fitting `bounds` in an SVG of `size`.
fn fit_view(bounds: &Rect, size: Size) -> View {
    View::fit(bounds, size.width, size.height, 24.0)
}

/// The closest element with `selector` from an event's target.
fn closest(event: &Event, selector: &str) -> Option<web_sys::Element> {
    event
        .target()?
        .dyn_into::<web_sys::Element>()
        .ok()?
        .closest(selector)
        .ok()
        .flatten()
}

/// The layout's identity: when it changes (another world), the view fits again.
fn world_key(model: &GraphModel) -> String {
    model
        .containers
        .iter()
        .map(|c| c.id.as_str())
        .collect::<Vec<_>>()
        .join(",")
}

/// The canvas.
#[function_component(Canvas)]
pub fn canvas(props: &CanvasProps) -> Html {
    let svg = use_node_ref();
    let view = use_reducer(ViewState::default);
    let size = use_state(Size::default);
    let gesture = use_state(|| Gesture::Idle);
    let selected_edge = use_state(|| None::<String>);
    let fitted_for = use_mut_ref(|| None::<String>);
    // When the last pointer move started (for the budget script's frame time).
    let move_started = use_mut_ref(|| None::<f64>);
    {
        let move_started = move_started.clone();
        use_effect(move || {
            if let Some(start) = move_started.borrow_mut().take() {
                crate::platform::set_body_attribute(
                    "data-diagram-ms",
                    &crate::diagram::geometry::decimal(crate::platform::now_ms() - start, 2),
                );
            }
        });
    }

    let aspect = size.aspect();
    let placed = {
        let model = props.model.clone();
        let stored = props.doc.layout.clone();
        use_memo(
            (model, stored, (aspect * 100.0) as i64),
            move |(model, stored, _)| layout(model, stored, aspect),
        )
    };
    // While a node or account is dragged, the drawing follows it.
    let shown: Rc<DiagramLayout> = match &*gesture {
        Gesture::Move {
            id,
            account,
            offset,
            moved: true,
            ..
        } => {
            let mut stored: BTreeMap<_, _> = props.doc.layout.clone();
            stored.extend(positions_after_move(
                &props.model,
                &placed,
                id,
                *account,
                *offset,
            ));
            Rc::new(layout(&props.model, &stored, aspect))
        }
        _ => placed.clone(),
    };

    use_size_tracking(svg.clone(), size.setter());
    use_wheel_zoom(svg.clone(), view.dispatcher());
    {
        // Fit the drawing when a world is first shown (or another one replaces it), and keep
        // it fitted as it changes until the user moves the view.
        let key = world_key(&props.model);
        let dispatcher = view.dispatcher();
        let bounds = placed.bounds;
        let size = *size;
        let fitted_for = fitted_for.clone();
        let auto_fit = view.auto_fit;
        let shape = (
            bounds.x as i64,
            bounds.y as i64,
            bounds.w as i64,
            bounds.h as i64,
            size.width as i64,
            size.height as i64,
        );
        use_effect_with((key, shape), move |(key, _)| {
            let new_world = fitted_for.borrow().as_deref() != Some(key.as_str());
            if size.width > 0.0 && (new_world || auto_fit) {
                *fitted_for.borrow_mut() = Some(key.clone());
                dispatcher.dispatch(ViewAction::Fit(fit_view(&bounds, size)));
            }
        });
    }
    {
        // Bring a newly selected node into view (a node just added may land outside it); a
        // node being dragged stays where the user puts it.
        let dispatcher = view.dispatcher();
        let rect = props
            .selection
            .as_deref()
            .and_then(|id| placed.rect_of(&props.model, id));
        let current = view.view;
        let size = *size;
        use_effect_with(props.selection.clone(), move |_| {
            if let Some(rect) = rect {
                let top_left = current.to_screen(Point::new(rect.x, rect.y));
                let bottom_right = current.to_screen(Point::new(rect.right(), rect.bottom()));
                let visible = top_left.x >= 0.0
                    && top_left.y >= 0.0
                    && bottom_right.x <= size.width
                    && bottom_right.y <= size.height;
                if !visible && size.width > 0.0 {
                    let centre = current.to_screen(rect.center());
                    dispatcher.dispatch(ViewAction::Pan(
                        size.width / 2.0 - centre.x,
                        size.height / 2.0 - centre.y,
                    ));
                }
            }
        });
    }

    let fit = {
        let dispatcher = view.dispatcher();
        let bounds = placed.bounds;
        let svg = svg.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some((size, _)) = measure(&svg) {
                dispatcher.dispatch(ViewAction::Fit(fit_view(&bounds, size)));
            }
        })
    };
    let zoom_by = |factor: f64| {
        let dispatcher = view.dispatcher();
        let size = *size;
        Callback::from(move |_: MouseEvent| {
            dispatcher.dispatch(ViewAction::Zoom(
                factor,
                Point::new(size.width / 2.0, size.height / 2.0),
            ));
        })
    };

    let onpointerdown = {
        let svg = svg.clone();
        let gesture = gesture.clone();
        let view = view.clone();
        let placed = placed.clone();
        let model = props.model.clone();
        let selected_edge = selected_edge.clone();
        let read_only = props.read_only;
        Callback::from(move |event: PointerEvent| {
            if event.button() != 0 {
                return;
            }
            let (screen, point) = event_points(&svg, &view.view, &event);
            let next = if let Some(target) = closest(&event, "[data-drag]") {
                let id = target.get_attribute("data-id").unwrap_or_default();
                match target.get_attribute("data-drag").as_deref() {
                    Some("handle") if !read_only => {
                        let start = placed
                            .rect_of(&model, &id)
                            .map(|r| {
                                if model.container(&id).is_some() {
                                    header_of(&r)
                                } else {
                                    r
                                }
                            })
                            .map_or(point, |r| handle_point(&r));
                        Gesture::Connect {
                            from: id,
                            start,
                            to: point,
                        }
                    }
                    kind => Gesture::Move {
                        origin: placed.rect_of(&model, &id).unwrap_or_default(),
                        id,
                        account: kind == Some("account"),
                        from: point,
                        offset: Point::default(),
                        moved: false,
                    },
                }
            } else if let Some(edge) = closest(&event, "[data-edge]") {
                let id = edge.get_attribute("data-edge").unwrap_or_default();
                selected_edge.set(Some(id));
                return;
            } else {
                selected_edge.set(None);
                Gesture::Pan {
                    from: screen,
                    start: view.view,
                    moved: false,
                }
            };
            if matches!(next, Gesture::Move { .. } | Gesture::Connect { .. }) {
                view.dispatch(ViewAction::Hold);
            }
            if let Some(element) = svg.cast::<web_sys::Element>() {
                // Keep receiving moves when the pointer leaves the canvas mid-gesture.
                let _ = element.set_pointer_capture(event.pointer_id());
                let _ = element.focus_within_canvas();
            }
            gesture.set(next);
        })
    };
    let onpointermove = {
        let svg = svg.clone();
        let gesture = gesture.clone();
        let view = view.clone();
        let move_started = move_started.clone();
        Callback::from(move |event: PointerEvent| {
            if *gesture == Gesture::Idle {
                return;
            }
            *move_started.borrow_mut() = Some(crate::platform::now_ms());
            let (screen, point) = event_points(&svg, &view.view, &event);
            if let Some(panned) = gesture.panned(screen) {
                view.dispatch(ViewAction::Set(panned));
            }
            gesture.set(gesture.moved_to(screen, point, &view.view));
        })
    };
    let onpointerup = {
        let svg = svg.clone();
        let gesture = gesture.clone();
        let view = view.clone();
        let placed = placed.clone();
        let doc = props.doc.clone();
        let model = props.model.clone();
        let read_only = props.read_only;
        let on_select = props.on_select.clone();
        let on_edit = props.on_edit.clone();
        let on_hint = props.on_hint.clone();
        Callback::from(move |event: PointerEvent| {
            if *gesture == Gesture::Idle {
                return;
            }
            let (screen, point) = event_points(&svg, &view.view, &event);
            let target = hit(&model, &placed, point);
            let current = gesture.moved_to(screen, point, &view.view);
            match release(&current, &target, &doc, &model, &placed, read_only) {
                Outcome::Select(id) => on_select.emit(id.map(AttrValue::from)),
                Outcome::Edit(edit) => on_edit.emit(edit),
                Outcome::Hint(text) => on_hint.emit(text),
                Outcome::None => {}
            }
            if let Some(element) = svg.cast::<web_sys::Element>() {
                let _ = element.release_pointer_capture(event.pointer_id());
            }
            gesture.set(Gesture::Idle);
        })
    };
    let ondblclick = {
        let on_activate = props.on_activate.clone();
        Callback::from(move |event: MouseEvent| {
            if let Some(target) = closest(&event, "[data-drag=node],[data-drag=account]") {
                if let Some(id) = target.get_attribute("data-id") {
                    on_activate.emit(id);
                }
            }
        })
    };
    let onkeydown = {
        let view = view.clone();
        let size = *size;
        let selected_edge = selected_edge.clone();
        let props_selection = props.selection.clone();
        let model = props.model.clone();
        let on_edit = props.on_edit.clone();
        let on_select = props.on_select.clone();
        let on_activate = props.on_activate.clone();
        let gesture = gesture.clone();
        let read_only = props.read_only;
        Callback::from(move |event: KeyboardEvent| {
            let centre = Point::new(size.width / 2.0, size.height / 2.0);
            let focused_node =
                closest(&event, "[data-drag]").and_then(|e| e.get_attribute("data-id"));
            let handled = match event.key().as_str() {
                "ArrowLeft" => {
                    view.dispatch(ViewAction::Pan(60.0, 0.0));
                    true
                }
                "ArrowRight" => {
                    view.dispatch(ViewAction::Pan(-60.0, 0.0));
                    true
                }
                "ArrowUp" => {
                    view.dispatch(ViewAction::Pan(0.0, 60.0));
                    true
                }
                "ArrowDown" => {
                    view.dispatch(ViewAction::Pan(0.0, -60.0));
                    true
                }
                "+" | "=" => {
                    view.dispatch(ViewAction::Zoom(1.2, centre));
                    true
                }
                "-" | "_" => {
                    view.dispatch(ViewAction::Zoom(1.0 / 1.2, centre));
                    true
                }
                "Enter" | " " => match focused_node {
                    Some(id) => {
                        if event.key() == "Enter" && props_selection.as_deref() == Some(id.as_str())
                        {
                            on_activate.emit(id);
                        } else {
                            on_select.emit(Some(id.into()));
                        }
                        true
                    }
                    None => false,
                },
                "Escape" => {
                    gesture.set(Gesture::Idle);
                    selected_edge.set(None);
                    on_select.emit(None);
                    true
                }
                "Delete" | "Backspace" if !read_only => {
                    if let Some(edge) = selected_edge.as_ref().and_then(|id| model.edge(id)) {
                        if let Some(edit) = delete_edge_edit(edge) {
                            on_edit.emit(edit);
                            selected_edge.set(None);
                        }
                        true
                    } else if let Some(id) = props_selection.as_ref() {
                        on_edit.emit(Edit::Delete {
                            node: id.to_string(),
                        });
                        true
                    } else {
                        false
                    }
                }
                _ => false,
            };
            if handled {
                event.prevent_default();
            }
        })
    };

    let highlight = &props.highlight;
    let selection = props.selection.as_deref();
    let selected_edge_id = (*selected_edge).clone();
    let model = &props.model;
    let view_state = view.view;
    let focus_class = highlight.focus.then_some("is-focus");
    let connecting = matches!(&*gesture, Gesture::Connect { .. });
    let dragging = matches!(
        &*gesture,
        Gesture::Move { moved: true, .. } | Gesture::Pan { moved: true, .. }
    );

    let containers = model
        .containers
        .iter()
        .zip(&shown.containers)
        .map(|(c, r)| view::container(c, r, selection == Some(c.id.as_str()), props.read_only))
        .collect::<Html>();
    let edges = model
        .edges
        .iter()
        .zip(&shown.edges)
        .map(|(e, curve)| {
            view::edge_line(
                e,
                curve,
                &view::edge_look(
                    &e.id,
                    highlight,
                    selected_edge_id.as_deref() == Some(e.id.as_str()),
                ),
            )
        })
        .collect::<Html>();
    let nodes = model
        .nodes
        .iter()
        .zip(&shown.nodes)
        .map(|(n, r)| {
            let handle = !props.read_only
                && n.kind.can_be_trusted()
                && (n.entity || n.kind == NodeKind::Role);
            view::node(
                n,
                r,
                &view::node_look(&n.id, highlight, selection == Some(n.id.as_str()), handle),
            )
        })
        .collect::<Html>();
    let badges = model
        .edges
        .iter()
        .zip(&shown.labels)
        .map(|(e, at)| view::edge_badges(e, *at, &view::edge_look(&e.id, highlight, false)))
        .collect::<Html>();
    let draft = match &*gesture {
        Gesture::Connect { start, to, .. } => html! {
            <path class="dg-draft" d={format!("M{} {} L{} {}", round(start.x), round(start.y), round(to.x), round(to.y))} marker-end="url(#dg-arrow-draft)" />
        },
        _ => Html::default(),
    };
    let edge_bar = selected_edge_id
        .as_ref()
        .and_then(|id| model.edge(id))
        .map(|edge| {
            let remove = delete_edge_edit(edge).filter(|_| !props.read_only).map(|edit| {
                let on_edit = props.on_edit.clone();
                let selected_edge = selected_edge.clone();
                Callback::from(move |_: MouseEvent| {
                    on_edit.emit(edit.clone());
                    selected_edge.set(None);
                })
            });
            let close = {
                let selected_edge = selected_edge.clone();
                Callback::from(move |_: MouseEvent| selected_edge.set(None))
            };
            let step_along = props
                .on_step_edge
                .clone()
                .filter(|_| matches!(edge.kind, EdgeKind::Trust | EdgeKind::Assignment))
                .map(|on_step| {
                    let id = edge.id.clone();
                    Callback::from(move |_: MouseEvent| on_step.emit(id.clone()))
                });
            let name = |id: &str| model.node(id).map(|n| n.label.clone()).or_else(|| model.container(id).map(|(_, c)| c.label.clone())).unwrap_or_else(|| id.to_owned());
            html! {
                <div class="dg-edgebar" role="status" data-testid="edge-bar">
                    <span class={format!("dg-edgebar__kind dg-edgebar__kind--{}", edge.kind.name())}>{ edge.kind.legend() }</span>
                    <span class="dg-edgebar__ends">{ format!("{} → {}", name(&edge.from), name(&edge.to)) }</span>
                    if let Some(principal) = &edge.principal {
                        <code class="dg-edgebar__principal">{ format!("\"{}\": \"{}\"", principal.key.as_str(), principal.value) }</code>
                    }
                    if let Some(step_along) = step_along {
                        <button type="button" class="button button--primary" onclick={step_along} data-testid="step-along-edge">
                            { "Step along it" }
                        </button>
                    }
                    if let Some(remove) = remove {
                        <button type="button" class="button button--danger" onclick={remove} data-testid="remove-edge">
                            { if edge.kind == EdgeKind::Trust { "Remove from trust policy" } else { "Remove from group" } }
                        </button>
                    }
                    <button type="button" class="button button--ghost" onclick={close} aria-label="Close">{ "✕" }</button>
                </div>
            }
        });

    let on_add = {
        let doc = props.doc.clone();
        let model = props.model.clone();
        let placed = placed.clone();
        let selection = props.selection.clone();
        let on_edit = props.on_edit.clone();
        Callback::from(move |entity: Option<NewEntity>| {
            if let Some(edit) = palette_edit(&doc, &model, &placed, entity, selection.as_deref()) {
                on_edit.emit(edit);
            }
        })
    };
    let account_label = target_account(model, selection).and_then(|id| {
        model
            .container(&id)
            .map(|(_, c)| AttrValue::from(c.label.clone()))
    });
    let svg_class = classes!(
        "dg-svg",
        focus_class,
        connecting.then_some("is-connecting"),
        dragging.then_some("is-dragging")
    );
    html! {
        <div class="dg-canvas" data-testid="diagram" data-highlight={highlight.serial.to_string()}>
            <div class="dg-toolbar">
                if !props.read_only {
                    <palette::Palette on_add={on_add} account={account_label} />
                }
                <span class="dg-toolbar__spacer"></span>
                if !props.read_only && !props.doc.layout.is_empty() {
                    <button type="button" class="dg-legend__toggle" data-testid="tidy"
                        title="Forget the positions you set: lay the world out automatically"
                        onclick={props.on_edit.reform(|_: MouseEvent| Edit::ClearLayout)}>
                        { "Tidy" }
                    </button>
                }
                <Legend />
                <div class="dg-zoom" role="group" aria-label="Zoom">
                    <button type="button" class="dg-zoom__button" onclick={zoom_by(0.8)} title="Zoom out (−)" aria-label="Zoom out">{ "−" }</button>
                    <span class="dg-zoom__level" aria-live="polite">{ format!("{}%", decimal(view_state.scale * 100.0, 0)) }</span>
                    <button type="button" class="dg-zoom__button" onclick={zoom_by(1.25)} title="Zoom in (+)" aria-label="Zoom in">{ "+" }</button>
                    <button type="button" class="dg-zoom__button dg-zoom__button--fit" onclick={fit} title="Fit the whole world" aria-label="Fit to view" data-testid="fit">
                        <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true"><path d="M2 6V2h4M10 2h4v4M14 10v4h-4M6 14H2v-4" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linecap="round" /></svg>
                    </button>
                </div>
            </div>
            <div class="dg-stage">
                <svg ref={svg} class={svg_class} tabindex="0" role="application"
                    aria-label="World diagram: arrow keys pan, + and - zoom, Tab moves between nodes, Enter selects, Delete removes"
                    {onpointerdown} {onpointermove} onpointerup={onpointerup.clone()} onpointercancel={onpointerup}
                    {ondblclick} {onkeydown}>
                    <defs>
                        { icons::symbols() }
                        { view::markers() }
                    </defs>
                    <g class="dg-world" transform={view_state.transform()} key={highlight.serial.to_string()}>
                        <g class="dg-layer dg-layer--containers">{ containers }</g>
                        <g class="dg-layer dg-layer--edges">{ edges }</g>
                        <g class="dg-layer dg-layer--nodes">{ nodes }</g>
                        <g class="dg-layer dg-layer--badges">{ badges }</g>
                        { draft }
                    </g>
                </svg>
                { edge_bar.unwrap_or_default() }
            </div>
            <div class="dg-overlay">{ props.children.clone() }</div>
        </div>
    }
}

/// The edit that deletes an arrow: the principal from the trust policy, or the user from the
/// group. Other arrows follow from other settings and are changed in the JSON.
pub fn delete_edge_edit(edge: &crate::diagram::Edge) -> Option<Edit> {
    match edge.kind {
        EdgeKind::Trust => edge.principal.clone().map(|principal| Edit::RemoveTrust {
            role: edge.to.clone(),
            principal,
        }),
        EdgeKind::Membership => Some(Edit::RemoveFromGroup {
            user: edge.from.clone(),
            group: edge.to.clone(),
        }),
        _ => None,
    }
}

/// The legend: one sample per edge kind, and the badges (a popover, closed at first).
#[function_component(Legend)]
fn legend() -> Html {
    let open = use_state(|| false);
    let toggle = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(!*open))
    };
    html! {
        <div class="dg-legend" data-testid="legend">
            <button type="button" class={classes!("dg-legend__toggle", open.then_some("is-open"))} onclick={toggle} aria-expanded={open.to_string()}>
                { "Legend" }
            </button>
            if *open {
                <ul class="dg-legend__list">
                    { for EdgeKind::ALL.iter().map(|kind| html! {
                        <li class="dg-legend__item">
                            <svg class="dg-legend__sample" viewBox="0 0 40 10" width="40" height="10" aria-hidden="true">
                                <g class={format!("dg-edge dg-edge--{}", kind.name())}>
                                    <path class="dg-edge__line" d="M1 5H33" marker-end={format!("url(#dg-arrow-{})", kind.name())} />
                                </g>
                            </svg>
                            <span>{ kind.legend() }</span>
                        </li>
                    }) }
                    <li class="dg-legend__item">
                        <span class="dg-legend__pill dg-legend__pill--mfa">{ "MFA" }</span>
                        <span class="dg-legend__pill dg-legend__pill--external-id">{ "External ID" }</span>
                        <span class="dg-legend__pill">{ "key" }</span>
                        <span>{ "conditions on the arrow" }</span>
                    </li>
                    <li class="dg-legend__item dg-legend__hint">{ "Drag a node's ⊕ handle to a role to trust it; drag the background to pan, scroll to zoom." }</li>
                </ul>
            }
        </div>
    }
}

/// Keeps `size` equal to the SVG's size (a ResizeObserver: panels resize without the window).
#[hook]
fn use_size_tracking(svg: NodeRef, size: UseStateSetter<Size>) {
    use_effect_with(svg, move |svg| {
        let svg = svg.clone();
        let measure_now = {
            let svg = svg.clone();
            let size = size.clone();
            move || {
                if let Some((measured, _)) = measure(&svg) {
                    size.set(measured);
                }
            }
        };
        measure_now();
        let callback = Closure::<dyn FnMut()>::new(measure_now);
        let observer = web_sys::ResizeObserver::new(callback.as_ref().unchecked_ref()).ok();
        if let (Some(observer), Some(element)) = (&observer, svg.cast::<web_sys::Element>()) {
            observer.observe(&element);
        }
        move || {
            if let Some(observer) = observer {
                observer.disconnect();
            }
            drop(callback);
        }
    });
}

/// Wheel zoom around the pointer. Registered by hand as a non-passive listener: Yew's own
/// `onwheel` is passive, and a passive listener cannot stop the page from scrolling.
#[hook]
fn use_wheel_zoom(svg: NodeRef, dispatcher: UseReducerDispatcher<ViewState>) {
    use_effect_with(svg, move |svg| {
        let element = svg.cast::<web_sys::Element>();
        let target = svg.clone();
        let listener =
            Closure::<dyn FnMut(web_sys::WheelEvent)>::new(move |event: web_sys::WheelEvent| {
                event.prevent_default();
                let anchor = screen_point(
                    &target,
                    f64::from(event.client_x()),
                    f64::from(event.client_y()),
                );
                let factor = (-event.delta_y() * 0.0015).exp().clamp(0.5, 2.0);
                dispatcher.dispatch(ViewAction::Zoom(factor, anchor));
            });
        let options = web_sys::AddEventListenerOptions::new();
        options.set_passive(false);
        let registered = Rc::new(RefCell::new(false));
        if let Some(element) = &element {
            *registered.borrow_mut() = element
                .add_event_listener_with_callback_and_add_event_listener_options(
                    "wheel",
                    listener.as_ref().unchecked_ref(),
                    &options,
                )
                .is_ok();
        }
        move || {
            if let Some(element) = element {
                if *registered.borrow() {
                    let _ = element.remove_event_listener_with_callback(
                        "wheel",
                        listener.as_ref().unchecked_ref(),
                    );
                }
            }
            drop(listener);
        }
    });
}

/// Focuses the SVG so keyboard shortcuts reach it after a click.
trait FocusWithinCanvas {
    fn focus_within_canvas(&self) -> Result<(), wasm_bindgen::JsValue>;
}

impl FocusWithinCanvas for web_sys::Element {
    fn focus_within_canvas(&self) -> Result<(), wasm_bindgen::JsValue> {
        match self.dyn_ref::<web_sys::SvgElement>() {
            Some(svg) => svg.focus(),
            None => Ok(()),
        }
    }
}

/// Where a palette item goes: the selected account (or the account of the selected node),
/// else the first account.
pub fn target_account(model: &GraphModel, selection: Option<&str>) -> Option<String> {
    selection
        .and_then(|id| model.account_of(id))
        .map(|c| c.id.clone())
        .or_else(|| {
            model
                .containers
                .iter()
                .find(|c| c.kind == ContainerKind::Account)
                .map(|c| c.id.clone())
        })
}

/// The edit a palette click makes: an automatic place in a drawing left to the layout, a
/// free spot near the account's nodes in a drawing the user arranged.
pub fn palette_edit(
    doc: &WorldDoc,
    model: &GraphModel,
    layout: &DiagramLayout,
    entity: Option<NewEntity>,
    selection: Option<&str>,
) -> Option<Edit> {
    let manual = !doc.layout.is_empty();
    match entity {
        None => {
            let at = manual.then(|| {
                let right = model
                    .containers
                    .iter()
                    .zip(&layout.containers)
                    .filter(|(c, _)| c.kind != ContainerKind::Outside)
                    .map(|(_, r)| r.right())
                    .fold(0.0, f64::max);
                let top = layout
                    .containers
                    .iter()
                    .map(|r| r.y)
                    .fold(f64::MAX, f64::min);
                iam_world::model::Position {
                    x: (right + 56.0).round(),
                    y: if top.is_finite() { top.round() } else { 0.0 },
                }
            });
            Some(Edit::AddAccount {
                id: None,
                name: None,
                at,
            })
        }
        Some(entity) => {
            let account = target_account(model, selection)?;
            let at = manual.then(|| {
                let near = model
                    .container(&account)
                    .and_then(|(i, _)| layout.containers.get(i))
                    .map(|r| Point::new(header_of(r).x + 110.0, r.bottom() - 10.0));
                interaction::free_spot(model, layout, &account, near)
            });
            Some(Edit::Add {
                account,
                entity,
                name: None,
                at,
            })
        }
    }
}
