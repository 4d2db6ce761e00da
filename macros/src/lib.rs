//! `#[async_result]`: derives `Display`, `TryFrom` and compile-time layout assertions for
//! Windows async-result types.
//!
//! Not implemented yet: this crate exists so the workspace layout is in place. The attribute
//! arrives with the code generator's emitter; until then the crate exports nothing.
