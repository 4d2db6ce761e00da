//! winasync-codegen: reads the Windows SDK's sdk-api documentation pages into a typed model.
//!
//! The pipeline, one folder a stage (the folders' `mod.rs` say what goes in and what comes out):
//!
//! ```text
//! pages (*.md) ──read──▶ model::Item + diagnostics ──abi──▶ joined with the Windows metadata
//!                                                          (AbiSet: types, layouts, drift)
//!              ──emit──▶ Rust source (expanded #[async_result], formatted) ──write──▶ file
//! ```
//!
//! 1. [`read`]: page text → [`model::Item`] per page, with every defect as a diagnostic;
//! 2. [`abi`]: the Windows metadata (or its JSON snapshot) → [`abi::AbiSet`], and the
//!    disagreements between the pages and it;
//! 3. [`emit`]: model + ABI → the Rust source; [`write`] puts it on disk atomically;
//! 4. [`builder`]: the one driver of the three, for build scripts and the CLI; [`json`] is the
//!    `inspect --json` view of the model.
//!
//! Shared by the stages: [`diagnostic`] (findings with positions), [`naming`] (the one place
//! page text becomes Rust names), [`payloads`] (what each status of a status callback carries).
//!
//! Every problem found on the way is a [`diagnostic::Diagnostic`] with a position; no input
//! makes the generator panic.

pub mod abi;
pub mod builder;
pub mod diagnostic;
pub mod emit;
pub mod json;
pub mod model;
pub mod naming;
pub mod payloads;
pub mod read;
pub mod write;

pub use builder::{Builder, Error, Generated, Report};
pub use diagnostic::{Code, Diagnostic, Severity};
pub use emit::{ModuleLayout, Options};
pub use model::{Field, Item, Kind, NamedValue};
pub use read::page::{Page, parse};
pub use read::source::{Pos, SourceFile, Span};
