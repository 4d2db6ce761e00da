//! The annotated item, read into what the expansion needs. Reading never stops at the first
//! problem: errors are collected so that every mistake is reported at once, and so that the
//! fallback can still emit what it can from the rest.

use crate::attr::{self, FieldAttrs, ItemAttrs, ItemKind, VariantAttrs};
use proc_macro2::{Span, TokenStream};
use syn::spanned::Spanned;
use syn::{Attribute, Data, DeriveInput, Expr, Fields, Generics, Ident, Lit, Meta, Type, Visibility};

pub struct Input {
    /// The item as written, minus our helper attributes: what is emitted in every case.
    pub item: DeriveInput,
    pub ident: Ident,
    pub generics: Generics,
    pub attrs: ItemAttrs,
    pub repr: Repr,
    pub body: Body,
}

pub enum Body {
    Enum(Vec<Variant>),
    Struct(Vec<Field>),
    Union(Vec<Field>),
}

pub struct Variant {
    pub ident: Ident,
    pub attrs: VariantAttrs,
    pub fields: Fields,
    /// First sentence of the `///` docs.
    pub summary: Option<String>,
}

pub struct Field {
    /// `None` for a tuple struct's fields, which `valid` rejects.
    pub ident: Option<Ident>,
    pub vis: Visibility,
    pub ty: Type,
    pub attrs: FieldAttrs,
    pub span: Span,
}

/// What `#[repr(...)]` says, across all `#[repr]` attributes.
#[derive(Default)]
pub struct Repr {
    /// `u8`, `i32`, ...: the discriminant type of an enum.
    pub int: Option<Ident>,
    pub c: bool,
    pub packed: bool,
    /// The first `#[repr]`, for errors about what it lacks.
    pub attr: Option<Attribute>,
}

const INT_REPRS: [&str; 12] = ["u8", "u16", "u32", "u64", "u128", "usize", "i8", "i16", "i32", "i64", "i128", "isize"];

impl Input {
    pub fn from_syn(args: TokenStream, mut item: DeriveInput, errors: &mut Vec<syn::Error>) -> Input {
        let kind = match &item.data {
            Data::Enum(_) => ItemKind::Enum,
            Data::Struct(_) => ItemKind::Struct,
            Data::Union(_) => ItemKind::Union,
        };
        let attrs = attr::parse_item_attrs(args, kind, errors);
        let repr = parse_repr(&item.attrs, errors);
        let body = match &item.data {
            Data::Enum(data) => Body::Enum(
                data.variants
                    .iter()
                    .map(|v| Variant {
                        ident: v.ident.clone(),
                        attrs: attr::parse_variant_attrs(&v.attrs, errors),
                        fields: v.fields.clone(),
                        summary: doc_summary(&v.attrs),
                    })
                    .collect(),
            ),
            Data::Struct(data) => Body::Struct(data.fields.iter().map(|f| Field::from_syn(f, errors)).collect()),
            Data::Union(data) => Body::Union(data.fields.named.iter().map(|f| Field::from_syn(f, errors)).collect()),
        };
        strip_helper_attrs(&mut item);
        Input { ident: item.ident.clone(), generics: item.generics.clone(), item, attrs, repr, body }
    }
}

impl Field {
    fn from_syn(field: &syn::Field, errors: &mut Vec<syn::Error>) -> Field {
        Field {
            ident: field.ident.clone(),
            vis: field.vis.clone(),
            ty: field.ty.clone(),
            attrs: attr::parse_field_attrs(&field.attrs, errors),
            span: field.span(),
        }
    }
}

fn parse_repr(attrs: &[Attribute], errors: &mut Vec<syn::Error>) -> Repr {
    let mut repr = Repr::default();
    for attr in attrs.iter().filter(|a| a.path().is_ident("repr")) {
        repr.attr.get_or_insert_with(|| attr.clone());
        let result = attr.parse_nested_meta(|meta| {
            if let Some(ident) = meta.path.get_ident().filter(|i| INT_REPRS.contains(&i.to_string().as_str())) {
                repr.int = Some(ident.clone());
            } else if meta.path.is_ident("C") {
                repr.c = true;
            } else if meta.path.is_ident("packed") {
                repr.packed = true;
            }
            // `align(N)`, `packed(N)`: the argument is rustc's to check, not ours.
            if meta.input.peek(syn::token::Paren) {
                let content;
                syn::parenthesized!(content in meta.input);
                content.parse::<TokenStream>()?;
            }
            Ok(())
        });
        if let Err(err) = result {
            errors.push(err);
        }
    }
    repr
}

/// The first sentence of the doc comment: up to the first `.` that ends a sentence, within the
/// first paragraph.
fn doc_summary(attrs: &[Attribute]) -> Option<String> {
    let mut markdown = String::new();
    for attr in attrs {
        let Meta::NameValue(nv) = &attr.meta else { continue };
        if !nv.path.is_ident("doc") {
            continue;
        }
        let Expr::Lit(syn::ExprLit { lit: Lit::Str(text), .. }) = &nv.value else { continue };
        markdown.push_str(&text.value());
        markdown.push('\n');
    }
    let paragraph = first_paragraph_text(&markdown);
    (!paragraph.is_empty()).then(|| first_sentence(&paragraph))
}

/// The first paragraph of a doc comment as plain text: markdown read with pulldown-cmark, so
/// links keep their text, emphasis and code lose their markers, and escapes and entities are
/// decoded (`Display` writes it as is).
fn first_paragraph_text(markdown: &str) -> String {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    let mut text = String::new();
    let mut depth = 0usize;
    for event in Parser::new(markdown) {
        match event {
            Event::Start(Tag::Paragraph) => depth += 1,
            Event::End(TagEnd::Paragraph) if depth > 0 => {
                if !text.trim().is_empty() {
                    break;
                }
                depth -= 1;
            }
            Event::Text(t) | Event::Code(t) if depth > 0 => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak if depth > 0 => text.push(' '),
            _ => {}
        }
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn first_sentence(paragraph: &str) -> String {
    let bytes = paragraph.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if matches!(b, b'.' | b'!' | b'?') && bytes.get(i + 1).is_none_or(|next| *next == b' ') {
            return paragraph[..=i].to_owned();
        }
    }
    paragraph.to_owned()
}

/// Our `#[async_result(...)]` on fields and variants is not a real attribute: left in, rustc
/// would try to run the macro there.
fn strip_helper_attrs(item: &mut DeriveInput) {
    let strip = |attrs: &mut Vec<Attribute>| attrs.retain(|a| !attr::is_ours(a));
    match &mut item.data {
        Data::Enum(data) => data.variants.iter_mut().for_each(|v| strip(&mut v.attrs)),
        Data::Struct(data) => data.fields.iter_mut().for_each(|f| strip(&mut f.attrs)),
        Data::Union(data) => data.fields.named.iter_mut().for_each(|f| strip(&mut f.attrs)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary_of(docs: &[&str]) -> Option<String> {
        let attrs: Vec<Attribute> = docs.iter().map(|d| syn::parse_quote!(#[doc = #d])).collect();
        doc_summary(&attrs)
    }

    #[test]
    fn summary_is_the_first_sentence_of_the_first_paragraph() {
        assert_eq!(summary_of(&[" The error occurred. More text."]).as_deref(), Some("The error occurred."));
        assert_eq!(summary_of(&[" Spans", " lines. Then more."]).as_deref(), Some("Spans lines."));
        assert_eq!(summary_of(&[" No full stop", "", " Second paragraph."]).as_deref(), Some("No full stop"));
        assert_eq!(summary_of(&[" Version 1.2 is kept whole."]).as_deref(), Some("Version 1.2 is kept whole."));
        assert_eq!(summary_of(&[]), None);
    }

    #[test]
    fn summary_is_plain_text() {
        assert_eq!(
            summary_of(&[" A [WinHttpWebSocketSend](https://example.invalid/x) operation. More."]).as_deref(),
            Some("A WinHttpWebSocketSend operation.")
        );
        assert_eq!(
            summary_of(&[" *Undocumented*: `API_X` = 7 \\[new\\] &lt;b&gt;."]).as_deref(),
            Some("Undocumented: API_X = 7 [new] <b>.")
        );
        assert_eq!(summary_of(&[" # Heading", "", " Text after."]).as_deref(), Some("Text after."));
    }
}
