//! Reading the Windows metadata (`.winmd`) into the ABI model: the types the pages document and
//! everything they need, resolved through the `windows-metadata` crate.
//!
//! What "needs" means: a type used by value (a field, an array element, an enum's underlying
//! type, a base interface) is included in full; a record only reached through a pointer, and an
//! interface only passed around, is included as `opaque` (its name, not its contents), so the
//! closure stays the family's and not half of Win32.

use super::types::{
    AbiField, AbiSet, AbiType, ApiName, Arches, Bitfield, Body, Constant, Enumeration, Family, FamilySpec, Interface,
    Method, NamedConstant, OpaqueKind, Param, Prim, Record, Signature, Supplement, TypeRef,
};
use super::{Query, common_prefix};
use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};
use std::path::{Path, PathBuf};
use thiserror::Error;
use windows_metadata::reader::{File, HasAttributes, Index, TypeCategory, TypeDef};
use windows_metadata::{ParamAttributes, Type, TypeAttributes, TypeName, Value};

/// The crate that ships the Windows metadata files, in its `default/` folder.
pub const METADATA_CRATE: (&str, &str) = ("windows-bindgen", "0.58.0");

/// The metadata folder of windows-bindgen 0.58.0 in cargo's cache; cargo fetches the crate first
/// when it is not there (a throwaway manifest that depends on it, `cargo fetch`, then `cargo
/// metadata` for where it is). The error says what to do instead.
pub fn metadata_in_cargo_cache() -> Result<PathBuf, String> {
    let (name, version) = METADATA_CRATE;
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let scratch = |e: std::io::Error| format!("cannot make a scratch manifest to find the Windows metadata: {e}");
    let dir = tempfile::tempdir().map_err(scratch)?;
    std::fs::create_dir(dir.path().join("src")).map_err(scratch)?;
    std::fs::write(dir.path().join("src/lib.rs"), "").map_err(scratch)?;
    std::fs::write(
        dir.path().join("Cargo.toml"),
        format!(
            "[package]\nname = \"winmd-fetch\"\nversion = \"0.0.0\"\nedition = \"2021\"\n[dependencies]\n{name} = \"={version}\"\n[workspace]\n"
        ),
    )
    .map_err(scratch)?;
    let manifest = dir.path().join("Cargo.toml");
    let run = |args: &[&str]| -> Result<std::process::Output, String> {
        std::process::Command::new(&cargo)
            .args(args)
            .arg("--manifest-path")
            .arg(&manifest)
            .stderr(std::process::Stdio::inherit())
            .output()
            .map_err(|e| format!("cannot run cargo to find the Windows metadata: {e}"))
    };
    let fetched = run(&["fetch"])?;
    if !fetched.status.success() {
        return Err(format!(
            "cargo could not fetch {name} {version}; give the folder of its metadata files with --winmd"
        ));
    }
    let output = run(&["metadata", "--format-version", "1", "--offline"])?;
    let meta: serde_json::Value =
        serde_json::from_slice(&output.stdout).map_err(|e| format!("cargo metadata did not print JSON: {e}"))?;
    let found = meta["packages"]
        .as_array()
        .and_then(|ps| ps.iter().find(|p| p["name"] == name && p["version"] == version))
        .and_then(|p| p["manifest_path"].as_str())
        .map(|m| Path::new(m).with_file_name("default"));
    match found {
        Some(dir) if dir.join("Windows.Win32.winmd").is_file() => Ok(dir),
        _ => Err(format!("no metadata files in {name} {version}; give their folder with --winmd")),
    }
}

#[derive(Debug, Error)]
pub enum WinmdError {
    #[error("cannot read {}: {source}", path.display())]
    Io { path: PathBuf, source: std::io::Error },
    #[error("{} has no .winmd files (expected Windows.Win32.winmd, and Windows.winmd for WinRT types)", .0.display())]
    Empty(PathBuf),
    #[error("{} is not a readable metadata file", .0.display())]
    Malformed(PathBuf),
}

/// The loaded metadata with the look-up tables the extraction needs.
pub struct Metadata {
    index: Index,
    source: Vec<String>,
    /// Type name to the namespaces that define it.
    by_name: HashMap<String, BTreeSet<String>>,
    /// Documentation page stem to (namespace, name).
    by_page: HashMap<String, (String, String)>,
    /// Constant name to namespace; and each namespace's constant names.
    constants: HashMap<String, String>,
    constants_in: HashMap<String, Vec<String>>,
    /// Member name of a Win32 enum to (namespace, enum name).
    enum_members: HashMap<String, (String, String)>,
}

impl Metadata {
    /// Reads every `*.winmd` file in `dir`.
    pub fn open(dir: &Path) -> Result<Metadata, WinmdError> {
        let entries = std::fs::read_dir(dir).map_err(|source| WinmdError::Io { path: dir.into(), source })?;
        let mut paths: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("winmd")))
            .collect();
        paths.sort();
        if paths.is_empty() {
            return Err(WinmdError::Empty(dir.into()));
        }
        let mut files = Vec::new();
        let mut source = Vec::new();
        for path in &paths {
            let bytes = std::fs::read(path).map_err(|source| WinmdError::Io { path: path.clone(), source })?;
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            source.push(format!("{name} ({} bytes)", bytes.len()));
            // The reader indexes into tables without bounds checks of its own; a damaged file
            // must become an error here, not a panic later.
            let file = std::panic::catch_unwind(|| File::new(bytes)).ok().flatten();
            files.push(file.ok_or_else(|| WinmdError::Malformed(path.clone()))?);
        }
        let index =
            std::panic::catch_unwind(move || Index::new(files)).map_err(|_| WinmdError::Malformed(dir.into()))?;
        let mut meta = Metadata {
            index,
            source,
            by_name: HashMap::new(),
            by_page: HashMap::new(),
            constants: HashMap::new(),
            constants_in: HashMap::new(),
            enum_members: HashMap::new(),
        };
        meta.build_tables();
        Ok(meta)
    }

    fn build_tables(&mut self) {
        for def in self.index.types() {
            let (namespace, name) = (def.namespace().to_string(), def.name().to_string());
            if let Some(stem) = documentation_stem(def) {
                self.by_page.entry(stem).or_insert_with(|| (namespace.clone(), name.clone()));
            }
            if name != "Apis" {
                self.by_name.entry(name).or_default().insert(namespace);
            }
        }
        // Win32 enum members are constants in C (`INTERNET_STATE_CONNECTED`), so the pages
        // document them as values; WinRT enums are scoped and are not.
        for def in self.index.types() {
            if def.category() == TypeCategory::Enum && !def.flags().contains(TypeAttributes::WindowsRuntime) {
                for field in def.fields().filter(|f| f.constant().is_some()) {
                    self.enum_members
                        .insert(field.name().to_string(), (def.namespace().to_string(), def.name().to_string()));
                }
            }
        }
        for (namespace, name, item) in self.index.iter_items() {
            if matches!(item, windows_metadata::reader::Item::Const(_)) {
                self.constants.entry(name.to_string()).or_insert_with(|| namespace.to_string());
                self.constants_in.entry(namespace.to_string()).or_default().push(name.to_string());
            }
        }
        for names in self.constants_in.values_mut() {
            names.sort();
        }
    }

    pub fn source(&self) -> &[String] {
        &self.source
    }

    /// The ABI set for these pages: one root per page that resolved, and the closure.
    /// `supplement` replaces the metadata's definition of the types it names (for the few the
    /// metadata gets wrong); their dependencies are still resolved in the metadata.
    pub fn extract(&self, queries: &[Query], supplement: &Supplement) -> AbiSet {
        let mut walk = Walk::new(self, &supplement.types);
        let mut roots = Vec::new();
        let mut unresolved = Vec::new();
        for query in queries {
            match walk.root(query) {
                Some(root) => roots.push((query.stem.clone(), root)),
                None => unresolved.push(query.stem.clone()),
            }
        }
        // A supplement entry is a reviewed addition to the family, so it is part of the set even
        // when no page documents it (RTWQASYNCRESULT has no page).
        for def in &supplement.types {
            walk.want(&def.namespace, &def.name, Need::Full);
        }
        walk.drain();
        let families: Vec<Family> = supplement.families.iter().map(|spec| walk.family(spec)).collect();
        let mut set = walk.finish();
        set.families = families;
        set.roots = roots;
        set.unresolved = unresolved;
        set.source = self.source.clone();
        set.sort();
        set
    }

    fn find(&self, name: &str) -> Option<(String, String)> {
        let namespace = self.by_name.get(name)?.iter().next()?;
        Some((namespace.clone(), name.to_string()))
    }

    /// A Win32 enum's member as a constant of its own (typed as the enum's integer).
    fn enum_member_constant(&self, name: &str) -> Option<NamedConstant> {
        let (namespace, owner) = self.enum_members.get(name)?;
        let def = self.index.get(namespace, owner).next()?;
        let field = def.fields().find(|f| f.name() == name)?;
        let value = integer(&field.constant()?.value())?;
        let ty = match def.underlying_type()? {
            Type::I32 => TypeRef::Prim(Prim::I32),
            Type::U32 => TypeRef::Prim(Prim::U32),
            Type::I16 => TypeRef::Prim(Prim::I16),
            Type::U16 => TypeRef::Prim(Prim::U16),
            Type::I8 => TypeRef::Prim(Prim::I8),
            Type::U8 => TypeRef::Prim(Prim::U8),
            Type::I64 => TypeRef::Prim(Prim::I64),
            Type::U64 => TypeRef::Prim(Prim::U64),
            _ => return None,
        };
        Some(NamedConstant { name: name.to_string(), namespace: namespace.clone(), ty, value })
    }
}

fn documentation_stem(def: TypeDef) -> Option<String> {
    let attr = def.find_attribute("DocumentationAttribute")?;
    let url = attr.value().into_iter().find_map(|(_, v)| if let Value::Utf8(s) = v { Some(s) } else { None })?;
    let stem = url.trim_end_matches('/').rsplit('/').next()?.to_ascii_lowercase();
    Some(stem)
}

/// How a type is reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Need {
    /// Only its name is needed (behind a pointer, or an interface passed around).
    Name,
    /// Its full definition is needed.
    Full,
}

struct Walk<'m> {
    meta: &'m Metadata,
    supplement: &'m [AbiType],
    queue: VecDeque<(String, String, Need)>,
    need: BTreeMap<String, Need>,
    done: BTreeMap<String, Need>,
    types: Vec<AbiType>,
    constants: BTreeMap<String, NamedConstant>,
}

impl<'m> Walk<'m> {
    fn new(meta: &'m Metadata, supplement: &'m [AbiType]) -> Self {
        Walk {
            meta,
            supplement,
            queue: VecDeque::new(),
            need: BTreeMap::new(),
            done: BTreeMap::new(),
            types: Vec::new(),
            constants: BTreeMap::new(),
        }
    }

    /// Resolves one page; returns the name its root is recorded under.
    fn root(&mut self, query: &Query) -> Option<String> {
        let found = self.meta.by_page.get(&query.stem.to_ascii_lowercase()).cloned().or_else(|| {
            query.names.iter().find_map(|n| {
                // A method page is named `Interface::Method`; its root is the interface.
                self.find(ApiName::parse(n).ty)
            })
        });
        let root = match &found {
            Some((namespace, name)) => {
                self.want(namespace, name, Need::Full);
                let method = query.names.first().and_then(|n| ApiName::parse(n).method);
                Some(match method {
                    Some(m) => format!("{name}::{m}"),
                    None => name.clone(),
                })
            }
            None => None,
        };
        for name in &query.needs {
            if let Some((namespace, name)) = self.find(name) {
                self.want(&namespace, &name, Need::Full);
            }
        }
        self.drain();
        let home = found.as_ref().map(|(ns, _)| ns.as_str());
        self.add_constants(&query.value_names, home);
        root
    }

    /// Documented value names that are constants, and the undocumented constants of the same
    /// family: those in the same namespace sharing the documented names' common prefix.
    fn add_constants(&mut self, names: &[String], home: Option<&str>) {
        let mut namespaces = BTreeSet::new();
        for name in names {
            if let Some(namespace) = self.meta.constants.get(name) {
                namespaces.insert(namespace.clone());
                self.add_constant(namespace, name);
            } else if let Some((namespace, owner)) = self.meta.enum_members.get(name) {
                self.want(namespace, owner, Need::Full);
                self.drain();
            }
        }
        let found: Vec<&String> = names.iter().filter(|n| self.meta.constants.contains_key(*n)).collect();
        let Some(prefix) = common_prefix(&found) else { return };
        for namespace in namespaces.iter().map(String::as_str).chain(home) {
            let siblings: Vec<String> = self
                .meta
                .constants_in
                .get(namespace)
                .map(|all| all.iter().filter(|c| c.starts_with(&prefix)).cloned().collect())
                .unwrap_or_default();
            for name in siblings {
                self.add_constant(namespace, &name);
            }
        }
    }

    /// The constants of a family: those of the metadata with one of its prefixes, and the ones
    /// it names (a Win32 enum's member becomes a constant of its own, with the enum's integer
    /// type, so the family does not bring in the whole enum: `ERROR_SUCCESS` of `WIN32_ERROR`).
    fn family(&mut self, spec: &FamilySpec) -> Family {
        let mut names = Vec::new();
        let prefixed: Vec<(String, String)> = self
            .meta
            .constants
            .iter()
            .filter(|(name, _)| spec.prefixes.iter().any(|p| name.starts_with(p.as_str())))
            .map(|(name, namespace)| (name.clone(), namespace.clone()))
            .collect();
        for (name, namespace) in prefixed {
            self.add_constant(&namespace, &name);
            if self.constants.contains_key(&name) {
                names.push(name);
            }
        }
        for name in &spec.names {
            if let Some(namespace) = self.meta.constants.get(name).cloned() {
                self.add_constant(&namespace, name);
            } else if let Some(constant) = self.meta.enum_member_constant(name) {
                self.constants.insert(name.clone(), constant);
            }
            if self.constants.contains_key(name) {
                names.push(name.clone());
            }
        }
        names.sort();
        names.dedup();
        let (owner, field) = spec.field.split_once('.').unwrap_or((spec.field.as_str(), ""));
        Family {
            owner: owner.to_string(),
            field: field.to_string(),
            name: spec.name.clone(),
            note: spec.note.clone(),
            constants: names,
        }
    }

    fn add_constant(&mut self, namespace: &str, name: &str) {
        if self.constants.contains_key(name) {
            return;
        }
        for item in self.meta.index.get_item(namespace, name) {
            let windows_metadata::reader::Item::Const(field) = item else { continue };
            let Some(value) = field.constant().and_then(|c| integer(&c.value())) else { continue };
            let ty = self.convert(&field.ty(), &HashMap::new());
            self.constants.insert(
                name.to_string(),
                NamedConstant { name: name.to_string(), namespace: namespace.to_string(), ty, value },
            );
            break;
        }
        self.drain();
    }

    fn want(&mut self, namespace: &str, name: &str, need: Need) {
        let key = name.to_string();
        let done = self.done.get(&key).copied();
        if done.is_some_and(|d| d >= need) || self.need.get(&key).is_some_and(|n| *n >= need) {
            return;
        }
        self.need.insert(key, need);
        self.queue.push_back((namespace.to_string(), name.to_string(), need));
    }

    fn drain(&mut self) {
        while let Some((namespace, name, need)) = self.queue.pop_front() {
            if self.done.get(&name).is_some_and(|d| *d >= need) {
                continue;
            }
            if need == Need::Full && self.supplemented(&name) {
                continue;
            }
            let defs: Vec<TypeDef> = self.meta.index.get(&namespace, &name).collect();
            if defs.is_empty() {
                continue;
            }
            // A record or interface only reached by name stays opaque; everything else is small
            // and is included in full whichever way it is reached.
            let category = defs[0].category();
            let native_typedef = defs[0].has_attribute("NativeTypedefAttribute");
            let opaque = need == Need::Name
                && match category {
                    TypeCategory::Struct => !native_typedef,
                    TypeCategory::Interface | TypeCategory::Class => true,
                    _ => false,
                };
            self.types.retain(|t| t.name != name && t.nested_in.as_deref() != Some(&name));
            if opaque {
                let of = if category == TypeCategory::Struct { OpaqueKind::Record } else { OpaqueKind::Interface };
                self.types.push(AbiType {
                    name: name.clone(),
                    namespace: namespace.clone(),
                    arches: Arches::ALL,
                    nested_in: None,
                    note: None,
                    header: None,
                    body: Body::Opaque { of },
                });
                self.done.insert(name, Need::Name);
                continue;
            }
            for def in defs {
                self.convert_def(def, &name, None);
            }
            self.done.insert(name, Need::Full);
        }
    }

    /// The namespace and name of a type of the metadata, else of the supplement (a type the
    /// metadata lacks, such as `WSAOVERLAPPED`, a macro in winsock2.h).
    fn find(&self, name: &str) -> Option<(String, String)> {
        self.meta.find(name).or_else(|| {
            let def = self.supplement.iter().find(|t| t.name == name)?;
            Some((def.namespace.clone(), def.name.clone()))
        })
    }

    /// Takes `name` from the supplement, if it has it, and asks for what it uses.
    fn supplemented(&mut self, name: &str) -> bool {
        let defs: Vec<AbiType> = self.supplement.iter().filter(|t| t.name == name).cloned().collect();
        if defs.is_empty() {
            return false;
        }
        self.types.retain(|t| t.name != name);
        for def in &defs {
            for ty in referenced(&def.body) {
                let Some((dep, by_value)) = ty.named_part() else { continue };
                if let Some((namespace, dep)) = self.find(dep) {
                    self.want(&namespace, &dep, if by_value { Need::Full } else { Need::Name });
                }
            }
        }
        self.types.extend(defs);
        self.done.insert(name.to_string(), Need::Full);
        true
    }

    fn convert_def(&mut self, def: TypeDef, flat_name: &str, outer: Option<(&str, Arches)>) {
        let arches = match (def.arches(), outer) {
            (0, Some((_, outer_arches))) => outer_arches,
            (0, None) => Arches::ALL,
            (bits, _) => Arches((bits & 0b111) as u8),
        };
        // Nested types get flattened names: `_Parameters_e__Union` in WINBIO_ASYNC_RESULT
        // becomes WINBIO_ASYNC_RESULT_Parameters.
        let mut nested = HashMap::new();
        let inner: Vec<TypeDef> = self.meta.index.nested(def).collect();
        for n in &inner {
            nested.insert(n.name().to_string(), format!("{flat_name}_{}", member_name(n.name())));
        }
        for n in &inner {
            let flat = nested[n.name()].clone();
            self.convert_def(*n, &flat, Some((flat_name, arches)));
        }
        let body = match def.category() {
            TypeCategory::Struct if def.has_attribute("NativeTypedefAttribute") => {
                let ty =
                    def.fields().next().map(|f| self.convert(&f.ty(), &nested)).unwrap_or(TypeRef::Prim(Prim::Void));
                Body::Typedef { ty }
            }
            TypeCategory::Struct => {
                let pack = def.class_layout().map(|l| u64::from(l.packing_size())).filter(|&p| p > 0);
                let fields = def
                    .fields()
                    .map(|f| {
                        let ty = self.convert(&f.ty(), &nested);
                        // A field the header declares `const T*` (`ConstAttribute`).
                        let ty = if f.has_attribute("ConstAttribute") { ty.to_const() } else { ty };
                        AbiField { name: f.name().to_string(), ty, bitfields: bitfields(f) }
                    })
                    .collect();
                let record = Record { pack, fields };
                if def.flags().contains(TypeAttributes::ExplicitLayout) {
                    Body::Union(record)
                } else {
                    Body::Struct(record)
                }
            }
            TypeCategory::Enum => {
                let repr = def.underlying_type().map(|t| self.convert(&t, &nested)).unwrap_or(TypeRef::Prim(Prim::I32));
                let members = def
                    .fields()
                    .filter_map(|f| {
                        let value = integer(&f.constant()?.value())?;
                        Some(Constant { name: f.name().to_string(), value })
                    })
                    .collect::<Vec<_>>();
                // By value, as C declares them; the WinRT metadata lists them by name.
                let mut members = members;
                members.sort_by(|a, b| (a.value, &a.name).cmp(&(b.value, &b.name)));
                Body::Enum(Enumeration { repr, flags: def.has_attribute("FlagsAttribute"), members })
            }
            TypeCategory::Delegate => {
                let invoke = def.methods().find(|m| m.name() == "Invoke");
                let signature =
                    invoke.map(|m| self.signature(m, false)).unwrap_or(Signature { ret: void(), params: vec![] });
                Body::Callback(signature)
            }
            TypeCategory::Interface => self.interface(def),
            TypeCategory::Class | TypeCategory::Attribute => {
                // A WinRT runtime class or a C++ class in Win32 metadata (MFASYNCRESULT): the
                // metadata gives its interfaces, not its data.
                let mut body = self.interface(def);
                if let Body::Interface(i) = &mut body {
                    i.iid = None;
                }
                body
            }
        };
        self.types.push(AbiType {
            name: flat_name.to_string(),
            namespace: def.namespace().to_string(),
            arches,
            nested_in: outer.map(|(name, _)| name.to_string()),
            note: None,
            header: None,
            body,
        });
    }

    fn interface(&mut self, def: TypeDef) -> Body {
        let winrt = def.flags().contains(TypeAttributes::WindowsRuntime);
        let base = def.interface_impls().find_map(|i| match i.interface(&[]) {
            Type::ClassName(tn) | Type::ValueName(tn) => {
                Some(self.type_name(&tn, &HashMap::new(), Need::Full).to_string())
            }
            _ => None,
        });
        // A WinRT interface's base in the ABI is IInspectable, which the metadata leaves implied.
        let base = base.or_else(|| {
            winrt.then(|| {
                self.want("Windows.Win32.System.WinRT", "IInspectable", Need::Full);
                "IInspectable".to_string()
            })
        });
        let methods =
            def.methods().map(|m| Method { name: m.name().to_string(), signature: self.signature(m, winrt) }).collect();
        Body::Interface(Interface { iid: guid(def), base, winrt, methods })
    }

    fn signature(&mut self, m: windows_metadata::reader::MethodDef, winrt: bool) -> Signature {
        let sig = m.signature(&[]);
        // (name, whether the callee may write through it): a pointer the metadata marks neither
        // `[Out]` nor `[In, Out]` is `const`, at every level, as windows-sys has it (the callee
        // only reads `REFIID riid`, or WinINet's `lpvStatusInformation`).
        let declared: Vec<(String, bool)> = m
            .params()
            .filter(|p| p.sequence() > 0)
            .map(|p| (p.name().to_string(), p.flags().contains(ParamAttributes::Out)))
            .collect();
        let ret_const = m.params().any(|p| p.sequence() == 0 && p.has_attribute("ConstAttribute"));
        let none = HashMap::new();
        let mut params = Vec::new();
        for (i, ty) in sig.types.iter().enumerate() {
            let (name, out) = declared.get(i).cloned().unwrap_or_else(|| (format!("param{i}"), true));
            if let (true, Type::Array(of)) = (winrt, ty) {
                // WinRT passes an array as (length, pointer).
                params.push(Param { name: format!("{name}Length"), ty: TypeRef::Prim(Prim::U32) });
                let of = self.convert(of, &none);
                params.push(Param { name, ty: TypeRef::ptr(out, of) });
                continue;
            }
            let ty = self.convert(ty, &none);
            params.push(Param { name, ty: if out { ty } else { ty.to_const() } });
        }
        let ret = self.convert(&sig.return_type, &none);
        let ret = if ret_const { ret.to_const() } else { ret };
        if !winrt {
            return Signature { ret, params };
        }
        // WinRT methods return their result through a trailing out-pointer and an HRESULT.
        if ret != void() {
            params.push(Param { name: "result".into(), ty: TypeRef::ptr(true, ret) });
        }
        self.want("Windows.Win32.Foundation", "HRESULT", Need::Full);
        Signature { ret: TypeRef::named("HRESULT"), params }
    }

    /// A named metadata type as a `TypeRef`, asking the closure for it as `need` says.
    fn type_name(&mut self, tn: &TypeName, nested: &HashMap<String, String>, need: Need) -> TypeRef {
        let (namespace, name) = match (tn.namespace.as_str(), tn.name.as_str()) {
            // Nested types are converted with their outer type.
            ("", inner) => return TypeRef::named(nested.get(inner).cloned().unwrap_or_else(|| inner.to_string())),
            ("System", "Guid") => ("Windows.Win32.Foundation", "GUID"),
            // WinRT's HResult is the Win32 HRESULT at the ABI.
            ("Windows.Foundation", "HResult") => ("Windows.Win32.Foundation", "HRESULT"),
            (namespace, name) => (namespace, name),
        };
        self.want(namespace, name, need);
        TypeRef::named(name)
    }

    /// A metadata type as a `TypeRef`, noting what the closure must include.
    fn convert(&mut self, ty: &Type, nested: &HashMap<String, String>) -> TypeRef {
        self.convert_reached(ty, nested, Need::Full)
    }

    fn convert_reached(&mut self, ty: &Type, nested: &HashMap<String, String>, need: Need) -> TypeRef {
        let prim = |p| TypeRef::Prim(p);
        match ty {
            Type::Void => prim(Prim::Void),
            Type::Bool => prim(Prim::Bool),
            Type::Char => prim(Prim::Char16),
            Type::I8 => prim(Prim::I8),
            Type::U8 => prim(Prim::U8),
            Type::I16 => prim(Prim::I16),
            Type::U16 => prim(Prim::U16),
            Type::I32 => prim(Prim::I32),
            Type::U32 => prim(Prim::U32),
            Type::I64 => prim(Prim::I64),
            Type::U64 => prim(Prim::U64),
            Type::F32 => prim(Prim::F32),
            Type::F64 => prim(Prim::F64),
            Type::ISize => prim(Prim::ISize),
            Type::USize => prim(Prim::USize),
            // An HSTRING is a handle; IInspectable is passed as a pointer.
            Type::String => {
                self.want("Windows.Win32.System.WinRT", "HSTRING", Need::Full);
                TypeRef::named("HSTRING")
            }
            Type::Object => {
                self.want("Windows.Win32.System.WinRT", "IInspectable", Need::Name);
                TypeRef::named("IInspectable")
            }
            // ClassName is an interface or class: a pointer at the ABI, only its name is needed.
            Type::ClassName(tn) => self.type_name(tn, nested, Need::Name),
            Type::ValueName(tn) => self.type_name(tn, nested, need),
            Type::PtrMut(to, levels) | Type::PtrConst(to, levels) => {
                let mut r = self.convert_reached(to, nested, Need::Name);
                for level in 0..*levels {
                    let mutable = matches!(ty, Type::PtrMut(..)) || level + 1 < *levels;
                    r = TypeRef::ptr(mutable, r);
                }
                r
            }
            Type::RefMut(to) | Type::RefConst(to) | Type::Array(to) => {
                let r = self.convert_reached(to, nested, Need::Name);
                TypeRef::ptr(!matches!(ty, Type::RefConst(_)), r)
            }
            Type::ArrayFixed(of, len) => {
                TypeRef::Array { of: Box::new(self.convert_reached(of, nested, need)), len: *len as u64 }
            }
            // Generic parameters only occur in WinRT generic interfaces, which the family does
            // not use; they are passed as pointers.
            Type::Generic(..) => TypeRef::ptr(true, prim(Prim::Void)),
        }
    }

    fn finish(mut self) -> AbiSet {
        self.drain();
        let mut types = self.types;
        if types.iter().any(|t| t.name == "GUID") {
            types.retain(|t| t.name != "GUID");
        }
        if self.need.contains_key("GUID") {
            types.push(guid_type());
        }
        AbiSet {
            source: Vec::new(),
            roots: Vec::new(),
            unresolved: Vec::new(),
            types,
            constants: self.constants.into_values().collect(),
            families: Vec::new(),
        }
    }
}

/// The types a definition mentions.
fn referenced(body: &Body) -> Vec<&TypeRef> {
    match body {
        Body::Struct(r) | Body::Union(r) => r.fields.iter().map(|f| &f.ty).collect(),
        Body::Enum(e) => vec![&e.repr],
        Body::Typedef { ty } => vec![ty],
        Body::Callback(sig) => std::iter::once(&sig.ret).chain(sig.params.iter().map(|p| &p.ty)).collect(),
        Body::Interface(i) => i
            .methods
            .iter()
            .flat_map(|m| std::iter::once(&m.signature.ret).chain(m.signature.params.iter().map(|p| &p.ty)))
            .collect(),
        Body::Opaque { .. } => Vec::new(),
    }
}

fn void() -> TypeRef {
    TypeRef::Prim(Prim::Void)
}

/// `_Parameters_e__Union` → `Parameters`; `_Anonymous1_e__Struct` → `Anonymous1`.
fn member_name(nested: &str) -> &str {
    let n = nested.strip_prefix('_').unwrap_or(nested);
    n.strip_suffix("_e__Union").or_else(|| n.strip_suffix("_e__Struct")).unwrap_or(n)
}

/// The metadata has no GUID type of its own (it uses System.Guid); this is its C layout.
fn guid_type() -> AbiType {
    let field = |name: &str, ty: TypeRef| AbiField { name: name.into(), ty, bitfields: vec![] };
    AbiType {
        name: "GUID".into(),
        namespace: "Windows.Win32.Foundation".into(),
        arches: Arches::ALL,
        nested_in: None,
        note: Some("the metadata uses System.Guid; this is GUID's C layout from guiddef.h".into()),
        header: None,
        body: Body::Struct(Record {
            pack: None,
            fields: vec![
                field("data1", TypeRef::Prim(Prim::U32)),
                field("data2", TypeRef::Prim(Prim::U16)),
                field("data3", TypeRef::Prim(Prim::U16)),
                field("data4", TypeRef::Array { of: Box::new(TypeRef::Prim(Prim::U8)), len: 8 }),
            ],
        }),
    }
}

fn bitfields(field: windows_metadata::reader::Field) -> Vec<Bitfield> {
    field
        .attributes()
        .filter(|a| a.name() == "NativeBitfieldAttribute")
        .filter_map(|a| {
            let values = a.value();
            let name = values.iter().find_map(|(_, v)| if let Value::Utf8(s) = v { Some(s.clone()) } else { None })?;
            let numbers: Vec<i128> = values.iter().filter_map(|(_, v)| integer(v)).collect();
            Some(Bitfield { name, offset: *numbers.first()? as u64, width: *numbers.get(1)? as u64 })
        })
        .collect()
}

fn integer(value: &Value) -> Option<i128> {
    Some(match value {
        Value::Bool(b) => i128::from(*b),
        Value::U8(v) => (*v).into(),
        Value::I8(v) => (*v).into(),
        Value::U16(v) => (*v).into(),
        Value::I16(v) => (*v).into(),
        Value::U32(v) => (*v).into(),
        Value::I32(v) => (*v).into(),
        Value::U64(v) | Value::USize(v) => (*v).into(),
        Value::I64(v) | Value::ISize(v) => (*v).into(),
        Value::EnumValue(_, inner) => integer(inner)?,
        _ => return None,
    })
}

fn guid(def: TypeDef) -> Option<String> {
    let attr = def.find_attribute("GuidAttribute")?;
    let v: Vec<i128> = attr.value().iter().filter_map(|(_, v)| integer(v)).collect();
    if v.len() != 11 {
        return None;
    }
    Some(format!(
        "{:08x}-{:04x}-{:04x}-{:02x}{:02x}-{:02x}{:02x}{:02x}{:02x}{:02x}{:02x}",
        v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10]
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_member_names() {
        assert_eq!(member_name("_Parameters_e__Union"), "Parameters");
        assert_eq!(member_name("_Anonymous2_e__Struct"), "Anonymous2");
        assert_eq!(member_name("Plain"), "Plain");
    }

    #[test]
    fn constant_family_prefix() {
        let a = "API_READ_DATA".to_string();
        let b = "API_SEND_REQUEST".to_string();
        let c = "WINBIO_ID".to_string();
        assert_eq!(common_prefix(&[&a, &b]).as_deref(), Some("API_"));
        assert_eq!(common_prefix(&[&a, &c]), None);
        assert_eq!(common_prefix(&[&a]), None);
    }
}
