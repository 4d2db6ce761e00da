//! A section's markdown as an HTML tree: the one way both readers of section prose (the model's
//! [`crate::read::prose`] and the rustdoc writer, `emit::markdown`) get it.
//!
//! pulldown-cmark renders the markdown (raw HTML passes through), html5ever parses the result as
//! a browser would. The HTML tree-building algorithm looks through the stack of open elements for
//! every tag, so its time grows with the square of the nesting depth (a page of 20,000 nested
//! `<div>`s took seconds): a fragment nested deeper than [`MAX_DEPTH`], which no real page comes
//! near, is read as its text alone, and the caller reports it.

use crate::read::outline::markdown_options;
use pulldown_cmark::{Parser, html};
use scraper::Html;

/// Deeper than this, a fragment's tags are dropped and its text kept. Real pages nest some tens.
pub const MAX_DEPTH: usize = 256;

/// A section, parsed.
pub struct Section {
    pub dom: Html,
    /// The nesting depth found, when it was over [`MAX_DEPTH`] and the tags were dropped.
    pub flattened: Option<usize>,
}

/// Parses a section's markdown/HTML source.
pub fn parse(source: &str) -> Section {
    let mut rendered = String::with_capacity(source.len() + source.len() / 4);
    html::push_html(&mut rendered, Parser::new_ext(source, markdown_options()));
    let depth = nesting_depth(&rendered);
    let flattened = (depth > MAX_DEPTH).then_some(depth);
    if flattened.is_some() {
        rendered = without_tags(&rendered);
    }
    Section { dom: Html::parse_fragment(&rendered), flattened }
}

/// Elements whose content is not prose (a script's source, a frame's fallback, a form control):
/// both readers leave it out, as a browser shows none of it as text.
pub const NOT_PROSE: &[&str] = &[
    "script", "style", "template", "head", "title", "noscript", "iframe", "object", "embed", "svg", "math", "button",
    "select", "textarea", "input", "colgroup", "col",
];

/// Elements that have no closing tag.
const VOID: &[&str] =
    &["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"];

/// The deepest nesting of elements, counted from the tags alone (linear: no tree is built). An
/// element left open counts as open, which can only overstate the depth.
pub fn nesting_depth(html: &str) -> usize {
    let bytes = html.as_bytes();
    let (mut depth, mut deepest, mut i) = (0usize, 0usize, 0usize);
    while let Some(at) = memchr(b'<', &bytes[i..]) {
        let start = i + at;
        let rest = &html[start..];
        if rest.starts_with("<!--") {
            i = rest.find("-->").map_or(bytes.len(), |e| start + e + 3);
            continue;
        }
        // A tag with no `>` runs to the end of the text (and has no `>` to leave out).
        let (tag, end) = match rest.find('>') {
            Some(e) => (&rest[1..e], start + e + 1),
            None => (&rest[1..], bytes.len()),
        };
        i = end;
        if let Some(closing) = tag.strip_prefix('/') {
            if !closing.is_empty() {
                depth = depth.saturating_sub(1);
            }
            continue;
        }
        let name: String = tag.chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
        if name.is_empty() || tag.ends_with('/') || VOID.contains(&name.to_ascii_lowercase().as_str()) {
            continue;
        }
        depth += 1;
        deepest = deepest.max(depth);
    }
    deepest
}

fn memchr(needle: u8, haystack: &[u8]) -> Option<usize> {
    haystack.iter().position(|&b| b == needle)
}

/// The text of a fragment without its tags and comments (entities stay, for the parser).
fn without_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let end =
            if rest.starts_with("<!--") { rest.find("-->").map(|e| e + 3) } else { rest.find('>').map(|e| e + 1) };
        match end {
            Some(end) => {
                out.push(' ');
                rest = &rest[end..];
            }
            // An unterminated tag: the rest is not text.
            None => return out,
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn depth_counts_elements_not_void_tags_or_comments() {
        assert_eq!(nesting_depth("<p>a<b>b</b></p><div><br><img src=x/><!-- <div><div> --></div>"), 2);
        assert_eq!(nesting_depth("plain text, no tags"), 0);
        assert_eq!(nesting_depth("<div><div><div>"), 3);
        assert_eq!(nesting_depth("</div></div><p>"), 1);
        assert_eq!(nesting_depth("<unterminated"), 1);
        // The last tag unterminated and the text ending in a character of two bytes (the fuzzer's
        // find: the tag was cut one byte short, inside the `é`).
        assert_eq!(nesting_depth("<p>a</p><div title=\"é"), 1);
        assert_eq!(nesting_depth("<é"), 0);
    }

    #[test]
    fn deep_nesting_is_read_as_text_in_linear_time() {
        let n = 100_000;
        let source = format!("{}deep{}", "<div>".repeat(n), "</div>".repeat(n));
        let section = parse(&source);
        assert_eq!(section.flattened, Some(n));
        let text: String = section.dom.root_element().text().collect();
        assert_eq!(text.trim(), "deep");
        // Shallow pages keep their markup.
        let shallow = parse("<table><tr><td><b>X</b></td></tr></table>");
        assert!(shallow.flattened.is_none());
        assert_eq!(shallow.dom.select(&scraper::Selector::parse("b").unwrap()).count(), 1);
    }
}
