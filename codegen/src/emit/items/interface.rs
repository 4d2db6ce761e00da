//! Interfaces (a pointer newtype, the IID, the vtable with the base's methods first) and
//! callbacks (`Option<unsafe extern "system" fn(...)>`), documented from their pages and their
//! methods' pages.

use super::tokens::{params, ret_type, vtable_params};
use super::{EmitError, Items, alias_attrs, indent};
use crate::abi::{AbiType, Body, Interface, Method, Signature, Target, c_spelling, vtable_layout};
use crate::emit::catalog::DocPage;
use crate::emit::docs::{DocText, layout_table};
use crate::naming::ident;
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

impl<'c> Items<'c> {
    pub(super) fn callback(&self, def: &AbiType, sig: &Signature) -> Result<TokenStream, EmitError> {
        let name = ident(&def.name);
        let page = self.catalog.page(&def.name);
        let params = params(sig);
        let ret = ret_type(&sig.ret);
        // A callback whose signature names this crate's own types (records, enum newtypes,
        // interfaces) is not windows-sys's type: it is a newtype, converted with `From`.
        let own = self.catalog.set.names_own_types(&crate::abi::TypeRef::named(&def.name));
        let mut doc = DocText::new();
        self.description(&mut doc, page, def, "callback");
        doc.push(if own {
            "A function pointer, as `.0`: `None` is a null one; a `Some` is called with the `system` calling convention (`__stdcall` on x86, the C convention elsewhere). Its parameters name types of this crate, so it is a newtype of its own; with the `windows-sys` feature it converts to and from windows-sys's type of the same name (`From`, the same ABI)."
        } else {
            "`None` is a null function pointer; a `Some` is called with the `system` calling convention (`__stdcall` on x86, the C convention elsewhere). The same Rust type as windows-sys's of the same name."
        });
        if let Some(page) = page {
            doc.section("Parameters", self.params_doc(page, &def.name, sig));
            if let Some(returns) = &page.item.returns {
                doc.section("Return value", self.docs.markdown(page, &returns.source));
            }
            self.docs.page_sections(&mut doc, page, None);
        }
        let doc = doc.attrs();
        let aliases = page.map(|p| alias_attrs(p, &def.name)).unwrap_or_default();
        let decoder = match page {
            Some(page) => self.status_decoder(def, sig, page)?,
            None => TokenStream::new(),
        };
        let fn_type = quote!(Option<unsafe extern "system" fn(#(#params),*) #ret>);
        if !own {
            return Ok(quote! {
                #doc
                #aliases
                pub type #name = #fn_type;
                #decoder
            });
        }
        let cfg = self.windows_sys_cfg();
        let interop = crate::emit::items::record::windows_sys_type(def)
            .filter(|_| cfg.is_some())
            .and_then(|theirs| syn::parse_str::<syn::Path>(&theirs).ok())
            .map(|theirs| {
                quote! {
                    #cfg
                    impl From<#theirs> for #name {
                        /// The same function pointer: the signatures differ only in naming this
                        /// crate's types for windows-sys's, which have the same layout.
                        fn from(value: #theirs) -> Self {
                            unsafe { ::core::mem::transmute::<#theirs, #name>(value) }
                        }
                    }

                    #cfg
                    impl From<#name> for #theirs {
                        /// The same function pointer (see the other direction).
                        fn from(value: #name) -> Self {
                            unsafe { ::core::mem::transmute::<#name, #theirs>(value) }
                        }
                    }
                }
            });
        Ok(quote! {
            #doc
            #aliases
            #[repr(transparent)]
            #[derive(Clone, Copy, Debug, Default)]
            pub struct #name(pub #fn_type);

            /// Safe: null is `None`, any other address a `Some` of an `unsafe` function pointer,
            /// which only `unsafe` code may call.
            unsafe impl ::winasync::support::PlainData for #name {}

            impl ::winasync::support::FieldSummary for #name {
                fn fmt_summary(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    match self.0 {
                        Some(p) => ::core::fmt::Pointer::fmt(&(p as *const ()), f),
                        None => f.write_str("null"),
                    }
                }
            }

            #interop
            #decoder
        })
    }

    /// `- `name` (`C type`): description`, with the value table's enum linked.
    fn params_doc(&self, page: &DocPage, owner: &str, sig: &Signature) -> String {
        let set = self.catalog.set;
        let mut out = Vec::new();
        for p in &sig.params {
            let documented = page
                .item
                .parameters
                .iter()
                .find(|d| d.name == p.name)
                .or_else(|| page.item.parameters.iter().find(|d| crate::naming::close(&d.name, &p.name)));
            let mut text = format!("- `{}` (`{}`)", p.name, c_spelling(&p.ty, set));
            let table = documented.and_then(|d| self.catalog.table(owner, &d.name));
            if let Some(d) = documented {
                let names: Vec<String> = d.values.iter().map(|v| v.name.clone()).collect();
                let (body, after_table) = if table.is_some() {
                    self.docs.markdown_around_tables(page, &d.description.source, &names)
                } else {
                    (self.docs.markdown(page, &d.description.source), String::new())
                };
                if !body.trim().is_empty() {
                    text.push_str(":\n\n");
                    text.push_str(&indent(&body));
                }
                if let Some(t) = table
                    && let Some(closed) = self.catalog.closed_by_name(&t.enum_name)
                {
                    text.push_str("\n\n");
                    let page_rows = documented.map(|d| d.values.as_slice()).unwrap_or_default();
                    text.push_str(&indent(&self.values_table(closed, false, &p.name, page_rows)));
                }
                if !after_table.trim().is_empty() {
                    text.push_str("\n\n");
                    text.push_str(&indent(&after_table));
                }
            }
            out.push(text);
        }
        out.join("\n")
    }

    /// An interface: a pointer newtype with its IID, and its vtable in method order (the base
    /// interface's first). An interface the family only passes around gets the pointer type.
    pub(super) fn interface(&self, def: &AbiType, interface: Option<&Interface>) -> Result<TokenStream, EmitError> {
        let set = self.catalog.set;
        let name = ident(&def.name);
        let page = self.catalog.page(&def.name);
        let vtbl = ident(&format!("{}_Vtbl", def.name));
        let mut doc = DocText::new();
        self.description(&mut doc, page, def, "interface");
        doc.push(match interface {
            Some(_) => format!(
                "A COM interface pointer as the ABI passes it (`{name}*` in C). It may be null. It points at the object, whose first member is a pointer to the vtable, [`{name}_Vtbl`]: call the methods with this type's `unsafe` methods of the same names (the base interfaces' included), which go through [`{name}::vtable`]. `IID_{name}` is its IID.",
                name = def.name
            ),
            None => format!(
                "A COM interface pointer as the ABI passes it (`{}*` in C). This family only passes it around, so its methods are not generated.",
                def.name
            ),
        });
        if let Some(page) = page {
            self.docs.page_sections(&mut doc, page, None);
        }
        let doc_attrs = doc.attrs();
        let aliases = page.map(|p| alias_attrs(p, &def.name)).unwrap_or_default();
        let mut out = quote! {
            #doc_attrs
            #aliases
            #[repr(transparent)]
            #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
            pub struct #name(pub *mut ::core::ffi::c_void);

            /// Safe: a transparent wrapper of a raw pointer, so every bit pattern is a valid value.
            unsafe impl ::winasync::support::PlainData for #name {}

            impl ::winasync::support::FieldSummary for #name {
                fn fmt_summary(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    ::core::fmt::Pointer::fmt(&self.0, f)
                }
            }

            impl Default for #name {
                /// The null pointer.
                fn default() -> Self {
                    Self(::core::ptr::null_mut())
                }
            }
        };
        let Some(interface) = interface else { return Ok(out) };

        if let Some(iid) = &interface.iid {
            let iid_name = ident(&format!("IID_{}", def.name));
            let value = guid_literal(set, iid)?;
            let text = format!(" The IID of [`{}`]: `{{{iid}}}`.", def.name);
            out.extend(quote! {
                #[doc = #text]
                pub const #iid_name: GUID = #value;
                impl #name {
                    #[doc = #text]
                    pub const IID: GUID = #iid_name;
                }
            });
        }

        // The vtable: the base's vtable first, then this interface's methods in order.
        let mut fields = Vec::new();
        if let Some(base) = &interface.base {
            let base_vtbl = ident(&format!("{}_Vtbl", base));
            let text = format!(" The methods of [`{base}`], which this interface derives from.");
            fields.push((quote! { #[doc = #text] }, format_ident!("base__"), quote! { #base_vtbl }));
        }
        for method in &interface.methods {
            let mname = ident(&method.name);
            let params = vtable_params(&method.signature);
            let ret = ret_type(&method.signature.ret);
            let doc = self.method_doc(&def.name, method).attrs();
            fields.push((doc, mname, quote! { unsafe extern "system" fn(#(#params),*) #ret }));
        }
        let layout = Target::ALL.map(|t| (t, vtable_layout(set, interface, t)));
        let total: usize = set.base_chain(interface).iter().chain([&interface]).map(|i| i.methods.len()).sum();
        let targets = layout.iter().map(|(t, l)| {
            let target = ident(t.as_str());
            let (size, align) = (Literal::u64_unsuffixed(l.size), Literal::u64_unsuffixed(l.align));
            quote! { #target(size = #size, align = #align) }
        });
        let field_tokens = fields.iter().enumerate().map(|(i, (doc, fname, fty))| {
            let offs = layout.iter().map(|(t, l)| {
                let target = ident(t.as_str());
                let o = Literal::u64_unsuffixed(l.offsets[i].1);
                quote! { #target = #o }
            });
            quote! { #doc #[async_result(offset(#(#offs),*))] pub #fname: #fty }
        });
        out.extend(self.method_calls(def, interface, &set.base_chain(interface))?);
        let mut vdoc = DocText::new();
        vdoc.push(format!(
            "The vtable of [`{}`]: {total} methods, the base interface's first, each taking the interface pointer as `this`. To implement the interface in Rust, point the first member of a `#[repr(C)]` object at a `static` of this type (see the crate's docs).",
            def.name
        ));
        vdoc.section("Layout", layout_table(&layout));
        let vdoc = vdoc.attrs();
        out.extend(quote! {
            #vdoc
            #[async_result(layout(#(#targets),*), bytes = false, display = false)]
            #[repr(C)]
            #[derive(Clone, Copy)]
            pub struct #vtbl { #(#field_tokens),* }
        });
        Ok(out)
    }

    /// `vtable()` and one `unsafe fn` per method of the interface and its bases, calling through
    /// the vtable with the interface pointer as `this`.
    fn method_calls(
        &self,
        def: &AbiType,
        interface: &Interface,
        chain: &[&Interface],
    ) -> Result<TokenStream, EmitError> {
        let name = ident(&def.name);
        let vtbl = ident(&format!("{}_Vtbl", def.name));
        let set = self.catalog.set;
        // The interfaces from the root (IUnknown) to this one, with their names.
        let mut levels: Vec<(&str, &Interface)> = Vec::new();
        let mut names_up = Vec::new();
        let mut base = interface.base.clone();
        while let Some(b) = base.take() {
            if names_up.len() > 16 {
                break;
            }
            names_up.push(b.clone());
            base = set.any_def(&b).and_then(|d| if let Body::Interface(i) = &d.body { i.base.clone() } else { None });
        }
        names_up.reverse();
        for (n, i) in names_up.iter().zip(chain) {
            levels.push((n.as_str(), *i));
        }
        levels.push((&def.name, interface));
        let depth = levels.len();
        let mut taken = std::collections::BTreeSet::from(["vtable".to_string(), "is_null".to_string()]);
        let mut methods = Vec::new();
        for (level, (owner, iface)) in levels.iter().enumerate() {
            let hops: TokenStream = std::iter::repeat_n(quote!(.base__), depth - 1 - level).collect();
            for method in &iface.methods {
                let field = ident(&method.name);
                let fname = if taken.insert(method.name.clone()) {
                    ident(&method.name)
                } else {
                    // The same name in a base and here: the base's is qualified.
                    ident(&format!("{}_{}", owner, method.name))
                };
                let params = params(&method.signature);
                let args = method.signature.params.iter().map(|p| ident(&p.name));
                let ret = ret_type(&method.signature.ret);
                let mut doc = self.method_doc(owner, method);
                doc.section(
                    "Safety",
                    format!(
                        "`self` must point at a live object implementing `{}` (not null), and the arguments must be what the method's documentation asks for.",
                        def.name
                    ),
                );
                let doc = doc.attrs();
                methods.push(quote! {
                    #doc
                    pub unsafe fn #fname(&self, #(#params),*) #ret {
                        // SAFETY: the caller vouches for `self` and the arguments.
                        unsafe { (self.vtable() #hops .#field)(self.0, #(#args),*) }
                    }
                });
            }
        }
        let vtable_doc =
            format!(" The vtable of the object `self` points at (its first member points at it), [`{}`].", vtbl);
        Ok(quote! {
            impl #name {
                /// Whether the pointer is null.
                pub fn is_null(&self) -> bool {
                    self.0.is_null()
                }

                #[doc = #vtable_doc]
                ///
                /// # Safety
                ///
                /// `self` must point at a live object implementing the interface (not null).
                pub unsafe fn vtable(&self) -> &#vtbl {
                    // SAFETY: the object's first member is its vtable pointer (COM's layout);
                    // the caller vouches that the object is there.
                    unsafe { &**self.0.cast::<*const #vtbl>() }
                }

                #(#methods)*
            }
        })
    }

    fn method_doc(&self, interface: &str, method: &Method) -> DocText {
        let mut doc = DocText::new();
        match self.catalog.method_page(interface, &method.name) {
            Some(page) => {
                doc.push(self.docs.markdown(page, &page.item.description.source));
                let sig = &method.signature;
                let mut params = Vec::new();
                for p in &sig.params {
                    let d = page.item.parameters.iter().find(|d| crate::naming::close(&d.name, &p.name));
                    let body = d.map(|d| self.docs.markdown(page, &d.description.source)).unwrap_or_default();
                    let head = format!("- `{}` (`{}`)", p.name, c_spelling(&p.ty, self.catalog.set));
                    params.push(if body.trim().is_empty() { head } else { format!("{head}:\n\n{}", indent(&body)) });
                }
                doc.section("Parameters", params.join("\n"));
                if let Some(returns) = &page.item.returns {
                    doc.section("Return value", self.docs.markdown(page, &returns.source));
                }
                if let Some(remarks) = &page.item.remarks {
                    doc.section("Remarks", self.docs.markdown(page, &remarks.source));
                }
                doc.push(format!(
                    "Documentation: [{}]({}).",
                    crate::emit::markdown::escape_text(&page.item.name),
                    page.url()
                ));
            }
            None => {
                doc.push(format!("`{interface}::{}`; no page documents this method.", method.name));
            }
        }
        doc
    }
}

/// `GUID { data1: .., data2: .., data3: .., data4: [..] }` from `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`,
/// with the field names the ABI gives GUID.
fn guid_literal(set: &crate::abi::AbiSet, iid: &str) -> Result<TokenStream, EmitError> {
    let bad = |why: &'static str| EmitError::BadIid { iid: iid.to_string(), why };
    let Some(Body::Struct(guid)) = set.any_def("GUID").map(|d| &d.body) else {
        return Err(bad("the ABI set has no GUID structure"));
    };
    let names: Vec<&str> = guid.fields.iter().map(|f| f.name.as_str()).collect();
    let [d1, d2, d3, d4] = names[..] else { return Err(bad("GUID does not have four fields")) };
    let hex: String = iid.chars().filter(|c| *c != '-').collect();
    if hex.len() != 32 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(bad("not 32 hex digits"));
    }
    // Hex literals, as the IID is written (the digits were checked above).
    let lit = |range: std::ops::Range<usize>| -> Result<Literal, EmitError> {
        format!("0x{}", &hex[range]).parse::<Literal>().map_err(|_| bad("not hex"))
    };
    let (data1, data2, data3) = (lit(0..8)?, lit(8..12)?, lit(12..16)?);
    let bytes = (0..8).map(|i| lit(16 + 2 * i..18 + 2 * i)).collect::<Result<Vec<_>, _>>()?;
    let (d1, d2, d3, d4) = (ident(d1), ident(d2), ident(d3), ident(d4));
    Ok(quote! { GUID { #d1: #data1, #d2: #data2, #d3: #data3, #d4: [#(#bytes),*] } })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guids_are_written_in_hex_with_the_abi_field_names() {
        let set = crate::abi::bundled().expect("built in the repository").unwrap();
        let tokens = guid_literal(&set, "00000000-0000-0000-c000-000000000046").unwrap().to_string();
        assert_eq!(
            tokens,
            "GUID { data1 : 0x00000000 , data2 : 0x0000 , data3 : 0x0000 , data4 : [0xc0 , 0x00 , 0x00 , 0x00 , 0x00 , 0x00 , 0x00 , 0x46] }"
        );
        assert!(guid_literal(&set, "not-a-guid").is_err());
    }
}
