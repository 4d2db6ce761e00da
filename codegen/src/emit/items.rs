//! Rust items for ABI definitions: records, enums (raw newtype and closed enum), interfaces
//! (pointer type, IID, vtable), callbacks, typedefs, opaque types and constants.

use super::EmitError;
use super::catalog::{Catalog, ClosedEnum, Doc, DocPage, SHARED_MODULE, is_winrt, member_doc};
use super::docs::{DocText, Writer, layout_table};
use super::names::ident;
use crate::abi::layout::{record_layout, size_align};
use crate::abi::types::{
    AbiType, Body, Enumeration, Interface, Method, OpaqueKind, Prim, Record, Signature, Target, TypeRef,
};
use crate::abi::{Layout, types::c_spelling};
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

/// `Option<unsafe extern "system" fn(..)>` implements `PlainData` and `FieldSummary` up to this
/// many parameters (see `winasync::support`).
const MAX_CALLBACK_PARAMS: usize = 8;

pub struct Items<'c> {
    catalog: &'c Catalog<'c>,
    docs: Writer<'c>,
}

impl<'c> Items<'c> {
    pub fn new(catalog: &'c Catalog<'c>) -> Self {
        Items { catalog, docs: Writer::new(catalog) }
    }

    /// Every item of one module, in a fixed order: types by name, then closed enums, then
    /// constants.
    pub fn module(&self, module: &str) -> Result<TokenStream, EmitError> {
        let set = self.catalog.set;
        let mut out = TokenStream::new();
        for def in set.types.iter().filter(|d| self.catalog.module(&d.name) == module) {
            out.extend(self.definition(def)?);
        }
        for (_, closed) in self.catalog.closed_in(module) {
            out.extend(self.closed_enum(closed)?);
        }
        for c in set
            .constants
            .iter()
            .filter(|c| self.catalog.constant_module.get(&c.name).map(String::as_str) == Some(module))
        {
            let name = ident(&c.name);
            let ty = rust_type(&c.ty);
            let value = int_literal(c.value, &c.ty)?;
            let mut doc = DocText::new();
            doc.push(match self.catalog.closed.values().find(|e| e.entries.iter().any(|en| en.name == c.name)) {
                Some(e) => {
                    let entry =
                        e.entries.iter().find(|en| en.name == c.name).map(|en| en.variant.clone()).unwrap_or_default();
                    format!("`{}` = {}: a value of [`{}`]; see [`{}::{entry}`].", c.name, c.value, e.name, e.name)
                }
                None => format!("`{}` = {} (`{}`).", c.name, c.value, c.ty),
            });
            doc.push(format!("From the Windows metadata (`{}`).", c.namespace));
            let attrs = doc.attrs();
            out.extend(quote! { #attrs pub const #name: #ty = #value; });
        }
        Ok(out)
    }

    fn definition(&self, def: &AbiType) -> Result<TokenStream, EmitError> {
        let cfg = cfg_attr(def);
        let item = match &def.body {
            Body::Struct(r) => self.record(def, r, false)?,
            Body::Union(r) => self.record(def, r, true)?,
            Body::Enum(e) => self.enumeration(def, e)?,
            Body::Typedef { ty } => self.typedef(def, ty),
            Body::Callback(sig) => self.callback(def, sig)?,
            Body::Interface(i) => self.interface(def, Some(i))?,
            Body::Opaque { of: OpaqueKind::Interface } => self.interface(def, None)?,
            Body::Opaque { of: OpaqueKind::Record } => self.opaque(def),
        };
        if cfg.is_empty() {
            return Ok(item);
        }
        // A definition for some targets only: every item it emits carries the `cfg`.
        let file: syn::File = syn::parse2(item).map_err(|e| EmitError::Model(format!("{}: {e}", def.name)))?;
        let items = file.items.into_iter().map(|i| quote! { #cfg #i });
        Ok(quote! { #(#items)* })
    }

    fn layouts(&self, def: &AbiType) -> Result<Vec<(Target, Layout)>, EmitError> {
        Target::ALL
            .into_iter()
            .filter(|t| def.arches.contains(*t))
            .map(|t| {
                record_layout(self.catalog.set, &def.name, t)
                    .map(|l| (t, l))
                    .map_err(|e| EmitError::Model(format!("layout of `{}` on {}: {e}", def.name, t.as_str())))
            })
            .collect()
    }

    /// The page that documents `def`, and the member path from the page's root to it, for a
    /// nested record (`Parameters.Verify`).
    fn page_and_path(&self, def: &AbiType) -> (Option<&'c DocPage>, String) {
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
        (self.catalog.page(&current.name), path.join("."))
    }

    fn record(&self, def: &AbiType, record: &Record, union: bool) -> Result<TokenStream, EmitError> {
        let set = self.catalog.set;
        let name = ident(&def.name);
        let layouts = self.layouts(def)?;
        let (page, path) = self.page_and_path(def);
        let plain = record.fields.iter().all(|f| plain(set, &f.ty, 0));

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
                doc.push(format!(
                    "{member} of [`{}`] ({what}, declared inside it in C).",
                    root_name(self.catalog, def)
                ));
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
        match root_page {
            Some(page) => self.docs.page_sections(&mut doc, page, Some(layout_doc)),
            None => {
                doc.section("Layout", layout_doc);
            }
        }
        let doc_attrs = doc.attrs();
        let aliases = root_page.map(|p| alias_attrs(p, &def.name)).unwrap_or_default();

        let mut fields = Vec::new();
        for (i, field) in record.fields.iter().enumerate() {
            let fname = ident(&field.name);
            let fty = rust_type(&field.ty);
            let offsets = layouts.iter().map(|(t, l)| {
                let target = format_ident!("{}", t.as_str());
                let offset = Literal::u64_unsuffixed(l.offsets[i].1);
                quote! { #target = #offset }
            });
            let mut keys = vec![quote! { offset(#(#offsets),*) }];
            let mut fdoc = DocText::new();
            let documented = page.and_then(|p| member_doc(p, &path, &field.name).map(|f| (p, f)));
            let table = page.and_then(|_| self.catalog.table(&root_name(self.catalog, def), &join(&path, &field.name)));
            let values_enum = self.values_enum(&field.ty).or_else(|| table.map(|t| t.enum_name.clone()));
            match documented {
                Some((p, f)) => {
                    let names: Vec<String> = f.values.iter().map(|v| v.name.clone()).collect();
                    let text = if values_enum.is_some() {
                        self.docs.markdown_without_tables(p, &f.description.source, &names)
                    } else {
                        self.docs.markdown(p, &f.description.source)
                    };
                    if text.trim().is_empty() {
                        fdoc.push(format!(
                            "`{}` (`{}`); the page gives no description.",
                            field.name,
                            c_spelling(&field.ty, set)
                        ));
                    } else {
                        fdoc.push(text);
                    }
                }
                None => {
                    fdoc.push(format!(
                        "`{}` (`{}`); not documented on the page.",
                        field.name,
                        c_spelling(&field.ty, set)
                    ));
                }
            }
            // A field of bit flags holds combinations (and 0), which are not values of the enum:
            // it gets the table in its docs but no accessor that would call them unknown.
            let flags = values_enum.as_deref().is_some_and(|v| self.is_flags(&field.name, &field.ty, v));
            if let Some(values) = &values_enum {
                if flags {
                    fdoc.push("A set of bit flags: it may hold several of the values below at once, or none; test bits with the constants.");
                } else if !union {
                    let path: syn::Path = syn::parse_str(values).map_err(|e| EmitError::Model(e.to_string()))?;
                    keys.push(quote! { values = #path });
                }
                if let Some(closed) = self.catalog.closed_by_name(values) {
                    fdoc.push(self.values_table(closed, union, &field.name));
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
            if !field.bitfields.is_empty() {
                let bits: Vec<String> =
                    field.bitfields.iter().map(|b| format!("| `{}` | {} | {} |", b.name, b.offset, b.width)).collect();
                fdoc.push(format!(
                    "C bitfields in this storage unit:\n\n| Bitfield | Bit offset | Width |\n|---|---|---|\n{}",
                    bits.join("\n")
                ));
            }
            let fdoc = fdoc.attrs();
            fields.push(quote! {
                #fdoc
                #[async_result(#(#keys),*)]
                pub #fname: #fty
            });
        }

        let targets = layouts.iter().map(|(t, l)| {
            let target = format_ident!("{}", t.as_str());
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
        let derive = match (union, comparable(set, &TypeRef::Named(def.name.clone()), 0)) {
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
        let cname = &def.name;
        if union {
            out.extend(quote! {
                impl core::fmt::Debug for #name {
                    /// Which member is active is not known, so the contents are not shown.
                    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                        f.debug_struct(#cname).finish_non_exhaustive()
                    }
                }
            });
        }
        out.extend(windows_sys_interop(set, def, &name));
        if plain {
            out.extend(quote! {
                impl Default for #name {
                    /// All bytes zero, as `= {0}` in C; every field is plain data, so this is a valid value.
                    fn default() -> Self {
                        support::zeroed()
                    }
                }
            });
        }
        Ok(out)
    }

    /// The page's description, or where the type comes from when no page documents it.
    fn description(&self, doc: &mut DocText, page: Option<&DocPage>, def: &AbiType, what: &str) {
        match page {
            Some(page) => doc.push(self.docs.markdown(page, &page.item.description.source)),
            None => doc.push(undocumented(def, what)),
        };
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
        self.catalog.closed.get(n).map(|c| c.name.clone())
    }

    /// A field's value table: name (linked to the variant), value and meaning, with the values
    /// only the ABI knows marked.
    fn values_table(&self, closed: &ClosedEnum, union: bool, field: &str) -> String {
        let rows: Vec<String> = closed
            .entries
            .iter()
            .map(|e| {
                let meaning = match &e.doc {
                    Some(Doc::Plain(text)) => super::markdown::escape_text(text),
                    Some(Doc::Markdown(_)) => format!("See [`{}::{}`].", closed.name, e.variant),
                    None => {
                        "*Undocumented*: the page does not list this value; it is in the Windows metadata.".to_string()
                    }
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
        let how = if union {
            format!("The values of `{field}`, as [`{}`]:", closed.name)
        } else {
            format!(
                "The values of `{field}`, as [`{}`] (the field's accessor method converts; an unknown value is an error that keeps it):",
                closed.name
            )
        };
        format!("{how}\n\n| Name | Value | Meaning |\n|---|---|---|\n{}", rows.join("\n"))
    }

    /// An ABI enum: a `#[repr(transparent)]` newtype over its integer type (any value the OS
    /// hands over stays representable) with its members as constants.
    fn enumeration(&self, def: &AbiType, e: &Enumeration) -> Result<TokenStream, EmitError> {
        let name = ident(&def.name);
        let repr = rust_type(&e.repr);
        let page = self.catalog.page(&def.name);
        let closed = self.catalog.closed.get(&def.name);
        let mut doc = DocText::new();
        self.description(&mut doc, page, def, "enumeration");
        doc.push(match closed {
            Some(c) => format!(
                "The raw `{}` value, as fields and parameters hold it: any value stays representable. Convert it with `TryFrom` into [`{}`], the closed set of the values known here.",
                e.repr, c.name
            ),
            None => format!("The raw `{}` value, as fields and parameters hold it.", e.repr),
        });
        if e.flags {
            doc.push("A set of flags: a value may combine several members.");
        }
        if let Some(page) = page {
            self.docs.page_sections(&mut doc, page, None);
        }
        let doc = doc.attrs();
        let aliases = page.map(|p| alias_attrs(p, &def.name)).unwrap_or_default();
        let mut out = quote! {
            #doc
            #aliases
            #[repr(transparent)]
            #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
            pub struct #name(pub #repr);

            /// Safe: a transparent wrapper of an integer, so every bit pattern is a valid value.
            unsafe impl support::PlainData for #name {}

            impl support::FieldSummary for #name {
                fn fmt_summary(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                    support::FieldSummary::fmt_summary(&self.0, f)
                }
            }

            impl From<#repr> for #name {
                fn from(raw: #repr) -> Self {
                    Self(raw)
                }
            }

            impl From<#name> for #repr {
                fn from(value: #name) -> Self {
                    value.0
                }
            }
        };
        let member_consts: Vec<TokenStream> = e
            .members
            .iter()
            .map(|m| {
                let mname = ident(&m.name);
                let value = int_literal(m.value, &e.repr)?;
                let variant = closed.and_then(|c| {
                    c.entries.iter().find(|en| en.name == m.name).map(|en| format!("[`{}::{}`]", c.name, en.variant))
                });
                let text = match variant {
                    Some(v) => format!(" `{}` = {}; documented at {v}.", m.name, m.value),
                    None => format!(" `{}` = {} (same value as another member).", m.name, m.value),
                };
                Ok(quote! { #[doc = #text] pub const #mname: #name = #name(#value); })
            })
            .collect::<Result<_, EmitError>>()?;
        if is_winrt(&def.namespace) {
            // Windows Runtime member names (`Completed`, `Error`) are not unique across enums.
            out.extend(quote! { impl #name { #(#member_consts)* } });
        } else {
            out.extend(quote! { #(#member_consts)* });
        }
        match closed {
            Some(c) => {
                let closed_name = ident(&c.name);
                out.extend(quote! {
                    impl core::fmt::Display for #name {
                        /// The member's name and the value (`NAME (1)`); a value no member has
                        /// as the bare number (so `unknown E value 9` reads once).
                        fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                            match #closed_name::try_from(self.0) {
                                Ok(known) => {
                                    f.write_str(support::AsyncResultEnum::name(&known))?;
                                    f.write_str(" (")?;
                                    core::fmt::Display::fmt(&self.0, f)?;
                                    f.write_str(")")
                                }
                                Err(_) => core::fmt::Display::fmt(&self.0, f),
                            }
                        }
                    }

                    impl TryFrom<#name> for #closed_name {
                        type Error = support::UnknownValue<#repr>;
                        fn try_from(raw: #name) -> Result<Self, support::UnknownValue<#repr>> {
                            Self::try_from(raw.0)
                        }
                    }

                    impl From<#closed_name> for #name {
                        fn from(value: #closed_name) -> Self {
                            Self(value.into())
                        }
                    }
                });
            }
            None => out.extend(quote! {
                impl core::fmt::Display for #name {
                    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                        core::fmt::Display::fmt(&self.0, f)
                    }
                }
            }),
        }
        Ok(out)
    }

    /// A closed `#[async_result]` enum: the known values, reached through `TryFrom`.
    fn closed_enum(&self, closed: &ClosedEnum) -> Result<TokenStream, EmitError> {
        let name = ident(&closed.name);
        let repr = rust_type(&closed.repr);
        let TypeRef::Prim(_) = &closed.repr else {
            return Err(EmitError::Model(format!("`{}` has a non-integer repr `{}`", closed.name, closed.repr)));
        };
        let raw = closed.raw.clone();
        let page = raw.as_deref().and_then(|r| self.catalog.page(r));
        let table_page = self.table_page(closed);
        let doc_page = page.or(table_page);
        let mut doc = DocText::new();
        match &raw {
            Some(raw) => {
                doc.push(format!(
                    "The values of [`{raw}`] known here, as a Rust enum. Convert a raw value with `TryFrom` (the error keeps the value); `Display` shows the C name, `{{:#}}` its description."
                ));
            }
            None => {
                let constants: Vec<String> = closed.entries.iter().map(|e| format!("[`{}`]", e.name)).collect();
                doc.push(format!(
                    "The values of a documented value table ({}), as a Rust enum. Convert a raw value with `TryFrom` (the error keeps the value); `Display` shows the C name, `{{:#}}` its description.",
                    constants.join(", ")
                ));
            }
        }
        if closed.entries.iter().any(|e| e.doc.is_none()) {
            doc.push("Values marked *undocumented* are in the Windows metadata but not on the page.");
        }
        if !closed.aliases.is_empty() {
            let aliases: Vec<String> = closed.aliases.iter().map(|(n, v)| format!("`{n}` ({v})")).collect();
            doc.push(format!("Other names for values listed here: {}.", aliases.join(", ")));
        }
        if closed.entries.len() > 1
            && closed.entries.iter().all(|e| e.value > 0 && (e.value & (e.value - 1)) == 0)
            && closed.entries.iter().any(|e| e.name.contains("FLAG"))
        {
            doc.push("These are bit flags: a field may hold several at once, which is not one of these values; test bits with the constants instead.");
        }
        let (size, align) = size_align(self.catalog.set, &closed.repr, Target::X86_64, 0)
            .map_err(|e| EmitError::Model(e.to_string()))?;
        let (size, align) = (Literal::u64_unsuffixed(size), Literal::u64_unsuffixed(align));
        let doc = doc.attrs();
        let variants = closed
            .entries
            .iter()
            .map(|e| {
                let vname = ident(&e.variant);
                let value = int_literal(e.value, &closed.repr)?;
                let cname = &e.name;
                let mut vdoc = DocText::new();
                match &e.doc {
                    Some(d) => {
                        let text = self.docs.doc(doc_page, d);
                        if text.trim().is_empty() {
                            vdoc.push(format!("`{cname}` = {}.", e.value));
                        } else {
                            vdoc.push(text);
                        }
                    }
                    None => {
                        vdoc.push(format!(
                            "*Undocumented*: `{cname}` = {} is in the Windows metadata but not on the page.",
                            e.value
                        ));
                    }
                }
                vdoc.push(format!("C name: `{cname}`, value {}.", e.value));
                let vdoc = vdoc.attrs();
                Ok(quote! {
                    #vdoc
                    #[async_result(name = #cname)]
                    #vname = #value
                })
            })
            .collect::<Result<Vec<_>, EmitError>>()?;
        // Every target: the repr is a fixed-size integer.
        Ok(quote! {
            #doc
            #[async_result(layout(x86(size = #size, align = #align), x86_64(size = #size, align = #align), aarch64(size = #size, align = #align)))]
            #[repr(#repr)]
            #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
            pub enum #name { #(#variants),* }
        })
    }

    /// The page whose value table a table enum comes from.
    fn table_page(&self, closed: &ClosedEnum) -> Option<&'c DocPage> {
        self.catalog.pages.iter().find(|p| {
            p.item
                .fields
                .iter()
                .chain(&p.item.parameters)
                .any(|f| f.values.iter().any(|v| closed.entries.iter().any(|e| e.name == v.name)))
        })
    }

    fn typedef(&self, def: &AbiType, ty: &TypeRef) -> TokenStream {
        let name = ident(&def.name);
        let target = rust_type(ty);
        let mut doc = DocText::new();
        doc.push(format!(
            "`{}`: `{}` in C, from the Windows metadata (`{}`).",
            def.name,
            c_spelling(ty, self.catalog.set),
            def.namespace
        ));
        if let Some(note) = &def.note {
            doc.push(super::markdown::escape_text(note));
        }
        let doc = doc.attrs();
        quote! { #doc pub type #name = #target; }
    }

    fn opaque(&self, def: &AbiType) -> TokenStream {
        let name = ident(&def.name);
        let mut doc = DocText::new();
        doc.push(format!(
            "`{}` (`{}`): this family only handles it through pointers, so its contents are not generated. It has no size; use `*mut {}`.",
            def.name, def.namespace, def.name
        ));
        let doc = doc.attrs();
        quote! {
            #doc
            #[repr(C)]
            pub struct #name {
                _data: [u8; 0],
                /// Not `Send`, `Sync` or `Unpin`: nothing is known about the value behind a pointer.
                _marker: core::marker::PhantomData<(*mut u8, core::marker::PhantomPinned)>,
            }
        }
    }

    fn callback(&self, def: &AbiType, sig: &Signature) -> Result<TokenStream, EmitError> {
        let name = ident(&def.name);
        let page = self.catalog.page(&def.name);
        let params = params(sig, None);
        let ret = ret_type(&sig.ret);
        let mut doc = DocText::new();
        self.description(&mut doc, page, def, "callback");
        doc.push("`None` is a null function pointer; a `Some` is called with the `system` calling convention (`__stdcall` on x86, the C convention elsewhere).");
        if let Some(page) = page {
            doc.section("Parameters", self.params_doc(page, &def.name, sig));
            if let Some(returns) = &page.item.returns {
                doc.section("Return value", self.docs.markdown(page, &returns.source));
            }
            self.docs.page_sections(&mut doc, page, None);
        }
        let doc = doc.attrs();
        let aliases = page.map(|p| alias_attrs(p, &def.name)).unwrap_or_default();
        Ok(quote! {
            #doc
            #aliases
            pub type #name = Option<unsafe extern "system" fn(#(#params),*) #ret>;
        })
    }

    /// `- `name` (`C type`): description`, with the value table's enum linked.
    fn params_doc(&self, page: &DocPage, owner: &str, sig: &Signature) -> String {
        let set = self.catalog.set;
        let mut out = Vec::new();
        for p in &sig.params {
            let documented = page
                .item
                .parameters
                .iter()
                .find(|d| d.name == p.name)
                .or_else(|| page.item.parameters.iter().find(|d| crate::abi::reconcile::close(&d.name, &p.name)));
            let mut text = format!("- `{}` (`{}`)", p.name, c_spelling(&p.ty, set));
            let table = documented.and_then(|d| self.catalog.table(owner, &d.name));
            if let Some(d) = documented {
                let names: Vec<String> = d.values.iter().map(|v| v.name.clone()).collect();
                let body = if table.is_some() {
                    self.docs.markdown_without_tables(page, &d.description.source, &names)
                } else {
                    self.docs.markdown(page, &d.description.source)
                };
                if !body.trim().is_empty() {
                    text.push_str(":\n\n");
                    text.push_str(&indent(&body));
                }
                if let Some(t) = table
                    && let Some(closed) = self.catalog.closed_by_name(&t.enum_name)
                {
                    text.push_str("\n\n");
                    text.push_str(&indent(&self.values_table(closed, true, &p.name)));
                }
            }
            out.push(text);
        }
        out.join("\n")
    }

    /// An interface: a pointer newtype with its IID, and its vtable in method order (the base
    /// interface's first). An interface the family only passes around gets the pointer type.
    fn interface(&self, def: &AbiType, interface: Option<&Interface>) -> Result<TokenStream, EmitError> {
        let set = self.catalog.set;
        let name = ident(&def.name);
        let page = self.catalog.page(&def.name);
        let vtbl = format_ident!("{}_Vtbl", def.name);
        let mut doc = DocText::new();
        self.description(&mut doc, page, def, "interface");
        doc.push(match interface {
            Some(_) => format!(
                "A COM interface pointer as the ABI passes it (`{}*` in C). It may be null. Its methods are in [`{}_Vtbl`]; `{}` is its IID.",
                def.name, def.name, format_args!("IID_{}", def.name)
            ),
            None => format!(
                "A COM interface pointer as the ABI passes it (`{}*` in C). This family only passes it around, so its methods are not generated.",
                def.name
            ),
        });
        if let Some(page) = page {
            self.docs.page_sections(&mut doc, page, None);
        }
        let doc_attrs = doc.attrs();
        let aliases = page.map(|p| alias_attrs(p, &def.name)).unwrap_or_default();
        let mut out = quote! {
            #doc_attrs
            #aliases
            #[repr(transparent)]
            #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
            pub struct #name(pub *mut core::ffi::c_void);

            /// Safe: a transparent wrapper of a raw pointer, so every bit pattern is a valid value.
            unsafe impl support::PlainData for #name {}

            impl support::FieldSummary for #name {
                fn fmt_summary(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                    core::fmt::Pointer::fmt(&self.0, f)
                }
            }

            impl Default for #name {
                /// The null pointer.
                fn default() -> Self {
                    Self(core::ptr::null_mut())
                }
            }
        };
        let Some(interface) = interface else { return Ok(out) };

        if let Some(iid) = &interface.iid {
            let iid_name = format_ident!("IID_{}", def.name);
            let value = guid_literal(set, iid)?;
            let text = format!(" The IID of [`{}`]: `{{{iid}}}`.", def.name);
            out.extend(quote! {
                #[doc = #text]
                pub const #iid_name: GUID = #value;
                impl #name {
                    #[doc = #text]
                    pub const IID: GUID = #iid_name;
                }
            });
        }

        // The vtable: the base's vtable first, then this interface's methods in order.
        let chain = base_chain(set, interface);
        let base_count: usize = chain.iter().map(|i| i.methods.len()).sum();
        let mut fields = Vec::new();
        let mut offsets: Vec<(String, usize)> = Vec::new();
        if let Some(base) = &interface.base {
            let base_vtbl = format_ident!("{}_Vtbl", base);
            let text = format!(" The methods of [`{base}`], which this interface derives from.");
            fields.push((quote! { #[doc = #text] }, format_ident!("base__"), quote! { #base_vtbl }));
            offsets.push(("base__".into(), 0));
        }
        for (i, method) in interface.methods.iter().enumerate() {
            let mname = ident(&method.name);
            let params = params(&method.signature, Some(()));
            let ret = ret_type(&method.signature.ret);
            let doc = self.method_doc(&def.name, method).attrs();
            fields.push((doc, mname, quote! { unsafe extern "system" fn(#(#params),*) #ret }));
            offsets.push((method.name.clone(), base_count + i));
        }
        let total = base_count + interface.methods.len();
        let layout = Target::ALL.map(|t| {
            let ptr = t.pointer_size();
            (
                t,
                Layout {
                    size: ptr * total as u64,
                    align: ptr,
                    offsets: offsets.iter().map(|(n, slot)| (n.clone(), ptr * *slot as u64)).collect(),
                },
            )
        });
        let targets = layout.iter().map(|(t, l)| {
            let target = format_ident!("{}", t.as_str());
            let (size, align) = (Literal::u64_unsuffixed(l.size), Literal::u64_unsuffixed(l.align));
            quote! { #target(size = #size, align = #align) }
        });
        let field_tokens = fields.iter().enumerate().map(|(i, (doc, fname, fty))| {
            let offs = layout.iter().map(|(t, l)| {
                let target = format_ident!("{}", t.as_str());
                let o = Literal::u64_unsuffixed(l.offsets[i].1);
                quote! { #target = #o }
            });
            quote! { #doc #[async_result(offset(#(#offs),*))] pub #fname: #fty }
        });
        let mut vdoc = DocText::new();
        vdoc.push(format!(
            "The vtable of [`{}`]: {total} methods, the base interface's first, each taking the interface pointer as `this`.",
            def.name
        ));
        vdoc.section("Layout", layout_table(&layout));
        let vdoc = vdoc.attrs();
        out.extend(quote! {
            #vdoc
            #[async_result(layout(#(#targets),*), bytes = false, display = false)]
            #[repr(C)]
            #[derive(Clone, Copy)]
            pub struct #vtbl { #(#field_tokens),* }
        });
        Ok(out)
    }

    fn method_doc(&self, interface: &str, method: &Method) -> DocText {
        let mut doc = DocText::new();
        match self.catalog.method_page(interface, &method.name) {
            Some(page) => {
                doc.push(self.docs.markdown(page, &page.item.description.source));
                let sig = &method.signature;
                let mut params = Vec::new();
                for p in &sig.params {
                    let d = page.item.parameters.iter().find(|d| crate::abi::reconcile::close(&d.name, &p.name));
                    let body = d.map(|d| self.docs.markdown(page, &d.description.source)).unwrap_or_default();
                    let head = format!("- `{}` (`{}`)", p.name, c_spelling(&p.ty, self.catalog.set));
                    params.push(if body.trim().is_empty() { head } else { format!("{head}:\n\n{}", indent(&body)) });
                }
                doc.section("Parameters", params.join("\n"));
                if let Some(returns) = &page.item.returns {
                    doc.section("Return value", self.docs.markdown(page, &returns.source));
                }
                if let Some(remarks) = &page.item.remarks {
                    doc.section("Remarks", self.docs.markdown(page, &remarks.source));
                }
                doc.push(format!(
                    "Documentation: [{}]({}).",
                    super::markdown::escape_text(&page.item.name),
                    page.url()
                ));
            }
            None => {
                doc.push(format!("`{interface}::{}`; no page documents this method.", method.name));
            }
        }
        doc
    }
}

/// With the `windows-sys` feature: `From` between a top-level Win32 record and windows-sys's
/// type of the same name. Nested records (windows-sys numbers them, `_0_0`) are left out.
fn windows_sys_interop(set: &crate::abi::AbiSet, def: &AbiType, name: &proc_macro2::Ident) -> TokenStream {
    let Some(theirs) = windows_sys_type(def) else { return TokenStream::new() };
    if def.nested_in.is_some() || !def.arches.is_all() {
        return TokenStream::new();
    }
    let Ok(theirs) = syn::parse_str::<syn::Path>(&theirs) else { return TokenStream::new() };
    let from_theirs = quote! {
        #[cfg(feature = "windows-sys")]
        impl From<#theirs> for #name {
            /// The same bytes: the same C declaration (tests/generated.rs compares size,
            /// alignment and every offset; `transmute` checks the sizes on every target), and
            /// ours is plain data, so any bytes of theirs are a value of ours.
            fn from(value: #theirs) -> Self {
                unsafe { core::mem::transmute::<#theirs, #name>(value) }
            }
        }
    };
    // windows-sys writes some one-byte booleans as Rust `bool` (WINBIO's `Match`), for which a
    // byte other than 0 or 1 is undefined behaviour: no conversion into such a type.
    if has_c_bool(set, &TypeRef::Named(def.name.clone()), 0) {
        return from_theirs;
    }
    quote! {
        #from_theirs

        #[cfg(feature = "windows-sys")]
        impl From<#name> for #theirs {
            /// The same bytes: the same C declaration. Every field of windows-sys's type is an
            /// integer, raw pointer, `Option` of a function pointer, or a record or union of
            /// those, so any bytes of ours are a value of theirs.
            fn from(value: #name) -> Self {
                unsafe { core::mem::transmute::<#name, #theirs>(value) }
            }
        }
    }
}

/// windows-sys's type for a record: `windows_sys::Win32::Networking::WinHttp::WINHTTP_ASYNC_RESULT`
/// for one in `Windows.Win32.Networking.WinHttp`. None for namespaces windows-sys does not
/// cover (Windows Runtime) and for records the metadata does not define as they are (a `note`),
/// except GUID, which windows-sys keeps in its `core` module.
pub fn windows_sys_type(def: &AbiType) -> Option<String> {
    if def.name == "GUID" && def.namespace == "Windows.Win32.Foundation" {
        return Some("windows_sys::core::GUID".to_string());
    }
    if def.note.is_some() {
        return None;
    }
    let rest = def.namespace.strip_prefix("Windows.Win32.")?;
    Some(format!("windows_sys::Win32::{}::{}", rest.replace('.', "::"), def.name))
}

/// Whether the type holds a one-byte boolean (C `bool`, `BOOLEAN`), which windows-sys may write
/// as Rust `bool`, for which not every byte is valid.
fn has_c_bool(set: &crate::abi::AbiSet, ty: &TypeRef, depth: usize) -> bool {
    if depth > 32 {
        return true;
    }
    match ty {
        TypeRef::Prim(p) => *p == Prim::Bool,
        TypeRef::Named(n) if n == "BOOLEAN" => true,
        TypeRef::Ptr { .. } => false,
        TypeRef::Array { of, .. } => has_c_bool(set, of, depth + 1),
        TypeRef::Named(n) => match set.any_def(n).map(|d| &d.body) {
            Some(Body::Struct(r) | Body::Union(r)) => r.fields.iter().any(|f| has_c_bool(set, &f.ty, depth + 1)),
            Some(Body::Typedef { ty }) => has_c_bool(set, ty, depth + 1),
            _ => false,
        },
    }
}

/// The outermost record a nested one is declared in.
fn root_name(catalog: &Catalog<'_>, def: &AbiType) -> String {
    let mut current = def;
    while let Some(outer) = current.nested_in.as_deref().and_then(|o| catalog.set.any_def(o)) {
        current = outer;
    }
    current.name.clone()
}

fn join(path: &str, member: &str) -> String {
    if path.is_empty() { member.to_string() } else { format!("{path}.{member}") }
}

fn is_anonymous(name: &str) -> bool {
    name.strip_prefix("Anonymous").is_some_and(|rest| rest.chars().all(|c| c.is_ascii_digit()))
}

/// The interfaces `interface` derives from, nearest last (IUnknown first).
fn base_chain<'s>(set: &'s crate::abi::AbiSet, interface: &Interface) -> Vec<&'s Interface> {
    let mut chain = Vec::new();
    let mut base = interface.base.clone();
    while let Some(name) = base.take() {
        if chain.len() > 16 {
            break;
        }
        if let Some(Body::Interface(i)) = set.any_def(&name).map(|d| &d.body) {
            chain.push(i);
            base = i.base.clone();
        }
    }
    chain.reverse();
    chain
}

fn undocumented(def: &AbiType, what: &str) -> String {
    let article = if what.starts_with(['a', 'e', 'i', 'o', 'u']) { "an" } else { "a" };
    let mut text = format!(
        "`{}`: {article} {what} of the Windows metadata (`{}`) that this family needs; no page in `docs-src` documents it.",
        def.name, def.namespace
    );
    if let Some(note) = &def.note {
        text.push_str("\n\n");
        text.push_str(&super::markdown::escape_text(note));
    }
    text
}

/// `#[doc(alias)]` for the page's typedef names and identifier-like keywords.
fn alias_attrs(page: &DocPage, rust_name: &str) -> TokenStream {
    let mut aliases: Vec<String> = Vec::new();
    let candidates = std::iter::once(page.item.name.as_str())
        .chain(page.item.aliases.iter().map(|a| a.name.as_str()))
        .chain(page.item.keywords.iter().map(|k| k.text.as_str()));
    for c in candidates {
        let c = c.trim();
        let c = c.rsplit('/').next().unwrap_or(c);
        if c != rust_name && super::names::is_valid_c_name(c) && !aliases.iter().any(|a| a == c) {
            aliases.push(c.to_string());
        }
    }
    aliases.sort();
    quote! { #( #[doc(alias = #aliases)] )* }
}

fn indent(text: &str) -> String {
    text.lines().map(|l| if l.is_empty() { String::new() } else { format!("  {l}") }).collect::<Vec<_>>().join("\n")
}

/// Whether `==` and hashing mean what they say for the type: integers, pointers and records of
/// those. Not unions (which member to compare?), floats or function pointers (whose addresses
/// are not unique).
fn comparable(set: &crate::abi::AbiSet, ty: &TypeRef, depth: usize) -> bool {
    if depth > 32 {
        return false;
    }
    match ty {
        TypeRef::Prim(p) => p.is_integer(),
        TypeRef::Ptr { .. } => true,
        TypeRef::Array { of, .. } => comparable(set, of, depth + 1),
        TypeRef::Named(n) => match set.any_def(n).map(|d| &d.body) {
            Some(Body::Struct(r)) => r.fields.iter().all(|f| comparable(set, &f.ty, depth + 1)),
            Some(Body::Typedef { ty }) => comparable(set, ty, depth + 1),
            Some(Body::Enum(_) | Body::Interface(_) | Body::Opaque { of: OpaqueKind::Interface }) => true,
            Some(Body::Union(_) | Body::Callback(_) | Body::Opaque { of: OpaqueKind::Record }) | None => false,
        },
    }
}

/// Whether every value of the type is valid in Rust (`PlainData` in `winasync::support`).
fn plain(set: &crate::abi::AbiSet, ty: &TypeRef, depth: usize) -> bool {
    if depth > 32 {
        return false;
    }
    match ty {
        TypeRef::Prim(_) | TypeRef::Ptr { .. } => true,
        TypeRef::Array { of, .. } => plain(set, of, depth + 1),
        TypeRef::Named(n) => match set.any_def(n).map(|d| &d.body) {
            Some(Body::Struct(r) | Body::Union(r)) => r.fields.iter().all(|f| plain(set, &f.ty, depth + 1)),
            Some(Body::Typedef { ty }) => plain(set, ty, depth + 1),
            Some(Body::Callback(sig)) => sig.params.len() <= MAX_CALLBACK_PARAMS,
            Some(Body::Enum(_) | Body::Interface(_) | Body::Opaque { of: OpaqueKind::Interface }) => true,
            Some(Body::Opaque { of: OpaqueKind::Record }) | None => false,
        },
    }
}

/// `#[cfg(any(target_arch = ...))]` for a definition that applies to some targets only.
fn cfg_attr(def: &AbiType) -> TokenStream {
    if def.arches.is_all() {
        return TokenStream::new();
    }
    let arches = Target::ALL.into_iter().filter(|t| def.arches.contains(*t)).map(|t| t.as_str());
    quote! { #[cfg(any(#(target_arch = #arches),*))] }
}

pub fn rust_type(ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::Prim(Prim::Void) => quote! { core::ffi::c_void },
        TypeRef::Prim(p) => {
            let p = format_ident!("{}", p.rust_name());
            quote! { #p }
        }
        TypeRef::Named(n) => {
            let n = ident(n);
            quote! { #n }
        }
        TypeRef::Ptr { mutable: true, to } => {
            let to = rust_type(to);
            quote! { *mut #to }
        }
        TypeRef::Ptr { mutable: false, to } => {
            let to = rust_type(to);
            quote! { *const #to }
        }
        TypeRef::Array { of, len } => {
            let of = rust_type(of);
            let len = Literal::u64_unsuffixed(*len);
            quote! { [#of; #len] }
        }
    }
}

fn ret_type(ty: &TypeRef) -> TokenStream {
    if *ty == TypeRef::Prim(Prim::Void) {
        return TokenStream::new();
    }
    let ty = rust_type(ty);
    quote! { -> #ty }
}

/// Parameters of a function pointer; `this` first for a vtable method.
fn params(sig: &Signature, this: Option<()>) -> Vec<TokenStream> {
    let mut out = Vec::new();
    if this.is_some() {
        out.push(quote! { this: *mut core::ffi::c_void });
    }
    for p in &sig.params {
        let name = ident(&p.name);
        let ty = rust_type(&p.ty);
        out.push(quote! { #name: #ty });
    }
    out
}

/// An integer literal of the repr's type (`5u32`, `-1i32`).
fn int_literal(value: i128, repr: &TypeRef) -> Result<TokenStream, EmitError> {
    let bad = || EmitError::Model(format!("value {value} is not an integer of type `{repr}`"));
    let TypeRef::Prim(p) = repr else { return Err(bad()) };
    // Pointer-sized constants must fit the 32-bit targets too.
    let (min, max): (i128, i128) = match p {
        Prim::I8 => (i8::MIN.into(), i8::MAX.into()),
        Prim::U8 | Prim::Bool => (0, u8::MAX.into()),
        Prim::I16 => (i16::MIN.into(), i16::MAX.into()),
        Prim::U16 | Prim::Char16 => (0, u16::MAX.into()),
        Prim::I32 | Prim::ISize => (i32::MIN.into(), i32::MAX.into()),
        Prim::U32 | Prim::USize => (0, u32::MAX.into()),
        Prim::I64 => (i64::MIN.into(), i64::MAX.into()),
        Prim::U64 => (0, u64::MAX.into()),
        Prim::Void | Prim::F32 | Prim::F64 => return Err(bad()),
    };
    if value < min || value > max {
        return Err(bad());
    }
    // A negative number is `-` and the magnitude (`-2147483648i32` is accepted for i32::MIN), with
    // no parentheses, which rustc would call unnecessary.
    let lit: Literal = format!("{}{}", value.unsigned_abs(), p.rust_name()).parse().map_err(|_| bad())?;
    Ok(if value < 0 {
        quote! { -#lit }
    } else {
        quote! { #lit }
    })
}

/// `GUID { data1: .., data2: .., data3: .., data4: [..] }` from `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`,
/// with the field names the ABI gives GUID.
fn guid_literal(set: &crate::abi::AbiSet, iid: &str) -> Result<TokenStream, EmitError> {
    let bad = |why: &str| EmitError::Model(format!("IID `{iid}`: {why}"));
    let Some(Body::Struct(guid)) = set.any_def("GUID").map(|d| &d.body) else {
        return Err(bad("the ABI set has no GUID structure"));
    };
    let names: Vec<&str> = guid.fields.iter().map(|f| f.name.as_str()).collect();
    let [d1, d2, d3, d4] = names[..] else { return Err(bad("GUID does not have four fields")) };
    let hex: String = iid.chars().filter(|c| *c != '-').collect();
    if hex.len() != 32 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(bad("not 32 hex digits"));
    }
    // Hex literals, as the IID is written (the digits were checked above).
    let lit = |range: std::ops::Range<usize>| -> Result<Literal, EmitError> {
        format!("0x{}", &hex[range]).parse::<Literal>().map_err(|_| bad("not hex"))
    };
    let (data1, data2, data3) = (lit(0..8)?, lit(8..12)?, lit(12..16)?);
    let bytes = (0..8).map(|i| lit(16 + 2 * i..18 + 2 * i)).collect::<Result<Vec<_>, _>>()?;
    let (d1, d2, d3, d4) = (ident(d1), ident(d2), ident(d3), ident(d4));
    Ok(quote! { GUID { #d1: #data1, #d2: #data2, #d3: #data3, #d4: [#(#bytes),*] } })
}

/// The doc of a module. (Each module imports the crate root with `use super::*`, so no item
/// depends on which module another type went to.)
pub fn module_doc(module: &str) -> String {
    if module == SHARED_MODULE {
        "Types that several headers' async-result types need (`GUID`, `HRESULT`, `IUnknown`, ...), from the Windows metadata.".to_string()
    } else {
        format!("The async-result types declared in `{module}.h`, with their value sets.")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lit(value: i128, repr: &str) -> Result<String, EmitError> {
        int_literal(value, &TypeRef::parse(repr).unwrap()).map(|t| t.to_string())
    }

    #[test]
    fn integer_literals_are_typed_and_range_checked() {
        assert_eq!(lit(5, "u32").unwrap(), "5u32");
        assert_eq!(lit(-1, "i32").unwrap(), "- 1i32");
        assert_eq!(lit(i32::MIN.into(), "i32").unwrap(), "- 2147483648i32");
        assert_eq!(lit(0xFFFF_FFFF, "usize").unwrap(), "4294967295usize");
        // A pointer-sized constant must fit the 32-bit targets.
        assert!(lit(0x1_0000_0000, "usize").is_err());
        assert!(lit(-1, "u8").is_err());
        assert!(lit(1, "f32").is_err());
    }

    #[test]
    fn guids_are_written_in_hex_with_the_abi_field_names() {
        let set = crate::abi::bundled().unwrap();
        let tokens = guid_literal(&set, "00000000-0000-0000-c000-000000000046").unwrap().to_string();
        assert_eq!(
            tokens,
            "GUID { data1 : 0x00000000 , data2 : 0x0000 , data3 : 0x0000 , data4 : [0xc0 , 0x00 , 0x00 , 0x00 , 0x00 , 0x00 , 0x00 , 0x46] }"
        );
        assert!(guid_literal(&set, "not-a-guid").is_err());
    }
}
