//! Statement shapes: `Allow *` on `*`, `Allow` with `NotAction`/`NotResource`, `iam:PassRole`,
//! `sts:AssumeRole` and `iam:CreateServiceLinkedRole` on `*`, `Resource: *` where resource-level
//! permissions exist, trust and RCP action rules, and redundant or shadowed statements.

use iam_policy::ast::{Condition, Effect, Principals, ResourceBlock, ResourcePattern};
use iam_policy::kind::RCP_SERVICES;
use iam_policy::{PolicyKind, Span, Statement};

use crate::checks::*;
use crate::context::Linter;
use crate::principals::covers_action;
use crate::subset::{action_covers, resource_covers};

const TRUST_ACTIONS: [&str; 6] = [
    "sts:AssumeRole",
    "sts:AssumeRoleWithSAML",
    "sts:AssumeRoleWithWebIdentity",
    "sts:TagSession",
    "sts:SetSourceIdentity",
    "sts:SetContext",
];

/// The span of the resource entry that makes the statement apply to every resource: a `*`
/// entry, or the whole `NotResource` element.
fn star_resource(block: Option<&ResourceBlock>) -> Option<Span> {
    let block = block?;
    if block.negated {
        return Some(block.span);
    }
    block
        .items
        .iter()
        .find(|i| matches!(i.pattern, ResourcePattern::Any))
        .map(|i| i.span)
}

/// Whether an action entry other than a bare `*` grants `action` (with `negated_too`, a
/// `NotAction` that does not exclude it counts as well).
fn grants_explicitly(statement: &Statement, action: &str, negated_too: bool) -> bool {
    if statement.action.negated {
        return negated_too && covers_action(statement, action);
    }
    statement
        .action
        .items
        .iter()
        .any(|a| a.text != "*" && a.glob.is_match(action))
}

fn tests_key(statement: &Statement, key_lower: &str) -> bool {
    statement
        .conditions
        .iter()
        .any(|c| c.key_lower == key_lower)
}

pub(crate) fn check(l: &mut Linter<'_>, statement: &Statement) {
    match l.kind {
        PolicyKind::Trust => trust_actions(l, statement),
        PolicyKind::ResourceControl => rcp_actions(l, statement),
        _ => {}
    }
    let grants = matches!(l.kind, PolicyKind::Identity | PolicyKind::Resource);
    if statement.effect.value != Effect::Allow || !grants {
        return;
    }
    let action = &statement.action;
    let resource = statement.resource.as_ref();
    let star = star_resource(resource);
    let all_actions = !action.negated && action.items.iter().any(|a| a.text == "*");
    let all_resources = resource.is_some_and(|r| !r.negated && star.is_some())
        || (resource.is_none() && l.kind == PolicyKind::Resource);
    if all_actions && all_resources {
        if let Some(item) = action.items.iter().find(|a| a.text == "*") {
            let limit = if statement.conditions.is_empty() {
                ""
            } else {
                " (only its conditions limit it)"
            };
            l.emit(
                ALLOW_ALL,
                item.span,
                format!("this statement allows every action on every resource{limit}, i.e. full administrator access: grant only the actions and resources needed"),
            );
        }
    }
    if action.negated {
        l.emit(
            ALLOW_NOT_ACTION,
            action.span,
            "`Allow` with `NotAction` grants every action not listed, in every service, including actions AWS adds later: list the allowed actions instead (`NotAction` is safe in a Deny)".to_owned(),
        );
    }
    if let Some(block) = resource.filter(|r| r.negated) {
        l.emit(
            ALLOW_NOT_RESOURCE,
            block.span,
            "`Allow` with `NotResource` grants the actions on every resource not listed, in every service and account: list the allowed resources instead".to_owned(),
        );
    }
    let Some(star) = star else { return };
    let mut flagged = false;
    if grants_explicitly(statement, "iam:PassRole", true)
        && !tests_key(statement, "iam:passedtoservice")
    {
        flagged = true;
        l.emit(
            PASS_ROLE_STAR,
            star,
            "`iam:PassRole` on every role lets the holder hand any role, admin roles included, to any service: name the roles (`arn:aws:iam::ACCOUNT:role/NAME`) and add a `StringEquals` on `iam:PassedToService`".to_owned(),
        );
    }
    if grants_explicitly(statement, "sts:AssumeRole", false) {
        flagged = true;
        l.emit(
            ASSUME_ROLE_STAR,
            star,
            "`sts:AssumeRole` on every role lets the holder assume any role whose trust policy trusts this account or principal: name the roles it needs".to_owned(),
        );
    }
    if grants_explicitly(statement, "iam:CreateServiceLinkedRole", false)
        && !tests_key(statement, "iam:awsservicename")
    {
        flagged = true;
        l.emit(
            CREATE_SLR_STAR,
            star,
            "`iam:CreateServiceLinkedRole` on `*` can create the service-linked role of any service: add a `StringEquals` on `iam:AWSServiceName` or name the role ARNs".to_owned(),
        );
    }
    // Conditions often scope the resources (tags, accounts): only unconditioned statements.
    if !flagged && !all_actions && l.kind == PolicyKind::Identity && statement.conditions.is_empty()
    {
        resource_star(l, statement, star);
    }
}

/// `Resource: *` although every action of the statement supports resource-level permissions.
fn resource_star(l: &mut Linter<'_>, statement: &Statement, star: Span) {
    if l.catalog.is_none() {
        return;
    }
    let Some(block) = &statement.resource else {
        return;
    };
    if block.negated || block.items.len() != 1 || statement.action.negated {
        return;
    }
    let mut count = 0usize;
    for item in &statement.action.items {
        let Some((prefix, _)) = item.text.split_once(':') else {
            return;
        };
        if prefix.contains(['*', '?']) {
            return;
        }
        for action in l.expand(&item.text) {
            if action.resource_types().next().is_none() {
                return;
            }
            count += 1;
        }
    }
    if count > 0 {
        l.emit(
            RESOURCE_STAR,
            star,
            "every action here supports resource-level permissions, but `\"Resource\": \"*\"` grants them on every resource in every account: name the resources (ARNs, with wildcards if needed)".to_owned(),
        );
    }
}

fn trust_actions(l: &mut Linter<'_>, statement: &Statement) {
    if statement.action.negated {
        return;
    }
    for item in &statement.action.items {
        if TRUST_ACTIONS.iter().any(|a| item.glob.is_match(a)) {
            continue;
        }
        if l.reported(UNKNOWN_ACTION, item.span) || l.reported(ACTION_MATCHES_NOTHING, item.span) {
            continue;
        }
        l.emit(
            TRUST_UNSUPPORTED_ACTION,
            item.span,
            format!("a role trust policy only controls `sts:AssumeRole`, `sts:AssumeRoleWithSAML`, `sts:AssumeRoleWithWebIdentity`, `sts:TagSession`, `sts:SetSourceIdentity` and `sts:SetContext`; `{}` has no effect here: grant it in an identity-based policy", item.text),
        );
    }
}

fn rcp_actions(l: &mut Linter<'_>, statement: &Statement) {
    if statement.effect.value != Effect::Deny {
        return;
    }
    for item in &statement.action.items {
        if item.text == "*" {
            l.emit(
                RCP_ACTION,
                item.span,
                format!("a resource control policy cannot deny `\"*\"`: list the actions of the services RCPs cover (`{}`), e.g. `s3:*`", RCP_SERVICES.join("`, `")),
            );
            continue;
        }
        let Some((prefix, _)) = item.text.split_once(':') else {
            continue;
        };
        if prefix.contains(['*', '?']) {
            continue;
        }
        if !RCP_SERVICES.iter().any(|s| s.eq_ignore_ascii_case(prefix)) {
            l.emit_as(
                RCP_ACTION,
                iam_policy::Severity::Warning,
                item.span,
                format!("resource control policies only apply to `{}`; `{}` is never restricted by this RCP: use an SCP for it", RCP_SERVICES.join("`, `"), item.text),
            );
        }
    }
}

// ----- Pairs of statements -----

fn same_conditions(a: &[Condition], b: &[Condition]) -> bool {
    let key = |c: &Condition| {
        let mut values: Vec<&str> = c.values.iter().map(|v| v.text.as_str()).collect();
        values.sort_unstable();
        (
            c.operator.to_string(),
            c.key_lower.clone(),
            values.join("\u{0}"),
        )
    };
    let mut left: Vec<_> = a.iter().map(key).collect();
    let mut right: Vec<_> = b.iter().map(key).collect();
    left.sort();
    right.sort();
    left == right
}

/// Whether every request `inner`'s actions match, `outer`'s match too.
fn actions_covered(inner: &Statement, outer: &Statement) -> bool {
    let (i, o) = (&inner.action, &outer.action);
    match (i.negated, o.negated) {
        (false, false) => i
            .items
            .iter()
            .all(|a| o.items.iter().any(|b| action_covers(&b.text, &a.text))),
        // Inner excludes at least what outer excludes.
        (true, true) => o
            .items
            .iter()
            .all(|b| i.items.iter().any(|a| action_covers(&a.text, &b.text))),
        (false, true) => i.items.iter().all(|a| {
            !a.text.contains(['*', '?']) && !o.items.iter().any(|b| b.glob.is_match(&a.text))
        }),
        (true, false) => o.items.iter().any(|b| b.text == "*"),
    }
}

fn resources_covered(inner: &Statement, outer: &Statement) -> bool {
    match (&inner.resource, &outer.resource) {
        (None, None) => true,
        (Some(i), Some(o)) => match (i.negated, o.negated) {
            (false, false) => i
                .items
                .iter()
                .all(|a| o.items.iter().any(|b| resource_covers(b, a))),
            (true, true) => o
                .items
                .iter()
                .all(|b| i.items.iter().any(|a| resource_covers(a, b))),
            (false, true) => i.items.iter().all(|a| match &a.pattern {
                ResourcePattern::Arn(_) if !a.text.contains(['*', '?']) => {
                    !o.items.iter().any(|b| match &b.pattern {
                        ResourcePattern::Any => true,
                        ResourcePattern::Arn(p) => p.is_match(&a.text),
                        ResourcePattern::WithVariables(_) => true,
                    })
                }
                _ => false,
            }),
            (true, false) => o
                .items
                .iter()
                .any(|b| matches!(b.pattern, ResourcePattern::Any)),
        },
        _ => false,
    }
}

fn principals_covered(inner: &Statement, outer: &Statement) -> bool {
    match (&inner.principal, &outer.principal) {
        (None, None) => true,
        (Some(i), Some(o)) if !i.negated && !o.negated => match (&i.principals, &o.principals) {
            (_, Principals::Everyone) => true,
            (Principals::Everyone, Principals::Listed(_)) => false,
            (Principals::Listed(inner), Principals::Listed(outer)) => inner.iter().all(|e| {
                outer.iter().any(|o| {
                    (o.key == e.key && o.text == e.text)
                        || o.pattern == iam_policy::principal::PrincipalPattern::Anyone
                })
            }),
        },
        _ => false,
    }
}

/// Whether `outer` applies to every request `inner` applies to.
fn statement_covered(inner: &Statement, outer: &Statement) -> bool {
    !inner.action.items.is_empty()
        && actions_covered(inner, outer)
        && resources_covered(inner, outer)
        && principals_covered(inner, outer)
        && (outer.conditions.is_empty() || same_conditions(&inner.conditions, &outer.conditions))
}

/// The lower-case service prefixes a statement's actions belong to; `None` when they are open
/// (`*`, a wildcard prefix, or `NotAction`).
fn services(statement: &Statement) -> Option<Vec<String>> {
    if statement.action.negated {
        return None;
    }
    let mut out: Vec<String> = Vec::new();
    for item in &statement.action.items {
        let (prefix, _) = item.text.split_once(':')?;
        if prefix.contains(['*', '?']) {
            return None;
        }
        let prefix = prefix.to_ascii_lowercase();
        if !out.contains(&prefix) {
            out.push(prefix);
        }
    }
    Some(out)
}

/// A cheap necessary condition for `outer` to cover `inner`: every service of `inner` is one
/// of `outer`'s.
fn may_cover(inner: &Option<Vec<String>>, outer: &Option<Vec<String>>) -> bool {
    match (inner, outer) {
        (_, None) => true,
        (None, Some(_)) => false,
        (Some(i), Some(o)) => i.iter().all(|s| o.contains(s)),
    }
}

pub(crate) fn check_pairs(l: &mut Linter<'_>) {
    let statements = &l.policy.statements;
    let service_sets: Vec<Option<Vec<String>>> = statements.iter().map(services).collect();
    let mut found: Vec<(&'static str, Span, String)> = Vec::new();
    for (i, a) in statements.iter().enumerate() {
        for (j, b) in statements.iter().enumerate() {
            if i == j
                || a.effect.value != b.effect.value
                || !may_cover(&service_sets[i], &service_sets[j])
            {
                continue;
            }
            if statement_covered(a, b) && (j < i || !statement_covered(b, a)) {
                let effect = if a.effect.value == Effect::Allow {
                    "Allow"
                } else {
                    "Deny"
                };
                found.push((
                    REDUNDANT_STATEMENT,
                    a.span,
                    format!(
                        "statement {} adds nothing: statement {} ({effect}) already covers its actions, resources and principals{}; remove it or merge the two",
                        a.label(),
                        b.label(),
                        if b.conditions.is_empty() { " without conditions" } else { " with the same conditions" }
                    ),
                ));
                break;
            }
        }
        if a.effect.value != Effect::Allow {
            continue;
        }
        let shadow = statements
            .iter()
            .zip(&service_sets)
            .find(|(d, d_services)| {
                d.effect.value == Effect::Deny
                    && d.conditions.is_empty()
                    && may_cover(&service_sets[i], d_services)
                    && statement_covered(a, d)
            });
        let shadow = shadow.map(|(d, _)| d);
        if let Some(deny) = shadow {
            found.push((
                ALLOW_SHADOWED_BY_DENY,
                a.span,
                format!(
                    "everything statement {} allows is denied by statement {}, which has no condition, so the Allow has no effect: narrow the Deny or remove the Allow",
                    a.label(),
                    deny.label()
                ),
            ));
        }
    }
    for (code, span, message) in found {
        l.emit(code, span, message);
    }
}
