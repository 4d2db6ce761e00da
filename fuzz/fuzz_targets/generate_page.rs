//! Any bytes, read as one page of `docs-src` and run through the generator in memory, as
//! `Builder` does for each page: parse, the ABI drift and status-payload checks against the
//! bundled snapshot, then the emitter (`emit::render`) with that page as the only documented page.
//! Nothing may panic, every diagnostic must point inside the page, and when rendering succeeds
//! its output must parse as a Rust file. Errors returned as values (`EmitError`) are fine.
//!
//! The first byte chooses the page's file name and the emitter's options: its low four bits pick
//! a stem from [`STEMS`], so that the page resolves to an ABI root of each kind (struct, callback,
//! enum, interface, method, nested record, typedef) or to none; its high four bits turn off, one
//! each, module features, the windows-sys conversions and the `#[async_result]` expansion, and
//! turn on the flat layout (`0x00`-`0x0f`: the options of the `winasync` crate's own build). The
//! rest is the page text (invalid UTF-8 replaced). Run:
//! `cargo +nightly fuzz run generate_page fuzz/seed-corpus/generate_page` (see fuzz/README.md).
//!
//! Speed: rendering the whole bundled set (~150 types, ~10,000 lines formatted, then parsed
//! again) costs ~200 ms an input under the fuzzer's instrumentation. So the emitter gets
//! `AbiSet::subset` of the page's root and the other top-level types of its namespace (a status
//! callback's decoder needs the records its statuses carry), about what `abi --winmd` makes for
//! that page alone. The checks always use the whole snapshot. `WINASYNC_FUZZ_FULL_SET=1` renders
//! against the whole snapshot instead (to replay a corpus: `... generate_page <dir> -runs=0`);
//! `WINASYNC_FUZZ_VERBOSE=1` prints the errors `render` returns.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use winasync_codegen::abi::{self, AbiSet, Coverage};
use winasync_codegen::emit::{self, ModuleLayout, Options, catalog::DocPage};
use winasync_codegen::{Severity, SourceFile, parse, payloads};

/// (folder, file stem) of the page; all but the last are roots of the bundled snapshot.
pub const STEMS: [(&str, &str); 16] = [
    ("winhttp", "ns-winhttp-winhttp_async_result"),
    ("winhttp", "nc-winhttp-winhttp_status_callback"),
    ("minwinbase", "ns-minwinbase-overlapped"),
    ("asyncinfo", "ne-asyncinfo-asyncstatus"),
    ("mfobjects", "nn-mfobjects-imfasyncresult"),
    ("mfobjects", "nf-mfobjects-imfasyncresult-getstate"),
    ("winbio", "ns-winbio-winbio_async_result"),
    ("wininet", "ns-wininet-internet_async_result"),
    ("wininet", "nc-wininet-internet_status_callback"),
    ("winhttp", "ne-winhttp-winhttp_web_socket_buffer_type"),
    ("rpcasync", "ns-rpcasync-rpc_async_state"),
    ("asyncinfo", "nn-asyncinfo-iasyncinfo"),
    ("winsock2", "ns-winsock2-wsaoverlapped"),
    ("windns", "ns-windns-dns_query_result"),
    ("minwinbase", "nc-minwinbase-lpoverlapped_completion_routine"),
    ("fuzz", "nf-fuzz-not_in_the_abi"),
];

fn set() -> &'static AbiSet {
    static SET: OnceLock<AbiSet> = OnceLock::new();
    SET.get_or_init(|| {
        abi::bundled().expect("built from the repository: docs-src/abi.json is bundled").expect("it parses")
    })
}

/// The set the emitter gets for the page of `STEMS[i]`.
fn render_set(i: usize) -> &'static AbiSet {
    static FULL: OnceLock<bool> = OnceLock::new();
    static SETS: OnceLock<Vec<AbiSet>> = OnceLock::new();
    if *FULL.get_or_init(|| std::env::var_os("WINASYNC_FUZZ_FULL_SET").is_some_and(|v| v != "0")) {
        return set();
    }
    &SETS.get_or_init(|| STEMS.iter().map(|(_, stem)| reduced(set(), stem)).collect())[i]
}

/// The part of `full` the page of `stem` needs: its root's type and the other top-level types of
/// its namespace, with what they reach (a page outside the snapshot gets the first stem's, so that
/// the rest of the emitter still runs).
fn reduced(full: &AbiSet, stem: &str) -> AbiSet {
    let root = full.root_of(stem).or_else(|| full.root_of(STEMS[0].1)).expect("STEMS[0] is a root");
    let owner = root.split("::").next().unwrap_or(root);
    let namespace = full.any_def(owner).map(|t| t.namespace.as_str());
    let mut roots = vec![owner.to_string()];
    roots.extend(
        full.types
            .iter()
            .filter(|t| t.nested_in.is_none() && Some(t.namespace.as_str()) == namespace)
            .map(|t| t.name.clone()),
    );
    full.subset(&roots)
}

/// The emitter's options for the high four bits of the first byte (0: the `winasync` crate's).
fn options(bits: u8) -> Options {
    Options {
        layout: if bits & 8 == 0 { ModuleLayout::PerHeader } else { ModuleLayout::Flat },
        module_features: bits & 1 == 0,
        windows_sys_feature: (bits & 2 == 0).then(|| "windows-sys".to_string()),
        allow: None,
        expand: bits & 4 == 0,
    }
}

fn verbose() -> bool {
    static VERBOSE: OnceLock<bool> = OnceLock::new();
    *VERBOSE.get_or_init(|| std::env::var_os("WINASYNC_FUZZ_VERBOSE").is_some_and(|v| v != "0"))
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else { return };
    let index = usize::from(selector) % STEMS.len();
    let (dir, stem) = STEMS[index];
    let text = String::from_utf8_lossy(rest);
    let page = parse(SourceFile::new(format!("docs-src/{dir}/{stem}.md"), text.as_ref()));
    let set = set();

    // What `Builder` checks on each page: the drift from the ABI and the status payloads.
    let mut drift = abi::check_page(&page, set, &Coverage::OtherPages);
    drift.extend(payloads::check_page(&page, set));
    for d in page.diagnostics.iter().chain(&drift) {
        assert!(d.span.start <= d.span.end && d.span.end <= text.len(), "span {:?} outside the page", d.span);
        let _ = d.render(&page.file);
    }

    // `Builder` generates nothing from a set with a page in error; so does this.
    if page.has_errors() || drift.iter().any(|d| d.severity == Severity::Error) {
        return;
    }
    let Some(item) = page.item else { return };
    let doc_page = DocPage::new(page.file.path(), item);
    match emit::render(vec![doc_page], render_set(index), &options(selector >> 4)) {
        Ok(rendered) => {
            if let Err(e) = syn::parse_file(&rendered.source) {
                panic!("the generated source does not parse: {e}");
            }
            let _ = rendered.features_toml();
        }
        Err(e) if verbose() => eprintln!("render: {e}"),
        Err(_) => {}
    }
});
