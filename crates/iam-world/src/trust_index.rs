//! An index of role trust policies by the principals they name, so reachability evaluates
//! only the caller/role pairs a trust policy could allow.
//!
//! A trust policy can only allow a caller its `Principal` element matches (IAM User Guide,
//! "AWS JSON policy elements: Principal"): the caller's account, the caller itself (user ARN,
//! role ARN for any of its sessions, one session ARN), a service, an identity provider, a unique
//! id, or `*`. Indexing the Allow statements that mention an `sts:AssumeRole*` action by those
//! keys turns "which roles might this caller assume" into a few hash lookups; the engine then
//! decides each candidate.

use std::collections::HashMap;

use iam_eval::matcher::action_matches;
use iam_policy::Effect;
use iam_policy::ast::{Principals, Statement};
use iam_policy::principal::PrincipalPattern;

/// A principal as a trust policy names it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TrustKey {
    /// `*` or `{"AWS": "*"}`.
    Anyone,
    /// An account (any of its principals).
    Account(String),
    /// A user ARN.
    User(String),
    /// A role (any of its sessions): account and role name.
    Role(String, String),
    /// One role session: account, role name, session name.
    Session(String, String, String),
    /// A service principal, lower case.
    Service(String),
    /// A SAML/OIDC provider ARN or built-in web identity provider.
    Provider(String),
    /// A unique id (`AIDA…`, `AROA…`).
    UniqueId(String),
}

/// The actions a trust policy grants to assume the role (also what a drawn trust arrow edits).
pub(crate) const ASSUME_ACTIONS: [&str; 3] = [
    "sts:AssumeRole",
    "sts:AssumeRoleWithSAML",
    "sts:AssumeRoleWithWebIdentity",
];

/// Trust-policy principals of every role, both ways.
#[derive(Clone, Debug, Default)]
pub struct TrustIndex {
    roles_by_key: HashMap<TrustKey, Vec<usize>>,
    keys_by_role: Vec<Vec<TrustKey>>,
}

impl TrustIndex {
    /// Indexes the trust statements of roles given in order (role index = position).
    pub fn build<'a>(trusts: impl Iterator<Item = &'a [Statement]>) -> TrustIndex {
        let mut index = TrustIndex::default();
        for (role, statements) in trusts.enumerate() {
            let mut keys = role_keys(statements);
            iam_policy::sort::sort(&mut keys);
            keys.dedup();
            for key in &keys {
                index
                    .roles_by_key
                    .entry(key.clone())
                    .or_default()
                    .push(role);
            }
            index.keys_by_role.push(keys);
        }
        index
    }

    /// Roles whose trust policy names `key`.
    pub fn roles_naming(&self, key: &TrustKey) -> &[usize] {
        self.roles_by_key.get(key).map_or(&[], Vec::as_slice)
    }

    /// The principals the trust policy of `role` names in its Allow statements.
    pub fn keys_of(&self, role: usize) -> &[TrustKey] {
        self.keys_by_role.get(role).map_or(&[], Vec::as_slice)
    }

    /// Candidate roles for a caller matching any of `keys`, each once, in role order.
    pub fn candidates(&self, keys: &[TrustKey]) -> Vec<usize> {
        let mut roles: Vec<usize> = keys
            .iter()
            .flat_map(|key| self.roles_naming(key).iter().copied())
            .collect();
        iam_policy::sort::sort(&mut roles);
        roles.dedup();
        roles
    }
}

fn role_keys(statements: &[Statement]) -> Vec<TrustKey> {
    statements
        .iter()
        .filter(|s| s.effect.value == Effect::Allow)
        .filter(|s| ASSUME_ACTIONS.iter().any(|a| action_matches(&s.action, a)))
        .filter_map(|s| s.principal.as_ref())
        .filter(|p| !p.negated)
        .flat_map(|block| match &block.principals {
            Principals::Everyone => vec![TrustKey::Anyone],
            Principals::Listed(entries) => {
                entries.iter().filter_map(|e| key_of(&e.pattern)).collect()
            }
        })
        .collect()
}

/// The principals named by the Allow statements of `statements` whose actions cover `action`
/// (for any resource-based policy, not only trust policies).
pub fn allowed_principals(statements: &[Statement], action: &str) -> Vec<TrustKey> {
    statements
        .iter()
        .filter(|s| s.effect.value == Effect::Allow && action_matches(&s.action, action))
        .filter_map(|s| s.principal.as_ref())
        .flat_map(|block| match (&block.principals, block.negated) {
            (_, true) | (Principals::Everyone, _) => vec![TrustKey::Anyone],
            (Principals::Listed(entries), false) => {
                entries.iter().filter_map(|e| key_of(&e.pattern)).collect()
            }
        })
        .collect()
}

fn key_of(pattern: &PrincipalPattern) -> Option<TrustKey> {
    Some(match pattern {
        PrincipalPattern::Anyone => TrustKey::Anyone,
        PrincipalPattern::Account { account } => TrustKey::Account(account.clone()),
        PrincipalPattern::User { arn, .. } => TrustKey::User(arn.clone()),
        PrincipalPattern::Role { account, name } => TrustKey::Role(account.clone(), name.clone()),
        PrincipalPattern::AssumedRole {
            account,
            role,
            session,
        } => TrustKey::Session(account.clone(), role.clone(), session.clone()),
        PrincipalPattern::Service(name) => TrustKey::Service(name.to_ascii_lowercase()),
        PrincipalPattern::IdentityProvider(id) => TrustKey::Provider(id.clone()),
        PrincipalPattern::UniqueId(id) => TrustKey::UniqueId(id.clone()),
        PrincipalPattern::FederatedUser { .. } | PrincipalPattern::CanonicalUser(_) => {
            return None;
        }
    })
}
