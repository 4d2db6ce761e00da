//! The generated items' `#[async_result(...)]` attributes, expanded here by the attribute's own
//! expansion (`winasync-expand`), so that the crate that includes the source compiles without the
//! proc-macro (and its dependencies): the items keep their layout numbers as attributes in the
//! tokens the emitter writes, and come out as the impls and `const` checks the attribute makes.
//!
//! An item defined for some targets only carries its `#[cfg]`: every impl made from it gets the
//! same `#[cfg]`, as the attribute's expansion at compile time would only have happened there.

use super::EmitError;
use quote::ToTokens;

/// The file with every item's `#[async_result]` replaced by what it expands to.
pub fn expand_attributes(file: syn::File) -> Result<syn::File, EmitError> {
    let syn::File { shebang, attrs, items } = file;
    Ok(syn::File { shebang, attrs, items: expand_items(items)? })
}

fn expand_items(items: Vec<syn::Item>) -> Result<Vec<syn::Item>, EmitError> {
    let mut out = Vec::with_capacity(items.len() * 4);
    for item in items {
        match item {
            syn::Item::Mod(mut m) => {
                if let Some((brace, inner)) = m.content.take() {
                    m.content = Some((brace, expand_items(inner)?));
                }
                out.push(syn::Item::Mod(m));
            }
            syn::Item::Struct(_) | syn::Item::Enum(_) | syn::Item::Union(_) => out.extend(expand_item(item)?),
            other => out.push(other),
        }
    }
    Ok(out)
}

fn attrs_mut(item: &mut syn::Item) -> Option<&mut Vec<syn::Attribute>> {
    match item {
        syn::Item::Struct(s) => Some(&mut s.attrs),
        syn::Item::Enum(e) => Some(&mut e.attrs),
        syn::Item::Union(u) => Some(&mut u.attrs),
        _ => None,
    }
}

/// One item: unchanged without the attribute; else the expansion, each produced item under the
/// original's `#[cfg]`s.
fn expand_item(mut item: syn::Item) -> Result<Vec<syn::Item>, EmitError> {
    let Some(attrs) = attrs_mut(&mut item) else { return Ok(vec![item]) };
    let Some(at) = attrs.iter().position(|a| a.path().is_ident("async_result")) else { return Ok(vec![item]) };
    let attr = attrs.remove(at);
    let cfgs: Vec<syn::Attribute> = attrs.iter().filter(|a| a.path().is_ident("cfg")).cloned().collect();
    let args = match attr.meta {
        syn::Meta::List(list) => list.tokens,
        _ => proc_macro2::TokenStream::new(),
    };
    let expanded = winasync_expand::async_result(args, item.to_token_stream());
    if refused(&expanded) {
        // The generator wrote an item the attribute refuses: a bug here, not in the pages.
        return Err(EmitError::Refused { expansion: expanded.to_string() });
    }
    let file: syn::File = syn::parse2(expanded)
        .map_err(|source| EmitError::Tokens { what: "the #[async_result] expansion".into(), source })?;
    Ok(file
        .items
        .into_iter()
        .map(|mut produced| {
            if let Some(produced_attrs) = item_attrs_mut(&mut produced) {
                // The item itself kept its own; the impls made from it get them.
                let has_cfg = produced_attrs.iter().any(|a| a.path().is_ident("cfg"));
                if !has_cfg {
                    produced_attrs.splice(0..0, cfgs.iter().cloned());
                }
            }
            produced
        })
        .collect())
}

/// Whether an expansion is the attribute's error: a `compile_error!` among its top-level tokens
/// (where the expansion's fallback puts it), found without printing the whole expansion.
fn refused(expanded: &proc_macro2::TokenStream) -> bool {
    expanded.clone().into_iter().any(|t| matches!(&t, proc_macro2::TokenTree::Ident(i) if i == "compile_error"))
}

/// The attributes of any item the expansion makes (types, impls, consts).
fn item_attrs_mut(item: &mut syn::Item) -> Option<&mut Vec<syn::Attribute>> {
    match item {
        syn::Item::Struct(s) => Some(&mut s.attrs),
        syn::Item::Enum(e) => Some(&mut e.attrs),
        syn::Item::Union(u) => Some(&mut u.attrs),
        syn::Item::Impl(i) => Some(&mut i.attrs),
        syn::Item::Const(c) => Some(&mut c.attrs),
        syn::Item::Fn(f) => Some(&mut f.attrs),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refused_item_is_an_error_and_an_accepted_one_is_not() {
        let item: syn::Item = syn::parse_quote! {
            #[repr(C)]
            pub struct Accepted { pub a: u32 }
        };
        let accepted = winasync_expand::async_result(proc_macro2::TokenStream::new(), item.to_token_stream());
        assert!(!refused(&accepted), "{accepted}");
        let unknown_key: proc_macro2::TokenStream = syn::parse_quote!(no_such_key = 1);
        let refused_one = winasync_expand::async_result(unknown_key, item.to_token_stream());
        assert!(refused(&refused_one), "{refused_one}");
    }
}
