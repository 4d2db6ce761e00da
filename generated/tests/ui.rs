//! Compile-fail tests: each misuse of `#[async_result]` gives one clear error, spanned at the
//! tokens to change. The `.stderr` files are rustc's output, reviewed by hand; regenerate with
//! `TRYBUILD=overwrite cargo test -p winasync --test ui` and review the diff.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*.rs");
    // The messages name the target being compiled for, and the numbers are x86_64's.
    if cfg!(target_arch = "x86_64") {
        t.compile_fail("tests/ui/x86_64/*.rs");
    }
}
