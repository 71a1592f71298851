//! `iamplay eval`: one case with its explanation, or a batch of JSON lines.

use std::io::{BufRead, BufWriter, Write};
use std::path::Path;
use std::process::ExitCode;

use iam_eval::{CaseProblem, PolicyCache, evaluate, explain, parse_case, parse_case_cached};
use serde::Serialize;

use crate::render;

/// Evaluates the case in `path` and prints the explanation (or JSON).
pub fn single(path: Option<&Path>, json: bool) -> ExitCode {
    let Some(path) = path else {
        eprintln!("error: give a case file, or --batch to read cases from standard input");
        return ExitCode::from(2);
    };
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(error) => {
            eprintln!("error: cannot read {}: {error}", path.display());
            return ExitCode::from(2);
        }
    };
    let case = match parse_case(&text) {
        Ok(case) => case,
        Err(problems) => {
            report_problems(&path.display().to_string(), &problems, json);
            return ExitCode::from(2);
        }
    };
    let explanation = explain(&case);
    if json {
        match serde_json::to_string_pretty(&explanation) {
            Ok(out) => println!("{out}"),
            Err(error) => {
                eprintln!("error: {error}");
                return ExitCode::from(2);
            }
        }
    } else {
        print!(
            "{}",
            render::explanation(&explanation, &case, &text, &path.display().to_string())
        );
    }
    ExitCode::SUCCESS
}

fn report_problems(file: &str, problems: &[CaseProblem], json: bool) {
    if json {
        let out = serde_json::json!({ "error": { "problems": problems } });
        println!("{out}");
    } else {
        for problem in problems {
            eprintln!("{file}:{problem}");
        }
    }
}

/// One batch result line: the decision, the policy type a denial names, the deciding
/// statements as `Policy#Sid` labels, and AWS's sentence. (`iamplay eval --json` gives the
/// full explanation of one case.)
#[derive(Serialize)]
struct BatchResult<'a> {
    decision: iam_eval::Decision,
    #[serde(skip_serializing_if = "Option::is_none")]
    layer: Option<iam_eval::Layer>,
    #[serde(skip_serializing_if = "Option::is_none")]
    level: Option<usize>,
    deciding: Vec<String>,
    reason: &'a str,
}

impl<'a> From<&'a iam_eval::Outcome> for BatchResult<'a> {
    fn from(outcome: &'a iam_eval::Outcome) -> Self {
        BatchResult {
            decision: outcome.decision,
            layer: outcome.layer,
            level: outcome.level,
            deciding: outcome
                .deciding
                .iter()
                .map(iam_eval::StatementRef::label)
                .collect(),
            reason: &outcome.reason,
        }
    }
}

#[derive(Serialize)]
struct BatchError<'a> {
    error: BatchErrorBody<'a>,
}

#[derive(Serialize)]
struct BatchErrorBody<'a> {
    line: usize,
    problems: &'a [CaseProblem],
}

/// Reads JSON lines of cases from stdin and writes one JSON result line per case, in order.
/// A malformed case produces an error line for that case; the batch goes on.
pub fn batch() -> ExitCode {
    let stdin = std::io::stdin();
    let stdout = std::io::stdout();
    let mut out = BufWriter::with_capacity(1 << 16, stdout.lock());
    let mut line = String::new();
    let mut input = stdin.lock();
    let mut number = 0;
    // One arena for every line's JSON tree, reset between lines: no allocation per node.
    let mut arena = iam_policy::json::Arena::new();
    // Policies repeat across a batch: compile each distinct document once.
    let mut cache = PolicyCache::default();
    loop {
        line.clear();
        match input.read_line(&mut line) {
            Ok(0) => break,
            Ok(_) => {}
            Err(error) => {
                eprintln!("error: reading standard input: {error}");
                return ExitCode::from(2);
            }
        }
        number += 1;
        if line.trim().is_empty() {
            continue;
        }
        arena.reset();
        let written = match parse_case_cached(&line, &arena, &mut cache) {
            Ok(case) => serde_json::to_writer(&mut out, &BatchResult::from(&evaluate(&case))),
            Err(problems) => serde_json::to_writer(
                &mut out,
                &BatchError {
                    error: BatchErrorBody {
                        line: number,
                        problems: &problems,
                    },
                },
            ),
        };
        if written.is_err() || out.write_all(b"\n").is_err() {
            // Standard output closed (e.g. piped into `head`): stop quietly.
            return ExitCode::SUCCESS;
        }
    }
    if out.flush().is_err() {
        return ExitCode::SUCCESS;
    }
    ExitCode::SUCCESS
}
