//! Amazon Resource Names and ARN patterns.
//!
//! An ARN is `arn:partition:service:region:account-id:resource`; the resource part is everything
//! after the fifth colon, so it may contain more colons and slashes. Policies match ARNs
//! component by component, case-sensitively, with `*` and `?` inside each component; a `*` in the
//! resource part also spans `/` and `:`. A pattern with fewer than six components is completed
//! with `*` (`arn:aws:sqs` means `arn:aws:sqs:*:*:*`).

use crate::glob::{Case, Glob, Token};

/// The six components of an ARN, borrowed from its text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Arn<'a> {
    /// `aws`, `aws-cn`, `aws-us-gov`, ...
    pub partition: &'a str,
    /// The service namespace, e.g. `s3`.
    pub service: &'a str,
    /// The Region, empty for global services.
    pub region: &'a str,
    /// The account id, empty for S3 buckets and objects.
    pub account: &'a str,
    /// Everything after the fifth colon.
    pub resource: &'a str,
}

impl<'a> Arn<'a> {
    /// Splits `text` into its components; `None` unless it starts with `arn:` and has all six.
    pub fn parse(text: &'a str) -> Option<Arn<'a>> {
        let rest = text.strip_prefix("arn:")?;
        let mut cuts = [0usize; 4];
        let mut found = 0;
        for (index, byte) in rest.bytes().enumerate() {
            if byte == b':' {
                cuts[found] = index;
                found += 1;
                if found == cuts.len() {
                    break;
                }
            }
        }
        if found < cuts.len() {
            return None;
        }
        let [a, b, c, d] = cuts;
        Some(Arn {
            partition: &rest[..a],
            service: &rest[a + 1..b],
            region: &rest[b + 1..c],
            account: &rest[c + 1..d],
            resource: &rest[d + 1..],
        })
    }

    /// The resource type and name of resources written `type/name` or `type:name`.
    pub fn resource_type_and_name(&self) -> Option<(&'a str, &'a str)> {
        let cut = self.resource.find(['/', ':'])?;
        Some((&self.resource[..cut], &self.resource[cut + 1..]))
    }
}

/// A compiled ARN pattern: one wildcard pattern per component.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArnPattern {
    components: [Glob; 5],
}

impl ArnPattern {
    /// Compiles `text` (which must start with `arn:`), completing missing components with `*`.
    pub fn new(text: &str) -> Option<ArnPattern> {
        let mut parts = text.splitn(6, ':');
        if parts.next()? != "arn" {
            return None;
        }
        let mut next = || Glob::new(parts.next().unwrap_or("*"), Case::Sensitive);
        Some(ArnPattern {
            components: [next(), next(), next(), next(), next()],
        })
    }

    /// Compiles a pattern given as tokens (after policy-variable substitution).
    pub fn from_tokens(tokens: &[Token]) -> Option<ArnPattern> {
        let mut components: Vec<&[Token]> = Vec::with_capacity(6);
        let mut rest = tokens;
        while components.len() < 5 {
            match rest.iter().position(|t| *t == Token::Literal(':')) {
                Some(colon) => {
                    components.push(&rest[..colon]);
                    rest = &rest[colon + 1..];
                }
                None => break,
            }
        }
        components.push(rest);
        let prefix = components.first()?;
        if *prefix
            != [
                Token::Literal('a'),
                Token::Literal('r'),
                Token::Literal('n'),
            ]
        {
            return None;
        }
        let compile = |index: usize| match components.get(index) {
            Some(component) => Glob::from_tokens(component.iter().copied(), Case::Sensitive),
            None => Glob::new("*", Case::Sensitive),
        };
        Some(ArnPattern {
            components: [compile(1), compile(2), compile(3), compile(4), compile(5)],
        })
    }

    /// Whether the ARN `text` matches. Text that is not an ARN never matches.
    pub fn is_match(&self, text: &str) -> bool {
        Arn::parse(text).is_some_and(|arn| self.matches(&arn))
    }

    /// Whether a parsed ARN matches.
    pub fn matches(&self, arn: &Arn<'_>) -> bool {
        let [partition, service, region, account, resource] = &self.components;
        partition.is_match(arn.partition)
            && service.is_match(arn.service)
            && region.is_match(arn.region)
            && account.is_match(arn.account)
            && resource.is_match(arn.resource)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_six_components_with_colons_in_the_resource() {
        let arn = Arn::parse("arn:aws:logs:us-east-1:123456789012:log-group:x:*").unwrap();
        assert_eq!(arn.service, "logs");
        assert_eq!(arn.account, "123456789012");
        assert_eq!(arn.resource, "log-group:x:*");
        assert_eq!(arn.resource_type_and_name(), Some(("log-group", "x:*")));
        assert!(Arn::parse("arn:aws:s3").is_none());
        assert!(Arn::parse("nope:aws:s3:::b").is_none());
    }

    #[test]
    fn matches_component_by_component() {
        let p = ArnPattern::new("arn:aws:iam::*:role/Dev*").unwrap();
        assert!(p.is_match("arn:aws:iam::123456789012:role/Developer"));
        assert!(!p.is_match("arn:aws:iam::123456789012:user/Developer"));
        assert!(!p.is_match("arn:aws:iam:us-east-1:123456789012:role/dev"));
        // Wildcards in a middle component do not cross colons.
        let p = ArnPattern::new("arn:aws:sns:us-*-1:111111111111:topic").unwrap();
        assert!(!p.is_match("arn:aws:sns:us-east:x-1:111111111111:topic"));
    }

    #[test]
    fn resource_part_wildcards_span_slashes_and_colons() {
        let p = ArnPattern::new("arn:aws:logs:*:*:log-group:*").unwrap();
        assert!(p.is_match("arn:aws:logs:us-east-1:1:log-group:a/b:log-stream:c"));
    }

    #[test]
    fn incomplete_patterns_are_completed_with_stars() {
        let p = ArnPattern::new("arn:aws:sqs").unwrap();
        assert!(p.is_match("arn:aws:sqs:us-east-1:123456789012:queue1"));
        assert!(!p.is_match("arn:aws:sns:us-east-1:123456789012:topic"));
    }

    #[test]
    fn matching_is_case_sensitive_and_requires_an_arn() {
        let p = ArnPattern::new("arn:aws:s3:::Bucket/*").unwrap();
        assert!(!p.is_match("arn:aws:s3:::bucket/key"));
        assert!(!p.is_match("*"));
        assert!(ArnPattern::new("bucket/*").is_none());
    }
}
