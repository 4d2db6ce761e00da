//! Structs and unions: fields with their offsets on each target, docs from the page (nested
//! members by their path), value tables linked with `values = ...`, derives, `Default`, and the
//! windows-sys conversions.

use super::tokens::rust_type;
use super::{EmitError, Items, alias_attrs, undocumented};
use crate::abi::c_member_path;
use crate::abi::{AbiField, AbiSet, AbiType, Body, Prim, Record, Target, TypeRef, c_spelling};
use crate::emit::catalog::{ClosedEnum, ClosedKey, Doc, DocPage, Rows, member_doc};
use crate::emit::docs::{DocText, layout_table};
use crate::model::{Field, NamedValue};
use crate::naming::{ident, is_identifier};
use proc_macro2::{Literal, TokenStream};
use quote::quote;

/// `Option<unsafe extern "system" fn(..)>` implements `PlainData` and `FieldSummary` up to this
/// many parameters (see `winasync::support`).
const MAX_CALLBACK_PARAMS: usize = 8;

impl<'c> Items<'c> {
    /// The outermost record `def` is declared in (itself, unless nested), and the member path
    /// from it to `def` (`Parameters.Verify`), anonymous members left out as C does.
    fn root_and_path<'s>(&self, def: &'s AbiType) -> (&'s AbiType, String)
    where
        'c: 's,
    {
        let mut path = Vec::new();
        let mut current = def;
        let set = self.catalog.set;
        while let Some(outer) = current.nested_in.as_deref().and_then(|o| set.any_def(o)) {
            if let Body::Struct(r) | Body::Union(r) = &outer.body
                && let Some(f) = r.fields.iter().find(|f| f.ty == TypeRef::Named(current.name.clone()))
                && !is_anonymous(&f.name)
            {
                path.push(f.name.clone());
            }
            current = outer;
        }
        path.reverse();
        (current, path.join("."))
    }

    pub(super) fn record(&self, def: &AbiType, record: &Record, union: bool) -> Result<TokenStream, EmitError> {
        let set = self.catalog.set;
        let name = ident(&def.name);
        let layouts = self.layouts(def)?;
        let (root, path) = self.root_and_path(def);
        let page = self.catalog.page(&root.name);
        let plain = record.fields.iter().all(|f| set.is_plain_data(&f.ty, MAX_CALLBACK_PARAMS));

        let nested = def.nested_in.is_some();
        let what = if union { "a union" } else { "a structure" };
        let mut doc = DocText::new();
        match (page, nested) {
            (Some(page), false) => {
                doc.push(self.docs.markdown(page, &page.item.description.source));
            }
            (_, true) => {
                let member =
                    if path.is_empty() { "An anonymous member".to_string() } else { format!("The `{path}` member") };
                doc.push(format!("{member} of [`{}`] ({what}, declared inside it in C).", root.name));
                match page.and_then(|p| member_doc(p, "", &path).map(|f| (p, f))).filter(|_| !path.is_empty()) {
                    Some((page, field)) => {
                        doc.push(self.docs.markdown(page, &field.description.source));
                    }
                    None => {
                        doc.push("The page does not describe this member on its own.");
                    }
                }
            }
            (None, false) => {
                doc.push(undocumented(def, if union { "union" } else { "structure" }));
            }
        }
        if !plain {
            doc.push("Not plain data (a callback field has more parameters than `winasync::support` covers), so it has no `TryFrom<&[u8]>`.");
        }
        let layout_doc = layout_table(&layouts);
        let root_page = page.filter(|_| !nested);
        if let Some(page) = root_page {
            let unattached = unattached_fields(page, set, record);
            if !unattached.is_empty() {
                let list = self.field_list(page, &unattached);
                doc.section(
                    "Also on the page",
                    format!("The page documents these members, which `{}` does not have in the Windows metadata, so no field below carries their text:\n\n{list}", def.name),
                );
            }
        }
        match root_page {
            Some(page) => self.docs.page_sections(&mut doc, page, Some(layout_doc)),
            None => {
                doc.section("Layout", layout_doc);
            }
        }
        let doc_attrs = doc.attrs();
        let aliases = root_page.map(|p| alias_attrs(p, &def.name)).unwrap_or_default();

        let mut fields = Vec::new();
        let mut bit_accessors = Vec::new();
        for (i, field) in record.fields.iter().enumerate() {
            let fname = ident(&field.name);
            let fty = rust_type(&field.ty);
            let offsets = layouts.iter().map(|(t, l)| {
                let target = ident(t.as_str());
                let offset = Literal::u64_unsuffixed(l.offsets[i].1);
                quote! { #target = #offset }
            });
            let mut keys = vec![quote! { offset(#(#offsets),*) }];
            let mut fdoc = DocText::new();
            let documented = page.and_then(|p| member_doc(p, &path, &field.name).map(|f| (p, f)));
            let table = self.catalog.table(&root.name, &join(&path, &field.name));
            // Only a field that holds one integer can hold an enum's value (not an array of
            // records whose members the table is about: TOKEN_PRIVILEGES.Privileges).
            let integer = set.prim_of(&field.ty).is_some_and(|p| p.is_integer());
            let values_enum =
                self.values_enum(&field.ty).or_else(|| table.map(|t| t.enum_name.clone())).filter(|_| integer);
            // The page's text after its value table, which follows the generated table.
            let mut after_table = String::new();
            match documented {
                Some((p, f)) => {
                    let names: Vec<String> = f.values.iter().map(|v| v.name.clone()).collect();
                    let text = if values_enum.is_some() {
                        let (before, after) = self.docs.markdown_around_tables(p, &f.description.source, &names);
                        after_table = after;
                        before
                    } else {
                        self.docs.markdown(p, &f.description.source)
                    };
                    if text.trim().is_empty() && after_table.trim().is_empty() {
                        fdoc.push(format!(
                            "`{}` (`{}`); the page gives no description.",
                            field.name,
                            c_spelling(&field.ty, set)
                        ));
                    } else {
                        fdoc.push(text.clone());
                    }
                    // Values documented outside the field's text (`#### - NAME (2)` headings) that
                    // no enum holds (their names make no Rust names): listed as the page gives them,
                    // rather than lost.
                    if values_enum.is_none() {
                        let unseen: Vec<&NamedValue> =
                            f.values.iter().filter(|v| !text.contains(v.name.as_str())).collect();
                        if !unseen.is_empty() {
                            fdoc.push(page_values(&unseen));
                        }
                    }
                }
                None if is_anonymous(&field.name) && set.record_of(&field.ty).is_some() => {
                    let members = set.record_of(&field.ty).map(|r| set.visible_fields(r)).unwrap_or_default();
                    let members: Vec<String> = members.iter().map(|(n, _)| format!("`{n}`")).collect();
                    fdoc.push(format!(
                        "An anonymous member in C (`{}`): its members ({}) are reached directly there, and through this field here.",
                        c_spelling(&field.ty, set),
                        members.join(", ")
                    ));
                }
                None => {
                    fdoc.push(format!(
                        "`{}` (`{}`); not documented on the page.",
                        field.name,
                        c_spelling(&field.ty, set)
                    ));
                }
            }
            if let TypeRef::Vtable(interface) = &field.ty {
                fdoc.push(format!(
                    "The object's vtable pointer: C declares `{interface} {name};`, the interface held by value (its C struct holds only that pointer); C++ derives this structure from `{interface}`. So a pointer to this structure is an [`{interface}`] (`{interface}*`), whose methods are in [`{interface}_Vtbl`].",
                    name = field.name
                ));
            }
            // A field of bit flags holds combinations (and 0), which are not values of the enum:
            // it gets the table in its docs but no accessor that would call them unknown.
            let flags = values_enum.as_deref().is_some_and(|v| self.is_flags(&field.name, &field.ty, v));
            if let Some(values) = &values_enum {
                if flags {
                    fdoc.push("A set of bit flags: it may hold several of the values below at once, or none; test bits with the constants.");
                } else if !union {
                    let path: syn::Path = syn::parse_str(values)
                        .map_err(|source| EmitError::Tokens { what: format!("the enum name `{values}`"), source })?;
                    keys.push(quote! { values = #path });
                }
                if let Some(note) = table.and_then(|t| t.note.as_deref()) {
                    fdoc.push(crate::emit::markdown::escape_text(note));
                }
                if let Some(closed) = self.catalog.closed_by_name(values) {
                    let page_rows = documented.map(|(_, f)| f.values.as_slice()).unwrap_or_default();
                    fdoc.push(self.values_table(closed, !union && !flags, &field.name, page_rows));
                }
                if let Some(t) = table
                    && !t.strays.is_empty()
                {
                    let strays: Vec<String> = t.strays.iter().map(|s| format!("`{s}`")).collect();
                    fdoc.push(format!(
                        "The page also lists {}, which the ABI does not define as a value of this kind.",
                        strays.join(", ")
                    ));
                }
            }
            fdoc.push(after_table);
            if !field.bitfields.is_empty() {
                let bits: Vec<String> = field
                    .bitfields
                    .iter()
                    .map(|b| {
                        format!("| [`{0}`]({name}::{0}) | {1} | {2} |", b.name, b.offset, b.width, name = def.name)
                    })
                    .collect();
                fdoc.push(format!(
                    "C bitfields in this storage unit, read and written by the methods of the same names:\n\n| Bitfield | Bit offset | Width |\n|---|---|---|\n{}",
                    bits.join("\n")
                ));
                if let Some(p) = set.prim_of(&field.ty).filter(|p| p.is_integer() && !union) {
                    bit_accessors.extend(self.bit_accessors(page, &path, field, p)?);
                }
            }
            let fdoc = fdoc.attrs();
            fields.push(quote! {
                #fdoc
                #[async_result(#(#keys),*)]
                pub #fname: #fty
            });
        }

        let targets = layouts.iter().map(|(t, l)| {
            let target = ident(t.as_str());
            let (size, align) = (Literal::u64_unsuffixed(l.size), Literal::u64_unsuffixed(l.align));
            quote! { #target(size = #size, align = #align) }
        });
        let mut item_keys = vec![quote! { layout(#(#targets),*) }];
        if !plain {
            item_keys.push(quote! { bytes = false, display = false });
        }
        let repr = match record.pack {
            Some(pack) if pack > 0 => {
                let pack = Literal::u64_unsuffixed(pack);
                quote! { #[repr(C, packed(#pack))] }
            }
            _ => quote! { #[repr(C)] },
        };
        let keyword = if union { quote!(union) } else { quote!(struct) };
        let derive = match (union, set.is_comparable(&TypeRef::Named(def.name.clone()))) {
            (true, _) => quote! { #[derive(Clone, Copy)] },
            (false, true) => quote! { #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)] },
            (false, false) => quote! { #[derive(Clone, Copy, Debug)] },
        };
        let mut out = quote! {
            #doc_attrs
            #aliases
            #[async_result(#(#item_keys),*)]
            #repr
            #derive
            pub #keyword #name { #(#fields),* }
        };
        if !bit_accessors.is_empty() {
            out.extend(quote! {
                #[allow(non_snake_case)]
                impl #name { #(#bit_accessors)* }
            });
        }
        let cname = &def.name;
        if union {
            out.extend(quote! {
                impl ::core::fmt::Debug for #name {
                    /// Which member is active is not known, so the contents are not shown.
                    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                        f.debug_struct(#cname).finish_non_exhaustive()
                    }
                }
            });
        }
        if let Some(cfg) = self.windows_sys_cfg() {
            out.extend(windows_sys_interop(set, def, &name, &cfg));
        }
        if plain {
            out.extend(quote! {
                impl Default for #name {
                    /// All bytes zero, as `= {0}` in C; every field is plain data, so this is a valid value.
                    fn default() -> Self {
                        ::winasync::support::zeroed()
                    }
                }
            });
        }
        Ok(out)
    }

    /// Page fields as a list: the name, then the page's text, indented under it.
    pub(super) fn field_list(&self, page: &DocPage, fields: &[&Field]) -> String {
        fields
            .iter()
            .map(|f| {
                let text = self.docs.markdown(page, &f.description.source);
                format!("- `{}`\n\n{}", f.name, super::indent(&text))
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// A getter and a setter for each C bitfield of a storage unit, named as C names the
    /// bitfield (`fCtsHold()`, `set_fCtsHold()`), documented from the page.
    fn bit_accessors(
        &self,
        page: Option<&DocPage>,
        path: &str,
        field: &AbiField,
        storage: Prim,
    ) -> Result<Vec<TokenStream>, EmitError> {
        let unit = ident(&field.name);
        let ty = rust_type(&TypeRef::Prim(storage));
        let bits = storage.size_align(Target::X86_64).0 * 8;
        field
            .bitfields
            .iter()
            .filter(|b| b.width > 0 && b.offset + b.width <= bits && is_identifier(&b.name))
            .map(|b| {
                let mut doc = DocText::new();
                match page.and_then(|p| member_doc(p, path, &b.name).map(|f| (p, f))) {
                    Some((p, f)) if !f.description.source.trim().is_empty() => {
                        doc.push(self.docs.markdown(p, &f.description.source));
                    }
                    _ => {
                        doc.push(format!("The C bitfield `{}`; not documented on the page.", b.name));
                    }
                }
                let width = if b.width == 1 { "1 bit".to_string() } else { format!("{} bits", b.width) };
                doc.push(format!("Bits {}..{} of `{}` ({width}).", b.offset, b.offset + b.width, field.name));
                let set_doc = format!(
                    " Sets the C bitfield `{}` (bits {}..{} of `{}`) to the low {width} of `value`; the other bits are kept.",
                    b.name,
                    b.offset,
                    b.offset + b.width,
                    field.name
                );
                let doc = doc.attrs();
                let getter = ident(&b.name);
                let setter = ident(&format!("set_{}", b.name));
                let offset = Literal::u64_unsuffixed(b.offset);
                // The mask as a literal of the storage type (all ones is `-1` in a signed one).
                let signed = storage.portable_range().is_some_and(|(min, _)| min < 0);
                let mask = match (signed, b.width == bits) {
                    (true, true) => format!("-1{}", storage.rust_name()),
                    _ => format!("{}{}", (1u128 << b.width) - 1, storage.rust_name()),
                };
                let mask: TokenStream = syn::parse_str(&mask)
                    .map_err(|source| EmitError::Tokens { what: format!("the mask of bitfield `{}`", b.name), source })?;
                // Bit 0 needs no shift (and clippy calls `x >> 0` an operation with no effect).
                let (shifted_unit, shifted_mask, shifted_value) = match b.offset {
                    0 => (quote!(self.#unit), mask.clone(), quote!(value)),
                    _ => (quote!((self.#unit >> #offset)), quote!(#mask << #offset), quote!((value << #offset))),
                };
                Ok(quote! {
                    #doc
                    pub const fn #getter(&self) -> #ty {
                        #shifted_unit & #mask
                    }
                    #[doc = #set_doc]
                    pub const fn #setter(&mut self, value: #ty) {
                        let mask = #shifted_mask;
                        self.#unit = (self.#unit & !mask) | (#shifted_value & mask);
                    }
                })
            })
            .collect()
    }

    /// Whether a field holds bit flags: its ABI enum says so, or its name or its values' names do
    /// (`Flags`, `WINHTTP_CALLBACK_STATUS_FLAG_*`).
    fn is_flags(&self, field: &str, ty: &TypeRef, values: &str) -> bool {
        let abi_flags = matches!(ty, TypeRef::Named(n) if matches!(self.catalog.set.any_def(n).map(|d| &d.body), Some(Body::Enum(e)) if e.flags));
        let named = field.to_ascii_lowercase().contains("flag");
        let values_named =
            self.catalog.closed_by_name(values).is_some_and(|c| c.entries.iter().all(|e| e.name.contains("_FLAG")));
        abi_flags || named || values_named
    }

    /// The closed enum of a field whose type is an ABI enum.
    fn values_enum(&self, ty: &TypeRef) -> Option<String> {
        let TypeRef::Named(n) = ty else { return None };
        self.catalog.closed.get(&ClosedKey::Abi(n.clone())).map(|c| c.name.clone())
    }

    /// A field's value table: name (linked to the variant), value and meaning, with the values
    /// only the ABI knows marked. `accessor`: the record has a method that converts the field.
    /// `page_rows`: the field's own table on its page, whose meanings say what a value means for
    /// this field (RPC_ASYNC_STATE.NotificationType's rows say which union member is used), and
    /// win over the enum's general docs.
    pub(super) fn values_table(
        &self,
        closed: &ClosedEnum,
        accessor: bool,
        field: &str,
        page_rows: &[NamedValue],
    ) -> String {
        // A family of the metadata's constants (error codes) has no meanings to show: the field
        // names the enum, whose page lists them.
        if closed.family.is_some() {
            return format!(
                "The values of `{field}`, as [`{}`]: {} constants of the Windows metadata, listed on its page.",
                closed.name,
                closed.entries.len()
            );
        }
        let page_rows = Rows::new(page_rows);
        let rows: Vec<String> = closed
            .entries
            .iter()
            .map(|e| {
                let own = page_rows.find(&e.name).filter(|v| !v.description.trim().is_empty());
                let meaning = match (own, &e.doc) {
                    (Some(v), _) => crate::emit::markdown::escape_text(&v.description),
                    (None, doc) => match doc {
                        Some(Doc::Plain(text)) => crate::emit::markdown::escape_text(text),
                        Some(Doc::Markdown(_)) => format!("See [`{}::{}`].", closed.name, e.variant),
                        None => "*Undocumented*: the page does not list this value; it is in the Windows metadata."
                            .to_string(),
                    },
                };
                format!(
                    "| [`{}`]({}::{}) | {} | {} |",
                    e.name,
                    closed.name,
                    e.variant,
                    e.value,
                    meaning.replace('\n', " ")
                )
            })
            .collect();
        let how = if !accessor {
            format!("The values of `{field}`, as [`{}`]:", closed.name)
        } else {
            format!(
                "The values of `{field}`, as [`{}`] (the field's accessor method converts; an unknown value is an error that keeps it):",
                closed.name
            )
        };
        format!("{how}\n\n| Name | Value | Meaning |\n|---|---|---|\n{}", rows.join("\n"))
    }
}

/// With the `windows-sys` feature: `From` between a top-level Win32 record and windows-sys's
/// type of the same name. Nested records (windows-sys numbers them, `_0_0`) are left out.
fn windows_sys_interop(
    set: &crate::abi::AbiSet,
    def: &AbiType,
    name: &proc_macro2::Ident,
    cfg: &TokenStream,
) -> TokenStream {
    let Some(theirs) = windows_sys_type(def) else { return TokenStream::new() };
    if def.nested_in.is_some() || !def.arches.is_all() {
        return TokenStream::new();
    }
    // rustdoc shows both impls as `From<X> for X`: the impl's own doc says which side is whose.
    let path = theirs.trim_start_matches("::");
    let from_doc = format!(" From windows-sys's `{path}`.");
    let into_doc = format!(" Into windows-sys's `{path}`.");
    let Ok(theirs) = syn::parse_str::<syn::Path>(&theirs) else { return TokenStream::new() };
    let from_theirs = quote! {
        #cfg
        #[doc = #from_doc]
        impl From<#theirs> for #name {
            /// The same bytes: both are the same C declaration (`transmute` checks the sizes on
            /// every target), and ours is plain data, so any bytes of theirs are a value of ours.
            fn from(value: #theirs) -> Self {
                unsafe { ::core::mem::transmute::<#theirs, #name>(value) }
            }
        }
    };
    // windows-sys writes some one-byte booleans as Rust `bool` (WINBIO's `Match`), for which a
    // byte other than 0 or 1 is undefined behaviour: no conversion into such a type.
    if set.holds_c_bool(&TypeRef::Named(def.name.clone())) {
        return from_theirs;
    }
    quote! {
        #from_theirs

        #cfg
        #[doc = #into_doc]
        impl From<#name> for #theirs {
            /// The same bytes: the same C declaration. Every field of windows-sys's type is an
            /// integer, raw pointer, `Option` of a function pointer, or a record or union of
            /// those, so any bytes of ours are a value of theirs.
            fn from(value: #name) -> Self {
                unsafe { ::core::mem::transmute::<#name, #theirs>(value) }
            }
        }
    }
}

/// Win32 namespaces of the metadata that windows-sys 0.61 leaves out (it is made from the same
/// metadata, minus the namespaces that only COM clients use); tests/generated.rs checks the list
/// against windows-sys's features.
pub const WINDOWS_SYS_LACKS: [&str; 4] = [
    "Windows.Win32.Media.MediaFoundation",
    "Windows.Win32.Storage.VirtualDiskService",
    "Windows.Win32.Storage.Vss",
    "Windows.Win32.System.WinRT",
];

/// windows-sys's type for a record: `windows_sys::Win32::Networking::WinHttp::WINHTTP_ASYNC_RESULT`
/// for one in `Windows.Win32.Networking.WinHttp`. None for namespaces windows-sys does not
/// cover (Windows Runtime, [`WINDOWS_SYS_LACKS`]) and for records the metadata does not define as
/// they are (a `note`), except GUID, which windows-sys keeps in its `core` module.
pub fn windows_sys_type(def: &AbiType) -> Option<String> {
    if def.name == "GUID" && def.namespace == "Windows.Win32.Foundation" {
        return Some("windows_sys::core::GUID".to_string());
    }
    if def.note.is_some() || WINDOWS_SYS_LACKS.contains(&def.namespace.as_str()) {
        return None;
    }
    let rest = def.namespace.strip_prefix("Windows.Win32.")?;
    Some(format!("windows_sys::Win32::{}::{}", rest.replace('.', "::"), def.name))
}

fn join(path: &str, member: &str) -> String {
    if path.is_empty() { member.to_string() } else { format!("{path}.{member}") }
}

/// The page's fields that no member of the record (nested ones by their path, bitfields by name)
/// takes its docs from, and that have text: a member the metadata does not have
/// (DNS_QUERY_RAW_RESULT's `sourceAddr`), or a second heading for one it has.
fn unattached_fields<'p>(page: &'p DocPage, set: &AbiSet, record: &Record) -> Vec<&'p Field> {
    let mut paths = Vec::new();
    member_paths(set, record, "", &mut paths, 0);
    let attached: Vec<*const Field> =
        paths.iter().filter_map(|p| member_doc(page, "", p)).map(|f| f as *const Field).collect();
    page.item
        .fields
        .iter()
        .filter(|f| !attached.contains(&(*f as *const Field)))
        .filter(|f| !c_member_path(&f.name).is_empty() && !f.description.source.trim().is_empty())
        .collect()
}

/// Every member path of a record as C spells it (`u.APC.hThread`; anonymous members add no step),
/// and its bitfields' names.
fn member_paths(set: &AbiSet, record: &Record, prefix: &str, out: &mut Vec<String>, depth: usize) {
    for field in &record.fields {
        let inner = set.record_of(&field.ty).filter(|_| depth < 8);
        if is_anonymous(&field.name) {
            if let Some(inner) = inner {
                member_paths(set, inner, prefix, out, depth + 1);
            }
            continue;
        }
        let path = format!("{prefix}{}", field.name);
        out.extend(field.bitfields.iter().map(|b| format!("{prefix}{}", b.name)));
        if let Some(inner) = inner {
            member_paths(set, inner, &format!("{path}."), out, depth + 1);
        }
        out.push(path);
    }
}

fn is_anonymous(name: &str) -> bool {
    name.strip_prefix("Anonymous").is_some_and(|rest| rest.chars().all(|c| c.is_ascii_digit()))
}

/// A page's own value rows as a table: name (a code span: it need not be a Rust or C name),
/// the value as written, the meaning.
fn page_values(values: &[&NamedValue]) -> String {
    let escape = crate::emit::markdown::escape_text;
    let rows: Vec<String> = values
        .iter()
        .map(|v| {
            let value = v.value_text.clone().or(v.value.map(|n| n.to_string())).unwrap_or_default();
            format!(
                "| `{}` | {} | {} |",
                v.name.replace('`', "'"),
                escape(&value),
                escape(&v.description).replace('\n', " ")
            )
        })
        .collect();
    format!("The values the page lists:\n\n| Name | Value | Meaning |\n|---|---|---|\n{}", rows.join("\n"))
}
