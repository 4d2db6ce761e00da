//! The HTML tree of a section with no raw HTML, built straight from pulldown-cmark's events.
//!
//! Half of the sections of sdk-api (by bytes and by count) are markdown alone. For them, writing
//! HTML only for html5ever to parse it back is most of the cost of reading the page, and nothing
//! needs repairing: pulldown-cmark's HTML is well formed. This builds the tree html5ever would
//! build from `pulldown_cmark::html::push_html`'s output — the same elements, attributes and text
//! nodes, including the line breaks the writer puts between blocks — through scraper's own tree
//! sink, so both readers of section prose walk the same [`Html`] either way.
//!
//! It gives up (returns `None`, and the caller takes the HTML path) at the first event it does not
//! mirror: raw HTML, or anything the parser's options do not produce. The equivalence is tested
//! against the HTML path on every section of the pages here and on generated markdown.

use html5ever::interface::{NodeOrText, TreeSink, create_element};
use html5ever::tendril::StrTendril;
use html5ever::{Attribute, LocalName, QualName, ns};
use pulldown_cmark::{Alignment, CodeBlockKind, Event, LinkType, Parser, Tag, TagEnd};
use scraper::{Html, HtmlTreeSink};

use super::MAX_DEPTH;
use crate::read::outline::markdown_options;

/// The tree of `source`, or `None` when the section has raw HTML (or nests deeper than
/// [`MAX_DEPTH`]) and must go through the HTML parser.
pub fn tree(source: &str) -> Option<Html> {
    // html5ever drops a NUL in text, which pulldown-cmark replaces; such a page takes the slow path.
    if source.contains('\0') || may_have_tags(source) {
        return None;
    }
    let mut builder = Builder::new();
    let mut events = Parser::new_ext(source, markdown_options());
    while let Some(event) = events.next() {
        builder.event(event, &mut events)?;
    }
    Some(builder.finish())
}

/// Whether a `<` could open a tag, a comment or an autolink: then the section goes to the HTML
/// parser at once, instead of after a partial pass. (`a < b` and `<=` stay on this path.)
fn may_have_tags(source: &str) -> bool {
    source.as_bytes().windows(2).any(|w| w[0] == b'<' && (w[1].is_ascii_alphabetic() || b"/!?".contains(&w[1])))
}

/// Whether a table cell is a header cell (in the head row) or a data cell.
#[derive(Clone, Copy, PartialEq, Eq)]
enum TablePart {
    Head,
    Body,
}

struct Builder {
    sink: HtmlTreeSink,
    /// The open elements, the `<html>` root first.
    open: Vec<<HtmlTreeSink as TreeSink>::Handle>,
    /// Text not yet appended: consecutive text becomes one node, as html5ever makes it.
    text: String,
    /// Whether the HTML written so far ends in a line break (pulldown-cmark's `end_newline`,
    /// which decides whether a block is preceded by one).
    end_newline: bool,
    table_part: TablePart,
    alignments: Vec<Alignment>,
    cell: usize,
}

impl Builder {
    fn new() -> Self {
        let sink = HtmlTreeSink::new(Html::new_fragment());
        let root = create_element(&sink, html_name("html"), Vec::new());
        sink.append(&sink.get_document(), NodeOrText::AppendNode(root));
        Builder {
            sink,
            open: vec![root],
            text: String::new(),
            end_newline: true,
            table_part: TablePart::Head,
            alignments: Vec::new(),
            cell: 0,
        }
    }

    fn finish(mut self) -> Html {
        self.flush_text();
        self.sink.finish()
    }

    /// One event; `None` when it is one this module does not mirror.
    fn event<'a>(&mut self, event: Event<'a>, rest: &mut impl Iterator<Item = Event<'a>>) -> Option<()> {
        match event {
            Event::Start(tag) => self.start(tag, rest)?,
            Event::End(tag) => self.end(tag),
            Event::Text(text) => {
                self.text.push_str(&text);
                self.end_newline = text.ends_with('\n');
            }
            Event::Code(text) => {
                self.open("code", Vec::new())?;
                self.text.push_str(&text);
                self.close();
                self.end_newline = false;
            }
            Event::SoftBreak => self.line_break(),
            Event::HardBreak => {
                self.void("br", Vec::new());
                self.line_break();
            }
            Event::Rule => {
                self.block_break();
                self.void("hr", Vec::new());
                self.line_break();
            }
            // Raw HTML needs the HTML parser; the rest the parser's options never produce.
            Event::Html(_)
            | Event::InlineHtml(_)
            | Event::InlineMath(_)
            | Event::DisplayMath(_)
            | Event::FootnoteReference(_)
            | Event::TaskListMarker(_) => return None,
        }
        Some(())
    }

    fn start<'a>(&mut self, tag: Tag<'a>, rest: &mut impl Iterator<Item = Event<'a>>) -> Option<()> {
        match tag {
            Tag::Paragraph => {
                self.block_break();
                self.open("p", Vec::new())?;
            }
            Tag::Heading { level, id: None, classes, attrs } if classes.is_empty() && attrs.is_empty() => {
                self.block_break();
                self.open(&level.to_string(), Vec::new())?;
            }
            Tag::Table(alignments) => {
                self.alignments = alignments;
                self.open("table", Vec::new())?;
            }
            Tag::TableHead => {
                self.table_part = TablePart::Head;
                self.cell = 0;
                self.open("thead", Vec::new())?;
                self.open("tr", Vec::new())?;
            }
            Tag::TableRow => {
                self.cell = 0;
                self.open("tr", Vec::new())?;
            }
            Tag::TableCell => {
                let name = if self.table_part == TablePart::Head { "th" } else { "td" };
                let style = match self.alignments.get(self.cell) {
                    Some(Alignment::Left) => Some("text-align: left"),
                    Some(Alignment::Center) => Some("text-align: center"),
                    Some(Alignment::Right) => Some("text-align: right"),
                    _ => None,
                };
                self.open(name, style.map(|s| attribute("style", s)).into_iter().collect())?;
            }
            Tag::BlockQuote(None) => {
                self.block_break();
                self.open("blockquote", Vec::new())?;
                self.line_break();
            }
            Tag::CodeBlock(kind) => {
                if !self.end_newline {
                    self.line_break();
                }
                self.open("pre", Vec::new())?;
                let lang = match &kind {
                    CodeBlockKind::Fenced(info) => info.split(' ').next().unwrap_or_default(),
                    CodeBlockKind::Indented => "",
                };
                let class = (!lang.is_empty()).then(|| attribute("class", &format!("language-{lang}")));
                self.open("code", class.into_iter().collect())?;
            }
            Tag::List(start) => {
                self.block_break();
                match start {
                    Some(1) => self.open("ol", Vec::new())?,
                    Some(n) => self.open("ol", vec![attribute("start", &n.to_string())])?,
                    None => self.open("ul", Vec::new())?,
                }
                self.line_break();
            }
            Tag::Item => {
                self.block_break();
                self.open("li", Vec::new())?;
            }
            Tag::Emphasis => self.open("em", Vec::new())?,
            Tag::Strong => self.open("strong", Vec::new())?,
            Tag::Strikethrough => self.open("del", Vec::new())?,
            Tag::Link { link_type, dest_url, title, .. } => {
                let scheme = if link_type == LinkType::Email { "mailto:" } else { "" };
                let mut attrs = vec![attribute("href", &format!("{scheme}{}", href(&dest_url)))];
                if !title.is_empty() {
                    attrs.push(attribute("title", &title));
                }
                self.open("a", attrs)?;
            }
            Tag::Image { dest_url, title, .. } => {
                let mut attrs = vec![attribute("src", &href(&dest_url)), attribute("alt", &alt_text(rest)?)];
                if !title.is_empty() {
                    attrs.push(attribute("title", &title));
                }
                self.void("img", attrs);
                self.end_newline = false;
            }
            // An HTML block, and what the parser's options never produce (footnotes, definition
            // lists, GitHub's alert kinds, heading attributes, sub- and superscript, metadata).
            _ => return None,
        }
        Some(())
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph
            | TagEnd::Heading(_)
            | TagEnd::TableRow
            | TagEnd::BlockQuote(_)
            | TagEnd::List(_)
            | TagEnd::Item => {
                self.close();
                self.line_break();
            }
            TagEnd::Table => {
                self.close(); // tbody
                self.close();
                self.line_break();
            }
            TagEnd::TableHead => {
                self.close(); // tr
                self.close();
                // `</thead><tbody>` then a line break; the cells from here on are data cells.
                let tbody = create_element(&self.sink, html_name("tbody"), Vec::new());
                self.append(NodeOrText::AppendNode(tbody));
                self.open.push(tbody);
                self.line_break();
                self.table_part = TablePart::Body;
            }
            TagEnd::TableCell => {
                self.close();
                self.cell += 1;
                self.end_newline = false;
            }
            TagEnd::CodeBlock => {
                self.close(); // code
                self.close();
                self.line_break();
            }
            _ => {
                self.close();
                self.end_newline = false;
            }
        }
    }

    /// Before a block: a line break unless the HTML already ends in one.
    fn block_break(&mut self) {
        if !self.end_newline {
            self.text.push('\n');
        }
    }

    fn line_break(&mut self) {
        self.text.push('\n');
        self.end_newline = true;
    }

    /// Opens an element under the current one; `None` past [`MAX_DEPTH`], where the HTML path
    /// flattens the section (the root `<html>` is not counted, as the HTML path does not see it).
    fn open(&mut self, name: &str, attrs: Vec<Attribute>) -> Option<()> {
        if self.open.len() > MAX_DEPTH {
            return None;
        }
        self.flush_text();
        let element = create_element(&self.sink, html_name(name), attrs);
        self.append(NodeOrText::AppendNode(element));
        self.open.push(element);
        self.end_newline = false;
        Some(())
    }

    fn void(&mut self, name: &str, attrs: Vec<Attribute>) {
        self.flush_text();
        let element = create_element(&self.sink, html_name(name), attrs);
        self.append(NodeOrText::AppendNode(element));
    }

    fn close(&mut self) {
        self.flush_text();
        // The root stays: events are balanced, and a stray end tag is no reason to lose the tree.
        if self.open.len() > 1 {
            self.open.pop();
        }
    }

    fn flush_text(&mut self) {
        if self.text.is_empty() {
            return;
        }
        let text = StrTendril::from_slice(&newlines_as_html_reads_them(&self.text));
        self.text.clear();
        self.append(NodeOrText::AppendText(text));
    }

    fn append(&self, child: NodeOrText<<HtmlTreeSink as TreeSink>::Handle>) {
        let parent = self.open.last().expect("the root is never closed");
        self.sink.append(parent, child);
    }
}

fn html_name(name: &str) -> QualName {
    QualName::new(None, ns!(html), LocalName::from(name))
}

fn attribute(name: &str, value: &str) -> Attribute {
    Attribute { name: QualName::new(None, ns!(), LocalName::from(name)), value: StrTendril::from_slice(&newlines_as_html_reads_them(value)) }
}

/// An HTML parser reads CRLF and a lone CR as LF (the input stream's preprocessing).
fn newlines_as_html_reads_them(text: &str) -> std::borrow::Cow<'_, str> {
    if text.contains('\r') { text.replace("\r\n", "\n").replace('\r', "\n").into() } else { text.into() }
}

/// A link destination as the `href` the HTML path ends with: pulldown-cmark percent-encodes the
/// bytes an href may not hold and writes `&` and `'` as character references, which the HTML
/// parser reads back.
fn href(url: &str) -> String {
    let mut escaped = String::with_capacity(url.len());
    pulldown_cmark_escape::escape_href(pulldown_cmark_escape::FmtWriter(&mut escaped), url)
        .expect("writing to a String cannot fail");
    let mut out = String::with_capacity(escaped.len());
    let mut rest = escaped.as_str();
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let (reference, character) = if rest.starts_with("&amp;") { (5, '&') } else { ("&#x27;".len(), '\'') };
        out.push(character);
        rest = &rest[reference..];
    }
    out.push_str(rest);
    out
}

/// An image's `alt`: the plain text of its description, which pulldown-cmark writes in place of
/// the inner events (a line break as a space); `None` for events not mirrored here.
fn alt_text<'a>(events: &mut impl Iterator<Item = Event<'a>>) -> Option<String> {
    let mut alt = String::new();
    let mut nested = 0usize;
    for event in events {
        match event {
            Event::Start(_) => nested += 1,
            Event::End(_) if nested == 0 => break,
            Event::End(_) => nested -= 1,
            Event::Code(text) | Event::Text(text) => alt.push_str(&text),
            Event::SoftBreak | Event::HardBreak | Event::Rule => alt.push(' '),
            Event::Html(_)
            | Event::InlineHtml(_)
            | Event::InlineMath(_)
            | Event::DisplayMath(_)
            | Event::FootnoteReference(_)
            | Event::TaskListMarker(_) => return None,
        }
    }
    Some(alt)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use scraper::Node;
    use std::fmt::Write;

    /// The tree as text: every element with its attributes, every text node quoted, so that two
    /// trees print the same exactly when they are the same.
    fn dump(html: &Html) -> String {
        fn walk(node: ego_tree::NodeRef<'_, Node>, depth: usize, out: &mut String) {
            let indent = "  ".repeat(depth);
            match node.value() {
                Node::Element(e) => {
                    let mut attrs: Vec<_> = e.attrs().collect();
                    attrs.sort();
                    writeln!(out, "{indent}<{} {attrs:?}>", e.name()).unwrap();
                }
                Node::Text(t) => writeln!(out, "{indent}{:?}", &t.text[..]).unwrap(),
                other => writeln!(out, "{indent}{other:?}").unwrap(),
            }
            for child in node.children() {
                walk(child, depth + 1, out);
            }
        }
        let mut out = String::new();
        walk(html.tree.root(), 0, &mut out);
        out
    }

    /// Both paths give the same tree, or this one declines.
    fn same_tree(source: &str) -> bool {
        let Some(fast) = tree(source) else { return false };
        let slow = super::super::parse_as_html(source);
        assert!(slow.flattened.is_none(), "the fast path took a section the HTML path flattens: {source:?}");
        assert_eq!(dump(&fast), dump(&slow.dom), "trees differ for {source:?}");
        true
    }

    #[test]
    fn every_construct_gives_the_tree_of_the_html_path() {
        let cases = [
            "plain text",
            "one\ntwo\n\nthree  \nfour\\\nfive",
            "*em* **strong** ***both*** ~~del~~ `code` `` a`b ``",
            "# H1\n## H2 ##\nSetext\n===\n\ntext\n\n---\n\n***\ntext\n- - -",
            "- a\n- b\n  - c\n\n    d\n- e\n\n1. one\n2. two\n\n7) seven\n8) eight",
            "* loose\n\n* list\n\n  > quote\n  > more",
            "> quote\n>\n> > nested\n\nafter",
            "```rust ignore\nfn f() {}\n```\n\n```\nplain\n```\n\n    indented\n    code\n\n~~~\n\n\nblank first\n~~~",
            "| a | b | c | d |\n|:--|:-:|--:|---|\n| 1 | *2* | `3` | [4](x) |\n| 5 |\n\ntext",
            "| only head |\n|---|",
            "[link](https://learn.microsoft.com/a b?c=1&d='e'#f \"title &amp; more\") [ref][r] [r]\n\n[r]: /windows/win32/api/x.md 'T'",
            "![alt *text* `code`\nnext](/img.png \"t\") ![](empty.png)",
            "[![image in link](i.png)](target)",
            "a < b, c > d, e & f, &lt;b&gt; &amp; &copy; &#65; é ü ∑ 𝄞",
            "http://bare.example.com and www.example.com",
            "CRLF\r\nline\r\n\r\nparagraph\r\n```\r\ncode\r\n```\r\n",
            "tab\tbetween\n\n\ttabbed code",
            "trailing spaces  ",
            "  \n\n  ",
            "",
            "\\*not em\\* \\[not link\\]",
            "1. a\n\n   ```\n   code in list\n   ```\n2. b\n   | t |\n   |---|\n   | u |",
            "<=> <- <3 a<1",
        ];
        for case in cases {
            assert!(same_tree(case), "the fast path declined {case:?}");
        }
    }

    #[test]
    fn raw_html_and_what_it_cannot_mirror_take_the_html_path() {
        for source in ["<b>bold</b>", "a <br> b", "<!-- comment -->", "<https://autolink.example>", "x\0y"] {
            assert!(tree(source).is_none(), "{source:?}");
        }
        // Deeper than the HTML path keeps: that path flattens it and says so.
        let deep = format!("{}x", "> ".repeat(MAX_DEPTH + 1));
        assert!(tree(&deep).is_none());
        assert!(super::super::parse(&deep).flattened.is_some());
    }

    /// Every section of the pages bundled here (split at headings, as the reader splits them),
    /// read both ways.
    #[test]
    fn every_section_of_the_bundled_pages_gives_the_same_tree() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("workspace root");
        let (mut sections, mut fast) = (0, 0);
        for dir in ["docs-src", "tests/fixtures"] {
            for entry in walkdir::WalkDir::new(root.join(dir)).sort_by_file_name() {
                let entry = entry.expect("readable folder");
                if entry.path().extension().is_none_or(|e| e != "md") {
                    continue;
                }
                let text = std::fs::read_to_string(entry.path()).expect("UTF-8 page");
                let mut section = String::new();
                for line in text.split_inclusive('\n').chain(["#\n"]) {
                    if line.starts_with('#') {
                        sections += 1;
                        fast += usize::from(same_tree(&section));
                        section.clear();
                    }
                    section.push_str(line);
                }
            }
        }
        // Most sections have no raw HTML; if none took this path, the test would prove nothing.
        assert!(sections > 1000 && fast * 4 > sections, "{fast} of {sections} sections took the fast path");
    }

    /// Markdown made of the pieces that change its structure, in any order.
    fn markdownish() -> impl Strategy<Value = String> {
        const PIECES: &[&str] = &[
            "a", "word ", " ", "  ", "\n", "\n\n", "\r\n", "\t", "*", "**", "_", "`", "~~", "#", "## ", "> ", "- ",
            "* ", "1. ", "3) ", "    ", "```", "~~~", "---", "===", "|", "|---|", ":-:", "[", "]", "(", ")", "![",
            "](x \"t\")", "[r]: /u\n", "\\", "&amp;", "&", "'", "\"", "<", ">", "é", "%20", "http://e.x", "\u{a0}",
        ];
        proptest::collection::vec(proptest::sample::select(PIECES), 0..40).prop_map(|p| p.concat())
    }

    proptest! {
        #[test]
        fn generated_markdown_gives_the_same_tree(source in markdownish()) {
            same_tree(&source);
        }
    }
}
