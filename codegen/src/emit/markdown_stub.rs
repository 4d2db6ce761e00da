//! TEMPORARY stub until markdown.rs lands.
pub struct Links<'a> {
    pub header_dir: &'a str,
    pub resolve: &'a dyn Fn(&str) -> Option<String>,
}
pub fn to_rustdoc(source: &str, _links: &Links<'_>) -> String {
    escape_text(&crate::prose::fold_whitespace(source))
}
pub fn escape_text(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('[', "\\[")
        .replace(']', "\\]")
        .replace('*', "\\*")
        .replace('`', "\\`")
}
pub fn external_url(href: &str, _header_dir: &str) -> Option<String> {
    href.starts_with("http").then(|| href.to_string())
}
