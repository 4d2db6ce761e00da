//! The one driver, for build scripts and for the CLI: which pages, which ABI, which options; then
//! check them, or generate Rust from them.
//!
//! ```no_run
//! // build.rs of a crate that depends on `winasync` and build-depends on `winasync-codegen`
//! let out = std::path::PathBuf::from(std::env::var_os("OUT_DIR").unwrap()).join("bindings.rs");
//! winasync_codegen::Builder::new()
//!     .docs("pages") // sdk-api pages and their ABI snapshot, `pages/abi.json`
//!     .write(&out) // prints cargo::rerun-if-changed (and, on failure, cargo::error) lines
//!     .unwrap();
//! // src/lib.rs: include!(concat!(env!("OUT_DIR"), "/bindings.rs"));
//! ```
//!
//! In: pages (files or folders), an ABI set (a snapshot file, the bundled one, none, or, with the
//! `winmd` feature, the Windows metadata itself), [`Options`]. Out: every page with its
//! diagnostics (parse, docs against the ABI, status payloads) as data, the set-wide findings, and
//! the source. Pages are parsed in parallel and handed on in path order, so the output is the
//! same on every run.

use crate::abi::{self, AbiSet, Coverage};
use crate::diagnostic::{Diagnostic, Severity};
use crate::emit::catalog::DocPage;
use crate::emit::{self, EmitError, ModuleLayout, ModuleSummary, Options};
use crate::read::corpus::{self, InputError, LinkCounts, SetCheck, SetFinding};
use crate::read::page::Page;
use crate::read::source::SourceFile;
use std::collections::BTreeSet;
use std::fmt;
use std::path::{Path, PathBuf};
use thiserror::Error;

/// Where the ABI the pages are joined with comes from.
#[derive(Debug, Clone)]
enum AbiSource {
    /// A snapshot file (`abi.json`, as the `abi` command writes it).
    Snapshot(PathBuf),
    /// The snapshot built into the generator (the async-result family's).
    Bundled,
    /// No ABI: pages are checked on their own, and nothing can be generated.
    None,
    /// The Windows metadata files in a folder: any page, resolved on the spot.
    #[cfg(feature = "winmd")]
    Winmd(PathBuf),
}

/// The driver. Each setter takes and returns the builder.
#[derive(Debug, Clone)]
pub struct Builder {
    inputs: Vec<PathBuf>,
    abi: AbiSource,
    options: Options,
    cargo: Option<bool>,
    progress: Progress,
}

/// What [`Builder::on_page`] calls: once for each page read, in page order.
#[derive(Clone, Default)]
struct Progress(Option<std::sync::Arc<OnPage>>);

type OnPage = dyn Fn(&Path) + Send + Sync;

impl Progress {
    fn page(&self, path: &Path) {
        if let Some(f) = &self.0 {
            f(path);
        }
    }
}

impl std::fmt::Debug for Progress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.is_some() { "Progress(callback)" } else { "Progress(none)" })
    }
}

impl Default for Builder {
    fn default() -> Self {
        Builder::new()
    }
}

/// What went wrong, as data; `Display` renders it (the pages' errors as rustc-style snippets).
#[derive(Debug, Error)]
pub enum Error {
    /// A path that does not exist, a folder without pages, no pages given.
    #[error(transparent)]
    Input(#[from] InputError),
    /// The ABI snapshot cannot be read, or is not one.
    #[error("{}: {message}; make it with `winasync-codegen abi --out {} PAGES`", path.display(), path.display())]
    Abi { path: PathBuf, message: String },
    /// The Windows metadata cannot be read.
    #[cfg(feature = "winmd")]
    #[error(transparent)]
    Winmd(#[from] crate::abi::winmd::WinmdError),
    /// Pages with errors: nothing is generated from a set with a broken page.
    #[error("{}", .0.render_errors())]
    Pages(Report),
    /// The pages and the ABI cannot be turned into Rust (a generator limit, with its reason).
    #[error(transparent)]
    Emit(#[from] EmitError),
    /// Generating needs an ABI.
    #[error("generating needs an ABI: give a snapshot (`abi_snapshot`, or `docs` with an abi.json)")]
    NoAbi,
    #[error("cannot write {}: {source}", path.display())]
    Write { path: PathBuf, source: std::io::Error },
    /// A report could not be written to the writer it was given.
    #[error("cannot write the output: {0}")]
    Output(std::io::Error),
}

/// One diagnostic with the page it is about.
#[derive(Debug, Clone)]
pub struct Finding {
    pub file: std::sync::Arc<SourceFile>,
    pub diagnostic: Diagnostic,
}

/// The diagnostics of a run, as data.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// In page order, then the set-wide ones.
    pub findings: Vec<Finding>,
    pub pages: usize,
    /// Pages that yielded an API.
    pub items: usize,
    pub links: LinkCounts,
}

impl Report {
    pub fn count(&self, severity: Severity) -> usize {
        self.findings.iter().filter(|f| f.diagnostic.severity == severity).count()
    }

    pub fn errors(&self) -> usize {
        self.count(Severity::Error)
    }

    pub fn warnings(&self) -> usize {
        self.count(Severity::Warning)
    }

    pub fn has_errors(&self) -> bool {
        self.errors() > 0
    }

    /// Every finding, rustc-style (`short`: one `file:line:col: severity[code]: message` line each).
    pub fn render(&self, short: bool) -> String {
        self.findings.iter().map(|f| render_one(f, short)).collect()
    }

    /// The errors, rendered, with a line saying how many.
    pub fn render_errors(&self) -> String {
        let mut out: String = self
            .findings
            .iter()
            .filter(|f| f.diagnostic.severity == Severity::Error)
            .map(|f| render_one(f, false))
            .collect();
        out.push_str(&format!(
            "{} error(s) in the pages; fix them and build again (`winasync-codegen check <the docs folder>` lists every finding)",
            self.errors()
        ));
        out
    }
}

fn render_one(f: &Finding, short: bool) -> String {
    if short { f.diagnostic.one_line(&f.file) + "\n" } else { f.diagnostic.render(&f.file) }
}

/// What [`Builder::check_each`] found beyond the pages it handed on.
#[derive(Debug, Default)]
pub struct Summary {
    pub pages: usize,
    pub items: usize,
    pub errors: usize,
    pub warnings: usize,
    /// Duplicate APIs (errors) and, when asked for, links out of the set (notes).
    pub set_findings: Vec<SetFinding>,
    pub links: LinkCounts,
}

/// The generated source and what it was made from.
#[derive(Debug)]
pub struct Generated {
    pub source: String,
    /// Every file read: the pages and the ABI snapshot, sorted (for `rerun-if-changed`).
    pub inputs: Vec<PathBuf>,
    /// The pages' warnings (errors stop generation).
    pub report: Report,
    pub modules: Vec<ModuleSummary>,
    /// With module features: each module and those it needs.
    pub features: Vec<(String, Vec<String>)>,
}

impl Generated {
    /// The `[features]` lines for the modules (with module features).
    pub fn features_toml(&self) -> String {
        emit::Rendered { source: String::new(), modules: Vec::new(), features: self.features.clone() }.features_toml()
    }
}

impl Builder {
    /// No pages yet, the bundled ABI, per-header modules, no windows-sys conversions.
    pub fn new() -> Self {
        Builder {
            inputs: Vec::new(),
            abi: AbiSource::Bundled,
            options: Options::default(),
            cargo: None,
            progress: Progress::default(),
        }
    }

    /// The settings the `winasync` crate itself is generated with (its build script, the CLI's
    /// `generate`, and the tests that check its source use this one definition): a cargo feature
    /// per module, and the windows-sys conversions behind its `windows-sys` feature.
    pub fn winasync_crate() -> Self {
        Builder::new().module_features(true).windows_sys_feature(Some("windows-sys"))
    }

    /// Calls `f` with each page's path once the page is read, in page order (a progress bar's
    /// tick). A run that reads the pages twice (joining them with the Windows metadata, then
    /// checking them) calls it twice for each page.
    pub fn on_page(mut self, f: impl Fn(&Path) + Send + Sync + 'static) -> Self {
        self.progress = Progress(Some(std::sync::Arc::new(f)));
        self
    }

    /// A docs folder: its `*.md` pages (searched recursively) and its ABI snapshot `abi.json`.
    pub fn docs(mut self, dir: impl AsRef<Path>) -> Self {
        let dir = dir.as_ref();
        self.inputs.push(dir.to_path_buf());
        self.abi = AbiSource::Snapshot(dir.join(emit::SNAPSHOT));
        self
    }

    /// A page (any extension) or a folder of `*.md` pages, added to those given before.
    pub fn page(mut self, path: impl AsRef<Path>) -> Self {
        self.inputs.push(path.as_ref().to_path_buf());
        self
    }

    /// Pages or folders, added to those given before.
    pub fn pages<P: AsRef<Path>>(mut self, paths: impl IntoIterator<Item = P>) -> Self {
        self.inputs.extend(paths.into_iter().map(|p| p.as_ref().to_path_buf()));
        self
    }

    /// The ABI from a snapshot file (what `winasync-codegen abi` writes).
    pub fn abi_snapshot(mut self, file: impl AsRef<Path>) -> Self {
        self.abi = AbiSource::Snapshot(file.as_ref().to_path_buf());
        self
    }

    /// The ABI snapshot built into the generator: the async-result family's types.
    pub fn bundled_abi(mut self) -> Self {
        self.abi = AbiSource::Bundled;
        self
    }

    /// No ABI: the pages are checked on their own (nothing can be generated).
    pub fn no_abi(mut self) -> Self {
        self.abi = AbiSource::None;
        self
    }

    /// The ABI straight from the Windows metadata files in `dir` (windows-bindgen 0.58's
    /// `default/`), for any page.
    #[cfg(feature = "winmd")]
    pub fn winmd(mut self, dir: impl AsRef<Path>) -> Self {
        self.abi = AbiSource::Winmd(dir.as_ref().to_path_buf());
        self
    }

    /// One module per header (the default), or every item at the top level.
    pub fn module_layout(mut self, layout: ModuleLayout) -> Self {
        self.options.layout = layout;
        self
    }

    /// Each module behind a cargo feature of its name ([`Generated::features_toml`] gives the
    /// manifest's lines).
    pub fn module_features(mut self, on: bool) -> Self {
        self.options.module_features = on;
        self
    }

    /// Only these APIs (page names, their typedef names, or ABI names) and what they need.
    pub fn allow<S: Into<String>>(mut self, names: impl IntoIterator<Item = S>) -> Self {
        let allow = self.options.allow.get_or_insert_with(BTreeSet::new);
        allow.extend(names.into_iter().map(Into::into));
        self
    }

    /// The cargo feature behind the `From` conversions to and from windows-sys's types (a crate
    /// that declares it, and an optional windows-sys dependency with the namespaces' features);
    /// `None`, the default, leaves them out.
    pub fn windows_sys_feature(mut self, feature: Option<&str>) -> Self {
        self.options.windows_sys_feature = feature.map(str::to_string);
        self
    }

    /// Whether `#[async_result]` is expanded in the output (the default; the output then needs
    /// no proc-macro), or left for the `macros` feature of `winasync` to expand.
    pub fn expand(mut self, on: bool) -> Self {
        self.options.expand = on;
        self
    }

    /// Whether [`Builder::write`] prints cargo's directives; by default, when run by a build
    /// script (`OUT_DIR` is set).
    pub fn cargo_directives(mut self, on: bool) -> Self {
        self.cargo = Some(on);
        self
    }

    /// The emitter's options as set.
    pub fn options(&self) -> &Options {
        &self.options
    }

    /// The page files, found under the inputs (folders are searched for `*.md`), sorted.
    pub fn page_files(&self) -> Result<Vec<PathBuf>, Error> {
        Ok(corpus::collect(&self.inputs)?)
    }

    /// The ABI set, and which pages it was made for (what a page missing from it means).
    pub fn abi_set(&self, pages: &[PathBuf]) -> Result<Option<(AbiSet, Coverage)>, Error> {
        let _ = pages;
        let (text, path, coverage) = match &self.abi {
            AbiSource::None => return Ok(None),
            // A generator built without the repository bundles none: the pages stand alone.
            AbiSource::Bundled if abi::BUNDLED.trim().is_empty() => return Ok(None),
            AbiSource::Bundled => {
                (abi::BUNDLED.to_string(), PathBuf::from("docs-src/abi.json (bundled)"), Coverage::OtherPages)
            }
            AbiSource::Snapshot(path) => {
                let text = std::fs::read_to_string(path).map_err(|e| Error::Abi {
                    path: path.clone(),
                    message: format!("cannot read the ABI snapshot: {e}"),
                })?;
                (text, path.clone(), Coverage::Snapshot(path.clone()))
            }
            #[cfg(feature = "winmd")]
            AbiSource::Winmd(dir) => {
                let meta = crate::abi::winmd::Metadata::open(dir)?;
                let mut queries = Vec::new();
                corpus::parse_each(pages, |page| {
                    self.progress.page(page.file.path());
                    if let Some(item) = &page.item {
                        queries.push(abi::query(page.file.path(), item));
                    }
                });
                return Ok(Some((meta.extract(&queries, &Default::default()), Coverage::ThesePages)));
            }
        };
        let set = AbiSet::from_json(&text)
            .map_err(|e| Error::Abi { path, message: format!("is not an ABI snapshot: {e}") })?;
        Ok(Some((set, coverage)))
    }

    /// Parses every page and checks it: each page, with all its diagnostics (parse, docs
    /// against the ABI, status payloads, in the page's order), goes to `each` in path order as
    /// soon as it is read; then the set-wide findings (duplicate APIs; links out of the set when `links` is true).
    pub fn check_each(&self, links: bool, each: impl FnMut(&Page, &[Diagnostic])) -> Result<Summary, Error> {
        let paths = self.page_files()?;
        let joined = self.abi_set(&paths)?;
        Ok(self.check_joined(&paths, joined.as_ref(), links, each))
    }

    /// [`check_each`](Self::check_each) over pages already listed and joined with their ABI (for
    /// a caller that needs the set too, as `inspect --json` does: the pages are read once).
    pub(crate) fn check_joined(
        &self,
        paths: &[PathBuf],
        joined: Option<&(AbiSet, Coverage)>,
        links: bool,
        mut each: impl FnMut(&Page, &[Diagnostic]),
    ) -> Summary {
        let mut set = SetCheck::default();
        let mut summary = Summary::default();
        corpus::parse_each_then(
            paths,
            |page| {
                let d = diagnostics(&page, joined);
                (page, d)
            },
            |(page, diagnostics)| {
                self.progress.page(page.file.path());
                summary.pages += 1;
                summary.items += usize::from(page.item.is_some());
                for d in &diagnostics {
                    match d.severity {
                        Severity::Error => summary.errors += 1,
                        Severity::Warning => summary.warnings += 1,
                        Severity::Note => {}
                    }
                }
                set.add(&page);
                each(&page, &diagnostics);
            },
        );
        summary.set_findings = set.duplicate_apis();
        if links {
            summary.set_findings.extend(set.unresolved_links());
        }
        for f in &summary.set_findings {
            match f.severity {
                Severity::Error => summary.errors += 1,
                Severity::Warning => summary.warnings += 1,
                Severity::Note => {}
            }
        }
        summary.links = set.link_counts();
        summary
    }

    /// Every diagnostic of the pages, as data.
    pub fn check(&self) -> Result<Report, Error> {
        let mut report = Report::default();
        let summary = self.check_each(false, |page, diagnostics| {
            if !diagnostics.is_empty() {
                let file = std::sync::Arc::new(page.file.clone());
                report
                    .findings
                    .extend(diagnostics.iter().map(|d| Finding { file: file.clone(), diagnostic: d.clone() }));
            }
        })?;
        report.pages = summary.pages;
        report.items = summary.items;
        report.links = summary.links;
        report.findings.extend(summary.set_findings.iter().map(|f| {
            let (file, diagnostic) = f.to_diagnostic();
            Finding { file: std::sync::Arc::new(file), diagnostic }
        }));
        Ok(report)
    }

    /// The Rust source of the pages' types; an error (with every page error, rendered) when a
    /// page has one, or two pages document one API.
    pub fn generate(&self) -> Result<Generated, Error> {
        let paths = self.page_files()?;
        let Some(joined) = self.abi_set(&paths)? else { return Err(Error::NoAbi) };
        let mut report = Report::default();
        let mut pages = Vec::new();
        let mut check = SetCheck::default();
        corpus::parse_each_then(
            &paths,
            |page| {
                let d = diagnostics(&page, Some(&joined));
                (page, d)
            },
            |(page, diagnostics)| {
                self.progress.page(page.file.path());
                report.pages += 1;
                report.items += usize::from(page.item.is_some());
                if !diagnostics.is_empty() {
                    let file = std::sync::Arc::new(page.file.clone());
                    report
                        .findings
                        .extend(diagnostics.into_iter().map(|diagnostic| Finding { file: file.clone(), diagnostic }));
                }
                check.add(&page);
                if let Some(item) = page.item {
                    pages.push(DocPage::new(page.file.path(), item));
                }
            },
        );
        // Two pages for one API: which one's docs would win is arbitrary, so it is an error.
        report.findings.extend(check.duplicate_apis().iter().map(|f| {
            let (file, diagnostic) = f.to_diagnostic();
            Finding { file: std::sync::Arc::new(file), diagnostic }
        }));
        report.links = check.link_counts();
        if report.has_errors() {
            return Err(Error::Pages(report));
        }
        let rendered = emit::render(pages, &joined.0, &self.options)?;
        let mut inputs = paths;
        if let AbiSource::Snapshot(snapshot) = &self.abi {
            inputs.push(snapshot.clone());
        }
        inputs.sort();
        Ok(Generated {
            source: rendered.source,
            inputs,
            report,
            modules: rendered.modules,
            features: rendered.features,
        })
    }

    /// [`Builder::generate`], written to `path` atomically (and only when its bytes change). Run
    /// by a build script, it prints `cargo::rerun-if-changed` for the inputs, and each line of a
    /// failure as `cargo::error`.
    pub fn write(&self, path: impl AsRef<Path>) -> Result<Generated, Error> {
        let path = path.as_ref();
        let cargo = self.cargo.unwrap_or_else(|| std::env::var_os("OUT_DIR").is_some());
        if cargo {
            // The folders too: a page added to or removed from one is a change.
            for input in &self.inputs {
                println!("cargo::rerun-if-changed={}", input.display());
            }
        }
        let result = self.generate().and_then(|generated| {
            crate::write::write_if_changed(path, generated.source.as_bytes())
                .map_err(|source| Error::Write { path: path.to_path_buf(), source })?;
            Ok(generated)
        });
        if cargo {
            match &result {
                Ok(generated) => {
                    for input in &generated.inputs {
                        println!("cargo::rerun-if-changed={}", input.display());
                    }
                    // Warnings do not stop a build, but are not kept from its author: one line
                    // that says how many and where to read them.
                    let warnings = generated.report.warnings();
                    if warnings > 0 {
                        let inputs: Vec<String> = self.inputs.iter().map(|p| p.display().to_string()).collect();
                        println!(
                            "cargo::warning={warnings} warning(s) in the pages; `winasync-codegen check {}` lists them",
                            inputs.join(" ")
                        );
                    }
                }
                Err(e) => {
                    for line in e.to_string().lines() {
                        println!("cargo::error={line}");
                    }
                }
            }
        }
        result
    }
}

/// A page's diagnostics: its own, then against the ABI and the status payload mapping.
fn diagnostics(page: &Page, joined: Option<&(AbiSet, Coverage)>) -> Vec<Diagnostic> {
    let mut all = page.diagnostics.clone();
    if let Some((set, coverage)) = joined {
        all.extend(abi::check_page(page, set, coverage));
        all.extend(crate::payloads::check_page(page, set));
    }
    // In page order, as a reader goes through them; a stable sort, so that the findings at one
    // place keep the order they were found in.
    all.sort_by_key(|d| d.pos);
    all
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} page(s): {} API(s), {} error(s), {} warning(s)",
            self.pages, self.items, self.errors, self.warnings
        )
    }
}
