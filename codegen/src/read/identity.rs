//! Which API a page documents: its name, kind and header.
//!
//! A page states its identity up to five times (front matter `title`, `UID`, `api_name`,
//! `req.typenames`, and the `# NAME kind` title line), and on real pages some of those are
//! template placeholders, MIDL-generated names or struct tags. The sources are tried in order of
//! reliability; a guess is reported, a disagreement between the two human-written ones (title
//! and H1) is reported, and a page with no usable source is an error.

use crate::diagnostic::{Code, Diagnostic};
use crate::model::{Alias, Kind};
use crate::naming::{header_module, is_identifier};
use crate::read::frontmatter::{FrontMatter, key};
use crate::read::outline::Heading;
use crate::read::source::{SourceFile, Span};
use std::ops::Range;
use std::path::Path;

#[derive(Debug)]
pub struct Identity {
    pub name: String,
    pub kind: Kind,
    pub header: Option<String>,
    /// The name, where the page gives it.
    pub span: Span,
    /// Other names the page gives the API: typedefs, pointer typedefs, the struct tag.
    pub aliases: Vec<Alias>,
}

/// What the page body says about identity, gathered before fields are read.
pub struct BodyHints<'a> {
    pub title: Option<&'a Heading>,
    /// The first `<b>NAME</b>` or `**NAME**` of the description.
    pub description_bold: Option<String>,
    pub has_struct_fields: bool,
    pub has_enum_fields: bool,
}

pub fn resolve(
    file: &SourceFile,
    fm: &FrontMatter,
    body: &BodyHints<'_>,
    diags: &mut Vec<Diagnostic>,
) -> Option<Identity> {
    let h1 = body.title.and_then(|h| split_title(&h.text).map(|(name, kind)| (name, kind, h.span.clone())));
    let fm_title = fm.text(key::TITLE).and_then(|(t, span)| split_title(t).map(|(name, kind)| (name, kind, span)));
    let uid = fm.text(key::UID).map(|(t, span)| (parse_uid(t), span));
    let api_names: Vec<(String, Range<usize>)> =
        fm.list(key::API_NAME).into_iter().map(|(n, span)| (n.replace('.', "::"), span)).collect();
    let typenames = fm.list(key::TYPE_NAMES);

    // Newer pages carry their identity only in the front matter: a `title` and a UID that names
    // the API and its kind (`NC:minwinbase.LPOVERLAPPED_COMPLETION_ROUTINE`) leave nothing for a
    // title line to say, so only a page without them is missing one.
    let fm_complete = fm_title.is_some()
        && uid
            .as_ref()
            .and_then(|(u, _)| u.as_ref())
            .is_some_and(|u| u.name.as_deref().is_some_and(|n| kind_from_prefix(&u.prefix, n).is_some()));
    if body.title.is_none() && !fm_complete {
        // Point at the body's first line with text: where the title line should stand before.
        let body = &file.text()[fm.body_start.min(file.text().len())..];
        let at = file.text().len() - body.trim_start().len();
        let from = if fm_title.is_some() { "the front matter's `title`" } else { "the front matter" };
        diags.push(
            Diagnostic::warning(
                file,
                Code::MissingTitle,
                at..file.line_range(file.pos(at).line as usize).end,
                "page has no `# NAME kind` title line",
            )
            .with_help(format!("the API's name was taken from {from}")),
        );
    }

    // The name: title, then H1, then UID, api_name, req.typenames.
    let uid_name =
        uid.as_ref().and_then(|(u, span)| u.as_ref().and_then(|u| u.name.clone()).map(|n| (n, span.clone())));
    let candidates: Vec<(String, Range<usize>, &str)> = [
        fm_title.as_ref().map(|(n, _, s)| (n.clone(), s.clone(), "front matter `title`")),
        h1.as_ref().map(|(n, _, s)| (n.clone(), s.clone(), "title line")),
        uid_name.map(|(n, s)| (n, s, "front matter `UID`")),
        api_names.first().map(|(n, s)| (n.clone(), s.clone(), "front matter `api_name`")),
        typenames.first().map(|(n, s)| (n.clone(), s.clone(), "front matter `req.typenames`")),
    ]
    .into_iter()
    .flatten()
    .filter(|(n, _, _)| is_api_name(n))
    .collect();

    let Some((mut name, name_span, name_source)) = candidates.first().cloned() else {
        let span = fm.span.start..fm.body_start.max(fm.span.start);
        diags.push(
            Diagnostic::error(file, Code::NoIdentity, span, "cannot tell which API this page documents")
                .with_help("give the page a `title:` in its front matter or a `# NAME structure` (enumeration, interface, ...) title line"),
        );
        return None;
    };

    let mut aliases: Vec<Alias> = Vec::new();
    // A struct tag (`_NAME`, `tagNAME`) names the typedef `NAME` when another source confirms it.
    let confirms = |n: &str| {
        api_names.iter().any(|(a, _)| a == n)
            || typenames.iter().any(|(t, _)| t.trim_start_matches('*') == n)
            || body.description_bold.as_deref() == Some(n)
    };
    if let Some(stripped) = name.strip_prefix('_').or_else(|| name.strip_prefix("tag")).map(str::to_string)
        && confirms(&stripped)
    {
        aliases.push(Alias { name: name.clone(), pointer: false, span: name_span.clone().into() });
        name = stripped;
    }

    if let (Some((title_name, _, _)), Some((h1_name, _, h1_span))) = (&fm_title, &h1) {
        let norm = |s: &str| s.trim_start_matches('_').to_string();
        if norm(title_name) != norm(h1_name) && norm(h1_name) != name {
            diags.push(
                Diagnostic::warning(
                    file,
                    Code::IdentityMismatch,
                    h1_span.clone(),
                    format!("title line names `{h1_name}` but the front matter's title is `{title_name}`"),
                )
                .with_help(format!("used `{name}`; make the two agree")),
            );
        }
    }

    if let Some(span) = &fm.template_span {
        diags.push(
            Diagnostic::warning(file, Code::TemplateFrontMatter, span.clone(), "front matter is the unfilled sdk-api template")
                .with_help(format!(
                    "its placeholder values were ignored; the name `{name}` was recovered from the {name_source}; fill in UID, title, ms.assetid and req.header"
                )),
        );
    }

    let kind = resolve_kind(
        file,
        fm,
        body,
        &name,
        h1.as_ref().map(|(_, k, s)| (*k, s.clone())),
        uid.as_ref().and_then(|(u, _)| u.as_ref().map(|u| u.prefix.clone())),
        diags,
    );
    let Some(kind) = kind else {
        diags.push(
            Diagnostic::error(file, Code::NoIdentity, name_span, format!("cannot tell what kind of API `{name}` is"))
                .with_help("give the title line a kind word (`# NAME structure`, `enumeration`, `interface`, ...) or a `UID: NS:header.NAME`-style UID"),
        );
        return None;
    };

    for (t, span) in &typenames {
        let pointer = t.starts_with('*');
        let bare = t.trim_start_matches('*').trim();
        if bare != name && is_identifier(bare) && !aliases.iter().any(|a| a.name == bare) {
            aliases.push(Alias { name: bare.to_string(), pointer, span: span.clone().into() });
        }
    }
    for (a, span) in &api_names {
        if a != &name && is_api_name(a) && !aliases.iter().any(|x| &x.name == a) {
            aliases.push(Alias { name: a.clone(), pointer: false, span: span.clone().into() });
        }
    }

    let header = fm
        .text(key::HEADER)
        .and_then(|(h, _)| header_module(h))
        .or_else(|| uid.as_ref().and_then(|(u, _)| u.as_ref().and_then(|u| u.header.clone())))
        .or_else(|| header_from_path(file.path()));

    Some(Identity { name, kind, header, span: name_span.clone().into(), aliases })
}

/// `NAME kind` (H1) or `NAME (header.h)` / `"_NAME"` (front matter title) into name and kind word.
fn split_title(text: &str) -> Option<(String, Option<Kind>)> {
    let mut text = text.trim().trim_matches('"').trim();
    if let Some(open) = text.rfind(" (")
        && (text.ends_with(".h)") || text.ends_with(".idl)"))
    {
        text = text[..open].trim();
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    let (name_words, kind) = match words.as_slice() {
        [rest @ .., "callback", "function"] => (rest, Some(Kind::Callback)),
        [rest @ .., last] if kind_word(last).is_some() => (rest, kind_word(last)),
        all => (all, None),
    };
    match name_words {
        [name] if is_api_name(name) => Some((name.to_string(), kind)),
        _ => None,
    }
}

fn kind_word(word: &str) -> Option<Kind> {
    Some(match word.to_ascii_lowercase().as_str() {
        "structure" | "struct" => Kind::Struct,
        "union" => Kind::Union,
        "enumeration" | "enum" => Kind::Enum,
        "interface" | "iface" => Kind::Interface,
        "method" => Kind::Method,
        "function" => Kind::Function,
        "callback" => Kind::Callback,
        _ => return None,
    })
}

/// An identifier, or `Interface::Method`.
fn is_api_name(s: &str) -> bool {
    match s.split_once("::") {
        Some((a, b)) => is_identifier(a) && is_identifier(b),
        None => is_identifier(s),
    }
}

struct Uid {
    prefix: String,
    header: Option<String>,
    name: Option<String>,
}

/// `NS:winhttp.WINHTTP_ASYNC_RESULT`, `NF:asyncinfo.IAsyncInfo.Cancel`. Compiler-generated
/// names (`__unnamed_struct_0`, `__MIDL___MIDL_itf_...`) are not names.
fn parse_uid(uid: &str) -> Option<Uid> {
    let (prefix, rest) = uid.trim().split_once(':')?;
    let mut parts = rest.splitn(2, '.');
    let header = parts.next().map(|h| h.to_ascii_lowercase()).filter(|h| is_identifier(h));
    let name = parts
        .next()
        .map(|n| n.replace('.', "::"))
        .filter(|n| is_api_name(n) && !n.starts_with("__unnamed") && !n.contains("MIDL"));
    Some(Uid { prefix: prefix.to_ascii_uppercase(), header, name })
}

fn header_from_path(path: &Path) -> Option<String> {
    let stem = path.file_stem()?.to_str()?;
    let rest = ["ns-", "ne-", "nn-", "nf-", "nc-"].iter().find_map(|p| stem.strip_prefix(p))?;
    let (header, _) = rest.split_once('-')?;
    is_identifier(header).then(|| header.to_string())
}

fn kind_from_prefix(prefix: &str, name: &str) -> Option<Kind> {
    Some(match prefix.to_ascii_uppercase().as_str() {
        "NS" => Kind::Struct,
        "NE" => Kind::Enum,
        "NN" => Kind::Interface,
        "NC" => Kind::Callback,
        "NF" if name.contains("::") => Kind::Method,
        "NF" => Kind::Function,
        _ => return None,
    })
}

fn resolve_kind(
    file: &SourceFile,
    fm: &FrontMatter,
    body: &BodyHints<'_>,
    name: &str,
    h1: Option<(Option<Kind>, Range<usize>)>,
    uid_prefix: Option<String>,
    diags: &mut Vec<Diagnostic>,
) -> Option<Kind> {
    let from_uid = uid_prefix.as_deref().and_then(|p| kind_from_prefix(p, name));
    let from_h1 = h1.as_ref().and_then(|(k, _)| *k);
    let from_path = file
        .path()
        .file_stem()
        .and_then(|s| s.to_str())
        .and_then(|s| s.get(..2))
        .and_then(|p| kind_from_prefix(p, name));
    let from_construct = fm.text(key::CONSTRUCT_TYPE).or_else(|| fm.text(key::TOPIC)).and_then(|(t, _)| kind_word(t));
    let from_sections = if body.has_enum_fields {
        Some(Kind::Enum)
    } else if body.has_struct_fields {
        Some(Kind::Struct)
    } else {
        None
    };
    let structural = from_uid.or(from_path).or(from_construct);
    // The title line is the only source that tells a union from a struct.
    if from_h1 == Some(Kind::Union) && matches!(structural, Some(Kind::Struct) | None) {
        return Some(Kind::Union);
    }
    if let (Some(s), Some(h), Some((_, span))) = (structural, from_h1, &h1) {
        let compatible = s == h || (s == Kind::Method && h == Kind::Function);
        if !compatible {
            diags.push(
                Diagnostic::warning(
                    file,
                    Code::IdentityMismatch,
                    span.clone(),
                    format!(
                        "title line calls `{name}` {} but its UID or file name says {}",
                        h.with_article(),
                        s.as_str()
                    ),
                )
                .with_help(format!("used {}", s.as_str())),
            );
        }
    }
    structural.or(from_h1).or(from_sections)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_split_into_name_and_kind() {
        assert_eq!(
            split_title("WINHTTP_ASYNC_RESULT structure"),
            Some(("WINHTTP_ASYNC_RESULT".into(), Some(Kind::Struct)))
        );
        assert_eq!(split_title("AsyncStatus (asyncinfo.h)"), Some(("AsyncStatus".into(), None)));
        assert_eq!(split_title("\"_SC_ACTION\""), Some(("_SC_ACTION".into(), None)));
        assert_eq!(
            split_title("WS_ASYNC_CALLBACK callback function"),
            Some(("WS_ASYNC_CALLBACK".into(), Some(Kind::Callback)))
        );
        assert_eq!(split_title("IAsyncInfo::Cancel"), Some(("IAsyncInfo::Cancel".into(), None)));
        assert_eq!(split_title("The title of the API."), None);
    }

    #[test]
    fn generated_uids_give_no_name() {
        assert_eq!(parse_uid("NS:winhttp.__unnamed_struct_0").and_then(|u| u.name), None);
        assert_eq!(parse_uid("NE:mmdeviceapi.__MIDL___MIDL_itf_mmdeviceapi_0000_0000_0001").and_then(|u| u.name), None);
        let u = parse_uid("NF:asyncinfo.IAsyncInfo.Cancel").unwrap();
        assert_eq!(
            (u.prefix.as_str(), u.header.as_deref(), u.name.as_deref()),
            ("NF", Some("asyncinfo"), Some("IAsyncInfo::Cancel"))
        );
    }

    #[test]
    fn header_comes_from_sdk_api_file_names_only() {
        assert_eq!(header_from_path(Path::new("x/ns-winhttp-winhttp_async_result.md")).as_deref(), Some("winhttp"));
        assert_eq!(header_from_path(Path::new("seeds/000_f147a628605507f7.txt")), None);
    }
}
