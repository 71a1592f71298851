//! Parameter validation of the `AssumeRole*` calls: errors STS returns before (or instead of)
//! an authorization decision. Each rule cites the STS API Reference page it comes from.

use crate::names::word_chars;
use crate::world::Tag;

use super::{StsError, StsErrorCode};

/// STS API Reference, AssumeRole, `RoleSessionName`: "Length Constraints: Minimum length of 2.
/// Maximum length of 64. Pattern: `[\w+=,.@-]*`".
pub(crate) fn session_name(name: &str) -> Result<(), StsError> {
    word_parameter("RoleSessionName", name, 64, "+=,.@-")
}

/// A parameter of 2 to `max` characters from `[\w` + `extra` + `]`, the shape STS gives
/// several of its string parameters.
fn word_parameter(label: &str, value: &str, max: usize, extra: &str) -> Result<(), StsError> {
    let length = value.chars().count();
    if (2..=max).contains(&length) && word_chars(value, extra) {
        return Ok(());
    }
    Err(StsError::validation(format!(
        "{label} \"{value}\" must have 2 to {max} characters from [\\w{extra}]"
    )))
}

/// STS API Reference, AssumeRole, `ExternalId`: "Minimum length of 2. Maximum length of 1224.
/// Pattern: `[\w+=,.@:\/-]*`".
pub(crate) fn external_id(id: &str) -> Result<(), StsError> {
    word_parameter("ExternalId", id, 1224, "+=,.@:/-")
}

/// STS API Reference, AssumeRole, `SourceIdentity`: 2 to 64 characters of `[\w+=,.@-]*`;
/// "You cannot use a value that begins with the text aws:. This prefix is reserved for AWS
/// internal use."
pub(crate) fn source_identity(value: &str) -> Result<(), StsError> {
    word_parameter("SourceIdentity", value, 64, "+=,.@-")?;
    if value.to_ascii_lowercase().starts_with("aws:") {
        return Err(StsError::validation(format!(
            "SourceIdentity \"{value}\" cannot begin with aws: (reserved for AWS internal use)"
        )));
    }
    Ok(())
}

/// STS API Reference, AssumeRole, `Tags`: "You can pass up to 50 session tags. The plaintext
/// session tag keys can't exceed 128 characters, and the values can't exceed 256 characters";
/// keys match `[\p{L}\p{Z}\p{N}_.:/=+\-@]+`; "Tag key–value pairs are not case sensitive, but
/// case is preserved. This means that you cannot have separate Department and department tag
/// keys."
pub(crate) fn tags(tags: &[Tag]) -> Result<(), StsError> {
    if tags.len() > 50 {
        return Err(StsError::validation(format!(
            "{} session tags passed; at most 50 are allowed",
            tags.len()
        )));
    }
    for (index, tag) in tags.iter().enumerate() {
        let key_length = tag.key.chars().count();
        if !(1..=128).contains(&key_length) || !tag.key.chars().all(tag_char) {
            return Err(StsError::validation(format!(
                "session tag key \"{}\" must have 1 to 128 letters, digits, spaces or _ . : / = + - @",
                tag.key
            )));
        }
        if tag.value.chars().count() > 256 || !tag.value.chars().all(tag_char) {
            return Err(StsError::validation(format!(
                "session tag value \"{}\" must have at most 256 letters, digits, spaces or _ . : / = + - @",
                tag.value
            )));
        }
        let repeated = tags
            .iter()
            .take(index)
            .any(|t| t.key.eq_ignore_ascii_case(&tag.key));
        if repeated {
            return Err(StsError::validation(format!(
                "session tag key \"{}\" is passed twice (tag keys are not case sensitive)",
                tag.key
            )));
        }
    }
    Ok(())
}

fn tag_char(c: char) -> bool {
    c.is_alphanumeric() || c.is_whitespace() || "_.:/=+-@".contains(c)
}

/// STS API Reference, AssumeRole, `TransitiveTagKeys`: the keys must be among the session
/// tags passed (a key can only be marked transitive for a tag the call sets); and `Tags`: "If
/// you pass a session tag with the same key as an inherited tag, the operation fails."
pub(crate) fn transitive(
    new_tags: &[Tag],
    transitive_keys: &[String],
    inherited_keys: &[String],
) -> Result<(), StsError> {
    if transitive_keys.len() > 50 {
        return Err(StsError::validation(
            "at most 50 transitive tag keys".to_owned(),
        ));
    }
    if let Some(key) = transitive_keys
        .iter()
        .find(|k| !new_tags.iter().any(|t| t.key.eq_ignore_ascii_case(k)))
    {
        return Err(StsError::validation(format!(
            "transitive tag key \"{key}\" is not one of the session tags passed in this call"
        )));
    }
    if let Some(tag) = new_tags.iter().find(|t| {
        inherited_keys
            .iter()
            .any(|k| k.eq_ignore_ascii_case(&t.key))
    }) {
        return Err(StsError {
            code: StsErrorCode::InvalidParameterValue,
            message: format!(
                "session tag \"{}\" has the same key as a transitive tag inherited from the calling session; the operation fails",
                tag.key
            ),
        });
    }
    Ok(())
}

/// STS API Reference, AssumeRole, `DurationSeconds`: "can have a value from 900 seconds (15
/// minutes) up to the maximum session duration setting for the role"; default 3,600; "If you
/// assume a role using role chaining and provide a DurationSeconds value greater than one hour,
/// the operation fails."
pub(crate) fn duration(
    requested: Option<u32>,
    role_max: u32,
    chained: bool,
) -> Result<u32, StsError> {
    let duration = requested.unwrap_or(3600);
    if duration < 900 {
        return Err(StsError::validation(format!(
            "DurationSeconds {duration} is below the minimum of 900 seconds"
        )));
    }
    if chained && duration > 3600 {
        return Err(StsError::validation(format!(
            "The requested DurationSeconds ({duration}) exceeds the 1 hour session limit for roles assumed by role chaining."
        )));
    }
    if duration > role_max {
        return Err(StsError::validation(format!(
            "The requested DurationSeconds ({duration}) exceeds the MaxSessionDuration ({role_max}) set for this role."
        )));
    }
    Ok(duration)
}

/// STS API Reference, AssumeRole, `Policy`: "The plaintext that you use for both inline and
/// managed session policies can't exceed 2,048 characters"; `PolicyArns`: "You can provide up
/// to 10 managed policy ARNs."
pub(crate) fn session_policy_sizes(inline: Option<&str>, arns: &[String]) -> Result<(), StsError> {
    if arns.len() > 10 {
        return Err(StsError::validation(format!(
            "{} PolicyArns passed; at most 10 managed session policies are allowed",
            arns.len()
        )));
    }
    if let Some(text) = inline {
        let length = text.chars().count();
        if length > 2048 {
            return Err(StsError::validation(format!(
                "the session policy has {length} characters; the plaintext limit is 2048"
            )));
        }
    }
    Ok(())
}

/// STS API Reference, AssumeRole, `TokenCode`: "The format for this parameter, as described by
/// its regex pattern, is a sequence of six numeric digits."
pub(crate) fn token_code(code: &str) -> Result<(), StsError> {
    if code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit()) {
        Ok(())
    } else {
        Err(StsError::validation(format!(
            "TokenCode \"{code}\" must be six digits"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn session_names_follow_the_api_pattern() {
        assert!(session_name("David-ProdUpdate").is_ok());
        assert!(session_name("a").is_err());
        assert!(session_name("has space").is_err());
        assert!(session_name(&"x".repeat(65)).is_err());
    }

    #[test]
    fn durations_respect_role_maximum_and_chaining() {
        assert_eq!(duration(None, 3600, false).ok(), Some(3600));
        assert!(duration(Some(899), 3600, false).is_err());
        assert!(duration(Some(7200), 3600, false).is_err());
        assert_eq!(duration(Some(7200), 43_200, false).ok(), Some(7200));
        assert!(duration(Some(3601), 43_200, true).is_err());
    }
}
