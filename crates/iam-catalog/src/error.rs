//! Why a catalogue could not be loaded.

use std::fmt;

/// An error from [`Catalog::from_bytes`](crate::Catalog::from_bytes): the bytes are not a
/// catalogue this crate can read. Each variant names what is wrong so a stale or corrupt data
/// file is easy to diagnose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CatalogError {
    /// The bytes are not JSON of the catalogue's shape (includes truncated or non-UTF-8 input).
    Malformed(String),
    /// The data was written in a format version this crate does not read.
    UnsupportedFormat {
        /// The version found in the data.
        found: u32,
        /// The version this crate reads.
        expected: u32,
    },
    /// An action has an access level code outside 0..=4.
    UnknownAccessLevel {
        /// `service:Action`.
        action: String,
        /// The code found.
        code: u8,
    },
    /// A condition key has a type this crate does not know (e.g. a new AWS type).
    UnknownConditionType {
        /// The condition key.
        key: String,
        /// The type found.
        type_name: String,
    },
    /// An index into a service's resource types or condition keys is out of range.
    DanglingReference {
        /// The service prefix.
        service: String,
        /// What held the reference.
        referrer: String,
    },
    /// A list that lookups binary-search is not sorted case-insensitively.
    Unsorted {
        /// Which list (e.g. `services`, `s3 actions`).
        list: String,
    },
}

impl fmt::Display for CatalogError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CatalogError::Malformed(message) => write!(f, "catalogue data is malformed: {message}"),
            CatalogError::UnsupportedFormat { found, expected } => {
                write!(
                    f,
                    "catalogue format {found} is not supported (expected {expected})"
                )
            }
            CatalogError::UnknownAccessLevel { action, code } => {
                write!(f, "action {action} has unknown access level code {code}")
            }
            CatalogError::UnknownConditionType { key, type_name } => {
                write!(f, "condition key {key} has unknown type {type_name:?}")
            }
            CatalogError::DanglingReference { service, referrer } => {
                write!(
                    f,
                    "{referrer} in service {service} refers to a missing entry"
                )
            }
            CatalogError::Unsorted { list } => write!(f, "{list} are not sorted by name"),
        }
    }
}

impl std::error::Error for CatalogError {}
