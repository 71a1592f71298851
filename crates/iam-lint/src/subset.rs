//! Whether one wildcard pattern covers another: every string the inner pattern matches, the
//! outer one matches too. Used for redundant actions, resources and statements.
//!
//! The test is syntactic and sound: the outer pattern must match the inner pattern read as text,
//! where an inner `*` can only be absorbed by an outer `*`, and an inner `?` by an outer `?` or
//! `*`. It runs in time proportional to the product of the two lengths, without backtracking.

use iam_policy::ast::{ResourceItem, ResourcePattern};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Tok {
    Lit(char),
    One,
    Many,
}

fn tokens(text: &str, fold: bool) -> Vec<Tok> {
    text.chars()
        .map(|c| match c {
            '*' => Tok::Many,
            '?' => Tok::One,
            c if fold => Tok::Lit(c.to_ascii_lowercase()),
            c => Tok::Lit(c),
        })
        .collect()
}

fn covers_tokens(outer: &[Tok], inner: &[Tok]) -> bool {
    let width = inner.len() + 1;
    let mut seen = vec![false; (outer.len() + 1) * width];
    let mut stack = vec![(0usize, 0usize)];
    while let Some((i, j)) = stack.pop() {
        match seen.get_mut(i * width + j) {
            Some(visited) if !*visited => *visited = true,
            _ => continue,
        }
        if i == outer.len() && j == inner.len() {
            return true;
        }
        match outer.get(i) {
            Some(Tok::Many) => {
                stack.push((i + 1, j));
                if j < inner.len() {
                    stack.push((i, j + 1));
                }
            }
            Some(Tok::One) if matches!(inner.get(j), Some(Tok::Lit(_) | Tok::One)) => {
                stack.push((i + 1, j + 1));
            }
            Some(Tok::Lit(c)) if inner.get(j) == Some(&Tok::Lit(*c)) => {
                stack.push((i + 1, j + 1));
            }
            _ => {}
        }
    }
    false
}

fn bytes_equal(a: &[u8], b: &[u8], fold: bool) -> bool {
    if fold {
        a.eq_ignore_ascii_case(b)
    } else {
        a == b
    }
}

/// Whether `outer` covers `inner` as wildcard patterns (`fold`: ignore ASCII case).
pub(crate) fn pattern_covers(outer: &str, inner: &str, fold: bool) -> bool {
    if outer == "*" || outer == inner {
        return true;
    }
    let Some(first) = outer.find(['*', '?']) else {
        return bytes_equal(outer.as_bytes(), inner.as_bytes(), fold);
    };
    // Cheap rejections: the literal text before the first and after the last wildcard of
    // `outer` must start and end `inner` (the usual case for unrelated patterns).
    let (o, i) = (outer.as_bytes(), inner.as_bytes());
    let last = outer.rfind(['*', '?']).map_or(o.len(), |l| l + 1);
    let suffix = &o[last..];
    if i.len() < first + suffix.len()
        || !bytes_equal(&i[..first], &o[..first], fold)
        || !bytes_equal(&i[i.len() - suffix.len()..], suffix, fold)
    {
        return false;
    }
    covers_tokens(&tokens(outer, fold), &tokens(inner, fold))
}

/// Whether action pattern `outer` covers `inner` (actions ignore case).
pub(crate) fn action_covers(outer: &str, inner: &str) -> bool {
    pattern_covers(outer, inner, true)
}

/// The six ARN components, missing ones completed with `*` as IAM does.
fn arn_components(text: &str) -> [&str; 6] {
    let mut parts = text.splitn(6, ':');
    std::array::from_fn(|_| parts.next().unwrap_or("*"))
}

/// Whether resource `outer` covers `inner`, component by component as IAM matches ARNs.
/// Entries with policy variables are only covered by `*` or by the same text.
pub(crate) fn resource_covers(outer: &ResourceItem, inner: &ResourceItem) -> bool {
    match (&outer.pattern, &inner.pattern) {
        (ResourcePattern::Any, _) => true,
        (_, ResourcePattern::Any) => false,
        (ResourcePattern::WithVariables(_), _) | (_, ResourcePattern::WithVariables(_)) => {
            outer.text == inner.text
        }
        (ResourcePattern::Arn(_), ResourcePattern::Arn(_)) => arn_covers(&outer.text, &inner.text),
    }
}

/// Whether ARN pattern `outer` covers ARN pattern `inner`.
pub(crate) fn arn_covers(outer: &str, inner: &str) -> bool {
    if outer == inner {
        return true;
    }
    // Quick rejection: up to its first wildcard `outer` is literal, so a complete `inner` must
    // start with that text (an incomplete one is padded with `*` and could still be covered).
    let literal = &outer[..outer.find(['*', '?']).unwrap_or(outer.len())];
    if !inner.starts_with(literal) && inner.bytes().filter(|&b| b == b':').count() >= 5 {
        return false;
    }
    arn_components(outer)
        .iter()
        .zip(arn_components(inner))
        .all(|(o, i)| pattern_covers(o, i, false))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actions() {
        assert!(action_covers("s3:*", "s3:GetObject"));
        assert!(action_covers("s3:Get*", "S3:getobject"));
        assert!(action_covers("s3:Get*", "s3:GetObject*"));
        assert!(!action_covers("s3:GetObject*", "s3:Get*"));
        assert!(action_covers("s3:Get?bject", "s3:GetObject"));
        assert!(!action_covers("s3:Get?bject", "s3:Get*bject"));
        assert!(action_covers("*", "iam:PassRole"));
        assert!(!action_covers("s3:List*", "s3:GetObject"));
        assert!(action_covers("s3:*Object*", "s3:GetObject"));
        assert!(action_covers("*:Get*", "s3:GetObject"));
    }

    #[test]
    fn arns() {
        assert!(arn_covers(
            "arn:aws:s3:::bucket/*",
            "arn:aws:s3:::bucket/a/*"
        ));
        assert!(!arn_covers("arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket"));
        assert!(arn_covers("arn:aws:s3", "arn:aws:s3:::bucket"));
        assert!(!arn_covers("arn:aws:s3:::bucket", "arn:aws:s3"));
        // A middle component's `*` cannot take colons.
        assert!(!arn_covers(
            "arn:aws:sqs:*:111122223333:q",
            "arn:aws:sqs:us-east-1:111122223333:q:x"
        ));
        assert!(!arn_covers("arn:aws:s3:::Bucket", "arn:aws:s3:::bucket"));
    }
}
