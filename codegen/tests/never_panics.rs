//! Property tests: arbitrary and mutated pages never make the parser panic, and whatever it
//! reports points inside the page. Mutations start from the real seed and corpus pages so the
//! inputs are near-misses of the format, where a parser's assumptions break.
//!
//! 256 cases per property by default (proptest's default, which keeps `cargo test` fast);
//! `PROPTEST_CASES=20000` runs more.

use proptest::prelude::*;
use std::path::Path;
use winasync_codegen::{Page, Severity, SourceFile, parse};

fn pages() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("workspace root");
    let mut out = Vec::new();
    for dir in ["tests/fixtures/seeds", "docs-src/winhttp", "docs-src/asyncinfo", "docs-src/winbio"] {
        let mut entries: Vec<_> =
            std::fs::read_dir(root.join(dir)).expect("fixture folder").map(|e| e.expect("entry").path()).collect();
        entries.sort();
        for path in entries {
            out.push(std::fs::read_to_string(path).expect("UTF-8 page"));
        }
    }
    out
}

/// Fragments that matter to the format, to splice into pages.
const FRAGMENTS: &[&str] = &[
    "---\n",
    "\n---\n",
    "# ",
    "## -",
    "### -field ",
    "#### - ",
    "##### ",
    "-field",
    "<table>",
    "</table>",
    "<tr>",
    "<td>",
    "<dl><dt><b>",
    "</b></dt><dt>",
    "0x",
    ":",
    ": ",
    "\t- ",
    " - ",
    "[",
    "]",
    "\"",
    "'",
    "|",
    "```",
    "<!--",
    "&lt;",
    "\u{a0}",
    "\r\n",
    "\u{feff}",
    "é",
    "*",
    "`",
    "\\",
    "<a href=\"",
    "\">",
    "</a>",
    "](",
    "UID: The unique id of the API.\n",
    "title: x.description: y\n",
];

#[derive(Debug, Clone)]
enum Edit {
    Insert(usize, usize),
    Delete(usize, usize),
    Duplicate(usize, usize),
    Truncate(usize),
    SwapLines(usize, usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<usize>(), 0..FRAGMENTS.len()).prop_map(|(at, f)| Edit::Insert(at, f)),
        (any::<usize>(), 1usize..200).prop_map(|(at, n)| Edit::Delete(at, n)),
        (any::<usize>(), 1usize..400).prop_map(|(at, n)| Edit::Duplicate(at, n)),
        any::<usize>().prop_map(Edit::Truncate),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Edit::SwapLines(a, b)),
    ]
}

fn boundary(s: &str, at: usize) -> usize {
    let mut at = if s.is_empty() { 0 } else { at % (s.len() + 1) };
    while !s.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn apply(mut page: String, edits: &[Edit]) -> String {
    for e in edits {
        match *e {
            Edit::Insert(at, f) => {
                let at = boundary(&page, at);
                page.insert_str(at, FRAGMENTS[f]);
            }
            Edit::Delete(at, n) => {
                let a = boundary(&page, at);
                let b = boundary(&page, a + n);
                page.replace_range(a..b.max(a), "");
            }
            Edit::Duplicate(at, n) => {
                let a = boundary(&page, at);
                let b = boundary(&page, a + n).max(a);
                let copy = page[a..b].to_string();
                page.insert_str(b, &copy);
            }
            Edit::Truncate(at) => {
                let at = boundary(&page, at);
                page.truncate(at);
            }
            Edit::SwapLines(a, b) => {
                let mut lines: Vec<&str> = page.split('\n').collect();
                let n = lines.len();
                lines.swap(a % n, b % n);
                page = lines.join("\n");
            }
        }
    }
    page
}

/// What must hold for any input: no panic (the call returning is the check), spans inside the
/// page, and an item unless an error says why not.
fn check(page: &Page) -> Result<(), TestCaseError> {
    let len = page.file.text().len();
    for d in &page.diagnostics {
        prop_assert!(d.span.start <= d.span.end && d.span.end <= len, "span {:?} outside a {len}-byte page", d.span);
        prop_assert!(d.pos.line >= 1 && d.pos.column >= 1);
        let _ = d.render(&page.file);
    }
    if page.item.is_none() {
        prop_assert!(page.diagnostics.iter().any(|d| d.severity == Severity::Error), "no item and no error");
    }
    Ok(())
}

proptest! {

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,400}") {
        check(&parse(SourceFile::new("arbitrary.md", text)))?;
    }

    #[test]
    fn format_shaped_noise_never_panics(parts in prop::collection::vec(prop_oneof![
        (0..FRAGMENTS.len()).prop_map(|i| FRAGMENTS[i].to_string()),
        "[A-Za-z_0-9 .]{0,12}".prop_map(|s| s),
        Just("\n".to_string()),
    ], 0..80)) {
        check(&parse(SourceFile::new("noise.md", parts.concat())))?;
    }

    #[test]
    fn mutated_real_pages_never_panic(which in any::<prop::sample::Index>(), edits in prop::collection::vec(edit(), 1..8)) {
        let pages = pages();
        let original = which.get(&pages).clone();
        check(&parse(SourceFile::new("mutated.md", apply(original, &edits))))?;
    }
}
