//! `winasync-codegen`: check sdk-api pages and show what was recovered from them.
//!
//! Exit status: 0 when no page has an error (warnings allowed), 1 when one does, 2 on a usage
//! error (bad arguments, a path that does not exist, a folder without pages).

use clap::{Parser, Subcommand};
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use winasync_codegen::Severity;
use winasync_codegen::corpus::{self, SetCheck, SetFinding};
use winasync_codegen::json;

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
    },
    /// Print the model recovered from the pages.
    Inspect {
        /// Print JSON: `{"diagnostics": [...], "items": [...]}`.
        #[arg(long)]
        json: bool,
        /// Page files (any extension) or folders (searched for `*.md`).
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Check { paths, links, short } => check(&paths, links, short),
        Command::Inspect { json, paths } => inspect(&paths, json),
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

fn collect(paths: &[PathBuf]) -> Result<Vec<PathBuf>, Failure> {
    corpus::collect(paths).map_err(|e| Failure::Usage(e.to_string()))
}

fn check(paths: &[PathBuf], list_links: bool, short: bool) -> Result<ExitCode, Failure> {
    let paths = collect(paths)?;
    let mut tally = Tally::default();
    let mut set = SetCheck::default();
    let stderr = std::io::stderr();
    let mut err = BufWriter::new(stderr.lock());
    let mut io = Ok(());
    corpus::parse_each(&paths, |page| {
        tally.pages += 1;
        tally.items += usize::from(page.item.is_some());
        for d in &page.diagnostics {
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

fn inspect(paths: &[PathBuf], as_json: bool) -> Result<ExitCode, Failure> {
    let paths = collect(paths)?;
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
        for d in &page.diagnostics {
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
        io = if as_json {
            emit(&mut out, &mut first, &json::item(item, set.index()))
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
