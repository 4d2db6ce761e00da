//! A set of pages: finding them, parsing them in parallel, and the checks that need the whole
//! set (two pages for one API, links between pages).
//!
//! Pages are independent, so they are parsed on all cores; results are handed to the caller in
//! path order, a bounded batch at a time, so output is deterministic and memory stays flat no
//! matter how many pages there are.

use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::read::links::LinkIndex;
use crate::read::page::{self, Page};
use crate::read::source::{Pos, SourceFile, Span};
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Pages parsed in parallel before the caller sees them in order.
const BATCH: usize = 512;

#[derive(Debug, thiserror::Error)]
pub enum InputError {
    #[error("no such file or folder: {0}")]
    Missing(PathBuf),
    #[error("cannot list {path}: {source}")]
    Walk { path: PathBuf, source: walkdir::Error },
    #[error("no `.md` pages under {0}")]
    Empty(PathBuf),
}

/// The pages named by `inputs`: files as given (any extension), folders walked for `*.md`.
/// Sorted and without repeats, so every run sees the same order.
pub fn collect(inputs: &[PathBuf]) -> Result<Vec<PathBuf>, InputError> {
    let mut paths = Vec::new();
    for input in inputs {
        if input.is_file() {
            paths.push(input.clone());
        } else if input.is_dir() {
            let before = paths.len();
            for entry in walkdir::WalkDir::new(input).sort_by_file_name() {
                let entry = entry.map_err(|source| InputError::Walk { path: input.clone(), source })?;
                if entry.file_type().is_file() && entry.path().extension().is_some_and(|e| e.eq_ignore_ascii_case("md"))
                {
                    paths.push(entry.into_path());
                }
            }
            if paths.len() == before {
                return Err(InputError::Empty(input.clone()));
            }
        } else {
            return Err(InputError::Missing(input.clone()));
        }
    }
    paths.sort();
    // `a/x.md` and `./a/x.md` are one page: keep the first spelling of each file. One input
    // cannot name a file twice (the walk does not follow links), and resolving every path is a
    // system call per folder of it: 20,000 pages spend 3% of `check` there.
    if inputs.len() > 1 {
        let mut seen = std::collections::HashSet::new();
        paths.retain(|p| seen.insert(std::fs::canonicalize(p).unwrap_or_else(|_| p.clone())));
    }
    Ok(paths)
}

/// Reads and parses one page; an unreadable or non-UTF-8 file is a page with an error.
pub fn parse_path(path: &Path) -> Page {
    match std::fs::read(path) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => page::parse(SourceFile::new(path, text)),
            Err(e) => {
                let at = e.utf8_error().valid_up_to();
                let lossy = String::from_utf8_lossy(e.as_bytes()).into_owned();
                let file = SourceFile::new(path, lossy);
                let d = Diagnostic::error(
                    &file,
                    Code::UnreadableFile,
                    at..at + 1,
                    format!("page is not UTF-8 (invalid byte at offset {at})"),
                )
                .with_help("re-save the page as UTF-8");
                Page { file, item: None, diagnostics: vec![d] }
            }
        },
        Err(e) => {
            let file = SourceFile::new(path, String::new());
            let d = Diagnostic::error(&file, Code::UnreadableFile, 0..0, format!("cannot read page: {e}"))
                .with_help("check that the file exists and is readable");
            Page { file, item: None, diagnostics: vec![d] }
        }
    }
}

/// Parses `paths` on all cores and hands each page to `sink` in path order.
pub fn parse_each(paths: &[PathBuf], sink: impl FnMut(Page)) {
    parse_each_then(paths, |page| page, sink);
}

/// Parses `paths` and runs `then` on each page, both on all cores, and hands the results to
/// `sink` in path order: the per-page work a caller has beyond parsing (checking a page against
/// the ABI) runs in parallel too, and only what needs the whole set runs in order.
///
/// The batches are read on a thread of their own while the caller's thread hands the previous
/// batch to `sink`: the pool is not idle while the sink (which may hold what cannot leave its
/// thread, a locked stderr) works through a batch. So `sink` runs beside the pool's threads:
/// with `RAYON_NUM_THREADS=1` a run may still use two cores. Called from a thread of a rayon pool
/// (a benchmark's `install`, a caller's `par_iter`), the batches are read and handed over in
/// turn instead: waiting there for the pool could wait for this very thread.
pub fn parse_each_then<T: Send>(paths: &[PathBuf], then: impl Fn(Page) -> T + Sync, mut sink: impl FnMut(T)) {
    if paths.len() <= BATCH || rayon::current_thread_index().is_some() {
        for batch in paths.chunks(BATCH) {
            let done: Vec<T> = batch.par_iter().map(|p| then(parse_path(p))).collect();
            done.into_iter().for_each(&mut sink);
        }
        return;
    }
    // One batch ahead: the reader waits when the sink falls behind, so memory stays bounded.
    let (send, receive) = std::sync::mpsc::sync_channel::<Vec<T>>(1);
    std::thread::scope(|scope| {
        let then = &then;
        scope.spawn(move || {
            for batch in paths.chunks(BATCH) {
                let done: Vec<T> = batch.par_iter().map(|p| then(parse_path(p))).collect();
                if send.send(done).is_err() {
                    return;
                }
            }
        });
        for done in receive {
            done.into_iter().for_each(&mut sink);
        }
    });
}

/// What the set-wide checks keep of a page once it has been reported: a few strings, not
/// the page, and so positions as line and column, worked out while the page was at hand.
#[derive(Debug)]
struct Summary {
    path: PathBuf,
    name: String,
    pos: Pos,
    links: Vec<(String, Pos)>,
}

/// The set-wide checks, fed one page at a time.
#[derive(Debug, Default)]
pub struct SetCheck {
    index: LinkIndex,
    by_name: HashMap<String, usize>,
    pages: Vec<Summary>,
    duplicates: Vec<(usize, usize)>,
}

/// A set-wide finding, about a page that has already been dropped; it is rendered by reading
/// that page again.
#[derive(Debug)]
pub struct SetFinding {
    pub path: PathBuf,
    pub severity: Severity,
    pub code: Code,
    pub pos: Pos,
    pub message: String,
    pub help: String,
}

impl SetFinding {
    /// The finding as a diagnostic on its page, read again from disk for the snippet (an
    /// unreadable page gives an empty snippet, not a lost finding).
    pub fn to_diagnostic(&self) -> (SourceFile, Diagnostic) {
        let text = std::fs::read_to_string(&self.path).unwrap_or_default();
        let file = SourceFile::new(&self.path, text);
        let start = file.offset_at(self.pos);
        let end = file.line_range(self.pos.line as usize).end.max(start);
        let d = Diagnostic::new(&file, self.severity, self.code, start..end, self.message.clone())
            .with_help(self.help.clone());
        (file, d)
    }
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct LinkCounts {
    pub resolved: usize,
    pub outside: usize,
}

impl SetCheck {
    pub fn add(&mut self, page: &Page) {
        let Some(item) = &page.item else { return };
        let idx = self.pages.len();
        self.index.insert(page.file.path(), item);
        match self.by_name.get(&item.name) {
            Some(&first) => self.duplicates.push((first, idx)),
            None => {
                self.by_name.insert(item.name.clone(), idx);
            }
        }
        let pos = |span: Span| page.file.pos(span.start);
        let links = page::links(item).map(|l| (l.href.clone(), pos(l.span))).collect();
        self.pages.push(Summary {
            path: page.file.path().to_path_buf(),
            name: item.name.clone(),
            pos: pos(item.span),
            links,
        });
    }

    pub fn index(&self) -> &LinkIndex {
        &self.index
    }

    /// Two pages that document the same API.
    pub fn duplicate_apis(&self) -> Vec<SetFinding> {
        self.duplicates
            .iter()
            .map(|&(first, second)| {
                let (a, b) = (&self.pages[first], &self.pages[second]);
                SetFinding {
                    path: b.path.clone(),
                    severity: Severity::Error,
                    code: Code::DuplicateApi,
                    pos: b.pos,
                    message: format!("`{}` is also documented by {}:{}", b.name, a.path.display(), a.pos.line),
                    help: "keep one page per API: remove or rename one of the two, or check them separately".into(),
                }
            })
            .collect()
    }

    /// Links whose target is not in the set, as notes (most point to pages outside it).
    pub fn unresolved_links(&self) -> Vec<SetFinding> {
        self.pages
            .iter()
            .flat_map(|p| {
                p.links
                    .iter()
                    .filter(|(href, _)| {
                        crate::read::links::link_key(href).is_some() && self.index.resolve(href).is_none()
                    })
                    .map(|(href, pos)| SetFinding {
                        path: p.path.clone(),
                        severity: Severity::Note,
                        code: Code::UnresolvedLink,
                        pos: *pos,
                        message: format!("link to `{href}` does not resolve to a page of this set"),
                        help: "it stays an external link; add its page to the set to make it an intra-doc link".into(),
                    })
            })
            .collect()
    }

    pub fn link_counts(&self) -> LinkCounts {
        let mut counts = LinkCounts::default();
        for (href, _) in self.pages.iter().flat_map(|p| &p.links) {
            if self.index.resolve(href).is_some() {
                counts.resolved += 1;
            } else {
                counts.outside += 1;
            }
        }
        counts
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// More pages than one batch, from a thread outside the pool (the pipelined path) and from
    /// inside one (batches in turn): every page reaches the sink once, in path order.
    #[test]
    fn pages_reach_the_sink_in_path_order_either_way() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let paths: Vec<PathBuf> = (0..BATCH * 2 + 7)
            .map(|i| {
                let path = dir.path().join(format!("p{i:05}.md"));
                std::fs::write(&path, format!("---\nUID: NS:t.P{i}\ntitle: P{i} structure\n---\n# P{i} structure\n"))
                    .expect("a page is written");
                path
            })
            .collect();
        let read = |paths: &[PathBuf]| {
            let mut seen = Vec::new();
            parse_each_then(paths, |page| page.file.path().to_path_buf(), |path| seen.push(path));
            seen
        };
        assert_eq!(read(&paths), paths);
        let pool = rayon::ThreadPoolBuilder::new().num_threads(1).build().expect("a pool");
        assert_eq!(pool.install(|| read(&paths)), paths);
    }

    #[test]
    fn a_file_named_twice_is_one_page() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let sub = dir.path().join("sub");
        std::fs::create_dir(&sub).expect("a folder");
        for name in ["a.md", "b.md"] {
            std::fs::write(sub.join(name), "# A structure\n").expect("a page is written");
        }
        let one = collect(std::slice::from_ref(&sub)).expect("pages");
        assert_eq!(one, [sub.join("a.md"), sub.join("b.md")]);
        // The folder, one of its pages again, and the folder by another spelling.
        let again = [sub.clone(), sub.join("a.md"), sub.join("..").join("sub")];
        let names = |paths: Vec<PathBuf>| paths.iter().map(|p| p.file_name().map(|n| n.to_owned())).collect::<Vec<_>>();
        assert_eq!(names(collect(&again).expect("pages")), names(one));
    }
}
