//! Media Foundation's asynchronous result, made by the platform and driven through winasync's
//! `IMFAsyncResult`, `IMFAsyncCallback` and `MFASYNCRESULT`, then the same with the real-time work
//! queue API (rtworkq.dll) and its twins `IRtwqAsyncResult`, `IRtwqAsyncCallback` and
//! `RTWQASYNCRESULT`:
//!
//! 1. an `IMFAsyncCallback` implemented in Rust (a `#[repr(C)]` object whose first member points
//!    at a `static IMFAsyncCallback_Vtbl`, as in the crate's docs);
//! 2. `MFCreateAsyncResult` wraps it, with a state object, into the platform's result object;
//!    winasync's `IMFAsyncResult` methods set and read its status, state and object;
//! 3. the result object read as winasync's `MFASYNCRESULT` (the SDK says every implementation
//!    derives from it): the vtable pointer, our callback and the status are where the layout says;
//! 4. `MFInvokeCallback` queues the result: a work-queue thread calls our `Invoke` with it;
//! 5. everything released, our objects freed, `MFShutdown`; then the same with `RtwqStartup`,
//!    `RtwqCreateAsyncResult` and `RtwqInvokeCallback`.
//!
//! The imports are declared with `windows-link` (windows-sys has no Media Foundation functions),
//! with winasync's interface types in their signatures.
//!
//! Runs on Windows, and under Wine (`.ci/wine-check` runs it for x86_64 and i686).

#[cfg(not(windows))]
fn main() {
    println!("media_foundation: this example runs on Windows (or under Wine: .ci/wine-check)");
}

#[cfg(windows)]
fn main() {
    app::main();
}

#[cfg(windows)]
mod app {
    use std::ffi::c_void;
    use std::ptr::null_mut;
    use std::sync::OnceLock;
    use std::sync::atomic::{AtomicU32, AtomicUsize, Ordering};
    use std::sync::mpsc::{self, Receiver, Sender};
    use std::time::{Duration, Instant};

    use winasync::{
        GUID, HRESULT, IID_IMFAsyncCallback, IID_IMFAsyncResult, IID_IRtwqAsyncCallback, IID_IRtwqAsyncResult,
        IID_IUnknown, IMFAsyncCallback, IMFAsyncCallback_Vtbl, IMFAsyncResult, IMFAsyncResult_Vtbl, IRtwqAsyncCallback,
        IRtwqAsyncCallback_Vtbl, IRtwqAsyncResult, IRtwqAsyncResult_Vtbl, IUnknown, IUnknown_Vtbl, MFASYNCRESULT,
        RTWQASYNCRESULT,
    };
    use windows_sys::Win32::Foundation::{E_ABORT, E_FAIL, E_NOINTERFACE, E_NOTIMPL, E_POINTER, S_OK};
    use windows_sys::Win32::System::Threading::GetCurrentThreadId;

    // mfplat.dll and rtworkq.dll, imported by name (raw-dylib: no import library needed, and
    // mingw-w64 ships none for rtworkq). The interface parameters are winasync's pointer newtypes,
    // `#[repr(transparent)]`, so they pass as the C `IMFAsyncResult*` and friends do.
    windows_link::link!("mfplat.dll" "system" fn MFStartup(version: u32, flags: u32) -> HRESULT);
    windows_link::link!("mfplat.dll" "system" fn MFShutdown() -> HRESULT);
    windows_link::link!("mfplat.dll" "system" fn MFCreateAsyncResult(
        object: IUnknown,
        callback: IMFAsyncCallback,
        state: IUnknown,
        result: *mut IMFAsyncResult
    ) -> HRESULT);
    windows_link::link!("mfplat.dll" "system" fn MFInvokeCallback(result: IMFAsyncResult) -> HRESULT);
    windows_link::link!("rtworkq.dll" "system" fn RtwqStartup() -> HRESULT);
    windows_link::link!("rtworkq.dll" "system" fn RtwqShutdown() -> HRESULT);
    windows_link::link!("rtworkq.dll" "system" fn RtwqCreateAsyncResult(
        object: IUnknown,
        callback: IRtwqAsyncCallback,
        state: IUnknown,
        result: *mut IRtwqAsyncResult
    ) -> HRESULT);
    windows_link::link!("rtworkq.dll" "system" fn RtwqInvokeCallback(result: IRtwqAsyncResult) -> HRESULT);

    /// `MF_VERSION` from mfapi.h: `MF_SDK_VERSION` (2) in the high word, `MF_API_VERSION` (0x70)
    /// in the low one. `MFStartup` refuses any other.
    const MF_VERSION: u32 = 0x0002_0070;
    /// `MFSTARTUP_FULL`: the whole platform, sockets included.
    const MFSTARTUP_FULL: u32 = 0;
    /// How long a work queue may take to call us.
    const TIMEOUT: Duration = Duration::from_secs(10);

    /// An HRESULT as Windows prints it.
    fn hex(hr: HRESULT) -> String {
        format!("{:#010x}", hr as u32)
    }

    // --- COM objects in Rust ---------------------------------------------------------------------

    /// The vtables our objects come with, and the interface each one answers `QueryInterface` for
    /// besides `IUnknown`.
    trait Vtbl: Sync + 'static {
        const IID: GUID;
    }
    impl Vtbl for IUnknown_Vtbl {
        const IID: GUID = IID_IUnknown;
    }
    impl Vtbl for IMFAsyncCallback_Vtbl {
        const IID: GUID = IID_IMFAsyncCallback;
    }
    impl Vtbl for IRtwqAsyncCallback_Vtbl {
        const IID: GUID = IID_IRtwqAsyncCallback;
    }

    /// A reference-counted COM object: an `IMFAsyncCallback` or `IRtwqAsyncCallback` (the
    /// callbacks), or a bare `IUnknown` (the state and object a result carries).
    #[repr(C)]
    struct Object<V: Vtbl> {
        /// First: an interface pointer to the object points at this, the vtable pointer.
        vtbl: &'static V,
        refs: AtomicU32,
        /// How often the platform asked `GetParameters` (callbacks only).
        parameters_asked: AtomicU32,
    }

    /// Objects made and not yet freed: 0 at the end, or somebody kept a reference.
    static LIVE: AtomicUsize = AtomicUsize::new(0);

    impl<V: Vtbl> Object<V> {
        /// A new object holding one reference, the caller's.
        fn new(vtbl: &'static V) -> *mut Self {
            LIVE.fetch_add(1, Ordering::SeqCst);
            Box::into_raw(Box::new(Object { vtbl, refs: AtomicU32::new(1), parameters_asked: AtomicU32::new(0) }))
        }
    }

    /// The reference count of a live object (what the platform's AddRef and Release did to it).
    fn refs<V: Vtbl>(object: *mut Object<V>) -> u32 {
        // SAFETY: called only while the caller still holds its own reference.
        unsafe { (*object).refs.load(Ordering::SeqCst) }
    }

    unsafe extern "system" fn query_interface<V: Vtbl>(
        this: *mut c_void,
        iid: *const GUID,
        out: *mut *mut c_void,
    ) -> HRESULT {
        // SAFETY: COM's contract: `iid` and `out` are valid, `this` is an `Object<V>`.
        unsafe {
            if *iid == IID_IUnknown || *iid == V::IID {
                *out = this;
                add_ref::<V>(this);
                S_OK
            } else {
                *out = null_mut();
                E_NOINTERFACE
            }
        }
    }

    unsafe extern "system" fn add_ref<V: Vtbl>(this: *mut c_void) -> u32 {
        // SAFETY: `this` is a live `Object<V>` (COM's contract).
        unsafe { &*this.cast::<Object<V>>() }.refs.fetch_add(1, Ordering::SeqCst) + 1
    }

    unsafe extern "system" fn release<V: Vtbl>(this: *mut c_void) -> u32 {
        // SAFETY: as above; the last reference frees the box `Object::new` made.
        let left = unsafe { &*this.cast::<Object<V>>() }.refs.fetch_sub(1, Ordering::SeqCst) - 1;
        if left == 0 {
            drop(unsafe { Box::from_raw(this.cast::<Object<V>>()) });
            LIVE.fetch_sub(1, Ordering::SeqCst);
        }
        left
    }

    /// `GetParameters` of both callbacks: E_NOTIMPL is the documented "default behaviour" (the
    /// standard work queue, no flags).
    unsafe extern "system" fn get_parameters<V: Vtbl>(
        this: *mut c_void,
        _flags: *mut u32,
        _queue: *mut u32,
    ) -> HRESULT {
        // SAFETY: `this` is a live `Object<V>` (COM's contract).
        unsafe { &*this.cast::<Object<V>>() }.parameters_asked.fetch_add(1, Ordering::SeqCst);
        E_NOTIMPL
    }

    /// What an `Invoke` saw, sent to `main`: it runs on a work-queue thread, where a panic could
    /// not unwind anyway, so `main` does the checking.
    #[derive(Debug)]
    struct Invoked {
        callback: usize,
        result: usize,
        /// The result's `GetStatus()`, read inside `Invoke`.
        status: HRESULT,
        /// The result's `GetStateNoAddRef()`, read inside `Invoke`.
        state: usize,
        thread: u32,
    }

    static INVOKED: OnceLock<Sender<Invoked>> = OnceLock::new();

    fn report(invoked: Invoked) {
        // `main` may have given up waiting already; nothing to do then.
        let _ = INVOKED.get().map(|sender| sender.send(invoked));
    }

    unsafe extern "system" fn mf_invoke(this: *mut c_void, result: IMFAsyncResult) -> HRESULT {
        // SAFETY: Media Foundation passes a live result, for the duration of the call.
        let (status, state) = unsafe { (result.GetStatus(), result.GetStateNoAddRef()) };
        let thread = unsafe { GetCurrentThreadId() };
        report(Invoked { callback: this as usize, result: result.0 as usize, status, state: state.0 as usize, thread });
        S_OK
    }

    unsafe extern "system" fn rtwq_invoke(this: *mut c_void, result: IRtwqAsyncResult) -> HRESULT {
        // SAFETY: as above.
        let (status, state) = unsafe { (result.GetStatus(), result.GetStateNoAddRef()) };
        let thread = unsafe { GetCurrentThreadId() };
        report(Invoked { callback: this as usize, result: result.0 as usize, status, state: state.0 as usize, thread });
        S_OK
    }

    static MF_CALLBACK_VTBL: IMFAsyncCallback_Vtbl = IMFAsyncCallback_Vtbl {
        base__: IUnknown_Vtbl {
            QueryInterface: query_interface::<IMFAsyncCallback_Vtbl>,
            AddRef: add_ref::<IMFAsyncCallback_Vtbl>,
            Release: release::<IMFAsyncCallback_Vtbl>,
        },
        GetParameters: get_parameters::<IMFAsyncCallback_Vtbl>,
        Invoke: mf_invoke,
    };

    static RTWQ_CALLBACK_VTBL: IRtwqAsyncCallback_Vtbl = IRtwqAsyncCallback_Vtbl {
        base__: IUnknown_Vtbl {
            QueryInterface: query_interface::<IRtwqAsyncCallback_Vtbl>,
            AddRef: add_ref::<IRtwqAsyncCallback_Vtbl>,
            Release: release::<IRtwqAsyncCallback_Vtbl>,
        },
        GetParameters: get_parameters::<IRtwqAsyncCallback_Vtbl>,
        Invoke: rtwq_invoke,
    };

    static UNKNOWN_VTBL: IUnknown_Vtbl = IUnknown_Vtbl {
        QueryInterface: query_interface::<IUnknown_Vtbl>,
        AddRef: add_ref::<IUnknown_Vtbl>,
        Release: release::<IUnknown_Vtbl>,
    };

    /// Waits (a work-queue thread may still hold a reference for a moment) until `done`.
    fn wait_until(what: &str, done: impl Fn() -> bool) {
        let deadline = Instant::now() + TIMEOUT;
        while !done() {
            assert!(Instant::now() < deadline, "{what}: not within {TIMEOUT:?}");
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Waits for the `Invoke` a work queue owes us, and checks it: our callback, called with the
    /// result we queued, off the main thread, seeing the status and state we set.
    fn expect_invoke(invoked: &Receiver<Invoked>, callback: usize, result: usize, status: HRESULT, state: usize) {
        let Ok(got) = invoked.recv_timeout(TIMEOUT) else { panic!("Invoke was not called within {TIMEOUT:?}") };
        println!("  {got:x?}");
        assert_eq!(got.callback, callback, "Invoke called on another object");
        assert_eq!(got.result, result, "Invoke got another result object");
        assert_eq!(got.status, status, "GetStatus() inside Invoke gave {}", hex(got.status));
        assert_eq!(got.state, state, "GetStateNoAddRef() inside Invoke");
        let main_thread = unsafe { GetCurrentThreadId() };
        assert_ne!(got.thread, main_thread, "Invoke ran on the thread that queued it: not a work queue");
    }

    // --- Media Foundation ------------------------------------------------------------------------

    fn media_foundation(invoked: &Receiver<Invoked>) {
        // SAFETY (the FFI calls below): valid arguments, and objects kept alive until released.
        let hr = unsafe { MFStartup(MF_VERSION, MFSTARTUP_FULL) };
        assert_eq!(hr, S_OK, "MFStartup: {}", hex(hr));
        println!("media_foundation: MFStartup(MF_VERSION, MFSTARTUP_FULL) = S_OK");

        let callback = Object::new(&MF_CALLBACK_VTBL);
        let state = Object::new(&UNKNOWN_VTBL);
        let mut result = IMFAsyncResult::default();
        // No object: GetObject has nothing to give (below).
        let hr = unsafe {
            MFCreateAsyncResult(
                IUnknown::default(),
                IMFAsyncCallback(callback.cast()),
                IUnknown(state.cast()),
                &mut result,
            )
        };
        assert_eq!(hr, S_OK, "MFCreateAsyncResult: {}", hex(hr));
        assert!(!result.is_null(), "MFCreateAsyncResult gave a null result");
        // The result keeps the callback and the state alive: one reference each.
        assert_eq!((refs(callback), refs(state)), (2, 2), "references after MFCreateAsyncResult");
        println!("media_foundation: MFCreateAsyncResult = {result:?}, holding our callback and state");

        // SAFETY (the method calls below): `result` is live until its Release at the end.
        unsafe {
            let mut same = null_mut();
            assert_eq!(result.QueryInterface(&IID_IMFAsyncResult, &mut same), S_OK);
            assert_eq!(same, result.0, "QueryInterface(IID_IMFAsyncResult) gave another pointer");
            result.Release();
            let mut none = null_mut();
            let hr = result.QueryInterface(&IID_IMFAsyncCallback, &mut none);
            assert_eq!((hr, none), (E_NOINTERFACE, null_mut()), "a result is no callback: {}", hex(hr));
            println!("media_foundation: QueryInterface: IMFAsyncResult = itself, IMFAsyncCallback = E_NOINTERFACE");

            let initial = result.GetStatus();
            assert_eq!(initial, S_OK, "a new result's status: {}", hex(initial));
            assert_eq!(result.SetStatus(E_FAIL), S_OK);
            let status = result.GetStatus();
            assert_eq!(status, E_FAIL, "GetStatus() after SetStatus(E_FAIL): {}", hex(status));
            println!("media_foundation: GetStatus() = S_OK, SetStatus(E_FAIL), GetStatus() = {}", hex(status));

            // GetState hands out a reference; GetStateNoAddRef lends the pointer.
            let mut got = IUnknown::default();
            assert_eq!(result.GetState(&mut got), S_OK);
            assert_eq!(got.0, state.cast(), "GetState gave another object than the state passed");
            assert_eq!(refs(state), 3, "GetState adds a reference");
            assert_eq!(got.Release(), 2);
            let lent = result.GetStateNoAddRef();
            assert_eq!(lent.0, state.cast(), "GetStateNoAddRef gave another object");
            assert_eq!(refs(state), 2, "GetStateNoAddRef adds no reference");
            println!("media_foundation: GetState = GetStateNoAddRef = our state {:?}", lent.0);

            let mut object = IUnknown::default();
            let hr = result.GetObject(&mut object);
            assert_eq!(hr, E_POINTER, "GetObject without an object: {}", hex(hr));
            println!("media_foundation: GetObject = E_POINTER (no object was given)");
        }

        // The SDK's rule: every IMFAsyncResult implementation starts with MFASYNCRESULT (C++
        // derives it from IMFAsyncResult; in C its first member is the vtable pointer). So the
        // platform's own object can be read as one, by winasync's layout for this target.
        // SAFETY: the result object is live and, by that rule, at least that big.
        let raw = unsafe { MFASYNCRESULT::read_raw(result.0, size_of::<MFASYNCRESULT>()) }.expect("read MFASYNCRESULT");
        println!("  {raw}");
        // AsyncResult is the pointer every interface pointer to the object leads to, typed as
        // the vtable it is: calling through it is calling the object.
        let vtbl = unsafe { *result.0.cast::<*const IMFAsyncResult_Vtbl>() };
        assert_eq!(raw.AsyncResult, vtbl, "MFASYNCRESULT.AsyncResult is the object's vtable pointer");
        let status = unsafe { ((*raw.AsyncResult).GetStatus)(result.0) };
        assert_eq!(status, E_FAIL, "GetStatus through MFASYNCRESULT.AsyncResult: {}", hex(status));
        assert_eq!(raw.pCallback, IMFAsyncCallback(callback.cast()), "MFASYNCRESULT.pCallback is our callback");
        assert_eq!(raw.hrStatusResult, E_FAIL, "MFASYNCRESULT.hrStatusResult is the status set");
        assert!(raw.hEvent.is_null(), "MFASYNCRESULT.hEvent: no event was given");
        println!(
            "media_foundation: as MFASYNCRESULT ({} bytes): AsyncResult = its vtable, pCallback = our callback, \
             hrStatusResult = {}",
            size_of::<MFASYNCRESULT>(),
            hex(raw.hrStatusResult)
        );

        // Queue the result: a work-queue thread calls our Invoke with it.
        unsafe { assert_eq!(result.SetStatus(E_ABORT), S_OK) };
        let hr = unsafe { MFInvokeCallback(result) };
        assert_eq!(hr, S_OK, "MFInvokeCallback: {}", hex(hr));
        expect_invoke(invoked, callback as usize, result.0 as usize, E_ABORT, state as usize);
        let asked = unsafe { (*callback).parameters_asked.load(Ordering::SeqCst) };
        println!(
            "media_foundation: MFInvokeCallback: Invoke ran on a work-queue thread, GetStatus() = {} there \
             (GetParameters asked {asked} time(s))",
            hex(E_ABORT)
        );

        // Our references last: the result's Release drops its references to ours (once the work
        // queue has dropped its own to the result).
        unsafe { result.Release() };
        wait_until("the result releasing our callback and state", || refs(callback) == 1 && refs(state) == 1);
        unsafe {
            assert_eq!(IMFAsyncCallback(callback.cast()).Release(), 0);
            assert_eq!(IUnknown(state.cast()).Release(), 0);
        }
        assert_eq!(LIVE.load(Ordering::SeqCst), 0, "objects left alive");
        let hr = unsafe { MFShutdown() };
        assert_eq!(hr, S_OK, "MFShutdown: {}", hex(hr));
        println!("media_foundation: result released, our callback and state freed, MFShutdown = S_OK");
    }

    // --- Real-time work queues (rtworkq.dll) -----------------------------------------------------

    fn real_time_work_queue(invoked: &Receiver<Invoked>) {
        // SAFETY (the FFI calls below): as in `media_foundation`.
        let hr = unsafe { RtwqStartup() };
        assert_eq!(hr, S_OK, "RtwqStartup: {}", hex(hr));
        println!("media_foundation: RtwqStartup = S_OK");

        let callback = Object::new(&RTWQ_CALLBACK_VTBL);
        let state = Object::new(&UNKNOWN_VTBL);
        let object = Object::new(&UNKNOWN_VTBL);
        let mut result = IRtwqAsyncResult::default();
        // This time with an object, which GetObject returns.
        let hr = unsafe {
            RtwqCreateAsyncResult(
                IUnknown(object.cast()),
                IRtwqAsyncCallback(callback.cast()),
                IUnknown(state.cast()),
                &mut result,
            )
        };
        assert_eq!(hr, S_OK, "RtwqCreateAsyncResult: {}", hex(hr));
        assert!(!result.is_null(), "RtwqCreateAsyncResult gave a null result");
        assert_eq!((refs(callback), refs(state), refs(object)), (2, 2, 2), "references after RtwqCreateAsyncResult");
        println!("media_foundation: RtwqCreateAsyncResult = {result:?}, holding our callback, state and object");

        // SAFETY (the method calls below): `result` is live until its Release at the end.
        unsafe {
            let mut same = null_mut();
            assert_eq!(result.QueryInterface(&IID_IRtwqAsyncResult, &mut same), S_OK);
            assert_eq!(same, result.0, "QueryInterface(IID_IRtwqAsyncResult) gave another pointer");
            result.Release();

            assert_eq!(result.SetStatus(E_FAIL), S_OK);
            let status = result.GetStatus();
            assert_eq!(status, E_FAIL, "GetStatus() after SetStatus(E_FAIL): {}", hex(status));

            let mut got = IUnknown::default();
            assert_eq!(result.GetState(&mut got), S_OK);
            assert_eq!((got.0, refs(state)), (state.cast(), 3), "GetState: our state, one more reference");
            got.Release();
            assert_eq!(result.GetStateNoAddRef().0, state.cast(), "GetStateNoAddRef");
            assert_eq!(refs(state), 2, "GetStateNoAddRef adds no reference");

            let mut got = IUnknown::default();
            assert_eq!(result.GetObject(&mut got), S_OK);
            assert_eq!((got.0, refs(object)), (object.cast(), 3), "GetObject: our object, one more reference");
            got.Release();
            println!(
                "media_foundation: IRtwqAsyncResult: SetStatus/GetStatus = {}, GetState = GetStateNoAddRef = our \
                 state, GetObject = our object",
                hex(status)
            );
        }

        // rtworkq.h declares RTWQASYNCRESULT like MFASYNCRESULT (C++-only, deriving from
        // IRtwqAsyncResult); rtworkq's result objects start with it.
        // SAFETY: as for MFASYNCRESULT.
        let raw =
            unsafe { RTWQASYNCRESULT::read_raw(result.0, size_of::<RTWQASYNCRESULT>()) }.expect("read RTWQASYNCRESULT");
        println!("  {raw}");
        // AsyncResult is the pointer every interface pointer to the object leads to, typed as
        // the vtable it is: calling through it is calling the object.
        let vtbl = unsafe { *result.0.cast::<*const IRtwqAsyncResult_Vtbl>() };
        assert_eq!(raw.AsyncResult, vtbl, "RTWQASYNCRESULT.AsyncResult is the object's vtable pointer");
        let status = unsafe { ((*raw.AsyncResult).GetStatus)(result.0) };
        assert_eq!(status, E_FAIL, "GetStatus through RTWQASYNCRESULT.AsyncResult: {}", hex(status));
        assert_eq!(raw.pCallback, IRtwqAsyncCallback(callback.cast()), "RTWQASYNCRESULT.pCallback is our callback");
        assert_eq!(raw.hrStatusResult, E_FAIL, "RTWQASYNCRESULT.hrStatusResult is the status set");
        assert!(raw.hEvent.is_null(), "RTWQASYNCRESULT.hEvent: no event was given");
        println!(
            "media_foundation: as RTWQASYNCRESULT ({} bytes): AsyncResult = its vtable, pCallback = our callback, \
             hrStatusResult = {}",
            size_of::<RTWQASYNCRESULT>(),
            hex(raw.hrStatusResult)
        );

        unsafe { assert_eq!(result.SetStatus(E_ABORT), S_OK) };
        let hr = unsafe { RtwqInvokeCallback(result) };
        assert_eq!(hr, S_OK, "RtwqInvokeCallback: {}", hex(hr));
        expect_invoke(invoked, callback as usize, result.0 as usize, E_ABORT, state as usize);
        let asked = unsafe { (*callback).parameters_asked.load(Ordering::SeqCst) };
        println!(
            "media_foundation: RtwqInvokeCallback: our IRtwqAsyncCallback::Invoke ran on a work-queue thread, \
             GetStatus() = {} there (GetParameters asked {asked} time(s))",
            hex(E_ABORT)
        );

        unsafe { result.Release() };
        wait_until("the result releasing our objects", || refs(callback) == 1 && refs(state) == 1 && refs(object) == 1);
        unsafe {
            assert_eq!(IRtwqAsyncCallback(callback.cast()).Release(), 0);
            assert_eq!(IUnknown(state.cast()).Release(), 0);
            assert_eq!(IUnknown(object.cast()).Release(), 0);
        }
        assert_eq!(LIVE.load(Ordering::SeqCst), 0, "objects left alive");
        let hr = unsafe { RtwqShutdown() };
        assert_eq!(hr, S_OK, "RtwqShutdown: {}", hex(hr));
        println!("media_foundation: result released, our objects freed, RtwqShutdown = S_OK");
    }

    pub fn main() {
        let (sender, invoked) = mpsc::channel();
        INVOKED.set(sender).expect("set once");
        media_foundation(&invoked);
        real_time_work_queue(&invoked);
        println!("media_foundation: ok");
    }
}
