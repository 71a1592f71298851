//! The IAM Playground world: its one job is to turn a drawing of AWS accounts, IAM users,
//! groups, roles, resources, identity providers and trust arrows into the requests AWS would
//! evaluate, and to answer them as AWS would, including every AWS STS role assumption along a
//! chain.
//!
//! - [`load`] reads a world file (JSON, `"version": 1`, see [`model`]) and validates it the way
//!   IAM, STS and AWS Organizations would, reporting each problem at its JSON path.
//! - [`World::check`] decides an action on a resource for an [`Actor`], assembling the
//!   engine's case (identity policies with groups, resource or trust policy, boundary, session
//!   policies, SCP and RCP chains, context keys).
//! - [`World::assume`] performs one STS call (`AssumeRole`, `AssumeRoleWithSAML`,
//!   `AssumeRoleWithWebIdentity`, service roles, Roles Anywhere, Identity Center); [`Chain`]
//!   steps through several.
//! - [`World::reachable_roles`] and [`World::who_can`] answer reachability questions.
//! - [`examples()`] lists the built-in worlds, one per seed tutorial.
//!
//! The crate is pure Rust with no clock of its own: callers pass a [`Clock`], so the browser
//! build and the tests are deterministic.
//!
//! AWS managed policies come from `iam-managed-policies`. The default feature
//! `all-managed-policies` compiles all their texts in; without it (the web app, to keep its
//! first load small) the texts over 2,048 bytes are installed at runtime with
//! `iam_managed_policies::install_deferred`, and until then a world that uses one fails to
//! load with [`LoadErrorKind::ManagedPolicyPending`] ([`LoadErrors::is_pending`]): load it
//! again once the texts are installed.

pub mod chain;
pub mod check;
pub mod clock;
pub mod edit;
pub mod error;
pub mod examples;
pub mod expect;
mod load;
pub mod model;
mod names;
#[cfg(test)]
mod pending_tests;
pub mod reach;
pub mod refs;
pub mod session;
pub mod sts;
pub mod trust_index;
pub mod world;

pub use chain::{Chain, Step};
pub use check::{Check, ContextKeys, PolicySource};
pub use clock::Clock;
pub use error::{
    EntityKind, LoadError, LoadErrorKind, LoadErrors, PolicyProblem, RefError, only_pending,
};
pub use examples::{Example, examples};
pub use expect::{Actual, ExpectationResult};
pub use iam_eval::{ContextValue, Decision, Layer};
pub use load::{load, load_doc};
pub use model::WorldDoc;
pub use reach::{Reach, ReachPath, WhoCan};
pub use refs::PrincipalRef;
pub use session::{Actor, Credentials, Issuer, Session};
pub use sts::{AssumeOutcome, AssumeResult, StsApi, StsError, StsErrorCode};
pub use world::World;
