//! IAM's wildcard matching: `*` matches any sequence (including none), `?` exactly one character.
//!
//! Used for `Action`, the parts of a `Resource` ARN, and the `StringLike`/`ArnLike` condition
//! operators. Matching runs in time linear in the text for every pattern: the pattern is split
//! at its `*`s into fixed-length pieces, and because a `*` can absorb anything, the leftmost
//! occurrence of each piece is always the best choice. No backtracking ever happens, so hostile
//! patterns such as `*a*a*a*a*a*b` cannot blow up.

/// Whether letters must match in case (`Resource`, condition values) or not (`Action`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Case {
    /// `a` matches only `a`.
    Sensitive,
    /// ASCII letters match either case (IAM action names are ASCII).
    Insensitive,
}

/// One element of a piece between stars.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Unit {
    Char(char),
    AnyChar,
}

/// A run of pattern text with no `*`: literal characters and `?`s.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Piece {
    units: Vec<Unit>,
    /// The piece as text when it has no `?`, for fast substring search.
    literal: Option<String>,
}

/// A compiled wildcard pattern.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Glob {
    shape: Shape,
    case: Case,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Shape {
    /// `*`: matches everything.
    Anything,
    /// No wildcard at all.
    Exact(String),
    /// `text*`.
    Prefix(String),
    /// Anything with a `?` or more than one `*`.
    General(Box<General>),
}

/// The general form: `first * middle[0] * ... * last`. `first`/`last` are anchored pieces
/// (possibly empty); `starred` is false when the pattern has no `*` (only `?`s).
#[derive(Clone, Debug, PartialEq, Eq)]
struct General {
    first: Piece,
    middle: Vec<Piece>,
    last: Piece,
    starred: bool,
}

/// A pattern element as written: a literal character or one of the two wildcards.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Token {
    /// A character that must match itself (possibly a `*` or `?` written as `${*}`/`${?}`).
    Literal(char),
    /// `?`
    AnyChar,
    /// `*`
    AnySequence,
}

impl Glob {
    /// Compiles `pattern`, treating `*` and `?` as wildcards.
    pub fn new(pattern: &str, case: Case) -> Glob {
        // Fast paths for the common shapes: no wildcard, `*`, and `prefix*`.
        match pattern.find(['*', '?']) {
            None => return Glob::literal(pattern, case),
            Some(star) if star + 1 == pattern.len() && pattern.ends_with('*') => {
                let prefix = &pattern[..star];
                let shape = if prefix.is_empty() {
                    Shape::Anything
                } else {
                    Shape::Prefix(fold(prefix, case))
                };
                return Glob { shape, case };
            }
            Some(_) => {}
        }
        Glob::from_tokens(
            pattern.chars().map(|c| match c {
                '*' => Token::AnySequence,
                '?' => Token::AnyChar,
                other => Token::Literal(other),
            }),
            case,
        )
    }

    /// Compiles a pattern with no wildcards: every character matches only itself.
    pub fn literal(text: &str, case: Case) -> Glob {
        Glob {
            shape: Shape::Exact(fold(text, case)),
            case,
        }
    }

    /// Compiles a pattern given as tokens (used when policy variables such as `${*}` produce
    /// literal wildcard characters).
    pub fn from_tokens(tokens: impl IntoIterator<Item = Token>, case: Case) -> Glob {
        let mut pieces: Vec<Vec<Unit>> = vec![Vec::new()];
        for token in tokens {
            match token {
                Token::AnySequence => {
                    // Adjacent stars are one star.
                    if !pieces.last().is_some_and(Vec::is_empty) || pieces.len() == 1 {
                        pieces.push(Vec::new());
                    }
                }
                Token::AnyChar => push_unit(&mut pieces, Unit::AnyChar),
                Token::Literal(c) => push_unit(&mut pieces, Unit::Char(fold_char(c, case))),
            }
        }
        Glob {
            shape: shape_of(pieces),
            case,
        }
    }

    /// Whether `text` matches the whole pattern.
    pub fn is_match(&self, text: &str) -> bool {
        match &self.shape {
            Shape::Anything => true,
            Shape::Exact(literal) => eq(text, literal, self.case),
            Shape::Prefix(prefix) => {
                text.len() >= prefix.len()
                    && text.is_char_boundary(prefix.len())
                    && eq(&text[..prefix.len()], prefix, self.case)
            }
            Shape::General(general) => match_general(text, general, self.case),
        }
    }

    /// Whether the pattern contains a wildcard.
    pub fn has_wildcard(&self) -> bool {
        !matches!(self.shape, Shape::Exact(_))
    }

    /// Whether the pattern is `*` (matches everything).
    pub fn is_anything(&self) -> bool {
        matches!(self.shape, Shape::Anything)
    }
}

fn push_unit(pieces: &mut [Vec<Unit>], unit: Unit) {
    if let Some(piece) = pieces.last_mut() {
        piece.push(unit);
    }
}

fn shape_of(mut pieces: Vec<Vec<Unit>>) -> Shape {
    let starred = pieces.len() > 1;
    let no_any_char = pieces.iter().flatten().all(|u| matches!(u, Unit::Char(_)));
    if no_any_char {
        match pieces.as_slice() {
            [only] => return Shape::Exact(text_of(only)),
            [first, last] if first.is_empty() && last.is_empty() => return Shape::Anything,
            [first, last] if last.is_empty() => return Shape::Prefix(text_of(first)),
            _ => {}
        }
    }
    let last = if starred {
        pieces.pop().unwrap_or_default()
    } else {
        Vec::new()
    };
    let mut iter = pieces.into_iter();
    let first = iter.next().unwrap_or_default();
    Shape::General(Box::new(General {
        first: piece(first),
        middle: iter.filter(|p| !p.is_empty()).map(piece).collect(),
        last: piece(last),
        starred,
    }))
}

fn text_of(units: &[Unit]) -> String {
    units
        .iter()
        .filter_map(|u| match u {
            Unit::Char(c) => Some(*c),
            Unit::AnyChar => None,
        })
        .collect()
}

fn piece(units: Vec<Unit>) -> Piece {
    let literal = units
        .iter()
        .all(|u| matches!(u, Unit::Char(_)))
        .then(|| text_of(&units));
    Piece { units, literal }
}

fn fold_char(c: char, case: Case) -> char {
    match case {
        Case::Sensitive => c,
        Case::Insensitive => c.to_ascii_lowercase(),
    }
}

fn fold(text: &str, case: Case) -> String {
    match case {
        Case::Sensitive => text.to_owned(),
        Case::Insensitive => text.to_ascii_lowercase(),
    }
}

fn eq(text: &str, folded_pattern: &str, case: Case) -> bool {
    match case {
        Case::Sensitive => text == folded_pattern,
        Case::Insensitive => text.eq_ignore_ascii_case(folded_pattern),
    }
}

fn match_general(text: &str, general: &General, case: Case) -> bool {
    let General {
        first,
        middle,
        last,
        starred,
    } = general;
    let Some(mut pos) = match_at(text, 0, first, case) else {
        return false;
    };
    if !starred {
        return pos == text.len();
    }
    for piece in middle {
        match find_from(text, pos, piece, case) {
            Some(end) => pos = end,
            None => return false,
        }
    }
    // The last piece is anchored at the end: find where it would have to start.
    match start_of_suffix(text, last) {
        Some(start) if start >= pos => match_at(text, start, last, case) == Some(text.len()),
        _ => false,
    }
}

/// Matches `piece` at byte offset `at`; returns the end offset.
fn match_at(text: &str, at: usize, piece: &Piece, case: Case) -> Option<usize> {
    let rest = text.get(at..)?;
    if let Some(literal) = &piece.literal {
        let end = literal.len();
        return (rest.len() >= end
            && rest.is_char_boundary(end)
            && eq(&rest[..end], literal, case))
        .then_some(at + end);
    }
    let mut chars = rest.char_indices();
    for unit in &piece.units {
        let (_, c) = chars.next()?;
        if let Unit::Char(expected) = unit {
            if fold_char(c, case) != *expected {
                return None;
            }
        }
    }
    Some(chars.next().map_or(text.len(), |(offset, _)| at + offset))
}

/// Finds the leftmost occurrence of `piece` at or after `from`; returns its end offset.
fn find_from(text: &str, from: usize, piece: &Piece, case: Case) -> Option<usize> {
    let rest = text.get(from..)?;
    if let (Some(literal), Case::Sensitive) = (&piece.literal, case) {
        return rest
            .find(literal.as_str())
            .map(|i| from + i + literal.len());
    }
    rest.char_indices()
        .find_map(|(offset, _)| match_at(text, from + offset, piece, case))
}

/// Byte offset where a piece of `units.len()` characters would start if it ended at the end.
fn start_of_suffix(text: &str, piece: &Piece) -> Option<usize> {
    let count = piece.units.len();
    if count == 0 {
        return Some(text.len());
    }
    text.char_indices().rev().nth(count - 1).map(|(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(pattern: &str, text: &str) -> bool {
        Glob::new(pattern, Case::Sensitive).is_match(text)
    }

    #[test]
    fn star_matches_any_sequence_including_empty() {
        assert!(m("*", ""));
        assert!(m("*", "anything"));
        assert!(m("a*", "a"));
        assert!(m("a*c", "abbbc"));
        assert!(m("a*c", "ac"));
        assert!(!m("a*c", "ab"));
        assert!(m("**a**", "xxaxx"));
    }

    #[test]
    fn question_mark_matches_exactly_one_character() {
        assert!(m("a?c", "abc"));
        assert!(!m("a?c", "ac"));
        assert!(!m("a?c", "abbc"));
        assert!(m("???", "héé"));
        assert!(!m("??", "héé"));
    }

    #[test]
    fn exact_and_prefix_shapes() {
        assert!(m("abc", "abc"));
        assert!(!m("abc", "abcd"));
        assert!(m("ab*", "abcd"));
        assert!(!m("ab*", "a"));
    }

    #[test]
    fn mixed_wildcards() {
        assert!(m("*a?c*", "xxabcxx"));
        assert!(m("a*b?d*e", "abxdzzzbyde"));
        assert!(!m("a*b?d*e", "abxdzzzbydf"));
        assert!(m(
            "arn:aws:s3:::bkt/*/test/*",
            "arn:aws:s3:::bkt/1/2/test/3/object.jpg"
        ));
        assert!(m(
            "arn:aws:s3:::bkt/*/test/*",
            "arn:aws:s3:::bkt//test/object.jpg"
        ));
        assert!(!m(
            "arn:aws:s3:::bkt/*/test/*",
            "arn:aws:s3:::bkt/test/object.jpg"
        ));
        assert!(!m(
            "arn:aws:s3:::bkt/*/test/*",
            "arn:aws:s3:::bkt/1/2/test.jpg"
        ));
    }

    #[test]
    fn suffix_must_not_overlap_earlier_pieces() {
        assert!(!m("ab*ba", "aba"));
        assert!(m("ab*ba", "abba"));
        assert!(!m("a*bc*cd", "abcd"));
    }

    #[test]
    fn case_insensitive_folds_ascii() {
        let g = Glob::new("iam:*AccessKey*", Case::Insensitive);
        assert!(g.is_match("IAM:createaccesskey"));
        assert!(g.is_match("iam:ListAccessKeys"));
        assert!(!Glob::new("s3:Get*", Case::Sensitive).is_match("S3:GetObject"));
    }

    #[test]
    fn literal_tokens_do_not_act_as_wildcards() {
        let g = Glob::from_tokens(
            [Token::Literal('a'), Token::Literal('*'), Token::AnySequence],
            Case::Sensitive,
        );
        assert!(g.is_match("a*bc"));
        assert!(!g.is_match("abc"));
        assert!(Glob::literal("a*", Case::Sensitive).is_match("a*"));
        assert!(!Glob::literal("a*", Case::Sensitive).is_match("ab"));
    }

    #[test]
    fn hostile_pattern_is_fast_and_correct() {
        let text = "a".repeat(10_000);
        assert!(!m("*a*a*a*a*a*a*a*a*b", &text));
        let mut with_b = text.clone();
        with_b.push('b');
        assert!(m("*a*a*a*a*a*a*a*a*b", &with_b));
        assert!(!m("*?a?*?a?*b", &text));
    }

    /// Reference matcher by dynamic programming, to compare against.
    fn reference(pattern: &[char], text: &[char]) -> bool {
        let mut table = vec![vec![false; text.len() + 1]; pattern.len() + 1];
        table[0][0] = true;
        for i in 1..=pattern.len() {
            if pattern[i - 1] == '*' {
                table[i][0] = table[i - 1][0];
            }
            for j in 1..=text.len() {
                table[i][j] = match pattern[i - 1] {
                    '*' => table[i - 1][j] || table[i][j - 1],
                    '?' => table[i - 1][j - 1],
                    c => table[i - 1][j - 1] && c == text[j - 1],
                };
            }
        }
        table[pattern.len()][text.len()]
    }

    proptest::proptest! {
        #[test]
        fn agrees_with_reference(pattern in "[ab*?]{0,8}", text in "[ab]{0,10}") {
            let p: Vec<char> = pattern.chars().collect();
            let t: Vec<char> = text.chars().collect();
            proptest::prop_assert_eq!(m(&pattern, &text), reference(&p, &t));
        }
    }
}
