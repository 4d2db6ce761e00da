//! An index from the ways pages link to each other onto the APIs of a set of pages, so later
//! stages can turn links into intra-doc links.
//!
//! Pages link in three styles: `https://msdn.microsoft.com/<ms.assetid GUID>` (old pages),
//! absolute docs.microsoft.com / learn.microsoft.com URLs and root-relative
//! `/windows/desktop/api/<header>/<slug>` paths (whose last segment is the target's file
//! slug), and relative `<slug>.md` paths. Asset ids compare case-insensitively; so do slugs.

use crate::model::Item;
use std::collections::HashMap;
use std::path::Path;

#[derive(Debug, Default)]
pub struct LinkIndex {
    /// Normalized key (`asset:...`, `uid:...`, `slug:...`) to API name.
    keys: HashMap<String, String>,
}

impl LinkIndex {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds the keys under which `item` (parsed from `path`) can be linked to.
    pub fn insert(&mut self, path: &Path, item: &Item) {
        for key in keys_of(path, item) {
            self.keys.entry(key).or_insert_with(|| item.name.clone());
        }
    }

    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// The API a link points to, when it is one of the indexed pages.
    pub fn resolve(&self, href: &str) -> Option<&str> {
        link_key(href).and_then(|k| self.keys.get(&k)).map(String::as_str)
    }
}

pub fn keys_of(path: &Path, item: &Item) -> Vec<String> {
    let mut keys = Vec::new();
    if let Some(asset) = &item.asset_id {
        keys.push(format!("asset:{}", asset.text.trim().to_ascii_lowercase()));
    }
    if let Some(uid) = &item.uid {
        keys.push(format!("uid:{}", uid.text.trim().to_ascii_lowercase()));
    }
    if let Some(stem) = path.file_stem().and_then(|s| s.to_str()) {
        keys.push(format!("slug:{}", stem.to_ascii_lowercase()));
    }
    keys
}

/// The index key a link would match, or None for links that cannot name a page
/// (mailto:, in-page anchors, empty).
pub fn link_key(href: &str) -> Option<String> {
    let href = href.trim();
    if let Some(uid) = href.strip_prefix("xref:") {
        return Some(format!("uid:{}", uid.split(['?', '#']).next()?.to_ascii_lowercase()));
    }
    let without_fragment = href.split(['#', '?']).next()?;
    let last = without_fragment.trim_end_matches('/').rsplit('/').next()?;
    if last.is_empty() || href.starts_with("mailto:") {
        return None;
    }
    let last = last
        .strip_suffix(".md")
        .or_else(|| last.strip_suffix(".htm"))
        .or_else(|| last.strip_suffix(".html"))
        .unwrap_or(last);
    if is_guid(last) {
        return Some(format!("asset:{}", last.to_ascii_lowercase()));
    }
    Some(format!("slug:{}", last.to_ascii_lowercase()))
}

fn is_guid(s: &str) -> bool {
    let groups: Vec<&str> = s.split('-').collect();
    groups.len() == 5
        && groups.iter().zip([8, 4, 4, 4, 12]).all(|(g, n)| g.len() == n && g.bytes().all(|b| b.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_three_link_styles_give_keys() {
        assert_eq!(
            link_key("https://msdn.microsoft.com/31544EF1-2532-4e44-8747-7a693cef9ccd").as_deref(),
            Some("asset:31544ef1-2532-4e44-8747-7a693cef9ccd")
        );
        assert_eq!(
            link_key("https://docs.microsoft.com/windows/desktop/api/asyncinfo/nn-asyncinfo-iasyncinfo").as_deref(),
            Some("slug:nn-asyncinfo-iasyncinfo")
        );
        assert_eq!(
            link_key("/windows/win32/api/wsdclient/nn-wsdclient-IWSDAsyncCallback#remarks").as_deref(),
            Some("slug:nn-wsdclient-iwsdasynccallback")
        );
        assert_eq!(link_key("../unknwn/nn-unknwn-iunknown.md").as_deref(), Some("slug:nn-unknwn-iunknown"));
        assert_eq!(
            link_key("xref:NS:winhttp.WINHTTP_ASYNC_RESULT").as_deref(),
            Some("uid:ns:winhttp.winhttp_async_result")
        );
        assert_eq!(link_key("#remarks"), None);
    }
}
