//! The page body's heading outline, found with pulldown-cmark so that `#` lines inside code
//! fences and HTML blocks are not mistaken for headings.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use std::ops::Range;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    pub level: u8,
    /// The heading's text with markdown escapes resolved (`### -field A\_B` gives `-field A_B`).
    pub text: String,
    /// The heading line in the page.
    pub span: Range<usize>,
    /// From the end of the heading to the next heading (of any level) or the end of the page.
    pub content: Range<usize>,
}

pub fn markdown_options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH
}

/// The headings of `text[body_start..]`, with byte ranges into `text`.
pub fn outline(text: &str, body_start: usize) -> Vec<Heading> {
    let body = &text[body_start..];
    let mut headings: Vec<Heading> = Vec::new();
    let mut current: Option<(u8, String, Range<usize>)> = None;
    for (event, range) in Parser::new_ext(body, markdown_options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                current = Some((level as u8, String::new(), range));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, text, span)) = current.take() {
                    let line = body[span.clone()].trim_end();
                    let span = body_start + span.start..body_start + span.start + line.len();
                    headings.push(Heading { level, text: text.trim().to_string(), content: span.end..span.end, span });
                }
            }
            Event::Text(t) | Event::Code(t) | Event::InlineHtml(t) | Event::Html(t) => {
                if let Some((_, text, _)) = current.as_mut() {
                    text.push_str(&t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some((_, text, _)) = current.as_mut() {
                    text.push(' ');
                }
            }
            _ => {}
        }
    }
    let end = text.len();
    let starts: Vec<usize> = headings.iter().skip(1).map(|h| h.span.start).chain([end]).collect();
    for (heading, next) in headings.iter_mut().zip(starts) {
        // A setext heading's range covers its underline; content starts after the heading
        // line either way.
        heading.content = heading.span.end.min(next)..next;
    }
    headings
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_in_fences_and_html_are_not_headings() {
        let text = "# T structure\n\n## -remarks\n\n```cpp\n#define X 1\n```\n<div>\n# not\n</div>\n\n### -field A\\_B\n\ntext\n";
        let h = outline(text, 0);
        let names: Vec<_> = h.iter().map(|h| (h.level, h.text.as_str())).collect();
        assert_eq!(names, [(1, "T structure"), (2, "-remarks"), (3, "-field A_B")]);
        assert_eq!(text[h[2].content.clone()].trim(), "text");
        assert_eq!(&text[h[2].span.clone()], "### -field A\\_B");
        assert!(text[h[1].content.clone()].contains("#define X 1"));
    }
}
