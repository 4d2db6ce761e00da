//! The ABI model: what the Windows metadata says about a set of types, in a form that is small
//! enough to commit (`docs-src/abi.json`) and to review by eye.
//!
//! Types are referred to by name. Nested anonymous types (the metadata's `_Parameters_e__Union`
//! inside `WINBIO_ASYNC_RESULT`) are flattened into their own entries named `OUTER_Member`
//! with `nested_in` set, so a reader never needs the metadata's nesting tables.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::collections::BTreeSet;
use std::fmt;

/// The set of Windows targets a type definition applies to (the metadata's
/// `SupportedArchitecture`: x86 = 1, x64 = 2, arm64 = 4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Arches(pub u8);

impl Arches {
    pub const ALL: Arches = Arches(0b111);

    pub fn is_all(&self) -> bool {
        self.0 & 0b111 == 0b111
    }

    pub fn contains(self, target: Target) -> bool {
        self.0 & arch_bit(target) != 0
    }
}

impl Default for Arches {
    fn default() -> Self {
        Arches::ALL
    }
}

/// The three Windows targets, named as Rust's `target_arch` names them: the macro's type, so that
/// a layout the generator computes is written for the target the macro reads.
pub use winasync_expand::Target;

/// A target's bit in [`Arches`].
fn arch_bit(target: Target) -> u8 {
    match target {
        Target::X86 => 1,
        Target::X86_64 => 2,
        Target::Aarch64 => 4,
    }
}

/// A primitive type of the metadata. `Bool` is a one-byte C `bool`; it is kept apart from `U8` so
/// that the C spelling is right, but its Rust type is `u8`, because a `bool` that the OS sets to 2
/// would be undefined behaviour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Prim {
    Void,
    Bool,
    Char16,
    I8,
    U8,
    I16,
    U16,
    I32,
    U32,
    I64,
    U64,
    F32,
    F64,
    ISize,
    USize,
}

const PRIMS: [(Prim, &str, &str, &str); 15] = [
    // (prim, snapshot/Rust name, C spelling (basetsd.h), Rust type)
    (Prim::Void, "void", "VOID", "core::ffi::c_void"),
    (Prim::Bool, "bool", "bool", "u8"),
    (Prim::Char16, "char16", "WCHAR", "u16"),
    (Prim::I8, "i8", "INT8", "i8"),
    (Prim::U8, "u8", "UINT8", "u8"),
    (Prim::I16, "i16", "INT16", "i16"),
    (Prim::U16, "u16", "UINT16", "u16"),
    (Prim::I32, "i32", "INT32", "i32"),
    (Prim::U32, "u32", "UINT32", "u32"),
    (Prim::I64, "i64", "INT64", "i64"),
    (Prim::U64, "u64", "UINT64", "u64"),
    (Prim::F32, "f32", "FLOAT", "f32"),
    (Prim::F64, "f64", "DOUBLE", "f64"),
    (Prim::ISize, "isize", "INT_PTR", "isize"),
    (Prim::USize, "usize", "UINT_PTR", "usize"),
];

impl Prim {
    fn entry(self) -> &'static (Prim, &'static str, &'static str, &'static str) {
        PRIMS.iter().find(|e| e.0 == self).expect("every primitive is in PRIMS")
    }

    pub fn name(self) -> &'static str {
        self.entry().1
    }

    pub fn c_name(self) -> &'static str {
        self.entry().2
    }

    pub fn rust_name(self) -> &'static str {
        self.entry().3
    }

    pub fn from_name(name: &str) -> Option<Prim> {
        PRIMS.iter().find(|e| e.1 == name).map(|e| e.0)
    }

    /// Size and alignment; the same on every Windows target except for the pointer-sized ones.
    pub fn size_align(self, target: Target) -> (u64, u64) {
        let size = match self {
            Prim::Void => 0,
            Prim::Bool | Prim::I8 | Prim::U8 => 1,
            Prim::Char16 | Prim::I16 | Prim::U16 => 2,
            Prim::I32 | Prim::U32 | Prim::F32 => 4,
            // MSVC aligns 8-byte scalars to 8 inside records on x86 too (unlike the SysV i386 ABI).
            Prim::I64 | Prim::U64 | Prim::F64 => 8,
            Prim::ISize | Prim::USize => target.pointer_size(),
        };
        (size, size.max(1))
    }

    pub fn is_integer(self) -> bool {
        !matches!(self, Prim::Void | Prim::F32 | Prim::F64)
    }

    /// The values an integer of this type holds on every target (a pointer-sized one, the 32-bit
    /// targets' range); `None` for a type that is no integer.
    pub fn portable_range(self) -> Option<(i128, i128)> {
        Some(match self {
            Prim::I8 => (i8::MIN.into(), i8::MAX.into()),
            Prim::U8 | Prim::Bool => (0, u8::MAX.into()),
            Prim::I16 => (i16::MIN.into(), i16::MAX.into()),
            Prim::U16 | Prim::Char16 => (0, u16::MAX.into()),
            Prim::I32 | Prim::ISize => (i32::MIN.into(), i32::MAX.into()),
            Prim::U32 | Prim::USize => (0, u32::MAX.into()),
            Prim::I64 => (i64::MIN.into(), i64::MAX.into()),
            Prim::U64 => (0, u64::MAX.into()),
            Prim::Void | Prim::F32 | Prim::F64 => return None,
        })
    }

    /// Whether `value` is an integer of this type on every target.
    pub fn holds(self, value: i128) -> bool {
        self.portable_range().is_some_and(|(min, max)| (min..=max).contains(&value))
    }
}

/// A type as a field, parameter or constant uses it. Written in the snapshot as Rust-like text
/// (`u32`, `*mut WSD_EVENT`, `[u8; 16]`, `HWND`) so that the file reads like a header.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TypeRef {
    Prim(Prim),
    Named(String),
    Ptr {
        mutable: bool,
        to: Box<TypeRef>,
    },
    Array {
        of: Box<TypeRef>,
        len: u64,
    },
    /// An interface held by value (`IMFAsyncResult AsyncResult;` in C, a base class in C++): the
    /// object's vtable pointer, which is all the interface's C struct holds. Written
    /// `vtable IMFAsyncResult`.
    Vtable(String),
}

impl TypeRef {
    pub fn named(name: impl Into<String>) -> Self {
        TypeRef::Named(name.into())
    }

    pub fn ptr(mutable: bool, to: TypeRef) -> Self {
        TypeRef::Ptr { mutable, to: Box::new(to) }
    }

    /// The same type with every level of pointer `const` (`*const *const T` for `*mut *mut T`):
    /// what the callee may only read.
    pub fn to_const(self) -> TypeRef {
        match self {
            TypeRef::Ptr { to, .. } => TypeRef::Ptr { mutable: false, to: Box::new(to.to_const()) },
            other => other,
        }
    }

    /// The named type this reference mentions, if any, and whether it is reached by value.
    pub fn named_part(&self) -> Option<(&str, bool)> {
        match self {
            TypeRef::Prim(_) => None,
            // The vtable's methods are generated: the interface is needed in full.
            TypeRef::Named(n) | TypeRef::Vtable(n) => Some((n, true)),
            TypeRef::Ptr { to, .. } => to.named_part().map(|(n, _)| (n, false)),
            TypeRef::Array { of, .. } => of.named_part(),
        }
    }

    /// A type as the snapshot spells it (`u32`, `WINHTTP_ASYNC_RESULT`, `*const GUID`,
    /// `[u8; 16]`, `vtable IUnknown`).
    pub fn parse(text: &str) -> Result<TypeRef, TypeRefError> {
        let t = text.trim();
        if let Some(rest) = t.strip_prefix("*mut ") {
            return Ok(TypeRef::ptr(true, TypeRef::parse(rest)?));
        }
        if let Some(rest) = t.strip_prefix("*const ") {
            return Ok(TypeRef::ptr(false, TypeRef::parse(rest)?));
        }
        if let Some(inner) = t.strip_prefix('[').and_then(|r| r.strip_suffix(']')) {
            let (of, len) = inner.rsplit_once(';').ok_or_else(|| TypeRefError::ArrayLength(t.to_string()))?;
            let len = len.trim().parse().map_err(|_| TypeRefError::ArrayLength(t.to_string()))?;
            return Ok(TypeRef::Array { of: Box::new(TypeRef::parse(of)?), len });
        }
        if let Some(p) = Prim::from_name(t) {
            return Ok(TypeRef::Prim(p));
        }
        if let Some(interface) = t.strip_prefix("vtable ") {
            let interface = interface.trim();
            if !interface.is_empty() && interface.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                return Ok(TypeRef::Vtable(interface.to_string()));
            }
        }
        if !t.is_empty() && t.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Ok(TypeRef::Named(t.to_string()));
        }
        Err(TypeRefError::NotAType(t.to_string()))
    }
}

/// Why a snapshot's type text is not a type.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TypeRefError {
    #[error("array type `{0}` has no `; N` with a number N")]
    ArrayLength(String),
    #[error("`{0}` is not a type (expected a primitive, a name, `*mut T`, `*const T`, `[T; N]` or `vtable IFoo`)")]
    NotAType(String),
}

impl fmt::Display for TypeRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TypeRef::Prim(p) => f.write_str(p.name()),
            TypeRef::Named(n) => f.write_str(n),
            TypeRef::Ptr { mutable, to } => write!(f, "*{} {to}", if *mutable { "mut" } else { "const" }),
            TypeRef::Array { of, len } => write!(f, "[{of}; {len}]"),
            TypeRef::Vtable(interface) => write!(f, "vtable {interface}"),
        }
    }
}

impl Serialize for TypeRef {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for TypeRef {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        TypeRef::parse(&text).map_err(serde::de::Error::custom)
    }
}

/// Constants range over i64 and u64. serde's buffering of internally tagged enums has no i128,
/// so they are written as whichever 64-bit integer holds them.
mod wide_int {
    use serde::de::{self, Visitor};
    use serde::{Deserializer, Serializer};

    pub fn serialize<S: Serializer>(v: &i128, s: S) -> Result<S::Ok, S::Error> {
        match (i64::try_from(*v), u64::try_from(*v)) {
            (Ok(v), _) => s.serialize_i64(v),
            (_, Ok(v)) => s.serialize_u64(v),
            _ => Err(serde::ser::Error::custom(format!("constant {v} does not fit 64 bits"))),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<i128, D::Error> {
        struct Int;
        impl Visitor<'_> for Int {
            type Value = i128;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an integer")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<i128, E> {
                Ok(v.into())
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<i128, E> {
                Ok(v.into())
            }
        }
        d.deserialize_any(Int)
    }
}

/// One type definition of the closure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AbiType {
    pub name: String,
    pub namespace: String,
    /// The targets this definition applies to; a type with per-target definitions has one entry
    /// per definition.
    #[serde(default, skip_serializing_if = "Arches::is_all")]
    pub arches: Arches,
    /// For a flattened nested type: the type it is declared in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nested_in: Option<String>,
    /// Where a definition does not come from the metadata (the supplement), why and whence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The C header that declares it (`rtworkq`), for a type no page documents; the pages say
    /// it for the others.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub header: Option<String>,
    #[serde(flatten)]
    pub body: Body,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Body {
    Struct(Record),
    Union(Record),
    Enum(Enumeration),
    /// A native typedef (`HWND`, `HRESULT`, `PWSTR`, `BOOL`): a distinct name for another type.
    Typedef {
        ty: TypeRef,
    },
    /// A function pointer type (the metadata's delegates).
    Callback(Signature),
    Interface(Interface),
    /// A type the closure only reaches through a pointer (or an interface it only passes around):
    /// its name is kept, its contents are not part of the family.
    Opaque {
        of: OpaqueKind,
    },
}

impl Body {
    /// The named types a definition needs (fields, parameters, bases, enum reprs); an interface
    /// also needs `GUID`, for its IID.
    pub fn references(&self) -> Vec<&str> {
        let mut tys: Vec<&TypeRef> = Vec::new();
        let mut extra: Vec<&str> = Vec::new();
        match self {
            Body::Struct(r) | Body::Union(r) => tys.extend(r.fields.iter().map(|f| &f.ty)),
            Body::Enum(e) => tys.push(&e.repr),
            Body::Typedef { ty } => tys.push(ty),
            Body::Callback(sig) => {
                tys.push(&sig.ret);
                tys.extend(sig.params.iter().map(|p| &p.ty));
            }
            Body::Interface(i) => {
                extra.push("GUID");
                extra.extend(i.base.as_deref());
                for m in &i.methods {
                    tys.push(&m.signature.ret);
                    tys.extend(m.signature.params.iter().map(|p| &p.ty));
                }
            }
            Body::Opaque { .. } => {}
        }
        tys.into_iter().filter_map(|t| t.named_part().map(|(n, _)| n)).chain(extra).collect()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OpaqueKind {
    Record,
    Interface,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    /// `#pragma pack(N)`, when the header sets one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pack: Option<u64>,
    pub fields: Vec<AbiField>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AbiField {
    pub name: String,
    pub ty: TypeRef,
    /// C bitfields packed into this field (the metadata stores the storage unit as one field).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub bitfields: Vec<Bitfield>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bitfield {
    pub name: String,
    pub offset: u64,
    pub width: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Enumeration {
    pub repr: TypeRef,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub flags: bool,
    pub members: Vec<Constant>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Constant {
    pub name: String,
    #[serde(with = "wide_int")]
    pub value: i128,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signature {
    pub ret: TypeRef,
    pub params: Vec<Param>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Param {
    pub name: String,
    pub ty: TypeRef,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Interface {
    /// The IID as `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iid: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base: Option<String>,
    /// A Windows Runtime interface: its methods below are already in ABI form (HRESULT return,
    /// out-pointer for the result).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub winrt: bool,
    /// This interface's own methods in vtable order (the base's come first in the vtable).
    pub methods: Vec<Method>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Method {
    pub name: String,
    #[serde(flatten)]
    pub signature: Signature,
}

/// A named constant outside any enum (`API_RECEIVE_RESPONSE`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NamedConstant {
    pub name: String,
    pub namespace: String,
    pub ty: TypeRef,
    #[serde(with = "wide_int")]
    pub value: i128,
}

/// What the pages of a set resolved to: the root of each page, and every type and constant
/// their closure needs. Sorted by name, so that the file is deterministic and diffs stay small.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AbiSet {
    /// Where the metadata came from (file names and sizes), for the reader of the snapshot.
    pub source: Vec<String>,
    /// Page file stem (`ns-winhttp-winhttp_async_result`) to the type or method it documents
    /// (`WINHTTP_ASYNC_RESULT`, `IWSDAsyncResult::Abort`).
    pub roots: Vec<(String, String)>,
    /// Page file stems the set was made for whose API the metadata does not have: with the
    /// roots, every page the set was made for, so that a page it was not made for (added after
    /// the snapshot was written) is told apart from one the metadata lacks.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unresolved: Vec<String>,
    pub types: Vec<AbiType>,
    pub constants: Vec<NamedConstant>,
    /// Fields whose values are a family of constants no page lists (error codes).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub families: Vec<Family>,
}

/// A field whose values are a family of the set's constants: `WINHTTP_ASYNC_RESULT.dwError`
/// holds `ERROR_SUCCESS` or an `ERROR_WINHTTP_*` code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Family {
    /// The record and field (`WINHTTP_ASYNC_RESULT`, `dwError`).
    pub owner: String,
    pub field: String,
    /// The closed enum of the values (`WinhttpError`).
    pub name: String,
    /// Why the field holds these, and where that is said.
    pub note: String,
    /// The constants, by name (each in `constants`).
    pub constants: Vec<String>,
}

/// `codegen/abi-supplement.json`: reviewed corrections and additions to the metadata.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Supplement {
    /// Definitions that replace the metadata's or add to it; each is part of the set.
    #[serde(default)]
    pub types: Vec<AbiType>,
    /// Fields whose values are constants of the metadata no page lists.
    #[serde(default)]
    pub families: Vec<FamilySpec>,
}

/// A [`Family`] as the supplement asks for it: by the constants' prefixes and names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FamilySpec {
    /// `RECORD.field`.
    pub field: String,
    pub name: String,
    /// Every constant of the metadata whose name starts with one of these.
    pub prefixes: Vec<String>,
    /// And these, constants or Win32 enum members (`ERROR_SUCCESS`, a `WIN32_ERROR` member).
    #[serde(default)]
    pub names: Vec<String>,
    pub note: String,
}

impl Supplement {
    pub fn from_json(text: &str) -> Result<Supplement, serde_json::Error> {
        serde_json::from_str(text)
    }
}

impl AbiSet {
    /// Every definition of `name` (one per target set).
    pub fn defs<'a>(&'a self, name: &str) -> impl Iterator<Item = &'a AbiType> + 'a {
        let start = self.types.partition_point(|t| t.name.as_str() < name);
        let end = start + self.types[start..].partition_point(|t| t.name == name);
        self.types[start..end].iter()
    }

    /// The definition of `name` that applies to `target`.
    pub fn def(&self, name: &str, target: Target) -> Option<&AbiType> {
        self.defs(name).find(|t| t.arches.contains(target))
    }

    /// The definition to describe when a target is not given: x64's, else the first.
    pub fn any_def(&self, name: &str) -> Option<&AbiType> {
        self.def(name, Target::X86_64).or_else(|| self.defs(name).next())
    }

    /// The definition `name` stands for, through typedefs of other named types
    /// (`WSAOVERLAPPED` → `OVERLAPPED`); `name`'s own when it is not such a typedef.
    pub fn through_typedefs(&self, name: &str) -> Option<&AbiType> {
        let mut def = self.any_def(name)?;
        // A chain longer than the set is a cycle; stop where it began.
        for _ in 0..self.types.len() {
            match &def.body {
                Body::Typedef { ty: TypeRef::Named(next) } => match self.any_def(next) {
                    Some(next) => def = next,
                    None => break,
                },
                _ => break,
            }
        }
        Some(def)
    }

    /// The part of the set `roots` need: the types they reach (by value or by pointer, the nested
    /// types of those, recursively), the constants of those types' namespaces, and the families
    /// of the records kept; the roots of the pages whose types are kept.
    pub fn subset(&self, roots: &[String]) -> AbiSet {
        let mut keep: BTreeSet<String> = BTreeSet::new();
        let mut todo: Vec<String> = roots.to_vec();
        while let Some(name) = todo.pop() {
            if !keep.insert(name.clone()) {
                continue;
            }
            for def in self.defs(&name) {
                todo.extend(def.body.references().into_iter().map(str::to_string));
            }
            todo.extend(self.types.iter().filter(|t| t.nested_in.as_deref() == Some(&name)).map(|t| t.name.clone()));
        }
        let families: Vec<Family> = self.families.iter().filter(|f| keep.contains(&f.owner)).cloned().collect();
        let namespaces: BTreeSet<&str> =
            self.types.iter().filter(|t| keep.contains(&t.name)).map(|t| t.namespace.as_str()).collect();
        let in_family: BTreeSet<&str> = families.iter().flat_map(|f| f.constants.iter().map(String::as_str)).collect();
        let mut subset = AbiSet {
            source: self.source.clone(),
            roots: self.roots.iter().filter(|(_, r)| keep.contains(ApiName::parse(r).ty)).cloned().collect(),
            unresolved: self.unresolved.clone(),
            types: self.types.iter().filter(|t| keep.contains(&t.name)).cloned().collect(),
            constants: self
                .constants
                .iter()
                .filter(|c| namespaces.contains(c.namespace.as_str()) || in_family.contains(c.name.as_str()))
                .cloned()
                .collect(),
            families,
        };
        subset.sort();
        subset
    }

    /// Whether the Rust spelling of a type names a type of this crate's own making (a record, an
    /// enum's newtype, an interface's pointer newtype, a callback that does), as opposed to
    /// primitives, pointers and typedefs of them, which are the same Rust types as windows-sys's.
    /// A C `bool` counts too: it is `u8` here and `bool` there.
    pub fn names_own_types(&self, ty: &TypeRef) -> bool {
        self.names_own_types_within(ty, self.types.len())
    }

    fn names_own_types_within(&self, ty: &TypeRef, budget: usize) -> bool {
        let Some(budget) = budget.checked_sub(1) else { return true };
        match ty {
            TypeRef::Prim(p) => *p == Prim::Bool,
            TypeRef::Vtable(_) => true,
            TypeRef::Ptr { to, .. } | TypeRef::Array { of: to, .. } => self.names_own_types_within(to, budget),
            TypeRef::Named(n) => match self.any_def(n).map(|d| &d.body) {
                Some(Body::Typedef { ty }) => self.names_own_types_within(ty, budget),
                Some(Body::Callback(sig)) => std::iter::once(&sig.ret)
                    .chain(sig.params.iter().map(|p| &p.ty))
                    .any(|t| self.names_own_types_within(t, budget)),
                _ => true,
            },
        }
    }

    /// The primitive a type stands for, through typedefs (`HRESULT` → `i32`).
    pub fn prim_of(&self, ty: &TypeRef) -> Option<Prim> {
        match ty {
            TypeRef::Prim(p) => Some(*p),
            TypeRef::Named(n) => match &self.through_typedefs(n)?.body {
                Body::Typedef { ty: TypeRef::Prim(p) } => Some(*p),
                Body::Enum(e) => self.prim_of(&e.repr),
                _ => None,
            },
            _ => None,
        }
    }

    /// Whether the set was made for the page of this stem (its API found or not).
    pub fn made_for(&self, stem: &str) -> bool {
        self.root_of(stem).is_some() || self.unresolved.binary_search_by(|s| s.as_str().cmp(stem)).is_ok()
    }

    /// What the page of `stem` documents, as [`ApiName::parse`] reads it.
    pub fn api_of(&self, stem: &str) -> Option<ApiName<'_>> {
        self.root_of(stem).map(ApiName::parse)
    }

    pub fn root_of(&self, stem: &str) -> Option<&str> {
        let i = self.roots.binary_search_by(|(s, _)| s.as_str().cmp(stem)).ok()?;
        Some(&self.roots[i].1)
    }

    pub fn constant(&self, name: &str) -> Option<&NamedConstant> {
        let i = self.constants.binary_search_by(|c| c.name.as_str().cmp(name)).ok()?;
        Some(&self.constants[i])
    }

    /// Puts everything in the canonical order the lookups above rely on.
    pub fn sort(&mut self) {
        self.roots.sort();
        self.roots.dedup();
        self.unresolved.sort();
        self.unresolved.dedup();
        self.types.sort_by(|a, b| (&a.name, a.arches).cmp(&(&b.name, b.arches)));
        self.types.dedup();
        self.constants.sort_by(|a, b| (&a.name, &a.namespace).cmp(&(&b.name, &b.namespace)));
        self.constants.dedup_by(|a, b| a.name == b.name);
        self.families.sort_by(|a, b| (&a.owner, &a.field).cmp(&(&b.owner, &b.field)));
    }

    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).expect("the ABI model always serializes");
        text.push('\n');
        text
    }

    pub fn from_json(text: &str) -> Result<AbiSet, serde_json::Error> {
        let mut set: AbiSet = serde_json::from_str(text)?;
        set.sort();
        Ok(set)
    }
}

/// The C spelling of a type (`UINT_PTR`, `WSD_EVENT*`, `UINT8[16]`). Interfaces are pointers in
/// C, so a by-value interface reference is spelled `IFoo*`.
pub fn c_spelling(ty: &TypeRef, set: &AbiSet) -> String {
    match ty {
        TypeRef::Prim(p) => p.c_name().to_string(),
        TypeRef::Named(n) => match set.any_def(n).map(|t| &t.body) {
            Some(Body::Interface(_) | Body::Opaque { of: OpaqueKind::Interface }) => format!("{n}*"),
            _ => n.clone(),
        },
        TypeRef::Ptr { mutable: true, to } => format!("{}*", c_spelling(to, set)),
        TypeRef::Ptr { mutable: false, to } => format!("const {}*", c_spelling(to, set)),
        TypeRef::Array { of, len } => format!("{}[{len}]", c_spelling(of, set)),
        TypeRef::Vtable(interface) => interface.clone(),
    }
}

/// The Rust spelling the generated crate uses for a field of this type.
pub fn rust_spelling(ty: &TypeRef) -> String {
    match ty {
        TypeRef::Prim(p) => p.rust_name().to_string(),
        TypeRef::Named(n) => n.clone(),
        TypeRef::Ptr { mutable, to } => format!("*{} {}", if *mutable { "mut" } else { "const" }, rust_spelling(to)),
        TypeRef::Array { of, len } => format!("[{}; {len}]", rust_spelling(of)),
        TypeRef::Vtable(interface) => format!("*const {interface}_Vtbl"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_text_round_trips() {
        for text in
            ["u32", "*mut *const GUID", "[u8; 16]", "[*mut WSD_EVENT; 4]", "HWND", "*mut void", "vtable IUnknown"]
        {
            assert_eq!(TypeRef::parse(text).unwrap().to_string(), text);
        }
        assert!(TypeRef::parse("[u8 16]").is_err());
        assert!(TypeRef::parse("unsigned long").is_err());
    }
}

/// The name of what a page documents, as a set's roots spell it: a type (`WINHTTP_ASYNC_RESULT`)
/// or a method of an interface (`IMFAsyncResult::GetState`). The one reader of that spelling.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ApiName<'a> {
    /// The type: the record, enum, callback or interface (for a method, its interface).
    pub ty: &'a str,
    /// The method, for a method page.
    pub method: Option<&'a str>,
}

impl<'a> ApiName<'a> {
    pub fn parse(root: &'a str) -> Self {
        match root.split_once("::") {
            Some((ty, method)) => ApiName { ty, method: Some(method) },
            None => ApiName { ty: root, method: None },
        }
    }
}
