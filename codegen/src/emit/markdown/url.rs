//! Links that leave the crate: absolute learn.microsoft.com URLs.

use super::*;

/// `docs.microsoft.com` and `/windows/desktop/` paths moved to learn.microsoft.com and
/// `/windows/win32/`.
pub(super) fn modernize(url: &str) -> String {
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
pub(super) fn split_suffix(href: &str) -> (&str, &str) {
    let at = href.find(['?', '#']).unwrap_or(href.len());
    href.split_at(at)
}

pub(super) fn desktop_to_win32(path: &str) -> String {
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

pub(super) fn strip_md(path: &str) -> &str {
    let n = path.len();
    if n > 3 && path.is_char_boundary(n - 3) && path[n - 3..].eq_ignore_ascii_case(".md") {
        &path[..n - 3]
    } else {
        path
    }
}

/// Whether `href` starts with a URL scheme (`javascript:`, `file:`, `C:`).
pub(super) fn has_scheme(href: &str) -> bool {
    let end = href.find([':', '/', '?', '#']);
    end.is_some_and(|i| {
        href.as_bytes()[i] == b':'
            && i > 0
            && href[..i].bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'))
    })
}

/// A page-relative href: sdk-api-src/content/<dir>/<page>.md is published at
/// learn.microsoft.com/windows/win32/api/<dir>/<page>.
pub(super) fn relative_url(href: &str, header_dir: &str) -> String {
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
pub(super) fn encode_url(url: &str) -> String {
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
