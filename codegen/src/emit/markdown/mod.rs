//! Section prose as rustdoc markdown, for the `///` comments of generated items.
//!
//! sdk-api sections are markdown with HTML islands. As in [`crate::read::prose`], pulldown-cmark renders
//! the markdown to HTML (raw HTML passes through) and html5ever (via scraper) parses the result the
//! way a browser would, repairing the pages' malformed tables. From that tree we write markdown
//! again, in a restricted dialect that reads like the learn.microsoft.com page and that rustdoc
//! accepts under `-D warnings`: every code block fenced with a non-Rust language (no doctests), no
//! raw HTML, no unescaped brackets (no broken intra-doc links), no bare URLs.
//!
//! Two stages: the DOM becomes [`Block`]s whose inline text is already escaped markdown, then the
//! blocks are laid out as lines (list indentation, quote prefixes, table rows).

mod blocks;
mod inline;
#[cfg(test)]
mod tests;
mod url;

use crate::read::html::NOT_PROSE;
use blocks::*;
use inline::*;
use url::*;

use scraper::{ElementRef, Node};

/// How links are written: intra-doc when the target is generated, absolute otherwise.
pub struct Links<'a> {
    /// The page's folder in sdk-api (`winhttp` for sdk-api-src/content/winhttp/...), for relative links.
    pub header_dir: &'a str,
    /// The intra-doc path (e.g. `crate::winhttp::WINHTTP_STATUS_CALLBACK`) of a link's target, when it is
    /// one of the generated items. Called with the href exactly as written in the page. A module
    /// item (`crate::module::Name`) must also be in scope by its name where the docs are used: a
    /// link whose label is that name is written `[Name]` (rustdoc finds an explicit target
    /// redundant).
    pub resolve: &'a dyn Fn(&str) -> Option<String>,
}

/// A section's markdown/HTML as rustdoc markdown (block-level; paragraphs separated by blank lines,
/// no trailing newline). Empty input gives an empty string.
pub fn to_rustdoc(source: &str, links: &Links<'_>) -> String {
    to_rustdoc_without_value_tables(source, links, &[])
}

/// As [`to_rustdoc`], leaving out the tables of values (the ones the model reads values from,
/// [`crate::read::prose::value_table_names`]) that list any of `values`: the first one's place
/// is marked by a paragraph of [`VALUE_TABLE_MARK`] alone, where the caller puts its own list.
pub fn to_rustdoc_without_value_tables(source: &str, links: &Links<'_>, values: &[String]) -> String {
    if source.trim().is_empty() {
        return String::new();
    }
    let dom = crate::read::html::parse(source).dom;
    let mut writer = RustdocWriter {
        links,
        left_out: values,
        marked: false,
        table_depth: 0,
        code_depth: 0,
        link_depth: 0,
        depth: 0,
    };
    let blocks = writer.blocks_of(dom.root_element());
    layout(&blocks)
}

/// Where a table of values was left out (a word no page has, which the layout keeps as is).
pub const VALUE_TABLE_MARK: &str = "WinasyncValueTableStoodHere";

/// Plain text (already without markup, e.g. a value table cell's text) escaped so that rustdoc shows
/// it literally: no accidental intra-doc links, HTML, emphasis, headings, lists or code blocks.
/// Whitespace folds to single spaces (a doc line break would otherwise start a new block), and a
/// bare `http(s)://` URL becomes a link to itself, since rustdoc warns about bare URLs. `|` is
/// escaped as `\|` everywhere, so the result goes into a table cell as is.
pub fn escape_text(text: &str) -> String {
    let mut segs = Vec::new();
    push_text(text, true, &mut segs);
    escape_line_start(render_inline(segs, false))
}

/// The absolute URL for an href that does not resolve inside the generated crate, or None when it
/// cannot be made absolute (empty, in-page `#anchor`, `mailto:` is kept as is).
pub fn external_url(href: &str, header_dir: &str) -> Option<String> {
    let href = href.trim();
    if href.is_empty() || href.starts_with('#') {
        return None;
    }
    let lower = href.to_ascii_lowercase();
    let url = if lower.starts_with("mailto:") {
        // Without an address rustdoc would take `mailto:x` for an intra-doc path and report it broken.
        if !href.contains('@') {
            return None;
        }
        href.to_string()
    } else if lower.starts_with("http://") || lower.starts_with("https://") {
        modernize(href)
    } else if let Some(rest) = href.strip_prefix("//") {
        modernize(&format!("https://{rest}"))
    } else if href.starts_with('/') {
        let (path, suffix) = split_suffix(href);
        format!("https://{LEARN}{}{suffix}", strip_md(&desktop_to_win32(path)))
    } else if has_scheme(href) {
        // javascript:, file:, C:\... : nothing a reader should be sent to.
        return None;
    } else {
        relative_url(href, header_dir)
    };
    Some(encode_url(&url))
}

const LEARN: &str = "learn.microsoft.com";

/// Deepest element nesting walked structurally; deeper content is kept as plain text. Bounds the
/// recursion so that no input can overflow the stack.
const MAX_DEPTH: usize = 64;

/// The docfx alert kinds, spelled as learn.microsoft.com labels them.
const ALERT_KINDS: &[&str] = &["Note", "Tip", "Important", "Caution", "Warning"];

/// Elements that end the current paragraph and whose children continue the flow.
const CONTAINERS: &[&str] = &[
    "p",
    "div",
    "li",
    "dt",
    "dd",
    "tr",
    "td",
    "th",
    "thead",
    "tbody",
    "tfoot",
    "caption",
    "section",
    "article",
    "aside",
    "header",
    "footer",
    "nav",
    "main",
    "figure",
    "figcaption",
    "details",
    "summary",
    "center",
    "address",
    "fieldset",
    "form",
    "legend",
    "html",
    "body",
];

/// Elements with their own block rendering.
const BLOCKS: &[&str] = &["blockquote", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "dl", "table", "hr"];

/// Elements written as inline markdown.
const INLINE: &[&str] = &[
    "b", "strong", "i", "em", "cite", "dfn", "var", "s", "strike", "del", "code", "tt", "kbd", "samp", "a", "img",
    "br", "wbr",
];

/// A block of output; inline content is escaped markdown on one line.
#[derive(Debug)]
enum Block {
    Para(String),
    Heading(usize, String),
    Code { lang: &'static str, text: String },
    List { ordered: bool, start: u64, items: Vec<Vec<Block>> },
    Quote(Vec<Block>),
    Table(Vec<Vec<String>>),
    Rule,
}

/// Inline content before whitespace folding and emphasis checks.
#[derive(Debug)]
enum Seg {
    Space,
    /// One word, escaped.
    Text(String),
    /// Code text, raw.
    Code(String),
    Emph(&'static str, Vec<Seg>),
    /// Target and link text.
    Link(String, Vec<Seg>),
}

struct RustdocWriter<'w, 'l> {
    links: &'w Links<'l>,
    /// Tables of values listing any of these are left out.
    left_out: &'w [String],
    /// Whether [`VALUE_TABLE_MARK`] stands where the first left-out table was.
    marked: bool,
    /// Inside a table cell: blocks are flattened and `|` must be escaped, also in code spans.
    table_depth: usize,
    /// Inside `<code>`: text becomes code spans.
    code_depth: usize,
    /// Inside a link: markdown links cannot nest.
    link_depth: usize,
    depth: usize,
}

impl RustdocWriter<'_, '_> {
    fn blocks_of(&mut self, el: ElementRef<'_>) -> Vec<Block> {
        let mut out = Vec::new();
        let mut segs = Vec::new();
        self.flow(el, &mut out, &mut segs);
        self.flush(&mut segs, &mut out);
        out
    }

    /// The blocks of one element, as if it stood alone.
    fn blocks_of_element(&mut self, el: ElementRef<'_>) -> Vec<Block> {
        let mut out = Vec::new();
        let mut segs = Vec::new();
        self.flow_element(el, &mut out, &mut segs);
        self.flush(&mut segs, &mut out);
        out
    }

    fn flush(&self, segs: &mut Vec<Seg>, out: &mut Vec<Block>) {
        if segs.is_empty() {
            return;
        }
        let text = render_inline(std::mem::take(segs), self.table_depth > 0);
        if !text.is_empty() {
            out.push(Block::Para(escape_line_start(text)));
        }
    }

    fn flow(&mut self, el: ElementRef<'_>, out: &mut Vec<Block>, segs: &mut Vec<Seg>) {
        for child in el.children() {
            match child.value() {
                Node::Text(t) => self.text(t, segs),
                Node::Element(_) => {
                    if let Some(child) = ElementRef::wrap(child) {
                        self.flow_element(child, out, segs);
                    }
                }
                _ => {}
            }
        }
    }

    /// Whether to walk into `el` (counting the depth; the caller leaves it): not for skipped
    /// elements (`script`, ...), and past [`MAX_DEPTH`] its text is written flat instead, so no
    /// input overflows the stack.
    fn enter(&mut self, el: ElementRef<'_>, segs: &mut Vec<Seg>) -> bool {
        if NOT_PROSE.contains(&el.value().name()) {
            return false;
        }
        if self.depth >= MAX_DEPTH {
            self.text(&el.text().collect::<String>(), segs);
            return false;
        }
        self.depth += 1;
        true
    }

    fn flow_element(&mut self, el: ElementRef<'_>, out: &mut Vec<Block>, segs: &mut Vec<Seg>) {
        let name = el.value().name();
        if !self.enter(el, segs) {
            return;
        }
        match name {
            "div" if el.value().classes().any(|c| c.eq_ignore_ascii_case("alert")) => {
                self.flush(segs, out);
                let inner = self.blocks_of(el);
                if !inner.is_empty() {
                    out.push(alert(inner));
                }
            }
            "blockquote" => {
                self.flush(segs, out);
                let inner = self.blocks_of(el);
                if !inner.is_empty() {
                    out.push(docfx_alert(inner));
                }
            }
            "pre" => {
                self.flush(segs, out);
                out.extend(code_block(el));
            }
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                self.flush(segs, out);
                let mut inner = Vec::new();
                self.inline_children(el, &mut inner);
                let text = render_inline(inner, self.table_depth > 0);
                if !text.is_empty() {
                    // Below the item's own `# Remarks`-style headings.
                    let level = name[1..].parse::<usize>().unwrap_or(3);
                    out.push(Block::Heading((level + 1).clamp(4, 6), escape_heading_end(text)));
                }
            }
            "ul" | "ol" => {
                self.flush(segs, out);
                self.list(el, out);
            }
            "dl" => {
                self.flush(segs, out);
                self.definitions(el, out);
            }
            "table" if self.lists_left_out_values(el) => {
                self.flush(segs, out);
                if !self.marked {
                    out.push(Block::Para(VALUE_TABLE_MARK.to_string()));
                    self.marked = true;
                }
            }
            "table" => {
                self.flush(segs, out);
                self.table(el, out);
            }
            "hr" => {
                self.flush(segs, out);
                out.push(Block::Rule);
            }
            _ if CONTAINERS.contains(&name) => {
                self.flush(segs, out);
                self.flow(el, out, segs);
                self.flush(segs, out);
            }
            _ if INLINE.contains(&name) => self.inline_element(el, segs),
            // Unknown elements (`span`, `font`, `sup`, ...): their children, in place.
            _ => self.flow(el, out, segs),
        }
        self.depth -= 1;
    }

    fn lists_left_out_values(&self, table: ElementRef<'_>) -> bool {
        !self.left_out.is_empty()
            && crate::read::prose::value_table_names(table)
                .is_some_and(|names| names.iter().any(|n| self.left_out.contains(n)))
    }

    fn inline_children(&mut self, el: ElementRef<'_>, segs: &mut Vec<Seg>) {
        for child in el.children() {
            match child.value() {
                Node::Text(t) => self.text(t, segs),
                Node::Element(_) => {
                    if let Some(child) = ElementRef::wrap(child) {
                        self.inline_node(child, segs);
                    }
                }
                _ => {}
            }
        }
    }

    /// An element inside inline markup (a link, bold text, a heading): blocks flatten to words.
    fn inline_node(&mut self, el: ElementRef<'_>, segs: &mut Vec<Seg>) {
        let name = el.value().name();
        if !self.enter(el, segs) {
            return;
        }
        if INLINE.contains(&name) {
            self.inline_element(el, segs);
        } else {
            let block = CONTAINERS.contains(&name) || BLOCKS.contains(&name);
            let code = name == "pre";
            if block {
                segs.push(Seg::Space);
            }
            self.code_depth += usize::from(code);
            self.inline_children(el, segs);
            self.code_depth -= usize::from(code);
            if block {
                segs.push(Seg::Space);
            }
        }
        self.depth -= 1;
    }

    fn inline_element(&mut self, el: ElementRef<'_>, segs: &mut Vec<Seg>) {
        match el.value().name() {
            "b" | "strong" => self.emphasis("**", el, segs),
            "i" | "em" | "cite" | "dfn" | "var" => self.emphasis("*", el, segs),
            "s" | "strike" | "del" => self.emphasis("~~", el, segs),
            "code" | "tt" | "kbd" | "samp" => {
                self.code_depth += 1;
                self.inline_children(el, segs);
                self.code_depth -= 1;
            }
            "a" => self.anchor(el, segs),
            "img" => {
                if let Some(alt) = el.value().attr("alt") {
                    self.text(alt, segs);
                }
            }
            // `<br>` is mostly a trailing-double-space artifact in these pages.
            "br" => segs.push(Seg::Space),
            "wbr" => {}
            _ => self.inline_children(el, segs),
        }
    }

    fn emphasis(&mut self, delim: &'static str, el: ElementRef<'_>, segs: &mut Vec<Seg>) {
        let mut inner = Vec::new();
        self.inline_children(el, &mut inner);
        segs.push(Seg::Emph(delim, inner));
    }

    fn anchor(&mut self, el: ElementRef<'_>, segs: &mut Vec<Seg>) {
        let target = match el.value().attr("href") {
            Some(href) if self.link_depth == 0 => self.target(href),
            _ => None,
        };
        match target {
            Some(target) => {
                self.link_depth += 1;
                let mut inner = Vec::new();
                self.inline_children(el, &mut inner);
                self.link_depth -= 1;
                segs.push(Seg::Link(target, inner));
            }
            // Unresolvable (`#anchor`, `javascript:`) or an `<a id=...>` anchor: the text only.
            None => self.inline_children(el, segs),
        }
    }

    fn target(&self, href: &str) -> Option<String> {
        (self.links.resolve)(href)
            .filter(|path| !path.trim().is_empty())
            .or_else(|| external_url(href, self.links.header_dir))
    }

    fn text(&mut self, text: &str, segs: &mut Vec<Seg>) {
        if self.code_depth > 0 {
            segs.push(Seg::Code(text.to_string()));
        } else {
            push_text(text, self.link_depth == 0, segs);
        }
    }

    fn list(&mut self, el: ElementRef<'_>, out: &mut Vec<Block>) {
        let ordered = el.value().name() == "ol";
        let start = el.value().attr("start").and_then(|s| s.trim().parse::<u64>().ok()).unwrap_or(1).min(1 << 20);
        let mut items: Vec<Vec<Block>> = Vec::new();
        for child in el.children() {
            // Content outside `<li>` (a nested list written directly in the list, stray text)
            // belongs to the item before it.
            let blocks = match child.value() {
                Node::Text(t) if !t.trim().is_empty() => {
                    let mut segs = Vec::new();
                    let mut blocks = Vec::new();
                    self.text(t, &mut segs);
                    self.flush(&mut segs, &mut blocks);
                    blocks
                }
                Node::Element(e) if e.name() == "li" => {
                    if let Some(li) = ElementRef::wrap(child) {
                        items.push(self.blocks_of(li));
                    }
                    continue;
                }
                Node::Element(_) => match ElementRef::wrap(child) {
                    Some(other) => self.blocks_of_element(other),
                    None => continue,
                },
                _ => continue,
            };
            match items.last_mut() {
                Some(item) => item.extend(blocks),
                None => items.push(blocks),
            }
        }
        items.retain(|item| !item.is_empty());
        if !items.is_empty() {
            out.push(Block::List { ordered, start, items });
        }
    }

    /// `<dl>`: a term is a bold line and its definition paragraphs follow. In a table cell (the
    /// value tables' `<dt><b>NAME</b></dt><dt>0x1</dt>`) the terms stay as written, so the cell
    /// reads `**NAME** 0x1`.
    fn definitions(&mut self, el: ElementRef<'_>, out: &mut Vec<Block>) {
        for child in el.children() {
            match child.value() {
                Node::Text(t) if !t.trim().is_empty() => {
                    let mut segs = Vec::new();
                    self.text(t, &mut segs);
                    self.flush(&mut segs, out);
                }
                Node::Element(e) => {
                    let Some(child) = ElementRef::wrap(child) else { continue };
                    match e.name() {
                        "dt" => {
                            let mut segs = Vec::new();
                            self.inline_children(child, &mut segs);
                            if self.table_depth == 0 {
                                segs = vec![Seg::Emph("**", segs)];
                            }
                            self.flush(&mut segs, out);
                        }
                        "dd" => out.extend(self.blocks_of(child)),
                        // HTML allows `<div>` groups of terms and definitions.
                        "div" if self.depth < MAX_DEPTH => {
                            self.depth += 1;
                            self.definitions(child, out);
                            self.depth -= 1;
                        }
                        _ => out.extend(self.blocks_of_element(child)),
                    }
                }
                _ => {}
            }
        }
    }

    fn table(&mut self, el: ElementRef<'_>, out: &mut Vec<Block>) {
        self.table_depth += 1;
        let mut rows = Vec::new();
        let mut caption = Vec::new();
        self.rows(el, &mut rows, &mut caption, 0);
        self.table_depth -= 1;
        if !caption.is_empty() {
            out.push(Block::Para(caption.join(" ")));
        }
        rows.retain(|row: &Vec<String>| !row.is_empty());
        if rows.iter().flatten().any(|cell| !cell.is_empty()) {
            out.push(Block::Table(rows));
        }
    }

    fn rows(&mut self, el: ElementRef<'_>, rows: &mut Vec<Vec<String>>, caption: &mut Vec<String>, level: usize) {
        for child in el.children().filter_map(ElementRef::wrap) {
            match child.value().name() {
                "tr" => {
                    let mut cells = Vec::new();
                    for cell in child.children().filter_map(ElementRef::wrap) {
                        if !matches!(cell.value().name(), "td" | "th") {
                            continue;
                        }
                        let blocks = self.blocks_of(cell);
                        cells.push(flatten(&blocks, true));
                        let span = cell.value().attr("colspan").and_then(|s| s.trim().parse::<usize>().ok());
                        let span = span.unwrap_or(1).clamp(1, 16);
                        cells.extend(std::iter::repeat_n(String::new(), span - 1));
                    }
                    rows.push(cells);
                }
                // html5ever puts rows in sections; a section never holds another.
                "thead" | "tbody" | "tfoot" if level == 0 => self.rows(child, rows, caption, level + 1),
                "caption" => {
                    let blocks = self.blocks_of(child);
                    let text = flatten(&blocks, false);
                    if !text.is_empty() {
                        caption.push(text);
                    }
                }
                _ => {}
            }
        }
    }
}
