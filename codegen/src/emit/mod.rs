//! The emitter: documented pages joined with their ABI set, written as Rust source.
//!
//! In: the pages' models ([`DocPage`]), an ABI set, [`Options`]. Out: the source ([`render`]).
//! The stages: [`catalog`] decides what is emitted where and under which name; [`items`] turns
//! each ABI definition into tokens (quote, never strings of Rust); [`docs`] and [`markdown`]
//! write the doc comments; `expand` runs the `#[async_result]` expansion on them; prettyplease
//! formats the result. The output is a function of the inputs alone: the same pages and set give
//! the same bytes.

pub mod catalog;
pub mod docs;
mod expand;
pub mod items;
pub mod markdown;

use crate::abi::AbiSet;
use crate::abi::ApiName;
use crate::naming::{ModuleName, ident};
use catalog::{Catalog, DocPage};
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::BTreeSet;
use thiserror::Error;

/// Why pages and an ABI set cannot be turned into Rust: a limit of the generator, with its reason
/// (two items of one name, a layout that cannot be computed, a value out of its type's range).
#[derive(Debug, Error)]
pub enum EmitError {
    /// A size, alignment or offset the layout rules cannot compute.
    #[error("cannot generate: the layout of `{ty}` on {}: {source}", target.as_str())]
    Layout {
        ty: String,
        target: crate::abi::Target,
        #[source]
        source: crate::abi::LayoutError,
    },
    /// Tokens the emitter or the attribute's expansion made that are not Rust (a generator bug).
    #[error("cannot generate: {what} does not parse as Rust: {source}")]
    Tokens {
        what: String,
        #[source]
        source: syn::Error,
    },
    /// Two generated items would have one name.
    #[error("cannot generate: two items would be named `{name}`: {first} and {second}")]
    NameClash { name: String, first: String, second: String },
    /// A constant whose value is not an integer of the type it is written as.
    #[error("cannot generate: value {value} is not an integer of type `{repr}`")]
    NotAnInteger { value: i128, repr: String },
    /// A closed enum over a type that is not an integer.
    #[error("cannot generate: `{name}` has a non-integer repr `{repr}`")]
    NonIntegerRepr { name: String, repr: String },
    /// An interface's IID that is not a GUID, or an ABI set without the GUID structure.
    #[error("cannot generate: IID `{iid}`: {why}")]
    BadIid { iid: String, why: &'static str },
    /// A status callback's decoder that `status-payloads.toml` and the ABI do not allow.
    #[error("cannot generate: the status decoder of `{callback}`: {why}")]
    StatusDecoder { callback: String, why: String },
    /// A generated item the `#[async_result]` expansion refused (a generator bug): its
    /// `compile_error!`.
    #[error("cannot generate: the #[async_result] expansion refused a generated item: {expansion}")]
    Refused { expansion: String },
}

/// The number of items of each kind in one generated module.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ModuleSummary {
    pub name: String,
    pub records: usize,
    pub enums: usize,
    /// Closed Rust enums: one per ABI enum, one per value table of constants.
    pub closed_enums: usize,
    pub interfaces: usize,
    pub callbacks: usize,
    /// Typedefs, opaque types and constants.
    pub other: usize,
}

impl std::fmt::Display for ModuleSummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The crate is whatever includes the source: name the module only.
        let name = if self.name.is_empty() { "(crate root)" } else { &self.name };
        write!(
            f,
            "{}: {} struct/union, {} enum, {} closed enum, {} interface, {} callback, {} other",
            name, self.records, self.enums, self.closed_enums, self.interfaces, self.callbacks, self.other
        )
    }
}

/// The modules as a markdown table, one row each (the README's list of what is generated).
pub fn modules_table(modules: &[ModuleSummary]) -> String {
    let mut out = String::from(
        "| module | structs/unions | enums | closed enums | interfaces | callbacks | other |\n|---|---|---|---|---|---|---|\n",
    );
    for m in modules {
        out.push_str(&format!(
            "| `winasync::{}` | {} | {} | {} | {} | {} | {} |\n",
            m.name, m.records, m.enums, m.closed_enums, m.interfaces, m.callbacks, m.other
        ));
    }
    out
}

/// The file in a docs folder that holds its ABI snapshot.
pub const SNAPSHOT: &str = "abi.json";

/// How the source is laid out and what it includes: the choices a build script makes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    pub layout: ModuleLayout,
    /// Each module behind a cargo feature of its name, which turns on the features of the modules
    /// it needs ([`Rendered::features`] lists them for the manifest).
    pub module_features: bool,
    /// The cargo feature behind the `From` conversions to and from windows-sys's types; `None`
    /// leaves them out.
    pub windows_sys_feature: Option<String>,
    /// Only the items these pages' APIs need (by API name, as the pages give it); `None`: all.
    pub allow: Option<BTreeSet<String>>,
    /// Expand the `#[async_result]` attributes (so the source needs no proc-macro); `false`
    /// leaves them, with the layout numbers they check, for review and tests.
    pub expand: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            layout: ModuleLayout::PerHeader,
            module_features: false,
            windows_sys_feature: None,
            allow: None,
            expand: true,
        }
    }
}

/// Where the generated items go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModuleLayout {
    /// One module per header (`winhttp`, `minwinbase`, ...), each re-exported at the top.
    PerHeader,
    /// Every item at the top level, no modules.
    Flat,
}

/// The generated source, what each module holds, and, with module features, the features the
/// manifest needs.
#[derive(Debug, Clone)]
pub struct Rendered {
    pub source: String,
    pub modules: Vec<ModuleSummary>,
    /// Each module and the modules it needs, for `[features]` (`winhttp = ["foundation"]`).
    pub features: Vec<(String, Vec<String>)>,
}

impl Rendered {
    /// The `[features]` lines of the modules, for a crate that includes the source with module
    /// features: one feature a module, turning on the ones it needs, and `all`.
    pub fn features_toml(&self) -> String {
        let quoted = |names: &[String]| names.iter().map(|n| format!("\"{n}\"")).collect::<Vec<_>>().join(", ");
        let mut out = String::new();
        let all: Vec<String> = self.features.iter().map(|(m, _)| m.clone()).collect();
        out.push_str(&format!("all = [{}]\n", quoted(&all)));
        for (module, needs) in &self.features {
            out.push_str(&format!("{module} = [{}]\n", quoted(needs)));
        }
        out
    }
}

/// The crate's source for parsed pages and an ABI set.
pub fn render(pages: Vec<DocPage>, set: &AbiSet, options: &Options) -> Result<Rendered, EmitError> {
    // An allow-list keeps its pages and the part of the set they need.
    let (pages, subset) = match &options.allow {
        Some(allow) => {
            let pages: Vec<DocPage> = pages.into_iter().filter(|p| allowed(p, set, allow)).collect();
            let roots: Vec<String> =
                pages.iter().filter_map(|p| set.api_of(&p.stem)).map(|api| api.ty.to_string()).collect();
            (pages, Some(set.subset(&roots)))
        }
        None => (pages, None),
    };
    let set = subset.as_ref().unwrap_or(set);
    let catalog = Catalog::new(pages, set)?;
    let summaries = catalog.modules_sorted().into_iter().map(|m| summary(&catalog, m)).collect();
    let items = items::Items::new(&catalog, options);
    let mut bodies = Vec::new();
    for module in catalog.modules_sorted() {
        let body = items.module(&module)?;
        bodies.push((module, body));
    }
    let features = module_needs(&catalog, &bodies);
    let mut file = TokenStream::new();
    match options.layout {
        ModuleLayout::Flat => {
            for (_, body) in bodies {
                file.extend(body);
            }
        }
        ModuleLayout::PerHeader => {
            let mut reexports = TokenStream::new();
            for (module, body) in bodies {
                let name = ident(&module);
                let doc = format!(" {}", items::module_doc(&module));
                let feature = module.to_string();
                let cfg = options.module_features.then(|| quote!(#[cfg(feature = #feature)]));
                file.extend(quote! {
                    #[doc = #doc]
                    #cfg
                    #[allow(non_camel_case_types, non_snake_case, non_upper_case_globals, clippy::upper_case_acronyms)]
                    pub mod #name {
                        #[allow(unused_imports)]
                        use super::*;
                        #body
                    }
                });
                reexports.extend(quote! { #cfg pub use #name::*; });
            }
            file.extend(reexports);
        }
    }
    let file: syn::File =
        syn::parse2(file).map_err(|source| EmitError::Tokens { what: "the generated source".into(), source })?;
    let file = if options.expand { expand::expand_attributes(file)? } else { file };
    let header = "// @generated by winasync-codegen from sdk-api pages and their ABI snapshot. Do not edit:\n\
                  // edit the pages or the snapshot, and generate again.\n\n";
    Ok(Rendered { source: format!("{header}{}", prettyplease::unparse(&file)), modules: summaries, features })
}

/// Whether a page's API is on the allow-list: by the page's name, its aliases, or the ABI's name.
fn allowed(page: &DocPage, set: &AbiSet, allow: &BTreeSet<String>) -> bool {
    let item = &page.item;
    allow.contains(&item.name)
        || item.aliases.iter().any(|a| allow.contains(&a.name))
        || set.root_of(&page.stem).is_some_and(|r| allow.contains(r) || allow.contains(ApiName::parse(r).ty))
}

/// For each module, the other modules whose items its source names.
fn module_needs(catalog: &Catalog<'_>, bodies: &[(ModuleName, TokenStream)]) -> Vec<(String, Vec<String>)> {
    let home = catalog.item_modules();
    bodies
        .iter()
        .map(|(module, body)| {
            let mut names = BTreeSet::new();
            idents(body.clone(), &mut names);
            let needs: BTreeSet<String> = names
                .iter()
                .filter_map(|n| home.get(n.as_str()))
                .filter(|m| *m != module)
                .map(|m| m.to_string())
                .collect();
            (module.to_string(), needs.into_iter().collect())
        })
        .collect()
}

fn idents(tokens: TokenStream, out: &mut BTreeSet<String>) {
    for tree in tokens {
        match tree {
            proc_macro2::TokenTree::Ident(i) => {
                out.insert(i.to_string());
            }
            proc_macro2::TokenTree::Group(g) => idents(g.stream(), out),
            _ => {}
        }
    }
}

fn summary(catalog: &Catalog<'_>, name: ModuleName) -> ModuleSummary {
    use crate::abi::Body;
    let mut s = ModuleSummary { closed_enums: catalog.closed_in(&name).count(), ..ModuleSummary::default() };
    let mut seen = std::collections::BTreeSet::new();
    for def in catalog.set.types.iter().filter(|d| catalog.module(&d.name) == name && seen.insert(&d.name)) {
        match def.body {
            Body::Struct(_) | Body::Union(_) => s.records += 1,
            Body::Enum(_) => s.enums += 1,
            Body::Interface(_) => s.interfaces += 1,
            Body::Callback(_) => s.callbacks += 1,
            Body::Typedef { .. } | Body::Opaque { .. } => s.other += 1,
        }
    }
    s.other += catalog.constant_module.values().filter(|m| **m == name).count();
    s.name = name.to_string();
    s
}
