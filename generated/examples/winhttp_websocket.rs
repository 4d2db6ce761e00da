//! A WebSocket exchange with asynchronous WinHTTP: upgrade, send a text message, receive its echo,
//! close, with a tiny WebSocket server on 127.0.0.1.
//!
//! On a WebSocket handle, some statuses carry other payloads than on a request handle:
//! `READ_COMPLETE` and `WRITE_COMPLETE` carry a `WINHTTP_WEB_SOCKET_STATUS` (the bytes moved and
//! the kind of buffer), `REQUEST_ERROR` a `WINHTTP_WEB_SOCKET_ASYNC_RESULT`. The callback cannot
//! tell from its arguments which kind of handle it is called for, so the program says it: the
//! WebSocket handle gets a callback of its own, which decodes with `WinhttpHandleKind::WebSocket`.
//!
//! Runs on Windows, and under Wine (`.ci/wine-check` runs it for x86_64 and i686).

#[cfg(not(windows))]
fn main() {
    println!("winhttp_websocket: this example runs on Windows (or under Wine: .ci/wine-check)");
}

#[cfg(windows)]
fn main() {
    app::main();
}

#[cfg(windows)]
mod app {
    use std::ffi::c_void;
    use std::io::{BufRead, BufReader, Read, Write};
    use std::net::{TcpListener, TcpStream};
    use std::ptr::{null, null_mut};
    use std::sync::OnceLock;
    use std::sync::mpsc::{self, Receiver, Sender};
    use std::thread;
    use std::time::Duration;

    use base64::Engine as _;
    use winasync::winhttp::{WinhttpHandleKind, WinhttpStatusInfo};
    use winasync::{WINHTTP_WEB_SOCKET_STATUS, WinhttpWebSocketBufferType};
    use windows_sys::Win32::Networking::WinHttp::{
        WINHTTP_ACCESS_TYPE_NO_PROXY, WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, WINHTTP_FLAG_ASYNC,
        WINHTTP_OPTION_UPGRADE_TO_WEB_SOCKET, WINHTTP_QUERY_FLAG_NUMBER, WINHTTP_QUERY_STATUS_CODE,
        WINHTTP_WEB_SOCKET_SUCCESS_CLOSE_STATUS, WINHTTP_WEB_SOCKET_UTF8_MESSAGE_BUFFER_TYPE, WinHttpCloseHandle,
        WinHttpConnect, WinHttpOpen, WinHttpOpenRequest, WinHttpQueryHeaders, WinHttpReceiveResponse,
        WinHttpSendRequest, WinHttpSetOption, WinHttpSetStatusCallback, WinHttpWebSocketClose,
        WinHttpWebSocketCompleteUpgrade, WinHttpWebSocketQueryCloseStatus, WinHttpWebSocketReceive,
        WinHttpWebSocketSend,
    };
    use windows_sys::w;

    const MESSAGE: &str = "hello, echo";

    /// The statuses `main` waits for, copied out of WinHTTP's memory.
    #[derive(Debug, PartialEq)]
    enum Event {
        SendRequestComplete,
        HeadersAvailable,
        HandleCreated(usize),
        WriteComplete(WINHTTP_WEB_SOCKET_STATUS),
        ReadComplete(WINHTTP_WEB_SOCKET_STATUS),
        CloseComplete,
        HandleClosing(usize),
        /// An error, or a status whose information could not be read as the docs say.
        Failed(String),
    }

    static EVENTS: OnceLock<Sender<Event>> = OnceLock::new();

    /// Decodes one status for a handle of `kind`, prints it, and passes on what `main` waits for.
    /// Never panics: a surprise goes to `main`, which fails.
    ///
    /// # Safety
    ///
    /// WinHTTP's arguments, during the callback.
    unsafe fn handle_status(kind: WinhttpHandleKind, status: u32, info: *mut c_void, len: u32) {
        // SAFETY: passed on from the caller.
        let event = match unsafe { WinhttpStatusInfo::from_callback(status, info, len, kind) } {
            Ok(decoded) => {
                println!("  {kind:?}: {decoded} (length {len})");
                match decoded {
                    WinhttpStatusInfo::SendrequestComplete(_) => Some(Event::SendRequestComplete),
                    WinhttpStatusInfo::HeadersAvailable => Some(Event::HeadersAvailable),
                    WinhttpStatusInfo::HandleCreated(handle) => Some(Event::HandleCreated(handle as usize)),
                    WinhttpStatusInfo::WebSocketWriteComplete(status) => Some(Event::WriteComplete(status)),
                    WinhttpStatusInfo::WebSocketReadComplete(status) => Some(Event::ReadComplete(status)),
                    WinhttpStatusInfo::CloseComplete => Some(Event::CloseComplete),
                    WinhttpStatusInfo::HandleClosing(handle) => Some(Event::HandleClosing(handle as usize)),
                    WinhttpStatusInfo::RequestError(_) | WinhttpStatusInfo::WebSocketRequestError(_) => {
                        Some(Event::Failed(decoded.to_string()))
                    }
                    _ => None,
                }
            }
            Err(error) => Some(Event::Failed(format!("{kind:?}: {error}"))),
        };
        if let (Some(event), Some(events)) = (event, EVENTS.get()) {
            let _ = events.send(event);
        }
    }

    /// The callback of the request handle (the upgrade is an HTTP request).
    unsafe extern "system" fn on_request_status(_: *mut c_void, _: usize, status: u32, info: *mut c_void, len: u32) {
        // SAFETY: WinHTTP's arguments, during the call.
        unsafe { handle_status(WinhttpHandleKind::Request, status, info, len) }
    }

    /// The callback of the WebSocket handle.
    unsafe extern "system" fn on_websocket_status(_: *mut c_void, _: usize, status: u32, info: *mut c_void, len: u32) {
        // SAFETY: WinHTTP's arguments, during the call.
        unsafe { handle_status(WinhttpHandleKind::WebSocket, status, info, len) }
    }

    fn next(events: &Receiver<Event>) -> Event {
        match events.recv_timeout(Duration::from_secs(30)) {
            Ok(Event::Failed(why)) => panic!("{why}"),
            Ok(event) => event,
            Err(_) => panic!("no status callback within 30 s"),
        }
    }

    /// The server: answers the upgrade (RFC 6455, 4.2.2), echoes one text message, answers the
    /// close. Returns the text it echoed and the close status it got.
    fn serve_once(listener: TcpListener) -> (String, u16) {
        let (stream, _) = listener.accept().expect("accept");
        let mut reader = BufReader::new(stream);
        let mut key = None;
        loop {
            let mut line = String::new();
            reader.read_line(&mut line).expect("read the upgrade request");
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some((name, value)) = line.split_once(':')
                && name.eq_ignore_ascii_case("sec-websocket-key")
            {
                key = Some(value.trim().to_string());
            }
        }
        let key = key.expect("a Sec-WebSocket-Key header");
        let digest = sha1_smol::Sha1::from(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").digest().bytes();
        let accept = base64::engine::general_purpose::STANDARD.encode(digest);
        let response = format!(
            "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: {accept}\r\n\r\n"
        );
        reader.get_mut().write_all(response.as_bytes()).expect("write the upgrade response");

        let (opcode, text) = read_frame(&mut reader);
        assert_eq!(opcode, 1, "a text frame");
        write_frame(reader.get_mut(), 1, &text);
        let (opcode, close) = read_frame(&mut reader);
        assert_eq!(opcode, 8, "a close frame");
        write_frame(reader.get_mut(), 8, &close);
        let status = u16::from_be_bytes([close[0], close[1]]);
        (String::from_utf8(text).expect("UTF-8 text"), status)
    }

    /// One client frame (always masked), unmasked: its opcode and payload.
    fn read_frame(stream: &mut impl Read) -> (u8, Vec<u8>) {
        let mut head = [0u8; 2];
        stream.read_exact(&mut head).expect("a frame header");
        let len = match head[1] & 0x7f {
            126 => {
                let mut n = [0u8; 2];
                stream.read_exact(&mut n).expect("a 16-bit length");
                u16::from_be_bytes(n) as usize
            }
            127 => panic!("no frame here is that long"),
            n => n as usize,
        };
        let mut mask = [0u8; 4];
        stream.read_exact(&mut mask).expect("the mask");
        let mut payload = vec![0u8; len];
        stream.read_exact(&mut payload).expect("the payload");
        payload.iter_mut().enumerate().for_each(|(i, b)| *b ^= mask[i % 4]);
        (head[0] & 0x0f, payload)
    }

    /// One server frame (never masked), final, short.
    fn write_frame(stream: &mut TcpStream, opcode: u8, payload: &[u8]) {
        assert!(payload.len() < 126);
        stream.write_all(&[&[0x80 | opcode, payload.len() as u8], payload].concat()).expect("write a frame");
    }

    pub fn main() {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let port = listener.local_addr().expect("local address").port();
        let server = thread::spawn(move || serve_once(listener));
        println!("winhttp_websocket: ws://127.0.0.1:{port}/echo");

        let (sender, events) = mpsc::channel();
        EVENTS.set(sender).expect("set once");

        // SAFETY (all the calls below): FFI with valid, NUL-terminated strings, live handles, and
        // buffers that outlive the operations using them (`main` waits for each).
        let session = unsafe {
            WinHttpOpen(w!("winasync-example"), WINHTTP_ACCESS_TYPE_NO_PROXY, null(), null(), WINHTTP_FLAG_ASYNC)
        };
        assert!(!session.is_null(), "WinHttpOpen failed: {}", std::io::Error::last_os_error());
        let connect = unsafe { WinHttpConnect(session, w!("127.0.0.1"), port, 0) };
        assert!(!connect.is_null(), "WinHttpConnect failed: {}", std::io::Error::last_os_error());
        let request = unsafe { WinHttpOpenRequest(connect, w!("GET"), w!("/echo"), null(), null(), null(), 0) };
        assert!(!request.is_null(), "WinHttpOpenRequest failed: {}", std::io::Error::last_os_error());
        let ok = unsafe { WinHttpSetOption(request, WINHTTP_OPTION_UPGRADE_TO_WEB_SOCKET, null(), 0) };
        assert!(ok != 0, "WinHttpSetOption(UPGRADE_TO_WEB_SOCKET): {}", std::io::Error::last_os_error());
        let previous = unsafe {
            WinHttpSetStatusCallback(request, Some(on_request_status), WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0)
        };
        assert!(previous.is_none(), "WinHttpSetStatusCallback failed: {}", std::io::Error::last_os_error());

        // The upgrade: an HTTP request answered with 101 Switching Protocols.
        let ok = unsafe { WinHttpSendRequest(request, null(), 0, null(), 0, 0, 1) };
        assert!(ok != 0, "WinHttpSendRequest: {}", std::io::Error::last_os_error());
        assert_eq!(next(&events), Event::SendRequestComplete);
        let ok = unsafe { WinHttpReceiveResponse(request, null_mut()) };
        assert!(ok != 0, "WinHttpReceiveResponse: {}", std::io::Error::last_os_error());
        assert_eq!(next(&events), Event::HeadersAvailable);
        let (mut code, mut size) = (0u32, size_of::<u32>() as u32);
        let query = WINHTTP_QUERY_STATUS_CODE | WINHTTP_QUERY_FLAG_NUMBER;
        let ok = unsafe { WinHttpQueryHeaders(request, query, null(), (&raw mut code).cast(), &mut size, null_mut()) };
        assert!(ok != 0 && code == 101, "status code {code}: {}", std::io::Error::last_os_error());

        let websocket = unsafe { WinHttpWebSocketCompleteUpgrade(request, 2) };
        assert!(!websocket.is_null(), "WinHttpWebSocketCompleteUpgrade: {}", std::io::Error::last_os_error());
        // The new handle is announced to the request's callback...
        assert_eq!(next(&events), Event::HandleCreated(websocket as usize));
        // ...and starts with that callback, which decodes for a request handle: give it its own.
        let previous = unsafe {
            WinHttpSetStatusCallback(websocket, Some(on_websocket_status), WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0)
        };
        // (WINHTTP_INVALID_STATUS_CALLBACK, -1, is a failure.)
        let previous = previous.map(|f| f as usize);
        assert!(previous.is_some_and(|f| f != usize::MAX), "WinHttpSetStatusCallback: {previous:x?}");
        // The request handle is not needed any more; the WebSocket keeps the connection.
        unsafe { WinHttpCloseHandle(request) };
        assert_eq!(next(&events), Event::HandleClosing(request as usize));

        // Send: WRITE_COMPLETE says how many bytes went, as what kind of buffer.
        let error = unsafe {
            WinHttpWebSocketSend(
                websocket,
                WINHTTP_WEB_SOCKET_UTF8_MESSAGE_BUFFER_TYPE,
                MESSAGE.as_ptr().cast(),
                MESSAGE.len() as u32,
            )
        };
        assert_eq!(error, 0, "WinHttpWebSocketSend: {}", std::io::Error::from_raw_os_error(error as i32));
        let Event::WriteComplete(sent) = next(&events) else { panic!("expected WRITE_COMPLETE") };
        assert_eq!(sent.dwBytesTransferred as usize, MESSAGE.len(), "{sent}");
        assert_eq!(sent.e_buffer_type(), Ok(WinhttpWebSocketBufferType::Utf8MessageBufferType), "{sent}");

        // Receive: READ_COMPLETE says how many bytes of the buffer were filled, with what.
        let mut buffer = [0u8; 64];
        let error = unsafe {
            WinHttpWebSocketReceive(websocket, buffer.as_mut_ptr().cast(), buffer.len() as u32, null_mut(), null_mut())
        };
        assert_eq!(error, 0, "WinHttpWebSocketReceive: {}", std::io::Error::from_raw_os_error(error as i32));
        let Event::ReadComplete(received) = next(&events) else { panic!("expected READ_COMPLETE") };
        assert_eq!(received.e_buffer_type(), Ok(WinhttpWebSocketBufferType::Utf8MessageBufferType), "{received}");
        let echo = std::str::from_utf8(&buffer[..received.dwBytesTransferred as usize]).expect("UTF-8");
        assert_eq!(echo, MESSAGE);
        println!("winhttp_websocket: echoed {echo:?}");

        // Close: our close frame out, the server's back, then CLOSE_COMPLETE.
        let status = WINHTTP_WEB_SOCKET_SUCCESS_CLOSE_STATUS as u16;
        let error = unsafe { WinHttpWebSocketClose(websocket, status, null(), 0) };
        assert_eq!(error, 0, "WinHttpWebSocketClose: {}", std::io::Error::from_raw_os_error(error as i32));
        assert_eq!(next(&events), Event::CloseComplete);
        let (mut got, mut reason_len) = (0u16, 0u32);
        let error = unsafe { WinHttpWebSocketQueryCloseStatus(websocket, &mut got, null_mut(), 0, &mut reason_len) };
        assert_eq!((error, got), (0, status), "the server's close status");

        unsafe { WinHttpCloseHandle(websocket) };
        assert_eq!(next(&events), Event::HandleClosing(websocket as usize));
        unsafe {
            WinHttpCloseHandle(connect);
            WinHttpCloseHandle(session);
        }
        let (text, close_status) = server.join().expect("the server thread");
        assert_eq!((text.as_str(), close_status), (MESSAGE, status));
        println!("winhttp_websocket: ok (the server echoed {text:?} and got close status {close_status})");
    }
}
