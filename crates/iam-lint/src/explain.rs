//! What an action pattern covers, for the editor's hover: `s3:Get*` covers 60 actions of Amazon
//! S3, 50 Read and 10 List. Built on the catalogue's wildcard expansion.

use iam_catalog::{AccessLevel, ActionRef, Catalog};
use serde::Serialize;

/// How many covered actions have one access level.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct LevelCount {
    /// The level as AWS writes it (`Read`, `Permissions management`...).
    pub level: &'static str,
    /// How many covered actions have it.
    pub count: usize,
}

/// The actions an `Action` pattern covers.
#[derive(Clone, Debug)]
pub struct ActionExplanation<'c> {
    /// The pattern as given.
    pub pattern: String,
    /// Every covered action, in catalogue order (by service prefix, then name).
    pub actions: Vec<ActionRef<'c>>,
    /// Counts per access level, in the Service Authorization Reference's order (levels with
    /// no action left out).
    pub levels: Vec<LevelCount>,
    /// The prefixes of the services involved.
    pub services: Vec<&'c str>,
}

impl ActionExplanation<'_> {
    /// How many actions the pattern covers.
    pub fn count(&self) -> usize {
        self.actions.len()
    }

    /// One sentence for a hover: `s3:Get*` covers 60 actions of s3 (50 Read, 10 List).
    pub fn summary(&self) -> String {
        let count = self.actions.len();
        if count == 0 {
            return format!("`{}` matches no action", self.pattern);
        }
        let noun = if count == 1 { "action" } else { "actions" };
        let services = match self.services.as_slice() {
            [one] => format!("of `{one}`"),
            many => format!("in {} services", many.len()),
        };
        let levels: Vec<String> = self
            .levels
            .iter()
            .map(|l| format!("{} {}", l.count, l.level))
            .collect();
        format!(
            "`{}` covers {count} {noun} {services} ({})",
            self.pattern,
            levels.join(", ")
        )
    }
}

/// The actions `pattern` covers (IAM wildcards, case ignored), with access-level and service
/// counts.
pub fn explain_actions<'c>(pattern: &str, catalog: &'c Catalog) -> ActionExplanation<'c> {
    let actions = catalog.expand_actions(pattern);
    let mut counts = [0usize; AccessLevel::ALL.len()];
    let mut services: Vec<&'c str> = Vec::new();
    for action in &actions {
        if let Some(slot) = AccessLevel::ALL
            .iter()
            .position(|l| *l == action.access_level())
            .and_then(|i| counts.get_mut(i))
        {
            *slot += 1;
        }
        let prefix = action.service().prefix();
        if services.last() != Some(&prefix) {
            services.push(prefix);
        }
    }
    services.dedup();
    let levels = AccessLevel::ALL
        .iter()
        .zip(counts)
        .filter(|(_, count)| *count > 0)
        .map(|(level, count)| LevelCount {
            level: level.as_str(),
            count,
        })
        .collect();
    ActionExplanation {
        pattern: pattern.to_owned(),
        actions,
        levels,
        services,
    }
}
