//! A small JSON reader that keeps the byte span of every value and key.
//!
//! serde_json cannot tell where a value came from, nor report a key written twice, and both are
//! needed to point an IAM error at the exact characters. This reader borrows from the input
//! (strings without escapes are not copied) and places the tree in an [`Arena`], so reading a
//! document allocates almost nothing and dropping it costs nothing: batch evaluation reads
//! hundreds of thousands of cases a second. It limits nesting depth so hostile input cannot
//! exhaust the stack, stops at the first syntax error with its span, and accepts exactly
//! RFC 8259 JSON.

use std::fmt;

/// Where a document's tree lives; reset it between documents to reuse its memory.
pub use bumpalo::Bump as Arena;

use crate::span::Span;

/// Deepest nesting accepted. Policies need about six levels.
pub const MAX_DEPTH: usize = 128;

/// A JSON value with its span.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Node<'a> {
    /// The value.
    pub value: Value<'a>,
    /// Where the value is written, quotes and brackets included.
    pub span: Span,
}

/// A JSON value. Object members keep their order and duplicates (the caller decides).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Value<'a> {
    /// `null`
    Null,
    /// `true` or `false`
    Bool(bool),
    /// A number, as written (already checked against the JSON grammar).
    Number(&'a str),
    /// A string, unescaped.
    String(&'a str),
    /// An array.
    Array(&'a [Node<'a>]),
    /// An object.
    Object(&'a [Member<'a>]),
}

/// One `"key": value` member of an object.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Member<'a> {
    /// The key, unescaped.
    pub key: &'a str,
    /// Where the key is written, quotes included.
    pub key_span: Span,
    /// The value.
    pub value: Node<'a>,
}

impl Value<'_> {
    /// The JSON type name, for messages ("expected a string, found an array").
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Number(_) => "a number",
            Value::String(_) => "a string",
            Value::Array(_) => "an array",
            Value::Object(_) => "an object",
        }
    }
}

/// What went wrong while reading JSON.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum JsonErrorKind {
    /// The text ended inside a value.
    UnexpectedEnd,
    /// A character that cannot start or continue a value here.
    UnexpectedCharacter(char),
    /// A value was expected (e.g. after a comma or colon).
    ExpectedValue,
    /// An object key must be a string.
    ExpectedKey,
    /// A `:` must follow an object key.
    ExpectedColon,
    /// A `,` or closing bracket was expected.
    ExpectedCommaOrEnd(char),
    /// A comma before a closing bracket.
    TrailingComma,
    /// An invalid `\` escape in a string.
    InvalidEscape,
    /// A `\u` escape that is not a valid Unicode scalar value.
    InvalidUnicodeEscape,
    /// A raw control character (below U+0020) inside a string.
    ControlCharacterInString,
    /// A malformed number.
    InvalidNumber,
    /// Text after the top-level value.
    TrailingCharacters,
    /// Nesting deeper than [`MAX_DEPTH`].
    TooDeep,
}

/// A JSON syntax error and where it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JsonError {
    /// What went wrong.
    pub kind: JsonErrorKind,
    /// Where.
    pub span: Span,
}

impl fmt::Display for JsonErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            JsonErrorKind::UnexpectedEnd => write!(f, "the JSON text ends too early"),
            JsonErrorKind::UnexpectedCharacter(c) => write!(f, "unexpected character `{c}`"),
            JsonErrorKind::ExpectedValue => write!(f, "expected a JSON value"),
            JsonErrorKind::ExpectedKey => write!(f, "expected a string key in double quotes"),
            JsonErrorKind::ExpectedColon => write!(f, "expected `:` after the key"),
            JsonErrorKind::ExpectedCommaOrEnd(close) => write!(f, "expected `,` or `{close}`"),
            JsonErrorKind::TrailingComma => write!(f, "trailing comma is not allowed in JSON"),
            JsonErrorKind::InvalidEscape => write!(f, "invalid escape sequence in string"),
            JsonErrorKind::InvalidUnicodeEscape => write!(f, "invalid \\u escape in string"),
            JsonErrorKind::ControlCharacterInString => {
                write!(f, "control characters must be escaped inside strings")
            }
            JsonErrorKind::InvalidNumber => write!(f, "invalid number"),
            JsonErrorKind::TrailingCharacters => write!(f, "unexpected text after the JSON value"),
            JsonErrorKind::TooDeep => write!(f, "JSON nested more than {MAX_DEPTH} levels deep"),
        }
    }
}

/// One step of a JSON path: an object key or an array index.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PathStep<'a> {
    /// A member of an object.
    Key(&'a str),
    /// An element of an array.
    Index(usize),
}

/// Renders a path as `$.Statement[0].Condition.StringEquals["aws:SourceIp"]`: one form for
/// every error and finding, so the editor can match them up.
pub fn render_path(steps: &[PathStep<'_>]) -> String {
    let mut out = String::from("$");
    for step in steps {
        match step {
            PathStep::Index(index) => out.push_str(&format!("[{index}]")),
            PathStep::Key(key) if is_identifier(key) => {
                out.push('.');
                out.push_str(key);
            }
            PathStep::Key(key) => {
                let escaped = key.replace('\\', "\\\\").replace('"', "\\\"");
                out.push_str(&format!("[\"{escaped}\"]"));
            }
        }
    }
    out
}

fn is_identifier(key: &str) -> bool {
    !key.is_empty() && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// Reads one JSON value that must fill the whole text (surrounding whitespace allowed),
/// placing the tree in `arena`.
pub fn parse<'a>(text: &'a str, arena: &'a Arena) -> Result<Node<'a>, JsonError> {
    let mut reader = Reader {
        text,
        bytes: text.as_bytes(),
        pos: 0,
        arena,
        nodes: Vec::new(),
        members: Vec::new(),
    };
    reader.skip_whitespace();
    let node = reader.value(0)?;
    reader.skip_whitespace();
    if reader.pos < reader.bytes.len() {
        return Err(reader.error_here(JsonErrorKind::TrailingCharacters));
    }
    Ok(node)
}

/// Length of the leading run of bytes that need no attention inside a string (not `"`, `\\`
/// or a control character), scanned eight bytes at a time: strings are most of a policy.
fn plain_run(bytes: &[u8]) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut run = 0;
    for chunk in bytes.chunks_exact(8) {
        let Ok(array) = <[u8; 8]>::try_from(chunk) else {
            break;
        };
        let word = u64::from_le_bytes(array);
        let quote = word ^ (ONES * u64::from(b'"'));
        let backslash = word ^ (ONES * u64::from(b'\\'));
        // The classic "has a zero byte" and "has a byte below n" bit tricks.
        let special = (quote.wrapping_sub(ONES) & !quote)
            | (backslash.wrapping_sub(ONES) & !backslash)
            | (word.wrapping_sub(ONES * 0x20) & !word);
        if special & HIGH != 0 {
            break;
        }
        run += 8;
    }
    run
}

struct Reader<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    arena: &'a Arena,
    /// Children of the arrays being read, moved into the arena when each array closes.
    nodes: Vec<Node<'a>>,
    /// Members of the objects being read, likewise.
    members: Vec<Member<'a>>,
}

impl<'a> Reader<'a> {
    fn value(&mut self, depth: usize) -> Result<Node<'a>, JsonError> {
        if depth > MAX_DEPTH {
            return Err(self.error_here(JsonErrorKind::TooDeep));
        }
        let start = self.pos;
        let value = match self.peek() {
            None => return Err(self.error_here(JsonErrorKind::UnexpectedEnd)),
            Some(b'{') => self.object(depth)?,
            Some(b'[') => self.array(depth)?,
            Some(b'"') => Value::String(self.string()?),
            Some(b'-' | b'0'..=b'9') => Value::Number(self.number()?),
            Some(b't') => self.keyword("true", Value::Bool(true))?,
            Some(b'f') => self.keyword("false", Value::Bool(false))?,
            Some(b'n') => self.keyword("null", Value::Null)?,
            Some(_) => return Err(self.unexpected_character()),
        };
        Ok(Node {
            value,
            span: Span::new(start, self.pos),
        })
    }

    fn object(&mut self, depth: usize) -> Result<Value<'a>, JsonError> {
        self.pos += 1;
        let first = self.members.len();
        self.skip_whitespace();
        if self.eat(b'}') {
            return Ok(Value::Object(&[]));
        }
        loop {
            self.skip_whitespace();
            if self.peek() != Some(b'"') {
                let kind = match self.peek() {
                    None => JsonErrorKind::UnexpectedEnd,
                    Some(b'}') if self.members.len() > first => JsonErrorKind::TrailingComma,
                    _ => JsonErrorKind::ExpectedKey,
                };
                return Err(self.error_here(kind));
            }
            let key_start = self.pos;
            let key = self.string()?;
            let key_span = Span::new(key_start, self.pos);
            self.skip_whitespace();
            if !self.eat(b':') {
                return Err(self.error_or_end(JsonErrorKind::ExpectedColon));
            }
            self.skip_whitespace();
            let value = self.value(depth + 1)?;
            self.members.push(Member {
                key,
                key_span,
                value,
            });
            self.skip_whitespace();
            if self.eat(b'}') {
                let members = self.arena.alloc_slice_copy(&self.members[first..]);
                self.members.truncate(first);
                return Ok(Value::Object(members));
            }
            if !self.eat(b',') {
                return Err(self.error_or_end(JsonErrorKind::ExpectedCommaOrEnd('}')));
            }
        }
    }

    fn array(&mut self, depth: usize) -> Result<Value<'a>, JsonError> {
        self.pos += 1;
        let first = self.nodes.len();
        self.skip_whitespace();
        if self.eat(b']') {
            return Ok(Value::Array(&[]));
        }
        loop {
            self.skip_whitespace();
            if self.peek() == Some(b']') {
                return Err(self.error_here(JsonErrorKind::TrailingComma));
            }
            let item = self.value(depth + 1)?;
            self.nodes.push(item);
            self.skip_whitespace();
            if self.eat(b']') {
                let items = self.arena.alloc_slice_copy(&self.nodes[first..]);
                self.nodes.truncate(first);
                return Ok(Value::Array(items));
            }
            if !self.eat(b',') {
                return Err(self.error_or_end(JsonErrorKind::ExpectedCommaOrEnd(']')));
            }
        }
    }

    fn string(&mut self) -> Result<&'a str, JsonError> {
        let open = self.pos;
        self.pos += 1;
        let content_start = self.pos;
        // Fast path: no escapes, borrow the text.
        self.pos += plain_run(&self.bytes[self.pos..]);
        while let Some(&b) = self.bytes.get(self.pos) {
            match b {
                b'"' => {
                    let content = &self.text[content_start..self.pos];
                    self.pos += 1;
                    return Ok(content);
                }
                b'\\' => return self.escaped_string(open, content_start),
                0x00..=0x1f => {
                    return Err(self.error_here(JsonErrorKind::ControlCharacterInString));
                }
                _ => self.pos += 1,
            }
        }
        Err(JsonError {
            kind: JsonErrorKind::UnexpectedEnd,
            span: Span::new(open, self.pos),
        })
    }

    fn escaped_string(&mut self, open: usize, content_start: usize) -> Result<&'a str, JsonError> {
        let mut out = String::from(&self.text[content_start..self.pos]);
        loop {
            let run_start = self.pos;
            while let Some(&b) = self.bytes.get(self.pos) {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.pos += 1;
            }
            out.push_str(&self.text[run_start..self.pos]);
            match self.peek() {
                None => {
                    return Err(JsonError {
                        kind: JsonErrorKind::UnexpectedEnd,
                        span: Span::new(open, self.pos),
                    });
                }
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(self.arena.alloc_str(&out));
                }
                Some(b'\\') => out.push(self.escape()?),
                Some(_) => return Err(self.error_here(JsonErrorKind::ControlCharacterInString)),
            }
        }
    }

    fn escape(&mut self) -> Result<char, JsonError> {
        let start = self.pos;
        self.pos += 1;
        let Some(b) = self.peek() else {
            return Err(self.error_here(JsonErrorKind::UnexpectedEnd));
        };
        self.pos += 1;
        let c = match b {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => return self.unicode_escape(start),
            _ => {
                return Err(JsonError {
                    kind: JsonErrorKind::InvalidEscape,
                    span: Span::new(start, self.pos),
                });
            }
        };
        Ok(c)
    }

    fn unicode_escape(&mut self, start: usize) -> Result<char, JsonError> {
        let invalid = |end| JsonError {
            kind: JsonErrorKind::InvalidUnicodeEscape,
            span: Span::new(start, end),
        };
        let high = self.hex4().ok_or_else(|| invalid(self.pos))?;
        if !(0xD800..0xDC00).contains(&high) {
            return char::from_u32(high).ok_or_else(|| invalid(self.pos));
        }
        if !(self.eat(b'\\') && self.eat(b'u')) {
            return Err(invalid(self.pos));
        }
        let low = self.hex4().ok_or_else(|| invalid(self.pos))?;
        if !(0xDC00..0xE000).contains(&low) {
            return Err(invalid(self.pos));
        }
        char::from_u32(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
            .ok_or_else(|| invalid(self.pos))
    }

    fn hex4(&mut self) -> Option<u32> {
        let digits = self.text.get(self.pos..self.pos + 4)?;
        let value = u32::from_str_radix(digits, 16).ok()?;
        if !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        self.pos += 4;
        Some(value)
    }

    fn number(&mut self) -> Result<&'a str, JsonError> {
        let start = self.pos;
        self.eat(b'-');
        match self.peek() {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => self.digits(),
            _ => return Err(self.number_error(start)),
        }
        if self.eat(b'.') {
            if !self.peek().is_some_and(|b| b.is_ascii_digit()) {
                return Err(self.number_error(start));
            }
            self.digits();
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.pos += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            if !self.peek().is_some_and(|b| b.is_ascii_digit()) {
                return Err(self.number_error(start));
            }
            self.digits();
        }
        Ok(&self.text[start..self.pos])
    }

    fn digits(&mut self) {
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.pos += 1;
        }
    }

    fn number_error(&self, start: usize) -> JsonError {
        JsonError {
            kind: JsonErrorKind::InvalidNumber,
            span: Span::new(start, (self.pos + 1).min(self.bytes.len())),
        }
    }

    fn keyword(&mut self, word: &str, value: Value<'a>) -> Result<Value<'a>, JsonError> {
        if self.bytes[self.pos..].starts_with(word.as_bytes()) {
            self.pos += word.len();
            Ok(value)
        } else {
            Err(self.unexpected_character())
        }
    }

    fn skip_whitespace(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn eat(&mut self, byte: u8) -> bool {
        let found = self.peek() == Some(byte);
        if found {
            self.pos += 1;
        }
        found
    }

    fn current_char(&self) -> Option<char> {
        self.text
            .get(self.pos..)
            .and_then(|rest| rest.chars().next())
    }

    fn unexpected_character(&self) -> JsonError {
        match self.current_char() {
            Some(c) => self.error_here(JsonErrorKind::UnexpectedCharacter(c)),
            None => self.error_here(JsonErrorKind::UnexpectedEnd),
        }
    }

    fn error_or_end(&self, kind: JsonErrorKind) -> JsonError {
        if self.pos >= self.bytes.len() {
            self.error_here(JsonErrorKind::UnexpectedEnd)
        } else {
            self.error_here(kind)
        }
    }

    fn error_here(&self, kind: JsonErrorKind) -> JsonError {
        let width = self.current_char().map_or(0, char::len_utf8);
        JsonError {
            kind,
            span: Span::new(self.pos, self.pos + width),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> JsonError {
        parse(text, &Arena::new()).unwrap_err()
    }

    #[test]
    fn reads_every_value_kind_with_spans() {
        let arena = Arena::new();
        let node = parse(r#" {"a": [1, -2.5e3, true, null, "x\"y"]} "#, &arena).unwrap();
        assert_eq!(node.span, Span::new(1, 39));
        let Value::Object(members) = node.value else {
            panic!()
        };
        assert_eq!(members[0].key, "a");
        assert_eq!(members[0].key_span, Span::new(2, 5));
        let Value::Array(items) = &members[0].value.value else {
            panic!()
        };
        assert_eq!(items[1].value, Value::Number("-2.5e3"));
        assert_eq!(items[4].value, Value::String("x\"y"));
        assert_eq!(items[4].span, Span::new(31, 37));
    }

    #[test]
    fn borrows_strings_without_escapes() {
        let text = r#""plain""#;
        let arena = Arena::new();
        let node = parse(text, &arena).unwrap();
        let Value::String(content) = node.value else {
            panic!()
        };
        assert_eq!(content, "plain");
        assert!(std::ptr::eq(content.as_ptr(), text[1..].as_ptr()));
    }

    #[test]
    fn decodes_unicode_escapes_and_surrogate_pairs() {
        let arena = Arena::new();
        let node = parse(r#""\u00e9\ud83d\ude00\n""#, &arena).unwrap();
        assert_eq!(node.value, Value::String("é😀\n"));
        assert_eq!(err(r#""\ud83d""#).kind, JsonErrorKind::InvalidUnicodeEscape);
        assert_eq!(err(r#""\u12g4""#).kind, JsonErrorKind::InvalidUnicodeEscape);
    }

    #[test]
    fn reports_syntax_errors_where_they_are() {
        assert_eq!(err("{\"a\": 1,}").kind, JsonErrorKind::TrailingComma);
        assert_eq!(err("{\"a\": 1,}").span, Span::new(8, 9));
        assert_eq!(err("[1,]").kind, JsonErrorKind::TrailingComma);
        assert_eq!(err("{\"a\" 1}").kind, JsonErrorKind::ExpectedColon);
        assert_eq!(err("{a: 1}").kind, JsonErrorKind::ExpectedKey);
        assert_eq!(err("[1 2]").kind, JsonErrorKind::ExpectedCommaOrEnd(']'));
        assert_eq!(err("{\"a\": 1").kind, JsonErrorKind::UnexpectedEnd);
        assert_eq!(err("\"abc").kind, JsonErrorKind::UnexpectedEnd);
        assert_eq!(err("01").kind, JsonErrorKind::TrailingCharacters);
        assert_eq!(err("1.").kind, JsonErrorKind::InvalidNumber);
        assert_eq!(err("-").kind, JsonErrorKind::InvalidNumber);
        assert_eq!(err("tru").kind, JsonErrorKind::UnexpectedCharacter('t'));
        assert_eq!(
            err("\"a\tb\"").kind,
            JsonErrorKind::ControlCharacterInString
        );
        assert_eq!(err("\"\\x\"").kind, JsonErrorKind::InvalidEscape);
        assert_eq!(err("{} x").kind, JsonErrorKind::TrailingCharacters);
        assert_eq!(err("").kind, JsonErrorKind::UnexpectedEnd);
        assert_eq!(err("é").kind, JsonErrorKind::UnexpectedCharacter('é'));
    }

    #[test]
    fn keeps_duplicate_keys_for_the_caller_to_judge() {
        let arena = Arena::new();
        let node = parse(r#"{"a": 1, "a": 2}"#, &arena).unwrap();
        let Value::Object(members) = node.value else {
            panic!()
        };
        assert_eq!(members.len(), 2);
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let deep = "[".repeat(100_000);
        assert_eq!(err(&deep).kind, JsonErrorKind::TooDeep);
        let ok = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(parse(&ok, &Arena::new()).is_ok());
    }

    #[test]
    fn the_word_scanner_stops_at_every_special_byte() {
        for position in 0..20 {
            for special in ['"', '\\', '\u{1}'] {
                let mut content: String = "abcdefghijklmnopqrstuvwxyz".chars().take(20).collect();
                content.insert(position, special);
                assert!(plain_run(content.as_bytes()) <= position);
            }
        }
        assert_eq!(plain_run("é".repeat(8).as_bytes()), 16);
    }

    proptest::proptest! {
        #[test]
        fn strings_read_back_exactly(content in "\\PC{0,40}") {
            let encoded = format!("{content:?}");
            // Rust's debug escapes are JSON-compatible for these characters except \u{..} and \'.
            proptest::prop_assume!(!encoded.contains("\\u{") && !encoded.contains("\\'"));
            let arena = Arena::new();
            let node = parse(&encoded, &arena).unwrap();
            proptest::prop_assert_eq!(node.value, Value::String(&content));
        }

        #[test]
        fn never_panics(text in "\\PC{0,64}") {
            let _ = parse(&text, &Arena::new());
        }

        #[test]
        fn never_panics_on_json_like_text(text in "[\\[\\]{}\":,0-9a-z\\\\ eE.+-]{0,48}") {
            let _ = parse(&text, &Arena::new());
        }
    }
}
