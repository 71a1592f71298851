//! Document-level checks: Version (and variables that depend on it), size quotas, Sids, and
//! empty arrays and objects.

use iam_policy::ast::{ResourcePattern, Version};
use iam_policy::json::{Node, Value};
use iam_policy::template::Template;
use iam_policy::{PolicyKind, Severity, Span};

use crate::checks::*;
use crate::context::Linter;

pub(crate) fn check(l: &mut Linter<'_>) {
    check_version(l);
    check_size(l);
    check_sids(l);
    check_empties(l);
}

/// Values in which IAM would substitute variables (in a 2012-10-17 policy): resources and
/// string or ARN condition values. Each with its text and span.
fn substitutable_values<'p>(l: &Linter<'p>) -> Vec<(&'p str, Span)> {
    let mut out = Vec::new();
    for statement in &l.policy.statements {
        for item in statement.resource.iter().flat_map(|r| &r.items) {
            if !matches!(item.pattern, ResourcePattern::Any) {
                out.push((item.text.as_str(), item.span));
            }
        }
        for condition in &statement.conditions {
            if condition.operator.kind.accepts_variables() {
                for value in &condition.values {
                    out.push((value.text.as_str(), value.span));
                }
            }
        }
    }
    out
}

fn first_variable(text: &str) -> Option<String> {
    if !text.contains("${") {
        return None;
    }
    let template = Template::parse(text, true);
    template.variables().next().map(str::to_owned)
}

fn check_version(l: &mut Linter<'_>) {
    let version = l.policy.version;
    if version == Version::V2012_10_17 {
        return;
    }
    // SCPs and RCPs without 2012-10-17 are already a parse error.
    if matches!(
        l.kind,
        PolicyKind::ServiceControl | PolicyKind::ResourceControl
    ) {
        return;
    }
    let uses: Vec<(String, Span)> = substitutable_values(l)
        .into_iter()
        .filter_map(|(text, span)| first_variable(text).map(|v| (v, span)))
        .collect();
    let why = match version {
        Version::Missing => "the policy has no `Version`; add `\"Version\": \"2012-10-17\"`",
        _ => "`Version` is 2008-10-17; change it to `\"2012-10-17\"`",
    };
    for (variable, span) in &uses {
        l.emit(
            VERSION_VARIABLES,
            *span,
            format!(
                "`${{{variable}}}` is compared as literal text, not substituted, because {why}"
            ),
        );
    }
    if !uses.is_empty() {
        return;
    }
    match (version, l.policy.version_span) {
        (Version::V2008_10_17, Some(span)) => l.emit(
            OLD_VERSION,
            span,
            "`2008-10-17` is the legacy policy language (no policy variables): use `\"2012-10-17\"`"
                .to_owned(),
        ),
        _ => {
            let span = l.first_char();
            l.emit(
                MISSING_VERSION,
                span,
                "no `Version`: IAM reads the policy with the legacy language, where policy variables stay literal; add `\"Version\": \"2012-10-17\"`".to_owned(),
            );
        }
    }
}

fn check_size(l: &mut Linter<'_>) {
    let Some(text) = l.policy.span.slice(l.text) else {
        return;
    };
    let without_whitespace = || text.chars().filter(|c| !c.is_whitespace()).count();
    let with_whitespace = || text.chars().count();
    let span = l.first_char();
    let (size, limit, severity, message): (usize, usize, Severity, &str) = match l.kind {
        PolicyKind::Identity => {
            let size = without_whitespace();
            if size > 10_240 {
                (
                    size,
                    10_240,
                    Severity::Error,
                    "IAM counts characters without whitespace; no identity policy can be that large (managed 6,144; inline total per role 10,240, per group 5,120, per user 2,048): split it",
                )
            } else {
                (
                    size,
                    6_144,
                    Severity::Warning,
                    "IAM counts characters without whitespace; managed policies are limited to 6,144 and inline policies share 10,240 per role, 5,120 per group and 2,048 per user: split it or attach it inline to a role",
                )
            }
        }
        PolicyKind::PermissionsBoundary => (
            without_whitespace(),
            6_144,
            Severity::Error,
            "a permissions boundary is a managed policy, limited to 6,144 characters without whitespace: shorten it (wildcards, fewer statements)",
        ),
        PolicyKind::Trust => {
            let size = without_whitespace();
            if size > 4_096 {
                (
                    size,
                    4_096,
                    Severity::Error,
                    "role trust policies are limited to 2,048 characters without whitespace, 4,096 at most after a quota increase: shorten it",
                )
            } else {
                (
                    size,
                    2_048,
                    Severity::Warning,
                    "role trust policies are limited to 2,048 characters without whitespace unless the quota is raised (up to 4,096 through Service Quotas)",
                )
            }
        }
        PolicyKind::Session => (
            without_whitespace(),
            2_048,
            Severity::Error,
            "session policies are limited to 2,048 characters: shorten it or pass managed policy ARNs instead",
        ),
        PolicyKind::ServiceControl | PolicyKind::ResourceControl => (
            with_whitespace(),
            5_120,
            Severity::Error,
            "Organizations counts every character, whitespace included (the console strips it when saving): remove whitespace or split the policy",
        ),
        PolicyKind::VpcEndpoint => (
            with_whitespace(),
            20_480,
            Severity::Error,
            "VPC endpoint policies are limited to 20,480 characters, whitespace included",
        ),
        // Resource-based policy quotas are per service (S3 20 KB, SQS 8 KB, KMS 32 KB...).
        PolicyKind::Resource => return,
    };
    if size > limit {
        l.emit_as(
            POLICY_SIZE,
            severity,
            span,
            format!(
                "the policy is {} characters, over the {} allowed for {}: {message}",
                thousands(size),
                thousands(limit),
                l.kind.description()
            ),
        );
    }
}

/// `12345` → `12,345`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn check_sids(l: &mut Linter<'_>) {
    let statements = &l.policy.statements;
    let mut found = Vec::new();
    for (position, statement) in statements.iter().enumerate() {
        let Some(sid) = &statement.sid else { continue };
        if sid.value.is_empty() {
            found.push((
                EMPTY_SID,
                sid.span,
                "the `Sid` is empty: remove it or give the statement a name".to_owned(),
            ));
            continue;
        }
        // IAM policy types reject duplicates outright (a parse error).
        if l.kind.is_iam_stored() {
            continue;
        }
        let duplicate = statements[..position]
            .iter()
            .any(|earlier| earlier.sid.as_ref().is_some_and(|s| s.value == sid.value));
        if duplicate {
            found.push((
                DUPLICATE_SID,
                sid.span,
                format!(
                    "another statement already has the Sid \"{}\": give each statement a unique Sid (some services reject duplicates)",
                    sid.value
                ),
            ));
        }
    }
    for (code, span, message) in found {
        l.emit(code, span, message);
    }
}

fn check_empties(l: &mut Linter<'_>) {
    let mut found = Vec::new();
    let Value::Object(members) = &l.root().value else {
        return;
    };
    for member in members.iter().filter(|m| m.key == "Statement") {
        match &member.value.value {
            Value::Array([]) => found.push((
                EMPTY_ARRAY,
                member.value.span,
                "`Statement` is empty, so the policy allows and denies nothing: add statements"
                    .to_owned(),
            )),
            Value::Array(items) => {
                for item in items.iter() {
                    statement_empties(item, &mut found);
                }
            }
            _ => statement_empties(&member.value, &mut found),
        }
    }
    for (code, span, message) in found {
        l.emit(code, span, message);
    }
}

type Found = Vec<(&'static str, Span, String)>;

fn statement_empties(node: &Node<'_>, found: &mut Found) {
    let Value::Object(members) = &node.value else {
        return;
    };
    for member in members.iter() {
        let key = member.key;
        match (key, &member.value.value) {
            ("Action" | "NotAction", Value::Array([])) => found.push((
                EMPTY_ARRAY,
                member.value.span,
                format!("`{key}` is empty, so the statement matches no action: list actions or remove the statement"),
            )),
            ("Resource" | "NotResource", Value::Array([])) => found.push((
                EMPTY_ARRAY,
                member.value.span,
                format!("`{key}` is empty, so the statement matches no resource: list resources (or \"*\") or remove the statement"),
            )),
            ("Principal" | "NotPrincipal", Value::Object(entries)) => {
                if entries.is_empty() {
                    found.push((
                        EMPTY_OBJECT,
                        member.value.span,
                        format!("`{key}` is an empty object, so it names no one: list principals or remove the statement"),
                    ));
                }
                for entry in entries.iter() {
                    if matches!(&entry.value.value, Value::Array(v) if v.is_empty()) {
                        found.push((
                            EMPTY_ARRAY,
                            entry.value.span,
                            format!("`{}` lists no principal: add principals or remove the key", entry.key),
                        ));
                    }
                }
            }
            ("Condition", Value::Object(operators)) => {
                if operators.is_empty() {
                    found.push((
                        EMPTY_OBJECT,
                        member.value.span,
                        "the `Condition` block is empty: remove it".to_owned(),
                    ));
                }
                for operator in operators.iter() {
                    let Value::Object(keys) = &operator.value.value else {
                        continue;
                    };
                    if keys.is_empty() {
                        found.push((
                            EMPTY_OBJECT,
                            operator.value.span,
                            format!("`{}` tests no key: remove it", operator.key),
                        ));
                    }
                    for key in keys.iter() {
                        if matches!(&key.value.value, Value::Array(v) if v.is_empty()) {
                            found.push((
                                EMPTY_ARRAY,
                                key.value.span,
                                format!(
                                    "`{}` has no values, so `{}` on it never matches (a negated or ForAllValues operator always does): add values or remove the key",
                                    key.key, operator.key
                                ),
                            ));
                        }
                    }
                }
            }
            _ => {}
        }
    }
}
