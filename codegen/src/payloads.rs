//! What each status of a status callback carries in its information pointer.
//!
//! Status callbacks (`WINHTTP_STATUS_CALLBACK`, `INTERNET_STATUS_CALLBACK`) get a status code, a
//! pointer and a length; the page's status table says, in prose, what the pointer points at for
//! each code ("The lpvStatusInformation parameter is NULL", "a pointer to a DWORD", "a pointer to
//! a WINHTTP_ASYNC_RESULT structure"). This module decides it per status, for the generated
//! decoders (`emit::items::status`): from the reviewed mapping `codegen/status-payloads.toml`
//! where it has an entry (each quoting the row it reads, so a changed row is noticed), else from
//! the row's words when exactly one rule reads them; otherwise the decoder hands over the raw
//! pointer and length, and `check` says so.
//!
//! In: a parsed page and its ABI set. Out: a [`Plan`] per status callback, and diagnostics.

use crate::abi::{AbiSet, Body};
use crate::diagnostic::{Code, Diagnostic};
use crate::model::{Item, NamedValue};
use crate::read::page::Page;
use serde::Deserialize;
use std::sync::OnceLock;

/// The mapping, built into the generator.
pub const MAPPING: &str = include_str!("../status-payloads.toml");

/// `codegen/status-payloads.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mapping {
    #[serde(default)]
    pub callback: Vec<CallbackSpec>,
}

/// One status callback: which of its parameters are the status, the information pointer and its
/// length, and the decoder's name.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CallbackSpec {
    /// The callback's ABI name (`WINHTTP_STATUS_CALLBACK`).
    pub api: String,
    pub status_param: String,
    pub info_param: String,
    pub length_param: String,
    /// The generated enum (`WinhttpStatusInfo`).
    pub decoder: String,
    /// How the callback sends strings.
    pub strings: StringUnit,
    /// What the decoder says about itself, beyond the generated text.
    #[serde(default)]
    pub doc: Option<String>,
    /// A second argument of `from_callback` that changes some payloads (the kind of handle).
    #[serde(default)]
    pub context: Option<ContextSpec>,
    #[serde(default)]
    pub payload: Vec<PayloadEntry>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum StringUnit {
    /// UTF-16, the length in `u16` units including the NUL (WinHTTP): `&[u16]` without the NUL.
    Utf16UnitsWithNul,
    /// As sent, the length in bytes (WinINet, whose encoding depends on the status and on which
    /// callback was installed): `&[u8]`.
    Bytes,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContextSpec {
    /// The generated enum (`WinhttpHandleKind`).
    pub name: String,
    pub doc: String,
    pub variants: Vec<ContextVariant>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContextVariant {
    pub name: String,
    pub doc: String,
}

/// A reviewed decision for one status (in one context).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PayloadEntry {
    /// The status constant (`WINHTTP_CALLBACK_STATUS_READ_COMPLETE`).
    pub status: String,
    /// Words of the status's row that the decision reads; `check` warns when the row no longer
    /// contains them. None for a status the page has no row for.
    #[serde(default)]
    pub quote: Option<String>,
    pub carries: Carries,
    /// Where implementations do otherwise than the docs say: what they do, and the source.
    #[serde(default)]
    pub evidence: Option<String>,
    /// The context variant this entry applies to (others keep the status's plain entry).
    #[serde(default)]
    pub when: Option<String>,
    /// The decoder's variant for this context (`WebSocketReadComplete`); required with `when`.
    #[serde(default)]
    pub variant: Option<String>,
}

/// What a status's information pointer points at.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(try_from = "String")]
pub enum Carries {
    /// Nothing: pointer and length are ignored.
    Nothing,
    /// A `DWORD`.
    Dword,
    /// A handle (`HINTERNET`).
    Handle,
    /// A record, by value.
    Record(String),
    /// A handle, or a record whose `field` is the handle; told apart by the length.
    HandleOrRecord { record: String, field: String },
    /// The caller's own buffer (`WinHttpReadData`'s), `len` bytes.
    Buffer,
    /// A string, in the callback's [`StringUnit`].
    String,
    /// Bytes as sent.
    Bytes,
    /// Not described anywhere: the pointer and length, unread.
    Raw,
}

impl TryFrom<String> for Carries {
    type Error = String;

    fn try_from(text: String) -> Result<Self, String> {
        let words: Vec<&str> = text.split_whitespace().collect();
        Ok(match words[..] {
            ["nothing"] => Carries::Nothing,
            ["dword"] => Carries::Dword,
            ["handle"] => Carries::Handle,
            ["buffer"] => Carries::Buffer,
            ["string"] => Carries::String,
            ["bytes"] => Carries::Bytes,
            ["raw"] => Carries::Raw,
            ["record", name] => Carries::Record(name.to_string()),
            ["handle", "or", path] => match path.split_once('.') {
                Some((record, field)) => Carries::HandleOrRecord { record: record.into(), field: field.into() },
                None => return Err(format!("`handle or {path}`: name the record's handle field, `RECORD.field`")),
            },
            _ => {
                return Err(format!(
                    "`{text}` is not a payload (nothing, dword, handle, buffer, string, bytes, raw, `record NAME`, `handle or RECORD.field`)"
                ));
            }
        })
    }
}

impl Carries {
    /// The words of the decision, for the docs.
    pub fn describe(&self, strings: StringUnit) -> String {
        match self {
            Carries::Nothing => "nothing (the pointer and length are not read)".into(),
            Carries::Dword => "a `DWORD` (`u32`)".into(),
            Carries::Handle => "a handle (`HINTERNET`)".into(),
            Carries::Record(name) => format!("a [`{name}`]"),
            Carries::HandleOrRecord { record, field } => {
                format!("a handle: sent bare, or as the `{field}` of an [`{record}`] (told apart by the length)")
            }
            Carries::Buffer => "the caller's own buffer, `len` bytes".into(),
            Carries::String => match strings {
                StringUnit::Utf16UnitsWithNul => {
                    "a UTF-16 string (its length counts `u16` units with the NUL; the NUL is left out here)".into()
                }
                StringUnit::Bytes => "a string, as the bytes sent (see the decoder's docs for the encoding)".into(),
            },
            Carries::Bytes => "bytes, as sent".into(),
            Carries::Raw => "something the docs do not describe: the pointer and length, unread".into(),
        }
    }
}

/// The mapping, parsed once.
pub fn mapping() -> Result<&'static Mapping, String> {
    static PARSED: OnceLock<Result<Mapping, String>> = OnceLock::new();
    PARSED
        .get_or_init(|| toml::from_str(MAPPING).map_err(|e| format!("codegen/status-payloads.toml: {e}")))
        .as_ref()
        .map_err(Clone::clone)
}

/// Where a decision came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// The row's own words, read by a rule: the words it matched.
    Row(String),
    /// A mapping entry (its quote, if any, and evidence).
    Mapping { quote: Option<String>, evidence: Option<String> },
    /// Neither: nothing is known.
    Unknown,
}

/// One status's payload in one context.
#[derive(Debug, Clone)]
pub struct Decision {
    pub status: String,
    /// The context variant it applies to; `None` for every other.
    pub when: Option<String>,
    /// The decoder variant's name, when the mapping gives one (a context's own variant).
    pub variant: Option<String>,
    pub carries: Carries,
    pub source: Source,
}

/// The decisions for one status callback page.
#[derive(Debug, Clone)]
pub struct Plan {
    pub spec: &'static CallbackSpec,
    pub decisions: Vec<Decision>,
}

impl Plan {
    /// The decisions for `status`: its plain one first, then those for a context.
    pub fn for_status<'p>(&'p self, status: &'p str) -> impl Iterator<Item = &'p Decision> + 'p {
        let mut all: Vec<&Decision> = self.decisions.iter().filter(|d| d.status == status).collect();
        all.sort_by_key(|d| d.when.is_some());
        all.into_iter()
    }
}

/// A finding about a status row, made into a diagnostic by [`check_page`].
#[derive(Debug, Clone)]
pub struct Finding {
    pub code: Code,
    pub at: crate::read::source::Span,
    pub len: usize,
    pub message: String,
    pub help: String,
}

/// The plan for a page, when its API is a status callback of the mapping, and the findings:
/// rows no rule reads, and entries whose quote the row no longer holds.
pub fn plan(page_item: &Item, set: &AbiSet) -> (Option<Plan>, Vec<Finding>) {
    let mut found = Vec::new();
    let mapping = match mapping() {
        Ok(m) => m,
        Err(_) => return (None, found),
    };
    let Some(spec) = mapping.callback.iter().find(|c| names_api(page_item, &c.api)) else {
        return (None, found);
    };
    let Some(status) = page_item.parameters.iter().find(|p| p.name == spec.status_param) else {
        return (Some(Plan { spec, decisions: Vec::new() }), found);
    };
    let mut decisions = Vec::new();
    let rows: Vec<&NamedValue> = status.values.iter().collect();
    let records: Vec<&str> = set
        .types
        .iter()
        .filter(|t| matches!(t.body, Body::Struct(_) | Body::Union(_)) && t.nested_in.is_none())
        .map(|t| t.name.as_str())
        .collect();
    for row in &rows {
        let entries: Vec<&PayloadEntry> = spec.payload.iter().filter(|e| e.status == row.name).collect();
        for entry in &entries {
            if let Some(quote) = &entry.quote
                && !folded(&row.description).contains(&folded(quote))
            {
                found.push(Finding {
                    code: Code::PayloadStale,
                    at: row.span,
                    len: row.name.len(),
                    message: format!("the row of `{}` no longer says \"{quote}\"", row.name),
                    help: format!(
                        "its entry in codegen/status-payloads.toml says it carries {}; check the row and update the entry",
                        entry.carries.describe(spec.strings)
                    ),
                });
            }
        }
        if entries.iter().any(|e| e.when.is_none()) {
            continue;
        }
        let (carries, source) = match infer(&row.description, &records) {
            Inferred::One(carries, words) => (carries, Source::Row(words)),
            Inferred::None | Inferred::Several(_) => {
                let why = match infer(&row.description, &records) {
                    Inferred::Several(kinds) => format!("its row reads as {}", kinds.join(" and as ")),
                    _ => "no rule reads its row".to_string(),
                };
                found.push(Finding {
                    code: Code::PayloadUnknown,
                    at: row.span,
                    len: row.name.len(),
                    message: format!("cannot tell what `{}` carries in `{}`: {why}", row.name, spec.info_param),
                    help: "add an entry to codegen/status-payloads.toml, quoting the row; until then the decoder \
                           hands over the raw pointer and length"
                        .into(),
                });
                (Carries::Raw, Source::Unknown)
            }
        };
        decisions.push(Decision { status: row.name.clone(), when: None, variant: None, carries, source });
    }
    // Entries: for rows, for contexts, and for statuses the page has no row for.
    for entry in &spec.payload {
        decisions.push(Decision {
            status: entry.status.clone(),
            when: entry.when.clone(),
            variant: entry.variant.clone(),
            carries: entry.carries.clone(),
            source: Source::Mapping { quote: entry.quote.clone(), evidence: entry.evidence.clone() },
        });
    }
    (Some(Plan { spec, decisions }), found)
}

/// The records the mapping says a page's callback carries, which its decoder names: the ABI
/// stage includes them even when no page of the set documents them.
pub fn records_carried(item: &Item) -> Vec<String> {
    let Ok(mapping) = mapping() else { return Vec::new() };
    let Some(spec) = mapping.callback.iter().find(|c| names_api(item, &c.api)) else { return Vec::new() };
    let mut names: Vec<String> = spec
        .payload
        .iter()
        .filter_map(|e| match &e.carries {
            Carries::Record(name) | Carries::HandleOrRecord { record: name, .. } => Some(name.clone()),
            _ => None,
        })
        .collect();
    names.sort();
    names.dedup();
    names
}

/// Whether the page documents the callback the ABI names `api` (the ABI may add `LP`/`P`/`PFN_`).
fn names_api(item: &Item, api: &str) -> bool {
    item.name == api || ["LP", "P", "PFN_"].iter().any(|p| api.strip_prefix(p) == Some(item.name.as_str()))
}

/// Whitespace folded to single spaces, ASCII lower case (so byte offsets match [`spaced`]'s).
fn folded(text: &str) -> String {
    spaced(text).to_ascii_lowercase()
}

/// Whitespace folded to single spaces.
fn spaced(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

enum Inferred {
    One(Carries, String),
    None,
    Several(Vec<String>),
}

/// The rules: each reads one way of saying what the pointer holds. A row is decided when exactly
/// one payload is read from it.
fn infer(row: &str, records: &[&str]) -> Inferred {
    let (original, text) = (spaced(row), folded(row));
    // The row's own words where the rule's phrase stands in it.
    let words = |phrase: &str| text.find(phrase).map(|at| original[at..at + phrase.len()].to_string());
    let mut hits: Vec<(Carries, String)> = Vec::new();
    for record in records {
        let lower = record.to_ascii_lowercase();
        for phrase in [format!("pointer to a {lower} structure"), format!("address of an {lower} structure")] {
            if let Some(words) = words(&phrase) {
                hits.push((Carries::Record(record.to_string()), words));
            }
        }
    }
    let rules: [(&[&str], Carries); 4] = [
        (&["parameter is null"], Carries::Nothing),
        (&["pointer to a dword", "points to a dword"], Carries::Dword),
        (&["pointer to an lpwstr", "pointer to a lpwstr"], Carries::String),
        (&["pointer to the hinternet handle", "address of an hinternet handle"], Carries::Handle),
    ];
    for (phrases, carries) in rules {
        if let Some(words) = phrases.iter().find_map(|p| words(p)) {
            hits.push((carries, words));
        }
    }
    hits.dedup_by(|a, b| a.0 == b.0);
    match hits.len() {
        0 => Inferred::None,
        1 => {
            let (carries, words) = hits.remove(0);
            Inferred::One(carries, words)
        }
        _ => Inferred::Several(hits.into_iter().map(|(_, w)| format!("\"{w}\"")).collect()),
    }
}

/// `check`'s findings for one page (none unless it is a status callback of the mapping).
pub fn check_page(page: &Page, set: &AbiSet) -> Vec<Diagnostic> {
    let Some(item) = &page.item else { return Vec::new() };
    let findings = plan(item, set).1;
    findings
        .into_iter()
        .map(|f| {
            let start = f.at.start;
            Diagnostic::warning(&page.file, f.code, start..start + f.len.max(1), f.message).with_help(f.help)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_mapping_parses_and_every_context_entry_names_its_variant() {
        let mapping = mapping().expect("codegen/status-payloads.toml parses");
        assert!(!mapping.callback.is_empty());
        for spec in &mapping.callback {
            for entry in &spec.payload {
                assert_eq!(
                    entry.when.is_some(),
                    entry.variant.is_some(),
                    "{}: `when` goes with `variant`",
                    entry.status
                );
                if let Some(when) = &entry.when {
                    let context = spec.context.as_ref().expect("`when` needs a context");
                    assert!(context.variants.iter().any(|v| &v.name == when), "{}: no context `{when}`", entry.status);
                }
            }
        }
    }

    #[test]
    fn rows_are_read_by_exactly_one_rule() {
        let records = ["WINHTTP_ASYNC_RESULT", "WINHTTP_WEB_SOCKET_STATUS"];
        let read = |row: &str| match infer(row, &records) {
            Inferred::One(c, _) => Some(c),
            _ => None,
        };
        assert_eq!(read("Closing the connection. The lpvStatusInformation parameter is NULL."), Some(Carries::Nothing));
        assert_eq!(read("The lpvStatusInformation parameter points to a DWORD that contains"), Some(Carries::Dword));
        assert_eq!(
            read("The lpvStatusInformation parameter contains a pointer to a WINHTTP_ASYNC_RESULT structure."),
            Some(Carries::Record("WINHTTP_ASYNC_RESULT".into()))
        );
        assert_eq!(read("contains a pointer to an LPWSTR that indicates the IP address"), Some(Carries::String));
        assert_eq!(read("contains a pointer to the\n HINTERNET handle."), Some(Carries::Handle));
        // Nothing said, or two things said: no decision.
        assert_eq!(read("Successfully received a response from the server."), None);
        assert_eq!(
            read("a pointer to a DWORD ... When used by X, a pointer to a WINHTTP_WEB_SOCKET_STATUS structure"),
            None
        );
    }

    #[test]
    fn payload_words_parse_and_bad_ones_say_what_is_allowed() {
        assert_eq!(
            Carries::try_from("record INTERNET_ASYNC_RESULT".to_string()),
            Ok(Carries::Record("INTERNET_ASYNC_RESULT".into()))
        );
        assert_eq!(
            Carries::try_from("handle or INTERNET_ASYNC_RESULT.dwResult".to_string()),
            Ok(Carries::HandleOrRecord { record: "INTERNET_ASYNC_RESULT".into(), field: "dwResult".into() })
        );
        assert!(Carries::try_from("a pointer".to_string()).unwrap_err().contains("nothing, dword"));
    }
}
