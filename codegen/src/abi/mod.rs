//! The ABI stage: what the Windows metadata says about the documented types, their layout on
//! each Windows target, and where the docs disagree with it.
//!
//! In: the pages' models (what to look up) and the metadata files, or a snapshot of them. Out: an
//! [`AbiSet`] (the types, their layouts, and the facts the emitter asks of them) and the drift
//! diagnostics.
//!
//! [`winmd`] reads the metadata into the model of `types` (also the committed snapshot
//! `docs-src/abi.json`, so that building needs no metadata files); `layout` computes sizes and
//! offsets under the MSVC rules (records and vtables); `query` and `facts` answer what the later
//! stages ask of a set (a record's fields as C sees them, the constants a value table can name,
//! plain data, comparability, an interface's bases); `reconcile` compares a page with its ABI.

mod facts;
#[cfg(test)]
mod fixtures;
mod layout;
mod query;
mod reconcile;
mod types;
#[cfg(feature = "winmd")]
pub mod winmd;

// What the later stages (and other crates) use: the model, and the questions to ask of it. The
// modules stay private, so that nothing outside reaches past these into how they are answered.
pub use layout::{Layout, LayoutError, record_layout, size_align, vtable_layout};
pub use query::{c_member_path, constant_named, table_prefixes};
pub use types::{
    AbiField, AbiSet, AbiType, ApiName, Arches, Bitfield, Body, Constant, Enumeration, Family, FamilySpec, Interface,
    Method, NamedConstant, OpaqueKind, Param, Prim, Record, Signature, Supplement, Target, TypeRef, TypeRefError,
    c_spelling, rust_spelling,
};

use crate::diagnostic::{Code, Diagnostic};
use crate::model::{Item, Kind};
use crate::read::page::Page;
use std::path::Path;

/// The snapshot committed in `docs-src/abi.json` (the async-result family's types), built into the
/// binary so that `check`, `inspect` and `cargo build` need no metadata files; empty in a crate
/// built without the repository (build.rs).
pub const BUNDLED: &str = include_str!(concat!(env!("OUT_DIR"), "/bundled-abi.json"));

/// The bundled snapshot, parsed; `None` when the crate bundles none.
pub fn bundled() -> Option<Result<AbiSet, serde_json::Error>> {
    (!BUNDLED.trim().is_empty()).then(|| AbiSet::from_json(BUNDLED))
}

/// The page's file stem, the key of its root in a set.
pub fn stem(path: &Path) -> String {
    path.file_stem().map(|s| s.to_string_lossy().to_ascii_lowercase()).unwrap_or_default()
}

/// What a page asks the metadata for.
#[derive(Debug, Clone)]
pub struct Query {
    /// The page's file stem (`ns-winhttp-winhttp_async_result`), matched against the metadata's
    /// documentation links first: that is how the metadata itself names the page.
    pub stem: String,
    /// The documented name, then its typedef aliases.
    pub names: Vec<String>,
    /// Names the page mentions as values (value tables, keywords): looked up as constants.
    pub value_names: Vec<String>,
    /// Types the page's generated items need beyond its own closure, in full (the records a
    /// status callback's statuses carry, per `codegen/status-payloads.toml`).
    pub needs: Vec<String>,
}

/// The longest prefix ending in `_` that all names share, if it says something (at least four
/// characters and two names): `API_` for API_READ_DATA and API_SEND_REQUEST.
pub(crate) fn common_prefix(names: &[&String]) -> Option<String> {
    let prefix = crate::read::prose::word_prefix(names.iter().map(|n| n.as_str()));
    (prefix.len() >= 4).then_some(prefix)
}

/// What to ask the metadata for on behalf of this page.
pub fn query(path: &Path, item: &Item) -> Query {
    let mut names = vec![item.name.clone()];
    names.extend(item.aliases.iter().filter(|a| !a.pointer).map(|a| a.name.clone()));
    if item.kind == Kind::Callback {
        // The metadata names a function pointer type by its pointer typedef when the header
        // has one (`LPINTERNET_STATUS_CALLBACK` for the page's INTERNET_STATUS_CALLBACK).
        names.extend(["LP", "P", "PFN_", "PFN"].map(|p| format!("{p}{}", item.name)));
    }
    let value_names =
        item.fields.iter().chain(&item.parameters).flat_map(|f| f.values.iter().map(|v| v.name.clone())).collect();
    let needs = crate::payloads::records_carried(item);
    Query { stem: stem(path), names, value_names, needs }
}

/// Kinds of page that describe a type (or a method of one) and so must be in the ABI.
pub fn expects_abi(kind: Kind) -> bool {
    !matches!(kind, Kind::Function)
}

/// Which pages an ABI set was made for, which decides what a page missing from it means.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Coverage {
    /// Resolved from the metadata for exactly the pages checked: a page missing from it is one
    /// the metadata lacks.
    ThesePages,
    /// A snapshot file, made for the pages it lists (`roots`, `unresolved`): a page it does not
    /// list was added after it was written, and the snapshot must be written again.
    Snapshot(std::path::PathBuf),
    /// Made for other pages (the bundled snapshot of the async-result family): a page outside
    /// it is no finding.
    OtherPages,
}

/// The docs-against-ABI diagnostics of one page. A page whose API the set does not have gets
/// an `abi-not-found` warning when the set was made for it; an error when the set is a
/// snapshot made without it (the page's types would be left out of the generated source
/// without a word); nothing against a set made for other pages.
pub fn check_page(page: &Page, set: &AbiSet, coverage: &Coverage) -> Vec<Diagnostic> {
    let Some(item) = &page.item else { return Vec::new() };
    let stem = stem(page.file.path());
    if let Some(root) = set.root_of(&stem) {
        return reconcile::reconcile(item, &page.file, set, root);
    }
    let start = item.span.start;
    let span = start..start + item.name.len().max(1);
    match coverage {
        Coverage::Snapshot(path) if !set.made_for(&stem) => vec![
            Diagnostic::error(
                &page.file,
                Code::StaleAbiSnapshot,
                span,
                format!(
                    "`{}` is not in the ABI snapshot `{}`, which was written without this page",
                    item.name,
                    path.display()
                ),
            )
            .with_help(format!(
                "write the snapshot again after adding or renaming a page: `winasync-codegen abi --out {} PAGES`",
                path.display()
            )),
        ],
        Coverage::ThesePages | Coverage::Snapshot(_) if expects_abi(item.kind) => vec![
            Diagnostic::warning(
                &page.file,
                Code::AbiNotFound,
                span,
                format!("`{}` is not in the Windows metadata", item.name),
            )
            .with_help("no type of that name or typedef alias, and no type whose documentation link is this page"),
        ],
        _ => Vec::new(),
    }
}
