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
    /// one of the generated items. Called with the href exactly as written in the page. A module
    /// item (`crate::module::Name`) must also be in scope by its name where the docs are used: a
    /// link whose label is that name is written `[Name]` (rustdoc finds an explicit target
    /// redundant).
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
                        Some(Seg::Emph(d, prev)) if *d == delim => {
                            prev.extend(inner);
                            *prev = merge_code(std::mem::take(prev));
                        }
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

/// Joins directly adjacent code segments.
fn merge_code(segs: Vec<Seg>) -> Vec<Seg> {
    let mut out: Vec<Seg> = Vec::with_capacity(segs.len());
    for seg in segs {
        match (out.last_mut(), seg) {
            (Some(Seg::Code(prev)), Seg::Code(code)) => prev.push_str(&code),
            (_, seg) => out.push(seg),
        }
    }
    out
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
                // rustdoc's `redundant_explicit_links`: a label that is a module item's own name
                // resolves by itself (the generated modules import the crate root). A member
                // (`crate::m::IFoo_Vtbl::Method`) is not in scope by its name.
                let label: String = text.chars().filter(|c| !matches!(c, '`' | '\\')).collect();
                let module_item = target.starts_with("crate::") && target.matches("::").count() == 2;
                if module_item && label == last_segment(&target) {
                    pieces.push(Piece::Plain(format!("[{text}]")));
                } else {
                    pieces.push(Piece::Plain(format!("[{text}]({target})")));
                }
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
        // Backticks that touch would merge into one run and change where code spans end.
        if space || (out.ends_with('`') && text.starts_with('`')) {
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
            let glued_open = text.starts_with(punct) && prev.is_some_and(word);
            let glued_close = text.ends_with(punct) && next.is_some_and(word);
            if !after_delim && !glued_open && !glued_close {
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
            if digits <= 9 && marker && ends { format!("{}\\{}", &text[..digits], &text[digits..]) } else { text }
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
    let parts: Vec<String> = blocks.iter().map(|b| flatten_block(b, in_table)).filter(|s| !s.is_empty()).collect();
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
                let cells: Vec<&str> = (0..columns).map(|i| row.get(i).map_or("", String::as_str)).collect();
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
    if n > 3 && path.is_char_boundary(n - 3) && path[n - 3..].eq_ignore_ascii_case(".md") {
        &path[..n - 3]
    } else {
        path
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::{CodeBlockKind, Event, Options, Tag, TagEnd};
    use std::ops::Range;

    fn nothing(_: &str) -> Option<String> {
        None
    }

    fn md(source: &str) -> String {
        to_rustdoc(source, &Links { header_dir: "winhttp", resolve: &nothing })
    }

    /// What rustdoc would object to, or run, in `doc`: read with rustdoc's markdown options.
    fn problems(doc: &str) -> Vec<String> {
        let options = Options::ENABLE_TABLES
            | Options::ENABLE_FOOTNOTES
            | Options::ENABLE_STRIKETHROUGH
            | Options::ENABLE_TASKLISTS
            | Options::ENABLE_SMART_PUNCTUATION;
        let mut found = Vec::new();
        let mut code: Vec<Range<usize>> = Vec::new();
        let mut link_starts = Vec::new();
        let (mut in_link, mut in_code_block) = (0, false);
        for (event, range) in Parser::new_ext(doc, options).into_offset_iter() {
            match event {
                Event::Start(Tag::CodeBlock(kind)) => {
                    in_code_block = true;
                    code.push(range);
                    match kind {
                        CodeBlockKind::Fenced(lang) if ["cpp", "c", "text"].contains(&&*lang) => {}
                        other => found.push(format!("code block {other:?}")),
                    }
                }
                Event::End(TagEnd::CodeBlock) => in_code_block = false,
                Event::Code(_) => code.push(range),
                Event::Html(h) | Event::InlineHtml(h) => found.push(format!("HTML {h:?}")),
                Event::Start(Tag::Link { dest_url, .. }) => {
                    in_link += 1;
                    link_starts.push(range.start);
                    if !["crate::", "https://", "http://", "mailto:"].iter().any(|p| dest_url.starts_with(p)) {
                        found.push(format!("link target {dest_url:?}"));
                    }
                }
                Event::End(TagEnd::Link) => in_link -= 1,
                Event::Text(t) if in_link == 0 && !in_code_block && has_url(&t) => {
                    found.push(format!("bare URL in {t:?}"));
                }
                Event::FootnoteReference(_) | Event::TaskListMarker(_) => found.push(format!("{event:?}")),
                Event::Start(tag @ (Tag::FootnoteDefinition(_) | Tag::Image { .. })) => found.push(format!("{tag:?}")),
                _ => {}
            }
        }
        let in_code = |i: usize| code.iter().any(|r| r.contains(&i));
        if doc.ends_with('\n') {
            found.push("trailing newline".into());
        }
        let (mut offset, mut blank) = (0, false);
        for line in doc.split('\n') {
            if line.ends_with([' ', '\t']) {
                found.push(format!("trailing space: {line:?}"));
            }
            if line.is_empty() && blank {
                found.push("two blank lines".into());
            }
            blank = line.is_empty();
            if line.starts_with("    ") && !in_code(offset) {
                found.push(format!("indented 4+: {line:?}"));
            }
            offset += line.len() + 1;
        }
        let bytes = doc.as_bytes();
        for (i, &b) in bytes.iter().enumerate() {
            if in_code(i) {
                continue;
            }
            let backslashes = bytes[..i].iter().rev().take_while(|&&c| c == b'\\').count();
            match b {
                b'<' if bytes.get(i + 1).is_some_and(|n| n.is_ascii_alphabetic() || *n == b'/') => {
                    found.push(format!("tag at {i}: {:?}", &doc[i..doc.len().min(i + 20)]));
                }
                b'[' if backslashes % 2 == 0 && !link_starts.contains(&i) => {
                    found.push(format!("bracket at {i}: {:?}", &doc[i..doc.len().min(i + 20)]));
                }
                _ => {}
            }
        }
        found
    }

    /// Whether rustdoc's `bare_urls` lint would see a URL in `text`: its pattern is
    /// `https?://([-a-zA-Z0-9@:%._\+~#=]{2,256}\.)+[a-zA-Z]{2,63}`.
    fn has_url(text: &str) -> bool {
        let host_char = |c: char| c.is_ascii_alphanumeric() || "-@:%._+~#=".contains(c);
        text.match_indices("http").any(|(i, _)| {
            let rest = &text[i + 4..];
            let Some(rest) = rest.strip_prefix("://").or_else(|| rest.strip_prefix("s://")) else { return false };
            let host: Vec<char> = rest.chars().take_while(|&c| host_char(c)).collect();
            (2..host.len()).any(|k| {
                host[k] == '.' && host[k + 1..].iter().take(2).filter(|c| c.is_ascii_alphabetic()).count() == 2
            })
        })
    }

    #[test]
    fn code_blocks_are_fenced_with_a_language_rustdoc_does_not_run() {
        assert_eq!(md("```cpp\nint x = 1;\n```\n"), "```cpp\nint x = 1;\n```");
        assert_eq!(md("```C++\nint x;\n```\n"), "```cpp\nint x;\n```");
        assert_eq!(md("```c\nint x;\n```\n"), "```c\nint x;\n```");
        // A `rust` (or unlabelled) fence would be compiled as a doctest.
        assert_eq!(md("```rust\nlet x = 1;\n```\n"), "```text\nlet x = 1;\n```");
        assert_eq!(md("```\nplain\n```\n"), "```text\nplain\n```");
        assert_eq!(md("Text:\n\n    indented();\n      more();\n"), "Text:\n\n```text\nindented();\n  more();\n```");
        assert_eq!(
            md("<pre class=\"syntax\" xml:space=\"preserve\"><code>\nA := B | C*\n</code></pre>"),
            "```text\nA := B | C*\n```"
        );
        assert_eq!(md("<pre>a ``` b</pre>"), "````text\na ``` b\n````");
        assert_eq!(md("#### Examples\n\n<div class=\"code\"></div>\n"), "##### Examples");
    }

    #[test]
    fn links_are_intra_doc_when_generated_and_absolute_otherwise() {
        let callback = "/windows/desktop/api/winhttp/nc-winhttp-winhttp_status_callback";
        let resolve = |href: &str| (href == callback).then(|| "crate::winhttp::WINHTTP_STATUS_CALLBACK".to_string());
        let links = Links { header_dir: "winhttp", resolve: &resolve };
        let doc = |s: &str| to_rustdoc(s, &links);
        assert_eq!(
            doc(&format!(
                "This structure is used with the \n<a href=\"{callback}\">WINHTTP_STATUS_CALLBACK</a> prototype."
            )),
            "This structure is used with the [WINHTTP_STATUS_CALLBACK] prototype."
        );
        assert_eq!(doc(&format!("<a href=\"{callback}\"></a>")), "[WINHTTP_STATUS_CALLBACK]");
        // Another label keeps the explicit target.
        assert_eq!(
            doc(&format!("<a href=\"{callback}\">the callback</a>")),
            "[the callback](crate::winhttp::WINHTTP_STATUS_CALLBACK)"
        );
        assert_eq!(
            doc("See <a href=\"/windows/desktop/WinHttp/winhttp-start-page\">Run-Time Requirements</a>."),
            "See [Run-Time Requirements](https://learn.microsoft.com/windows/win32/WinHttp/winhttp-start-page)."
        );
        assert_eq!(
            doc("Call [WinHttpOpen](nf-winhttp-winhttpopen.md) first."),
            "Call [WinHttpOpen](https://learn.microsoft.com/windows/win32/api/winhttp/nf-winhttp-winhttpopen) first."
        );
        assert_eq!(
            doc("<a href=\"/windows/desktop/api/winhttp/nf-winhttp-winhttpopen\"></a>"),
            "[nf-winhttp-winhttpopen](https://learn.microsoft.com/windows/win32/api/winhttp/nf-winhttp-winhttpopen)"
        );
        assert_eq!(doc("See <a href=\"#remarks\">Remarks</a> below."), "See Remarks below.");
        assert_eq!(doc("<a href=\"javascript:void(0)\">x[1]</a>"), r"x\[1\]");
        assert_eq!(
            doc("<a href=\"https://msdn.microsoft.com/abc\"><code>WinHttpOpen</code></a>"),
            "[`WinHttpOpen`](https://msdn.microsoft.com/abc)"
        );
        assert_eq!(
            doc("<a href=\"https://msdn.microsoft.com/abc\">Get <b>more</b></a>"),
            "[Get **more**](https://msdn.microsoft.com/abc)"
        );
        assert_eq!(doc("Fill buffer[0] and [in] data."), r"Fill buffer\[0\] and \[in\] data.");
        // rustdoc warns about bare URLs; a link to itself reads the same.
        assert_eq!(doc("See http://tempuri.org."), "See [http://tempuri.org](http://tempuri.org).");
        assert_eq!(
            doc("(see https://example.com/a_(b))"),
            r"(see [https://example.com/a\_(b)](https://example.com/a_%28b%29))"
        );
    }

    #[test]
    fn html_never_reaches_the_output() {
        assert_eq!(md("if a &lt; b &amp;&amp; c &gt; d"), "if a &lt; b &amp;&amp; c &gt; d");
        assert_eq!(md("<p>e.g. &lt;a:order id=\"5\"&gt;</p>"), "e.g. &lt;a:order id=\"5\"&gt;");
        assert_eq!(
            md("Call <span class=\"x\">Foo</span> with <img src=\"a.png\" alt=\"a diagram\"> now<img src=\"b.png\">."),
            "Call Foo with a diagram now."
        );
        assert_eq!(md("![The flow](images/flow.png)"), "The flow");
        assert_eq!(md("<script>alert(1)</script>Text"), "Text");
        assert_eq!(md("<font color=\"red\"><u>Red</u></font> text"), "Red text");
        // Inside code spans `<` is shown as written.
        assert_eq!(md("<code>&lt;a&gt;</code>"), "`<a>`");
    }

    #[test]
    fn markdown_characters_in_text_render_literally() {
        assert_eq!(md("<p>WINHTTP_ASYNC_RESULT</p>"), "WINHTTP_ASYNC_RESULT");
        assert_eq!(md("<p>_foo_ and __stdcall and foo_</p>"), r"\_foo\_ and \_\_stdcall and foo\_");
        assert_eq!(md("<p>*p and a*b and **</p>"), r"\*p and a\*b and \*\*");
        assert_eq!(md("<p>the ` key</p>"), r"the \` key");
        assert_eq!(md("<p># of bytes</p>"), r"\# of bytes");
        assert_eq!(md("<p>- 1 means none</p>"), r"\- 1 means none");
        assert_eq!(md("<p>+ more</p>"), r"\+ more");
        assert_eq!(md("<p>1. First</p>"), r"1\. First");
        assert_eq!(md("<p>2) Second</p>"), r"2\) Second");
        assert_eq!(md("<p>1.5 seconds</p>"), "1.5 seconds");
        assert_eq!(md("<p>&gt; 5</p>"), "&gt; 5");
        assert_eq!(md("<p>FLAG_A | FLAG_B</p>"), r"FLAG_A \| FLAG_B");
        assert_eq!(md("<p>~50 ms</p>"), r"\~50 ms");
        assert_eq!(md("<p>C:\\Windows</p>"), r"C:\\Windows");
        // A markdown escape in the page is resolved, then written the way this module writes it.
        assert_eq!(md(r"A\_B and \*p"), r"A_B and \*p");
    }

    #[test]
    fn inline_markup_becomes_markdown_emphasis_and_code() {
        assert_eq!(
            md("<b>bold</b>, <i>italic</i>, <code>code</code>, <strong>s</strong> <em>e</em>"),
            "**bold**, *italic*, `code`, **s** *e*"
        );
        assert_eq!(md("**bold** and *it* and `x`"), "**bold** and *it* and `x`");
        assert_eq!(md("a <b></b> b <i>\u{a0}</i> c"), "a b c");
        assert_eq!(md("one\n  two\u{a0}\u{a0}three<br>four<br/>five"), "one two three four five");
        // The pages put the space after a label inside the bold: it moves out.
        assert_eq!(
            md("<b>Windows 8:\u{a0}\u{a0}</b>The framework supports it."),
            "**Windows 8:** The framework supports it."
        );
        assert_eq!(md("<code>a`b</code>"), "``a`b``");
        assert_eq!(md("<code>`x</code>"), "`` `x ``");
        assert_eq!(md("<code>a</code><code>b</code>"), "`ab`");
        // `**(x)**` glued to letters would not be emphasis in CommonMark: written plain.
        assert_eq!(md("word<b>(x)</b>word"), "word(x)word");
        assert_eq!(md("<b><b>x</b></b> <b>A</b><b>B</b>"), "**x** **AB**");
        assert_eq!(md("<b>A <i>B</i></b>"), "**A *B***");
        assert_eq!(md("<del>old</del>"), "~~old~~");
    }

    #[test]
    fn tables_become_github_tables() {
        let value_table = "<table>\n<tr>\n<th>Value</th>\n<th>Meaning</th>\n</tr>\n<tr>\n\
            <td width=\"40%\"><a id=\"API_READ_DATA\"></a><a id=\"api_read_data\"></a><dl>\n\
            <dt><b>API_READ_DATA</b></dt>\n<dt>3</dt>\n</dl>\n</td>\n<td width=\"60%\">\n\
            The error occurred during a call to \n\
            <a href=\"/windows/desktop/api/winhttp/nf-winhttp-winhttpreaddata\">WinHttpReadData</a>.\n\n\
            </td>\n</tr>\n</table>\n";
        assert_eq!(
            md(value_table),
            "| Value | Meaning |\n| --- | --- |\n| **API_READ_DATA** 3 | The error occurred during a call to \
             [WinHttpReadData](https://learn.microsoft.com/windows/win32/api/winhttp/nf-winhttp-winhttpreaddata). |"
        );
        // No header row: the first row heads the table.
        let table = md("<table><tr><td>a | b</td><td><p>One.</p><p>Two.</p></td></tr>\
                        <tr><td><code>x|y</code></td><td></td></tr></table>");
        assert_eq!(table, "| a \\| b | One. Two. |\n| --- | --- |\n| `x\\|y` |  |");
        // GFM reads `\|` in a code span in a table as `|`.
        let codes: Vec<String> = Parser::new_ext(&table, Options::ENABLE_TABLES)
            .filter_map(|e| if let Event::Code(c) = e { Some(c.to_string()) } else { None })
            .collect();
        assert_eq!(codes, ["x|y"]);
        assert_eq!(
            md("<table><tr><th>A</th></tr><tr><td>Values:<ul><li>X</li><li>Y</li></ul></td></tr></table>"),
            "| A |\n| --- |\n| Values: X; Y |"
        );
        assert_eq!(
            md("<table><tr><th>A</th><th>B</th></tr><tr><td>1</td></tr><tr><td colspan=\"2\">w</td></tr></table>"),
            "| A | B |\n| --- | --- |\n| 1 |  |\n| w |  |"
        );
        assert_eq!(md("<table><tr><td> </td></tr></table>"), "");
    }

    #[test]
    fn alerts_become_labelled_quotes() {
        assert_eq!(
            md("<div class=\"alert\"><b>Note</b>\u{a0}\u{a0}For Windows XP, see \
                <a href=\"/windows/desktop/WinHttp/winhttp-start-page\">Run-Time Requirements</a>.</div>\n<div>\u{a0}</div>"),
            "> **Note:** For Windows XP, see \
             [Run-Time Requirements](https://learn.microsoft.com/windows/win32/WinHttp/winhttp-start-page)."
        );
        assert_eq!(md("<div class=\"alert\"><b>Caution:</b> Do not.</div>"), "> **Caution:** Do not.");
        assert_eq!(md("> [!NOTE]\n> The header defines an alias.\n"), "> **Note:** The header defines an alias.");
        assert_eq!(md("> [!IMPORTANT]\n>\n> Call it first.\n"), "> **Important:** Call it first.");
        assert_eq!(md("> [!warning]\n> One.\n>\n> Two.\n"), "> **Warning:** One.\n>\n> Two.");
        assert_eq!(md("> [!TIP]\n> - a\n> - b\n"), "> **Tip:**\n>\n> - a\n> - b");
        assert_eq!(md("> Quoted text.\n"), "> Quoted text.");
        assert_eq!(md("> [!div class=\"x\"]\n"), r#"> \[!div class="x"\]"#);
    }

    #[test]
    fn lists_become_markdown_lists() {
        assert_eq!(md("Values:<ul>\n<li>A_B</li>\n<li>C</li>\n</ul>"), "Values:\n\n- A_B\n- C");
        assert_eq!(md("1. First\n2. Second\n"), "1. First\n2. Second");
        assert_eq!(md("* a\n* b\n"), "- a\n- b");
        assert_eq!(
            md("<ul><li>Outer<ul><li>Inner one</li><li>Inner two</li></ul></li><li>Next</li></ul>"),
            "- Outer\n  - Inner one\n  - Inner two\n- Next"
        );
        assert_eq!(
            md("<ol><li><p>Step one.</p><p>More.</p></li><li>Step two.</li></ol>"),
            "1. Step one.\n\n   More.\n\n2. Step two."
        );
        assert_eq!(md("<ol start=\"3\"><li>c</li><li>d</li></ol>"), "3. c\n4. d");
        // Deeper nesting, and numbers past 9, would need 4-space indents: flattened instead.
        assert_eq!(md("<ul><li>a<ul><li>b<ul><li>c</li><li>d</li></ul></li></ul></li></ul>"), "- a\n  - b c; d");
        assert_eq!(
            md("<ol start=\"9\"><li><p>One.</p><p>More.</p></li><li><p>Two.</p><p>Also.</p></li></ol>"),
            "9. One. More.\n10. Two. Also."
        );
        assert_eq!(
            md("<ul><li>Code:<pre>x = 1;</pre></li><li>b</li></ul>"),
            "- Code:\n\n  ```text\n  x = 1;\n  ```\n\n- b"
        );
        assert_eq!(
            md("<dl><dt>PARAM_A</dt><dd>The first.</dd><dt><b>PARAM_B</b></dt><dd>The second.</dd></dl>"),
            "**PARAM_A**\n\nThe first.\n\n**PARAM_B**\n\nThe second."
        );
    }

    #[test]
    fn headings_go_below_the_item_headings() {
        assert_eq!(md("Intro.\n\n### Examples\n\nText."), "Intro.\n\n#### Examples\n\nText.");
        assert_eq!(
            md("<h3><a id=\"When_to_Implement\"></a><a id=\"when_to_implement\"></a>When to Implement</h3>\n\
                Third parties do not implement this interface."),
            "#### When to Implement\n\nThird parties do not implement this interface."
        );
        assert_eq!(md("## Top\n\n#### Sub\n\n###### Deep"), "#### Top\n\n##### Sub\n\n###### Deep");
        assert_eq!(md("### Using C#"), r"#### Using C\#");
        assert_eq!(md("<h3> </h3>"), "");
    }

    #[test]
    fn layout_is_tidy() {
        assert_eq!(md(""), "");
        assert_eq!(md(" \n\n\u{a0}\n"), "");
        assert_eq!(md("<p>a </p>\n\n\n<div>\u{a0}</div>\n \n\n<p>b</p>\n\n"), "a\n\nb");
        assert_eq!(md("a\n\n---\n\nb"), "a\n\n---\n\nb");
        let callback = md(concat!(
            "Text.\n\n<table class=\"clsStd\">\n<tr>\n<th>Completion flag</th>\n<th>Function</th>\n</tr>\n",
            "<tr>\n<td>WINHTTP_CALLBACK_STATUS_DATA_AVAILABLE</td>\n<td>\n",
            "<a href=\"/windows/desktop/api/winhttp/nf-winhttp-winhttpquerydataavailable\">WinHttpQueryDataAvailable</a>\n",
            "</td>\n</tr>\n</table>\n \n\nBecause callbacks are made during the processing.\n"
        ));
        assert_eq!(
            callback,
            "Text.\n\n| Completion flag | Function |\n| --- | --- |\n| WINHTTP_CALLBACK_STATUS_DATA_AVAILABLE | \
             [WinHttpQueryDataAvailable](https://learn.microsoft.com/windows/win32/api/winhttp/nf-winhttp-winhttpquerydataavailable) |\n\n\
             Because callbacks are made during the processing."
        );
    }

    #[test]
    fn external_urls_are_absolute_learn_urls() {
        let url = |href: &str| external_url(href, "winhttp");
        let learn = |path: &str| Some(format!("https://learn.microsoft.com{path}"));
        assert_eq!(
            url("https://msdn.microsoft.com/7b34138f-7263"),
            Some("https://msdn.microsoft.com/7b34138f-7263".into())
        );
        assert_eq!(url("http://example.com/a"), Some("http://example.com/a".into()));
        assert_eq!(url("https://docs.microsoft.com/windows/desktop/api/a/b"), learn("/windows/win32/api/a/b"));
        assert_eq!(url("https://docs.microsoft.com/en-us/windows/desktop/x#y"), learn("/en-us/windows/win32/x#y"));
        assert_eq!(url("https://learn.microsoft.com/windows/desktopish"), learn("/windows/desktopish"));
        assert_eq!(
            url("/windows/desktop/api/winhttp/nc-winhttp-winhttp_status_callback"),
            learn("/windows/win32/api/winhttp/nc-winhttp-winhttp_status_callback")
        );
        assert_eq!(url("/windows/Desktop/WinHttp/x"), learn("/windows/win32/WinHttp/x"));
        assert_eq!(url("/cpp/c-runtime-library/reference/malloc"), learn("/cpp/c-runtime-library/reference/malloc"));
        assert_eq!(url("nf-winhttp-winhttpopen.md"), learn("/windows/win32/api/winhttp/nf-winhttp-winhttpopen"));
        assert_eq!(
            url("./nf-winhttp-WinHttpOpen.md#remarks"),
            learn("/windows/win32/api/winhttp/nf-winhttp-WinHttpOpen#remarks")
        );
        assert_eq!(
            url("../wininet/nf-wininet-internetopena.md"),
            learn("/windows/win32/api/wininet/nf-wininet-internetopena")
        );
        assert_eq!(external_url("x.md", ""), learn("/windows/win32/api/x"));
        assert_eq!(url("#remarks"), None);
        assert_eq!(url(""), None);
        assert_eq!(url("  "), None);
        assert_eq!(url("javascript:alert(1)"), None);
        assert_eq!(url("C:\\x.md"), None);
        assert_eq!(url("mailto:a@example.com"), Some("mailto:a@example.com".into()));
        assert_eq!(url("mailto:"), None);
        // Characters that would end or break `[text](url)`.
        assert_eq!(
            url("../servprov/nf-servprov-iserviceprovider-queryservice(refguid_refiid_void).md"),
            learn("/windows/win32/api/servprov/nf-servprov-iserviceprovider-queryservice%28refguid_refiid_void%29")
        );
        assert_eq!(url("https://x.com/a b<c>\"d\"|e"), Some("https://x.com/a%20b%3Cc%3E%22d%22%7Ce".into()));
        assert_eq!(url("https://x.com/a\u{a0}b"), Some("https://x.com/a%C2%A0b".into()));
    }

    #[test]
    fn escape_text_shows_plain_text_literally() {
        assert_eq!(escape_text("WINHTTP_ASYNC_RESULT"), "WINHTTP_ASYNC_RESULT");
        assert_eq!(escape_text("*p [0] <b> & `x`"), r"\*p \[0\] &lt;b&gt; &amp; \`x\`");
        assert_eq!(escape_text("# 1. x\n  y"), r"\# 1. x y");
        assert_eq!(escape_text("1. first"), r"1\. first");
        assert_eq!(escape_text("see https://x.com/a."), "see [https://x.com/a](https://x.com/a).");
        assert_eq!(escape_text(" \n "), "");
    }

    /// Splits a page into its `## ` / `### ` section bodies.
    fn sections(page: &str) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = Vec::new();
        for line in page.lines() {
            if line.starts_with("## ") || line.starts_with("### ") {
                out.push((line.to_string(), String::new()));
            } else if let Some((_, body)) = out.last_mut() {
                body.push_str(line);
                body.push('\n');
            }
        }
        out
    }

    #[test]
    fn every_docs_src_section_is_rustdoc_safe() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs-src");
        let mut pages = Vec::new();
        for dir in std::fs::read_dir(&root).into_iter().flatten().flatten() {
            for file in std::fs::read_dir(dir.path()).into_iter().flatten().flatten() {
                let path = file.path();
                if path.extension().is_some_and(|e| e == "md")
                    && let Ok(text) = std::fs::read_to_string(&path)
                {
                    let header = dir.file_name().to_string_lossy().into_owned();
                    let stem = path.file_stem().map(|s| s.to_string_lossy().to_lowercase()).unwrap_or_default();
                    pages.push((header, stem, text));
                }
            }
        }
        pages.sort();
        assert!(pages.len() >= 40, "docs-src pages found: {}", pages.len());
        let slugs: Vec<(String, String)> = pages.iter().map(|(h, s, _)| (h.clone(), s.clone())).collect();
        // Links to the pages of the set resolve, as the generator's link index would.
        let resolve = |href: &str| {
            let last = href.split(['#', '?']).next()?.rsplit('/').next()?.to_lowercase();
            let last = last.strip_suffix(".md").unwrap_or(&last);
            slugs.iter().find(|(_, s)| s == last).map(|(h, s)| format!("crate::{h}::{}", s.replace('-', "_")))
        };
        let (mut converted, mut failures, mut intra) = (0, Vec::new(), 0);
        for (header, stem, text) in &pages {
            let links = Links { header_dir: header, resolve: &resolve };
            for (heading, body) in sections(text) {
                if !(heading == "## -remarks" || heading.starts_with("### -field") || heading.starts_with("## -")) {
                    continue;
                }
                let doc = to_rustdoc(&body, &links);
                converted += usize::from(!doc.is_empty());
                intra += doc.matches("](crate::").count();
                for problem in problems(&doc) {
                    failures.push(format!("{header}/{stem} {heading}: {problem}"));
                }
            }
        }
        assert!(failures.is_empty(), "{failures:#?}");
        assert!(converted > 200, "only {converted} non-empty sections");
        assert!(intra > 0);
    }

    #[test]
    fn odd_and_nested_input_does_not_panic_and_stays_safe() {
        const TOKENS: &[&str] = &[
            "<table>",
            "<tr>",
            "<td>",
            "</td>",
            "<th>",
            "</table>",
            "<b>",
            "</b>",
            "<i>",
            "</i>",
            "`",
            "``",
            "*",
            "_",
            "[",
            "]",
            "(",
            ")",
            "<a href=\"x.md\">",
            "<a href=\"#x\">",
            "<a href=\"https://a.com/(x\">",
            "</a>",
            "\n",
            "\n\n",
            "> ",
            "- ",
            "1. ",
            "10. ",
            "```",
            "```cpp\n",
            "<pre>",
            "</pre>",
            "<ul>",
            "<ol>",
            "<li>",
            "</li>",
            "</ul>",
            "<dl>",
            "<dt>",
            "<dd>",
            "&lt;",
            "&amp;",
            "#",
            "### ",
            " ",
            "    ",
            "\t",
            "text",
            "A_B",
            "<div class=\"alert\">",
            "</div>",
            "|",
            "\\",
            "https://a.com/x",
            "http://",
            "<br>",
            "<h3>",
            "</h3>",
            "[!NOTE]",
            "<code>",
            "</code>",
            "<img alt=\"x\">",
            "<img alt=\"<b>\">",
            "\u{a0}",
            "é",
            "<!-- c -->",
            "<script>",
            "~",
            "=",
            "+",
            "-",
            "---",
            "<p>",
            "</p>",
            "<blockquote>",
            "<hr>",
            "<x-y>",
            "&#",
            "\r\n",
        ];
        // A fixed linear congruential generator: reproducible, and no dependency.
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = move || {
            state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            (state >> 33) as usize
        };
        for case in 0..400 {
            let len = next() % 60;
            let input: String = (0..len).map(|_| TOKENS[next() % TOKENS.len()]).collect();
            let doc = md(&input);
            let found = problems(&doc);
            assert!(found.is_empty(), "case {case}: {input:?}\n{doc}\n{found:#?}");
        }
        // Far deeper than MAX_DEPTH; not deeper, since html5ever's own cost grows with depth squared.
        for input in [
            "<b>".repeat(2000) + "x",
            "<div>".repeat(500) + "x",
            "<ul><li>".repeat(300) + "x",
            "> ".repeat(300) + "x",
            "<table><tr><td>".repeat(100) + "x",
            "<dl><div>".repeat(300) + "x",
        ] {
            let doc = md(&input);
            assert!(doc.contains('x'), "{doc}");
            assert!(problems(&doc).is_empty(), "{doc}");
        }
    }
}
