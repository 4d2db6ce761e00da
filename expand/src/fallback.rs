//! What is emitted when the attribute is misused: the item itself (minus our helper attributes),
//! one `compile_error!` per problem, and stand-in impls of everything the attribute would have
//! provided, so that code using the type reports no follow-on errors about a missing `Display`
//! or `TryFrom`. The stand-ins are never run: the crate does not compile.

use crate::ast::{Body, Input};
use proc_macro2::TokenStream;
use quote::quote;

pub fn expand(input: &Input, errors: &[syn::Error]) -> TokenStream {
    let item = &input.item;
    let errors = errors.iter().map(syn::Error::to_compile_error);
    // Generic stand-ins would need the generics threaded through; the generics error is enough.
    let stand_ins = input.generics.params.is_empty().then(|| stand_ins(input));
    quote! {
        #item
        #(#errors)*
        #stand_ins
    }
}

fn stand_ins(input: &Input) -> TokenStream {
    let ident = &input.ident;
    let mut out = TokenStream::new();
    if input.attrs.display() {
        out.extend(quote! {
            impl ::core::fmt::Display for #ident {
                fn fmt(&self, _: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    ::core::unreachable!()
                }
            }

            impl ::winasync::support::FieldSummary for #ident {
                fn fmt_summary(&self, _: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    ::core::unreachable!()
                }
            }
        });
    }
    match &input.body {
        Body::Enum(_) => {
            if let Some(repr) = &input.repr.int {
                out.extend(quote! {
                    impl ::winasync::support::AsyncResultEnum for #ident {
                        type Repr = #repr;
                        const TYPE_NAME: &'static str = "";
                        const VALUES: &'static [Self] = &[];

                        fn name(&self) -> &'static str {
                            ::core::unreachable!()
                        }

                        fn summary(&self) -> &'static str {
                            ::core::unreachable!()
                        }

                        fn from_repr(_: #repr) -> ::core::option::Option<Self> {
                            ::core::unreachable!()
                        }

                        fn to_repr(&self) -> #repr {
                            ::core::unreachable!()
                        }
                    }

                    impl ::core::convert::TryFrom<#repr> for #ident {
                        type Error = ::winasync::support::UnknownValue<#repr>;

                        fn try_from(_: #repr) -> ::core::result::Result<Self, ::winasync::support::UnknownValue<#repr>> {
                            ::core::unreachable!()
                        }
                    }

                    impl ::core::convert::From<#ident> for #repr {
                        fn from(_: #ident) -> #repr {
                            ::core::unreachable!()
                        }
                    }

                    #[allow(dead_code)]
                    impl #ident {
                        pub const VALUES: &'static [Self] = &[];

                        pub fn name(&self) -> &'static str {
                            ::core::unreachable!()
                        }

                        pub fn summary(&self) -> &'static str {
                            ::core::unreachable!()
                        }
                    }
                });
            }
        }
        Body::Struct(fields) | Body::Union(fields) => {
            if input.attrs.bytes() {
                out.extend(quote! {
                    // SAFETY: never used; the crate fails to compile with the errors above.
                    unsafe impl ::winasync::support::PlainData for #ident {}

                    impl<'a> ::core::convert::TryFrom<&'a [u8]> for #ident {
                        type Error = ::winasync::support::LengthMismatch;

                        fn try_from(_: &'a [u8]) -> ::core::result::Result<Self, ::winasync::support::LengthMismatch> {
                            ::core::unreachable!()
                        }
                    }
                });
                out.extend(crate::expand::read_raw(input, true));
            }
            out.extend(crate::expand::accessors(input, fields, true));
            if matches!(input.body, Body::Union(_)) && input.attrs.bytes() {
                out.extend(crate::expand::union_readers(input, fields, true));
            }
        }
    }
    out
}
