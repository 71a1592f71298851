//! Condition key lookup, including templated keys such as `aws:RequestTag/${TagKey}` or
//! `s3:ExistingObjectTag/<key>`, and the keys valid for a set of actions.

use iam_policy::glob::{Case, Glob, Token};

use crate::model::{ActionRef, ConditionKey};
use crate::text::cmp_ignore_case;
use crate::{Catalog, Service};

impl Catalog {
    /// Looks up a condition key as written in a policy, ignoring case. Concrete keys of a
    /// template resolve to it: `aws:PrincipalTag/team` gives `aws:PrincipalTag/${TagKey}` and
    /// `s3:ExistingObjectTag/owner` gives `s3:ExistingObjectTag/<key>`. Global keys win over a
    /// service's copy of the same key.
    pub fn condition_key(&self, key: &str) -> Option<&ConditionKey> {
        let services = self.services_for_key(key);
        exact(&self.global_keys, key)
            .or_else(|| services.iter().find_map(|s| exact(&s.condition_keys, key)))
            .or_else(|| templated(&self.global_keys, key))
            .or_else(|| {
                services
                    .iter()
                    .find_map(|s| templated(&s.condition_keys, key))
            })
    }

    /// The services whose keys can carry `key`'s prefix (`s3:` → s3, `saml:` → sts).
    fn services_for_key(&self, key: &str) -> Vec<&Service> {
        let Some((prefix, _)) = key.split_once(':') else {
            return Vec::new();
        };
        if let Some(service) = self.service(prefix) {
            return vec![service];
        }
        self.key_aliases
            .binary_search_by(|(alias, _)| cmp_ignore_case(alias, prefix))
            .ok()
            .and_then(|i| self.key_aliases.get(i))
            .map(|(_, services)| {
                services
                    .iter()
                    .filter_map(|&i| self.services.get(i))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The condition keys usable with `actions`, for completion: the service keys of the
    /// actions and their resource types (deduplicated, sorted by name) and every global key.
    pub fn condition_keys_for<'c>(&'c self, actions: &[ActionRef<'c>]) -> KeySuggestions<'c> {
        let mut service: Vec<&ConditionKey> = actions
            .iter()
            .flat_map(ActionRef::all_service_condition_keys)
            .filter(|k| exact(&self.global_keys, &k.name).is_none())
            .collect();
        service.sort_by(|a, b| cmp_ignore_case(&a.name, &b.name).then_with(|| a.name.cmp(&b.name)));
        service.dedup_by(|a, b| a.name.eq_ignore_ascii_case(&b.name));
        KeySuggestions {
            service,
            global: self.global_keys.iter().collect(),
        }
    }
}

/// Condition keys that apply to a set of actions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeySuggestions<'c> {
    /// Keys defined by the actions' services (including `aws:` tag keys not in the global list).
    pub service: Vec<&'c ConditionKey>,
    /// The global keys, valid with any action.
    pub global: Vec<&'c ConditionKey>,
}

fn exact<'k>(keys: &'k [ConditionKey], key: &str) -> Option<&'k ConditionKey> {
    let index = keys
        .binary_search_by(|k| cmp_ignore_case(&k.name, key))
        .ok()?;
    keys.get(index)
}

fn templated<'k>(keys: &'k [ConditionKey], key: &str) -> Option<&'k ConditionKey> {
    keys.iter()
        .filter(|k| k.is_template())
        .find(|k| TemplateKey::new(&k.name).matches(key))
}

/// A templated key name as a wildcard pattern: each placeholder becomes `*` and must stand
/// for at least one character.
struct TemplateKey {
    glob: Glob,
    min_len: usize,
}

impl TemplateKey {
    fn new(template: &str) -> TemplateKey {
        let mut tokens = Vec::new();
        let mut min_len = 0;
        let mut rest = template;
        while let Some(c) = rest.chars().next() {
            let placeholder_end = match c {
                '$' if rest.starts_with("${") => rest.find('}'),
                '<' => rest.find('>'),
                _ => None,
            };
            if let Some(end) = placeholder_end {
                tokens.push(Token::AnySequence);
                min_len += 1;
                rest = &rest[end + 1..];
            } else {
                tokens.push(Token::Literal(c));
                min_len += c.len_utf8();
                rest = &rest[c.len_utf8()..];
            }
        }
        TemplateKey {
            glob: Glob::from_tokens(tokens, Case::Insensitive),
            min_len,
        }
    }

    fn matches(&self, key: &str) -> bool {
        key.len() >= self.min_len && self.glob.is_match(key)
    }
}

#[cfg(test)]
mod tests {
    use super::TemplateKey;

    #[test]
    fn placeholders_need_at_least_one_character() {
        let template = TemplateKey::new("aws:RequestTag/${TagKey}");
        assert!(template.matches("aws:requesttag/team"));
        assert!(!template.matches("aws:RequestTag/"));
        assert!(!template.matches("aws:RequestTagX"));
        let angle = TemplateKey::new("s3:ExistingObjectTag/<key>");
        assert!(angle.matches("s3:ExistingObjectTag/owner"));
        let inner = TemplateKey::new("codebuild:secondarySources/${id}.location");
        assert!(inner.matches("codebuild:secondarySources/src1.location"));
        assert!(!inner.matches("codebuild:secondarySources/src1.type"));
    }
}
