//! `#[async_result]` on structs and unions: layout assertions (by compiling), byte conversion,
//! accessors and the one-line `Display`.
#![allow(non_camel_case_types, non_snake_case)]

use core::ffi::c_void;
use core::mem::{offset_of, size_of};
use winasync::async_result;
use winasync::support::{LengthMismatch, PlainData, UnknownValue};

#[async_result]
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WinHttpAsyncApi {
    /// The error occurred during a call to WinHttpReceiveResponse.
    API_RECEIVE_RESPONSE = 1,
    /// The error occurred during a call to WinHttpSendRequest.
    #[async_result(name = "API_SEND_REQUEST")]
    SendRequest = 5,
}

#[async_result(layout(x86(size = 8, align = 4), x86_64(size = 16, align = 8), aarch64(size = 16, align = 8)))]
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct WINHTTP_ASYNC_RESULT {
    #[async_result(offset(x86 = 0, x86_64 = 0, aarch64 = 0), values = WinHttpAsyncApi)]
    pub dwResult: usize,
    #[async_result(offset(x86 = 4, x86_64 = 8, aarch64 = 8))]
    pub dwError: u32,
}

/// `packed(2)`: fields at odd offsets for their type, which `Display` must read by value.
#[async_result(layout(x86(size = 14, align = 2), x86_64(size = 14, align = 2), aarch64(size = 14, align = 2)))]
#[repr(C, packed(2))]
#[derive(Clone, Copy)]
struct Packed {
    #[async_result(offset(x86 = 0, x86_64 = 0, aarch64 = 0))]
    tag: u16,
    #[async_result(offset(x86 = 2, x86_64 = 2, aarch64 = 2), values = WinHttpAsyncApi, accessor = api)]
    raw_api: u32,
    #[async_result(offset(x86 = 6, x86_64 = 6, aarch64 = 6))]
    stamp: u64,
}

#[async_result(layout(x86(size = 4, align = 4), x86_64(size = 4, align = 4), aarch64(size = 4, align = 4)))]
#[repr(C)]
#[derive(Clone, Copy)]
union Value {
    #[async_result(offset(x86 = 0, x86_64 = 0))]
    number: u32,
    bytes: [u8; 4],
    real: f32,
}

#[async_result]
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Guid {
    data1: u32,
    data2: u16,
    data3: u16,
    data4: [u8; 8],
}

type QueryInterface = unsafe extern "system" fn(*mut c_void, *const Guid, *mut *mut c_void) -> i32;

/// A COM vtable: function pointers only, each possibly null.
#[async_result(layout(x86(size = 12, align = 4), x86_64(size = 24, align = 8), aarch64(size = 24, align = 8)))]
#[repr(C)]
#[derive(Clone, Copy)]
struct IUnknownVtbl {
    QueryInterface: Option<QueryInterface>,
    #[async_result(offset(x86 = 4, x86_64 = 8, aarch64 = 8))]
    AddRef: Option<unsafe extern "system" fn(*mut c_void) -> u32>,
    Release: Option<unsafe extern "system" fn(*mut c_void) -> u32>,
}

/// A nested struct, a pointer and an array; and a field name that is a keyword.
#[async_result]
#[repr(C)]
#[derive(Clone, Copy)]
struct Nested {
    id: Guid,
    context: *mut c_void,
    #[async_result(values = WinHttpAsyncApi)]
    r#type: u32,
}

struct Label(&'static str);

impl winasync::support::FieldSummary for Label {
    fn fmt_summary(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "{:?}", self.0)
    }
}

/// Not plain data (`bool`, a reference inside `Label`): `bytes = false` leaves out
/// `TryFrom<&[u8]>`. `Label` shows how a downstream type joins `Display`.
#[async_result(bytes = false)]
#[repr(C)]
struct Borrowed {
    done: bool,
    label: Label,
}

/// A foreign field type, which has no `FieldSummary` and cannot be given one here:
/// `display = false` leaves out `Display`.
#[async_result(bytes = false, display = false)]
#[repr(C)]
struct Opaque {
    inner: std::num::Wrapping<u32>,
}

fn assert_plain<T: PlainData>() {}

#[test]
fn contract_struct_display_and_accessor() {
    let result = WINHTTP_ASYNC_RESULT { dwResult: 5, dwError: 12002 };
    assert_eq!(result.dw_result(), Ok(WinHttpAsyncApi::SendRequest));
    assert_eq!(result.to_string(), "WINHTTP_ASYNC_RESULT { dwResult: API_SEND_REQUEST (5), dwError: 12002 }");

    let unknown = WINHTTP_ASYNC_RESULT { dwResult: 99, dwError: 0 };
    assert_eq!(unknown.dw_result(), Err(UnknownValue::new(99usize, "WinHttpAsyncApi")));
    assert_eq!(unknown.to_string(), "WINHTTP_ASYNC_RESULT { dwResult: 99 (unknown WinHttpAsyncApi), dwError: 0 }");
}

#[cfg(target_pointer_width = "64")]
#[test]
fn out_of_repr_range_is_unknown() {
    // 0x1_0000_0005 truncated to u32 would be 5; it must not read as API_SEND_REQUEST.
    let wide = WINHTTP_ASYNC_RESULT { dwResult: 0x1_0000_0005, dwError: 0 };
    assert_eq!(wide.dw_result().unwrap_err().raw(), 0x1_0000_0005);
    assert_eq!(wide.to_string(), "WINHTTP_ASYNC_RESULT { dwResult: 4294967301 (unknown WinHttpAsyncApi), dwError: 0 }");
}

#[test]
fn reads_little_endian_bytes_built_by_hand() {
    // dwResult = 5 (API_SEND_REQUEST), dwError = 12002 (0x2EE2, ERROR_WINHTTP_TIMEOUT).
    #[cfg(target_pointer_width = "64")]
    let bytes: [u8; 16] = [5, 0, 0, 0, 0, 0, 0, 0, 0xE2, 0x2E, 0, 0, 0xAA, 0xAA, 0xAA, 0xAA];
    #[cfg(target_pointer_width = "32")]
    let bytes: [u8; 8] = [5, 0, 0, 0, 0xE2, 0x2E, 0, 0];
    if cfg!(target_endian = "big") {
        return;
    }
    let result = WINHTTP_ASYNC_RESULT::try_from(&bytes[..]).unwrap();
    assert_eq!(result.dwResult, 5);
    assert_eq!(result.dwError, 12002);
    assert_eq!(result.dw_result(), Ok(WinHttpAsyncApi::SendRequest));

    // The buffer need not be aligned.
    let mut shifted = [0u8; 17];
    shifted[1..=bytes.len()].copy_from_slice(&bytes);
    let result = WINHTTP_ASYNC_RESULT::try_from(&shifted[1..=bytes.len()]).unwrap();
    assert_eq!(result.dwError, 12002);
}

#[test]
fn wrong_lengths_are_rejected() {
    let size = size_of::<WINHTTP_ASYNC_RESULT>();
    let buffer = [0u8; 64];
    for len in [0, 1, size - 1, size + 1, 64] {
        let err = WINHTTP_ASYNC_RESULT::try_from(&buffer[..len]).unwrap_err();
        assert_eq!(err, LengthMismatch::new("WINHTTP_ASYNC_RESULT", size, len));
        assert_eq!((err.expected(), err.actual()), (size, len));
        assert_eq!(err.to_string(), format!("WINHTTP_ASYNC_RESULT is {size} bytes, got {len}"));
    }
    assert!(WINHTTP_ASYNC_RESULT::try_from(&buffer[..size]).is_ok());
}

#[test]
fn packed_struct() {
    assert_eq!((size_of::<Packed>(), align_of::<Packed>(), offset_of!(Packed, stamp)), (14, 2, 6));
    let packed = Packed { tag: 7, raw_api: 1, stamp: u64::MAX };
    assert_eq!(packed.api(), Ok(WinHttpAsyncApi::API_RECEIVE_RESPONSE));
    assert_eq!(packed.to_string(), "Packed { tag: 7, raw_api: API_RECEIVE_RESPONSE (1), stamp: 18446744073709551615 }");

    let mut bytes = [0u8; 14];
    bytes[0..2].copy_from_slice(&3u16.to_le_bytes());
    bytes[2..6].copy_from_slice(&5u32.to_le_bytes());
    bytes[6..14].copy_from_slice(&42u64.to_le_bytes());
    if cfg!(target_endian = "little") {
        let read = Packed::try_from(&bytes[..]).unwrap();
        assert_eq!({ read.tag }, 3);
        assert_eq!(read.api(), Ok(WinHttpAsyncApi::SendRequest));
        assert_eq!({ read.stamp }, 42);
    }
    assert_eq!(Packed::try_from(&bytes[..13]).err().unwrap().expected(), 14);
}

#[test]
fn union() {
    assert_plain::<Value>();
    let value = Value::try_from(&1.5f32.to_ne_bytes()[..]).unwrap();
    // SAFETY: every field of `Value` is plain data of the same size.
    assert_eq!(unsafe { value.real }, 1.5);
    assert_eq!(unsafe { value.number }, 1.5f32.to_bits());
    assert_eq!(value.to_string(), "Value { .. }");
    assert_eq!(Value::try_from(&[0u8; 3][..]).err().unwrap().to_string(), "Value is 4 bytes, got 3");
}

unsafe extern "system" fn add_ref(_: *mut c_void) -> u32 {
    2
}

#[test]
fn vtable() {
    assert_plain::<IUnknownVtbl>();
    let empty = IUnknownVtbl::try_from(&[0u8; size_of::<IUnknownVtbl>()][..]).unwrap();
    assert!(empty.QueryInterface.is_none() && empty.AddRef.is_none() && empty.Release.is_none());
    assert_eq!(empty.to_string(), "IUnknownVtbl { QueryInterface: null, AddRef: null, Release: null }");

    // One function pointer, taken once: Rust does not promise two reifications of a function
    // give the same address (Miri gives different ones).
    let f: unsafe extern "system" fn(*mut c_void) -> u32 = add_ref;
    let vtbl = IUnknownVtbl { QueryInterface: None, AddRef: Some(f), Release: None };
    let shown = vtbl.to_string();
    let expected = format!("AddRef: {:p}, Release", f as *const ());
    assert!(shown.contains(&expected), "{shown}");
    // SAFETY: `add_ref` ignores its argument.
    assert_eq!(unsafe { (vtbl.AddRef.unwrap())(core::ptr::null_mut()) }, 2);
}

#[test]
fn nested_pointer_array_and_keyword_field() {
    assert_plain::<Nested>();
    let id = Guid { data1: 0x0000_0000, data2: 0, data3: 0, data4: [0xC0, 0, 0, 0, 0, 0, 0, 0x46] };
    let nested = Nested { id, context: core::ptr::null_mut(), r#type: 5 };
    assert_eq!(nested.r#type(), Ok(WinHttpAsyncApi::SendRequest));
    assert_eq!(
        nested.to_string(),
        "Nested { id: Guid { data1: 0, data2: 0, data3: 0, data4: [192, 0, 0, 0, 0, 0, 0, 70] }, \
         context: 0x0, type: API_SEND_REQUEST (5) }"
    );
    let bytes = [0u8; size_of::<Nested>()];
    assert_eq!(Nested::try_from(&bytes[..]).unwrap().id, Guid { data1: 0, data2: 0, data3: 0, data4: [0; 8] });
}

#[test]
fn opt_outs() {
    let borrowed = Borrowed { done: true, label: Label("x") };
    assert_eq!(borrowed.to_string(), "Borrowed { done: true, label: \"x\" }");
    let opaque = Opaque { inner: std::num::Wrapping(1) };
    assert_eq!(opaque.inner.0, 1);
}
