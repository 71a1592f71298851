//! The request context: condition keys and their values.
//!
//! Key names are case-insensitive (IAM User Guide, "Condition element": condition key names
//! are not case-sensitive), including the tag-key part of `aws:PrincipalTag/<key>`; values keep
//! their case. A key given as a list is multivalued. Keys AWS derives from the caller and the
//! resource (`aws:PrincipalArn`, `aws:username`, ...) are filled in only when not given.

use std::borrow::Cow;

use serde::Serialize;

use crate::request::{Caller, Request};

/// A context key's value.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum ContextValue {
    /// A single value (numbers and booleans as their text).
    Single(String),
    /// A multivalued key (`aws:TagKeys`, `aws:PrincipalOrgPaths`, ...).
    List(Vec<String>),
}

impl ContextValue {
    /// The values as a slice (one for a single value).
    pub fn values(&self) -> &[String] {
        match self {
            ContextValue::Single(value) => std::slice::from_ref(value),
            ContextValue::List(values) => values,
        }
    }

    /// Whether the value counts as null for the `Null` operator (empty string or empty list).
    pub fn is_empty(&self) -> bool {
        match self {
            ContextValue::Single(value) => value.is_empty(),
            ContextValue::List(values) => values.is_empty(),
        }
    }
}

/// Where a context value came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Origin {
    /// Given in the request.
    Given,
    /// Derived from the caller or the resource, as AWS populates it.
    Derived,
}

/// One context key with its value.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ContextEntry {
    /// The key as written.
    pub key: Cow<'static, str>,
    /// The key in lower case, for lookups.
    #[serde(skip)]
    pub key_lower: Cow<'static, str>,
    /// The value.
    pub value: ContextValue,
    /// Given or derived.
    pub origin: Origin,
}

/// The condition keys of one request.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Context {
    entries: Vec<ContextEntry>,
}

impl Context {
    /// An empty context.
    pub fn new() -> Context {
        Context::default()
    }

    /// Sets `key` (replacing any value under the same key in another letter case).
    pub fn insert(&mut self, key: &str, value: ContextValue) {
        self.insert_with_origin(key, value, Origin::Given);
    }

    fn insert_with_origin(&mut self, key: &str, value: ContextValue, origin: Origin) {
        let entry = ContextEntry {
            key: Cow::Owned(key.to_owned()),
            key_lower: Cow::Owned(key.to_ascii_lowercase()),
            value,
            origin,
        };
        self.put(entry);
    }

    fn put(&mut self, entry: ContextEntry) {
        match self
            .entries
            .iter_mut()
            .find(|e| e.key_lower == entry.key_lower)
        {
            Some(existing) => *existing = entry,
            None => self.entries.push(entry),
        }
    }

    /// Sets a derived key (`key` as AWS documents it) only if it is not already present.
    /// Derived keys are static names, so deriving allocates only the value.
    fn derive(&mut self, key: &'static str, value: Option<String>) {
        let Some(value) = value else { return };
        let key_lower = derived_key_lower(key);
        if self.get(key_lower).is_none() {
            self.entries.push(ContextEntry {
                key: Cow::Borrowed(key),
                key_lower: Cow::Borrowed(key_lower),
                value: ContextValue::Single(value),
                origin: Origin::Derived,
            });
        }
    }

    /// The value of a key, looked up by its lower-case name.
    pub fn get(&self, key_lower: &str) -> Option<&ContextValue> {
        self.entries
            .iter()
            .find(|e| e.key_lower.as_ref() == key_lower)
            .map(|e| &e.value)
    }

    /// The value of a single-valued key (what policy variables can use).
    pub fn single(&self, key_lower: &str) -> Option<&str> {
        match self.get(key_lower)? {
            ContextValue::Single(value) => Some(value),
            ContextValue::List(_) => None,
        }
    }

    /// Every entry, in insertion order.
    pub fn entries(&self) -> &[ContextEntry] {
        &self.entries
    }
}

/// The lower-case form of a derived key's name, without allocating.
fn derived_key_lower(key: &'static str) -> &'static str {
    const KEYS: [(&str, &str); 10] = [
        ("aws:PrincipalArn", "aws:principalarn"),
        ("aws:PrincipalAccount", "aws:principalaccount"),
        ("aws:PrincipalType", "aws:principaltype"),
        ("aws:userid", "aws:userid"),
        ("aws:username", "aws:username"),
        ("aws:PrincipalIsAWSService", "aws:principalisawsservice"),
        ("aws:PrincipalServiceName", "aws:principalservicename"),
        ("aws:FederatedProvider", "aws:federatedprovider"),
        ("aws:ResourceAccount", "aws:resourceaccount"),
        ("aws:SourceIdentity", "aws:sourceidentity"),
    ];
    KEYS.iter()
        .find(|(k, _)| *k == key)
        .map_or(key, |(_, lower)| lower)
}

/// Fills in the keys AWS derives from the request (IAM User Guide, "AWS global condition
/// context keys", principal and resource properties), leaving given keys untouched.
pub(crate) fn derive_keys(request: &mut Request) {
    let caller = &request.caller;
    let context = &mut request.context;
    context.derive("aws:PrincipalArn", caller.principal_arn());
    let account = match caller {
        Caller::Anonymous => Some("anonymous".to_owned()),
        other => other.account().map(str::to_owned),
    };
    context.derive("aws:PrincipalAccount", account);
    context.derive(
        "aws:PrincipalType",
        caller.principal_type().map(str::to_owned),
    );
    context.derive("aws:userid", user_id(caller));
    if let Caller::User { name, .. } = caller {
        context.derive("aws:username", Some(name.clone()));
    }
    let is_service = matches!(caller, Caller::Service { .. });
    if !matches!(caller, Caller::Anonymous | Caller::IdentityProvider { .. }) {
        context.derive("aws:PrincipalIsAWSService", Some(is_service.to_string()));
    }
    if let Caller::Service { name } = caller {
        context.derive("aws:PrincipalServiceName", Some(name.clone()));
    }
    if let Caller::IdentityProvider { id } = caller {
        context.derive("aws:FederatedProvider", Some(id.clone()));
    }
    context.derive("aws:ResourceAccount", request.resource_account.clone());
}

/// `aws:userid`: the account id for root, `account:name` for federated users, `anonymous`, and
/// a stable simulated unique id (`AIDA…`, `AROA…:session`) for users and role sessions.
fn user_id(caller: &Caller) -> Option<String> {
    match caller {
        Caller::Root { account, .. } => Some(account.clone()),
        Caller::User { arn, .. } => Some(simulated_unique_id("AIDA", arn)),
        Caller::AssumedRole {
            account,
            role,
            session,
            ..
        } => Some(format!(
            "{}:{session}",
            simulated_unique_id("AROA", &format!("{account}:{role}"))
        )),
        Caller::FederatedUser { account, name, .. } => Some(format!("{account}:{name}")),
        Caller::Anonymous => Some("anonymous".to_owned()),
        Caller::Service { .. } | Caller::IdentityProvider { .. } => None,
    }
}

/// A deterministic 21-character id shaped like IAM's unique ids, derived from `seed`.
pub fn simulated_unique_id(prefix: &str, seed: &str) -> String {
    const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    // Two FNV-1a hashes with different offsets: stable across platforms and runs, and 85 of
    // their 128 bits fill the 17 characters.
    let (mut low, mut high) = (0xcbf2_9ce4_8422_2325_u64, 0x6c62_272e_07bb_0142_u64);
    for byte in seed.bytes() {
        low = (low ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01B3);
        high = (high ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01B3);
    }
    let mut bits = (u128::from(high) << 64) | u128::from(low);
    let mut id = String::with_capacity(prefix.len() + 17);
    id.push_str(prefix);
    for _ in 0..17 {
        id.push(char::from(ALPHABET[(bits & 31) as usize]));
        bits >>= 5;
    }
    id
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_case_insensitive_and_values_are_not() {
        let mut context = Context::new();
        context.insert("aws:PrincipalTag/Team", ContextValue::Single("Blue".into()));
        assert_eq!(context.single("aws:principaltag/team"), Some("Blue"));
        context.insert("AWS:PRINCIPALTAG/TEAM", ContextValue::Single("Red".into()));
        assert_eq!(context.entries().len(), 1);
        assert_eq!(context.single("aws:principaltag/team"), Some("Red"));
    }

    #[test]
    fn derives_principal_keys_without_overriding_given_ones() {
        let mut context = Context::new();
        context.insert(
            "aws:PrincipalArn",
            ContextValue::Single("arn:aws:iam::111111111111:role/eng/Dev".into()),
        );
        let request = Request::new(
            "arn:aws:sts::111111111111:assumed-role/Dev/s1",
            "s3:GetObject",
            "arn:aws:s3:::b/k",
            None,
            context,
        )
        .unwrap();
        let c = &request.context;
        assert_eq!(
            c.single("aws:principalarn"),
            Some("arn:aws:iam::111111111111:role/eng/Dev")
        );
        assert_eq!(c.single("aws:principaltype"), Some("AssumedRole"));
        assert_eq!(c.single("aws:principalaccount"), Some("111111111111"));
        assert_eq!(c.single("aws:username"), None);
        assert!(c.single("aws:userid").unwrap().starts_with("AROA"));
        assert!(c.single("aws:userid").unwrap().ends_with(":s1"));
        assert_eq!(c.single("aws:resourceaccount"), Some("111111111111"));
    }

    #[test]
    fn simulated_ids_are_stable_and_shaped_like_iam_ids() {
        let a = simulated_unique_id("AIDA", "arn:aws:iam::1:user/a");
        assert_eq!(a, simulated_unique_id("AIDA", "arn:aws:iam::1:user/a"));
        assert_ne!(a, simulated_unique_id("AIDA", "arn:aws:iam::1:user/b"));
        assert_eq!(a.len(), 21);
    }
}
