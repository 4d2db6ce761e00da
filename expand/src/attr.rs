//! The keys of `#[async_result(...)]`, on the item and on its fields and variants, kept with
//! their spans so that `valid` and `expand` can point errors and assertions at them.

use proc_macro2::{Span, TokenStream};
use syn::meta::ParseNestedMeta;
use syn::parse::Parser;
use syn::{Attribute, Ident, LitBool, LitInt, LitStr, Path, Token};

/// The three Windows targets, the ones a layout may name: `target_arch` values, as
/// `#[cfg(target_arch = "...")]` spells them. The generator's layout rules use the same type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Target {
    X86,
    X86_64,
    Aarch64,
}

impl Target {
    pub const ALL: [Target; 3] = [Target::X86, Target::X86_64, Target::Aarch64];

    pub fn as_str(self) -> &'static str {
        match self {
            Target::X86 => "x86",
            Target::X86_64 => "x86_64",
            Target::Aarch64 => "aarch64",
        }
    }

    /// The size (and alignment) of a pointer.
    pub fn pointer_size(self) -> u64 {
        match self {
            Target::X86 => 4,
            Target::X86_64 | Target::Aarch64 => 8,
        }
    }

    fn parse(ident: &Ident) -> syn::Result<Target> {
        let name = ident.to_string();
        if let Some(target) = Target::ALL.into_iter().find(|t| t.as_str() == name) {
            return Ok(target);
        }
        // The names the Windows and LLVM worlds use for the same targets.
        let guess = match name.to_ascii_lowercase().as_str() {
            "x64" | "amd64" | "x86_64" | "x8664" | "intel64" | "em64t" | "win64" => Some(Target::X86_64),
            "arm64" | "aarch64" | "arm64ec" | "armv8" | "aarch_64" => Some(Target::Aarch64),
            "x86" | "i386" | "i486" | "i586" | "i686" | "ia32" | "win32" | "x32" => Some(Target::X86),
            _ => None,
        };
        let expected = "expected `x86`, `x86_64` or `aarch64`";
        Err(match guess {
            Some(t) => syn::Error::new_spanned(
                ident,
                format!("unknown target `{name}`; {expected} (`target_arch` names): did you mean `{}`?", t.as_str()),
            ),
            None => syn::Error::new_spanned(ident, format!("unknown target `{name}`; {expected}")),
        })
    }
}

/// A number of bytes from the attribute, with the span of its literal so that a failed layout
/// assertion points at the number to fix.
#[derive(Clone, Copy)]
pub struct Bytes {
    pub value: usize,
    pub span: Span,
}

impl syn::parse::Parse for Bytes {
    fn parse(input: syn::parse::ParseStream) -> syn::Result<Self> {
        let lit: LitInt = input.parse()?;
        Ok(Bytes { value: lit.base10_parse()?, span: lit.span() })
    }
}

/// One target's expected size and alignment, from `layout(x86(size = 8, align = 4))`.
pub struct TargetLayout {
    pub target: Target,
    pub size: Option<Bytes>,
    pub align: Option<Bytes>,
}

/// One target's expected field offset, from `offset(x86 = 4)`.
pub struct TargetOffset {
    pub target: Target,
    pub offset: Bytes,
}

/// Keys on the item: `#[async_result(layout(...), bytes = false, display = false)]`.
#[derive(Default)]
pub struct ItemAttrs {
    pub layout: Vec<TargetLayout>,
    pub bytes: Option<LitBool>,
    pub display: Option<LitBool>,
}

impl ItemAttrs {
    pub fn bytes(&self) -> bool {
        self.bytes.as_ref().is_none_or(LitBool::value)
    }

    pub fn display(&self) -> bool {
        self.display.as_ref().is_none_or(LitBool::value)
    }
}

/// Which item the keys are on: each takes its own set.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum ItemKind {
    Enum,
    Struct,
    Union,
}

impl ItemKind {
    pub fn noun(self) -> &'static str {
        match self {
            ItemKind::Enum => "an enum",
            ItemKind::Struct => "a struct",
            ItemKind::Union => "a union",
        }
    }
}

/// Parses the attribute's own arguments. On an error, the keys before it are kept.
pub fn parse_item_attrs(args: TokenStream, kind: ItemKind, errors: &mut Vec<syn::Error>) -> ItemAttrs {
    let mut attrs = ItemAttrs::default();
    let parser = syn::meta::parser(|meta| {
        if meta.path.is_ident("layout") {
            if !attrs.layout.is_empty() {
                return Err(duplicate(&meta));
            }
            attrs.layout = parse_layout(&meta)?;
            Ok(())
        } else if meta.path.is_ident("bytes") && kind != ItemKind::Enum {
            set_once(&meta, &mut attrs.bytes)
        } else if meta.path.is_ident("display") {
            set_once(&meta, &mut attrs.display)
        } else {
            let expected = match kind {
                ItemKind::Enum => "`layout` or `display`",
                ItemKind::Struct | ItemKind::Union => "`layout`, `bytes` or `display`",
            };
            Err(unknown_key(&meta, &format!("on {}", kind.noun()), expected))
        }
    });
    if let Err(err) = parser.parse2(args) {
        errors.push(err);
    }
    attrs
}

fn parse_layout(meta: &ParseNestedMeta) -> syn::Result<Vec<TargetLayout>> {
    let mut layouts: Vec<TargetLayout> = Vec::new();
    meta.parse_nested_meta(|target_meta| {
        let ident = target_meta.path.require_ident()?;
        let target = Target::parse(ident)?;
        if layouts.iter().any(|l| l.target == target) {
            return Err(target_meta.error(format!("duplicate target `{}`", target.as_str())));
        }
        let mut layout = TargetLayout { target, size: None, align: None };
        let empty = || {
            let fork = target_meta.input.fork();
            let content;
            syn::parenthesized!(content in fork);
            Ok::<bool, syn::Error>(content.is_empty())
        };
        if !target_meta.input.peek(syn::token::Paren) || empty()? {
            return Err(target_meta.error(format!("expected `{}(size = N, align = N)`", target.as_str())));
        }
        target_meta.parse_nested_meta(|key| {
            if key.path.is_ident("size") {
                set_once(&key, &mut layout.size)
            } else if key.path.is_ident("align") {
                set_once(&key, &mut layout.align)
            } else {
                Err(unknown_key(&key, "in a target's layout", "`size` or `align`"))
            }
        })?;
        layouts.push(layout);
        Ok(())
    })?;
    Ok(layouts)
}

/// Keys on a struct or union field.
#[derive(Default)]
pub struct FieldAttrs {
    pub offset: Vec<TargetOffset>,
    pub values: Option<Path>,
    pub accessor: Option<Ident>,
    /// The `values` key's own span, for errors about the key rather than its type.
    pub values_key: Option<Span>,
}

pub fn parse_field_attrs(attrs: &[Attribute], errors: &mut Vec<syn::Error>) -> FieldAttrs {
    let mut out = FieldAttrs::default();
    for attr in attrs.iter().filter(|a| is_ours(a)) {
        let result = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("offset") {
                if !out.offset.is_empty() {
                    return Err(duplicate(&meta));
                }
                out.offset = parse_offsets(&meta)?;
                Ok(())
            } else if meta.path.is_ident("values") {
                if out.values.is_some() {
                    return Err(duplicate(&meta));
                }
                out.values_key = Some(meta.path.require_ident()?.span());
                out.values = Some(meta.value()?.parse()?);
                Ok(())
            } else if meta.path.is_ident("accessor") {
                set_once(&meta, &mut out.accessor)
            } else {
                Err(unknown_key(&meta, "on a field", "`offset`, `values` or `accessor`"))
            }
        });
        if let Err(err) = result {
            errors.push(err);
        }
    }
    out
}

fn parse_offsets(meta: &ParseNestedMeta) -> syn::Result<Vec<TargetOffset>> {
    let mut offsets: Vec<TargetOffset> = Vec::new();
    meta.parse_nested_meta(|target_meta| {
        let target = Target::parse(target_meta.path.require_ident()?)?;
        if offsets.iter().any(|o| o.target == target) {
            return Err(target_meta.error(format!("duplicate target `{}`", target.as_str())));
        }
        let offset = target_meta.value()?.parse()?;
        offsets.push(TargetOffset { target, offset });
        Ok(())
    })?;
    Ok(offsets)
}

/// Keys on an enum variant.
#[derive(Default)]
pub struct VariantAttrs {
    pub name: Option<LitStr>,
}

pub fn parse_variant_attrs(attrs: &[Attribute], errors: &mut Vec<syn::Error>) -> VariantAttrs {
    let mut out = VariantAttrs::default();
    for attr in attrs.iter().filter(|a| is_ours(a)) {
        let result = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("name") {
                set_once(&meta, &mut out.name)
            } else {
                Err(unknown_key(&meta, "on an enum variant", "`name`"))
            }
        });
        if let Err(err) = result {
            errors.push(err);
        }
    }
    out
}

pub fn is_ours(attr: &Attribute) -> bool {
    attr.path().is_ident("async_result")
}

fn set_once<T: syn::parse::Parse>(meta: &ParseNestedMeta, slot: &mut Option<T>) -> syn::Result<()> {
    if slot.is_some() {
        return Err(duplicate(meta));
    }
    let _: Token![=] = meta.input.parse()?;
    *slot = Some(meta.input.parse()?);
    Ok(())
}

fn duplicate(meta: &ParseNestedMeta) -> syn::Error {
    meta.error(format!("duplicate key `{}`", path_name(&meta.path)))
}

fn unknown_key(meta: &ParseNestedMeta, place: &str, expected: &str) -> syn::Error {
    let name = path_name(&meta.path);
    syn::Error::new_spanned(&meta.path, format!("unknown key `{name}` {place}; expected {expected}"))
}

fn path_name(path: &Path) -> String {
    path.segments.iter().map(|s| s.ident.to_string()).collect::<Vec<_>>().join("::")
}
