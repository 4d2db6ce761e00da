//! Size, alignment and field offsets under the MSVC rules of the three Windows targets.
//!
//! The rules: a field is placed at the next multiple of `min(its alignment, pack)`; a struct's
//! alignment is `min(largest field alignment, pack)` and its size is rounded up to it; a union's
//! fields all sit at 0 and its size is its largest field's, rounded up; an array is its element
//! repeated; enums are their underlying integer; interfaces, callbacks and opaque handles are
//! pointers. 8-byte scalars are 8-aligned on x86 too (MSVC, unlike the SysV i386 ABI).

use super::types::{AbiSet, Body, OpaqueKind, Record, Target, TypeRef};
use thiserror::Error;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    pub size: u64,
    pub align: u64,
    /// Every top-level field, in declaration order.
    pub offsets: Vec<(String, u64)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum LayoutError {
    #[error("`{0}` is not in the ABI set")]
    Unknown(String),
    #[error("`{name}` has no definition for {}", target.as_str())]
    NoDefinition { name: String, target: Target },
    #[error("`{0}` contains itself by value")]
    Recursive(String),
    #[error("`{0}` has no size (it is void or opaque) but is used by value")]
    Unsized(String),
}

/// Deep enough for every real type (WINBIO nests four levels); bounds malformed snapshots.
const MAX_DEPTH: usize = 32;

/// The layout of the record `name` on `target`.
pub fn record_layout(set: &AbiSet, name: &str, target: Target) -> Result<Layout, LayoutError> {
    let def = lookup(set, name, target)?;
    match &def.body {
        Body::Struct(r) => place(set, r, false, target, 0),
        Body::Union(r) => place(set, r, true, target, 0),
        _ => {
            let (size, align) = size_align(set, &TypeRef::Named(name.to_string()), target, 0)?;
            Ok(Layout { size, align, offsets: Vec::new() })
        }
    }
}

fn lookup<'a>(set: &'a AbiSet, name: &str, target: Target) -> Result<&'a super::types::AbiType, LayoutError> {
    set.def(name, target).ok_or_else(|| {
        if set.defs(name).next().is_some() {
            LayoutError::NoDefinition { name: name.to_string(), target }
        } else {
            LayoutError::Unknown(name.to_string())
        }
    })
}

fn place(set: &AbiSet, record: &Record, union: bool, target: Target, depth: usize) -> Result<Layout, LayoutError> {
    let pack = record.pack.filter(|&p| p > 0).unwrap_or(u64::MAX);
    let mut end = 0u64;
    let mut align = 1u64;
    let mut offsets = Vec::with_capacity(record.fields.len());
    for field in &record.fields {
        let (size, field_align) = size_align(set, &field.ty, target, depth + 1)?;
        let field_align = field_align.min(pack);
        align = align.max(field_align);
        let offset = if union { 0 } else { round_up(end, field_align) };
        offsets.push((field.name.clone(), offset));
        end = if union { end.max(size) } else { offset + size };
    }
    Ok(Layout { size: round_up(end, align), align, offsets })
}

fn round_up(n: u64, align: u64) -> u64 {
    n.div_ceil(align.max(1)) * align.max(1)
}

/// Size and alignment of a type used by value.
pub fn size_align(set: &AbiSet, ty: &TypeRef, target: Target, depth: usize) -> Result<(u64, u64), LayoutError> {
    let pointer = (target.pointer_size(), target.pointer_size());
    match ty {
        TypeRef::Prim(p) => Ok(p.size_align(target)),
        TypeRef::Ptr { .. } | TypeRef::Vtable(_) => Ok(pointer),
        TypeRef::Array { of, len } => {
            let (size, align) = size_align(set, of, target, depth + 1)?;
            Ok((size * len, align))
        }
        TypeRef::Named(name) => {
            if depth > MAX_DEPTH {
                return Err(LayoutError::Recursive(name.clone()));
            }
            let def = lookup(set, name, target)?;
            match &def.body {
                Body::Struct(r) => place(set, r, false, target, depth).map(|l| (l.size, l.align)),
                Body::Union(r) => place(set, r, true, target, depth).map(|l| (l.size, l.align)),
                Body::Enum(e) => size_align(set, &e.repr, target, depth + 1),
                Body::Typedef { ty } => size_align(set, ty, target, depth + 1),
                Body::Callback(_) | Body::Interface(_) | Body::Opaque { of: OpaqueKind::Interface } => Ok(pointer),
                Body::Opaque { of: OpaqueKind::Record } => Err(LayoutError::Unsized(name.clone())),
            }
        }
    }
}
