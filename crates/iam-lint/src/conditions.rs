//! `Condition`: unknown and deprecated keys, operators of the wrong type, values of the wrong
//! type or format, set qualifiers, vacuous `IfExists` / `ForAllValues`, literal wildcards,
//! IP ranges, untrustworthy and sensitive keys, paired keys, MFA patterns, and keys the
//! statement's actions never carry.

use std::collections::HashSet;

use ipnet::IpNet;

use iam_catalog::{ActionRef, Catalog, KeyScope, KeyType, Service, ValueType as KeyValue};
use iam_policy::ast::{Condition, Effect};
use iam_policy::condition::{OperatorKind, SetQualifier, TypedValue, ValueType};
use iam_policy::template::Part;
use iam_policy::{Severity, Statement};

use crate::checks::*;
use crate::context::Linter;
use crate::keys;
use crate::resources::check_variables;
use crate::suggest;

pub(crate) fn check(l: &mut Linter<'_>, statement: &Statement) {
    let allow = statement.effect.value == Effect::Allow;
    for (position, condition) in statement.conditions.iter().enumerate() {
        let twin = statement.conditions[..position].iter().find(|e| {
            e.operator_span == condition.operator_span
                && e.key_lower == condition.key_lower
                && e.key != condition.key
        });
        if let Some(twin) = twin {
            l.emit(
                DUPLICATE_CONDITION_KEY,
                condition.key_span,
                format!(
                    "`{}` and `{}` are the same key (condition keys ignore case) in one `{}` block: merge their values under one key",
                    twin.key, condition.key, condition.operator
                ),
            );
        }
        check_values(l, condition);
        check_key(l, statement, condition, allow);
    }
    if l.catalog.is_some() {
        check_key_support(l, statement);
    }
}

fn has_variable_syntax(text: &str) -> bool {
    text.find("${")
        .is_some_and(|open| text[open..].contains('}'))
}

/// Whether the literal (non-escaped) text of a value has `*` or `?`.
fn has_wildcard(typed: &TypedValue, text: &str) -> bool {
    let template = match typed {
        TypedValue::Text(t) | TypedValue::Pattern(t, _) | TypedValue::Arn(t, _) => t,
        _ => return false,
    };
    match template.as_plain() {
        Some(_) => text.contains(['*', '?']),
        None => template
            .parts()
            .iter()
            .any(|p| matches!(p, Part::Text(t) if t.contains(['*', '?']))),
    }
}

fn variables(typed: &TypedValue) -> Vec<String> {
    match typed {
        TypedValue::Text(t) | TypedValue::Pattern(t, _) | TypedValue::Arn(t, _) => {
            t.variables().map(str::to_owned).collect()
        }
        _ => Vec::new(),
    }
}

const PRIVATE_RANGES: [&str; 10] = [
    "10.0.0.0/8",
    "172.16.0.0/12",
    "192.168.0.0/16",
    "127.0.0.0/8",
    "169.254.0.0/16",
    "100.64.0.0/10",
    "0.0.0.0/8",
    "fc00::/7",
    "fe80::/10",
    "::1/128",
];

fn is_private(net: &IpNet) -> bool {
    PRIVATE_RANGES
        .iter()
        .filter_map(|r| r.parse::<IpNet>().ok())
        .any(|range| range.contains(net))
}

fn is_epoch(text: &str) -> bool {
    let text = text.trim();
    text.len() != 4 && !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit() || b == b'.')
}

fn check_values(l: &mut Linter<'_>, c: &Condition) {
    let op = c.operator;
    let key = c.key_lower.as_str();
    let sensitive = keys::SENSITIVE_KEYS.contains(&key);
    let mut ips = 0usize;
    let mut private = Vec::new();
    for value in &c.values {
        let text = value.text.as_str();
        if !op.kind.accepts_variables() && has_variable_syntax(text) {
            l.emit(
                VARIABLE_NOT_SUPPORTED,
                value.span,
                format!(
                    "policy variables are substituted only in string and ARN operators, not in `{}`: `{text}` is compared as written; use a fixed value",
                    op.kind.name()
                ),
            );
            continue;
        }
        match &value.typed {
            TypedValue::Invalid(invalid) => l.emit(
                INVALID_CONDITION_VALUE,
                value.span,
                format!(
                    "`{text}` is not {}, so `{op}` never matches it: write {}",
                    invalid.expected, invalid.expected
                ),
            ),
            TypedValue::Date(_) if is_epoch(text) && key != "aws:epochtime" => l.emit(
                DATE_EPOCH,
                value.span,
                format!("`{text}` is read as epoch seconds, which may not resolve as intended: write an ISO 8601 date such as `2025-01-31T00:00:00Z`"),
            ),
            TypedValue::Bool(b) | TypedValue::Null(b) if text != "true" && text != "false" => {
                l.emit(
                    BOOL_VALUE_CASE,
                    value.span,
                    format!("write the boolean as `{b}` (lower case): `{text}` is not documented to work"),
                );
            }
            TypedValue::Ip(net) => {
                ips += 1;
                if let Ok(written) = text.trim().parse::<IpNet>() {
                    if written != written.trunc() {
                        l.emit(
                            IP_HOST_BITS,
                            value.span,
                            format!(
                                "`{text}` has host bits set after the /{} mask, which IAM ignores: write `{}`",
                                written.prefix_len(),
                                written.trunc()
                            ),
                        );
                    }
                }
                if is_private(net) {
                    private.push(value);
                }
            }
            typed @ (TypedValue::Text(_) | TypedValue::Pattern(..) | TypedValue::Arn(..)) => {
                check_string_value(l, c, text, typed, value.span, sensitive);
            }
            _ => {}
        }
    }
    redundant_values(l, c);
    if op.kind == OperatorKind::Bool && op.qualifier.is_none() && c.values.len() > 1 {
        l.emit(
            BOOL_MULTIPLE_VALUES,
            c.key_span,
            format!(
                "`{}` holds one boolean, so testing it against {} values is either always true or redundant: keep one value",
                c.key,
                c.values.len()
            ),
        );
    }
    if key == "aws:sourceip" && ips > 0 {
        let negated = op.kind == OperatorKind::NotIpAddress;
        if private.len() == ips {
            let effect = if negated {
                "`NotIpAddress` is always true here"
            } else {
                "`IpAddress` never matches"
            };
            l.emit(
                PRIVATE_IP,
                c.key_span,
                format!("`aws:SourceIp` only holds public addresses (it is absent for calls through a VPC endpoint), and every value here is private, so {effect}: use `aws:VpcSourceIp` with `aws:SourceVpc` for traffic from a VPC"),
            );
        } else {
            for value in private {
                l.emit(
                    PRIVATE_IP_SUBSET,
                    value.span,
                    format!("`{}` is a private range, which `aws:SourceIp` never holds: remove it (use `aws:VpcSourceIp` for VPC traffic)", value.text),
                );
            }
        }
    }
}

/// Values listed twice, and bounds made redundant by another value of the same ordering test
/// (values are ORed: `NumericLessThan [10, 20]` is `NumericLessThan 20`).
fn redundant_values(l: &mut Linter<'_>, c: &Condition) {
    let op = c.operator.kind;
    let fold = matches!(
        op,
        OperatorKind::StringEqualsIgnoreCase | OperatorKind::StringNotEqualsIgnoreCase
    );
    for (position, value) in c.values.iter().enumerate() {
        let twice = c.values[..position].iter().any(|earlier| {
            if fold {
                earlier.text.eq_ignore_ascii_case(&value.text)
            } else {
                earlier.text == value.text
            }
        });
        if twice {
            l.emit(
                REDUNDANT_CONDITION_VALUE,
                value.span,
                format!(
                    "`{}` is listed twice for `{}`: remove one",
                    value.text, c.key
                ),
            );
        }
    }
    // For `<`, `<=` the largest value decides; for `>`, `>=` the smallest.
    let upper = match op {
        OperatorKind::NumericLessThan
        | OperatorKind::NumericLessThanEquals
        | OperatorKind::DateLessThan
        | OperatorKind::DateLessThanEquals => true,
        OperatorKind::NumericGreaterThan
        | OperatorKind::NumericGreaterThanEquals
        | OperatorKind::DateGreaterThan
        | OperatorKind::DateGreaterThanEquals => false,
        _ => return,
    };
    let number = |typed: &TypedValue| match typed {
        TypedValue::Number(n) => Some(*n),
        // Instants fit f64 well enough to order them.
        #[allow(clippy::cast_precision_loss)]
        TypedValue::Date(d) => Some(*d as f64),
        _ => None,
    };
    let numbers: Vec<Option<f64>> = c.values.iter().map(|v| number(&v.typed)).collect();
    if numbers.iter().any(Option::is_none) || numbers.len() < 2 {
        return;
    }
    let numbers: Vec<f64> = numbers.into_iter().flatten().collect();
    let best = numbers
        .iter()
        .copied()
        .fold(if upper { f64::MIN } else { f64::MAX }, |a, b| {
            if upper { a.max(b) } else { a.min(b) }
        });
    let Some(keep) = numbers.iter().position(|n| *n == best) else {
        return;
    };
    let kept = &c.values[keep].text;
    let which = if upper { "largest" } else { "smallest" };
    for (position, value) in c.values.iter().enumerate() {
        if position != keep && numbers[position] != best {
            l.emit(
                REDUNDANT_CONDITION_VALUE,
                value.span,
                format!("the values of `{op_name}` are ORed, so only the {which}, `{kept}`, matters: remove `{}`", value.text, op_name = op.name()),
            );
        }
    }
}

fn check_string_value(
    l: &mut Linter<'_>,
    c: &Condition,
    text: &str,
    typed: &TypedValue,
    span: iam_policy::Span,
    sensitive: bool,
) {
    let op = c.operator;
    let wildcard = has_wildcard(typed, text);
    let exact = matches!(
        op.kind,
        OperatorKind::StringEquals
            | OperatorKind::StringNotEquals
            | OperatorKind::StringEqualsIgnoreCase
            | OperatorKind::StringNotEqualsIgnoreCase
    );
    if exact && wildcard {
        let like = if op.kind.is_negated() {
            "StringNotLike"
        } else {
            "StringLike"
        };
        l.emit(
            WILDCARD_WITHOUT_LIKE,
            span,
            format!("`{}` compares `{text}` literally, so `*` and `?` are not wildcards here: use `{like}` to match a pattern", op.kind.name()),
        );
    }
    if sensitive {
        if wildcard && !exact {
            l.emit(
                SENSITIVE_KEY_WILDCARD,
                span,
                format!("`{}` identifies an account, organization or network; the wildcard in `{text}` also matches ones you do not control: list the exact values", c.key),
            );
        }
        for variable in variables(typed) {
            if !keys::is_safe_variable(&variable) {
                let variable = crate::resources::variable_as_written(text, &variable);
                l.emit(
                    SENSITIVE_KEY_WILDCARD,
                    span,
                    format!("`${{{variable}}}` can be set by whoever controls the principal or request, and a value with `*` acts as a wildcard in `{}`: use a fixed value or `${{aws:PrincipalAccount}}`/`${{aws:PrincipalOrgID}}`-style keys", c.key),
                );
            }
        }
    }
    if !wildcard && !has_variable_syntax(text) {
        if let Some(expected) = keys::value_format_problem(&c.key_lower, text) {
            l.emit(
                INVALID_CONDITION_VALUE,
                span,
                format!(
                    "`{text}` is not {expected}, so `{}` never has this value: fix the value",
                    c.key
                ),
            );
        }
    }
    if op.kind.accepts_variables() {
        check_variables(l, text, span);
    }
}

fn family_name(value: KeyValue) -> &'static str {
    match value {
        KeyValue::String => "a String operator (`StringEquals`, `StringLike`...)",
        KeyValue::Arn => "an ARN operator (`ArnLike`, `ArnEquals`...)",
        KeyValue::Numeric => "a Numeric operator (`NumericLessThan`...)",
        KeyValue::Date => "a Date operator (`DateGreaterThan`, `DateLessThan`...)",
        KeyValue::Bool => "`Bool`",
        KeyValue::IpAddress => "`IpAddress` or `NotIpAddress`",
        KeyValue::Binary => "`BinaryEquals`",
    }
}

fn check_key(l: &mut Linter<'_>, statement: &Statement, c: &Condition, allow: bool) {
    let op = c.operator;
    let key = c.key_lower.as_str();
    if op.kind == OperatorKind::Null && op.qualifier.is_some() {
        let always = if op.qualifier == Some(SetQualifier::ForAllValues) {
            "always true"
        } else {
            "always false"
        };
        l.emit(
            NULL_WITH_QUALIFIER,
            c.operator_span,
            format!("`{op}` is {always} whatever the request: use plain `Null` to test whether a key is present"),
        );
    }
    if key == "aws:arn" {
        l.emit(
            DEPRECATED_CONDITION_KEY,
            c.key_span,
            "`aws:ARN` is deprecated and not supported in every context: use `aws:PrincipalArn`"
                .to_owned(),
        );
        return;
    }
    if allow && (key == "aws:referer" || key == "aws:useragent") && !op.kind.is_negated() {
        l.emit(
            UNTRUSTWORTHY_KEY,
            c.key_span,
            format!("callers set `{}` to anything they like, so it does not protect this Allow: use `aws:SourceVpce`, `aws:SourceIp`, `aws:SourceArn` or signed requests instead", c.key),
        );
    }
    let pairs: [(&str, &[&str], &str); 2] = [
        (
            "aws:vpcsourceip",
            &["aws:sourcevpc", "aws:sourcevpce"],
            "private addresses repeat across VPCs: also test `aws:SourceVpc` or `aws:SourceVpce`",
        ),
        (
            "aws:ec2instancesourceprivateipv4",
            &["aws:ec2instancesourcevpc"],
            "private addresses repeat across VPCs: also test `aws:Ec2InstanceSourceVpc`",
        ),
    ];
    for (paired, partners, advice) in pairs {
        if key == paired && !keys::any_key(statement, |k| partners.contains(&k)) {
            l.emit(
                MISSING_PAIRED_KEY,
                c.key_span,
                format!("`{}` alone is not enough: {advice}", c.key),
            );
        }
    }
    if key == "aws:multifactorauthpresent" {
        let has_false = c
            .values
            .iter()
            .any(|v| matches!(v.typed, TypedValue::Bool(false)));
        let null_false = c
            .values
            .iter()
            .any(|v| matches!(v.typed, TypedValue::Null(false)));
        if !allow && op.kind == OperatorKind::Bool && !op.if_exists && has_false {
            l.emit(
                MFA_PATTERN,
                c.key_span,
                "long-term access keys carry no `aws:MultiFactorAuthPresent`, so `Bool` is false for them and this Deny does not apply: use `BoolIfExists`".to_owned(),
            );
        }
        if allow && op.kind == OperatorKind::Null && null_false {
            l.emit(
                MFA_PATTERN,
                c.key_span,
                "`Null: false` only checks that the key is present, and sessions without MFA carry it as `false`: use `\"Bool\": {\"aws:MultiFactorAuthPresent\": \"true\"}`".to_owned(),
            );
        }
    }
    if allow
        && op.if_exists
        && !op.kind.is_negated()
        && op.kind != OperatorKind::Null
        && keys::is_guard_key(key)
    {
        l.emit(
            IF_EXISTS_VACUOUS,
            c.key_span,
            format!("`{op}` passes when the request has no `{}` (e.g. long-term keys carry no MFA key, VPC endpoint calls no source IP), so this Allow also applies to those requests: drop `IfExists` unless that is intended", c.key),
        );
    }
    let info = l.condition_key(&c.key).map(|info| info.key_type());
    // Standard identity-provider claims are strings; `amr` is a list.
    let claim = keys::is_provider_key(key)
        .then(|| key.rsplit_once(':').map(|(_, claim)| claim))
        .flatten()
        .filter(|claim| keys::OIDC_CLAIMS.contains(claim))
        .map(|claim| KeyType {
            value: KeyValue::String,
            multivalued: claim == "amr",
        });
    let mut single_valued = false;
    match (l.catalog, info.or(claim)) {
        (Some(catalog), None) => unknown_key(l, catalog, c),
        (Some(_), Some(key_type)) => {
            check_operator_type(l, c, key_type.value);
            let multivalued = key_type.multivalued || keys::is_multivalued_override(key);
            single_valued = !multivalued;
            if op.kind != OperatorKind::Null {
                match (op.qualifier, multivalued) {
                    (None, true) => l.emit(
                        MISSING_QUALIFIER,
                        c.key_span,
                        format!("`{}` can hold several values: use `ForAnyValue:{}` (at least one value matches) or `ForAllValues:{}` (every value matches, with a `Null` check)", c.key, op.kind.name(), op.kind.name()),
                    ),
                    (Some(SetQualifier::ForAllValues), false) => l.emit(
                        FOR_ALL_VALUES_SINGLE_VALUED,
                        c.key_span,
                        format!("`{}` holds a single value; `ForAllValues:` makes the test true when the key is absent: use `{}` without the qualifier", c.key, op.kind.name()),
                    ),
                    (Some(SetQualifier::ForAnyValue), false) => l.emit(
                        FOR_ANY_VALUE_SINGLE_VALUED,
                        c.key_span,
                        format!("`{}` holds a single value, so `ForAnyValue:` is unnecessary: use `{}`", c.key, op.kind.name()),
                    ),
                    _ => {}
                }
            }
        }
        (None, _) => {}
    }
    if allow
        && op.qualifier == Some(SetQualifier::ForAllValues)
        && !op.kind.is_negated()
        && op.kind != OperatorKind::Null
        && !single_valued
    {
        let presence_checked = statement.conditions.iter().any(|other| {
            other.key_lower == c.key_lower
                && ((other.operator.kind == OperatorKind::Null
                    && other.operator.qualifier.is_none()
                    && other
                        .values
                        .iter()
                        .any(|v| matches!(v.typed, TypedValue::Null(false))))
                    || other.operator.qualifier == Some(SetQualifier::ForAnyValue))
        });
        if !presence_checked {
            l.emit(
                FOR_ALL_VALUES_VACUOUS,
                c.key_span,
                format!("`{op}` is also true when the request has no `{}` at all, so this Allow applies to such requests too: unless that is intended, add `\"Null\": {{\"{}\": \"false\"}}` to require the key", c.key, c.key),
            );
        }
    }
}

fn check_operator_type(l: &mut Linter<'_>, c: &Condition, key_value: KeyValue) {
    let op = c.operator;
    let fits = match (op.kind.value_type(), key_value) {
        (ValueType::Null, _) => true,
        (ValueType::String | ValueType::StringPattern, KeyValue::String) => true,
        // AWS documents String operators as valid for ARN keys too.
        (ValueType::String | ValueType::StringPattern, KeyValue::Arn) => true,
        (ValueType::Arn, KeyValue::Arn) => true,
        (ValueType::Numeric, KeyValue::Numeric) => true,
        (ValueType::Numeric, KeyValue::Date) => c.key_lower == "aws:epochtime",
        (ValueType::Date, KeyValue::Date) => true,
        (ValueType::Bool, KeyValue::Bool) => true,
        (ValueType::Binary, KeyValue::Binary) => true,
        (ValueType::Ip, KeyValue::IpAddress) => true,
        _ => false,
    };
    if !fits {
        l.emit(
            OPERATOR_TYPE_MISMATCH,
            c.key_span,
            format!(
                "`{}` has type {}, but `{}` compares values of another type and will not work as intended: use {}",
                c.key,
                key_value.as_str(),
                op.kind.name(),
                family_name(key_value)
            ),
        );
    }
}

/// A known key close to `key`, as it should be written (templated keys keep the user's tag
/// key: `aws:PrincipalTags/team` → `aws:PrincipalTag/team`).
pub(crate) fn suggest_key(catalog: &Catalog, key: &str) -> Option<String> {
    let (prefix, _) = key.split_once(':')?;
    let mut names: Vec<&str> = Vec::new();
    if prefix.eq_ignore_ascii_case("aws") {
        names.extend(catalog.global_condition_keys().iter().map(|k| k.name()));
    } else if let Some(service) = catalog.service(prefix) {
        names.extend(service.condition_keys().iter().map(|k| k.name()));
    }
    suggest_among(key, &names)
}

fn suggest_among(key: &str, names: &[&str]) -> Option<String> {
    let user_head = key.split_once('/').map(|(head, _)| head);
    let user_tail = key.split_once('/').map(|(_, tail)| tail);
    let mut best: Option<(usize, String)> = None;
    for name in names {
        let templated = name.contains("${") || name.contains('<');
        let (compare, suggestion) = match (templated, user_head, name.split_once('/')) {
            (true, Some(head), Some((name_head, _))) => (
                suggest::distance(head, name_head, suggest::limit_for(head)),
                format!("{name_head}/{}", user_tail.unwrap_or("")),
            ),
            (true, _, _) => continue,
            (false, _, _) => (
                suggest::distance(key, name, suggest::limit_for(key)),
                (*name).to_owned(),
            ),
        };
        if let Some(d) = compare {
            if best.as_ref().is_none_or(|(b, _)| d < *b) {
                best = Some((d, suggestion));
            }
        }
    }
    best.map(|(_, s)| s)
}

fn unknown_key(l: &mut Linter<'_>, catalog: &Catalog, c: &Condition) {
    let key = c.key.as_str();
    let Some((prefix, name)) = key.split_once(':') else {
        l.emit(
            UNKNOWN_CONDITION_KEY,
            c.key_span,
            format!("`{key}` is not a condition key: keys are written `service:name`, e.g. `aws:SourceIp`"),
        );
        return;
    };
    if keys::is_provider_key(key) {
        if keys::OIDC_CLAIMS
            .iter()
            .any(|claim| claim.eq_ignore_ascii_case(name))
        {
            return;
        }
        // Only providers the catalogue documents can be checked; others are the account's own.
        let known: Vec<&str> = keys_with_prefix(catalog, prefix);
        if known.is_empty() {
            return;
        }
        let mut names = known.clone();
        let claims: Vec<String> = keys::OIDC_CLAIMS
            .iter()
            .map(|c| format!("{prefix}:{c}"))
            .collect();
        names.extend(claims.iter().map(String::as_str));
        let hint = suggest_among(key, &names)
            .map(|s| format!("; did you mean `{s}`?"))
            .unwrap_or_default();
        l.emit_as(
            UNKNOWN_CONDITION_KEY,
            Severity::Warning,
            c.key_span,
            format!(
                "`{prefix}` documents no claim `{name}`, so the key is never in the request{hint}"
            ),
        );
        return;
    }
    let message = if prefix.eq_ignore_ascii_case("aws") {
        let hint = suggest_key(catalog, key)
            .map(|s| format!("; did you mean `{s}`?"))
            .unwrap_or_else(|| ": see the global condition keys in the IAM User Guide".to_owned());
        format!("`{key}` is not a global condition key, so it is never in the request{hint}")
    } else if let Some(service) = catalog.service(prefix) {
        let hint = suggest_key(catalog, key)
            .map(|s| format!("; did you mean `{s}`?"))
            .unwrap_or_else(|| {
                format!(
                    ": see {}'s condition keys in the Service Authorization Reference",
                    service.name()
                )
            });
        format!(
            "{} has no condition key `{key}`, so it is never in the request{hint}",
            service.name()
        )
    } else {
        let known = keys_with_prefix(catalog, prefix);
        if known.is_empty() {
            let hint = suggest::closest(prefix, catalog.services().iter().map(Service::prefix))
                .map(|p| format!("; did you mean `{p}:{name}`?"))
                .unwrap_or_default();
            format!("no AWS service has the condition key prefix `{prefix}`{hint}")
        } else {
            let hint = suggest_among(key, &known)
                .map(|s| format!("; did you mean `{s}`?"))
                .unwrap_or_default();
            format!(
                "`{key}` is not a documented condition key, so it is never in the request{hint}"
            )
        }
    };
    l.emit(UNKNOWN_CONDITION_KEY, c.key_span, message);
}

/// Condition keys of any service written with `prefix` (`saml:`, provider hosts). Scans the
/// catalogue: only used once a key is already unknown.
fn keys_with_prefix<'c>(catalog: &'c Catalog, prefix: &str) -> Vec<&'c str> {
    catalog
        .services()
        .iter()
        .flat_map(|s| s.condition_keys())
        .map(|k| k.name())
        .filter(|name| {
            name.split_once(':')
                .is_some_and(|(p, _)| p.eq_ignore_ascii_case(prefix))
        })
        .collect()
}

fn is_tag_key(key_lower: &str) -> bool {
    key_lower.starts_with("aws:requesttag/")
        || key_lower.starts_with("aws:resourcetag/")
        || key_lower == "aws:tagkeys"
}

/// Service keys that none of the statement's actions carry, and tag keys of services without
/// tag-based authorization.
fn check_key_support(l: &mut Linter<'_>, statement: &Statement) {
    if statement.action.negated || statement.conditions.is_empty() {
        return;
    }
    let items = &statement.action.items;
    let open = items.iter().any(|a| {
        a.text == "*"
            || a.text.contains("${")
            || a.text
                .split_once(':')
                .is_some_and(|(p, _)| p.contains(['*', '?']))
    });
    if open || items.is_empty() {
        return;
    }
    let allow = statement.effect.value == Effect::Allow;
    let mut seen = HashSet::new();
    // Expanded on first need: most keys are global and need no expansion.
    let mut expanded: Option<Vec<ActionRef<'_>>> = None;
    for c in &statement.conditions {
        if !seen.insert(c.key_lower.as_str()) || keys::is_provider_key(&c.key) {
            continue;
        }
        let Some(info) = l.condition_key(&c.key) else {
            continue;
        };
        let tag = is_tag_key(&c.key_lower);
        if !tag
            && (matches!(info.scope(), KeyScope::Global { .. }) || c.key_lower.starts_with("aws:"))
        {
            continue;
        }
        let expanded = match &expanded {
            Some(actions) => actions,
            None => expanded.insert(items.iter().flat_map(|item| l.expand(&item.text)).collect()),
        };
        if expanded.is_empty() {
            return;
        }
        if tag {
            let mut services: Vec<&Service> = Vec::new();
            for action in expanded {
                let service = action.service();
                if !services.iter().any(|s| std::ptr::eq(*s, service)) {
                    services.push(service);
                }
            }
            let unsupported: Vec<&str> = services
                .iter()
                .filter(|s| {
                    !s.condition_keys()
                        .iter()
                        .any(|k| k.name().eq_ignore_ascii_case(info.name()))
                })
                .map(|s| s.prefix())
                .collect();
            if unsupported.is_empty() {
                continue;
            }
            let (verb, pronoun) = if unsupported.len() == 1 {
                ("does", "its")
            } else {
                ("do", "their")
            };
            let (severity, effect) = if allow {
                (
                    Severity::Suggestion,
                    format!("this Allow never grants {pronoun} actions"),
                )
            } else {
                (
                    Severity::SecurityWarning,
                    format!("this Deny never applies to {pronoun} actions"),
                )
            };
            l.emit_as(
                TAG_KEY_NOT_SUPPORTED,
                severity,
                c.key_span,
                format!(
                    "`{}` {verb} not support `{}` (no tag-based authorization), so the key is never in {pronoun} requests and {effect}: use another condition for them or move them to a separate statement",
                    unsupported.join("`, `"),
                    info.name()
                ),
            );
            continue;
        }
        let supported = expanded.iter().any(|action| {
            action
                .all_service_condition_keys()
                .any(|k| k.name().eq_ignore_ascii_case(info.name()))
        });
        if !supported {
            let always_true = c.operator.kind.is_negated() || c.operator.if_exists;
            let effect = match (always_true, allow) {
                (true, _) => "the test is always true and restricts nothing",
                (false, true) => "the test never matches and the statement grants nothing",
                (false, false) => "the test never matches and the Deny never applies",
            };
            l.emit(
                CONDITION_KEY_NOT_FOR_ACTION,
                c.key_span,
                format!(
                    "none of the statement's actions support `{}` (Service Authorization Reference), so it is never in their requests: {effect}; use a key these actions support or move the condition to the statement it is meant for",
                    c.key
                ),
            );
        }
    }
}
