//! With the `regenerate` feature (which this repository's workspace turns on): generates the
//! crate's types from `docs-src/` (the pages and the ABI snapshot) into `OUT_DIR/winasync.rs`,
//! which `src/lib.rs` then includes instead of the shipped `snapshot/winasync.rs`. Without it
//! (a user's build), there is nothing to do.
//!
//! Cargo runs this again only when one of the inputs printed below changes (or the generator
//! itself does, since it is a build dependency). The output is written atomically, and only when
//! its bytes change.

fn main() -> std::process::ExitCode {
    println!("cargo::rerun-if-changed=build.rs");
    #[cfg(feature = "regenerate")]
    {
        regenerate()
    }
    #[cfg(not(feature = "regenerate"))]
    {
        std::process::ExitCode::SUCCESS
    }
}

#[cfg(feature = "regenerate")]
fn regenerate() -> std::process::ExitCode {
    use std::path::PathBuf;
    use std::process::ExitCode;

    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    // `docs-src/` beside this crate, spelled without `..` so that diagnostics name it plainly.
    let docs = manifest.parent().unwrap_or(&manifest).join("docs-src");

    // The folder holds exactly the inputs (pages and abi.json); watching it makes a page added or
    // removed a change too.
    println!("cargo::rerun-if-changed={}", docs.display());
    let generated = match winasync_codegen::emit::generate(&docs) {
        Ok(generated) => generated,
        Err(e) => {
            for line in e.to_string().lines() {
                println!("cargo::error={line}");
            }
            return ExitCode::FAILURE;
        }
    };
    for input in &generated.inputs {
        println!("cargo::rerun-if-changed={}", input.display());
    }
    let target = out_dir.join("winasync.rs");
    if let Err(e) = winasync_codegen::write::write_if_changed(&target, generated.source.as_bytes()) {
        println!("cargo::error=cannot write {}: {e}", target.display());
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
