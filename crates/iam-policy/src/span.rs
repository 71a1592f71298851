//! Source positions: byte spans into a policy text, and their line/column equivalents.
//!
//! Byte offsets are the canonical coordinates (Rust slices with them). Editors count lines and
//! UTF-16 code units, terminals count characters; [`LineIndex`] converts between them in one
//! place so no caller does its own arithmetic.

use serde::Serialize;

/// A half-open byte range `start..end` into a source text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Span {
    /// Byte offset of the first byte.
    pub start: u32,
    /// Byte offset one past the last byte.
    pub end: u32,
}

impl Span {
    /// A span from `start` to `end` (byte offsets).
    pub fn new(start: usize, end: usize) -> Span {
        Span {
            start: saturating_u32(start),
            end: saturating_u32(end),
        }
    }

    /// The empty span at `offset`.
    pub fn at(offset: usize) -> Span {
        Span::new(offset, offset)
    }

    /// The smallest span covering both.
    pub fn cover(self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }

    /// The covered text, if the span lies within `source` on character boundaries.
    pub fn slice(self, source: &str) -> Option<&str> {
        source.get(self.start as usize..self.end as usize)
    }
}

fn saturating_u32(value: usize) -> u32 {
    u32::try_from(value).unwrap_or(u32::MAX)
}

/// A 1-based line and column, with the column counted two ways.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Position {
    /// 1-based line number.
    pub line: u32,
    /// 1-based column in Unicode scalar values (what a terminal shows).
    pub column: u32,
    /// 1-based column in UTF-16 code units (what browser editors count).
    pub utf16_column: u32,
}

/// Maps byte offsets of one text to lines and columns.
#[derive(Clone, Debug)]
pub struct LineIndex<'a> {
    source: &'a str,
    line_starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    /// Indexes the line starts of `source`.
    pub fn new(source: &'a str) -> LineIndex<'a> {
        let line_starts = std::iter::once(0)
            .chain(source.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        LineIndex {
            source,
            line_starts,
        }
    }

    /// The position of byte `offset` (clamped to the text, moved back to a char boundary).
    pub fn position(&self, offset: u32) -> Position {
        let mut offset = (offset as usize).min(self.source.len());
        while !self.source.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_starts.partition_point(|&start| start <= offset);
        let line_start = self.line_starts[line.saturating_sub(1)];
        let before = &self.source[line_start..offset];
        Position {
            line: saturating_u32(line),
            column: saturating_u32(before.chars().count() + 1),
            utf16_column: saturating_u32(before.encode_utf16().count() + 1),
        }
    }

    /// The UTF-16 code-unit offset of byte `offset` from the start of the text.
    pub fn utf16_offset(&self, offset: u32) -> u32 {
        let mut offset = (offset as usize).min(self.source.len());
        while !self.source.is_char_boundary(offset) {
            offset -= 1;
        }
        saturating_u32(self.source[..offset].encode_utf16().count())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_one_based_and_count_utf16() {
        let text = "{\n  \"é😀\": 1\n}";
        let index = LineIndex::new(text);
        assert_eq!(
            index.position(0),
            Position {
                line: 1,
                column: 1,
                utf16_column: 1
            }
        );
        let one = text.find('1').unwrap() as u32;
        let pos = index.position(one);
        assert_eq!(pos.line, 2);
        // `  "é😀": ` is 8 characters, 9 UTF-16 units (the emoji is a surrogate pair).
        assert_eq!(pos.column, 9);
        assert_eq!(pos.utf16_column, 10);
        assert_eq!(index.utf16_offset(one), 11);
    }

    #[test]
    fn offsets_past_the_end_or_inside_a_char_are_clamped() {
        let text = "aé";
        let index = LineIndex::new(text);
        assert_eq!(index.position(2).column, 2);
        assert_eq!(index.position(99).column, 3);
    }
}
