//! The parser against references nobody here wrote: the async corpus' MANIFEST and its ABI
//! oracle's reading of the docs (`abi-x86_64.json`, `doc_vs_windows_sys`), and the sample
//! corpus against the hand-made `fixtures/sample-expected.tsv`. The last test sweeps every
//! page under `shared/corpus` and prints counts.

use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use winasync_codegen::{Kind, Severity, read::corpus};
use winasync_tests::{item, parse, root, shared};

fn async_dir() -> PathBuf {
    shared().join("corpus/async")
}

fn tsv(path: &Path) -> Vec<BTreeMap<String, String>> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().expect("header line").split('\t').collect();
    lines
        .filter(|l| !l.trim().is_empty())
        .map(|l| header.iter().map(|h| h.to_string()).zip(l.split('\t').map(str::to_string)).collect())
        .collect()
}

fn oracle() -> Value {
    let path = async_dir().join("abi-x86_64.json");
    serde_json::from_str(&std::fs::read_to_string(&path).expect("abi-x86_64.json")).expect("valid JSON")
}

#[test]
fn async_manifest_names_and_kinds() {
    let rows = tsv(&async_dir().join("MANIFEST.tsv"));
    assert_eq!(rows.len(), 44);
    for row in rows {
        let rel = row["repo_path"].trim_start_matches("sdk-api-src/content/");
        let page = parse(async_dir().join(rel));
        let item = item(&page);
        assert_eq!(item.name, row["api_name"], "{rel}");
        let kind_ok = match row["kind"].as_str() {
            "struct" => item.kind == Kind::Struct,
            "enum" => item.kind == Kind::Enum,
            "interface" => item.kind == Kind::Interface,
            "callback" => item.kind == Kind::Callback,
            // Methods, and a union whose page calls it a structure.
            "other" => matches!(item.kind, Kind::Method | Kind::Struct | Kind::Union),
            other => panic!("unknown manifest kind {other}"),
        };
        assert!(kind_ok, "{rel}: manifest says {}, parsed {:?}", row["kind"], item.kind);
        assert!(!page.has_errors(), "{rel}: {:#?}", page.diagnostics);
    }
}

#[test]
fn docs_src_holds_the_async_pages_verbatim() {
    let ours = corpus::collect(&[root().join("docs-src")]).expect("docs-src has pages");
    let manifest = docs_manifest();
    let listed: BTreeSet<&str> = manifest.iter().map(|r| r["path"].as_str()).collect();
    assert_eq!(listed.len(), manifest.len(), "docs-src/MANIFEST.tsv lists a page twice");
    let mut from_corpus = 0;
    for path in &ours {
        let rel = path.strip_prefix(root().join("docs-src")).expect("under docs-src");
        assert!(listed.contains(rel.to_str().unwrap()), "{} is not in docs-src/MANIFEST.tsv", rel.display());
        // The pages the async corpus also holds are byte-for-byte its copies.
        if let Ok(original) = std::fs::read(async_dir().join(rel)) {
            assert!(
                std::fs::read(path).expect("readable") == original,
                "{} differs from the corpus copy",
                rel.display()
            );
            from_corpus += 1;
        }
    }
    assert_eq!(from_corpus, 44, "every page of the async corpus is in docs-src");
    assert_eq!(ours.len(), manifest.len(), "MANIFEST.tsv lists a page docs-src does not have");
}

/// docs-src/MANIFEST.tsv: one row per page (path, API, kind, sdk-api commit, why it belongs).
fn docs_manifest() -> Vec<BTreeMap<String, String>> {
    tsv(&root().join("docs-src/MANIFEST.tsv"))
}

#[test]
fn docs_src_manifest_names_each_page_and_its_source() {
    let manifest = docs_manifest();
    for row in &manifest {
        let path = &row["path"];
        let page = parse(root().join("docs-src").join(path));
        let item = item(&page);
        assert_eq!(item.name, row["api"], "{path}");
        assert_eq!(item.kind.as_str(), row["kind"], "{path}");
        let commit = &row["commit"];
        assert!(commit.len() == 40 && commit.bytes().all(|b| b.is_ascii_hexdigit()), "{path}: commit {commit}");
        assert!(!row["why"].trim().is_empty(), "{path}: no reason given");
        assert!(!page.has_errors(), "{path}: {:#?}", page.diagnostics);
    }
}

/// The oracle lists, for each enum page, the constants the docs name and the value the docs
/// give (or null). Ours must agree exactly.
#[test]
fn enum_constants_and_values_match_the_oracle_reading() {
    let oracle = oracle();
    let mut checked = 0;
    for entry in oracle["doc_vs_windows_sys"].as_array().expect("list") {
        let Some(documented) = entry.get("documented_values").and_then(Value::as_object) else { continue };
        let page = parse(async_dir().join(entry["docs_page"].as_str().expect("docs_page")));
        let item = item(&page);
        assert_eq!(item.kind, Kind::Enum, "{}", item.name);
        let ours: BTreeMap<String, Option<String>> =
            item.fields.iter().map(|f| (f.name.clone(), f.value.map(|v| v.to_string()))).collect();
        let theirs: BTreeMap<String, Option<String>> =
            documented.iter().map(|(k, v)| (k.clone(), v.as_str().map(str::to_string))).collect();
        assert_eq!(ours, theirs, "{}", item.name);
        checked += 1;
    }
    assert!(checked >= 5, "only {checked} enum pages in the oracle");
}

/// For structs, the oracle gives windows-sys' fields and the differences between them and the
/// docs; the top-level names the docs document follow from that.
#[test]
fn struct_top_level_fields_match_the_oracle_reading() {
    let oracle = oracle();
    let structs = oracle["structs"].as_array().expect("structs");
    let mut checked = 0;
    for entry in oracle["doc_vs_windows_sys"].as_array().expect("list") {
        if entry.get("documented_values").is_some() {
            continue;
        }
        let name = entry["item"].as_str().expect("item");
        let Some(abi) = structs.iter().find(|s| s["name"] == name && s["nested_of"].is_null()) else { continue };
        let top = |v: &Value| -> BTreeSet<String> {
            v.as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .filter(|n| !n.contains('.'))
                .map(str::to_string)
                .collect()
        };
        let abi_fields: BTreeSet<String> = abi["fields"]
            .as_array()
            .expect("fields")
            .iter()
            .map(|f| f["name"].as_str().expect("name").to_string())
            .collect();
        let expected: BTreeSet<String> = abi_fields
            .difference(&top(&entry["in_windows_sys_not_documented"]))
            .cloned()
            .chain(top(&entry["documented_not_in_windows_sys"]))
            .collect();
        let page = parse(async_dir().join(entry["docs_page"].as_str().expect("docs_page")));
        let ours: BTreeSet<String> =
            item(&page).fields.iter().filter(|f| !f.name.contains('.')).map(|f| f.name.clone()).collect();
        assert_eq!(ours, expected, "{name}");
        checked += 1;
    }
    assert!(checked >= 8, "only {checked} struct pages checked");
}

/// Headings the oracle found filed where they do not belong must each be reported.
#[test]
fn stray_headings_found_by_the_oracle_are_reported() {
    let oracle = oracle();
    let mut checked = 0;
    for entry in oracle["doc_vs_windows_sys"].as_array().expect("list") {
        for stray in entry.get("stray_non_field_headings").and_then(Value::as_array).into_iter().flatten() {
            let stray = stray.as_str().expect("heading text");
            let page = parse(async_dir().join(entry["docs_page"].as_str().expect("docs_page")));
            let reported = page
                .diagnostics
                .iter()
                .any(|d| matches!(d.code.as_str(), "misfiled-heading" | "orphan-heading") && d.message.contains(stray));
            assert!(reported, "`{stray}` not reported: {:#?}", page.diagnostics);
            checked += 1;
        }
    }
    assert!(checked >= 1);
}

#[test]
fn sample_pages_yield_the_hand_checked_name_kind_and_field_count() {
    let sample = shared().join("corpus/sample");
    let rows = tsv(&root().join("tests/fixtures/sample-expected.tsv"));
    let on_disk = corpus::collect(std::slice::from_ref(&sample)).expect("sample pages");
    assert_eq!(rows.len(), on_disk.len(), "the expectation table covers every sample page");
    for row in rows {
        let page = parse(sample.join(&row["path"]));
        let item = item(&page);
        assert_eq!(item.name, row["name"], "{}", row["path"]);
        assert_eq!(item.kind.as_str(), row["kind"], "{}", row["path"]);
        if row["fields"] != "-" {
            assert_eq!(item.fields.len().to_string(), row["fields"], "{}", row["path"]);
        }
        assert!(!page.has_errors(), "{}: {:#?}", row["path"], page.diagnostics);
    }
}

/// 45 more real pages from 28 other headers (`tests/fixtures/pages/`, copied from the
/// sdk-api repository after the parser was written), against a table written by reading them.
#[test]
fn fixture_pages_match_the_hand_written_table() {
    let dir = root().join("tests/fixtures/pages");
    let rows = tsv(&root().join("tests/fixtures/pages-expected.tsv"));
    let on_disk = corpus::collect(std::slice::from_ref(&dir)).expect("fixture pages");
    assert_eq!(rows.len(), on_disk.len(), "the table covers every fixture page");
    let count = |n: usize| if n == 0 { "-".to_string() } else { n.to_string() };
    for row in rows {
        let page = parse(dir.join(&row["path"]));
        let item = item(&page);
        let path = &row["path"];
        assert_eq!(item.name, row["name"], "{path}");
        assert_eq!(item.kind.as_str(), row["kind"], "{path}");
        assert_eq!(count(item.fields.len()), row["fields"], "{path}: fields");
        assert_eq!(count(item.parameters.len()), row["params"], "{path}: parameters");
        if row["values"] != "-" {
            let values: usize = item.fields.iter().map(|f| f.values.len()).sum();
            assert_eq!(values.to_string(), row["values"], "{path}: named values");
        }
        assert!(!page.has_errors(), "{path}: {:#?}", page.diagnostics);
    }
}

/// Every page under `shared/corpus` and in the fixtures parses to an item; prints what was found.
#[test]
fn sweep_the_whole_corpus() {
    // Folders are searched for `*.md`; the seeds are `.txt`, so they are named one by one.
    let seeds =
        std::fs::read_dir(root().join("tests/fixtures/seeds")).expect("seeds").map(|e| e.expect("entry").path());
    let folders = [shared().join("corpus"), root().join("tests/fixtures/pages")];
    let inputs: Vec<PathBuf> = folders.into_iter().chain(seeds).collect();
    // Pages live in per-header folders; files beside those folders (NOTES.md) are not pages.
    let top = [shared().join("corpus/async"), shared().join("corpus/sample")];
    let paths: Vec<PathBuf> = corpus::collect(&inputs)
        .expect("pages")
        .into_iter()
        .filter(|p| !top.iter().any(|t| p.parent() == Some(t.as_path())))
        .collect();
    let mut pages = 0;
    let mut items = 0;
    let mut fields = 0;
    let mut values = 0;
    let mut by_code: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut kinds: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut errors = Vec::new();
    corpus::parse_each(&paths, |page| {
        pages += 1;
        if let Some(item) = &page.item {
            items += 1;
            fields += item.fields.len();
            values += item.fields.iter().map(|f| f.values.len()).sum::<usize>();
            *kinds.entry(item.kind.as_str()).or_default() += 1;
        }
        for d in &page.diagnostics {
            *by_code.entry(d.code.as_str()).or_default() += 1;
            if d.severity == Severity::Error {
                errors.push(d.one_line(&page.file));
            }
        }
    });
    println!("swept {pages} pages: {items} items {kinds:?}, {fields} fields, {values} named values");
    println!("diagnostics by code: {by_code:?}");
    assert_eq!(pages, 44 + 59 + 5 + 45);
    assert_eq!(items, pages, "every page yields its item");
    assert!(errors.is_empty(), "{errors:#?}");
}
