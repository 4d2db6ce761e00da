//! A crate that is not part of winasync generating Rust types for sdk-api pages of its own, at
//! build time, the way a crate runs `prost-build` or `bindgen` from its build script.
//!
//! winasync ships the asynchronous-result family of the Windows SDK. The generator behind it,
//! `winasync-codegen`, works on any sdk-api page (the markdown sources of
//! learn.microsoft.com's Win32 API reference, in the `MicrosoftDocs/sdk-api` repository). This
//! crate takes four pages that winasync does not ship and builds types from them:
//!
//! | Page | Generated |
//! |---|---|
//! | `pages/winbase/ns-winbase-comstat.md` | the struct [`COMSTAT`] |
//! | `pages/sspi/ns-sspi-secbuffer.md` | the struct [`SecBuffer`], and [`SecBufferBufferType`] for the value table of its `BufferType` field |
//! | `pages/ntsecapi/ne-ntsecapi-security_logon_type.md` | the raw [`SECURITY_LOGON_TYPE`] and its closed enum [`SecurityLogonType`] |
//! | `pages/wtypes/ne-wtypes-tagstatflag.md` | the raw [`STATFLAG`] and its closed enum [`Statflag`] |
//!
//! Each type carries the page's text (description, per-field and per-value docs, remarks,
//! requirements, see-also) as its rustdoc, and the layout of the Windows metadata: `#[repr(C)]`
//! fields with the ABI's integer types, and compile-time assertions of the size, alignment and
//! every field offset on x86, x86_64 and aarch64. The docs come from the pages; the layout comes
//! from `pages/abi.json`, the ABI snapshot checked in beside them.
//!
//! # Doing the same for your own pages
//!
//! 1. Put the pages in a folder of your crate, one subfolder per header as in sdk-api
//!    (`pages/<header>/<page>.md`), byte for byte as they are upstream.
//! 2. Write their ABI snapshot once, and again whenever the set of pages changes:
//!    `winasync-codegen abi --out pages/abi.json pages` (the CLI reads the Windows metadata
//!    that windows-bindgen 0.58 ships; the build script never does). `winasync-codegen check
//!    --abi pages/abi.json pages` lists what the pages and the metadata disagree on. A page
//!    the snapshot was written without fails the build (`stale-abi-snapshot`), so write the
//!    snapshot in the same change as the page.
//! 3. Build-depend on `winasync-codegen` with `default-features = false`, and depend on
//!    `winasync` with `default-features = false` (the generated code calls its `support`
//!    module). `build.rs`:
//!
//!    ```ignore
//!    fn main() -> std::process::ExitCode {
//!        let out_dir = std::path::PathBuf::from(std::env::var_os("OUT_DIR").unwrap());
//!        match winasync_codegen::Builder::new().docs("pages").write(out_dir.join("bindings.rs")) {
//!            Ok(_) => std::process::ExitCode::SUCCESS,
//!            // The builder has already told cargo why (`cargo::error=` lines).
//!            Err(_) => std::process::ExitCode::FAILURE,
//!        }
//!    }
//!    ```
//! 4. Include the output: `include!(concat!(env!("OUT_DIR"), "/bindings.rs"));`.
//!
//! The build script reruns when a page or the snapshot changes, and a page with an error fails
//! the build with the error, rustc-style, pointing into the page.
//!
//! # What the types offer
//!
//! ```
//! use winasync_example_downstream::{COMSTAT, SECURITY_LOGON_TYPE, SecurityLogonType};
//!
//! // A record from the bytes an API handed over: exactly its size, any alignment.
//! let mut bytes = [0u8; size_of::<COMSTAT>()];
//! bytes[4..8].copy_from_slice(&17u32.to_ne_bytes()); // cbInQue
//! let status = COMSTAT::try_from(&bytes[..]).unwrap();
//! assert_eq!(status.cbInQue, 17);
//! assert_eq!(status.to_string(), "COMSTAT { _bitfield: 0, cbInQue: 17, cbOutQue: 0 }");
//!
//! // An enum: the raw newtype holds any value; the closed enum only the known ones.
//! let raw = SECURITY_LOGON_TYPE(10);
//! assert_eq!(SecurityLogonType::try_from(raw), Ok(SecurityLogonType::RemoteInteractive));
//! assert_eq!(raw.to_string(), "RemoteInteractive (10)");
//! assert_eq!(
//!     format!("{:#}", SecurityLogonType::RemoteInteractive),
//!     "A terminal server session that is both remote and interactive."
//! );
//! ```

include!(concat!(env!("OUT_DIR"), "/bindings.rs"));
