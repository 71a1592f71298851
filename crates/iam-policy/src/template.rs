//! Policy variables: `${aws:username}`, `${aws:PrincipalTag/team, 'default'}`, `${*}`, `${?}`, `${$}`.
//!
//! Only `2012-10-17` policies substitute variables; in older or version-less policies the text
//! is literal. A variable whose key has no value and no default makes the whole value resolve to
//! nothing: the caller decides what that means (a `Resource` entry then matches nothing, a
//! positive string condition fails, a negated one passes).

use crate::glob::Token;

/// A string that may contain policy variables.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Template {
    parts: Parts,
}

/// Most values have no variable: keep them as one string without a part list.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Parts {
    Plain(String),
    Mixed(Vec<Part>),
}

/// A piece of a template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Part {
    /// Literal text (`*` and `?` in it are wildcards where the operator allows them).
    Text(String),
    /// `${*}`, `${?}` or `${$}`: the character itself, never a wildcard.
    Escaped(char),
    /// `${key}` or `${key, 'default'}`.
    Variable {
        /// The key in lower case (key names are case-insensitive).
        key_lower: String,
        /// The value to use when the key is absent.
        default: Option<String>,
    },
}

impl Template {
    /// Parses `text`; with `substitute` false (legacy versions) the text is kept literal.
    pub fn parse(text: &str, substitute: bool) -> Template {
        if !substitute || !text.contains("${") {
            return Template::plain(text);
        }
        let mut parts = Vec::new();
        let mut rest = text;
        while let Some(open) = rest.find("${") {
            let after = &rest[open + 2..];
            let Some(close) = after.find('}') else { break };
            push_text(&mut parts, &rest[..open]);
            match variable_part(&after[..close]) {
                Some(part) => parts.push(part),
                // Not a valid variable: keep the characters as written.
                None => push_text(&mut parts, &rest[open..open + 2 + close + 1]),
            }
            rest = &after[close + 1..];
        }
        push_text(&mut parts, rest);
        match parts.as_slice() {
            [] => Template::plain(""),
            [Part::Text(text)] => Template::plain(text),
            _ => Template {
                parts: Parts::Mixed(parts),
            },
        }
    }

    /// A template with no variables.
    pub fn plain(text: &str) -> Template {
        Template {
            parts: Parts::Plain(text.to_owned()),
        }
    }

    /// The text when the template has no variables or escapes.
    pub fn as_plain(&self) -> Option<&str> {
        match &self.parts {
            Parts::Plain(text) => Some(text),
            Parts::Mixed(_) => None,
        }
    }

    /// The parts (a plain template is one text part).
    pub fn parts(&self) -> &[Part] {
        match &self.parts {
            Parts::Plain(_) => &[],
            Parts::Mixed(parts) => parts,
        }
    }

    /// The lower-case keys of the variables used.
    pub fn variables(&self) -> impl Iterator<Item = &str> {
        self.parts().iter().filter_map(|part| match part {
            Part::Variable { key_lower, .. } => Some(key_lower.as_str()),
            _ => None,
        })
    }

    /// Substitutes variables, giving plain text (`${*}` becomes `*`). `None` when a variable
    /// has neither a value nor a default.
    pub fn resolve_text<'v>(&self, lookup: impl Fn(&str) -> Option<&'v str>) -> Option<String> {
        let parts = match &self.parts {
            Parts::Plain(text) => return Some(text.clone()),
            Parts::Mixed(parts) => parts,
        };
        let mut out = String::new();
        for part in parts {
            match part {
                Part::Text(text) => out.push_str(text),
                Part::Escaped(c) => out.push(*c),
                Part::Variable { key_lower, default } => {
                    out.push_str(lookup(key_lower).or(default.as_deref())?);
                }
            }
        }
        Some(out)
    }

    /// Substitutes variables, giving wildcard tokens: `*`/`?` in text and in substituted
    /// values are wildcards, escaped characters are literal. `None` as for [`Self::resolve_text`].
    pub fn resolve_tokens<'v>(
        &self,
        lookup: impl Fn(&str) -> Option<&'v str>,
    ) -> Option<Vec<Token>> {
        let parts = match &self.parts {
            Parts::Plain(text) => return Some(text.chars().map(wildcard_token).collect()),
            Parts::Mixed(parts) => parts,
        };
        let mut out = Vec::new();
        for part in parts {
            match part {
                Part::Text(text) => out.extend(text.chars().map(wildcard_token)),
                Part::Escaped(c) => out.push(Token::Literal(*c)),
                Part::Variable { key_lower, default } => {
                    let value = lookup(key_lower).or(default.as_deref())?;
                    out.extend(value.chars().map(wildcard_token));
                }
            }
        }
        Some(out)
    }
}

/// The wildcard meaning of a character in pattern text.
pub fn wildcard_token(c: char) -> Token {
    match c {
        '*' => Token::AnySequence,
        '?' => Token::AnyChar,
        other => Token::Literal(other),
    }
}

fn push_text(parts: &mut Vec<Part>, text: &str) {
    if text.is_empty() {
        return;
    }
    if let Some(Part::Text(previous)) = parts.last_mut() {
        previous.push_str(text);
    } else {
        parts.push(Part::Text(text.to_owned()));
    }
}

/// Parses the inside of `${...}`.
fn variable_part(inside: &str) -> Option<Part> {
    match inside {
        "*" => return Some(Part::Escaped('*')),
        "?" => return Some(Part::Escaped('?')),
        "$" => return Some(Part::Escaped('$')),
        _ => {}
    }
    let (key, default) = match inside.split_once(',') {
        Some((key, default)) => (key, Some(quoted_default(default)?)),
        None => (inside, None),
    };
    is_key_name(key).then(|| Part::Variable {
        key_lower: key.to_ascii_lowercase(),
        default,
    })
}

fn quoted_default(text: &str) -> Option<String> {
    let text = text.trim_start_matches(' ');
    let inner = text.strip_prefix('\'')?.strip_suffix('\'')?;
    (!inner.contains('\'')).then(|| inner.to_owned())
}

/// A condition key name: `prefix:name`, no spaces.
fn is_key_name(key: &str) -> bool {
    key.split_once(':').is_some_and(|(prefix, name)| {
        !prefix.is_empty() && !name.is_empty() && !key.contains(char::is_whitespace)
    })
}

/// Describes why a `${` in `text` is not a usable variable, for diagnostics.
pub fn malformed_variable(text: &str) -> Option<String> {
    let mut rest = text;
    while let Some(open) = rest.find("${") {
        let after = &rest[open + 2..];
        let Some(close) = after.find('}') else {
            return Some("a `${` has no closing `}`".to_owned());
        };
        let inside = &after[..close];
        if variable_part(inside).is_none() {
            return Some(format!(
                "`${{{inside}}}` is not a policy variable: use `${{service:key}}` or `${{service:key, 'default'}}`"
            ));
        }
        rest = &after[close + 1..];
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lookup(key: &str) -> Option<&'static str> {
        match key {
            "aws:username" => Some("alice"),
            "aws:principaltag/team" => Some("blue*"),
            _ => None,
        }
    }

    #[test]
    fn substitutes_case_insensitive_keys() {
        let t = Template::parse("home/${AWS:UserName}/*", true);
        assert_eq!(t.resolve_text(lookup).unwrap(), "home/alice/*");
    }

    #[test]
    fn legacy_versions_keep_the_text_literal() {
        let t = Template::parse("home/${aws:username}", false);
        assert_eq!(t.as_plain(), Some("home/${aws:username}"));
    }

    #[test]
    fn missing_value_uses_default_or_resolves_to_nothing() {
        let t = Template::parse("${aws:PrincipalTag/dept, 'company-wide'}", true);
        assert_eq!(t.resolve_text(lookup).unwrap(), "company-wide");
        let t = Template::parse("x/${aws:PrincipalTag/dept}", true);
        assert_eq!(t.resolve_text(lookup), None);
    }

    #[test]
    fn escapes_are_literal_characters_in_patterns() {
        let t = Template::parse("a${*}b${?}${$}", true);
        assert_eq!(t.resolve_text(lookup).unwrap(), "a*b?$");
        let tokens = t.resolve_tokens(lookup).unwrap();
        assert_eq!(tokens[1], Token::Literal('*'));
        assert_eq!(tokens[3], Token::Literal('?'));
    }

    #[test]
    fn substituted_values_keep_wildcard_meaning() {
        let t = Template::parse("${aws:PrincipalTag/team}", true);
        let tokens = t.resolve_tokens(lookup).unwrap();
        assert_eq!(tokens.last(), Some(&Token::AnySequence));
    }

    #[test]
    fn malformed_variables_stay_literal_and_are_described() {
        let t = Template::parse("a${not a key}b", true);
        assert_eq!(t.resolve_text(lookup).unwrap(), "a${not a key}b");
        assert!(malformed_variable("a${not a key}").is_some());
        assert!(malformed_variable("a${aws:username").is_some());
        assert!(malformed_variable("${aws:username}").is_none());
    }
}
