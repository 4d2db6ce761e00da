//! Section prose: markdown with HTML islands (tables of named values, `<a>` links, alerts).
//!
//! The markdown is rendered to HTML by pulldown-cmark (raw HTML passes through untouched), and
//! the result is read with a real HTML parser (scraper/html5ever), which repairs the pages'
//! malformed tables the way a browser would. From the tree we take plain text, links, and the
//! rows of named-value tables. The HTML parser reports no positions, so links and value rows are
//! located in the raw source by searching forward for their text.

use crate::model::{Link, NamedValue, Text};
use crate::naming::is_identifier;
use crate::read::html::NOT_PROSE;
use crate::read::source::{SourceFile, Span};
use scraper::{ElementRef, Node};
use std::ops::Range;

/// What a section's prose yields.
#[derive(Debug, Default)]
pub struct Prose {
    pub text: Text,
    /// Rows of the tables that list named values; these tables are left out of `text.text`.
    pub values: Vec<NamedValue>,
    /// The HTML was nested this deep (over [`crate::read::html::MAX_DEPTH`]) and was read as text.
    pub flattened: Option<usize>,
}

/// Whether tables of named values are taken out of the prose (in fields) or left in it
/// (in remarks, where a "Value of X / Value of Y" table is an explanation, not a value list).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tables {
    Values,
    Prose,
}

/// Reads `range` of the page.
pub fn read(file: &SourceFile, range: Range<usize>, tables: Tables) -> Prose {
    let source = &file.text()[range.clone()];
    let section = crate::read::html::parse(source);
    let dom = section.dom;

    let mut walker = Walker {
        file,
        tables,
        cursor: range.start,
        end: range.end,
        out: String::new(),
        links: Vec::new(),
        values: Vec::new(),
    };
    walker.walk(dom.root_element());
    let text = fold_whitespace(&walker.out);
    let trimmed = source.trim();
    let span = source.find(|c: char| !c.is_whitespace()).map(|i| Span::at(range.start + i, trimmed.len()));
    Prose {
        text: Text { plain: text, source: trimmed.to_string(), span, links: walker.links },
        values: walker.values,
        flattened: section.flattened,
    }
}

struct Walker<'a> {
    file: &'a SourceFile,
    tables: Tables,
    /// Search position in the raw source for locating the next element.
    cursor: usize,
    end: usize,
    out: String,
    links: Vec<Link>,
    values: Vec<NamedValue>,
}

const BLOCKS: &[&str] = &[
    "p",
    "div",
    "li",
    "ul",
    "ol",
    "tr",
    "table",
    "dl",
    "dt",
    "dd",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "pre",
    "blockquote",
    "hr",
];

impl Walker<'_> {
    fn walk(&mut self, node: ElementRef<'_>) {
        for child in node.children() {
            match child.value() {
                // Line breaks inside text are soft; blocks come from elements.
                Node::Text(t) => self.out.extend(t.chars().map(|c| if c == '\n' { ' ' } else { c })),
                Node::Element(e) => {
                    let Some(el) = ElementRef::wrap(child) else { continue };
                    let name = e.name();
                    if NOT_PROSE.contains(&name) {
                        continue;
                    }
                    // An image reads as its alt text, as it does in the rendered docs.
                    if name == "img" {
                        self.out.push_str(e.attr("alt").unwrap_or_default());
                        continue;
                    }
                    if name == "table" && self.tables == Tables::Values && self.value_table(el) {
                        continue;
                    }
                    let block = BLOCKS.contains(&name);
                    if block {
                        self.out.push('\n');
                    }
                    if name == "a"
                        && let Some(href) = e.attr("href")
                    {
                        self.link(el, href);
                    }
                    // `<br>` is mostly a trailing-double-space artifact in these pages: a space.
                    if name == "td" || name == "th" || name == "br" {
                        self.out.push(' ');
                    }
                    self.walk(el);
                    if block {
                        self.out.push('\n');
                    }
                }
                _ => {}
            }
        }
    }

    /// Where `needle` is, searching forward from the last element found; the search goes on
    /// past it when it is there. Not found, it is the search position, as long as the needle.
    fn locate(&mut self, needle: &str) -> Span {
        let at = self.file.locate(needle, self.cursor, self.end);
        let span = Span::at(at, needle.len().min(self.end - at));
        if at != self.cursor || self.file.text()[at..].starts_with(needle) {
            self.cursor = span.end;
        }
        span
    }

    fn link(&mut self, el: ElementRef<'_>, href: &str) {
        let span = self.locate(href);
        let text = fold_inline(&el.text().collect::<String>());
        self.links.push(Link { text, href: href.to_string(), span });
    }

    /// Takes the table's rows as named values when it is a table of values ([`value_rows`]).
    /// Other tables stay prose.
    fn value_table(&mut self, table: ElementRef<'_>) -> bool {
        let Some(value_rows) = value_rows(table) else { return false };
        let mut rows = Vec::new();
        for ValueRow { name, value_text, cells } in value_rows {
            let mut description = Walker {
                file: self.file,
                tables: Tables::Prose,
                cursor: self.cursor,
                end: self.end,
                out: String::new(),
                links: Vec::new(),
                values: Vec::new(),
            };
            for cell in &cells[1..] {
                description.walk(*cell);
            }
            rows.push((name, value_text, fold_whitespace(&description.out), description.links));
        }
        for (name, value_text, description, links) in rows {
            let span = self.locate(&name);
            let value = value_text.as_deref().and_then(parse_int);
            self.values.push(NamedValue { name, value, value_text, description, span });
            // The description's links stay findable from the prose they belong to.
            for link in links {
                let span = self.locate(&link.href);
                self.links.push(Link { span, ..link });
            }
            // Past the row's end, where the source has one: the name appears again in the row
            // (`<a id="NAME">`, then `<b>NAME</b>`), and a repeated row must be found at its own.
            self.locate("</tr>");
        }
        true
    }
}

/// A row of a table of values: its name, the value written under it, and its cells.
struct ValueRow<'a> {
    name: String,
    value_text: Option<String>,
    cells: Vec<ElementRef<'a>>,
}

/// The rows of a table of values: one whose every data row starts with a name (an identifier,
/// optionally with a value under it in a `<dl>`) and says something of it in another cell, as
/// the sdk-api "Value / Meaning" tables do; `None` for any other table.
fn value_rows(table: ElementRef<'_>) -> Option<Vec<ValueRow<'_>>> {
    let mut rows = Vec::new();
    for tr in descendants(table, "tr") {
        let cells: Vec<ElementRef<'_>> =
            tr.children().filter_map(ElementRef::wrap).filter(|c| c.value().name() == "td").collect();
        if cells.is_empty() {
            continue; // header row
        }
        if cells.len() < 2 {
            return None;
        }
        let (name, value_text) = row_key(cells[0])?;
        rows.push(ValueRow { name, value_text, cells });
    }
    (!rows.is_empty()).then_some(rows)
}

/// The names a table of values lists (see [`value_rows`]), `None` for any other table: how the
/// rustdoc writer knows the tables the model took its values from.
pub fn value_table_names(table: ElementRef<'_>) -> Option<Vec<String>> {
    value_rows(table).map(|rows| rows.into_iter().map(|r| r.name).collect())
}

fn descendants<'a>(el: ElementRef<'a>, name: &'a str) -> impl Iterator<Item = ElementRef<'a>> + 'a {
    el.descendants().filter_map(ElementRef::wrap).filter(move |e| e.value().name() == name)
}

/// The name (and written value, if any) in a value table's first cell: either
/// `<dl><dt><b>NAME</b></dt><dt>VALUE</dt></dl>` or the cell's bare text.
fn row_key(cell: ElementRef<'_>) -> Option<(String, Option<String>)> {
    let dts: Vec<String> = descendants(cell, "dt")
        .map(|dt| fold_inline(&dt.text().collect::<String>()))
        .filter(|t| !t.is_empty())
        .collect();
    let (name, value) = if dts.is_empty() {
        (fold_inline(&cell.text().collect::<String>()), None)
    } else {
        (dts[0].clone(), dts.get(1).cloned())
    };
    let name_is_number = parse_int(&name).is_some();
    if !(is_identifier(&name) || name_is_number) {
        return None;
    }
    let value = value.or_else(|| name_is_number.then(|| name.clone()));
    Some((name, value))
}

/// The longest run of whole `_`-separated words that every name starts with (`API_` for
/// `API_READ_DATA` and `API_SEND_REQUEST`), when there are at least two names.
pub fn word_prefix<'a>(names: impl IntoIterator<Item = &'a str>) -> String {
    let names: Vec<&str> = names.into_iter().collect();
    if names.len() < 2 {
        return String::new();
    }
    let mut words: Vec<&str> = names[0].split_inclusive('_').collect();
    for name in &names[1..] {
        let other: Vec<&str> = name.split_inclusive('_').collect();
        let shared = words.iter().zip(&other).take_while(|(a, b)| a == b && a.ends_with('_')).count();
        words.truncate(shared);
    }
    words.concat()
}

/// Parses a value as the pages write it: `1`, `-2`, `0x1F`, `0x00000001L`, `Value:  0`,
/// `(int)0x80018001`, `1 (0x1)`.
pub fn parse_int(text: &str) -> Option<i128> {
    let mut s = text.trim();
    if let Some(rest) = s.strip_prefix("Value:") {
        s = rest.trim();
    }
    if let Some(rest) = s.strip_prefix("(int)") {
        s = rest.trim();
    }
    let token = s.split(|c: char| c.is_whitespace() || c == '(' || c == ',').next()?;
    let token = token.trim_end_matches('.');
    let (negative, digits) = match token.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, token),
    };
    let digits = digits.trim_end_matches(['u', 'U', 'l', 'L']);
    let magnitude = if let Some(hex) = digits.strip_prefix("0x").or_else(|| digits.strip_prefix("0X")) {
        i128::from_str_radix(hex, 16).ok()?
    } else {
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        digits.parse::<i128>().ok()?
    };
    // A value written as `(int)0x80018001` is a 32-bit pattern read as a signed int.
    let magnitude = if text.trim().starts_with("(int)") && magnitude > i32::MAX as i128 {
        magnitude - (1i128 << 32)
    } else {
        magnitude
    };
    Some(if negative { -magnitude } else { magnitude })
}

/// All on one line: for link texts and names, where a line break is only source wrapping.
fn fold_inline(s: &str) -> String {
    fold_whitespace(&s.replace('\n', " "))
}

/// One line per block; runs of whitespace (NBSP included) become one space.
pub fn fold_whitespace(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for line in s.split('\n') {
        let mut words = line.split(|c: char| c.is_whitespace()).filter(|w| !w.is_empty()).peekable();
        if words.peek().is_none() {
            continue;
        }
        if !out.is_empty() {
            out.push('\n');
        }
        let mut first = true;
        for word in words {
            if !first {
                out.push(' ');
            }
            out.push_str(word);
            first = false;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_are_whole_words() {
        assert_eq!(word_prefix(["API_READ_DATA", "API_SEND_REQUEST"]), "API_");
        assert_eq!(
            word_prefix(["WINHTTP_CALLBACK_STATUS_READ_COMPLETE", "WINHTTP_CALLBACK_STATUS_REDIRECT"]),
            "WINHTTP_CALLBACK_STATUS_"
        );
        // `RE` is shared by READ and REDIRECT, but not as a word.
        assert_eq!(word_prefix(["X_READ", "X_REDIRECT"]), "X_");
        assert_eq!(word_prefix(["ONLY_ONE"]), "");
        assert_eq!(word_prefix(["Started", "Completed"]), "");
    }

    #[test]
    fn parses_the_value_spellings_of_the_pages() {
        assert_eq!(parse_int("1"), Some(1));
        assert_eq!(parse_int("-2"), Some(-2));
        assert_eq!(parse_int("0x20"), Some(32));
        assert_eq!(parse_int("0x00000001L"), Some(1));
        assert_eq!(parse_int("Value:  0"), Some(0));
        assert_eq!(parse_int("32 (0x20)"), Some(32));
        assert_eq!(parse_int("(int)0x80018001"), Some(0x80018001_i128 - (1 << 32)));
        assert_eq!(parse_int("ERROR_SUCCESS"), None);
        assert_eq!(parse_int(""), None);
    }

    #[test]
    fn value_tables_become_named_values_and_leave_the_prose() {
        let page = "Intro <b>bold</b> text.\n\n<table>\n<tr><th>Value</th><th>Meaning</th></tr>\n<tr><td><dl>\n<dt><b>API_A</b></dt>\n<dt>1</dt>\n</dl></td><td>\nFirst, see <a href=\"https://msdn.microsoft.com/abc\">Abc</a>.\n</td></tr>\n<tr><td><dl><dt><b>API_B</b></dt><dt>0x2</dt></dl></td><td>Second.</td></tr>\n</table>\n";
        let file = SourceFile::new("t.md", page);
        let prose = read(&file, 0..page.len(), Tables::Values);
        assert_eq!(prose.text.plain, "Intro bold text.");
        let v: Vec<_> = prose.values.iter().map(|v| (v.name.as_str(), v.value, v.description.as_str())).collect();
        assert_eq!(v, [("API_A", Some(1), "First, see Abc."), ("API_B", Some(2), "Second.")]);
        assert_eq!(file.pos(prose.values[0].span.start).line, 6);
        assert_eq!(prose.text.links.len(), 1);
        assert_eq!(file.pos(prose.text.links[0].span.start).line, 9);
    }

    #[test]
    fn outside_fields_every_table_is_prose() {
        let page = "<table><tr><th>Value of <i>x</i></th><th>Value of <b>y</b></th></tr><tr><td>STATUS_A</td><td>A handle.</td></tr></table>";
        let file = SourceFile::new("t.md", page);
        let prose = read(&file, 0..page.len(), Tables::Prose);
        assert!(prose.values.is_empty());
        assert_eq!(prose.text.plain, "Value of x Value of y\nSTATUS_A A handle.");
    }

    #[test]
    fn prose_tables_stay_prose() {
        let page =
            "<table><tr><th>When</th><th>What</th></tr><tr><td>If the call fails</td><td>Retry.</td></tr></table>";
        let file = SourceFile::new("t.md", page);
        let prose = read(&file, 0..page.len(), Tables::Values);
        assert!(prose.values.is_empty());
        assert!(prose.text.plain.contains("If the call fails"), "{}", prose.text.plain);
    }

    #[test]
    fn markdown_and_html_links_are_both_found_with_positions() {
        let page = "See [A](/windows/a.md) and\n<a href=\"https://msdn.microsoft.com/x\">B</a>.";
        let file = SourceFile::new("t.md", page);
        let prose = read(&file, 0..page.len(), Tables::Values);
        let l: Vec<_> =
            prose.text.links.iter().map(|l| (l.text.as_str(), l.href.as_str(), file.pos(l.span.start).line)).collect();
        assert_eq!(l, [("A", "/windows/a.md", 1), ("B", "https://msdn.microsoft.com/x", 2)]);
        assert_eq!(prose.text.plain, "See A and B.");
    }
}
