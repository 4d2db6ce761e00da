//! An asynchronous WinHTTP GET from a tiny HTTP/1.1 server on 127.0.0.1, every status decoded.
//!
//! In asynchronous mode each WinHTTP call only starts its work; the status callback says when it
//! is done, on one of WinHTTP's threads. Here `main` makes one call at a time and waits for the
//! status that completes it, which the callback decodes with `WinhttpStatusInfo::from_callback`
//! and sends over a channel:
//!
//! | call | completed by |
//! |---|---|
//! | `WinHttpSendRequest` | `SENDREQUEST_COMPLETE` (after `CONNECTED_TO_SERVER`: the server's address, UTF-16) |
//! | `WinHttpReceiveResponse` | `HEADERS_AVAILABLE` |
//! | `WinHttpQueryDataAvailable` | `DATA_AVAILABLE(n)`, the bytes ready (0 at the end) |
//! | `WinHttpReadData` | `READ_COMPLETE(bytes)`, the caller's buffer, filled |
//! | `WinHttpCloseHandle` | `HANDLE_CLOSING(handle)`, the last call for the handle |
//!
//! Runs on Windows, and under Wine (`.ci/wine-check` runs it for x86_64 and i686).

#[cfg(not(windows))]
fn main() {
    println!("winhttp_get: this example runs on Windows (or under Wine: .ci/wine-check)");
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

    use winasync::winhttp::{WinhttpHandleKind, WinhttpStatusInfo};
    use windows_sys::Win32::Networking::WinHttp::{
        WINHTTP_ACCESS_TYPE_NO_PROXY, WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, WINHTTP_FLAG_ASYNC,
        WINHTTP_QUERY_FLAG_NUMBER, WINHTTP_QUERY_STATUS_CODE, WinHttpCloseHandle, WinHttpConnect, WinHttpOpen,
        WinHttpOpenRequest, WinHttpQueryDataAvailable, WinHttpQueryHeaders, WinHttpReadData, WinHttpReceiveResponse,
        WinHttpSendRequest, WinHttpSetStatusCallback,
    };
    use windows_sys::w;

    const BODY: &[u8] = b"Hello from the loopback server.\n";

    /// The statuses `main` waits for, copied out of WinHTTP's memory (the callback runs on
    /// WinHTTP's threads, and its payloads live only as long as the call).
    #[derive(Debug, PartialEq)]
    enum Event {
        ConnectedToServer(String),
        SendRequestComplete,
        HeadersAvailable,
        DataAvailable(u32),
        ReadComplete(Vec<u8>),
        HandleClosing(usize),
        RequestError(String),
        /// A status whose information could not be read as the docs say: the decoder's error.
        Undecodable(String),
    }

    static EVENTS: OnceLock<Sender<Event>> = OnceLock::new();

    /// The status callback, installed on the request handle. It prints every status and passes
    /// the ones that matter to `main`; it never panics (a surprise goes to `main`, which fails).
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
                    WinhttpStatusInfo::ConnectedToServer(address) => {
                        Some(Event::ConnectedToServer(String::from_utf16_lossy(address)))
                    }
                    WinhttpStatusInfo::SendrequestComplete(_) => Some(Event::SendRequestComplete),
                    WinhttpStatusInfo::HeadersAvailable => Some(Event::HeadersAvailable),
                    WinhttpStatusInfo::DataAvailable(available) => Some(Event::DataAvailable(available)),
                    WinhttpStatusInfo::ReadComplete(bytes) => Some(Event::ReadComplete(bytes.to_vec())),
                    WinhttpStatusInfo::HandleClosing(handle) => Some(Event::HandleClosing(handle as usize)),
                    WinhttpStatusInfo::RequestError(result) => Some(Event::RequestError(result.to_string())),
                    _ => None,
                }
            }
            Err(error) => Some(Event::Undecodable(error.to_string())),
        };
        if let (Some(event), Some(events)) = (event, EVENTS.get()) {
            let _ = events.send(event);
        }
    }

    /// The next status `main` waits for; any failure ends the program with what was received.
    fn next(events: &Receiver<Event>) -> Event {
        match events.recv_timeout(Duration::from_secs(30)) {
            Ok(event @ (Event::Undecodable(_) | Event::RequestError(_))) => panic!("the request failed: {event:?}"),
            Ok(event) => event,
            Err(_) => panic!("no status callback within 30 s"),
        }
    }

    /// Answers one GET with `BODY`, and returns the request line it got.
    fn serve_once(listener: TcpListener) -> String {
        let (stream, _) = listener.accept().expect("accept");
        let mut reader = BufReader::new(stream);
        let mut request_line = String::new();
        reader.read_line(&mut request_line).expect("read the request line");
        // The headers, up to the empty line.
        let mut line = String::new();
        while reader.read_line(&mut line).expect("read a header") > 2 {
            line.clear();
        }
        let mut stream = reader.into_inner();
        let head = format!("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {}\r\n\r\n", BODY.len());
        stream.write_all(&[head.as_bytes(), BODY].concat()).expect("write the response");
        request_line.trim_end().to_string()
    }

    pub fn main() {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let port = listener.local_addr().expect("local address").port();
        let server = thread::spawn(move || serve_once(listener));
        println!("winhttp_get: GET http://127.0.0.1:{port}/hello");

        let (sender, events) = mpsc::channel();
        EVENTS.set(sender).expect("set once");

        // SAFETY (all the calls below): FFI with valid, NUL-terminated strings, live handles, and
        // buffers that outlive the operations reading into them (`main` waits for each).
        let session = unsafe {
            WinHttpOpen(w!("winasync-example"), WINHTTP_ACCESS_TYPE_NO_PROXY, null(), null(), WINHTTP_FLAG_ASYNC)
        };
        assert!(!session.is_null(), "WinHttpOpen failed: {}", std::io::Error::last_os_error());
        let connect = unsafe { WinHttpConnect(session, w!("127.0.0.1"), port, 0) };
        assert!(!connect.is_null(), "WinHttpConnect failed: {}", std::io::Error::last_os_error());
        let request = unsafe { WinHttpOpenRequest(connect, w!("GET"), w!("/hello"), null(), null(), null(), 0) };
        assert!(!request.is_null(), "WinHttpOpenRequest failed: {}", std::io::Error::last_os_error());
        let previous =
            unsafe { WinHttpSetStatusCallback(request, Some(on_status), WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0) };
        assert!(previous.is_none(), "WinHttpSetStatusCallback failed: {}", std::io::Error::last_os_error());

        let ok = unsafe { WinHttpSendRequest(request, null(), 0, null(), 0, 0, 1) };
        assert!(ok != 0, "WinHttpSendRequest: {}", std::io::Error::last_os_error());
        assert_eq!(next(&events), Event::ConnectedToServer("127.0.0.1".into()));
        assert_eq!(next(&events), Event::SendRequestComplete);

        let ok = unsafe { WinHttpReceiveResponse(request, null_mut()) };
        assert!(ok != 0, "WinHttpReceiveResponse: {}", std::io::Error::last_os_error());
        assert_eq!(next(&events), Event::HeadersAvailable);
        // Once the headers are in, reading them is synchronous.
        let (mut code, mut size) = (0u32, size_of::<u32>() as u32);
        let query = WINHTTP_QUERY_STATUS_CODE | WINHTTP_QUERY_FLAG_NUMBER;
        let ok = unsafe { WinHttpQueryHeaders(request, query, null(), (&raw mut code).cast(), &mut size, null_mut()) };
        assert!(ok != 0 && code == 200, "status code {code}: {}", std::io::Error::last_os_error());

        // Ask what is there, read it, until nothing is left.
        let mut body = Vec::new();
        loop {
            let ok = unsafe { WinHttpQueryDataAvailable(request, null_mut()) };
            assert!(ok != 0, "WinHttpQueryDataAvailable: {}", std::io::Error::last_os_error());
            let Event::DataAvailable(available) = next(&events) else { panic!("expected DATA_AVAILABLE") };
            if available == 0 {
                break;
            }
            // Asynchronous: the byte count comes with READ_COMPLETE, so its pointer is null.
            let mut buffer = vec![0u8; available as usize];
            let ok = unsafe { WinHttpReadData(request, buffer.as_mut_ptr().cast(), available, null_mut()) };
            assert!(ok != 0, "WinHttpReadData: {}", std::io::Error::last_os_error());
            let Event::ReadComplete(bytes) = next(&events) else { panic!("expected READ_COMPLETE") };
            assert_eq!(bytes, buffer[..bytes.len()], "READ_COMPLETE carries the caller's buffer");
            body.extend_from_slice(&bytes);
        }
        assert_eq!(body, BODY, "the body");
        println!("winhttp_get: body {:?}", String::from_utf8_lossy(&body));

        unsafe { WinHttpCloseHandle(request) };
        assert_eq!(next(&events), Event::HandleClosing(request as usize));
        unsafe {
            WinHttpCloseHandle(connect);
            WinHttpCloseHandle(session);
        }
        let request_line = server.join().expect("the server thread");
        assert_eq!(request_line, "GET /hello HTTP/1.1");
        println!("winhttp_get: ok (the server got {request_line:?})");
    }
}
