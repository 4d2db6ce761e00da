//! Rust items for ABI definitions, one file a kind: [`record`] (structs and unions, with their
//! layout and value tables), [`enums`] (the raw newtype and the closed enum), [`interface`]
//! (interfaces and callbacks), and [`tokens`] (how types and numbers are written). This file
//! walks a module and holds what every kind shares (descriptions, aliases, typedefs, opaque
//! types, constants).

mod enums;
mod interface;
mod record;
mod status;
mod tokens;

pub use record::{WINDOWS_SYS_LACKS, windows_sys_type};
pub use tokens::rust_type;

use super::EmitError;
use super::catalog::{Catalog, DocPage};
use super::docs::{DocText, DocWriter};
use crate::abi::Layout;
use crate::abi::record_layout;
use crate::abi::{AbiType, Body, OpaqueKind, Target, TypeRef, c_spelling};
use crate::model::Field;
use crate::naming::{ModuleName, ident};
use proc_macro2::TokenStream;
use quote::quote;
use tokens::int_literal;

pub struct Items<'c> {
    catalog: &'c Catalog<'c>,
    docs: DocWriter<'c>,
    options: &'c super::Options,
}

impl<'c> Items<'c> {
    pub fn new(catalog: &'c Catalog<'c>, options: &'c super::Options) -> Self {
        Items { catalog, docs: DocWriter::new(catalog), options }
    }

    /// `#[cfg(feature = "...")]` for the windows-sys conversions; `None` when they are left out.
    fn windows_sys_cfg(&self) -> Option<TokenStream> {
        let feature = self.options.windows_sys_feature.as_deref()?;
        Some(quote! { #[cfg(feature = #feature)] })
    }

    /// Every item of one module, in a fixed order: types by name, then closed enums, then
    /// constants.
    pub fn module(&self, module: &ModuleName) -> Result<TokenStream, EmitError> {
        let set = self.catalog.set;
        let mut out = TokenStream::new();
        for def in set.types.iter().filter(|d| &self.catalog.module(&d.name) == module) {
            out.extend(self.definition(def)?);
        }
        for (_, closed) in self.catalog.closed_in(module) {
            out.extend(self.closed_enum(closed)?);
        }
        for c in set.constants.iter().filter(|c| self.catalog.constant_module.get(&c.name) == Some(module)) {
            let name = ident(&c.name);
            let ty = rust_type(&c.ty);
            // A constant of a typedef (`HRESULT`) is written as the integer it stands for.
            let value = int_literal(c.value, &set.prim_of(&c.ty).map_or_else(|| c.ty.clone(), TypeRef::Prim))?;
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
        let file: syn::File = syn::parse2(item)
            .map_err(|source| EmitError::Tokens { what: format!("the items of `{}`", def.name), source })?;
        let items = file.items.into_iter().map(|i| quote! { #cfg #i });
        Ok(quote! { #(#items)* })
    }

    fn layouts(&self, def: &AbiType) -> Result<Vec<(Target, Layout)>, EmitError> {
        Target::ALL
            .into_iter()
            .filter(|t| def.arches.contains(*t))
            .map(|t| {
                record_layout(self.catalog.set, &def.name, t).map(|l| (t, l)).map_err(|source| EmitError::Layout {
                    ty: def.name.clone(),
                    target: t,
                    source,
                })
            })
            .collect()
    }

    /// The page's description, or where the type comes from when no page documents it.
    pub(super) fn description(&self, doc: &mut DocText, page: Option<&DocPage>, def: &AbiType, what: &str) {
        match page {
            Some(page) => doc.push(self.docs.markdown(page, &page.item.description.source)),
            None => doc.push(undocumented(def, what)),
        };
    }

    /// A typedef. One a page documents (`WSAOVERLAPPED`, another name of `OVERLAPPED`) carries
    /// the page's docs; the fields are documented on the type it names.
    fn typedef(&self, def: &AbiType, ty: &TypeRef) -> TokenStream {
        let name = ident(&def.name);
        let target = rust_type(ty);
        let page = self.catalog.page(&def.name);
        let mut doc = DocText::new();
        if let Some(page) = page {
            doc.push(self.docs.markdown(page, &page.item.description.source));
        }
        let c = c_spelling(ty, self.catalog.set);
        doc.push(match (page, ty) {
            (Some(_), TypeRef::Named(n)) => format!("Another name of [`{n}`] (`{c}` in C), whose fields it documents."),
            _ => format!("`{}`: `{c}` in C, from the Windows metadata (`{}`).", def.name, def.namespace),
        });
        if let Some(note) = &def.note {
            doc.push(crate::emit::markdown::escape_text(note));
        }
        if let Some(page) = page {
            // The page's own words on the fields (WSAOVERLAPPED's are about Winsock providers),
            // which the named type's docs, from its own page, do not carry.
            let fields: Vec<&Field> =
                page.item.fields.iter().filter(|f| !f.description.source.trim().is_empty()).collect();
            if !fields.is_empty() {
                doc.section("Fields, as this page documents them", self.field_list(page, &fields));
            }
            self.docs.page_sections(&mut doc, page, None);
        }
        let aliases = page.map(|p| alias_attrs(p, &def.name)).unwrap_or_default();
        let doc = doc.attrs();
        quote! { #doc #aliases pub type #name = #target; }
    }

    fn opaque(&self, def: &AbiType) -> TokenStream {
        let name = ident(&def.name);
        let mut doc = DocText::new();
        doc.push(format!(
            "`{}` (`{}`): the documented types only reach it through pointers, so its contents are not generated. It has no size; use `*mut {}`.",
            def.name, def.namespace, def.name
        ));
        let doc = doc.attrs();
        quote! {
            #doc
            #[repr(C)]
            pub struct #name {
                _data: [u8; 0],
                /// Not `Send`, `Sync` or `Unpin`: nothing is known about the value behind a pointer.
                _marker: ::core::marker::PhantomData<(*mut u8, ::core::marker::PhantomPinned)>,
            }
        }
    }
}

pub(super) fn undocumented(def: &AbiType, what: &str) -> String {
    let article = if what.starts_with(['a', 'e', 'i', 'o', 'u']) { "an" } else { "a" };
    match &def.note {
        // A definition from the reviewed supplement: the note says where it comes from.
        Some(note) => format!(
            "`{}`: {article} {what} that the documented types need (namespace `{}`); no page documents it.\n\n{}",
            def.name,
            def.namespace,
            crate::emit::markdown::escape_text(note)
        ),
        None => format!(
            "`{}`: {article} {what} of the Windows metadata (`{}`) that the documented types need; no page documents it.",
            def.name, def.namespace
        ),
    }
}

/// `#[doc(alias)]` for the page's typedef names and identifier-like keywords.
pub(super) fn alias_attrs(page: &DocPage, rust_name: &str) -> TokenStream {
    let mut aliases: Vec<String> = Vec::new();
    // Keywords are search terms of every kind (`described` is the tail of a sentence cut at a
    // comma in some pages): only those that look like API names are aliases.
    let keywords = page.item.keywords.iter().map(|k| k.text.trim()).map(|k| k.rsplit('/').next().unwrap_or(k));
    let candidates = std::iter::once(page.item.name.as_str())
        .chain(page.item.aliases.iter().map(|a| a.name.as_str()))
        .chain(keywords.filter(|k| crate::naming::looks_like_api_name(k)));
    for c in candidates {
        let c = c.trim();
        if c != rust_name && crate::naming::is_identifier(c) && !aliases.iter().any(|a| a == c) {
            aliases.push(c.to_string());
        }
    }
    aliases.sort();
    quote! { #( #[doc(alias = #aliases)] )* }
}

pub(super) fn indent(text: &str) -> String {
    text.lines().map(|l| if l.is_empty() { String::new() } else { format!("  {l}") }).collect::<Vec<_>>().join("\n")
}

/// `#[cfg(any(target_arch = ...))]` for a definition that applies to some targets only.
fn cfg_attr(def: &AbiType) -> TokenStream {
    if def.arches.is_all() {
        return TokenStream::new();
    }
    let arches = Target::ALL.into_iter().filter(|t| def.arches.contains(*t)).map(|t| t.as_str());
    quote! { #[cfg(any(#(target_arch = #arches),*))] }
}

/// The doc of a module. (Each module imports the crate root with `use super::*`, so no item
/// depends on which module another type went to.)
pub fn module_doc(module: &ModuleName) -> String {
    if module.is_shared() {
        "What the documented types need beyond their own headers' pages: types of the Windows metadata (`GUID`, `HRESULT`, `IUnknown`, ...) and constants.".to_string()
    } else {
        format!("The documented types declared in `{module}.h`, with their value sets.")
    }
}
