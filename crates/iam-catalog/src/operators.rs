//! The condition operators of the IAM policy language, for completion: every base operator
//! and its `...IfExists`, `ForAllValues:` and `ForAnyValue:` forms.

use std::fmt;

use crate::model::{KeyType, ValueType};

/// Which kind of values an operator compares.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum OperatorFamily {
    /// `String*`.
    String,
    /// `Numeric*`.
    Numeric,
    /// `Date*`.
    Date,
    /// `Bool`.
    Bool,
    /// `BinaryEquals`.
    Binary,
    /// `IpAddress`, `NotIpAddress`.
    IpAddress,
    /// `Arn*`.
    Arn,
    /// `Null`: tests whether the key is present, whatever its type.
    Null,
}

/// An operator without `IfExists` or a set qualifier, e.g. `StringLike`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct BaseOperator {
    /// The operator's name.
    pub name: &'static str,
    /// What it compares.
    pub family: OperatorFamily,
}

const fn op(name: &'static str, family: OperatorFamily) -> BaseOperator {
    BaseOperator { name, family }
}

impl BaseOperator {
    /// Every base operator, as listed in the IAM User Guide's condition operator reference.
    pub const ALL: &'static [BaseOperator] = &[
        op("StringEquals", OperatorFamily::String),
        op("StringNotEquals", OperatorFamily::String),
        op("StringEqualsIgnoreCase", OperatorFamily::String),
        op("StringNotEqualsIgnoreCase", OperatorFamily::String),
        op("StringLike", OperatorFamily::String),
        op("StringNotLike", OperatorFamily::String),
        op("NumericEquals", OperatorFamily::Numeric),
        op("NumericNotEquals", OperatorFamily::Numeric),
        op("NumericLessThan", OperatorFamily::Numeric),
        op("NumericLessThanEquals", OperatorFamily::Numeric),
        op("NumericGreaterThan", OperatorFamily::Numeric),
        op("NumericGreaterThanEquals", OperatorFamily::Numeric),
        op("DateEquals", OperatorFamily::Date),
        op("DateNotEquals", OperatorFamily::Date),
        op("DateLessThan", OperatorFamily::Date),
        op("DateLessThanEquals", OperatorFamily::Date),
        op("DateGreaterThan", OperatorFamily::Date),
        op("DateGreaterThanEquals", OperatorFamily::Date),
        op("Bool", OperatorFamily::Bool),
        op("BinaryEquals", OperatorFamily::Binary),
        op("IpAddress", OperatorFamily::IpAddress),
        op("NotIpAddress", OperatorFamily::IpAddress),
        op("ArnEquals", OperatorFamily::Arn),
        op("ArnLike", OperatorFamily::Arn),
        op("ArnNotEquals", OperatorFamily::Arn),
        op("ArnNotLike", OperatorFamily::Arn),
        op("Null", OperatorFamily::Null),
    ];
}

/// `ForAllValues:` or `ForAnyValue:`, for multivalued keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SetQualifier {
    /// `ForAllValues:` — every request value must match.
    ForAllValues,
    /// `ForAnyValue:` — at least one request value must match.
    ForAnyValue,
}

impl SetQualifier {
    /// The qualifier with its trailing colon.
    pub fn as_str(self) -> &'static str {
        match self {
            SetQualifier::ForAllValues => "ForAllValues:",
            SetQualifier::ForAnyValue => "ForAnyValue:",
        }
    }
}

/// A complete operator as written in a `Condition` block, e.g. `ForAnyValue:StringLikeIfExists`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ConditionOperator {
    /// The base operator.
    pub base: BaseOperator,
    /// Whether `IfExists` is appended (never for `Null`).
    pub if_exists: bool,
    /// The set qualifier, if any (never for `Null`).
    pub set: Option<SetQualifier>,
}

impl ConditionOperator {
    /// Whether the operator suits a key of type `key_type`: same family (ARN keys also take
    /// `String*`), and a set qualifier only on multivalued keys. `Null` suits every key.
    pub fn applies_to(&self, key_type: KeyType) -> bool {
        let family_fits = match (self.base.family, key_type.value) {
            (OperatorFamily::Null, _) => true,
            (OperatorFamily::String, ValueType::String | ValueType::Arn) => true,
            (family, value) => family == family_of(value),
        };
        family_fits && (self.set.is_none() || key_type.multivalued)
    }
}

fn family_of(value: ValueType) -> OperatorFamily {
    match value {
        ValueType::String => OperatorFamily::String,
        ValueType::Arn => OperatorFamily::Arn,
        ValueType::Numeric => OperatorFamily::Numeric,
        ValueType::Date => OperatorFamily::Date,
        ValueType::Bool => OperatorFamily::Bool,
        ValueType::IpAddress => OperatorFamily::IpAddress,
        ValueType::Binary => OperatorFamily::Binary,
    }
}

impl fmt::Display for ConditionOperator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(set) = self.set {
            f.write_str(set.as_str())?;
        }
        f.write_str(self.base.name)?;
        if self.if_exists {
            f.write_str("IfExists")?;
        }
        Ok(())
    }
}

/// Every operator form: each base operator, its `IfExists` form, and both with each set
/// qualifier (`Null` has only its plain form).
pub fn condition_operators() -> impl Iterator<Item = ConditionOperator> {
    let sets = [
        None,
        Some(SetQualifier::ForAllValues),
        Some(SetQualifier::ForAnyValue),
    ];
    sets.into_iter().flat_map(|set| {
        BaseOperator::ALL.iter().flat_map(move |&base| {
            [false, true]
                .into_iter()
                .map(move |if_exists| ConditionOperator {
                    base,
                    if_exists,
                    set,
                })
                .filter(|o| {
                    o.base.family != OperatorFamily::Null || (!o.if_exists && o.set.is_none())
                })
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_every_form_once() {
        let names: Vec<String> = condition_operators().map(|o| o.to_string()).collect();
        // 26 operators × (plain, IfExists) × (none, ForAllValues, ForAnyValue) + Null.
        assert_eq!(names.len(), 26 * 2 * 3 + 1);
        for expected in [
            "StringEquals",
            "NumericLessThanIfExists",
            "ForAnyValue:StringLike",
            "ForAllValues:ArnLikeIfExists",
            "Null",
            "BinaryEquals",
            "NotIpAddress",
        ] {
            assert!(names.iter().any(|n| n == expected), "{expected} missing");
        }
        assert!(
            !names
                .iter()
                .any(|n| n == "NullIfExists" || n == "ForAnyValue:Null")
        );
        let unique: std::collections::HashSet<&String> = names.iter().collect();
        assert_eq!(unique.len(), names.len());
    }

    #[test]
    fn filters_by_key_type() {
        let string = KeyType::parse("String").unwrap();
        let tags = KeyType::parse("ArrayOfString").unwrap();
        let arn = KeyType::parse("ARN").unwrap();
        let named = |name: &str| {
            condition_operators()
                .find(|o| o.to_string() == name)
                .unwrap()
        };
        assert!(named("StringLike").applies_to(string));
        assert!(named("StringLike").applies_to(arn));
        assert!(named("ArnLike").applies_to(arn));
        assert!(!named("ArnLike").applies_to(string));
        assert!(!named("ForAnyValue:StringLike").applies_to(string));
        assert!(named("ForAnyValue:StringLike").applies_to(tags));
        assert!(named("Null").applies_to(KeyType::parse("Date").unwrap()));
    }
}
