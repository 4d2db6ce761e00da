//! `winasync-codegen`: check sdk-api pages and show what was recovered from them.
//!
//! Exit status: 0 when no page has an error (warnings allowed), 1 when one does, 2 on a usage
//! error (bad arguments, a path that does not exist, a folder without pages).

use clap::{Parser, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use winasync_codegen::abi::Supplement;
use winasync_codegen::abi::winmd::{self, Metadata};
use winasync_codegen::abi::{self, AbiSet};
use winasync_codegen::emit::{self, ModuleLayout};
use winasync_codegen::read::corpus;
use winasync_codegen::{Builder, Error as BuildError, json};

// Reading pages allocates many small strings and frees them soon: with mimalloc `check` takes
// about 15% less CPU than with the system allocator (paired runs on 2,000 pages; README,
// Performance), for some more resident memory.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "winasync-codegen",
    version,
    about = "Reads Windows SDK (sdk-api) doc pages of async-result types into a typed model"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Parse pages and report every problem found, rustc-style, on stderr.
    Check {
        /// Page files (any extension) or folders (searched for `*.md`).
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Also list, as notes, each link that points outside the pages checked.
        #[arg(long)]
        links: bool,
        /// One line per diagnostic (`file:line:col: severity[code]: message`), no snippets.
        #[arg(long)]
        short: bool,
        #[command(flatten)]
        abi: AbiSource,
    },
    /// Print the model recovered from the pages.
    Inspect {
        /// Print JSON: `{"diagnostics": [...], "items": [...]}`.
        #[arg(long)]
        json: bool,
        /// Page files (any extension) or folders (searched for `*.md`).
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        #[command(flatten)]
        abi: AbiSource,
    },
    /// Write the ABI snapshot of the pages' types (and the types they need) from the metadata.
    Abi {
        /// The folder with the metadata files (windows-bindgen 0.58's `default/` folder); when not
        /// given, the one in cargo's cache, which cargo fetches first if it is not there.
        #[arg(long, value_name = "DIR")]
        winmd: Option<PathBuf>,
        /// Where to write the snapshot (atomically); stdout when not given.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// Reviewed corrections and additions to the metadata (types, each with a `note` saying
        /// why, and constant families); codegen/abi-supplement.json is the project's.
        #[arg(long, value_name = "FILE")]
        supplement: Option<PathBuf>,
        /// Page files (any extension) or folders (searched for `*.md`).
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// Write the Rust source a docs folder generates: by default the `winasync` crate's, as its
    /// `cargo build` makes it, for review; the flags give what a build script's Builder would.
    Generate {
        /// The docs folder: its `*.md` pages and its `abi.json` snapshot.
        #[arg(default_value = "docs-src")]
        docs: PathBuf,
        /// Where to write the source (atomically); stdout when not given.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        #[command(flatten)]
        emit: EmitFlags,
    },
}

/// How `generate` writes the source. Without these flags, as the `winasync` crate's build script
/// does; `--builder-defaults` starts from `Builder::new()` instead, what a downstream build.rs gets.
#[derive(clap::Args)]
struct EmitFlags {
    /// Start from `Builder::new()`'s settings (per-header modules, no cargo features, no windows-sys
    /// conversions) rather than the winasync crate's.
    #[arg(long)]
    builder_defaults: bool,
    /// One module per header, or everything at the crate root.
    #[arg(long, value_enum, value_name = "LAYOUT")]
    layout: Option<Layout>,
    /// Put each module behind a cargo feature of its name (`true` or `false`).
    #[arg(long, value_name = "BOOL")]
    module_features: Option<bool>,
    /// The cargo feature that turns on the windows-sys conversions; `none` for no conversions.
    #[arg(long, value_name = "FEATURE")]
    windows_sys_feature: Option<String>,
    /// Generate only these APIs and what they need (repeat, or separate with commas).
    #[arg(long, value_name = "API", value_delimiter = ',')]
    allow: Vec<String>,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Layout {
    PerHeader,
    Flat,
}

impl EmitFlags {
    fn builder(&self) -> Builder {
        let mut builder = if self.builder_defaults { Builder::new() } else { Builder::winasync_crate() };
        if let Some(layout) = self.layout {
            builder = builder.module_layout(match layout {
                Layout::PerHeader => ModuleLayout::PerHeader,
                Layout::Flat => ModuleLayout::Flat,
            });
        }
        if let Some(on) = self.module_features {
            builder = builder.module_features(on);
        }
        if let Some(feature) = &self.windows_sys_feature {
            builder = builder.windows_sys_feature((feature != "none").then_some(feature.as_str()));
        }
        if !self.allow.is_empty() {
            builder = builder.allow(self.allow.iter().cloned());
        }
        builder
    }
}

/// Where the ABI the pages are joined with comes from: without a flag, the `abi.json` of a docs
/// folder given alone, else the snapshot bundled with the generator (the winasync crate's pages).
#[derive(clap::Args)]
struct AbiSource {
    /// Read the ABI from the metadata files in DIR (Windows.Win32.winmd, Windows.winmd) instead of
    /// a snapshot; works for any page.
    #[arg(long, value_name = "DIR")]
    winmd: Option<PathBuf>,
    /// Read the ABI from this snapshot file (by default: the abi.json of a docs folder given
    /// alone, else the snapshot bundled with the generator).
    #[arg(long, value_name = "FILE", conflicts_with = "winmd")]
    abi: Option<PathBuf>,
    /// Do not join the pages with the ABI at all.
    #[arg(long, conflicts_with_all = ["winmd", "abi"])]
    no_abi: bool,
}

impl AbiSource {
    /// How many times a run reads each page: twice when the pages are first joined with the
    /// Windows metadata.
    fn reads(&self) -> usize {
        if self.winmd.is_some() { 2 } else { 1 }
    }

    /// A builder for `paths` with this ABI. Without a flag, a docs folder given alone is checked
    /// against its own `abi.json`, as the Builder's `docs` and `generate` read it (so `check`
    /// says what a build of that folder would); anything else against the bundled snapshot.
    fn builder(&self, paths: &[PathBuf]) -> Builder {
        let builder = Builder::new().pages(paths);
        if self.no_abi {
            builder.no_abi()
        } else if let Some(dir) = &self.winmd {
            builder.winmd(dir)
        } else if let Some(file) = &self.abi {
            builder.abi_snapshot(file)
        } else if let [dir] = paths
            && dir.join(emit::SNAPSHOT).is_file()
        {
            builder.abi_snapshot(dir.join(emit::SNAPSHOT))
        } else {
            builder.bundled_abi()
        }
    }
}

/// The builder's errors: those about the arguments (paths, the ABI source) are usage errors.
fn failure(e: BuildError) -> Result<ExitCode, Failure> {
    match e {
        BuildError::Input(_) | BuildError::Abi { .. } | BuildError::Winmd(_) | BuildError::NoAbi => {
            Err(Failure::Usage(e.to_string()))
        }
        BuildError::Write { source, .. } | BuildError::Output(source) => Err(Failure::Io(source)),
        BuildError::Pages(_) | BuildError::Emit(_) => {
            eprintln!("error: {e}");
            Ok(ExitCode::from(1))
        }
    }
}

/// Parses the pages for what they document and resolves it in the metadata.
/// Also returns, for each page whose API must be in the ABI, its path and name, so that callers
/// can say which did not resolve without parsing the pages again.
fn extract(
    dir: &std::path::Path,
    paths: &[PathBuf],
    supplement: &Supplement,
) -> Result<(AbiSet, Vec<(PathBuf, String)>), Failure> {
    let meta = Metadata::open(dir).map_err(|e| Failure::Usage(e.to_string()))?;
    let mut queries = Vec::new();
    let mut expected = Vec::new();
    let bar = progress_bar(paths.len(), 1);
    corpus::parse_each(paths, |page| {
        bar.inc(1);
        if let Some(item) = &page.item {
            queries.push(abi::query(page.file.path(), item));
            if abi::expects_abi(item.kind) {
                expected.push((page.file.path().to_path_buf(), item.name.clone()));
            }
        }
    });
    bar.finish_and_clear();
    Ok((meta.extract(&queries, supplement), expected))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Check { paths, links, short, abi } => check(&paths, links, short, &abi),
        Command::Inspect { json, paths, abi } => inspect(&paths, json, &abi),
        Command::Abi { winmd, out, supplement, paths } => match winmd.map_or_else(metadata_in_cargo_cache, Ok) {
            Ok(winmd) => write_abi(&winmd, out.as_deref(), supplement.as_deref(), &paths),
            Err(e) => Err(e),
        },
        Command::Generate { docs, out, emit } => generate(&docs, out.as_deref(), &emit),
    };
    match result {
        Ok(code) => code,
        Err(Failure::Usage(message)) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
        Err(Failure::Io(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(Failure::Io(e)) => {
            eprintln!("error: cannot write output: {e}");
            ExitCode::from(1)
        }
    }
}

enum Failure {
    Usage(String),
    Io(std::io::Error),
}

impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Self {
        Failure::Io(e)
    }
}

fn generate(docs: &std::path::Path, out: Option<&std::path::Path>, emit: &EmitFlags) -> Result<ExitCode, Failure> {
    let (builder, bar) = with_progress(emit.builder().docs(docs).cargo_directives(false), 1);
    let generated = match out {
        Some(path) => builder.write(path),
        None => builder.generate(),
    };
    bar.finish_and_clear();
    let generated = match generated {
        Ok(generated) => generated,
        Err(e) => return failure(e),
    };
    match out {
        Some(path) => {
            for module in &generated.modules {
                eprintln!("{module}");
            }
            eprintln!(
                "wrote {} ({} lines) from {} file(s); {} warning(s) in the pages (`check` lists them)",
                path.display(),
                generated.source.lines().count(),
                generated.inputs.len(),
                generated.report.warnings()
            );
        }
        None => std::io::stdout().lock().write_all(generated.source.as_bytes())?,
    }
    Ok(ExitCode::SUCCESS)
}

fn collect(paths: &[PathBuf]) -> Result<Vec<PathBuf>, Failure> {
    corpus::collect(paths).map_err(|e| Failure::Usage(e.to_string()))
}

fn check(paths: &[PathBuf], list_links: bool, short: bool, source: &AbiSource) -> Result<ExitCode, Failure> {
    let (builder, bar) = with_progress(source.builder(paths), source.reads());
    let stderr = std::io::stderr();
    let mut err = BufWriter::new(stderr.lock());
    let mut io = Ok(());
    let result = builder.check_each(list_links, |page, diagnostics| {
        for d in diagnostics {
            let text = if short { d.one_line(&page.file) + "\n" } else { d.render(&page.file) };
            if io.is_ok() {
                io = err.write_all(text.as_bytes());
            }
        }
        // Under a progress bar, each page's findings are written out while the bar is cleared.
        if !bar.is_hidden() && !diagnostics.is_empty() && io.is_ok() {
            io = bar.suspend(|| err.flush());
        }
    });
    bar.finish_and_clear();
    let summary = match result {
        Ok(summary) => summary,
        Err(e) => return failure(e),
    };
    io?;
    for finding in &summary.set_findings {
        let (file, d) = finding.to_diagnostic();
        let text = if short { d.one_line(&file) + "\n" } else { d.render(&file) };
        err.write_all(text.as_bytes())?;
    }
    writeln!(
        err,
        "checked {}; links: {} resolve within these pages, {} point outside them{}",
        summary,
        summary.links.resolved,
        summary.links.outside,
        if list_links { "" } else { " (--links lists them)" }
    )?;
    err.flush()?;
    Ok(exit_code(summary.errors))
}

/// Runs over fewer pages than this are quick: they get no progress bar.
const LONG_RUN: usize = 500;

/// A progress bar on stderr for a run that reads many pages, shown only when stderr is a
/// terminal; a hidden bar (every call a no-op) otherwise. `reads`: how many times the run
/// reads each page (twice when it first joins them with the Windows metadata).
fn progress_bar(pages: usize, reads: usize) -> ProgressBar {
    if pages < LONG_RUN || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let style = ProgressStyle::with_template("{elapsed:>4} [{bar:40}] {human_pos}/{human_len} pages")
        .map(|s| s.progress_chars("=> "))
        .unwrap_or_else(|_| ProgressStyle::default_bar());
    ProgressBar::new((pages * reads) as u64).with_style(style)
}

/// The builder, ticking a progress bar for each page it reads (see [`progress_bar`]).
fn with_progress(builder: Builder, reads: usize) -> (Builder, ProgressBar) {
    let pages = builder.page_files().map_or(0, |p| p.len());
    let bar = progress_bar(pages, reads);
    if bar.is_hidden() {
        return (builder, bar);
    }
    let tick = bar.clone();
    (builder.on_page(move |_| tick.inc(1)), bar)
}

fn exit_code(errors: usize) -> ExitCode {
    if errors > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS }
}

fn inspect(paths: &[PathBuf], as_json: bool, source: &AbiSource) -> Result<ExitCode, Failure> {
    let (builder, bar) = with_progress(source.builder(paths), source.reads());
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    if as_json {
        let written = json::write_inspect(&builder, &mut out);
        bar.finish_and_clear();
        let summary = match written {
            Ok(summary) => summary,
            Err(e) => return failure(e),
        };
        out.flush()?;
        return Ok(exit_code(summary.errors));
    }
    let mut items = Vec::new();
    let checked = builder.check_each(false, |page, _| items.extend(page.item.clone()));
    bar.finish_and_clear();
    let summary = match checked {
        Ok(summary) => summary,
        Err(e) => return failure(e),
    };
    for item in &items {
        writeln!(
            out,
            "{:<40} {:<9} {:<14} {:>3} field(s)  {}",
            item.name,
            item.kind.as_str(),
            item.header.as_deref().unwrap_or("-"),
            item.fields.len(),
            item.source
        )?;
    }
    writeln!(out, "{} error(s), {} warning(s); `check` shows them", summary.errors, summary.warnings)?;
    out.flush()?;
    Ok(exit_code(summary.errors))
}

/// The metadata folder in cargo's cache (`abi` without `--winmd`), saying what it does, since
/// cargo may download the crate first.
fn metadata_in_cargo_cache() -> Result<PathBuf, Failure> {
    let (name, version) = winmd::METADATA_CRATE;
    eprintln!(
        "abi: finding {name} {version} (the Windows metadata files) in cargo's cache; cargo fetches it if needed"
    );
    let dir = winmd::metadata_in_cargo_cache().map_err(Failure::Usage)?;
    eprintln!("abi: the metadata is in {}", dir.display());
    Ok(dir)
}

fn write_abi(
    winmd: &std::path::Path,
    out: Option<&std::path::Path>,
    supplement: Option<&std::path::Path>,
    paths: &[PathBuf],
) -> Result<ExitCode, Failure> {
    let paths = collect(paths)?;
    let supplement = match supplement {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| Failure::Usage(format!("cannot read {}: {e}", path.display())))?;
            Supplement::from_json(&text)
                .map_err(|e| Failure::Usage(format!("{} is not an ABI supplement: {e}", path.display())))?
        }
        None => Supplement::default(),
    };
    let (set, expected) = extract(winmd, &paths, &supplement)?;
    let text = set.to_json();
    let mut unresolved = 0;
    for (path, name) in &expected {
        if set.root_of(&abi::stem(path)).is_none() {
            unresolved += 1;
            eprintln!("warning: {}: `{name}` is not in the metadata", path.display());
        }
    }
    match out {
        Some(path) => write_atomically(path, text.as_bytes())?,
        None => std::io::stdout().lock().write_all(text.as_bytes())?,
    }
    eprintln!(
        "{} page(s) resolved, {} not; {} type(s), {} constant(s) in the closure",
        set.roots.len(),
        unresolved,
        set.types.len(),
        set.constants.len()
    );
    Ok(ExitCode::SUCCESS)
}

fn write_atomically(path: &std::path::Path, bytes: &[u8]) -> Result<(), Failure> {
    winasync_codegen::write::write_if_changed(path, bytes)?;
    Ok(())
}
