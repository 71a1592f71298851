//! The built-in example worlds: one per seed tutorial of the project, plus an organization with
//! SCPs and an RCP. Each carries expectations that pin its tutorial's story, and
//! `cargo test` runs them all.

use crate::error::LoadErrors;
use crate::model::WorldDoc;
use crate::world::World;

/// A built-in world.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Example {
    /// A stable id (`delegate-across-accounts`).
    pub id: &'static str,
    /// The seed tutorial it reproduces, if any (`004`).
    pub seed: Option<&'static str>,
    /// The world file.
    pub json: &'static str,
}

impl Example {
    /// The world document.
    pub fn doc(&self) -> Result<WorldDoc, LoadErrors> {
        crate::load::parse_doc(self.json).map_err(LoadErrors)
    }

    /// Its title.
    pub fn title(&self) -> String {
        self.doc().ok().and_then(|d| d.title).unwrap_or_default()
    }

    /// Its story, a few sentences from its tutorial.
    pub fn story(&self) -> String {
        self.doc()
            .ok()
            .and_then(|d| d.description)
            .unwrap_or_default()
    }

    /// The loaded world.
    pub fn load(&self) -> Result<World, LoadErrors> {
        crate::load::load(self.json)
    }
}

const EXAMPLES: [Example; 10] = [
    Example {
        id: "delegate-across-accounts",
        seed: Some("004"),
        json: include_str!("../worlds/delegate-across-accounts.json"),
    },
    Example {
        id: "cross-account-alex",
        seed: Some("003"),
        json: include_str!("../worlds/cross-account-alex.json"),
    },
    Example {
        id: "azure-ad-saml",
        seed: Some("000"),
        json: include_str!("../worlds/azure-ad-saml.json"),
    },
    Example {
        id: "administrator-user",
        seed: Some("001"),
        json: include_str!("../worlds/administrator-user.json"),
    },
    Example {
        id: "service-roles",
        seed: Some("002"),
        json: include_str!("../worlds/service-roles.json"),
    },
    Example {
        id: "identity-center",
        seed: Some("002"),
        json: include_str!("../worlds/identity-center.json"),
    },
    Example {
        id: "roles-anywhere",
        seed: Some("002"),
        json: include_str!("../worlds/roles-anywhere.json"),
    },
    Example {
        id: "permissions-boundary",
        seed: Some("002"),
        json: include_str!("../worlds/permissions-boundary.json"),
    },
    Example {
        id: "role-chaining",
        seed: Some("002"),
        json: include_str!("../worlds/role-chaining.json"),
    },
    Example {
        id: "organization",
        seed: None,
        json: include_str!("../worlds/organization.json"),
    },
];

/// The built-in worlds, the most instructive first.
pub fn examples() -> &'static [Example] {
    &EXAMPLES
}

/// The built-in world with this id.
pub fn example(id: &str) -> Option<Example> {
    EXAMPLES.iter().find(|e| e.id == id).copied()
}
