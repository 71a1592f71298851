//! ASCII case-insensitive comparisons: IAM ignores case in action names, service prefixes
//! and condition key names, and all of them are ASCII.

use std::cmp::Ordering;

/// Orders `a` and `b` as if both were lowercased.
pub(crate) fn cmp_ignore_case(a: &str, b: &str) -> Ordering {
    a.bytes()
        .map(|c| c.to_ascii_lowercase())
        .cmp(b.bytes().map(|c| c.to_ascii_lowercase()))
}

/// Whether `text` starts with `prefix`, ignoring ASCII case.
pub(crate) fn starts_with_ignore_case(text: &str, prefix: &str) -> bool {
    text.len() >= prefix.len()
        && text.is_char_boundary(prefix.len())
        && text[..prefix.len()].eq_ignore_ascii_case(prefix)
}

/// Whether `items` is sorted case-insensitively by `name` (equal names allowed).
pub(crate) fn is_sorted_ignore_case<T>(items: &[T], name: impl Fn(&T) -> &str) -> bool {
    items.windows(2).all(
        |pair| matches!(pair, [a, b] if cmp_ignore_case(name(a), name(b)) != Ordering::Greater),
    )
}
