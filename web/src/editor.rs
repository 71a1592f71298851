//! Bridge to the CodeMirror 6 editor bundle (`web/js/editor.js`).
//!
//! The bundle is a classic script that `index.html` loads before the wasm;
//! it registers the global `iamEditor`, which the imports below call through
//! `js_namespace`. A global, rather than `#[wasm_bindgen(module = ...)]`,
//! because wasm-bindgen reads a `module` file at compile time: every `cargo`
//! command (clippy, native tests) would then need the npm-built bundle to
//! exist first, and its ~400 KiB would be embedded in every wasm build.
//! With a global, Rust compiles on its own and Trunk ships the bundle as an
//! ordinary hashed asset. If the bundle is missing, [`Editor::mount`] returns
//! an error instead of trapping.
//!
//! The bundle is not in the page's first load: [`load_bundle`] adds its `<script>` when the
//! first editor mounts (the page shows the policy text meanwhile), so CodeMirror's size never
//! delays the first decision.
//!
//! Offsets are UTF-16 code units (JavaScript string indices, as CodeMirror
//! counts them); [`utf16_offset`] converts Rust byte offsets.

use std::fmt;

use serde::Serialize;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// A live CodeMirror editor created by the bundle.
    type EditorHandle;

    #[wasm_bindgen(catch, js_namespace = iamEditor, js_name = create)]
    fn create_editor(
        parent: &web_sys::Element,
        text: &str,
        on_change: &Closure<dyn FnMut(String)>,
    ) -> Result<EditorHandle, JsValue>;

    #[wasm_bindgen(method, js_name = getText)]
    fn get_text(this: &EditorHandle) -> String;

    #[wasm_bindgen(method, js_name = setText)]
    fn set_text(this: &EditorHandle, text: &str);

    #[wasm_bindgen(method, catch, js_name = setDiagnostics)]
    fn set_diagnostics(this: &EditorHandle, diagnostics: JsValue) -> Result<(), JsValue>;

    #[wasm_bindgen(method, js_name = highlightRange)]
    fn highlight_range(this: &EditorHandle, from: u32, to: u32);

    #[wasm_bindgen(method, js_name = clearHighlight)]
    fn clear_highlight(this: &EditorHandle);

    #[wasm_bindgen(method)]
    fn format(this: &EditorHandle) -> bool;

    #[wasm_bindgen(method, js_name = setReadOnly)]
    fn set_read_only(this: &EditorHandle, read_only: bool);

    #[wasm_bindgen(method, js_name = setCompleter)]
    fn set_completer(this: &EditorHandle, completer: &Closure<dyn Fn(JsValue) -> JsValue>);

    #[wasm_bindgen(method)]
    fn focus(this: &EditorHandle);

    #[wasm_bindgen(method)]
    fn destroy(this: &EditorHandle);
}

/// Where the bundle is, relative to the page (Trunk copies it there: `index.html`).
pub const BUNDLE_URL: &str = "editor.js";

/// Whether the bundle has registered `iamEditor`.
pub fn bundle_loaded() -> bool {
    js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("iamEditor"))
        .is_ok_and(|v| v.is_object())
}

/// Loads the CodeMirror bundle once (later calls wait for the same `<script>`).
pub async fn load_bundle() -> Result<(), EditorError> {
    if bundle_loaded() {
        return Ok(());
    }
    let fail = |what: &str| EditorError(format!("the code editor could not be loaded ({what})"));
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| fail("no document"))?;
    let script: web_sys::HtmlScriptElement = match document
        .query_selector("script[data-editor-bundle]")
        .ok()
        .flatten()
    {
        Some(existing) => existing.unchecked_into(),
        None => {
            let script: web_sys::HtmlScriptElement = document
                .create_element("script")
                .map_err(|_| fail("script"))?
                .unchecked_into();
            let _ = script.set_attribute("data-editor-bundle", "");
            script.set_src(BUNDLE_URL);
            document
                .head()
                .ok_or_else(|| fail("no head"))?
                .append_child(&script)
                .map_err(|_| fail("script"))?;
            script
        }
    };
    let loaded = js_sys::Promise::new(&mut |resolve, reject| {
        let _ = script.add_event_listener_with_callback("load", &resolve);
        let _ = script.add_event_listener_with_callback("error", &reject);
    });
    if bundle_loaded() {
        return Ok(());
    }
    wasm_bindgen_futures::JsFuture::from(loaded)
        .await
        .map_err(|_| fail(BUNDLE_URL))?;
    if bundle_loaded() {
        Ok(())
    } else {
        Err(fail("iamEditor missing"))
    }
}

/// How serious a [`Diagnostic`] is; shown as CodeMirror's lint severities.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The policy is invalid.
    Error,
    /// Valid, but probably not what was meant.
    Warning,
    /// Worth knowing.
    Info,
    /// A suggestion.
    Hint,
}

/// A message attached to a range of the editor's text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Start, in UTF-16 code units.
    pub from: u32,
    /// End (exclusive), in UTF-16 code units.
    pub to: u32,
    /// How serious it is.
    pub severity: Severity,
    /// What is wrong.
    pub message: String,
}

/// Why the editor could not be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EditorError(String);

impl fmt::Display for EditorError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for EditorError {}

impl EditorError {
    fn from_js(context: &str, value: &JsValue) -> Self {
        let detail = value
            .as_string()
            .or_else(|| {
                value
                    .dyn_ref::<js_sys::Error>()
                    .map(|e| String::from(e.message()))
            })
            .unwrap_or_else(|| format!("{value:?}"));
        Self(format!("{context}: {detail}"))
    }
}

/// The completion source handed to the bundle.
type Completer = Closure<dyn Fn(JsValue) -> JsValue>;

/// A mounted CodeMirror editor. Dropping it destroys the editor view.
pub struct Editor {
    handle: EditorHandle,
    // Kept alive for as long as the editor may call it.
    _on_change: Closure<dyn FnMut(String)>,
    completer: std::cell::RefCell<Option<Completer>>,
}

impl fmt::Debug for Editor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Editor").finish_non_exhaustive()
    }
}

impl Editor {
    /// Creates an editor inside `parent` showing `text`; `on_change` gets the
    /// whole text after each change by the user or by [`Editor::format`]
    /// (not after [`Editor::set_text`]).
    pub fn mount(
        parent: &web_sys::Element,
        text: &str,
        on_change: impl FnMut(String) + 'static,
    ) -> Result<Self, EditorError> {
        let on_change = Closure::<dyn FnMut(String)>::new(on_change);
        let handle = create_editor(parent, text, &on_change)
            .map_err(|e| EditorError::from_js("the code editor could not start", &e))?;
        Ok(Self {
            handle,
            _on_change: on_change,
            completer: std::cell::RefCell::new(None),
        })
    }

    /// The current text.
    pub fn text(&self) -> String {
        self.handle.get_text()
    }

    /// Makes the text read-only (or editable again).
    pub fn set_read_only(&self, read_only: bool) {
        self.handle.set_read_only(read_only);
    }

    /// Sets the completion source: `complete` gets the editor's query (`{kind, prefix,
    /// actions?}`, see `web/js/editor.js`) and returns CodeMirror completions, or `null`.
    pub fn set_completer(&self, complete: impl Fn(JsValue) -> JsValue + 'static) {
        let closure = Closure::<dyn Fn(JsValue) -> JsValue>::new(complete);
        self.handle.set_completer(&closure);
        *self.completer.borrow_mut() = Some(closure);
    }

    /// Replaces the whole text (does not call `on_change`; not an undo step in the editor).
    pub fn set_text(&self, text: &str) {
        self.handle.set_text(text);
    }

    /// Replaces the diagnostics shown in the text and the gutter.
    pub fn set_diagnostics(&self, diagnostics: &[Diagnostic]) -> Result<(), EditorError> {
        let value = serde_wasm_bindgen::to_value(diagnostics)
            .map_err(|e| EditorError(format!("diagnostics could not be converted: {e}")))?;
        self.handle
            .set_diagnostics(value)
            .map_err(|e| EditorError::from_js("diagnostics could not be shown", &e))
    }

    /// Marks `from..to` and scrolls it into view (an empty range clears the mark).
    pub fn highlight_range(&self, from: u32, to: u32) {
        self.handle.highlight_range(from, to);
    }

    /// Removes the mark set by [`Editor::highlight_range`].
    pub fn clear_highlight(&self) {
        self.handle.clear_highlight();
    }

    /// Re-indents the JSON text as written (keys, duplicates and number
    /// literals are kept). Returns false, changing nothing, if the text is
    /// not well-formed.
    pub fn format(&self) -> bool {
        self.handle.format()
    }

    /// Moves keyboard focus into the editor.
    pub fn focus(&self) {
        self.handle.focus();
    }
}

impl Drop for Editor {
    fn drop(&mut self) {
        self.handle.destroy();
    }
}

/// Converts a byte offset into `text` (as Rust parsers report positions)
/// into the UTF-16 offset the editor uses. Offsets past the end, or inside
/// a character, are moved back to the previous character boundary.
pub fn utf16_offset(text: &str, byte_offset: usize) -> u32 {
    let mut end = byte_offset.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let units: usize = text[..end].chars().map(char::len_utf16).sum();
    u32::try_from(units).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::{Diagnostic, Severity, utf16_offset};

    #[test]
    fn utf16_offsets_count_code_units() {
        let text = "aé€😀b";
        // bytes: a=1, é=2, €=3, 😀=4 ; UTF-16 units: 1, 1, 1, 2
        assert_eq!(utf16_offset(text, 0), 0);
        assert_eq!(utf16_offset(text, 1), 1);
        assert_eq!(utf16_offset(text, 3), 2);
        assert_eq!(utf16_offset(text, 6), 3);
        assert_eq!(utf16_offset(text, 10), 5);
        assert_eq!(utf16_offset(text, 11), 6);
    }

    #[test]
    fn utf16_offsets_clamp_and_snap_to_char_boundaries() {
        let text = "é€";
        assert_eq!(utf16_offset(text, 1), 0, "inside é");
        assert_eq!(utf16_offset(text, 4), 1, "inside €");
        assert_eq!(utf16_offset(text, 99), 2, "past the end");
    }

    #[test]
    fn diagnostics_serialize_as_the_bundle_expects() {
        let diagnostic = Diagnostic {
            from: 1,
            to: 4,
            severity: Severity::Warning,
            message: "m".into(),
        };
        let json = serde_json::to_value(&diagnostic).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"from": 1, "to": 4, "severity": "warning", "message": "m"})
        );
    }
}
