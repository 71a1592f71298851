//! Share links: a value in the URL fragment as `v1.` + base64url(deflate(JSON)).
//!
//! Pure functions, so that the codec is tested natively; `decode` treats its input as hostile
//! (any text can be pasted as a link): it never panics, bounds the inflated size, and says
//! what is wrong with a typed [`PermalinkError`].

use std::fmt;

use base64::Engine;
use base64::alphabet::URL_SAFE;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// The version prefix of the current format (after the `#`).
pub const PREFIX: &str = "v1.";

/// The largest JSON a link may inflate to: far above any real world, far below what would
/// hurt the tab (a "zip bomb" link stops here).
pub const MAX_JSON_BYTES: usize = 4 * 1024 * 1024;

/// Best compression: links are encoded rarely (throttled) and should be short.
const LEVEL: u8 = 9;

/// base64url without padding; padding is accepted when decoding (some tools add it).
const BASE64: GeneralPurpose = GeneralPurpose::new(
    &URL_SAFE,
    GeneralPurposeConfig::new()
        .with_encode_padding(false)
        .with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// Why a fragment could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PermalinkError {
    /// The fragment is empty.
    Empty,
    /// The fragment does not start with a known version (`v1.`); holds what it starts with.
    UnknownVersion(String),
    /// The payload is not base64url.
    Base64,
    /// The payload is not a deflate stream.
    Deflate,
    /// The payload inflates to more than [`MAX_JSON_BYTES`].
    TooLarge,
    /// The JSON does not describe a document; holds serde's message.
    Json(String),
}

impl fmt::Display for PermalinkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PermalinkError::Empty => f.write_str("the link holds no playground state"),
            PermalinkError::UnknownVersion(start) => write!(
                f,
                "the link's format \"{start}\" is not one this version of the playground reads"
            ),
            PermalinkError::Base64 => f.write_str("the link is damaged (not base64url)"),
            PermalinkError::Deflate => f.write_str("the link is damaged (not compressed data)"),
            PermalinkError::TooLarge => write!(
                f,
                "the link's state is larger than {} MB",
                MAX_JSON_BYTES / (1024 * 1024)
            ),
            PermalinkError::Json(message) => {
                write!(
                    f,
                    "the link's state is not a playground document: {message}"
                )
            }
        }
    }
}

impl std::error::Error for PermalinkError {}

/// Encodes JSON text as a fragment (without the `#`).
pub fn encode_json(json: &str) -> String {
    let packed = miniz_oxide::deflate::compress_to_vec(json.as_bytes(), LEVEL);
    let mut out = String::with_capacity(PREFIX.len() + packed.len() * 4 / 3 + 4);
    out.push_str(PREFIX);
    BASE64.encode_string(&packed, &mut out);
    out
}

/// Decodes a fragment (with or without its leading `#`) back to JSON text.
pub fn decode_json(fragment: &str) -> Result<String, PermalinkError> {
    let fragment = fragment.strip_prefix('#').unwrap_or(fragment).trim();
    if fragment.is_empty() {
        return Err(PermalinkError::Empty);
    }
    let Some(payload) = fragment.strip_prefix(PREFIX) else {
        let start: String = fragment
            .chars()
            .take_while(|c| *c != '.')
            .take(12)
            .collect();
        return Err(PermalinkError::UnknownVersion(start));
    };
    let packed = BASE64
        .decode(payload.as_bytes())
        .map_err(|_| PermalinkError::Base64)?;
    let bytes = miniz_oxide::inflate::decompress_to_vec_with_limit(&packed, MAX_JSON_BYTES)
        .map_err(|error| match error.status {
            miniz_oxide::inflate::TINFLStatus::HasMoreOutput => PermalinkError::TooLarge,
            _ => PermalinkError::Deflate,
        })?;
    String::from_utf8(bytes).map_err(|_| PermalinkError::Json("not UTF-8 text".to_owned()))
}

/// Encodes a value as a fragment.
pub fn encode<T: Serialize>(value: &T) -> Result<String, PermalinkError> {
    let json = serde_json::to_string(value).map_err(|e| PermalinkError::Json(e.to_string()))?;
    Ok(encode_json(&json))
}

/// Decodes a fragment into a value.
pub fn decode<T: DeserializeOwned>(fragment: &str) -> Result<T, PermalinkError> {
    let json = decode_json(fragment)?;
    serde_json::from_str(&json).map_err(|e| PermalinkError::Json(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_json_text() {
        for json in ["{}", "[1,2,3]", r#"{"é":"€😀","a":[true,null]}"#] {
            let fragment = encode_json(json);
            assert!(fragment.starts_with("v1."));
            assert!(
                fragment[3..]
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'),
                "{fragment}"
            );
            assert_eq!(decode_json(&fragment).unwrap(), json);
            assert_eq!(decode_json(&format!("#{fragment}")).unwrap(), json);
        }
    }

    #[test]
    fn rejects_bad_fragments_with_typed_errors() {
        assert_eq!(decode_json(""), Err(PermalinkError::Empty));
        assert_eq!(decode_json("#"), Err(PermalinkError::Empty));
        assert_eq!(
            decode_json("v2.abc"),
            Err(PermalinkError::UnknownVersion("v2".into()))
        );
        assert_eq!(
            decode_json("<script>alert(1)</script>"),
            Err(PermalinkError::UnknownVersion("<script>aler".into()))
        );
        assert_eq!(decode_json("v1.***"), Err(PermalinkError::Base64));
        assert_eq!(decode_json("v1.AAAA"), Err(PermalinkError::Deflate));
        let not_json = encode_json("not json");
        assert!(matches!(
            decode::<serde_json::Value>(&not_json),
            Err(PermalinkError::Json(_))
        ));
    }

    #[test]
    fn padded_base64_is_accepted() {
        let fragment = encode_json("{\"a\":1}");
        let padding = (4 - (fragment.len() - 3) % 4) % 4;
        let padded = format!("{fragment}{}", "=".repeat(padding));
        assert_eq!(decode_json(&padded).unwrap(), "{\"a\":1}");
    }

    #[test]
    fn a_zip_bomb_stops_at_the_limit() {
        let huge = " ".repeat(MAX_JSON_BYTES + 10);
        let fragment = encode_json(&huge);
        assert!(fragment.len() < 20_000, "deflate packs spaces well");
        assert_eq!(decode_json(&fragment), Err(PermalinkError::TooLarge));
    }

    #[test]
    fn typed_values_round_trip() {
        let value = serde_json::json!({"version": 1, "list": ["x", 2.5, false]});
        let fragment = encode(&value).unwrap();
        assert_eq!(decode::<serde_json::Value>(&fragment).unwrap(), value);
    }

    #[cfg(not(target_arch = "wasm32"))]
    mod properties {
        use super::super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn decode_inverts_encode(text in ".{0,400}") {
                prop_assert_eq!(decode_json(&encode_json(&text)).unwrap(), text);
            }

            #[test]
            fn decode_never_panics(fragment in ".{0,200}") {
                let _ = decode_json(&fragment);
                let _ = decode_json(&format!("v1.{fragment}"));
            }

            #[test]
            fn corrupting_a_link_never_panics(text in "[a-z{}\":,]{1,200}", at in 0usize..400, byte in any::<u8>()) {
                let mut fragment = encode_json(&text).into_bytes();
                let at = 3 + at % (fragment.len() - 3);
                fragment[at] = byte;
                let fragment = String::from_utf8_lossy(&fragment).into_owned();
                let _ = decode::<serde_json::Value>(&fragment);
            }
        }
    }
}
