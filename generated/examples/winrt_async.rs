//! A Windows Runtime asynchronous operation watched through winasync's `IAsyncInfo` and
//! `AsyncStatus`: text-to-speech with `Windows.Media.SpeechSynthesis.SpeechSynthesizer`.
//!
//! `SynthesizeTextToStreamAsync` returns at once with an `IAsyncOperation<SpeechSynthesisStream>`.
//! Every WinRT operation also implements `IAsyncInfo` (winasync's): `QueryInterface` for it, poll
//! `get_Status` until the `AsyncStatus` is no longer `Started`, read `get_ErrorCode`, take the
//! result (`GetResults`, the operation's own method), and `Close` the operation.
//!
//! winasync has only the async-result family, so the two interfaces around it are declared here
//! by hand, as far as this program calls them: `ISpeechSynthesizer` and `IAsyncOperation<T>`. The
//! imports (combase.dll) are declared with `windows-link`: windows-sys has no WinRT functions.
//!
//! Runs on Windows, and under Wine (`.ci/wine-check` runs it for x86_64 and i686).

#[cfg(not(windows))]
fn main() {
    println!("winrt_async: this example runs on Windows (or under Wine: .ci/wine-check)");
}

#[cfg(windows)]
fn main() {
    app::main();
}

#[cfg(windows)]
#[allow(non_camel_case_types, non_snake_case, non_upper_case_globals)] // the C names
mod app {
    use std::ffi::c_void;
    use std::ptr::null_mut;
    use std::time::{Duration, Instant};

    use winasync::{
        AsyncStatus, AsyncStatusKind, GUID, HRESULT, HSTRING, IAsyncInfo, IID_IAsyncInfo, IInspectable,
        IInspectable_Vtbl, TrustLevel, TrustLevelKind,
    };
    use windows_sys::Win32::Foundation::S_OK;

    // combase.dll, imported by name (raw-dylib). On Windows these are also behind the
    // api-ms-win-core-winrt-* API sets; combase.dll is where both Windows and Wine implement them.
    windows_link::link!("combase.dll" "system" fn RoInitialize(init_type: i32) -> HRESULT);
    windows_link::link!("combase.dll" "system" fn RoUninitialize());
    windows_link::link!("combase.dll" "system" fn RoActivateInstance(
        class_id: HSTRING,
        instance: *mut IInspectable
    ) -> HRESULT);
    windows_link::link!("combase.dll" "system" fn WindowsCreateString(
        source: *const u16,
        length: u32,
        string: *mut HSTRING
    ) -> HRESULT);
    windows_link::link!("combase.dll" "system" fn WindowsDeleteString(string: HSTRING) -> HRESULT);
    windows_link::link!("combase.dll" "system" fn WindowsGetStringRawBuffer(
        string: HSTRING,
        length: *mut u32
    ) -> *const u16);
    windows_link::link!("combase.dll" "system" fn CoTaskMemFree(memory: *const c_void));

    /// `RO_INIT_MULTITHREADED` (roapi.h): this thread joins the multithreaded apartment, so the
    /// operation may complete on any thread, with no message loop needed here.
    const RO_INIT_MULTITHREADED: i32 = 1;
    /// `E_ILLEGAL_METHOD_CALL` (winerror.h): what `IAsyncInfo` answers once closed.
    const E_ILLEGAL_METHOD_CALL: HRESULT = 0x8000_000E_u32 as HRESULT;
    /// How long the synthesis may take.
    const TIMEOUT: Duration = Duration::from_secs(30);

    // `ISpeechSynthesizer` (Windows.Media.SpeechSynthesis). IID and method order from the Windows
    // metadata: Windows.winmd as shipped in the windows-bindgen 0.58.0 crate (`default/`), read
    // with windows-metadata 0.100: GuidAttribute {ce9f7c76-97f4-4ced-ad68-d51c458e45c6}, methods
    // SynthesizeTextToStreamAsync, SynthesizeSsmlToStreamAsync, put_Voice, get_Voice; the same as
    // microsoft/windows-rs, crates/libs/windows/src/Windows/Media/SpeechSynthesis/mod.rs
    // (`ISpeechSynthesizer_Vtbl`). Only the first is called: the vtable stops there.
    const IID_ISpeechSynthesizer: GUID = GUID {
        data1: 0xce9f7c76,
        data2: 0x97f4,
        data3: 0x4ced,
        data4: [0xad, 0x68, 0xd5, 0x1c, 0x45, 0x8e, 0x45, 0xc6],
    };

    #[repr(C)]
    struct ISpeechSynthesizer_Vtbl {
        /// WinRT interfaces derive from `IInspectable`: its six methods come first.
        base__: IInspectable_Vtbl,
        /// `IAsyncOperation<SpeechSynthesisStream> SynthesizeTextToStreamAsync(String text)`, in ABI
        /// form: the string by value (borrowed), the operation through an out pointer.
        SynthesizeTextToStreamAsync:
            unsafe extern "system" fn(this: *mut c_void, text: HSTRING, operation: *mut IInspectable) -> HRESULT,
    }

    // `IAsyncOperation<TResult>` (Windows.Foundation, the generic IAsyncOperation`1; its IID for
    // a given TResult is derived from the type's signature, and is not needed here: the
    // operation comes from the synthesizer already). Method order from the same Windows.winmd:
    // put_Completed, get_Completed, GetResults; the same as windows-rs,
    // crates/libs/windows/src/Windows/Foundation/mod.rs (`IAsyncOperation_Vtbl`: SetCompleted,
    // Completed, GetResults).
    #[repr(C)]
    struct IAsyncOperation_Vtbl {
        base__: IInspectable_Vtbl,
        /// Not called: a completion handler is the other way to learn the outcome.
        put_Completed: usize,
        get_Completed: usize,
        /// `TResult GetResults()`: here a `SpeechSynthesisStream`, a runtime class, so an
        /// `IInspectable*` that the caller then owns.
        GetResults: unsafe extern "system" fn(this: *mut c_void, results: *mut IInspectable) -> HRESULT,
    }

    /// `ISpeechSynthesisStream`'s IID (same metadata and windows-rs file as `ISpeechSynthesizer`):
    /// what `GetResults` gave is checked to be one.
    const IID_ISpeechSynthesisStream: GUID = GUID {
        data1: 0x83e46e93,
        data2: 0x244c,
        data3: 0x4622,
        data4: [0xba, 0x0b, 0x62, 0x29, 0xc4, 0xd0, 0xd6, 0x5d],
    };

    /// The vtable of an object of the hand-declared interfaces above.
    ///
    /// # Safety
    ///
    /// `object` must be a live object implementing the interface whose vtable `V` is.
    unsafe fn vtable<V>(object: *mut c_void) -> &'static V {
        unsafe { &**object.cast::<*const V>() }
    }

    /// An HRESULT as Windows prints it.
    fn hex(hr: HRESULT) -> String {
        format!("{:#010x}", hr as u32)
    }

    /// A new HSTRING holding `text` (to be deleted with `WindowsDeleteString`).
    fn hstring(text: &str) -> HSTRING {
        let wide: Vec<u16> = text.encode_utf16().collect();
        let mut string: HSTRING = null_mut();
        // SAFETY: FFI; `wide` is valid for `len` UTF-16 units (the string is copied).
        let hr = unsafe { WindowsCreateString(wide.as_ptr(), wide.len() as u32, &mut string) };
        assert_eq!(hr, S_OK, "WindowsCreateString({text:?}): {}", hex(hr));
        string
    }

    /// An `AsyncStatus` both ways: the raw newtype (any value the OS writes fits; `Display` names
    /// the known ones) and, when the value is known, the closed enum.
    fn describe(status: AsyncStatus) -> String {
        match AsyncStatusKind::try_from(status) {
            Ok(kind) => format!("{status} = AsyncStatusKind::{kind:?} ({kind:#})"),
            Err(unknown) => format!("{status}: {unknown}"),
        }
    }

    pub fn main() {
        // SAFETY (all the FFI and method calls below): valid arguments, interface pointers used
        // only while this program holds a reference to their object.
        let hr = unsafe { RoInitialize(RO_INIT_MULTITHREADED) };
        assert_eq!(hr, S_OK, "RoInitialize: {}", hex(hr));
        println!("winrt_async: RoInitialize(RO_INIT_MULTITHREADED) = S_OK");

        let class = hstring("Windows.Media.SpeechSynthesis.SpeechSynthesizer");
        let mut instance = IInspectable::default();
        let hr = unsafe { RoActivateInstance(class, &mut instance) };
        assert_eq!(hr, S_OK, "RoActivateInstance(SpeechSynthesizer): {}", hex(hr));
        assert!(!instance.is_null(), "RoActivateInstance gave a null instance");
        println!("winrt_async: RoActivateInstance(\"Windows.Media.SpeechSynthesis.SpeechSynthesizer\") = {instance:?}");

        let mut synthesizer = null_mut();
        let hr = unsafe { instance.QueryInterface(&IID_ISpeechSynthesizer, &mut synthesizer) };
        assert_eq!(hr, S_OK, "QueryInterface(ISpeechSynthesizer): {}", hex(hr));
        println!("winrt_async: QueryInterface(IID_ISpeechSynthesizer) = S_OK");

        let text = hstring("Hello from winasync.");
        let mut operation = IInspectable::default();
        let synthesize = unsafe { vtable::<ISpeechSynthesizer_Vtbl>(synthesizer) }.SynthesizeTextToStreamAsync;
        let hr = unsafe { synthesize(synthesizer, text, &mut operation) };
        assert_eq!(hr, S_OK, "SynthesizeTextToStreamAsync: {}", hex(hr));
        assert!(!operation.is_null(), "SynthesizeTextToStreamAsync gave a null operation");
        println!("winrt_async: SynthesizeTextToStreamAsync(\"Hello from winasync.\") = {operation:?}");

        // Any WinRT async operation is also an IAsyncInfo: status, error code, cancel, close.
        let mut info = IAsyncInfo::default();
        let hr = unsafe { operation.QueryInterface(&IID_IAsyncInfo, (&raw mut info).cast()) };
        assert_eq!(hr, S_OK, "QueryInterface(IID_IAsyncInfo): {}", hex(hr));
        println!("winrt_async: QueryInterface(IID_IAsyncInfo) = {info:?}");

        // Shown, not checked: Wine stubs these (E_NOTIMPL); Windows answers them.
        let mut id = 0u32;
        match unsafe { info.get_Id(&mut id) } {
            S_OK => println!("winrt_async: get_Id = S_OK, id {id}"),
            hr => println!("winrt_async: get_Id = {}", hex(hr)),
        }
        let mut name: HSTRING = null_mut();
        match unsafe { info.GetRuntimeClassName(&mut name) } {
            S_OK => {
                let mut len = 0u32;
                // SAFETY: the string is ours until deleted; the buffer holds `len` UTF-16 units.
                let name_text = unsafe {
                    let buffer = WindowsGetStringRawBuffer(name, &mut len);
                    let text = String::from_utf16_lossy(std::slice::from_raw_parts(buffer, len as usize));
                    WindowsDeleteString(name);
                    text
                };
                println!("winrt_async: IInspectable::GetRuntimeClassName = S_OK, {name_text:?}");
            }
            hr => println!("winrt_async: IInspectable::GetRuntimeClassName = {}", hex(hr)),
        }
        let (mut count, mut iids) = (0u32, null_mut::<GUID>());
        match unsafe { info.GetIids(&mut count, &mut iids) } {
            S_OK => {
                // The array is the caller's to free, with the COM allocator.
                unsafe { CoTaskMemFree(iids.cast()) };
                println!("winrt_async: IInspectable::GetIids = S_OK, {count} interface(s)");
            }
            hr => println!("winrt_async: IInspectable::GetIids = {}", hex(hr)),
        }
        let mut trust = TrustLevel::default();
        match unsafe { info.GetTrustLevel(&mut trust) } {
            // The raw newtype, and the closed enum when the value is a known one.
            S_OK => println!(
                "winrt_async: IInspectable::GetTrustLevel = S_OK, {trust} ({:?})",
                TrustLevelKind::try_from(trust)
            ),
            hr => println!("winrt_async: IInspectable::GetTrustLevel = {}", hex(hr)),
        }

        // Poll until the operation leaves Started: a program with work of its own would set a
        // completion handler instead (IAsyncOperation::put_Completed).
        let deadline = Instant::now() + TIMEOUT;
        let mut polls = 0u32;
        let status = loop {
            let mut status = AsyncStatus::default();
            let hr = unsafe { info.get_Status(&mut status) };
            assert_eq!(hr, S_OK, "get_Status: {}", hex(hr));
            polls += 1;
            if polls == 1 || status != AsyncStatus::Started {
                println!("winrt_async: get_Status = {}", describe(status));
            }
            if status != AsyncStatus::Started {
                break status;
            }
            assert!(Instant::now() < deadline, "still Started after {TIMEOUT:?}");
            std::thread::sleep(Duration::from_millis(10));
        };
        assert_eq!(status, AsyncStatus::Completed, "the synthesis ended {}", describe(status));
        assert_eq!(AsyncStatusKind::try_from(status), Ok(AsyncStatusKind::Completed));
        println!("winrt_async: Completed after {polls} get_Status call(s)");

        let mut error = -1;
        let hr = unsafe { info.get_ErrorCode(&mut error) };
        assert_eq!((hr, error), (S_OK, S_OK), "get_ErrorCode = {} (error code {})", hex(hr), hex(error));
        println!("winrt_async: get_ErrorCode = S_OK, error code S_OK");

        // The result: a SpeechSynthesisStream, which the caller now owns.
        let mut stream = IInspectable::default();
        let results = unsafe { vtable::<IAsyncOperation_Vtbl>(operation.0) }.GetResults;
        let hr = unsafe { results(operation.0, &mut stream) };
        assert_eq!(hr, S_OK, "GetResults: {}", hex(hr));
        assert!(!stream.is_null(), "GetResults gave no stream");
        let mut synthesis_stream = null_mut();
        let hr = unsafe { stream.QueryInterface(&IID_ISpeechSynthesisStream, &mut synthesis_stream) };
        assert_eq!(hr, S_OK, "the result is no ISpeechSynthesisStream: {}", hex(hr));
        unsafe { IInspectable(synthesis_stream).Release() };
        println!("winrt_async: GetResults = {stream:?}, an ISpeechSynthesisStream");

        // Close after the results are taken, before the last Release. A closed operation answers
        // nothing more: its status is E_ILLEGAL_METHOD_CALL, and whatever it wrote is no status
        // (winasync's raw newtype holds any value; the closed enum says when it is not one).
        let hr = unsafe { info.Close() };
        assert_eq!(hr, S_OK, "Close: {}", hex(hr));
        let mut after = AsyncStatus::default();
        let hr = unsafe { info.get_Status(&mut after) };
        assert_eq!(hr, E_ILLEGAL_METHOD_CALL, "get_Status after Close: {}", hex(hr));
        println!("winrt_async: Close = S_OK; then get_Status = E_ILLEGAL_METHOD_CALL, wrote {}", describe(after));

        unsafe {
            stream.Release();
            info.Release();
            operation.Release();
            IInspectable(synthesizer).Release();
            instance.Release();
            assert_eq!(WindowsDeleteString(text), S_OK);
            assert_eq!(WindowsDeleteString(class), S_OK);
            RoUninitialize();
        }
        println!("winrt_async: everything released, RoUninitialize");
        println!("winrt_async: ok");
    }
}
