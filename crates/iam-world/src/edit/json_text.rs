//! Minimal edits of JSON text: insert into or remove from arrays and objects while keeping the
//! author's formatting (indentation, line breaks, key order, everything outside the edit).
//!
//! The policy editor shows the user's own text, so a trust arrow drawn on the diagram must
//! change only the characters it needs: re-serialising the whole document would reformat it
//! and move every line the user knows. Positions come from `iam_policy::json`, which keeps the
//! byte span of every value and key.

use iam_policy::json::{Member, Node};

/// One replacement of a byte range.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Splice {
    pub start: usize,
    pub end: usize,
    pub text: String,
}

impl Splice {
    pub fn insert(at: usize, text: String) -> Splice {
        Splice {
            start: at,
            end: at,
            text,
        }
    }

    pub fn remove(start: usize, end: usize) -> Splice {
        Splice {
            start,
            end,
            text: String::new(),
        }
    }
}

/// Applies non-overlapping splices to `text` (in any order).
pub(crate) fn apply(text: &str, mut splices: Vec<Splice>) -> String {
    iam_policy::sort::sort_by(&mut splices, |a, b| {
        b.start.cmp(&a.start).then(b.end.cmp(&a.end))
    });
    let mut out = text.to_owned();
    for splice in splices {
        if splice.start <= splice.end
            && splice.end <= out.len()
            && out.is_char_boundary(splice.start)
            && out.is_char_boundary(splice.end)
        {
            out.replace_range(splice.start..splice.end, &splice.text);
        }
    }
    out
}

/// A JSON string literal for `value`.
pub(crate) fn quote(value: &str) -> String {
    serde_json::Value::String(value.to_owned()).to_string()
}

/// How a document is laid out: minified, or indented by some unit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Style {
    /// The indentation unit (`"  "`, `"    "`, `"\t"`), or `None` for one-line JSON.
    pub indent: Option<String>,
}

impl Style {
    /// The style of `text`: the indentation of its first indented line.
    pub fn of(text: &str) -> Style {
        let indent = text
            .lines()
            .skip(1)
            .map(|line| {
                let trimmed = line.trim_start_matches([' ', '\t']);
                &line[..line.len() - trimmed.len()]
            })
            .find(|indent| !indent.is_empty())
            .map(str::to_owned);
        Style { indent }
    }

    /// The line break and indentation of nesting `level`, or a space when minified.
    fn newline(&self, level: usize) -> String {
        match &self.indent {
            Some(unit) => format!("\n{}", unit.repeat(level)),
            None => String::new(),
        }
    }

    fn space(&self) -> &'static str {
        if self.indent.is_some() { " " } else { "" }
    }

    /// Renders `value` as JSON in this style, its first line at the caller's position and
    /// the following lines at nesting `level`.
    pub fn render(&self, value: &Json, level: usize) -> String {
        match value {
            Json::Object(members) if !members.is_empty() => {
                let inner: Vec<String> = members
                    .iter()
                    .map(|(key, value)| {
                        format!(
                            "{}{}:{}{}",
                            self.newline(level + 1),
                            quote(key),
                            self.space(),
                            self.render(value, level + 1)
                        )
                    })
                    .collect();
                format!("{{{}{}}}", inner.join(","), self.newline(level))
            }
            Json::Array(items) if !items.is_empty() => {
                let inner: Vec<String> = items
                    .iter()
                    .map(|item| {
                        format!(
                            "{}{}",
                            self.newline(level + 1),
                            self.render(item, level + 1)
                        )
                    })
                    .collect();
                format!("[{}{}]", inner.join(","), self.newline(level))
            }
            Json::Object(_) => "{}".to_owned(),
            Json::Array(_) => "[]".to_owned(),
            Json::String(value) => quote(value),
        }
    }
}

/// A JSON value to render, members in the order given (AWS writes `Effect`, `Principal`,
/// `Action`; serde_json's map would sort them).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Json {
    /// A string.
    String(String),
    /// An array.
    Array(Vec<Json>),
    /// An object with its members in order.
    Object(Vec<(String, Json)>),
}

impl Json {
    pub fn str(value: &str) -> Json {
        Json::String(value.to_owned())
    }
}

/// The nesting level of the line holding byte `at`: its leading whitespace divided by the
/// indentation unit (0 when minified).
pub(crate) fn level_at(text: &str, at: usize, style: &Style) -> usize {
    let Some(unit) = style.indent.as_deref().filter(|u| !u.is_empty()) else {
        return 0;
    };
    let line_start = text
        .get(..at)
        .and_then(|t| t.rfind('\n'))
        .map_or(0, |i| i + 1);
    let line = text.get(line_start..).unwrap_or_default();
    let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
    indent / unit.len()
}

/// An item of a comma-separated list (array element or object member): where it starts and
/// ends.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Item {
    pub start: usize,
    pub end: usize,
}

impl Item {
    pub fn of_node(node: &Node<'_>) -> Item {
        Item {
            start: node.span.start as usize,
            end: node.span.end as usize,
        }
    }

    pub fn of_member(member: &Member<'_>) -> Item {
        Item {
            start: member.key_span.start as usize,
            end: member.value.span.end as usize,
        }
    }
}

/// The splice removing item `index` of `items` (inside the container spanning
/// `container_start..container_end`, brackets included) with its comma, keeping the layout of
/// the others.
pub(crate) fn remove_item(
    items: &[Item],
    index: usize,
    container_start: usize,
    container_end: usize,
) -> Option<Splice> {
    let item = items.get(index)?;
    if let Some(next) = items.get(index + 1) {
        return Some(Splice::remove(item.start, next.start));
    }
    if let Some(previous) = index.checked_sub(1).and_then(|i| items.get(i)) {
        return Some(Splice::remove(previous.end, item.end));
    }
    // The only item: leave the empty brackets.
    Some(Splice::remove(container_start + 1, container_end - 1))
}

/// The splice appending `rendered` (an element or a `"key": value` member) after the last of
/// `items`, separated as the existing items are (or on a new line at `level + 1` when the
/// container is empty).
pub(crate) fn append_item(
    text: &str,
    items: &[Item],
    container_start: usize,
    container_end: usize,
    rendered: &str,
    style: &Style,
    level: usize,
) -> Splice {
    match items {
        [] => Splice {
            start: container_start + 1,
            end: container_end - 1,
            text: format!(
                "{}{rendered}{}",
                style.newline(level + 1),
                style.newline(level)
            ),
        },
        [.., last] => {
            let separator = separator(text, items, container_start, style);
            Splice::insert(last.end, format!("{separator}{rendered}"))
        }
    }
}

/// The text between two items (`",\n    "`), copied from the container when it has two items,
/// else derived from the whitespace before the first item.
fn separator(text: &str, items: &[Item], container_start: usize, style: &Style) -> String {
    if let [first, second, ..] = items {
        if let Some(between) = text.get(first.end..second.start) {
            return between.to_owned();
        }
    }
    let before_first = items
        .first()
        .and_then(|first| text.get(container_start + 1..first.start))
        .unwrap_or_default();
    if before_first.contains('\n') {
        format!(",{before_first}")
    } else {
        format!(",{}", style.space())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn style_detects_indentation_and_minified_text() {
        assert_eq!(Style::of("{\n  \"a\": 1\n}").indent.as_deref(), Some("  "));
        assert_eq!(
            Style::of("{\n    \"a\": 1\n}").indent.as_deref(),
            Some("    ")
        );
        assert_eq!(Style::of("{\"a\":1}").indent, None);
    }

    #[test]
    fn render_follows_the_style() {
        let value = Json::Object(vec![
            ("Effect".into(), Json::str("Allow")),
            (
                "Action".into(),
                Json::Array(vec![Json::str("a"), Json::str("b")]),
            ),
        ]);
        let pretty = Style {
            indent: Some("  ".to_owned()),
        };
        assert_eq!(
            pretty.render(&value, 1),
            "{\n    \"Effect\": \"Allow\",\n    \"Action\": [\n      \"a\",\n      \"b\"\n    ]\n  }"
        );
        let minified = Style { indent: None };
        assert_eq!(
            minified.render(&value, 0),
            "{\"Effect\":\"Allow\",\"Action\":[\"a\",\"b\"]}"
        );
    }

    #[test]
    fn splices_apply_from_the_end() {
        let text = "abcdef";
        let out = apply(
            text,
            vec![Splice::insert(1, "X".into()), Splice::remove(3, 5)],
        );
        assert_eq!(out, "aXbcf");
    }
}
