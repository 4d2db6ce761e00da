//! winasync-codegen: reads the Windows SDK's sdk-api documentation pages into a typed model.
//!
//! The pipeline, one module a stage:
//!
//! 1. [`source`]: the page text and positions;
//! 2. [`frontmatter`]: the YAML block (template, glued keys and bad YAML recovered);
//! 3. [`outline`]: the heading outline of the markdown body;
//! 4. [`prose`]: section text, links and named-value tables from the markdown/HTML;
//! 5. [`identity`]: which API the page documents (name, kind, header);
//! 6. [`page`]: the [`model::Item`] built from all of the above;
//! 7. [`corpus`] and [`links`]: sets of pages, parsed in parallel, with set-wide checks;
//! 8. [`json`]: the `inspect --json` view;
//! 9. [`abi`]: the join with the Windows metadata; [`emit`]: the Rust source of `winasync`,
//!    written with [`write`].
//!
//! Every problem found on the way is a [`diagnostic::Diagnostic`] with a position; no input
//! makes the parser panic.

pub mod abi;
pub mod builder;
pub mod corpus;
pub mod diagnostic;
pub mod emit;
pub mod frontmatter;
pub mod html;
pub mod identity;
pub mod json;
pub mod links;
pub mod model;
pub mod naming;
pub mod outline;
pub mod page;
pub mod payloads;
pub mod prose;
pub mod source;
pub mod write;

pub use builder::{Builder, Error, Generated, Report};
pub use diagnostic::{Code, Diagnostic, Severity};
pub use model::{Field, Item, Kind, NamedValue};
pub use page::{Page, parse};
pub use source::{Pos, SourceFile};
