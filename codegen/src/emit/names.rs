//! Rust names for C names: the closed enums' type and variant names, and identifiers that
//! survive Rust's keywords.

use crate::prose::word_prefix;
use proc_macro2::{Ident, Span};

/// `WINHTTP_WEB_SOCKET_BUFFER_TYPE` -> `WinhttpWebSocketBufferType`. Words that already mix
/// case (`RpcNotificationTypeNone`, `AsyncStatus`) keep their inner capitals.
pub fn camel(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for word in name.split('_').filter(|w| !w.is_empty()) {
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
    let mut full: Vec<String> = names.iter().map(|n| camel(n)).collect();
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

fn is_plain_ident(s: &str) -> bool {
    s.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && s != "Self"
}

/// An identifier for a C name: raw (`r#type`) for Rust keywords, with a trailing `_` for the
/// few that cannot be raw (`self`, `Self`, `super`, `crate`, `_`).
pub fn ident(name: &str) -> Ident {
    if syn::parse_str::<Ident>(name).is_ok() {
        return Ident::new(name, Span::call_site());
    }
    if matches!(name, "self" | "Self" | "super" | "crate" | "_") {
        return Ident::new(&format!("{name}_"), Span::call_site());
    }
    Ident::new_raw(name, Span::call_site())
}

/// Whether `name` can be used as written (no keyword, a valid identifier).
pub fn is_valid_c_name(name: &str) -> bool {
    name.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
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
    fn keywords_become_raw_identifiers() {
        assert_eq!(ident("dwResult").to_string(), "dwResult");
        assert_eq!(ident("type").to_string(), "r#type");
        assert_eq!(ident("self").to_string(), "self_");
    }
}
