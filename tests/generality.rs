//! Every real page the project has, one at a time, through the whole generator as a user's build
//! would run it: its ABI from the Windows metadata (`abi --winmd`), then the Rust source
//! (`generate`). Each must give source that parses, or an error; never a panic. (The pages
//! together, built as a crate on three targets with warnings denied and documented, is
//! `.ci/generality-check`, which `.ci/run` runs.)

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use winasync_codegen::abi::Supplement;
use winasync_codegen::abi::winmd::Metadata;
use winasync_codegen::emit::catalog::DocPage;
use winasync_codegen::{abi, emit, read::corpus};
use winasync_tests::{root, shared, winmd_dir};

fn pages() -> Vec<PathBuf> {
    let mut inputs = vec![root().join("docs-src"), shared().join("corpus/sample"), root().join("tests/fixtures/pages")];
    // The seeds are `.txt` pages: named one by one.
    let seeds = std::fs::read_dir(shared().join("seeds")).expect("shared/seeds");
    inputs.extend(seeds.map(|e| e.expect("a seed").path()));
    corpus::collect(&inputs).expect("the page folders exist")
}

#[test]
fn every_real_page_alone_generates_rust_or_an_error_never_a_panic() {
    let meta = Metadata::open(&winmd_dir()).expect("the winmd files load");
    let supplement = Supplement::from_json(
        &std::fs::read_to_string(root().join("codegen/abi-supplement.json")).expect("the supplement"),
    )
    .expect("the supplement parses");
    let (mut generated, mut refused, mut panicked) = (0, Vec::new(), Vec::new());
    let pages = pages();
    for path in &pages {
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            let page = corpus::parse_path(path);
            let item = page.item.clone()?;
            let set = meta.extract(&[abi::query(path, &item)], &supplement);
            Some(emit::render(vec![DocPage::new(path, item)], &set, &emit::Options::default()))
        }));
        match outcome {
            Ok(Some(Ok(_))) => generated += 1,
            Ok(Some(Err(e))) => refused.push(format!("{}: {e}", path.display())),
            Ok(None) => refused.push(format!("{}: no item", path.display())),
            Err(_) => panicked.push(path.display().to_string()),
        }
    }
    println!("{} pages: {generated} generated, {} refused", pages.len(), refused.len());
    assert!(panicked.is_empty(), "the generator panicked on: {panicked:#?}");
    // Real pages are all read, resolved and generated.
    assert!(refused.is_empty(), "{refused:#?}");
    assert!(pages.len() >= 200, "only {} pages", pages.len());
}
