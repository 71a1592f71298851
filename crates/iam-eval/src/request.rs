//! The request being authorized: who calls, which action, on which resource, with what context.
//!
//! The caller is identified the way AWS identifies it in a request context (IAM User Guide,
//! "Policy evaluation: the request context"): an IAM user, the account root user, a role
//! session, an STS federated-user session, an AWS service principal, an identity provider
//! presenting a SAML assertion or web identity token, or an anonymous caller.

use std::fmt;

use iam_policy::arn::Arn;
use iam_policy::principal::is_account_id;

use crate::context::Context;

/// Who makes the request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Caller {
    /// The account root user (`arn:aws:iam::ACCOUNT:root`).
    Root {
        /// Partition of the ARN (`aws`, `aws-cn`, ...).
        partition: String,
        /// The account.
        account: String,
    },
    /// An IAM user with long-term credentials.
    User {
        /// Partition of the ARN.
        partition: String,
        /// The account.
        account: String,
        /// The user name (last path segment).
        name: String,
        /// The full user ARN, path included.
        arn: String,
    },
    /// A role session (`arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION`).
    AssumedRole {
        /// Partition of the ARN.
        partition: String,
        /// The account owning the role.
        account: String,
        /// The role name.
        role: String,
        /// The session name.
        session: String,
    },
    /// An STS federated-user session (`GetFederationToken`).
    FederatedUser {
        /// Partition of the ARN.
        partition: String,
        /// The account.
        account: String,
        /// The federated user name.
        name: String,
    },
    /// An AWS service principal acting on its own behalf, e.g. `ec2.amazonaws.com`.
    Service {
        /// The service principal name.
        name: String,
    },
    /// A SAML or OIDC identity provider (callers of `AssumeRoleWithSAML` / `WithWebIdentity`).
    IdentityProvider {
        /// The provider ARN or built-in provider name.
        id: String,
    },
    /// An unsigned request.
    Anonymous,
}

/// The web identity providers AWS knows without an IAM OIDC provider resource.
const BUILT_IN_IDENTITY_PROVIDERS: [&str; 4] = [
    "accounts.google.com",
    "graph.facebook.com",
    "www.amazon.com",
    "cognito-identity.amazonaws.com",
];

impl Caller {
    /// Reads a principal as written in a case: an ARN, a service principal, an identity
    /// provider, or `anonymous`.
    pub fn parse(text: &str) -> Result<Caller, RequestError> {
        let invalid = |hint: &'static str| RequestError::InvalidPrincipal {
            text: text.to_owned(),
            hint,
        };
        if text == "anonymous" {
            return Ok(Caller::Anonymous);
        }
        if BUILT_IN_IDENTITY_PROVIDERS.contains(&text) {
            return Ok(Caller::IdentityProvider {
                id: text.to_owned(),
            });
        }
        let Some(arn) = Arn::parse(text) else {
            return if is_host(text) {
                Ok(Caller::Service {
                    name: text.to_owned(),
                })
            } else {
                Err(invalid(PRINCIPAL_FORMS))
            };
        };
        if !is_account_id(arn.account) {
            return Err(invalid("the account id in the ARN must be 12 digits"));
        }
        let partition = arn.partition.to_owned();
        let account = arn.account.to_owned();
        match (arn.service, arn.resource_type_and_name()) {
            ("iam", None) if arn.resource == "root" => Ok(Caller::Root { partition, account }),
            ("iam", Some(("user", path_name))) if !path_name.is_empty() => Ok(Caller::User {
                partition,
                account,
                name: path_name.rsplit('/').next().unwrap_or(path_name).to_owned(),
                arn: text.to_owned(),
            }),
            ("iam", Some(("role", _))) => Err(invalid(
                "a role does not make requests itself: use one of its sessions, arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION",
            )),
            ("iam", Some(("saml-provider" | "oidc-provider", name))) if !name.is_empty() => {
                Ok(Caller::IdentityProvider {
                    id: text.to_owned(),
                })
            }
            ("sts", Some(("assumed-role", rest))) => match rest.split_once('/') {
                Some((role, session))
                    if !role.is_empty() && !session.is_empty() && !session.contains('/') =>
                {
                    Ok(Caller::AssumedRole {
                        partition,
                        account,
                        role: role.to_owned(),
                        session: session.to_owned(),
                    })
                }
                _ => Err(invalid(
                    "an assumed-role ARN ends with assumed-role/ROLE-NAME/SESSION-NAME",
                )),
            },
            ("sts", Some(("federated-user", name))) if !name.is_empty() => {
                Ok(Caller::FederatedUser {
                    partition,
                    account,
                    name: name.to_owned(),
                })
            }
            _ => Err(invalid(PRINCIPAL_FORMS)),
        }
    }

    /// The account the caller belongs to (none for services, providers and anonymous callers).
    pub fn account(&self) -> Option<&str> {
        match self {
            Caller::Root { account, .. }
            | Caller::User { account, .. }
            | Caller::AssumedRole { account, .. }
            | Caller::FederatedUser { account, .. } => Some(account),
            Caller::Service { .. } | Caller::IdentityProvider { .. } | Caller::Anonymous => None,
        }
    }

    /// Whether the caller is a session, to which session policies apply.
    pub fn is_session(&self) -> bool {
        matches!(
            self,
            Caller::AssumedRole { .. } | Caller::FederatedUser { .. }
        )
    }

    /// Whether the caller is an IAM identity with identity-based policies (not root, not a
    /// service, provider or anonymous caller).
    pub fn has_identity_policies(&self) -> bool {
        matches!(
            self,
            Caller::User { .. } | Caller::AssumedRole { .. } | Caller::FederatedUser { .. }
        )
    }

    /// The value of `aws:PrincipalArn`: for a role session, the role's ARN (without path, which
    /// the session ARN does not carry; give the key in the context when the role has one).
    pub fn principal_arn(&self) -> Option<String> {
        match self {
            Caller::Root { partition, account } => {
                Some(format!("arn:{partition}:iam::{account}:root"))
            }
            Caller::User { arn, .. } => Some(arn.clone()),
            Caller::AssumedRole {
                partition,
                account,
                role,
                ..
            } => Some(format!("arn:{partition}:iam::{account}:role/{role}")),
            Caller::FederatedUser {
                partition,
                account,
                name,
            } => Some(format!(
                "arn:{partition}:sts::{account}:federated-user/{name}"
            )),
            Caller::Service { .. } | Caller::IdentityProvider { .. } | Caller::Anonymous => None,
        }
    }

    /// The value of `aws:PrincipalType`.
    pub fn principal_type(&self) -> Option<&'static str> {
        match self {
            Caller::Root { .. } => Some("Account"),
            Caller::User { .. } => Some("User"),
            Caller::AssumedRole { .. } => Some("AssumedRole"),
            Caller::FederatedUser { .. } => Some("FederatedUser"),
            Caller::Anonymous => Some("Anonymous"),
            Caller::Service { .. } | Caller::IdentityProvider { .. } => None,
        }
    }
}

const PRINCIPAL_FORMS: &str = "expected an IAM user ARN, arn:aws:iam::ACCOUNT:root, an assumed-role or federated-user ARN, a service principal such as ec2.amazonaws.com, a SAML/OIDC provider ARN, or \"anonymous\"";

fn is_host(text: &str) -> bool {
    text.contains('.')
        && !text.starts_with('.')
        && !text.ends_with('.')
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
}

/// One request to authorize.
#[derive(Clone, Debug)]
pub struct Request {
    /// The principal as written.
    pub principal_text: String,
    /// Who calls.
    pub caller: Caller,
    /// `service:Action`.
    pub action: String,
    /// The resource ARN, or `*` for actions without a resource type.
    pub resource: String,
    /// The account owning the resource, when known.
    pub resource_account: Option<String>,
    /// The request context: given keys plus the keys derived from the request.
    pub context: Context,
    /// The action's service prefix in lower case (computed once: every evaluation needs it).
    service: String,
    /// Whether the resource-based policy is the role's trust policy.
    role_trust: bool,
    /// Whether the resource is a KMS key.
    kms_key: bool,
}

impl Request {
    /// Builds a request, checking each part and deriving the context keys AWS would populate
    /// from the caller and resource (only those not given in `context`).
    pub fn new(
        principal: &str,
        action: &str,
        resource: &str,
        resource_account: Option<&str>,
        context: Context,
    ) -> Result<Request, RequestError> {
        let caller = Caller::parse(principal)?;
        check_action(action)?;
        let arn_account = if resource == "*" {
            None
        } else {
            let arn = Arn::parse(resource)
                .ok_or_else(|| RequestError::InvalidResource(resource.to_owned()))?;
            (!arn.account.is_empty()).then(|| arn.account.to_owned())
        };
        if let Some(account) = resource_account {
            if !is_account_id(account) {
                return Err(RequestError::InvalidResourceAccount(account.to_owned()));
            }
        }
        let resource_account = resource_account
            .map(str::to_owned)
            .or(arn_account)
            .or_else(|| caller.account().map(str::to_owned));
        let mut request = Request {
            principal_text: principal.to_owned(),
            caller,
            action: action.to_owned(),
            resource: resource.to_owned(),
            resource_account,
            context,
            service: action
                .split(':')
                .next()
                .unwrap_or_default()
                .to_ascii_lowercase(),
            role_trust: is_role_trust_request(action, resource),
            kms_key: Arn::parse(resource)
                .is_some_and(|arn| arn.service == "kms" && arn.resource.starts_with("key/")),
        };
        crate::context::derive_keys(&mut request);
        Ok(request)
    }

    /// The action's service prefix, lower case.
    pub fn service(&self) -> &str {
        &self.service
    }

    /// Whether this is a call whose resource-based policy is the role's trust policy
    /// (`sts:AssumeRole*` and the permission-only STS actions, on a role ARN).
    pub fn is_role_trust_request(&self) -> bool {
        self.role_trust
    }

    /// Whether the resource is a KMS key, whose key policy must itself allow access.
    pub fn is_kms_key_request(&self) -> bool {
        self.kms_key
    }
}

/// Whether `action` on `resource` is authorized against a role's trust policy.
pub fn is_role_trust_request(action: &str, resource: &str) -> bool {
    const TRUST_ACTIONS: [&str; 6] = [
        "sts:assumerole",
        "sts:assumerolewithsaml",
        "sts:assumerolewithwebidentity",
        "sts:tagsession",
        "sts:setsourceidentity",
        "sts:setcontext",
    ];
    TRUST_ACTIONS.iter().any(|a| a.eq_ignore_ascii_case(action))
        && Arn::parse(resource)
            .is_some_and(|arn| arn.service == "iam" && arn.resource.starts_with("role/"))
}

fn check_action(action: &str) -> Result<(), RequestError> {
    let valid = action.split_once(':').is_some_and(|(service, name)| {
        !service.is_empty() && !name.is_empty() && !action.contains(['*', '?', ' '])
    });
    if valid {
        Ok(())
    } else {
        Err(RequestError::InvalidAction(action.to_owned()))
    }
}

/// Why a request cannot be evaluated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RequestError {
    /// The principal is not a recognised form.
    InvalidPrincipal {
        /// As written.
        text: String,
        /// What is expected.
        hint: &'static str,
    },
    /// The action is not `service:Action` (wildcards are for policies, not requests).
    InvalidAction(String),
    /// The resource is neither `*` nor an ARN.
    InvalidResource(String),
    /// `resource_account` is not a 12-digit account id.
    InvalidResourceAccount(String),
}

impl fmt::Display for RequestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RequestError::InvalidPrincipal { text, hint } => {
                write!(f, "invalid principal \"{text}\": {hint}")
            }
            RequestError::InvalidAction(action) => write!(
                f,
                "invalid action \"{action}\": a request names one action as service:ActionName, without wildcards"
            ),
            RequestError::InvalidResource(resource) => write!(
                f,
                "invalid resource \"{resource}\": use an ARN, or \"*\" for actions that take no resource"
            ),
            RequestError::InvalidResourceAccount(account) => {
                write!(
                    f,
                    "invalid resource_account \"{account}\": expected a 12-digit account id"
                )
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_caller_form() {
        assert!(matches!(
            Caller::parse("arn:aws:iam::111111111111:root"),
            Ok(Caller::Root { .. })
        ));
        let user = Caller::parse("arn:aws:iam::111111111111:user/eng/alice").unwrap();
        assert!(matches!(&user, Caller::User { name, .. } if name == "alice"));
        let session = Caller::parse("arn:aws:sts::111111111111:assumed-role/Dev/s1").unwrap();
        assert_eq!(
            session.principal_arn().as_deref(),
            Some("arn:aws:iam::111111111111:role/Dev")
        );
        assert!(matches!(
            Caller::parse("ec2.amazonaws.com"),
            Ok(Caller::Service { .. })
        ));
        assert!(matches!(
            Caller::parse("accounts.google.com"),
            Ok(Caller::IdentityProvider { .. })
        ));
        assert!(matches!(
            Caller::parse("arn:aws:iam::111111111111:saml-provider/AzureAD"),
            Ok(Caller::IdentityProvider { .. })
        ));
        assert_eq!(Caller::parse("anonymous"), Ok(Caller::Anonymous));
    }

    #[test]
    fn rejects_roles_and_garbage_with_a_hint() {
        let err = Caller::parse("arn:aws:iam::111111111111:role/Dev").unwrap_err();
        assert!(err.to_string().contains("assumed-role"));
        assert!(Caller::parse("alice").is_err());
        assert!(Caller::parse("arn:aws:iam::1:user/a").is_err());
    }

    #[test]
    fn resource_account_defaults_to_the_arn_then_the_caller() {
        let r = Request::new(
            "arn:aws:iam::111111111111:user/a",
            "s3:GetObject",
            "arn:aws:s3:::b/k",
            None,
            Context::default(),
        )
        .unwrap();
        assert_eq!(r.resource_account.as_deref(), Some("111111111111"));
        let r = Request::new(
            "arn:aws:iam::111111111111:user/a",
            "sqs:SendMessage",
            "arn:aws:sqs:us-east-1:222222222222:q",
            None,
            Context::default(),
        )
        .unwrap();
        assert_eq!(r.resource_account.as_deref(), Some("222222222222"));
    }

    #[test]
    fn trust_requests_are_sts_actions_on_roles() {
        assert!(is_role_trust_request(
            "STS:AssumeRole",
            "arn:aws:iam::1:role/x"
        ));
        assert!(!is_role_trust_request("sts:AssumeRole", "*"));
        assert!(!is_role_trust_request(
            "s3:GetObject",
            "arn:aws:iam::1:role/x"
        ));
    }
}
