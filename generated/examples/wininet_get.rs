//! An asynchronous WinINet GET from a tiny HTTP/1.1 server on 127.0.0.1, every status decoded.
//!
//! What the status callback gets, decoded by `InternetStatusInfo::from_callback`:
//!
//! - `HANDLE_CREATED(handle)` for the connect and request handles, while `InternetConnectW` and
//!   `HttpOpenRequestW` run: a bare `HINTERNET` for HTTP handles.
//! - the progress of `HttpSendRequestW` (which returns `FALSE` with `ERROR_IO_PENDING`): strings,
//!   handed over as bytes because their encoding depends on the status and on how the callback
//!   was installed: with `InternetSetStatusCallbackW`, `RESOLVING_NAME` is UTF-16 (the host name)
//!   and `CONNECTED_TO_SERVER` ANSI (the server's address), each with its NUL;
//! - `REQUEST_COMPLETE(INTERNET_ASYNC_RESULT)` when the response's headers are in: `dwResult` is
//!   the call's `BOOL`, `dwError` 0;
//! - `HANDLE_CLOSING(handle)` for each handle closed, the last call for it.
//!
//! The body is read with `InternetReadFile`, which completes at once when the data is there, or
//! later with another `REQUEST_COMPLETE`.
//!
//! Runs on Windows, and under Wine (`.ci/wine-check` runs it for x86_64 and i686).

#[cfg(not(windows))]
fn main() {
    println!("wininet_get: this example runs on Windows (or under Wine: .ci/wine-check)");
}

#[cfg(windows)]
fn main() {
    app::main();
}

#[cfg(windows)]
mod app {
    use std::ffi::c_void;
    use std::io::{BufRead, BufReader, Write};
    use std::net::TcpListener;
    use std::ptr::{null, null_mut};
    use std::sync::OnceLock;
    use std::sync::mpsc::{self, Receiver, Sender};
    use std::thread;
    use std::time::Duration;

    use winasync::wininet::InternetStatusInfo;
    use winasync::{INTERNET_ASYNC_RESULT, InternetError};
    use windows_sys::Win32::Foundation::{ERROR_IO_PENDING, GetLastError};
    use windows_sys::Win32::Networking::WinInet::{
        HTTP_QUERY_FLAG_NUMBER, HTTP_QUERY_STATUS_CODE, HttpOpenRequestW, HttpQueryInfoW, HttpSendRequestW,
        INTERNET_FLAG_ASYNC, INTERNET_FLAG_NO_CACHE_WRITE, INTERNET_FLAG_RELOAD, INTERNET_OPEN_TYPE_DIRECT,
        INTERNET_SERVICE_HTTP, InternetCloseHandle, InternetConnectW, InternetOpenW, InternetReadFile,
        InternetSetStatusCallbackW,
    };
    use windows_sys::w;

    const BODY: &[u8] = b"Hello from the loopback server.\n";
    /// The contexts of the two handles: any non-zero values (0 would mean no callbacks at all).
    const CONNECT_CONTEXT: usize = 0xC0;
    const REQUEST_CONTEXT: usize = 0xE0;

    /// The statuses `main` waits for, copied out of WinINet's memory (the callback runs on
    /// WinINet's threads, and its payloads live only as long as the call).
    #[derive(Debug, PartialEq)]
    enum Event {
        HandleCreated {
            context: usize,
            handle: usize,
        },
        ResolvingName(Vec<u8>),
        ConnectedToServer(Vec<u8>),
        RequestComplete {
            context: usize,
            result: INTERNET_ASYNC_RESULT,
        },
        HandleClosing {
            context: usize,
            handle: usize,
        },
        /// A status whose information could not be read as the docs say: the decoder's error.
        Undecodable(String),
    }

    static EVENTS: OnceLock<Sender<Event>> = OnceLock::new();

    /// A NUL-terminated UTF-16 string as bytes (little-endian, as on every Windows target).
    fn utf16_text(bytes: &[u8]) -> String {
        let units: Vec<u16> = bytes.chunks_exact(2).map(|c| u16::from_le_bytes([c[0], c[1]])).collect();
        String::from_utf16_lossy(units.strip_suffix(&[0]).unwrap_or(&units))
    }

    /// A NUL-terminated ANSI string as bytes (an IP address: ASCII).
    fn ansi_text(bytes: &[u8]) -> String {
        String::from_utf8_lossy(bytes.strip_suffix(&[0]).unwrap_or(bytes)).into_owned()
    }

    /// The status callback, for every handle made from the session. Prints each status (strings
    /// as text) and passes the ones that matter to `main`; never panics.
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
                let text = match decoded {
                    InternetStatusInfo::ResolvingName(bytes) => format!(": {:?}, UTF-16", utf16_text(bytes)),
                    InternetStatusInfo::NameResolved(bytes)
                    | InternetStatusInfo::ConnectingToServer(bytes)
                    | InternetStatusInfo::ConnectedToServer(bytes) => format!(": {:?}, ANSI", ansi_text(bytes)),
                    _ => String::new(),
                };
                println!("  context {context:#x}: {decoded}{text} (length {len})");
                match decoded {
                    InternetStatusInfo::HandleCreated(handle) => {
                        Some(Event::HandleCreated { context, handle: handle as usize })
                    }
                    InternetStatusInfo::ResolvingName(bytes) => Some(Event::ResolvingName(bytes.to_vec())),
                    InternetStatusInfo::ConnectedToServer(bytes) => Some(Event::ConnectedToServer(bytes.to_vec())),
                    InternetStatusInfo::RequestComplete(result) => Some(Event::RequestComplete { context, result }),
                    InternetStatusInfo::HandleClosing(handle) => {
                        Some(Event::HandleClosing { context, handle: handle as usize })
                    }
                    _ => None,
                }
            }
            Err(error) => Some(Event::Undecodable(error.to_string())),
        };
        if let (Some(event), Some(events)) = (event, EVENTS.get()) {
            let _ = events.send(event);
        }
    }

    fn next(events: &Receiver<Event>) -> Event {
        match events.recv_timeout(Duration::from_secs(30)) {
            Ok(Event::Undecodable(error)) => panic!("a status winasync could not decode: {error}"),
            Ok(event) => event,
            Err(_) => panic!("no status callback within 30 s"),
        }
    }

    /// Waits for the `REQUEST_COMPLETE` of the request handle, and checks it succeeded.
    fn request_complete(events: &Receiver<Event>) -> INTERNET_ASYNC_RESULT {
        let Event::RequestComplete { context, result } = next(events) else { panic!("expected REQUEST_COMPLETE") };
        assert_eq!(context, REQUEST_CONTEXT);
        assert!(
            result.dwResult != 0 && result.dw_error() == Ok(InternetError::Success),
            "the request failed: {result}"
        );
        result
    }

    /// Answers one GET with `BODY`, and returns the request line it got.
    fn serve_once(listener: TcpListener) -> String {
        let (stream, _) = listener.accept().expect("accept");
        let mut reader = BufReader::new(stream);
        let mut request_line = String::new();
        reader.read_line(&mut request_line).expect("read the request line");
        let mut line = String::new();
        while reader.read_line(&mut line).expect("read a header") > 2 {
            line.clear();
        }
        let head = format!("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {}\r\n\r\n", BODY.len());
        reader.get_mut().write_all(&[head.as_bytes(), BODY].concat()).expect("write the response");
        request_line.trim_end().to_string()
    }

    pub fn main() {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let port = listener.local_addr().expect("local address").port();
        let server = thread::spawn(move || serve_once(listener));
        println!("wininet_get: GET http://127.0.0.1:{port}/hello");

        let (sender, events) = mpsc::channel();
        EVENTS.set(sender).expect("set once");

        // SAFETY (all the calls below): FFI with valid, NUL-terminated strings, live handles, and
        // buffers that outlive the operations using them (`main` waits for each).
        let session = unsafe {
            InternetOpenW(w!("winasync-example"), INTERNET_OPEN_TYPE_DIRECT, null(), null(), INTERNET_FLAG_ASYNC)
        };
        assert!(!session.is_null(), "InternetOpenW failed: {}", std::io::Error::last_os_error());
        let previous = unsafe { InternetSetStatusCallbackW(session, Some(on_status)) };
        assert!(previous.is_none(), "InternetSetStatusCallbackW failed: {}", std::io::Error::last_os_error());

        let connect = unsafe {
            InternetConnectW(session, w!("127.0.0.1"), port, null(), null(), INTERNET_SERVICE_HTTP, 0, CONNECT_CONTEXT)
        };
        assert!(!connect.is_null(), "InternetConnectW failed: {}", std::io::Error::last_os_error());
        assert_eq!(next(&events), Event::HandleCreated { context: CONNECT_CONTEXT, handle: connect as usize });
        let flags = INTERNET_FLAG_RELOAD | INTERNET_FLAG_NO_CACHE_WRITE;
        let request = unsafe {
            HttpOpenRequestW(connect, w!("GET"), w!("/hello"), null(), null(), null(), flags, REQUEST_CONTEXT)
        };
        assert!(!request.is_null(), "HttpOpenRequestW failed: {}", std::io::Error::last_os_error());
        assert_eq!(next(&events), Event::HandleCreated { context: REQUEST_CONTEXT, handle: request as usize });

        let done = unsafe { HttpSendRequestW(request, null(), 0, null(), 0) };
        let error = unsafe { GetLastError() };
        assert!(
            done == 0 && error == ERROR_IO_PENDING,
            "HttpSendRequestW: {done}, error {error} (expected ERROR_IO_PENDING)"
        );
        // The host name, as UTF-16 for a callback installed with the W function...
        let host: Vec<u8> = "127.0.0.1\0".encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert_eq!(next(&events), Event::ResolvingName(host));
        // ...and the server's address as ANSI text, whichever function installed the callback.
        assert_eq!(next(&events), Event::ConnectedToServer(b"127.0.0.1\0".to_vec()));
        request_complete(&events);

        let (mut code, mut size) = (0u32, size_of::<u32>() as u32);
        let query = HTTP_QUERY_STATUS_CODE | HTTP_QUERY_FLAG_NUMBER;
        let ok = unsafe { HttpQueryInfoW(request, query, (&raw mut code).cast(), &mut size, null_mut()) };
        assert!(ok != 0 && code == 200, "status code {code}: {}", std::io::Error::last_os_error());

        // Read until a read gives 0 bytes. `read` is written when the read completes, at once or
        // (after ERROR_IO_PENDING) before its REQUEST_COMPLETE.
        let mut body = Vec::new();
        let mut buffer = [0u8; 256];
        loop {
            let mut read = 0u32;
            let done = unsafe { InternetReadFile(request, buffer.as_mut_ptr().cast(), buffer.len() as u32, &mut read) };
            if done == 0 {
                let error = unsafe { GetLastError() };
                assert_eq!(
                    error,
                    ERROR_IO_PENDING,
                    "InternetReadFile: {}",
                    std::io::Error::from_raw_os_error(error as i32)
                );
                request_complete(&events);
            }
            println!(
                "wininet_get: InternetReadFile: {read} bytes{}",
                if done == 0 { " (completed later)" } else { "" }
            );
            if read == 0 {
                break;
            }
            body.extend_from_slice(&buffer[..read as usize]);
        }
        assert_eq!(body, BODY, "the body");
        println!("wininet_get: body {:?}", String::from_utf8_lossy(&body));

        unsafe { InternetCloseHandle(request) };
        assert_eq!(next(&events), Event::HandleClosing { context: REQUEST_CONTEXT, handle: request as usize });
        unsafe { InternetCloseHandle(connect) };
        assert_eq!(next(&events), Event::HandleClosing { context: CONNECT_CONTEXT, handle: connect as usize });
        unsafe { InternetCloseHandle(session) };
        let request_line = server.join().expect("the server thread");
        assert_eq!(request_line, "GET /hello HTTP/1.1");
        println!("wininet_get: ok (the server got {request_line:?})");
    }
}
