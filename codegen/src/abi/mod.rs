//! The ABI stage: what the Windows metadata says about the documented types, their layout on
//! each Windows target, and where the docs disagree with it.
//!
//! [`winmd`] reads the metadata into the model of [`types`] (also the committed snapshot
//! `docs-src/abi.json`, so that building needs no metadata files); [`layout`] computes sizes and
//! offsets under the MSVC rules; [`reconcile`] compares a page with its ABI.

pub mod layout;
pub mod reconcile;
pub mod types;
#[cfg(feature = "winmd")]
pub mod winmd;

pub use layout::{Layout, LayoutError, record_layout};
pub use types::{AbiSet, AbiType, Body, Target, TypeRef};

use crate::diagnostic::{Code, Diagnostic};
use crate::model::{Item, Kind};
use crate::page::Page;
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
    let prefix = crate::prose::word_prefix(names.iter().map(|n| n.as_str()));
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

/// The docs-against-ABI diagnostics of one page. A page whose API the set does not have gets
/// one `abi-not-found` warning when `complete` says the set was made for exactly these pages
/// (from `--winmd`); against the bundled snapshot, pages outside the family are not an error.
pub fn check_page(page: &Page, set: &AbiSet, complete: bool) -> Vec<Diagnostic> {
    let Some(item) = &page.item else { return Vec::new() };
    match set.root_of(&stem(page.file.path())) {
        Some(root) => reconcile::reconcile(item, &page.file, set, root),
        None if complete && expects_abi(item.kind) => {
            let start = page.file.offset_at(item.pos);
            vec![
                Diagnostic::warning(
                    &page.file,
                    Code::AbiNotFound,
                    start..start + item.name.len().max(1),
                    format!("`{}` is not in the Windows metadata", item.name),
                )
                .with_help("no type of that name or typedef alias, and no type whose documentation link is this page"),
            ]
        }
        None => Vec::new(),
    }
}
