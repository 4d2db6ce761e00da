//! Overlapped (asynchronous) file reads, the two ways Windows reports their completion, read back
//! through winasync's `OVERLAPPED`, `OVERLAPPED_ENTRY` and `LPOVERLAPPED_COMPLETION_ROUTINE`:
//!
//! - `ReadFileEx` with a completion routine, which runs on the reading thread once it waits in an
//!   alertable state (`SleepEx(.., TRUE)`), with the error code, the bytes read and the
//!   `OVERLAPPED` the read was started with;
//! - a completion port: `ReadFile` on a handle associated with the port, then
//!   `GetQueuedCompletionStatusEx`, which fills `OVERLAPPED_ENTRY`s with the handle's completion
//!   key, the `OVERLAPPED` and the bytes read.
//!
//! winasync's records have windows-sys's layouts (checked at compile time on every target), so a
//! pointer to one is passed where windows-sys wants its own.
//!
//! Runs on Windows, and under Wine (`.ci/wine-check` runs it for x86_64 and i686).

#[cfg(not(windows))]
fn main() {
    println!("overlapped_file: this example runs on Windows (or under Wine: .ci/wine-check)");
}

#[cfg(windows)]
fn main() {
    app::main();
}

#[cfg(windows)]
mod app {
    use std::cell::Cell;
    use std::fs::{File, OpenOptions};
    use std::os::windows::fs::OpenOptionsExt;
    use std::os::windows::io::AsRawHandle;
    use std::ptr::null_mut;

    use winasync::{LPOVERLAPPED_COMPLETION_ROUTINE, OVERLAPPED, OVERLAPPED_Anonymous_Anonymous, OVERLAPPED_ENTRY};
    use windows_sys::Win32::Foundation::{CloseHandle, ERROR_IO_PENDING, GetLastError, WAIT_IO_COMPLETION};
    use windows_sys::Win32::Storage::FileSystem::{FILE_FLAG_OVERLAPPED, ReadFile, ReadFileEx};
    use windows_sys::Win32::System::IO::{CreateIoCompletionPort, GetQueuedCompletionStatusEx};
    use windows_sys::Win32::System::Threading::SleepEx;

    const CONTENT: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

    /// An `OVERLAPPED` for a read at `offset`: the rest zero, as Windows requires.
    fn at_offset(offset: u32) -> OVERLAPPED {
        let mut overlapped = OVERLAPPED::default();
        overlapped.Anonymous.Anonymous = OVERLAPPED_Anonymous_Anonymous { Offset: offset, OffsetHigh: 0 };
        overlapped
    }

    /// A file opened for overlapped I/O.
    fn open_overlapped(path: &std::path::Path) -> File {
        OpenOptions::new().read(true).custom_flags(FILE_FLAG_OVERLAPPED).open(path).expect("open the file")
    }

    /// What the completion routine got: error code, bytes, the `OVERLAPPED`'s address and offset.
    #[derive(Clone, Copy, Debug, PartialEq)]
    struct Completion {
        error: u32,
        bytes: u32,
        overlapped: usize,
        offset: u32,
    }

    thread_local! {
        // The routine runs on the thread that started the read, inside its alertable wait.
        static COMPLETED: Cell<Option<Completion>> = const { Cell::new(None) };
    }

    /// The `FileIOCompletionRoutine` of `ReadFileEx`; its third parameter is winasync's `OVERLAPPED`.
    unsafe extern "system" fn on_read_done(error: u32, bytes: u32, overlapped: *mut OVERLAPPED) {
        // SAFETY: the OVERLAPPED passed to ReadFileEx, which `main` keeps alive until it returns.
        let offset = match unsafe { OVERLAPPED::read_raw(overlapped.cast(), size_of::<OVERLAPPED>()) } {
            // The union's members are plain data: its readers are safe.
            Ok(record) => record.Anonymous.anonymous().Offset,
            Err(_) => u32::MAX,
        };
        let completion = Completion { error, bytes, overlapped: overlapped as usize, offset };
        println!(
            "  FileIOCompletionRoutine: error {error}, {bytes} bytes, OVERLAPPED at {overlapped:p} with Offset {offset}"
        );
        COMPLETED.set(Some(completion));
    }

    /// (a) `ReadFileEx` and an alertable wait.
    fn read_with_completion_routine(file: &File) {
        let (offset, len) = (10u32, 16u32);
        let mut buffer = [0u8; 16];
        let mut overlapped = at_offset(offset);
        // winasync's newtype names winasync's OVERLAPPED; windows-sys's the same function pointer
        // type with its own. `From` converts.
        let routine = LPOVERLAPPED_COMPLETION_ROUTINE(Some(on_read_done));
        // SAFETY: FFI; `buffer` and `overlapped` stay alive and unmoved until the routine has run.
        let started = unsafe {
            ReadFileEx(file.as_raw_handle(), buffer.as_mut_ptr(), len, (&raw mut overlapped).cast(), routine.into())
        };
        assert!(started != 0, "ReadFileEx: {}", std::io::Error::last_os_error());
        // The routine runs only while this thread waits alertably; the wait then ends with
        // WAIT_IO_COMPLETION.
        let woke = unsafe { SleepEx(10_000, 1) };
        assert_eq!(
            woke, WAIT_IO_COMPLETION,
            "SleepEx returned {woke}, not WAIT_IO_COMPLETION (no completion within 10 s)"
        );

        let expected = Completion { error: 0, bytes: len, overlapped: &raw const overlapped as usize, offset };
        assert_eq!(COMPLETED.get(), Some(expected));
        let range = offset as usize..(offset + len) as usize;
        assert_eq!(buffer, CONTENT[range], "the bytes read");
        println!("overlapped_file: ReadFileEx read {:?}", String::from_utf8_lossy(&buffer));
    }

    /// (b) A completion port and `GetQueuedCompletionStatusEx`.
    fn read_with_completion_port(file: &File) {
        const KEY: usize = 0xF11E;
        // SAFETY: FFI; a new port, with the file associated under KEY.
        let port = unsafe { CreateIoCompletionPort(file.as_raw_handle(), null_mut(), KEY, 0) };
        assert!(!port.is_null(), "CreateIoCompletionPort: {}", std::io::Error::last_os_error());

        // Two reads at once, each with its own OVERLAPPED and buffer.
        let mut reads = [(at_offset(0), [0u8; 8]), (at_offset(36), [0u8; 8])];
        for (overlapped, buffer) in &mut reads {
            // SAFETY: FFI; `reads` stays alive and unmoved until both completions are dequeued.
            let done = unsafe {
                ReadFile(
                    file.as_raw_handle(),
                    buffer.as_mut_ptr(),
                    8,
                    null_mut(),
                    (overlapped as *mut OVERLAPPED).cast(),
                )
            };
            // Done at once or pending: either way a completion packet is queued.
            let error = unsafe { GetLastError() };
            assert!(
                done != 0 || error == ERROR_IO_PENDING,
                "ReadFile: {}",
                std::io::Error::from_raw_os_error(error as i32)
            );
        }

        let mut entries = [OVERLAPPED_ENTRY::default(); 4];
        let mut seen = 0;
        while seen < reads.len() {
            let mut removed = 0u32;
            // SAFETY: FFI; winasync's OVERLAPPED_ENTRY has windows-sys's layout.
            let ok = unsafe {
                GetQueuedCompletionStatusEx(
                    port,
                    entries.as_mut_ptr().cast(),
                    entries.len() as u32,
                    &mut removed,
                    10_000,
                    0,
                )
            };
            assert!(ok != 0, "GetQueuedCompletionStatusEx: {}", std::io::Error::last_os_error());
            for entry in &entries[..removed as usize] {
                println!("  {entry}");
                assert_eq!(entry.lpCompletionKey, KEY, "the key the file was associated with");
                assert_eq!(entry.dwNumberOfBytesTransferred, 8);
                let Some((overlapped, buffer)) = reads.iter().find(|(o, _)| std::ptr::eq(o, entry.lpOverlapped)) else {
                    panic!("lpOverlapped {:p} is none of ours", entry.lpOverlapped)
                };
                // When done, Internal holds the status (0, STATUS_SUCCESS) and InternalHigh the bytes.
                assert_eq!((overlapped.Internal, overlapped.InternalHigh), (0, 8), "{overlapped:?}");
                let offset = overlapped.Anonymous.anonymous().Offset as usize;
                assert_eq!(buffer[..], CONTENT[offset..offset + 8], "the bytes read at {offset}");
                println!("overlapped_file: port read {:?} at offset {offset}", String::from_utf8_lossy(buffer));
                seen += 1;
            }
        }
        // SAFETY: FFI; the port handle is ours.
        unsafe { CloseHandle(port) };
    }

    pub fn main() {
        let path = std::env::temp_dir().join(format!("winasync-overlapped-{}.txt", std::process::id()));
        std::fs::write(&path, CONTENT).expect("write the temporary file");
        println!("overlapped_file: {} ({} bytes)", path.display(), CONTENT.len());

        read_with_completion_routine(&open_overlapped(&path));
        // A file associated with a completion port reports there; a fresh handle for that.
        read_with_completion_port(&open_overlapped(&path));

        std::fs::remove_file(&path).expect("remove the temporary file");
        println!("overlapped_file: ok");
    }
}
