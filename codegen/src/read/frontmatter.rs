//! The YAML front matter between the two `---` lines.
//!
//! Each top-level entry (a `key:` line and its indented or `-` continuation lines) is handed to
//! the YAML parser on its own. That keeps one malformed entry from losing the others, lets two
//! keys glued on one line (`description: ...operation.helpviewer_keywords: [...]`) be split
//! before parsing, and gives every key and value an exact position in the page.

use crate::diagnostic::{Code, Diagnostic};
use crate::read::source::SourceFile;
use std::ops::Range;
use yaml_rust2::parser::{Event, Parser};

/// The front matter keys the reader uses, by what they mean (sdk-api's spelling; the lookup
/// ignores case).
pub mod key {
    pub const UID: &str = "UID";
    pub const TITLE: &str = "title";
    pub const ASSET_ID: &str = "ms.assetid";
    pub const TOPIC: &str = "ms.topic";
    pub const API_NAME: &str = "api_name";
    pub const TYPE_NAMES: &str = "req.typenames";
    pub const CONSTRUCT_TYPE: &str = "req.construct-type";
    pub const HEADER: &str = "req.header";
    pub const INCLUDE_HEADER: &str = "req.include-header";
    pub const LIBRARY: &str = "req.lib";
    pub const DLL: &str = "req.dll";
    pub const IDL: &str = "req.idl";
    pub const MIN_CLIENT: &str = "req.target-min-winverclnt";
    pub const MIN_SERVER: &str = "req.target-min-winversvr";
    pub const REDISTRIBUTABLE: &str = "req.redist";
    /// The keyword lists, in the order their words are taken.
    pub const KEYWORDS: [&str; 3] = ["ms.keywords", "helpviewer_keywords", "f1_keywords"];
}

/// List items with their byte ranges in the page.
pub type Items = Vec<(String, Range<usize>)>;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Text(String),
    List(Items),
}

#[derive(Debug, Clone)]
pub struct Entry {
    pub key: String,
    pub key_span: Range<usize>,
    pub value: Value,
    pub value_span: Range<usize>,
    /// The value is written in quotes, so its text starts one character after `value_span`.
    quoted: bool,
}

#[derive(Debug, Default)]
pub struct FrontMatter {
    /// The whole block, both `---` lines included; empty when the page has none.
    pub span: Range<usize>,
    /// Where the markdown body starts.
    pub body_start: usize,
    pub entries: Vec<Entry>,
    /// The block is the sdk-api template: its values say what a key is for, not what the API is.
    /// The page reports it, once it knows what it recovered instead.
    pub is_template: bool,
    pub template_span: Option<Range<usize>>,
}

impl FrontMatter {
    pub fn entry(&self, key: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.key.eq_ignore_ascii_case(key))
    }

    /// A non-empty text value with its span. Template placeholders count as absent.
    pub fn text(&self, key: &str) -> Option<(&str, Range<usize>)> {
        let entry = self.entry(key)?;
        match &entry.value {
            Value::Text(t) if !t.trim().is_empty() && !is_placeholder(t) => Some((t.trim(), entry.value_span.clone())),
            // A one-element list where a scalar is usual (`api_name:\n - X`) reads as that scalar.
            Value::List(items) if items.len() == 1 && !items[0].0.trim().is_empty() => {
                Some((items[0].0.trim(), items[0].1.clone()))
            }
            _ => None,
        }
    }

    /// The items of a list value; a text value is read as a comma-separated list, as
    /// `ms.keywords` and `req.typenames` are written.
    pub fn list(&self, key: &str) -> Vec<(String, Range<usize>)> {
        let Some(entry) = self.entry(key) else { return Vec::new() };
        match &entry.value {
            Value::List(items) => items
                .iter()
                .filter(|(v, _)| !v.trim().is_empty())
                .map(|(v, s)| (v.trim().to_string(), s.clone()))
                .collect(),
            Value::Text(t) if is_placeholder(t) => Vec::new(),
            Value::Text(t) => {
                // Items are located in the page by their offset in the value, which starts
                // one character later when the value is quoted.
                let base = entry.value_span.start + usize::from(entry.quoted);
                let mut at = 0;
                t.split(',')
                    .filter_map(|piece| {
                        let start = base + at + (piece.len() - piece.trim_start().len());
                        at += piece.len() + 1;
                        let item = piece.trim();
                        (!item.is_empty()).then(|| (item.to_string(), start..start + item.len()))
                    })
                    .collect()
            }
        }
    }
}

/// The template's placeholder texts ("The unique id of the API.", "Description of API", ...).
pub fn is_placeholder(value: &str) -> bool {
    let v = value.trim();
    v.contains("of the API") || v.eq_ignore_ascii_case("Description of API") || v.contains("(ie ")
}

/// Keys that may follow another key's value on the same line when a page's generator dropped a
/// line break. Only known keys are split off, so a value that merely contains `word: ` is safe.
const GLUABLE_KEYS: &[&str] = &[
    "helpviewer_keywords",
    "old-location",
    "old-project",
    "tech.root",
    "ms.assetid",
    "ms.author",
    "ms.date",
    "ms.keywords",
    "ms.topic",
    "ms.custom",
    "f1_keywords",
    "dev_langs",
    "topic_type",
    "api_type",
    "api_location",
    "api_name",
    "targetos",
    "description",
    "title",
];

/// Splits the front matter off the page and reads it.
pub fn parse(file: &SourceFile, diags: &mut Vec<Diagnostic>) -> FrontMatter {
    let text = file.text();
    let lead = text.len() - text.trim_start_matches(['\u{feff}', '\n', '\r', ' ', '\t']).len();
    let mut lines = LineIter { text, at: lead };
    let first = lines.next();
    if first.as_ref().is_none_or(|l| text[l.clone()].trim_end() != "---") {
        diags.push(
            Diagnostic::warning(file, Code::MissingFrontMatter, lead..lead, "page has no front matter")
                .with_help("expected a `---` line, `key: value` lines and a closing `---`; the API's identity is taken from the page body"),
        );
        return FrontMatter { span: 0..0, body_start: 0, ..Default::default() };
    }
    let open = first.unwrap_or(0..0);
    let mut entry_lines: Vec<Range<usize>> = Vec::new();
    let mut close = None;
    for line in lines.by_ref() {
        if text[line.clone()].trim_end() == "---" {
            close = Some(line);
            break;
        }
        entry_lines.push(line);
    }
    let Some(close) = close else {
        diags.push(
            Diagnostic::warning(file, Code::MissingFrontMatter, open.clone(), "front matter is never closed")
                .with_help("add a `---` line after the last `key: value` line; the whole page was read as markdown"),
        );
        return FrontMatter { span: 0..0, body_start: 0, ..Default::default() };
    };
    let body_start = (close.end + 1).min(text.len());
    let mut fm = FrontMatter { span: open.start..close.end, body_start, ..Default::default() };

    for raw in group_entries(text, &entry_lines) {
        for piece in split_glued(file, raw, diags) {
            if let Some(entry) = read_entry(file, piece, diags) {
                if let Some(prev) = fm.entry(&entry.key) {
                    let first_line = file.pos(prev.key_span.start).line;
                    diags.push(
                        Diagnostic::warning(
                            file,
                            Code::DuplicateFrontMatterKey,
                            entry.key_span.clone(),
                            format!("front matter key `{}` appears twice", entry.key),
                        )
                        .with_help(format!("the first one, on line {first_line}, was kept; remove this one")),
                    );
                    continue;
                }
                fm.entries.push(entry);
            }
        }
    }
    fm.template_span = [key::UID, key::TITLE]
        .iter()
        .filter_map(|k| fm.entry(k))
        .find(|e| matches!(&e.value, Value::Text(t) if is_placeholder(t)))
        .map(|e| e.key_span.start..e.value_span.end);
    fm.is_template = fm.template_span.is_some();
    fm
}

struct LineIter<'a> {
    text: &'a str,
    at: usize,
}

impl Iterator for LineIter<'_> {
    type Item = Range<usize>;
    fn next(&mut self) -> Option<Range<usize>> {
        if self.at >= self.text.len() {
            return None;
        }
        let start = self.at;
        let end = self.text[start..].find('\n').map_or(self.text.len(), |i| start + i);
        self.at = end + 1;
        let end = if self.text[start..end].ends_with('\r') { end - 1 } else { end };
        Some(start..end)
    }
}

/// Groups lines into top-level entries: a line starting in column 0 (not `-`, `#` or `[`)
/// opens an entry; indented and `- item` lines continue it.
fn group_entries(text: &str, lines: &[Range<usize>]) -> Vec<Range<usize>> {
    let mut entries: Vec<Range<usize>> = Vec::new();
    for line in lines {
        let s = &text[line.clone()];
        let continues = s.starts_with([' ', '\t', '-', '[', ']']) || s.trim().is_empty();
        match entries.last_mut() {
            Some(last) if continues => last.end = line.end,
            _ if s.trim_start().starts_with('#') => {}
            _ if continues => {}
            _ => entries.push(line.clone()),
        }
    }
    entries
}

/// Splits `key: value.other_key: value` at each known key glued to the previous value.
fn split_glued(file: &SourceFile, entry: Range<usize>, diags: &mut Vec<Diagnostic>) -> Vec<Range<usize>> {
    let text = &file.text()[entry.clone()];
    let first_line_end = text.find('\n').unwrap_or(text.len());
    let Some(colon) = text[..first_line_end].find(':') else { return vec![entry] };
    // Only a `:` followed by a space or the line's end can end a glued key, and most values
    // have none, so the known keys are compared only there (this runs for every entry of
    // every page).
    let line = &text[..first_line_end];
    let mut cuts = Vec::new();
    for (i, _) in line[colon + 1..].match_indices(':') {
        let key_end = colon + 1 + i;
        if line[key_end + 1..].chars().next().is_some_and(|c| c != ' ' && c != '\r') {
            continue;
        }
        let before_key = &line[..key_end];
        let Some(key) = GLUABLE_KEYS.iter().filter(|k| before_key.ends_with(**k)).max_by_key(|k| k.len()) else {
            continue;
        };
        let at = key_end - key.len();
        let glued = line[..at].chars().next_back().is_some_and(|c| !c.is_whitespace() && c != '"' && c != '\'');
        if glued {
            cuts.push((at, *key));
        }
    }
    let mut pieces = Vec::new();
    let mut start = entry.start;
    for (at, key) in cuts {
        let abs = entry.start + at;
        diags.push(
            Diagnostic::warning(
                file,
                Code::GluedFrontMatterKeys,
                abs..abs + key.len() + 1,
                format!("front matter key `{key}` is glued to the previous value on the same line"),
            )
            .with_help(format!("read as two entries; put `{key}:` on a line of its own")),
        );
        pieces.push(start..abs);
        start = abs;
    }
    pieces.push(start..entry.end);
    pieces
}

/// Parses one `key: value` entry with the YAML parser; on a YAML error the value is read as
/// plain text after the first `:`, with a warning that says where the parser stopped.
fn read_entry(file: &SourceFile, span: Range<usize>, diags: &mut Vec<Diagnostic>) -> Option<Entry> {
    let raw = &file.text()[span.clone()];
    let Some(colon) = raw.find(':') else {
        // Not YAML at all (a sentence of the page, when the block was closed too late): said,
        // not dropped in silence.
        let first_line = raw.find('\n').map_or(span.end, |i| span.start + i);
        diags.push(
            Diagnostic::warning(
                file,
                Code::InvalidFrontMatter,
                span.start..first_line,
                "front matter line is not a `key: value` entry",
            )
            .with_help("it was left out; if it is page text, the front matter's closing `---` is missing above it"),
        );
        return None;
    };
    let key = raw[..colon].trim().to_string();
    if key.is_empty() {
        return None;
    }
    let key_span = span.start..span.start + colon;
    // Tabs may not indent YAML; each becomes one space, so byte offsets stay put.
    let yaml = detab(raw);
    match parse_yaml_entry(&yaml) {
        Ok((value, value_at)) => {
            let value = match value {
                Value::List(items) => {
                    Value::List(items.into_iter().map(|(v, r)| (v, span.start + r.start..span.start + r.end)).collect())
                }
                text => text,
            };
            let start = span.start + value_at.min(raw.len());
            let quoted = raw[value_at.min(raw.len())..].starts_with(['"', '\'']);
            Some(Entry { key, key_span, value, value_span: start..span.end.max(start), quoted })
        }
        Err((message, at)) => {
            let at = span.start + at.min(raw.len());
            diags.push(
                Diagnostic::warning(
                    file,
                    Code::InvalidFrontMatter,
                    at..at + 1,
                    format!("front matter entry `{key}` is not valid YAML: {message}"),
                )
                .with_help(
                    "its value was read as the plain text after the colon; quote the value to make it valid YAML",
                ),
            );
            let after = &raw[colon + 1..];
            let value = after.trim();
            let quoted = value.starts_with('"');
            let start = span.start + colon + 1 + (after.len() - after.trim_start().len());
            let value = Value::Text(value.trim_matches('"').chars().filter(|c| is_yaml_printable(*c)).collect());
            Some(Entry { key, key_span, value, value_span: start..span.end.max(start), quoted })
        }
    }
}

/// YAML 1.2's printable characters (tab, line breaks, and everything but the C0 and C1
/// controls, DEL, and the non-characters U+FFFE and U+FFFF).
fn is_yaml_printable(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{85}') || !(c.is_control() || c == '\u{fffe}' || c == '\u{ffff}')
}

fn detab(raw: &str) -> String {
    raw.split_inclusive('\n')
        .map(|line| {
            let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
            format!("{}{}", line[..indent].replace('\t', " "), &line[indent..])
        })
        .collect()
}

/// Byte offset of a parser marker (1-based line, 0-based character column) inside `s`.
fn marker_offset(s: &str, line: usize, col: usize) -> usize {
    let line_start = s.split_inclusive('\n').take(line.saturating_sub(1)).map(str::len).sum::<usize>();
    s[line_start.min(s.len())..].char_indices().nth(col).map_or(s.len(), |(i, _)| line_start + i)
}

type Parsed = Result<(Value, usize), (String, usize)>;

/// `key: text` on one line, where YAML would read the text as a plain scalar and nothing else:
/// the value and where it starts, without the YAML parser (most entries of a page are so, and the
/// parser was a third of the time of `check`). `None` for anything else, which the parser reads;
/// the test `plain_entries_read_as_the_yaml_parser_reads_them` holds the two equal on real pages.
fn plain_entry(yaml: &str) -> Option<(Value, usize)> {
    let (first, rest) = yaml.split_once('\n').unwrap_or((yaml, ""));
    let (key, value) = first.split_once(':')?;
    if key.is_empty() || !key.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-')) {
        return None;
    }
    if rest.is_empty() {
        // `key:` with nothing after it (most `req.*` keys of a page): an empty value.
        if value.trim_matches(' ').is_empty() {
            return Some((Value::Text(String::new()), yaml.len()));
        }
        let text = value.strip_prefix(' ')?.trim_start_matches(' ');
        // `key: ["a", "b"]`: a flow list of plain double-quoted items.
        if let Some(list) = quoted_list(text) {
            let start = yaml.len() - text.len();
            let items = list.into_iter().map(|(item, at)| (item.to_string(), start + at..start + at + item.len()));
            return Some((Value::List(items.collect()), start));
        }
        // `key: text`
        let plain = plain_text(text)?;
        return Some((Value::Text(plain.to_string()), yaml.len() - text.len()));
    }
    // `key:` then ` - item` lines: a block list of plain items.
    if !value.trim_end_matches(' ').is_empty() {
        return None;
    }
    let mut items = Vec::new();
    let mut start = None;
    let mut first_indent = None;
    let mut offset = first.len() + 1;
    for line in rest.split_inclusive('\n') {
        let indent = line.len() - line.trim_start_matches(' ').len();
        // Items at one indentation; a deeper line would continue the item before it.
        if *first_indent.get_or_insert(indent) != indent {
            return None;
        }
        let item = line[indent..].strip_prefix("- ")?.trim_start_matches(' ');
        let text = plain_text(item.trim_end_matches('\n'))?;
        let at = offset + line.len() - item.len();
        // Where the parser says the list starts: at its first `-`, or for a list not indented
        // (YAML's "indentless sequence") at its first item's text.
        start.get_or_insert(if indent == 0 { at } else { offset + indent });
        items.push((text.to_string(), at..at + text.len()));
        offset += line.len();
    }
    Some((Value::List(items), start?))
}

/// The items of `["a", "b c"]` and where each is in `text` (its opening quote), when every item is a double-quoted
/// string without escapes or quotes in it (as sdk-api writes its keyword lists); `None` otherwise.
fn quoted_list(text: &str) -> Option<Vec<(&str, usize)>> {
    let inner = text.trim_end_matches(' ').strip_prefix('[')?.strip_suffix(']')?;
    let mut items = Vec::new();
    let mut at = 1;
    for piece in inner.split(',') {
        let lead = piece.len() - piece.trim_start_matches(' ').len();
        let item = piece.trim_matches(' ').strip_prefix('"')?.strip_suffix('"')?;
        if item.contains(['"', '\\']) || item.contains('\t') {
            return None;
        }
        // Where the parser places a quoted item: at its opening quote.
        items.push((item, at + lead));
        at += piece.len() + 1;
    }
    Some(items)
}

/// The text of a plain scalar, when YAML reads `text` as one and as nothing else: no indicator
/// that starts something else (quotes, flow collections, anchors, tags, block scalars,
/// comments, list items, reserved characters), nothing that ends or breaks a plain scalar
/// (`: `, ` #`, a trailing `:`, a tab); trailing spaces are not part of it.
fn plain_text(text: &str) -> Option<&str> {
    let text = text.trim_end_matches([' ', '\r']);
    let first = text.chars().next()?;
    let special = "-?:,[]{}#&*!|>'\"%@`";
    let breaks = text.contains(": ") || text.contains(" #") || text.ends_with(':') || text.contains('\t');
    (!special.contains(first) && !first.is_whitespace() && !breaks).then_some(text)
}

/// Reads `key: scalar` or `key: [list]` / block list from one entry's YAML.
fn parse_yaml_entry(yaml: &str) -> Parsed {
    // The YAML parser takes a NUL for the end of its input and would return the value cut
    // there, so the characters YAML forbids are refused here, where they stand.
    if let Some((at, _)) = yaml.char_indices().find(|(_, c)| !is_yaml_printable(*c)) {
        return Err(("control characters are not allowed".to_string(), at));
    }
    match plain_entry(yaml) {
        Some(plain) => Ok(plain),
        None => yaml_entry(yaml),
    }
}

/// [`parse_yaml_entry`] by the YAML parser.
fn yaml_entry(yaml: &str) -> Parsed {
    let mut parser = Parser::new_from_str(yaml);
    let mut next = || match parser.next_token() {
        Ok((event, marker)) => Ok((event, marker_offset(yaml, marker.line(), marker.col()))),
        Err(e) => {
            let m = e.marker();
            Err((e.info().to_string(), marker_offset(yaml, m.line(), m.col())))
        }
    };
    let mut depth = 0usize;
    let mut key_seen = false;
    let mut value: Option<(Value, usize)> = None;
    let mut list: Option<(Items, usize)> = None;
    loop {
        let (event, at) = next()?;
        match event {
            Event::StreamEnd => break,
            Event::MappingStart(..) if depth == 0 && !key_seen => depth = 1,
            Event::Scalar(..) if depth == 1 && !key_seen => key_seen = true,
            Event::Scalar(s, ..) if depth == 1 && value.is_none() => {
                value = Some((Value::Text(s), at));
            }
            Event::SequenceStart(..) if depth == 1 && value.is_none() => {
                list = Some((Vec::new(), at));
                depth = 2;
            }
            Event::Scalar(s, ..) if depth == 2 => {
                if let Some((items, _)) = list.as_mut() {
                    let len = s.len();
                    items.push((s, at..at + len));
                }
            }
            Event::SequenceEnd if depth == 2 => {
                depth = 1;
                if let Some((items, at)) = list.take() {
                    value = Some((Value::List(items), at));
                }
            }
            Event::MappingEnd if depth == 1 => depth = 0,
            // Nested mappings or lists of lists do not occur in sdk-api front matter; they
            // are reported rather than guessed at.
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                return Err(("nested mappings and lists are not supported here".into(), at));
            }
            _ => {}
        }
    }
    Ok(value.unwrap_or((Value::Text(String::new()), yaml.len())))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_fm(text: &str) -> (FrontMatter, Vec<Diagnostic>) {
        let file = SourceFile::new("t.md", text);
        let mut diags = Vec::new();
        let fm = parse(&file, &mut diags);
        (fm, diags)
    }

    #[test]
    fn plain_entries_read_as_the_yaml_parser_reads_them() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("workspace root");
        let mut inputs = vec![root.join("docs-src"), root.join("tests/fixtures")];
        if root.join("../shared").is_dir() {
            inputs.push(root.join("../shared"));
        }
        // Every entry of every page, as `read_entry` gives it to the parser.
        let mut lines: Vec<String> = Vec::new();
        for path in crate::read::corpus::collect(&inputs).expect("the page folders list") {
            let file = SourceFile::new(&path, std::fs::read_to_string(&path).unwrap_or_default());
            let fm = parse(&file, &mut Vec::new());
            for e in &fm.entries {
                let end = e.value_span.end.max(e.key_span.end);
                lines.push(detab(&file.text()[e.key_span.start..end]));
            }
        }
        // And the edges the fast path must leave to the parser, or read as it does.
        for edge in [
            "a: b: c",
            "a: b #c",
            "a: b#c",
            "a: 'b'",
            "a: \"b\"",
            "a: [b]",
            "a: {b}",
            "a: &b c",
            "a: *b",
            "a: !b c",
            "a: |",
            "a: >",
            "a: - b",
            "a: -b",
            "a: b:",
            "a: b\tc",
            "a: b   ",
            "a:  b",
            "a: %b",
            "a: @b",
            "a: `b`",
            "a: b, c",
            "a: b [c]",
            "a: b {c}",
            "a: true",
            "a: ~",
            "a: 0x10",
            "a: é",
            "a.b-c_d: e",
            "a b: c",
            "a:b",
            "a:\n - b\n - c",
            "a:\n- b\n- c",
            "a:  \n  - b  \n  - c d",
            "a:\n - b\n -c",
            "a:\n - b\n   - c",
            "a:\n - b\n c",
            "a:\n - 'b'\n - c",
            "a:\n - b: c",
            "a:\n -\n - b",
            "a: b\n - c",
            "a:\n - b\n\n - c",
            "a:",
            "a: ",
            "a:   ",
            "a: [\"b\",\"c d\"]",
            "a: [\"b\", \"c\"]  ",
            "a: [\"b\" , \"c\"]",
            "a: [\"b\\\"c\"]",
            "a: [\"b,c\"]",
            "a: [\"\"]",
            "a: []",
            "a: [b, \"c\"]",
            "a: [\"b\"] x",
        ] {
            lines.push(edge.to_string());
        }
        let mut fast = 0;
        for line in &lines {
            if let Some(plain) = plain_entry(line) {
                fast += 1;
                assert_eq!(Ok(plain), yaml_entry(line), "{line:?}");
            }
        }
        assert!(fast > lines.len() / 4, "the fast path read {fast} of {} lines", lines.len());
    }

    #[test]
    fn reads_scalars_block_lists_and_flow_lists() {
        let (fm, diags) = read_fm("---\nUID: NS:a.B\napi_name:\n - B\n - C\nkw: [\"x\", \"y\"]\n---\n# B structure\n");
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(fm.text("uid").map(|t| t.0), Some("NS:a.B"));
        let names: Vec<_> = fm.list("api_name").into_iter().map(|v| v.0).collect();
        assert_eq!(names, ["B", "C"]);
        let kw: Vec<_> = fm.list("kw").into_iter().map(|v| v.0).collect();
        assert_eq!(kw, ["x", "y"]);
        // Comma-separated text values are lists too, each item at its own position.
        let (lists, _) = read_fm("---\nms.keywords: \"*LPX, X\"\nreq.typenames: A,  B\n---\n");
        let spans: Vec<_> = lists
            .list("ms.keywords")
            .into_iter()
            .chain(lists.list("req.typenames"))
            .map(|(v, r)| (v, r.start))
            .collect();
        assert_eq!(
            spans,
            [("*LPX".to_string(), 18), ("X".to_string(), 24), ("A".to_string(), 42), ("B".to_string(), 46)]
        );
        assert_eq!(fm.body_start, "---\nUID: NS:a.B\napi_name:\n - B\n - C\nkw: [\"x\", \"y\"]\n---\n".len());
    }

    #[test]
    fn splits_glued_keys_and_points_at_the_glue() {
        let text = "---\ndescription: Done.helpviewer_keywords: [\"A\"]\n---\n";
        let (fm, diags) = read_fm(text);
        assert_eq!(fm.text("description").map(|t| t.0), Some("Done."));
        assert_eq!(fm.list("helpviewer_keywords")[0].0, "A");
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].code, Code::GluedFrontMatterKeys);
        assert_eq!((diags[0].pos.line, diags[0].pos.column), (2, 19));
    }

    #[test]
    fn a_key_name_inside_a_value_is_not_a_glued_key() {
        // `a.title:b` has no space after the colon; `see title` has a space before the key.
        let (fm, diags) = read_fm("---\ndescription: a.title:b, http://x/title\nold: see title\n---\n");
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(fm.text("description").map(|t| t.0), Some("a.title:b, http://x/title"));
    }

    #[test]
    fn invalid_yaml_entry_is_read_as_text_with_a_warning() {
        let (fm, diags) = read_fm("---\ntitle: A: B\nUID: NS:x.Y\n---\n");
        assert_eq!(fm.text("title").map(|t| t.0), Some("A: B"));
        assert_eq!(fm.text("UID").map(|t| t.0), Some("NS:x.Y"));
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].code, Code::InvalidFrontMatter);
        assert_eq!(diags[0].pos.line, 2);
    }

    #[test]
    fn tab_indented_lists_are_read() {
        let (fm, diags) = read_fm("---\napi_name:\n\t- A\n\t- B\n---\n");
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(fm.list("api_name").len(), 2);
    }

    #[test]
    fn template_front_matter_is_flagged_and_its_values_ignored() {
        let (fm, diags) = read_fm("---\nUID: The unique id of the API.\nreq.header: The main header of the API\n---\n");
        assert!(fm.is_template);
        assert_eq!(fm.text("UID"), None);
        assert_eq!(fm.text("req.header"), None);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(fm.template_span.map(|s| s.start), Some(4));
    }

    #[test]
    fn missing_or_unclosed_front_matter_is_a_warning() {
        let (_, diags) = read_fm("# A structure\n");
        assert_eq!(diags[0].code, Code::MissingFrontMatter);
        let (fm2, diags) = read_fm("---\nUID: x\n");
        assert_eq!(diags[0].code, Code::MissingFrontMatter);
        assert_eq!(fm2.body_start, 0);
    }
}
