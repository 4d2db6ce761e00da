//! Reading pages: sdk-api markdown in, the typed model out.
//!
//! In: a page's path and text (or a set of paths). Out: a [`page::Page`] per page (its
//! [`crate::model::Item`], the API it documents, with every diagnostic found while reading), and
//! for a set, the set-wide findings (two pages for one API, links out of the set). Nothing here
//! knows the ABI; [`crate::abi`] joins the model with it, and [`crate::emit`] writes Rust.
//!
//! The stages, in the order a page goes through them:
//!
//! 1. [`source`]: the text as an editor shows it (BOM dropped, lone CR as a line break) and its
//!    line index;
//! 2. [`frontmatter`]: the YAML block, entry by entry (template, glued keys and bad YAML
//!    recovered);
//! 3. [`outline`]: the heading outline of the markdown body (pulldown-cmark);
//! 4. [`prose`] on [`html`]: section text, links and named-value tables from the markdown and its
//!    HTML islands (html5ever through scraper, as a browser repairs them);
//! 5. [`identity`]: which API the page documents (name, kind, header);
//! 6. [`page`]: the [`crate::model::Item`] assembled from all of the above;
//! 7. [`corpus`] and [`links`]: sets of pages, read in parallel in page order, and the checks
//!    that need the whole set.

pub mod corpus;
pub mod frontmatter;
pub mod html;
pub mod identity;
pub mod links;
pub mod outline;
pub mod page;
pub mod prose;
pub mod source;
