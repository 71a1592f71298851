//! `Action` / `NotAction`: unknown services and actions (with "did you mean"), patterns that
//! match nothing, wildcards in the service prefix, variables, and redundant entries.

use iam_catalog::{Catalog, Service};
use iam_policy::Statement;
use iam_policy::glob::{Case, Glob};

use crate::checks::*;
use crate::context::Linter;
use crate::subset::action_covers;
use crate::suggest;

pub(crate) fn check(l: &mut Linter<'_>, statement: &Statement) {
    let block = &statement.action;
    let element = if block.negated { "NotAction" } else { "Action" };
    for item in &block.items {
        let text = item.text.as_str();
        if text.contains("${") {
            l.emit(
                VARIABLE_NOT_SUPPORTED,
                item.span,
                format!("policy variables are not substituted in `{element}`: `{text}` is compared as written; list the actions instead"),
            );
            continue;
        }
        if text == "*" {
            continue;
        }
        let Some((prefix, name)) = text.split_once(':') else {
            continue;
        };
        if prefix.contains(['*', '?']) {
            l.emit(
                SERVICE_WILDCARD,
                item.span,
                format!("`{text}` has a wildcard in the service prefix, so it covers actions of every matching service, including future ones: name the services"),
            );
        }
        if let Some(catalog) = l.catalog {
            if let Some((code, message)) = catalog_problem(catalog, text, prefix, name) {
                l.emit(code, item.span, message);
            }
        }
    }
    for (position, item) in block.items.iter().enumerate() {
        let broken = [
            UNKNOWN_SERVICE,
            UNKNOWN_ACTION,
            ACTION_MATCHES_NOTHING,
            VARIABLE_NOT_SUPPORTED,
        ]
        .iter()
        .any(|code| l.reported(code, item.span));
        if broken {
            continue;
        }
        let covering = block.items.iter().enumerate().find(|&(other, o)| {
            other != position
                && action_covers(&o.text, &item.text)
                && (other < position || !action_covers(&item.text, &o.text))
        });
        if let Some((_, other)) = covering {
            let message = if other.text.eq_ignore_ascii_case(&item.text) {
                format!("`{}` is listed twice in `{element}`: remove one", item.text)
            } else {
                format!(
                    "`{}` is already covered by `{}` in this `{element}`: remove it",
                    item.text, other.text
                )
            };
            l.emit(REDUNDANT_ACTION, item.span, message);
        }
    }
}

/// What is wrong with an action pattern according to the catalogue, if anything.
fn catalog_problem(
    catalog: &Catalog,
    text: &str,
    prefix: &str,
    name: &str,
) -> Option<(&'static str, String)> {
    let wildcard_name = name.contains(['*', '?']);
    if prefix.contains(['*', '?']) {
        let glob = Glob::new(name, Case::Insensitive);
        let any = catalog
            .services_matching(prefix)
            .any(|s| s.actions().any(|a| glob.is_match(a.name())));
        return (!any).then(|| {
            (
                ACTION_MATCHES_NOTHING,
                format!("`{text}` matches no action of any service: check the spelling"),
            )
        });
    }
    let Some(service) = catalog.service(prefix) else {
        return Some((
            UNKNOWN_SERVICE,
            unknown_service_message(catalog, text, prefix, name),
        ));
    };
    if wildcard_name {
        let glob = Glob::new(name, Case::Insensitive);
        if service.actions().any(|a| glob.is_match(a.name())) {
            return None;
        }
        return Some((
            ACTION_MATCHES_NOTHING,
            format!(
                "`{text}` matches no action of {} (`{}`): check the spelling",
                service.name(),
                service.prefix()
            ),
        ));
    }
    if service.action(name).is_some() {
        return None;
    }
    Some((
        UNKNOWN_ACTION,
        unknown_action_message(catalog, service, text, name),
    ))
}

fn unknown_action_message(catalog: &Catalog, service: &Service, text: &str, name: &str) -> String {
    let prefix = service.prefix();
    let base = format!("{} has no action `{text}`", service.name());
    if let Some(close) = suggest::closest(name, service.actions().map(|a| a.name())) {
        return format!("{base}; did you mean `{prefix}:{close}`?");
    }
    // The right name in the wrong service (`cloudwatch:PutLogEvents` → `logs:PutLogEvents`).
    let elsewhere: Vec<String> = catalog
        .services()
        .iter()
        .filter_map(|s| s.action(name).map(|a| a.qualified_name()))
        .take(3)
        .collect();
    if elsewhere.is_empty() {
        format!("{base}: check the action name in the Service Authorization Reference")
    } else {
        format!("{base}; did you mean `{}`?", elsewhere.join("` or `"))
    }
}

fn unknown_service_message(catalog: &Catalog, text: &str, prefix: &str, name: &str) -> String {
    let base = format!("no AWS service has the prefix `{prefix}` (in `{text}`)");
    // Prefer a close prefix whose service has this action.
    let wildcard = name.contains(['*', '?']);
    let limit = suggest::limit_for(prefix).max(2);
    let mut best: Option<(usize, &Service)> = None;
    for service in catalog.services() {
        let Some(d) = suggest::distance(prefix, service.prefix(), limit) else {
            continue;
        };
        let has_action = wildcard || service.action(name).is_some();
        let better = best.is_none_or(|(b, s)| {
            d < b || (d == b && has_action && !wildcard && s.action(name).is_none())
        });
        if better && (has_action || d <= suggest::limit_for(prefix)) {
            best = Some((d, service));
        }
    }
    if let Some((_, service)) = best {
        let suggestion = match service.action(name) {
            Some(action) => action.qualified_name(),
            None => format!("{}:{name}", service.prefix()),
        };
        return format!("{base}; did you mean `{suggestion}`?");
    }
    if !wildcard {
        let elsewhere: Vec<String> = catalog
            .services()
            .iter()
            .filter_map(|s| s.action(name).map(|a| a.qualified_name()))
            .take(3)
            .collect();
        if !elsewhere.is_empty() {
            return format!("{base}; did you mean `{}`?", elsewhere.join("` or `"));
        }
    }
    format!("{base}: check the service prefix in the Service Authorization Reference")
}
