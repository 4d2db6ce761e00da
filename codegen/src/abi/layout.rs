//! Size, alignment and field offsets under the MSVC rules of the three Windows targets.
//!
//! The rules: a field is placed at the next multiple of `min(its alignment, pack)`; a struct's
//! alignment is `min(largest field alignment, pack)` and its size is rounded up to it; a union's
//! fields all sit at 0 and its size is its largest field's, rounded up; an array is its element
//! repeated; enums are their underlying integer; interfaces, callbacks and opaque handles are
//! pointers. 8-byte scalars are 8-aligned on x86 too (MSVC, unlike the SysV i386 ABI).

use super::types::{AbiSet, Body, Interface, OpaqueKind, Record, Target, TypeRef};
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
    #[error("`{0}` is nested more than {MAX_DEPTH} records deep by value")]
    TooDeep(String),
    #[error("`{0}` has no size (it is void or opaque) but is used by value")]
    Unsized(String),
}

/// How deeply records may nest by value before the layout gives up: real types nest a few
/// levels (WINBIO four); this only keeps a malformed snapshot from exhausting the stack.
const MAX_DEPTH: usize = 256;

/// The layout of an interface's vtable on `target`: a function pointer per method, the base
/// interfaces' first (as one member, `base__`, when there is a base), then its own in order.
pub fn vtable_layout(set: &AbiSet, interface: &Interface, target: Target) -> Layout {
    let pointer = target.pointer_size();
    let inherited: u64 = set.base_chain(interface).iter().map(|i| i.methods.len() as u64).sum();
    let base = interface.base.as_ref().map(|_| ("base__".to_string(), 0));
    let own = interface.methods.iter().enumerate().map(|(i, m)| (m.name.clone(), pointer * (inherited + i as u64)));
    Layout {
        size: pointer * (inherited + interface.methods.len() as u64),
        align: pointer,
        offsets: base.into_iter().chain(own).collect(),
    }
}

/// The layout of the record `name` on `target`.
pub fn record_layout(set: &AbiSet, name: &str, target: Target) -> Result<Layout, LayoutError> {
    let mut rules = Rules { set, target, open: vec![name.to_string()] };
    match &lookup(set, name, target)?.body {
        Body::Struct(r) => rules.place(r, false),
        Body::Union(r) => rules.place(r, true),
        _ => {
            let (size, align) = size_align(set, &TypeRef::Named(name.to_string()), target)?;
            Ok(Layout { size, align, offsets: Vec::new() })
        }
    }
}

/// Size and alignment of a type used by value.
pub fn size_align(set: &AbiSet, ty: &TypeRef, target: Target) -> Result<(u64, u64), LayoutError> {
    Rules { set, target, open: Vec::new() }.size_align(ty)
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

/// The layout rules on one target, with the named types being laid out: a name met again
/// inside itself is a record that contains itself, which no C compiler accepts.
struct Rules<'s> {
    set: &'s AbiSet,
    target: Target,
    open: Vec<String>,
}

impl Rules<'_> {
    fn place(&mut self, record: &Record, union: bool) -> Result<Layout, LayoutError> {
        let pack = record.pack.filter(|&p| p > 0).unwrap_or(u64::MAX);
        let mut end = 0u64;
        let mut align = 1u64;
        let mut offsets = Vec::with_capacity(record.fields.len());
        for field in &record.fields {
            let (size, field_align) = self.size_align(&field.ty)?;
            let field_align = field_align.min(pack);
            align = align.max(field_align);
            let offset = if union { 0 } else { round_up(end, field_align) };
            offsets.push((field.name.clone(), offset));
            end = if union { end.max(size) } else { offset + size };
        }
        Ok(Layout { size: round_up(end, align), align, offsets })
    }

    fn size_align(&mut self, ty: &TypeRef) -> Result<(u64, u64), LayoutError> {
        let pointer = (self.target.pointer_size(), self.target.pointer_size());
        match ty {
            TypeRef::Prim(p) => Ok(p.size_align(self.target)),
            TypeRef::Ptr { .. } | TypeRef::Vtable(_) => Ok(pointer),
            TypeRef::Array { of, len } => {
                let (size, align) = self.size_align(of)?;
                Ok((size * len, align))
            }
            TypeRef::Named(name) => {
                if self.open.contains(name) {
                    return Err(LayoutError::Recursive(name.clone()));
                }
                if self.open.len() >= MAX_DEPTH {
                    return Err(LayoutError::TooDeep(name.clone()));
                }
                let set = self.set;
                let def = lookup(set, name, self.target)?;
                self.open.push(name.clone());
                let found = match &def.body {
                    Body::Struct(r) => self.place(r, false).map(|l| (l.size, l.align)),
                    Body::Union(r) => self.place(r, true).map(|l| (l.size, l.align)),
                    Body::Enum(e) => self.size_align(&e.repr),
                    Body::Typedef { ty } => self.size_align(ty),
                    Body::Callback(_) | Body::Interface(_) | Body::Opaque { of: OpaqueKind::Interface } => Ok(pointer),
                    Body::Opaque { of: OpaqueKind::Record } => Err(LayoutError::Unsized(name.clone())),
                };
                self.open.pop();
                found
            }
        }
    }
}

fn round_up(n: u64, align: u64) -> u64 {
    n.div_ceil(align.max(1)) * align.max(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::abi::AbiType;
    use crate::abi::fixtures::{interface, record};

    fn interface_of<'s>(set: &'s AbiSet, name: &str) -> &'s Interface {
        match &set.any_def(name).expect("in the set").body {
            Body::Interface(i) => i,
            _ => panic!("{name} is not an interface"),
        }
    }

    #[test]
    fn a_vtable_has_the_bases_methods_first() {
        let mut set = AbiSet {
            types: vec![
                interface("IUnknown", None, &["QueryInterface", "AddRef", "Release"]),
                interface("IAsyncResult", Some("IUnknown"), &["GetStatus", "SetStatus"]),
                interface("IMoreResult", Some("IAsyncResult"), &["GetMore"]),
            ],
            ..AbiSet::default()
        };
        set.sort();
        let more = interface_of(&set, "IMoreResult");
        let chain: Vec<usize> = set.base_chain(more).iter().map(|i| i.methods.len()).collect();
        assert_eq!(chain, [3, 2], "the root first");
        let x64 = vtable_layout(&set, more, Target::X86_64);
        assert_eq!((x64.size, x64.align), (48, 8));
        assert_eq!(x64.offsets, [("base__".to_string(), 0), ("GetMore".to_string(), 40)]);
        let x86 = vtable_layout(&set, interface_of(&set, "IUnknown"), Target::X86);
        assert_eq!((x86.size, x86.align), (12, 4));
        assert_eq!(x86.offsets[2], ("Release".to_string(), 8), "no base: no base__ member");
    }

    #[test]
    fn a_cycle_of_bases_ends_at_the_first_repeat() {
        // No header declares one; a hand-edited snapshot can.
        let mut set = AbiSet {
            types: vec![interface("IA", Some("IB"), &["A"]), interface("IB", Some("IA"), &["B1", "B2"])],
            ..AbiSet::default()
        };
        set.sort();
        let a = interface_of(&set, "IA");
        assert_eq!(set.base_chain(a).len(), 2);
        assert_eq!(vtable_layout(&set, a, Target::Aarch64).size, 8 * 4);
        // A base the set lacks ends the chain where it is.
        let orphan = interface("IOrphan", Some("IMissing"), &["X"]);
        let Body::Interface(orphan) = &orphan.body else { unreachable!() };
        assert!(set.base_chain(orphan).is_empty());
    }

    #[test]
    fn a_record_in_itself_is_refused_and_a_deep_one_is_not() {
        // A chain of 40 records, each holding the next by value: deeper than any header's, and
        // no cycle.
        let mut types: Vec<AbiType> =
            (0..40).map(|i| record(&format!("R{i}"), &[("next", TypeRef::named(format!("R{}", i + 1)))])).collect();
        types.push(record("R40", &[("x", TypeRef::Prim(crate::abi::Prim::U16))]));
        // A cycle through two records.
        types.push(record("A", &[("b", TypeRef::named("B"))]));
        types.push(record("B", &[("n", TypeRef::Prim(crate::abi::Prim::U8)), ("a", TypeRef::named("A"))]));
        let mut set = AbiSet { types, ..AbiSet::default() };
        set.sort();
        let deep = record_layout(&set, "R0", Target::X86).expect("an acyclic chain has a layout");
        assert_eq!((deep.size, deep.align), (2, 2));
        assert_eq!(record_layout(&set, "A", Target::X86_64), Err(LayoutError::Recursive("A".into())));
        assert_eq!(size_align(&set, &TypeRef::named("B"), Target::X86_64), Err(LayoutError::Recursive("B".into())));
    }
}
