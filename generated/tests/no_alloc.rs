//! `Display`, `TryFrom` and the accessors do not allocate: counted with a global allocator, in
//! a test binary of its own so that no other test's allocations are counted.
#![allow(non_camel_case_types, non_snake_case)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::fmt::Write;
use winasync::async_result;

struct Counting;

thread_local! {
    // Per thread: the test harness allocates on its own threads while a test runs.
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

// SAFETY: forwards to `System`, only counting.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.with(|n| n.set(n.get() + 1));
        // SAFETY: the caller's contract is `System`'s.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: as above.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// A fixed buffer that is a `fmt::Write`, so formatting needs no `String`.
struct Buffer {
    bytes: [u8; 1024],
    len: usize,
}

impl Write for Buffer {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        let end = self.len + s.len();
        self.bytes.get_mut(self.len..end).ok_or(std::fmt::Error)?.copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

impl Buffer {
    fn as_str(&self) -> &str {
        std::str::from_utf8(&self.bytes[..self.len]).unwrap()
    }
}

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

#[async_result]
#[repr(C)]
#[derive(Clone, Copy)]
pub struct WINHTTP_ASYNC_RESULT {
    #[async_result(values = WinHttpAsyncApi)]
    pub dwResult: usize,
    pub dwError: u32,
    pub extra: [u16; 20],
}

fn allocations_in(f: impl FnOnce()) -> usize {
    let before = ALLOCATIONS.with(Cell::get);
    f();
    ALLOCATIONS.with(Cell::get) - before
}

#[test]
fn formatting_and_conversions_do_not_allocate() {
    let mut buffer = Buffer { bytes: [0; 1024], len: 0 };
    let known = WINHTTP_ASYNC_RESULT { dwResult: 5, dwError: 12002, extra: [0; 20] };
    let unknown = WINHTTP_ASYNC_RESULT { dwResult: 99, dwError: 0, extra: [1; 20] };
    let bytes = [0u8; size_of::<WINHTTP_ASYNC_RESULT>()];
    let count = allocations_in(|| {
        write!(buffer, "{known}|{unknown}|{}|{:#}|", WinHttpAsyncApi::SendRequest, WinHttpAsyncApi::SendRequest)
            .unwrap();
        let err = WinHttpAsyncApi::try_from(7).unwrap_err();
        write!(buffer, "{err}|{}", unknown.dw_result().unwrap_err()).unwrap();
        assert!(WINHTTP_ASYNC_RESULT::try_from(&bytes[..]).is_ok());
        assert!(WINHTTP_ASYNC_RESULT::try_from(&bytes[1..]).is_err());
    });
    assert_eq!(count, 0, "allocated while formatting: {}", buffer.as_str());
    assert!(
        buffer.as_str().starts_with("WINHTTP_ASYNC_RESULT { dwResult: API_SEND_REQUEST (5), dwError: 12002, extra: [")
    );
    assert!(buffer.as_str().ends_with("|unknown WinHttpAsyncApi value 7|unknown WinHttpAsyncApi value 99"));
    // The counter does count: this allocates.
    assert!(allocations_in(|| drop(known.to_string())) > 0);
}
