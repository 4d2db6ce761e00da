//! Rust types for the Windows SDK's asynchronous-result family (`OVERLAPPED`,
//! `WINHTTP_ASYNC_RESULT`, `INTERNET_ASYNC_RESULT`, `RPC_ASYNC_STATE`, `IMFAsyncResult`,
//! `AsyncStatus`, ...), generated from the SDK's documentation pages in `docs-src/` and checked
//! against the Windows metadata, and the safe glue between a raw status callback and a typed
//! result.
//!
//! A WinHTTP status callback, complete: the only `unsafe` is the decoding call, whose contract is
//! the callback's own (the pointer and length are the ones WinHTTP passed, used during the call).
//!
//! ```
//! use core::ffi::c_void;
//! use winasync::winhttp::{WinhttpHandleKind, WinhttpStatusInfo};
//! use winasync::{WinhttpAsyncResultApi, WinhttpError};
//!
//! /// Installed with `WinHttpSetStatusCallback` on a request handle.
//! unsafe extern "system" fn on_status(_request: *mut c_void, _context: usize, status: u32, info: *mut c_void, len: u32) {
//!     // SAFETY: WinHTTP's arguments, read during the call.
//!     let decoded = unsafe { WinhttpStatusInfo::from_callback(status, info, len, WinhttpHandleKind::Request) };
//!     match decoded {
//!         Ok(WinhttpStatusInfo::RequestError(result)) => match (result.dw_result(), result.dw_error()) {
//!             (Ok(WinhttpAsyncResultApi::SendRequest), Ok(WinhttpError::WinhttpCannotConnect)) => {
//!                 println!("nobody listens there")
//!             }
//!             (api, error) => println!("{api:?} failed: {error:?}"),
//!         },
//!         Ok(WinhttpStatusInfo::ConnectedToServer(address)) => println!("connected to {}", String::from_utf16_lossy(address)),
//!         Ok(WinhttpStatusInfo::DataAvailable(bytes)) => println!("{bytes} bytes to read"),
//!         Ok(WinhttpStatusInfo::ReadComplete(data)) => println!("read {} bytes", data.len()),
//!         Ok(other) => println!("{other}"),
//!         // A status nobody knows, or a pointer or length that does not fit its payload: the error
//!         // keeps all three raw values.
//!         Err(e) => eprintln!("{e}"),
//!     }
//! }
//!
//! // What WinHTTP calls it with when the server refuses the connection (as Wine does on x86_64
//! // and i686): a WINHTTP_ASYNC_RESULT { API_SEND_REQUEST, ERROR_WINHTTP_CANNOT_CONNECT }.
//! let result = winasync::WINHTTP_ASYNC_RESULT { dwResult: 5, dwError: 12029 };
//! let (status, info) = (winasync::WINHTTP_CALLBACK_STATUS_REQUEST_ERROR, &raw const result as *mut c_void);
//! unsafe { on_status(core::ptr::null_mut(), 0, status, info, size_of_val(&result) as u32) };
//! // And with a status whose information is NULL:
//! unsafe { on_status(core::ptr::null_mut(), 0, winasync::WINHTTP_CALLBACK_STATUS_SENDING_REQUEST, core::ptr::null_mut(), 0) };
//! ```
//!
//! [`winhttp::WinhttpStatusInfo`] and [`wininet::InternetStatusInfo`] are generated from the status
//! tables of the callbacks' pages: each status's payload is what its row says (a record by value, a
//! `DWORD`, a handle, the caller's buffer, a string, or nothing), read by rules, or, where the
//! prose is vague or wrong, decided by a reviewed mapping (the generator's `status-payloads.toml`) whose
//! evidence the variant's docs quote. Every generated record also has an inherent
//! `unsafe fn read_raw(ptr, len)`: null is an error whatever the length, the length must be exact,
//! and the read is unaligned.
//!
//! One module per header ([`winhttp`], [`wininet`], [`minwinbase`], [`winsock2`], [`rpcasync`],
//! [`mfobjects`], [`asyncinfo`], ...; types several headers share are in [`foundation`]), all
//! re-exported here. Every type has the C name and the exact C layout on x86, x86_64 and aarch64
//! (checked at compile time), and the page's documentation. Fields keep the ABI's integer types,
//! so any value the OS hands over is valid; enums are raw newtypes over their integer
//! ([`WINHTTP_WEB_SOCKET_BUFFER_TYPE`]) with a closed Rust enum ([`WinhttpWebSocketBufferType`])
//! reached with `TryFrom`, whose error keeps the raw value. Value tables inside fields are enums
//! too ([`WinhttpAsyncResultApi`] for [`WINHTTP_ASYNC_RESULT::dwResult`]), and so are the error
//! codes of the async results ([`WinhttpError`] for [`WINHTTP_ASYNC_RESULT::dwError`]): their
//! accessors (`dw_result()`, `dw_error()`) convert, their `name()` is the C name.
//!
//! ```
//! use winasync::{WINHTTP_ASYNC_RESULT, WinhttpAsyncResultApi, WinhttpError};
//!
//! // The bytes WinHTTP hands to the status callback with WINHTTP_CALLBACK_STATUS_REQUEST_ERROR
//! // (`lpvStatusInformation`, `dwStatusInformationLength` bytes).
//! let mut bytes = [0u8; size_of::<WINHTTP_ASYNC_RESULT>()];
//! bytes[..size_of::<usize>()].copy_from_slice(&5usize.to_ne_bytes());
//! let at = core::mem::offset_of!(WINHTTP_ASYNC_RESULT, dwError);
//! bytes[at..at + 4].copy_from_slice(&12002u32.to_ne_bytes());
//!
//! let result = WINHTTP_ASYNC_RESULT::try_from(&bytes[..]).unwrap();
//! assert_eq!(result.dw_result(), Ok(WinhttpAsyncResultApi::SendRequest));
//! assert_eq!(result.dw_error(), Ok(WinhttpError::WinhttpTimeout));
//! assert_eq!(result.to_string(), "WINHTTP_ASYNC_RESULT { dwResult: API_SEND_REQUEST (5), dwError: ERROR_WINHTTP_TIMEOUT (12002) }");
//! // A value the page does not list, but the Windows metadata has:
//! assert_eq!(WinhttpAsyncResultApi::try_from(7), Ok(WinhttpAsyncResultApi::GetProxySettings));
//! // And one nobody knows yet:
//! assert_eq!(WinhttpAsyncResultApi::try_from(99).unwrap_err().raw(), 99);
//! ```
//!
//! # COM interfaces: calling and implementing
//!
//! An interface type ([`IMFAsyncResult`], [`IAsyncInfo`], ...) is the pointer COM passes around.
//! It points at the object, whose first member points at the vtable ([`IMFAsyncResult_Vtbl`], the
//! base interface's methods first). Its `unsafe` methods, named as in C, call through the vtable:
//! `result.GetStatus()`, `result.Release()`. To implement one in Rust, lay out a `#[repr(C)]`
//! object whose first member points at a `static` vtable, and hand out a pointer to the object:
//!
//! ```
//! use core::ffi::c_void;
//! use core::sync::atomic::{AtomicU32, Ordering};
//! use winasync::{GUID, HRESULT, IMFAsyncCallback, IMFAsyncCallback_Vtbl, IMFAsyncResult, IUnknown_Vtbl};
//!
//! /// An `IMFAsyncCallback` in Rust: counts its calls.
//! #[repr(C)]
//! struct Counter {
//!     /// First: what an `IMFAsyncCallback*` points at holds the vtable pointer.
//!     vtbl: &'static IMFAsyncCallback_Vtbl,
//!     refs: AtomicU32,
//!     invoked: AtomicU32,
//! }
//!
//! static COUNTER_VTBL: IMFAsyncCallback_Vtbl = IMFAsyncCallback_Vtbl {
//!     base__: IUnknown_Vtbl { QueryInterface: query_interface, AddRef: add_ref, Release: release },
//!     GetParameters: get_parameters,
//!     Invoke: invoke,
//! };
//!
//! const S_OK: HRESULT = 0;
//! const E_NOINTERFACE: HRESULT = 0x8000_4002_u32 as HRESULT;
//! const E_NOTIMPL: HRESULT = 0x8000_4001_u32 as HRESULT;
//!
//! unsafe extern "system" fn query_interface(this: *mut c_void, iid: *const GUID, out: *mut *mut c_void) -> HRESULT {
//!     // SAFETY: COM's contract: `iid` and `out` are valid; `this` is a `Counter`.
//!     unsafe {
//!         if *iid == winasync::IID_IUnknown || *iid == winasync::IID_IMFAsyncCallback {
//!             *out = this;
//!             add_ref(this);
//!             S_OK
//!         } else {
//!             *out = core::ptr::null_mut();
//!             E_NOINTERFACE
//!         }
//!     }
//! }
//!
//! unsafe extern "system" fn add_ref(this: *mut c_void) -> u32 {
//!     // SAFETY: `this` is a live `Counter` (COM's contract).
//!     let counter = unsafe { &*this.cast::<Counter>() };
//!     counter.refs.fetch_add(1, Ordering::Relaxed) + 1
//! }
//!
//! unsafe extern "system" fn release(this: *mut c_void) -> u32 {
//!     // SAFETY: as above; the last reference frees the box it came from.
//!     let left = unsafe { &*this.cast::<Counter>() }.refs.fetch_sub(1, Ordering::AcqRel) - 1;
//!     if left == 0 {
//!         drop(unsafe { Box::from_raw(this.cast::<Counter>()) });
//!     }
//!     left
//! }
//!
//! unsafe extern "system" fn get_parameters(_: *mut c_void, _: *mut u32, _: *mut u32) -> HRESULT {
//!     E_NOTIMPL // the documented answer for "default behaviour"
//! }
//!
//! unsafe extern "system" fn invoke(this: *mut c_void, _result: IMFAsyncResult) -> HRESULT {
//!     // SAFETY: as above.
//!     unsafe { &*this.cast::<Counter>() }.invoked.fetch_add(1, Ordering::Relaxed);
//!     S_OK
//! }
//!
//! // Make one, with one reference, and call it as Media Foundation would (`MFInvokeCallback`).
//! let object = Box::into_raw(Box::new(Counter { vtbl: &COUNTER_VTBL, refs: AtomicU32::new(1), invoked: AtomicU32::new(0) }));
//! let callback = IMFAsyncCallback(object.cast());
//! unsafe {
//!     assert_eq!(callback.Invoke(IMFAsyncResult::default()), S_OK);
//!     assert_eq!(callback.GetParameters(&mut 0, &mut 0), E_NOTIMPL);
//!     assert_eq!((*object).invoked.load(Ordering::Relaxed), 1);
//!     // QueryInterface for IUnknown gives the same object, with one more reference.
//!     let mut unknown = core::ptr::null_mut();
//!     assert_eq!(callback.QueryInterface(&winasync::IID_IUnknown, &mut unknown), S_OK);
//!     assert_eq!(unknown, callback.0);
//!     assert_eq!(callback.Release(), 1);
//!     assert_eq!(callback.Release(), 0); // freed
//! }
//! ```
//!
//! With the `windows-sys` feature, records convert to and from windows-sys's types (`From`).
//!
//! With the `macros` feature, [`async_result`], the attribute the generated types were expanded
//! from, is there for your own types (see below).
//!
#![cfg_attr(feature = "macros", doc = include_str!("../docs/attribute.md"))]
#![no_std]
#![warn(missing_docs)]

// The generated code names `::winasync::support`; this makes that path work here too.
extern crate self as winasync;

#[cfg(feature = "macros")]
pub use winasync_macros::async_result;

pub mod support;

// The generated modules (`winhttp`, `wininet`, ...), each re-exported at the root: the reviewed
// snapshot the package ships, or, with the `regenerate` feature, what build.rs just generated
// from docs-src/ (tests/snapshot.rs checks that the two are the same).
#[cfg(not(feature = "regenerate"))]
include!("../snapshot/winasync.rs");
#[cfg(feature = "regenerate")]
include!(concat!(env!("OUT_DIR"), "/winasync.rs"));
