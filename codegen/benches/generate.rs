//! The emitter end to end: `Builder::winasync_crate().docs("docs-src").generate()` (read and parse the 95 pages, read the
//! ABI snapshot, plan, build the tokens, format with prettyplease), which is what
//! `winasync`'s build.rs runs on every regeneration. See `benches/README.md`.
//!
//! Quick run: `cargo bench -p winasync-codegen --bench generate -- --quick`.

use criterion::{Criterion, SamplingMode, criterion_group, criterion_main};
use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

fn generate(c: &mut Criterion) {
    let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs-src");
    let mut group = c.benchmark_group("generate");
    group.sampling_mode(SamplingMode::Flat).sample_size(20).measurement_time(Duration::from_secs(5));
    group.bench_function("docs-src", |b| {
        b.iter(|| {
            let generated = winasync_codegen::Builder::winasync_crate()
                .docs(black_box(&docs))
                .generate()
                .expect("docs-src generates");
            black_box(generated.source.len())
        })
    });
    group.finish();
}

criterion_group!(benches, generate);
criterion_main!(benches);
