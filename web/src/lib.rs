//! The IAM Playground single-page app: Yew components, the bridge to the
//! CodeMirror editor bundle, and the start-up code the `iam-playground` binary calls.

pub mod app;
pub mod assist;
pub mod components;
pub mod diagram;
pub mod editor;
pub mod platform;
pub mod state;

pub use app::App;

/// Id of the element in `index.html` that the app renders into.
pub const ROOT_ID: &str = "app";

/// Mounts [`App`] into `#app` (replacing its loading message), or into
/// `<body>` when the page has no such element.
pub fn start() {
    let root = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.get_element_by_id(ROOT_ID));
    match root {
        Some(root) => {
            root.set_inner_html("");
            yew::Renderer::<App>::with_root_and_props(root, app::AppProps::browser()).render();
        }
        None => {
            yew::Renderer::<App>::with_props(app::AppProps::browser()).render();
        }
    }
}
