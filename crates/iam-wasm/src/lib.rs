//! The engine's JavaScript API, for pages that want decisions without the playground UI:
//! `evaluate(case)` and `validate(policyText, kind?)`, with TypeScript types; and the
//! authoring help an editor needs once the action catalogue is loaded (`loadCatalog`,
//! `lint`, `complete`). The playground itself loads this module after its first paint for
//! those three, which keeps lint and the catalogue out of the app's first download.
//!
//! A thin binding: it converts between JavaScript values and the engine's types and adds
//! nothing of its own. Results are tagged unions (`type: "success" | "failure"`) so callers
//! never need try/catch: bad input comes back as located problems.

use std::cell::OnceCell;

use iam_catalog::{Catalog, CompletionQuery};
use iam_eval::{CaseProblem, Decision, Explanation, Layer, explain, parse_case};
use iam_policy::{Diagnostic, PolicyKind, diagnose};
use serde::Serialize;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
/** A request case: see the README's case format. `document`s may be objects or policy text. */
export type Case = {
  request: {
    principal: string;
    action: string;
    resource: string;
    resource_account?: string;
    context?: Record<string, string | number | boolean | Array<string | number | boolean>>;
  };
  identity_policies?: NamedPolicy[];
  permissions_boundary?: NamedPolicy | null;
  session_policies?: NamedPolicy[];
  resource_policy?: NamedPolicy | null;
  scps?: NamedPolicy[][];
  rcps?: NamedPolicy[][];
  vpc_endpoint_policies?: NamedPolicy[];
};
export type NamedPolicy = { name?: string; document: object | string };
export type Decision = "Allow" | "ExplicitDeny" | "ImplicitDeny";
export type Layer = "scp" | "rcp" | "vpc-endpoint" | "resource" | "identity" | "boundary" | "session";
export type Position = { line: number; column: number; utf16Column: number };
export type Span = { start: number; end: number };
export type StatementRef = {
  layer: Layer; level?: number; policy: string; policy_index: number; statement: number;
  sid?: string; effect: "Allow" | "Deny"; span: Span;
};
export type EvaluateResult =
  | { type: "success"; decision: Decision; layer?: Layer; reason: string; deciding: StatementRef[];
      explanation: object }
  | { type: "failure"; problems: Array<{ code: string; message: string; path: string; span: Span;
      start: Position; policy_text?: string }> };
export type PolicyKind = "identity" | "permissions-boundary" | "session" | "resource" | "trust"
  | "service-control" | "resource-control" | "vpc-endpoint";
/** What an editor asks to complete; `actions` are the statement's, for their condition keys. */
export type CompletionQuery =
  | { kind: "action"; prefix: string }
  | { kind: "operator"; prefix: string }
  | { kind: "condition-key"; prefix: string; actions?: string[] }
  | { kind: "global-key"; prefix: string };
/** One completion, in CodeMirror's shape. */
export type Completion = { label: string; detail: string; info?: string; type: string };
export type Diagnostic = {
  code: string; severity: "error" | "security-warning" | "warning" | "suggestion";
  message: string; path: string; span: Span; start: Position; end: Position;
};
"#;

#[derive(Serialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
enum EvaluateResult {
    Success {
        decision: Decision,
        #[serde(skip_serializing_if = "Option::is_none")]
        layer: Option<Layer>,
        reason: String,
        deciding: Vec<iam_eval::StatementRef>,
        explanation: Box<Explanation>,
    },
    Failure {
        problems: Vec<CaseProblem>,
    },
}

/// Evaluates a case (an object in the case format, or its JSON text) and explains the decision.
#[wasm_bindgen(unchecked_return_type = "EvaluateResult")]
pub fn evaluate(#[wasm_bindgen(unchecked_param_type = "Case | string")] case: JsValue) -> JsValue {
    let text = match case.as_string() {
        Some(text) => text,
        None => js_sys::JSON::stringify(&case)
            .ok()
            .and_then(|s| s.as_string())
            .unwrap_or_default(),
    };
    let result = evaluate_text(&text);
    to_js(&result)
}

fn evaluate_text(text: &str) -> EvaluateResult {
    match parse_case(text) {
        Ok(case) => {
            let explanation = explain(&case);
            let outcome = explanation.outcome.clone();
            EvaluateResult::Success {
                decision: outcome.decision,
                layer: outcome.layer,
                reason: outcome.reason,
                deciding: outcome.deciding,
                explanation: Box::new(explanation),
            }
        }
        Err(problems) => EvaluateResult::Failure { problems },
    }
}

/// Checks a policy text against IAM's grammar and the rules of its kind (default
/// `"identity"`), returning every problem located by line, column and JSON path.
#[wasm_bindgen(unchecked_return_type = "Diagnostic[]")]
pub fn validate(
    #[wasm_bindgen(js_name = policyText)] policy_text: &str,
    #[wasm_bindgen(unchecked_param_type = "PolicyKind | undefined")] kind: Option<String>,
) -> Result<JsValue, JsError> {
    let kind = policy_kind(kind.as_deref())?;
    let diagnostics: Vec<Diagnostic> = diagnose(policy_text, kind);
    Ok(to_js(&diagnostics))
}

thread_local! {
    /// The catalogue given to [`load_catalog`]; a page loads it once.
    static CATALOG: OnceCell<Catalog> = const { OnceCell::new() };
}

/// Reads the action catalogue (the bytes of `catalog.json`) for `lint` and `complete`.
/// Loading it again is a no-op.
#[wasm_bindgen(js_name = loadCatalog)]
pub fn load_catalog(bytes: &[u8]) -> Result<(), JsError> {
    if catalog_loaded() {
        return Ok(());
    }
    let catalog = Catalog::from_bytes(bytes).map_err(|e| JsError::new(&e.to_string()))?;
    CATALOG.with(|slot| {
        let _ = slot.set(catalog);
    });
    Ok(())
}

/// Whether [`load_catalog`] has succeeded.
#[wasm_bindgen(js_name = catalogLoaded)]
pub fn catalog_loaded() -> bool {
    CATALOG.with(|slot| slot.get().is_some())
}

/// Everything `validate` reports plus the authoring checks (iam-lint: security warnings,
/// redundancies, and, once the catalogue is loaded, unknown actions and condition keys).
#[wasm_bindgen(unchecked_return_type = "Diagnostic[]")]
pub fn lint(
    #[wasm_bindgen(js_name = policyText)] policy_text: &str,
    #[wasm_bindgen(unchecked_param_type = "PolicyKind | undefined")] kind: Option<String>,
) -> Result<JsValue, JsError> {
    let kind = policy_kind(kind.as_deref())?;
    let diagnostics = CATALOG.with(|slot| iam_lint::lint(policy_text, kind, slot.get()));
    Ok(to_js(&diagnostics))
}

/// Completions for an editor query, from the catalogue (none before it is loaded).
#[wasm_bindgen(unchecked_return_type = "Completion[]")]
pub fn complete(
    #[wasm_bindgen(unchecked_param_type = "CompletionQuery")] query: JsValue,
) -> Result<JsValue, JsError> {
    let query: CompletionQuery =
        serde_wasm_bindgen::from_value(query).map_err(|e| JsError::new(&e.to_string()))?;
    let completions = CATALOG.with(|slot| {
        slot.get()
            .map(|catalog| iam_catalog::complete(catalog, &query))
            .unwrap_or_default()
    });
    Ok(to_js(&completions))
}

/// The engine version, for pages that show it.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}

/// The kind named by the caller; identity when none is given.
fn policy_kind(name: Option<&str>) -> Result<PolicyKind, JsError> {
    match name {
        None => Ok(PolicyKind::Identity),
        Some(name) => PolicyKind::from_name(name)
            .ok_or_else(|| JsError::new(&format!("unknown policy kind \"{name}\""))),
    }
}

/// Plain JS objects (not Maps) so results read naturally in JavaScript.
fn to_js<T: Serialize>(value: &T) -> JsValue {
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    value.serialize(&serializer).unwrap_or(JsValue::NULL)
}
