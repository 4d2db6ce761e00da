//! A page's text and the mapping from byte offsets to the line/column positions that every
//! model element and diagnostic carries.

use std::ops::Range;
use std::path::{Path, PathBuf};

/// A 1-based line and column (the column counts characters, as rustc's diagnostics do).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Pos {
    pub line: u32,
    pub column: u32,
}

/// Where a part of the model was read: a byte range of the page's text. Line and column are
/// worked out only to show it ([`SourceFile::pos`]), as pulldown-cmark's offset iterator leaves
/// them to its caller.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    /// The `len` bytes from `start`.
    pub fn at(start: usize, len: usize) -> Span {
        Span { start, end: start + len }
    }

    pub fn range(self) -> Range<usize> {
        self.start..self.end
    }
}

impl From<Range<usize>> for Span {
    fn from(range: Range<usize>) -> Span {
        Span { start: range.start, end: range.end }
    }
}

/// One page as read from disk, with a line index over it.
///
/// The text is the file's, read the way an editor shows it: without a leading byte order mark
/// (no editor counts it as a column), and with a lone CR (classic Mac OS line ends, which
/// CommonMark and YAML both read as a line break) as LF, so that every stage sees the same lines
/// the positions count. CRLF stays; the stages that care drop the CR.
#[derive(Clone, Debug)]
pub struct SourceFile {
    path: PathBuf,
    text: String,
    /// Byte offset of the start of every line.
    line_starts: Vec<usize>,
}

impl SourceFile {
    pub fn new(path: impl Into<PathBuf>, text: impl Into<String>) -> Self {
        let mut text = text.into();
        if text.starts_with('\u{feff}') {
            text.drain(..'\u{feff}'.len_utf8());
        }
        if text.contains('\r') {
            text = lone_cr_as_lf(&text);
        }
        let line_starts = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
        SourceFile { path: path.into(), text, line_starts }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// The position of a byte offset; offsets past the end or inside a UTF-8 sequence are clamped
    /// to the nearest character boundary before it.
    pub fn pos(&self, offset: usize) -> Pos {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_index(offset);
        let column = self.text[self.line_starts[line]..offset].chars().count();
        Pos { line: line as u32 + 1, column: column as u32 + 1 }
    }

    /// The 0-based line a byte offset is on.
    pub fn line_index(&self, offset: usize) -> usize {
        self.line_starts.partition_point(|&start| start <= offset).saturating_sub(1)
    }

    /// How many lines the text has (an empty text has one).
    pub fn lines(&self) -> usize {
        self.line_starts.len()
    }

    /// The bytes of a 0-based line with its terminator (the last line ends at the text's end);
    /// `None` past the last line.
    pub fn line_span(&self, index: usize) -> Option<Range<usize>> {
        let start = *self.line_starts.get(index)?;
        Some(start..self.line_starts.get(index + 1).copied().unwrap_or(self.text.len()))
    }

    /// The byte range of a 1-based line, without its line terminator.
    pub fn line_range(&self, line: usize) -> Range<usize> {
        let idx = line.saturating_sub(1).min(self.line_starts.len() - 1);
        let start = self.line_starts[idx];
        let end = self.line_starts.get(idx + 1).map_or(self.text.len(), |&next| next - 1);
        let end = if self.text[start..end].ends_with('\r') { end - 1 } else { end };
        start..end
    }

    /// The byte offset of a 1-based line and a 0-based character column on it.
    pub fn offset_of(&self, line: usize, char_column: usize) -> usize {
        let range = self.line_range(line);
        self.text[range.clone()].char_indices().nth(char_column).map_or(range.end, |(i, _)| range.start + i)
    }

    /// The byte offset of a position (1-based line and column), the inverse of [`Self::pos`].
    pub fn offset_at(&self, pos: Pos) -> usize {
        self.offset_of(pos.line as usize, pos.column.saturating_sub(1) as usize)
    }

    /// Finds `needle` at or after `from`, for locating an element of an HTML island (whose
    /// parser reports no positions) in the raw source. Falls back to `from`.
    pub fn locate(&self, needle: &str, from: usize, until: usize) -> usize {
        let until = until.min(self.text.len());
        if needle.is_empty() || from >= until || !self.text.is_char_boundary(from) {
            return from.min(until);
        }
        self.text[from..until].find(needle).map_or(from, |i| from + i)
    }
}

/// `a\rb\r\nc` -> `a\nb\r\nc`: one byte for one, so offsets do not move.
fn lone_cr_as_lf(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        out.push(if c == '\r' && chars.peek() != Some(&'\n') { '\n' } else { c });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_one_based_and_count_characters() {
        let file = SourceFile::new("p.md", "ab\n\u{e9}x\r\nlast");
        assert_eq!(file.pos(0), Pos { line: 1, column: 1 });
        assert_eq!(file.pos(3), Pos { line: 2, column: 1 });
        // 'x' follows a two-byte character: byte 5, column 2.
        assert_eq!(file.pos(5), Pos { line: 2, column: 2 });
        // Inside the two-byte character: clamped back to its start.
        assert_eq!(file.pos(4), Pos { line: 2, column: 1 });
        assert_eq!(file.pos(999), Pos { line: 3, column: 5 });
        assert_eq!(&file.text()[file.line_range(2)], "\u{e9}x");
        assert_eq!(file.offset_of(2, 1), 5);
    }

    #[test]
    fn a_byte_order_mark_is_no_column_and_a_lone_cr_is_a_line_break() {
        let file = SourceFile::new("p.md", "\u{feff}# T\rx\r\ny");
        assert_eq!(file.text(), "# T\nx\r\ny");
        assert_eq!(file.pos(0), Pos { line: 1, column: 1 });
        assert_eq!(file.pos(4), Pos { line: 2, column: 1 });
        assert_eq!(&file.text()[file.line_range(2)], "x");
        assert_eq!(file.pos(7), Pos { line: 3, column: 1 });
    }
}
