//! The whole pipeline against the markdown floor, in one process and one run (issue 16's
//! benchmark; see `benches/README.md`). For one thread and for all cores it times, over the same
//! files, read from the OS cache:
//!
//! - `floor`: each file read and tokenised by pulldown-cmark with the parser's options, every
//!   event visited: what any markdown-based reader must pay at least;
//! - `check`: what `winasync-codegen check` does (the Builder's `check_each` with the bundled
//!   ABI, every diagnostic rendered as rustc-style text into a buffer, the set-wide findings);
//! - `inspect`: what `inspect --json` does (`json::write_inspect` into a sink);
//!
//! and prints each time, its ratio to the floor, and the peak of heap memory the phase held
//! above what was live before it (a counting global allocator), beside the corpus's size. Then
//! `generate`: the `winasync` crate's source from docs-src (what its build script runs), and
//! ~200 real pages from 40 headers joined with the Windows metadata (what a downstream build
//! script or `.ci/generality-check` runs), each beside the floor over the same pages.
//!
//! The corpus: `WINASYNC_BENCH_CORPUS=DIR` (any folder of pages), else
//! `../shared/tools/make-corpus.py target/bench-corpus-N N` is run once, N from
//! `WINASYNC_BENCH_PAGES` (default 20000: ~20k pages, ~90 MB, as all of sdk-api). Each phase runs
//! `WINASYNC_BENCH_RUNS` times (default 3), the best time is kept.
//!
//! Run: `cargo bench -p winasync-codegen --bench floor` (about 3 minutes on 2 cores, most of it
//! the one-thread runs). `WINASYNC_BENCH_PAGES=2000` for a quick look.

use rayon::prelude::*;
use std::alloc::{GlobalAlloc, Layout};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use winasync_codegen::{Builder, json, read::corpus, read::outline};

/// The CLI's allocator (mimalloc), counting the bytes live and the most live since the last reset.
struct Counting;

static INNER: mimalloc::MiMalloc = mimalloc::MiMalloc;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract is passed on unchanged.
        let p = unsafe { INNER.alloc(layout) };
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: as above.
        unsafe { INNER.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: as above.
        let p = unsafe { INNER.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
            grew(new_size);
        }
        p
    }
}

fn grew(size: usize) {
    let live = LIVE.fetch_add(size, Ordering::Relaxed) + size;
    PEAK.fetch_max(live, Ordering::Relaxed);
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// The best time of `runs` runs of `f`, and the most heap it held above what was live before.
fn measure<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, usize) {
    let mut best = Duration::MAX;
    let mut peak = 0;
    for _ in 0..runs {
        let base = LIVE.load(Ordering::Relaxed);
        PEAK.store(base, Ordering::Relaxed);
        let start = Instant::now();
        std::hint::black_box(f());
        best = best.min(start.elapsed());
        peak = peak.max(PEAK.load(Ordering::Relaxed).saturating_sub(base));
    }
    (best, peak)
}

/// pulldown-cmark over every file, on the current rayon pool: the events counted.
fn floor(paths: &[PathBuf]) -> usize {
    paths
        .par_iter()
        .map(|p| {
            let text = std::fs::read_to_string(p).unwrap_or_default();
            pulldown_cmark::Parser::new_ext(&text, outline::markdown_options()).count()
        })
        .sum()
}

/// `check`: every page checked, every diagnostic rendered (into a buffer, as the CLI writes them
/// to stderr), the summary of the set.
fn check(builder: &Builder) -> usize {
    let mut rendered = Vec::new();
    let summary = builder
        .check_each(false, |page, diagnostics| {
            rendered.clear();
            for d in diagnostics {
                rendered.extend_from_slice(d.render(&page.file).as_bytes());
            }
        })
        .expect("the corpus is readable");
    summary.pages + summary.errors + summary.warnings
}

fn inspect(builder: &Builder) -> usize {
    json::write_inspect(builder, std::io::sink()).expect("the corpus is readable").pages
}

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn corpus_dir(root: &Path) -> PathBuf {
    if let Some(dir) = std::env::var_os("WINASYNC_BENCH_CORPUS") {
        return PathBuf::from(dir);
    }
    let pages = env_usize("WINASYNC_BENCH_PAGES", 20_000);
    let dir = root.join(format!("target/bench-corpus-{pages}"));
    if !dir.is_dir() {
        let script = root.join("../shared/tools/make-corpus.py");
        assert!(script.is_file(), "{} not found: set WINASYNC_BENCH_CORPUS to a folder of pages", script.display());
        let partial = dir.with_extension("partial");
        let _ = std::fs::remove_dir_all(&partial);
        let status = std::process::Command::new("python3")
            .arg(&script)
            .arg(&partial)
            .arg(pages.to_string())
            .status()
            .expect("python3 runs");
        assert!(status.success(), "make-corpus.py failed");
        std::fs::rename(&partial, &dir).expect("the corpus folder is renamed into place");
    }
    dir
}

fn mib(bytes: usize) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

fn row(out: &mut impl Write, what: &str, threads: &str, (time, peak): (Duration, usize), floor: Duration, size: usize) {
    let _ = writeln!(
        out,
        "{what:<10} {threads:>8} {:>9.3} s {:>7.2}x floor  peak {:>8.1} MiB ({:.2}x the pages)",
        time.as_secs_f64(),
        time.as_secs_f64() / floor.as_secs_f64(),
        mib(peak),
        peak as f64 / size as f64
    );
}

fn main() {
    // `cargo bench` passes `--bench`; a filter or `--list` means another bench was asked for.
    if std::env::args().skip(1).any(|a| a == "--list" || !a.starts_with('-')) {
        return;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("workspace root").to_path_buf();
    let runs = env_usize("WINASYNC_BENCH_RUNS", 3);
    let dir = corpus_dir(&root);
    let paths = corpus::collect(std::slice::from_ref(&dir)).expect("the corpus folder lists");
    let size: usize = paths.iter().map(|p| std::fs::metadata(p).map_or(0, |m| m.len() as usize)).sum();
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut out = std::io::stdout().lock();
    let _ = writeln!(
        out,
        "corpus: {} ({} pages, {:.1} MiB), {runs} run(s) each, best kept",
        dir.display(),
        paths.len(),
        mib(size)
    );
    floor(&paths); // the page cache, warm

    let builder = Builder::new().page(&dir);
    let mut floors = Vec::new();
    for threads in [1, cores] {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().expect("a thread pool");
        let label = format!("{threads} thr");
        let floor_time = pool.install(|| measure(runs, || floor(&paths)));
        row(&mut out, "floor", &label, floor_time, floor_time.0, size);
        row(&mut out, "check", &label, pool.install(|| measure(runs, || check(&builder))), floor_time.0, size);
        row(&mut out, "inspect", &label, pool.install(|| measure(runs, || inspect(&builder))), floor_time.0, size);
        floors.push(floor_time.0);
    }
    if let [one, all] = floors[..] {
        let _ = writeln!(out, "floor speed-up on {cores} threads: {:.2}x", one.as_secs_f64() / all.as_secs_f64());
    }

    // generate: the winasync crate from docs-src, and ~200 real pages with the metadata.
    let docs = root.join("docs-src");
    let docs_paths = corpus::collect(std::slice::from_ref(&docs)).expect("docs-src lists");
    let docs_size = docs_paths.iter().map(|p| std::fs::metadata(p).map_or(0, |m| m.len() as usize)).sum();
    let docs_floor = measure(runs, || floor(&docs_paths));
    let crate_builder = Builder::winasync_crate().docs(&docs).cargo_directives(false);
    let generated = measure(runs, || crate_builder.generate().expect("docs-src generates").source.len());
    let _ = writeln!(
        out,
        "generate: docs-src ({} pages, {:.1} MiB) -> the winasync crate",
        docs_paths.len(),
        mib(docs_size)
    );
    row(&mut out, "floor", "all", docs_floor, docs_floor.0, docs_size);
    row(&mut out, "generate", "all", generated, docs_floor.0, docs_size);

    let shared = root.join("../shared/corpus/sample");
    // The CLI's way to the metadata files (cargo fetches them if needed).
    match winasync_codegen::abi::winmd::metadata_in_cargo_cache() {
        Ok(winmd) if shared.is_dir() => {
            let inputs = [docs.clone(), shared, root.join("tests/fixtures/pages")];
            let real = corpus::collect(&inputs).expect("the page folders list");
            let real_size = real.iter().map(|p| std::fs::metadata(p).map_or(0, |m| m.len() as usize)).sum();
            let real_floor = measure(runs, || floor(&real));
            let user = Builder::new().pages(&real).winmd(&winmd).cargo_directives(false);
            let generated = measure(runs, || user.generate().map(|g| g.source.len()).unwrap_or(0));
            let _ =
                writeln!(out, "generate: {} real pages ({:.1} MiB) + the Windows metadata", real.len(), mib(real_size));
            row(&mut out, "floor", "all", real_floor, real_floor.0, real_size);
            row(&mut out, "generate", "all", generated, real_floor.0, real_size);
        }
        _ => {
            let _ =
                writeln!(out, "note: ../shared or windows-bindgen 0.58.0 in cargo's registry missing: no metadata run");
        }
    }
}
