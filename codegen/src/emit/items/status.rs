//! Status decoders: for a status callback of `codegen/status-payloads.toml`, an enum with one
//! variant per status (and per context where the payload changes with it), holding what the
//! status carries, and `from_callback`, which reads it from the callback's raw arguments through
//! `winasync::support::StatusInfo` (null, length and alignment checked before a byte is read).

use super::tokens::{int_literal, rust_type};
use super::{EmitError, Items};
use crate::abi::{AbiSet, AbiType, Body, Prim, Signature, TypeRef};
use crate::emit::catalog::{ClosedEnum, DocPage, Entry};
use crate::emit::docs::DocText;
use crate::naming::ident;
use crate::payloads::{self, Carries, Decision, Plan, Source, StringUnit};
use proc_macro2::TokenStream;
use quote::quote;

/// One variant of a decoder.
struct Variant<'p> {
    name: proc_macro2::Ident,
    entry: &'p Entry,
    decision: Option<&'p Decision>,
    /// What it holds: the decision's payload, or the raw pointer and length when there is no
    /// decision, or the decision names a record the ABI set does not have.
    carries: Carries,
    /// The context variant it is for, if not every one.
    when: Option<&'p str>,
}

impl<'c> Items<'c> {
    /// The decoder of a status callback, when the mapping names it; nothing otherwise.
    pub(super) fn status_decoder(
        &self,
        def: &AbiType,
        sig: &Signature,
        page: &DocPage,
    ) -> Result<TokenStream, EmitError> {
        let (Some(plan), _) = payloads::plan(&page.item, self.catalog.set) else { return Ok(TokenStream::new()) };
        let spec = plan.spec;
        let bad = |why: String| EmitError::StatusDecoder { callback: def.name.clone(), why };
        let param_ty = |name: &str| {
            sig.params
                .iter()
                .find(|p| p.name == name)
                .map(|p| p.ty.clone())
                .ok_or_else(|| bad(format!("no parameter `{name}`")))
        };
        let status_ty = param_ty(&spec.status_param)?;
        let length_ty = param_ty(&spec.length_param)?;
        // The readers take both as `u32`, the type both have in the callbacks known today.
        let u32_ty = TypeRef::Prim(Prim::U32);
        let length_u32 = (length_ty != u32_ty).then(|| quote!(let len = len as u32;));
        let (raw_status, status_field) = if status_ty == u32_ty {
            (quote!(status), quote!(status))
        } else {
            (quote!(status as u32), quote!(status: status as u32))
        };
        param_ty(&spec.info_param)?;
        let table = self
            .catalog
            .table(&def.name, &spec.status_param)
            .and_then(|t| self.catalog.closed_by_name(&t.enum_name))
            .ok_or_else(|| bad(format!("`{}` has no value table", spec.status_param)))?;

        let variants = variants(&plan, table, self.catalog.set).map_err(bad)?;
        let uses_lifetime = variants.iter().any(|v| borrows(carries(v)));
        let lifetime = if uses_lifetime { quote!(<'a>) } else { TokenStream::new() };
        let decoder = ident(&spec.decoder);
        let display_ty = if uses_lifetime { quote!(#decoder<'_>) } else { quote!(#decoder) };
        let context = spec.context.as_ref();

        // The context enum.
        let mut out = TokenStream::new();
        if let Some(context) = context {
            let name = ident(&context.name);
            let mut doc = DocText::new();
            // The mapping's own prose (reviewed, in codegen/status-payloads.toml): markdown.
            doc.push(context.doc.trim());
            let doc = doc.attrs();
            let items = context.variants.iter().map(|v| {
                let (vname, vdoc) = (ident(&v.name), format!(" {}", v.doc));
                quote! { #[doc = #vdoc] #vname }
            });
            out.extend(quote! {
                #doc
                #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
                pub enum #name { #(#items),* }
            });
        }

        // The decoder enum.
        // Arms for one context come before the status's arm for every other.
        let (mut guarded_arms, mut arms) = (Vec::new(), Vec::new());
        let mut status_arms = Vec::new();
        let mut display_arms = Vec::new();
        let mut enum_variants = Vec::new();
        for v in &variants {
            let name = &v.name;
            let carries = carries(v);
            let payload = payload_type(carries, spec.strings)?;
            // The status constant by name when the crate has it with the parameter's type.
            let value = match self.catalog.set.constant(&v.entry.name) {
                Some(c) if c.ty == status_ty && c.value == v.entry.value => {
                    let name = ident(&c.name);
                    quote!(#name)
                }
                _ => int_literal(v.entry.value, &status_ty)?,
            };
            let cname = &v.entry.name;
            let doc = self.variant_doc(v, &plan, table).attrs();
            enum_variants.push(match &payload {
                Some(ty) => quote! { #doc #name(#ty) },
                None => quote! { #doc #name },
            });
            let read = read_expr(carries, spec.strings, self.catalog.set);
            let guard = match (v.when, context) {
                (Some(when), Some(c)) => {
                    let (cty, cv) = (ident(&c.name), ident(when));
                    quote! { if context == #cty::#cv }
                }
                _ => TokenStream::new(),
            };
            let arm_list = if v.when.is_some() { &mut guarded_arms } else { &mut arms };
            let info =
                quote!(let info = ::winasync::support::StatusInfo { #status_field, name: #cname, ptr: info, len };);
            arm_list.push(match read {
                Read::Nothing => quote! { #value #guard => Ok(Self::#name), },
                Read::Unread => quote! { #value #guard => { #info Ok(Self::#name(info.raw())) } },
                Read::Checked(read) => quote! {
                    #value #guard => {
                        #info
                        // SAFETY: passed on from the caller of `from_callback`.
                        Ok(Self::#name(unsafe { #read }?))
                    }
                },
            });
            let closed = ident(&table.name);
            let plain = ident(&v.entry.variant);
            let pattern = if payload.is_some() { quote!(Self::#name(..)) } else { quote!(Self::#name) };
            status_arms.push(quote! { #pattern => #closed::#plain });
            display_arms.push(display_arm(name, cname, carries, payload.is_some(), spec.strings));
        }
        let context_param = context.map(|c| {
            let cty = ident(&c.name);
            quote! { , context: #cty }
        });
        let context_doc = context.map(|c| {
            format!(
                " `context` is the kind of handle the call is for ([`{}`]); some statuses carry another payload on some kinds.",
                c.name
            )
        });
        let unused_context = (context.is_some() && guarded_arms.is_empty()).then(|| quote!(let _ = context;));
        let (status_rust, length_rust) = (rust_type(&status_ty), rust_type(&length_ty));

        let closed = ident(&table.name);
        let callback_name = &def.name;
        let mut doc = DocText::new();
        doc.push(format!(
            "What a [`{callback_name}`] call carries in `{}`, read according to its `{}`: one variant per status (see [`{}`]), holding the payload the docs describe.",
            spec.info_param, spec.status_param, table.name
        ));
        if let Some(extra) = &spec.doc {
            doc.push(extra.clone());
        }
        doc.push(format!(
            "Build one with [`{}::from_callback`] inside the callback. Borrowed payloads live as long as `'a`, which the caller must not let outlive the call: the buffer is the callback's.",
            spec.decoder
        ));
        let doc = doc.attrs();
        let from_doc = format!(
            " Reads the payload of `status` from `{}` and `{}` as the callback received them.",
            spec.info_param, spec.length_param
        );
        let context_doc = context_doc.map(|d| quote!(#[doc = ""] #[doc = #d]));
        out.extend(quote! {
            #doc
            #[derive(Clone, Copy, Debug)]
            pub enum #decoder #lifetime { #(#enum_variants),* }

            impl #lifetime #decoder #lifetime {
                #[doc = #from_doc]
                #context_doc
                ///
                /// A status that carries nothing ignores the pointer and the length; a slice accepts a
                /// null pointer with length 0 as empty; any other null pointer, a length other than the
                /// payload's, a UTF-16 string at an odd address or an unknown status is an error that
                /// keeps the status, pointer and length. Nothing is read past the length.
                ///
                /// # Safety
                ///
                /// When the pointer is not null, it must be valid for reads of the length given (bytes,
                /// or UTF-16 units for a WinHTTP string) for `'a`, as the callback's arguments are during
                /// the call.
                pub unsafe fn from_callback(
                    status: #status_rust,
                    info: *const ::core::ffi::c_void,
                    len: #length_rust
                    #context_param
                ) -> Result<Self, ::winasync::support::StatusInfoError> {
                    #length_u32
                    #unused_context
                    match status {
                        #(#guarded_arms)*
                        #(#arms)*
                        _ => Err(::winasync::support::StatusInfo::unknown(#raw_status, info, len)),
                    }
                }

                /// The status, as the closed enum of the status codes.
                pub fn status(&self) -> #closed {
                    match self { #(#status_arms),* }
                }
            }

            impl ::core::fmt::Display for #display_ty {
                /// The status's C name, then what it carries.
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    match self { #(#display_arms)* }
                }
            }
        });
        Ok(out)
    }

    fn variant_doc(&self, v: &Variant<'_>, plan: &Plan, table: &ClosedEnum) -> DocText {
        let mut doc = DocText::new();
        let mut head = format!("`{}` ({:#010x})", v.entry.name, v.entry.value);
        if let Some(when) = v.when {
            head.push_str(&format!(" on a `{when}` handle"));
        }
        let carries = carries(v);
        head.push_str(&format!(": carries {}.", carries.describe(plan.spec.strings)));
        doc.push(head);
        match v.decision.map(|d| &d.source) {
            Some(Source::Row(words)) => {
                doc.push(format!("The docs' row says: \"{}\".", crate::emit::markdown::escape_text(words)));
            }
            Some(Source::Mapping { quote, evidence }) => {
                if let Some(quote) = quote {
                    doc.push(format!(
                        "The docs' row, as the generator's reviewed status mapping quotes it: \"{}\".",
                        crate::emit::markdown::escape_text(quote)
                    ));
                }
                if let Some(evidence) = evidence {
                    doc.push(format!("**What implementations do:** {}", crate::emit::markdown::escape_text(evidence)));
                }
            }
            Some(Source::Unknown) => {
                doc.push("The docs' row does not say what it carries in words the generator reads, and no reviewed entry does: the pointer and length are handed over unread.");
            }
            None => {
                doc.push("The page lists no row for this status (it is in the Windows metadata): the pointer and length are handed over unread.");
            }
        }
        if let Some(d) = v.decision
            && d.carries != v.carries
        {
            doc.push(format!(
                "It carries {}, which the ABI set these types were generated from does not have: the pointer and length are handed over unread.",
                d.carries.describe(plan.spec.strings)
            ));
        }
        doc.push(format!("See [`{}::{}`] for what the status means.", table.name, v.entry.variant));
        doc
    }
}

/// The decoder's variants: each status of the table in value order, plain first, then its
/// context variants.
/// The error says why there are none.
fn variants<'p>(plan: &'p Plan, table: &'p ClosedEnum, set: &AbiSet) -> Result<Vec<Variant<'p>>, String> {
    let is_record = |name: &str| matches!(set.any_def(name).map(|d| &d.body), Some(Body::Struct(_) | Body::Union(_)));
    let carries = |d: Option<&Decision>| match d.map(|d| &d.carries) {
        Some(Carries::Record(r) | Carries::HandleOrRecord { record: r, .. }) if !is_record(r) => Carries::Raw,
        Some(c) => c.clone(),
        None => Carries::Raw,
    };
    let mut out = Vec::new();
    for entry in &table.entries {
        let decisions: Vec<&Decision> = plan.for_status(&entry.name).collect();
        let plain = decisions.iter().find(|d| d.when.is_none()).copied();
        out.push(Variant { name: ident(&entry.variant), entry, decision: plain, carries: carries(plain), when: None });
        for d in decisions.iter().filter(|d| d.when.is_some()) {
            let name = d
                .variant
                .as_deref()
                .ok_or_else(|| format!("status-payloads.toml: `{}` when `{:?}` has no `variant`", d.status, d.when))?;
            let carries = carries(Some(d));
            out.push(Variant { name: ident(name), entry, decision: Some(d), carries, when: d.when.as_deref() });
        }
    }
    let mut seen = std::collections::BTreeSet::new();
    for v in &out {
        if !seen.insert(v.name.to_string()) {
            return Err(format!("two variants named `{}`", v.name));
        }
    }
    Ok(out)
}

fn carries<'v>(v: &'v Variant<'_>) -> &'v Carries {
    &v.carries
}

fn borrows(carries: &Carries) -> bool {
    matches!(carries, Carries::Buffer | Carries::String | Carries::Bytes)
}

/// The variant's payload type; `None` for a status that carries nothing.
fn payload_type(carries: &Carries, strings: StringUnit) -> Result<Option<TokenStream>, EmitError> {
    Ok(Some(match carries {
        Carries::Nothing => return Ok(None),
        Carries::Dword => quote!(u32),
        Carries::Handle | Carries::HandleOrRecord { .. } => quote!(*mut ::core::ffi::c_void),
        Carries::Record(name) => {
            let name = ident(name);
            quote!(#name)
        }
        Carries::Buffer | Carries::Bytes => quote!(&'a [u8]),
        Carries::String => match strings {
            StringUnit::Utf16UnitsWithNul => quote!(&'a [u16]),
            StringUnit::Bytes => quote!(&'a [u8]),
        },
        Carries::Raw => quote!(::winasync::support::RawStatusInfo),
    }))
}

/// How a status's payload is had from `info` (a `support::StatusInfo`).
enum Read {
    Nothing,
    /// The pointer and length, not read.
    Unread,
    /// An `unsafe` reader that checks before it reads.
    Checked(TokenStream),
}

fn read_expr(carries: &Carries, strings: StringUnit, set: &crate::abi::AbiSet) -> Read {
    Read::Checked(match carries {
        Carries::Nothing => return Read::Nothing,
        Carries::Raw => return Read::Unread,
        Carries::Dword => quote!(info.value::<u32>()),
        Carries::Handle => quote!(info.value::<*mut ::core::ffi::c_void>()),
        Carries::Record(name) => {
            let name = ident(name);
            quote!(info.value::<#name>())
        }
        Carries::HandleOrRecord { record, field } => {
            let (record, field) = (ident(record), ident(field));
            // The handle is a number to the program (never dereferenced here): no provenance.
            let number = match field_type(set, &record.to_string(), &field.to_string()) {
                Some(TypeRef::Prim(Prim::USize)) => quote!(r.#field),
                _ => quote!(r.#field as usize),
            };
            quote!(info.value_or::<*mut ::core::ffi::c_void, #record>(|r| ::core::ptr::without_provenance_mut(#number)))
        }
        Carries::Buffer | Carries::Bytes => quote!(info.bytes()),
        Carries::String => match strings {
            StringUnit::Utf16UnitsWithNul => quote!(info.wide_units()),
            StringUnit::Bytes => quote!(info.bytes()),
        },
    })
}

fn display_arm(
    name: &proc_macro2::Ident,
    cname: &str,
    carries: &Carries,
    has_payload: bool,
    strings: StringUnit,
) -> TokenStream {
    if !has_payload {
        return quote! { Self::#name => f.write_str(#cname), };
    }
    // Format strings made here, with the status's name in them.
    let value = format!("{cname}: {{}}");
    let body = match carries {
        Carries::Dword | Carries::Record(_) => quote!(write!(f, #value, p)),
        Carries::Handle | Carries::HandleOrRecord { .. } => {
            let pointer = format!("{cname}: {{:p}}");
            quote!(write!(f, #pointer, *p))
        }
        Carries::String if strings == StringUnit::Utf16UnitsWithNul => {
            let open = format!("{cname}: \"");
            quote! {{
                f.write_str(#open)?;
                for c in ::core::char::decode_utf16(p.iter().copied()) {
                    ::core::fmt::Write::write_char(f, c.unwrap_or(::core::char::REPLACEMENT_CHARACTER))?;
                }
                f.write_str("\"")
            }}
        }
        Carries::Buffer | Carries::Bytes | Carries::String => {
            let bytes = format!("{cname}: {{}} bytes");
            quote!(write!(f, #bytes, p.len()))
        }
        Carries::Raw => {
            let raw = format!("{cname}: {{}} bytes at {{:p}}, not read");
            quote!(write!(f, #raw, p.len, p.ptr))
        }
        Carries::Nothing => quote!(f.write_str(#cname)),
    };
    quote! { Self::#name(p) => #body, }
}

/// The ABI type of a record's field.
fn field_type(set: &crate::abi::AbiSet, record: &str, field: &str) -> Option<TypeRef> {
    match &set.any_def(record)?.body {
        Body::Struct(r) | Body::Union(r) => r.fields.iter().find(|f| f.name == field).map(|f| f.ty.clone()),
        _ => None,
    }
}
