//! Component tests of the diagram, the AssumeRole stepper, the reachability views and the
//! questions, in a real browser (headless Chromium through wasm-bindgen-test-runner; see
//! scripts/test.sh). Each mounts one component with its own props and records what it emits.
#![cfg(target_arch = "wasm32")]
// Test code: clippy.toml allows these in #[test] functions, but that does not reach
// #[wasm_bindgen_test] functions and their helpers.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::cell::RefCell;
use std::rc::Rc;

use iam_playground_web::components::canvas::inspector::{Inspector, InspectorProps};
use iam_playground_web::components::canvas::{Canvas, CanvasProps, Highlight};
use iam_playground_web::components::stepper::plan::{self, Plan};
use iam_playground_web::components::stepper::questions::{Questions, QuestionsProps};
use iam_playground_web::components::stepper::{Stepper, StepperProps};
use iam_playground_web::diagram::GraphModel;
use iam_playground_web::state::PolicyKey;
use iam_world::edit::{Edit, NewEntity, TrustPrincipal};
use iam_world::model::{HopDoc, WorldDoc};
use iam_world::{Clock, World, examples};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, PointerEvent, PointerEventInit};
use yew::prelude::*;

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// A fresh, attached container of a fixed size (the diagram fits into it).
fn container() -> Element {
    let doc = document();
    let root = doc.create_element("div").unwrap();
    root.set_attribute(
        "style",
        "width: 900px; height: 600px; display: flex; flex-direction: column",
    )
    .unwrap();
    doc.body().unwrap().append_child(&root).unwrap();
    root
}

fn seed_004() -> (Rc<WorldDoc>, Rc<World>, Rc<GraphModel>) {
    let example = examples::example("delegate-across-accounts").unwrap();
    let doc = example.doc().unwrap();
    let world = example.load().unwrap();
    let model = GraphModel::build(&doc, Some(&world));
    (Rc::new(doc), Rc::new(world), Rc::new(model))
}

fn find(root: &Element, selector: &str) -> Element {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no element matches {selector}"))
}

fn count(root: &Element, selector: &str) -> u32 {
    root.query_selector_all(selector).unwrap().length()
}

fn click(root: &Element, selector: &str) {
    find(root, selector).unchecked_into::<HtmlElement>().click();
}

/// Records what a callback emits.
fn recorder<T: 'static>() -> (Callback<T>, Rc<RefCell<Vec<T>>>) {
    let seen = Rc::new(RefCell::new(Vec::new()));
    let sink = seen.clone();
    (
        Callback::from(move |value: T| sink.borrow_mut().push(value)),
        seen,
    )
}

/// Dispatches a pointer event at the centre of `target`'s box (or at `at`).
fn pointer(kind: &str, target: &Element, at: Option<(f64, f64)>) {
    let (x, y) = at.unwrap_or_else(|| centre(target));
    let init = PointerEventInit::new();
    init.set_bubbles(true);
    init.set_client_x(x as i32);
    init.set_client_y(y as i32);
    init.set_pointer_id(1);
    init.set_button(0);
    let event = PointerEvent::new_with_event_init_dict(kind, &init).unwrap();
    target.dispatch_event(&event).unwrap();
}

fn centre(element: &Element) -> (f64, f64) {
    let rect = element.get_bounding_client_rect();
    (
        rect.left() + rect.width() / 2.0,
        rect.top() + rect.height() / 2.0,
    )
}

struct Mounted {
    root: Element,
    selected: Rc<RefCell<Vec<Option<AttrValue>>>>,
    edits: Rc<RefCell<Vec<Edit>>>,
}

async fn mount_canvas(highlight: Highlight) -> Mounted {
    let (doc, _, model) = seed_004();
    let root = container();
    let (on_select, selected) = recorder();
    let (on_edit, edits) = recorder();
    let props = CanvasProps {
        doc,
        model,
        selection: None,
        highlight: Rc::new(highlight),
        read_only: false,
        on_select,
        on_edit,
        on_hint: Callback::noop(),
        on_step_edge: None,
        on_activate: Callback::noop(),
        children: Html::default(),
    };
    yew::Renderer::<Canvas>::with_root_and_props(root.clone(), props).render();
    yew::scheduler::flush().await;
    // The size observer reports the measured size; let it fit the drawing.
    yew::scheduler::flush().await;
    Mounted {
        root,
        selected,
        edits,
    }
}

#[wasm_bindgen_test]
async fn the_development_production_world_is_drawn_with_accounts_nodes_and_arrows() {
    let mounted = mount_canvas(Highlight::default()).await;
    let root = &mounted.root;
    for id in [
        "111111111111/user/David",
        "111111111111/user/Theresa",
        "111111111111/group/Developers",
        "111111111111/group/Testers",
        "999999999999/role/UpdateApp",
    ] {
        assert_eq!(
            count(root, &format!("[data-drag=node][data-id='{id}']")),
            1,
            "{id}"
        );
    }
    assert_eq!(count(root, "[data-drag=account]"), 2);
    assert_eq!(count(root, "[data-kind=trust][data-edge]"), 1);
    assert_eq!(count(root, "[data-kind=member][data-edge]"), 2);
    // Icons are inline symbols, referenced by each node.
    assert!(count(root, "symbol[id^=dg-]") >= 15);
    assert!(
        find(root, "[data-id='111111111111/user/David'] use")
            .get_attribute("href")
            .unwrap()
            .starts_with("#dg-user")
    );
    // The palette, the legend and the zoom controls.
    assert_eq!(count(root, "[data-testid=palette] button"), 9);
    assert_eq!(count(root, "[data-testid=legend]"), 1);
    assert_eq!(count(root, "[data-testid=fit]"), 1);
}

#[wasm_bindgen_test]
async fn a_click_on_a_node_selects_it_and_the_background_clears() {
    let mounted = mount_canvas(Highlight::default()).await;
    let david = find(
        &mounted.root,
        "[data-id='111111111111/user/David'] .dg-node__box",
    );
    pointer("pointerdown", &david, None);
    yew::scheduler::flush().await;
    pointer(
        "pointerup",
        &find(&mounted.root, "svg.dg-svg"),
        Some(centre(&david)),
    );
    yew::scheduler::flush().await;
    assert_eq!(
        mounted
            .selected
            .borrow()
            .last()
            .cloned()
            .flatten()
            .as_deref(),
        Some("111111111111/user/David")
    );

    let svg = find(&mounted.root, "svg.dg-svg");
    let rect = svg.get_bounding_client_rect();
    let corner = Some((rect.left() + 4.0, rect.top() + 4.0));
    pointer("pointerdown", &svg, corner);
    yew::scheduler::flush().await;
    pointer("pointerup", &svg, corner);
    yew::scheduler::flush().await;
    assert_eq!(mounted.selected.borrow().last().cloned(), Some(None));
}

#[wasm_bindgen_test]
async fn drawing_an_arrow_from_a_user_to_a_role_adds_a_trust_edit() {
    let mounted = mount_canvas(Highlight::default()).await;
    let handle = find(
        &mounted.root,
        "[data-id='111111111111/user/Theresa'] .dg-handle__hit",
    );
    let role = find(
        &mounted.root,
        "[data-id='999999999999/role/UpdateApp'] .dg-node__box",
    );
    let svg = find(&mounted.root, "svg.dg-svg");
    pointer("pointerdown", &handle, None);
    yew::scheduler::flush().await;
    pointer("pointermove", &svg, Some(centre(&role)));
    yew::scheduler::flush().await;
    assert_eq!(
        count(&mounted.root, ".dg-draft"),
        1,
        "the arrow follows the pointer"
    );
    pointer("pointerup", &svg, Some(centre(&role)));
    yew::scheduler::flush().await;
    assert_eq!(
        mounted.edits.borrow().last(),
        Some(&Edit::AddTrust {
            role: "999999999999/role/UpdateApp".into(),
            principal: TrustPrincipal::aws("arn:aws:iam::111111111111:user/Theresa"),
        })
    );
}

#[wasm_bindgen_test]
async fn dragging_a_node_moves_it_with_one_edit_at_the_end() {
    let mounted = mount_canvas(Highlight::default()).await;
    let node = find(
        &mounted.root,
        "[data-id='111111111111/group/Testers'] .dg-node__box",
    );
    let svg = find(&mounted.root, "svg.dg-svg");
    let (x, y) = centre(&node);
    pointer("pointerdown", &node, None);
    for step in 1..=5 {
        pointer("pointermove", &svg, Some((x, y + 20.0 * f64::from(step))));
        yew::scheduler::flush().await;
    }
    assert!(mounted.edits.borrow().is_empty(), "no edit while dragging");
    pointer("pointerup", &svg, Some((x, y + 100.0)));
    yew::scheduler::flush().await;
    let edits = mounted.edits.borrow();
    let Some(Edit::Move { positions }) = edits.last() else {
        panic!("a drag ends with a move: {edits:?}");
    };
    assert!(
        positions
            .iter()
            .any(|(id, _)| id == "111111111111/group/Testers")
    );
}

#[wasm_bindgen_test]
async fn the_palette_adds_to_the_first_account() {
    let mounted = mount_canvas(Highlight::default()).await;
    click(&mounted.root, "[data-testid=palette] [data-entity=role]");
    yew::scheduler::flush().await;
    assert_eq!(
        mounted.edits.borrow().last(),
        Some(&Edit::Add {
            account: "111111111111".into(),
            entity: NewEntity::Role,
            name: None,
            at: None,
        })
    );
}

#[wasm_bindgen_test]
async fn a_highlight_lights_the_path_and_dims_the_rest() {
    let highlight = Highlight {
        nodes: vec![
            "111111111111/user/Theresa".into(),
            "999999999999/role/UpdateApp".into(),
        ],
        active: Some("111111111111/user/Theresa".into()),
        denied: vec!["111111111111/group/Testers".into()],
        failed_edge: Some("trust:111111111111->999999999999/role/UpdateApp".into()),
        focus: true,
        serial: 3,
        ..Highlight::default()
    };
    let mounted = mount_canvas(highlight).await;
    let root = &mounted.root;
    assert!(find(root, "svg.dg-svg").class_list().contains("is-focus"));
    assert!(
        find(root, "[data-id='111111111111/user/Theresa']")
            .class_list()
            .contains("is-active")
    );
    assert!(
        find(root, "[data-id='111111111111/group/Testers']")
            .class_list()
            .contains("is-denied")
    );
    assert!(
        find(root, "[data-id='111111111111/user/David']")
            .class_list()
            .contains("is-dimmed")
    );
    let edge = find(
        root,
        "[data-edge='trust:111111111111->999999999999/role/UpdateApp']",
    );
    assert!(edge.class_list().contains("is-denied"));
    assert_eq!(
        find(
            root,
            "[data-edge='trust:111111111111->999999999999/role/UpdateApp'] .dg-edge__line"
        )
        .get_attribute("marker-end")
        .as_deref(),
        Some("url(#dg-arrow-denied)")
    );
}

fn stepper_props(
    plan: Plan,
    on_show_span: Callback<(PolicyKey, (u32, u32))>,
    on_plan: Callback<Plan>,
) -> StepperProps {
    let (_, world, model) = seed_004();
    let run = plan::run(&world, &plan, Clock::from_epoch_seconds(0));
    StepperProps {
        world: Some(world),
        waiting: false,
        model,
        plan: Rc::new(plan),
        run: Rc::new(run),
        read_only: false,
        on_plan,
        on_show_span,
        on_open_policy: Callback::noop(),
        on_use_as_request: None,
    }
}

#[wasm_bindgen_test]
async fn a_stepper_waiting_for_managed_policies_says_so() {
    let root = container();
    let mut props = stepper_props(theresa_plan(0), Callback::noop(), Callback::noop());
    props.world = None;
    props.waiting = true;
    yew::Renderer::<Stepper>::with_root_and_props(root.clone(), props).render();
    yew::scheduler::flush().await;
    let text = find(&root, "[data-testid=stepper]")
        .text_content()
        .unwrap_or_default();
    assert!(text.contains("Loading the AWS managed policies"), "{text}");
    assert!(!text.contains("does not load"), "{text}");
}

/// `start` assumes UpdateApp in production; `taken` steps are shown.
fn update_app_plan(start: &str, taken: usize) -> Plan {
    let mut plan = Plan::starting(start);
    plan.hops.push(HopDoc {
        role: "arn:aws:iam::999999999999:role/UpdateApp".into(),
        ..HopDoc::default()
    });
    plan.taken = taken;
    plan
}

fn theresa_plan(taken: usize) -> Plan {
    update_app_plan("user:111111111111/Theresa", taken)
}

#[wasm_bindgen_test]
async fn stepping_theresa_shows_the_explicit_deny_and_asks_for_its_statement() {
    let root = container();
    let (on_show_span, spans) = recorder();
    let (on_plan, plans) = recorder();
    yew::Renderer::<Stepper>::with_root_and_props(
        root.clone(),
        stepper_props(theresa_plan(0), on_show_span, on_plan),
    )
    .render();
    yew::scheduler::flush().await;
    assert_eq!(count(&root, "[data-testid=step-card]"), 0);
    click(&root, "[data-testid=stepper-step]");
    yew::scheduler::flush().await;
    // The step asks for one more hop and shows the deciding statement in the editor.
    assert_eq!(plans.borrow().last().map(|p| p.taken), Some(1));
    let (key, span) = spans
        .borrow()
        .last()
        .cloned()
        .expect("the deciding statement is shown");
    assert_eq!(
        key,
        PolicyKey::World("$.accounts[0].groups[1].inline_policies[0].document".into())
    );
    assert!(span.0 < span.1);
}

#[wasm_bindgen_test]
async fn a_taken_hop_shows_its_checks_session_or_denial_and_the_command() {
    let root = container();
    yew::Renderer::<Stepper>::with_root_and_props(
        root.clone(),
        stepper_props(theresa_plan(1), Callback::noop(), Callback::noop()),
    )
    .render();
    yew::scheduler::flush().await;
    assert_eq!(
        find(&root, "[data-testid=step-card]")
            .get_attribute("data-state")
            .as_deref(),
        Some("denied")
    );
    assert_eq!(
        find(&root, "[data-testid=step-card] .st-pill")
            .text_content()
            .unwrap(),
        "Explicitly denied"
    );
    assert!(
        find(&root, "[data-testid=step-deciding-statement]")
            .text_content()
            .unwrap()
            .contains("deny-assume-S3-role-in-production")
    );
    assert!(
        find(&root, "[data-testid=cli-text]")
            .text_content()
            .unwrap()
            .contains("aws sts assume-role")
    );

    let root = container();
    let david = update_app_plan("user:111111111111/David", 1);
    yew::Renderer::<Stepper>::with_root_and_props(
        root.clone(),
        stepper_props(david, Callback::noop(), Callback::noop()),
    )
    .render();
    yew::scheduler::flush().await;
    assert_eq!(
        find(&root, "[data-testid=step-card]")
            .get_attribute("data-state")
            .as_deref(),
        Some("ok")
    );
    assert!(
        find(&root, "[data-testid=stepper-session]")
            .text_content()
            .unwrap()
            .contains("assumed-role/UpdateApp/David")
    );
}

#[wasm_bindgen_test]
async fn the_questions_of_seed_004_and_the_gallery() {
    let (_, world, _) = seed_004();
    let root = container();
    let (on_load_example, loads) = recorder();
    let (on_step, steps) = recorder();
    let props = QuestionsProps {
        example: Some("delegate-across-accounts".into()),
        world: Some(world),
        waiting: false,
        clock: Clock::from_epoch_seconds(0),
        on_load_example,
        on_step,
    };
    yew::Renderer::<Questions>::with_root_and_props(root.clone(), props).render();
    yew::scheduler::flush().await;
    assert_eq!(count(&root, "[data-testid=question]"), 2);
    assert_eq!(
        find(&root, "[data-question=testers]")
            .get_attribute("data-status")
            .as_deref(),
        Some("open")
    );
    assert_eq!(
        count(&root, "[data-testid=gallery] li"),
        examples::examples().len() as u32
    );
    click(&root, "[data-question=testers] [data-testid=question-step]");
    click(&root, "[data-example=organization] button");
    yew::scheduler::flush().await;
    let plan = steps.borrow().last().cloned().unwrap();
    assert_eq!(plan.start.as_deref(), Some("user:111111111111/Theresa"));
    assert_eq!(loads.borrow().as_slice(), ["organization"]);
}

#[wasm_bindgen_test]
async fn the_inspector_opens_policies_and_attaches_managed_ones() {
    let (doc, _, model) = seed_004();
    let root = container();
    let (on_open_policy, opened) = recorder();
    let (on_edit, edits) = recorder();
    let props = InspectorProps {
        doc,
        model,
        selection: "999999999999/role/UpdateApp".into(),
        read_only: false,
        on_edit,
        on_open_policy,
        on_step_from: Callback::noop(),
        on_reach: Callback::noop(),
        on_close: Callback::noop(),
    };
    yew::Renderer::<Inspector>::with_root_and_props(root.clone(), props).render();
    yew::scheduler::flush().await;
    click(&root, "[data-testid=node-policy]");
    assert_eq!(
        opened.borrow().last(),
        Some(&PolicyKey::World(
            "$.accounts[1].roles[0].trust_policy".into()
        ))
    );
    click(&root, "[data-testid=attach-policy]");
    yew::scheduler::flush().await;
    // Search the catalogue.
    let search: web_sys::HtmlInputElement =
        find(&root, "[data-testid=policy-picker] input").unchecked_into();
    search.set_value("ec2readonly");
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    search
        .dispatch_event(&web_sys::Event::new_with_event_init_dict("input", &init).unwrap())
        .unwrap();
    yew::scheduler::flush().await;
    assert_eq!(count(&root, "[data-testid=policy-picker] li"), 1);
    click(
        &root,
        "[data-testid=policy-picker] [data-policy=AmazonEC2ReadOnlyAccess]",
    );
    yew::scheduler::flush().await;
    assert_eq!(
        edits.borrow().last(),
        Some(&Edit::AttachPolicy {
            node: "999999999999/role/UpdateApp".into(),
            policy: "AmazonEC2ReadOnlyAccess".into()
        })
    );
}
