//! The emitter: documented pages joined with the ABI snapshot, written as the Rust source of the
//! `winasync` crate.
//!
//! The stages: [`catalog`] decides what is emitted where and under which name; [`items`] turns
//! each ABI definition into tokens (quote, never strings of Rust); [`docs`] and [`markdown`]
//! write the doc comments; [`generate`] formats the result with prettyplease. The output is a
//! function of the inputs alone: the same pages and snapshot give the same bytes.

pub mod catalog;
pub mod docs;
pub mod items;
pub mod markdown;

use crate::abi::AbiSet;
use crate::corpus::{self, InputError};
use crate::diagnostic::Severity;
use crate::naming::ident;
use catalog::{Catalog, DocPage};
use proc_macro2::TokenStream;
use quote::quote;
use std::path::{Path, PathBuf};
use thiserror::Error;

#[derive(Debug, Error)]
pub enum EmitError {
    #[error(transparent)]
    Input(#[from] InputError),
    #[error("cannot read the ABI snapshot {path}: {message}")]
    Abi { path: PathBuf, message: String },
    /// Pages with errors: nothing is generated from a set with a broken page.
    #[error("{count} error(s) in the pages; fix them (or run `winasync-codegen check`) and build again:\n{rendered}")]
    Pages { count: usize, rendered: String },
    /// The pages and the snapshot cannot be turned into Rust (two items of one name, a layout
    /// that cannot be computed, ...).
    #[error("cannot generate: {0}")]
    Model(String),
}

/// The generated source and the files it was made from.
#[derive(Debug)]
pub struct Generated {
    pub source: String,
    /// Every file read: the pages and the ABI snapshot, sorted.
    pub inputs: Vec<PathBuf>,
    /// Warnings in the pages (docs disagreeing with the ABI); `check` shows them.
    pub warnings: usize,
    /// What each module holds, for the CLI to show.
    pub modules: Vec<ModuleSummary>,
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
        write!(
            f,
            "winasync::{}: {} struct/union, {} enum, {} closed enum, {} interface, {} callback, {} other",
            self.name, self.records, self.enums, self.closed_enums, self.interfaces, self.callbacks, self.other
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

/// The file in `docs_src` that holds the ABI snapshot.
pub const SNAPSHOT: &str = "abi.json";

/// Generates the crate's source from a `docs-src` folder: every `*.md` page under it, and its
/// `abi.json`.
pub fn generate(docs_src: &Path) -> Result<Generated, EmitError> {
    let snapshot = docs_src.join(SNAPSHOT);
    let text = std::fs::read_to_string(&snapshot)
        .map_err(|e| EmitError::Abi { path: snapshot.clone(), message: e.to_string() })?;
    let set =
        AbiSet::from_json(&text).map_err(|e| EmitError::Abi { path: snapshot.clone(), message: e.to_string() })?;
    let paths = corpus::collect(&[docs_src.to_path_buf()])?;
    let mut pages = Vec::new();
    let mut set_check = corpus::SetCheck::default();
    let (mut errors, mut warnings, mut rendered) = (0, 0, String::new());
    corpus::parse_each(&paths, |page| {
        set_check.add(&page);
        let mut drift = crate::abi::check_page(&page, &set, false);
        drift.extend(crate::payloads::check_page(&page, &set));
        for d in page.diagnostics.iter().chain(&drift) {
            match d.severity {
                Severity::Error => {
                    errors += 1;
                    rendered.push_str(&d.render(&page.file));
                }
                Severity::Warning => warnings += 1,
                Severity::Note => {}
            }
        }
        if let Some(item) = page.item {
            pages.push(DocPage::new(page.file.path(), item));
        }
    });
    // Two pages for one API: which one's docs would win is arbitrary, so it is an error here as
    // in `check`.
    for finding in set_check.duplicate_apis() {
        let (file, d) = finding.to_diagnostic();
        errors += 1;
        rendered.push_str(&d.render(&file));
    }
    if errors > 0 {
        return Err(EmitError::Pages { count: errors, rendered });
    }
    let (source, modules) = render(pages, &set)?;
    let mut inputs = paths;
    inputs.push(snapshot);
    inputs.sort();
    Ok(Generated { source, inputs, warnings, modules })
}

/// The crate's source for parsed pages and an ABI set, and what each module holds.
pub fn render(pages: Vec<DocPage>, set: &AbiSet) -> Result<(String, Vec<ModuleSummary>), EmitError> {
    let catalog = Catalog::new(pages, set)?;
    let summaries = catalog.modules_sorted().into_iter().map(|m| summary(&catalog, m)).collect();
    let items = items::Items::new(&catalog);
    let mut modules = TokenStream::new();
    let mut reexports = TokenStream::new();
    for module in catalog.modules_sorted() {
        let name = ident(&module);
        let doc = format!(" {}", items::module_doc(&module));
        let body = items.module(&module)?;
        modules.extend(quote! {
            #[doc = #doc]
            #[allow(non_camel_case_types, non_snake_case, non_upper_case_globals, clippy::upper_case_acronyms)]
            pub mod #name {
                #[allow(unused_imports)]
                use super::*;
                #body
            }
        });
        reexports.extend(quote! { pub use #name::*; });
    }
    let file = quote! {
        #modules
        #reexports
    };
    let file: syn::File =
        syn::parse2(file).map_err(|e| EmitError::Model(format!("the generated tokens do not parse as Rust: {e}")))?;
    let header = "// @generated by winasync-codegen from docs-src/ (pages and abi.json). Do not edit:\n\
                  // edit the pages or the snapshot, and build again.\n\n";
    Ok((format!("{header}{}", prettyplease::unparse(&file)), summaries))
}

fn summary(catalog: &Catalog<'_>, name: String) -> ModuleSummary {
    use crate::abi::types::Body;
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
    s.name = name;
    s
}
