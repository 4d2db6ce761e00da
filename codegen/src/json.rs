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
use crate::read::source::Pos;
use serde_json::{Value, json};
use std::io::Write;
use std::path::{Path, PathBuf};

/// `inspect --json`: the pages of `builder`, checked, as one JSON document written to `out`.
/// One pass over the pages: the diagnostics are written as they come (they come first in the
/// document); the items are kept, since their links resolve against the whole set, known only
/// at the end.
pub fn write_inspect(builder: &Builder, mut out: impl Write) -> Result<Summary, Error> {
    let files = builder.page_files()?;
    let joined = builder.abi_set(&files)?;
    let mut first = true;
    let mut io = out.write_all(b"{\"diagnostics\":[");
    let mut items: Vec<(PathBuf, Item)> = Vec::new();
    let summary = builder.check_joined(&files, joined.as_ref(), false, |page, diagnostics| {
        for d in diagnostics {
            if io.is_ok() {
                io = element(&mut out, &mut first, &diagnostic(page.file.path(), d));
            }
        }
        if let Some(item) = &page.item {
            items.push((page.file.path().to_path_buf(), item.clone()));
        }
    });
    io.map_err(Error::Output)?;
    let written = (|| {
        for f in &summary.set_findings {
            element(&mut out, &mut first, &set_finding(f))?;
        }
        out.write_all(b"\n],\"items\":[")?;
        let mut index = LinkIndex::new();
        for (path, item) in &items {
            index.insert(path, item);
        }
        first = true;
        for (path, item) in &items {
            let root = joined.as_ref().and_then(|(set, _)| set.root_of(&crate::abi::stem(path)).map(|r| (set, r)));
            element(&mut out, &mut first, &self::item(item, &index, root))?;
            for nested in root.map(|(set, r)| nested_items(item, set, r)).unwrap_or_default() {
                element(&mut out, &mut first, &nested)?;
            }
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

fn at(pos: Pos) -> (u32, u32) {
    (pos.line, pos.column)
}

/// A front matter value: `{"text", "line", "column"}`, or null.
fn located(l: Option<&Located>) -> Value {
    l.map_or(Value::Null, |l| json!({"text": l.text, "line": l.pos.line, "column": l.pos.column}))
}

fn link(l: &Link, index: &LinkIndex) -> Value {
    let (line, column) = at(l.pos);
    json!({"text": l.text, "href": l.href, "target": index.resolve(&l.href), "line": line, "column": column})
}

fn value(v: &NamedValue) -> Value {
    let (line, column) = at(v.pos);
    json!({"name": v.name, "value": number(v.value), "value_text": v.value_text, "description": v.description, "line": line, "column": column})
}

fn field(f: &Field, index: &LinkIndex) -> Value {
    let (line, column) = at(f.pos);
    json!({
        "name": f.name,
        "value": number(f.value),
        "description": f.description.text,
        "values": f.values.iter().map(value).collect::<Vec<_>>(),
        "links": f.description.links.iter().map(|l| link(l, index)).collect::<Vec<_>>(),
        "line": line,
        "column": column,
    })
}

pub fn item(item: &Item, index: &LinkIndex, abi: Option<(&AbiSet, &str)>) -> Value {
    let (line, column) = at(item.pos);
    let r = &item.requirements;
    let mut v = json!({
        "name": item.name,
        "kind": item.kind.as_str(),
        "header": item.header,
        "source": item.source,
        "line": line,
        "column": column,
        "uid": located(item.uid.as_ref()),
        "asset_id": located(item.asset_id.as_ref()),
        "title": located(item.title.as_ref()),
        "aliases": item.aliases.iter().map(|a| json!({"name": a.name, "pointer": a.pointer, "line": a.pos.line, "column": a.pos.column})).collect::<Vec<_>>(),
        "description": item.description.text,
        "description_links": item.description.links.iter().map(|l| link(l, index)).collect::<Vec<_>>(),
        "fields": item.fields.iter().map(|f| field(f, index)).collect::<Vec<_>>(),
        "parameters": item.parameters.iter().map(|f| field(f, index)).collect::<Vec<_>>(),
        "orphans": item.orphans.iter().map(|o| {
            let (line, column) = at(o.pos);
            json!({"name": o.name, "under": o.under, "description": o.description, "line": line, "column": column})
        }).collect::<Vec<_>>(),
        "remarks": item.remarks.as_ref().map(|r| r.text.clone()),
        "returns": item.returns.as_ref().map(|r| r.text.clone()),
        "see_also": item.see_also.iter().map(|l| link(l, index)).collect::<Vec<_>>(),
        "requirements": {
            "header": located(r.header.as_ref()),
            "include_header": located(r.include_header.as_ref()),
            "library": located(r.library.as_ref()),
            "dll": located(r.dll.as_ref()),
            "idl": located(r.idl.as_ref()),
            "min_client": located(r.min_client.as_ref()),
            "min_server": located(r.min_server.as_ref()),
            "redistributable": located(r.redistributable.as_ref()),
        },
        "keywords": item.keywords.iter().map(|k| located(Some(k))).collect::<Vec<_>>(),
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
pub fn nested_items(item: &Item, set: &AbiSet, root: &str) -> Vec<Value> {
    let mut out = Vec::new();
    nested_under(item, set, root, &item.name, &mut out);
    out
}

fn nested_under(item: &Item, set: &AbiSet, outer: &str, outer_path: &str, out: &mut Vec<Value>) {
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
        let kind = if matches!(inner_def.body, Body::Union(_)) { "union" } else { "struct" };
        out.push(json!({
            "name": inner,
            "kind": kind,
            "header": item.header,
            "source": item.source,
            "nested_in": outer,
            "path": path,
            "description": documented.map(|f| f.description.text.clone()),
            "line": documented.map(|f| f.pos.line),
            "column": documented.map(|f| f.pos.column),
            "fields": [],
            "abi": abi_type(set, inner),
        }));
        nested_under(item, set, inner, &path, out);
    }
}
