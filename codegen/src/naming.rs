//! Names: the one place where text from the pages or the ABI set becomes a Rust name. What is an
//! identifier is decided here ([`is_identifier`]), and every identifier of the generated source
//! is made here ([`ident`], [`variant_names`], [`meaning_name`]), so a name that is not one (a
//! number, a phrase, `a-b`, non-ASCII) is refused or replaced here and never reaches
//! `Ident::new`, which would panic.

use crate::read::prose::word_prefix;
use proc_macro2::{Ident, Span};

/// A C identifier: an ASCII letter or `_`, then ASCII letters, digits and `_`.
pub fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// `CM_NOTIFY_FILTER_TYPE_DEVICEHANDLE`, `IfOperStatusUp`, `POLLIN`, `Invoke2` look like API
/// names (an `_`, a digit, or a capital after the first letter); `Examples`, `Remarks`,
/// `described` are words.
pub fn looks_like_api_name(name: &str) -> bool {
    let inner_upper = name.chars().skip(1).any(|c| c.is_ascii_uppercase());
    name.contains('_') || name.chars().any(|c| c.is_ascii_digit()) || inner_upper
}

/// A header as a module name: `WinHTTP.h` -> `winhttp`; `None` when the stem is not an
/// identifier (a YAML mapping read as text, `a b.h`), so the caller falls back to another source.
pub fn header_module(header: &str) -> Option<String> {
    let header = header.trim();
    let stem = header.strip_suffix(".h").or_else(|| header.strip_suffix(".H")).unwrap_or(header);
    let stem = stem.to_ascii_lowercase();
    (is_identifier(&stem) && syn::parse_str::<Ident>(&stem).is_ok()).then_some(stem)
}

/// The name of a generated module: a header's stem as a lower-case Rust identifier (`winhttp`),
/// or the shared module. Made only here, so every module name is one `mod` accepts.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ModuleName(String);

impl ModuleName {
    /// Where the types go that belong to no one header (or to several).
    pub const SHARED: &str = "foundation";

    pub fn shared() -> ModuleName {
        ModuleName(Self::SHARED.to_string())
    }

    /// The module of a header ([`header_module`]).
    pub fn of_header(header: &str) -> Option<ModuleName> {
        header_module(header).map(ModuleName)
    }

    pub fn is_shared(&self) -> bool {
        self.0 == Self::SHARED
    }
}

impl std::ops::Deref for ModuleName {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for ModuleName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// `WINHTTP_WEB_SOCKET_BUFFER_TYPE` -> `WinhttpWebSocketBufferType`. Words that already mix
/// case (`RpcNotificationTypeNone`, `AsyncStatus`) keep their inner capitals. Any character that
/// cannot be in an identifier separates words, as `_` does (`A.b-c` -> `ABC`).
pub fn camel(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for word in name.split(|c: char| c == '_' || !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
        let mixed = word.chars().any(|c| c.is_ascii_lowercase());
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            out.push(first.to_ascii_uppercase());
            if mixed {
                out.extend(chars);
            } else {
                out.extend(chars.map(|c| c.to_ascii_lowercase()));
            }
        }
    }
    out
}

/// Variant names for the members of one enum or value table, in the same order: the shared
/// word prefix removed (`API_READ_DATA` -> `ReadData`), then camel case. A name that would start
/// with a digit keeps the last prefix word; if two names would collide, every name keeps its
/// full camel-case form.
pub fn variant_names(names: &[&str]) -> Vec<String> {
    let prefix = word_prefix(names.iter().copied());
    let last_word = prefix.trim_end_matches('_').rsplit('_').next().unwrap_or("");
    let short: Vec<String> = names
        .iter()
        .map(|n| {
            let rest = camel(&n[prefix.len()..]);
            if rest.is_empty() || rest.starts_with(|c: char| c.is_ascii_digit()) {
                camel(&format!("{last_word}_{}", &n[prefix.len()..]))
            } else {
                rest
            }
        })
        .collect();
    if all_distinct(&short) && short.iter().all(|s| is_plain_ident(s)) {
        return short;
    }
    // A full name that still is no identifier (`1`, `a-b`) is made one here.
    let mut full: Vec<String> = names.iter().map(|n| ident(&camel(n)).to_string().replace("r#", "")).collect();
    // C names that differ only in case or underscores: number the repeats.
    for i in 1..full.len() {
        if full[..i].contains(&full[i]) {
            let mut n = 2;
            while full.contains(&format!("{}{n}", full[i])) {
                n += 1;
            }
            full[i] = format!("{}{n}", full[i]);
        }
    }
    full
}

fn all_distinct(names: &[String]) -> bool {
    let mut sorted: Vec<&String> = names.iter().collect();
    sorted.sort();
    sorted.windows(2).all(|w| w[0] != w[1])
}

/// A variant name as written: an identifier that is not `Self` (which has no raw form).
fn is_plain_ident(s: &str) -> bool {
    is_identifier(s) && s != "Self"
}

/// The identifier for a name: as written when it is one; raw (`r#type`) for a Rust keyword; with a
/// trailing `_` for the few keywords that cannot be raw (`self`, `Self`, `super`, `crate`, `_`).
/// A name that is no identifier at all has every other character made `_` (and `_` put before a
/// leading digit): the stages before this one refuse such names with a diagnostic, so this only
/// keeps a mistake from becoming a panic.
pub fn ident(name: &str) -> Ident {
    if !is_identifier(name) {
        let mut fixed: String = name.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).collect();
        if !fixed.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
            fixed.insert(0, '_');
        }
        return ident(&fixed);
    }
    if syn::parse_str::<Ident>(name).is_ok() {
        return Ident::new(name, Span::call_site());
    }
    if matches!(name, "self" | "Self" | "super" | "crate" | "_") {
        return Ident::new(&format!("{name}_"), Span::call_site());
    }
    Ident::new_raw(name, Span::call_site())
}

/// A name made from a value's meaning, for values that have no C name (a table of bare numbers,
/// `1` = "January"): the meaning's first phrase, in camel case, when it is a few words of ASCII
/// letters and digits (`January`, `NotUsed`); `None` otherwise (a sentence says more than a name).
pub fn meaning_name(meaning: &str) -> Option<String> {
    let phrase = meaning.trim().split(['.', ',', ';', ':', '(', '\n']).next()?.trim();
    let words: Vec<&str> = phrase.split_whitespace().collect();
    if words.is_empty() || words.len() > 3 || !words.iter().all(|w| w.chars().all(|c| c.is_ascii_alphanumeric())) {
        return None;
    }
    let name: String = words
        .iter()
        .map(|w| {
            let mut chars = w.chars();
            chars.next().map(|c| c.to_ascii_uppercase().to_string() + chars.as_str()).unwrap_or_default()
        })
        .collect();
    is_plain_ident(&name).then_some(name)
}

/// Misspelt or differently cased: the near-match rule by which a page's name is matched to the
/// metadata's (`Cancelled` to `Canceled`).
pub fn close(doc: &str, abi: &str) -> bool {
    doc.eq_ignore_ascii_case(abi) || similar(doc, abi)
}

/// Two spellings of one name (`Cancelled` / `Canceled`), not two names: at most two edits
/// apart, and those few against the name's length (`..._UTF8_...` is not `..._PAYLOAD_...`).
pub fn similar(a: &str, b: &str) -> bool {
    // Names that differ in a number are different names (`VERSION1`, `VERSION2`), not a typo.
    // This and the length test come first and allocate nothing: the misfiled-heading check asks
    // for every pair of a page's sub-headings and empty fields.
    if !a.bytes().filter(u8::is_ascii_digit).eq(b.bytes().filter(u8::is_ascii_digit)) || a.len().abs_diff(b.len()) > 8 {
        return false;
    }
    let (a, b) = (a.to_ascii_lowercase(), b.to_ascii_lowercase());
    let distance = strsim::damerau_levenshtein(&a, &b);
    distance <= 2 && distance * 6 <= a.len().min(b.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn camel_case_of_c_names() {
        assert_eq!(camel("WINHTTP_WEB_SOCKET_BUFFER_TYPE"), "WinhttpWebSocketBufferType");
        assert_eq!(camel("AsyncStatus"), "AsyncStatus");
        assert_eq!(camel("RpcNotificationTypeNone"), "RpcNotificationTypeNone");
        assert_eq!(camel("API_GET_PROXY_FOR_URL"), "ApiGetProxyForUrl");
        assert_eq!(camel("WINBIO_ASYNC_RESULT_Parameters"), "WinbioAsyncResultParameters");
        assert_eq!(camel("DUMMYUNIONNAME.uVersion"), "DummyunionnameUVersion");
        assert_eq!(camel("a-b c"), "ABC");
    }

    #[test]
    fn variants_drop_the_prefix_and_stay_unique() {
        assert_eq!(variant_names(&["API_RECEIVE_RESPONSE", "API_READ_DATA"]), ["ReceiveResponse", "ReadData"]);
        assert_eq!(
            variant_names(&["Started", "Completed", "Canceled", "Error"]),
            ["Started", "Completed", "Canceled", "Error"]
        );
        assert_eq!(variant_names(&["MODE_1", "MODE_2"]), ["Mode1", "Mode2"]);
        assert_eq!(variant_names(&["RPC_C_NOTIFY_ON_SEND_COMPLETE"]), ["RpcCNotifyOnSendComplete"]);
        assert_eq!(variant_names(&["A_B_C", "A_BC"]), ["BC", "Bc"]);
        // `ab` and `AB` both become `Ab`: the full names, numbered when they collide too.
        assert_eq!(variant_names(&["X_ab", "X_AB", "X_C"]), ["XAb", "XAb2", "XC"]);
        assert_eq!(variant_names(&["X_1", "X_2"]), ["X1", "X2"]);
    }

    #[test]
    fn names_that_are_no_identifiers_never_panic() {
        assert_eq!(ident("1").to_string(), "_1");
        assert_eq!(ident("a-b").to_string(), "a_b");
        // `_` alone cannot be an identifier either.
        assert_eq!(ident("").to_string(), "__");
        assert_eq!(ident("é").to_string(), "__");
        let variants = variant_names(&["1", "2", "10"]);
        assert!(variants.iter().all(|v| is_identifier(v) && syn::parse_str::<syn::Ident>(v).is_ok()), "{variants:?}");
        assert!(!is_identifier("1st") && !is_identifier("a-b") && !is_identifier("") && is_identifier("_x1"));
    }

    #[test]
    fn meanings_make_names_when_they_are_short() {
        assert_eq!(meaning_name("January").as_deref(), Some("January"));
        assert_eq!(meaning_name("\nnot used.\n").as_deref(), Some("NotUsed"));
        assert_eq!(meaning_name("The first of many things that could happen"), None);
        assert_eq!(meaning_name("a-b"), None);
        assert_eq!(meaning_name(""), None);
        assert_eq!(meaning_name("2nd"), None);
    }

    #[test]
    fn keywords_become_raw_identifiers() {
        assert_eq!(ident("dwResult").to_string(), "dwResult");
        assert_eq!(ident("type").to_string(), "r#type");
        assert_eq!(ident("self").to_string(), "self_");
    }
}
