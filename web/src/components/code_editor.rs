//! The policy editor: a CodeMirror 6 instance mounted through [`crate::editor`].

use std::cell::RefCell;
use std::rc::Rc;

use yew::prelude::*;

use crate::editor::Editor;

/// Gives a parent access to the editor a [`CodeEditor`] mounted (as
/// `NodeRef` does for elements): set diagnostics, highlight, format.
#[derive(Clone, Default)]
pub struct EditorRef(Rc<RefCell<Option<Editor>>>);

impl PartialEq for EditorRef {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl std::fmt::Debug for EditorRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("EditorRef")
            .field(&self.is_mounted())
            .finish()
    }
}

impl EditorRef {
    /// Runs `f` with the editor; `None` if it is not mounted (yet, or any more).
    pub fn with<R>(&self, f: impl FnOnce(&Editor) -> R) -> Option<R> {
        self.0.borrow().as_ref().map(f)
    }

    /// Whether an editor is mounted.
    pub fn is_mounted(&self) -> bool {
        self.0.borrow().is_some()
    }
}

/// Properties of [`CodeEditor`].
#[derive(Properties, PartialEq)]
pub struct CodeEditorProps {
    /// Text the editor starts with (later changes of this prop are ignored:
    /// the editor owns its text; use [`EditorRef`] to replace it).
    pub initial: AttrValue,
    /// Called with the whole text after every change by the user or by `format`.
    #[prop_or_default]
    pub on_change: Callback<String>,
    /// Filled with the editor once it is mounted (the first one passed is used).
    #[prop_or_default]
    pub editor_ref: EditorRef,
    /// Called once the editor is mounted (the bundle loads after the page's first render).
    #[prop_or_default]
    pub on_ready: Callback<()>,
}

/// A JSON code editor. If the CodeMirror bundle is missing, it shows an
/// error instead of the editor.
#[function_component(CodeEditor)]
pub fn code_editor(props: &CodeEditorProps) -> Html {
    let host = use_node_ref();
    let error = use_state(|| None::<String>);

    // The JS callback is created once; it reads the latest `on_change`.
    let on_change = use_mut_ref(|| props.on_change.clone());
    *on_change.borrow_mut() = props.on_change.clone();

    {
        let host = host.clone();
        let slot = props.editor_ref.0.clone();
        let error = error.clone();
        let initial = props.initial.clone();
        let on_ready = props.on_ready.clone();
        use_effect_with((), move |_| {
            let alive = std::rc::Rc::new(std::cell::Cell::new(true));
            let mount = {
                let alive = alive.clone();
                let slot = slot.clone();
                let error = error.clone();
                move || {
                    let Some(element) = host.cast::<web_sys::Element>().filter(|_| alive.get())
                    else {
                        return;
                    };
                    let on_text = move |text: String| {
                        let callback = on_change.borrow().clone();
                        callback.emit(text);
                    };
                    match Editor::mount(&element, &initial, on_text) {
                        Ok(mounted) => {
                            *slot.borrow_mut() = Some(mounted);
                            crate::platform::set_body_attribute("data-editor-ready", "true");
                            on_ready.emit(());
                        }
                        Err(err) => error.set(Some(err.to_string())),
                    }
                }
            };
            if crate::editor::bundle_loaded() {
                mount();
            } else {
                let error = error.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    match crate::editor::load_bundle().await {
                        Ok(()) => mount(),
                        Err(err) => error.set(Some(err.to_string())),
                    }
                });
            }
            // Dropping the editor destroys the CodeMirror view.
            move || {
                alive.set(false);
                drop(slot.borrow_mut().take());
            }
        });
    }

    html! {
        <div class="code-editor">
            if let Some(message) = &*error {
                <p class="code-editor__error" role="alert">{ message.clone() }</p>
            }
            <div class="code-editor__host" ref={host}></div>
        </div>
    }
}
