//! The generated types as a status callback uses them: reading `lpvStatusInformation` bytes,
//! converting raw enum values (known and unknown), printing them, IIDs, vtables and defaults.
//!
//! Expected values come from the pages in docs-src/ (descriptions, value tables), the C headers
//! (sizes, IIDs, vtable order) and the documented formats of `#[async_result]` (src/lib.rs,
//! src/support.rs), never from the generated code's output.

use core::mem::{offset_of, size_of};
use winasync::support::{LengthMismatch, UnknownValue};
use winasync::{
    AsyncStatus, AsyncStatusKind, GUID, RPC_ASYNC_STATE, WINHTTP_ASYNC_RESULT, WINHTTP_WEB_SOCKET_ASYNC_RESULT,
    WINHTTP_WEB_SOCKET_BUFFER_TYPE, WINHTTP_WEB_SOCKET_STATUS, WinhttpAsyncResultApi, WinhttpCallbackStatus,
    WinhttpWebSocketBufferType,
};

/// ERROR_WINHTTP_TIMEOUT and ERROR_WINHTTP_CONNECTION_ERROR (winhttp.h).
const ERROR_WINHTTP_TIMEOUT: u32 = 12002;
const ERROR_WINHTTP_CONNECTION_ERROR: u32 = 12030;

/// Writes `bytes` at `offset` of `buffer`.
fn put(buffer: &mut [u8], offset: usize, bytes: &[u8]) {
    buffer[offset..offset + bytes.len()].copy_from_slice(bytes);
}

// ---------------------------------------------------------------------------------------------
// Reading a status buffer
// ---------------------------------------------------------------------------------------------

#[test]
fn reads_a_web_socket_status_from_callback_bytes() {
    // WINHTTP_CALLBACK_STATUS_READ_COMPLETE on a WebSocket handle: lpvStatusInformation points to a
    // WINHTTP_WEB_SOCKET_STATUS { DWORD dwBytesTransferred; WINHTTP_WEB_SOCKET_BUFFER_TYPE eBufferType; },
    // 8 bytes on every target.
    assert_eq!(size_of::<WINHTTP_WEB_SOCKET_STATUS>(), 8);
    let mut bytes = [0u8; 8];
    put(&mut bytes, offset_of!(WINHTTP_WEB_SOCKET_STATUS, dwBytesTransferred), &1024u32.to_ne_bytes());
    put(&mut bytes, offset_of!(WINHTTP_WEB_SOCKET_STATUS, eBufferType), &2i32.to_ne_bytes());

    let status = WINHTTP_WEB_SOCKET_STATUS::try_from(&bytes[..]).expect("8 bytes");
    assert_eq!(status.dwBytesTransferred, 1024);
    assert_eq!(status.eBufferType, winasync::WINHTTP_WEB_SOCKET_UTF8_MESSAGE_BUFFER_TYPE);
    assert_eq!(status.e_buffer_type(), Ok(WinhttpWebSocketBufferType::Utf8MessageBufferType));

    // A value the enumeration does not have is kept, not rejected.
    put(&mut bytes, offset_of!(WINHTTP_WEB_SOCKET_STATUS, eBufferType), &9i32.to_ne_bytes());
    let odd = WINHTTP_WEB_SOCKET_STATUS::try_from(&bytes[..]).expect("8 bytes");
    assert_eq!(odd.e_buffer_type().unwrap_err().raw(), WINHTTP_WEB_SOCKET_BUFFER_TYPE(9));
    assert_eq!(odd.e_buffer_type().unwrap_err().type_name(), "WinhttpWebSocketBufferType");
}

#[test]
fn reads_a_winhttp_async_result_from_callback_bytes() {
    // WINHTTP_CALLBACK_STATUS_REQUEST_ERROR: lpvStatusInformation points to a WINHTTP_ASYNC_RESULT
    // { DWORD_PTR dwResult; DWORD dwError; }: two pointer-sized slots after padding.
    assert_eq!(size_of::<WINHTTP_ASYNC_RESULT>(), 2 * size_of::<usize>());
    assert_eq!(offset_of!(WINHTTP_ASYNC_RESULT, dwError), size_of::<usize>());
    // Padding as the OS may leave it: not zero.
    let mut bytes = [0xA5u8; size_of::<WINHTTP_ASYNC_RESULT>()];
    put(&mut bytes, offset_of!(WINHTTP_ASYNC_RESULT, dwResult), &3usize.to_ne_bytes()); // API_READ_DATA
    put(&mut bytes, offset_of!(WINHTTP_ASYNC_RESULT, dwError), &ERROR_WINHTTP_CONNECTION_ERROR.to_ne_bytes());

    let result = WINHTTP_ASYNC_RESULT::try_from(&bytes[..]).expect("exact length");
    assert_eq!(result.dwResult, 3);
    assert_eq!(result.dwError, ERROR_WINHTTP_CONNECTION_ERROR);
    assert_eq!(result.dw_result(), Ok(WinhttpAsyncResultApi::ReadData));
    assert_eq!(
        result.to_string(),
        "WINHTTP_ASYNC_RESULT { dwResult: API_READ_DATA (3), dwError: ERROR_WINHTTP_CONNECTION_ERROR (12030) }"
    );

    // The WebSocket form wraps it: { WINHTTP_ASYNC_RESULT AsyncResult; WINHTTP_WEB_SOCKET_OPERATION Operation; }.
    let mut ws = [0u8; size_of::<WINHTTP_WEB_SOCKET_ASYNC_RESULT>()];
    let inner = offset_of!(WINHTTP_WEB_SOCKET_ASYNC_RESULT, AsyncResult);
    put(&mut ws, inner, &bytes);
    put(&mut ws, offset_of!(WINHTTP_WEB_SOCKET_ASYNC_RESULT, Operation), &1i32.to_ne_bytes()); // RECEIVE
    let read = WINHTTP_WEB_SOCKET_ASYNC_RESULT::try_from(&ws[..]).expect("exact length");
    assert_eq!(read.AsyncResult.dw_result(), Ok(WinhttpAsyncResultApi::ReadData));
    assert_eq!(read.operation(), Ok(winasync::WinhttpWebSocketOperation::ReceiveOperation));
}

#[test]
fn wrong_lengths_are_errors_not_panics() {
    let size = size_of::<WINHTTP_WEB_SOCKET_STATUS>();
    let buffer = [0u8; 64];
    for len in [0, 1, size - 1, size + 1, 64] {
        let err = WINHTTP_WEB_SOCKET_STATUS::try_from(&buffer[..len]).unwrap_err();
        assert_eq!(err, LengthMismatch::new("WINHTTP_WEB_SOCKET_STATUS", size, len));
        assert_eq!((err.expected(), err.actual(), err.type_name()), (8, len, "WINHTTP_WEB_SOCKET_STATUS"));
    }
    let err = WINHTTP_WEB_SOCKET_STATUS::try_from(&buffer[..7]).unwrap_err();
    assert_eq!(err.to_string(), "WINHTTP_WEB_SOCKET_STATUS is 8 bytes, got 7");

    let size = size_of::<WINHTTP_ASYNC_RESULT>();
    let err = WINHTTP_ASYNC_RESULT::try_from(&buffer[..size + 4]).unwrap_err();
    assert_eq!(err.to_string(), format!("WINHTTP_ASYNC_RESULT is {size} bytes, got {}", size + 4));
    // A slice that is not aligned for the type is fine: only the length matters.
    assert!(WINHTTP_ASYNC_RESULT::try_from(&buffer[1..1 + size]).is_ok());
}

// ---------------------------------------------------------------------------------------------
// Raw values and closed enums
// ---------------------------------------------------------------------------------------------

#[test]
fn win32_enum_converts_both_ways() {
    use winasync::{WINHTTP_WEB_SOCKET_BINARY_FRAGMENT_BUFFER_TYPE, WINHTTP_WEB_SOCKET_CLOSE_BUFFER_TYPE};
    // winhttp.h: BINARY_MESSAGE 0, BINARY_FRAGMENT 1, UTF8_MESSAGE 2, UTF8_FRAGMENT 3, CLOSE 4.
    assert_eq!(WINHTTP_WEB_SOCKET_CLOSE_BUFFER_TYPE, WINHTTP_WEB_SOCKET_BUFFER_TYPE(4));
    assert_eq!(
        WinhttpWebSocketBufferType::try_from(WINHTTP_WEB_SOCKET_CLOSE_BUFFER_TYPE),
        Ok(WinhttpWebSocketBufferType::CloseBufferType)
    );
    assert_eq!(WinhttpWebSocketBufferType::try_from(1i32), Ok(WinhttpWebSocketBufferType::BinaryFragmentBufferType));
    assert_eq!(
        WINHTTP_WEB_SOCKET_BUFFER_TYPE::from(WinhttpWebSocketBufferType::BinaryFragmentBufferType),
        WINHTTP_WEB_SOCKET_BINARY_FRAGMENT_BUFFER_TYPE
    );
    assert_eq!(i32::from(WinhttpWebSocketBufferType::Utf8FragmentBufferType), 3);
    assert_eq!(i32::from(WINHTTP_WEB_SOCKET_BUFFER_TYPE::from(3)), 3);
    assert_eq!(WinhttpWebSocketBufferType::VALUES.len(), 5);
    for &value in WinhttpWebSocketBufferType::VALUES {
        assert_eq!(WinhttpWebSocketBufferType::try_from(WINHTTP_WEB_SOCKET_BUFFER_TYPE::from(value)), Ok(value));
    }

    for raw in [5, -1, i32::MAX] {
        let err = WinhttpWebSocketBufferType::try_from(WINHTTP_WEB_SOCKET_BUFFER_TYPE(raw)).unwrap_err();
        assert_eq!(err, UnknownValue::new(raw, "WinhttpWebSocketBufferType"));
        assert_eq!(err.raw(), raw);
        assert_eq!(err.to_string(), format!("unknown WinhttpWebSocketBufferType value {raw}"));
        assert_eq!(WinhttpWebSocketBufferType::try_from(raw).unwrap_err().raw(), raw);
    }
}

#[test]
fn winrt_async_status_converts_both_ways() {
    // asyncinfo.h: enum AsyncStatus { Started = 0, Completed, Canceled, Error };
    assert_eq!(AsyncStatus::Completed, AsyncStatus(1));
    assert_eq!(AsyncStatus::Error, AsyncStatus(3));
    assert_eq!(AsyncStatusKind::try_from(AsyncStatus::Completed), Ok(AsyncStatusKind::Completed));
    assert_eq!(AsyncStatusKind::try_from(AsyncStatus(0)), Ok(AsyncStatusKind::Started));
    assert_eq!(AsyncStatusKind::try_from(2), Ok(AsyncStatusKind::Canceled));
    assert_eq!(AsyncStatus::from(AsyncStatusKind::Canceled), AsyncStatus::Canceled);
    assert_eq!(i32::from(AsyncStatusKind::Error), 3);
    assert_eq!(i32::from(AsyncStatus::Started), 0);
    assert_eq!(AsyncStatus::default(), AsyncStatus::Started);
    // No `Created` state exists in the ABI (the page's keywords name one).
    let err = AsyncStatusKind::try_from(AsyncStatus(4)).unwrap_err();
    assert_eq!(err.raw(), 4);
    assert_eq!(err.to_string(), "unknown AsyncStatusKind value 4");
}

#[test]
fn value_table_converts_and_keeps_the_abi_only_value() {
    use winasync::support::lookup;
    // The page lists API_RECEIVE_RESPONSE 1 .. API_GET_PROXY_FOR_URL 6; winhttp.h adds
    // API_GET_PROXY_SETTINGS 7.
    assert_eq!(winasync::API_GET_PROXY_SETTINGS, 7);
    assert_eq!(WinhttpAsyncResultApi::try_from(7u32), Ok(WinhttpAsyncResultApi::GetProxySettings));
    assert_eq!(WinhttpAsyncResultApi::try_from(6u32), Ok(WinhttpAsyncResultApi::GetProxyForUrl));
    assert_eq!(u32::from(WinhttpAsyncResultApi::GetProxySettings), 7);
    assert_eq!(WinhttpAsyncResultApi::GetProxySettings.to_string(), "API_GET_PROXY_SETTINGS");
    assert_eq!(WinhttpAsyncResultApi::VALUES.iter().map(|v| u32::from(*v)).collect::<Vec<_>>(), [1, 2, 3, 4, 5, 6, 7]);
    for raw in [0u32, 8, u32::MAX] {
        let err = WinhttpAsyncResultApi::try_from(raw).unwrap_err();
        assert_eq!((err.raw(), err.to_string()), (raw, format!("unknown WinhttpAsyncResultApi value {raw}")));
    }

    // dwResult is a DWORD_PTR: read through the accessor, a value is looked up as a whole.
    let result = WINHTTP_ASYNC_RESULT { dwResult: 7, dwError: 0 };
    assert_eq!(result.dw_result(), Ok(WinhttpAsyncResultApi::GetProxySettings));
    assert_eq!(lookup::<WinhttpAsyncResultApi, usize>(5), Ok(WinhttpAsyncResultApi::SendRequest));
    #[cfg(target_pointer_width = "64")]
    {
        // Above u32::MAX is unknown, not truncated to its low 32 bits (5, API_SEND_REQUEST).
        let wide = (1usize << 32) | 5;
        let result = WINHTTP_ASYNC_RESULT { dwResult: wide, dwError: 0 };
        let err = result.dw_result().unwrap_err();
        assert_eq!(err.raw(), wide);
        assert_eq!(err.to_string(), "unknown WinhttpAsyncResultApi value 4294967301");
        assert_eq!(
            result.to_string(),
            "WINHTTP_ASYNC_RESULT { dwResult: 4294967301 (unknown WinhttpAsyncResultApi), dwError: ERROR_SUCCESS (0) }"
        );
    }

    // The callback's dwInternetStatus table: WINHTTP_CALLBACK_STATUS_REQUEST_ERROR is 0x00200000.
    assert_eq!(WinhttpCallbackStatus::try_from(0x0020_0000u32), Ok(WinhttpCallbackStatus::RequestError));
    assert_eq!(WinhttpCallbackStatus::RequestError.to_string(), "WINHTTP_CALLBACK_STATUS_REQUEST_ERROR");
}

// ---------------------------------------------------------------------------------------------
// Printing
// ---------------------------------------------------------------------------------------------

#[test]
fn structs_print_on_one_line() {
    // `NAME { field: value, ... }`; a `values = E` field shows `NAME (raw)`, or `raw (unknown E)`.
    let result = WINHTTP_ASYNC_RESULT { dwResult: 5, dwError: ERROR_WINHTTP_TIMEOUT };
    assert_eq!(
        result.to_string(),
        "WINHTTP_ASYNC_RESULT { dwResult: API_SEND_REQUEST (5), dwError: ERROR_WINHTTP_TIMEOUT (12002) }"
    );
    let odd = WINHTTP_ASYNC_RESULT { dwResult: 99, dwError: 0 };
    assert_eq!(
        odd.to_string(),
        "WINHTTP_ASYNC_RESULT { dwResult: 99 (unknown WinhttpAsyncResultApi), dwError: ERROR_SUCCESS (0) }"
    );

    let status = WINHTTP_WEB_SOCKET_STATUS {
        dwBytesTransferred: 1024,
        eBufferType: winasync::WINHTTP_WEB_SOCKET_BINARY_MESSAGE_BUFFER_TYPE,
    };
    assert_eq!(
        status.to_string(),
        "WINHTTP_WEB_SOCKET_STATUS { dwBytesTransferred: 1024, \
         eBufferType: WINHTTP_WEB_SOCKET_BINARY_MESSAGE_BUFFER_TYPE (0) }"
    );
    let odd = WINHTTP_WEB_SOCKET_STATUS { dwBytesTransferred: 0, eBufferType: WINHTTP_WEB_SOCKET_BUFFER_TYPE(-3) };
    assert_eq!(
        odd.to_string(),
        "WINHTTP_WEB_SOCKET_STATUS { dwBytesTransferred: 0, eBufferType: -3 (unknown WinhttpWebSocketBufferType) }"
    );

    // A struct field shows the nested struct's own line.
    let ws =
        WINHTTP_WEB_SOCKET_ASYNC_RESULT { AsyncResult: result, Operation: winasync::WINHTTP_WEB_SOCKET_SEND_OPERATION };
    assert_eq!(
        ws.to_string(),
        "WINHTTP_WEB_SOCKET_ASYNC_RESULT { AsyncResult: WINHTTP_ASYNC_RESULT { dwResult: API_SEND_REQUEST (5), \
         dwError: ERROR_WINHTTP_TIMEOUT (12002) }, Operation: WINHTTP_WEB_SOCKET_SEND_OPERATION (0) }"
    );
    assert!(!ws.to_string().contains('\n'));
}

#[test]
fn raw_enum_values_print_name_and_value() {
    assert_eq!(
        winasync::WINHTTP_WEB_SOCKET_BINARY_MESSAGE_BUFFER_TYPE.to_string(),
        "WINHTTP_WEB_SOCKET_BINARY_MESSAGE_BUFFER_TYPE (0)"
    );
    assert_eq!(winasync::WINHTTP_WEB_SOCKET_CLOSE_BUFFER_TYPE.to_string(), "WINHTTP_WEB_SOCKET_CLOSE_BUFFER_TYPE (4)");
    // A value no member has is the bare number (the accessor's error says it is unknown).
    assert_eq!(WINHTTP_WEB_SOCKET_BUFFER_TYPE(7).to_string(), "7");
    assert_eq!(AsyncStatus::Completed.to_string(), "Completed (1)");
    assert_eq!(AsyncStatus(-1).to_string(), "-1");
}

#[test]
fn closed_enums_print_the_c_name_and_the_page_description() {
    // `{}` is the C name; `{:#}` the first sentence of the page's description of the value.
    assert_eq!(WinhttpWebSocketBufferType::CloseBufferType.to_string(), "WINHTTP_WEB_SOCKET_CLOSE_BUFFER_TYPE");
    assert_eq!(WinhttpAsyncResultApi::SendRequest.to_string(), "API_SEND_REQUEST");
    assert_eq!(AsyncStatusKind::Completed.to_string(), "Completed");

    // ns-winhttp-winhttp_async_result.md: "The error occurred during a call to <a ...>WinHttpSendRequest</a>."
    assert_eq!(
        format!("{:#}", WinhttpAsyncResultApi::SendRequest),
        "The error occurred during a call to WinHttpSendRequest."
    );
    assert_eq!(
        format!("{:#}", WinhttpAsyncResultApi::ReceiveResponse),
        "The error occurred during a call to WinHttpReceiveResponse."
    );
    // ne-winhttp-winhttp_web_socket_buffer_type.md
    assert_eq!(format!("{:#}", WinhttpWebSocketBufferType::CloseBufferType), "The server sent a close frame.");
    assert_eq!(
        format!("{:#}", WinhttpWebSocketBufferType::BinaryMessageBufferType),
        "Buffer contains either the entire binary message or the last part of it."
    );
    // ne-asyncinfo-asyncstatus.md: "The operation has completed with an error. No results are available."
    assert_eq!(format!("{:#}", AsyncStatusKind::Error), "The operation has completed with an error.");
    assert_eq!(AsyncStatusKind::Error.summary(), "The operation has completed with an error.");
    // nc-winhttp-winhttp_status_callback.md: "An error occurred while sending an HTTP request.  The ..."
    assert_eq!(
        format!("{:#}", WinhttpCallbackStatus::RequestError),
        "An error occurred while sending an HTTP request."
    );
    // Width and alignment apply, as for `str`.
    assert_eq!(format!("[{:>16}]", WinhttpAsyncResultApi::ReadData), "[   API_READ_DATA]");
}

/// The summaries are runtime text: the Markdown of the doc comments should not be in them.
#[test]
fn summaries_are_plain_text() {
    // ne-winhttp-winhttp_web_socket_operation.md: "A <a href=...>WinHttpWebSocketSend</a> operation."
    assert_eq!(
        format!("{:#}", winasync::WinhttpWebSocketOperation::SendOperation),
        "A WinHttpWebSocketSend operation."
    );
    for &value in WinhttpAsyncResultApi::VALUES {
        let summary = value.summary();
        assert!(!summary.contains(['*', '`', '[', '<']), "{value:?}: {summary}");
    }
}

/// An unknown value read through a typed field's accessor prints as the documented
/// `unknown <Enum> value N`, like one read from the integer.
#[test]
fn unknown_newtype_values_print_once() {
    let odd = WINHTTP_WEB_SOCKET_STATUS { dwBytesTransferred: 0, eBufferType: WINHTTP_WEB_SOCKET_BUFFER_TYPE(9) };
    assert_eq!(odd.e_buffer_type().unwrap_err().to_string(), "unknown WinhttpWebSocketBufferType value 9");
}

// ---------------------------------------------------------------------------------------------
// IIDs, vtables, defaults
// ---------------------------------------------------------------------------------------------

/// `{xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}` as the fields of a GUID (data4 in string order).
fn guid(text: &str) -> (u32, u16, u16, [u8; 8]) {
    let hex: String = text.chars().filter(char::is_ascii_hexdigit).collect();
    assert_eq!(hex.len(), 32, "{text}");
    let n = u128::from_str_radix(&hex, 16).unwrap();
    ((n >> 96) as u32, (n >> 80) as u16, (n >> 64) as u16, (n as u64).to_be_bytes())
}

fn fields(g: GUID) -> (u32, u16, u16, [u8; 8]) {
    (g.data1, g.data2, g.data3, g.data4)
}

#[test]
fn iids_are_the_well_known_ones() {
    assert_eq!(fields(winasync::IID_IUnknown), (0, 0, 0, [0xC0, 0, 0, 0, 0, 0, 0, 0x46]));
    assert_eq!(fields(winasync::IID_IUnknown), guid("{00000000-0000-0000-C000-000000000046}"));
    assert_eq!(fields(winasync::IUnknown::IID), guid("{00000000-0000-0000-C000-000000000046}"));
    assert_eq!(fields(winasync::IID_IInspectable), guid("{AF86E2E0-B12D-4c6a-9C5A-D7AA65101E90}"));
    assert_eq!(fields(winasync::IID_IAsyncInfo), guid("{00000036-0000-0000-C000-000000000046}"));
    assert_eq!(fields(winasync::IID_IMFAsyncResult), guid("{ac6b7889-0740-4d51-8619-905994a55cc6}"));
    assert_eq!(fields(winasync::IID_IMFAsyncCallback), guid("{a27003cf-2354-4f2a-8d6a-ab7cff15437e}"));
    assert_eq!(fields(winasync::IID_IWSDAsyncResult), guid("{11a9852a-8dd8-423e-b537-9356db4fbfb8}"));
    assert_eq!(fields(winasync::IID_IWSDAsyncCallback), guid("{a63e109d-ce72-49e2-ba98-e845f5ee1666}"));
}

#[test]
fn vtables_hold_the_base_methods_then_their_own() {
    use winasync::{IAsyncInfo_Vtbl, IInspectable_Vtbl, IMFAsyncResult_Vtbl, IUnknown_Vtbl, IWSDAsyncResult_Vtbl};
    let slot = size_of::<usize>();
    // QueryInterface, AddRef, Release.
    assert_eq!(size_of::<IUnknown_Vtbl>(), 3 * slot);
    assert_eq!(offset_of!(IUnknown_Vtbl, Release), 2 * slot);
    // + GetIids, GetRuntimeClassName, GetTrustLevel.
    assert_eq!(size_of::<IInspectable_Vtbl>(), 6 * slot);
    // IInspectable + get_Id, get_Status, get_ErrorCode, Cancel, Close (nn-asyncinfo-iasyncinfo.md).
    assert_eq!(size_of::<IAsyncInfo_Vtbl>(), 11 * slot);
    assert_eq!(offset_of!(IAsyncInfo_Vtbl, get_Id), 6 * slot);
    // IUnknown + GetState, GetStatus, SetStatus, GetObject, GetStateNoAddRef.
    assert_eq!(size_of::<IMFAsyncResult_Vtbl>(), 8 * slot);
    // IUnknown + the seven methods of the pages nf-wsdclient-iwsdasyncresult-*.md, in wsdclient.h's
    // order: SetCallback, SetWaitHandle, HasCompleted, GetAsyncState, Abort, GetEvent, GetEndpointProxy.
    assert_eq!(size_of::<IWSDAsyncResult_Vtbl>(), (3 + 7) * slot);
    assert_eq!(offset_of!(IWSDAsyncResult_Vtbl, base__), 0);
    assert_eq!(offset_of!(IWSDAsyncResult_Vtbl, SetCallback), 3 * slot);
    assert_eq!(offset_of!(IWSDAsyncResult_Vtbl, Abort), 7 * slot);
    assert_eq!(offset_of!(IWSDAsyncResult_Vtbl, GetEndpointProxy), 9 * slot);
}

#[test]
fn defaults_are_all_zero() {
    let result = WINHTTP_ASYNC_RESULT::default();
    assert_eq!((result.dwResult, result.dwError), (0, 0));
    // 0 is no API_* value.
    assert_eq!(result.dw_result().unwrap_err().raw(), 0);

    let status = WINHTTP_WEB_SOCKET_STATUS::default();
    assert_eq!(
        (status.dwBytesTransferred, status.eBufferType),
        (0, winasync::WINHTTP_WEB_SOCKET_BINARY_MESSAGE_BUFFER_TYPE)
    );

    let state = RPC_ASYNC_STATE::default();
    assert_eq!((state.Size, state.Signature, state.Lock, state.Flags), (0, 0, 0, 0));
    assert!(state.StubInfo.is_null() && state.UserInfo.is_null() && state.RuntimeInfo.is_null());
    assert_eq!(state.Event, winasync::RpcCallComplete);
    assert_eq!(state.NotificationType, winasync::RpcNotificationTypeNone);
    assert_eq!(state.Reserved, [0; 4]);
    // SAFETY: every member of the union is plain data; all are zero.
    let (event, ioc) = unsafe { (state.u.hEvent, state.u.IOC) };
    assert!(event.is_null() && ioc.hIOPort.is_null() && ioc.lpOverlapped.is_null());
    assert_eq!((ioc.dwNumberOfBytesTransferred, ioc.dwCompletionKey), (0, 0));

    let bio = winasync::WINBIO_ASYNC_RESULT::default();
    assert_eq!((bio.SessionHandle, bio.SequenceNumber, bio.ApiStatus), (0, 0, 0));
    // SAFETY: as above.
    let policy = unsafe { bio.Parameters.GetProtectionPolicy.Policy };
    assert_eq!((policy.Version, policy.PolicySize, policy.Policy), (0, 0, [0; 128]));

    let overlapped = winasync::OVERLAPPED::default();
    // SAFETY: as above.
    assert!(unsafe { overlapped.Anonymous.Pointer }.is_null());
    assert!(overlapped.hEvent.is_null());
    assert_eq!(fields(GUID::default()), (0, 0, 0, [0; 8]));
}

#[test]
fn unions_print_only_their_name() {
    // Which member is active is not known.
    assert_eq!(winasync::RPC_ASYNC_NOTIFICATION_INFO::default().to_string(), "RPC_ASYNC_NOTIFICATION_INFO { .. }");
    assert_eq!(
        winasync::WINBIO_ASYNC_RESULT_Parameters::default().to_string(),
        "WINBIO_ASYNC_RESULT_Parameters { .. }"
    );
    assert_eq!(
        winasync::WINBIO_EVENT::default().to_string(),
        "WINBIO_EVENT { Type: 0, Parameters: WINBIO_EVENT_Parameters { .. } }"
    );
    let state = RPC_ASYNC_STATE { Size: 112, ..Default::default() };
    let line = state.to_string();
    assert!(line.starts_with("RPC_ASYNC_STATE { Size: 112, "), "{line}");
    assert!(line.contains(", u: RPC_ASYNC_NOTIFICATION_INFO { .. }, Reserved: [0, 0, 0, 0] }"), "{line}");
}
