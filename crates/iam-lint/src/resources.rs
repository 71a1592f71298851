//! `Resource` / `NotResource`: ARN shape per service (partition, Region, account, resource
//! type), resources no action uses and actions no resource fits, redundant entries, and policy
//! variables.

use iam_catalog::{Catalog, ResourceTypeRef};
use iam_policy::Span;
use iam_policy::Statement;
use iam_policy::ast::{Effect, ResourceItem, ResourcePattern};
use iam_policy::template::{Template, malformed_variable};

use crate::checks::*;
use crate::context::Linter;
use crate::keys;
use crate::subset::resource_covers;
use crate::suggest;

pub(crate) fn check(l: &mut Linter<'_>, statement: &Statement) {
    let Some(block) = &statement.resource else {
        return;
    };
    let element = if block.negated {
        "NotResource"
    } else {
        "Resource"
    };
    let mut types = Vec::with_capacity(block.items.len());
    for item in &block.items {
        if matches!(item.pattern, ResourcePattern::Any) {
            types.push(None);
            continue;
        }
        types.push(check_arn(l, item));
        check_variables(l, &item.text, item.span);
    }
    for (position, item) in block.items.iter().enumerate() {
        if has_arn_error(l, item.span) {
            continue;
        }
        let covering = block.items.iter().enumerate().find(|&(other, o)| {
            other != position
                && resource_covers(o, item)
                && (other < position || !resource_covers(item, o))
        });
        if let Some((_, other)) = covering {
            let message = if other.text == item.text {
                format!("`{}` is listed twice in `{element}`: remove one", item.text)
            } else {
                format!(
                    "`{}` is already covered by `{}` in this `{element}`: remove it",
                    item.text, other.text
                )
            };
            l.emit(REDUNDANT_RESOURCE, item.span, message);
        }
    }
    if !block.negated && !statement.action.negated {
        if let Some(catalog) = l.catalog {
            check_matching(l, catalog, statement, &block.items, &types);
        }
    }
}

/// Whether a resource entry already has an error about its ARN (other findings on it would be
/// noise until it is fixed).
fn has_arn_error(l: &Linter<'_>, span: Span) -> bool {
    [
        ARN_PARTITION,
        ARN_SERVICE,
        ARN_REGION,
        ARN_ACCOUNT,
        ARN_RESOURCE_TYPE,
        MALFORMED_VARIABLE,
    ]
    .iter()
    .any(|code| l.reported(code, span))
}

/// Malformed `${...}` and variables that never resolve, in a value where IAM substitutes
/// variables (resources, string and ARN condition values).
pub(crate) fn check_variables(l: &mut Linter<'_>, text: &str, span: Span) {
    if !l.policy.version.substitutes_variables() || !text.contains("${") {
        return;
    }
    if let Some(problem) = malformed_variable(text) {
        l.emit(
            MALFORMED_VARIABLE,
            span,
            format!("{problem}; as written it is compared as literal text"),
        );
    }
    let Some(catalog) = l.catalog else { return };
    let template = Template::parse(text, true);
    for key in template.variables() {
        if keys::is_provider_key(key) {
            continue;
        }
        match l.condition_key(key) {
            None => {
                let written = variable_as_written(text, key);
                let hint = crate::conditions::suggest_key(catalog, written)
                    .map(|s| format!("; did you mean `${{{s}}}`?"))
                    .unwrap_or_else(|| ": use a global key such as `${aws:username}` or `${aws:PrincipalTag/team}`".to_owned());
                l.emit(
                    UNKNOWN_VARIABLE,
                    span,
                    format!("`${{{written}}}` names no known condition key, so it never has a value and this entry matches nothing{hint}"),
                );
            }
            Some(info) if info.is_multivalued() => l.emit(
                UNKNOWN_VARIABLE,
                span,
                format!("`${{{}}}` is a multivalued key, which cannot be used as a policy variable: test it in a condition with `ForAnyValue:`/`ForAllValues:` instead", info.name()),
            ),
            Some(_) => {}
        }
    }
}

/// The key of the variable `key_lower` as written in `text` (variables are stored lower-cased).
pub(crate) fn variable_as_written<'t>(text: &'t str, key_lower: &'t str) -> &'t str {
    let mut rest = text;
    while let Some(open) = rest.find("${") {
        let inside = &rest[open + 2..];
        let Some(close) = inside.find('}') else { break };
        let key = inside[..close].split(',').next().unwrap_or("").trim();
        if key.eq_ignore_ascii_case(key_lower) {
            return key;
        }
        rest = &inside[close + 1..];
    }
    key_lower
}

/// `text` with every `${...}` replaced by `*`, for matching against ARN templates.
fn matchable(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find("${") {
        out.push_str(&rest[..open]);
        match rest[open..].find('}') {
            Some(close) => {
                out.push('*');
                rest = &rest[open + close + 1..];
            }
            None => {
                rest = &rest[open..];
                break;
            }
        }
    }
    out.push_str(rest);
    out
}

fn has_pattern(text: &str) -> bool {
    text.contains(['*', '?']) || text.contains("${")
}

/// The service component of an ARN template.
fn template_service(template: &str) -> &str {
    template.split(':').nth(2).unwrap_or("")
}

/// The literal start of an ARN's resource part, up to the first wildcard or variable.
fn literal_start(resource: &str) -> &str {
    let end = resource.find(['*', '?', '$']).unwrap_or(resource.len());
    &resource[..end]
}

/// The resource type whose leading keyword (`role/`, `table/`, `log-group:`) is closest to the
/// one written, with the resource part corrected to it (`roles/app` → `role/app`).
fn closest_type<'c>(
    types: &[ResourceTypeRef<'c>],
    resource: &str,
) -> Option<(ResourceTypeRef<'c>, String)> {
    let cut = resource.find(['/', ':'])?;
    let (keyword, rest) = resource.split_at(cut);
    let mut best: Option<(usize, ResourceTypeRef<'c>, &str)> = None;
    for t in types {
        let template = t.arn_template().splitn(6, ':').nth(5).unwrap_or("");
        let Some(end) = template.find(['/', ':']) else {
            continue;
        };
        let candidate = &template[..end];
        if candidate.contains(['$', '*']) || candidate.is_empty() {
            continue;
        }
        if let Some(d) = suggest::distance(keyword, candidate, suggest::limit_for(keyword)) {
            if d > 0 && best.is_none_or(|(b, _, _)| d < b) {
                best = Some((d, *t, candidate));
            }
        }
    }
    best.map(|(_, t, candidate)| (t, format!("{candidate}{rest}")))
}

/// Whether the literal pieces of a template's resource part (between its `${...}` variables and
/// `*`s) appear in order in `resource`, a resource without wildcards: a quick necessary
/// condition for the template to match it.
fn chunks_in_order(template: &str, resource: &str) -> bool {
    let mut rest = resource;
    let mut text = template;
    loop {
        let cut = match (text.find("${"), text.find('*')) {
            (Some(a), Some(b)) => a.min(b),
            (Some(a), None) => a,
            (None, Some(b)) => b,
            (None, None) => text.len(),
        };
        let chunk = &text[..cut];
        if !chunk.is_empty() {
            match rest.find(chunk) {
                Some(at) => rest = &rest[at + chunk.len()..],
                None => return false,
            }
        }
        if cut == text.len() {
            return true;
        }
        text = &text[cut..];
        let skip = if text.starts_with('*') {
            1
        } else {
            text.find('}').map_or(text.len(), |close| close + 1)
        };
        text = &text[skip..];
    }
}

/// Whether an ARN field as written (`region` or account) can fit a template's field: an empty
/// field only fits an empty or `*` template field, and a non-empty literal never fits an empty
/// one. Wildcards and variables may fit anything.
fn field_may_fit(template: &str, written: &str) -> bool {
    if has_pattern(written) || template.contains('*') {
        return true;
    }
    match (template.is_empty(), written.is_empty()) {
        (true, true) => true,
        (true, false) | (false, true) => false,
        // `${Region}`, `${Account}`, or a literal such as `aws` or `us-west-2`.
        (false, false) => template.contains("${") || template == written,
    }
}

/// The resource types whose ARNs name `service` (usually those of the service with that
/// prefix; a few ARN namespaces belong to another prefix).
pub(crate) fn types_for_service<'c>(
    catalog: &'c Catalog,
    service: &str,
) -> Vec<ResourceTypeRef<'c>> {
    let own: Vec<ResourceTypeRef<'c>> = catalog
        .service(service)
        .into_iter()
        .flat_map(|s| s.resource_types())
        .filter(|r| template_service(r.arn_template()) == service)
        .collect();
    if !own.is_empty() {
        return own;
    }
    catalog
        .resource_types()
        .filter(|r| template_service(r.arn_template()) == service)
        .collect()
}

/// Checks one resource ARN's shape against its service's resource types. Returns the resource
/// types it can match (`None` when that cannot be known: wildcards or variables in the service,
/// no catalogue, or an ARN error already reported).
fn check_arn<'c>(l: &mut Linter<'c>, item: &ResourceItem) -> Option<Vec<ResourceTypeRef<'c>>> {
    let text = item.text.as_str();
    let fields: Vec<&str> = text.splitn(6, ':').collect();
    if fields.len() < 6 {
        let completed: Vec<&str> = (0..6)
            .map(|i| fields.get(i).copied().unwrap_or("*"))
            .collect();
        l.emit(
            ARN_INCOMPLETE,
            item.span,
            format!(
                "`{text}` has {} of the 6 ARN fields; IAM completes it as `{}`: write the whole ARN so the policy says what it matches",
                fields.len(),
                completed.join(":")
            ),
        );
    }
    let partition = fields.get(1).copied().unwrap_or("*");
    if !has_pattern(partition) && !keys::PARTITIONS.contains(&partition) {
        let hint = suggest::closest(partition, keys::PARTITIONS.iter().copied())
            .map(|p| format!("did you mean `{p}`? "))
            .unwrap_or_default();
        l.emit(
            ARN_PARTITION,
            item.span,
            format!("`{partition}` is not an AWS partition, so `{text}` matches nothing: {hint}(partitions: `aws`, `aws-cn`, `aws-us-gov`, `aws-iso`, `aws-iso-b`, ...)"),
        );
        return None;
    }
    let &service = fields.get(2)?;
    if has_pattern(service) {
        return None;
    }
    let catalog = l.catalog?;
    if service.is_empty() {
        l.emit(
            ARN_SERVICE,
            item.span,
            format!("`{text}` has an empty service field, so it matches nothing: write the service, e.g. `arn:aws:s3:::bucket`"),
        );
        return None;
    }
    let types = l.service_types(service);
    if types.is_empty() {
        let message = match catalog.service(service) {
            Some(s) if s.prefix() != service => format!(
                "ARN service names are lower case and matched exactly: write `{}`, not `{service}`",
                s.prefix()
            ),
            Some(s) => format!(
                "{} has no resource types: its actions only take `\"Resource\": \"*\"`",
                s.name()
            ),
            None => {
                let hint = suggest::closest(service, catalog.services().iter().map(|s| s.prefix()))
                    .map(|p| format!("; did you mean `{p}`?"))
                    .unwrap_or_default();
                format!("no AWS service has ARNs with the service `{service}`{hint}")
            }
        };
        let code = match catalog.service(service) {
            Some(s) if s.prefix() == service => ARN_RESOURCE_TYPE,
            _ => ARN_SERVICE,
        };
        l.emit(code, item.span, message);
        return None;
    }
    let [_, _, _, region, account, resource] = fields.as_slice() else {
        // Incomplete ARNs are completed with `*`: any type of the service may match.
        return Some(types);
    };
    if !region.is_empty() && !has_pattern(region) && !keys::is_region(region) {
        l.emit(
            ARN_REGION,
            item.span,
            format!("`{region}` is not a Region code such as `us-east-1`: fix it or use `*`"),
        );
        return None;
    }
    if !account.is_empty()
        && !has_pattern(account)
        && !keys::is_account_id(account)
        && *account != "aws"
    {
        l.emit(
            ARN_ACCOUNT,
            item.span,
            format!("`{account}` is not a 12-digit account id: fix it or use `*`"),
        );
        return None;
    }
    let start = literal_start(resource);
    let plain = !has_pattern(resource);
    // Types whose resource part can fit (a cheap necessary test) form the pool for messages;
    // those whose Region and account can also fit are the candidates for the real test.
    let shaped: Vec<ResourceTypeRef<'_>> = types
        .iter()
        .copied()
        .filter(|t| {
            let template_resource = t.arn_template().splitn(6, ':').nth(5).unwrap_or("");
            let template_start = literal_start(template_resource);
            (start.starts_with(template_start) || template_start.starts_with(start))
                && (!plain || chunks_in_order(template_resource, resource))
        })
        .collect();
    let candidates: Vec<ResourceTypeRef<'_>> = shaped
        .iter()
        .copied()
        .filter(|t| {
            let mut fields = t.arn_template().splitn(6, ':').skip(3);
            let (template_region, template_account) =
                (fields.next().unwrap_or(""), fields.next().unwrap_or(""));
            field_may_fit(template_region, region) && field_may_fit(template_account, account)
        })
        .collect();
    let arn = matchable(text);
    let matching = l.matching_types(&arn, &candidates);
    if !matching.is_empty() {
        return Some(matching);
    }
    let pool = if shaped.is_empty() { &types } else { &shaped };
    // Which field is wrong: try the ARN with Region and account removed or filled in, and name
    // the type that then fits.
    let region_options: &[&str] = if region.is_empty() {
        &["", "*"]
    } else {
        &[region, ""]
    };
    let account_options: &[&str] = if account.is_empty() {
        &["", "*"]
    } else {
        &[account, ""]
    };
    let mut fixed = None;
    'search: for (ri, r) in region_options.iter().enumerate() {
        for (ai, a) in account_options.iter().enumerate() {
            if ri == 0 && ai == 0 {
                continue;
            }
            let candidate = format!(
                "{}:{}:{}:{r}:{a}:{}",
                fields[0],
                partition,
                service,
                matchable(resource)
            );
            if let Some(fitting) = pool.iter().find(|t| t.can_match(&candidate)) {
                fixed = Some((ri == 1, ai == 1, fitting.name().to_owned()));
                break 'search;
            }
        }
    }
    let service_name = types
        .first()
        .map(|t| t.service().name().to_owned())
        .unwrap_or_default();
    match fixed {
        Some((region_changed, account_changed, type_name)) => {
            let corrected = format!(
                "{}:{}:{}:{}:{}:{}",
                fields[0],
                partition,
                service,
                if region_changed && region.is_empty() {
                    "REGION"
                } else if region_changed {
                    ""
                } else {
                    region
                },
                if account_changed && account.is_empty() {
                    "ACCOUNT"
                } else if account_changed {
                    ""
                } else {
                    account
                },
                resource
            );
            if region_changed {
                let message = if region.is_empty() {
                    format!(
                        "{service_name} `{type_name}` ARNs need a Region: write `{corrected}` (or `*` for any Region)"
                    )
                } else {
                    format!(
                        "{service_name} `{type_name}` ARNs have no Region, so `{text}` matches nothing: write `{corrected}`"
                    )
                };
                l.emit(ARN_REGION, item.span, message);
            }
            if account_changed {
                let message = if account.is_empty() {
                    format!(
                        "{service_name} `{type_name}` ARNs need an account id: write `{corrected}` (or `*` for any account)"
                    )
                } else {
                    format!(
                        "{service_name} `{type_name}` ARNs have no account id, so `{text}` matches nothing: write `{corrected}`"
                    )
                };
                l.emit(ARN_ACCOUNT, item.span, message);
            }
        }
        None => {
            let message = match closest_type(&types, resource) {
                Some((t, corrected)) => format!(
                    "`{text}` matches no resource type of {service_name}; did you mean `{}:{}:{}:{region}:{account}:{corrected}` (`{}`: {})?",
                    fields[0],
                    partition,
                    service,
                    t.name(),
                    t.arn_template()
                ),
                None => {
                    let examples: Vec<&str> =
                        types.iter().take(3).map(|t| t.arn_template()).collect();
                    format!(
                        "`{text}` matches no resource type of {service_name}; its ARNs look like `{}`",
                        examples.join("`, `")
                    )
                }
            };
            l.emit(ARN_RESOURCE_TYPE, item.span, message);
        }
    }
    None
}

/// Resources that no action of the statement acts on, and actions none of whose resource types
/// the statement names. `types[i]` are the resource types `items[i]` can match.
fn check_matching(
    l: &mut Linter<'_>,
    catalog: &Catalog,
    statement: &Statement,
    items: &[ResourceItem],
    types: &[Option<Vec<ResourceTypeRef<'_>>>],
) {
    let actions = &statement.action.items;
    let open = actions.iter().any(|a| {
        a.text == "*"
            || a.text.contains("${")
            || a.text
                .split_once(':')
                .is_some_and(|(p, _)| p.contains(['*', '?']))
    });
    if actions.is_empty() || open {
        return;
    }
    if items
        .iter()
        .any(|i| matches!(i.pattern, ResourcePattern::Any))
    {
        return;
    }
    let deny = statement.effect.value == Effect::Deny;
    let verb = if deny { "deny" } else { "grant" };
    // Every resource type any covered action acts on.
    // Resource types are compared by ARN template: a service may list another's type (STS's
    // `role` is IAM's role ARN).
    let mut acted_on: Vec<&str> = Vec::new();
    let mut known_action = false;
    for item in actions {
        // `service:*`: every resource type of the service, without expanding its actions.
        let whole_service = item
            .text
            .split_once(':')
            .filter(|(_, name)| *name == "*")
            .and_then(|(prefix, _)| catalog.service(prefix));
        if let Some(service) = whole_service {
            known_action = true;
            acted_on.extend(service.resource_types().map(|t| t.arn_template()));
            continue;
        }
        for action in l.expand(&item.text) {
            known_action = true;
            for t in action.resource_types() {
                let template = t.resource_type.arn_template();
                if !acted_on.contains(&template) {
                    acted_on.push(template);
                }
            }
        }
    }
    if !known_action {
        return;
    }
    for (item, item_types) in items.iter().zip(types) {
        let Some(item_types) = item_types.as_deref().filter(|t| !t.is_empty()) else {
            continue;
        };
        if has_arn_error(l, item.span) {
            continue;
        }
        let used = item_types
            .iter()
            .any(|t| acted_on.contains(&t.arn_template()));
        if !used {
            let kind = item_types
                .first()
                .map(|t| format!(" ({} `{}`)", t.service().name(), t.name()))
                .unwrap_or_default();
            l.emit(
                RESOURCE_MISMATCH,
                item.span,
                format!(
                    "none of the statement's actions act on `{}`{kind}, so it has no effect here: remove it or add the actions meant for it",
                    item.text
                ),
            );
        }
    }
    // The action side needs every resource's types.
    if types.iter().any(|t| t.as_ref().is_none_or(Vec::is_empty)) {
        return;
    }
    let named: Vec<&str> = types
        .iter()
        .flatten()
        .flatten()
        .map(|t| t.arn_template())
        .collect();
    for action_item in actions {
        if action_item.text.contains(['*', '?']) {
            continue;
        }
        let Some(action) = catalog.action(&action_item.text) else {
            continue;
        };
        let action_types: Vec<_> = action.resource_types().collect();
        if action_types
            .iter()
            .any(|t| named.contains(&t.resource_type.arn_template()))
        {
            continue;
        }
        let name = action.qualified_name();
        let message = if action_types.is_empty() {
            format!(
                "`{name}` does not support resource-level permissions: it only matches `\"Resource\": \"*\"`, so this statement does not {verb} it; move it to a statement with `\"Resource\": \"*\"`"
            )
        } else {
            let listed: Vec<String> = action_types
                .iter()
                .take(3)
                .map(|t| {
                    format!(
                        "`{}` ({})",
                        t.resource_type.name(),
                        t.resource_type.arn_template()
                    )
                })
                .collect();
            format!(
                "`{name}` acts on {}, and none of the statement's resources is one, so this statement does not {verb} it: add a matching resource",
                listed.join(", ")
            )
        };
        l.emit(ACTION_RESOURCE_MISMATCH, action_item.span, message);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn region_and_account_fit() {
        assert!(field_may_fit("", ""));
        assert!(!field_may_fit("", "us-east-1"));
        assert!(!field_may_fit("${Region}", ""));
        assert!(field_may_fit("${Region}", "us-east-1"));
        assert!(field_may_fit("${Region}", "*"));
        assert!(field_may_fit("*", ""));
        assert!(field_may_fit("us-west-2", "us-west-2"));
        assert!(!field_may_fit("us-west-2", "eu-west-1"));
    }

    #[test]
    fn template_chunks_must_appear_in_order() {
        assert!(chunks_in_order("table/${TableName}", "table/t"));
        assert!(!chunks_in_order(
            "table/${TableName}/index/${IndexName}",
            "table/t"
        ));
        assert!(chunks_in_order(
            "table/${TableName}/index/${IndexName}",
            "table/t/index/i"
        ));
        assert!(chunks_in_order("${BucketName}/${ObjectName}", "b/k"));
        assert!(!chunks_in_order(
            "log-group:${Name}:log-stream:${S}",
            "log-group:x"
        ));
    }

    #[test]
    fn variables_become_wildcards_for_matching() {
        assert_eq!(
            matchable("arn:aws:s3:::b/${aws:username}/*"),
            "arn:aws:s3:::b/*/*"
        );
        assert_eq!(matchable("arn:aws:s3:::b/${oops"), "arn:aws:s3:::b/${oops");
    }
}
