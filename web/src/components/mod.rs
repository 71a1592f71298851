//! Reusable UI components.

pub mod canvas;
pub mod canvas_area;
mod code_editor;
pub mod decision_view;
pub mod examples_menu;
pub mod explanation_tree;
pub mod icons;
pub mod notices;
mod panel;
pub mod policy_panel;
pub mod reach;
pub mod request_panel;
pub mod stepper;
pub mod toolbar;
pub mod world_outline;

pub use code_editor::{CodeEditor, CodeEditorProps, EditorRef};
pub use panel::{Panel, PanelProps, Placeholder, PlaceholderProps};

use std::rc::Rc;

/// Whether two optional shared values are the same allocation: props holding a world or a
/// decision compare by pointer, as a deep comparison would cost more than a render.
pub(crate) fn same_rc<T>(a: &Option<Rc<T>>, b: &Option<Rc<T>>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => Rc::ptr_eq(a, b),
        (None, None) => true,
        _ => false,
    }
}
