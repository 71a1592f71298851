//! Expectations: decisions a world pins ("David in Developers can assume UpdateApp: Allow";
//! "via UpdateApp, s3:PutObject on the bucket: Allow"), run against the engine.

use iam_eval::{ContextValue, Decision};
use serde::Serialize;

use crate::chain::{Chain, Step};
use crate::check::{Check, ContextKeys};
use crate::clock::Clock;
use crate::error::RefError;
use crate::model::{ExpectationDoc, Expected, StringOrList};
use crate::session::Credentials;
use crate::sts::AssumeResult;
use crate::world::World;

/// What actually happened.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "outcome")]
pub enum Actual {
    /// Allowed (or every hop succeeded).
    Allow,
    /// Denied by a Deny statement.
    ExplicitDeny,
    /// Denied for lack of an Allow.
    ImplicitDeny,
    /// A call failed before a decision.
    Error {
        /// The error code.
        code: String,
        /// The message.
        message: String,
    },
}

impl Actual {
    /// A short word for tables.
    pub fn label(&self) -> String {
        match self {
            Actual::Allow => "Allow".to_owned(),
            Actual::ExplicitDeny => "ExplicitDeny".to_owned(),
            Actual::ImplicitDeny => "ImplicitDeny".to_owned(),
            Actual::Error { code, .. } => format!("Error ({code})"),
        }
    }

    fn from_decision(decision: Decision) -> Actual {
        match decision {
            Decision::Allow => Actual::Allow,
            Decision::ExplicitDeny => Actual::ExplicitDeny,
            Decision::ImplicitDeny => Actual::ImplicitDeny,
        }
    }
}

/// The result of one expectation.
#[derive(Clone, Debug, Serialize)]
pub struct ExpectationResult {
    /// The expectation's sentence.
    pub name: String,
    /// What it expects.
    pub expected: Expected,
    /// What happened.
    pub actual: Actual,
    /// Whether they agree.
    pub passed: bool,
    /// One sentence on why (the engine's reason, or where the chain stopped).
    pub detail: String,
    /// The chain's hops.
    pub steps: Vec<Step>,
    /// The final access check, if the expectation has an action and the chain succeeded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub check: Option<Check>,
}

/// Context overrides from the world format.
pub fn context_keys(map: &std::collections::BTreeMap<String, StringOrList>) -> ContextKeys {
    map.iter()
        .map(|(key, value)| {
            let value = match value {
                StringOrList::One(one) => ContextValue::Single(one.clone()),
                StringOrList::Many(many) => ContextValue::List(many.clone()),
            };
            (key.clone(), value)
        })
        .collect()
}

impl World {
    /// Runs every expectation of the world at `clock` (the world's own clock wins when it
    /// sets one, so expectations are reproducible).
    pub fn run_expectations(&self, clock: Clock) -> Vec<ExpectationResult> {
        let clock = self.now.unwrap_or(clock);
        self.doc
            .expectations
            .iter()
            .map(|doc| {
                self.run_expectation(doc, clock)
                    .unwrap_or_else(|error| ExpectationResult {
                        name: doc.name.clone(),
                        expected: doc.expect,
                        actual: Actual::Error {
                            code: "InvalidReference".to_owned(),
                            message: error.to_string(),
                        },
                        passed: false,
                        detail: error.to_string(),
                        steps: Vec::new(),
                        check: None,
                    })
            })
            .collect()
    }

    /// Runs one expectation.
    pub fn run_expectation(
        &self,
        doc: &ExpectationDoc,
        clock: Clock,
    ) -> Result<ExpectationResult, RefError> {
        let principal = self.resolve_principal(&doc.principal)?;
        let credentials = doc.credentials.as_ref().map(Credentials::from_doc);
        let actor = self.actor(&principal, credentials, clock)?;
        let overrides = context_keys(&doc.context);
        let mut chain = Chain::new(self, actor, doc.chain.clone(), clock).with_overrides(overrides);
        let steps = chain.run()?;
        let (actual, detail, check) = match steps.last().map(|s| &s.outcome.result) {
            Some(AssumeResult::Denied {
                decision, reason, ..
            }) => (
                Actual::from_decision(*decision),
                chain_stop(&steps, reason),
                None,
            ),
            Some(AssumeResult::Failed { error }) => (
                Actual::Error {
                    code: error.code.as_str().to_owned(),
                    message: error.message.clone(),
                },
                chain_stop(&steps, &error.to_string()),
                None,
            ),
            _ => self.final_access(doc, &chain)?,
        };
        Ok(ExpectationResult {
            name: doc.name.clone(),
            expected: doc.expect,
            passed: agrees(doc, &actual),
            actual,
            detail,
            steps,
            check,
        })
    }

    fn final_access(
        &self,
        doc: &ExpectationDoc,
        chain: &Chain<'_>,
    ) -> Result<(Actual, String, Option<Check>), RefError> {
        let Some(action) = &doc.action else {
            let who = chain.actor().label();
            return Ok((
                Actual::Allow,
                format!("every hop succeeded; acting as {who}"),
                None,
            ));
        };
        let resource = self.resolve_resource(doc.resource.as_deref().unwrap_or("*"))?;
        let check = chain.access(action, &resource, &[])?;
        let reason = check.explanation.outcome.reason.clone();
        Ok((Actual::from_decision(check.decision), reason, Some(check)))
    }
}

fn chain_stop(steps: &[Step], reason: &str) -> String {
    let role = steps
        .last()
        .map(|s| s.outcome.role.as_str())
        .unwrap_or_default();
    format!(
        "the chain stopped at hop {} ({role}): {reason}",
        steps.len()
    )
}

fn agrees(doc: &ExpectationDoc, actual: &Actual) -> bool {
    match (doc.expect, actual) {
        (Expected::Allow, Actual::Allow)
        | (Expected::Deny, Actual::ExplicitDeny | Actual::ImplicitDeny)
        | (Expected::ExplicitDeny, Actual::ExplicitDeny)
        | (Expected::ImplicitDeny, Actual::ImplicitDeny) => true,
        (Expected::Error, Actual::Error { code, .. }) => {
            doc.error.as_deref().is_none_or(|wanted| wanted == code)
        }
        _ => false,
    }
}
