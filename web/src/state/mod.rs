//! The app's logic, free of the DOM so it is unit-tested natively: the document and its
//! reducer, the request and its evaluation, share links, undo history, diagnostics and
//! completion.

pub mod app_state;
pub mod assist;
pub mod document;
pub mod evaluation;
pub mod history;
pub mod permalink;
pub mod policy;
pub mod pretty;
pub mod request;
pub mod startup;

pub use app_state::{Action, AppState, CatalogState, Highlight, Notice, NoticeLevel, Tab};
pub use document::Document;
pub use policy::PolicyKey;
pub use request::RequestDoc;
