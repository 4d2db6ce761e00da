//! Docs against ABI: every place a page disagrees with the metadata, as a diagnostic at the
//! page's line.
//!
//! The metadata is the ground truth for names, order and values; the page is what users read.
//! A misspelt name that is close to exactly one ABI name (`Cancelled` for `Canceled`) is
//! matched, and the diagnostic says what it was matched to, so it is reported once and not also
//! as an undocumented ABI member.

use super::query::{c_member_path, table_prefixes};
use super::types::{AbiSet, AbiType, ApiName, Body, Prim, Record, TypeRef};
use crate::diagnostic::{Code, Diagnostic};
use crate::model::{Field, Item, Kind, NamedValue};
use crate::naming::{close, is_identifier, similar};
use crate::read::source::{SourceFile, Span};
use std::collections::BTreeSet;

/// The diagnostics for one page whose API the set resolves (`root` is its entry in the set).
pub fn reconcile(item: &Item, file: &SourceFile, set: &AbiSet, root: &str) -> Vec<Diagnostic> {
    let mut out = Findings { file, item, found: Vec::new() };
    if let ApiName { ty: interface, method: Some(method) } = ApiName::parse(root) {
        out.method(set, interface, method);
        return out.found;
    }
    // A page of a typedef name (`WSAOVERLAPPED` for `OVERLAPPED`) documents what it names.
    let Some(def) = set.through_typedefs(root) else { return out.found };
    out.kind(def);
    match &def.body {
        Body::Struct(r) | Body::Union(r) => out.record(set, r),
        Body::Enum(e) => {
            let members: Vec<(&str, i128)> = e.members.iter().map(|c| (c.name.as_str(), c.value)).collect();
            out.enum_members(&members);
        }
        Body::Callback(sig) => {
            let names: Vec<&str> = sig.params.iter().map(|p| p.name.as_str()).collect();
            out.names("parameter", &item.parameters, &names, true);
        }
        _ => {}
    }
    out.values(set, def);
    out.keywords(set, def);
    out.found
}

struct Findings<'a> {
    file: &'a SourceFile,
    item: &'a Item,
    found: Vec<Diagnostic>,
}

impl Findings<'_> {
    /// `len` bytes (at least one) from where `span` starts: a name's extent where a part of
    /// the model is known by a longer span (a heading, a whole value).
    fn at(&self, span: Span, len: usize) -> std::ops::Range<usize> {
        span.start..span.start + len.max(1)
    }

    fn warn(&mut self, code: Code, span: Span, len: usize, message: String, help: Option<String>) {
        let mut d = Diagnostic::warning(self.file, code, self.at(span, len), message);
        d.help = help;
        self.found.push(d);
    }

    fn kind(&mut self, def: &AbiType) {
        let (abi_kind, what) = match &def.body {
            Body::Struct(_) => (Kind::Struct, "a structure"),
            Body::Union(_) => (Kind::Union, "a union"),
            Body::Enum(_) => (Kind::Enum, "an enumeration"),
            Body::Callback(_) => (Kind::Callback, "a callback"),
            Body::Interface(i) if !i.methods.is_empty() || self.item.kind == Kind::Interface => {
                (Kind::Interface, "an interface")
            }
            Body::Interface(_) => (Kind::Interface, "a C++ class without data members"),
            Body::Typedef { .. } | Body::Opaque { .. } => return,
        };
        if abi_kind != self.item.kind {
            let doc = self.item.kind.as_str();
            self.warn(
                Code::KindMismatch,
                self.item.span,
                self.item.name.len(),
                format!("`{}` is documented as a {doc}, but the ABI has {what}", self.item.name),
                Some(format!("the generated type follows the ABI ({}); the page should say so", def.namespace)),
            );
        }
    }

    fn method(&mut self, set: &AbiSet, interface: &str, method: &str) {
        let mut current = Some(interface.to_string());
        let mut seen = Vec::new();
        while let Some(name) = current.take() {
            if let Some(Body::Interface(i)) = set.any_def(&name).map(|d| &d.body) {
                if i.methods.iter().any(|m| m.name == method) {
                    return;
                }
                seen.extend(i.methods.iter().map(|m| m.name.clone()));
                current = i.base.clone();
            }
        }
        let near = seen.iter().find(|m| similar(m, method)).cloned();
        self.warn(
            Code::DocNotInAbi,
            self.item.span,
            self.item.name.len(),
            format!("`{interface}` has no method `{method}` in the ABI"),
            near.map(|m| format!("the ABI has `{m}`")),
        );
    }

    /// Documented fields against the record's fields, then each documented nested path. Paths
    /// are compared as C code spells them ([`c_member_path`]); a field that only names an
    /// anonymous member (`DUMMYUNIONNAME`) has nothing to compare.
    fn record(&mut self, set: &AbiSet, record: &Record) {
        let visible = set.visible_fields(record);
        // `DUMMYUNIONNAME.`: a path with an empty step names no member (and would otherwise
        // read as the anonymous union alone, which has nothing to compare).
        for field in self.item.fields.clone().iter().filter(|f| f.name.split('.').any(str::is_empty)) {
            let which = if field.name.ends_with('.') {
                "its last part is empty"
            } else if field.name.starts_with('.') {
                "its first part is empty"
            } else {
                "one of its parts is empty"
            };
            self.warn(
                Code::DocNotInAbi,
                field.span,
                field.name.len(),
                format!("documented field `{}` is not in the ABI: {which}", field.name),
                Some("name the member after the dot, as in `DUMMYUNIONNAME.Pointer`".into()),
            );
        }
        let fields: Vec<(String, &Field)> =
            self.item.fields.iter().map(|f| (c_member_path(&f.name), f)).filter(|(path, _)| !path.is_empty()).collect();
        let names = documentable_names(record, &visible);
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        let top: Vec<Field> = fields
            .iter()
            .filter(|(path, _)| !path.contains('.'))
            .map(|(path, f)| Field { name: path.clone(), ..(*f).clone() })
            .collect();
        self.names("field", &top, &names, true);
        for (path, field) in fields.iter().filter(|(path, _)| path.contains('.')) {
            self.path(set, &visible, path, field);
        }
        // Undocumented members of a nested record the page documents in part.
        for (path, field) in &fields {
            let Some(ty) = set.resolve_path(&visible, path) else { continue };
            let Some(inner) = set.record_of(&ty) else { continue };
            let prefix = format!("{path}.");
            let documented: BTreeSet<&str> =
                fields.iter().filter_map(|(p, _)| p.strip_prefix(&prefix)).filter(|rest| !rest.contains('.')).collect();
            if documented.is_empty() {
                continue;
            }
            let missing: Vec<String> = documentable_names(inner, &set.visible_fields(inner))
                .into_iter()
                .filter(|n| !documented.contains(n.as_str()) && !documented.iter().any(|d| similar(d, n)))
                .collect();
            for name in missing {
                self.warn(
                    Code::AbiNotDocumented,
                    field.span,
                    field.name.len(),
                    format!("the ABI member `{path}.{name}` is not documented"),
                    None,
                );
            }
        }
    }

    /// One documented list (fields or parameters) against the ABI's names, in order.
    fn names(&mut self, what: &str, documented: &[Field], abi: &[&str], ordered: bool) {
        let mut matched = Vec::new();
        let mut used = BTreeSet::new();
        for field in documented {
            if let Some(i) = abi.iter().position(|n| *n == field.name) {
                matched.push((field, i));
                used.insert(i);
            }
        }
        for field in documented {
            if abi.contains(&field.name.as_str()) {
                continue;
            }
            let near = abi.iter().enumerate().find(|(i, n)| !used.contains(i) && close(&field.name, n));
            match near {
                Some((i, n)) => {
                    used.insert(i);
                    matched.push((field, i));
                    self.warn(
                        Code::DocNotInAbi,
                        field.span,
                        field.name.len(),
                        format!("documented {what} `{}` is spelt `{n}` in the ABI; matched to it", field.name),
                        Some(format!("rename the heading to `{n}`")),
                    );
                }
                None => self.warn(
                    Code::DocNotInAbi,
                    field.span,
                    field.name.len(),
                    format!("documented {what} `{}` is not in the ABI of `{}`", field.name, self.item.name),
                    Some(format!("the ABI has: {}", abi.join(", "))),
                ),
            }
        }
        for (i, name) in abi.iter().enumerate() {
            if !used.contains(&i) {
                self.warn(
                    Code::AbiNotDocumented,
                    self.item.span,
                    self.item.name.len(),
                    format!("the ABI {what} `{name}` of `{}` is not documented", self.item.name),
                    Some(format!("{what} {} of {} in the ABI", i + 1, abi.len())),
                );
            }
        }
        matched.sort_by_key(|(f, _)| f.span.start);
        if !ordered {
            return;
        }
        if let Some(w) = matched.windows(2).find(|w| w[0].1 > w[1].1) {
            let (later, earlier) = (w[0].0, w[1].0);
            self.warn(
                Code::OrderDiffers,
                earlier.span,
                earlier.name.len(),
                format!(
                    "{what} `{}` is documented after `{}`, but comes before it in the ABI",
                    earlier.name, later.name
                ),
                Some(format!("ABI order: {}", abi.join(", "))),
            );
        }
    }

    /// A dotted documented field (`u.APC.hThread`, as C spells it: `path`): each step must exist.
    fn path(&mut self, set: &AbiSet, visible: &[(String, TypeRef)], path: &str, field: &Field) {
        if set.resolve_path(visible, path).is_some() || is_bitfield(set, visible, path) {
            return;
        }
        let parts: Vec<&str> = path.split('.').collect();
        let mut fields = visible.to_vec();
        for (depth, part) in parts.iter().enumerate() {
            let hit = fields.iter().find(|(n, _)| n == part).cloned();
            let Some((_, ty)) = hit else {
                let near = fields.iter().find(|(n, _)| close(part, n)).map(|(n, _)| n.clone());
                let parent = parts[..depth].join(".");
                let owner = if parent.is_empty() { self.item.name.clone() } else { parent };
                let message = match &near {
                    Some(n) => format!("documented field `{}`: `{part}` is spelt `{n}` in the ABI", field.name),
                    None => {
                        format!("documented field `{}` is not in the ABI: `{owner}` has no member `{part}`", field.name)
                    }
                };
                let help = if fields.is_empty() {
                    format!("`{owner}` is not a structure or union in the ABI")
                } else {
                    format!("`{owner}` has: {}", fields.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>().join(", "))
                };
                self.warn(Code::DocNotInAbi, field.span, field.name.len(), message, Some(help));
                return;
            };
            fields = set.record_of(&ty).map(|r| set.visible_fields(r)).unwrap_or_default();
        }
    }

    fn enum_members(&mut self, abi: &[(&str, i128)]) {
        let names: Vec<&str> = abi.iter().map(|(n, _)| *n).collect();
        let fields = self.item.fields.clone();
        // Enum members have no order at the ABI (the WinRT metadata even sorts them by name),
        // so only names and values are compared.
        self.names("constant", &fields, &names, false);
        for field in &fields {
            let Some(doc) = field.value else { continue };
            let hit = abi.iter().find(|(n, _)| *n == field.name || close(&field.name, n));
            if let Some((name, value)) = hit
                && *value != doc
            {
                self.warn(
                    Code::ValueMismatch,
                    field.span,
                    field.name.len(),
                    format!("`{}` is documented as {doc}, but the ABI value of `{name}` is {value}", field.name),
                    None,
                );
            }
        }
    }

    /// The named-value tables inside fields, against the field's enum or the set's constants.
    fn values(&mut self, set: &AbiSet, def: &AbiType) {
        let fields = self.item.fields.clone();
        let visible = match &def.body {
            Body::Struct(r) | Body::Union(r) => set.visible_fields(r),
            _ => Vec::new(),
        };
        let tables = table_prefixes(self.item);
        for field in fields.iter().filter(|f| !f.values.is_empty()) {
            let ty = set.resolve_path(&visible, &field.name);
            let candidates = set.value_candidates(ty.as_ref(), &field.values, &tables);
            self.value_table(field, &candidates);
            if candidates.is_empty()
                && let Some(p) = ty.as_ref().and_then(|t| set.prim_of(t))
            {
                self.values_fit(field, p);
            }
        }
        let params: &[(String, TypeRef)] = &match &def.body {
            Body::Callback(sig) => sig.params.iter().map(|p| (p.name.clone(), p.ty.clone())).collect(),
            _ => Vec::new(),
        };
        for param in self.item.parameters.clone().iter().filter(|f| !f.values.is_empty()) {
            let ty = params.iter().find(|(n, _)| *n == param.name).map(|(_, t)| t);
            let candidates = set.value_candidates(ty, &param.values, &tables);
            self.value_table(param, &candidates);
        }
    }

    fn value_table(&mut self, field: &Field, candidates: &[(String, i128)]) {
        // A table none of whose names is an ABI constant documents flags or strings the
        // metadata does not carry; there is nothing to compare.
        if candidates.is_empty() {
            return;
        }
        let mut used = BTreeSet::new();
        for v in &field.values {
            let exact = candidates.iter().find(|(n, _)| *n == v.name);
            let hit = exact.or_else(|| candidates.iter().find(|(n, _)| close(&v.name, n)));
            match hit {
                Some((name, value)) => {
                    used.insert(name.clone());
                    if exact.is_none() {
                        self.value_warn(
                            v,
                            Code::DocNotInAbi,
                            format!("documented value `{}` is spelt `{name}` in the ABI; matched to it", v.name),
                        );
                    }
                    if let Some(doc) = v.value
                        && doc != *value
                    {
                        self.value_warn(
                            v,
                            Code::ValueMismatch,
                            format!("`{}` is documented as {doc}, but its ABI value is {value}", v.name),
                        );
                    }
                }
                None if v.name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') && v.name.contains('_') => {
                    self.value_warn(
                        v,
                        Code::DocNotInAbi,
                        format!("documented value `{}` of `{}` is not an ABI constant", v.name, field.name),
                    );
                }
                None => {}
            }
        }
        // A constant another table of the page documents belongs to that table.
        let elsewhere: BTreeSet<&str> = self
            .item
            .fields
            .iter()
            .chain(&self.item.parameters)
            .flat_map(|f| f.values.iter().map(|v| v.name.as_str()))
            .collect();
        for (name, value) in candidates {
            if !used.contains(name) && !elsewhere.contains(name.as_str()) {
                self.warn(
                    Code::AbiNotDocumented,
                    field.span,
                    field.name.len(),
                    format!("the ABI constant `{name}` = {value} is not in the value table of `{}`", field.name),
                    Some("the generated enum includes it, marked as undocumented".into()),
                );
            }
        }
    }

    /// The page's own numbers (a table of no ABI constant) against the field's integer type:
    /// one it cannot hold (`-1` for a `u32`) is no value of the field.
    fn values_fit(&mut self, field: &Field, p: Prim) {
        if !p.is_integer() {
            return;
        }
        for v in &field.values {
            if let Some(value) = v.value
                && !p.holds(value)
            {
                self.warn(
                    Code::ValueMismatch,
                    v.span,
                    v.name.len(),
                    format!("`{}` = {value} does not fit the ABI type `{}` of `{}`", v.name, p.rust_name(), field.name),
                    Some("the generated enum leaves it out".into()),
                );
            }
        }
    }

    fn value_warn(&mut self, v: &NamedValue, code: Code, message: String) {
        self.warn(code, v.span, v.name.len(), message, None);
    }

    /// Keywords naming an enum's members (`asyncinfo/Cancelled`) and orphan headings that the
    /// ABI does not have: names left over from an older version of the API. (Keywords of other
    /// pages name values, tags and sample functions, which are not ABI members.)
    fn keywords(&mut self, set: &AbiSet, def: &AbiType) {
        let mut abi: Vec<String> = match &def.body {
            Body::Enum(e) => e.members.iter().map(|c| c.name.clone()).collect(),
            Body::Struct(r) | Body::Union(r) => set.visible_fields(r).into_iter().map(|(n, _)| n).collect(),
            _ => Vec::new(),
        };
        abi.extend(set.constants.iter().map(|c| c.name.clone()));
        let mut documented: BTreeSet<String> = self.item.fields.iter().map(|f| f.name.clone()).collect();
        documented.extend(self.item.fields.iter().flat_map(|f| f.values.iter().map(|v| v.name.clone())));
        documented.insert(self.item.name.clone());
        documented.extend(self.item.aliases.iter().map(|a| a.name.clone()));
        // The C tag of the typedef (`_RPC_ASYNC_EVENT`, `tagMFASYNCRESULT`).
        documented.extend(["_", "tag"].map(|p| format!("{p}{}", self.item.name)));
        let header = self.item.header.as_deref().unwrap_or("").trim_end_matches(".h").to_ascii_lowercase();
        let qualified: BTreeSet<String> = self
            .item
            .keywords
            .iter()
            .filter_map(|k| k.text.split_once('/'))
            .map(|(h, n)| format!("{}/{n}", h.to_ascii_lowercase()))
            .collect();
        // Orphan headings first: where one names a stale member, the heading is the place to fix.
        let keywords = if matches!(def.body, Body::Enum(_)) { &self.item.keywords[..] } else { &[] };
        let mut stale: Vec<(String, Span)> = self.item.orphans.iter().map(|o| (o.name.clone(), o.span)).collect();
        stale.extend(
            keywords
                .iter()
                .filter(|k| qualified.contains(&format!("{header}/{}", k.text)))
                .filter(|k| is_identifier(&k.text))
                .map(|k| (k.text.clone(), k.span)),
        );
        let mut seen = BTreeSet::new();
        for (name, span) in stale {
            if documented.contains(&name) || abi.contains(&name) || !seen.insert(name.clone()) {
                continue;
            }
            let near = abi.iter().find(|n| close(&name, n));
            let help = match near {
                Some(n) => format!("the ABI name is `{n}`"),
                None => "no ABI member is like it; the name is left over from an older version of the page".into(),
            };
            self.warn(
                Code::StaleName,
                span,
                name.len(),
                format!("the page names `{name}`, which the ABI of `{}` does not have", self.item.name),
                Some(help),
            );
        }
    }
}

/// The names a page documents a record's members by: its visible fields, with a storage unit of
/// C bitfields (`_bitfield`, a name of the metadata's) replaced by its bitfields' names
/// (`fCtsHold`, or LDT_ENTRY's `HighWord.Bits.BaseMid`).
fn documentable_names(record: &Record, visible: &[(String, TypeRef)]) -> Vec<String> {
    visible
        .iter()
        .flat_map(|(n, _)| match record.fields.iter().find(|f| &f.name == n && !f.bitfields.is_empty()) {
            Some(unit) => unit.bitfields.iter().map(|b| b.name.clone()).collect(),
            None => vec![n.clone()],
        })
        .collect()
}

/// Whether a nested path names a C bitfield: its parent resolves to a record with a storage unit
/// holding a bitfield of the path's last name.
fn is_bitfield(set: &AbiSet, visible: &[(String, TypeRef)], path: &str) -> bool {
    let path = c_member_path(path);
    let Some((parent, name)) = path.rsplit_once('.') else { return false };
    let Some(record) = set.resolve_path(visible, parent).and_then(|ty| set.record_of(&ty)) else { return false };
    record.fields.iter().any(|f| f.bitfields.iter().any(|b| b.name == name))
}
