//! The typed model of one documented API, as recovered from its page.
//!
//! Everything carries the byte span it was read from, so later stages (the ABI join, the
//! emitter) can point back into the page when they find a disagreement.

use crate::read::source::Span;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Struct,
    Union,
    Enum,
    Interface,
    Method,
    Callback,
    Function,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Struct => "struct",
            Kind::Union => "union",
            Kind::Enum => "enum",
            Kind::Interface => "interface",
            Kind::Method => "method",
            Kind::Callback => "callback",
            Kind::Function => "function",
        }
    }

    /// The kind with its article: `a struct`, `an enum`, `an interface`.
    pub fn with_article(self) -> String {
        let word = self.as_str();
        let article = if word.starts_with(['a', 'e', 'i', 'o', 'u']) { "an" } else { "a" };
        format!("{article} {word}")
    }
}

/// Prose recovered from a section: plain text (HTML removed, whitespace folded, one line per
/// paragraph or block) and the raw markdown/HTML it came from, which the emitter converts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Text {
    /// What a reader sees: the markup gone, whitespace folded, a line per block.
    pub plain: String,
    pub source: String,
    /// The section's text, without the whitespace around it.
    pub span: Option<Span>,
    pub links: Vec<Link>,
}

impl Text {
    pub fn is_empty(&self) -> bool {
        self.plain.trim().is_empty()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub text: String,
    pub href: String,
    /// The href in the page (an HTML island's link is found by searching for it).
    pub span: Span,
}

/// A named value: an enum constant's value table row, a flag documented under a field, or a
/// `#### NAME` sub-heading inside a field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamedValue {
    pub name: String,
    /// The number the page gives, if it gives one that parses.
    pub value: Option<i128>,
    /// The value exactly as written, when the page writes one.
    pub value_text: Option<String>,
    pub description: String,
    /// The name, in its table row or in the `#### NAME` heading it came from.
    pub span: Span,
}

/// A `### -field` (struct member or enum constant) or `### -param` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub name: String,
    /// For an enum constant, the value from `### -field NAME:0`.
    pub value: Option<i128>,
    pub description: Text,
    pub values: Vec<NamedValue>,
    /// The name in its `### -field`/`### -param` heading.
    pub span: Span,
}

/// A `#### - NAME` heading that documents no field of the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Orphan {
    pub name: String,
    /// The field it was filed under.
    pub under: Option<String>,
    pub description: String,
    /// Its name in its heading.
    pub span: Span,
}

/// A front matter value and where it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    pub text: String,
    /// The value in the front matter.
    pub span: Span,
}

impl Located {
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alias {
    pub name: String,
    /// `*LPNAME` in `req.typenames`: a pointer typedef, not the type itself.
    pub pointer: bool,
    /// The name where the page gives it.
    pub span: Span,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Requirements {
    pub header: Option<Located>,
    pub include_header: Option<Located>,
    pub library: Option<Located>,
    pub dll: Option<Located>,
    pub idl: Option<Located>,
    pub min_client: Option<Located>,
    pub min_server: Option<Located>,
    pub redistributable: Option<Located>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub name: String,
    pub kind: Kind,
    /// The header file stem the API is declared in (`winhttp`), if any source gives it.
    pub header: Option<String>,
    /// The page path, as given to the parser.
    pub source: String,
    /// The name, where the page gives it.
    pub span: Span,
    pub uid: Option<Located>,
    pub asset_id: Option<Located>,
    pub title: Option<Located>,
    pub aliases: Vec<Alias>,
    pub description: Text,
    /// Struct members or enum constants, in page order.
    pub fields: Vec<Field>,
    /// Parameters of methods, functions and callbacks.
    pub parameters: Vec<Field>,
    pub orphans: Vec<Orphan>,
    pub remarks: Option<Text>,
    /// `## -returns`: what a function, method or callback returns.
    pub returns: Option<Text>,
    pub see_also: Vec<Link>,
    pub requirements: Requirements,
    /// `ms.keywords`, `helpviewer_keywords` and `f1_keywords`, without repeats.
    pub keywords: Vec<Located>,
}
