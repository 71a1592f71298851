//! Evaluates one AWS request against every policy that takes part, following the IAM User
//! Guide's policy evaluation logic, and explains the decision statement by statement.
//!
//! The input is a [`Case`]: a [`Request`] (caller, action, resource, context) with identity-based
//! policies, a resource-based policy, a permissions boundary, session policies, SCPs and RCPs per
//! organization level, and VPC endpoint policies. [`evaluate`] returns the decision with its
//! deciding statements; [`explain`] adds the full tree of what matched and why.
//!
//! Each module maps to a part of the AWS documentation: [`matcher`] to "when a statement
//! applies" (Action, Resource, Principal elements), [`condition`] to the condition operators,
//! [`decide`] to the evaluation flow chart and the cross-account rules.

pub mod case;
pub mod case_json;
pub mod condition;
pub mod context;
pub mod decide;
pub mod explain;
pub mod matcher;
pub mod request;

pub use case::{Case, NamedPolicy};
pub use case_json::{
    CaseProblem, PolicyCache, parse_case, parse_case_cached, parse_case_in, parse_case_node,
};
pub use context::{Context, ContextValue};
pub use decide::{Decision, Layer, Outcome, StatementRef, evaluate};
pub use explain::{Explanation, explain};
pub use request::{Caller, Request, RequestError};
