//! What a value in a `Principal` element identifies.
//!
//! IAM accepts, under `AWS`: `*`, a 12-digit account id, the account ARN `arn:aws:iam::ID:root`,
//! user, role, assumed-role session and federated-user ARNs, and unique ids; under `Service`:
//! service principal names; under `Federated`: SAML and OIDC provider ARNs or the built-in web
//! identity providers; under `CanonicalUser`: S3 canonical ids. Partial wildcards are never
//! allowed (`arn:aws:iam::111122223333:user/*` is an error): `*` stands only on its own.

use std::fmt;

use crate::arn::Arn;
use crate::ast::PrincipalKey;

/// The identity a principal value names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PrincipalPattern {
    /// `*`: everyone, anonymous callers included.
    Anyone,
    /// A whole account (`123456789012` or `arn:aws:iam::123456789012:root`); delegates to it.
    Account {
        /// The 12-digit id.
        account: String,
    },
    /// An IAM user.
    User {
        /// The owning account.
        account: String,
        /// The full user ARN (path included); compared case-sensitively.
        arn: String,
    },
    /// An IAM role: matches every session of the role.
    Role {
        /// The owning account.
        account: String,
        /// The role name (the last path segment); names are unique in an account.
        name: String,
    },
    /// One role session (`arn:aws:sts::ID:assumed-role/ROLE/SESSION`).
    AssumedRole {
        /// The owning account.
        account: String,
        /// The role name.
        role: String,
        /// The session name.
        session: String,
    },
    /// An STS federated-user session (`arn:aws:sts::ID:federated-user/NAME`).
    FederatedUser {
        /// The owning account.
        account: String,
        /// The federated user name.
        name: String,
    },
    /// An AWS service principal such as `ec2.amazonaws.com`.
    Service(String),
    /// A SAML or OIDC provider ARN, or a built-in web identity provider such as `accounts.google.com`.
    IdentityProvider(String),
    /// An S3 canonical user id.
    CanonicalUser(String),
    /// A unique id (`AIDA...`, `AROA...`) left behind when the user or role was deleted.
    UniqueId(String),
}

/// Why a principal value is invalid.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PrincipalProblem {
    /// A `*` or `?` inside a value; IAM only accepts `*` on its own.
    PartialWildcard,
    /// `"Service": "*"` or `"Federated": "*"`.
    WildcardNotAllowed(PrincipalKey),
    /// Not a form IAM accepts under this key.
    Unrecognized(PrincipalKey),
    /// An empty string.
    Empty,
}

impl fmt::Display for PrincipalProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PrincipalProblem::PartialWildcard => write!(
                f,
                "wildcards are not allowed inside principal values; use \"*\" with a condition on aws:PrincipalArn"
            ),
            PrincipalProblem::WildcardNotAllowed(key) => {
                write!(
                    f,
                    "\"{}\": \"*\" is not allowed; name the principals",
                    key.as_str()
                )
            }
            PrincipalProblem::Unrecognized(PrincipalKey::Aws) => write!(
                f,
                "expected \"*\", a 12-digit account id, or the ARN of an account root, user, role, assumed-role session or federated user"
            ),
            PrincipalProblem::Unrecognized(PrincipalKey::Service) => {
                write!(
                    f,
                    "expected a service principal such as \"ec2.amazonaws.com\""
                )
            }
            PrincipalProblem::Unrecognized(PrincipalKey::Federated) => write!(
                f,
                "expected a SAML or OIDC provider ARN (arn:aws:iam::ACCOUNT:saml-provider/NAME) or a web identity provider such as \"accounts.google.com\""
            ),
            PrincipalProblem::Unrecognized(PrincipalKey::CanonicalUser) => {
                write!(f, "expected an S3 canonical user id (hexadecimal)")
            }
            PrincipalProblem::Empty => write!(f, "a principal value cannot be empty"),
        }
    }
}

/// Interprets one value listed under `key`.
pub fn parse_principal(
    key: PrincipalKey,
    value: &str,
) -> Result<PrincipalPattern, PrincipalProblem> {
    if value.is_empty() {
        return Err(PrincipalProblem::Empty);
    }
    if value == "*" {
        return match key {
            PrincipalKey::Aws => Ok(PrincipalPattern::Anyone),
            other => Err(PrincipalProblem::WildcardNotAllowed(other)),
        };
    }
    if value.contains(['*', '?']) {
        return Err(PrincipalProblem::PartialWildcard);
    }
    match key {
        PrincipalKey::Aws => parse_aws(value),
        PrincipalKey::Service => parse_service(value),
        PrincipalKey::Federated => parse_federated(value),
        PrincipalKey::CanonicalUser => parse_canonical(value),
    }
}

/// Whether `text` is a 12-digit AWS account id.
pub fn is_account_id(text: &str) -> bool {
    text.len() == 12 && text.bytes().all(|b| b.is_ascii_digit())
}

fn parse_aws(value: &str) -> Result<PrincipalPattern, PrincipalProblem> {
    let unrecognized = PrincipalProblem::Unrecognized(PrincipalKey::Aws);
    if is_account_id(value) {
        return Ok(PrincipalPattern::Account {
            account: value.to_owned(),
        });
    }
    if is_unique_id(value) {
        return Ok(PrincipalPattern::UniqueId(value.to_owned()));
    }
    let arn = Arn::parse(value).ok_or(unrecognized.clone())?;
    if !is_account_id(arn.account) || !arn.region.is_empty() {
        return Err(unrecognized);
    }
    let account = arn.account.to_owned();
    let pattern = match (arn.service, arn.resource_type_and_name()) {
        ("iam", None) if arn.resource == "root" => PrincipalPattern::Account { account },
        ("iam", Some(("user", name))) if valid_path_name(name) => PrincipalPattern::User {
            account,
            arn: value.to_owned(),
        },
        ("iam", Some(("role", name))) if valid_path_name(name) => PrincipalPattern::Role {
            account,
            name: last_segment(name).to_owned(),
        },
        ("sts", Some(("assumed-role", rest))) => {
            let (role, session) = rest.split_once('/').ok_or(unrecognized.clone())?;
            if role.is_empty() || session.is_empty() || session.contains('/') {
                return Err(unrecognized);
            }
            PrincipalPattern::AssumedRole {
                account,
                role: role.to_owned(),
                session: session.to_owned(),
            }
        }
        ("sts", Some(("federated-user", name))) if !name.is_empty() => {
            PrincipalPattern::FederatedUser {
                account,
                name: name.to_owned(),
            }
        }
        _ => return Err(unrecognized),
    };
    Ok(pattern)
}

/// A user or role name after its type, with an optional `/path/`.
fn valid_path_name(name: &str) -> bool {
    !name.is_empty() && !name.ends_with('/')
}

fn last_segment(name: &str) -> &str {
    name.rsplit('/').next().unwrap_or(name)
}

fn is_unique_id(value: &str) -> bool {
    const PREFIXES: [&str; 4] = ["AIDA", "AROA", "ANPA", "AGPA"];
    value.len() >= 16
        && PREFIXES.iter().any(|p| value.starts_with(p))
        && value
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
}

fn looks_like_host(value: &str) -> bool {
    value.contains('.')
        && !value.starts_with('.')
        && !value.ends_with('.')
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
}

fn parse_service(value: &str) -> Result<PrincipalPattern, PrincipalProblem> {
    if looks_like_host(value) {
        Ok(PrincipalPattern::Service(value.to_owned()))
    } else {
        Err(PrincipalProblem::Unrecognized(PrincipalKey::Service))
    }
}

fn parse_federated(value: &str) -> Result<PrincipalPattern, PrincipalProblem> {
    let is_provider_arn = Arn::parse(value).is_some_and(|arn| {
        arn.service == "iam"
            && is_account_id(arn.account)
            && matches!(
                arn.resource_type_and_name(),
                Some(("saml-provider" | "oidc-provider", name)) if !name.is_empty()
            )
    });
    if is_provider_arn || looks_like_host(value) {
        Ok(PrincipalPattern::IdentityProvider(value.to_owned()))
    } else {
        Err(PrincipalProblem::Unrecognized(PrincipalKey::Federated))
    }
}

fn parse_canonical(value: &str) -> Result<PrincipalPattern, PrincipalProblem> {
    if value.bytes().all(|b| b.is_ascii_hexdigit()) {
        Ok(PrincipalPattern::CanonicalUser(value.to_owned()))
    } else {
        Err(PrincipalProblem::Unrecognized(PrincipalKey::CanonicalUser))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn aws(value: &str) -> Result<PrincipalPattern, PrincipalProblem> {
        parse_principal(PrincipalKey::Aws, value)
    }

    #[test]
    fn account_forms_are_equivalent() {
        let short = aws("111111111111").unwrap();
        let long = aws("arn:aws:iam::111111111111:root").unwrap();
        assert_eq!(short, long);
    }

    #[test]
    fn role_principal_keeps_only_the_name() {
        assert_eq!(
            aws("arn:aws:iam::111111111111:role/eng/Dev").unwrap(),
            PrincipalPattern::Role {
                account: "111111111111".into(),
                name: "Dev".into()
            }
        );
    }

    #[test]
    fn sessions_and_federated_users() {
        assert!(matches!(
            aws("arn:aws:sts::111111111111:assumed-role/Dev/alice"),
            Ok(PrincipalPattern::AssumedRole { .. })
        ));
        assert!(matches!(
            aws("arn:aws:sts::111111111111:federated-user/bob"),
            Ok(PrincipalPattern::FederatedUser { .. })
        ));
    }

    #[test]
    fn rejects_partial_wildcards_and_bad_forms() {
        assert_eq!(
            aws("arn:aws:iam::111111111111:user/*"),
            Err(PrincipalProblem::PartialWildcard)
        );
        assert!(aws("11111111111").is_err());
        assert!(aws("arn:aws:iam::111111111111:group/Admins").is_err());
        assert!(aws("arn:aws:iam::111111111111:role/").is_err());
        assert_eq!(
            parse_principal(PrincipalKey::Service, "*"),
            Err(PrincipalProblem::WildcardNotAllowed(PrincipalKey::Service))
        );
    }

    #[test]
    fn services_and_providers() {
        assert_eq!(
            parse_principal(PrincipalKey::Service, "ec2.amazonaws.com"),
            Ok(PrincipalPattern::Service("ec2.amazonaws.com".into()))
        );
        assert!(
            parse_principal(
                PrincipalKey::Federated,
                "arn:aws:iam::111111111111:saml-provider/AzureAD"
            )
            .is_ok()
        );
        assert!(parse_principal(PrincipalKey::Federated, "accounts.google.com").is_ok());
        assert!(parse_principal(PrincipalKey::Federated, "AzureAD").is_err());
    }
}
