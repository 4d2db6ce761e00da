//! Any bytes, read as a page: the parser must not panic, and every diagnostic must point
//! inside the page. Run: `cargo +nightly fuzz run parse_page fuzz/seed-corpus` (see fuzz/README.md).
#![no_main]

use libfuzzer_sys::fuzz_target;
use winasync_codegen::{SourceFile, parse};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let page = parse(SourceFile::new("fuzz.md", text));
    for d in &page.diagnostics {
        assert!(d.span.end <= text.len());
        let _ = d.render(&page.file);
    }
});
