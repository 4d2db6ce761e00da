//! Proves `windows_sys_layouts.rs` compiles and is sane: prints every layout, checks that it has offsets,
//! that they are nondecreasing (unions are all 0, so this holds for them too) and inside the type, that every
//! `ns-*.md` page of both roots is either measured or listed as left out, and pins the hand-checked entries.
//! Run with `cargo test -p winasync-tests --test windows_sys_layouts_check -- --nocapture`.

mod windows_sys_layouts;

use std::collections::BTreeSet;
use std::path::Path;
use windows_sys_layouts::{NOT_IN_WINDOWS_SYS, Root, SysLayout, layouts};

fn ns_pages(dir: &Path, base: &Path, out: &mut BTreeSet<String>) {
    for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.expect("dir entry").path();
        if path.is_dir() {
            ns_pages(&path, base, out);
        } else if path.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with("ns-") && n.ends_with(".md"))
        {
            let rel = path.strip_prefix(base).expect("under base").to_string_lossy().replace('\\', "/");
            out.insert(rel);
        }
    }
}

fn find<'a>(all: &'a [SysLayout], c_name: &str) -> &'a SysLayout {
    all.iter().find(|l| l.c_name == c_name).unwrap_or_else(|| panic!("{c_name} not in the table"))
}

#[test]
#[cfg_attr(
    not(target_arch = "x86_64"),
    ignore = "x86_64 layouts; compiled for another arch the table holds that one's"
)]
fn windows_sys_layouts_are_sane() {
    let all = layouts();
    for l in &all {
        println!("{:?} {} — {} = {} (size {}, align {})", l.root, l.page, l.c_name, l.rust_path, l.size, l.align);
        for (name, off) in &l.offsets {
            println!("    {off:>4}  {name}");
        }
        assert!(!l.offsets.is_empty(), "{}: no offsets", l.page);
        assert!(l.size > 0 && l.align.is_power_of_two(), "{}: size {} align {}", l.page, l.size, l.align);
        assert_eq!(l.size % l.align, 0, "{}: size not a multiple of align", l.page);
        for w in l.offsets.windows(2) {
            assert!(w[0].1 <= w[1].1, "{}: {} at {} before {} at {}", l.page, w[0].0, w[0].1, w[1].0, w[1].1);
        }
        assert!(l.offsets.iter().all(|&(_, off)| off < l.size), "{}: offset past the end", l.page);
        assert!(l.offsets.iter().all(|(name, _)| !name.starts_with("r#")), "{}: raw identifier kept", l.page);
    }
    println!("{} measured, {} left out:", all.len(), NOT_IN_WINDOWS_SYS.len());
    for (page, why) in NOT_IN_WINDOWS_SYS {
        println!("    {page}: {why}");
    }

    // Every ns-*.md page of both roots is accounted for exactly once.
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let sample_root = winasync_tests::shared().join("corpus/sample");
    let fixtures_root = manifest.join("fixtures/pages");
    for (root, dir) in [(Root::Sample, sample_root), (Root::Fixtures, fixtures_root)] {
        let mut on_disk = BTreeSet::new();
        ns_pages(&dir, &dir, &mut on_disk);
        let mut listed = BTreeSet::new();
        for l in all.iter().filter(|l| l.root == root) {
            assert!(listed.insert(l.page.to_string()), "{} listed twice", l.page);
        }
        for (page, _) in NOT_IN_WINDOWS_SYS {
            if on_disk.contains(*page) {
                assert!(listed.insert(page.to_string()), "{page} both measured and left out");
            }
        }
        assert_eq!(listed, on_disk, "{root:?}: pages in the table vs ns-*.md pages on disk");
    }
    assert_eq!(all.len() + NOT_IN_WINDOWS_SYS.len(), 30 + 18);

    // Hand-checked against the x64 ABI (see the top comment of windows_sys_layouts.rs).
    let overlapped = find(&all, "OVERLAPPED");
    assert_eq!((overlapped.size, overlapped.align), (32, 8));
    assert_eq!(overlapped.offsets, [("Internal", 0), ("InternalHigh", 8), ("Anonymous", 16), ("hEvent", 24)]);
    let msg = find(&all, "MSG");
    assert_eq!((msg.size, msg.align), (48, 8));
    assert_eq!(msg.offsets, [("hwnd", 0), ("message", 8), ("wParam", 16), ("lParam", 24), ("time", 32), ("pt", 36)]);
    let wsabuf = find(&all, "WSABUF");
    assert_eq!((wsabuf.size, wsabuf.align), (16, 8));
    assert_eq!(wsabuf.offsets, [("len", 0), ("buf", 8)]);
    assert_eq!(find(&all, "URL_COMPONENTS").size, 104);
    let blur = find(&all, "DWM_BLURBEHIND");
    assert_eq!((blur.size, blur.align), (20, 1), "dwmapi.h packs DWM_BLURBEHIND to 1");
    assert_eq!(find(&all, "INPUT").offsets[0], ("type", 0));
}
