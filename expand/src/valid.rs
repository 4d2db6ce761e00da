//! Checks that need the whole item, after its attributes parsed. Each problem is one error,
//! spanned at the tokens to change.

use crate::ast::{Body, Field, Input};
use syn::Fields;

pub fn validate(input: &Input, errors: &mut Vec<syn::Error>) {
    if !input.generics.params.is_empty() || input.generics.where_clause.is_some() {
        errors.push(syn::Error::new_spanned(
            &input.generics,
            "`#[async_result]` types cannot be generic: their layout is checked against fixed numbers",
        ));
    }
    match &input.body {
        Body::Enum(variants) => {
            if input.repr.int.is_none() {
                errors.push(missing_repr(input, "an enum needs an integer `#[repr]` such as `#[repr(u32)]`"));
            }
            for variant in variants {
                if !matches!(variant.fields, Fields::Unit) {
                    errors.push(syn::Error::new_spanned(
                        &variant.fields,
                        format!("`#[async_result]` enum variants cannot carry data; `{}` has fields", variant.ident),
                    ));
                }
            }
        }
        Body::Struct(fields) => {
            if !input.repr.c {
                errors.push(missing_repr(input, "a struct needs `#[repr(C)]` (optionally `packed(N)`)"));
            }
            validate_fields(fields, false, errors);
        }
        Body::Union(fields) => {
            if !input.repr.c {
                errors.push(missing_repr(input, "a union needs `#[repr(C)]`"));
            }
            validate_fields(fields, true, errors);
        }
    }
}

fn missing_repr(input: &Input, what: &str) -> syn::Error {
    let message = format!("`#[async_result]` on {what}");
    match &input.repr.attr {
        Some(attr) => syn::Error::new_spanned(attr, message),
        None => syn::Error::new_spanned(&input.ident, message),
    }
}

fn validate_fields(fields: &[Field], union: bool, errors: &mut Vec<syn::Error>) {
    for field in fields {
        if field.ident.is_none() {
            errors.push(syn::Error::new(
                field.span,
                "`#[async_result]` needs named fields: layout errors and `Display` name them",
            ));
            // One error per tuple struct is enough.
            return;
        }
        if let (true, Some(key)) = (union, field.attrs.values_key) {
            errors.push(syn::Error::new(
                key,
                "`values` is not supported on union fields: which field is active is not known",
            ));
        }
        if let (Some(accessor), None) = (&field.attrs.accessor, &field.attrs.values) {
            errors.push(syn::Error::new_spanned(accessor, "`accessor` needs `values = Enum` on the same field"));
        }
    }
}
