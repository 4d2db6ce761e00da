//! The expansion. Works on `proc_macro2` only, so the unit tests can run it outside a compiler.
//!
//! Every runtime item is named `::winasync::support::...`: downstream crates depend on `winasync`
//! alone, and `winasync` has `extern crate self as winasync;` for its own types.

use crate::ast::{Body, Field, Input, Variant};
use crate::attr::{Bytes, Target};
use crate::{fallback, valid};
use proc_macro2::{Ident, Span, TokenStream, TokenTree};
use quote::{format_ident, quote, quote_spanned};
use syn::ext::IdentExt;
use syn::spanned::Spanned;
use syn::{DeriveInput, LitInt};

pub fn async_result(args: TokenStream, input: TokenStream) -> TokenStream {
    let item: DeriveInput = match syn::parse2(input.clone()) {
        Ok(item) => item,
        Err(err) => return not_an_item(input, err),
    };
    let mut errors = Vec::new();
    let input = Input::from_syn(args, item, &mut errors);
    valid::validate(&input, &mut errors);
    if errors.is_empty() { expand(&input) } else { fallback::expand(&input, &errors) }
}

/// The input is emitted unchanged: a function or impl that is merely misannotated should not
/// also vanish and take its callers down with it.
fn not_an_item(input: TokenStream, err: syn::Error) -> TokenStream {
    let is_type = input
        .clone()
        .into_iter()
        .any(|tt| matches!(&tt, TokenTree::Ident(i) if i == "struct" || i == "enum" || i == "union"));
    let err = if is_type {
        err
    } else {
        syn::Error::new(Span::call_site(), "`#[async_result]` applies only to enums, structs and unions")
    };
    let err = err.to_compile_error();
    quote!(#input #err)
}

fn expand(input: &Input) -> TokenStream {
    let item = &input.item;
    let layout = layout_assertions(input);
    let impls = match &input.body {
        Body::Enum(variants) => enum_impls(input, variants),
        Body::Struct(fields) => struct_impls(input, fields),
        Body::Union(fields) => union_impls(input, fields),
    };
    quote! {
        #item
        #layout
        #impls
    }
}

/// `Display` names the type as written, without `r#`.
pub fn type_name(input: &Input) -> String {
    input.ident.unraw().to_string()
}

/// One `const` per assertion, each behind its target's `cfg`: the numbers differ per target, and
/// only the target being compiled can be checked. Separate consts so that every wrong number is
/// reported, not only the first.
fn layout_assertions(input: &Input) -> TokenStream {
    let ident = &input.ident;
    let name = type_name(input);
    let fields: &[Field] = match &input.body {
        Body::Enum(_) => &[],
        Body::Struct(fields) | Body::Union(fields) => fields,
    };
    let mut out = TokenStream::new();
    for target in Target::ALL {
        let arch = target.as_str();
        let mut assert = |value: TokenStream, property: String, expected: Bytes| {
            let message = format!("{name}: {property} on {arch} must be {}", expected.value);
            let literal = LitInt::new(&format!("{}usize", expected.value), expected.span);
            let check = quote_spanned! {expected.span=>
                ::core::assert!(#value == #literal, #message)
            };
            out.extend(quote! {
                #[cfg(target_arch = #arch)]
                const _: () = #check;
            });
        };
        for layout in input.attrs.layout.iter().filter(|l| l.target == target) {
            if let Some(size) = layout.size {
                assert(quote!(::core::mem::size_of::<#ident>()), "size".to_owned(), size);
            }
            if let Some(align) = layout.align {
                assert(quote!(::core::mem::align_of::<#ident>()), "align".to_owned(), align);
            }
        }
        for field in fields {
            let Some(field_ident) = &field.ident else { continue };
            for offset in field.attrs.offset.iter().filter(|o| o.target == target) {
                let property = format!("offset of {}", field_ident.unraw());
                assert(quote!(::core::mem::offset_of!(#ident, #field_ident)), property, offset.offset);
            }
        }
    }
    out
}

fn enum_impls(input: &Input, variants: &[Variant]) -> TokenStream {
    let ident = &input.ident;
    let name = type_name(input);
    let repr = input.repr.int.as_ref().expect("validated: enums have an integer repr");
    let idents: Vec<&Ident> = variants.iter().map(|v| &v.ident).collect();
    let names: Vec<String> = variants.iter().map(variant_name).collect();
    let summaries: Vec<String> =
        variants.iter().zip(&names).map(|(v, name)| v.summary.clone().unwrap_or_else(|| name.clone())).collect();
    // Consts rather than `x if x == A as u32` guards, so that the match compiles to the same
    // jump table or range check as a match on literals.
    let consts: Vec<Ident> = (0..variants.len()).map(|i| format_ident!("__V{}", i)).collect();
    let display = input.attrs.display().then(|| enum_display(input));
    quote! {
        impl ::winasync::support::AsyncResultEnum for #ident {
            type Repr = #repr;
            const TYPE_NAME: &'static str = #name;
            const VALUES: &'static [Self] = &[#(#ident::#idents),*];

            #[inline]
            fn name(&self) -> &'static str {
                match self {
                    #(#ident::#idents => #names,)*
                }
            }

            #[inline]
            fn summary(&self) -> &'static str {
                match self {
                    #(#ident::#idents => #summaries,)*
                }
            }

            #[inline]
            fn from_repr(raw: #repr) -> ::core::option::Option<Self> {
                <Self as ::core::convert::TryFrom<#repr>>::try_from(raw).ok()
            }

            #[inline]
            fn to_repr(&self) -> #repr {
                match self {
                    #(#ident::#idents => #ident::#idents as #repr,)*
                }
            }
        }

        impl ::core::convert::TryFrom<#repr> for #ident {
            type Error = ::winasync::support::UnknownValue<#repr>;

            // Not `Self::Error`: a variant called `Error` would make that ambiguous. The match is
            // here rather than in `from_repr`: going through an `Option` measured ~30% slower
            // than num_enum on sparse values (benches/try_from.rs); this is on par.
            #[inline]
            fn try_from(raw: #repr) -> ::core::result::Result<Self, ::winasync::support::UnknownValue<#repr>> {
                #(const #consts: #repr = #ident::#idents as #repr;)*
                match raw {
                    #(#consts => ::core::result::Result::Ok(#ident::#idents),)*
                    _ => ::core::result::Result::Err(::winasync::support::UnknownValue::new(raw, #name)),
                }
            }
        }

        impl ::core::convert::From<#ident> for #repr {
            #[inline]
            fn from(value: #ident) -> #repr {
                value as #repr
            }
        }

        // The trait's items, callable without importing the trait.
        #[allow(dead_code)]
        impl #ident {
            /// Every variant, in declaration order.
            pub const VALUES: &'static [Self] = &[#(#ident::#idents),*];

            /// The variant's C name (its `name = "..."`, or its identifier).
            #[inline]
            pub fn name(&self) -> &'static str {
                ::winasync::support::AsyncResultEnum::name(self)
            }

            /// The first sentence of the variant's doc comment, or its name without one.
            #[inline]
            pub fn summary(&self) -> &'static str {
                ::winasync::support::AsyncResultEnum::summary(self)
            }
        }

        #display
    }
}

fn enum_display(input: &Input) -> TokenStream {
    let ident = &input.ident;
    quote! {
        /// `{}` is the name, `{:#}` the first sentence of the variant's docs.
        impl ::core::fmt::Display for #ident {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.pad(if f.alternate() {
                    ::winasync::support::AsyncResultEnum::summary(self)
                } else {
                    ::winasync::support::AsyncResultEnum::name(self)
                })
            }
        }

        impl ::winasync::support::FieldSummary for #ident {
            fn fmt_summary(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(::winasync::support::AsyncResultEnum::name(self))
            }
        }
    }
}

pub fn variant_name(variant: &Variant) -> String {
    match &variant.attrs.name {
        Some(name) => name.value(),
        None => variant.ident.unraw().to_string(),
    }
}

fn struct_impls(input: &Input, fields: &[Field]) -> TokenStream {
    let bytes = input.attrs.bytes().then(|| plain_data(input, fields));
    let display = input.attrs.display().then(|| struct_display(input, fields));
    let accessors = accessors(input, fields, false);
    quote! {
        #bytes
        #display
        #accessors
    }
}

fn union_impls(input: &Input, fields: &[Field]) -> TokenStream {
    let bytes = input.attrs.bytes().then(|| plain_data(input, fields));
    let display = input.attrs.display().then(|| {
        let ident = &input.ident;
        let text = format!("{} {{ .. }}", type_name(input));
        quote! {
            /// Only the type: which field is active is not known.
            impl ::core::fmt::Display for #ident {
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    f.write_str(#text)
                }
            }

            impl ::winasync::support::FieldSummary for #ident {
                fn fmt_summary(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    ::core::fmt::Display::fmt(self, f)
                }
            }
        }
    });
    let readers = input.attrs.bytes().then(|| union_readers(input, fields, false));
    quote! {
        #bytes
        #display
        #readers
    }
}

/// For a union of plain data: a safe reader per member (`pointer()` for `Pointer`), since every
/// member's bytes are a valid value whichever member was written (the `PlainData` checks of
/// [`plain_data`] make a member that is not plain data a compile error first). A stand-in's body
/// is `unreachable!()`.
pub fn union_readers(input: &Input, fields: &[Field], stand_in: bool) -> TokenStream {
    let methods = fields.iter().filter_map(|field| {
        let field_ident = field.ident.as_ref()?;
        let method = accessor_ident(field)?;
        let (vis, ty) = (&field.vis, &field.ty);
        let doc = format!(
            " The `{}` member. Reading it is safe: every member of this union is plain data, so its \
             bytes are a valid value whichever member was written.",
            field_ident.unraw()
        );
        let body = if stand_in {
            quote!(::core::unreachable!())
        } else {
            // SAFETY: see the doc: the field's type is `PlainData` (checked above).
            quote!(unsafe { self.#field_ident })
        };
        Some(quote! {
            #[doc = #doc]
            #[inline]
            #[allow(dead_code)]
            #vis fn #method(&self) -> #ty {
                #body
            }
        })
    });
    let ident = &input.ident;
    quote! {
        impl #ident {
            #(#methods)*
        }
    }
}

/// `PlainData` for the type, checked field by field, and `TryFrom<&[u8]>` on top of it.
fn plain_data(input: &Input, fields: &[Field]) -> TokenStream {
    let ident = &input.ident;
    let name = type_name(input);
    let read_raw = [read_raw(input, false)];
    let checks = fields.iter().map(|field| {
        let ty = &field.ty;
        quote_spanned! {ty.span()=>
            ::winasync::support::assert_plain_data::<#ty>();
        }
    });
    quote! {
        const _: () = {
            #(#checks)*
        };

        // SAFETY: `repr(C)` and every field type is `PlainData` (checked above), so every bit
        // pattern of the struct's size is valid; padding bytes are never read as values.
        unsafe impl ::winasync::support::PlainData for #ident {}

        impl<'a> ::core::convert::TryFrom<&'a [u8]> for #ident {
            type Error = ::winasync::support::LengthMismatch;

            #[inline]
            fn try_from(bytes: &'a [u8]) -> ::core::result::Result<Self, ::winasync::support::LengthMismatch> {
                ::winasync::support::read_plain::<Self>(bytes, #name)
            }
        }

        #(#read_raw)*
    }
}

/// The inherent `read_raw` (a stand-in's body is `unreachable!()`).
pub fn read_raw(input: &Input, stand_in: bool) -> TokenStream {
    let ident = &input.ident;
    let name = type_name(input);
    let body = if stand_in {
        quote!(::core::unreachable!())
    } else {
        quote!(unsafe { ::winasync::support::read_raw::<Self>(ptr, len, #name) })
    };
    let doc = format!(
        " Reads a `{name}` from `len` bytes at `ptr`, as an OS callback hands them over: a null `ptr` is an \
         error whatever `len` is, `len` must be the type's size exactly, and `ptr` need not be aligned."
    );
    quote! {
        impl #ident {
            #[doc = #doc]
            ///
            /// # Safety
            ///
            /// When `ptr` is not null and `len` is the type's size, `ptr` must be valid for reads
            /// of `len` bytes.
            #[inline]
            #[allow(dead_code)]
            pub unsafe fn read_raw(
                ptr: *const ::core::ffi::c_void,
                len: usize,
            ) -> ::core::result::Result<Self, ::winasync::support::RawReadError> {
                #body
            }
        }
    }
}

/// Reads a field for display: by value from a packed struct, where a reference could be
/// unaligned, by reference otherwise, so that non-`Copy` fields still work.
fn field_place(input: &Input, field_ident: &Ident) -> TokenStream {
    if input.repr.packed { quote!(&{ self.#field_ident }) } else { quote!(&self.#field_ident) }
}

fn struct_display(input: &Input, fields: &[Field]) -> TokenStream {
    let ident = &input.ident;
    let mut body = TokenStream::new();
    let mut pending = format!("{} {{", type_name(input));
    for (i, field) in fields.iter().enumerate() {
        let Some(field_ident) = &field.ident else { continue };
        pending.push_str(if i == 0 { " " } else { ", " });
        pending.push_str(&format!("{}: ", field_ident.unraw()));
        body.extend(quote!(f.write_str(#pending)?;));
        pending.clear();
        let ty = &field.ty;
        body.extend(match &field.attrs.values {
            Some(values) => quote_spanned! {values.span()=>
                ::winasync::support::fmt_value::<#values, #ty>(self.#field_ident, f)?;
            },
            None => {
                let place = field_place(input, field_ident);
                quote_spanned! {ty.span()=>
                    <#ty as ::winasync::support::FieldSummary>::fmt_summary(#place, f)?;
                }
            }
        });
    }
    pending.push_str(if fields.is_empty() { "}" } else { " }" });
    quote! {
        /// One line: the type, then each field; a field with `values = E` shows `E`'s name for a
        /// known value.
        impl ::core::fmt::Display for #ident {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                #body
                f.write_str(#pending)
            }
        }

        impl ::winasync::support::FieldSummary for #ident {
            fn fmt_summary(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                ::core::fmt::Display::fmt(self, f)
            }
        }
    }
}

/// The accessor for each `values = E` field; `None` when no field has `values`. A `stand_in`
/// (for the fallback) has the same signature and an `unreachable!()` body.
pub fn accessors(input: &Input, fields: &[Field], stand_in: bool) -> Option<TokenStream> {
    let methods: Vec<TokenStream> = fields
        .iter()
        .filter_map(|field| {
            let values = field.attrs.values.as_ref()?;
            let field_ident = field.ident.as_ref()?;
            let method = accessor_ident(field)?;
            let vis = &field.vis;
            let ty = &field.ty;
            let doc = format!(
                " `{}` as a [`{}`], or the raw value when it names no variant.",
                field_ident.unraw(),
                quote!(#values).to_string().replace(' ', "")
            );
            let call = if stand_in {
                quote!(::core::unreachable!())
            } else {
                quote_spanned! {values.span()=>
                    ::winasync::support::lookup::<#values, #ty>(self.#field_ident)
                }
            };
            Some(quote! {
                #[doc = #doc]
                #[inline]
                #vis fn #method(&self) -> ::core::result::Result<#values, ::winasync::support::UnknownValue<#ty>> {
                    #call
                }
            })
        })
        .collect();
    if methods.is_empty() {
        return None;
    }
    let ident = &input.ident;
    Some(quote! {
        impl #ident {
            #(#methods)*
        }
    })
}

/// `accessor = name`, or the field's name in snake case.
pub fn accessor_ident(field: &Field) -> Option<Ident> {
    if let Some(accessor) = &field.attrs.accessor {
        return Some(accessor.clone());
    }
    let field_ident = field.ident.as_ref()?;
    let mut name = snake_case(&field_ident.unraw().to_string());
    if matches!(name.as_str(), "self" | "super" | "crate") {
        // These have no raw form.
        name.push('_');
    }
    Some(match syn::parse_str::<Ident>(&name) {
        Ok(_) => Ident::new(&name, field_ident.span()),
        // A keyword (`type`, `ref`, ...): the raw form is still callable as `x.r#type()`.
        Err(_) => Ident::new_raw(&name, field_ident.span()),
    })
}

/// `dwResult` -> `dw_result`, `HTTPStatus` -> `http_status`, `API_X` -> `api_x`.
pub fn snake_case(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::with_capacity(name.len() + 4);
    for (i, &c) in chars.iter().enumerate() {
        if c.is_uppercase() {
            let prev = i.checked_sub(1).map(|p| chars[p]);
            let next = chars.get(i + 1);
            let boundary = match prev {
                None | Some('_') => false,
                Some(p) if p.is_lowercase() || p.is_ascii_digit() => true,
                Some(p) => p.is_uppercase() && next.is_some_and(|n| n.is_lowercase()),
            };
            if boundary {
                out.push('_');
            }
            out.extend(c.to_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pretty(tokens: TokenStream) -> String {
        prettyplease::unparse(&syn::parse2(tokens).expect("the expansion parses as a file"))
    }

    /// The errors the expansion reports, in order.
    fn errors(args: TokenStream, input: TokenStream) -> Vec<String> {
        let file: syn::File = syn::parse2(async_result(args, input)).unwrap();
        file.items
            .iter()
            .filter_map(|item| match item {
                syn::Item::Macro(m) if m.mac.path.segments.last().unwrap().ident == "compile_error" => {
                    Some(m.mac.parse_body::<syn::LitStr>().unwrap().value())
                }
                _ => None,
            })
            .collect()
    }

    #[test]
    fn contract_enum() {
        let expanded = async_result(
            quote!(),
            quote! {
                #[repr(u32)]
                #[derive(Clone, Copy, Debug, PartialEq, Eq)]
                pub enum WinHttpAsyncApi {
                    /// The error occurred during a call to WinHttpReceiveResponse.
                    API_RECEIVE_RESPONSE = 1,
                    /// The error occurred during a call to WinHttpSendRequest.
                    #[async_result(name = "API_SEND_REQUEST")]
                    SendRequest = 5,
                }
            },
        );
        insta::assert_snapshot!(pretty(expanded));
    }

    #[test]
    fn contract_struct() {
        let expanded = async_result(
            quote!(layout(x86(size = 8, align = 4), x86_64(size = 16, align = 8), aarch64(size = 16, align = 8))),
            quote! {
                #[repr(C)]
                #[derive(Clone, Copy)]
                pub struct WINHTTP_ASYNC_RESULT {
                    #[async_result(offset(x86 = 0, x86_64 = 0, aarch64 = 0), values = WinHttpAsyncApi)]
                    pub dwResult: usize,
                    #[async_result(offset(x86 = 4, x86_64 = 8, aarch64 = 8))]
                    pub dwError: u32,
                }
            },
        );
        insta::assert_snapshot!(pretty(expanded));
    }

    #[test]
    fn fallback_keeps_the_item_and_stands_in_for_the_impls() {
        let expanded = async_result(
            quote!(layout(x64(size = 16))),
            quote! {
                #[repr(C)]
                pub struct S {
                    #[async_result(values = E, colour = 1)]
                    pub a: u32,
                }
            },
        );
        insta::assert_snapshot!(pretty(expanded));
    }

    #[test]
    fn every_problem_is_reported_once() {
        let errors = errors(
            quote!(layout(arm64(size = 8)), bytes = false),
            quote! {
                #[derive(Clone)]
                pub enum E {
                    #[async_result(name = "A", values = X)]
                    A,
                    B(u32),
                }
            },
        );
        assert_eq!(
            errors,
            [
                "unknown target `arm64`; expected `x86`, `x86_64` or `aarch64` (`target_arch` names): did you mean `aarch64`?",
                "unknown key `values` on an enum variant; expected `name`",
                "`#[async_result]` on an enum needs an integer `#[repr]` such as `#[repr(u32)]`",
                "`#[async_result]` enum variants cannot carry data; `B` has fields",
            ]
        );
    }

    #[test]
    fn keys_are_checked_per_item_kind() {
        let found = errors(
            quote!(bytes = false),
            quote!(
                #[repr(u8)]
                enum E {
                    A,
                }
            ),
        );
        assert_eq!(found, ["unknown key `bytes` on an enum; expected `layout` or `display`"]);
        let found = errors(quote!(), quote!(#[repr(C)] union U { #[async_result(values = E)] a: u32 }));
        assert_eq!(found, ["`values` is not supported on union fields: which field is active is not known"]);
        let found = errors(
            quote!(),
            quote!(
                #[repr(C)]
                struct S {
                    #[async_result(accessor = a)]
                    a: u32,
                }
            ),
        );
        assert_eq!(found, ["`accessor` needs `values = Enum` on the same field"]);
        let found = errors(
            quote!(layout(x86())),
            quote!(
                #[repr(C)]
                struct S {
                    a: u32,
                }
            ),
        );
        assert_eq!(found, ["expected `x86(size = N, align = N)`"]);
        let found = errors(
            quote!(),
            quote!(
                #[repr(C)]
                struct S(u32);
            ),
        );
        assert_eq!(found, ["`#[async_result]` needs named fields: layout errors and `Display` name them"]);
        let found = errors(
            quote!(),
            quote!(
                #[repr(C)]
                struct S<T> {
                    a: T,
                }
            ),
        );
        assert_eq!(found, ["`#[async_result]` types cannot be generic: their layout is checked against fixed numbers"]);
    }

    #[test]
    fn not_a_type() {
        let errors = errors(
            quote!(),
            quote!(
                fn f() {}
            ),
        );
        assert_eq!(errors, ["`#[async_result]` applies only to enums, structs and unions"]);
    }

    #[test]
    fn snake_case_accessor_names() {
        assert_eq!(snake_case("dwResult"), "dw_result");
        assert_eq!(snake_case("dwError"), "dw_error");
        assert_eq!(snake_case("HTTPStatus"), "http_status");
        assert_eq!(snake_case("API_RECEIVE"), "api_receive");
        assert_eq!(snake_case("lpvStatus2Info"), "lpv_status2_info");
        assert_eq!(snake_case("already_snake"), "already_snake");
    }
}
