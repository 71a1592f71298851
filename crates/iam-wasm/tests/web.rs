//! The JavaScript API in a real browser: JS values in, plain JS objects out.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use iam_wasm::{catalog_loaded, complete, evaluate, lint, load_catalog, validate, version};
use js_sys::{Array, JSON, Reflect};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &JsValue::from_str(key)).unwrap()
}

const TESTER_CASE: &str = r#"{
  "request": {"principal": "arn:aws:iam::111111111111:user/Theresa", "action": "sts:AssumeRole",
              "resource": "arn:aws:iam::999999999999:role/UpdateApp"},
  "identity_policies": [{"name": "deny-assume-S3-role-in-production", "document": {"Version": "2012-10-17",
    "Statement": {"Effect": "Deny", "Action": "sts:AssumeRole", "Resource": "arn:aws:iam::999999999999:role/UpdateApp"}}}],
  "resource_policy": {"name": "UpdateApp trust", "document": {"Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Principal": {"AWS": "111111111111"}, "Action": "sts:AssumeRole"}]}}
}"#;

#[wasm_bindgen_test]
fn evaluate_accepts_a_js_object_and_returns_the_decision() {
    let case = JSON::parse(TESTER_CASE).unwrap();
    let result = evaluate(case);
    assert_eq!(get(&result, "type").as_string().unwrap(), "success");
    assert_eq!(
        get(&result, "decision").as_string().unwrap(),
        "ExplicitDeny"
    );
    assert_eq!(get(&result, "layer").as_string().unwrap(), "identity");
    let deciding = Array::from(&get(&result, "deciding"));
    assert_eq!(deciding.length(), 1);
    let first = deciding.get(0);
    assert_eq!(
        get(&first, "policy").as_string().unwrap(),
        "deny-assume-S3-role-in-production"
    );
    assert!(get(&result, "explanation").is_object());
}

#[wasm_bindgen_test]
fn evaluate_accepts_json_text() {
    let result = evaluate(JsValue::from_str(TESTER_CASE));
    assert_eq!(
        get(&result, "decision").as_string().unwrap(),
        "ExplicitDeny"
    );
}

#[wasm_bindgen_test]
fn bad_cases_come_back_as_located_problems() {
    let result = evaluate(JsValue::from_str(
        r#"{"request": {"principal": "nobody", "action": "s3:GetObject", "resource": "*"}}"#,
    ));
    assert_eq!(get(&result, "type").as_string().unwrap(), "failure");
    let problems = Array::from(&get(&result, "problems"));
    let first = problems.get(0);
    assert_eq!(
        get(&first, "path").as_string().unwrap(),
        "$.request.principal"
    );
    assert_eq!(get(&get(&first, "start"), "line").as_f64().unwrap(), 1.0);
}

#[wasm_bindgen_test]
fn validate_locates_errors_in_utf16_columns() {
    let text = "{\"Id\": \"\u{1F600}\", \"Statement\": {\"Effect\": \"Alow\", \"Action\": \"s3:*\", \"Resource\": \"*\"}}";
    let diagnostics = Array::from(&validate(text, Some("identity".into())).unwrap());
    assert!(diagnostics.length() >= 1);
    let invalid_effect = diagnostics
        .iter()
        .find(|d| get(d, "code").as_string().unwrap() == "policy/invalid-effect")
        .unwrap();
    let start = get(&invalid_effect, "start");
    let column = get(&start, "column").as_f64().unwrap();
    let utf16 = get(&start, "utf16Column").as_f64().unwrap();
    assert_eq!(utf16, column + 1.0);
    assert!(validate("{}", Some("nonsense".into())).is_err());
    assert_eq!(Array::from(&validate(r#"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "*"}}"#, None).unwrap()).length(), 0);
}

#[wasm_bindgen_test]
fn version_is_the_crate_version() {
    assert_eq!(version(), env!("CARGO_PKG_VERSION"));
}

const CATALOG: &[u8] = include_bytes!("../../iam-catalog/data/catalog.json");
const TYPO: &str = r#"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:GetObjects", "Resource": "arn:aws:s3:::b/*"}}"#;

fn codes(diagnostics: JsValue) -> Vec<String> {
    Array::from(&diagnostics)
        .iter()
        .filter_map(|d| get(&d, "code").as_string())
        .collect()
}

#[wasm_bindgen_test]
fn lint_adds_authoring_checks_and_catalogue_checks_once_loaded() {
    let not_action = r#"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "NotAction": "s3:*", "Resource": "*"}}"#;
    assert!(codes(lint(not_action, None).unwrap()).contains(&"lint/allow-not-action".to_owned()));
    assert!(codes(validate(not_action, None).unwrap()).is_empty());
    load_catalog(CATALOG).unwrap();
    assert!(catalog_loaded());
    assert!(
        codes(lint(TYPO, Some("identity".into())).unwrap())
            .contains(&"lint/unknown-action".to_owned())
    );
    assert!(lint("{}", Some("nonsense".into())).is_err());
}

#[wasm_bindgen_test]
fn complete_answers_editor_queries_from_the_catalogue() {
    load_catalog(CATALOG).unwrap();
    let query = js_sys::JSON::parse(r#"{"kind": "action", "prefix": "s3:GetObj"}"#).unwrap();
    let labels: Vec<String> = Array::from(&complete(query).unwrap())
        .iter()
        .filter_map(|c| get(&c, "label").as_string())
        .collect();
    assert!(labels.contains(&"s3:GetObject".to_owned()), "{labels:?}");
    let query = js_sys::JSON::parse(r#"{"kind": "global-key", "prefix": "aws:SourceIp"}"#).unwrap();
    let labels: Vec<String> = Array::from(&complete(query).unwrap())
        .iter()
        .filter_map(|c| get(&c, "label").as_string())
        .collect();
    assert_eq!(labels, ["aws:SourceIp"]);
    assert!(complete(JsValue::from_str("nonsense")).is_err());
}
