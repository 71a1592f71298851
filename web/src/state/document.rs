//! The app's document: the world, the request, the open policy tabs and the selection.
//! It is what the URL fragment, the autosave, the exported file and the undo history hold.

use iam_world::model::{ExpectationDoc, Expected, HopDoc, WorldDoc};
use iam_world::{Example, examples};
use serde::{Deserialize, Serialize};

use super::policy::PolicyKey;
use super::request::{ContextRow, RequestDoc, TypedValue};

/// The version of the document format (the `"app"` field).
pub const FORMAT: u32 = 1;

/// Everything the playground shows, as saved and shared.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Document {
    /// Format version ([`FORMAT`]).
    pub app: u32,
    /// The built-in example this document started from, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub example: Option<String>,
    /// The world (accounts, entities, policies, layout).
    pub world: WorldDoc,
    /// The request being decided.
    pub request: RequestDoc,
    /// Policies opened by hand (the request's own policies always have a tab).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tabs: Vec<PolicyKey>,
    /// The policy tab in front.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active: Option<PolicyKey>,
    /// The selected node of the world (`111111111111/user/David`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub selection: Option<String>,
}

/// Why a document cannot be opened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DocumentError {
    /// Not JSON of the document's shape; serde's message.
    Shape(String),
    /// A format version this build does not read.
    Version(u32),
    /// No built-in example has this id.
    UnknownExample(String),
}

impl std::fmt::Display for DocumentError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DocumentError::Shape(message) => write!(f, "not a playground document: {message}"),
            DocumentError::Version(version) => {
                write!(
                    f,
                    "document format {version} is not supported (this playground reads {FORMAT})"
                )
            }
            DocumentError::UnknownExample(id) => write!(f, "there is no example \"{id}\""),
        }
    }
}

/// The first of the world reader's problems, with its path.
fn shape_error(problems: Vec<iam_world::model::FormatProblem>) -> DocumentError {
    DocumentError::Shape(
        problems
            .first()
            .map(ToString::to_string)
            .unwrap_or_default(),
    )
}

impl Document {
    /// Reads a document from JSON text: an exported document, or a bare world file (which
    /// opens with a request built from its first expectation).
    pub fn from_json(text: &str) -> Result<Document, DocumentError> {
        let value: serde_json::Value =
            serde_json::from_str(text).map_err(|e| DocumentError::Shape(e.to_string()))?;
        Document::from_value(value)
    }

    /// As [`Document::from_json`], from a parsed value.
    pub fn from_value(value: serde_json::Value) -> Result<Document, DocumentError> {
        if value.get("app").is_none() && value.get("accounts").is_some() {
            let world = WorldDoc::from_value(&value).map_err(shape_error)?;
            return Ok(Document::for_world(world, None));
        }
        match value.get("app").and_then(serde_json::Value::as_u64) {
            Some(version) if version != u64::from(FORMAT) => {
                return Err(DocumentError::Version(
                    u32::try_from(version).unwrap_or(u32::MAX),
                ));
            }
            _ => {}
        }
        serde_json::from_value(value).map_err(|e| DocumentError::Shape(e.to_string()))
    }

    /// The document as a JSON tree. Every serialization goes through this one (then
    /// `Value` to text), so the wasm holds one copy of the document's serde code.
    pub fn to_value(&self) -> serde_json::Value {
        serde_json::to_value(self).unwrap_or_default()
    }

    /// Pretty JSON for export.
    pub fn to_pretty_json(&self) -> String {
        serde_json::to_string_pretty(&self.to_value()).unwrap_or_default()
    }

    /// Compact JSON for links and the autosave.
    pub fn to_compact_json(&self) -> String {
        self.to_value().to_string()
    }

    /// A document showing `world` with its default request.
    pub fn for_world(world: WorldDoc, example: Option<&str>) -> Document {
        let request = default_request(example, &world);
        Document {
            app: FORMAT,
            example: example.map(str::to_owned),
            world,
            request,
            tabs: Vec::new(),
            active: None,
            selection: None,
        }
    }

    /// The built-in example `id` with its default request.
    pub fn example(id: &str) -> Result<Document, DocumentError> {
        let example = examples()
            .iter()
            .find(|e| e.id == id)
            .ok_or_else(|| DocumentError::UnknownExample(id.to_owned()))?;
        let value: serde_json::Value =
            serde_json::from_str(example.json).map_err(|e| DocumentError::Shape(e.to_string()))?;
        let world = WorldDoc::from_value(&value).map_err(shape_error)?;
        Ok(Document::for_world(world, Some(example.id)))
    }

    /// The document the app opens with: the first example (seed 004).
    pub fn default_document() -> Document {
        examples()
            .first()
            .and_then(|e| Document::example(e.id).ok())
            .unwrap_or_else(|| Document::for_world(empty_world(), None))
    }
}

fn empty_world() -> WorldDoc {
    WorldDoc {
        version: 1,
        title: None,
        description: None,
        settings: Default::default(),
        organization: None,
        accounts: Vec::new(),
        identity_center: None,
        external_identities: Vec::new(),
        expectations: Vec::new(),
        layout: Default::default(),
    }
}

/// A ready-made request of an example: one of its expectations.
#[derive(Clone, Debug, PartialEq)]
pub struct Scenario {
    /// What it shows, in a sentence.
    pub name: String,
    /// The decision the tutorial expects.
    pub expect: Expected,
    /// The request.
    pub request: RequestDoc,
}

/// The scenarios of a world: its expectations as requests.
pub fn scenarios(world: &WorldDoc) -> Vec<Scenario> {
    world
        .expectations
        .iter()
        .map(|e| Scenario {
            name: e.name.clone(),
            expect: e.expect,
            request: request_of(e),
        })
        .collect()
}

/// The request of an expectation. A chain without an action becomes the last hop's
/// `sts:AssumeRole` decision only when every hop is a plain role; otherwise the chain is kept
/// and the action left empty (the last hop decides).
pub fn request_of(expectation: &ExpectationDoc) -> RequestDoc {
    let context = expectation
        .context
        .iter()
        .map(|(key, value)| ContextRow {
            key: key.clone(),
            value: match value {
                iam_world::model::StringOrList::One(one) => TypedValue::String(one.clone()),
                iam_world::model::StringOrList::Many(many) => TypedValue::List(many.clone()),
            },
        })
        .collect();
    let mut request = RequestDoc {
        principal: expectation.principal.clone(),
        credentials: expectation.credentials.clone(),
        chain: expectation.chain.clone(),
        action: expectation.action.clone().unwrap_or_default(),
        resource: expectation
            .resource
            .clone()
            .unwrap_or_else(|| "*".to_owned()),
        context,
    };
    if expectation.action.is_none() {
        request.resource = String::new();
    }
    request
}

/// The request an example opens with. Seed 004 opens on Theresa's explicit deny, the
/// tutorial's point; other worlds on their first expectation that names an action, else their
/// first expectation.
pub fn default_request(example: Option<&str>, world: &WorldDoc) -> RequestDoc {
    if example == Some("delegate-across-accounts") {
        return RequestDoc::new("Theresa", "sts:AssumeRole", "UpdateApp");
    }
    let first_with_action = world.expectations.iter().find(|e| e.action.is_some());
    match first_with_action.or(world.expectations.first()) {
        Some(expectation) => request_of(expectation),
        None => fallback_request(world),
    }
}

/// Without expectations: the first user (or role) listing all buckets.
fn fallback_request(world: &WorldDoc) -> RequestDoc {
    let principal = world
        .accounts
        .iter()
        .find_map(|a| a.users.first().map(|u| u.name.clone()))
        .or_else(|| {
            world
                .accounts
                .iter()
                .find_map(|a| a.roles.first().map(|r| format!("role:{}", r.name)))
        })
        .unwrap_or_default();
    RequestDoc::new(&principal, "s3:ListAllMyBuckets", "*")
}

/// The built-in examples, for the menu: id, title and story. (Read through `Value`, not
/// `Example::title`, which would add a second copy of the world's serde code to the wasm.)
pub fn example_list() -> Vec<(&'static Example, String, String)> {
    examples()
        .iter()
        .map(|e| {
            let value: serde_json::Value = serde_json::from_str(e.json).unwrap_or_default();
            let text = |field: &str| {
                value
                    .get(field)
                    .and_then(serde_json::Value::as_str)
                    .unwrap_or_default()
                    .to_owned()
            };
            (e, text("title"), first_sentence(&text("description")))
        })
        .collect()
}

/// The first sentence of a story (menus show one line).
pub fn first_sentence(text: &str) -> String {
    let end = text
        .match_indices(". ")
        .map(|(i, _)| i + 1)
        .find(|&i| i > 30)
        .unwrap_or(text.len());
    text[..end].trim().to_owned()
}

/// A hop to a role, for the chain editor.
pub fn hop(role: &str) -> HopDoc {
    HopDoc {
        role: role.to_owned(),
        ..HopDoc::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_document_is_seed_004_on_theresas_deny() {
        let doc = Document::default_document();
        assert_eq!(doc.example.as_deref(), Some("delegate-across-accounts"));
        assert_eq!(
            doc.request,
            RequestDoc::new("Theresa", "sts:AssumeRole", "UpdateApp")
        );
    }

    #[test]
    fn every_example_opens_with_a_request() {
        for example in examples() {
            let doc = Document::example(example.id).unwrap();
            assert!(!doc.request.principal.is_empty(), "{}", example.id);
            assert!(!scenarios(&doc.world).is_empty(), "{}", example.id);
        }
        assert_eq!(
            Document::example("nope"),
            Err(DocumentError::UnknownExample("nope".into()))
        );
    }

    #[test]
    fn documents_round_trip_through_json() {
        let doc = Document::default_document();
        let json = doc.to_pretty_json();
        assert_eq!(Document::from_json(&json).unwrap(), doc);
    }

    #[test]
    fn a_bare_world_file_opens_too() {
        let world = examples()[1].json;
        let doc = Document::from_json(world).unwrap();
        assert_eq!(doc.example, None);
        assert!(!doc.request.principal.is_empty());
    }

    #[test]
    fn foreign_json_is_refused() {
        assert!(matches!(
            Document::from_json("[]"),
            Err(DocumentError::Shape(_))
        ));
        assert!(matches!(
            Document::from_json("{\"app\": 7}"),
            Err(DocumentError::Version(7))
        ));
        assert!(matches!(
            Document::from_json("{\"app\": 1, \"world\": {}, \"request\": {}}"),
            Err(DocumentError::Shape(_))
        ));
    }

    #[test]
    fn first_sentences_are_short() {
        assert_eq!(
            first_sentence("The AWS tutorial on delegating access. Production holds x. More."),
            "The AWS tutorial on delegating access."
        );
        assert_eq!(first_sentence("No dot"), "No dot");
    }
}
