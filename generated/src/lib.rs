//! Rust types for the Windows SDK's asynchronous-result family (`WINHTTP_ASYNC_RESULT`,
//! `INTERNET_ASYNC_RESULT`, `AsyncStatus`, ...), generated from the SDK's documentation pages in
//! `docs-src/` and checked against the Windows metadata.
//!
//! Nothing is generated yet: the page parser (`winasync-codegen`) is in place, the emitter is
//! not. This crate stays empty until the emitter writes real types into it.
#![no_std]
