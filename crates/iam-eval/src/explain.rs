//! The explanation of a decision: every layer, policy and statement, with how each element
//! matched or why it did not, and the values each condition compared.
//!
//! It re-runs the matcher element by element without short-circuiting, so a statement that
//! fails on its action still shows what its conditions would have done. The decision itself
//! comes from [`crate::decide`], so the explanation can never disagree with it.

use iam_policy::Effect;
use iam_policy::ast::{Condition, PrincipalBlock, Principals, Statement};
use iam_policy::principal::PrincipalPattern;
use iam_policy::span::Span;
use serde::Serialize;

use crate::case::Case;
use crate::condition::{
    absent_key_result, condition_holds, resolved_policy_values, single_value_holds,
};
use crate::context::{ContextEntry, ContextValue};
use crate::decide::{Decision, Hit, Layer, Outcome, Plan, collect_hits, decide, subject};
use crate::matcher::{
    Strength, Subject, action_matches, matching_action, matching_principal, matching_resource,
    principal_matches, resource_matches,
};

/// The decision with the full evaluation tree.
#[derive(Clone, Debug, Serialize)]
pub struct Explanation {
    /// The decision and its reason.
    #[serde(flatten)]
    pub outcome: Outcome,
    /// Whether the caller and the resource are in the same account (unknown for services,
    /// providers and anonymous callers).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub same_account: Option<bool>,
    /// Each policy list that took part, in evaluation order.
    pub layers: Vec<LayerReport>,
    /// The request context used, given and derived keys.
    pub context: Vec<ContextEntry>,
    /// Facts about which policies did not apply and why.
    pub notes: Vec<String>,
}

/// One policy list (one SCP/RCP level, or one policy type).
#[derive(Clone, Debug, Serialize)]
pub struct LayerReport {
    /// The policy type.
    pub layer: Layer,
    /// The level, for SCPs and RCPs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level: Option<usize>,
    /// What the list contributed.
    pub verdict: Verdict,
    /// Each policy.
    pub policies: Vec<PolicyReport>,
}

/// What a policy list contributes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// A Deny statement applies.
    Denies,
    /// An Allow statement applies and no Deny.
    Allows,
    /// No statement applies.
    NoMatch,
}

/// One policy.
#[derive(Clone, Debug, Serialize)]
pub struct PolicyReport {
    /// Its name.
    pub name: String,
    /// Its position in the list.
    pub index: usize,
    /// Each statement.
    pub statements: Vec<StatementReport>,
}

/// One statement, element by element.
#[derive(Clone, Debug, Serialize)]
pub struct StatementReport {
    /// Position in the policy.
    pub index: usize,
    /// The Sid.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sid: Option<String>,
    /// Allow or Deny.
    pub effect: Effect,
    /// Where the statement is written.
    pub span: Span,
    /// Whether every element matched.
    pub applies: bool,
    /// Whether this statement is among those that decided.
    pub deciding: bool,
    /// The `Action`/`NotAction` element.
    pub action: ElementReport,
    /// The `Resource`/`NotResource` element.
    pub resource: ElementReport,
    /// The `Principal`/`NotPrincipal` element, when present.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub principal: Option<ElementReport>,
    /// Each condition.
    pub conditions: Vec<ConditionReport>,
}

/// How one element matched.
#[derive(Clone, Debug, Serialize)]
pub struct ElementReport {
    /// Whether the element lets the statement apply.
    pub matched: bool,
    /// A sentence saying how.
    pub detail: String,
    /// The matching entry, or the whole element.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub span: Option<Span>,
}

/// One condition test with the values compared.
#[derive(Clone, Debug, Serialize)]
pub struct ConditionReport {
    /// The operator as written.
    pub operator: String,
    /// The key as written.
    pub key: String,
    /// Whether it holds.
    pub passed: bool,
    /// The request's values (absent when the key is missing).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_values: Option<Vec<String>>,
    /// The policy's values, variables substituted.
    pub policy_values: Vec<String>,
    /// A sentence saying why it holds or fails.
    pub detail: String,
    /// Where the key and its values are written.
    pub span: Span,
}

/// Evaluates the case and explains every step.
pub fn explain(case: &Case) -> Explanation {
    let plan = Plan::new(case);
    let hits = collect_hits(case, &plan);
    let outcome = decide(case, &plan, &hits);
    let subject = subject(case);
    let layers = plan
        .layers
        .iter()
        .enumerate()
        .map(|(layer_index, planned)| LayerReport {
            layer: planned.layer,
            level: planned.level,
            verdict: verdict(&hits, layer_index),
            policies: planned
                .policies
                .iter()
                .enumerate()
                .map(|(policy_index, named)| PolicyReport {
                    name: named.name.clone(),
                    index: policy_index,
                    statements: named
                        .policy
                        .statements
                        .iter()
                        .map(|statement| {
                            let deciding = outcome.deciding.iter().any(|d| {
                                d.layer == planned.layer
                                    && d.level == planned.level
                                    && d.policy_index == policy_index
                                    && d.statement == statement.index
                            });
                            statement_report(statement, subject, deciding)
                        })
                        .collect(),
                })
                .collect(),
        })
        .collect();
    let request = &case.request;
    Explanation {
        same_account: request
            .caller
            .account()
            .map(|account| Some(account) == request.resource_account.as_deref()),
        layers,
        context: request.context.entries().to_vec(),
        notes: plan.notes,
        outcome,
    }
}

fn verdict(hits: &[Hit], layer_index: usize) -> Verdict {
    let mut in_layer = hits
        .iter()
        .filter(|h| h.layer_index == layer_index)
        .peekable();
    if in_layer.peek().is_none() {
        return Verdict::NoMatch;
    }
    if in_layer.any(|h| h.effect == Effect::Deny) {
        Verdict::Denies
    } else {
        Verdict::Allows
    }
}

fn statement_report(
    statement: &Statement,
    subject: Subject<'_>,
    deciding: bool,
) -> StatementReport {
    let action = action_report(statement, subject);
    let resource = resource_report(statement, subject);
    let principal = statement
        .principal
        .as_ref()
        .map(|block| principal_report(block, subject));
    let conditions: Vec<ConditionReport> = statement
        .conditions
        .iter()
        .map(|c| condition_report(c, subject))
        .collect();
    let applies = action.matched
        && resource.matched
        && principal.as_ref().is_none_or(|p| p.matched)
        && conditions.iter().all(|c| c.passed);
    StatementReport {
        index: statement.index,
        sid: statement.sid.as_ref().map(|s| s.value.clone()),
        effect: statement.effect.value,
        span: statement.span,
        applies,
        deciding,
        action,
        resource,
        principal,
        conditions,
    }
}

fn action_report(statement: &Statement, subject: Subject<'_>) -> ElementReport {
    let block = &statement.action;
    let action = &subject.request.action;
    let found = matching_action(block, action).map(|i| &block.items[i]);
    let matched = action_matches(block, action);
    let detail = match (block.negated, found) {
        (false, Some(item)) => format!("{action} matches \"{}\"", item.text),
        (false, None) => format!(
            "{action} matches none of {}",
            list(block.items.iter().map(|i| &i.text))
        ),
        (true, Some(item)) => format!("{action} is excluded by NotAction \"{}\"", item.text),
        (true, None) => format!("{action} is not listed in NotAction, so the statement covers it"),
    };
    ElementReport {
        matched,
        detail,
        span: Some(found.map_or(block.span, |item| item.span)),
    }
}

fn resource_report(statement: &Statement, subject: Subject<'_>) -> ElementReport {
    let request = subject.request;
    let Some(block) = &statement.resource else {
        return ElementReport {
            matched: true,
            detail: "no Resource element: a trust policy statement applies to its own role"
                .to_owned(),
            span: None,
        };
    };
    let resource = &request.resource;
    let found = matching_resource(block, request).map(|i| &block.items[i]);
    let matched = resource_matches(Some(block), request);
    let detail = match (block.negated, found) {
        (false, Some(item)) => format!("{resource} matches \"{}\"", item.text),
        (false, None) => format!(
            "{resource} matches none of {}",
            list(block.items.iter().map(|i| &i.text))
        ),
        (true, Some(item)) => format!("{resource} is excluded by NotResource \"{}\"", item.text),
        (true, None) => {
            format!("{resource} is not listed in NotResource, so the statement covers it")
        }
    };
    ElementReport {
        matched,
        detail,
        span: Some(found.map_or(block.span, |item| item.span)),
    }
}

fn principal_report(block: &PrincipalBlock, subject: Subject<'_>) -> ElementReport {
    let caller = &subject.request.principal_text;
    let strength = principal_matches(block, subject);
    let matched = strength.is_some();
    if block.negated {
        let detail = if matched {
            format!("{caller} is not excluded by NotPrincipal, so the statement covers it")
        } else {
            format!(
                "{caller} is excluded by NotPrincipal (its account and every identity in its chain are listed)"
            )
        };
        let detail = if subject.has_boundary && matched {
            format!(
                "{detail}; a caller with a permissions boundary is never excluded by NotPrincipal"
            )
        } else {
            detail
        };
        return ElementReport {
            matched,
            detail,
            span: Some(block.span),
        };
    }
    let entries = match &block.principals {
        Principals::Everyone => {
            return ElementReport {
                matched: true,
                detail: "\"Principal\": \"*\" covers everyone, anonymous callers included"
                    .to_owned(),
                span: Some(block.span),
            };
        }
        Principals::Listed(entries) => entries,
    };
    let found = matching_principal(block, subject).map(|i| &entries[i]);
    let detail = match (found, strength) {
        (Some(entry), Some(strength)) => format!(
            "{caller} matches \"{}\" ({})",
            entry.text,
            strength_note(&entry.pattern, strength)
        ),
        _ => format!(
            "{caller} matches none of {}",
            list(entries.iter().map(|e| &e.text))
        ),
    };
    ElementReport {
        matched,
        detail,
        span: Some(found.map_or(block.span, |entry| entry.span)),
    }
}

fn strength_note(pattern: &PrincipalPattern, strength: Strength) -> &'static str {
    match (pattern, strength) {
        (PrincipalPattern::Anyone, _) => "everyone",
        (_, Strength::Account) => {
            "the caller's account: it delegates, so an identity-based policy must also allow"
        }
        (_, Strength::Role) => {
            "the caller's role: its permissions boundary and session policies still apply"
        }
        (PrincipalPattern::Account { .. }, Strength::Direct) => "the root user of the account",
        (_, Strength::Direct) => "the caller itself",
    }
}

fn condition_report(condition: &Condition, subject: Subject<'_>) -> ConditionReport {
    let context = subject.context();
    let passed = condition_holds(condition, context);
    let value = context.get(&condition.key_lower);
    ConditionReport {
        operator: condition.operator.to_string(),
        key: condition.key.clone(),
        passed,
        request_values: value.map(|v| v.values().to_vec()),
        policy_values: resolved_policy_values(condition, context),
        detail: condition_detail(condition, value, subject, passed),
        span: condition.span,
    }
}

fn condition_detail(
    condition: &Condition,
    value: Option<&ContextValue>,
    subject: Subject<'_>,
    passed: bool,
) -> String {
    let operator = condition.operator;
    let key = &condition.key;
    let verb = if passed { "holds" } else { "fails" };
    let Some(value) = value else {
        let why = if operator.kind == iam_policy::condition::OperatorKind::Null {
            "Null tests whether the key is present"
        } else if operator.if_exists {
            "IfExists passes when the key is missing"
        } else if operator.qualifier == Some(iam_policy::condition::SetQualifier::ForAllValues) {
            "ForAllValues passes when the key is missing (there is no value to fail)"
        } else if operator.qualifier == Some(iam_policy::condition::SetQualifier::ForAnyValue) {
            "ForAnyValue fails when the key is missing"
        } else if operator.kind.is_negated() {
            "a negated operator passes when the key is missing"
        } else {
            "a missing key never matches a positive operator"
        };
        debug_assert_eq!(passed, absent_key_result(condition));
        return format!("{key} is not in the request; {why}, so {operator} {verb}");
    };
    let context = subject.context();
    match (operator.qualifier, value) {
        (_, _) if operator.kind == iam_policy::condition::OperatorKind::Null => {
            format!("{key} is present, so {operator} {verb}")
        }
        (None, ContextValue::List(values)) => format!(
            "{key} has several values {}; without ForAllValues/ForAnyValue the operator compares one value, so {operator} {verb}",
            list(values.iter())
        ),
        (None, ContextValue::Single(single)) => {
            let matching = condition.values.iter().find(|v| {
                crate::condition::value_matches(operator.kind, &v.typed, single, context)
            });
            match matching {
                Some(v) => format!(
                    "{key} = \"{single}\" matches \"{}\", so {operator} {verb}",
                    v.text
                ),
                None => format!(
                    "{key} = \"{single}\" matches none of {}, so {operator} {verb}",
                    list(resolved_policy_values(condition, context).iter())
                ),
            }
        }
        (Some(qualifier), value) => {
            let satisfied: Vec<&String> = value
                .values()
                .iter()
                .filter(|v| single_value_holds(condition, v, context))
                .collect();
            format!(
                "{} of the {} values of {key} satisfy {} ({}), so {operator} {verb}",
                satisfied.len(),
                value.values().len(),
                operator.kind.name(),
                match qualifier {
                    iam_policy::condition::SetQualifier::ForAllValues => "all must",
                    iam_policy::condition::SetQualifier::ForAnyValue => "at least one must",
                }
            )
        }
    }
}

fn list<'a>(items: impl Iterator<Item = &'a String>) -> String {
    let quoted: Vec<String> = items.map(|i| format!("\"{i}\"")).collect();
    format!("[{}]", quoted.join(", "))
}

impl Explanation {
    /// The decision.
    pub fn decision(&self) -> Decision {
        self.outcome.decision
    }
}
