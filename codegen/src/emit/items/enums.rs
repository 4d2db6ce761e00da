//! Enums: the ABI's as a `#[repr(transparent)]` newtype over the integer with its members as
//! constants, and every closed set of values (an ABI enum's, or a value table's) as an
//! `#[async_result]` Rust enum.

use super::tokens::{int_literal, rust_type};
use super::{EmitError, Items, alias_attrs};
use crate::abi::size_align;
use crate::abi::{AbiType, Enumeration, Target, TypeRef};
use crate::emit::catalog::{ClosedEnum, ClosedKey, is_winrt};
use crate::emit::docs::DocText;
use crate::naming::ident;
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

impl<'c> Items<'c> {
    /// An ABI enum: a `#[repr(transparent)]` newtype over its integer type (any value the OS
    /// hands over stays representable) with its members as constants.
    pub(super) fn enumeration(&self, def: &AbiType, e: &Enumeration) -> Result<TokenStream, EmitError> {
        let name = ident(&def.name);
        let repr = rust_type(&e.repr);
        let page = self.catalog.page(&def.name);
        let closed = self.catalog.closed.get(&ClosedKey::Abi(def.name.clone()));
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
            unsafe impl ::winasync::support::PlainData for #name {}

            impl ::winasync::support::FieldSummary for #name {
                fn fmt_summary(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    ::winasync::support::FieldSummary::fmt_summary(&self.0, f)
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
                    impl ::core::fmt::Display for #name {
                        /// The member's name and the value (`NAME (1)`); a value no member has
                        /// as the bare number (so `unknown E value 9` reads once).
                        fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                            match <#closed_name as ::core::convert::TryFrom<#repr>>::try_from(self.0) {
                                Ok(known) => {
                                    f.write_str(::winasync::support::AsyncResultEnum::name(&known))?;
                                    f.write_str(" (")?;
                                    ::core::fmt::Display::fmt(&self.0, f)?;
                                    f.write_str(")")
                                }
                                Err(_) => ::core::fmt::Display::fmt(&self.0, f),
                            }
                        }
                    }

                    // Named in full: `TryFrom` is not in the 2015 and 2018 editions' prelude.
                    impl ::core::convert::TryFrom<#name> for #closed_name {
                        type Error = ::winasync::support::UnknownValue<#repr>;
                        fn try_from(raw: #name) -> ::core::result::Result<Self, ::winasync::support::UnknownValue<#repr>> {
                            <Self as ::core::convert::TryFrom<#repr>>::try_from(raw.0)
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
                impl ::core::fmt::Display for #name {
                    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                        ::core::fmt::Display::fmt(&self.0, f)
                    }
                }
            }),
        }
        Ok(out)
    }

    /// The first paragraph of a value table's enum, which module pages and search show: whose
    /// values it holds (`The values of [`WINHTTP_ASYNC_RESULT`]'s `dwResult`, ...`).
    fn table_summary(&self, closed: &ClosedEnum) -> String {
        let fields: Vec<String> = self
            .catalog
            .tables_of(&closed.name)
            .into_iter()
            .map(|(owner, member)| match self.catalog.module(owner) == closed.module {
                true => format!("[`{owner}`]'s `{member}`"),
                false => format!("`{owner}`'s `{member}`"),
            })
            .collect();
        match &fields[..] {
            [] => "The values of a documented value table, as a Rust enum.".to_string(),
            [one] => format!("The values of {one}, from the table on its page, as a Rust enum."),
            [init @ .., last] => {
                format!("The values of {} and {last}, from the tables on their pages, as a Rust enum.", init.join(", "))
            }
        }
    }

    /// A closed `#[async_result]` enum: the known values, reached through `TryFrom`.
    pub(super) fn closed_enum(&self, closed: &ClosedEnum) -> Result<TokenStream, EmitError> {
        let name = ident(&closed.name);
        let repr = rust_type(&closed.repr);
        let TypeRef::Prim(_) = &closed.repr else {
            return Err(EmitError::NonIntegerRepr { name: closed.name.clone(), repr: closed.repr.to_string() });
        };
        let raw = closed.raw.clone();
        let page = raw.as_deref().and_then(|r| self.catalog.page(r));
        let mut doc = DocText::new();
        match (&raw, &closed.family) {
            (_, Some((field, note))) => {
                doc.push(format!(
                    "The values [`{field}`] holds, as a Rust enum: constants of the Windows metadata that no page lists in a table. Convert a raw value with `TryFrom` (the error keeps the value); `Display` shows the C name."
                ));
                doc.push(crate::emit::markdown::escape_text(note));
            }
            (Some(raw), None) => {
                doc.push(format!(
                    "The values of [`{raw}`] known here, as a Rust enum. Convert a raw value with `TryFrom` (the error keeps the value); `Display` shows the C name, `{{:#}}` its description."
                ));
            }
            (None, None) if closed.named_by_meaning => {
                // The list of values in a paragraph of its own: the first one is the summary that
                // module pages and search show.
                let values: Vec<String> = closed.entries.iter().map(|e| e.value.to_string()).collect();
                doc.push(self.table_summary(closed));
                doc.push("The page gives the values no C names, so the variants are named by their meanings. Convert a raw value with `TryFrom` (the error keeps the value); `Display` shows the name, `{:#}` the page's description.");
                doc.push(format!("Values: {}.", values.join(", ")));
            }
            (None, None) => {
                // A link for the constants the crate has; the page's own names (no ABI constant)
                // are only names.
                let constants: Vec<String> = closed
                    .entries
                    .iter()
                    .map(|e| match self.catalog.set.constant(&e.name) {
                        Some(_) => format!("[`{}`]", e.name),
                        None => format!("`{}`", e.name),
                    })
                    .collect();
                doc.push(self.table_summary(closed));
                doc.push("Convert a raw value with `TryFrom` (the error keeps the value); `Display` shows the C name, `{:#}` its description.");
                doc.push(format!("Values: {}.", constants.join(", ")));
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
        // Per target: a value table on a pointer-sized field (`DWORD_PTR`) makes a
        // `#[repr(usize)]` enum, 4 bytes on x86.
        let targets = Target::ALL
            .into_iter()
            .map(|target| {
                let (size, align) = size_align(self.catalog.set, &closed.repr, target)
                    .map_err(|source| EmitError::Layout { ty: closed.name.clone(), target, source })?;
                let (size, align) = (Literal::u64_unsuffixed(size), Literal::u64_unsuffixed(align));
                let target = format_ident!("{}", target.as_str());
                Ok(quote! { #target(size = #size, align = #align) })
            })
            .collect::<Result<Vec<_>, EmitError>>()?;
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
                        // A value table's rows are plain text; only an ABI enum's members (markdown) need
                        // their page to resolve links.
                        let text = self.docs.doc(page, d);
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
                vdoc.push(if closed.named_by_meaning {
                    format!("Value {}; the page gives it no C name, so it is named by its meaning.", e.value)
                } else {
                    format!("C name: `{cname}`, value {}.", e.value)
                });
                let vdoc = vdoc.attrs();
                Ok(quote! {
                    #vdoc
                    #[async_result(name = #cname)]
                    #vname = #value
                })
            })
            .collect::<Result<Vec<_>, EmitError>>()?;
        Ok(quote! {
            #doc
            #[async_result(layout(#(#targets),*))]
            #[repr(#repr)]
            #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
            pub enum #name { #(#variants),* }
        })
    }
}
