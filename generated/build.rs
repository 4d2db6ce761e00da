//! With the `regenerate` feature (which this repository's workspace turns on): generates the
//! crate's types from `docs-src/` (the pages and the ABI snapshot) into `OUT_DIR/winasync.rs`,
//! which `src/lib.rs` then includes instead of the shipped `snapshot/winasync.rs`. Without it
//! (a user's build), there is nothing to do.
//!
//! Cargo runs this again only when an input changes (the Builder prints them), or the generator
//! does. The output is written atomically, and only when its bytes change.

fn main() -> std::process::ExitCode {
    println!("cargo::rerun-if-changed=build.rs");
    #[cfg(feature = "regenerate")]
    {
        use std::path::PathBuf;
        let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
        let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR")).join("winasync.rs");
        // `docs-src/` beside this crate, spelled without `..` so that diagnostics name it plainly.
        let docs = manifest.parent().unwrap_or(&manifest).join("docs-src");
        if !docs.is_dir() {
            // Packaged, the crate has no pages to generate from: the shipped source is what they
            // generated.
            println!("cargo::warning=regenerate: no docs-src/ beside the crate; using the shipped snapshot");
            let shipped = manifest.join("snapshot/winasync.rs");
            println!("cargo::rerun-if-changed={}", shipped.display());
            let copied =
                std::fs::read(&shipped).and_then(|bytes| winasync_codegen::write::write_if_changed(&out, &bytes));
            if let Err(e) = copied {
                println!("cargo::error=cannot copy {} to {}: {e}", shipped.display(), out.display());
                return std::process::ExitCode::FAILURE;
            }
            return std::process::ExitCode::SUCCESS;
        }
        // The errors are printed as `cargo::error` lines by the Builder.
        if winasync_codegen::Builder::winasync_crate().docs(docs).write(out).is_err() {
            return std::process::ExitCode::FAILURE;
        }
    }
    std::process::ExitCode::SUCCESS
}
