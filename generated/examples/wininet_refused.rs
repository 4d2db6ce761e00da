//! WinINet in asynchronous mode, asking a port on 127.0.0.1 where nothing listens.
//!
//! `HttpSendRequestW` fails at once with `ERROR_IO_PENDING`: the request goes on in the
//! background, and its end comes to the status callback as `INTERNET_STATUS_REQUEST_COMPLETE`
//! with an `INTERNET_ASYNC_RESULT`, which `InternetStatusInfo::from_callback` decodes as
//! `RequestComplete(result)`: `dwResult` is the call's `BOOL` (`FALSE`), `result.dw_error()` says
//! why (`ERROR_INTERNET_CANNOT_CONNECT`, 12029).
//!
//! WinINet calls back only for handles with a non-zero context value (the `dwContext` of
//! `InternetConnectW` and `HttpOpenRequestW`), which it passes back to the callback.
//!
//! Runs on Windows, and under Wine (`.ci/wine-check` runs it for x86_64 and i686).

#[cfg(not(windows))]
fn main() {
    println!("wininet_refused: this example runs on Windows (or under Wine: .ci/wine-check)");
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

    use winasync::wininet::InternetStatusInfo;
    use winasync::{INTERNET_ASYNC_RESULT, InternetError};
    use windows_sys::Win32::Foundation::{ERROR_IO_PENDING, GetLastError};
    use windows_sys::Win32::Networking::WinInet::{
        HttpOpenRequestW, HttpSendRequestW, INTERNET_FLAG_ASYNC, INTERNET_FLAG_NO_CACHE_WRITE, INTERNET_FLAG_RELOAD,
        INTERNET_OPEN_TYPE_DIRECT, INTERNET_SERVICE_HTTP, InternetCloseHandle, InternetConnectW, InternetOpenW,
        InternetSetStatusCallbackW,
    };
    use windows_sys::w;

    /// The context of the request handle: any non-zero value (0 would mean no callbacks at all).
    const REQUEST_CONTEXT: usize = 0x5EED;

    /// What the callback passes on to `main` (it runs on WinINet's threads).
    enum Event {
        RequestComplete {
            context: usize,
            result: INTERNET_ASYNC_RESULT,
            len: u32,
        },
        HandleClosing(usize),
        /// A status whose information could not be read as the docs say: the decoder's error.
        Undecodable(String),
    }

    static EVENTS: OnceLock<Sender<Event>> = OnceLock::new();

    /// The status callback, for every handle made from the session. Prints each status and never
    /// panics: a surprise goes to `main`, which fails.
    unsafe extern "system" fn on_status(
        _handle: *const c_void,
        context: usize,
        status: u32,
        info: *const c_void,
        len: u32,
    ) {
        // SAFETY: the pointer and length WinINet passed, read during the call.
        let event = match unsafe { InternetStatusInfo::from_callback(status, info, len) } {
            Ok(decoded) => {
                println!("  context {context:#x}: {decoded} (length {len})");
                match decoded {
                    InternetStatusInfo::RequestComplete(result) => {
                        Some(Event::RequestComplete { context, result, len })
                    }
                    InternetStatusInfo::HandleClosing(handle) => Some(Event::HandleClosing(handle as usize)),
                    _ => None,
                }
            }
            Err(error) => Some(Event::Undecodable(error.to_string())),
        };
        if let (Some(event), Some(events)) = (event, EVENTS.get()) {
            let _ = events.send(event);
        }
    }

    pub fn main() {
        // A port nobody listens on: take a free one from the system, then let it go.
        let port = TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("a free port").port();
        println!("wininet_refused: GET http://127.0.0.1:{port}/ (nothing listens there)");

        let (sender, events) = mpsc::channel();
        EVENTS.set(sender).expect("set once");
        let next = || match events.recv_timeout(Duration::from_secs(30)) {
            Ok(Event::Undecodable(error)) => panic!("a status winasync could not decode: {error}"),
            Ok(event) => event,
            Err(_) => panic!("no status callback within 30 s"),
        };

        // SAFETY (all the calls below): FFI with valid, NUL-terminated strings and live handles.
        let session = unsafe {
            InternetOpenW(w!("winasync-example"), INTERNET_OPEN_TYPE_DIRECT, null(), null(), INTERNET_FLAG_ASYNC)
        };
        assert!(!session.is_null(), "InternetOpenW failed: {}", std::io::Error::last_os_error());
        // Handles made from the session inherit its callback. Returns the previous one: none
        // (INTERNET_INVALID_STATUS_CALLBACK, -1, is a failure).
        let previous = unsafe { InternetSetStatusCallbackW(session, Some(on_status)) };
        assert!(previous.is_none(), "InternetSetStatusCallbackW failed: {}", std::io::Error::last_os_error());
        let connect = unsafe {
            InternetConnectW(session, w!("127.0.0.1"), port, null(), null(), INTERNET_SERVICE_HTTP, 0, REQUEST_CONTEXT)
        };
        assert!(!connect.is_null(), "InternetConnectW failed: {}", std::io::Error::last_os_error());
        let flags = INTERNET_FLAG_RELOAD | INTERNET_FLAG_NO_CACHE_WRITE;
        let request =
            unsafe { HttpOpenRequestW(connect, w!("GET"), w!("/"), null(), null(), null(), flags, REQUEST_CONTEXT) };
        assert!(!request.is_null(), "HttpOpenRequestW failed: {}", std::io::Error::last_os_error());

        // Asynchronous: FALSE with ERROR_IO_PENDING means "started"; the end comes to the callback.
        let done = unsafe { HttpSendRequestW(request, null(), 0, null(), 0) };
        let error = unsafe { GetLastError() };
        assert!(
            done == 0 && error == ERROR_IO_PENDING,
            "HttpSendRequestW: {done}, error {error} (expected ERROR_IO_PENDING)"
        );

        let Event::RequestComplete { context, result, len } = next() else {
            panic!("expected INTERNET_STATUS_REQUEST_COMPLETE")
        };
        assert_eq!(context, REQUEST_CONTEXT, "the callback gets the request's context back");
        assert_eq!(result.dwResult, 0, "the call failed (FALSE): {result}");
        assert_eq!(result.dw_error(), Ok(InternetError::InternetCannotConnect), "{result}");
        assert_eq!(len as usize, size_of::<INTERNET_ASYNC_RESULT>(), "the whole record, by value");
        println!(
            "wininet_refused: HttpSendRequestW failed with {} ({len} bytes of status information)",
            result.dw_error().unwrap()
        );

        // Closing is reported for the handles with a context; after HANDLE_CLOSING, nothing more.
        unsafe { InternetCloseHandle(request) };
        let Event::HandleClosing(closed) = next() else { panic!("expected INTERNET_STATUS_HANDLE_CLOSING") };
        assert_eq!(closed, request as usize, "HANDLE_CLOSING names the request handle");
        unsafe { InternetCloseHandle(connect) };
        let Event::HandleClosing(closed) = next() else { panic!("expected INTERNET_STATUS_HANDLE_CLOSING") };
        assert_eq!(closed, connect as usize, "HANDLE_CLOSING names the connect handle");
        unsafe { InternetCloseHandle(session) };
        println!("wininet_refused: ok");
    }
}
