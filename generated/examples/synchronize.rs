//! COM's `ISynchronize` on a real object: the system's manual-reset event
//! (`CLSID_ManualResetEvent`, made with `CoCreateInstance`), driven through winasync's
//! `ISynchronize` methods: `Wait` times out while the event is reset (`RPC_S_CALLPENDING`), returns
//! `S_OK` once `Signal` has set it, and times out again after `Reset`. The object is also asked for
//! `IUnknown` and for an interface it does not have, and released.
//!
//! The imports (ole32.dll) are declared with `windows-link`, as the other COM examples do.
//!
//! Runs on Windows, and under Wine (`.ci/wine-check` runs it for x86_64 and i686).

#[cfg(not(windows))]
fn main() {
    println!("synchronize: this example runs on Windows (or under Wine: .ci/wine-check)");
}

#[cfg(windows)]
fn main() {
    app::main();
}

#[cfg(windows)]
#[allow(non_snake_case)] // the C names
mod app {
    use std::ffi::c_void;
    use std::ptr::null_mut;
    use winasync::{GUID, HRESULT, IID_ISynchronize, IID_IUnknown, IMFAsyncResult, ISynchronize, IUnknown};

    windows_link::link!("ole32.dll" "system" fn CoInitializeEx(reserved: *const c_void, coinit: u32) -> HRESULT);
    windows_link::link!("ole32.dll" "system" fn CoUninitialize());
    windows_link::link!("ole32.dll" "system" fn CoCreateInstance(
        clsid: *const GUID,
        outer: *mut c_void,
        context: u32,
        iid: *const GUID,
        object: *mut *mut c_void
    ) -> HRESULT);

    /// `CLSID_ManualResetEvent` (objidl.h): {0000032C-0000-0000-C000-000000000046}.
    const CLSID_MANUAL_RESET_EVENT: GUID =
        GUID { data1: 0x0000_032c, data2: 0, data3: 0, data4: [0xc0, 0, 0, 0, 0, 0, 0, 0x46] };
    const COINIT_MULTITHREADED: u32 = 0;
    const CLSCTX_INPROC_SERVER: u32 = 1;
    const S_OK: HRESULT = 0;
    const E_NOINTERFACE: HRESULT = 0x8000_4002_u32 as HRESULT;
    /// What `ISynchronize::Wait` returns when the time runs out before the object is signaled.
    const RPC_S_CALLPENDING: HRESULT = 0x8001_0115_u32 as HRESULT;

    fn hex(hr: HRESULT) -> String {
        format!("{:#010x}", hr as u32)
    }

    fn check(what: &str, got: HRESULT, want: HRESULT) {
        println!("{what}: {}", hex(got));
        assert_eq!(got, want, "{what}: {} instead of {}", hex(got), hex(want));
    }

    pub fn main() {
        // SAFETY: every call follows its documented contract: COM initialized on this thread
        // before any object is made, out-pointers valid, each reference released once.
        unsafe {
            check("CoInitializeEx", CoInitializeEx(null_mut(), COINIT_MULTITHREADED), S_OK);
            let mut raw = null_mut();
            let hr = CoCreateInstance(
                &CLSID_MANUAL_RESET_EVENT,
                null_mut(),
                CLSCTX_INPROC_SERVER,
                &IID_ISynchronize,
                &mut raw,
            );
            check("CoCreateInstance(CLSID_ManualResetEvent, IID_ISynchronize)", hr, S_OK);
            let event = ISynchronize(raw);
            assert!(!event.is_null());

            // Its IUnknown, and an interface it does not implement.
            let mut unknown = null_mut();
            check("QueryInterface(IID_IUnknown)", event.QueryInterface(&IID_IUnknown, &mut unknown), S_OK);
            IUnknown(unknown).Release();
            let mut none = null_mut();
            check(
                "QueryInterface(IID_IMFAsyncResult)",
                event.QueryInterface(&IMFAsyncResult::IID, &mut none),
                E_NOINTERFACE,
            );
            assert!(none.is_null());

            // A new manual-reset event is not signaled: a zero wait runs out.
            check("Wait(0, 0) before Signal", event.Wait(0, 0), RPC_S_CALLPENDING);
            check("Signal()", event.Signal(), S_OK);
            // Manual reset: it stays signaled for every waiter until Reset.
            check("Wait(0, 0) after Signal", event.Wait(0, 0), S_OK);
            check("Wait(0, 100) again", event.Wait(0, 100), S_OK);
            check("Reset()", event.Reset(), S_OK);
            check("Wait(0, 10) after Reset", event.Wait(0, 10), RPC_S_CALLPENDING);

            let left = event.Release();
            println!("Release: {left} reference(s) left");
            assert_eq!(left, 0, "the example held the only reference");
            CoUninitialize();
        }
        println!("synchronize: ISynchronize on CLSID_ManualResetEvent behaves as documented");
    }
}
