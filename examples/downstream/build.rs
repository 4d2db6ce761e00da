//! Generates `$OUT_DIR/bindings.rs` from the sdk-api pages in `pages/` and their ABI snapshot,
//! `pages/abi.json`; `src/lib.rs` includes it.

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR for build scripts"));
    // `write` prints `cargo::rerun-if-changed` for the pages and the snapshot and, on failure,
    // the error (a broken page, rustc-style) as `cargo::error` lines.
    match winasync_codegen::Builder::new().docs("pages").write(out_dir.join("bindings.rs")) {
        Ok(_) => ExitCode::SUCCESS,
        Err(_) => ExitCode::FAILURE,
    }
}
