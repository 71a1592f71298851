//! What the checks know about particular condition keys and identifiers, beyond the catalogue:
//! which keys are sensitive, which guard access (so `IfExists` on them is risky), value formats,
//! Regions and partitions. Key names here are lower case (condition keys ignore case).

use iam_policy::ast::Statement;

/// Keys whose values identify accounts, organizations or networks: AWS says wildcards in them
/// have no valid use (IAM Access Analyzer "Wildcard usage too permissive").
pub(crate) const SENSITIVE_KEYS: &[&str] = &[
    "aws:principalaccount",
    "aws:principalorgid",
    "aws:resourceaccount",
    "aws:resourceorgid",
    "aws:sourceaccount",
    "aws:sourceorgid",
    "aws:sourcevpc",
    "aws:sourcevpce",
    "aws:vpceaccount",
    "aws:vpceorgid",
];

/// Variables that callers cannot choose besides the sensitive keys: using them in a sensitive
/// key is the data-perimeter pattern (`"aws:ResourceOrgID": "${aws:PrincipalOrgID}"`), not a
/// wildcard in disguise.
const OTHER_SAFE_VARIABLES: &[&str] = &[
    "aws:principalarn",
    "aws:sourcearn",
    "aws:ec2instancesourcevpc",
];

/// Whether a variable's value is beyond the caller's control.
pub(crate) fn is_safe_variable(key_lower: &str) -> bool {
    SENSITIVE_KEYS.contains(&key_lower) || OTHER_SAFE_VARIABLES.contains(&key_lower)
}

/// Keys that restrict *who* is calling or from where: with one of them an open principal is
/// scoped.
pub(crate) fn restricts_caller(key_lower: &str) -> bool {
    const KEYS: &[&str] = &[
        "aws:principalorgid",
        "aws:principalorgpaths",
        "aws:principalaccount",
        "aws:principalarn",
        "aws:principalservicename",
        "aws:principalservicenameslist",
        "aws:principalisawsservice",
        "aws:userid",
        "aws:username",
        "aws:sourceaccount",
        "aws:sourcearn",
        "aws:sourceorgid",
        "aws:sourceorgpaths",
        "aws:sourceowner",
        "aws:sourceip",
        "aws:sourcevpc",
        "aws:sourcevpce",
        "aws:vpcsourceip",
        "aws:vpceaccount",
        "aws:vpceorgid",
        "aws:vpceorgpaths",
        "sts:externalid",
    ];
    KEYS.contains(&key_lower) || key_lower.starts_with("aws:principaltag/")
}

/// Keys whose absence an Allow should not excuse: with `...IfExists` a request without them
/// passes (long-term keys have no MFA key, VPC endpoint calls have no source IP...).
pub(crate) fn is_guard_key(key_lower: &str) -> bool {
    const KEYS: &[&str] = &[
        "aws:multifactorauthpresent",
        "aws:multifactorauthage",
        "aws:sourceip",
        "aws:sourcevpc",
        "aws:sourcevpce",
        "aws:vpcsourceip",
        "aws:principalorgid",
        "aws:principalorgpaths",
        "aws:principalaccount",
        "aws:principalarn",
        "aws:resourceaccount",
        "aws:resourceorgid",
        "aws:resourceorgpaths",
        "aws:securetransport",
        "aws:sourceaccount",
        "aws:sourcearn",
        "aws:sourceorgid",
        "aws:sourceorgpaths",
        "sts:externalid",
    ];
    KEYS.contains(&key_lower)
        || key_lower.starts_with("aws:principaltag/")
        || key_lower
            .split_once(':')
            .is_some_and(|(_, name)| name.starts_with("resourcetag/"))
}

/// Keys the catalogue types as single-valued that requests carry as lists.
pub(crate) fn is_multivalued_override(key_lower: &str) -> bool {
    key_lower.ends_with(":amr")
}

/// Whether `key` looks like an identity-provider key (`accounts.google.com:aud`,
/// `oidc.eks.us-east-1.amazonaws.com/id/X:sub`): such prefixes are host names, and providers
/// an account registers cannot be in any catalogue.
pub(crate) fn is_provider_key(key: &str) -> bool {
    key.split_once(':')
        .is_some_and(|(prefix, _)| prefix.contains(['.', '/']))
}

/// Claims every OpenID Connect provider supports as condition keys.
pub(crate) const OIDC_CLAIMS: &[&str] = &["aud", "sub", "amr", "oaud", "azp", "email"];

/// Whether `statement` tests any key accepted by `pred`.
pub(crate) fn any_key(statement: &Statement, pred: impl Fn(&str) -> bool) -> bool {
    statement.conditions.iter().any(|c| pred(&c.key_lower))
}

/// The partitions AWS has.
pub(crate) const PARTITIONS: &[&str] = &[
    "aws",
    "aws-cn",
    "aws-us-gov",
    "aws-iso",
    "aws-iso-b",
    "aws-iso-e",
    "aws-iso-f",
    "aws-eusc",
];

/// Whether `text` is shaped like a Region code (`us-east-1`, `us-gov-west-1`, `cn-north-1`,
/// `eusc-de-east-1`).
pub(crate) fn is_region(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    let [first, middle @ .., last] = parts.as_slice() else {
        return false;
    };
    (2..=4).contains(&first.len())
        && first.bytes().all(|b| b.is_ascii_lowercase())
        && !middle.is_empty()
        && middle
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase()))
        && (1..=2).contains(&last.len())
        && last.bytes().all(|b| b.is_ascii_digit())
}

/// Whether `text` is a 12-digit account id.
pub(crate) fn is_account_id(text: &str) -> bool {
    text.len() == 12 && text.bytes().all(|b| b.is_ascii_digit())
}

fn is_hex_id(text: &str, prefix: &str) -> bool {
    text.strip_prefix(prefix).is_some_and(|id| {
        (id.len() == 8 || id.len() == 17)
            && id
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    })
}

fn is_org_id(text: &str) -> bool {
    text.strip_prefix("o-").is_some_and(|id| {
        (10..=32).contains(&id.len())
            && id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    })
}

/// For keys with a fixed value format: what a literal value must look like, if `value` does
/// not.
pub(crate) fn value_format_problem(key_lower: &str, value: &str) -> Option<&'static str> {
    let ok = match key_lower {
        "aws:sourcevpc" | "aws:ec2instancesourcevpc" => is_hex_id(value, "vpc-"),
        "aws:sourcevpce" => is_hex_id(value, "vpce-"),
        "aws:principalaccount" => is_account_id(value) || value == "anonymous",
        "aws:resourceaccount" | "aws:sourceaccount" | "aws:vpceaccount" => is_account_id(value),
        "aws:principalorgid" | "aws:resourceorgid" | "aws:sourceorgid" | "aws:vpceorgid" => {
            is_org_id(value)
        }
        "aws:requestedregion" => is_region(value),
        "aws:principaltype" => matches!(
            value,
            "Account" | "User" | "FederatedUser" | "AssumedRole" | "Anonymous"
        ),
        _ => return None,
    };
    if ok {
        return None;
    }
    Some(match key_lower {
        "aws:sourcevpc" | "aws:ec2instancesourcevpc" => {
            "a VPC id: `vpc-` and 8 or 17 hexadecimal digits"
        }
        "aws:sourcevpce" => "a VPC endpoint id: `vpce-` and 8 or 17 hexadecimal digits",
        "aws:principalaccount"
        | "aws:resourceaccount"
        | "aws:sourceaccount"
        | "aws:vpceaccount" => "a 12-digit account id",
        "aws:requestedregion" => "a Region code such as `us-east-1`",
        "aws:principaltype" => {
            "one of `Account`, `User`, `FederatedUser`, `AssumedRole`, `Anonymous`"
        }
        _ => "an organization id: `o-` and 10 to 32 lower-case letters or digits",
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions() {
        for ok in [
            "us-east-1",
            "us-gov-west-1",
            "cn-north-1",
            "eusc-de-east-1",
            "ap-southeast-5",
        ] {
            assert!(is_region(ok), "{ok}");
        }
        for bad in ["us-east", "US-EAST-1", "useast1", "us-east-1a", "*", ""] {
            assert!(!is_region(bad), "{bad}");
        }
    }

    #[test]
    fn value_formats() {
        assert!(value_format_problem("aws:sourcevpc", "vpc-1a2b3c4d").is_none());
        assert!(value_format_problem("aws:sourcevpc", "vpc-1a2b3c4d5e6f7a8b9").is_none());
        assert!(value_format_problem("aws:sourcevpc", "vpc-xyz").is_some());
        assert!(value_format_problem("aws:principalorgid", "o-a1b2c3d4e5").is_none());
        assert!(value_format_problem("aws:principalorgid", "r-a1b2").is_some());
        assert!(value_format_problem("aws:sourceaccount", "12345").is_some());
        assert!(value_format_problem("aws:username", "anything").is_none());
    }
}
