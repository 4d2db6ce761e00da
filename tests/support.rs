//! Shared helpers for the integration tests: where the inputs are, and parsing one page.

use std::path::PathBuf;
use winasync_codegen::read::corpus;
use winasync_codegen::{Item, Page};

/// The workspace root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).parent().expect("tests/ has a parent").to_path_buf()
}

/// The read-only `shared/` folder beside the checkout (override with `WINASYNC_SHARED`).
/// Its absence fails the test: the corpus checks must not pass by not running.
pub fn shared() -> PathBuf {
    let dir = std::env::var_os("WINASYNC_SHARED").map(PathBuf::from).unwrap_or_else(|| root().join("../shared"));
    assert!(
        dir.join("corpus").is_dir(),
        "the shared corpus is missing at {}: clone the project next to `shared/` or set WINASYNC_SHARED",
        dir.display()
    );
    dir
}

pub fn parse(path: impl Into<PathBuf>) -> Page {
    corpus::parse_path(&path.into())
}

/// The page's item; a page without one fails the test with its diagnostics.
pub fn item(page: &Page) -> &Item {
    page.item
        .as_ref()
        .unwrap_or_else(|| panic!("{} yielded no item: {:#?}", page.file.path().display(), page.diagnostics))
}

/// (code, line) of every diagnostic, for asserting exactly what a page reports.
pub fn findings(page: &Page) -> Vec<(&'static str, u32)> {
    page.diagnostics.iter().map(|d| (d.code.as_str(), d.pos.line)).collect()
}

pub fn field_names(item: &Item) -> Vec<&str> {
    item.fields.iter().map(|f| f.name.as_str()).collect()
}

/// The folder with windows-bindgen 0.58.0's metadata files (`default/`), the ABI source. The
/// crate is a dev-dependency of this one, so cargo has downloaded it; `cargo metadata` says where.
pub fn winmd_dir() -> PathBuf {
    let dir = package_dir("windows-bindgen", "0.58.0").join("default");
    assert!(dir.join("Windows.Win32.winmd").is_file(), "no Windows.Win32.winmd in {}", dir.display());
    dir
}

/// The folder of a dependency of the workspace as cargo downloaded it (`cargo metadata`).
pub fn package_dir(name: &str, version: &str) -> PathBuf {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = std::process::Command::new(cargo)
        .args(["metadata", "--format-version", "1", "--manifest-path"])
        .arg(root().join("Cargo.toml"))
        .output()
        .expect("cargo metadata runs");
    assert!(output.status.success(), "cargo metadata failed: {}", String::from_utf8_lossy(&output.stderr));
    let meta: serde_json::Value = serde_json::from_slice(&output.stdout).expect("cargo metadata prints JSON");
    let manifest = meta["packages"]
        .as_array()
        .and_then(|ps| ps.iter().find(|p| p["name"] == name && p["version"] == version))
        .and_then(|p| p["manifest_path"].as_str())
        .unwrap_or_else(|| panic!("{name} {version} is not a dependency of the workspace"));
    PathBuf::from(manifest).parent().expect("a manifest has a folder").to_path_buf()
}
