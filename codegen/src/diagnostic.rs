//! Diagnostics: what a page got wrong, where, and what was assumed or must be done about it.
//!
//! Rendering goes through `codespan-reporting`, so the output reads like rustc's: a header,
//! the `--> file:line:col` pointer, a source snippet and `= help:` notes.

use crate::read::source::{Pos, SourceFile};
use codespan_reporting::diagnostic::{Diagnostic as Report, Label};
use codespan_reporting::files::{self, Files};
use codespan_reporting::term;
use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Note,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        }
    }
}

/// Every kind of finding has a stable code, so tests and users can match on it rather than
/// on message wording.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Code {
    /// The file could not be read or is not UTF-8.
    UnreadableFile,
    /// The page has no `---` front matter block.
    MissingFrontMatter,
    /// The front matter still holds the sdk-api template's placeholder values.
    TemplateFrontMatter,
    /// Two front matter keys stand on one line.
    GluedFrontMatterKeys,
    /// A front matter entry is not valid YAML; it was read as plain text.
    InvalidFrontMatter,
    /// A front matter key appears twice.
    DuplicateFrontMatterKey,
    /// The page has no `# NAME kind` title line.
    MissingTitle,
    /// The sources of the API's name or kind disagree.
    IdentityMismatch,
    /// No source gives the API's name or kind.
    NoIdentity,
    /// A `## -section` this parser does not know.
    UnknownSection,
    /// A heading sits under a section or field it does not belong to.
    MisfiledHeading,
    /// A `#### - NAME` heading documents nothing on the page.
    OrphanHeading,
    /// A field section with no text.
    EmptyField,
    /// The same field or value is documented twice.
    DuplicateEntry,
    /// Two pages document the same API.
    DuplicateApi,
    /// A link whose target is not among the pages checked together.
    UnresolvedLink,
    /// A value given in the docs that is not a number.
    UnparsedValue,
    AbiNotFound,
    /// The ABI snapshot was written without this page.
    StaleAbiSnapshot,
    KindMismatch,
    DocNotInAbi,
    AbiNotDocumented,
    OrderDiffers,
    ValueMismatch,
    StaleName,
    /// No rule reads what a status callback's status carries, and no mapping entry says it.
    PayloadUnknown,
    /// A status's row no longer says what its mapping entry quotes.
    PayloadStale,
    /// HTML nested too deep to build a tree of; read as text.
    DeepHtml,
}

impl Code {
    pub fn as_str(self) -> &'static str {
        match self {
            Code::UnreadableFile => "unreadable-file",
            Code::MissingFrontMatter => "missing-front-matter",
            Code::TemplateFrontMatter => "template-front-matter",
            Code::GluedFrontMatterKeys => "glued-front-matter-keys",
            Code::InvalidFrontMatter => "invalid-front-matter",
            Code::DuplicateFrontMatterKey => "duplicate-front-matter-key",
            Code::MissingTitle => "missing-title",
            Code::IdentityMismatch => "identity-mismatch",
            Code::NoIdentity => "no-identity",
            Code::UnknownSection => "unknown-section",
            Code::MisfiledHeading => "misfiled-heading",
            Code::OrphanHeading => "orphan-heading",
            Code::EmptyField => "empty-field",
            Code::DuplicateEntry => "duplicate-entry",
            Code::DuplicateApi => "duplicate-api",
            Code::UnresolvedLink => "unresolved-link",
            Code::UnparsedValue => "unparsed-value",
            Code::AbiNotFound => "abi-not-found",
            Code::StaleAbiSnapshot => "stale-abi-snapshot",
            Code::KindMismatch => "kind-mismatch",
            Code::DocNotInAbi => "doc-not-in-abi",
            Code::AbiNotDocumented => "abi-not-documented",
            Code::OrderDiffers => "order-differs",
            Code::ValueMismatch => "value-mismatch",
            Code::StaleName => "stale-name",
            Code::PayloadUnknown => "payload-unknown",
            Code::PayloadStale => "payload-stale",
            Code::DeepHtml => "deep-html",
        }
    }
}

/// One finding, located by byte range in its page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub code: Code,
    pub message: String,
    pub span: Range<usize>,
    pub pos: Pos,
    /// What was assumed, or what to do; shown as `= help:`.
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn new(
        file: &SourceFile,
        severity: Severity,
        code: Code,
        span: Range<usize>,
        message: impl Into<String>,
    ) -> Self {
        let span = clamp(span, file.text());
        let pos = file.pos(span.start);
        Diagnostic { severity, code, message: message.into(), span, pos, help: None }
    }

    pub fn warning(file: &SourceFile, code: Code, span: Range<usize>, message: impl Into<String>) -> Self {
        Self::new(file, Severity::Warning, code, span, message)
    }

    pub fn error(file: &SourceFile, code: Code, span: Range<usize>, message: impl Into<String>) -> Self {
        Self::new(file, Severity::Error, code, span, message)
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// rustc-style text with a source snippet.
    pub fn render(&self, file: &SourceFile) -> String {
        let files = Indexed(file);
        let report = match self.severity {
            Severity::Error => Report::error(),
            Severity::Warning => Report::warning(),
            Severity::Note => Report::note(),
        };
        let span = clamp(self.span.clone(), file.text());
        let report = report
            .with_code(self.code.as_str())
            .with_message(&self.message)
            .with_labels(vec![Label::primary((), span)])
            .with_notes(self.help.iter().map(|h| format!("help: {h}")).collect());
        let config = term::Config::default();
        // The only error `emit` can return is a span outside the file, which `clamp` rules out;
        // fall back to a one-line form rather than lose the finding.
        term::emit_into_string(&config, &files, &report).unwrap_or_else(|_| self.one_line(file))
    }

    /// `file:line:col: severity[code]: message` for logs and tests.
    pub fn one_line(&self, file: &SourceFile) -> String {
        format!(
            "{}:{}:{}: {}[{}]: {}",
            file.path().display(),
            self.pos.line,
            self.pos.column,
            self.severity.as_str(),
            self.code.as_str(),
            self.message
        )
    }
}

/// The page as codespan's `Files`, answering from the line index `SourceFile` already has:
/// codespan's `SimpleFile` would find every line start again for each diagnostic rendered, which
/// made a page with thousands of findings quadratic to report.
struct Indexed<'a>(&'a SourceFile);

impl<'a> Files<'a> for Indexed<'a> {
    type FileId = ();
    type Name = std::path::Display<'a>;
    type Source = &'a str;

    fn name(&'a self, (): ()) -> Result<Self::Name, files::Error> {
        Ok(self.0.path().display())
    }

    fn source(&'a self, (): ()) -> Result<&'a str, files::Error> {
        Ok(self.0.text())
    }

    fn line_index(&'a self, (): (), byte_index: usize) -> Result<usize, files::Error> {
        Ok(self.0.line_index(byte_index))
    }

    fn line_range(&'a self, (): (), line_index: usize) -> Result<Range<usize>, files::Error> {
        self.0.line_span(line_index).ok_or(files::Error::LineTooLarge { given: line_index, max: self.0.lines() - 1 })
    }
}

/// Keeps a span inside the text and on character boundaries.
fn clamp(span: Range<usize>, text: &str) -> Range<usize> {
    let fix = |mut i: usize| {
        i = i.min(text.len());
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let start = fix(span.start);
    start..fix(span.end).max(start)
}
