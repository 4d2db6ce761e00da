//! Small ABI types for the ABI stage's unit tests, built the way the metadata reader builds them.

use super::types::{AbiField, AbiType, Arches, Body, Interface, Method, Record, Signature, TypeRef};

/// A type of a test namespace, on every target.
pub fn abi_type(name: &str, body: Body) -> AbiType {
    AbiType {
        name: name.into(),
        namespace: "Windows.Win32.Test".into(),
        body,
        nested_in: None,
        arches: Arches::ALL,
        note: None,
        header: None,
    }
}

/// Fields by name and type, unpacked.
fn fields(fields: &[(&str, TypeRef)]) -> Record {
    Record {
        fields: fields
            .iter()
            .map(|(n, ty)| AbiField { name: (*n).into(), ty: ty.clone(), bitfields: Vec::new() })
            .collect(),
        pack: None,
    }
}

pub fn record(name: &str, members: &[(&str, TypeRef)]) -> AbiType {
    abi_type(name, Body::Struct(fields(members)))
}

pub fn union(name: &str, members: &[(&str, TypeRef)]) -> AbiType {
    abi_type(name, Body::Union(fields(members)))
}

/// An interface whose methods take nothing and return an HRESULT.
pub fn interface(name: &str, base: Option<&str>, methods: &[&str]) -> AbiType {
    let method = |m: &&str| Method {
        name: (*m).into(),
        signature: Signature { ret: TypeRef::named("HRESULT"), params: Vec::new() },
    };
    abi_type(
        name,
        Body::Interface(Interface {
            iid: None,
            base: base.map(Into::into),
            winrt: false,
            methods: methods.iter().map(method).collect(),
        }),
    )
}
