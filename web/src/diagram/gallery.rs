//! The examples gallery: for every built-in world, a short story from its tutorial and two or
//! three questions the learner answers by stepping and editing. Each question carries a goal
//! (an expectation in the world format, evaluated live by iam-world's expectation machinery)
//! and expectations to keep, so "the world now behaves as asked" is decided by the engine, not
//! by comparing texts; any edit that gets there counts.
//!
//! The data lives in `gallery.json` next to this file, keyed by example id.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use iam_world::model::{ExpectationDoc, Expected};
use iam_world::{Clock, World};
use serde::Deserialize;

/// One question.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    /// Stable id within the example.
    pub id: String,
    /// What the learner is asked.
    pub prompt: String,
    /// How to find out, and what to change.
    pub hint: String,
    /// What the world must do for the answer to be right.
    pub goal: ExpectationDoc,
    /// What it must still do (so a blunt change does not count).
    #[serde(default)]
    pub keep: Vec<ExpectationDoc>,
    /// A question answered by stepping alone: the goal already holds.
    #[serde(default)]
    pub explore: bool,
}

/// A gallery entry: the story and the questions of one example.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// A few sentences from the tutorial.
    pub story: String,
    /// The questions.
    pub questions: Vec<Question>,
}

const GALLERY_JSON: &str = include_str!("gallery.json");

/// Every entry, by example id (parsed once).
pub fn gallery() -> &'static BTreeMap<String, Entry> {
    static GALLERY: OnceLock<BTreeMap<String, Entry>> = OnceLock::new();
    // Through a `Value`, as the app reads documents: a direct `from_str` would instantiate a
    // second deserializer of the whole expectation format (tens of KB of wasm).
    GALLERY.get_or_init(|| {
        serde_json::from_str::<serde_json::Value>(GALLERY_JSON)
            .ok()
            .and_then(|value| serde_json::from_value(value).ok())
            .unwrap_or_default()
    })
}

/// The entry of example `id`.
pub fn entry(id: &str) -> Option<&'static Entry> {
    gallery().get(id)
}

/// Where a question stands in the current world.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Status {
    /// The goal holds and every kept expectation still does.
    Answered,
    /// The goal does not hold yet: what happens instead.
    Open(String),
    /// The goal holds, but a change broke an expectation to keep.
    Broke(String),
    /// The world does not load: fix it first.
    Unavailable,
}

/// One expectation's outcome, in words.
fn outcome(world: &World, expectation: &ExpectationDoc, clock: Clock) -> (bool, String) {
    match world.run_expectation(expectation, clock) {
        Ok(result) => (result.passed, format!("now: {}", result.actual.label())),
        Err(error) => (false, error.to_string()),
    }
}

/// Decides `question` in `world` (`None` when the world does not load).
pub fn status(question: &Question, world: Option<&World>, clock: Clock) -> Status {
    let Some(world) = world else {
        return Status::Unavailable;
    };
    let clock = world.clock().unwrap_or(clock);
    let (passed, actual) = outcome(world, &question.goal, clock);
    if !passed {
        return Status::Open(actual);
    }
    for keep in &question.keep {
        let (held, actual) = outcome(world, keep, clock);
        if !held {
            return Status::Broke(format!("{} ({actual})", keep.name));
        }
    }
    Status::Answered
}

/// The expected outcome in words ("Allow", "an explicit deny").
pub fn expected_words(expected: Expected) -> &'static str {
    match expected {
        Expected::Allow => "allowed",
        Expected::Deny => "denied",
        Expected::ExplicitDeny => "explicitly denied",
        Expected::ImplicitDeny => "implicitly denied",
        Expected::Error => "refused by STS",
    }
}

#[cfg(test)]
mod tests;
