//! The app's state and its reducer: every change is an [`Action`] applied by
//! [`AppState::apply`], a pure function (no DOM, no clock), so it is tested natively. The
//! components only render this state and dispatch actions.

use std::rc::Rc;

use iam_eval::NamedPolicy;
use iam_policy::PolicyKind;
use iam_world::model::WorldDoc;
use iam_world::{Clock, LoadError, PolicySource, World};
use serde_json::Value;
use yew::Reducible;

use super::assist::{Finding, findings};
use super::document::{Document, DocumentError, Scenario, scenarios};
use super::evaluation::{Decided, RequestError, clock_for, evaluate};
use super::history::History;
use super::policy::{self, PolicyKey, kind_badge, kind_of_layer, layer_badge};
use super::pretty::{Pretty, pretty};
use super::request::RequestDoc;
use crate::editor::utf16_offset;

/// A message shown above the workspace.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    /// How it is shown.
    pub level: NoticeLevel,
    /// The message.
    pub text: String,
}

/// How serious a [`Notice`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoticeLevel {
    /// Good to know.
    Info,
    /// Something was not done, or was replaced.
    Error,
}

impl Notice {
    /// An informational notice.
    pub fn info(text: impl Into<String>) -> Notice {
        Notice {
            level: NoticeLevel::Info,
            text: text.into(),
        }
    }

    /// An error notice.
    pub fn error(text: impl Into<String>) -> Notice {
        Notice {
            level: NoticeLevel::Error,
            text: text.into(),
        }
    }
}

/// The authoring-help module with the action catalogue ([`crate::assist`]), loaded after
/// first paint.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum CatalogState {
    /// Not loaded yet: diagnostics are parse and grammar errors.
    #[default]
    Loading,
    /// Loaded: every lint check, and completion.
    Ready,
    /// Could not be loaded (the message says why); the playground works without it.
    Failed(String),
}

impl CatalogState {
    /// Whether lint and completion are available.
    pub fn is_ready(&self) -> bool {
        *self == CatalogState::Ready
    }
}

/// A range of a policy to show in the editor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Highlight {
    /// The policy.
    pub key: PolicyKey,
    /// Byte range in its text.
    pub span: (u32, u32),
    /// The same range in UTF-16 code units, as the editor counts.
    pub range: (u32, u32),
    /// Increases with each request, so asking twice scrolls twice.
    pub serial: u64,
}

/// One tab of the policy editor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tab {
    /// The policy.
    pub key: PolicyKey,
    /// Its name.
    pub title: String,
    /// Its place in the evaluation ("Identity", "Trust", "SCP root").
    pub badge: String,
    /// Who owns it (`111111111111/group/Testers`, `aws`).
    pub owner: String,
    /// The policy type it is checked as.
    pub kind: PolicyKind,
    /// Whether it takes part in the current request (else it was opened by hand).
    pub in_request: bool,
}

/// Everything the app shows.
#[derive(Clone, Debug)]
pub struct AppState {
    /// The document.
    pub doc: Rc<Document>,
    /// The world part of the document as a JSON tree (policy texts are read and written by
    /// JSON path).
    tree: Rc<Value>,
    /// The last world that loaded (of this document, or an earlier one while it is broken).
    pub world: Option<Rc<World>>,
    /// Why the current document's world does not load (empty when it does).
    pub world_errors: Rc<Vec<LoadError>>,
    /// The world's ready-made requests, derived once per world change rather than per render.
    pub scenarios: Rc<Vec<Scenario>>,
    /// The last decision.
    pub decided: Option<Rc<Decided>>,
    /// Why the current request cannot be decided.
    pub request_error: Option<RequestError>,
    /// Findings of the tab in front.
    pub findings: Rc<Vec<Finding>>,
    /// Earlier and later documents.
    pub history: History<Rc<Document>>,
    /// Messages for the user.
    pub notices: Vec<Notice>,
    /// The action catalogue.
    pub catalog: CatalogState,
    /// The browser's time at start, for worlds that set no clock.
    pub browser_now: Clock,
    /// A range to show in the editor.
    pub highlight: Option<Highlight>,
    /// Increases with every change of the document.
    pub revision: u64,
}

impl PartialEq for AppState {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.doc, &other.doc)
            && self.revision == other.revision
            && self.notices == other.notices
            && self.highlight == other.highlight
            && Rc::ptr_eq(&self.findings, &other.findings)
    }
}

/// Everything that changes the state.
#[derive(Clone, Debug)]
pub enum Action {
    /// Shows a document, replacing the current one, as an undoable step.
    Replace(Box<Document>, Option<Notice>),
    /// Opens a built-in example.
    LoadExample(String),
    /// The text of a policy changed (typing: coalesced into one undo step).
    EditPolicy {
        /// The policy.
        key: PolicyKey,
        /// Its whole new text.
        text: String,
        /// When (milliseconds, any origin), for coalescing.
        at_ms: f64,
    },
    /// The request changed.
    SetRequest {
        /// The new request.
        request: RequestDoc,
        /// When, for coalescing typing.
        at_ms: f64,
    },
    /// The world changed in another way (the diagram).
    SetWorld(Box<WorldDoc>),
    /// Brings a policy to the front, opening a tab for it if needed.
    OpenPolicy(PolicyKey),
    /// Closes a tab opened by hand.
    ClosePolicy(PolicyKey),
    /// Opens a policy and highlights a byte range of its stored text (an engine span).
    ShowSpan {
        /// The policy.
        key: PolicyKey,
        /// Byte range in the stored text.
        span: (u32, u32),
    },
    /// Opens a policy and highlights a byte range of the text the editor shows (a finding).
    ShowFinding {
        /// The policy.
        key: PolicyKey,
        /// Byte range in the displayed text.
        span: (u32, u32),
    },
    /// Selects a node of the world (or nothing).
    Select(Option<String>),
    /// Steps back.
    Undo,
    /// Steps forward.
    Redo,
    /// The large AWS managed policy texts are installed.
    ManagedPoliciesLoaded,
    /// They could not be loaded (the message says why).
    ManagedPoliciesFailed(String),
    /// The authoring-help module and the catalogue are loaded.
    CatalogLoaded,
    /// The catalogue could not be loaded.
    CatalogFailed(String),
    /// Shows a message.
    Notify(Notice),
    /// Hides the message at this position.
    Dismiss(usize),
}

impl AppState {
    /// The state showing `doc`, with `notice` if opening it needed one.
    pub fn new(doc: Document, browser_now: Clock, notice: Option<Notice>) -> AppState {
        let mut state = AppState {
            doc: Rc::new(doc),
            tree: Rc::new(Value::Null),
            world: None,
            world_errors: Rc::default(),
            scenarios: Rc::default(),
            decided: None,
            request_error: None,
            findings: Rc::default(),
            history: History::default(),
            notices: notice.into_iter().collect(),
            catalog: CatalogState::Loading,
            browser_now,
            highlight: None,
            revision: 0,
        };
        state.reload_world();
        state
    }

    /// Applies one action.
    pub fn apply(&mut self, action: Action) {
        match action {
            Action::Replace(doc, notice) => {
                self.forget_world();
                self.commit(*doc, None);
                self.notices.extend(notice);
            }
            Action::LoadExample(id) => match Document::example(&id) {
                Ok(doc) => {
                    self.forget_world();
                    self.commit(doc, None);
                }
                Err(error) => self.notices.push(Notice::error(error.to_string())),
            },
            Action::EditPolicy { key, text, at_ms } => self.edit_policy(&key, &text, at_ms),
            Action::SetRequest { request, at_ms } => {
                if request != self.doc.request {
                    let mut doc = (*self.doc).clone();
                    doc.request = request;
                    self.history
                        .record(self.doc.clone(), Some(("request", at_ms)));
                    self.set_doc(doc, false);
                }
            }
            Action::SetWorld(world) => {
                let mut doc = (*self.doc).clone();
                doc.world = *world;
                self.commit(doc, None);
            }
            Action::OpenPolicy(key) => self.open(key),
            Action::ClosePolicy(key) => self.close(&key),
            Action::ShowSpan { key, span } => {
                let span = self.pretty_of(&key).map_or(span, |p| p.map_span(span));
                self.show(key, span);
            }
            Action::ShowFinding { key, span } => self.show(key, span),
            Action::Select(node) => {
                let mut doc = (*self.doc).clone();
                doc.selection = node;
                self.doc = Rc::new(doc);
                self.revision += 1;
            }
            Action::Undo => self.step(true),
            Action::Redo => self.step(false),
            Action::ManagedPoliciesLoaded => {
                if self.world_errors.iter().any(LoadError::is_pending) {
                    self.load_world(self.doc.world.clone());
                }
            }
            Action::ManagedPoliciesFailed(message) => {
                self.notices.push(Notice::error(format!(
                    "The larger AWS managed policies could not be loaded ({message}); worlds that attach them cannot be evaluated."
                )));
            }
            Action::CatalogLoaded => {
                self.catalog = CatalogState::Ready;
                self.refresh_findings();
            }
            Action::CatalogFailed(message) => {
                self.catalog = CatalogState::Failed(message);
            }
            Action::Notify(notice) => {
                if !self.notices.contains(&notice) {
                    self.notices.push(notice);
                }
            }
            Action::Dismiss(index) => {
                if index < self.notices.len() {
                    self.notices.remove(index);
                }
            }
        }
    }

    fn show(&mut self, key: PolicyKey, span: (u32, u32)) {
        self.open(key.clone());
        let serial = self.highlight.as_ref().map_or(1, |h| h.serial + 1);
        let text = self.text_of(&key).unwrap_or_default();
        let range = (
            utf16_offset(&text, span.0 as usize),
            utf16_offset(&text, span.1 as usize),
        );
        self.highlight = Some(Highlight {
            key,
            span,
            range,
            serial,
        });
    }

    /// Drops the last world and decision: a different document must not show them as stale.
    fn forget_world(&mut self) {
        self.world = None;
        self.decided = None;
    }

    /// Replaces the document as one undo step.
    fn commit(&mut self, doc: Document, coalesce: Option<(&str, f64)>) {
        self.history.record(self.doc.clone(), coalesce);
        self.highlight = None;
        self.set_doc(doc, true);
    }

    fn set_doc(&mut self, doc: Document, world_changed: bool) {
        self.doc = Rc::new(doc);
        self.revision += 1;
        if world_changed {
            self.reload_world();
        } else {
            self.decide();
        }
    }

    fn reload_world(&mut self) {
        self.tree = Rc::new(serde_json::to_value(&self.doc.world).unwrap_or(Value::Null));
        self.scenarios = Rc::new(scenarios(&self.doc.world));
        self.load_world(self.doc.world.clone());
    }

    fn load_world(&mut self, world: WorldDoc) {
        match iam_world::load_doc(world) {
            Ok(world) => {
                self.world = Some(Rc::new(world));
                self.world_errors = Rc::default();
            }
            Err(errors) => self.world_errors = Rc::new(errors.0),
        }
        self.decide();
    }

    fn decide(&mut self) {
        if self.world_errors.is_empty() {
            if let Some(world) = &self.world {
                let clock = clock_for(world, self.browser_now);
                match evaluate(world, &self.doc.request, clock) {
                    Ok(decided) => {
                        self.decided = Some(Rc::new(decided));
                        self.request_error = None;
                    }
                    Err(error) => self.request_error = Some(error),
                }
            }
        }
        self.refresh_findings();
    }

    fn edit_policy(&mut self, key: &PolicyKey, text: &str, at_ms: f64) {
        let PolicyKey::World(path) = key else {
            self.notices.push(Notice::info(
                "AWS managed and generated policies are read-only.",
            ));
            return;
        };
        if policy::text_at(&self.tree, path) == Some(text) {
            return;
        }
        let mut tree = (*self.tree).clone();
        if !policy::set_text_at(&mut tree, path, text) {
            return;
        }
        let world = match WorldDoc::from_value(&tree) {
            Ok(world) => world,
            Err(_) => return,
        };
        let mut doc = (*self.doc).clone();
        doc.world = world.clone();
        // The policy being typed in stays in front, whatever the new decision's deciding
        // statement is.
        doc.active = Some(key.clone());
        self.history.record(self.doc.clone(), Some((path, at_ms)));
        self.highlight = None;
        self.doc = Rc::new(doc);
        self.revision += 1;
        self.tree = Rc::new(tree);
        self.load_world(world);
    }

    fn open(&mut self, key: PolicyKey) {
        let in_request = self.request_tabs().iter().any(|t| t.key == key);
        let mut doc = (*self.doc).clone();
        if !in_request && !doc.tabs.contains(&key) {
            doc.tabs.push(key.clone());
        }
        doc.active = Some(key);
        self.doc = Rc::new(doc);
        self.revision += 1;
        self.refresh_findings();
    }

    fn close(&mut self, key: &PolicyKey) {
        let mut doc = (*self.doc).clone();
        doc.tabs.retain(|k| k != key);
        if doc.active.as_ref() == Some(key) {
            doc.active = None;
        }
        self.doc = Rc::new(doc);
        self.revision += 1;
        self.refresh_findings();
    }

    fn step(&mut self, back: bool) {
        let current = self.doc.clone();
        let result = if back {
            self.history.undo(current)
        } else {
            self.history.redo(current)
        };
        if let Ok(doc) = result {
            if doc.example != self.doc.example {
                self.forget_world();
            }
            self.doc = doc;
            self.revision += 1;
            self.highlight = None;
            self.reload_world();
        }
    }

    fn refresh_findings(&mut self) {
        let found = match self.active_tab() {
            Some(tab) => match self.text_of(&tab.key) {
                Some(text) => findings(&text, tab.kind),
                None => Vec::new(),
            },
            None => Vec::new(),
        };
        if *self.findings != found {
            self.findings = Rc::new(found);
        }
    }

    /// Whether the decision shown is of an earlier document (the current one does not load,
    /// or its request cannot be decided).
    pub fn stale(&self) -> bool {
        self.decided.is_some() && (!self.world_errors.is_empty() || self.request_error.is_some())
    }

    /// The tabs of the current request's policies, in evaluation order.
    pub fn request_tabs(&self) -> Vec<Tab> {
        let Some(decided) = &self.decided else {
            return Vec::new();
        };
        let mut tabs: Vec<Tab> = Vec::new();
        for source in &decided.check.policies {
            let key = PolicyKey::of_origin(&source.origin, &source.name);
            if tabs.iter().any(|t| t.key == key) {
                continue;
            }
            tabs.push(self.tab_of_source(source, key));
        }
        iam_policy::sort::sort_by_key(&mut tabs, |t| tab_order(&t.badge));
        tabs
    }

    fn tab_of_source(&self, source: &PolicySource, key: PolicyKey) -> Tab {
        Tab {
            badge: layer_badge(source, &key),
            kind: kind_of_layer(source.layer, &key),
            title: source.name.clone(),
            owner: source.origin.owner.clone(),
            in_request: true,
            key,
        }
    }

    /// Every tab: the request's policies, then those opened by hand.
    pub fn tabs(&self) -> Vec<Tab> {
        let mut tabs = self.request_tabs();
        for key in &self.doc.tabs {
            if tabs.iter().any(|t| &t.key == key) {
                continue;
            }
            if let Some(tab) = self.opened_tab(key) {
                tabs.push(tab);
            }
        }
        tabs
    }

    fn opened_tab(&self, key: &PolicyKey) -> Option<Tab> {
        let stored = self.stored_policy(key);
        let kind = key
            .kind_from_path(&self.tree)
            .unwrap_or(PolicyKind::Identity);
        if let PolicyKey::World(path) = key {
            policy::text_at(&self.tree, path)?;
        }
        let (title, owner) = match &stored {
            Some(s) => (s.named.name.clone(), s.origin.owner.clone()),
            None => (key_name(key), String::new()),
        };
        Some(Tab {
            key: key.clone(),
            title,
            badge: kind_badge(kind).to_owned(),
            owner,
            kind,
            in_request: false,
        })
    }

    /// The world's stored policy with this key.
    pub fn stored_policy(&self, key: &PolicyKey) -> Option<&iam_world::world::StoredPolicy> {
        let world = self.world.as_ref()?;
        (0..)
            .map_while(|id| world.policy(id))
            .find(|p| PolicyKey::of_origin(&p.origin, &p.named.name) == *key)
    }

    /// The tab in front.
    pub fn active_tab(&self) -> Option<Tab> {
        self.active_among(&self.tabs())
    }

    /// The tab in front among `tabs` (as [`AppState::tabs`] gave them), so a caller that
    /// shows the tabs too builds them once.
    pub fn active_among(&self, tabs: &[Tab]) -> Option<Tab> {
        let wanted = self.doc.active.clone().or_else(|| self.deciding_key());
        wanted
            .and_then(|key| tabs.iter().find(|t| t.key == key))
            .or_else(|| tabs.first())
            .cloned()
    }

    /// The policy of the first deciding statement.
    pub fn deciding_key(&self) -> Option<PolicyKey> {
        let decided = self.decided.as_ref()?;
        let first = decided.check.explanation.outcome.deciding.first()?;
        self.key_of_statement(first.layer, first.level, first.policy_index)
    }

    /// The policy a statement of the explanation belongs to.
    pub fn key_of_statement(
        &self,
        layer: iam_world::Layer,
        level: Option<usize>,
        policy_index: usize,
    ) -> Option<PolicyKey> {
        let decided = self.decided.as_ref()?;
        decided
            .check
            .policies
            .iter()
            .find(|s| s.layer == layer && s.level == level && s.index == policy_index)
            .map(|s| PolicyKey::of_origin(&s.origin, &s.name))
    }

    /// The text of a policy as the editor shows it: from the document, or (read-only
    /// policies) from the world or the current request, re-indented when AWS stores it
    /// minified.
    pub fn text_of(&self, key: &PolicyKey) -> Option<String> {
        match self.pretty_of(key) {
            Some(pretty) => Some(pretty.text),
            None => self.source_text(key),
        }
    }

    /// The re-indented form of a minified read-only policy (`None` when shown as stored).
    fn pretty_of(&self, key: &PolicyKey) -> Option<Pretty> {
        if key.editable() {
            return None;
        }
        let source = self.source_text(key)?;
        if source.contains('\n') {
            return None;
        }
        pretty(&source)
    }

    /// The policy's text as stored (what the engine's spans point into).
    pub fn source_text(&self, key: &PolicyKey) -> Option<String> {
        match key {
            PolicyKey::World(path) => policy::text_at(&self.tree, path).map(str::to_owned),
            PolicyKey::Managed(_) => self
                .stored_policy(key)
                .and_then(|p| p.named.text.as_deref().map(str::to_owned))
                .or_else(|| self.request_policy_text(key)),
            PolicyKey::Generated(_) => self.request_policy_text(key),
        }
    }

    fn request_policy_text(&self, key: &PolicyKey) -> Option<String> {
        let decided = self.decided.as_ref()?;
        let case = &decided.check.case;
        let name = decided
            .check
            .policies
            .iter()
            .find(|s| PolicyKey::of_origin(&s.origin, &s.name) == *key)?
            .name
            .clone();
        let all = case
            .identity_policies
            .iter()
            .chain(&case.permissions_boundary)
            .chain(&case.session_policies)
            .chain(&case.resource_policy)
            .chain(case.scps.iter().flatten())
            .chain(case.rcps.iter().flatten());
        all.filter(|p: &&NamedPolicy| p.name == name)
            .find_map(|p| p.text.as_deref().map(str::to_owned))
    }

    /// The world's JSON tree (for components that read policy texts by path).
    pub fn tree(&self) -> &Value {
        &self.tree
    }

    /// Replaces the state's document with a decoded one, or the default with a notice saying
    /// why (a corrupt or hostile link never leaves a blank page).
    pub fn from_decoded(
        decoded: Result<Document, DocumentError>,
        browser_now: Clock,
        what: &str,
    ) -> AppState {
        match decoded {
            Ok(doc) => AppState::new(doc, browser_now, None),
            Err(error) => AppState::new(
                Document::default_document(),
                browser_now,
                Some(Notice::error(format!(
                    "The {what} could not be opened ({error}). The default example is shown instead."
                ))),
            ),
        }
    }
}

/// Tabs in the order of the brief: identity, boundary, session, resource/trust, SCPs, RCPs.
fn tab_order(badge: &str) -> u8 {
    match badge.split(' ').next().unwrap_or_default() {
        "Identity" => 0,
        "Boundary" => 1,
        "Session" => 2,
        "Resource" | "Trust" => 3,
        "SCP" => 4,
        "RCP" => 5,
        _ => 6,
    }
}

fn key_name(key: &PolicyKey) -> String {
    match key {
        PolicyKey::World(path) => path.clone(),
        PolicyKey::Managed(arn) => arn.rsplit('/').next().unwrap_or(arn).to_owned(),
        PolicyKey::Generated(name) => name.clone(),
    }
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        next.apply(action);
        Rc::new(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use iam_world::Decision;

    fn start() -> AppState {
        AppState::new(
            Document::default_document(),
            Clock::from_epoch_seconds(0),
            None,
        )
    }

    fn decision(state: &AppState) -> Decision {
        state.decided.as_ref().unwrap().check.decision
    }

    const TESTERS_DENY: &str = "$.accounts[0].groups[1].inline_policies[0].document";

    #[test]
    fn opens_on_theresas_explicit_deny_with_its_policies_as_tabs() {
        let state = start();
        assert_eq!(decision(&state), Decision::ExplicitDeny);
        let tabs = state.tabs();
        let badges: Vec<&str> = tabs.iter().map(|t| t.badge.as_str()).collect();
        assert_eq!(badges, ["Identity", "Identity", "Trust"]);
        // The deciding statement's policy is in front.
        let active = state.active_tab().unwrap();
        assert_eq!(active.key, PolicyKey::World(TESTERS_DENY.into()));
        assert_eq!(active.title, "Testers/deny-assume-S3-role-in-production");
        assert!(
            state.text_of(&tabs[1].key).unwrap().contains("\"Action\""),
            "managed text"
        );
    }

    #[test]
    fn editing_a_policy_changes_the_decision_and_a_typo_keeps_it_stale() {
        let mut state = start();
        let key = PolicyKey::World(TESTERS_DENY.into());
        let text = state.text_of(&key).unwrap();
        let broken = text.replace("\"Deny\"", "\"Dney\"");
        state.apply(Action::EditPolicy {
            key: key.clone(),
            text: broken.clone(),
            at_ms: 0.0,
        });
        assert!(state.stale());
        assert_eq!(
            decision(&state),
            Decision::ExplicitDeny,
            "last good decision kept"
        );
        assert_eq!(state.text_of(&key).unwrap(), broken, "text kept");
        assert_eq!(state.findings.len(), 1);
        assert_eq!(state.findings[0].line, 4);

        let allowed = text.replace("\"Deny\"", "\"Allow\"");
        state.apply(Action::EditPolicy {
            key: key.clone(),
            text: allowed,
            at_ms: 100.0,
        });
        assert!(!state.stale());
        assert!(
            state
                .findings
                .iter()
                .all(|f| f.diagnostic.severity != crate::editor::Severity::Error),
            "{:?}",
            state.findings
        );
        assert_eq!(decision(&state), Decision::Allow);

        // The two edits were one typing step.
        state.apply(Action::Undo);
        assert_eq!(state.text_of(&key).unwrap(), text);
        assert_eq!(decision(&state), Decision::ExplicitDeny);
        state.apply(Action::Redo);
        assert_eq!(decision(&state), Decision::Allow);
    }

    #[test]
    fn read_only_policies_are_not_edited() {
        let mut state = start();
        let managed = state.tabs()[1].key.clone();
        let revision = state.revision;
        state.apply(Action::EditPolicy {
            key: managed,
            text: "{}".into(),
            at_ms: 0.0,
        });
        assert_eq!(state.revision, revision);
        assert_eq!(state.notices.len(), 1);
        state.apply(Action::Dismiss(0));
        assert!(state.notices.is_empty());
    }

    #[test]
    fn the_request_and_examples_change_the_decision() {
        let mut state = start();
        let david = RequestDoc::new("David", "sts:AssumeRole", "UpdateApp");
        state.apply(Action::SetRequest {
            request: david,
            at_ms: 0.0,
        });
        assert_eq!(decision(&state), Decision::Allow);
        state.apply(Action::SetRequest {
            request: RequestDoc::new("Nobody", "s3:GetObject", "*"),
            at_ms: 5_000.0,
        });
        assert!(state.stale());
        assert_eq!(state.request_error.as_ref().unwrap().field(), "principal");
        state.apply(Action::LoadExample("permissions-boundary".into()));
        assert!(!state.stale());
        assert_eq!(state.doc.example.as_deref(), Some("permissions-boundary"));
        state.apply(Action::Undo);
        assert_eq!(
            state.doc.example.as_deref(),
            Some("delegate-across-accounts")
        );
        state.apply(Action::LoadExample("nope".into()));
        assert_eq!(state.notices.len(), 1);
    }

    #[test]
    fn statements_open_their_policy_and_highlight() {
        let mut state = start();
        let key = state.tabs()[2].key.clone();
        state.apply(Action::ShowSpan {
            key: key.clone(),
            span: (10, 20),
        });
        assert_eq!(state.active_tab().unwrap().key, key);
        assert_eq!(state.highlight.as_ref().unwrap().span, (10, 20));
        assert_eq!(
            state.highlight.as_ref().unwrap().range,
            (10, 20),
            "ASCII text"
        );
        state.apply(Action::ShowSpan {
            key: key.clone(),
            span: (10, 20),
        });
        assert_eq!(state.highlight.as_ref().unwrap().serial, 2);
    }

    #[test]
    fn policies_opened_by_hand_get_a_closable_tab() {
        let mut state = start();
        let bucket_policy = PolicyKey::World("$.accounts[1].policies[0].document".into());
        state.apply(Action::OpenPolicy(bucket_policy.clone()));
        let tab = state.active_tab().unwrap();
        assert_eq!(tab.key, bucket_policy);
        assert!(!tab.in_request);
        assert_eq!(tab.title, "read-write-app-bucket");
        state.apply(Action::ClosePolicy(bucket_policy));
        assert_eq!(state.tabs().len(), 3);
    }

    #[test]
    fn a_bad_document_opens_the_default_with_a_notice() {
        let state = AppState::from_decoded(
            Err(DocumentError::Version(9)),
            Clock::from_epoch_seconds(0),
            "link",
        );
        assert_eq!(decision(&state), Decision::ExplicitDeny);
        assert_eq!(state.notices[0].level, NoticeLevel::Error);
        assert!(
            state.notices[0]
                .text
                .starts_with("The link could not be opened")
        );
    }

    #[test]
    fn a_world_that_does_not_load_reports_errors_and_keeps_the_last_world() {
        let mut state = start();
        let mut world = state.doc.world.clone();
        world.accounts[0].users[0].groups = vec!["Nope".into()];
        state.apply(Action::SetWorld(Box::new(world)));
        assert!(!state.world_errors.is_empty());
        assert!(state.stale());
        assert!(state.world.is_some());
    }
}
