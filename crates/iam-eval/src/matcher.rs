//! Whether a statement applies to a request (IAM User Guide, "Policy evaluation logic":
//! a statement applies when its action, resource, principal and conditions all match).
//!
//! - `Action` matches case-insensitively with wildcards; `NotAction` matches every action not
//!   listed.
//! - `Resource` matches ARNs component by component, case-sensitively; `"*"` matches every
//!   resource (also the `*` of actions without a resource); `NotResource` matches every
//!   resource not listed; a statement without either (a role trust policy) applies to its role.
//! - `Principal` matches the caller through any of the forms in "AWS JSON policy elements:
//!   Principal"; how it matched (account, role, or the caller itself) decides how far a
//!   same-account resource-based grant reaches (see [`Strength`]).

use iam_policy::arn::ArnPattern;
use iam_policy::ast::{
    ActionBlock, PrincipalBlock, Principals, ResourceBlock, ResourcePattern, Statement,
};
use iam_policy::principal::PrincipalPattern;

use crate::condition::condition_holds;
use crate::context::Context;
use crate::request::{Caller, Request};

/// How a resource-based policy's `Principal` matched the caller, which decides what else
/// must allow in the same account (IAM User Guide, "Policy evaluation logic" and
/// "Permissions boundaries": the table of principal types in resource-based policies).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Strength {
    /// The account was named: it only delegates; identity-based policies must also allow.
    Account,
    /// The role was named and the caller is one of its sessions: enough without an
    /// identity-based allow, but permissions boundaries and session policies still limit.
    Role,
    /// The caller itself (user, session, federated user, service, provider) or `*` was named:
    /// the grant stands on its own in the same account.
    Direct,
}

/// The facts about a request that statement matching needs.
#[derive(Clone, Copy, Debug)]
pub struct Subject<'a> {
    /// The request.
    pub request: &'a Request,
    /// Whether the caller has a permissions boundary (a `NotPrincipal` deny then always applies).
    pub has_boundary: bool,
}

impl<'a> Subject<'a> {
    /// The request context.
    pub fn context(&self) -> &'a Context {
        &self.request.context
    }
}

/// Whether the statement applies; for an applying statement with a `Principal`, how it matched.
/// Statements without a principal element report [`Strength::Direct`].
pub fn statement_applies(statement: &Statement, subject: Subject<'_>) -> Option<Strength> {
    if !action_matches(&statement.action, &subject.request.action) {
        return None;
    }
    if !resource_matches(statement.resource.as_ref(), subject.request) {
        return None;
    }
    let strength = match &statement.principal {
        Some(block) => principal_matches(block, subject)?,
        None => Strength::Direct,
    };
    statement
        .conditions
        .iter()
        .all(|c| condition_holds(c, subject.context()))
        .then_some(strength)
}

/// The index of the action pattern that matches, if any (ignoring `NotAction`).
pub fn matching_action(block: &ActionBlock, action: &str) -> Option<usize> {
    block
        .items
        .iter()
        .position(|item| item.glob.is_match(action))
}

/// Whether the `Action`/`NotAction` element covers the action.
pub fn action_matches(block: &ActionBlock, action: &str) -> bool {
    matching_action(block, action).is_some() != block.negated
}

/// The index of the resource pattern that matches, if any (ignoring `NotResource`).
pub fn matching_resource(block: &ResourceBlock, request: &Request) -> Option<usize> {
    block
        .items
        .iter()
        .position(|item| resource_pattern_matches(&item.pattern, request))
}

/// Whether the `Resource`/`NotResource` element covers the resource.
pub fn resource_matches(block: Option<&ResourceBlock>, request: &Request) -> bool {
    match block {
        None => true,
        Some(block) => matching_resource(block, request).is_some() != block.negated,
    }
}

fn resource_pattern_matches(pattern: &ResourcePattern, request: &Request) -> bool {
    match pattern {
        ResourcePattern::Any => true,
        ResourcePattern::Arn(arn) => arn.is_match(&request.resource),
        ResourcePattern::WithVariables(template) => template
            .resolve_tokens(|key| request.context.single(key))
            .and_then(|tokens| ArnPattern::from_tokens(&tokens))
            .is_some_and(|arn| arn.is_match(&request.resource)),
    }
}

/// Whether the `Principal`/`NotPrincipal` element covers the caller, and how.
pub fn principal_matches(block: &PrincipalBlock, subject: Subject<'_>) -> Option<Strength> {
    if block.negated {
        return (!excluded_by_not_principal(block, subject)).then_some(Strength::Direct);
    }
    match &block.principals {
        Principals::Everyone => Some(Strength::Direct),
        Principals::Listed(entries) => entries
            .iter()
            .filter_map(|entry| entry_strength(&entry.pattern, subject))
            .max(),
    }
}

/// The index of the first principal entry matching the caller.
pub fn matching_principal(block: &PrincipalBlock, subject: Subject<'_>) -> Option<usize> {
    match &block.principals {
        Principals::Everyone => None,
        Principals::Listed(entries) => entries
            .iter()
            .position(|entry| entry_strength(&entry.pattern, subject).is_some()),
    }
}

/// How one principal value matches the caller.
pub fn entry_strength(pattern: &PrincipalPattern, subject: Subject<'_>) -> Option<Strength> {
    let caller = &subject.request.caller;
    let matched = match (pattern, caller) {
        (PrincipalPattern::Anyone, _) => Strength::Direct,
        (PrincipalPattern::Account { account }, caller)
            if caller.account() == Some(account.as_str()) =>
        {
            match caller {
                // The root user has everything granted to its account.
                Caller::Root { .. } => Strength::Direct,
                _ => Strength::Account,
            }
        }
        (
            PrincipalPattern::User { arn, .. },
            Caller::User {
                arn: caller_arn, ..
            },
        ) if arn == caller_arn => Strength::Direct,
        (
            PrincipalPattern::Role { account, name },
            Caller::AssumedRole {
                account: a, role, ..
            },
        ) if account == a && name == role => Strength::Role,
        (
            PrincipalPattern::AssumedRole {
                account,
                role,
                session,
            },
            Caller::AssumedRole {
                account: a,
                role: r,
                session: s,
                ..
            },
        ) if account == a && role == r && session == s => Strength::Direct,
        (
            PrincipalPattern::FederatedUser { account, name },
            Caller::FederatedUser {
                account: a,
                name: n,
                ..
            },
        ) if account == a && name == n => Strength::Direct,
        (PrincipalPattern::Service(service), Caller::Service { name })
            if service.eq_ignore_ascii_case(name) =>
        {
            Strength::Direct
        }
        (PrincipalPattern::IdentityProvider(provider), Caller::IdentityProvider { id })
            if provider == id =>
        {
            Strength::Direct
        }
        (PrincipalPattern::UniqueId(id), _) if unique_id_matches(id, subject.context()) => {
            Strength::Direct
        }
        _ => return None,
    };
    Some(matched)
}

/// A unique id names the user (`aws:userid` equal) or role (`aws:userid` = `ID:session`).
fn unique_id_matches(id: &str, context: &Context) -> bool {
    context
        .single("aws:userid")
        .is_some_and(|userid| userid == id || userid.split(':').next() == Some(id))
}

/// `NotPrincipal` excludes the caller only when every identity in its chain is listed: the
/// account, then the role and the session for a role session, or the user (IAM User Guide,
/// "AWS JSON policy elements: NotPrincipal"). A caller with a permissions boundary is never
/// excluded ("Permissions boundaries": a Deny with NotPrincipal always denies such principals).
pub fn excluded_by_not_principal(block: &PrincipalBlock, subject: Subject<'_>) -> bool {
    let entries = match &block.principals {
        Principals::Everyone => return true,
        Principals::Listed(entries) => entries,
    };
    let caller = &subject.request.caller;
    if subject.has_boundary && matches!(caller, Caller::User { .. } | Caller::AssumedRole { .. }) {
        return false;
    }
    let listed = |wanted: &dyn Fn(&PrincipalPattern) -> bool| {
        entries
            .iter()
            .any(|e| e.pattern == PrincipalPattern::Anyone || wanted(&e.pattern))
    };
    let account_listed = || {
        listed(
            &|p| matches!(p, PrincipalPattern::Account { account } if Some(account.as_str()) == caller.account()),
        )
    };
    let strength_listed =
        |strength: Strength| listed(&|p| entry_strength(p, subject) == Some(strength));
    match caller {
        Caller::Root { .. } => account_listed(),
        Caller::User { .. } | Caller::FederatedUser { .. } => {
            account_listed() && strength_listed(Strength::Direct)
        }
        Caller::AssumedRole { .. } => {
            account_listed() && strength_listed(Strength::Role) && strength_listed(Strength::Direct)
        }
        Caller::Service { .. } | Caller::IdentityProvider { .. } | Caller::Anonymous => {
            strength_listed(Strength::Direct)
        }
    }
}
