//! Which document the app opens with: the link's, an example named in the query, the
//! autosaved one, or the default. Pure, so that every bad input is tested natively.

use super::app_state::Notice;
use super::document::Document;
use super::permalink::{self, PermalinkError};

/// localStorage key of the autosaved document (the value is a `v1.` fragment).
pub const STORAGE_KEY: &str = "iam-playground.document";

/// Autosaves larger than this (characters) are skipped with a notice: localStorage is small
/// (5 MB per origin in most browsers) and shared with the theme setting.
pub const MAX_SAVED_CHARS: usize = 1_000_000;

/// Where the opening document came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// The URL fragment.
    Link,
    /// `?example=ID`.
    Example,
    /// The autosave.
    Saved,
    /// Nothing usable: the default example.
    Default,
}

/// The document to open, with a notice when something could not be used.
#[derive(Clone, Debug, PartialEq)]
pub struct Startup {
    /// The document.
    pub doc: Document,
    /// Where it came from.
    pub source: Source,
    /// Why something else was not used.
    pub notice: Option<Notice>,
}

/// Decodes a fragment into a document (`PermalinkError::Json` when it is not one).
pub fn decode_document(fragment: &str) -> Result<Document, PermalinkError> {
    let json = permalink::decode_json(fragment)?;
    Document::from_json(&json).map_err(|e| PermalinkError::Json(e.to_string()))
}

/// Encodes a document as a fragment.
pub fn encode_document(doc: &Document) -> String {
    permalink::encode_json(&doc.to_compact_json())
}

/// Chooses the opening document. A link that cannot be read falls back to the autosave (so a
/// bad link never costs the user their work), then to the default.
pub fn choose(fragment: &str, example: Option<&str>, saved: Option<&str>) -> Startup {
    let fragment = fragment.trim_start_matches('#');
    let mut notice = None;
    if !fragment.is_empty() {
        match decode_document(fragment) {
            Ok(doc) => {
                return Startup {
                    doc,
                    source: Source::Link,
                    notice: None,
                };
            }
            Err(error) => {
                notice = Some(Notice::error(format!(
                    "This link could not be opened: {error}."
                )));
            }
        }
    }
    if let Some(id) = example.filter(|id| !id.is_empty()) {
        match Document::example(id) {
            Ok(doc) => {
                return Startup {
                    doc,
                    source: Source::Example,
                    notice,
                };
            }
            Err(error) => notice = Some(Notice::error(format!("{error}."))),
        }
    }
    if let Some(saved) = saved.filter(|s| !s.is_empty()) {
        match decode_document(saved) {
            Ok(doc) => {
                let notice = notice.map(|n| {
                    Notice::error(format!("{} Your last session is shown instead.", n.text))
                });
                return Startup {
                    doc,
                    source: Source::Saved,
                    notice,
                };
            }
            Err(error) => {
                let before = notice.map(|n| format!("{} ", n.text)).unwrap_or_default();
                notice = Some(Notice::error(format!(
                    "{before}The saved session could not be restored: {error}."
                )));
            }
        }
    }
    let notice =
        notice.map(|n| Notice::error(format!("{} The default example is shown instead.", n.text)));
    Startup {
        doc: Document::default_document(),
        source: Source::Default,
        notice,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::request::RequestDoc;

    fn edited() -> Document {
        let mut doc = Document::default_document();
        doc.request = RequestDoc::new("David", "sts:AssumeRole", "UpdateApp");
        doc
    }

    #[test]
    fn a_link_reopens_its_exact_document() {
        let doc = edited();
        let start = choose(&format!("#{}", encode_document(&doc)), None, None);
        assert_eq!((start.source, start.notice), (Source::Link, None));
        assert_eq!(start.doc, doc);
    }

    #[test]
    fn without_a_link_the_example_then_the_autosave_then_the_default_open() {
        let saved = encode_document(&edited());
        assert_eq!(
            choose("", Some("organization"), Some(&saved)).source,
            Source::Example
        );
        let start = choose("", None, Some(&saved));
        assert_eq!(start.source, Source::Saved);
        assert_eq!(start.doc, edited());
        assert_eq!(choose("", None, None).source, Source::Default);
        assert_eq!(choose("", None, None).notice, None);
    }

    #[test]
    fn a_hostile_link_falls_back_with_a_clear_message() {
        for link in [
            "#v9.abc",
            "#v1.!!!",
            "#v1.AAAA",
            "#<img src=x onerror=alert(1)>",
            &format!("#{}", permalink::encode_json("{\"app\":1}")),
        ] {
            let start = choose(link, None, None);
            assert_eq!(start.source, Source::Default, "{link}");
            let text = start.notice.unwrap().text;
            assert!(text.starts_with("This link could not be opened"), "{text}");
            assert!(
                text.ends_with("The default example is shown instead."),
                "{text}"
            );
        }
        let saved = encode_document(&edited());
        let start = choose("#v1.AAAA", None, Some(&saved));
        assert_eq!(
            start.source,
            Source::Saved,
            "the user's work survives a bad link"
        );
        assert!(
            start
                .notice
                .unwrap()
                .text
                .contains("Your last session is shown instead.")
        );
    }

    #[test]
    fn a_corrupt_autosave_or_example_opens_the_default() {
        let start = choose("", None, Some("v1.corrupt"));
        assert_eq!(start.source, Source::Default);
        assert!(
            start
                .notice
                .unwrap()
                .text
                .contains("saved session could not be restored")
        );
        let start = choose("", Some("nope"), None);
        assert_eq!(start.source, Source::Default);
        assert!(
            start
                .notice
                .unwrap()
                .text
                .contains("there is no example \"nope\"")
        );
    }
}
