//! Bridge to the authoring-help module: lint and completion, which run in the engine's JS API
//! module (`crates/iam-wasm`, built into `api/` beside the page) with the action catalogue.
//!
//! They are not compiled into the app: lint's checks, the catalogue reader and completion
//! would add about 57 KB gzipped to the app's first download, and nothing on first paint needs
//! them. [`load`] imports the module after first paint and gives it the catalogue; until then
//! (and in native tests, which never load it) [`lint`] and [`complete`] answer `None`, and the
//! editor shows the parse and grammar errors that the app finds itself.

use std::cell::RefCell;

use iam_policy::PolicyKind;
use serde::Deserialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen(inline_js = "export function importModule(url) { return import(url); }")]
extern "C" {
    /// `import(url)` (a dynamic import cannot be written in Rust).
    #[wasm_bindgen(js_name = importModule)]
    fn import_module(url: &str) -> js_sys::Promise;
}

#[wasm_bindgen]
extern "C" {
    /// The namespace object of `api/iam_wasm.js`.
    type AssistModule;

    /// wasm-bindgen's initialiser: fetches and instantiates the module's wasm.
    #[wasm_bindgen(method, js_name = default)]
    fn init(this: &AssistModule) -> js_sys::Promise;

    #[wasm_bindgen(method, catch, js_name = loadCatalog)]
    fn load_catalog(this: &AssistModule, bytes: &[u8]) -> Result<(), JsValue>;

    #[wasm_bindgen(method, catch, js_name = lint)]
    fn lint_policy(this: &AssistModule, text: &str, kind: &str) -> Result<JsValue, JsValue>;

    #[wasm_bindgen(method, catch, js_name = complete)]
    fn complete_query(this: &AssistModule, query: &JsValue) -> Result<JsValue, JsValue>;
}

thread_local! {
    /// The module, once it is loaded and has the catalogue.
    static MODULE: RefCell<Option<AssistModule>> = const { RefCell::new(None) };
}

/// Where the module is, relative to the page (`web/js/build-api.mjs` puts it there).
pub const MODULE_URL: &str = "api/iam_wasm.js";

/// Imports the module, then reads the catalogue (`catalog` is `catalog.json`'s bytes).
pub async fn load(module_url: &str, catalog: &[u8]) -> Result<(), String> {
    let module: AssistModule = JsFuture::from(import_module(module_url))
        .await
        .map_err(|e| format!("the authoring-help module did not load ({})", describe(&e)))?
        .unchecked_into();
    JsFuture::from(module.init())
        .await
        .map_err(|e| format!("the authoring-help module did not start ({})", describe(&e)))?;
    module
        .load_catalog(catalog)
        .map_err(|e| format!("the action catalogue is malformed ({})", describe(&e)))?;
    MODULE.with(|slot| *slot.borrow_mut() = Some(module));
    Ok(())
}

/// Whether [`load`] has succeeded.
pub fn ready() -> bool {
    MODULE.with(|slot| slot.borrow().is_some())
}

/// One lint finding as the module reports it (byte offsets into the text).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct Linted {
    /// The stable code (`lint/unknown-action`).
    pub code: String,
    /// `error`, `security-warning`, `warning` or `suggestion`.
    pub severity: String,
    /// What is wrong.
    pub message: String,
    /// Byte range.
    pub span: ByteSpan,
    /// Where it starts.
    pub start: LineColumn,
}

/// A byte range.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
pub struct ByteSpan {
    /// First byte.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
}

/// A 1-based line and character column.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
pub struct LineColumn {
    /// Line.
    pub line: u32,
    /// Column, in characters.
    pub column: u32,
}

/// Every lint finding for `text` as a policy of `kind`, once the module is loaded.
pub fn lint(text: &str, kind: PolicyKind) -> Option<Vec<Linted>> {
    MODULE.with(|slot| {
        let slot = slot.borrow();
        let found = slot.as_ref()?.lint_policy(text, kind.name()).ok()?;
        from_js(&found)
    })
}

/// Completions for an editor query (`{kind, prefix, actions?}`), in CodeMirror's shape, once
/// the module is loaded.
pub fn complete(query: &JsValue) -> Option<JsValue> {
    MODULE.with(|slot| slot.borrow().as_ref()?.complete_query(query).ok())
}

/// One completion's text and note.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct Suggestion {
    /// The text inserted.
    pub label: String,
    /// The note beside it.
    pub detail: String,
}

/// Completions as label and note, for `<datalist>`s.
pub fn options(query: &serde_json::Value) -> Vec<Suggestion> {
    let Ok(query) = js_sys::JSON::parse(&query.to_string()) else {
        return Vec::new();
    };
    complete(&query)
        .and_then(|found| from_js(&found))
        .unwrap_or_default()
}

/// A JS value read through its JSON text: the app reads JSON with serde_json already, and a
/// second deserializer (serde-wasm-bindgen's) would add its code to the wasm.
fn from_js<T: serde::de::DeserializeOwned>(value: &JsValue) -> Option<T> {
    let text = js_sys::JSON::stringify(value).ok()?.as_string()?;
    serde_json::from_str(&text).ok()
}

fn describe(error: &JsValue) -> String {
    error
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| error.as_string())
        .unwrap_or_else(|| "unknown error".to_owned())
}
