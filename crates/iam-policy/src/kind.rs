//! The rules IAM applies per policy type, on top of the common grammar.
//!
//! Identity-based policies, permissions boundaries and session policies must name resources and
//! must not name principals; role trust policies must name principals and must not name
//! resources; other resource-based policies must name principals; SCPs cannot name principals;
//! RCPs must use `"Principal": "*"` and can only deny. (IAM User Guide: IAM JSON policy grammar;
//! Organizations User Guide: SCP and RCP syntax.)

use serde::Serialize;

/// RCP-supported services (AWS Organizations User Guide, "Resource control policies", list of
/// supported AWS services). The first five launched with RCPs and are certain; the others were
/// added in 2025 (Amazon ECR, OpenSearch Serverless, Cognito user pools, CloudWatch Logs,
/// DynamoDB). A service missing here only means its RCPs are reported as not applying.
/// The evaluator and the policy checks both read this list.
pub const RCP_SERVICES: [&str; 10] = [
    "s3",
    "sts",
    "kms",
    "sqs",
    "secretsmanager",
    "ecr",
    "aoss",
    "cognito-idp",
    "logs",
    "dynamodb",
];

use crate::ast::{Effect, Policy, PrincipalKey, Principals, ResourcePattern, Statement};
use crate::error::{ErrorKind, PolicyError};
use crate::principal::PrincipalPattern;
use crate::span::Span;

/// Where a policy is attached, which decides the elements it may and must have.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PolicyKind {
    /// Attached to a user, group or role.
    Identity,
    /// A managed policy set as a user's or role's permissions boundary.
    PermissionsBoundary,
    /// Passed when a session is created.
    Session,
    /// Attached to a resource (bucket policy, key policy, queue policy, ...).
    Resource,
    /// A role's trust policy.
    Trust,
    /// An AWS Organizations service control policy.
    ServiceControl,
    /// An AWS Organizations resource control policy.
    ResourceControl,
    /// A VPC endpoint policy.
    VpcEndpoint,
}

impl PolicyKind {
    /// Every kind, in the order of [`PolicyKind::name`]'s documentation.
    pub const ALL: [PolicyKind; 8] = [
        PolicyKind::Identity,
        PolicyKind::PermissionsBoundary,
        PolicyKind::Session,
        PolicyKind::Resource,
        PolicyKind::Trust,
        PolicyKind::ServiceControl,
        PolicyKind::ResourceControl,
        PolicyKind::VpcEndpoint,
    ];

    /// The kind's name in APIs (`identity`, `permissions-boundary`, `session`, `resource`,
    /// `trust`, `service-control`, `resource-control`, `vpc-endpoint`).
    pub fn name(self) -> &'static str {
        match self {
            PolicyKind::Identity => "identity",
            PolicyKind::PermissionsBoundary => "permissions-boundary",
            PolicyKind::Session => "session",
            PolicyKind::Resource => "resource",
            PolicyKind::Trust => "trust",
            PolicyKind::ServiceControl => "service-control",
            PolicyKind::ResourceControl => "resource-control",
            PolicyKind::VpcEndpoint => "vpc-endpoint",
        }
    }

    /// The kind named `name` ([`PolicyKind::name`], or the short `boundary`, `scp`, `rcp`).
    pub fn from_name(name: &str) -> Option<PolicyKind> {
        match name {
            "boundary" => Some(PolicyKind::PermissionsBoundary),
            "scp" => Some(PolicyKind::ServiceControl),
            "rcp" => Some(PolicyKind::ResourceControl),
            _ => PolicyKind::ALL.into_iter().find(|kind| kind.name() == name),
        }
    }

    /// A phrase for messages ("an identity-based policy").
    pub fn description(self) -> &'static str {
        match self {
            PolicyKind::Identity => "an identity-based policy",
            PolicyKind::PermissionsBoundary => "a permissions boundary",
            PolicyKind::Session => "a session policy",
            PolicyKind::Resource => "a resource-based policy",
            PolicyKind::Trust => "a role trust policy",
            PolicyKind::ServiceControl => "a service control policy",
            PolicyKind::ResourceControl => "a resource control policy",
            PolicyKind::VpcEndpoint => "a VPC endpoint policy",
        }
    }

    /// Policies stored by IAM itself, which restricts Sids and characters.
    pub fn is_iam_stored(self) -> bool {
        matches!(
            self,
            PolicyKind::Identity
                | PolicyKind::PermissionsBoundary
                | PolicyKind::Session
                | PolicyKind::Trust
        )
    }

    fn forbids_principal(self) -> bool {
        matches!(
            self,
            PolicyKind::Identity
                | PolicyKind::PermissionsBoundary
                | PolicyKind::Session
                | PolicyKind::ServiceControl
        )
    }
}

/// Checks `policy` (already parsed from `source`) against the rules of `kind`.
pub fn validate_kind(policy: &Policy, kind: PolicyKind, source: &str) -> Vec<PolicyError> {
    let mut errors = Vec::new();
    if matches!(
        kind,
        PolicyKind::ServiceControl | PolicyKind::ResourceControl
    ) && policy.version != crate::ast::Version::V2012_10_17
    {
        errors.push(PolicyError {
            kind: ErrorKind::VersionRequired(kind),
            span: policy.version_span.unwrap_or(Span::new(
                policy.span.start as usize,
                (policy.span.start as usize + 1).min(policy.span.end as usize),
            )),
            path: "$.Version".to_owned(),
        });
    }
    for statement in &policy.statements {
        check_statement(statement, kind, policy, &mut errors);
    }
    if kind.is_iam_stored() {
        check_sids(policy, &mut errors);
        check_characters(policy, source, &mut errors);
    }
    errors
}

fn check_statement(
    statement: &Statement,
    kind: PolicyKind,
    policy: &Policy,
    errors: &mut Vec<PolicyError>,
) {
    // The path is built only when there is an error to report.
    let mut push = |kind: ErrorKind, span: Span, element: &str| {
        errors.push(PolicyError {
            kind,
            span,
            path: format!("{}.{element}", policy.statement_path(statement.index)),
        });
    };
    let principal_name = |negated: bool| if negated { "NotPrincipal" } else { "Principal" };
    match (&statement.principal, kind) {
        (Some(p), k) if k.forbids_principal() => push(
            ErrorKind::ElementNotAllowed {
                element: principal_name(p.negated),
                kind,
            },
            p.span,
            principal_name(p.negated),
        ),
        (
            None,
            PolicyKind::Resource
            | PolicyKind::Trust
            | PolicyKind::ResourceControl
            | PolicyKind::VpcEndpoint,
        ) => push(
            ErrorKind::ElementRequired {
                element: if kind == PolicyKind::Resource {
                    "Principal or NotPrincipal"
                } else {
                    "Principal"
                },
                kind,
            },
            statement.span,
            "Principal",
        ),
        (Some(p), PolicyKind::Trust | PolicyKind::ResourceControl) if p.negated => push(
            ErrorKind::ElementNotAllowed {
                element: "NotPrincipal",
                kind,
            },
            p.span,
            "NotPrincipal",
        ),
        (Some(p), _) if p.negated && statement.effect.value == Effect::Allow => {
            push(ErrorKind::NotPrincipalWithAllow, p.span, "NotPrincipal")
        }
        _ => {}
    }
    if let Some(principal) = &statement.principal {
        if kind != PolicyKind::Trust {
            if let Principals::Listed(entries) = &principal.principals {
                for entry in entries.iter().filter(|e| e.key == PrincipalKey::Federated) {
                    push(
                        ErrorKind::FederatedOutsideTrustPolicy,
                        entry.span,
                        "Principal.Federated",
                    );
                }
            }
        }
        if kind == PolicyKind::ResourceControl && !is_everyone(&principal.principals) {
            push(
                ErrorKind::RcpPrincipalMustBeEveryone,
                principal.span,
                "Principal",
            );
        }
    }
    match (&statement.resource, kind) {
        (Some(r), PolicyKind::Trust) => push(
            ErrorKind::ElementNotAllowed {
                element: if r.negated { "NotResource" } else { "Resource" },
                kind,
            },
            r.span,
            if r.negated { "NotResource" } else { "Resource" },
        ),
        (
            None,
            PolicyKind::Identity
            | PolicyKind::PermissionsBoundary
            | PolicyKind::Session
            | PolicyKind::ServiceControl
            | PolicyKind::ResourceControl,
        ) => push(
            ErrorKind::ElementRequired {
                element: "Resource or NotResource",
                kind,
            },
            statement.span,
            "Resource",
        ),
        _ => {}
    }
    if kind == PolicyKind::ResourceControl {
        if statement.action.negated {
            push(
                ErrorKind::ElementNotAllowed {
                    element: "NotAction",
                    kind,
                },
                statement.action.span,
                "NotAction",
            );
        }
        if statement.effect.value == Effect::Allow && !is_full_access(statement) {
            push(
                ErrorKind::RcpAllowNotSupported,
                statement.effect.span,
                "Effect",
            );
        }
    }
}

fn is_everyone(principals: &Principals) -> bool {
    match principals {
        Principals::Everyone => true,
        Principals::Listed(entries) => {
            !entries.is_empty()
                && entries
                    .iter()
                    .all(|e| e.pattern == PrincipalPattern::Anyone)
        }
    }
}

/// The shape of the managed `RCPFullAWSAccess` statement: Allow `*` on `*`, no condition.
fn is_full_access(statement: &Statement) -> bool {
    let all_actions =
        !statement.action.negated && statement.action.items.iter().any(|a| a.text == "*");
    let all_resources = statement.resource.as_ref().is_some_and(|r| {
        !r.negated
            && r.items
                .iter()
                .any(|i| matches!(i.pattern, ResourcePattern::Any))
    });
    all_actions && all_resources && statement.conditions.is_empty()
}

fn check_sids(policy: &Policy, errors: &mut Vec<PolicyError>) {
    for (position, statement) in policy.statements.iter().enumerate() {
        let Some(sid) = &statement.sid else { continue };
        let kind = if !sid.value.bytes().all(|b| b.is_ascii_alphanumeric()) {
            ErrorKind::InvalidSid(sid.value.clone())
        } else if !sid.value.is_empty()
            && policy.statements[..position]
                .iter()
                .any(|earlier| earlier.sid.as_ref().is_some_and(|s| s.value == sid.value))
        {
            ErrorKind::DuplicateSid(sid.value.clone())
        } else {
            continue;
        };
        errors.push(PolicyError {
            kind,
            span: sid.span,
            path: format!("{}.Sid", policy.statement_path(statement.index)),
        });
    }
}

fn check_characters(policy: &Policy, source: &str, errors: &mut Vec<PolicyError>) {
    let Some(text) = policy.span.slice(source) else {
        return;
    };
    if text.is_ascii() {
        return;
    }
    let allowed = |c: char| matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{ff}');
    if let Some((offset, c)) = text.char_indices().find(|&(_, c)| !allowed(c)) {
        let start = policy.span.start as usize + offset;
        errors.push(PolicyError {
            kind: ErrorKind::CharacterNotAllowed(c),
            span: Span::new(start, start + c.len_utf8()),
            path: "$".to_owned(),
        });
    }
}

#[cfg(test)]
mod name_tests {
    use super::PolicyKind;

    #[test]
    fn kinds_read_back_from_their_names_and_short_names() {
        for kind in PolicyKind::ALL {
            assert_eq!(PolicyKind::from_name(kind.name()), Some(kind));
        }
        assert_eq!(
            PolicyKind::from_name("boundary"),
            Some(PolicyKind::PermissionsBoundary)
        );
        assert_eq!(
            PolicyKind::from_name("scp"),
            Some(PolicyKind::ServiceControl)
        );
        assert_eq!(
            PolicyKind::from_name("rcp"),
            Some(PolicyKind::ResourceControl)
        );
        assert_eq!(PolicyKind::from_name("Identity"), None);
    }
}
