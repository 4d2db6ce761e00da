//! The plan of the generated crate: which pages document which ABI types, the module each type
//! goes to, the Rust names of the closed enums and value tables, and where a page link points
//! inside the crate. Everything later stages look up is decided here, once.

use super::EmitError;
use crate::abi::{AbiSet, Body, TypeRef};
use crate::abi::{c_member_path, table_prefixes};
use crate::model::{Field, Item, NamedValue};
use crate::naming::{ModuleName, camel, close, is_identifier, meaning_name, variant_names};
use crate::read::links::LinkIndex;
use crate::read::prose::word_prefix;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

/// A documented page, as the emitter needs it.
#[derive(Debug)]
pub struct DocPage {
    pub path: PathBuf,
    pub item: Item,
    /// The page's folder in sdk-api (`winhttp`), for relative links and its URL.
    pub dir: String,
    /// The page's file stem (`ns-winhttp-winhttp_async_result`).
    pub stem: String,
}

impl DocPage {
    pub fn new(path: &Path, item: Item) -> Self {
        let dir = path.parent().and_then(|p| p.file_name()).map(|d| d.to_string_lossy().into_owned());
        let stem = crate::abi::stem(path);
        DocPage { path: path.to_path_buf(), dir: dir.unwrap_or_default(), stem, item }
    }

    /// The page on learn.microsoft.com.
    pub fn url(&self) -> String {
        format!("https://learn.microsoft.com/windows/win32/api/{}/{}", self.dir, self.stem)
    }
}

/// One row of a value table: a named value of a field, a parameter or an enum.
#[derive(Debug, Clone)]
pub struct Entry {
    pub name: String,
    pub variant: String,
    pub value: i128,
    /// The page's description; `None` for a value only the ABI knows.
    pub doc: Option<Doc>,
}

/// Documentation text as the page gives it.
#[derive(Debug, Clone)]
pub enum Doc {
    /// A section's markdown/HTML source (an enum member's `### -field` body).
    Markdown(String),
    /// Text already without markup (a value table's description cell).
    Plain(String),
}

/// What a closed enum closes: an ABI enum (by its name), or the value table or error-code family
/// it was made for (by the closed enum's own name).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum ClosedKey {
    Abi(String),
    Table(String),
    Family(String),
}

/// The closed Rust enum of a set of values.
#[derive(Debug, Clone)]
pub struct ClosedEnum {
    pub name: String,
    pub module: ModuleName,
    /// The ABI enum whose values it closes; `None` for a value table's own enum.
    pub raw: Option<String>,
    /// The integer type of its `#[repr]`.
    pub repr: TypeRef,
    pub entries: Vec<Entry>,
    /// Members that repeat an earlier member's value (not variants of their own): name, value.
    pub aliases: Vec<(String, i128)>,
    /// For an ABI family's enum: the field it is the values of (`WINHTTP_ASYNC_RESULT.dwError`)
    /// and why.
    pub family: Option<(String, String)>,
    /// The values have no C names (a table of bare numbers); the names are their meanings'.
    pub named_by_meaning: bool,
}

impl ClosedEnum {
    fn same_values(&self, other: &ClosedEnum) -> bool {
        self.repr == other.repr
            && self.entries.len() == other.entries.len()
            && self.entries.iter().zip(&other.entries).all(|(a, b)| a.name == b.name && a.value == b.value)
    }
}

/// A value table of a field or parameter, and the closed enum that holds its values.
#[derive(Debug, Clone)]
pub struct ValueTable {
    /// The closed enum's name (its own, or the ABI enum's).
    pub enum_name: String,
    /// Table rows that are not values of that enum (a constant of another family).
    pub strays: Vec<String>,
    /// Where the values come from when no page lists them (an ABI family's note).
    pub note: Option<String>,
}

pub struct Catalog<'a> {
    pub set: &'a AbiSet,
    pub pages: Vec<DocPage>,
    /// ABI type name -> the page documenting it.
    page_of: HashMap<String, usize>,
    /// (interface, method) -> the page documenting it.
    method_page: HashMap<(String, String), usize>,
    /// Every ABI type and its module.
    pub module_of: BTreeMap<String, ModuleName>,
    /// The closed enums: of ABI enums, of value tables, of error-code families.
    pub closed: BTreeMap<ClosedKey, ClosedEnum>,
    /// (owner type, field or parameter name) -> its value table.
    tables: HashMap<(String, String), ValueTable>,
    /// Named constants and the module they are emitted in.
    pub constant_module: BTreeMap<String, ModuleName>,
    links: LinkIndex,
    /// Page API name -> Rust path (`crate::winhttp::WINHTTP_STATUS_CALLBACK`).
    paths: HashMap<String, String>,
}

impl<'a> Catalog<'a> {
    pub fn new(pages: Vec<DocPage>, set: &'a AbiSet) -> Result<Self, EmitError> {
        let mut catalog = Catalog {
            set,
            pages,
            page_of: HashMap::new(),
            method_page: HashMap::new(),
            module_of: BTreeMap::new(),
            closed: BTreeMap::new(),
            tables: HashMap::new(),
            constant_module: BTreeMap::new(),
            links: LinkIndex::new(),
            paths: HashMap::new(),
        };
        catalog.roots();
        catalog.modules();
        catalog.enums();
        catalog.value_tables()?;
        catalog.check_names()?;
        catalog.link_paths();
        Ok(catalog)
    }

    fn roots(&mut self) {
        for (i, page) in self.pages.iter().enumerate() {
            self.links.insert(&page.path, &page.item);
            let Some(api) = self.set.api_of(&page.stem) else { continue };
            match api.method {
                Some(method) => {
                    self.method_page.entry((api.ty.to_string(), method.to_string())).or_insert(i);
                }
                None => {
                    self.page_of.entry(api.ty.to_string()).or_insert(i);
                }
            }
        }
    }

    /// A documented type goes to its page's header module. A type of the closure goes where the
    /// types that use it went, when they agree, else to the shared module ([`ModuleName::shared`]); a type nothing uses (a
    /// value table's enum) goes with the documented types of its namespace.
    fn modules(&mut self) {
        let set = self.set;
        let mut users: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
        for def in &set.types {
            for used in def.body.references() {
                if used != def.name {
                    users.entry(used).or_default().insert(&def.name);
                }
            }
        }
        let mut decided: BTreeMap<String, ModuleName> = BTreeMap::new();
        for (name, &i) in &self.page_of {
            decided.insert(name.clone(), module_name(&self.pages[i]));
        }
        // A type no page documents, whose header the ABI names (a supplement entry).
        for def in &set.types {
            if let Some(module) = def.header.as_deref().and_then(ModuleName::of_header)
                && !decided.contains_key(&def.name)
            {
                decided.insert(def.name.clone(), module);
            }
        }
        let names: BTreeSet<&str> = set.types.iter().map(|t| t.name.as_str()).collect();
        loop {
            let mut changed = false;
            for &name in &names {
                if decided.contains_key(name) {
                    continue;
                }
                let Some(by) = users.get(name) else { continue };
                let modules: Option<BTreeSet<&ModuleName>> = by.iter().map(|u| decided.get(*u)).collect();
                let Some(modules) = modules else { continue }; // a user is not placed yet
                let module = match modules.iter().next() {
                    Some(m) if modules.len() == 1 => (*m).clone(),
                    _ => ModuleName::shared(),
                };
                decided.insert(name.to_string(), module);
                changed = true;
            }
            if !changed {
                break;
            }
        }
        for def in &set.types {
            if decided.contains_key(&def.name) {
                continue;
            }
            // Unused, or in a cycle of types that only use each other.
            let same_namespace: BTreeSet<ModuleName> = self
                .page_of
                .iter()
                .filter(|(n, _)| set.any_def(n).is_some_and(|d| d.namespace == def.namespace))
                .map(|(_, &i)| module_name(&self.pages[i]))
                .collect();
            let module = match same_namespace.iter().next() {
                Some(m) if same_namespace.len() == 1 && !users.contains_key(def.name.as_str()) => m.clone(),
                _ => ModuleName::shared(),
            };
            decided.insert(def.name.clone(), module);
        }
        self.module_of = decided;
    }

    /// The names the ABI itself puts at the crate root (types, vtables, IIDs, constants, Win32
    /// enum members): a closed enum must not take one.
    fn abi_names(&self) -> BTreeSet<String> {
        let mut names = BTreeSet::new();
        for def in &self.set.types {
            names.insert(def.name.clone());
            if matches!(def.body, Body::Interface(_)) {
                names.insert(format!("{}_Vtbl", def.name));
                names.insert(format!("IID_{}", def.name));
            }
            if let Body::Enum(e) = &def.body
                && !is_winrt(&def.namespace)
            {
                names.extend(e.members.iter().map(|m| m.name.clone()));
            }
        }
        names.extend(self.set.constants.iter().map(|c| c.name.clone()));
        names
    }

    /// Every ABI enum gets a closed enum named in camel case (`AsyncStatusKind` when the C name
    /// is camel case already, or the camel-case name is taken), with the page's docs for each
    /// member.
    fn enums(&mut self) {
        let mut taken = self.abi_names();
        for def in &self.set.types {
            let Body::Enum(e) = &def.body else { continue };
            if e.members.is_empty() || self.closed.contains_key(&ClosedKey::Abi(def.name.clone())) {
                continue;
            }
            let name = unique(&taken, [camel(&def.name), format!("{}Kind", camel(&def.name))]);
            taken.insert(name.clone());
            let page = self.page(&def.name);
            let docs: Vec<&Field> = page.map(|p| p.item.fields.iter().collect()).unwrap_or_default();
            let members: Vec<(String, i128, Option<Doc>)> = e
                .members
                .iter()
                .map(|m| {
                    let doc = docs
                        .iter()
                        .find(|f| f.name == m.name)
                        .or_else(|| docs.iter().find(|f| close(&f.name, &m.name)))
                        .map(|f| Doc::Markdown(f.description.source.clone()));
                    (m.name.clone(), m.value, doc)
                })
                .collect();
            let mut closed = closed_enum(name, self.module(&def.name), e.repr.clone(), members);
            closed.raw = Some(def.name.clone());
            self.closed.insert(ClosedKey::Abi(def.name.clone()), closed);
        }
    }

    /// The value tables of documented fields and parameters. A table of an ABI enum's members
    /// uses that enum's closed enum; a table of constants gets a closed enum of its own with every
    /// constant of the family, documented or not.
    fn value_tables(&mut self) -> Result<(), EmitError> {
        let mut own: Vec<(String, String, ClosedEnum)> = Vec::new();
        let mut taken = self.abi_names();
        taken.extend(self.closed.values().map(|c| c.name.clone()));
        // Every documented table's prefix, so that an undocumented constant joins the table of its
        // own family, on whichever page it is, not a shorter-prefixed one.
        let prefixes: Vec<String> = self.pages.iter().flat_map(|p| table_prefixes(&p.item)).collect();
        for page in &self.pages {
            let Some(owner) = self.set.api_of(&page.stem).filter(|a| a.method.is_none()).map(|a| a.ty) else {
                continue;
            };
            let owner_def = self.set.any_def(owner);
            for (member, is_param) in
                page.item.fields.iter().map(|f| (f, false)).chain(page.item.parameters.iter().map(|p| (p, true)))
            {
                if member.values.is_empty() {
                    continue;
                }
                let rows = Rows::new(&member.values);
                let field_ty = owner_def.and_then(|d| member_type(self.set, &d.body, &member.name, is_param));
                let candidates = self.set.value_candidates(field_ty.as_ref(), &member.values, &prefixes);
                let enum_of = enum_owning(self.set, field_ty.as_ref(), &candidates);
                if let Some(enum_name) = enum_of {
                    let Some(closed) = self.closed.get_mut(&ClosedKey::Abi(enum_name)) else { continue };
                    // An enum no page of its own documents (SC_ACTION_TYPE): the table's rows
                    // are its values' docs.
                    // A row may name a value by another of its names (DNS_QUERY_REQUEST_VERSION1 is
                    // DNS_QUERY_ACCEPT_TRUNCATED_RESPONSE, 1, in the metadata).
                    let aliases = closed.aliases.clone();
                    for entry in closed.entries.iter_mut().filter(|e| e.doc.is_none()) {
                        let other_names = aliases.iter().filter(|(_, v)| *v == entry.value).map(|(n, _)| n);
                        entry.doc = std::iter::once(&entry.name).chain(other_names).find_map(|name| {
                            match row_doc(&page.item, &rows, name)? {
                                Doc::Plain(text) if text.trim().is_empty() && *name != entry.name => {
                                    Some(Doc::Plain(format!("Listed on the page as {name}.")))
                                }
                                doc => Some(doc),
                            }
                        });
                    }
                    let strays = member
                        .values
                        .iter()
                        .filter(|v| !closed.entries.iter().any(|e| close(&v.name, &e.name)))
                        .filter(|v| !closed.aliases.iter().any(|(n, _)| *n == v.name))
                        .map(|v| v.name.clone())
                        .collect();
                    let table = ValueTable { enum_name: closed.name.clone(), strays, note: None };
                    self.tables.insert((owner.to_string(), member.name.clone()), table);
                    continue;
                }
                let mut by_meaning = false;
                let (repr, members) = if candidates.is_empty() {
                    // No ABI constants: the page's own numbers, typed as the field is.
                    let Some(TypeRef::Prim(p)) =
                        field_ty.clone().filter(|t| matches!(t, TypeRef::Prim(p) if p.is_integer()))
                    else {
                        continue;
                    };
                    // A row without a C name (a bare number: wMonth's `1` = "January") is named by
                    // its meaning; when one cannot be, the table stays documentation.
                    let members: Option<Vec<_>> = member
                        .values
                        .iter()
                        .filter_map(|v| {
                            // A number the field cannot hold is reported by the ABI stage
                            // (`value-mismatch`) and left out.
                            let value = v.value.filter(|value| p.holds(*value))?;
                            let name = match is_identifier(&v.name) {
                                true => Some(v.name.clone()),
                                false => meaning_name(&v.description),
                            };
                            Some(name.map(|n| (n, value, Some(Doc::Plain(v.description.clone())))))
                        })
                        .collect();
                    let Some(members) = members else { continue };
                    by_meaning = member.values.iter().any(|v| !is_identifier(&v.name));
                    (TypeRef::Prim(p), members)
                } else {
                    let reprs: BTreeSet<String> =
                        candidates.iter().filter_map(|(n, _)| value_type(self.set, n)).collect();
                    let reprs: Vec<String> = reprs.into_iter().collect();
                    // Constants of different types, or not integers: no one enum holds them; the
                    // field keeps the page's table as prose.
                    let [repr] = &reprs[..] else { continue };
                    let Ok(repr @ TypeRef::Prim(p)) = TypeRef::parse(repr) else { continue };
                    if !p.is_integer() {
                        continue;
                    }
                    let members = candidates
                        .iter()
                        .map(|(name, value)| (name.clone(), *value, row_doc(&page.item, &rows, name)))
                        .collect();
                    (repr, members)
                };
                if members.is_empty() {
                    continue;
                }
                let names: Vec<&str> = members.iter().map(|(n, _, _)| n.as_str()).collect();
                let prefix = word_prefix(names.iter().copied());
                let words = prefix.trim_end_matches('_').split('_').filter(|w| !w.is_empty()).count();
                let by_owner = format!(
                    "{}{}",
                    camel(owner),
                    // A nested field is named by its own name (`DUMMYUNIONNAME.uVersion`: `Version`).
                    camel(
                        member
                            .name
                            .rsplit('.')
                            .next()
                            .unwrap_or_default()
                            .trim_start_matches(|c: char| c.is_ascii_lowercase())
                    )
                );
                // One word that repeats the owner's name (`SECBUFFER_` on SecBuffer) adds nothing:
                // the owner and the field name it.
                let repeats = camel(owner).to_ascii_lowercase().contains(&camel(&prefix).to_ascii_lowercase());
                let preferred = match words {
                    0 => by_owner.clone(),
                    1 if repeats => by_owner.clone(),
                    1 => format!("{}{}", camel(owner), camel(&prefix)),
                    _ => camel(&prefix),
                };
                let module = self.module(owner);
                let mut closed = closed_enum(preferred.clone(), module.clone(), repr, members);
                closed.named_by_meaning = by_meaning;
                // The same table on another page (a status code on two callbacks) is one enum.
                let same = own.iter().find(|(.., c)| c.name == preferred && c.same_values(&closed));
                if let Some((.., existing)) = same {
                    let table = ValueTable { enum_name: existing.name.clone(), strays: Vec::new(), note: None };
                    self.tables.insert((owner.to_string(), member.name.clone()), table);
                    continue;
                }
                closed.name = unique(&taken, [preferred, by_owner]);
                taken.insert(closed.name.clone());
                for entry in &closed.entries {
                    if self.set.constant(&entry.name).is_some() {
                        self.constant_module.entry(entry.name.clone()).or_insert(module.clone());
                    }
                }
                own.push((owner.to_string(), member.name.clone(), closed));
            }
        }
        for (owner, member, closed) in own {
            let table = ValueTable { enum_name: closed.name.clone(), strays: Vec::new(), note: None };
            self.tables.insert((owner, member), table);
            self.closed.insert(ClosedKey::Table(closed.name.clone()), closed);
        }
        self.families(&mut taken);
        for c in &self.set.constants {
            self.constant_module.entry(c.name.clone()).or_insert_with(ModuleName::shared);
        }
        Ok(())
    }

    /// The ABI's families of values (error codes no page lists) as closed enums of their fields,
    /// declared beside the record.
    fn families(&mut self, taken: &mut BTreeSet<String>) {
        for family in &self.set.families {
            let Some(Body::Struct(record) | Body::Union(record)) = self.set.any_def(&family.owner).map(|d| &d.body)
            else {
                continue;
            };
            let Some(repr) =
                record.fields.iter().find(|f| f.name == family.field).and_then(|f| self.set.prim_of(&f.ty))
            else {
                continue;
            };
            let members = family
                .constants
                .iter()
                .filter_map(|name| self.set.constant(name))
                .map(|c| {
                    let doc = format!("{} = {}, from {}.", c.name, c.value, c.namespace);
                    (c.name.clone(), c.value, Some(Doc::Plain(doc)))
                })
                .collect();
            let module = self.module(&family.owner);
            let mut closed = closed_enum(family.name.clone(), module.clone(), TypeRef::Prim(repr), members);
            closed.family = Some((format!("{}::{}", family.owner, family.field), family.note.clone()));
            closed.name = unique(taken, [family.name.clone()]);
            taken.insert(closed.name.clone());
            for entry in &closed.entries {
                self.constant_module.entry(entry.name.clone()).or_insert(module.clone());
            }
            let table =
                ValueTable { enum_name: closed.name.clone(), strays: Vec::new(), note: Some(family.note.clone()) };
            self.tables.insert((family.owner.clone(), family.field.clone()), table);
            self.closed.insert(ClosedKey::Family(closed.name.clone()), closed);
        }
    }

    /// Everything is re-exported at the crate root, so every name must be unique.
    fn check_names(&self) -> Result<(), EmitError> {
        let mut seen: BTreeMap<String, String> = BTreeMap::new();
        let mut add = |name: String, what: String| -> Result<(), EmitError> {
            if let Some(first) = seen.insert(name.clone(), what.clone()) {
                return Err(EmitError::NameClash { name, first, second: what });
            }
            Ok(())
        };
        let mut types: BTreeSet<&str> = BTreeSet::new();
        for def in &self.set.types {
            if types.insert(&def.name) {
                add(def.name.clone(), format!("the ABI type `{}`", def.name))?;
                if matches!(def.body, Body::Interface(_)) {
                    add(format!("{}_Vtbl", def.name), format!("the vtable of `{}`", def.name))?;
                    add(format!("IID_{}", def.name), format!("the IID of `{}`", def.name))?;
                }
            }
            if let Body::Enum(e) = &def.body
                && !is_winrt(&def.namespace)
            {
                for m in &e.members {
                    add(m.name.clone(), format!("the member `{}` of `{}`", m.name, def.name))?;
                }
            }
        }
        for c in &self.set.constants {
            add(c.name.clone(), format!("the constant `{}`", c.name))?;
        }
        for closed in self.closed.values() {
            add(closed.name.clone(), format!("the closed enum `{}`", closed.name))?;
        }
        Ok(())
    }

    fn link_paths(&mut self) {
        for page in &self.pages {
            let Some(api) = self.set.api_of(&page.stem) else { continue };
            let path = match api.method {
                // The callable method (`IMFAsyncCallback::Invoke`), not its vtable slot.
                Some(method) => format!("crate::{}::{}::{method}", self.module(api.ty), api.ty),
                None => format!("crate::{}::{}", self.module(api.ty), api.ty),
            };
            self.paths.insert(page.item.name.clone(), path);
        }
    }

    pub fn module(&self, name: &str) -> ModuleName {
        self.module_of.get(name).cloned().unwrap_or_else(ModuleName::shared)
    }

    pub fn page(&self, abi_name: &str) -> Option<&DocPage> {
        self.page_of.get(abi_name).map(|&i| &self.pages[i])
    }

    pub fn method_page(&self, interface: &str, method: &str) -> Option<&DocPage> {
        self.method_page.get(&(interface.to_string(), method.to_string())).map(|&i| &self.pages[i])
    }

    pub fn table(&self, owner: &str, member: &str) -> Option<&ValueTable> {
        self.tables.get(&(owner.to_string(), member.to_string()))
    }

    /// The fields and parameters (owner, member) whose value tables are the closed enum
    /// `enum_name`, in name order.
    pub fn tables_of(&self, enum_name: &str) -> Vec<(&str, &str)> {
        let mut of: Vec<(&str, &str)> = self
            .tables
            .iter()
            .filter(|(_, t)| t.enum_name == enum_name)
            .map(|((owner, member), _)| (owner.as_str(), member.as_str()))
            .collect();
        of.sort_unstable();
        of
    }

    pub fn closed_by_name(&self, name: &str) -> Option<&ClosedEnum> {
        self.closed.values().find(|c| c.name == name)
    }

    /// The closed enums declared in `module`, in name order.
    pub fn closed_in<'s>(
        &'s self,
        module: &'s ModuleName,
    ) -> impl Iterator<Item = (&'s ClosedKey, &'s ClosedEnum)> + 's {
        let mut all: Vec<_> = self.closed.iter().filter(|(_, c)| &c.module == module).collect();
        all.sort_by(|a, b| a.1.name.cmp(&b.1.name));
        all.into_iter()
    }

    /// The intra-doc path of a link's target, when the target is generated.
    pub fn resolve_link(&self, href: &str) -> Option<String> {
        self.links.resolve(href).and_then(|api| self.paths.get(api)).cloned()
    }

    /// Every name the generated source defines at a module's top level, and that module: types,
    /// vtables and IIDs, Win32 enum members, constants, closed enums, status decoders.
    pub fn item_modules(&self) -> BTreeMap<String, ModuleName> {
        let mut home = BTreeMap::new();
        for def in &self.set.types {
            let module = self.module(&def.name);
            if matches!(def.body, Body::Interface(_)) {
                home.insert(format!("{}_Vtbl", def.name), module.clone());
                home.insert(format!("IID_{}", def.name), module.clone());
            }
            if let Body::Enum(e) = &def.body
                && !is_winrt(&def.namespace)
            {
                for m in &e.members {
                    home.insert(m.name.clone(), module.clone());
                }
            }
            if let Body::Callback(_) = &def.body
                && let Some(page) = self.page(&def.name)
                && let (Some(plan), _) = crate::payloads::plan(&page.item, self.set)
            {
                home.insert(plan.spec.decoder.clone(), module.clone());
                if let Some(context) = &plan.spec.context {
                    home.insert(context.name.clone(), module.clone());
                }
            }
            home.insert(def.name.clone(), module);
        }
        for (name, module) in &self.constant_module {
            home.insert(name.clone(), module.clone());
        }
        for closed in self.closed.values() {
            home.insert(closed.name.clone(), closed.module.clone());
        }
        home
    }

    /// Every module name, sorted.
    pub fn modules_sorted(&self) -> Vec<ModuleName> {
        let mut all: BTreeSet<ModuleName> = self.module_of.values().cloned().collect();
        all.extend(self.constant_module.values().cloned());
        all.extend(self.closed.values().map(|c| c.module.clone()));
        all.into_iter().collect()
    }
}

/// The first name not taken, else the last one numbered (`Name2`, `Name3`, ...).
fn unique<const N: usize>(taken: &BTreeSet<String>, names: [String; N]) -> String {
    if let Some(free) = names.iter().find(|n| !taken.contains(*n)) {
        return free.clone();
    }
    let last = names.last().cloned().unwrap_or_default();
    (2..).map(|n| format!("{last}{n}")).find(|n| !taken.contains(n)).unwrap_or(last)
}

/// The header module a page's types go to: its header's stem, else its folder's name (`-` as
/// `_`), else `pages`.
fn module_name(page: &DocPage) -> ModuleName {
    page.item
        .header
        .as_deref()
        .and_then(ModuleName::of_header)
        .or_else(|| ModuleName::of_header(&page.dir.replace('-', "_")))
        .unwrap_or_else(|| ModuleName::of_header("pages").expect("an identifier"))
}

/// Windows Runtime types (namespace `Windows.Foundation`, ...), as opposed to Win32 ones.
pub fn is_winrt(namespace: &str) -> bool {
    !namespace.starts_with("Windows.Win32") && !namespace.starts_with("Windows.Wdk") && !namespace.is_empty()
}

/// The ABI type of a documented field (`dwResult`, or a path `u.APC.hThread`) or parameter.
fn member_type(set: &AbiSet, body: &Body, name: &str, is_param: bool) -> Option<TypeRef> {
    match body {
        Body::Callback(sig) if is_param => sig.params.iter().find(|p| close(&p.name, name)).map(|p| p.ty.clone()),
        Body::Struct(r) | Body::Union(r) if !is_param => {
            let visible = set.visible_fields(r);
            set.resolve_path(&visible, name)
                .or_else(|| visible.iter().find(|(n, _)| close(n, name)).map(|(_, t)| t.clone()))
        }
        _ => None,
    }
}

/// The ABI enum whose members a table lists: the field's own enum type, or the enum every
/// candidate belongs to.
fn enum_owning(set: &AbiSet, field_ty: Option<&TypeRef>, candidates: &[(String, i128)]) -> Option<String> {
    if let Some(TypeRef::Named(n)) = field_ty
        && matches!(set.any_def(n).map(|d| &d.body), Some(Body::Enum(_)))
    {
        return Some(n.clone());
    }
    // On a plain integer field, a table is the ABI enum only when it is all of it: a family
    // inside a larger enum is not (the metadata files DNS_QUERY_REQUEST_VERSION1 among the
    // DNS_QUERY_* option flags, where value 1 is first DNS_QUERY_ACCEPT_TRUNCATED_RESPONSE: the
    // version field would read as a truncation flag). Such a table gets an enum of its own.
    let first = candidates.first()?;
    set.types
        .iter()
        .find(|t| {
            matches!(&t.body, Body::Enum(e) if e.members.iter().any(|m| m.name == first.0)
                && e.members.iter().all(|m| candidates.iter().any(|(c, _)| *c == m.name)))
        })
        .map(|t| t.name.clone())
}

/// The C type of a named value: a constant's, or the repr of the ABI enum that has it as a member.
fn value_type(set: &AbiSet, name: &str) -> Option<String> {
    set.constant(name).map(|c| c.ty.to_string()).or_else(|| {
        set.types.iter().find_map(|t| match &t.body {
            Body::Enum(e) if e.members.iter().any(|m| m.name == name) => Some(e.repr.to_string()),
            _ => None,
        })
    })
}

/// The docs of the constant `name` from a page's value rows: the field's own table first, then
/// any other table of the page (INTERNET_STATUS_CALLBACK lists `INTERNET_STATUS_USER_INPUT_REQUIRED`
/// in the table of `lpvStatusInformation`, not of `dwInternetStatus`).
fn row_doc(item: &Item, rows: &Rows, name: &str) -> Option<Doc> {
    rows.find(name)
        .or_else(|| item.fields.iter().chain(&item.parameters).flat_map(|f| &f.values).find(|v| v.name == name))
        .map(|v| Doc::Plain(v.description.clone()))
}

/// A value table's rows, found by name in constant time (a table can have thousands of rows,
/// each looked up once for each constant of its enum).
pub struct Rows<'v> {
    values: &'v [NamedValue],
    by_name: HashMap<&'v str, &'v NamedValue>,
}

impl<'v> Rows<'v> {
    pub fn new(values: &'v [NamedValue]) -> Self {
        let mut by_name = HashMap::with_capacity(values.len());
        for v in values {
            by_name.entry(v.name.as_str()).or_insert(v);
        }
        Rows { values, by_name }
    }

    /// The row that documents the constant `abi_name`: by name, else by a near spelling.
    pub fn find(&self, abi_name: &str) -> Option<&'v NamedValue> {
        self.by_name.get(abi_name).copied().or_else(|| self.values.iter().find(|v| close(&v.name, abi_name)))
    }
}

/// Orders members by value, keeps the first name of each value as the variant, and names the
/// variants.
fn closed_enum(
    name: String,
    module: ModuleName,
    repr: TypeRef,
    members: Vec<(String, i128, Option<Doc>)>,
) -> ClosedEnum {
    let mut members = members;
    // By value; of two names for one value, the documented one is the variant.
    members.sort_by(|a, b| (a.1, a.2.is_none(), &a.0).cmp(&(b.1, b.2.is_none(), &b.0)));
    let mut kept: Vec<(String, i128, Option<Doc>)> = Vec::new();
    let mut aliases = Vec::new();
    for m in members {
        // Sorted by value: a repeated value follows the name kept for it.
        if kept.last().is_some_and(|k| k.1 == m.1) {
            aliases.push((m.0, m.1));
        } else {
            kept.push(m);
        }
    }
    let names: Vec<&str> = kept.iter().map(|k| k.0.as_str()).collect();
    let variants = variant_names(&names);
    let entries = kept
        .into_iter()
        .zip(variants)
        .map(|((name, value, doc), variant)| Entry { name, variant, value, doc })
        .collect();
    ClosedEnum { name, module, raw: None, repr, entries, aliases, family: None, named_by_meaning: false }
}

/// The page's documentation of the record member `member` reached at `outer_path` from the
/// page's root (empty for the root itself): `Parameters.Verify.Match` in WINBIO_ASYNC_RESULT.
pub fn member_doc<'p>(page: &'p DocPage, outer_path: &str, member: &str) -> Option<&'p Field> {
    let path = if outer_path.is_empty() { member.to_string() } else { format!("{outer_path}.{member}") };
    let fields: Vec<(String, &Field)> = page.item.fields.iter().map(|f| (c_member_path(&f.name), f)).collect();
    let has_text = |f: &Field| !f.description.source.trim().is_empty() || !f.values.is_empty();
    let exact = fields.iter().find(|(c_path, _)| *c_path == path);
    let near = fields.iter().find(|(c_path, f)| c_path != &path && close(c_path, &path) && has_text(f));
    // An empty heading of the exact name loses to a near one with text (DNS_QUERY_RESULT has an
    // empty `Reserved` and a `reserved` that says what it is).
    match (exact, near) {
        (Some((_, f)), Some((_, n))) if !has_text(f) => Some(*n),
        (Some((_, f)), _) => Some(*f),
        (None, _) => fields.iter().find(|(c_path, _)| close(c_path, &path)).map(|(_, f)| *f),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::abi::{AbiType, Arches, Constant, Enumeration, Prim};

    fn set_of(types: Vec<AbiType>) -> AbiSet {
        let mut set = AbiSet { types, ..AbiSet::default() };
        set.sort();
        set
    }

    fn enumeration(name: &str, namespace: &str, members: &[(&str, i128)]) -> AbiType {
        AbiType {
            name: name.into(),
            namespace: namespace.into(),
            arches: Arches::ALL,
            nested_in: None,
            note: None,
            header: None,
            body: Body::Enum(Enumeration {
                repr: TypeRef::Prim(Prim::I32),
                flags: false,
                members: members.iter().map(|(n, v)| Constant { name: (*n).into(), value: *v }).collect(),
            }),
        }
    }

    #[test]
    fn a_taken_name_moves_to_the_next_choice_then_gets_a_number() {
        let taken: BTreeSet<String> = ["A", "AKind", "AKind2"].map(String::from).into();
        assert_eq!(unique(&taken, ["B".to_string(), "BKind".to_string()]), "B");
        assert_eq!(unique(&taken, ["A".to_string(), "AKind".to_string()]), "AKind3");
    }

    #[test]
    fn closed_enums_do_not_take_abi_names() {
        // A Win32 enum whose camel-case name is a Windows Runtime type's name, and a WinRT enum
        // already in camel case.
        let set = set_of(vec![
            enumeration("ASYNC_STATUS", "Windows.Win32.X", &[("ASYNC_STATUS_A", 0), ("ASYNC_STATUS_B", 1)]),
            enumeration("AsyncStatus", "Windows.Foundation", &[("Started", 0), ("Completed", 1)]),
        ]);
        let catalog = Catalog::new(Vec::new(), &set).unwrap();
        let names: BTreeSet<&str> = catalog.closed.values().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["AsyncStatusKind", "AsyncStatusKind2"].into());
        let variants: Vec<&str> =
            catalog.closed[&ClosedKey::Abi("ASYNC_STATUS".into())].entries.iter().map(|e| e.variant.as_str()).collect();
        assert_eq!(variants, ["A", "B"]);
    }

    #[test]
    fn types_nobody_uses_go_to_the_shared_module_without_a_page() {
        let set = set_of(vec![enumeration("LONELY", "Windows.Win32.X", &[("LONELY_A", 0)])]);
        let catalog = Catalog::new(Vec::new(), &set).unwrap();
        assert!(catalog.module("LONELY").is_shared());
    }
}
