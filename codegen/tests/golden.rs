//! Golden tests, one folder a feature of the generator (`tests/golden/<case>/`): the case's
//! pages as sdk-api has them (or, for the `drift` cases, edited to disagree with the ABI), `abi.json` (the
//! ABI snapshot of those pages alone, made by `winasync-codegen abi --out <case>/abi.json
//! <case>`), and what the Builder makes of them with `Builder::new()`'s settings:
//! `expected.rs` (the source, or the error when generation fails) and `diagnostics.txt` (every
//! finding, rustc-style with its snippet and help, as `check` prints them).
//!
//! Bless after a deliberate change, then review the diff before committing:
//! `WINASYNC_BLESS=1 cargo test -p winasync-codegen --test golden`.

use std::path::{Path, PathBuf};
use winasync_codegen::Builder;

fn case_dir(case: &str) -> PathBuf {
    // Relative to the package, so that the paths in diagnostics are the same on every machine.
    Path::new("tests/golden").join(case)
}

/// Compares `actual` with the case's `file`, or writes it when blessing.
fn compare(case: &str, file: &str, actual: &str) {
    let path = case_dir(case).join(file);
    if std::env::var_os("WINASYNC_BLESS").is_some_and(|v| v != "0") {
        std::fs::write(&path, actual).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (bless with WINASYNC_BLESS=1, then review)", path.display()));
    if expected != actual {
        let first = expected.lines().zip(actual.lines()).position(|(e, a)| e != a);
        let line = first.unwrap_or(expected.lines().count().min(actual.lines().count()));
        panic!(
            "{} differs from what the generator makes, first at line {}:\n  expected: {:?}\n  actual:   {:?}\n\
             (after a deliberate change: WINASYNC_BLESS=1 cargo test -p winasync-codegen --test golden, then review the diff)",
            path.display(),
            line + 1,
            expected.lines().nth(line).unwrap_or("<end>"),
            actual.lines().nth(line).unwrap_or("<end>"),
        );
    }
}

fn run(case: &str) {
    let builder = Builder::new().docs(case_dir(case)).cargo_directives(false);
    let report = builder.check().unwrap_or_else(|e| panic!("{case}: {e}"));
    compare(case, "diagnostics.txt", &report.render(false));
    let source = match builder.generate() {
        Ok(generated) => generated.source,
        Err(e) => format!("error: {e}\n"),
    };
    compare(case, "expected.rs", &source);
}

macro_rules! golden {
    ($($name:ident => $case:literal,)*) => {
        $(
            #[test]
            fn $name() {
                run($case);
            }
        )*

        const CASES: &[&str] = &[$($case),*];
    };
}

golden! {
    packed_record => "packed-record",
    per_architecture_definition => "per-architecture",
    union_with_bitfields => "union-with-bitfields",
    nested_anonymous_record => "nested-anonymous",
    winrt_enum => "winrt-enum",
    flags_field => "flags-field",
    undocumented_constant => "undocumented-constant",
    interface_with_a_base => "interface-with-base",
    method_page => "method-page",
    drift_between_page_and_abi => "drift",
    drift_of_order_kind_and_stale_names => "drift-order-kind-stale",
}

#[test]
fn every_case_folder_has_a_test() {
    let mut folders: Vec<String> = std::fs::read_dir("tests/golden")
        .expect("tests/golden")
        .map(|e| e.expect("entry"))
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    folders.sort();
    let mut listed: Vec<&str> = CASES.to_vec();
    listed.sort();
    assert_eq!(folders, listed, "each folder of tests/golden needs its line in golden!");
}
