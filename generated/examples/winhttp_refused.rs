//! WinHTTP in asynchronous mode, asking a port on 127.0.0.1 where nothing listens.
//!
//! `WinHttpSendRequest` succeeds (the work goes on in the background); the refusal comes later,
//! to the status callback, as `WINHTTP_CALLBACK_STATUS_REQUEST_ERROR` with a
//! `WINHTTP_ASYNC_RESULT`: `WinhttpStatusInfo::from_callback` turns it into
//! `RequestError(result)`, where `result.dw_result()` says which call failed (`API_SEND_REQUEST`)
//! and `result.dw_error()` why (`ERROR_WINHTTP_CANNOT_CONNECT`, 12029).
//!
//! Runs on Windows, and under Wine (`.ci/wine-check` runs it for x86_64 and i686).

#[cfg(not(windows))]
fn main() {
    println!("winhttp_refused: this example runs on Windows (or under Wine: .ci/wine-check)");
}

#[cfg(windows)]
fn main() {
    app::main();
}

#[cfg(windows)]
mod app {
    use std::ffi::c_void;
    use std::net::TcpListener;
    use std::ptr::null;
    use std::sync::OnceLock;
    use std::sync::mpsc::{self, Sender};
    use std::time::Duration;

    use winasync::winhttp::{WinhttpHandleKind, WinhttpStatusInfo};
    use winasync::{WINHTTP_ASYNC_RESULT, WinhttpAsyncResultApi, WinhttpError};
    use windows_sys::Win32::Networking::WinHttp::{
        WINHTTP_ACCESS_TYPE_NO_PROXY, WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, WINHTTP_FLAG_ASYNC, WinHttpCloseHandle,
        WinHttpConnect, WinHttpOpen, WinHttpOpenRequest, WinHttpSendRequest, WinHttpSetStatusCallback,
    };
    use windows_sys::w;

    /// What the callback passes on to `main`. It runs on WinHTTP's threads and its payloads borrow
    /// WinHTTP's memory, so it sends owned copies.
    enum Event {
        RequestError {
            result: WINHTTP_ASYNC_RESULT,
            len: u32,
        },
        HandleClosing(usize),
        /// A status whose information could not be read as the docs say: the decoder's error.
        Undecodable(String),
    }

    static EVENTS: OnceLock<Sender<Event>> = OnceLock::new();

    /// The status callback, installed on the request handle (so every call is for a request
    /// handle). It prints each status, and never panics: a surprise is sent to `main`, which fails.
    unsafe extern "system" fn on_status(
        _handle: *mut c_void,
        _context: usize,
        status: u32,
        info: *mut c_void,
        len: u32,
    ) {
        // SAFETY: the pointer and length WinHTTP passed, read during the call.
        let event = match unsafe { WinhttpStatusInfo::from_callback(status, info, len, WinhttpHandleKind::Request) } {
            Ok(decoded) => {
                println!("  {decoded} (length {len})");
                match decoded {
                    WinhttpStatusInfo::RequestError(result) => Some(Event::RequestError { result, len }),
                    WinhttpStatusInfo::HandleClosing(handle) => Some(Event::HandleClosing(handle as usize)),
                    _ => None,
                }
            }
            Err(error) => Some(Event::Undecodable(error.to_string())),
        };
        if let (Some(event), Some(events)) = (event, EVENTS.get()) {
            // `main` may have given up waiting already; nothing to do then.
            let _ = events.send(event);
        }
    }

    pub fn main() {
        // A port nobody listens on: take a free one from the system, then let it go.
        let port = TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("a free port").port();
        println!("winhttp_refused: GET http://127.0.0.1:{port}/ (nothing listens there)");

        let (sender, events) = mpsc::channel();
        EVENTS.set(sender).expect("set once");
        let next = || match events.recv_timeout(Duration::from_secs(30)) {
            Ok(Event::Undecodable(error)) => panic!("a status winasync could not decode: {error}"),
            Ok(event) => event,
            Err(_) => panic!("no status callback within 30 s"),
        };

        // SAFETY (all the calls below): FFI with valid, NUL-terminated strings and live handles.
        let session = unsafe {
            WinHttpOpen(w!("winasync-example"), WINHTTP_ACCESS_TYPE_NO_PROXY, null(), null(), WINHTTP_FLAG_ASYNC)
        };
        assert!(!session.is_null(), "WinHttpOpen failed: {}", std::io::Error::last_os_error());
        let connect = unsafe { WinHttpConnect(session, w!("127.0.0.1"), port, 0) };
        assert!(!connect.is_null(), "WinHttpConnect failed: {}", std::io::Error::last_os_error());
        let request = unsafe { WinHttpOpenRequest(connect, w!("GET"), w!("/"), null(), null(), null(), 0) };
        assert!(!request.is_null(), "WinHttpOpenRequest failed: {}", std::io::Error::last_os_error());
        // Returns the previous callback: none; WINHTTP_INVALID_STATUS_CALLBACK (-1) is a failure.
        let previous =
            unsafe { WinHttpSetStatusCallback(request, Some(on_status), WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0) };
        assert!(previous.is_none(), "WinHttpSetStatusCallback failed: {}", std::io::Error::last_os_error());

        // In asynchronous mode this only starts the request; how it ends comes to the callback.
        let started = unsafe { WinHttpSendRequest(request, null(), 0, null(), 0, 0, 1) };
        assert!(started != 0, "WinHttpSendRequest failed at once: {}", std::io::Error::last_os_error());

        let Event::RequestError { result, len } = next() else {
            panic!("expected WINHTTP_CALLBACK_STATUS_REQUEST_ERROR first")
        };
        assert_eq!(result.dw_result(), Ok(WinhttpAsyncResultApi::SendRequest), "{result}");
        assert_eq!(result.dw_error(), Ok(WinhttpError::WinhttpCannotConnect), "{result}");
        // The whole record, by value: 16 bytes on 64-bit Windows, 8 on 32-bit.
        assert_eq!(len as usize, size_of::<WINHTTP_ASYNC_RESULT>());
        println!(
            "winhttp_refused: {} failed with {} ({} bytes of status information)",
            result.dw_result().unwrap(),
            result.dw_error().unwrap(),
            len
        );

        // Closing the request is reported too; after HANDLE_CLOSING no more calls come for it.
        unsafe { WinHttpCloseHandle(request) };
        let Event::HandleClosing(closed) = next() else { panic!("expected WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING") };
        assert_eq!(closed, request as usize, "HANDLE_CLOSING names the request handle");
        unsafe {
            WinHttpCloseHandle(connect);
            WinHttpCloseHandle(session);
        }
        println!("winhttp_refused: ok");
    }
}
