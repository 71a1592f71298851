//! The state one lint run shares between checks: the policy, its text and JSON, the kind, the
//! optional catalogue, and the findings so far.

use iam_catalog::{ActionRef, Catalog, ConditionKey, ResourceTypeRef};
use iam_policy::json::Node;
use iam_policy::{Diagnostic, LineIndex, Policy, PolicyKind, Severity, Span};

use crate::checks;
use crate::path::path_of;

pub(crate) struct Linter<'a> {
    pub policy: &'a Policy,
    pub text: &'a str,
    pub kind: PolicyKind,
    pub catalog: Option<&'a Catalog>,
    root: &'a Node<'a>,
    index: &'a LineIndex<'a>,
    findings: Vec<Diagnostic>,
    /// Condition keys looked up so far (lower-case name, entry): templated keys cost a scan.
    keys: Vec<(String, Option<&'a ConditionKey>)>,
    /// Action patterns expanded so far.
    expansions: Vec<(String, Vec<ActionRef<'a>>)>,
    /// Resource ARNs (variables as `*`) and the resource types they match.
    arn_types: Vec<(String, Vec<ResourceTypeRef<'a>>)>,
    /// ARN service namespaces and their resource types.
    service_types: Vec<(String, Vec<ResourceTypeRef<'a>>)>,
}

impl<'a> Linter<'a> {
    pub fn new(
        policy: &'a Policy,
        text: &'a str,
        root: &'a Node<'a>,
        index: &'a LineIndex<'a>,
        kind: PolicyKind,
        catalog: Option<&'a Catalog>,
    ) -> Linter<'a> {
        Linter {
            policy,
            text,
            kind,
            catalog,
            root,
            index,
            findings: Vec::new(),
            keys: Vec::new(),
            expansions: Vec::new(),
            arn_types: Vec::new(),
            service_types: Vec::new(),
        }
    }

    /// The catalogue entry of a condition key (cached for the run). `None` without a catalogue,
    /// for unknown keys, and for the standard claims of identity providers (`HOST:aud`), which
    /// no catalogue lists for every provider.
    pub fn condition_key(&mut self, key: &str) -> Option<&'a ConditionKey> {
        let catalog = self.catalog?;
        let lower = key.to_ascii_lowercase();
        if let Some((_, found)) = self.keys.iter().find(|(k, _)| *k == lower) {
            return *found;
        }
        let standard_claim = crate::keys::is_provider_key(key)
            && key
                .rsplit_once(':')
                .is_some_and(|(_, claim)| crate::keys::OIDC_CLAIMS.contains(&claim));
        let found = if standard_claim {
            None
        } else {
            catalog.condition_key(key)
        };
        self.keys.push((lower, found));
        found
    }

    /// The actions an action pattern covers (cached for the run; empty without a catalogue).
    pub fn expand(&mut self, pattern: &str) -> Vec<ActionRef<'a>> {
        let Some(catalog) = self.catalog else {
            return Vec::new();
        };
        if let Some((_, actions)) = self.expansions.iter().find(|(p, _)| p == pattern) {
            return actions.clone();
        }
        let actions = if pattern.contains(['*', '?']) {
            catalog.expand_actions(pattern)
        } else {
            catalog.action(pattern).into_iter().collect()
        };
        self.expansions.push((pattern.to_owned(), actions.clone()));
        actions
    }

    /// The resource types whose ARNs name `service` (cached for the run).
    pub fn service_types(&mut self, service: &str) -> Vec<ResourceTypeRef<'a>> {
        let Some(catalog) = self.catalog else {
            return Vec::new();
        };
        if let Some((_, types)) = self.service_types.iter().find(|(s, _)| s == service) {
            return types.clone();
        }
        let types = crate::resources::types_for_service(catalog, service);
        self.service_types.push((service.to_owned(), types.clone()));
        types
    }

    /// The resource types among `candidates` that the ARN pattern `arn` can match (cached for
    /// the run by ARN: a policy often repeats an ARN across statements).
    pub fn matching_types(
        &mut self,
        arn: &str,
        candidates: &[ResourceTypeRef<'a>],
    ) -> Vec<ResourceTypeRef<'a>> {
        if let Some((_, types)) = self.arn_types.iter().find(|(a, _)| a == arn) {
            return types.clone();
        }
        let types: Vec<ResourceTypeRef<'a>> = candidates
            .iter()
            .copied()
            .filter(|t| t.can_match(arn))
            .collect();
        self.arn_types.push((arn.to_owned(), types.clone()));
        types
    }

    /// The JSON tree the policy was read from.
    pub fn root(&self) -> &'a Node<'a> {
        self.root
    }

    /// Reports a finding with the check's usual severity.
    pub fn emit(&mut self, code: &'static str, span: Span, message: String) {
        let severity = checks::check(code).map_or(Severity::Warning, |c| c.severity);
        self.emit_as(code, severity, span, message);
    }

    /// Reports a finding with an explicit severity. The same code at the same span is
    /// reported once.
    pub fn emit_as(&mut self, code: &'static str, severity: Severity, span: Span, message: String) {
        if self
            .findings
            .iter()
            .any(|f| f.code == code && f.span == span)
        {
            return;
        }
        let path = path_of(self.root, span);
        self.findings.push(Diagnostic::new(
            code, severity, message, path, span, self.index,
        ));
    }

    /// Whether a finding with `code` was reported at `span`.
    pub fn reported(&self, code: &str, span: Span) -> bool {
        self.findings
            .iter()
            .any(|f| f.code == code && f.span == span)
    }

    /// The findings in document order (then by severity and code).
    pub fn finish(mut self) -> Vec<Diagnostic> {
        self.findings.sort_by(|a, b| {
            (a.span.start, a.severity, a.code).cmp(&(b.span.start, b.severity, b.code))
        });
        self.findings
    }

    /// The first character of the policy (where document-level findings point).
    pub fn first_char(&self) -> Span {
        let start = self.policy.span.start as usize;
        Span::new(start, (start + 1).min(self.policy.span.end as usize))
    }
}
