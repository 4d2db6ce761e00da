//! The generated source is reviewed: `generated/snapshot/winasync.rs` is checked in, and these
//! tests fail when what `cargo build` generates differs from it, or when generating twice does
//! not give the same bytes.
//!
//! After a reviewed change to the pages, the snapshot or the generator, update the snapshot with
//! `cargo run -p winasync-codegen -- generate docs-src --out generated/snapshot/winasync.rs`
//! and review the diff.

use std::path::{Path, PathBuf};

const BUILT: &str = include_str!(concat!(env!("OUT_DIR"), "/winasync.rs"));

/// The crate's source as build.rs makes it.
fn generate(docs: &Path) -> winasync_codegen::Generated {
    winasync_codegen::Builder::winasync_crate().docs(docs).generate().expect("docs-src generates")
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn snapshot() -> String {
    let path = root().join("generated/snapshot/winasync.rs");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// The first line where two texts differ, for a failure message that says where to look.
fn first_difference(a: &str, b: &str) -> String {
    match a.lines().zip(b.lines()).enumerate().find(|(_, (x, y))| x != y) {
        Some((i, (x, y))) => format!("line {}:\n  snapshot:  {x}\n  generated: {y}", i + 1),
        None => format!("one is a prefix of the other ({} vs {} lines)", a.lines().count(), b.lines().count()),
    }
}

#[test]
fn the_build_generates_the_reviewed_snapshot() {
    let snapshot = snapshot();
    assert!(
        snapshot == BUILT,
        "build.rs output differs from generated/snapshot/winasync.rs at {}\n\
         regenerate the snapshot (see this file's docs) and review the diff",
        first_difference(&snapshot, BUILT)
    );
}

#[test]
fn generating_twice_gives_the_same_bytes() {
    let docs = root().join("docs-src");
    let first = generate(&docs);
    let second = generate(&docs);
    assert_eq!(first.source.len(), second.source.len());
    assert!(first.source == second.source, "{}", first_difference(&first.source, &second.source));
    assert!(
        first.source == BUILT,
        "in-process generation differs from build.rs's: {}",
        first_difference(BUILT, &first.source)
    );
    // The inputs are exactly the pages and the snapshot: what build.rs tells cargo to watch.
    assert!(first.inputs.iter().all(|p| p.extension().is_some_and(|e| e == "md" || e == "json")));
    assert!(first.inputs.iter().any(|p| p.ends_with("docs-src/abi.json")));
    let pages = first.inputs.iter().filter(|p| p.extension().is_some_and(|e| e == "md")).count();
    assert_eq!(pages, count_pages(&docs));
}

/// The `*.md` files under `dir`, counted independently of the generator's own walk.
fn count_pages(dir: &Path) -> usize {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| if p.is_dir() { count_pages(&p) } else { usize::from(p.extension().is_some_and(|e| e == "md")) })
        .sum()
}

/// The README's table of modules is what the generator really makes: between its
/// `<!-- modules -->` and `<!-- /modules -->` lines stands `emit::modules_table`'s output.
#[test]
fn the_readme_lists_the_generated_modules() {
    let generated = generate(&root().join("docs-src"));
    let table = winasync_codegen::emit::modules_table(&generated.modules);
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README.md");
    let block = readme
        .split_once("<!-- modules -->\n")
        .and_then(|(_, rest)| rest.split_once("<!-- /modules -->"))
        .map(|(block, _)| block);
    assert!(
        block == Some(table.as_str()),
        "README.md's module table is not what is generated; put this between <!-- modules --> and <!-- /modules -->:\n{table}"
    );
}

/// The manifest's module features are what the generator says each module needs: between its
/// `# modules` and `# /modules` lines stands `Rendered::features_toml`'s output.
#[test]
fn the_manifest_has_a_feature_per_module() {
    let generated = generate(&root().join("docs-src"));
    let table = generated.features_toml();
    let manifest = std::fs::read_to_string(root().join("generated/Cargo.toml")).expect("Cargo.toml");
    let block =
        manifest.split_once("# modules\n").and_then(|(_, rest)| rest.split_once("# /modules")).map(|(block, _)| block);
    assert!(
        block == Some(table.as_str()),
        "generated/Cargo.toml's module features are not what is generated; put this between `# modules` and `# /modules`:\n{table}"
    );
}
