//! Section prose as rustdoc markdown, for the `///` comments of generated items.
//!
//! sdk-api sections are markdown with HTML islands. As in [`crate::prose`], pulldown-cmark renders
//! the markdown to HTML (raw HTML passes through) and html5ever (via scraper) parses the result the
//! way a browser would, repairing the pages' malformed tables. From that tree we write markdown
//! again, in a restricted dialect that reads like the learn.microsoft.com page and that rustdoc
//! accepts under `-D warnings`: every code block fenced with a non-Rust language (no doctests), no
//! raw HTML, no unescaped brackets (no broken intra-doc links), no bare URLs.
//!
//! Two stages: the DOM becomes [`Block`]s whose inline text is already escaped markdown, then the
//! blocks are laid out as lines (list indentation, quote prefixes, table rows).

use crate::outline::markdown_options;
use pulldown_cmark::{Parser, html};
use scraper::{ElementRef, Html, Node};

/// How links are written: intra-doc when the target is generated, absolute otherwise.
pub struct Links<'a> {
    /// The page's folder in sdk-api (`winhttp` for sdk-api-src/content/winhttp/...), for relative links.
    pub header_dir: &'a str,
    /// The intra-doc path (e.g. `crate::winhttp::WINHTTP_STATUS_CALLBACK`) of a link's target, when it is
    /// one of the generated items. Called with the href exactly as written in the page.
    pub resolve: &'a dyn Fn(&str) -> Option<String>,
}

/// A section's markdown/HTML as rustdoc markdown (block-level; paragraphs separated by blank lines,
/// no trailing newline). Empty input gives an empty string.
pub fn to_rustdoc(source: &str, links: &Links<'_>) -> String {
    if source.trim().is_empty() {
        return String::new();
    }
    let mut rendered = String::with_capacity(source.len() + source.len() / 4);
    html::push_html(&mut rendered, Parser::new_ext(source, markdown_options()));
    let dom = Html::parse_fragment(&rendered);
    let mut writer = Writer { links, table_depth: 0, code_depth: 0, link_depth: 0, depth: 0 };
    let blocks = writer.blocks_of(dom.root_element());
    layout(&blocks)
}

/// Plain text (already without markup, e.g. a value table cell's text) escaped so that rustdoc shows
/// it literally: no accidental intra-doc links, HTML, emphasis, headings, lists or code blocks.
/// Whitespace folds to single spaces (a doc line break would otherwise start a new block), and a
/// bare `http(s)://` URL becomes a link to itself, since rustdoc warns about bare URLs.
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
const BLOCKS: &[&str] =
    &["blockquote", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "dl", "table", "hr"];

/// Elements written as inline markdown.
const INLINE: &[&str] = &[
    "b", "strong", "i", "em", "cite", "dfn", "var", "s", "strike", "del", "code", "tt", "kbd", "samp", "a", "img",
    "br", "wbr",
];

/// Elements whose content is not prose.
const SKIPPED: &[&str] = &[
    "script", "style", "template", "head", "title", "noscript", "iframe", "object", "embed", "svg", "math", "button",
    "select", "textarea", "input", "colgroup", "col",
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

struct Writer<'w, 'l> {
    links: &'w Links<'l>,
    /// Inside a table cell: blocks are flattened and `|` must be escaped, also in code spans.
    table_depth: usize,
    /// Inside `<code>`: text becomes code spans.
    code_depth: usize,
    /// Inside a link: markdown links cannot nest.
    link_depth: usize,
    depth: usize,
}

impl Writer<'_, '_> {
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

    fn flow_element(&mut self, el: ElementRef<'_>, out: &mut Vec<Block>, segs: &mut Vec<Seg>) {
        let name = el.value().name();
        if SKIPPED.contains(&name) {
            return;
        }
        if self.depth >= MAX_DEPTH {
            self.text(&el.text().collect::<String>(), segs);
            return;
        }
        self.depth += 1;
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
        if SKIPPED.contains(&name) {
            return;
        }
        if self.depth >= MAX_DEPTH {
            self.text(&el.text().collect::<String>(), segs);
            return;
        }
        self.depth += 1;
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

/// Adds text outside code: words and spaces, and bare URLs as links (rustdoc warns about bare
/// URLs; a link to itself reads the same).
fn push_text(text: &str, link_urls: bool, segs: &mut Vec<Seg>) {
    let mut rest = text;
    while link_urls && let Some((start, end)) = find_url(rest) {
        push_words(&rest[..start], segs);
        let url = &rest[start..end];
        match external_url(url, "") {
            Some(target) => {
                let mut inner = Vec::new();
                push_words(url, &mut inner);
                segs.push(Seg::Link(target, inner));
            }
            None => push_words(url, segs),
        }
        rest = &rest[end..];
    }
    push_words(rest, segs);
}

fn push_words(text: &str, segs: &mut Vec<Seg>) {
    let mut word_start = None;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            if let Some(start) = word_start.take() {
                segs.push(Seg::Text(escape_word(&text[start..i])));
            }
            segs.push(Seg::Space);
        } else if word_start.is_none() {
            word_start = Some(i);
        }
    }
    if let Some(start) = word_start {
        segs.push(Seg::Text(escape_word(&text[start..])));
    }
}

/// Escapes one word (no whitespace) of text. `_` is left alone between letters or digits, where
/// CommonMark never reads it as emphasis, so identifiers stay readable in the source.
fn escape_word(word: &str) -> String {
    let chars: Vec<char> = word.chars().collect();
    let mut out = String::with_capacity(word.len() + 4);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '_' => {
                let mut end = i;
                while chars.get(end) == Some(&'_') {
                    end += 1;
                }
                let before = i.checked_sub(1).and_then(|k| chars.get(k)).is_some_and(|c| c.is_alphanumeric());
                let after = chars.get(end).is_some_and(|c| c.is_alphanumeric());
                let escaped = if before && after { "_" } else { "\\_" };
                for _ in i..end {
                    out.push_str(escaped);
                }
                i = end;
                continue;
            }
            '\\' | '`' | '*' | '[' | ']' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            _ => out.push(c),
        }
        i += 1;
    }
    out
}

/// The first bare `http(s)://` URL in `text`, as a byte range, without the sentence punctuation
/// after it.
fn find_url(text: &str) -> Option<(usize, usize)> {
    let mut from = 0;
    while from < text.len() {
        let rest = &text[from..];
        let start = from + [rest.find("http://"), rest.find("https://")].into_iter().flatten().min()?;
        let tail = &text[start..];
        let stop = |c: char| {
            c.is_whitespace() || matches!(c, '<' | '>' | '"' | '\'' | '`' | '[' | ']' | '{' | '}' | '|' | '\\' | '^')
        };
        let mut end = start + tail.find(stop).unwrap_or(tail.len());
        loop {
            let url = &text[start..end];
            match url.chars().next_back() {
                Some('.' | ',' | ';' | ':' | '!' | '?' | '*' | '_') => end -= 1,
                Some(')') if url.matches('(').count() < url.matches(')').count() => end -= 1,
                _ => break,
            }
        }
        let scheme = if tail.starts_with("https://") { 8 } else { 7 };
        if end > start + scheme {
            return Some((start, end));
        }
        from = start + scheme;
    }
    None
}

/// Emphasis with `delim` needs no inner emphasis of the same kind (`<dt><b>X</b></dt>`).
fn unwrap_same(delim: &str, segs: Vec<Seg>) -> Vec<Seg> {
    let mut out = Vec::with_capacity(segs.len());
    for seg in segs {
        match seg {
            Seg::Emph(d, inner) if d == delim => out.extend(unwrap_same(delim, inner)),
            Seg::Emph(d, inner) => out.push(Seg::Emph(d, unwrap_same(delim, inner))),
            Seg::Link(target, inner) => out.push(Seg::Link(target, unwrap_same(delim, inner))),
            other => out.push(other),
        }
    }
    out
}

/// Folds spaces, moves spaces at the edges of emphasis and links outside them (`** x**` is not
/// emphasis), drops empty emphasis, and merges what would otherwise touch: adjacent code spans
/// (`` `a``b` `` is one span) and adjacent emphasis of one kind (`**a****b**`). Returns the
/// segments and whether the input started and ended with a space.
fn normalize(segs: Vec<Seg>) -> (Vec<Seg>, bool, bool) {
    fn space(out: &mut Vec<Seg>, lead: &mut bool) {
        if out.is_empty() {
            *lead = true;
        } else if !matches!(out.last(), Some(Seg::Space)) {
            out.push(Seg::Space);
        }
    }
    let mut out: Vec<Seg> = Vec::with_capacity(segs.len());
    let mut lead = false;
    for seg in segs {
        match seg {
            Seg::Space => space(&mut out, &mut lead),
            Seg::Text(t) => {
                if !t.is_empty() {
                    out.push(Seg::Text(t));
                }
            }
            Seg::Code(code) => {
                if code.trim().is_empty() {
                    if !code.is_empty() {
                        space(&mut out, &mut lead);
                    }
                    continue;
                }
                if code.starts_with(char::is_whitespace) {
                    space(&mut out, &mut lead);
                }
                let trailing = code.ends_with(char::is_whitespace);
                match out.last_mut() {
                    Some(Seg::Code(prev)) => prev.push_str(code.trim()),
                    _ => out.push(Seg::Code(code.trim().to_string())),
                }
                if trailing {
                    space(&mut out, &mut lead);
                }
            }
            Seg::Emph(delim, inner) => {
                let (inner, l, t) = normalize(unwrap_same(delim, inner));
                if l {
                    space(&mut out, &mut lead);
                }
                if !inner.is_empty() {
                    match out.last_mut() {
                        Some(Seg::Emph(d, prev)) if *d == delim => prev.extend(inner),
                        _ => out.push(Seg::Emph(delim, inner)),
                    }
                }
                if t {
                    space(&mut out, &mut lead);
                }
            }
            Seg::Link(target, inner) => {
                let (inner, l, t) = normalize(inner);
                if l {
                    space(&mut out, &mut lead);
                }
                out.push(Seg::Link(target, inner));
                if t {
                    space(&mut out, &mut lead);
                }
            }
        }
    }
    let trail = matches!(out.last(), Some(Seg::Space));
    if trail {
        out.pop();
    }
    (out, lead, trail)
}

enum Piece {
    Space,
    Plain(String),
    Emph(&'static str, String),
}

/// Inline segments as one line of markdown.
fn render_inline(segs: Vec<Seg>, in_table: bool) -> String {
    render_normalized(normalize(segs).0, in_table)
}

fn render_normalized(segs: Vec<Seg>, in_table: bool) -> String {
    let mut pieces = Vec::with_capacity(segs.len());
    for seg in segs {
        match seg {
            Seg::Space => pieces.push(Piece::Space),
            Seg::Text(t) => pieces.push(Piece::Plain(t)),
            Seg::Code(code) => {
                let span = code_span(&code, in_table);
                if !span.is_empty() {
                    pieces.push(Piece::Plain(span));
                }
            }
            Seg::Emph(delim, inner) => {
                let text = render_normalized(inner, in_table);
                if !text.is_empty() {
                    pieces.push(Piece::Emph(delim, text));
                }
            }
            Seg::Link(target, inner) => {
                let mut text = render_normalized(inner, in_table);
                if text.is_empty() {
                    let mut words = Vec::new();
                    push_words(last_segment(&target), &mut words);
                    text = render_inline(words, in_table);
                }
                pieces.push(Piece::Plain(format!("[{text}]({target})")));
            }
        }
    }
    join(&pieces)
}

/// Joins pieces, writing emphasis delimiters only where CommonMark reads them as emphasis: a
/// delimiter run between a letter and punctuation neither opens nor closes (`a**(b)**c`), and
/// runs of two emphases would merge (`**a***b*`). There the text is written without emphasis.
fn join(pieces: &[Piece]) -> String {
    let word = |c: char| c.is_alphanumeric();
    let punct = |c: char| !c.is_alphanumeric() && !c.is_whitespace();
    let mut out = String::new();
    let mut space = false;
    let mut after_delim = false;
    for (i, piece) in pieces.iter().enumerate() {
        let text = match piece {
            Piece::Space => {
                space = !out.is_empty();
                continue;
            }
            Piece::Plain(text) | Piece::Emph(_, text) => text,
        };
        if space {
            out.push(' ');
            space = false;
            after_delim = false;
        }
        if let Piece::Emph(delim, _) = piece {
            let prev = out.chars().next_back();
            let next = match pieces.get(i + 1) {
                Some(Piece::Plain(s) | Piece::Emph(_, s)) => s.chars().next(),
                _ => None,
            };
            let opens = !after_delim && !(text.starts_with(punct) && prev.is_some_and(word));
            let closes = !(text.ends_with(punct) && next.is_some_and(word));
            if opens && closes {
                out.push_str(delim);
                out.push_str(text);
                out.push_str(delim);
                after_delim = true;
                continue;
            }
        }
        out.push_str(text);
        after_delim = false;
    }
    out
}

/// A code span for `code` (whitespace folded), with a backtick fence longer than any run inside.
fn code_span(code: &str, in_table: bool) -> String {
    let folded = code.split_whitespace().collect::<Vec<_>>().join(" ");
    if folded.is_empty() {
        return folded;
    }
    // In a table a `|` ends the cell even inside a code span; GFM unescapes `\|` there.
    let body = if in_table { folded.replace('|', "\\|") } else { folded };
    let fence = "`".repeat(longest_run(&body, '`') + 1);
    let pad = if body.starts_with('`') || body.ends_with('`') { " " } else { "" };
    format!("{fence}{pad}{body}{pad}{fence}")
}

fn longest_run(text: &str, c: char) -> usize {
    let (mut best, mut run) = (0, 0);
    for ch in text.chars() {
        run = if ch == c { run + 1 } else { 0 };
        best = best.max(run);
    }
    best
}

/// The last path segment of a link target, for links without text.
fn last_segment(target: &str) -> &str {
    let path = target.split(['#', '?']).next().unwrap_or(target);
    let segment = if path.contains("://") || path.starts_with("mailto:") {
        path.rsplit('/').find(|s| !s.is_empty() && !s.ends_with(':'))
    } else {
        path.rsplit("::").find(|s| !s.is_empty())
    };
    segment.unwrap_or(target)
}

/// Escapes what would make a paragraph line start a heading, list or thematic break. Other
/// block starts are escaped everywhere already (`>`, `*`, `` ` ``, `<`, `[`, `|`, `~`).
fn escape_line_start(text: String) -> String {
    let bytes = text.as_bytes();
    match bytes.first() {
        Some(b'#' | b'-' | b'+' | b'=') => format!("\\{text}"),
        Some(b'0'..=b'9') => {
            let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
            let marker = matches!(bytes.get(digits), Some(b'.' | b')'));
            let ends = bytes.get(digits + 1).is_none_or(|b| *b == b' ');
            if digits <= 9 && marker && ends {
                format!("{}\\{}", &text[..digits], &text[digits..])
            } else {
                text
            }
        }
        _ => text,
    }
}

/// A heading's trailing `#` would be read as a closing sequence.
fn escape_heading_end(text: String) -> String {
    match text.strip_suffix('#') {
        Some(head) => format!("{head}\\#"),
        None => text,
    }
}

fn code_block(pre: ElementRef<'_>) -> Option<Block> {
    let mut text = String::new();
    for node in pre.descendants() {
        match node.value() {
            Node::Text(t) => text.push_str(t),
            Node::Element(e) if e.name() == "br" => text.push('\n'),
            _ => {}
        }
    }
    let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
    let first = lines.iter().position(|l| !l.is_empty())?;
    let last = lines.iter().rposition(|l| !l.is_empty())?;
    let mut body = String::new();
    let mut blank = false;
    for line in &lines[first..=last] {
        if line.is_empty() && blank {
            continue;
        }
        blank = line.is_empty();
        if !body.is_empty() {
            body.push('\n');
        }
        body.push_str(line);
    }
    Some(Block::Code { lang: code_language(pre), text: body })
}

/// `cpp` or `c` when the source names C++ or C (```` ```cpp ```` becomes `class="language-cpp"`),
/// otherwise `text`: never a language rustdoc would run as a doctest.
fn code_language(pre: ElementRef<'_>) -> &'static str {
    let code_elements = pre.descendants().filter_map(ElementRef::wrap).filter(|e| e.value().name() == "code");
    for el in std::iter::once(pre).chain(code_elements) {
        for class in el.value().classes() {
            let lang = class.strip_prefix("language-").or_else(|| class.strip_prefix("lang-")).unwrap_or(class);
            match lang.to_ascii_lowercase().as_str() {
                "cpp" | "c++" | "cplusplus" | "cxx" | "cc" | "hpp" => return "cpp",
                "c" => return "c",
                _ => {}
            }
        }
    }
    "text"
}

/// `<div class="alert"><b>Note</b> text</div>` as `> **Note:** text`.
fn alert(mut blocks: Vec<Block>) -> Block {
    if let Some(Block::Para(first)) = blocks.first()
        && let Some(rest) = first.strip_prefix("**")
        && let Some(end) = rest.find("**")
    {
        let label = rest[..end].trim().trim_end_matches(':').trim_end();
        if !label.is_empty() && label.len() <= 40 && !label.contains('*') {
            let (label, rest) = (label.to_string(), rest[end + 2..].trim_start().to_string());
            relabel(&mut blocks, &label, rest);
        }
    }
    Block::Quote(blocks)
}

/// docfx `> [!NOTE]` quotes as `> **Note:** text`; other quotes stay quotes.
fn docfx_alert(mut blocks: Vec<Block>) -> Block {
    if let Some(Block::Para(first)) = blocks.first()
        && let Some(rest) = first.strip_prefix("\\[!")
        && let Some(end) = rest.find("\\]")
        && let Some(kind) = ALERT_KINDS.iter().find(|k| k.eq_ignore_ascii_case(&rest[..end]))
    {
        let rest = rest[end + 2..].trim_start().to_string();
        relabel(&mut blocks, kind, rest);
    }
    Block::Quote(blocks)
}

/// Replaces the first paragraph by `**label:** rest`; a label alone joins the next paragraph.
fn relabel(blocks: &mut Vec<Block>, label: &str, rest: String) {
    let label = format!("**{label}:**");
    if rest.is_empty()
        && let Some(Block::Para(next)) = blocks.get(1)
    {
        blocks[1] = Block::Para(format!("{label} {next}"));
        blocks.remove(0);
    } else if rest.is_empty() {
        blocks[0] = Block::Para(label);
    } else {
        blocks[0] = Block::Para(format!("{label} {rest}"));
    }
}

/// Blocks on one line, for table cells and nested list items.
fn flatten(blocks: &[Block], in_table: bool) -> String {
    let parts: Vec<String> =
        blocks.iter().map(|b| flatten_block(b, in_table)).filter(|s| !s.is_empty()).collect();
    parts.join(" ")
}

fn flatten_block(block: &Block, in_table: bool) -> String {
    match block {
        Block::Para(text) | Block::Heading(_, text) => text.clone(),
        Block::Code { text, .. } => code_span(text, in_table),
        Block::List { items, .. } => {
            let items: Vec<String> = items.iter().map(|i| flatten(i, in_table)).filter(|s| !s.is_empty()).collect();
            items.join("; ")
        }
        Block::Quote(inner) => flatten(inner, in_table),
        Block::Table(rows) => {
            let rows: Vec<String> = rows
                .iter()
                .map(|row| row.iter().filter(|c| !c.is_empty()).cloned().collect::<Vec<_>>().join(" "))
                .filter(|s| !s.is_empty())
                .collect();
            rows.join("; ")
        }
        Block::Rule => String::new(),
    }
}

/// The blocks as doc text: blank lines between blocks, no trailing spaces, no runs of blank
/// lines, no trailing newline.
fn layout(blocks: &[Block]) -> String {
    let mut lines = Vec::new();
    push_blocks(blocks, 0, &mut lines);
    let mut out = String::new();
    let mut blank = false;
    for line in &lines {
        let line = line.trim_end();
        if line.is_empty() {
            blank = !out.is_empty();
            continue;
        }
        if blank {
            out.push('\n');
            blank = false;
        }
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(line);
    }
    out
}

fn push_blocks(blocks: &[Block], list_depth: usize, lines: &mut Vec<String>) {
    for (i, block) in blocks.iter().enumerate() {
        if i > 0 {
            lines.push(String::new());
        }
        push_block(block, list_depth, lines);
    }
}

fn push_block(block: &Block, list_depth: usize, lines: &mut Vec<String>) {
    match block {
        Block::Para(text) => lines.push(text.clone()),
        Block::Heading(level, text) => lines.push(format!("{} {text}", "#".repeat(*level))),
        Block::Code { lang, text } => {
            let fence = "`".repeat(longest_run(text, '`').max(2) + 1);
            lines.push(format!("{fence}{lang}"));
            lines.extend(text.lines().map(str::to_string));
            lines.push(fence);
        }
        Block::Quote(inner) => {
            let mut sub = Vec::new();
            push_blocks(inner, list_depth, &mut sub);
            lines.extend(sub.into_iter().map(|l| if l.is_empty() { ">".to_string() } else { format!("> {l}") }));
        }
        Block::Table(rows) => {
            let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
            let row_line = |row: &[String]| {
                let cells: Vec<&str> =
                    (0..columns).map(|i| row.get(i).map_or("", String::as_str)).collect();
                format!("| {} |", cells.join(" | "))
            };
            for (i, row) in rows.iter().enumerate() {
                lines.push(row_line(row));
                if i == 0 {
                    lines.push(format!("|{}", " --- |".repeat(columns)));
                }
            }
        }
        Block::Rule => lines.push("---".to_string()),
        Block::List { ordered, start, items } => push_list(*ordered, *start, items, list_depth, lines),
    }
}

/// A list. Item content is indented by its marker's width; to keep every line outside code
/// fences indented by fewer than four spaces (which would read as an indented code block), the
/// items of nested lists, and of ordered lists numbered past 9, are flattened to one line.
fn push_list(ordered: bool, start: u64, items: &[Vec<Block>], list_depth: usize, lines: &mut Vec<String>) {
    let last = start.saturating_add(items.len() as u64).saturating_sub(1);
    let flat = list_depth > 0 || (ordered && last > 9);
    // A list whose items are a paragraph (and sub-lists) is written tight, as the page shows it.
    let tight = flat
        || items.iter().all(|item| {
            matches!(item.first(), Some(Block::Para(_))) && item[1..].iter().all(|b| matches!(b, Block::List { .. }))
        });
    let mut first = true;
    for (k, item) in items.iter().enumerate() {
        let marker = if ordered { format!("{}.", start.saturating_add(k as u64)) } else { "-".to_string() };
        let mut sub = Vec::new();
        if flat {
            let text = flatten(item, false);
            if !text.is_empty() {
                sub.push(text);
            }
        } else if tight {
            for block in item {
                push_block(block, list_depth + 1, &mut sub);
            }
        } else {
            push_blocks(item, list_depth + 1, &mut sub);
        }
        if sub.is_empty() {
            continue;
        }
        if !first && !tight {
            lines.push(String::new());
        }
        first = false;
        let indent = " ".repeat(marker.len() + 1);
        for (j, line) in sub.into_iter().enumerate() {
            lines.push(match (j, line.is_empty()) {
                (0, _) => format!("{marker} {line}"),
                (_, true) => line,
                (_, false) => format!("{indent}{line}"),
            });
        }
    }
}

/// `docs.microsoft.com` and `/windows/desktop/` paths moved to learn.microsoft.com and
/// `/windows/win32/`.
fn modernize(url: &str) -> String {
    let Some(scheme_end) = url.find("://") else { return url.to_string() };
    let after = &url[scheme_end + 3..];
    let host_end = after.find(['/', '?', '#']).unwrap_or(after.len());
    let host = &after[..host_end];
    let rest = &after[host_end..];
    let host_lower = host.to_ascii_lowercase();
    if !matches!(host_lower.as_str(), "docs.microsoft.com" | "learn.microsoft.com" | "www.docs.microsoft.com") {
        return url.to_string();
    }
    let (path, suffix) = split_suffix(rest);
    format!("{}://{LEARN}{}{suffix}", &url[..scheme_end], desktop_to_win32(path))
}

/// Splits `path?query#fragment` into the path and the rest.
fn split_suffix(href: &str) -> (&str, &str) {
    let at = href.find(['?', '#']).unwrap_or(href.len());
    href.split_at(at)
}

fn desktop_to_win32(path: &str) -> String {
    const OLD: &str = "/windows/desktop";
    let lower = path.to_ascii_lowercase();
    let found = lower.match_indices(OLD).find(|(i, _)| {
        let after = lower.as_bytes().get(i + OLD.len());
        after.is_none() || after == Some(&b'/')
    });
    match found {
        Some((i, _)) => format!("{}/windows/win32{}", &path[..i], &path[i + OLD.len()..]),
        None => path.to_string(),
    }
}

fn strip_md(path: &str) -> &str {
    let n = path.len();
    if n > 3 && path.is_char_boundary(n - 3) && path[n - 3..].eq_ignore_ascii_case(".md") { &path[..n - 3] } else { path }
}

/// Whether `href` starts with a URL scheme (`javascript:`, `file:`, `C:`).
fn has_scheme(href: &str) -> bool {
    let end = href.find([':', '/', '?', '#']);
    end.is_some_and(|i| {
        href.as_bytes()[i] == b':'
            && i > 0
            && href[..i].bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'))
    })
}

/// A page-relative href: sdk-api-src/content/<dir>/<page>.md is published at
/// learn.microsoft.com/windows/win32/api/<dir>/<page>.
fn relative_url(href: &str, header_dir: &str) -> String {
    let (path, suffix) = split_suffix(href);
    let mut segments: Vec<&str> = vec!["windows", "win32", "api"];
    segments.extend(header_dir.split('/').filter(|s| !s.is_empty()));
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            other => segments.push(other),
        }
    }
    let joined = segments.join("/");
    format!("https://{LEARN}/{}{suffix}", strip_md(&joined))
}

/// Percent-encodes what would end or break a markdown link destination.
fn encode_url(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for c in url.chars() {
        if c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | '"' | '(' | ')' | '|' | '`' | '\\') {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        } else {
            out.push(c);
        }
    }
    out
}
