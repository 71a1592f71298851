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
use iam_playground_web::editor::{Diagnostic, Editor, Severity};
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

#[wasm_bindgen_test]
async fn app_renders_header_panels_and_a_live_editor() {
    load_editor_bundle().await;
    let body = document().body().unwrap();
    body.remove_attribute("data-ready").unwrap();
    let root = container();

    yew::Renderer::<App>::with_root(root.clone()).render();
    yew::scheduler::flush().await;

    assert_eq!(text_of(&root, "h1"), "IAM Playground");
    for (panel, title) in [
        ("canvas", "Canvas"),
        ("editor", "Policy"),
        ("decision", "Decision"),
    ] {
        let heading = text_of(&root, &format!("[data-panel={panel}] h2"));
        assert_eq!(heading, title, "panel {panel}");
    }
    // CodeMirror is mounted in the editor panel, showing the sample policy.
    let host = root
        .query_selector("[data-panel=editor] .code-editor__host")
        .unwrap()
        .unwrap();
    let content = editor_text(&host, ".cm-editor .cm-content");
    assert!(
        content.contains("\"2012-10-17\""),
        "editor shows: {content}"
    );
    assert!(
        root.query_selector("[data-panel=editor] .code-editor__error")
            .unwrap()
            .is_none(),
        "the editor reported an error"
    );
    // Ready is signalled only after the editor is in the DOM.
    assert_eq!(body.get_attribute("data-ready").as_deref(), Some("true"));
    assert_eq!(
        text_of(&root, "[data-testid=editor-stats]"),
        "15 lines · 261 characters"
    );

    // The panel's Format button reaches the editor (EditorRef), and the
    // change comes back through on_change: the one-line "Action" array is
    // split over four lines.
    let format: web_sys::HtmlElement = root
        .query_selector("[data-panel=editor] .panel__actions button")
        .unwrap()
        .unwrap()
        .unchecked_into();
    assert_eq!(format.text_content().as_deref(), Some("Format"));
    format.click();
    yew::scheduler::flush().await;
    assert_eq!(
        text_of(&root, "[data-testid=editor-stats]"),
        "18 lines · 285 characters"
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
