//! Decoding what the OS hands a callback: `read_raw` on every kind of bad pointer and length, and
//! the generated status decoders on every status, with the payloads the docs (and, where they
//! are wrong, Wine's sources) say each status carries. Run under Miri too (`.ci/miri`): the reads
//! are unaligned on purpose, and nothing may read past the length or dereference null.

use core::ffi::c_void;
use winasync::support::{StatusInfoProblem, UnknownValue};
use winasync::winhttp::{
    WINHTTP_CALLBACK_STATUS_CONNECTED_TO_SERVER, WINHTTP_CALLBACK_STATUS_DATA_AVAILABLE,
    WINHTTP_CALLBACK_STATUS_HANDLE_CREATED, WINHTTP_CALLBACK_STATUS_READ_COMPLETE,
    WINHTTP_CALLBACK_STATUS_REQUEST_ERROR, WINHTTP_CALLBACK_STATUS_SENDING_REQUEST,
    WINHTTP_CALLBACK_STATUS_WRITE_COMPLETE, WinhttpCallbackStatus, WinhttpHandleKind, WinhttpStatusInfo,
};
use winasync::wininet::{INTERNET_STATUS_HANDLE_CREATED, INTERNET_STATUS_REQUEST_COMPLETE, InternetStatusInfo};
use winasync::{
    INTERNET_ASYNC_RESULT, InternetError, WINHTTP_ASYNC_RESULT, WINHTTP_WEB_SOCKET_ASYNC_RESULT,
    WINHTTP_WEB_SOCKET_BUFFER_TYPE, WINHTTP_WEB_SOCKET_STATUS, WinhttpAsyncResultApi, WinhttpError,
};

/// Bytes at an odd address (so misaligned for anything wider than a byte).
struct Unaligned {
    storage: Vec<u8>,
    offset: usize,
    len: usize,
}

impl Unaligned {
    fn new(bytes: &[u8]) -> Self {
        let mut storage = vec![0xA5; bytes.len() + 1];
        let offset = if (storage.as_ptr() as usize).is_multiple_of(2) { 1 } else { 0 };
        storage[offset..offset + bytes.len()].copy_from_slice(bytes);
        let u = Unaligned { storage, offset, len: bytes.len() };
        assert_eq!(u.ptr() as usize % 2, 1, "the pointer is odd");
        u
    }

    fn ptr(&self) -> *const c_void {
        self.storage[self.offset..].as_ptr().cast()
    }

    fn len(&self) -> usize {
        self.len
    }
}

/// `WINHTTP_ASYNC_RESULT { dwResult, dwError }` as its bytes, with padding bytes not zero (real
/// payloads carry whatever was on the stack there).
fn winhttp_result_bytes(result: usize, error: u32) -> Vec<u8> {
    let mut bytes = vec![0xCC; size_of::<WINHTTP_ASYNC_RESULT>()];
    bytes[..size_of::<usize>()].copy_from_slice(&result.to_ne_bytes());
    let at = core::mem::offset_of!(WINHTTP_ASYNC_RESULT, dwError);
    bytes[at..at + 4].copy_from_slice(&error.to_ne_bytes());
    bytes
}

// -------------------------------------------------------------------------------------------
// read_raw
// -------------------------------------------------------------------------------------------

#[test]
fn read_raw_reads_an_unaligned_record() {
    let bytes = Unaligned::new(&winhttp_result_bytes(5, 12029));
    let result = unsafe { WINHTTP_ASYNC_RESULT::read_raw(bytes.ptr(), bytes.len()) }.unwrap();
    assert_eq!((result.dwResult, result.dwError), (5, 12029));
    assert_eq!(result.dw_result(), Ok(WinhttpAsyncResultApi::SendRequest));
    assert_eq!(result.dw_error(), Ok(WinhttpError::WinhttpCannotConnect));
}

#[test]
fn read_raw_refuses_null_whatever_the_length() {
    for len in [0, 1, size_of::<WINHTTP_ASYNC_RESULT>(), usize::MAX] {
        let err = unsafe { WINHTTP_ASYNC_RESULT::read_raw(core::ptr::null(), len) }.unwrap_err();
        assert!(err.is_null());
        assert_eq!((err.address(), err.len(), err.expected()), (0, len, size_of::<WINHTTP_ASYNC_RESULT>()));
    }
}

#[test]
fn read_raw_needs_the_exact_length() {
    let bytes = winhttp_result_bytes(1, 0);
    let size = size_of::<WINHTTP_ASYNC_RESULT>();
    for len in [0, 1, size - 1, size + 1] {
        let err = unsafe { WINHTTP_ASYNC_RESULT::read_raw(bytes.as_ptr().cast(), len) }.unwrap_err();
        assert!(!err.is_null());
        assert_eq!((err.len(), err.expected()), (len, size));
        assert_eq!(err.to_string(), format!("WINHTTP_ASYNC_RESULT is {size} bytes, got {len}"));
    }
}

// -------------------------------------------------------------------------------------------
// WinHTTP
// -------------------------------------------------------------------------------------------

unsafe fn winhttp(
    status: u32,
    info: *const c_void,
    len: usize,
    kind: WinhttpHandleKind,
) -> Result<WinhttpStatusInfo<'static>, winasync::support::StatusInfoError> {
    unsafe { WinhttpStatusInfo::from_callback(status, info, len as u32, kind) }
}

#[test]
fn winhttp_request_error_is_the_async_result() {
    // As Wine sends it for a request to a closed port: API_SEND_REQUEST, ERROR_WINHTTP_CANNOT_CONNECT,
    // 16 bytes on 64-bit targets and 8 on 32-bit ones.
    let bytes = Unaligned::new(&winhttp_result_bytes(5, 12029));
    assert_eq!(bytes.len(), if cfg!(target_pointer_width = "64") { 16 } else { 8 });
    let info =
        unsafe { winhttp(WINHTTP_CALLBACK_STATUS_REQUEST_ERROR, bytes.ptr(), bytes.len(), WinhttpHandleKind::Request) }
            .unwrap();
    let WinhttpStatusInfo::RequestError(result) = info else { panic!("{info:?}") };
    assert_eq!(result.dw_result(), Ok(WinhttpAsyncResultApi::SendRequest));
    assert_eq!(result.dw_error(), Ok(WinhttpError::WinhttpCannotConnect));
    assert_eq!(result.dw_error().unwrap().to_string(), "ERROR_WINHTTP_CANNOT_CONNECT");
    assert_eq!(info.status(), WinhttpCallbackStatus::RequestError);
    assert_eq!(
        info.to_string(),
        "WINHTTP_CALLBACK_STATUS_REQUEST_ERROR: WINHTTP_ASYNC_RESULT { dwResult: API_SEND_REQUEST (5), dwError: ERROR_WINHTTP_CANNOT_CONNECT (12029) }"
    );
}

#[test]
fn winhttp_websocket_handles_carry_their_own_payloads() {
    // READ_COMPLETE on a request handle is the caller's buffer, on a WebSocket handle a
    // WINHTTP_WEB_SOCKET_STATUS.
    let data = *b"hello";
    let info =
        unsafe { winhttp(WINHTTP_CALLBACK_STATUS_READ_COMPLETE, data.as_ptr().cast(), 5, WinhttpHandleKind::Request) }
            .unwrap();
    assert!(matches!(info, WinhttpStatusInfo::ReadComplete(b"hello")), "{info:?}");

    let status = WINHTTP_WEB_SOCKET_STATUS { dwBytesTransferred: 5, eBufferType: WINHTTP_WEB_SOCKET_BUFFER_TYPE(2) };
    let ptr = (&raw const status).cast::<c_void>();
    let info = unsafe {
        winhttp(WINHTTP_CALLBACK_STATUS_READ_COMPLETE, ptr, size_of_val(&status), WinhttpHandleKind::WebSocket)
    }
    .unwrap();
    let WinhttpStatusInfo::WebSocketReadComplete(got) = info else { panic!("{info:?}") };
    assert_eq!(got.dwBytesTransferred, 5);
    assert_eq!(info.status(), WinhttpCallbackStatus::ReadComplete);
    // WRITE_COMPLETE: a DWORD on a request handle, the status on a WebSocket handle.
    let info =
        unsafe { winhttp(WINHTTP_CALLBACK_STATUS_WRITE_COMPLETE, ptr, 8, WinhttpHandleKind::WebSocket) }.unwrap();
    assert!(matches!(info, WinhttpStatusInfo::WebSocketWriteComplete(_)), "{info:?}");
    let written = 42u32;
    let info = unsafe {
        winhttp(WINHTTP_CALLBACK_STATUS_WRITE_COMPLETE, (&raw const written).cast(), 4, WinhttpHandleKind::Connect)
    }
    .unwrap();
    assert!(matches!(info, WinhttpStatusInfo::WriteComplete(42)), "{info:?}");

    let mut bytes = vec![0u8; size_of::<WINHTTP_WEB_SOCKET_ASYNC_RESULT>()];
    bytes[..size_of::<WINHTTP_ASYNC_RESULT>()].copy_from_slice(&winhttp_result_bytes(0, 12017));
    let info = unsafe {
        winhttp(WINHTTP_CALLBACK_STATUS_REQUEST_ERROR, bytes.as_ptr().cast(), bytes.len(), WinhttpHandleKind::WebSocket)
    }
    .unwrap();
    let WinhttpStatusInfo::WebSocketRequestError(result) = info else { panic!("{info:?}") };
    assert_eq!(result.AsyncResult.dw_error(), Ok(WinhttpError::WinhttpOperationCancelled));
    // The plain WINHTTP_ASYNC_RESULT is shorter: on a WebSocket handle, a length error.
    let short = winhttp_result_bytes(0, 12017);
    let err = unsafe {
        winhttp(WINHTTP_CALLBACK_STATUS_REQUEST_ERROR, short.as_ptr().cast(), short.len(), WinhttpHandleKind::WebSocket)
    }
    .unwrap_err();
    assert_eq!(err.problem(), StatusInfoProblem::Length { expected: size_of::<WINHTTP_WEB_SOCKET_ASYNC_RESULT>() });
}

#[test]
fn winhttp_strings_are_utf16_units_with_their_nul_counted() {
    // "127.0.0.1" and its NUL: a length of 10, as WinHTTP sends it.
    let text: Vec<u16> = "127.0.0.1\0".encode_utf16().collect();
    let info = unsafe {
        winhttp(WINHTTP_CALLBACK_STATUS_CONNECTED_TO_SERVER, text.as_ptr().cast(), 10, WinhttpHandleKind::Request)
    }
    .unwrap();
    let WinhttpStatusInfo::ConnectedToServer(units) = info else { panic!("{info:?}") };
    assert_eq!(String::from_utf16(units).unwrap(), "127.0.0.1");
    assert_eq!(info.to_string(), "WINHTTP_CALLBACK_STATUS_CONNECTED_TO_SERVER: \"127.0.0.1\"");
    // Without a NUL, all the units are the string; null with length 0 is empty.
    let info = unsafe {
        winhttp(WINHTTP_CALLBACK_STATUS_CONNECTED_TO_SERVER, text.as_ptr().cast(), 3, WinhttpHandleKind::Request)
    }
    .unwrap();
    assert!(matches!(info, WinhttpStatusInfo::ConnectedToServer(u) if u == &text[..3]));
    let info = unsafe {
        winhttp(WINHTTP_CALLBACK_STATUS_CONNECTED_TO_SERVER, core::ptr::null(), 0, WinhttpHandleKind::Request)
    }
    .unwrap();
    assert!(matches!(info, WinhttpStatusInfo::ConnectedToServer([])));
    // At an odd address a string of u16 cannot be made: an error, not a misaligned slice.
    let bytes: Vec<u8> = text.iter().flat_map(|u| u.to_ne_bytes()).collect();
    let odd = Unaligned::new(&bytes);
    let err =
        unsafe { winhttp(WINHTTP_CALLBACK_STATUS_CONNECTED_TO_SERVER, odd.ptr(), 10, WinhttpHandleKind::Request) }
            .unwrap_err();
    assert_eq!(err.problem(), StatusInfoProblem::Misaligned);
    assert_eq!((err.address(), err.len()), (odd.ptr() as usize, 10));
}

#[test]
fn winhttp_dwords_handles_and_nothing() {
    let available = 1234u32;
    let bytes = Unaligned::new(&available.to_ne_bytes());
    let info =
        unsafe { winhttp(WINHTTP_CALLBACK_STATUS_DATA_AVAILABLE, bytes.ptr(), 4, WinhttpHandleKind::Request) }.unwrap();
    assert!(matches!(info, WinhttpStatusInfo::DataAvailable(1234)), "{info:?}");
    assert_eq!(info.to_string(), "WINHTTP_CALLBACK_STATUS_DATA_AVAILABLE: 1234");
    // A DWORD status with another length, or null: errors keeping status, pointer and length.
    let err = unsafe { winhttp(WINHTTP_CALLBACK_STATUS_DATA_AVAILABLE, bytes.ptr(), 8, WinhttpHandleKind::Request) }
        .unwrap_err();
    assert_eq!(err.problem(), StatusInfoProblem::Length { expected: 4 });
    assert_eq!((err.status(), err.len()), (WINHTTP_CALLBACK_STATUS_DATA_AVAILABLE, 8));
    assert_eq!(err.status_name(), Some("WINHTTP_CALLBACK_STATUS_DATA_AVAILABLE"));
    let err =
        unsafe { winhttp(WINHTTP_CALLBACK_STATUS_DATA_AVAILABLE, core::ptr::null(), 4, WinhttpHandleKind::Request) }
            .unwrap_err();
    assert_eq!(err.problem(), StatusInfoProblem::Null);

    let handle = core::ptr::without_provenance_mut::<c_void>(0x1234);
    let info = unsafe {
        winhttp(
            WINHTTP_CALLBACK_STATUS_HANDLE_CREATED,
            (&raw const handle).cast(),
            size_of::<usize>(),
            WinhttpHandleKind::Session,
        )
    }
    .unwrap();
    assert!(matches!(info, WinhttpStatusInfo::HandleCreated(h) if h == handle), "{info:?}");

    // A status that carries nothing ignores pointer and length, whatever they are.
    let info = unsafe {
        winhttp(
            WINHTTP_CALLBACK_STATUS_SENDING_REQUEST,
            core::ptr::without_provenance(0x10),
            99,
            WinhttpHandleKind::Request,
        )
    }
    .unwrap();
    assert!(matches!(info, WinhttpStatusInfo::SendingRequest));
    assert_eq!(info.to_string(), "WINHTTP_CALLBACK_STATUS_SENDING_REQUEST");
}

#[test]
fn winhttp_unknown_statuses_are_errors_that_keep_everything() {
    let err = unsafe { winhttp(0x8000_0000, core::ptr::without_provenance(0x20), 7, WinhttpHandleKind::Request) }
        .unwrap_err();
    assert_eq!(err.problem(), StatusInfoProblem::UnknownStatus);
    assert_eq!((err.status(), err.address(), err.len(), err.status_name()), (0x8000_0000, 0x20, 7, None));
    assert_eq!(err.to_string(), "status 0x80000000: unknown status (information length 7)");
}

#[test]
fn every_winhttp_status_decodes_or_says_why_not() {
    // Every known status, on every kind of handle, with null and length 0: statuses that carry
    // nothing or a slice succeed (and report their status); the others are Null errors.
    let kinds = [
        WinhttpHandleKind::Session,
        WinhttpHandleKind::Connect,
        WinhttpHandleKind::Request,
        WinhttpHandleKind::WebSocket,
    ];
    for status in WinhttpCallbackStatus::VALUES {
        for kind in kinds {
            match unsafe { winhttp(u32::from(*status), core::ptr::null(), 0, kind) } {
                Ok(info) => assert_eq!(info.status(), *status, "{status} on {kind:?}"),
                Err(err) => {
                    assert_eq!(err.problem(), StatusInfoProblem::Null, "{status} on {kind:?}");
                    assert_eq!(err.status_name(), Some(status.name()));
                }
            }
        }
    }
}

// -------------------------------------------------------------------------------------------
// WinINet
// -------------------------------------------------------------------------------------------

fn internet_result_bytes(result: usize, error: u32) -> Vec<u8> {
    let mut bytes = vec![0xEE; size_of::<INTERNET_ASYNC_RESULT>()];
    bytes[..size_of::<usize>()].copy_from_slice(&result.to_ne_bytes());
    let at = core::mem::offset_of!(INTERNET_ASYNC_RESULT, dwError);
    bytes[at..at + 4].copy_from_slice(&error.to_ne_bytes());
    bytes
}

#[test]
fn wininet_handle_created_comes_in_two_shapes() {
    let handle = 0xCAFE_usize;
    // A bare HINTERNET (HTTP handles)...
    let bare = Unaligned::new(&handle.to_ne_bytes());
    let info =
        unsafe { InternetStatusInfo::from_callback(INTERNET_STATUS_HANDLE_CREATED, bare.ptr(), bare.len() as u32) }
            .unwrap();
    assert!(matches!(info, InternetStatusInfo::HandleCreated(h) if h as usize == handle), "{info:?}");
    // ...or an INTERNET_ASYNC_RESULT whose dwResult is the handle (FTP handles).
    let record = Unaligned::new(&internet_result_bytes(handle, 0));
    let info =
        unsafe { InternetStatusInfo::from_callback(INTERNET_STATUS_HANDLE_CREATED, record.ptr(), record.len() as u32) }
            .unwrap();
    assert!(matches!(info, InternetStatusInfo::HandleCreated(h) if h as usize == handle), "{info:?}");
    // Anything else is neither.
    let err =
        unsafe { InternetStatusInfo::from_callback(INTERNET_STATUS_HANDLE_CREATED, record.ptr(), 3) }.unwrap_err();
    assert_eq!(err.problem(), StatusInfoProblem::Length { expected: size_of::<usize>() });
}

#[test]
fn wininet_request_complete_names_its_error() {
    // ERROR_INTERNET_CANNOT_CONNECT (12029), as a failed InternetConnect/HttpSendRequest reports it.
    let bytes = internet_result_bytes(0, 12029);
    let info = unsafe {
        InternetStatusInfo::from_callback(INTERNET_STATUS_REQUEST_COMPLETE, bytes.as_ptr().cast(), bytes.len() as u32)
    }
    .unwrap();
    let InternetStatusInfo::RequestComplete(result) = info else { panic!("{info:?}") };
    assert_eq!(result.dw_error(), Ok(InternetError::InternetCannotConnect));
    assert_eq!(result.dw_error().unwrap().name(), "ERROR_INTERNET_CANNOT_CONNECT");
    // 0 is success; a code of no family stays raw.
    assert_eq!(INTERNET_ASYNC_RESULT { dwResult: 1, dwError: 0 }.dw_error(), Ok(InternetError::Success));
    let odd = INTERNET_ASYNC_RESULT { dwResult: 0, dwError: 8 }.dw_error();
    assert_eq!(odd, Err(UnknownValue::new(8, "InternetError")));
}

#[test]
fn every_wininet_status_decodes_or_says_why_not() {
    for status in winasync::InternetStatus::VALUES {
        match unsafe { InternetStatusInfo::from_callback(u32::from(*status), core::ptr::null(), 0) } {
            Ok(info) => assert_eq!(info.status(), *status, "{status}"),
            Err(err) => assert_eq!(err.problem(), StatusInfoProblem::Null, "{status}"),
        }
    }
}

#[test]
fn closed_enums_name_themselves_without_a_trait_import() {
    assert_eq!(WinhttpCallbackStatus::RequestError.name(), "WINHTTP_CALLBACK_STATUS_REQUEST_ERROR");
    assert!(WinhttpError::VALUES.contains(&WinhttpError::WinhttpTimeout));
    assert_eq!(
        WinhttpError::WinhttpTimeout.summary(),
        "ERROR_WINHTTP_TIMEOUT = 12002, from Windows.Win32.Networking.WinHttp."
    );
}
