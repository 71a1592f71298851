//! Condition evaluation (IAM User Guide, "IAM JSON policy elements: Condition operators" and
//! "Multivalued context keys").
//!
//! - Operators, and keys under one operator, are ANDed; values under one key are ORed for
//!   positive operators and NORed for negated ones.
//! - An absent key fails a positive operator and passes a negated one; `...IfExists` passes;
//!   `Null` tests presence.
//! - `ForAllValues:` passes when every request value satisfies the test (vacuously when there
//!   are none); `ForAnyValue:` when at least one does (never when there are none).
//! - A plain operator compares a single value; a key given as a list does not match a plain
//!   positive operator (AWS's policy simulator behaves so) and passes a plain negated one.
//! - Policy variables resolve from the context; a variable without value makes that policy
//!   value match nothing.

use std::net::IpAddr;

use iam_policy::arn::ArnPattern;
use iam_policy::ast::Condition;
use iam_policy::condition::{
    OperatorKind, SetQualifier, TypedValue, parse_binary, parse_bool, parse_date, parse_number,
};
use iam_policy::glob::{Case, Glob};

use crate::context::{Context, ContextValue};

/// Whether one condition (operator + key + values) holds for the context.
pub fn condition_holds(condition: &Condition, context: &Context) -> bool {
    let operator = condition.operator;
    let Some(value) = context.get(&condition.key_lower) else {
        return absent_key_result(condition);
    };
    if operator.kind == OperatorKind::Null {
        return null_test(condition, value.is_empty());
    }
    match (operator.qualifier, value) {
        (None, ContextValue::Single(single)) => single_value_holds(condition, single, context),
        (None, ContextValue::List(_)) => operator.kind.is_negated(),
        (Some(SetQualifier::ForAllValues), value) => value
            .values()
            .iter()
            .all(|v| single_value_holds(condition, v, context)),
        (Some(SetQualifier::ForAnyValue), value) => value
            .values()
            .iter()
            .any(|v| single_value_holds(condition, v, context)),
    }
}

/// The result for a key missing from the context.
pub fn absent_key_result(condition: &Condition) -> bool {
    let operator = condition.operator;
    if operator.kind == OperatorKind::Null {
        return null_test(condition, true);
    }
    if operator.if_exists {
        return true;
    }
    match operator.qualifier {
        Some(SetQualifier::ForAllValues) => true,
        Some(SetQualifier::ForAnyValue) => false,
        None => operator.kind.is_negated(),
    }
}

/// `Null`: a `true` value requires the key to be absent, `false` present (values ORed).
fn null_test(condition: &Condition, absent: bool) -> bool {
    condition
        .values
        .iter()
        .any(|v| matches!(v.typed, TypedValue::Null(expect_absent) if expect_absent == absent))
}

/// Applies the operator to one request value against all policy values.
pub fn single_value_holds(condition: &Condition, request_value: &str, context: &Context) -> bool {
    let any_match = condition.values.iter().any(|policy_value| {
        value_matches(
            condition.operator.kind,
            &policy_value.typed,
            request_value,
            context,
        )
    });
    any_match != condition.operator.kind.is_negated()
}

/// The positive comparison of one request value with one policy value (for a negated
/// operator, whether the value would match its positive counterpart).
pub fn value_matches(
    kind: OperatorKind,
    policy: &TypedValue,
    request: &str,
    context: &Context,
) -> bool {
    use OperatorKind::*;
    let lookup = |key: &str| context.single(key);
    match (kind, policy) {
        (StringEquals | StringNotEquals, TypedValue::Text(template)) => match template.as_plain() {
            Some(plain) => plain == request,
            None => template
                .resolve_text(lookup)
                .is_some_and(|text| text == request),
        },
        (StringEqualsIgnoreCase | StringNotEqualsIgnoreCase, TypedValue::Text(template)) => {
            template
                .resolve_text(lookup)
                .is_some_and(|text| equal_ignoring_case(&text, request))
        }
        (_, TypedValue::Pattern(_, Some(glob))) => glob.is_match(request),
        (_, TypedValue::Pattern(template, None)) => template
            .resolve_tokens(lookup)
            .is_some_and(|tokens| Glob::from_tokens(tokens, Case::Sensitive).is_match(request)),
        (_, TypedValue::Arn(_, Some(pattern))) => pattern.is_match(request),
        (_, TypedValue::Arn(template, None)) => template
            .resolve_tokens(lookup)
            .and_then(|tokens| ArnPattern::from_tokens(&tokens))
            .is_some_and(|pattern| pattern.is_match(request)),
        (_, TypedValue::Number(expected)) => {
            parse_number(request).is_some_and(|actual| compare(kind, actual, *expected))
        }
        (_, TypedValue::Date(expected)) => {
            parse_date(request).is_some_and(|actual| compare(kind, actual, *expected))
        }
        (_, TypedValue::Bool(expected)) => parse_bool(request) == Some(*expected),
        (_, TypedValue::Binary(expected)) => parse_binary(request)
            .map_or(request.as_bytes() == expected.as_slice(), |bytes| {
                &bytes == expected
            }),
        (_, TypedValue::Ip(network)) => request
            .trim()
            .parse::<IpAddr>()
            .is_ok_and(|ip| network.contains(&ip)),
        _ => false,
    }
}

/// Ordered comparison; `Equals`/`NotEquals` compare for equality (negation is applied later).
fn compare<T: PartialOrd>(kind: OperatorKind, actual: T, expected: T) -> bool {
    use OperatorKind::*;
    match kind {
        NumericLessThan | DateLessThan => actual < expected,
        NumericLessThanEquals | DateLessThanEquals => actual <= expected,
        NumericGreaterThan | DateGreaterThan => actual > expected,
        NumericGreaterThanEquals | DateGreaterThanEquals => actual >= expected,
        _ => actual == expected,
    }
}

fn equal_ignoring_case(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b) || a.to_lowercase() == b.to_lowercase()
}

/// The policy values with variables substituted, for explanations (`${aws:username}` →
/// `alice`; unresolvable ones shown as written with a note).
pub fn resolved_policy_values(condition: &Condition, context: &Context) -> Vec<String> {
    condition
        .values
        .iter()
        .map(|value| match &value.typed {
            TypedValue::Text(t) | TypedValue::Pattern(t, _) | TypedValue::Arn(t, _)
                if t.as_plain().is_none() =>
            {
                t.resolve_text(|k| context.single(k))
                    .unwrap_or_else(|| format!("{} (variable has no value)", value.text))
            }
            _ => value.text.clone(),
        })
        .collect()
}
