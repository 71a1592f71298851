//! Condition operators and their typed values.
//!
//! An operator is a base comparison (`StringLike`, `NumericLessThan`, ...) optionally prefixed by
//! a set qualifier (`ForAllValues:` / `ForAnyValue:`) and suffixed by `IfExists`. Policy values are
//! converted once, at parse time, to the type the operator compares (numbers, instants, CIDR
//! blocks, bytes), so evaluation does no parsing of the policy side.

use std::fmt;

use base64::Engine as _;
use ipnet::IpNet;

use crate::arn::ArnPattern;
use crate::glob::{Case, Glob};
use crate::span::Span;
use crate::template::Template;

/// The comparison an operator makes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[allow(missing_docs)]
pub enum OperatorKind {
    StringEquals,
    StringNotEquals,
    StringEqualsIgnoreCase,
    StringNotEqualsIgnoreCase,
    StringLike,
    StringNotLike,
    NumericEquals,
    NumericNotEquals,
    NumericLessThan,
    NumericLessThanEquals,
    NumericGreaterThan,
    NumericGreaterThanEquals,
    DateEquals,
    DateNotEquals,
    DateLessThan,
    DateLessThanEquals,
    DateGreaterThan,
    DateGreaterThanEquals,
    Bool,
    BinaryEquals,
    IpAddress,
    NotIpAddress,
    ArnEquals,
    ArnLike,
    ArnNotEquals,
    ArnNotLike,
    Null,
}

/// The type of value an operator compares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ValueType {
    /// Exact or case-folded string comparison.
    String,
    /// String comparison with `*` and `?` wildcards.
    StringPattern,
    /// Decimal numbers.
    Numeric,
    /// Instants (ISO 8601 or epoch seconds).
    Date,
    /// `true` / `false`.
    Bool,
    /// Base64-encoded bytes.
    Binary,
    /// IPv4 or IPv6 CIDR blocks.
    Ip,
    /// ARNs, matched component by component with wildcards.
    Arn,
    /// Presence test.
    Null,
}

impl OperatorKind {
    /// Every base operator, for completion and diagnostics.
    pub const ALL: [OperatorKind; 27] = [
        OperatorKind::StringEquals,
        OperatorKind::StringNotEquals,
        OperatorKind::StringEqualsIgnoreCase,
        OperatorKind::StringNotEqualsIgnoreCase,
        OperatorKind::StringLike,
        OperatorKind::StringNotLike,
        OperatorKind::NumericEquals,
        OperatorKind::NumericNotEquals,
        OperatorKind::NumericLessThan,
        OperatorKind::NumericLessThanEquals,
        OperatorKind::NumericGreaterThan,
        OperatorKind::NumericGreaterThanEquals,
        OperatorKind::DateEquals,
        OperatorKind::DateNotEquals,
        OperatorKind::DateLessThan,
        OperatorKind::DateLessThanEquals,
        OperatorKind::DateGreaterThan,
        OperatorKind::DateGreaterThanEquals,
        OperatorKind::Bool,
        OperatorKind::BinaryEquals,
        OperatorKind::IpAddress,
        OperatorKind::NotIpAddress,
        OperatorKind::ArnEquals,
        OperatorKind::ArnLike,
        OperatorKind::ArnNotEquals,
        OperatorKind::ArnNotLike,
        OperatorKind::Null,
    ];

    /// The operator's name as written in policies.
    pub fn name(self) -> &'static str {
        use OperatorKind::*;
        match self {
            StringEquals => "StringEquals",
            StringNotEquals => "StringNotEquals",
            StringEqualsIgnoreCase => "StringEqualsIgnoreCase",
            StringNotEqualsIgnoreCase => "StringNotEqualsIgnoreCase",
            StringLike => "StringLike",
            StringNotLike => "StringNotLike",
            NumericEquals => "NumericEquals",
            NumericNotEquals => "NumericNotEquals",
            NumericLessThan => "NumericLessThan",
            NumericLessThanEquals => "NumericLessThanEquals",
            NumericGreaterThan => "NumericGreaterThan",
            NumericGreaterThanEquals => "NumericGreaterThanEquals",
            DateEquals => "DateEquals",
            DateNotEquals => "DateNotEquals",
            DateLessThan => "DateLessThan",
            DateLessThanEquals => "DateLessThanEquals",
            DateGreaterThan => "DateGreaterThan",
            DateGreaterThanEquals => "DateGreaterThanEquals",
            Bool => "Bool",
            BinaryEquals => "BinaryEquals",
            IpAddress => "IpAddress",
            NotIpAddress => "NotIpAddress",
            ArnEquals => "ArnEquals",
            ArnLike => "ArnLike",
            ArnNotEquals => "ArnNotEquals",
            ArnNotLike => "ArnNotLike",
            Null => "Null",
        }
    }

    /// Looks an operator up by its exact name.
    pub fn from_name(name: &str) -> Option<OperatorKind> {
        OperatorKind::ALL
            .into_iter()
            .find(|kind| kind.name() == name)
    }

    /// Negated operators are true when the key matches none of the values (NOR), and true when
    /// the key is absent.
    pub fn is_negated(self) -> bool {
        use OperatorKind::*;
        matches!(
            self,
            StringNotEquals
                | StringNotEqualsIgnoreCase
                | StringNotLike
                | NumericNotEquals
                | DateNotEquals
                | NotIpAddress
                | ArnNotEquals
                | ArnNotLike
        )
    }

    /// What the operator compares.
    pub fn value_type(self) -> ValueType {
        use OperatorKind::*;
        match self {
            StringEquals | StringNotEquals | StringEqualsIgnoreCase | StringNotEqualsIgnoreCase => {
                ValueType::String
            }
            StringLike | StringNotLike => ValueType::StringPattern,
            NumericEquals
            | NumericNotEquals
            | NumericLessThan
            | NumericLessThanEquals
            | NumericGreaterThan
            | NumericGreaterThanEquals => ValueType::Numeric,
            DateEquals
            | DateNotEquals
            | DateLessThan
            | DateLessThanEquals
            | DateGreaterThan
            | DateGreaterThanEquals => ValueType::Date,
            Bool => ValueType::Bool,
            BinaryEquals => ValueType::Binary,
            IpAddress | NotIpAddress => ValueType::Ip,
            ArnEquals | ArnLike | ArnNotEquals | ArnNotLike => ValueType::Arn,
            Null => ValueType::Null,
        }
    }

    /// Whether policy variables are substituted in this operator's values (string and ARN
    /// operators only).
    pub fn accepts_variables(self) -> bool {
        matches!(
            self.value_type(),
            ValueType::String | ValueType::StringPattern | ValueType::Arn
        )
    }
}

/// `ForAllValues:` or `ForAnyValue:`, for multivalued context keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SetQualifier {
    /// Every request value must satisfy the test (true when there are none).
    ForAllValues,
    /// At least one request value must satisfy the test (false when there are none).
    ForAnyValue,
}

/// A full condition operator, e.g. `ForAnyValue:StringLikeIfExists`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Operator {
    /// The base comparison.
    pub kind: OperatorKind,
    /// The set qualifier, if any.
    pub qualifier: Option<SetQualifier>,
    /// Whether the `IfExists` suffix is present (an absent key then passes).
    pub if_exists: bool,
}

impl Operator {
    /// Parses an operator name. `None` for unknown names (IAM rejects them).
    pub fn parse(text: &str) -> Option<Operator> {
        let (qualifier, rest) = if let Some(rest) = text.strip_prefix("ForAllValues:") {
            (Some(SetQualifier::ForAllValues), rest)
        } else if let Some(rest) = text.strip_prefix("ForAnyValue:") {
            (Some(SetQualifier::ForAnyValue), rest)
        } else {
            (None, text)
        };
        let (base, if_exists) = match rest.strip_suffix("IfExists") {
            Some(base) => (base, true),
            None => (rest, false),
        };
        Some(Operator {
            kind: OperatorKind::from_name(base)?,
            qualifier,
            if_exists,
        })
    }

    /// The closest known operator name to an unknown one, for "did you mean" hints.
    pub fn suggest(text: &str) -> Option<String> {
        let lower = text.to_ascii_lowercase();
        let (prefix, rest) = match lower.find(':') {
            Some(i) => (&text[..=i], &lower[i + 1..]),
            None => ("", lower.as_str()),
        };
        let prefix = match prefix.to_ascii_lowercase().as_str() {
            "forallvalues:" => "ForAllValues:",
            "foranyvalue:" => "ForAnyValue:",
            _ => "",
        };
        let (rest, suffix) = match rest.strip_suffix("ifexists") {
            Some(base) => (base, "IfExists"),
            None => (rest, ""),
        };
        OperatorKind::ALL
            .into_iter()
            .find(|kind| kind.name().eq_ignore_ascii_case(rest))
            .map(|kind| format!("{prefix}{}{suffix}", kind.name()))
    }
}

impl fmt::Display for Operator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.qualifier {
            Some(SetQualifier::ForAllValues) => write!(f, "ForAllValues:")?,
            Some(SetQualifier::ForAnyValue) => write!(f, "ForAnyValue:")?,
            None => {}
        }
        write!(f, "{}", self.kind.name())?;
        if self.if_exists {
            write!(f, "IfExists")?;
        }
        Ok(())
    }
}

/// One policy value of a condition, as written and as the operator's type.
#[derive(Clone, Debug)]
pub struct ConditionValue {
    /// The value as written (JSON numbers and booleans as their text).
    pub text: String,
    /// The value converted for the operator.
    pub typed: TypedValue,
    /// Where it is written.
    pub span: Span,
}

/// A policy value converted to the type its operator compares.
#[derive(Clone, Debug)]
pub enum TypedValue {
    /// A string (exact and case-folded operators), possibly with variables.
    Text(Template),
    /// A wildcard pattern (`StringLike`), precompiled when it has no variables.
    Pattern(Template, Option<Glob>),
    /// An ARN pattern (`Arn*` operators), precompiled when it has no variables.
    Arn(Template, Option<ArnPattern>),
    /// A decimal number.
    Number(f64),
    /// An instant, in nanoseconds since the Unix epoch.
    Date(i128),
    /// A boolean.
    Bool(bool),
    /// Bytes decoded from base64.
    Binary(Vec<u8>),
    /// A CIDR block (a bare address is a /32 or /128), host bits cleared.
    Ip(IpNet),
    /// `Null`'s `true` (key must be absent) or `false` (key must be present).
    Null(bool),
    /// A value of the wrong type for its operator: it never matches.
    Invalid(InvalidValue),
}

/// Why a policy value cannot be compared by its operator.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvalidValue {
    /// What was expected, e.g. "a number".
    pub expected: &'static str,
}

impl TypedValue {
    /// Converts the written `text` for `kind`; `substitute` enables policy variables.
    pub fn new(kind: OperatorKind, text: &str, substitute: bool) -> TypedValue {
        let invalid = |expected| TypedValue::Invalid(InvalidValue { expected });
        match kind.value_type() {
            ValueType::String => TypedValue::Text(Template::parse(text, substitute)),
            ValueType::StringPattern => {
                let template = Template::parse(text, substitute);
                let glob = template
                    .as_plain()
                    .map(|plain| Glob::new(plain, Case::Sensitive));
                TypedValue::Pattern(template, glob)
            }
            ValueType::Arn => {
                let template = Template::parse(text, substitute);
                let pattern = template.as_plain().and_then(ArnPattern::new);
                TypedValue::Arn(template, pattern)
            }
            ValueType::Numeric => {
                parse_number(text).map_or(invalid("a number"), TypedValue::Number)
            }
            ValueType::Date => parse_date(text).map_or(
                invalid("a date (ISO 8601 or epoch seconds)"),
                TypedValue::Date,
            ),
            ValueType::Bool => parse_bool(text).map_or(invalid("true or false"), TypedValue::Bool),
            ValueType::Binary => {
                parse_binary(text).map_or(invalid("base64-encoded bytes"), TypedValue::Binary)
            }
            ValueType::Ip => {
                parse_cidr(text).map_or(invalid("an IP address or CIDR block"), TypedValue::Ip)
            }
            ValueType::Null => parse_bool(text).map_or(invalid("true or false"), TypedValue::Null),
        }
    }
}

/// Parses a decimal number as IAM's numeric operators read it.
pub fn parse_number(text: &str) -> Option<f64> {
    let text = text.trim();
    let valid = !text.is_empty()
        && text
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'-' | b'+' | b'.' | b'e' | b'E'));
    valid
        .then(|| text.parse::<f64>().ok())
        .flatten()
        .filter(|n| n.is_finite())
}

/// Parses `true` / `false` (any letter case).
pub fn parse_bool(text: &str) -> Option<bool> {
    if text.eq_ignore_ascii_case("true") {
        Some(true)
    } else if text.eq_ignore_ascii_case("false") {
        Some(false)
    } else {
        None
    }
}

/// Decodes standard base64 (with or without padding).
pub fn parse_binary(text: &str) -> Option<Vec<u8>> {
    let engine = base64::engine::general_purpose::GeneralPurpose::new(
        &base64::alphabet::STANDARD,
        base64::engine::GeneralPurposeConfig::new()
            .with_decode_padding_mode(base64::engine::DecodePaddingMode::Indifferent),
    );
    engine.decode(text.trim()).ok()
}

/// Parses a CIDR block or a bare address, clearing host bits (IAM ignores them).
pub fn parse_cidr(text: &str) -> Option<IpNet> {
    let text = text.trim();
    if let Ok(net) = text.parse::<IpNet>() {
        return Some(net.trunc());
    }
    text.parse::<std::net::IpAddr>().ok().map(IpNet::from)
}

/// Parses a date as IAM's date operators read it: the W3C profiles of ISO 8601 (`YYYY`,
/// `YYYY-MM`, `YYYY-MM-DD`, `YYYY-MM-DDThh:mm[:ss[.s]]TZD`) or epoch seconds. Returns
/// nanoseconds since the Unix epoch. A missing time zone means UTC.
pub fn parse_date(text: &str) -> Option<i128> {
    let text = text.trim();
    if text.len() != 4 && !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit() || b == b'.')
    {
        return parse_epoch(text);
    }
    iso8601(text)
}

fn parse_epoch(text: &str) -> Option<i128> {
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    let seconds: i128 = whole.parse().ok()?;
    let nanos = fraction_nanos(fraction)?;
    Some(seconds * 1_000_000_000 + i128::from(nanos))
}

fn fraction_nanos(fraction: &str) -> Option<u32> {
    if !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let digits: String = fraction
        .chars()
        .chain(std::iter::repeat('0'))
        .take(9)
        .collect();
    digits.parse().ok()
}

fn iso8601(text: &str) -> Option<i128> {
    use time::{Date, Month, PrimitiveDateTime, Time, UtcOffset};
    let (date_part, time_part) = match text.split_once(['T', 't']) {
        Some((d, t)) => (d, Some(t)),
        None => (text, None),
    };
    let mut fields = date_part.split('-');
    let year: i32 = fixed_digits(fields.next()?, 4)?;
    let month: u8 = fields.next().map_or(Some(1), |m| fixed_digits(m, 2))?;
    let day: u8 = fields.next().map_or(Some(1), |d| fixed_digits(d, 2))?;
    if fields.next().is_some() {
        return None;
    }
    let date = Date::from_calendar_date(year, Month::try_from(month).ok()?, day).ok()?;
    let (time, offset) = match time_part {
        None => (Time::MIDNIGHT, UtcOffset::UTC),
        Some(t) => parse_time_and_zone(t)?,
    };
    Some(
        PrimitiveDateTime::new(date, time)
            .assume_offset(offset)
            .unix_timestamp_nanos(),
    )
}

fn parse_time_and_zone(text: &str) -> Option<(time::Time, time::UtcOffset)> {
    let (clock, offset) = if let Some(clock) = text.strip_suffix(['Z', 'z']) {
        (clock, time::UtcOffset::UTC)
    } else if let Some(sign_at) = text.rfind(['+', '-']) {
        let zone = &text[sign_at + 1..];
        let (hours, minutes) = zone.split_once(':')?;
        let sign: i8 = if text[sign_at..].starts_with('-') {
            -1
        } else {
            1
        };
        let offset = time::UtcOffset::from_hms(
            sign * fixed_digits::<i8>(hours, 2)?,
            sign * fixed_digits::<i8>(minutes, 2)?,
            0,
        )
        .ok()?;
        (&text[..sign_at], offset)
    } else {
        (text, time::UtcOffset::UTC)
    };
    let mut fields = clock.split(':');
    let hour: u8 = fixed_digits(fields.next()?, 2)?;
    let minute: u8 = fixed_digits(fields.next()?, 2)?;
    let (second, nanos) = match fields.next() {
        None => (0, 0),
        Some(sec) => {
            let (whole, fraction) = sec.split_once('.').unwrap_or((sec, ""));
            (fixed_digits(whole, 2)?, fraction_nanos(fraction)?)
        }
    };
    if fields.next().is_some() {
        return None;
    }
    Some((
        time::Time::from_hms_nano(hour, minute, second, nanos).ok()?,
        offset,
    ))
}

fn fixed_digits<T: std::str::FromStr>(text: &str, width: usize) -> Option<T> {
    (text.len() == width && text.bytes().all(|b| b.is_ascii_digit()))
        .then(|| text.parse().ok())
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_qualified_and_if_exists_operators() {
        let op = Operator::parse("ForAnyValue:StringLikeIfExists").unwrap();
        assert_eq!(op.kind, OperatorKind::StringLike);
        assert_eq!(op.qualifier, Some(SetQualifier::ForAnyValue));
        assert!(op.if_exists);
        assert_eq!(op.to_string(), "ForAnyValue:StringLikeIfExists");
        assert!(Operator::parse("StringEqual").is_none());
        assert!(Operator::parse("stringequals").is_none());
    }

    #[test]
    fn suggests_the_correct_spelling() {
        assert_eq!(
            Operator::suggest("stringequals").as_deref(),
            Some("StringEquals")
        );
        assert_eq!(
            Operator::suggest("forallvalues:stringlikeifexists").as_deref(),
            Some("ForAllValues:StringLikeIfExists")
        );
        assert_eq!(Operator::suggest("Nonsense"), None);
    }

    #[test]
    fn every_operator_name_round_trips() {
        for kind in OperatorKind::ALL {
            assert_eq!(OperatorKind::from_name(kind.name()), Some(kind));
        }
    }

    #[test]
    fn dates_in_every_w3c_profile_and_epoch() {
        let midnight = 1_704_067_200_000_000_000i128; // 2024-01-01T00:00:00Z
        assert_eq!(parse_date("2024"), Some(midnight));
        assert_eq!(parse_date("2024-01"), Some(midnight));
        assert_eq!(parse_date("2024-01-01"), Some(midnight));
        assert_eq!(parse_date("2024-01-01T00:00Z"), Some(midnight));
        assert_eq!(parse_date("2024-01-01T00:00:00Z"), Some(midnight));
        assert_eq!(parse_date("2024-01-01T01:00:00+01:00"), Some(midnight));
        assert_eq!(parse_date("2023-12-31T19:00:00-05:00"), Some(midnight));
        assert_eq!(
            parse_date("2024-01-01T00:00:00.5Z"),
            Some(midnight + 500_000_000)
        );
        assert_eq!(parse_date("1704067200"), Some(midnight));
        assert_eq!(parse_date("2024-02-30"), None);
        assert_eq!(parse_date("yesterday"), None);
    }

    #[test]
    fn cidrs_mask_host_bits_and_bare_addresses_are_single_hosts() {
        assert_eq!(
            parse_cidr("203.0.113.7/24").unwrap().to_string(),
            "203.0.113.0/24"
        );
        assert_eq!(
            parse_cidr("203.0.113.7").unwrap().to_string(),
            "203.0.113.7/32"
        );
        assert_eq!(
            parse_cidr("2001:DB8::1").unwrap().to_string(),
            "2001:db8::1/128"
        );
        assert!(parse_cidr("300.0.0.1").is_none());
    }

    #[test]
    fn numbers_bools_binary() {
        assert_eq!(parse_number("10"), Some(10.0));
        assert_eq!(parse_number("1.5e2"), Some(150.0));
        assert_eq!(parse_number("ten"), None);
        assert_eq!(parse_number("inf"), None);
        assert_eq!(parse_bool("TRUE"), Some(true));
        assert_eq!(parse_bool("yes"), None);
        assert_eq!(parse_binary("QmluYXJ5").as_deref(), Some(&b"Binary"[..]));
        assert_eq!(parse_binary("QQ").as_deref(), Some(&b"A"[..]));
        assert!(parse_binary("not base64!").is_none());
    }

    #[test]
    fn typed_values_follow_the_operator() {
        assert!(matches!(
            TypedValue::new(OperatorKind::NumericLessThan, "x", true),
            TypedValue::Invalid(_)
        ));
        assert!(matches!(
            TypedValue::new(OperatorKind::StringLike, "a*", true),
            TypedValue::Pattern(_, Some(_))
        ));
        assert!(matches!(
            TypedValue::new(
                OperatorKind::ArnLike,
                "arn:aws:iam::*:role/${aws:username}",
                true
            ),
            TypedValue::Arn(_, None)
        ));
    }
}
