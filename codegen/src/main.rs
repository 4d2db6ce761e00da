//! `winasync-codegen`: check sdk-api pages and show what was recovered from them.
//!
//! Exit status: 0 when no page has an error (warnings allowed), 1 when one does, 2 on a usage
//! error (bad arguments, a path that does not exist, a folder without pages).

use clap::{Parser, Subcommand};
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use winasync_codegen::abi::types::Supplement;
use winasync_codegen::abi::winmd::Metadata;
use winasync_codegen::abi::{self, AbiSet};
use winasync_codegen::corpus::{self, SetCheck, SetFinding};
use winasync_codegen::{Diagnostic, Page, Severity, json};

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
        /// The folder with the metadata files (windows-bindgen 0.58's `default/` folder).
        #[arg(long, value_name = "DIR", required = true)]
        winmd: PathBuf,
        /// Where to write the snapshot (atomically); stdout when not given.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// Definitions that replace the metadata's (a JSON list of snapshot types, each with a
        /// `note` saying why); codegen/abi-supplement.json is the project's.
        #[arg(long, value_name = "FILE")]
        supplement: Option<PathBuf>,
        /// Page files (any extension) or folders (searched for `*.md`).
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// Write the Rust source of the `winasync` crate, as `cargo build` generates it, for review.
    Generate {
        /// The docs folder: its `*.md` pages and its `abi.json` snapshot.
        #[arg(default_value = "docs-src")]
        docs: PathBuf,
        /// Where to write the source (atomically); stdout when not given.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
}

/// Where the ABI the pages are joined with comes from.
#[derive(clap::Args)]
struct AbiSource {
    /// Read the ABI from the metadata files in DIR (Windows.Win32.winmd, Windows.winmd) instead of
    /// the bundled snapshot; works for any page, not only the bundled ones.
    #[arg(long, value_name = "DIR")]
    winmd: Option<PathBuf>,
    /// Read the ABI from this snapshot file instead of the bundled one.
    #[arg(long, value_name = "FILE", conflicts_with = "winmd")]
    abi: Option<PathBuf>,
    /// Do not join the pages with the ABI at all.
    #[arg(long, conflicts_with_all = ["winmd", "abi"])]
    no_abi: bool,
}

/// The ABI set to join with, and whether it was made for exactly these pages.
struct Joined {
    set: AbiSet,
    complete: bool,
}

impl Joined {
    /// The page against the ABI, and its status table against the payload mapping.
    fn diagnostics(joined: Option<&Joined>, page: &Page) -> Vec<Diagnostic> {
        let Some(j) = joined else { return Vec::new() };
        let mut found = abi::check_page(page, &j.set, j.complete);
        found.extend(winasync_codegen::payloads::check_page(page, &j.set));
        found
    }
}

fn load_abi(source: &AbiSource, paths: &[PathBuf]) -> Result<Option<Joined>, Failure> {
    if source.no_abi {
        return Ok(None);
    }
    if let Some(dir) = &source.winmd {
        return Ok(Some(Joined { set: extract(dir, paths, &Supplement::default())?.0, complete: true }));
    }
    let (text, origin) = match &source.abi {
        Some(file) => (
            std::fs::read_to_string(file)
                .map_err(|e| Failure::Usage(format!("cannot read {}: {e}", file.display())))?,
            file.display().to_string(),
        ),
        None => (abi::BUNDLED.to_string(), "the bundled snapshot (docs-src/abi.json)".to_string()),
    };
    let set = AbiSet::from_json(&text).map_err(|e| {
        Failure::Usage(format!("{origin} is not an ABI snapshot: {e}; regenerate it with `winasync-codegen abi`"))
    })?;
    Ok(Some(Joined { set, complete: false }))
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
    corpus::parse_each(paths, |page| {
        if let Some(item) = &page.item {
            queries.push(abi::query(page.file.path(), item));
            if abi::expects_abi(item.kind) {
                expected.push((page.file.path().to_path_buf(), item.name.clone()));
            }
        }
    });
    Ok((meta.extract(&queries, supplement), expected))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Check { paths, links, short, abi } => check(&paths, links, short, &abi),
        Command::Inspect { json, paths, abi } => inspect(&paths, json, &abi),
        Command::Abi { winmd, out, supplement, paths } => {
            write_abi(&winmd, out.as_deref(), supplement.as_deref(), &paths)
        }
        Command::Generate { docs, out } => generate(&docs, out.as_deref()),
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

#[derive(Default)]
struct Tally {
    pages: usize,
    items: usize,
    errors: usize,
    warnings: usize,
}

impl Tally {
    fn count(&mut self, severity: Severity) {
        match severity {
            Severity::Error => self.errors += 1,
            Severity::Warning => self.warnings += 1,
            Severity::Note => {}
        }
    }

    fn exit_code(&self) -> ExitCode {
        if self.errors > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS }
    }
}

fn generate(docs: &std::path::Path, out: Option<&std::path::Path>) -> Result<ExitCode, Failure> {
    use winasync_codegen::emit::{self, EmitError};
    let generated = match emit::generate(docs) {
        Ok(generated) => generated,
        Err(e @ (EmitError::Input(_) | EmitError::Abi { .. })) => return Err(Failure::Usage(e.to_string())),
        Err(e) => {
            eprintln!("error: {e}");
            return Ok(ExitCode::from(1));
        }
    };
    match out {
        Some(path) => {
            let written = winasync_codegen::write::write_if_changed(path, generated.source.as_bytes())?;
            for module in &generated.modules {
                eprintln!("{module}");
            }
            eprintln!(
                "{} {} ({} lines) from {} file(s); {} warning(s) in the pages (`check` lists them)",
                if written { "wrote" } else { "unchanged:" },
                path.display(),
                generated.source.lines().count(),
                generated.inputs.len(),
                generated.warnings
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
    let paths = collect(paths)?;
    let joined = load_abi(source, &paths)?;
    let mut tally = Tally::default();
    let mut set = SetCheck::default();
    let stderr = std::io::stderr();
    let mut err = BufWriter::new(stderr.lock());
    let mut io = Ok(());
    corpus::parse_each(&paths, |page| {
        tally.pages += 1;
        tally.items += usize::from(page.item.is_some());
        let drift = Joined::diagnostics(joined.as_ref(), &page);
        for d in page.diagnostics.iter().chain(&drift) {
            tally.count(d.severity);
            let text = if short { d.one_line(&page.file) + "\n" } else { d.render(&page.file) };
            if io.is_ok() {
                io = err.write_all(text.as_bytes());
            }
        }
        set.add(&page);
    });
    io?;
    let mut report = |finding: SetFinding, tally: &mut Tally| -> std::io::Result<()> {
        tally.count(finding.severity);
        let (file, d) = finding.to_diagnostic();
        let text = if short { d.one_line(&file) + "\n" } else { d.render(&file) };
        err.write_all(text.as_bytes())
    };
    for finding in set.duplicate_apis() {
        report(finding, &mut tally)?;
    }
    if list_links {
        for finding in set.unresolved_links() {
            report(finding, &mut tally)?;
        }
    }
    let links = set.link_counts();
    writeln!(
        err,
        "checked {} page(s): {} API(s), {} error(s), {} warning(s); links: {} resolve within these pages, {} point outside them{}",
        tally.pages,
        tally.items,
        tally.errors,
        tally.warnings,
        links.resolved,
        links.outside,
        if list_links { "" } else { " (--links lists them)" }
    )?;
    err.flush()?;
    Ok(tally.exit_code())
}

fn inspect(paths: &[PathBuf], as_json: bool, source: &AbiSource) -> Result<ExitCode, Failure> {
    let paths = collect(paths)?;
    let joined = load_abi(source, &paths)?;
    let mut tally = Tally::default();
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut io: std::io::Result<()> = Ok(());
    let emit = |out: &mut BufWriter<_>, first: &mut bool, value: &serde_json::Value| -> std::io::Result<()> {
        out.write_all(if *first { b"\n" } else { b",\n" })?;
        *first = false;
        serde_json::to_writer(out, value).map_err(std::io::Error::other)
    };

    // Pass 1 builds the link index and streams the diagnostics; the pages are dropped. The
    // diagnostics come first in the JSON so that nothing is held until the end.
    let mut set = SetCheck::default();
    let mut first = true;
    if as_json {
        io = out.write_all(b"{\"diagnostics\":[");
    }
    corpus::parse_each(&paths, |page| {
        let drift = Joined::diagnostics(joined.as_ref(), &page);
        for d in page.diagnostics.iter().chain(&drift) {
            tally.count(d.severity);
            if as_json && io.is_ok() {
                io = emit(&mut out, &mut first, &json::diagnostic(page.file.path(), d));
            }
        }
        set.add(&page);
    });
    std::mem::replace(&mut io, Ok(()))?;
    for f in set.duplicate_apis() {
        tally.count(f.severity);
        if as_json {
            emit(&mut out, &mut first, &json::set_finding(&f))?;
        }
    }

    // Pass 2 parses again and streams the items, links resolved against the whole set.
    if as_json {
        out.write_all(b"\n],\"items\":[")?;
    }
    let mut first = true;
    corpus::parse_each(&paths, |page| {
        let Some(item) = &page.item else { return };
        if io.is_err() {
            return;
        }
        let root = joined.as_ref().and_then(|j| j.set.root_of(&abi::stem(page.file.path())).map(|r| (&j.set, r)));
        io = if as_json {
            let mut result = emit(&mut out, &mut first, &json::item(item, set.index(), root));
            for nested in root.map(|(set, r)| json::nested_items(item, set, r)).unwrap_or_default() {
                if result.is_ok() {
                    result = emit(&mut out, &mut first, &nested);
                }
            }
            result
        } else {
            writeln!(
                out,
                "{:<40} {:<9} {:<14} {:>3} field(s)  {}",
                item.name,
                item.kind.as_str(),
                item.header.as_deref().unwrap_or("-"),
                item.fields.len(),
                item.source
            )
        };
    });
    io?;
    if as_json {
        out.write_all(b"\n]}\n")?;
    } else {
        writeln!(out, "{} error(s), {} warning(s); `check` shows them", tally.errors, tally.warnings)?;
    }
    out.flush()?;
    Ok(tally.exit_code())
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
