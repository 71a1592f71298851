//! Runs the conformance corpus: `tests/corpus/<topic>/*.json`, each a case written from the AWS
//! documentation with the decision AWS gives, the deciding rule and the page it comes from.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "../../../tests/corpus/files.rs"]
mod files;

use std::path::Path;

use files::{corpus_dir, corpus_files};

use iam_eval::{Decision, Layer, evaluate, parse_case_node};
use iam_policy::json::{self, Node, Value};

fn member<'a>(node: &'a Node<'a>, key: &str) -> Option<&'a Node<'a>> {
    match &node.value {
        Value::Object(members) => members.iter().find(|m| m.key == key).map(|m| &m.value),
        _ => None,
    }
}

fn string<'a>(node: Option<&'a Node<'a>>) -> Option<&'a str> {
    match node.map(|n| &n.value) {
        Some(Value::String(text)) => Some(text),
        _ => None,
    }
}

fn decision(name: &str) -> Option<Decision> {
    match name {
        "Allow" => Some(Decision::Allow),
        "ExplicitDeny" => Some(Decision::ExplicitDeny),
        "ImplicitDeny" => Some(Decision::ImplicitDeny),
        _ => None,
    }
}

fn layer(name: &str) -> Option<Layer> {
    match name {
        "scp" => Some(Layer::Scp),
        "rcp" => Some(Layer::Rcp),
        "vpc-endpoint" => Some(Layer::VpcEndpoint),
        "resource" => Some(Layer::Resource),
        "identity" => Some(Layer::Identity),
        "boundary" => Some(Layer::Boundary),
        "session" => Some(Layer::Session),
        _ => None,
    }
}

/// Checks one corpus file; `Err` says what disagrees.
fn check(path: &Path) -> Result<(), String> {
    let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    let arena = json::Arena::new();
    let root = json::parse(&text, &arena).map_err(|e| format!("invalid JSON: {}", e.kind))?;
    for field in ["title", "rule", "source"] {
        if string(member(&root, field)).is_none_or(str::is_empty) {
            return Err(format!("missing `{field}`"));
        }
    }
    let case_node = member(&root, "case").ok_or("missing `case`")?;
    let expected = member(&root, "expected").ok_or("missing `expected`")?;
    let case = parse_case_node(case_node, &text, "$.case").map_err(|problems| {
        let list: Vec<String> = problems.iter().map(ToString::to_string).collect();
        format!("case does not load: {}", list.join("; "))
    })?;
    let want = string(member(expected, "decision"))
        .and_then(decision)
        .ok_or("expected.decision must be Allow, ExplicitDeny or ImplicitDeny")?;
    let outcome = evaluate(&case);
    if outcome.decision != want {
        return Err(format!(
            "expected {want:?}, got {:?}: {}",
            outcome.decision, outcome.reason
        ));
    }
    if let Some(name) = string(member(expected, "layer")) {
        let want_layer = layer(name).ok_or_else(|| format!("unknown layer {name}"))?;
        let matches = match outcome.decision {
            // Any layer holding a matching Deny is a correct answer: AWS names only one.
            Decision::ExplicitDeny => outcome.deciding.iter().any(|d| d.layer == want_layer),
            _ => outcome.layer == Some(want_layer),
        };
        if !matches {
            return Err(format!(
                "expected layer {name}, got {:?}: {}",
                outcome.layer, outcome.reason
            ));
        }
    }
    if let Some(Node {
        value: Value::Array(items),
        ..
    }) = member(expected, "deciding")
    {
        let mut want: Vec<String> = items
            .iter()
            .filter_map(|i| string(Some(i)).map(str::to_owned))
            .collect();
        let mut got: Vec<String> = outcome.deciding.iter().map(|d| d.label()).collect();
        want.sort();
        got.sort();
        if want != got {
            return Err(format!("expected deciding {want:?}, got {got:?}"));
        }
    }
    Ok(())
}

#[test]
fn conformance_corpus() {
    let files = corpus_files();
    let failures: Vec<String> = files
        .iter()
        .filter_map(|path| {
            check(path).err().map(|why| {
                let name = path.strip_prefix(corpus_dir()).unwrap_or(path);
                format!("{}: {why}", name.display())
            })
        })
        .collect();
    println!("{} corpus cases, {} failing", files.len(), failures.len());
    assert!(
        files.len() >= 200,
        "the corpus must hold at least 200 cases, found {}",
        files.len()
    );
    assert!(
        failures.is_empty(),
        "{} of {} corpus cases disagree:\n{}",
        failures.len(),
        files.len(),
        failures.join("\n")
    );
}
