//! Doc comments: the page's sections turned into rustdoc markdown, plus the sections only the
//! ABI can give (`# Layout`) and the ones the generator adds (`# Requirements` as a table,
//! `# See also` with intra-doc links).

use super::catalog::{Catalog, Doc, DocPage};
use super::markdown::{self, Links};
use crate::abi::Layout;
use crate::abi::Target;
use crate::model::{Link, Located};
use proc_macro2::TokenStream;
use quote::quote;

/// A doc comment being assembled, one markdown block at a time.
#[derive(Debug, Default)]
pub struct DocText {
    blocks: Vec<String>,
}

impl DocText {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a block (a paragraph, list, table, ...); empty blocks are skipped.
    pub fn push(&mut self, block: impl Into<String>) -> &mut Self {
        let block = block.into();
        let block = block.trim_end();
        if !block.trim().is_empty() {
            self.blocks.push(block.to_string());
        }
        self
    }

    /// Adds `# Title` and its body, when the body is not empty.
    pub fn section(&mut self, title: &str, body: impl Into<String>) -> &mut Self {
        let body = body.into();
        if !body.trim().is_empty() {
            self.blocks.push(format!("# {title}"));
            self.push(body);
        }
        self
    }

    pub fn is_empty(&self) -> bool {
        self.blocks.is_empty()
    }

    /// `#[doc = " line"]` attributes, one per line, as `///` comments would be written.
    pub fn attrs(&self) -> TokenStream {
        // A CR would reach a `///` line, which rustc refuses: every line break becomes a line.
        let text = self.blocks.join("\n\n").replace("\r\n", "\n").replace('\r', "\n");
        let lines = text.lines().map(|line| if line.is_empty() { String::new() } else { format!(" {line}") });
        quote! { #( #[doc = #lines] )* }
    }
}

/// Converts page text for the docs of one page.
pub struct DocWriter<'c> {
    catalog: &'c Catalog<'c>,
}

impl<'c> DocWriter<'c> {
    pub fn new(catalog: &'c Catalog<'c>) -> Self {
        DocWriter { catalog }
    }

    /// A section's markdown/HTML source as rustdoc markdown.
    pub fn markdown(&self, page: &DocPage, source: &str) -> String {
        let resolve = |href: &str| self.catalog.resolve_link(href);
        notice_last(markdown::to_rustdoc(source, &Links { header_dir: &page.dir, resolve: &resolve }))
    }

    /// A field's source without the value tables the generator lists itself: the text before
    /// the first of them, and the text after it (empty when the page has no such table), so
    /// that the generated table stands where the page's stood.
    pub fn markdown_around_tables(&self, page: &DocPage, source: &str, values: &[String]) -> (String, String) {
        let resolve = |href: &str| self.catalog.resolve_link(href);
        let links = Links { header_dir: &page.dir, resolve: &resolve };
        let text = notice_last(markdown::to_rustdoc_without_value_tables(source, &links, values));
        match text.split_once(markdown::VALUE_TABLE_MARK) {
            Some((before, after)) => (before.trim_end().to_string(), after.trim_start().to_string()),
            None => (text, String::new()),
        }
    }

    pub fn doc(&self, page: Option<&DocPage>, doc: &Doc) -> String {
        match (doc, page) {
            (Doc::Markdown(source), Some(page)) => self.markdown(page, source),
            (Doc::Markdown(text) | Doc::Plain(text), _) => markdown::escape_text(text),
        }
    }

    /// A link of the page as `[text](target)`: intra-doc when it resolves to a generated item,
    /// absolute otherwise; plain text when it cannot be made absolute.
    pub fn link(&self, page: &DocPage, link: &Link) -> String {
        let text = markdown::escape_text(if link.text.trim().is_empty() { &link.href } else { &link.text });
        if let Some(path) = self.catalog.resolve_link(&link.href) {
            let label = link.text.trim().replace('`', "");
            // Every module imports the crate root, so a label that names the item is the link.
            if path.rsplit("::").next() == Some(label.as_str()) {
                return format!("[`{label}`]");
            }
            return format!("[`{label}`]({path})");
        }
        match markdown::external_url(&link.href, &page.dir) {
            Some(url) => format!("[{text}]({url})"),
            None => text,
        }
    }

    /// The usual trailing sections of a page: remarks, requirements, layout, see also, source.
    pub fn page_sections(&self, doc: &mut DocText, page: &DocPage, layout: Option<String>) {
        if let Some(remarks) = &page.item.remarks {
            doc.section("Remarks", self.markdown(page, &remarks.source));
        }
        doc.section("Requirements", requirements(page));
        if let Some(layout) = layout {
            doc.section("Layout", layout);
        }
        let see_also: Vec<String> = page.item.see_also.iter().map(|l| format!("- {}", self.link(page, l))).collect();
        doc.section("See also", see_also.join("\n"));
        doc.push(format!(
            "Documentation: [{}]({}) (generated from its page, `{}/{}.md`).",
            markdown::escape_text(&page.item.name),
            page.url(),
            page.dir,
            page.stem
        ));
    }
}

/// The requirements table: header, library, DLL, minimum client and server.
pub fn requirements(page: &DocPage) -> String {
    let r = &page.item.requirements;
    let rows: [(&str, &Option<Located>); 7] = [
        ("Header", &r.header),
        ("Include", &r.include_header),
        ("IDL", &r.idl),
        ("Library", &r.library),
        ("DLL", &r.dll),
        ("Minimum supported client", &r.min_client),
        ("Minimum supported server", &r.min_server),
    ];
    let rows: Vec<String> = rows
        .iter()
        .filter_map(|(what, value)| {
            let value = value.as_ref()?.text.trim();
            (!value.is_empty()).then(|| format!("| {what} | {} |", table_cell(value)))
        })
        .collect();
    if rows.is_empty() {
        return String::new();
    }
    format!("| Requirement | Value |\n|---|---|\n{}", rows.join("\n"))
}

fn table_cell(text: &str) -> String {
    markdown::escape_text(text)
}

/// `# Layout`: size and alignment per target, then each field's offset.
pub fn layout_table(layouts: &[(Target, Layout)]) -> String {
    if layouts.is_empty() {
        return String::new();
    }
    let targets: Vec<&str> = layouts.iter().map(|(t, _)| t.as_str()).collect();
    let header = format!("| | {} |\n|---|{}", targets.join(" | "), "---|".repeat(targets.len()));
    let mut rows = vec![
        format!("| size | {} |", layouts.iter().map(|(_, l)| l.size.to_string()).collect::<Vec<_>>().join(" | ")),
        format!("| align | {} |", layouts.iter().map(|(_, l)| l.align.to_string()).collect::<Vec<_>>().join(" | ")),
    ];
    for (i, (field, _)) in layouts[0].1.offsets.iter().enumerate() {
        let offsets: Vec<String> =
            layouts.iter().map(|(_, l)| l.offsets.get(i).map_or(String::new(), |o| o.1.to_string())).collect();
        rows.push(format!("| offset of `{field}` | {} |", offsets.join(" | ")));
    }
    format!(
        "Checked at compile time on each target (by `const` assertions beside the type), in bytes:\n\n{header}\n{}",
        rows.join("\n")
    )
}

/// A text that opens with a bracketed notice (`[Beginning with Windows 8 ..., the ... interface
/// is superseded by ...]`, sdk-api's banner on deprecated APIs) keeps the notice as a quote after
/// its other paragraphs: rustdoc shows a first paragraph as the item's summary in module pages
/// and search, which should say what the item is.
fn notice_last(text: String) -> String {
    let Some((first, rest)) = text.split_once("\n\n") else { return text };
    let notice = first.trim();
    // The brackets are escaped (`\[...\]`): they are text, not a link.
    let bracketed = notice.starts_with("\\[") && notice.ends_with("\\]") && notice.contains(' ') && notice.len() > 40;
    if !bracketed || rest.trim().is_empty() {
        return text;
    }
    format!("{}\n\n> {}", rest.trim_end(), notice.replace('\n', "\n> "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_leading_notice_follows_the_text() {
        let banner = "\\[Beginning with Windows 8, the [Service](https://x) is superseded by the\nother API.\\]";
        assert_eq!(
            notice_last(format!("{banner}\n\nManages operations.\n\nMore.")),
            format!("Manages operations.\n\nMore.\n\n> {}", banner.replace('\n', "\n> "))
        );
        // A link, a short bracket, a notice with nothing after it: unchanged.
        let unescaped = banner.replace('\\', "");
        for text in ["[`IFoo`](crate::IFoo)\n\nText.", "\\[Note\\]\n\nText.", &format!("{banner}\n\n"), &unescaped] {
            assert_eq!(notice_last(text.to_string()), text);
        }
    }

    #[test]
    fn doc_attributes_are_one_per_line() {
        let mut doc = DocText::new();
        doc.push("First line.\nSecond line.").section("Remarks", "More.").section("Empty", "");
        let attrs = doc.attrs().to_string();
        assert_eq!(attrs.matches("doc").count(), 6, "{attrs}");
        assert!(!attrs.contains("Empty"));
    }
}
