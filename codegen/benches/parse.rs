//! Parser benchmarks on real sdk-api pages (see `benches/README.md`).
//!
//! - `page_parse/*`: `page::parse(SourceFile::new(path, text))` on single pages (smallest,
//!   seed-like, largest), throughput in bytes. The text is copied in the untimed setup; building
//!   the `SourceFile` (its line index) and parsing are timed, dropping the `Page` is not.
//! - `parse_each/*`: `corpus::parse_each` over every page of a set (reading the files, which the
//!   OS has cached, and parsing on all cores), throughput in pages.
//!
//! Pages come from `docs-src/` (44 pages) and `../shared/corpus/sample/` (59 pages); the second
//! set is skipped with a note when `../shared` is not there.
//!
//! Quick run: `cargo bench -p winasync-codegen --bench parse -- --quick`.

use criterion::{BatchSize, BenchmarkId, Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;
use winasync_codegen::{SourceFile, read::corpus, read::page};

/// The current version of seed `000` (the page the project was created from).
const SEED_LIKE: &str = "winhttp/ns-winhttp-winhttp_async_result.md";

struct Set {
    name: &'static str,
    root: PathBuf,
    paths: Vec<PathBuf>,
}

fn sets() -> Vec<Set> {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut sets = Vec::new();
    for (name, root) in
        [("docs-src", manifest.join("../docs-src")), ("shared-sample", manifest.join("../../shared/corpus/sample"))]
    {
        if !root.is_dir() {
            eprintln!("note: {} not found; skipping the `{name}` pages", root.display());
            continue;
        }
        let paths = corpus::collect(std::slice::from_ref(&root))
            .unwrap_or_else(|e| panic!("cannot list {}: {e}", root.display()));
        sets.push(Set { name, root, paths });
    }
    assert!(!sets.is_empty(), "no pages to benchmark");
    sets
}

/// A page read once; each iteration parses a fresh copy of its text.
struct Loaded {
    label: String,
    path: PathBuf,
    text: String,
}

fn load(label: &str, path: &Path) -> Loaded {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    Loaded { label: label.to_string(), path: path.to_path_buf(), text }
}

fn page_parse(c: &mut Criterion, sets: &[Set]) {
    let all: Vec<(&Set, &PathBuf)> = sets.iter().flat_map(|s| s.paths.iter().map(move |p| (s, p))).collect();
    let size = |p: &PathBuf| std::fs::metadata(p).map_or(0, |m| m.len());
    let file_name = |p: &Path| p.file_name().map_or_else(String::new, |f| f.to_string_lossy().into_owned());

    let mut pages = Vec::new();
    if let Some((_, p)) = all.iter().min_by_key(|(_, p)| (size(p), (*p).clone())) {
        pages.push(load(&format!("smallest/{}", file_name(p)), p));
    }
    if let Some((_, p)) = all.iter().find(|(s, p)| p.strip_prefix(&s.root).is_ok_and(|r| r == Path::new(SEED_LIKE))) {
        pages.push(load(&format!("seed-like/{}", file_name(p)), p));
    }
    if let Some((_, p)) = all.iter().max_by_key(|(_, p)| (size(p), (*p).clone())) {
        pages.push(load(&format!("largest/{}", file_name(p)), p));
    }

    let mut group = c.benchmark_group("page_parse");
    for page in &pages {
        group.throughput(Throughput::Bytes(page.text.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(&page.label), page, |b, page| {
            b.iter_batched(
                || page.text.clone(),
                |text| page::parse(SourceFile::new(black_box(&page.path), black_box(text))),
                BatchSize::SmallInput,
            );
        });
    }
    group.finish();
}

fn parse_each(c: &mut Criterion, sets: &[Set]) {
    let mut group = c.benchmark_group("parse_each");
    // Iterations take milliseconds: flat sampling keeps 20 samples within the measurement time.
    group.sampling_mode(SamplingMode::Flat);
    let mut runs: Vec<(String, Vec<PathBuf>)> =
        sets.iter().map(|s| (format!("{}/{}", s.name, s.paths.len()), s.paths.clone())).collect();
    if sets.len() > 1 {
        let mut all: Vec<PathBuf> = sets.iter().flat_map(|s| s.paths.iter().cloned()).collect();
        all.sort();
        runs.push((format!("all/{}", all.len()), all));
    }
    for (label, paths) in &runs {
        group.throughput(Throughput::Elements(paths.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(label), paths, |b, paths| {
            b.iter(|| {
                let mut diagnostics = 0usize;
                corpus::parse_each(black_box(paths), |page| {
                    diagnostics += page.diagnostics.len();
                    black_box(&page);
                });
                diagnostics
            });
        });
    }
    group.finish();
}

fn benches(c: &mut Criterion) {
    let sets = sets();
    page_parse(c, &sets);
    parse_each(c, &sets);
}

fn config() -> Criterion {
    Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
}

criterion_group! {
    name = parse;
    config = config();
    targets = benches
}
criterion_main!(parse);
