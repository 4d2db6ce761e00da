//! One page, from text to [`Item`]: front matter, outline, identity, then the sections.
//!
//! The outline's headings are first classified (title, section, field, value sub-heading,
//! unfiled sub-heading, or just prose), then each structural heading owns the source up to the
//! next structural heading. Headings that are prose (`#### Examples`) stay inside the text.

use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::model::{Alias, Field, Item, Kind, Link, Located, NamedValue, Orphan, Requirements, Text};
use crate::naming::{is_identifier, looks_like_api_name, similar};
use crate::read::frontmatter::{self, FrontMatter, key};
use crate::read::identity::{self, BodyHints};
use crate::read::outline::{self, Heading};
use crate::read::prose::{self, Tables, parse_int};
use crate::read::source::{SourceFile, Span};
use std::ops::Range;

/// A parsed page: the item (absent only when an error says why) and what was found wrong.
#[derive(Debug)]
pub struct Page {
    pub file: SourceFile,
    pub item: Option<Item>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Page {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(|d| d.severity == Severity::Error)
    }
}

/// Parses one page. Never panics on any input; problems become diagnostics.
pub fn parse(file: SourceFile) -> Page {
    let mut diags = Vec::new();
    let item = build(&file, &mut diags);
    diags.sort_by_key(|d| (d.span.start, d.span.end));
    Page { file, item, diagnostics: diags }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    Description,
    Fields,
    Parameters,
    Remarks,
    Returns,
    SeeAlso,
    /// Known sections this model does not read yet (`-inheritance`, `-members`, ...).
    Other,
}

fn section_of(name: &str) -> Option<Section> {
    Some(match name {
        "description" => Section::Description,
        "struct-fields" | "enum-fields" | "union-fields" | "fields" => Section::Fields,
        "parameters" | "params" => Section::Parameters,
        "remarks" => Section::Remarks,
        "returns" => Section::Returns,
        "see-also" => Section::SeeAlso,
        "inheritance" | "members" | "syntax" | "requirements" | "examples" | "callback" | "macro-parameters" => {
            Section::Other
        }
        _ => return None,
    })
}

/// What a heading is to the page's structure.
#[derive(Debug, Clone)]
enum Role {
    Title,
    Section(Section),
    Field {
        name: String,
        value: Option<String>,
        param: bool,
    },
    /// `#### NAME` or `#### NAME (1 (0x1))` inside a field: a value of that field.
    Value {
        name: String,
        value: Option<String>,
    },
    /// `#### - NAME`: written like a field heading, but under another field; where it belongs (a
    /// value of a field, a misfiled field, an orphan) is decided once every field is read
    /// ([`place_unfiled`]).
    Unfiled {
        name: String,
    },
}

/// A heading and what it is to the page.
struct Classified<'h> {
    heading: &'h Heading,
    role: Role,
    /// Source owned by this heading: up to the next structural heading.
    content: Range<usize>,
}

impl Classified<'_> {
    /// Where `name` is in the heading (the heading's start when it is written otherwise): what
    /// every diagnostic about the field or value it names points at.
    fn name_span(&self, file: &SourceFile, name: &str) -> Span {
        Span::at(file.locate(name, self.heading.span.start, self.heading.span.end), name.len())
    }
}

fn build(file: &SourceFile, diags: &mut Vec<Diagnostic>) -> Option<Item> {
    let fm = frontmatter::parse(file, diags);
    let headings = outline::outline(file.text(), fm.body_start);
    let marked = classify(file, &headings, diags);

    let title = marked.iter().find(|m| matches!(m.role, Role::Title)).map(|m| m.heading);
    let description =
        marked.iter().find(|m| matches!(m.role, Role::Section(Section::Description))).map(|m| m.content.clone());
    let has = |name: &str| headings.iter().any(|h| h.level == 2 && h.text.trim_start_matches('-').trim() == name);
    let hints = BodyHints {
        title,
        description_bold: description.as_ref().and_then(|r| first_bold(&file.text()[r.clone()])),
        has_struct_fields: has("struct-fields"),
        has_enum_fields: has("enum-fields"),
    };
    let id = identity::resolve(file, &fm, &hints, diags)?;

    let mut item = Item {
        name: id.name,
        kind: id.kind,
        header: id.header,
        source: file.path().display().to_string(),
        span: id.span,
        uid: located(&fm, key::UID),
        asset_id: located(&fm, key::ASSET_ID),
        title: located(&fm, key::TITLE),
        aliases: id.aliases,
        description: Text::default(),
        fields: Vec::new(),
        parameters: Vec::new(),
        orphans: Vec::new(),
        remarks: None,
        returns: None,
        see_also: Vec::new(),
        requirements: requirements(&fm),
        keywords: keywords(&fm),
    };
    // `*LPNAME` among the keywords is a pointer typedef, as in `req.typenames`.
    for k in &item.keywords {
        if let Some(n) = k.text.strip_prefix('*').filter(|n| is_identifier(n))
            && !item.aliases.iter().any(|a| a.name == n)
        {
            item.aliases.push(Alias { name: n.to_string(), pointer: true, span: k.span });
        }
    }
    assemble(file, &marked, &mut item, diags);
    item.aliases.retain(|a| !item.fields.iter().any(|f| f.name == a.name));
    Some(item)
}

fn classify<'h>(file: &SourceFile, headings: &'h [Heading], diags: &mut Vec<Diagnostic>) -> Vec<Classified<'h>> {
    let mut out: Vec<Classified<'h>> = Vec::new();
    let mut section: Option<Section> = None;
    let mut in_field = false;
    for h in headings {
        let text = h.text.trim();
        let role = match h.level {
            1 if !out.iter().any(|m| matches!(m.role, Role::Title)) => Some(Role::Title),
            2 if text.starts_with('-') => {
                let name = text.trim_start_matches('-').trim().to_ascii_lowercase();
                in_field = false;
                let s = section_of(&name).unwrap_or_else(|| {
                    diags.push(
                        Diagnostic::warning(file, Code::UnknownSection, h.span.clone(), format!("unknown section `## -{name}`"))
                            .with_help("its content was skipped; known sections are -description, -struct-fields, -enum-fields, -parameters, -remarks, -see-also, -returns, -inheritance, -members, -syntax"),
                    );
                    Section::Other
                });
                section = Some(s);
                Some(Role::Section(s))
            }
            3 if text.starts_with("-field") || text.starts_with("-param") => {
                let param = text.starts_with("-param");
                let rest = text.trim_start_matches("-field").trim_start_matches("-param").trim();
                let expected = if param { Section::Parameters } else { Section::Fields };
                if section != Some(expected) {
                    let word = if param { "-param" } else { "-field" };
                    diags.push(
                        Diagnostic::warning(
                            file,
                            Code::MisfiledHeading,
                            h.span.clone(),
                            format!("`### {word}` heading outside its section"),
                        )
                        .with_help(format!(
                            "read as a {} of the page; move it under `## -{}`",
                            if param { "parameter" } else { "field" },
                            if param { "parameters" } else { "struct-fields` or `## -enum-fields" }
                        )),
                    );
                }
                match field_heading(rest) {
                    Some((name, value)) => {
                        in_field = true;
                        Some(Role::Field { name, value, param })
                    }
                    None => {
                        diags.push(
                            Diagnostic::warning(
                                file,
                                Code::MisfiledHeading,
                                h.span.clone(),
                                "field heading without a name",
                            )
                            .with_help("write `### -field NAME`; the heading was read as prose"),
                        );
                        None
                    }
                }
            }
            4.. if in_field => sub_heading(text),
            _ => None,
        };
        match role {
            Some(role) => out.push(Classified { heading: h, role, content: h.content.clone() }),
            // Prose headings extend the previous structural heading's content.
            None => {
                if let Some(last) = out.last_mut() {
                    last.content.end = h.content.end;
                }
            }
        }
    }
    out
}

/// `NAME`, `NAME:0`, `NAME [in]` after `-field`/`-param`.
/// A value table lists each value once: a repeated row is reported and the first one kept.
fn drop_repeated_values(file: &SourceFile, field: &str, values: &mut Vec<NamedValue>, diags: &mut Vec<Diagnostic>) {
    let mut seen = std::collections::HashSet::new();
    values.retain(|v| {
        if seen.insert(v.name.clone()) {
            return true;
        }
        let at = v.span.start;
        diags.push(
            Diagnostic::warning(
                file,
                Code::DuplicateEntry,
                at..at + v.name.len().max(1),
                format!("value `{}` of `{field}` is documented twice", v.name),
            )
            .with_help("the first row was kept"),
        );
        false
    });
}

fn field_heading(rest: &str) -> Option<(String, Option<String>)> {
    let first = rest.split_whitespace().next()?;
    let (name, value) = match first.split_once(':') {
        Some((n, v)) => (n, Some(v.to_string()).filter(|v| !v.is_empty())),
        None => (first, None),
    };
    (!name.is_empty()).then(|| (name.to_string(), value))
}

fn sub_heading(text: &str) -> Option<Role> {
    if let Some(rest) = text.strip_prefix('-') {
        let name = rest.trim();
        return (!name.is_empty()).then(|| Role::Unfiled { name: name.to_string() });
    }
    let (name, value) = split_value(text);
    // A parenthetical that is not a number (`FOO (Windows 8 and later)`) is not a value.
    let value = value.filter(|v| parse_int(v).is_some());
    if is_identifier(&name) && (value.is_some() || looks_like_api_name(&name)) {
        return Some(Role::Value { name, value });
    }
    // `##### Parent.Member`: a field path written as a sub-heading, resolved like `- Parent.Member`.
    let is_path = value.is_none() && name.contains('.') && name.split('.').all(is_identifier);
    is_path.then_some(Role::Unfiled { name })
}

/// `NAME (1 (0x1))` → (`NAME`, `1 (0x1)`); `NAME` → (`NAME`, None).
fn split_value(text: &str) -> (String, Option<String>) {
    match text.split_once(char::is_whitespace) {
        Some((name, rest)) => {
            let rest = rest.trim();
            let inner = rest.strip_prefix('(').and_then(|r| r.strip_suffix(')')).unwrap_or(rest);
            (name.to_string(), Some(inner.trim().to_string()).filter(|v| !v.is_empty()))
        }
        None => (text.to_string(), None),
    }
}

/// A marked block's prose, and a warning when its HTML was too deep to read as HTML.
fn read_prose(file: &SourceFile, m: &Classified<'_>, tables: Tables, diags: &mut Vec<Diagnostic>) -> prose::Prose {
    let prose = prose::read(file, m.content.clone(), tables);
    if let Some(depth) = prose.flattened {
        diags.push(
            Diagnostic::warning(
                file,
                Code::DeepHtml,
                m.heading.span.clone(),
                format!("the HTML under this heading nests {depth} elements deep"),
            )
            .with_help(format!(
                "more than {} is read as plain text (its tags are dropped): no real page nests so deep",
                crate::read::html::MAX_DEPTH
            )),
        );
    }
    prose
}

fn assemble(file: &SourceFile, marked: &[Classified<'_>], item: &mut Item, diags: &mut Vec<Diagnostic>) {
    // (unfiled heading, the field it was filed under), resolved once all fields are known.
    let mut unfiled: Vec<(&Classified<'_>, Option<(bool, usize)>)> = Vec::new();
    let mut current_field: Option<(bool, usize)> = None;
    for m in marked {
        match &m.role {
            Role::Title => {}
            Role::Section(s) => {
                current_field = None;
                let mut read = || read_prose(file, m, Tables::Prose, diags).text;
                match s {
                    Section::Description => item.description = read(),
                    Section::Remarks => item.remarks = Some(read()),
                    Section::Returns => item.returns = Some(read()),
                    Section::SeeAlso => item.see_also.extend(read().links),
                    // Not rendered: the intro text of a fields section and the sections not
                    // modelled yet carry no model element.
                    Section::Fields | Section::Parameters | Section::Other => {}
                }
            }
            Role::Field { name, value, param } => {
                let list = if *param { &mut item.parameters } else { &mut item.fields };
                if let Some(first) = list.iter().find(|f| &f.name == name) {
                    diags.push(
                        Diagnostic::warning(
                            file,
                            Code::DuplicateEntry,
                            m.heading.span.clone(),
                            format!("`{name}` is documented twice"),
                        )
                        .with_help(format!("the first one, on line {}, was kept", file.pos(first.span.start).line)),
                    );
                    current_field = None;
                    continue;
                }
                let mut prose = read_prose(file, m, Tables::Values, diags);
                drop_repeated_values(file, name, &mut prose.values, diags);
                let mut value_num = value.as_deref().and_then(parse_int);
                if let (Some(v), None) = (value, value_num) {
                    diags.push(unparsed(file, m.heading.span.clone(), name, v));
                }
                if value_num.is_none() && item.kind == Kind::Enum {
                    value_num = leading_value(&prose.text.plain);
                }
                // A field is where its name is (`### -field dwResult`: column 12), which is what
                // every diagnostic about it points at.
                let span = m.name_span(file, name);
                list.push(Field {
                    name: name.clone(),
                    value: value_num,
                    description: prose.text,
                    values: prose.values,
                    span,
                });
                current_field = Some((*param, list.len() - 1));
            }
            Role::Value { name, value } => {
                let Some((param, idx)) = current_field else { continue };
                let prose = read_prose(file, m, Tables::Prose, diags);
                let number = value.as_deref().and_then(parse_int);
                if let (Some(v), None) = (value, number) {
                    diags.push(unparsed(file, m.heading.span.clone(), name, v));
                }
                let field = if param { &mut item.parameters[idx] } else { &mut item.fields[idx] };
                field.description.links.extend(prose.text.links);
                field.values.push(NamedValue {
                    name: name.clone(),
                    value: number,
                    value_text: value.clone(),
                    description: prose.text.plain,
                    span: m.name_span(file, name),
                });
            }
            Role::Unfiled { .. } => unfiled.push((m, current_field)),
        }
    }
    for (m, under) in unfiled {
        place_unfiled(file, m, under, item, diags);
    }
    for field in item.fields.iter().chain(&item.parameters) {
        if field.description.is_empty() && field.values.is_empty() {
            let start = field.span.start;
            diags.push(
                Diagnostic::warning(
                    file,
                    Code::EmptyField,
                    start..start + field.name.len(),
                    format!("`{}` has no description", field.name),
                )
                .with_help("add a sentence under the heading; until then the field has no documentation"),
            );
        }
    }
}

fn unparsed(file: &SourceFile, span: Range<usize>, name: &str, value: &str) -> Diagnostic {
    Diagnostic::warning(file, Code::UnparsedValue, span, format!("value `{value}` of `{name}` is not a number"))
        .with_help("kept as written; the ABI gives the real value")
}

/// `#### - NAME` headings: `Parent.NAME` adds a value to field `Parent`; a name close to an
/// empty field's name documents that field (misfiled); anything else is an orphan. Under a
/// parameter, the page's parameters are searched instead of its fields.
fn place_unfiled(
    file: &SourceFile,
    m: &Classified<'_>,
    under: Option<(bool, usize)>,
    item: &mut Item,
    diags: &mut Vec<Diagnostic>,
) {
    let Role::Unfiled { name: raw } = &m.role else { return };
    let span = m.heading.span.clone();
    let prose = read_prose(file, m, Tables::Values, diags);
    let param = under.is_some_and(|(p, _)| p);
    let what = if param { "parameter" } else { "field" };
    let directive = if param { "### -param" } else { "### -field" };
    let heading = format!("{} {}", "#".repeat(m.heading.level as usize), m.heading.text);
    let item_name = item.name.clone();
    let list = if param { &mut item.parameters } else { &mut item.fields };
    let under_name = under.map(|(_, i)| list[i].name.clone());
    let filed = under_name.as_deref().map(|u| format!(" under {what} `{u}`")).unwrap_or_default();

    let (name, value_text) = split_value(raw);
    if list.iter().any(|f| f.name == name) {
        diags.push(
            Diagnostic::warning(file, Code::DuplicateEntry, span, format!("`{heading}` repeats {what} `{name}`"))
                .with_help(format!("the `{directive}` section was kept; remove this heading")),
        );
        return;
    }
    // The heading may spell a nested field's path from an inner level (`SetProperty.X` for
    // `Parameters.SetProperty.X`): compare against the same number of trailing components.
    let depth = name.split('.').count();
    let empty_match = list.iter().position(|f| {
        let tail = last_components(&f.name, depth);
        f.description.is_empty()
            && f.values.is_empty()
            && (similar(&f.name, &name) || (tail.len() < f.name.len() && similar(tail, &name)))
    });
    if let Some(idx) = empty_match {
        let target = list[idx].name.clone();
        diags.push(
            Diagnostic::warning(
                file,
                Code::MisfiledHeading,
                span,
                format!("`{heading}` is filed{filed} but documents `{target}`, whose section is empty"),
            )
            .with_help(format!(
                "its text was used as the description of `{target}`; move it under `{directive} {target}`"
            )),
        );
        list[idx].description = prose.text;
        list[idx].values = prose.values;
        return;
    }
    // `Parent.VALUE`, where `Parent` names a field in full or by its last components
    // (`uVersion` for `DUMMYUNIONNAME.uVersion`), documents a value of that field.
    if let Some((parent, value_name)) = name.rsplit_once('.').filter(|(_, v)| !v.is_empty()) {
        let value_name = value_name.to_string();
        let by_tail = |f: &&mut Field| f.name == parent || f.name.ends_with(&format!(".{parent}"));
        if let Some(field) = list.iter_mut().find(by_tail) {
            if let Some(first) = field.values.iter().find(|v| v.name == value_name) {
                diags.push(
                    Diagnostic::warning(
                        file,
                        Code::DuplicateEntry,
                        span,
                        format!("`{heading}` repeats value `{value_name}` of {what} `{}`", field.name),
                    )
                    .with_help(format!(
                        "the value documented on line {} was kept; remove this heading",
                        file.pos(first.span.start).line
                    )),
                );
            } else {
                // `uVersion.0`: the value is its own name.
                let value = value_text.as_deref().and_then(parse_int).or_else(|| parse_int(&value_name));
                let span = m.name_span(file, &value_name);
                field.values.push(NamedValue {
                    value,
                    name: value_name,
                    value_text,
                    span,
                    description: prose.text.plain,
                });
            }
            return;
        }
    }
    let name_at = m.name_span(file, &name);
    diags.push(
        Diagnostic::warning(file, Code::OrphanHeading, span, format!("`{heading}` is filed{filed}, but `{item_name}` documents no {what} `{name}`"))
            .with_help(format!("kept aside as an orphan (the ABI check tells whether `{name}` exists); document it with `{directive} {name}` or remove the heading")),
    );
    item.orphans.push(Orphan { name, under: under_name, description: prose.text.plain, span: name_at });
}

/// The last `depth` dot-separated components of a field path (all of it when it has fewer).
fn last_components(path: &str, depth: usize) -> &str {
    match path.rmatch_indices('.').nth(depth.saturating_sub(1)) {
        Some((dot, _)) if depth > 0 => &path[dot + 1..],
        _ => path,
    }
}

/// An enum constant whose description starts with its value: `0x00000000. Returns ...`.
fn leading_value(text: &str) -> Option<i128> {
    let first = text.split_whitespace().next()?;
    let number = first.strip_suffix('.')?;
    (number.starts_with("0x") || number.starts_with("(int)")).then(|| parse_int(number)).flatten()
}

fn first_bold(source: &str) -> Option<String> {
    let (open, close) = match (source.find("<b>"), source.find("**")) {
        (Some(b), Some(s)) if s < b => ("**", "**"),
        (Some(_), _) => ("<b>", "</b>"),
        (None, Some(_)) => ("**", "**"),
        (None, None) => return None,
    };
    let start = source.find(open)? + open.len();
    let end = source[start..].find(close)? + start;
    Some(source[start..end].trim().to_string())
}

fn located(fm: &FrontMatter, key: &str) -> Option<Located> {
    fm.text(key).map(|(text, span)| Located { text: text.to_string(), span: span.into() })
}

fn requirements(fm: &FrontMatter) -> Requirements {
    // sdk-api writes the values for the markdown table its site renders them in, so a `|` in a
    // value is escaped (`Windows 7 [desktop apps \| UWP apps]`): the model holds the value itself.
    let get = |k: &str| {
        located(fm, k).map(|mut l| {
            l.text = l.text.replace("\\|", "|");
            l
        })
    };
    Requirements {
        header: get(key::HEADER),
        include_header: get(key::INCLUDE_HEADER),
        library: get(key::LIBRARY),
        dll: get(key::DLL),
        idl: get(key::IDL),
        min_client: get(key::MIN_CLIENT),
        min_server: get(key::MIN_SERVER),
        redistributable: get(key::REDISTRIBUTABLE),
    }
}

fn keywords(fm: &FrontMatter) -> Vec<Located> {
    let mut out: Vec<Located> = Vec::new();
    for list in key::KEYWORDS {
        for (text, span) in fm.list(list) {
            if !out.iter().any(|k| k.text == text) {
                out.push(Located { text, span: span.into() });
            }
        }
    }
    out
}

/// Links of every part of the item, for the link index.
pub fn links(item: &Item) -> impl Iterator<Item = &Link> {
    item.description
        .links
        .iter()
        .chain(item.fields.iter().chain(&item.parameters).flat_map(|f| &f.description.links))
        .chain(item.remarks.iter().flat_map(|r| &r.links))
        .chain(item.returns.iter().flat_map(|r| &r.links))
        .chain(&item.see_also)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sub_headings_under_a_field() {
        let value = |t: &str| match sub_heading(t) {
            Some(Role::Value { name, value }) => Some((name, value)),
            _ => None,
        };
        assert_eq!(
            value("DS_DOMAIN_IN_FOREST (1 (0x1))"),
            Some(("DS_DOMAIN_IN_FOREST".into(), Some("1 (0x1)".into())))
        );
        assert_eq!(
            value("CM_NOTIFY_FILTER_FLAG_ALL_DEVICE_INSTANCES"),
            Some(("CM_NOTIFY_FILTER_FLAG_ALL_DEVICE_INSTANCES".into(), None))
        );
        assert_eq!(value("POLLIN"), Some(("POLLIN".into(), None)));
        assert_eq!(value("Examples"), None);
        assert_eq!(value("Remarks for callers"), None);
        assert_eq!(value("FOO_BAR (Windows 8 and later)"), Some(("FOO_BAR".into(), None)));
        assert!(matches!(sub_heading("- Cancelled"), Some(Role::Unfiled { name }) if name == "Cancelled"));
        assert!(matches!(sub_heading("SetProperty.PropretyBufferSize"), Some(Role::Unfiled { .. })));
    }

    #[test]
    fn spellings_of_one_name_are_similar_but_different_names_are_not() {
        assert_eq!(last_components("A.B.C", 1), "C");
        assert_eq!(last_components("A.B.C", 2), "B.C");
        assert_eq!(last_components("A.B.C", 3), "A.B.C");
        assert_eq!(last_components("A.B.C", 5), "A.B.C");
        assert_eq!(last_components("A", 1), "A");
        assert!(similar("Canceled", "Cancelled"));
        assert!(similar("SetProperty.PropertyBufferSize", "SetProperty.PropretyBufferSize"));
        assert!(!similar(
            "WINHTTP_WEB_SOCKET_INVALID_PAYLOAD_CLOSE_STATUS",
            "WINHTTP_WEB_SOCKET_INVALID_UTF8_CLOSE_STATUS"
        ));
        assert!(!similar("Error", "Created"));
    }

    #[test]
    fn enum_values_written_at_the_start_of_the_description() {
        assert_eq!(leading_value("0x00000000. Returns the display name"), Some(0));
        assert_eq!(leading_value("(int)0x80018001. Returns"), Some(0x80018001_i128 - (1 << 32)));
        assert_eq!(leading_value("1. The first"), None);
        assert_eq!(leading_value("The operation"), None);
    }
}
