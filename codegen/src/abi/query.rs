//! Questions about the ABI that the later stages ask of an [`AbiSet`]: a record's fields as C code
//! sees them, the type at a documented member path, the values a field's value table can name.
//! Answered here once, so that the emitter and the JSON view ask rather than work them out.

use super::common_prefix;
use super::types::{AbiSet, Body, Interface, Record, TypeRef};
use crate::model::{Item, NamedValue};
use crate::naming::close;

/// A documented member path as C code spells it. The pages keep the headers' `DUMMYUNIONNAME`,
/// `DUMMYSTRUCTNAME` (and `...NAME2`, ...) placeholders, macros that expand to nothing where the
/// compiler has anonymous unions and structs, so `DUMMYUNIONNAME.DUMMYSTRUCTNAME.Offset` is
/// `Offset` to C, as to [`AbiSet::visible_fields`]. Empty when the path only names an anonymous
/// member.
pub fn c_member_path(documented: &str) -> String {
    let placeholder = |part: &str| {
        ["DUMMYUNIONNAME", "DUMMYSTRUCTNAME"]
            .iter()
            .any(|p| part.strip_prefix(p).is_some_and(|n| n.chars().all(|c| c.is_ascii_digit())))
    };
    documented.split('.').filter(|part| !placeholder(part)).collect::<Vec<_>>().join(".")
}

/// The name prefix of each value table of an item (`WINHTTP_CALLBACK_STATUS_`,
/// `WINHTTP_CALLBACK_STATUS_FLAG_`), for [`AbiSet::value_candidates`].
pub fn table_prefixes(item: &Item) -> Vec<String> {
    item.fields
        .iter()
        .chain(&item.parameters)
        .filter_map(|f| common_prefix(&f.values.iter().map(|v| &v.name).collect::<Vec<_>>()))
        .collect()
}

/// The constant among `constants` that a documented value name stands for: the one of that
/// name, else one spelt nearly so (see [`close`]: `Cancelled` stands for `Canceled`).
pub fn constant_named<'c>(name: &str, constants: &'c [(String, i128)]) -> Option<&'c (String, i128)> {
    constants.iter().find(|(n, _)| n == name).or_else(|| constants.iter().find(|(n, _)| close(name, n)))
}

impl AbiSet {
    /// The interfaces `interface` derives from, the root (`IUnknown`) first. A base the set does
    /// not have ends the chain; so does a cycle (a malformed snapshot), at the first repeat.
    pub fn base_chain<'s>(&'s self, interface: &Interface) -> Vec<&'s Interface> {
        let mut chain = Vec::new();
        let mut seen: Vec<&str> = Vec::new();
        let mut base = interface.base.as_deref();
        while let Some(name) = base.take() {
            if seen.contains(&name) {
                break;
            }
            seen.push(name);
            if let Some(Body::Interface(i)) = self.any_def(name).map(|d| &d.body) {
                chain.push(i);
                base = i.base.as_deref();
            }
        }
        chain.reverse();
        chain
    }

    /// The struct or union a type names.
    pub fn record_of(&self, ty: &TypeRef) -> Option<&Record> {
        let TypeRef::Named(name) = ty else { return None };
        match &self.any_def(name)?.body {
            Body::Struct(r) | Body::Union(r) => Some(r),
            _ => None,
        }
    }

    /// A record's fields as C code sees them: the members of anonymous unions and structs
    /// (`Anonymous`, `Anonymous1` in the metadata) are promoted into the record.
    pub fn visible_fields(&self, record: &Record) -> Vec<(String, TypeRef)> {
        let mut out = Vec::new();
        self.collect_visible(record, &mut out, &mut Vec::new());
        out
    }

    /// `inside`: the anonymous records being promoted. One that holds itself (a malformed
    /// snapshot: C cannot) is kept as a field the second time; so is one nested deeper than a
    /// malformed snapshot could make the stack hold (real ones nest two or three).
    fn collect_visible<'s>(&'s self, record: &Record, out: &mut Vec<(String, TypeRef)>, inside: &mut Vec<&'s str>) {
        for field in &record.fields {
            let anonymous = field.name.starts_with("Anonymous") && field.name[9..].chars().all(|c| c.is_ascii_digit());
            let inner = match &field.ty {
                TypeRef::Named(name) if anonymous && !inside.contains(&name.as_str()) && inside.len() < 256 => {
                    self.record_of(&field.ty).map(|r| (self.any_def(name).map_or("", |d| d.name.as_str()), r))
                }
                _ => None,
            };
            match inner {
                Some((name, inner)) => {
                    inside.push(name);
                    self.collect_visible(inner, out, inside);
                    inside.pop();
                }
                None => out.push((field.name.clone(), field.ty.clone())),
            }
        }
    }

    /// The type at a dotted documented path (placeholders allowed, see [`c_member_path`]), if
    /// every step exists, starting from a record's `visible` fields.
    pub fn resolve_path(&self, visible: &[(String, TypeRef)], path: &str) -> Option<TypeRef> {
        let path = c_member_path(path);
        let mut fields = visible.to_vec();
        let mut ty = None;
        for part in path.split('.') {
            let (_, t) = fields.iter().find(|(n, _)| n == part)?.clone();
            fields = self.record_of(&t).map(|r| self.visible_fields(r)).unwrap_or_default();
            ty = Some(t);
        }
        ty
    }

    /// The values a field's table can name: the members of its enum type, else the set's
    /// constants of the table's family (same prefix as the documented names). A constant that
    /// also has the longer prefix of another table (`tables`, from [`table_prefixes`]) belongs
    /// to that one: `WINHTTP_CALLBACK_STATUS_FLAG_*` is not a status code.
    pub fn value_candidates(
        &self,
        field_ty: Option<&TypeRef>,
        documented: &[NamedValue],
        tables: &[String],
    ) -> Vec<(String, i128)> {
        if let Some(TypeRef::Named(n)) = field_ty
            && let Some(Body::Enum(e)) = self.any_def(n).map(|d| &d.body)
        {
            return e.members.iter().map(|c| (c.name.clone(), c.value)).collect();
        }
        let names: Vec<String> = documented.iter().map(|v| v.name.clone()).collect();
        let family = |known: Vec<&String>| {
            let prefix = common_prefix(&known);
            move |name: &str| {
                prefix.as_deref().is_some_and(|p| {
                    name.starts_with(p) && !tables.iter().any(|t| t.len() > p.len() && name.starts_with(t.as_str()))
                })
            }
        };
        // A table of a Win32 enum's members on a field that the ABI types as a plain integer: the
        // members of the table's family (the metadata files DNS_QUERY_REQUEST_VERSION1 among the
        // DNS_QUERY_* option flags; a one-row table of it is not a table of every option).
        for def in &self.types {
            if let Body::Enum(e) = &def.body
                && e.members.iter().any(|c| names.contains(&c.name))
            {
                let of_family = family(e.members.iter().map(|c| &c.name).filter(|n| names.contains(n)).collect());
                return e
                    .members
                    .iter()
                    .filter(|c| names.contains(&c.name) || of_family(&c.name))
                    .map(|c| (c.name.clone(), c.value))
                    .collect();
            }
        }
        let of_family = family(names.iter().filter(|n| self.constant(n).is_some()).collect());
        self.constants
            .iter()
            .filter(|c| names.contains(&c.name) || of_family(&c.name))
            .map(|c| (c.name.clone(), c.value))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_documented_value_name_finds_its_constant_exactly_then_nearly() {
        let constants = [("AsyncStatus_Canceled".to_string(), 2), ("AsyncStatus_Cancel".to_string(), 9)];
        assert_eq!(constant_named("AsyncStatus_Cancel", &constants), Some(&constants[1]), "exact wins");
        assert_eq!(constant_named("AsyncStatus_Cancelled", &constants), Some(&constants[0]));
        assert_eq!(constant_named("Started", &constants), None);
    }

    #[test]
    fn placeholders_leave_the_c_member_path() {
        assert_eq!(c_member_path("DUMMYUNIONNAME.DUMMYSTRUCTNAME.Offset"), "Offset");
        assert_eq!(c_member_path("DUMMYUNIONNAME2.Pointer"), "Pointer");
        assert_eq!(c_member_path("DUMMYUNIONNAME"), "");
        assert_eq!(c_member_path("Parameters.Event.lpOverlapped"), "Parameters.Event.lpOverlapped");
    }

    #[test]
    fn anonymous_members_are_promoted_and_a_cycle_of_them_ends() {
        use crate::abi::Prim;
        use crate::abi::fixtures::union;
        let mut set = AbiSet {
            types: vec![
                union("OUTER", &[("Anonymous", TypeRef::named("OUTER_0")), ("hEvent", TypeRef::Prim(Prim::USize))]),
                union("OUTER_0", &[("Offset", TypeRef::Prim(Prim::U32)), ("Anonymous1", TypeRef::named("OUTER_0"))]),
            ],
            ..AbiSet::default()
        };
        set.sort();
        let Some(outer) = set.record_of(&TypeRef::named("OUTER")) else { panic!("OUTER is a record") };
        let names: Vec<String> = set.visible_fields(outer).into_iter().map(|(n, _)| n).collect();
        // OUTER_0 is promoted once; holding itself, it is a field the second time.
        assert_eq!(names, ["Offset", "Anonymous1", "hEvent"]);
    }
}
