//! Component tests in a real browser (headless Chromium through
//! wasm-bindgen-test-runner; see scripts/test.sh).
//!
//! They load the real CodeMirror bundle, `web/generated/editor.js` (built by
//! `npm run build:editor`), which the runner serves from the crate directory.
#![cfg(target_arch = "wasm32")]
// Test code: clippy.toml allows these in #[test] functions, but that does not
// reach #[wasm_bindgen_test] functions and their helpers.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use iam_playground_web::App;
use iam_playground_web::app::AppProps;
use iam_playground_web::editor::{Diagnostic, Editor, Severity};
use iam_playground_web::platform::PageOptions;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;
use web_sys::{Document, Element};

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> Document {
    web_sys::window().unwrap().document().unwrap()
}

/// Loads the CodeMirror bundle once per page (it registers `iamEditor`).
async fn load_editor_bundle() {
    let doc = document();
    if doc
        .query_selector("script[data-editor-bundle]")
        .unwrap()
        .is_some()
    {
        return;
    }
    let script: web_sys::HtmlScriptElement = doc.create_element("script").unwrap().unchecked_into();
    script.set_attribute("data-editor-bundle", "").unwrap();
    let loaded = js_sys::Promise::new(&mut |resolve, reject| {
        script.set_onload(Some(&resolve));
        script.set_onerror(Some(&reject));
    });
    script.set_src("/generated/editor.js");
    doc.head().unwrap().append_child(&script).unwrap();
    JsFuture::from(loaded)
        .await
        .expect("web/generated/editor.js did not load: run `npm run build:editor`");
}

/// A fresh, attached container for one test.
fn container() -> Element {
    let doc = document();
    let root = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&root).unwrap();
    root
}

fn text_of(root: &Element, selector: &str) -> String {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no element matches {selector}"))
        .text_content()
        .unwrap_or_default()
}

/// The shadow root CodeMirror renders into (see web/js/editor.js).
fn editor_dom(host: &Element) -> web_sys::ShadowRoot {
    host.shadow_root()
        .expect("the editor host has no shadow root")
}

/// Text of the first element matching `selector` in the editor's shadow tree.
fn editor_text(host: &Element, selector: &str) -> String {
    editor_dom(host)
        .query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no editor element matches {selector}"))
        .text_content()
        .unwrap_or_default()
}

fn click(root: &Element, selector: &str) {
    let element: web_sys::HtmlElement = root
        .query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no element matches {selector}"))
        .unchecked_into();
    element.click();
}

fn attribute(root: &Element, selector: &str, name: &str) -> Option<String> {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no element matches {selector}"))
        .get_attribute(name)
}

/// Mounts the app (no URL or storage access, no catalogue fetch) and lets it render.
async fn mount_app() -> Element {
    load_editor_bundle().await;
    let root = container();
    yew::Renderer::<App>::with_root_and_props(root.clone(), AppProps::default()).render();
    yew::scheduler::flush().await;
    root
}

#[wasm_bindgen_test]
async fn app_renders_header_panels_and_a_live_editor() {
    load_editor_bundle().await;
    let body = document().body().unwrap();
    body.remove_attribute("data-ready").unwrap();
    let root = mount_app().await;

    assert_eq!(text_of(&root, "h1"), "IAM Playground");
    for (panel, title) in [
        ("canvas", "World"),
        ("editor", "Policy"),
        ("decision", "Decision"),
    ] {
        let heading = text_of(&root, &format!("[data-panel={panel}] h2"));
        assert_eq!(heading, title, "panel {panel}");
    }
    // CodeMirror is mounted in the editor panel, showing the deciding policy of seed 004.
    let host = root
        .query_selector("[data-panel=editor] .code-editor__host")
        .unwrap()
        .unwrap();
    let content = editor_text(&host, ".cm-editor .cm-content");
    assert!(content.contains("\"Deny\""), "editor shows: {content}");
    assert!(
        root.query_selector("[data-panel=editor] .code-editor__error")
            .unwrap()
            .is_none(),
        "the editor reported an error"
    );
    // Ready is signalled after the first render.
    assert_eq!(body.get_attribute("data-ready").as_deref(), Some("true"));
    // The decision: Theresa is explicitly denied, by her group's policy.
    assert_eq!(
        attribute(&root, "[data-testid=decision]", "data-decision").as_deref(),
        Some("ExplicitDeny")
    );
    assert_eq!(text_of(&root, "[data-testid=verdict]"), "Denied");
    assert!(
        text_of(&root, "[data-testid=deciding-statement]")
            .contains("Testers/deny-assume-S3-role-in-production")
    );
    assert_eq!(
        root.query_selector_all("[data-panel=editor] [role=tab]")
            .unwrap()
            .length(),
        3
    );
}

#[wasm_bindgen_test]
async fn a_scenario_changes_the_request_and_the_decision() {
    let root = mount_app().await;
    let buttons = root
        .query_selector_all("[data-testid=scenarios] button")
        .unwrap();
    let david = (0..buttons.length())
        .filter_map(|i| buttons.get(i))
        .map(|n| n.unchecked_into::<web_sys::HtmlElement>())
        .find(|b| {
            b.text_content()
                .unwrap_or_default()
                .contains("David (Developers) is allowed")
        })
        .expect("David's scenario");
    david.click();
    yew::scheduler::flush().await;
    assert_eq!(
        attribute(&root, "[data-testid=decision]", "data-decision").as_deref(),
        Some("Allow")
    );
    let principal: web_sys::HtmlInputElement = root
        .query_selector("#request-principal")
        .unwrap()
        .unwrap()
        .unchecked_into();
    assert_eq!(principal.value(), "David");
    // Undo (the toolbar button) brings Theresa back.
    click(&root, "[data-testid=undo]");
    yew::scheduler::flush().await;
    assert_eq!(
        attribute(&root, "[data-testid=decision]", "data-decision").as_deref(),
        Some("ExplicitDeny")
    );
}

#[wasm_bindgen_test]
async fn a_deciding_statement_opens_and_highlights_its_policy() {
    let root = mount_app().await;
    // Bring the trust policy to the front, then click the deciding statement.
    let tabs = root
        .query_selector_all("[data-panel=editor] [role=tab]")
        .unwrap();
    let trust: web_sys::HtmlElement = tabs.get(2).unwrap().unchecked_into();
    trust.click();
    yew::scheduler::flush().await;
    let host = root
        .query_selector("[data-panel=editor] .code-editor__host")
        .unwrap()
        .unwrap();
    let shown = editor_text(&host, ".cm-content");
    assert!(
        shown.contains("Principal"),
        "{shown} / {:?}",
        trust.text_content()
    );
    click(&root, "[data-testid=deciding-statement]");
    yew::scheduler::flush().await;
    // The mark is split into one span per line.
    let marks = editor_dom(&host)
        .query_selector_all(".cm-iam-highlight")
        .unwrap();
    let highlighted: String = (0..marks.length())
        .filter_map(|i| marks.get(i).and_then(|m| m.text_content()))
        .collect();
    assert!(
        highlighted.contains("\"Effect\": \"Deny\""),
        "{highlighted}"
    );
    assert_eq!(
        attribute(
            &root,
            "[data-panel=editor] [role=tab][aria-selected=true]",
            "data-policy"
        )
        .as_deref(),
        Some("w---accounts-0--groups-1--inline-policies-0--document")
    );
}

#[wasm_bindgen_test]
async fn the_examples_menu_lists_every_world_and_closes_on_escape() {
    let root = mount_app().await;
    click(&root, "[data-testid=examples-button]");
    yew::scheduler::flush().await;
    let items = root
        .query_selector_all("[role=menu] [role=menuitem]")
        .unwrap();
    assert_eq!(items.length(), 10);
    assert_eq!(
        attribute(&root, "[data-testid=examples-button]", "aria-expanded").as_deref(),
        Some("true")
    );
    let menu = root.query_selector("[role=menu]").unwrap().unwrap();
    let init = web_sys::KeyboardEventInit::new();
    init.set_key("Escape");
    init.set_bubbles(true);
    let escape =
        web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    menu.dispatch_event(&escape).unwrap();
    yew::scheduler::flush().await;
    assert!(
        root.query_selector("[role=menu]").unwrap().is_none(),
        "Escape closes the menu"
    );
    // Opening another example decides its default request.
    click(&root, "[data-testid=examples-button]");
    yew::scheduler::flush().await;
    click(&root, "[role=menuitem][data-example=permissions-boundary]");
    yew::scheduler::flush().await;
    assert!(
        text_of(&root, ".canvas-area")
            .to_lowercase()
            .contains("boundary")
    );
    assert!(
        root.query_selector("[data-testid=decision]")
            .unwrap()
            .is_some()
    );
}

#[wasm_bindgen_test]
async fn a_hostile_link_opens_the_default_with_a_message() {
    load_editor_bundle().await;
    let window = web_sys::window().unwrap();
    let history = window.history().unwrap();
    let location = window.location();
    let before = location.href().unwrap();
    history
        .replace_state_with_url(&JsValue::NULL, "", Some("#v1.AAAA"))
        .unwrap();
    let root = container();
    let props = AppProps {
        persist: true,
        options: Some(PageOptions {
            embed: true,
            ..PageOptions::default()
        }),
        catalog_url: None,
        managed_policies_url: None,
    };
    yew::Renderer::<App>::with_root_and_props(root.clone(), props).render();
    yew::scheduler::flush().await;
    history
        .replace_state_with_url(&JsValue::NULL, "", Some(&before))
        .unwrap();
    let notice = text_of(&root, "[data-testid=notice]");
    assert!(notice.contains("This link could not be opened"), "{notice}");
    assert_eq!(
        attribute(&root, "[data-testid=notice]", "role").as_deref(),
        Some("alert")
    );
    assert_eq!(
        attribute(&root, "[data-testid=decision]", "data-decision").as_deref(),
        Some("ExplicitDeny")
    );
    // Embedded: no toolbar and no world panel.
    assert!(root.query_selector(".app-header").unwrap().is_none());
    assert!(
        root.query_selector("[data-panel=canvas]")
            .unwrap()
            .is_none()
    );
}

#[wasm_bindgen_test]
async fn editor_bridge_round_trips_text_format_and_diagnostics() {
    load_editor_bundle().await;
    let root = container();
    let changes = Rc::new(RefCell::new(Vec::<String>::new()));
    let seen = changes.clone();
    let editor = Editor::mount(&root, "{\"a\":[1,2]}", move |text| {
        seen.borrow_mut().push(text)
    })
    .unwrap();

    assert_eq!(editor.text(), "{\"a\":[1,2]}");
    editor.set_text("{\"Effect\":\"Allow\",\"Effect\":\"Deny\"}");
    assert!(changes.borrow().is_empty(), "set_text must not echo");

    // Formatting keeps duplicate keys and reports the change.
    assert!(editor.format());
    let pretty = "{\n  \"Effect\": \"Allow\",\n  \"Effect\": \"Deny\"\n}\n";
    assert_eq!(editor.text(), pretty);
    assert_eq!(changes.borrow().as_slice(), [pretty.to_string()]);

    // Malformed JSON is left alone.
    editor.set_text("{\"a\": [1,");
    assert!(!editor.format());
    assert_eq!(editor.text(), "{\"a\": [1,");

    // Diagnostics are drawn as lint marks.
    editor.set_text(pretty);
    editor
        .set_diagnostics(&[Diagnostic {
            from: 25,
            to: 33,
            severity: Severity::Warning,
            message: "duplicate key \"Effect\"".into(),
        }])
        .unwrap();
    let marked = editor_text(&root, ".cm-lintRange-warning");
    assert_eq!(marked, "\"Effect\"");

    editor.highlight_range(4, 12);
    assert_eq!(editor_text(&root, ".cm-iam-highlight"), "\"Effect\"");
    editor.clear_highlight();
    assert!(
        editor_dom(&root)
            .query_selector(".cm-iam-highlight")
            .unwrap()
            .is_none()
    );

    drop(editor);
    assert!(
        editor_dom(&root)
            .query_selector(".cm-editor")
            .unwrap()
            .is_none(),
        "drop destroys the view"
    );
}

#[wasm_bindgen_test]
fn editor_reports_a_missing_bundle_instead_of_trapping() {
    // Simulate a page without the bundle by hiding the global for one call.
    let global = js_sys::global();
    let saved = js_sys::Reflect::get(&global, &JsValue::from_str("iamEditor")).unwrap();
    js_sys::Reflect::set(&global, &"iamEditor".into(), &JsValue::UNDEFINED).unwrap();
    let result = Editor::mount(&container(), "{}", |_| {});
    js_sys::Reflect::set(&global, &"iamEditor".into(), &saved).unwrap();
    let err = result.unwrap_err();
    assert!(
        err.to_string()
            .starts_with("the code editor could not start"),
        "{err}"
    );
}
