//! How types and numbers are written in the generated source.

use super::EmitError;
use crate::abi::{Prim, Signature, TypeRef};
use crate::naming::ident;
use proc_macro2::{Literal, TokenStream};
use quote::quote;

pub fn rust_type(ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::Prim(Prim::Void) => quote! { ::core::ffi::c_void },
        TypeRef::Prim(p) => {
            let p = ident(p.rust_name());
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
        TypeRef::Vtable(interface) => {
            let vtbl = ident(&format!("{}_Vtbl", ident(interface)));
            quote! { *const #vtbl }
        }
    }
}

pub(super) fn ret_type(ty: &TypeRef) -> TokenStream {
    if *ty == TypeRef::Prim(Prim::Void) {
        return TokenStream::new();
    }
    let ty = rust_type(ty);
    quote! { -> #ty }
}

/// Parameters of a function pointer (a callback, or a method called through its interface).
pub(super) fn params(sig: &Signature) -> Vec<TokenStream> {
    params_after(sig, Vec::new())
}

/// Parameters of a vtable slot: the object pointer `this` first, then the method's.
pub(super) fn vtable_params(sig: &Signature) -> Vec<TokenStream> {
    params_after(sig, vec![quote! { this: *mut ::core::ffi::c_void }])
}

fn params_after(sig: &Signature, mut out: Vec<TokenStream>) -> Vec<TokenStream> {
    for p in &sig.params {
        let name = ident(&p.name);
        let ty = rust_type(&p.ty);
        out.push(quote! { #name: #ty });
    }
    out
}

/// An integer literal of the repr's type (`5u32`, `-1i32`).
pub(super) fn int_literal(value: i128, repr: &TypeRef) -> Result<TokenStream, EmitError> {
    let bad = || EmitError::NotAnInteger { value, repr: repr.to_string() };
    let TypeRef::Prim(p) = repr else { return Err(bad()) };
    // Pointer-sized constants must fit the 32-bit targets too.
    if !p.holds(value) {
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
}
