//! The browser side of the app: URL, history, storage, downloads, clipboard, timing and the
//! catalogue fetch. Thin wrappers over web-sys that never panic: outside a browser (native
//! tests) or when a browser refuses (private mode storage, clipboard permission), they do
//! nothing and say so in their result.

use std::fmt;

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

fn window() -> Option<web_sys::Window> {
    web_sys::window()
}

/// How the page was opened (`?embed`, `?readonly`, `?example=ID`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PageOptions {
    /// Embedded in another page: no toolbar or world outline.
    pub embed: bool,
    /// Nothing can be edited.
    pub read_only: bool,
    /// A built-in example to open (when the fragment holds no state).
    pub example: Option<String>,
}

impl PageOptions {
    /// Reads the options from a query string (`?embed&readonly&example=organization`).
    pub fn from_query(query: &str) -> PageOptions {
        let mut options = PageOptions::default();
        for pair in query.trim_start_matches('?').split('&') {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            match name {
                "embed" => options.embed = value != "0" && value != "false",
                "readonly" | "read-only" => {
                    options.read_only = value != "0" && value != "false";
                }
                "example" => options.example = Some(value.to_owned()),
                _ => {}
            }
        }
        options
    }
}

/// The page's query string (`?…`), empty outside a browser.
pub fn query() -> String {
    window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default()
}

/// The page's fragment without `#`.
pub fn fragment() -> String {
    window()
        .and_then(|w| w.location().hash().ok())
        .map(|h| h.trim_start_matches('#').to_owned())
        .unwrap_or_default()
}

/// The page's address.
pub fn href() -> String {
    window()
        .and_then(|w| w.location().href().ok())
        .unwrap_or_default()
}

/// `relative` resolved against the page's base URL (a dynamic `import()` resolves against the
/// importing script instead, so the page's files are named absolutely).
pub fn page_url(relative: &str) -> String {
    window()
        .and_then(|w| w.document())
        .and_then(|d| d.base_uri().ok().flatten())
        .and_then(|base| web_sys::Url::new_with_base(relative, &base).ok())
        .map(|url| url.href())
        .unwrap_or_else(|| relative.to_owned())
}

/// The page's path (`/playground/`), empty outside a browser.
pub fn pathname() -> String {
    window()
        .and_then(|w| w.location().pathname().ok())
        .unwrap_or_default()
}

/// Replaces the fragment without a history entry or a scroll.
pub fn replace_fragment(fragment: &str) {
    let Some(window) = window() else { return };
    let url = format!("{}{}#{fragment}", pathname(), query());
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&url));
    }
}

/// Why a value was not stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StorageError {
    /// No localStorage (blocked, or not a browser).
    Unavailable,
    /// The browser refused (quota).
    Refused,
}

impl fmt::Display for StorageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            StorageError::Unavailable => "this browser does not allow local storage here",
            StorageError::Refused => "the browser's storage is full",
        })
    }
}

fn storage() -> Option<web_sys::Storage> {
    window()?.local_storage().ok()?
}

/// A value of localStorage.
pub fn storage_get(key: &str) -> Option<String> {
    storage()?.get_item(key).ok()?
}

/// Stores a value in localStorage.
pub fn storage_set(key: &str, value: &str) -> Result<(), StorageError> {
    storage()
        .ok_or(StorageError::Unavailable)?
        .set_item(key, value)
        .map_err(|_| StorageError::Refused)
}

fn session_storage() -> Option<web_sys::Storage> {
    window()?.session_storage().ok()?
}

/// A value of this tab's sessionStorage.
pub fn session_get(key: &str) -> Option<String> {
    session_storage()?.get_item(key).ok()?
}

/// Stores a value in this tab's sessionStorage (ignored when refused).
pub fn session_set(key: &str, value: &str) {
    if let Some(storage) = session_storage() {
        let _ = storage.set_item(key, value);
    }
}

/// Milliseconds since the page started (`performance.now()`).
pub fn now_ms() -> f64 {
    window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// Seconds since the epoch, from the browser's clock.
pub fn epoch_seconds() -> i64 {
    #[allow(clippy::cast_possible_truncation)]
    let seconds = (js_sys::Date::now() / 1000.0) as i64;
    seconds
}

/// Sets an attribute of `<body>` (signals for tests and the budget script).
pub fn set_body_attribute(name: &str, value: &str) {
    if let Some(body) = window().and_then(|w| w.document()).and_then(|d| d.body()) {
        let _ = body.set_attribute(name, value);
    }
}

/// Sets (or removes) an attribute of `<html>` (the colour theme).
pub fn set_root_attribute(name: &str, value: Option<&str>) {
    if let Some(root) = window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = match value {
            Some(value) => root.set_attribute(name, value),
            None => root.remove_attribute(name),
        };
    }
}

/// Whether the OS asks for dark colours.
pub fn prefers_dark() -> bool {
    window()
        .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
        .is_some_and(|m| m.matches())
}

/// Saves `text` as a file named `name` (a same-origin `blob:` URL and a download link: no
/// network, allowed by the page's CSP, which restricts fetches, not downloads).
pub fn download(name: &str, text: &str, mime: &str) -> Result<(), String> {
    let fail = |what: &str| format!("the file could not be saved ({what})");
    let document = window()
        .and_then(|w| w.document())
        .ok_or_else(|| fail("no document"))?;
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)
        .map_err(|_| fail("blob"))?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|_| fail("URL"))?;
    let anchor: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(|_| fail("link"))?
        .unchecked_into();
    anchor.set_href(&url);
    anchor.set_download(name);
    anchor.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}

/// Copies text to the clipboard; false when the browser refuses.
pub async fn copy_text(text: &str) -> bool {
    let Some(window) = window() else { return false };
    let promise = window.navigator().clipboard().write_text(text);
    JsFuture::from(promise).await.is_ok()
}

/// Fetches a file of the site (same origin) as bytes.
pub async fn fetch_bytes(url: &str) -> Result<Vec<u8>, String> {
    let window = window().ok_or("not in a browser")?;
    let response = JsFuture::from(window.fetch_with_str(url))
        .await
        .map_err(|_| format!("{url} could not be fetched"))?;
    let response: web_sys::Response = response.dyn_into().map_err(|_| "not a response")?;
    if !response.ok() {
        return Err(format!("{url}: HTTP {}", response.status()));
    }
    let buffer = response
        .array_buffer()
        .map_err(|_| "unreadable response".to_owned())?;
    let buffer = JsFuture::from(buffer)
        .await
        .map_err(|_| "unreadable response".to_owned())?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// Fetches a file of the site like [`fetch_bytes`], trying again twice (after 1 s, then 4 s)
/// if it fails: a lazily loaded file lost to a flaky connection would otherwise leave the
/// page without it until a reload.
pub async fn fetch_bytes_patiently(url: &str) -> Result<Vec<u8>, String> {
    let mut result = fetch_bytes(url).await;
    for delay_ms in [1_000, 4_000] {
        if result.is_ok() {
            break;
        }
        sleep(delay_ms).await;
        result = fetch_bytes(url).await;
    }
    result
}

/// Resolves after `ms` milliseconds.
async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = JsFuture::from(promise).await;
}

/// The text of a file the user picked.
pub async fn read_file(file: &web_sys::File) -> Result<String, String> {
    let text = JsFuture::from(file.text())
        .await
        .map_err(|_| "the file could not be read".to_owned())?;
    text.as_string()
        .ok_or_else(|| "the file is not text".to_owned())
}

/// Runs `task` once the page has painted (after the current task), so work that the first
/// render does not need (fetching lazily loaded files) never delays it.
pub fn spawn_after_paint(task: impl std::future::Future<Output = ()> + 'static) {
    after(0, move || wasm_bindgen_futures::spawn_local(task));
}

/// Runs `f` after `ms` milliseconds (a one-shot timer that lives on its own).
pub fn after(ms: u32, f: impl FnOnce() + 'static) {
    gloo_timers::callback::Timeout::new(ms, f).forget();
}

/// Listens to `keydown` on the document until the returned guard is dropped.
pub struct KeyListener {
    closure: Closure<dyn FnMut(web_sys::KeyboardEvent)>,
}

impl KeyListener {
    /// Starts listening.
    pub fn new(handler: impl FnMut(web_sys::KeyboardEvent) + 'static) -> Option<KeyListener> {
        let closure = Closure::<dyn FnMut(web_sys::KeyboardEvent)>::new(handler);
        let document = window()?.document()?;
        document
            .add_event_listener_with_callback("keydown", closure.as_ref().unchecked_ref())
            .ok()?;
        Some(KeyListener { closure })
    }
}

impl Drop for KeyListener {
    fn drop(&mut self) {
        if let Some(document) = window().and_then(|w| w.document()) {
            let _ = document.remove_event_listener_with_callback(
                "keydown",
                self.closure.as_ref().unchecked_ref(),
            );
        }
    }
}

/// Runs a handler when the page is hidden for good (reload, navigation, closed tab), until
/// the returned guard is dropped.
pub struct PageHideListener {
    closure: Closure<dyn FnMut()>,
}

impl PageHideListener {
    /// Starts listening.
    pub fn new(handler: impl FnMut() + 'static) -> Option<PageHideListener> {
        let closure = Closure::<dyn FnMut()>::new(handler);
        window()?
            .add_event_listener_with_callback("pagehide", closure.as_ref().unchecked_ref())
            .ok()?;
        Some(PageHideListener { closure })
    }
}

impl Drop for PageHideListener {
    fn drop(&mut self) {
        if let Some(window) = window() {
            let _ = window.remove_event_listener_with_callback(
                "pagehide",
                self.closure.as_ref().unchecked_ref(),
            );
        }
    }
}

/// Whether a key event comes from a text field or the code editor (which have their own
/// undo), so the app's shortcuts leave it alone.
pub fn from_text_field(event: &web_sys::KeyboardEvent) -> bool {
    event
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|e| {
            e.closest("input, textarea, select, [contenteditable], .code-editor")
                .ok()
                .flatten()
        })
        .is_some()
}

#[cfg(test)]
mod tests {
    use super::PageOptions;

    #[test]
    fn page_options_come_from_the_query() {
        assert_eq!(PageOptions::from_query(""), PageOptions::default());
        let options = PageOptions::from_query("?embed&readonly&example=organization");
        assert!(options.embed && options.read_only);
        assert_eq!(options.example.as_deref(), Some("organization"));
        assert!(!PageOptions::from_query("?embed=0").embed);
    }
}
