//! Reusable UI components.

mod code_editor;
mod header;
mod panel;

pub use code_editor::{CodeEditor, CodeEditorProps, EditorRef};
pub use header::Header;
pub use panel::{Panel, PanelProps, Placeholder, PlaceholderProps};
