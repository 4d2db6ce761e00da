//! The rendered docs site, checked against its inputs and for safety: `cargo doc -p winasync`
//! turns the generated crate into HTML, and this test reads that HTML back with scraper (the HTML
//! parser the generator itself uses) and checks:
//!
//! 1. **fidelity**: what each page of `docs-src/` says (its description, remarks, return value,
//!    every field, parameter and value-table row), as the generator's own parser reads it, is in
//!    the rendered page of the Rust item generated from it:
//!    - the item's rendering is the docblock whose `Documentation: [NAME](URL)` line (which the
//!      generator ends every page's docs with) links to the page's learn.microsoft.com URL, with
//!      the page's C name as its text; a method's docs are rendered twice (the interface's method
//!      and the vtable's field), and both are checked;
//!    - the description, remarks, return value and parameters must be in that docblock; fields
//!      and value rows on the item's page, on the pages of the records nested in it (the types of
//!      its fields, recursively, named after it: `WINBIO_ASYNC_RESULT_Parameters_Verify`), or on
//!      the closed Rust enum pages its docs link to (a C enum's constants are that enum's variants);
//!    - texts are compared after [`normalise`], one block (paragraph, list item, table row) at a
//!      time, each whole; the one rewording allowed is an alert's label (`Note`), which the
//!      generator writes `Note:`;
//!    - only full pages count: the module lists' summaries, the search index and `<meta>`
//!      descriptions are rustdoc's truncations, and are not compared;
//! 2. **safety**: no script but rustdoc's own, no `javascript:`/`data:`/`vbscript:` URL, no
//!    `on*=` event handler, no `<iframe>`/`<object>`/`<embed>`, in any HTML file of the site or
//!    any HTML fragment rustdoc ships in its JS files;
//! 3. **links**: every external link (or image) in the docs content is `https:`, and every
//!    relative one reaches a file (and anchor) of the site;
//! 4. **no raw markup**: the docs content shows no markdown or HTML as text (a backtick, `**`,
//!    `](`, a tag, an entity), which is what a double escape looks like.
//!
//! Every check lists every problem it finds, then fails.
//!
//! The rendered docs are an input, so the tests are `#[ignore]`d: `.ci/docs-check` renders them
//! (into `target/docs-check/`) and runs `cargo test -p winasync-tests --test rendered_docs --
//! --ignored`. `WINASYNC_DOC_DIR` points the test at another rendering (its `doc/` folder).
//! Docs that are missing fail the test: it must not pass by not running.

use scraper::{ElementRef, Html, Node, Selector};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use winasync_codegen::emit::catalog::DocPage;
use winasync_codegen::read::corpus;

/// The workspace root.
fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).parent().expect("tests/ has a parent").to_path_buf()
}

/// The rendered site's `doc/` folder.
fn doc_dir() -> PathBuf {
    let dir =
        std::env::var_os("WINASYNC_DOC_DIR").map(PathBuf::from).unwrap_or_else(|| root().join("target/docs-check/doc"));
    assert!(
        dir.join("winasync/index.html").is_file(),
        "no rendered docs at {} (no winasync/index.html): run .ci/docs-check, which renders them with \
         `cargo doc -p winasync` and runs this test; or set WINASYNC_DOC_DIR to a rustdoc `doc/` folder",
        dir.display()
    );
    dir
}

// ---------------------------------------------------------------------------------------------
// Text: what a reader sees, and the normalisation both sides go through.
// ---------------------------------------------------------------------------------------------

/// The normalisation of a text before comparing (the page's plain text, as the generator's own
/// parser extracts it from the markdown and HTML of a section, and the rendered HTML's text):
///
/// - markup is gone on both sides: the page's links are their text, its `<b>`/`**` and code spans
///   their content, entities decoded (the parser's plain text); the rendered side is the text of
///   the HTML elements, entities decoded by the HTML parser, rustdoc's `§` heading anchors left out;
/// - rustdoc's smart punctuation is undone: curly quotes are straight, `–`/`—`/`…` are `--`/`---`/
///   `...` (a page written with the curly forms folds the same way);
/// - whitespace (NBSP included) folds to one space, and zero-width spaces are dropped.
///
/// The page's text is compared one block (paragraph, list item, table row, ...) at a time: every
/// block must appear, whole, in the rendered text, in which block boundaries are spaces.
fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\u{2018}' | '\u{2019}' => out.push('\''),
            '\u{201c}' | '\u{201d}' => out.push('"'),
            '\u{2013}' => out.push_str("--"),
            '\u{2014}' => out.push_str("---"),
            '\u{2026}' => out.push_str("..."),
            '\u{200b}' | '\u{feff}' => {}
            c if c.is_whitespace() => out.push(' '),
            c => out.push(c),
        }
    }
    out.split(' ').filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ")
}

/// Elements after which the text continues as a new block.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "li",
    "ul",
    "ol",
    "tr",
    "td",
    "th",
    "table",
    "thead",
    "tbody",
    "dl",
    "dt",
    "dd",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "pre",
    "blockquote",
    "br",
    "hr",
    "section",
    "details",
    "summary",
];

/// The visible text of an element, with a space at block boundaries.
fn visible_text(el: ElementRef<'_>) -> String {
    fn walk(el: ElementRef<'_>, out: &mut String) {
        for child in el.children() {
            match child.value() {
                Node::Text(t) => out.push_str(t),
                Node::Element(e) => {
                    let Some(child) = ElementRef::wrap(child) else { continue };
                    let skipped = matches!(e.name(), "script" | "style" | "button" | "template")
                        || e.classes().any(|c| c == "doc-anchor" || c == "anchor" || c == "tooltip");
                    if skipped {
                        continue;
                    }
                    let block = BLOCKS.contains(&e.name());
                    if block {
                        out.push(' ');
                    }
                    walk(child, out);
                    if block {
                        out.push(' ');
                    }
                }
                _ => {}
            }
        }
    }
    let mut out = String::new();
    walk(el, &mut out);
    out
}

fn has_class(el: ElementRef<'_>, class: &str) -> bool {
    el.value().classes().any(|c| c == class)
}

fn selector(css: &str) -> Selector {
    Selector::parse(css).unwrap_or_else(|e| panic!("bad selector {css}: {e:?}"))
}

/// `from` (a file of the site, relative to its root, with `/`) joined with a relative path;
/// `None` when it climbs out of the site.
fn resolve(from: &str, relative: &str) -> Option<String> {
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for part in relative.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            part => parts.push(part),
        }
    }
    Some(parts.join("/"))
}

/// `%XX` escapes decoded (for comparing a link's fragment with the ids of its target).
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(byte) = s.get(i + 1..i + 3).and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(byte);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A URL as a browser reads its scheme: ASCII whitespace and control characters are ignored,
/// and case does not matter.
fn url_for_scheme(value: &str) -> String {
    value.chars().filter(|c| !(c.is_ascii_whitespace() || c.is_control())).collect::<String>().to_ascii_lowercase()
}

/// Whether the URL names a scheme (`https:`, `mailto:`, ...) or is protocol-relative (`//host`).
fn is_absolute(url: &str) -> bool {
    if url.starts_with("//") {
        return true;
    }
    let Some(colon) = url.find(':') else { return false };
    let scheme = &url[..colon];
    scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
}

// ---------------------------------------------------------------------------------------------
// The site, read once.
// ---------------------------------------------------------------------------------------------

/// A docblock that ends with the generator's `Documentation: [NAME](URL)` line: the rendering of
/// one sdk-api page (a type's docs, or a method's, once on the interface and once on its vtable).
struct DocBlock {
    file: usize,
    /// Where on the page (see [`location`]): `top docs`, or `#method.GetStatus`.
    anchor: String,
    url: String,
    name: String,
    text: String,
    /// The site files the block links to (the closed enum of a raw enum, ...).
    links: Vec<String>,
}

/// A link in the docs content (`.docblock`s and the item lists' summaries).
struct Link {
    file: usize,
    href: String,
    text: String,
    /// `src` of an image rather than `href` of a link.
    image: bool,
    /// Where in the file (see [`location`]).
    location: String,
}

struct HtmlFile {
    path: String,
    /// The normalised visible text of `#main-content`.
    main_text: String,
    ids: HashSet<String>,
    /// The site files the declarations of its fields link to (their types).
    field_types: Vec<String>,
}

#[derive(Default)]
struct Scanned {
    path: String,
    main_text: String,
    ids: HashSet<String>,
    field_types: Vec<String>,
    blocks: Vec<(String, String, String, String, Vec<String>)>,
    links: Vec<(String, String, bool, String)>,
    safety: Vec<String>,
    markup: Vec<String>,
    scripts: usize,
    /// Relative script, redirect and stylesheet targets, checked once every file is known.
    resources: Vec<(String, String)>,
}

struct Site {
    dir: PathBuf,
    files: Vec<HtmlFile>,
    blocks: Vec<DocBlock>,
    links: Vec<Link>,
    safety: Vec<String>,
    markup: Vec<String>,
    html_files: usize,
    js_files: usize,
    scripts: usize,
    ids: usize,
}

fn site() -> &'static Site {
    static SITE: OnceLock<Site> = OnceLock::new();
    SITE.get_or_init(|| read_site(&doc_dir()))
}

fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()));
    for entry in entries {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            files_under(&path, out);
        } else {
            out.push(path);
        }
    }
}

fn relative(dir: &Path, path: &Path) -> String {
    path.strip_prefix(dir)
        .expect("under the doc dir")
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

fn read_site(dir: &Path) -> Site {
    let mut all = Vec::new();
    files_under(dir, &mut all);
    all.sort();
    let html: Vec<PathBuf> = all.iter().filter(|p| p.extension().is_some_and(|e| e == "html")).cloned().collect();
    // rustdoc's own code is `static.files/`; the other JS files carry data, some of it HTML
    // rendered from the docs (search descriptions, implementations listed on other pages).
    let js: Vec<PathBuf> = all
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "js") && !relative(dir, p).starts_with("static.files/"))
        .cloned()
        .collect();

    let threads = std::thread::available_parallelism().map_or(2, |n| n.get()).min(8);
    let scan_all = |paths: &[PathBuf], scan: fn(&str, &str) -> Scanned| -> Vec<Scanned> {
        let chunk = paths.len().div_ceil(threads).max(1);
        std::thread::scope(|s| {
            let handles: Vec<_> = paths
                .chunks(chunk)
                .map(|chunk| {
                    s.spawn(move || {
                        chunk
                            .iter()
                            .map(|p| {
                                let text = std::fs::read_to_string(p)
                                    .unwrap_or_else(|e| panic!("cannot read {}: {e}", p.display()));
                                scan(&relative(dir, p), &text)
                            })
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            handles.into_iter().flat_map(|h| h.join().expect("a scanning thread")).collect()
        })
    };
    let scanned_html = scan_all(&html, scan_html);
    let scanned_js = scan_all(&js, scan_js);

    let mut site = Site {
        dir: dir.to_path_buf(),
        files: Vec::new(),
        blocks: Vec::new(),
        links: Vec::new(),
        safety: Vec::new(),
        markup: Vec::new(),
        html_files: html.len(),
        js_files: js.len(),
        scripts: 0,
        ids: 0,
    };
    let mut resources = Vec::new();
    for scanned in scanned_html.into_iter().chain(scanned_js) {
        let file = site.files.len();
        for (anchor, url, name, text, links) in scanned.blocks {
            site.blocks.push(DocBlock { file, anchor, url, name, text, links });
        }
        for (href, text, image, location) in scanned.links {
            site.links.push(Link { file, href, text, image, location });
        }
        site.safety.extend(scanned.safety);
        site.markup.extend(scanned.markup);
        site.scripts += scanned.scripts;
        site.ids += scanned.ids.len();
        resources.extend(scanned.resources.into_iter().map(|r| (scanned.path.clone(), r)));
        site.files.push(HtmlFile {
            path: scanned.path,
            main_text: scanned.main_text,
            ids: scanned.ids,
            field_types: scanned.field_types,
        });
    }
    // Scripts, stylesheets and redirects rustdoc wrote must point into the site, at a file.
    let known: HashSet<&str> =
        all.iter().map(|p| p.strip_prefix(dir).expect("under the doc dir")).filter_map(|p| p.to_str()).collect();
    for (from, (what, target)) in resources {
        match resolve(&from, &target) {
            Some(path) if known.contains(path.as_str()) => {}
            _ => site.safety.push(format!("{from}: {what} `{target}` is not a file of the site")),
        }
    }
    site
}

/// URL-valued attributes (HTML 4 and 5, SVG's `xlink:href` is `href`).
const URL_ATTRIBUTES: &[&str] = &[
    "href",
    "src",
    "action",
    "formaction",
    "poster",
    "background",
    "cite",
    "data",
    "srcset",
    "ping",
    "lowsrc",
    "dynsrc",
    "longdesc",
    "manifest",
    "codebase",
    "archive",
    "classid",
    "usemap",
    "xmlns",
];

/// Elements that embed or frame other content, or change how every URL resolves.
const FORBIDDEN_ELEMENTS: &[&str] = &["iframe", "object", "embed", "frame", "frameset", "applet", "base", "portal"];

/// Where rustdoc's own scripts may be loaded from (relative to the site's root).
fn rustdoc_script(path: &str) -> bool {
    path.starts_with("static.files/")
        || path.starts_with("search.index/")
        || path.starts_with("trait.impl/")
        || path.starts_with("type.impl/")
        || path.ends_with("/sidebar-items.js")
        || path == "crates.js"
        || path == "src-files.js"
}

/// rustdoc's inline font preloading, on every page: exactly
///
/// ```text
/// if(window.location.protocol!=="file:")document.head.insertAdjacentHTML("beforeend","FONTS".split(",").map(f=>`<link rel="preload" as="font" type="font/woff2"href="../static.files/${f}">`).join(""))
/// ```
///
/// with FONTS a comma-separated list of `.woff2` file names, and `../` repeated as deep as the
/// page is (`./` at the top).
fn is_font_preload(body: &str) -> bool {
    let Some(rest) =
        body.strip_prefix(r#"if(window.location.protocol!=="file:")document.head.insertAdjacentHTML("beforeend",""#)
    else {
        return false;
    };
    let Some((fonts, rest)) = rest.split_once('"') else { return false };
    let fonts_ok = !fonts.is_empty()
        && fonts
            .split(',')
            .all(|f| f.ends_with(".woff2") && f.chars().all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c)));
    let Some(rest) = rest.strip_prefix(r#".split(",").map(f=>`<link rel="preload" as="font" type="font/woff2"href=""#)
    else {
        return false;
    };
    let mut rest = rest.strip_prefix("./").unwrap_or(rest);
    while let Some(r) = rest.strip_prefix("../") {
        rest = r;
    }
    fonts_ok && rest == r#"static.files/${f}">`).join(""))"#
}

/// rustdoc's redirect pages (an item re-exported from a private module):
/// `location.replace("PATH.html" + location.search + location.hash);` with PATH relative.
fn redirect_target(body: &str) -> Option<&str> {
    let target = body.strip_prefix("location.replace(\"")?.strip_suffix("\" + location.search + location.hash);")?;
    let plain = target.chars().all(|c| c.is_ascii_alphanumeric() || "-_./".contains(c));
    (plain && target.ends_with(".html") && !target.starts_with('/')).then_some(target)
}

/// Safety checks on every element under `root`: `page` when it is an HTML page of the site
/// (rustdoc's own scripts and furniture are allowed there, exactly), not for a fragment.
fn check_elements(path: &str, root: ElementRef<'_>, page: bool, scanned: &mut Scanned) {
    for el in root.descendants().filter_map(ElementRef::wrap) {
        let e = el.value();
        let name = e.name();
        let at = || {
            let block = el.ancestors().filter_map(ElementRef::wrap).filter(|a| has_class(*a, "docblock")).last();
            let id =
                el.ancestors().filter_map(ElementRef::wrap).find_map(|a| a.value().id().map(|id| format!("#{id}")));
            format!("{path} ({})", block.map(location).or(id).unwrap_or_else(|| "document".into()))
        };
        if FORBIDDEN_ELEMENTS.contains(&name) {
            scanned.safety.push(format!("{}: a <{name}> element: {}", at(), truncate(&el.html(), 200)));
        }
        // help.html and settings.html: rustdoc's "back" link.
        let back_link = page
            && (path == "help.html" || path == "settings.html")
            && name == "a"
            && e.id() == Some("back")
            && e.attr("href") == Some("javascript:void(0)")
            && e.attr("onclick") == Some("history.back();");
        if name == "meta" && e.attr("http-equiv").is_some_and(|v| v.eq_ignore_ascii_case("refresh")) {
            // rustdoc's redirect pages: `0;URL=PATH` to a file of the site.
            match e.attr("content").and_then(|c| c.strip_prefix("0;URL=")) {
                Some(target) if page && !is_absolute(target) => {
                    scanned.resources.push(("redirect".into(), target.to_string()));
                }
                _ => scanned.safety.push(format!("{}: a refresh that is not rustdoc's redirect: {}", at(), el.html())),
            }
        }
        if name == "script" {
            scanned.scripts += 1;
            let body: String = el.text().collect();
            match e.attr("src") {
                Some(src) if page && body.trim().is_empty() && !is_absolute(src) && !src.starts_with('/') => {
                    match resolve(path, src) {
                        Some(target) if rustdoc_script(&target) => {
                            scanned.resources.push(("script".into(), src.into()))
                        }
                        _ => scanned.safety.push(format!("{}: a script from outside rustdoc's files: {src}", at())),
                    }
                }
                None if page && is_font_preload(&body) => {}
                None if page && redirect_target(&body).is_some() => {
                    scanned.resources.push(("redirect".into(), redirect_target(&body).unwrap_or_default().into()));
                }
                _ => scanned.safety.push(format!(
                    "{}: a script that is not rustdoc's own: {}",
                    at(),
                    truncate(&el.html(), 300)
                )),
            }
        }
        for (attr, value) in e.attrs() {
            let attr = attr.to_ascii_lowercase();
            if attr.starts_with("on") && !back_link {
                scanned.safety.push(format!("{}: an event handler on <{name}>: {attr}=\"{value}\"", at()));
            }
            if URL_ATTRIBUTES.contains(&attr.as_str()) {
                // `srcset` is a list: `URL [width], URL [width]`.
                let urls: Vec<String> = if attr == "srcset" {
                    value.split(',').map(|c| url_for_scheme(c.split_whitespace().next().unwrap_or_default())).collect()
                } else {
                    vec![url_for_scheme(value)]
                };
                let bad =
                    ["javascript:", "data:", "vbscript:"].into_iter().find(|s| urls.iter().any(|u| u.starts_with(s)));
                if let Some(scheme) = bad
                    && !back_link
                {
                    scanned.safety.push(format!(
                        "{}: a {scheme} URL in <{name} {attr}>: {}",
                        at(),
                        truncate(value, 200)
                    ));
                }
            }
            if attr == "style" {
                let style = url_for_scheme(value);
                if ["url(", "expression(", "javascript:", "@import"].iter().any(|s| style.contains(s)) {
                    scanned.safety.push(format!("{}: a style that loads or runs something: {value}", at()));
                }
            }
        }
    }
}

fn truncate(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((i, _)) => format!("{}...", &s[..i]),
        None => s.to_string(),
    }
}

/// The docs content of a page: the outermost `.docblock`s and the item lists' summaries.
fn docs_content<'a>(doc: &'a Html) -> Vec<ElementRef<'a>> {
    let blocks = selector(".docblock, dl.item-table > dd");
    doc.select(&blocks)
        .filter(|el| !el.ancestors().filter_map(ElementRef::wrap).any(|a| has_class(a, "docblock")))
        .collect()
}

/// Markup shown as text: what text nodes outside code show when markdown or HTML was escaped
/// once too often.
fn raw_markup(text: &str) -> Option<&'static str> {
    const TAGS: &[&str] = &[
        "<b>",
        "</b>",
        "<i>",
        "</i>",
        "<a ",
        "</a>",
        "<p>",
        "</p>",
        "<br",
        "<table",
        "</table>",
        "<tr",
        "<td",
        "<th",
        "<div",
        "</div>",
        "<dl",
        "<dt",
        "<dd",
        "<code>",
        "</code>",
        "<strong>",
        "</strong>",
        "<em>",
        "</em>",
        "<ul",
        "<ol",
        "<li",
        "<pre",
        "<span",
        "</span>",
        "<sup",
        "<sub",
        "<img",
        "<h1",
        "<h2",
        "<h3",
        "<h4",
        "<h5",
        "<h6",
    ];
    const ENTITIES: &[&str] = &["&lt;", "&gt;", "&amp;", "&nbsp;", "&quot;", "&#"];
    let lower = text.to_ascii_lowercase();
    if text.contains('`') {
        Some("a backtick")
    } else if text.contains("**") {
        Some("`**`")
    } else if text.contains("](") {
        Some("`](`")
    } else if TAGS.iter().any(|t| lower.contains(t)) {
        Some("an HTML tag")
    } else if ENTITIES.iter().any(|t| lower.contains(t)) {
        Some("an HTML entity")
    } else {
        None
    }
}

fn check_markup(path: &str, block: ElementRef<'_>, location: &str, scanned: &mut Scanned) {
    for node in block.descendants() {
        let Node::Text(text) = node.value() else { continue };
        let in_code = node
            .ancestors()
            .filter_map(ElementRef::wrap)
            .any(|a| matches!(a.value().name(), "code" | "pre" | "kbd" | "samp" | "script" | "style"));
        if in_code {
            continue;
        }
        if let Some(what) = raw_markup(text) {
            let context =
                node.parent().and_then(ElementRef::wrap).map(|p| normalise(&visible_text(p))).unwrap_or_default();
            scanned.markup.push(format!("{path} ({location}): {what} shown as text: \"{}\"", truncate(&context, 300)));
        }
    }
}

/// Where a piece of docs content is, for messages: `#anchor` of the docblock, or the item list
/// entry a summary belongs to.
fn location(block: ElementRef<'_>) -> String {
    if block.value().name() == "dd" {
        let mut node = block.prev_sibling();
        while let Some(n) = node {
            if let Some(dt) = ElementRef::wrap(n).filter(|e| e.value().name() == "dt") {
                return format!("summary of `{}` in the item list", normalise(&visible_text(dt)));
            }
            node = n.prev_sibling();
        }
    }
    match block_anchor(block) {
        top if top == "top" => "top docs".into(),
        anchor => format!("#{anchor}"),
    }
}

/// The heading a docblock belongs to: the id of the nearest section or field heading before it.
fn block_anchor(block: ElementRef<'_>) -> String {
    if block.ancestors().filter_map(ElementRef::wrap).any(|a| has_class(a, "top-doc")) {
        return "top".into();
    }
    let mut node = block.prev_sibling();
    while let Some(n) = node {
        if let Some(el) = ElementRef::wrap(n)
            && let Some(id) =
                el.value().id().or_else(|| el.select(&selector("[id]")).next().and_then(|e| e.value().id()))
        {
            return id.to_string();
        }
        node = n.prev_sibling();
    }
    block
        .ancestors()
        .filter_map(ElementRef::wrap)
        .find_map(|a| {
            a.value().id().map(str::to_string).or_else(|| {
                a.children()
                    .filter_map(ElementRef::wrap)
                    .find(|c| c.value().name() == "summary")
                    .and_then(|s| s.select(&selector("[id]")).next())
                    .and_then(|e| e.value().id().map(str::to_string))
            })
        })
        .unwrap_or_else(|| "top".into())
}

fn scan_html(path: &str, text: &str) -> Scanned {
    let doc = Html::parse_document(text);
    let mut scanned = Scanned { path: path.to_string(), ..Scanned::default() };
    check_elements(path, doc.root_element(), true, &mut scanned);
    for el in doc.root_element().descendants().filter_map(ElementRef::wrap) {
        if let Some(id) = el.value().id() {
            scanned.ids.insert(id.to_string());
        }
        if el.value().name() == "link"
            && let Some(href) = el.value().attr("href")
            && el.value().attr("rel").is_some_and(|r| r.split_whitespace().any(|r| r == "stylesheet"))
        {
            if is_absolute(href) || href.starts_with('/') {
                scanned.safety.push(format!("{path}: a stylesheet from outside the site: {href}"));
            } else {
                scanned.resources.push(("stylesheet".into(), href.into()));
            }
        }
    }
    // The source view (`src/`) and rustdoc's own pages carry no docs content.
    if !path.starts_with("winasync/") {
        return scanned;
    }
    if let Some(main) = doc.select(&selector("#main-content")).next() {
        scanned.main_text = normalise(&visible_text(main));
    }
    let anchor = selector("a[href]");
    let image = selector("img[src]");
    for field in doc.select(&selector(".structfield")) {
        for a in field.select(&anchor) {
            let href = a.value().attr("href").unwrap_or_default();
            if !is_absolute(href) && !href.starts_with('#') {
                scanned.field_types.extend(resolve(path, href.split('#').next().unwrap_or(href)));
            }
        }
    }
    for block in docs_content(&doc) {
        let location = location(block);
        check_markup(path, block, &location, &mut scanned);
        for a in block.select(&anchor) {
            let text = normalise(&visible_text(a));
            let href = a.value().attr("href").unwrap_or_default().to_string();
            scanned.links.push((href, text, false, location.clone()));
        }
        for img in block.select(&image) {
            let src = img.value().attr("src").unwrap_or_default().to_string();
            scanned.links.push((src, String::new(), true, location.clone()));
        }
        if !has_class(block, "docblock") {
            continue;
        }
        // `Documentation: [NAME](https://learn.microsoft.com/...) (generated from ...).`: the
        // paragraph the generator ends every page's docs with.
        for p in block.children().filter_map(ElementRef::wrap).filter(|p| p.value().name() == "p") {
            let text = normalise(&visible_text(p));
            if !text.starts_with("Documentation:") {
                continue;
            }
            let Some(link) = p.select(&anchor).find(|a| {
                a.value().attr("href").is_some_and(|h| h.starts_with("https://learn.microsoft.com/windows/win32/api/"))
            }) else {
                continue;
            };
            let url = link.value().attr("href").unwrap_or_default().to_string();
            let name = normalise(&visible_text(link));
            let links = block
                .select(&anchor)
                .filter_map(|a| a.value().attr("href"))
                .filter(|h| !is_absolute(h) && !h.starts_with('#'))
                .filter_map(|h| resolve(path, h.split('#').next().unwrap_or(h)))
                .collect();
            scanned.blocks.push((location.clone(), url, name, normalise(&visible_text(block)), links));
        }
    }
    scanned
}

/// A JS file of rustdoc's data (search index, sidebars, implementations): the HTML inside its
/// strings, parsed as a fragment, must be as safe as a page.
fn scan_js(path: &str, text: &str) -> Scanned {
    let unescaped = text.replace("\\\\", "\u{0}").replace("\\\"", "\"").replace("\\'", "'").replace('\u{0}', "\\");
    let fragment = Html::parse_fragment(&unescaped);
    let mut scanned = Scanned { path: path.to_string(), ..Scanned::default() };
    check_elements(path, fragment.root_element(), false, &mut scanned);
    scanned
}

// ---------------------------------------------------------------------------------------------
// The pages.
// ---------------------------------------------------------------------------------------------

struct SourcePage {
    file: String,
    url: String,
    item: winasync_codegen::Item,
}

fn source_pages() -> (Vec<SourcePage>, Vec<String>) {
    let paths = corpus::collect(&[root().join("docs-src")]).expect("docs-src/ has pages");
    let mut pages = Vec::new();
    let mut problems = Vec::new();
    corpus::parse_each(&paths, |page| {
        let file = relative(&root(), page.file.path());
        match page.item {
            Some(item) => {
                let url = DocPage::new(page.file.path(), item.clone()).url();
                pages.push(SourcePage { file, url, item });
            }
            None => problems.push(format!("{file}: the page yields no item, so nothing of it can be rendered")),
        }
    });
    (pages, problems)
}

/// The labels of the alerts in a section's source: `<div class="alert"><b>Note</b> ...` and
/// docfx's `> [!NOTE]`. The generator writes an alert as a quote starting `**Note:**`, so the
/// label of a block may be followed by a colon in the rendered text (and `[!NOTE]` is `Note:`).
fn alert_labels(source: &str) -> Vec<(String, String)> {
    let mut labels = Vec::new();
    let lower = source.to_ascii_lowercase();
    let mut at = 0;
    while let Some(i) = lower[at..].find("class=\"alert\"").map(|i| at + i) {
        at = i + 1;
        let Some(b) = lower[i..].find("<b>").map(|b| i + b + 3) else { continue };
        let Some(end) = lower[b..].find("</b>").map(|e| b + e) else { continue };
        let label = normalise(&source[b..end]);
        let label = label.trim_end_matches(':').trim_end();
        if !label.is_empty() && label.len() <= 40 {
            labels.push((label.to_string(), format!("{label}:")));
        }
    }
    for kind in ["Note", "Tip", "Important", "Caution", "Warning"] {
        labels.push((format!("[!{}]", kind.to_ascii_uppercase()), format!("{kind}:")));
    }
    labels
}

/// The forms a block of a page's text may take when rendered: itself, or, when it starts with an
/// alert's label, with the label as the generator writes it.
fn renderings(line: &str, labels: &[(String, String)]) -> Vec<String> {
    let mut forms = vec![line.to_string()];
    for (label, rendered) in labels {
        if let Some(rest) = line.strip_prefix(label.as_str())
            && (rest.is_empty() || rest.starts_with(' '))
        {
            forms.push(normalise(&format!("{rendered}{rest}")));
        }
    }
    forms
}

/// The blocks of a text, normalised, each with the forms it may be rendered in.
fn text_blocks(text: &str, source: &str) -> Vec<Vec<String>> {
    let labels = alert_labels(source);
    text.lines().map(normalise).filter(|l| !l.is_empty()).map(|l| renderings(&l, &labels)).collect()
}

#[derive(Default)]
struct Counts {
    items: usize,
    renderings: usize,
    descriptions: usize,
    remarks: usize,
    returns: usize,
    fields: usize,
    parameters: usize,
    values: usize,
    blocks: usize,
}

/// The file name of a site page without its kind and extension (`winhttp/struct.X.html`: `X`).
fn page_item(path: &str) -> &str {
    let name = path.rsplit('/').next().unwrap_or(path);
    let name = name.strip_suffix(".html").unwrap_or(name);
    name.split_once('.').map_or(name, |(_, n)| n)
}

/// Where the docs of a page's fields and value rows are: the page of the Rust item it generated;
/// the pages of the records nested in it (the types of its fields, recursively, which the
/// generator names after it: `WINBIO_ASYNC_RESULT_Parameters_Verify`); and the closed Rust enums
/// its docs link to (a C enum's constants are the variants of its closed enum, whose page holds
/// their docs).
fn field_scope(site: &Site, block: &DocBlock) -> Vec<usize> {
    let index: HashMap<&str, usize> = site.files.iter().enumerate().map(|(i, f)| (f.path.as_str(), i)).collect();
    let own = &site.files[block.file].path;
    let prefix = format!("{}_", page_item(own));
    let mut scope = vec![block.file];
    let mut at = 0;
    while at < scope.len() {
        let file = &site.files[scope[at]];
        for ty in &file.field_types {
            if let Some(&i) = index.get(ty.as_str())
                && page_item(ty).starts_with(&prefix)
                && !scope.contains(&i)
            {
                scope.push(i);
            }
        }
        at += 1;
    }
    for link in &block.links {
        let is_enum = link.rsplit('/').next().is_some_and(|n| n.starts_with("enum."));
        if let Some(&i) = index.get(link.as_str())
            && is_enum
            && !scope.contains(&i)
        {
            scope.push(i);
        }
    }
    scope
}

#[test]
#[ignore = "needs the rendered docs: run .ci/docs-check"]
fn rendered_pages_say_what_the_source_pages_say() {
    let site = site();
    let (pages, mut problems) = source_pages();
    let mut by_url: HashMap<&str, Vec<&DocBlock>> = HashMap::new();
    for block in &site.blocks {
        by_url.entry(block.url.as_str()).or_default().push(block);
    }
    let mut counts = Counts::default();
    let miss = |problems: &mut Vec<String>, page: &SourcePage, what: &str, where_: &str, text: &str| {
        problems.push(format!(
            "{} ({}): {what} is not in {where_}:\n      \"{}\"",
            page.file,
            page.item.name,
            truncate(text, 400)
        ));
    };
    for page in &pages {
        counts.items += 1;
        let item = &page.item;
        let Some(blocks) = by_url.get(page.url.as_str()) else {
            problems.push(format!(
                "{} ({}): no rendered docs end with `Documentation: [{}]({})`",
                page.file, item.name, item.name, page.url
            ));
            continue;
        };
        for block in blocks {
            counts.renderings += 1;
            let file = &site.files[block.file].path;
            let where_block = format!("{file} ({})", block.anchor);
            if block.name != normalise(&item.name) {
                problems.push(format!(
                    "{} ({}): {where_block} names it `{}` in its Documentation line",
                    page.file, item.name, block.name
                ));
            }
            // The item's own docs, and its parameters: in the block itself.
            let sections = [
                ("the description", Some(&item.description), &mut counts.descriptions),
                ("the remarks", item.remarks.as_ref(), &mut counts.remarks),
                ("the return value", item.returns.as_ref(), &mut counts.returns),
            ];
            let mut own = Vec::new();
            for (what, text, count) in sections {
                if let Some(text) = text {
                    *count += 1;
                    own.push((what.to_string(), text));
                }
            }
            for param in &item.parameters {
                counts.parameters += 1;
                own.push((format!("parameter `{}`", param.name), &param.description));
            }
            for (what, text) in own {
                for forms in text_blocks(&text.plain, &text.source) {
                    counts.blocks += 1;
                    if !forms.iter().any(|f| block.text.contains(f.as_str())) {
                        miss(&mut problems, page, &format!("a block of {what}"), &where_block, &forms[0]);
                    }
                }
            }
            // Fields and value rows: on the pages of `field_scope`.
            let scope = field_scope(site, block);
            let found = |forms: &[String]| {
                scope.iter().any(|&i| forms.iter().any(|f| site.files[i].main_text.contains(f.as_str())))
            };
            let where_fields = match scope.len() {
                1 => file.clone(),
                n => format!("{file} or the {} nested record or enum page(s) of its fields", n - 1),
            };
            for field in &item.fields {
                counts.fields += 1;
                for forms in text_blocks(&field.description.plain, &field.description.source) {
                    counts.blocks += 1;
                    if !found(&forms) {
                        miss(&mut problems, page, &format!("field `{}`", field.name), &where_fields, &forms[0]);
                    }
                }
            }
            let rows = item.fields.iter().chain(&item.parameters).flat_map(|f| f.values.iter().map(move |v| (f, v)));
            for (owner, value) in rows {
                counts.values += 1;
                for forms in text_blocks(&value.description, &owner.description.source) {
                    counts.blocks += 1;
                    if !found(&forms) {
                        let what = format!("value `{}` of `{}`", value.name, owner.name);
                        miss(&mut problems, page, &what, &where_fields, &forms[0]);
                    }
                }
            }
        }
    }
    println!(
        "fidelity: {} pages, rendered {} times (a method's docs are on its interface and its vtable): \
         {} descriptions, {} remarks, {} return values, {} fields, {} parameters, {} value rows; \
         {} text blocks checked",
        counts.items,
        counts.renderings,
        counts.descriptions,
        counts.remarks,
        counts.returns,
        counts.fields,
        counts.parameters,
        counts.values,
        counts.blocks
    );
    assert!(problems.is_empty(), "{} fidelity problem(s):\n  - {}", problems.len(), problems.join("\n  - "));
}

#[test]
#[ignore = "needs the rendered docs: run .ci/docs-check"]
fn the_site_runs_only_rustdocs_scripts() {
    let site = site();
    println!(
        "safety: {} HTML files and {} data JS files of {}: {} scripts, {} elements with an id",
        site.html_files,
        site.js_files,
        site.dir.display(),
        site.scripts,
        site.ids
    );
    assert!(site.safety.is_empty(), "{} safety problem(s):\n  - {}", site.safety.len(), site.safety.join("\n  - "));
}

#[test]
#[ignore = "needs the rendered docs: run .ci/docs-check"]
fn links_in_the_docs_are_https_or_reach_the_site() {
    let site = site();
    let ids: HashMap<&str, &HashSet<String>> = site.files.iter().map(|f| (f.path.as_str(), &f.ids)).collect();
    let mut problems = Vec::new();
    let (mut external, mut internal) = (0, 0);
    for link in &site.links {
        let from = &site.files[link.file].path;
        let at = format!("{from} ({})", link.location);
        let what = if link.image { "image" } else { "link" };
        let shown = if link.text.is_empty() { String::new() } else { format!(" \"{}\"", truncate(&link.text, 80)) };
        let url = url_for_scheme(&link.href);
        if link.href.trim().is_empty() {
            problems.push(format!("{at}: {what}{shown} with an empty target"));
        } else if is_absolute(&url) {
            external += 1;
            if !url.starts_with("https://") {
                problems.push(format!("{at}: {what}{shown} to {} is not https", link.href));
            }
        } else {
            internal += 1;
            let (path, fragment) = link.href.split_once('#').map_or((link.href.as_str(), None), |(p, f)| (p, Some(f)));
            let path = path.split('?').next().unwrap_or(path);
            let target = if path.is_empty() { Some(from.clone()) } else { resolve(from, path) };
            let Some(target) = target.filter(|t| !path.starts_with('/') && site.dir.join(t).is_file()) else {
                problems.push(format!("{at}: {what}{shown} to {} reaches no file of the site", link.href));
                continue;
            };
            if let Some(fragment) = fragment.filter(|f| !f.is_empty())
                && let Some(ids) = ids.get(target.as_str())
                && !ids.contains(fragment)
                && !ids.contains(&percent_decode(fragment))
            {
                problems.push(format!("{at}: {what}{shown} to {} names no anchor of {target}", link.href));
            }
        }
    }
    println!("links: {external} external (all must be https), {internal} within the site, in the docs content");
    assert!(problems.is_empty(), "{} link problem(s):\n  - {}", problems.len(), problems.join("\n  - "));
}

#[test]
#[ignore = "needs the rendered docs: run .ci/docs-check"]
fn the_docs_show_no_raw_markup() {
    let site = site();
    println!(
        "raw markup: text of the docs content in {} pages",
        site.files.iter().filter(|f| f.path.starts_with("winasync/") && f.path.ends_with(".html")).count()
    );
    assert!(site.markup.is_empty(), "{} raw markup problem(s):\n  - {}", site.markup.len(), site.markup.join("\n  - "));
}
