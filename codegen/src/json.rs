//! The JSON view of the model printed by `inspect --json`: `{"diagnostics": [...], "items":
//! [...]}`, diagnostics first so that both lists can be streamed.
//!
//! The keys `name, kind, header, source, description, fields[name, description,
//! values[name, value, description]]` and `diagnostics[severity, file, line, column,
//! message]` are a contract with other tools; everything else is extra. `value` is `null` when
//! the page gives no number.

use crate::abi::{
    AbiSet, ApiName, Body, Signature, Target, TypeRef, c_spelling, constant_named, record_layout, rust_spelling,
    table_prefixes,
};
use crate::builder::{Builder, Error, Summary};
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::model::{Field, Item, Link, Located, NamedValue};
use crate::read::corpus::SetFinding;
use crate::read::links::LinkIndex;
use crate::read::source::{Pos, SourceFile, Span};
use serde_json::{Value, json};
use std::io::Write;
use std::path::Path;

/// `inspect --json`: the pages of `builder`, checked, as one JSON document written to `out`.
/// One pass over the pages: the diagnostics are written as they come (they come first in the
/// document); the items are written out as JSON while their page is at hand (positions are
/// worked out from it) and kept so, since their links resolve against the whole set, known only
/// at the end: each link's `"target":null` is filled in as the item is copied out.
pub fn write_inspect(builder: &Builder, mut out: impl Write) -> Result<Summary, Error> {
    let files = builder.page_files()?;
    let joined = builder.abi_set(&files)?;
    let mut first = true;
    let mut io = out.write_all(b"{\"diagnostics\":[");
    let mut index = LinkIndex::new();
    let mut items: Vec<Unresolved> = Vec::new();
    let summary = builder.check_joined(&files, joined.as_ref(), false, |page, diagnostics| {
        for d in diagnostics {
            if io.is_ok() {
                io = element(&mut out, &mut first, &diagnostic(page.file.path(), d));
            }
        }
        if let Some(item) = &page.item {
            let path = page.file.path();
            index.insert(path, item);
            let root = joined.as_ref().and_then(|(set, _)| set.root_of(&crate::abi::stem(path)).map(|r| (set, r)));
            items.push(Unresolved::new(&self::item(item, &page.file, root)));
            let nested = root.map(|(set, r)| nested_items(item, &page.file, set, r)).unwrap_or_default();
            items.extend(nested.iter().map(Unresolved::new));
        }
    });
    io.map_err(Error::Output)?;
    let written = (|| {
        for f in &summary.set_findings {
            element(&mut out, &mut first, &set_finding(f))?;
        }
        out.write_all(b"\n],\"items\":[")?;
        first = true;
        for item in &items {
            out.write_all(if first { b"\n" } else { b",\n" })?;
            first = false;
            item.write_resolved(&index, &mut out)?;
        }
        out.write_all(b"\n]}\n")
    })();
    written.map_err(Error::Output)?;
    Ok(summary)
}

/// One element of a JSON list, on a line of its own.
fn element(out: &mut impl Write, first: &mut bool, value: &Value) -> std::io::Result<()> {
    out.write_all(if *first { b"\n" } else { b",\n" })?;
    *first = false;
    serde_json::to_writer(out, value).map_err(std::io::Error::other)
}

/// A number as JSON; values that do not fit 64 bits (none do in the SDK) become null.
fn number(v: Option<i128>) -> Value {
    match v {
        Some(v) if i64::try_from(v).is_ok() => json!(v as i64),
        Some(v) if u64::try_from(v).is_ok() => json!(v as u64),
        _ => Value::Null,
    }
}

/// The line and column where `span` starts.
fn at(file: &SourceFile, span: Span) -> (u32, u32) {
    let pos = file.pos(span.start);
    (pos.line, pos.column)
}

/// A front matter value: `{"text", "line", "column"}`, or null.
fn located(file: &SourceFile, l: Option<&Located>) -> Value {
    l.map_or(Value::Null, |l| {
        let (line, column) = at(file, l.span);
        json!({"text": l.text, "line": line, "column": column})
    })
}

/// A link, its `target` left null for [`Unresolved`] to fill in.
fn link(file: &SourceFile, l: &Link) -> Value {
    let (line, column) = at(file, l.span);
    json!({"text": l.text, "href": l.href, TARGET: null, "line": line, "column": column})
}

const TARGET: &str = "target";

/// An item written out but for its links' targets: its JSON text, in which every link's
/// `"target":null` waits for the set's link index, and the links' hrefs in the same order.
/// (The text cannot hold `"target":null` otherwise: quotes inside strings are escaped.)
struct Unresolved {
    json: Vec<u8>,
    hrefs: Vec<String>,
}

impl Unresolved {
    fn new(item: &Value) -> Self {
        let mut hrefs = Vec::new();
        links_in(item, &mut hrefs);
        Unresolved { json: serde_json::to_vec(item).expect("a Value always serializes"), hrefs }
    }

    fn write_resolved(&self, index: &LinkIndex, out: &mut impl Write) -> std::io::Result<()> {
        const UNRESOLVED: &[u8] = b"\"target\":null";
        let mut rest = &self.json[..];
        for href in &self.hrefs {
            let Some(at) = rest.windows(UNRESOLVED.len()).position(|w| w == UNRESOLVED) else { break };
            out.write_all(&rest[..at])?;
            out.write_all(b"\"target\":")?;
            serde_json::to_writer(&mut *out, &index.resolve(href)).map_err(std::io::Error::other)?;
            rest = &rest[at + UNRESOLVED.len()..];
        }
        out.write_all(rest)
    }
}

/// The hrefs of the links in `v`, in the order they are written out.
fn links_in(v: &Value, hrefs: &mut Vec<String>) {
    match v {
        Value::Object(fields) => {
            if let (Some(Value::String(href)), Some(Value::Null)) = (fields.get("href"), fields.get(TARGET)) {
                hrefs.push(href.clone());
            }
            fields.values().for_each(|f| links_in(f, hrefs));
        }
        Value::Array(elements) => elements.iter().for_each(|e| links_in(e, hrefs)),
        _ => {}
    }
}

fn value(file: &SourceFile, v: &NamedValue) -> Value {
    let (line, column) = at(file, v.span);
    json!({"name": v.name, "value": number(v.value), "value_text": v.value_text, "description": v.description, "line": line, "column": column})
}

fn field(file: &SourceFile, f: &Field) -> Value {
    let (line, column) = at(file, f.span);
    json!({
        "name": f.name,
        "value": number(f.value),
        "description": f.description.plain,
        "values": f.values.iter().map(|v| value(file, v)).collect::<Vec<_>>(),
        "links": f.description.links.iter().map(|l| link(file, l)).collect::<Vec<_>>(),
        "line": line,
        "column": column,
    })
}

/// An item as JSON, positions read off `file`, link targets not yet resolved.
pub fn item(item: &Item, file: &SourceFile, abi: Option<(&AbiSet, &str)>) -> Value {
    let (line, column) = at(file, item.span);
    let r = &item.requirements;
    let mut v = json!({
        "name": item.name,
        "kind": item.kind.as_str(),
        "header": item.header,
        "source": item.source,
        "line": line,
        "column": column,
        "uid": located(file, item.uid.as_ref()),
        "asset_id": located(file, item.asset_id.as_ref()),
        "title": located(file, item.title.as_ref()),
        "aliases": item.aliases.iter().map(|a| {
            let (line, column) = at(file, a.span);
            json!({"name": a.name, "pointer": a.pointer, "line": line, "column": column})
        }).collect::<Vec<_>>(),
        "description": item.description.plain,
        "description_links": item.description.links.iter().map(|l| link(file, l)).collect::<Vec<_>>(),
        "fields": item.fields.iter().map(|f| field(file, f)).collect::<Vec<_>>(),
        "parameters": item.parameters.iter().map(|f| field(file, f)).collect::<Vec<_>>(),
        "orphans": item.orphans.iter().map(|o| {
            let (line, column) = at(file, o.span);
            json!({"name": o.name, "under": o.under, "description": o.description, "line": line, "column": column})
        }).collect::<Vec<_>>(),
        "remarks": item.remarks.as_ref().map(|r| r.plain.clone()),
        "returns": item.returns.as_ref().map(|r| r.plain.clone()),
        "see_also": item.see_also.iter().map(|l| link(file, l)).collect::<Vec<_>>(),
        "requirements": {
            "header": located(file, r.header.as_ref()),
            "include_header": located(file, r.include_header.as_ref()),
            "library": located(file, r.library.as_ref()),
            "dll": located(file, r.dll.as_ref()),
            "idl": located(file, r.idl.as_ref()),
            "min_client": located(file, r.min_client.as_ref()),
            "min_server": located(file, r.min_server.as_ref()),
            "redistributable": located(file, r.redistributable.as_ref()),
        },
        "keywords": item.keywords.iter().map(|k| located(file, Some(k))).collect::<Vec<_>>(),
    });
    if let Some((set, root)) = abi {
        let name = ApiName::parse(root).ty;
        abi_values(&mut v, item, set, name);
        v["abi"] = abi_type(set, name);
    }
    v
}

pub fn diagnostic(path: &Path, d: &Diagnostic) -> Value {
    finding(path, d.severity, d.code, d.pos, &d.message, d.help.as_deref())
}

/// A finding about the set of pages (two pages for one API), in the same shape.
pub fn set_finding(f: &SetFinding) -> Value {
    finding(&f.path, f.severity, f.code, f.pos, &f.message, Some(&f.help))
}

fn finding(path: &Path, severity: Severity, code: Code, pos: Pos, message: &str, help: Option<&str>) -> Value {
    json!({
        "severity": severity.as_str(),
        "code": code.as_str(),
        "file": path.display().to_string(),
        "line": pos.line,
        "column": pos.column,
        "message": message,
        "help": help,
    })
}

/// Enum constants and value-table entries take their `value` from the ABI (the page's own
/// number, if it gave one, stays as `doc_value`); `abi_name` says what a misspelt name matched.
fn abi_values(v: &mut Value, item: &Item, set: &AbiSet, root: &str) {
    let Some(def) = set.any_def(root) else { return };
    let (members, visible) = match &def.body {
        Body::Enum(e) => (e.members.iter().map(|c| (c.name.clone(), c.value)).collect(), Vec::new()),
        Body::Struct(r) | Body::Union(r) => (Vec::new(), set.visible_fields(r)),
        _ => return,
    };
    let Some(fields) = v["fields"].as_array_mut() else { return };
    let tables = table_prefixes(item);
    for (json_field, field) in fields.iter_mut().zip(&item.fields) {
        if matches!(def.body, Body::Enum(_)) {
            set_abi_value(json_field, &field.name, &members);
            continue;
        }
        let ty = set.resolve_path(&visible, &field.name);
        let candidates = set.value_candidates(ty.as_ref(), &field.values, &tables);
        if let Some(values) = json_field["values"].as_array_mut() {
            for (json_value, value) in values.iter_mut().zip(&field.values) {
                set_abi_value(json_value, &value.name, &candidates);
            }
        }
    }
}

fn set_abi_value(v: &mut Value, name: &str, abi: &[(String, i128)]) {
    if let Some((abi_name, value)) = constant_named(name, abi) {
        v["doc_value"] = v["value"].take();
        v["value"] = number(Some(*value));
        if abi_name != name {
            v["abi_name"] = json!(abi_name);
        }
    }
}

fn typed(set: &AbiSet, name: &str, ty: &TypeRef) -> Value {
    json!({"name": name, "c_type": c_spelling(ty, set), "rust_type": rust_spelling(ty)})
}

fn signature(set: &AbiSet, sig: &Signature) -> Value {
    json!({
        "params": sig.params.iter().map(|p| typed(set, &p.name, &p.ty)).collect::<Vec<_>>(),
        "return": {"c_type": c_spelling(&sig.ret, set), "rust_type": rust_spelling(&sig.ret)},
    })
}

/// The `abi` object of an item: what the metadata says about the type `name`.
pub fn abi_type(set: &AbiSet, name: &str) -> Value {
    let Some(def) = set.any_def(name) else { return Value::Null };
    let mut v = json!({"name": def.name, "namespace": def.namespace});
    match &def.body {
        Body::Struct(r) | Body::Union(r) => {
            v["kind"] = json!(if matches!(def.body, Body::Union(_)) { "union" } else { "struct" });
            if let Some(pack) = r.pack {
                v["pack"] = json!(pack);
            }
            v["fields"] = r
                .fields
                .iter()
                .map(|f| {
                    let mut field = typed(set, &f.name, &f.ty);
                    if !f.bitfields.is_empty() {
                        field["bitfields"] = json!(
                            f.bitfields
                                .iter()
                                .map(|b| json!({"name": b.name, "offset": b.offset, "width": b.width}))
                                .collect::<Vec<_>>()
                        );
                    }
                    field
                })
                .collect();
            let mut layout = serde_json::Map::new();
            for target in Target::ALL {
                let entry = match record_layout(set, name, target) {
                    Ok(l) => json!({
                        "size": l.size,
                        "align": l.align,
                        "offsets": l.offsets.iter().map(|(n, o)| (n.clone(), json!(o))).collect::<serde_json::Map<_, _>>(),
                    }),
                    Err(e) => json!({"error": e.to_string()}),
                };
                layout.insert(target.as_str().to_string(), entry);
            }
            v["layout"] = Value::Object(layout);
        }
        Body::Enum(e) => {
            v["kind"] = json!("enum");
            v["repr"] = json!(rust_spelling(&e.repr));
            v["flags"] = json!(e.flags);
            v["members"] = e.members.iter().map(|c| json!({"name": c.name, "value": number(Some(c.value))})).collect();
        }
        Body::Callback(sig) => {
            v["kind"] = json!("callback");
            v["signature"] = signature(set, sig);
        }
        Body::Interface(i) => {
            v["kind"] = json!("interface");
            v["iid"] = json!(i.iid);
            v["base"] = json!(i.base);
            v["winrt"] = json!(i.winrt);
            v["methods"] = i
                .methods
                .iter()
                .map(|m| {
                    let mut s = signature(set, &m.signature);
                    s["name"] = json!(m.name);
                    s
                })
                .collect();
        }
        Body::Typedef { ty } => {
            v["kind"] = json!("typedef");
            v["type"] = typed(set, name, ty);
        }
        Body::Opaque { .. } => v["kind"] = json!("opaque"),
    }
    v
}

/// The nested anonymous types of a record, as items of their own: `WINBIO_ASYNC_RESULT_Parameters`
/// with `path` `WINBIO_ASYNC_RESULT.Parameters` and the page's description of that path.
pub fn nested_items(item: &Item, file: &SourceFile, set: &AbiSet, root: &str) -> Vec<Value> {
    let mut out = Vec::new();
    nested_under(item, file, set, root, &item.name, &mut out);
    out
}

fn nested_under(item: &Item, file: &SourceFile, set: &AbiSet, outer: &str, outer_path: &str, out: &mut Vec<Value>) {
    let Some(def) = set.any_def(outer) else { return };
    let (Body::Struct(r) | Body::Union(r)) = &def.body else { return };
    for field in &r.fields {
        let TypeRef::Named(inner) = &field.ty else { continue };
        let Some(inner_def) = set.any_def(inner) else { continue };
        if inner_def.nested_in.as_deref() != Some(outer) || set.record_of(&field.ty).is_none() {
            continue;
        }
        let path = format!("{outer_path}.{}", field.name);
        let doc_path = path.split_once('.').map_or("", |(_, rest)| rest);
        let documented = item.fields.iter().find(|f| f.name == doc_path);
        let at = documented.map(|f| at(file, f.span));
        let kind = if matches!(inner_def.body, Body::Union(_)) { "union" } else { "struct" };
        out.push(json!({
            "name": inner,
            "kind": kind,
            "header": item.header,
            "source": item.source,
            "nested_in": outer,
            "path": path,
            "description": documented.map(|f| f.description.plain.clone()),
            "line": at.map(|(line, _)| line),
            "column": at.map(|(_, column)| column),
            "fields": [],
            "abi": abi_type(set, inner),
        }));
        nested_under(item, file, set, inner, &path, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::source::SourceFile;

    #[test]
    fn link_targets_are_filled_in_order_and_text_cannot_fake_one() {
        let target = "---\nUID: NS:a.TARGET\n---\n\n# TARGET structure\n\n## -description\n\nThe target.\n";
        let page = crate::read::page::parse(SourceFile::new("ns-a-target.md", target));
        let mut index = LinkIndex::new();
        index.insert(page.file.path(), page.item.as_ref().expect("an item"));
        // A description that quotes the placeholder: inside a string its quotes are escaped.
        let item = json!({
            "description": "\"target\":null",
            "links": [
                {"href": "nowhere.md", TARGET: null},
                {"href": "/windows/win32/api/a/ns-a-target", TARGET: null},
            ],
        });
        let mut out = Vec::new();
        Unresolved::new(&item).write_resolved(&index, &mut out).expect("writes to a Vec");
        let written: Value = serde_json::from_slice(&out).expect("JSON");
        assert_eq!(written["description"], "\"target\":null");
        assert_eq!(written["links"][0][TARGET], Value::Null);
        assert_eq!(written["links"][1][TARGET], "TARGET");
    }
}
