//! `iamplay eval` end to end: the explanation, JSON output, batch lines in order, and a
//! malformed case answered with an error line instead of a crash.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::Write;
use std::process::{Command, Stdio};

const IAMPLAY: &str = env!("CARGO_BIN_EXE_iamplay");

fn case_file(name: &str) -> String {
    format!("{}/../../tests/cases/{name}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn explains_the_testers_explicit_deny_with_its_location() {
    let output = Command::new(IAMPLAY)
        .args(["eval", &case_file("seed-004-tester-assume-updateapp.json")])
        .output()
        .unwrap();
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.starts_with("Decision: EXPLICIT DENY (in an identity-based policy)"));
    assert!(text.contains("seed-004-tester-assume-updateapp.json:12:"));
    assert!(text.contains("<= deciding"));
}

#[test]
fn json_output_is_the_full_explanation() {
    let output = Command::new(IAMPLAY)
        .args([
            "eval",
            "--json",
            &case_file("seed-004-developer-assume-updateapp.json"),
        ])
        .output()
        .unwrap();
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(value["decision"], "Allow");
    assert_eq!(value["same_account"], false);
    assert!(value["layers"].as_array().unwrap().len() >= 2);
}

#[test]
fn malformed_case_files_exit_2_with_located_problems() {
    let dir = std::env::temp_dir().join(format!("iamplay-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("bad.json");
    std::fs::write(
        &path,
        "{\n  \"request\": {\"principal\": \"anonymous\",\n   \"action\": \"s3:GetObject\"}\n}",
    )
    .unwrap();
    let output = Command::new(IAMPLAY)
        .args(["eval", path.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let errors = String::from_utf8(output.stderr).unwrap();
    assert!(
        errors.contains("bad.json:2:14: missing required field `resource`"),
        "{errors}"
    );
}

#[test]
fn batch_answers_every_line_in_order_and_survives_bad_lines() {
    let good = std::fs::read_to_string(case_file("seed-004-tester-assume-updateapp.json")).unwrap();
    let good = good.split_whitespace().collect::<Vec<_>>().join(" ");
    let allow =
        std::fs::read_to_string(case_file("seed-004-developer-assume-updateapp.json")).unwrap();
    let allow = allow.split_whitespace().collect::<Vec<_>>().join(" ");
    let input = format!("{good}\n{{not json\n\n{allow}\n{{\"request\": {{}}}}\n");
    let mut child = Command::new(IAMPLAY)
        .args(["eval", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success());
    let lines: Vec<serde_json::Value> = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 4);
    assert_eq!(lines[0]["decision"], "ExplicitDeny");
    assert_eq!(
        lines[0]["deciding"][0],
        "deny-assume-S3-role-in-production#0"
    );
    assert_eq!(lines[1]["error"]["line"], 2);
    assert_eq!(lines[1]["error"]["problems"][0]["code"], "json/syntax");
    assert_eq!(lines[2]["decision"], "Allow");
    assert_eq!(lines[3]["error"]["line"], 5);
}
