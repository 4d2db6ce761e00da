//! The ABI stage against references nobody here wrote: clang's MSVC record layouts of the
//! mingw-w64 headers (x86, x64, arm64), windows-sys's layouts (x64, computed by rustc), and the
//! Windows metadata itself (the committed snapshot must be what the metadata says today).

#[path = "windows_sys_layouts.rs"]
mod windows_sys_layouts;

use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::OnceLock;
use winasync_codegen::abi::Supplement;
use winasync_codegen::abi::winmd::Metadata;
use winasync_codegen::abi::{self, AbiSet, Target, record_layout};
use winasync_codegen::{Page, json, read::corpus};
use winasync_tests::{parse, root, shared, winmd_dir};

fn metadata() -> &'static Metadata {
    static META: OnceLock<Metadata> = OnceLock::new();
    META.get_or_init(|| Metadata::open(&winmd_dir()).expect("the winmd files load"))
}

fn bundled() -> AbiSet {
    abi::bundled().expect("the generator bundles docs-src/abi.json").expect("docs-src/abi.json parses")
}

fn docs_pages() -> Vec<Page> {
    let paths = corpus::collect(&[root().join("docs-src")]).unwrap();
    let mut pages = Vec::new();
    corpus::parse_each(&paths, |p| pages.push(p));
    pages
}

fn supplement() -> Supplement {
    let text = std::fs::read_to_string(root().join("codegen/abi-supplement.json")).unwrap();
    Supplement::from_json(&text).expect("the supplement parses")
}

#[test]
fn snapshot_is_what_the_metadata_says() {
    let queries: Vec<_> =
        docs_pages().iter().filter_map(|p| p.item.as_ref().map(|i| abi::query(p.file.path(), i))).collect();
    let fresh = metadata().extract(&queries, &supplement()).to_json();
    let committed = std::fs::read_to_string(root().join("docs-src/abi.json")).unwrap();
    assert!(
        fresh == committed,
        "docs-src/abi.json is stale; regenerate it with\n  cargo run -p winasync-codegen -- abi --winmd {} \
         --supplement codegen/abi-supplement.json --out docs-src/abi.json docs-src",
        winmd_dir().display()
    );
    // Every page of the family resolves.
    let set = bundled();
    for page in docs_pages() {
        let stem = abi::stem(page.file.path());
        assert!(set.root_of(&stem).is_some(), "{stem} has no root in the snapshot");
    }
}

/// Metadata names that differ from the C headers' (windows-sys documents the same rename).
const RENAMED: &[(&str, &str, &str)] = &[("RPC_ASYNC_NOTIFICATION_INFO", "HWND", "IntPtr")];

#[test]
fn layouts_equal_clang_msvc_record_layouts_on_three_targets() {
    let oracle: Value = serde_json::from_str(
        &std::fs::read_to_string(shared().join("corpus/async/abi-clang.json")).expect("abi-clang.json"),
    )
    .unwrap();
    let set = bundled();
    let targets = [
        ("i686-pc-windows-msvc", Target::X86),
        ("x86_64-pc-windows-msvc", Target::X86_64),
        ("aarch64-pc-windows-msvc", Target::Aarch64),
    ];
    let mut compared = 0;
    let mut not_in_family = BTreeMap::new();
    for (triple, target) in targets {
        for (key, record) in oracle["targets"][triple].as_object().unwrap() {
            // The C++ form of MFASYNCRESULT (base class instead of a first member) is the same type.
            let name = key.strip_suffix("__cxx").unwrap_or(key);
            if set.defs(name).next().is_none() {
                not_in_family.insert(key.clone(), record["c_record"].clone());
                continue;
            }
            let ours = record_layout(&set, name, target).unwrap_or_else(|e| panic!("{name} on {triple}: {e}"));
            let what = format!("{key} on {triple}");
            assert_eq!(ours.size, record["size"].as_u64().unwrap(), "size of {what}");
            assert_eq!(ours.align, record["align"].as_u64().unwrap(), "align of {what}");
            let offsets: BTreeMap<&str, u64> = ours.offsets.iter().map(|(n, o)| (n.as_str(), *o)).collect();
            for field in record["fields"].as_array().unwrap() {
                let c_name = field["name"].as_str().unwrap();
                let our_name = RENAMED
                    .iter()
                    .find(|(t, c, _)| *t == name && *c == c_name)
                    .map_or(c_name, |(_, _, metadata_name)| metadata_name);
                let offset = offsets.get(our_name).unwrap_or_else(|| panic!("{what}: no field {our_name}"));
                assert_eq!(*offset, field["offset"].as_u64().unwrap(), "offset of {what}.{c_name}");
                compared += 1;
            }
        }
    }
    println!("clang oracle: {compared} field offsets compared; not in the family: {not_in_family:?}");
    // Every record of the oracle is in the family (RTWQASYNCRESULT, which no page documents, by
    // its supplement entry).
    assert!(not_in_family.is_empty(), "not in the family: {not_in_family:?}");
    // 50 top-level fields in 12 records, on three targets (clang lists RTWQASYNCRESULT's C++ base,
    // the vtable pointer, as no field: its 5 data members are compared).
    assert_eq!(compared, 150);
}

#[test]
fn layouts_equal_windows_sys_on_x86_64_including_types_clang_could_not_check() {
    let oracle: Value = serde_json::from_str(
        &std::fs::read_to_string(shared().join("corpus/async/abi-x86_64.json")).expect("abi-x86_64.json"),
    )
    .unwrap();
    let set = bundled();
    let mut checked = Vec::new();
    for entry in oracle["structs"].as_array().unwrap() {
        // windows-sys numbers nested types (WINBIO_ASYNC_RESULT_0_0); the snapshot names them by
        // their doc path (WINBIO_ASYNC_RESULT_Parameters_Verify), which the oracle also gives.
        let name = match entry["doc_path"].as_str() {
            Some(path) => path.replace('.', "_"),
            None => entry["name"].as_str().unwrap().to_string(),
        };
        let ours = record_layout(&set, &name, Target::X86_64).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(ours.size, entry["size"].as_u64().unwrap(), "size of {name}");
        assert_eq!(ours.align, entry["align"].as_u64().unwrap(), "align of {name}");
        let offsets: BTreeMap<&str, u64> = ours.offsets.iter().map(|(n, o)| (n.as_str(), *o)).collect();
        let fields = entry["fields"].as_array().unwrap();
        assert_eq!(offsets.len(), fields.len(), "field count of {name}");
        for field in fields {
            let f = field["name"].as_str().unwrap();
            assert_eq!(offsets.get(f).copied(), field["offset"].as_u64(), "offset of {name}.{f}");
        }
        checked.push(name);
    }
    println!("windows-sys oracle: {} records: {checked:?}", checked.len());
    assert_eq!(checked.len(), 47);
    // The winbio and webservices types have no mingw-w64 headers, so only this oracle covers them.
    for name in ["WINBIO_ASYNC_RESULT", "WINBIO_ASYNC_RESULT_Parameters_EnumEnrollments", "WS_ASYNC_STATE"] {
        assert!(checked.iter().any(|c| c == name), "{name} was not compared");
    }
}

/// (file stem, code, line, a word the message must contain) of one drift diagnostic.
type Drift = (&'static str, &'static str, u32, &'static str);

#[test]
fn drift_diagnostics_of_the_async_corpus() {
    let set = bundled();
    let mut found = Vec::new();
    for page in docs_pages() {
        for d in abi::check_page(&page, &set, &abi::Coverage::ThesePages) {
            found.push((abi::stem(page.file.path()), d.code.as_str(), d.pos.line, d.message.clone(), d.help.clone()));
        }
    }
    for line in &found {
        println!("{line:?}");
    }
    let expected: &[Drift] = &[
        // An ABI constant the value table leaves out.
        ("ns-winhttp-winhttp_async_result", "abi-not-documented", 57, "API_GET_PROXY_SETTINGS` = 7"),
        // Stale names in AsyncStatus's keywords: one misspelt, one that never existed.
        ("ne-asyncinfo-asyncstatus", "stale-name", 10, "`Cancelled`"),
        ("ne-asyncinfo-asyncstatus", "stale-name", 10, "`Created`"),
        // A union documented as a structure, and the header's member HWND renamed IntPtr.
        ("ns-rpcasync-rpc_async_notification_info", "kind-mismatch", 3, "the ABI has a union"),
        ("ns-rpcasync-rpc_async_notification_info", "doc-not-in-abi", 96, "`HWND`"),
        ("ns-rpcasync-rpc_async_notification_info", "doc-not-in-abi", 103, "`HWND.hWnd`"),
        ("ns-rpcasync-rpc_async_notification_info", "abi-not-documented", 3, "`IntPtr`"),
        // A stray `### -field Event` beside the real hEvent.
        ("ns-rpcasync-rpc_async_notification_info", "doc-not-in-abi", 115, "`Event`"),
        // The C++ base documented as a field, at the end.
        ("ns-mfapi-mfasyncresult", "doc-not-in-abi", 79, "`IMFAsyncResult`"),
        ("ns-mfapi-mfasyncresult", "abi-not-documented", 3, "`AsyncResult`"),
        // Status codes the callback page does not list.
        ("nc-winhttp-winhttp_status_callback", "abi-not-documented", 68, "WINHTTP_CALLBACK_STATUS_DETECTING_PROXY"),
    ];
    for (stem, code, line, text) in expected {
        assert!(
            found.iter().any(|(s, c, l, m, _)| s == stem && c == code && l == line && m.contains(text)),
            "missing {code} at {stem}:{line} mentioning {text}"
        );
    }
    let cancelled = found.iter().find(|(_, _, _, m, _)| m.contains("`Cancelled`")).unwrap();
    assert_eq!(cancelled.4.as_deref(), Some("the ABI name is `Canceled`"));
    // Nothing is reported for the pages that agree with the ABI.
    for quiet in
        ["ns-winhttp-winhttp_web_socket_async_result", "ns-winbio-winbio_async_result", "ns-rpcasync-rpc_async_state"]
    {
        let extra: Vec<_> = found.iter().filter(|(s, ..)| s == quiet).collect();
        assert!(extra.is_empty(), "{quiet}: {extra:?}");
    }
}

#[test]
fn misspelt_fields_and_values_are_matched_and_said() {
    let original = std::fs::read_to_string(root().join("docs-src/winhttp/ns-winhttp-winhttp_async_result.md")).unwrap();
    let text = original.replacen("### -field dwError", "### -field dwErorr", 1).replacen(
        "API_READ_DATA</b>",
        "API_READ_DATTA</b>",
        1,
    );
    assert_ne!(text, original);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ns-winhttp-winhttp_async_result.md");
    std::fs::write(&path, text).unwrap();
    let page = parse(&path);
    let found: Vec<String> =
        abi::check_page(&page, &bundled(), &abi::Coverage::ThesePages).iter().map(|d| d.message.clone()).collect();
    assert!(found.iter().any(|m| m.contains("`dwErorr` is spelt `dwError` in the ABI")), "{found:?}");
    assert!(found.iter().any(|m| m.contains("`API_READ_DATTA` is spelt `API_READ_DATA`")), "{found:?}");
    // Matched, so not reported again as undocumented.
    assert!(!found.iter().any(|m| m.contains("`dwError` of")), "{found:?}");
}

#[test]
fn seeds_resolve_by_name_and_their_orphans_are_stale() {
    let mut paths: Vec<_> =
        std::fs::read_dir(root().join("tests/fixtures/seeds")).unwrap().map(|e| e.unwrap().path()).collect();
    paths.sort();
    let pages: Vec<Page> = paths.iter().map(parse).collect();
    let queries: Vec<_> = pages.iter().filter_map(|p| p.item.as_ref().map(|i| abi::query(p.file.path(), i))).collect();
    let set = metadata().extract(&queries, &Supplement::default());
    assert_eq!(set.roots.len(), 5, "{:?}", set.roots);
    let status = pages.iter().find(|p| p.item.as_ref().is_some_and(|i| i.name == "AsyncStatus")).unwrap();
    let found: Vec<(&str, u32, String)> = abi::check_page(status, &set, &abi::Coverage::ThesePages)
        .into_iter()
        .map(|d| (d.code.as_str(), d.pos.line, d.message))
        .collect();
    assert!(found.iter().any(|(c, l, m)| *c == "stale-name" && *l == 83 && m.contains("`Created`")), "{found:?}");
}

#[test]
fn inspect_json_carries_abi_types_layouts_and_values() {
    let set = bundled();
    let page = parse(root().join("docs-src/winhttp/ns-winhttp-winhttp_async_result.md"));
    let item = page.item.as_ref().unwrap();
    let v = json::item(item, &page.file, Some((&set, "WINHTTP_ASYNC_RESULT")));
    let abi = &v["abi"];
    assert_eq!(abi["fields"][0], serde_json::json!({"name": "dwResult", "c_type": "UINT_PTR", "rust_type": "usize"}));
    assert_eq!(abi["fields"][1]["c_type"], "UINT32");
    assert_eq!(
        abi["layout"]["x86"],
        serde_json::json!({"size": 8, "align": 4, "offsets": {"dwResult": 0, "dwError": 4}})
    );
    assert_eq!(abi["layout"]["aarch64"]["offsets"]["dwError"], 8);
    assert_eq!(v["fields"][0]["values"][4]["name"], "API_SEND_REQUEST");
    assert_eq!(v["fields"][0]["values"][4]["value"], 5);

    let page = parse(root().join("docs-src/asyncinfo/ne-asyncinfo-asyncstatus.md"));
    let v = json::item(page.item.as_ref().unwrap(), &page.file, Some((&set, "AsyncStatus")));
    let values: Vec<(String, Value)> = v["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["name"].as_str().unwrap().into(), f["value"].clone()))
        .collect();
    assert_eq!(
        values,
        [("Started", 0), ("Completed", 1), ("Canceled", 2), ("Error", 3)].map(|(n, x)| (n.to_string(), Value::from(x)))
    );

    let page = parse(root().join("docs-src/winbio/ns-winbio-winbio_async_result.md"));
    let nested = json::nested_items(page.item.as_ref().unwrap(), &page.file, &set, "WINBIO_ASYNC_RESULT");
    let names: Vec<&str> = nested.iter().map(|n| n["path"].as_str().unwrap()).collect();
    // The Parameters union and its 21 per-operation structs.
    assert_eq!(names.len(), 22, "{names:?}");
    assert_eq!(names[1], "WINBIO_ASYNC_RESULT.Parameters.Verify");
    assert_eq!(nested[0]["kind"], "union");
    assert_eq!(nested[0]["abi"]["layout"]["x86_64"]["size"], 320);
}

/// Struct pages outside the family, resolved straight from the metadata (`inspect --winmd`),
/// against windows-sys's layouts computed by rustc.
#[test]
fn winmd_layouts_of_other_struct_pages_equal_windows_sys() {
    let layouts = windows_sys_layouts::layouts();
    let page_of = |l: &windows_sys_layouts::SysLayout| match l.root {
        windows_sys_layouts::Root::Sample => shared().join("corpus/sample").join(l.page),
        windows_sys_layouts::Root::Fixtures => root().join("tests/fixtures/pages").join(l.page),
    };
    let pages: Vec<(Page, &windows_sys_layouts::SysLayout)> = layouts.iter().map(|l| (parse(page_of(l)), l)).collect();
    let queries: Vec<_> = pages.iter().map(|(p, _)| abi::query(p.file.path(), p.item.as_ref().unwrap())).collect();
    let set = metadata().extract(&queries, &Supplement::default());
    let mut compared = 0;
    for (page, sys) in &pages {
        let stem = abi::stem(page.file.path());
        let root = set.root_of(&stem).unwrap_or_else(|| panic!("{stem} did not resolve"));
        let ours = record_layout(&set, root, Target::X86_64).unwrap_or_else(|e| panic!("{root}: {e}"));
        assert_eq!((ours.size, ours.align), (sys.size as u64, sys.align as u64), "{root} ({})", sys.rust_path);
        let offsets: BTreeMap<&str, u64> = ours.offsets.iter().map(|(n, o)| (n.as_str(), *o)).collect();
        for (field, offset) in &sys.offsets {
            assert_eq!(offsets.get(field).copied(), Some(*offset as u64), "{root}.{field}");
            compared += 1;
        }
        // The x86 and arm64 layouts at least compute.
        for target in [Target::X86, Target::Aarch64] {
            record_layout(&set, root, target).unwrap_or_else(|e| panic!("{root} on {}: {e}", target.as_str()));
        }
    }
    println!("{} pages, {compared} offsets compared with windows-sys", pages.len());
    assert_eq!(pages.len(), 41);
}

#[test]
fn a_damaged_winmd_is_an_error_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("Broken.winmd"), b"MZ this is not metadata").unwrap();
    assert!(Metadata::open(dir.path()).is_err());
    assert!(Metadata::open(Path::new("/nonexistent/winmd")).is_err());
    let empty = tempfile::tempdir().unwrap();
    assert!(Metadata::open(empty.path()).is_err());
}
