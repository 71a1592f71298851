//! A case: one request and every policy that takes part in deciding it.
//!
//! This is the evaluator's whole input, in the shape of the README's case format: identity
//! policies, a resource-based policy (a role's trust policy when the request is an
//! `sts:AssumeRole*` call on a role), a permissions boundary, session policies, the SCPs and
//! RCPs of each level from the organization root down to the account, and VPC endpoint policies.

use std::sync::Arc;

use iam_policy::{Policy, PolicyError, PolicyKind, parse_policy};

use crate::request::Request;

/// A policy with the name it is shown under.
#[derive(Clone, Debug)]
pub struct NamedPolicy {
    /// The name (e.g. `AmazonS3ReadOnlyAccess`, `BucketPolicy`).
    pub name: String,
    /// Where the policy is attached.
    pub kind: PolicyKind,
    /// The parsed document, shared: a case is assembled per request from policies that
    /// many requests use (large managed policies especially), so cloning must be cheap.
    pub policy: Arc<Policy>,
    /// The policy's own text, when it was given as text; `None` when it is embedded in a larger
    /// document (then spans point into that document).
    pub text: Option<Arc<str>>,
}

impl NamedPolicy {
    /// Parses `text` as a policy of `kind` named `name`.
    pub fn parse(
        name: &str,
        kind: PolicyKind,
        text: &str,
    ) -> Result<NamedPolicy, Vec<PolicyError>> {
        Ok(NamedPolicy {
            name: name.to_owned(),
            kind,
            policy: Arc::new(parse_policy(text, kind)?),
            text: Some(Arc::from(text)),
        })
    }
}

/// One request with its policies.
#[derive(Clone, Debug)]
pub struct Case {
    /// The request.
    pub request: Request,
    /// Identity-based policies of the caller (a user's own and its groups', or the role's).
    pub identity_policies: Vec<NamedPolicy>,
    /// The caller's permissions boundary.
    pub permissions_boundary: Option<NamedPolicy>,
    /// Session policies passed when the caller's session was created.
    pub session_policies: Vec<NamedPolicy>,
    /// The resource's policy (the role trust policy for `sts:AssumeRole*` on a role).
    pub resource_policy: Option<NamedPolicy>,
    /// SCPs per level, from the organization root down to the caller's account.
    pub scps: Vec<Vec<NamedPolicy>>,
    /// RCPs per level, from the organization root down to the resource's account.
    pub rcps: Vec<Vec<NamedPolicy>>,
    /// Policies of the VPC endpoint the request passes through.
    pub vpc_endpoint_policies: Vec<NamedPolicy>,
}

impl Case {
    /// A case with the request and no policies.
    pub fn new(request: Request) -> Case {
        Case {
            request,
            identity_policies: Vec::new(),
            permissions_boundary: None,
            session_policies: Vec::new(),
            resource_policy: None,
            scps: Vec::new(),
            rcps: Vec::new(),
            vpc_endpoint_policies: Vec::new(),
        }
    }

    /// The kind a `resource_policy` has for this request: a trust policy for role assumption.
    pub fn resource_policy_kind(request: &Request) -> PolicyKind {
        if request.is_role_trust_request() {
            PolicyKind::Trust
        } else {
            PolicyKind::Resource
        }
    }
}
