//! The expansion of `#[async_result]`, as a library: the attribute (`winasync-macros`) is a thin
//! proc-macro over [`async_result`], and the generator (`winasync-codegen`) calls it too, so the
//! `winasync` crate it writes is already expanded and compiles without a proc-macro.
//!
//! The stages, as in thiserror-impl: [`ast`] reads the item and its `#[async_result(...)]` keys
//! (with [`attr`]), [`valid`] checks the item as a whole, [`expand`] writes the impls, and
//! [`fallback`] writes the item back with one `compile_error!` per problem and stand-in impls, so
//! that one mistake gives one error. The runtime the expansion names is `::winasync::support`.

mod ast;
mod attr;
mod expand;
mod fallback;
mod valid;

pub use attr::Target;
pub use expand::async_result;
