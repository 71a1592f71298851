//! `Principal` in trust and resource-based policies: open to everyone, whole accounts without
//! a guard, web identity (OIDC, GitHub Actions) without claim conditions, service principals
//! without a source, and principals whose assume action is missing.

use iam_policy::ast::{Effect, PrincipalEntry, PrincipalKey, Principals};
use iam_policy::condition::TypedValue;
use iam_policy::principal::PrincipalPattern;
use iam_policy::{PolicyKind, Severity, Statement};

use crate::checks::*;
use crate::context::Linter;
use crate::keys;

/// Whether the statement's `Action`/`NotAction` covers `action`.
pub(crate) fn covers_action(statement: &Statement, action: &str) -> bool {
    let listed = statement
        .action
        .items
        .iter()
        .any(|a| a.glob.is_match(action));
    listed != statement.action.negated
}

/// Whether some non-negated, non-`IfExists` condition tests a key accepted by `pred`.
fn restricted_by(statement: &Statement, pred: impl Fn(&str) -> bool) -> bool {
    statement
        .conditions
        .iter()
        .any(|c| !c.operator.kind.is_negated() && !c.operator.if_exists && pred(&c.key_lower))
}

const GITHUB: &str = "token.actions.githubusercontent.com";

/// Services whose roles are assumed by the service for the account's own compute, where
/// confused-deputy keys do not apply (and `aws:SourceAccount` can break the trust).
const COMPUTE_SERVICES: &[&str] = &[
    "ec2.amazonaws.com",
    "lambda.amazonaws.com",
    "edgelambda.amazonaws.com",
    "ecs-tasks.amazonaws.com",
    "eks.amazonaws.com",
    "pods.eks.amazonaws.com",
    "eks-fargate-pods.amazonaws.com",
    "rolesanywhere.amazonaws.com",
];

/// The host of a web identity provider (`arn:...:oidc-provider/HOST` or a built-in host).
fn oidc_host(text: &str) -> Option<&str> {
    if text.contains(":saml-provider/") {
        return None;
    }
    match text.split_once(":oidc-provider/") {
        Some((_, host)) => Some(host),
        None if !text.starts_with("arn:") => Some(text),
        None => None,
    }
}

pub(crate) fn check(l: &mut Linter<'_>, statement: &Statement) {
    let Some(block) = &statement.principal else {
        return;
    };
    if let Principals::Listed(entries) = &block.principals {
        for entry in entries {
            if let PrincipalPattern::UniqueId(id) = &entry.pattern {
                let what = if id.starts_with("AROA") {
                    "role"
                } else {
                    "user or role"
                };
                l.emit(
                    PRINCIPAL_UNIQUE_ID,
                    entry.span,
                    format!("`{id}` is a unique id: IAM writes it where a {what} named here was deleted, and it matches no principal, not even one recreated with the same name: remove it or write the principal's ARN"),
                );
            }
            if entry.text.contains("${") {
                l.emit(
                    VARIABLE_NOT_SUPPORTED,
                    entry.span,
                    format!("policy variables are not substituted in `Principal`: `{}` is compared as written; name the principal, or use `\"*\"` with a condition on `aws:PrincipalArn`", entry.text),
                );
            }
        }
    }
    if block.negated || statement.effect.value != Effect::Allow {
        return;
    }
    match l.kind {
        PolicyKind::Trust => trust(l, statement, &block.principals, block.span),
        PolicyKind::Resource => resource(l, statement, &block.principals, block.span),
        _ => {}
    }
}

fn everyone_spans(principals: &Principals, block_span: iam_policy::Span) -> Vec<iam_policy::Span> {
    match principals {
        Principals::Everyone => vec![block_span],
        Principals::Listed(entries) => entries
            .iter()
            .filter(|e| e.pattern == PrincipalPattern::Anyone)
            .map(|e| e.span)
            .collect(),
    }
}

fn resource(
    l: &mut Linter<'_>,
    statement: &Statement,
    principals: &Principals,
    span: iam_policy::Span,
) {
    if !restricted_by(statement, keys::restricts_caller) {
        for span in everyone_spans(principals, span) {
            l.emit(
                RESOURCE_PUBLIC,
                span,
                "anyone, including anonymous callers, gets these actions on the resource: name the principals, or add a condition on who calls (`aws:PrincipalOrgID`, `aws:PrincipalAccount`, `aws:SourceVpce`...)".to_owned(),
            );
        }
    }
    if let Principals::Listed(entries) = principals {
        for entry in entries {
            if let PrincipalPattern::Service(name) = &entry.pattern {
                service_source(l, statement, entry, name, Severity::Warning);
            }
        }
    }
}

fn service_source(
    l: &mut Linter<'_>,
    statement: &Statement,
    entry: &PrincipalEntry,
    name: &str,
    severity: Severity,
) {
    let sourced = restricted_by(statement, |k| {
        matches!(
            k,
            "aws:sourceaccount"
                | "aws:sourcearn"
                | "aws:sourceorgid"
                | "aws:sourceorgpaths"
                | "aws:sourceowner"
        )
    });
    if !sourced {
        l.emit_as(
            SERVICE_PRINCIPAL_WITHOUT_SOURCE,
            severity,
            entry.span,
            format!("`{name}` acts for every AWS customer: add `aws:SourceAccount` or `aws:SourceArn` (or `aws:SourceOrgID`) so it can only act for your resources (confused deputy)"),
        );
    }
}

fn trust(
    l: &mut Linter<'_>,
    statement: &Statement,
    principals: &Principals,
    span: iam_policy::Span,
) {
    if !restricted_by(statement, keys::restricts_caller) {
        for span in everyone_spans(principals, span) {
            l.emit(
                TRUST_OPEN_TO_EVERYONE,
                span,
                "any principal in any AWS account can assume this role: name the accounts or roles, or add a condition on who calls (`aws:PrincipalOrgID`, `aws:PrincipalArn`, `sts:ExternalId`)".to_owned(),
            );
        }
    }
    let Principals::Listed(entries) = principals else {
        return;
    };
    for entry in entries {
        match &entry.pattern {
            PrincipalPattern::Account { account } => {
                let guarded = restricted_by(statement, |k| {
                    matches!(
                        k,
                        "sts:externalid"
                            | "aws:multifactorauthpresent"
                            | "aws:multifactorauthage"
                            | "aws:principalarn"
                            | "aws:userid"
                            | "aws:username"
                            | "aws:sourceidentity"
                    ) || k.starts_with("aws:principaltag/")
                });
                if !guarded {
                    l.emit(
                        TRUST_ACCOUNT_WITHOUT_CONDITION,
                        entry.span,
                        format!("every principal of account {account} that its own policies allow `sts:AssumeRole` can assume this role: for a third party require `sts:ExternalId`; for people require MFA (`\"Bool\": {{\"aws:MultiFactorAuthPresent\": \"true\"}}`); or name the role or user ARNs"),
                    );
                }
            }
            PrincipalPattern::Service(name) => {
                if name == "rolesanywhere.amazonaws.com" {
                    let missing: Vec<&str> =
                        ["sts:AssumeRole", "sts:TagSession", "sts:SetSourceIdentity"]
                            .into_iter()
                            .filter(|a| !covers_action(statement, a))
                            .collect();
                    if !missing.is_empty() {
                        l.emit(
                            ROLES_ANYWHERE_ACTIONS,
                            entry.span,
                            format!("IAM Roles Anywhere needs `sts:AssumeRole`, `sts:TagSession` and `sts:SetSourceIdentity`: add `{}`", missing.join("`, `")),
                        );
                    }
                }
                if !COMPUTE_SERVICES.contains(&name.as_str()) {
                    service_source(l, statement, entry, name, Severity::Suggestion);
                }
            }
            PrincipalPattern::IdentityProvider(text) => {
                if let Some(host) = oidc_host(text) {
                    web_identity(l, statement, entry, host);
                }
            }
            _ => {}
        }
    }
}

fn web_identity(l: &mut Linter<'_>, statement: &Statement, entry: &PrincipalEntry, host: &str) {
    let host_lower = host.to_ascii_lowercase();
    let claim = |name: &str| format!("{host_lower}:{name}");
    let tested = |name: &str| {
        let key = claim(name);
        restricted_by(statement, |k| k == key)
    };
    if host_lower == GITHUB || host_lower.starts_with("token.actions.githubusercontent.com/") {
        github(l, statement, entry, &claim("sub"));
        return;
    }
    let (ok, needed) = if host_lower == "cognito-identity.amazonaws.com" {
        (
            tested("aud"),
            "`cognito-identity.amazonaws.com:aud` (the identity pool id)".to_owned(),
        )
    } else {
        (
            tested("aud") || tested("sub") || tested("oaud") || tested("azp"),
            format!("`{host}:aud` (the client id) and `{host}:sub` (the identity)"),
        )
    };
    if !ok {
        l.emit(
            OIDC_TRUST_WITHOUT_CONDITIONS,
            entry.span,
            format!("every identity `{host}` issues tokens for can assume this role: add a condition on {needed}"),
        );
    }
}

fn github(l: &mut Linter<'_>, statement: &Statement, entry: &PrincipalEntry, sub_key: &str) {
    let subs: Vec<&iam_policy::condition::ConditionValue> = statement
        .conditions
        .iter()
        .filter(|c| c.key_lower == sub_key && !c.operator.kind.is_negated())
        .flat_map(|c| &c.values)
        .collect();
    if subs.is_empty() {
        l.emit(
            GITHUB_TRUST_WITHOUT_REPO,
            entry.span,
            format!("any GitHub Actions workflow of any repository can assume this role: add `\"StringLike\": {{\"{GITHUB}:sub\": \"repo:ORG/REPO:ref:refs/heads/main\"}}`"),
        );
        return;
    }
    for value in subs {
        let text = match &value.typed {
            TypedValue::Text(_) | TypedValue::Pattern(..) => value.text.as_str(),
            _ => continue,
        };
        let repo = text.strip_prefix("repo:").unwrap_or(text);
        let (org, rest) = repo.split_once('/').unwrap_or((repo, ""));
        if text == "*"
            || !text.starts_with("repo:") && text.starts_with('*')
            || org.contains(['*', '?'])
        {
            l.emit(
                GITHUB_TRUST_WITHOUT_REPO,
                value.span,
                format!("`{text}` matches workflows of every GitHub organization: write `repo:ORG/REPO:...` with your organization and repository"),
            );
        } else if rest.starts_with(['*', '?']) {
            l.emit(
                GITHUB_TRUST_BROAD_SUB,
                value.span,
                format!("`{text}` matches every repository of `{org}`: name the repository (and branch or environment), e.g. `repo:{org}/REPO:ref:refs/heads/main`"),
            );
        }
    }
}

/// Policy-wide: every trust principal needs some Allow statement naming it that grants its
/// assume action.
pub(crate) fn check_policy(l: &mut Linter<'_>) {
    if l.kind != PolicyKind::Trust {
        return;
    }
    let statements = &l.policy.statements;
    let allows: Vec<(&Statement, &Vec<PrincipalEntry>)> = statements
        .iter()
        .filter(|s| s.effect.value == Effect::Allow)
        .filter_map(|s| match &s.principal {
            Some(block) if !block.negated => match &block.principals {
                Principals::Listed(entries) => Some((s, entries)),
                Principals::Everyone => None,
            },
            _ => None,
        })
        .collect();
    let mut found = Vec::new();
    for (_, entries) in &allows {
        for entry in entries.iter() {
            let needed = match (&entry.pattern, entry.key) {
                (_, PrincipalKey::CanonicalUser) => continue,
                (PrincipalPattern::IdentityProvider(text), _)
                    if text.contains(":saml-provider/") =>
                {
                    "sts:AssumeRoleWithSAML"
                }
                (PrincipalPattern::IdentityProvider(_), _) => "sts:AssumeRoleWithWebIdentity",
                _ => "sts:AssumeRole",
            };
            let granted = allows.iter().any(|(s, others)| {
                others
                    .iter()
                    .any(|o| o.key == entry.key && o.text == entry.text)
                    && covers_action(s, needed)
            });
            if !granted {
                found.push((entry.span, entry.text.clone(), needed));
            }
        }
    }
    for (span, text, needed) in found {
        l.emit(
            TRUST_ACTION_MISMATCH,
            span,
            format!("`{text}` assumes roles with `{needed}`, which no statement allows it: add `{needed}` to its statement's actions"),
        );
    }
}
