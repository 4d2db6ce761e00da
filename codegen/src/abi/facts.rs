//! Facts about a type that the emitter asks and never works out itself: whether every bit pattern
//! is a valid Rust value, whether `==` means what it says, whether it holds a one-byte C boolean.
//! Each walks the type's by-value closure once, with the names being walked kept aside, so that a
//! cycle (which C cannot declare, but a hand-edited snapshot can) ends instead of recursing; a
//! name met again answers the neutral value of its question (true for "all", false for "any").

use super::types::{AbiSet, Body, OpaqueKind, Prim, TypeRef};
use std::collections::BTreeSet;

impl AbiSet {
    /// Whether every value of the type is valid in Rust (`PlainData` in `winasync::support`). A
    /// callback alias is `Option<fn>`, which the runtime covers for up to `max_callback_params`
    /// parameters; a callback that names the crate's own types is a newtype, plain by its impl.
    pub fn is_plain_data(&self, ty: &TypeRef, max_callback_params: usize) -> bool {
        self.plain_within(ty, max_callback_params, &mut BTreeSet::new())
    }

    fn plain_within<'a>(&'a self, ty: &'a TypeRef, max: usize, walking: &mut BTreeSet<&'a str>) -> bool {
        match ty {
            TypeRef::Prim(_) | TypeRef::Ptr { .. } | TypeRef::Vtable(_) => true,
            TypeRef::Array { of, .. } => self.plain_within(of, max, walking),
            TypeRef::Named(n) => self.once_per_walk(n, walking, true, |body, walking| match body {
                Some(Body::Struct(r) | Body::Union(r)) => {
                    r.fields.iter().all(|f| self.plain_within(&f.ty, max, walking))
                }
                Some(Body::Typedef { ty }) => self.plain_within(ty, max, walking),
                Some(Body::Callback(sig)) => self.names_own_types(ty) || sig.params.len() <= max,
                Some(Body::Enum(_) | Body::Interface(_) | Body::Opaque { of: OpaqueKind::Interface }) => true,
                Some(Body::Opaque { of: OpaqueKind::Record }) | None => false,
            }),
        }
    }

    /// Whether `==` and hashing mean what they say for the type: integers, pointers and records of
    /// those. Not unions (which member to compare?), floats or function pointers (whose addresses
    /// are not unique).
    pub fn is_comparable(&self, ty: &TypeRef) -> bool {
        self.comparable_within(ty, &mut BTreeSet::new())
    }

    fn comparable_within<'a>(&'a self, ty: &'a TypeRef, walking: &mut BTreeSet<&'a str>) -> bool {
        match ty {
            TypeRef::Prim(p) => p.is_integer(),
            TypeRef::Ptr { .. } | TypeRef::Vtable(_) => true,
            TypeRef::Array { of, .. } => self.comparable_within(of, walking),
            TypeRef::Named(n) => self.once_per_walk(n, walking, true, |body, walking| match body {
                Some(Body::Struct(r)) => r.fields.iter().all(|f| self.comparable_within(&f.ty, walking)),
                Some(Body::Typedef { ty }) => self.comparable_within(ty, walking),
                Some(Body::Enum(_) | Body::Interface(_) | Body::Opaque { of: OpaqueKind::Interface }) => true,
                Some(Body::Union(_) | Body::Callback(_) | Body::Opaque { of: OpaqueKind::Record }) | None => false,
            }),
        }
    }

    /// Whether the type holds a one-byte boolean (C `bool`, `BOOLEAN`), which windows-sys may write
    /// as Rust `bool`, for which not every byte is valid.
    pub fn holds_c_bool(&self, ty: &TypeRef) -> bool {
        self.c_bool_within(ty, &mut BTreeSet::new())
    }

    fn c_bool_within<'a>(&'a self, ty: &'a TypeRef, walking: &mut BTreeSet<&'a str>) -> bool {
        match ty {
            TypeRef::Prim(p) => *p == Prim::Bool,
            TypeRef::Named(n) if n == "BOOLEAN" => true,
            TypeRef::Ptr { .. } | TypeRef::Vtable(_) => false,
            TypeRef::Array { of, .. } => self.c_bool_within(of, walking),
            TypeRef::Named(n) => self.once_per_walk(n, walking, false, |body, walking| match body {
                Some(Body::Struct(r) | Body::Union(r)) => r.fields.iter().any(|f| self.c_bool_within(&f.ty, walking)),
                Some(Body::Typedef { ty }) => self.c_bool_within(ty, walking),
                _ => false,
            }),
        }
    }

    /// The answer `of` gives for the named type's body, with the name kept in `walking` while it
    /// is asked; a name already being walked (a cycle) answers `on_cycle`, the neutral value.
    fn once_per_walk<'a>(
        &'a self,
        name: &'a str,
        walking: &mut BTreeSet<&'a str>,
        on_cycle: bool,
        of: impl FnOnce(Option<&'a Body>, &mut BTreeSet<&'a str>) -> bool,
    ) -> bool {
        if !walking.insert(name) {
            return on_cycle;
        }
        let answer = of(self.any_def(name).map(|d| &d.body), walking);
        walking.remove(name);
        answer
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::abi::fixtures::record;

    fn named(n: &str) -> TypeRef {
        TypeRef::Named(n.into())
    }

    #[test]
    fn facts_of_records_follow_their_fields() {
        let mut set = AbiSet {
            types: vec![
                record(
                    "INTS",
                    &[
                        ("a", TypeRef::Prim(Prim::U32)),
                        ("p", TypeRef::Ptr { to: Box::new(named("INTS")), mutable: true }),
                    ],
                ),
                record("HAS_BOOL", &[("b", TypeRef::Prim(Prim::Bool))]),
                record("HAS_FLOAT", &[("f", TypeRef::Prim(Prim::F32))]),
                record("HAS_OPAQUE", &[("o", named("NOWHERE"))]),
            ],
            ..AbiSet::default()
        };
        set.sort();
        assert!(set.is_plain_data(&named("INTS"), 8) && set.is_comparable(&named("INTS")));
        assert!(!set.holds_c_bool(&named("INTS")) && set.holds_c_bool(&named("HAS_BOOL")));
        assert!(set.is_plain_data(&named("HAS_FLOAT"), 8) && !set.is_comparable(&named("HAS_FLOAT")));
        assert!(!set.is_plain_data(&named("HAS_OPAQUE"), 8));
    }

    #[test]
    fn a_cycle_ends() {
        // A record holding itself by value: no C header declares it, a hand-edited snapshot can.
        let mut set = AbiSet {
            types: vec![record("LOOP", &[("again", named("LOOP")), ("n", TypeRef::Prim(Prim::U8))])],
            ..AbiSet::default()
        };
        set.sort();
        assert!(set.is_plain_data(&named("LOOP"), 8));
        assert!(set.is_comparable(&named("LOOP")));
        assert!(!set.holds_c_bool(&named("LOOP")));
    }
}
