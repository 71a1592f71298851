//! IAM's naming rules and the deterministic identifiers the world derives.
//!
//! Rules from the IAM User Guide, "IAM and AWS STS quotas, name requirements, and character
//! limits" (reference_iam-quotas.html): names use letters, digits and `+=,.@_-`; user and role
//! names are at most 64 characters, group and policy names 128; paths start and end with `/`
//! and are at most 512 characters.

/// A 64-bit FNV-1a hash: stable across platforms, runs and the wasm build.
pub(crate) fn stable_hash(seed: &str) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in seed.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

/// `length` characters from `alphabet`, derived from `seed`.
pub(crate) fn derived_token(seed: &str, alphabet: &[u8], length: usize) -> String {
    let mut out = String::with_capacity(length);
    let mut hash = stable_hash(seed);
    let mut round = 0u32;
    while out.len() < length {
        if hash == 0 {
            round += 1;
            hash = stable_hash(&format!("{seed}#{round}"));
        }
        let index = (hash % alphabet.len() as u64) as usize;
        out.push(char::from(alphabet.get(index).copied().unwrap_or(b'a')));
        hash /= alphabet.len() as u64;
    }
    out
}

/// Lower-case letters and digits.
pub(crate) const LOWER_ALNUM: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
/// Lower-case hexadecimal digits.
pub(crate) const HEX: &[u8] = b"0123456789abcdef";

/// Why an IAM entity name is invalid, if it is.
pub(crate) fn iam_name_problem(name: &str, max: usize) -> Option<&'static str> {
    if name.is_empty() {
        return Some("a name cannot be empty");
    }
    if name.chars().count() > max {
        return Some(if max == 64 {
            "at most 64 characters"
        } else {
            "at most 128 characters"
        });
    }
    let valid = name
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"+=,.@_-".contains(&b));
    (!valid).then_some("use only letters, digits and + = , . @ _ -")
}

/// Whether `path` is an IAM path: `/`, or `/a/b/`, printable ASCII, at most 512 characters.
pub(crate) fn is_iam_path(path: &str) -> bool {
    path.starts_with('/')
        && path.ends_with('/')
        && path.len() <= 512
        && !path.contains("//")
        && path.bytes().all(|b| (0x21..=0x7e).contains(&b))
}

/// Whether `alias` is an account alias: 3 to 63 lower-case letters, digits and hyphens, not
/// starting or ending with a hyphen.
pub(crate) fn is_account_alias(alias: &str) -> bool {
    (3..=63).contains(&alias.len())
        && !alias.starts_with('-')
        && !alias.ends_with('-')
        && alias
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Whether `name` is an S3 bucket name (Amazon S3 User Guide, "General purpose bucket naming
/// rules"): 3 to 63 lower-case letters, digits, dots and hyphens, starting and ending with a
/// letter or digit. Shared by the loader and the diagram's rename so both accept the same names.
pub(crate) fn is_bucket_name(name: &str) -> bool {
    let edge_ok = |c: Option<char>| c.is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
    (3..=63).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.' || b == b'-')
        && edge_ok(name.chars().next())
        && edge_ok(name.chars().last())
}

/// Whether `region` looks like a Region code (`us-east-1`, `us-gov-west-1`).
pub(crate) fn is_region(region: &str) -> bool {
    let parts: Vec<&str> = region.split('-').collect();
    parts.len() >= 3
        && parts.iter().all(|p| {
            !p.is_empty()
                && p.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
        && parts
            .last()
            .is_some_and(|p| p.bytes().all(|b| b.is_ascii_digit()))
}

/// Whether `id` is an access key id: `AKIA` and 16 upper-case letters or digits.
pub(crate) fn is_access_key_id(id: &str) -> bool {
    id.len() == 20
        && id.starts_with("AKIA")
        && id
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
}

/// Whether `id` is an EC2 instance id: `i-` and 8 or 17 hexadecimal digits.
pub(crate) fn is_instance_id(id: &str) -> bool {
    id.strip_prefix("i-").is_some_and(|hex| {
        (hex.len() == 8 || hex.len() == 17) && hex.bytes().all(|b| HEX.contains(&b))
    })
}

/// Whether every character is in `extra` or is a letter, digit or `_` (the STS `[\w…]*` class).
pub(crate) fn word_chars(text: &str, extra: &str) -> bool {
    text.chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_' || extra.contains(c))
}

/// Why a tag set is invalid (IAM and STS: at most 50 tags, keys 1 to 128 characters, values at
/// most 256), if it is.
pub(crate) fn tag_problem<'a>(
    tags: impl ExactSizeIterator<Item = (&'a String, &'a String)>,
) -> Option<(String, &'static str)> {
    if tags.len() > 50 {
        return Some((format!("{} tags", tags.len()), "at most 50 tags"));
    }
    for (key, value) in tags {
        if key.is_empty() || key.chars().count() > 128 {
            return Some((key.clone(), "a tag key has 1 to 128 characters"));
        }
        if key.to_ascii_lowercase().starts_with("aws:") {
            return Some((key.clone(), "tag keys starting with aws: are reserved"));
        }
        if value.chars().count() > 256 {
            return Some((value.clone(), "a tag value has at most 256 characters"));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iam_names_and_paths() {
        assert_eq!(iam_name_problem("UpdateApp", 64), None);
        assert!(iam_name_problem("Update App", 64).is_some());
        assert!(iam_name_problem(&"a".repeat(65), 64).is_some());
        assert!(is_iam_path("/"));
        assert!(is_iam_path("/aws-reserved/sso.amazonaws.com/"));
        assert!(!is_iam_path("eng/"));
        assert!(!is_iam_path("/eng"));
    }

    #[test]
    fn identifiers() {
        assert!(is_access_key_id("AKIAIOSFODNN7EXAMPLE"));
        assert!(!is_access_key_id("ASIAIOSFODNN7EXAMPLE"));
        assert!(is_instance_id("i-0123456789abcdef0"));
        assert!(!is_instance_id("i-123"));
        assert!(is_region("us-east-1"));
        assert!(is_region("us-gov-west-1"));
        assert!(!is_region("useast1"));
        assert_eq!(derived_token("x", HEX, 16).len(), 16);
        assert_eq!(derived_token("x", HEX, 16), derived_token("x", HEX, 16));
    }
}
