//! The human-readable explanation: decision first, then the deciding statements with their
//! locations, then every layer, policy and statement with how each element matched.

use std::fmt::Write;

use iam_eval::explain::{ConditionReport, ElementReport, LayerReport, StatementReport, Verdict};
use iam_eval::{Case, Decision, Explanation, Layer, NamedPolicy, StatementRef};
use iam_policy::span::{LineIndex, Span};

/// Renders the explanation; `file` and `text` are the case file's name and content.
pub fn explanation(explanation: &Explanation, case: &Case, text: &str, file: &str) -> String {
    let mut out = String::new();
    let outcome = &explanation.outcome;
    let headline = match outcome.decision {
        Decision::Allow => "ALLOW".to_owned(),
        Decision::ExplicitDeny => format!(
            "EXPLICIT DENY (in {})",
            iam_eval::decide::with_article(layer_word(outcome.layer))
        ),
        Decision::ImplicitDeny => {
            format!("IMPLICIT DENY (no {} allows)", layer_word(outcome.layer))
        }
    };
    let _ = writeln!(out, "Decision: {headline}");
    let _ = writeln!(out, "  {}", outcome.reason);
    if !outcome.deciding.is_empty() {
        let _ = writeln!(out, "\nDeciding statements:");
        for reference in &outcome.deciding {
            let _ = writeln!(
                out,
                "  {} {:?} in {} \"{}\" at {}",
                statement_name(reference),
                reference.effect,
                reference.layer.aws_name(),
                reference.policy,
                location(case, reference, text, file)
            );
        }
    }
    let _ = writeln!(out, "\nEvaluation:");
    for layer in &explanation.layers {
        render_layer(&mut out, layer);
    }
    if !explanation.notes.is_empty() {
        let _ = writeln!(out, "\nNotes:");
        for note in &explanation.notes {
            let _ = writeln!(out, "  - {note}");
        }
    }
    let _ = writeln!(out, "\nRequest context:");
    for entry in &explanation.context {
        let value = entry.value.values().join(", ");
        let origin = match entry.origin {
            iam_eval::context::Origin::Given => "",
            iam_eval::context::Origin::Derived => "  (derived)",
        };
        let _ = writeln!(out, "  {} = {value}{origin}", entry.key);
    }
    out
}

fn layer_word(layer: Option<Layer>) -> &'static str {
    layer.map_or("policy", Layer::aws_name)
}

fn statement_name(reference: &StatementRef) -> String {
    match &reference.sid {
        Some(sid) if !sid.is_empty() => format!("statement \"{sid}\""),
        _ => format!("statement #{}", reference.statement),
    }
}

/// `file:line:col`, or `policy "name" line:col` for a policy given as its own text.
fn location(case: &Case, reference: &StatementRef, text: &str, file: &str) -> String {
    let policy = find_policy(case, reference);
    match policy.and_then(|p| p.text.as_deref()) {
        Some(own) => {
            let position = LineIndex::new(own).position(reference.span.start);
            format!(
                "{file} (policy text of \"{}\") {}:{}",
                reference.policy, position.line, position.column
            )
        }
        None => span_location(text, file, reference.span),
    }
}

fn span_location(text: &str, file: &str, span: Span) -> String {
    let position = LineIndex::new(text).position(span.start);
    format!("{file}:{}:{}", position.line, position.column)
}

fn find_policy<'c>(case: &'c Case, reference: &StatementRef) -> Option<&'c NamedPolicy> {
    let index = reference.policy_index;
    match reference.layer {
        Layer::Scp => case.scps.get(reference.level?)?.get(index),
        Layer::Rcp => case.rcps.get(reference.level?)?.get(index),
        Layer::VpcEndpoint => case.vpc_endpoint_policies.get(index),
        Layer::Resource => case.resource_policy.as_ref(),
        Layer::Identity => case.identity_policies.get(index),
        Layer::Boundary => case.permissions_boundary.as_ref(),
        Layer::Session => case.session_policies.get(index),
    }
}

fn render_layer(out: &mut String, layer: &LayerReport) {
    let verdict = match layer.verdict {
        Verdict::Denies => "a Deny applies",
        Verdict::Allows => "an Allow applies",
        Verdict::NoMatch => "no statement applies",
    };
    let level = layer
        .level
        .map(|l| format!(" (level {l})"))
        .unwrap_or_default();
    let _ = writeln!(out, "  {}{level}: {verdict}", layer.layer.aws_name());
    for policy in &layer.policies {
        let _ = writeln!(out, "    policy \"{}\"", policy.name);
        for statement in &policy.statements {
            render_statement(out, statement);
        }
    }
}

fn render_statement(out: &mut String, statement: &StatementReport) {
    let name = match &statement.sid {
        Some(sid) if !sid.is_empty() => format!("\"{sid}\""),
        _ => format!("#{}", statement.index),
    };
    let applies = if statement.applies {
        "applies"
    } else {
        "does not apply"
    };
    let deciding = if statement.deciding {
        "  <= deciding"
    } else {
        ""
    };
    let _ = writeln!(
        out,
        "      {name} {:?}: {applies}{deciding}",
        statement.effect
    );
    element(out, "action", &statement.action);
    element(out, "resource", &statement.resource);
    if let Some(principal) = &statement.principal {
        element(out, "principal", principal);
    }
    for condition in &statement.conditions {
        render_condition(out, condition);
    }
}

fn element(out: &mut String, name: &str, report: &ElementReport) {
    let _ = writeln!(
        out,
        "        {} {name}: {}",
        mark(report.matched),
        report.detail
    );
}

fn render_condition(out: &mut String, condition: &ConditionReport) {
    let _ = writeln!(
        out,
        "        {} condition {} {}: {}",
        mark(condition.passed),
        condition.operator,
        condition.key,
        condition.detail
    );
}

fn mark(ok: bool) -> &'static str {
    if ok { "[x]" } else { "[ ]" }
}
