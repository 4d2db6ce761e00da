//! The JSON view of the model printed by `inspect --json`: `{"diagnostics": [...], "items":
//! [...]}`, diagnostics first so that both lists can be streamed.
//!
//! The keys `name, kind, header, source, description, fields[name, description,
//! values[name, value, description]]` and `diagnostics[severity, file, line, column,
//! message]` are a contract with other tools; everything else is extra. `value` is `null` when
//! the page gives no number.

use crate::corpus::SetFinding;
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::links::LinkIndex;
use crate::model::{Field, Item, Link, Located, NamedValue};
use crate::source::Pos;
use serde_json::{Value, json};
use std::path::Path;

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

pub fn item(item: &Item, index: &LinkIndex) -> Value {
    let (line, column) = at(item.pos);
    let r = &item.requirements;
    json!({
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
    })
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
        "severity": severity,
        "code": code.as_str(),
        "file": path.display().to_string(),
        "line": pos.line,
        "column": pos.column,
        "message": message,
        "help": help,
    })
}
