//! The ABI snapshot the generator bundles: the repository's `docs-src/abi.json` (the async-result
//! family's types), when the crate is built from the repository. A packaged crate has no
//! `docs-src/`; it bundles none, and its `check` joins pages with an ABI only when given one.

fn main() {
    let manifest = std::path::PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    let out = std::path::PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets it")).join("bundled-abi.json");
    let snapshot = manifest.join("../docs-src/abi.json");
    println!("cargo::rerun-if-changed={}", snapshot.display());
    let text = std::fs::read_to_string(&snapshot).unwrap_or_default();
    // Only when it differs: an unchanged OUT_DIR file keeps the crate from rebuilding.
    if std::fs::read_to_string(&out).ok().as_deref() != Some(text.as_str()) {
        std::fs::write(&out, text).expect("OUT_DIR is writable");
    }
}
