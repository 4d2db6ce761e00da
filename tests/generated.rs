//! The generated crate (`winasync`) against references nobody here wrote:
//!
//! - windows-sys 0.61.2 (x86_64): size, alignment and every field offset of every struct and union,
//!   computed by rustc on both sides (`same!` below, one line per type);
//! - clang's MSVC record layouts of the mingw-w64 headers (`shared/corpus/async/abi-clang.json`):
//!   the numbers the `#[async_result(layout(...))]` and `offset(...)` attributes of the generated
//!   source promise for x86, x86_64 and aarch64 (the compile-time checks only run on the host's);
//! - windows-sys's own values and the crate's manifest, for the `windows-sys` interop.
//!
//! Completeness: docs-src/abi.json and the generated source decide what must be compared, so a new
//! record fails here until it is compared or listed with a reason.

use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;
use syn::punctuated::Punctuated;
use syn::{Meta, Token};
use winasync_codegen::emit::items::WINDOWS_SYS_LACKS;
use winasync_tests::{root, shared};

// ---------------------------------------------------------------------------------------------
// Inputs
// ---------------------------------------------------------------------------------------------

fn abi_json() -> &'static Value {
    static ABI: OnceLock<Value> = OnceLock::new();
    ABI.get_or_init(|| {
        let text = std::fs::read_to_string(root().join("docs-src/abi.json")).expect("docs-src/abi.json");
        serde_json::from_str(&text).expect("abi.json is JSON")
    })
}

/// The ABI types of docs-src/abi.json of the given kinds.
fn abi_types(kinds: &[&str]) -> Vec<&'static Value> {
    abi_json()["types"]
        .as_array()
        .expect("abi.json has a `types` list")
        .iter()
        .filter(|t| kinds.contains(&t["kind"].as_str().unwrap_or_default()))
        .collect()
}

/// Names of the structs and unions of abi.json.
fn abi_records() -> BTreeSet<&'static str> {
    abi_types(&["struct", "union"]).iter().map(|t| t["name"].as_str().expect("a named type")).collect()
}

/// What the generated source says about one struct or union.
#[derive(Debug)]
struct Record {
    /// The generated module (`minwinbase`): the C header the type is declared in.
    module: String,
    union: bool,
    /// `layout(...)`: target -> (size, align); empty without the attribute.
    layout: BTreeMap<String, (Option<u64>, Option<u64>)>,
    fields: Vec<RecordField>,
}

#[derive(Debug)]
struct RecordField {
    name: String,
    /// The last segment of the field's type when it is a path (`OVERLAPPED`, `HANDLE`, `u32`).
    ty: String,
    /// `offset(...)`: target -> offset.
    offsets: BTreeMap<String, u64>,
}

/// What the tests need from the generated source, as build.rs writes it today (not the reviewed
/// snapshot, which may lag): its records, and its `impl From<A> for B` pairs (as paths, with
/// whether the impl is behind `#[cfg(feature = "windows-sys")]`).
struct Source {
    text: String,
    records: BTreeMap<String, Record>,
    from_impls: Vec<(String, String, bool)>,
}

fn source() -> &'static Source {
    static SOURCE: OnceLock<Source> = OnceLock::new();
    SOURCE.get_or_init(|| {
        // Unexpanded: the #[async_result] attributes carry the layout numbers the expansion checks.
        let generated = winasync_codegen::Builder::winasync_crate()
            .docs(root().join("docs-src"))
            .expand(false)
            .generate()
            .expect("the generator runs");
        let file = syn::parse_file(&generated.source).expect("the generated source parses");
        let mut source = Source { text: generated.source.clone(), records: BTreeMap::new(), from_impls: Vec::new() };
        collect_records(&file.items, "", &mut source.records);
        from_impls(&file.items, &mut source.from_impls);
        source
    })
}

fn records() -> &'static BTreeMap<String, Record> {
    &source().records
}

/// The generated source itself.
fn source_text() -> &'static str {
    &source().text
}

fn collect_records(items: &[syn::Item], module: &str, out: &mut BTreeMap<String, Record>) {
    for item in items {
        let (ident, attrs, fields, union) = match item {
            syn::Item::Mod(m) => {
                if let Some((_, inner)) = &m.content {
                    collect_records(inner, &m.ident.to_string(), out);
                }
                continue;
            }
            syn::Item::Struct(s) => match &s.fields {
                syn::Fields::Named(named) => (&s.ident, &s.attrs, named.named.iter().collect::<Vec<_>>(), false),
                _ => continue,
            },
            syn::Item::Union(u) => (&u.ident, &u.attrs, u.fields.named.iter().collect(), true),
            _ => continue,
        };
        let mut layout = BTreeMap::new();
        for meta in async_result_args(attrs) {
            if let Meta::List(list) = &meta
                && list.path.is_ident("layout")
            {
                for target in nested(list) {
                    let Meta::List(target_list) = &target else { panic!("{ident}: odd layout entry") };
                    let numbers = name_values(target_list);
                    layout.insert(
                        path_name(&target_list.path),
                        (numbers.get("size").copied(), numbers.get("align").copied()),
                    );
                }
            }
        }
        let fields = fields
            .iter()
            .map(|f| {
                let mut offsets = BTreeMap::new();
                for meta in async_result_args(&f.attrs) {
                    if let Meta::List(list) = &meta
                        && list.path.is_ident("offset")
                    {
                        offsets = name_values(list);
                    }
                }
                let ty = match &f.ty {
                    syn::Type::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()).unwrap_or_default(),
                    _ => String::new(),
                };
                // `r#type` is the C member `type`.
                let name = f.ident.as_ref().expect("named field").to_string();
                RecordField { name: name.trim_start_matches("r#").to_string(), ty, offsets }
            })
            .collect();
        let previous = out.insert(ident.to_string(), Record { module: module.to_string(), union, layout, fields });
        assert!(previous.is_none(), "{ident} is generated twice");
    }
}

fn async_result_args(attrs: &[syn::Attribute]) -> Vec<Meta> {
    attrs
        .iter()
        .filter(|a| a.path().is_ident("async_result"))
        .flat_map(|a| {
            a.parse_args_with(Punctuated::<Meta, Token![,]>::parse_terminated).expect("#[async_result(...)] parses")
        })
        .collect()
}

fn nested(list: &syn::MetaList) -> Punctuated<Meta, Token![,]> {
    list.parse_args_with(Punctuated::<Meta, Token![,]>::parse_terminated).expect("a list of keys")
}

fn path_name(path: &syn::Path) -> String {
    path.segments.iter().map(|s| s.ident.to_string()).collect::<Vec<_>>().join("::")
}

/// `x86 = 4, x86_64 = 8` -> {x86: 4, x86_64: 8}.
fn name_values(list: &syn::MetaList) -> BTreeMap<String, u64> {
    nested(list)
        .iter()
        .map(|meta| {
            let Meta::NameValue(nv) = meta else { panic!("expected `key = number` in {}", path_name(&list.path)) };
            let syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Int(int), .. }) = &nv.value else {
                panic!("expected a number for {}", path_name(&nv.path))
            };
            (path_name(&nv.path), int.base10_parse().expect("a u64"))
        })
        .collect()
}

const TARGETS: [&str; 3] = ["x86", "x86_64", "aarch64"];

// ---------------------------------------------------------------------------------------------
// 1. windows-sys layouts (x86_64)
// ---------------------------------------------------------------------------------------------

/// Records compared with nothing in windows-sys, and why.
#[cfg_attr(not(target_arch = "x86_64"), allow(dead_code))]
const NOT_IN_WINDOWS_SYS: &[(&str, &str)] = &[
    (
        "MFASYNCRESULT",
        "windows-sys has no Media Foundation namespace (the metadata makes MFASYNCRESULT a C++ class); \
         clang checks it below",
    ),
    ("IAsyncInfo_Vtbl", "windows-sys has no COM vtables besides IUnknown_Vtbl and IInspectable_Vtbl"),
    ("IMFAsyncCallback_Vtbl", "windows-sys has no COM vtables besides IUnknown_Vtbl and IInspectable_Vtbl"),
    ("IMFAsyncResult_Vtbl", "windows-sys has no COM vtables besides IUnknown_Vtbl and IInspectable_Vtbl"),
    ("IRtwqAsyncCallback_Vtbl", "windows-sys has no COM vtables besides IUnknown_Vtbl and IInspectable_Vtbl"),
    ("IRtwqAsyncResult_Vtbl", "windows-sys has no COM vtables besides IUnknown_Vtbl and IInspectable_Vtbl"),
    ("IWSDAsyncCallback_Vtbl", "windows-sys has no COM vtables besides IUnknown_Vtbl and IInspectable_Vtbl"),
    ("IWSDAsyncResult_Vtbl", "windows-sys has no COM vtables besides IUnknown_Vtbl and IInspectable_Vtbl"),
    ("ICallFactory_Vtbl", "windows-sys has no COM vtables besides IUnknown_Vtbl and IInspectable_Vtbl"),
    ("ISynchronize_Vtbl", "windows-sys has no COM vtables besides IUnknown_Vtbl and IInspectable_Vtbl"),
    ("IVdsAsync_Vtbl", "windows-sys has no COM vtables besides IUnknown_Vtbl and IInspectable_Vtbl"),
    ("IVssAsync_Vtbl", "windows-sys has no COM vtables besides IUnknown_Vtbl and IInspectable_Vtbl"),
    ("IWbemCallResult_Vtbl", "windows-sys has no COM vtables besides IUnknown_Vtbl and IInspectable_Vtbl"),
    (
        "RTWQASYNCRESULT",
        "the metadata has no RTWQASYNCRESULT (a supplement entry from rtworkq.h) and windows-sys no Media \
         Foundation namespace; clang checks it below",
    ),
    ("VDS_ASYNC_OUTPUT", "windows-sys has no Virtual Disk Service namespace; clang checks it on mingw-w64's vds.h"),
    (
        "VDS_ASYNC_OUTPUT_Anonymous",
        "windows-sys has no Virtual Disk Service namespace; clang checks it on mingw-w64's vds.h",
    ),
    (
        "VDS_ASYNC_OUTPUT_Anonymous_bvp",
        "windows-sys has no Virtual Disk Service namespace; clang checks it on mingw-w64's vds.h",
    ),
    (
        "VDS_ASYNC_OUTPUT_Anonymous_cl",
        "windows-sys has no Virtual Disk Service namespace; clang checks it on mingw-w64's vds.h",
    ),
    (
        "VDS_ASYNC_OUTPUT_Anonymous_cp",
        "windows-sys has no Virtual Disk Service namespace; clang checks it on mingw-w64's vds.h",
    ),
    (
        "VDS_ASYNC_OUTPUT_Anonymous_cpg",
        "windows-sys has no Virtual Disk Service namespace; clang checks it on mingw-w64's vds.h",
    ),
    (
        "VDS_ASYNC_OUTPUT_Anonymous_ct",
        "windows-sys has no Virtual Disk Service namespace; clang checks it on mingw-w64's vds.h",
    ),
    (
        "VDS_ASYNC_OUTPUT_Anonymous_cv",
        "windows-sys has no Virtual Disk Service namespace; clang checks it on mingw-w64's vds.h",
    ),
    (
        "VDS_ASYNC_OUTPUT_Anonymous_cvd",
        "windows-sys has no Virtual Disk Service namespace; clang checks it on mingw-w64's vds.h",
    ),
    (
        "VDS_ASYNC_OUTPUT_Anonymous_sv",
        "windows-sys has no Virtual Disk Service namespace; clang checks it on mingw-w64's vds.h",
    ),
];

#[cfg(target_arch = "x86_64")]
mod windows_sys_layout {
    use core::mem::{align_of, offset_of, size_of};
    use windows_sys::Win32::Devices::BiometricFramework as bio;
    use windows_sys::Win32::Devices::WebServicesOnDevices as wsd;
    use windows_sys::Win32::NetworkManagement::Dns as dns;
    use windows_sys::Win32::Networking::WinHttp as http;
    use windows_sys::Win32::Networking::WinInet as inet;
    use windows_sys::Win32::Networking::WinSock as sock;
    use windows_sys::Win32::Networking::WindowsWebServices as ws;
    use windows_sys::Win32::Storage::FileSystem as fs;
    use windows_sys::Win32::System::IO as io;
    use windows_sys::Win32::System::Rpc as rpc;
    use windows_sys::core as sys;

    /// One type compared: our name, the fields compared (ours), and what differed.
    pub struct Compared {
        pub name: &'static str,
        pub fields: Vec<&'static str>,
        pub mismatches: Vec<String>,
    }

    impl Compared {
        fn check(&mut self, what: String, ours: usize, theirs: usize) {
            if ours != theirs {
                self.mismatches.push(format!("{what}: winasync {ours}, windows-sys {theirs}"));
            }
        }
    }

    /// `same!(struct OURS = their::PATH, [field, ours => theirs, ...])` compares size, alignment
    /// and the offset of each field; `; in PARENT.member = their::PARENT` also proves, at compile
    /// time, that both types are the type of that member of the parents (windows-sys numbers
    /// nested types: `WINBIO_ASYNC_RESULT_0_0`). For a struct, the field lists must be complete on
    /// both sides (an exhaustive pattern); for a union, abi.json checks ours.
    macro_rules! same {
        (
            $kind:ident $ours:ident = $theirs:path, [$($fields:tt)*]
            $(; in $parent:ident . $member:ident = $their_parent:path)?
        ) => {
            same!(@pairs ($kind $ours = $theirs $(; in $parent . $member = $their_parent)?) [] $($fields)*)
        };
        (@pairs $head:tt [$($done:tt)*] $f:ident => $g:ident $(, $($rest:tt)*)?) => {
            same!(@pairs $head [$($done)* ($f $g)] $($($rest)*)?)
        };
        (@pairs $head:tt [$($done:tt)*] $f:ident $(, $($rest:tt)*)?) => {
            same!(@pairs $head [$($done)* ($f $f)] $($($rest)*)?)
        };
        (
            @pairs ($kind:ident $ours:ident = $theirs:path $(; in $parent:ident . $member:ident = $their_parent:path)?)
            [$(($f:ident $g:ident))*]
        ) => {{
            type Ours = winasync::$ours;
            type Theirs = $theirs;
            $(
                let _nesting = |ours: *const winasync::$parent,
                                theirs: *const $their_parent|
                 -> (*const Ours, *const Theirs) {
                    // SAFETY: never called; only its type is checked.
                    unsafe { (&raw const (*ours).$member, &raw const (*theirs).$member) }
                };
            )?
            same!(@exhaustive $kind Ours Theirs [$(($f $g))*]);
            let mut c = Compared { name: stringify!($ours), fields: vec![$(stringify!($f)),*], mismatches: vec![] };
            c.check(format!("{} size", stringify!($ours)), size_of::<Ours>(), size_of::<Theirs>());
            c.check(format!("{} align", stringify!($ours)), align_of::<Ours>(), align_of::<Theirs>());
            $(
                c.check(
                    format!("{}.{} offset", stringify!($ours), stringify!($f)),
                    offset_of!(Ours, $f),
                    offset_of!(Theirs, $g),
                );
            )*
            c
        }};
        (@exhaustive struct $o:ident $t:ident [$(($f:ident $g:ident))*]) => {
            let _exhaustive = |ours: &$o, theirs: &$t| {
                let $o { $($f: _),* } = ours;
                let $t { $($g: _),* } = theirs;
            };
        };
        (@exhaustive union $o:ident $t:ident [$(($f:ident $g:ident))*]) => {};
    }

    /// Every struct and union of the generated crate that windows-sys has, one line each.
    pub fn compared() -> Vec<Compared> {
        vec![
            // Foundation and COM basics.
            same!(struct GUID = sys::GUID, [data1, data2, data3, data4]),
            same!(struct IUnknown_Vtbl = sys::IUnknown_Vtbl, [QueryInterface, AddRef, Release]),
            same!(struct IInspectable_Vtbl = sys::IInspectable_Vtbl, [base__ => base, GetIids, GetRuntimeClassName, GetTrustLevel]),
            same!(struct OVERLAPPED = io::OVERLAPPED, [Internal, InternalHigh, Anonymous, hEvent]),
            same!(union OVERLAPPED_Anonymous = io::OVERLAPPED_0, [Anonymous, Pointer]; in OVERLAPPED.Anonymous = io::OVERLAPPED),
            same!(struct OVERLAPPED_Anonymous_Anonymous = io::OVERLAPPED_0_0, [Offset, OffsetHigh]; in OVERLAPPED_Anonymous.Anonymous = io::OVERLAPPED_0),
            same!(struct OVERLAPPED_ENTRY = io::OVERLAPPED_ENTRY, [lpCompletionKey, lpOverlapped, Internal, dwNumberOfBytesTransferred]),
            // ioringapi.h
            same!(struct IORING_CQE = fs::IORING_CQE, [UserData, ResultCode, Information]),
            // windns.h
            same!(struct DNS_QUERY_CANCEL = dns::DNS_QUERY_CANCEL, [Reserved]),
            same!(struct DNS_QUERY_RESULT = dns::DNS_QUERY_RESULT, [Version, QueryStatus, QueryOptions, pQueryRecords, Reserved]),
            same!(struct DNS_QUERY_RAW_RESULT = dns::DNS_QUERY_RAW_RESULT, [version, queryStatus, queryOptions, queryRawOptions, responseFlags, queryRawResponseSize, queryRawResponse, queryRecords, protocol, Anonymous]),
            same!(union DNS_QUERY_RAW_RESULT_Anonymous = dns::DNS_QUERY_RAW_RESULT_0, [maxSa]; in DNS_QUERY_RAW_RESULT.Anonymous = dns::DNS_QUERY_RAW_RESULT),
            // winsock2.h, mswsockdef.h, mswsock.h
            same!(struct WSACOMPLETION = sock::WSACOMPLETION, [Type, Parameters]),
            same!(union WSACOMPLETION_Parameters = sock::WSACOMPLETION_0, [WindowMessage, Event, Apc, Port]; in WSACOMPLETION.Parameters = sock::WSACOMPLETION),
            same!(struct WSACOMPLETION_Parameters_WindowMessage = sock::WSACOMPLETION_0_0, [hWnd, uMsg, context]; in WSACOMPLETION_Parameters.WindowMessage = sock::WSACOMPLETION_0),
            same!(struct WSACOMPLETION_Parameters_Event = sock::WSACOMPLETION_0_1, [lpOverlapped]; in WSACOMPLETION_Parameters.Event = sock::WSACOMPLETION_0),
            same!(struct WSACOMPLETION_Parameters_Apc = sock::WSACOMPLETION_0_2, [lpOverlapped, lpfnCompletionProc]; in WSACOMPLETION_Parameters.Apc = sock::WSACOMPLETION_0),
            same!(struct WSACOMPLETION_Parameters_Port = sock::WSACOMPLETION_0_3, [lpOverlapped, hPort, Key]; in WSACOMPLETION_Parameters.Port = sock::WSACOMPLETION_0),
            same!(struct RIORESULT = sock::RIORESULT, [Status, BytesTransferred, SocketContext, RequestContext]),
            same!(struct RIO_NOTIFICATION_COMPLETION = sock::RIO_NOTIFICATION_COMPLETION, [Type, Anonymous]),
            same!(union RIO_NOTIFICATION_COMPLETION_Anonymous = sock::RIO_NOTIFICATION_COMPLETION_0, [Event, Iocp]; in RIO_NOTIFICATION_COMPLETION.Anonymous = sock::RIO_NOTIFICATION_COMPLETION),
            same!(struct RIO_NOTIFICATION_COMPLETION_Anonymous_Event = sock::RIO_NOTIFICATION_COMPLETION_0_0, [EventHandle, NotifyReset]; in RIO_NOTIFICATION_COMPLETION_Anonymous.Event = sock::RIO_NOTIFICATION_COMPLETION_0),
            same!(struct RIO_NOTIFICATION_COMPLETION_Anonymous_Iocp = sock::RIO_NOTIFICATION_COMPLETION_0_1, [IocpHandle, CompletionKey, Overlapped]; in RIO_NOTIFICATION_COMPLETION_Anonymous.Iocp = sock::RIO_NOTIFICATION_COMPLETION_0),
            // rpcasync.h
            same!(struct RPC_ASYNC_STATE = rpc::RPC_ASYNC_STATE, [Size, Signature, Lock, Flags, StubInfo, UserInfo, RuntimeInfo, Event, NotificationType, u, Reserved]),
            same!(union RPC_ASYNC_NOTIFICATION_INFO = rpc::RPC_ASYNC_NOTIFICATION_INFO, [APC, IOC, IntPtr, hEvent, NotificationRoutine]; in RPC_ASYNC_STATE.u = rpc::RPC_ASYNC_STATE),
            same!(struct RPC_ASYNC_NOTIFICATION_INFO_APC = rpc::RPC_ASYNC_NOTIFICATION_INFO_0, [NotificationRoutine, hThread]; in RPC_ASYNC_NOTIFICATION_INFO.APC = rpc::RPC_ASYNC_NOTIFICATION_INFO),
            same!(struct RPC_ASYNC_NOTIFICATION_INFO_IOC = rpc::RPC_ASYNC_NOTIFICATION_INFO_1, [hIOPort, dwNumberOfBytesTransferred, dwCompletionKey, lpOverlapped]; in RPC_ASYNC_NOTIFICATION_INFO.IOC = rpc::RPC_ASYNC_NOTIFICATION_INFO),
            same!(struct RPC_ASYNC_NOTIFICATION_INFO_IntPtr = rpc::RPC_ASYNC_NOTIFICATION_INFO_2, [hWnd, Msg]; in RPC_ASYNC_NOTIFICATION_INFO.IntPtr = rpc::RPC_ASYNC_NOTIFICATION_INFO),
            // webservices.h
            same!(struct WS_ASYNC_CONTEXT = ws::WS_ASYNC_CONTEXT, [callback, callbackState]),
            same!(struct WS_ASYNC_OPERATION = ws::WS_ASYNC_OPERATION, [function]),
            same!(struct WS_ASYNC_STATE = ws::WS_ASYNC_STATE, [internal0, internal1, internal2, internal3, internal4]),
            // winbio_types.h
            same!(struct WINBIO_ASYNC_RESULT = bio::WINBIO_ASYNC_RESULT, [SessionHandle, Operation, SequenceNumber, TimeStamp, ApiStatus, UnitId, UserData, Parameters]),
            same!(union WINBIO_ASYNC_RESULT_Parameters = bio::WINBIO_ASYNC_RESULT_0, [
                Verify, Identify, EnrollBegin, EnrollCapture, EnrollCommit, EnumEnrollments, CaptureSample,
                DeleteTemplate, GetProperty, SetProperty, GetEvent, ControlUnit, EnumServiceProviders,
                EnumBiometricUnits, EnumDatabases, VerifyAndReleaseTicket, IdentifyAndReleaseTicket, EnrollSelect,
                MonitorPresence, GetProtectionPolicy, NotifyUnitStatusChange,
            ]; in WINBIO_ASYNC_RESULT.Parameters = bio::WINBIO_ASYNC_RESULT),
            same!(struct WINBIO_ASYNC_RESULT_Parameters_Verify = bio::WINBIO_ASYNC_RESULT_0_0, [Match, RejectDetail]; in WINBIO_ASYNC_RESULT_Parameters.Verify = bio::WINBIO_ASYNC_RESULT_0),
            same!(struct WINBIO_ASYNC_RESULT_Parameters_Identify = bio::WINBIO_ASYNC_RESULT_0_1, [Identity, SubFactor, RejectDetail]; in WINBIO_ASYNC_RESULT_Parameters.Identify = bio::WINBIO_ASYNC_RESULT_0),
            same!(struct WINBIO_ASYNC_RESULT_Parameters_EnrollBegin = bio::WINBIO_ASYNC_RESULT_0_2, [SubFactor]; in WINBIO_ASYNC_RESULT_Parameters.EnrollBegin = bio::WINBIO_ASYNC_RESULT_0),
            same!(struct WINBIO_ASYNC_RESULT_Parameters_EnrollCapture = bio::WINBIO_ASYNC_RESULT_0_3, [RejectDetail]; in WINBIO_ASYNC_RESULT_Parameters.EnrollCapture = bio::WINBIO_ASYNC_RESULT_0),
            same!(struct WINBIO_ASYNC_RESULT_Parameters_EnrollCommit = bio::WINBIO_ASYNC_RESULT_0_4, [Identity, IsNewTemplate]; in WINBIO_ASYNC_RESULT_Parameters.EnrollCommit = bio::WINBIO_ASYNC_RESULT_0),
            same!(struct WINBIO_ASYNC_RESULT_Parameters_EnumEnrollments = bio::WINBIO_ASYNC_RESULT_0_5, [Identity, SubFactorCount, SubFactorArray]; in WINBIO_ASYNC_RESULT_Parameters.EnumEnrollments = bio::WINBIO_ASYNC_RESULT_0),
            same!(struct WINBIO_ASYNC_RESULT_Parameters_CaptureSample = bio::WINBIO_ASYNC_RESULT_0_6, [Sample, SampleSize, RejectDetail]; in WINBIO_ASYNC_RESULT_Parameters.CaptureSample = bio::WINBIO_ASYNC_RESULT_0),
            same!(struct WINBIO_ASYNC_RESULT_Parameters_DeleteTemplate = bio::WINBIO_ASYNC_RESULT_0_7, [Identity, SubFactor]; in WINBIO_ASYNC_RESULT_Parameters.DeleteTemplate = bio::WINBIO_ASYNC_RESULT_0),
            same!(struct WINBIO_ASYNC_RESULT_Parameters_GetProperty = bio::WINBIO_ASYNC_RESULT_0_8, [PropertyType, PropertyId, Identity, SubFactor, PropertyBufferSize, PropertyBuffer]; in WINBIO_ASYNC_RESULT_Parameters.GetProperty = bio::WINBIO_ASYNC_RESULT_0),
            same!(struct WINBIO_ASYNC_RESULT_Parameters_SetProperty = bio::WINBIO_ASYNC_RESULT_0_9, [PropertyType, PropertyId, Identity, SubFactor, PropertyBufferSize, PropertyBuffer]; in WINBIO_ASYNC_RESULT_Parameters.SetProperty = bio::WINBIO_ASYNC_RESULT_0),
            same!(struct WINBIO_ASYNC_RESULT_Parameters_GetEvent = bio::WINBIO_ASYNC_RESULT_0_10, [Event]; in WINBIO_ASYNC_RESULT_Parameters.GetEvent = bio::WINBIO_ASYNC_RESULT_0),
            same!(struct WINBIO_ASYNC_RESULT_Parameters_ControlUnit = bio::WINBIO_ASYNC_RESULT_0_11, [Component, ControlCode, OperationStatus, SendBuffer, SendBufferSize, ReceiveBuffer, ReceiveBufferSize, ReceiveDataSize]; in WINBIO_ASYNC_RESULT_Parameters.ControlUnit = bio::WINBIO_ASYNC_RESULT_0),
            same!(struct WINBIO_ASYNC_RESULT_Parameters_EnumServiceProviders = bio::WINBIO_ASYNC_RESULT_0_12, [BspCount, BspSchemaArray]; in WINBIO_ASYNC_RESULT_Parameters.EnumServiceProviders = bio::WINBIO_ASYNC_RESULT_0),
            same!(struct WINBIO_ASYNC_RESULT_Parameters_EnumBiometricUnits = bio::WINBIO_ASYNC_RESULT_0_13, [UnitCount, UnitSchemaArray]; in WINBIO_ASYNC_RESULT_Parameters.EnumBiometricUnits = bio::WINBIO_ASYNC_RESULT_0),
            same!(struct WINBIO_ASYNC_RESULT_Parameters_EnumDatabases = bio::WINBIO_ASYNC_RESULT_0_14, [StorageCount, StorageSchemaArray]; in WINBIO_ASYNC_RESULT_Parameters.EnumDatabases = bio::WINBIO_ASYNC_RESULT_0),
            same!(struct WINBIO_ASYNC_RESULT_Parameters_VerifyAndReleaseTicket = bio::WINBIO_ASYNC_RESULT_0_15, [Match, RejectDetail, Ticket]; in WINBIO_ASYNC_RESULT_Parameters.VerifyAndReleaseTicket = bio::WINBIO_ASYNC_RESULT_0),
            same!(struct WINBIO_ASYNC_RESULT_Parameters_IdentifyAndReleaseTicket = bio::WINBIO_ASYNC_RESULT_0_16, [Identity, SubFactor, RejectDetail, Ticket]; in WINBIO_ASYNC_RESULT_Parameters.IdentifyAndReleaseTicket = bio::WINBIO_ASYNC_RESULT_0),
            same!(struct WINBIO_ASYNC_RESULT_Parameters_EnrollSelect = bio::WINBIO_ASYNC_RESULT_0_17, [SelectorValue]; in WINBIO_ASYNC_RESULT_Parameters.EnrollSelect = bio::WINBIO_ASYNC_RESULT_0),
            same!(struct WINBIO_ASYNC_RESULT_Parameters_MonitorPresence = bio::WINBIO_ASYNC_RESULT_0_18, [ChangeType, PresenceCount, PresenceArray]; in WINBIO_ASYNC_RESULT_Parameters.MonitorPresence = bio::WINBIO_ASYNC_RESULT_0),
            same!(struct WINBIO_ASYNC_RESULT_Parameters_GetProtectionPolicy = bio::WINBIO_ASYNC_RESULT_0_19, [Identity, Policy]; in WINBIO_ASYNC_RESULT_Parameters.GetProtectionPolicy = bio::WINBIO_ASYNC_RESULT_0),
            same!(struct WINBIO_ASYNC_RESULT_Parameters_NotifyUnitStatusChange = bio::WINBIO_ASYNC_RESULT_0_20, [ExtendedStatus]; in WINBIO_ASYNC_RESULT_Parameters.NotifyUnitStatusChange = bio::WINBIO_ASYNC_RESULT_0),
            same!(struct WINBIO_EVENT = bio::WINBIO_EVENT, [Type, Parameters]),
            same!(union WINBIO_EVENT_Parameters = bio::WINBIO_EVENT_0, [Unclaimed, UnclaimedIdentify, Error]; in WINBIO_EVENT.Parameters = bio::WINBIO_EVENT),
            same!(struct WINBIO_EVENT_Parameters_Unclaimed = bio::WINBIO_EVENT_0_0, [UnitId, RejectDetail]; in WINBIO_EVENT_Parameters.Unclaimed = bio::WINBIO_EVENT_0),
            same!(struct WINBIO_EVENT_Parameters_UnclaimedIdentify = bio::WINBIO_EVENT_0_1, [UnitId, Identity, SubFactor, RejectDetail]; in WINBIO_EVENT_Parameters.UnclaimedIdentify = bio::WINBIO_EVENT_0),
            same!(struct WINBIO_EVENT_Parameters_Error = bio::WINBIO_EVENT_0_2, [ErrorCode]; in WINBIO_EVENT_Parameters.Error = bio::WINBIO_EVENT_0),
            same!(struct WINBIO_EXTENDED_UNIT_STATUS = bio::WINBIO_EXTENDED_UNIT_STATUS, [Availability, ReasonCode]),
            same!(struct WINBIO_IDENTITY = bio::WINBIO_IDENTITY, [Type, Value]),
            same!(union WINBIO_IDENTITY_Value = bio::WINBIO_IDENTITY_0, [Null, Wildcard, TemplateGuid, AccountSid, SecureId]; in WINBIO_IDENTITY.Value = bio::WINBIO_IDENTITY),
            same!(struct WINBIO_IDENTITY_Value_AccountSid = bio::WINBIO_IDENTITY_0_0, [Size, Data]; in WINBIO_IDENTITY_Value.AccountSid = bio::WINBIO_IDENTITY_0),
            same!(struct WINBIO_PROTECTION_POLICY = bio::WINBIO_PROTECTION_POLICY, [Version, Identity, DatabaseId, UserState, PolicySize, Policy]),
            // winhttp.h, wininet.h
            same!(struct WINHTTP_ASYNC_RESULT = http::WINHTTP_ASYNC_RESULT, [dwResult, dwError]),
            same!(struct WINHTTP_WEB_SOCKET_ASYNC_RESULT = http::WINHTTP_WEB_SOCKET_ASYNC_RESULT, [AsyncResult, Operation]),
            same!(struct WINHTTP_WEB_SOCKET_STATUS = http::WINHTTP_WEB_SOCKET_STATUS, [dwBytesTransferred, eBufferType]),
            same!(struct INTERNET_ASYNC_RESULT = inet::INTERNET_ASYNC_RESULT, [dwResult, dwError]),
            // wsdtypes.h
            same!(struct WSD_EVENT = wsd::WSD_EVENT, [Hr, EventType, DispatchTag, HandlerContext, Soap, Operation, MessageParameters]),
            same!(struct WSD_HANDLER_CONTEXT = wsd::WSD_HANDLER_CONTEXT, [Handler, PVoid, Unknown]),
        ]
    }
}

#[cfg(target_arch = "x86_64")]
#[test]
fn layouts_equal_windows_sys_on_x86_64() {
    let compared = windows_sys_layout::compared();
    let mismatches: Vec<&String> = compared.iter().flat_map(|c| &c.mismatches).collect();
    let fields: usize = compared.iter().map(|c| c.fields.len()).sum();
    println!("windows-sys: {} types, {fields} field offsets compared", compared.len());
    assert!(mismatches.is_empty(), "layouts differing from windows-sys:\n{mismatches:#?}");
}

#[cfg(target_arch = "x86_64")]
#[test]
fn every_generated_record_is_compared_with_windows_sys_or_listed() {
    let compared = windows_sys_layout::compared();
    let mut names = BTreeSet::new();
    for c in &compared {
        assert!(names.insert(c.name), "{} is compared twice", c.name);
    }
    let listed: BTreeSet<&str> = NOT_IN_WINDOWS_SYS.iter().map(|(n, _)| *n).collect();
    let both: Vec<_> = names.intersection(&listed).collect();
    assert!(both.is_empty(), "compared and listed as absent from windows-sys: {both:?}");

    // Every struct and union of abi.json (nested ones too) ...
    let missing: Vec<_> = abi_records().into_iter().filter(|r| !names.contains(r) && !listed.contains(r)).collect();
    assert!(missing.is_empty(), "records of abi.json neither compared with windows-sys nor listed: {missing:?}");
    // ... and every record with a layout in the generated source (vtables too).
    let with_layout: BTreeSet<&str> =
        records().iter().filter(|(_, r)| !r.layout.is_empty()).map(|(n, _)| n.as_str()).collect();
    let missing: Vec<_> = with_layout.iter().filter(|r| !names.contains(*r) && !listed.contains(*r)).collect();
    assert!(missing.is_empty(), "generated records neither compared with windows-sys nor listed: {missing:?}");
    let stale: Vec<_> = names.iter().chain(&listed).filter(|n| !with_layout.contains(*n)).collect();
    assert!(stale.is_empty(), "compared or listed, but not a generated record with a layout: {stale:?}");

    // The field lists of the unions are not checked for exhaustiveness at compile time: check every
    // compared record's list against abi.json (the structs' lists are exhaustive by construction).
    for t in abi_types(&["struct", "union"]) {
        let name = t["name"].as_str().unwrap();
        let Some(c) = compared.iter().find(|c| c.name == name) else { continue };
        let abi_fields: Vec<&str> =
            t["fields"].as_array().unwrap().iter().map(|f| f["name"].as_str().unwrap()).collect();
        assert_eq!(c.fields, abi_fields, "fields of {name} compared with windows-sys");
    }
}

// ---------------------------------------------------------------------------------------------
// 2. x86 / x86_64 / aarch64 numbers of the attributes = clang
// ---------------------------------------------------------------------------------------------

/// abi-clang.json's targets, as `target_arch` names.
const CLANG_TARGETS: [(&str, &str); 3] =
    [("i686-pc-windows-msvc", "x86"), ("x86_64-pc-windows-msvc", "x86_64"), ("aarch64-pc-windows-msvc", "aarch64")];

/// Records of abi-clang.json that are not generated, and why.
const NOT_GENERATED: &[(&str, &str)] = &[];

/// Member names in the C headers that the generated types (after the metadata) spell otherwise:
/// (our record, C member, our field).
const C_MEMBER_NAMES: &[(&str, &str, &str)] = &[
    // The metadata renames the member HWND (a type name in C) to IntPtr; windows-sys does too.
    ("RPC_ASYNC_NOTIFICATION_INFO", "HWND", "IntPtr"),
    // Anonymous members: clang prints an empty name, the metadata says `Anonymous`.
    ("OVERLAPPED", "", "Anonymous"),
    ("OVERLAPPED_Anonymous", "", "Anonymous"),
];

/// Members clang lists that are no field here, and the field at their offset:
/// (clang record, member path or `special` entry, our field path).
const C_MEMBERS_ELSEWHERE: &[(&str, &str, &str)] = &[
    // C's IMFAsyncResult is a struct holding the vtable pointer; here AsyncResult is that pointer.
    ("MFASYNCRESULT", "AsyncResult.lpVtbl", "AsyncResult"),
    // The C++ form: the base classes and the vtable pointer are where the C form's first member is.
    ("MFASYNCRESULT__cxx", "struct IMFAsyncResult (primary base)", "AsyncResult"),
    ("MFASYNCRESULT__cxx", "struct IUnknown (primary base)", "AsyncResult"),
    ("MFASYNCRESULT__cxx", "(IUnknown vftable pointer)", "AsyncResult"),
    // RTWQASYNCRESULT is declared for C++ only: likewise.
    ("RTWQASYNCRESULT", "struct IRtwqAsyncResult (primary base)", "AsyncResult"),
    ("RTWQASYNCRESULT", "struct IUnknown (primary base)", "AsyncResult"),
    ("RTWQASYNCRESULT", "(IUnknown vftable pointer)", "AsyncResult"),
];

/// Our types whose offsets (and, for the nested ones, size and alignment) clang checks.
const CHECKED_BY_CLANG: &[&str] = &[
    "INTERNET_ASYNC_RESULT",
    "MFASYNCRESULT",
    "OVERLAPPED",
    "OVERLAPPED_Anonymous",
    "OVERLAPPED_Anonymous_Anonymous",
    "RPC_ASYNC_NOTIFICATION_INFO",
    "RPC_ASYNC_NOTIFICATION_INFO_APC",
    "RPC_ASYNC_NOTIFICATION_INFO_IOC",
    "RPC_ASYNC_NOTIFICATION_INFO_IntPtr",
    "RPC_ASYNC_STATE",
    "RTWQASYNCRESULT",
    "WINHTTP_ASYNC_RESULT",
    "WINHTTP_WEB_SOCKET_ASYNC_RESULT",
    "WINHTTP_WEB_SOCKET_STATUS",
    "WSD_EVENT",
    "WSD_HANDLER_CONTEXT",
];

fn our_member<'a>(record: &str, c_name: &'a str) -> &'a str {
    C_MEMBER_NAMES.iter().find(|(r, c, _)| *r == record && *c == c_name).map_or(c_name, |(_, _, ours)| ours)
}

/// Follows a clang member path (`u.IOC.lpOverlapped`, `overlapped..Offset`) through our records:
/// the offset from `root` on `arch`, the type reached, and the records passed through.
fn resolve<'a>(root: &'a str, path: &str, arch: &str, walked: &mut BTreeSet<String>) -> Result<(u64, &'a str), String> {
    let records = records();
    let (mut ty, mut offset) = (root, 0);
    for c_name in path.split('.') {
        let record = records.get(ty).ok_or_else(|| format!("`{path}` of {root}: {ty} is not a record here"))?;
        walked.insert(ty.to_string());
        let name = our_member(ty, c_name);
        let field = record
            .fields
            .iter()
            .find(|f| f.name == name)
            .ok_or_else(|| format!("`{path}` of {root}: {ty} has no field `{name}`"))?;
        offset += field.offsets.get(arch).ok_or_else(|| format!("{ty}.{name} has no offset on {arch}"))?;
        ty = field.ty.as_str();
    }
    Ok((offset, ty))
}

fn layout_of(name: &str, arch: &str) -> (Option<u64>, Option<u64>) {
    records().get(name).and_then(|r| r.layout.get(arch).copied()).unwrap_or_default()
}

#[test]
fn layout_attributes_equal_clang_on_three_targets() {
    let oracle: Value = serde_json::from_str(
        &std::fs::read_to_string(shared().join("corpus/async/abi-clang.json")).expect("abi-clang.json"),
    )
    .expect("abi-clang.json is JSON");
    let mut mismatches = Vec::new();
    let mut not_generated = BTreeSet::new();
    let mut walked = BTreeSet::new();
    let mut used_elsewhere = BTreeSet::new();
    let (mut sizes, mut offsets) = (0, 0);
    for (triple, arch) in CLANG_TARGETS {
        let clang = oracle["targets"][triple].as_object().unwrap_or_else(|| panic!("no {triple} in abi-clang.json"));
        for (key, record) in clang {
            // The C++ form of MFASYNCRESULT (IMFAsyncResult a base class, not a member) is the same type.
            let name = key.strip_suffix("__cxx").unwrap_or(key);
            if !records().contains_key(name) {
                not_generated.insert(key.as_str());
                continue;
            }
            let number = |v: &Value| v.as_u64().expect("a number");
            let expect = |mismatches: &mut Vec<String>, what: String, ours: Option<u64>, theirs: u64| {
                if ours != Some(theirs) {
                    mismatches.push(format!("{what} on {arch}: generated {ours:?}, clang {theirs}"));
                }
            };
            // The record itself, then the anonymous records clang lays out inside it.
            let (size, align) = layout_of(name, arch);
            expect(&mut mismatches, format!("size of {key}"), size, number(&record["size"]));
            expect(&mut mismatches, format!("align of {key}"), align, number(&record["align"]));
            sizes += 1;
            for (path, nested) in record["nested_records"].as_object().expect("nested_records") {
                match resolve(name, path, arch, &mut walked) {
                    Ok((_, ty)) => {
                        walked.insert(ty.to_string());
                        let (size, align) = layout_of(ty, arch);
                        expect(&mut mismatches, format!("size of {key}.{path} ({ty})"), size, number(&nested["size"]));
                        expect(
                            &mut mismatches,
                            format!("align of {key}.{path} ({ty})"),
                            align,
                            number(&nested["align"]),
                        );
                        sizes += 1;
                    }
                    Err(e) => mismatches.push(format!("{e} (on {arch})")),
                }
            }
            // Every member at every depth, as an offset from the start of the record.
            for member in record["all_members"].as_array().expect("all_members") {
                let path = member["path"].as_str().or(member["special"].as_str()).expect("a path or a special entry");
                let elsewhere = C_MEMBERS_ELSEWHERE.iter().find(|(r, p, _)| *r == key.as_str() && *p == path);
                let resolved = match elsewhere {
                    Some((_, _, ours)) => {
                        used_elsewhere.insert((key.as_str(), path));
                        resolve(name, ours, arch, &mut walked)
                    }
                    None => resolve(name, path, arch, &mut walked),
                };
                match resolved {
                    Ok((offset, _)) => {
                        let what = format!("offset of {key}.{path}");
                        expect(&mut mismatches, what, Some(offset), number(&member["offset"]));
                        offsets += 1;
                    }
                    Err(e) => mismatches.push(format!("{e} (on {arch})")),
                }
            }
        }
    }
    println!("clang: {sizes} sizes/alignments and {offsets} member offsets compared; checked {walked:?}");
    assert!(mismatches.is_empty(), "generated layout numbers differing from clang:\n{mismatches:#?}");
    let listed: BTreeSet<&str> = NOT_GENERATED.iter().map(|(n, _)| *n).collect();
    assert_eq!(not_generated, listed, "records of abi-clang.json that are not generated");
    assert_eq!(used_elsewhere.len(), C_MEMBERS_ELSEWHERE.len(), "C_MEMBERS_ELSEWHERE has an entry clang does not list");
    assert_eq!(walked, CHECKED_BY_CLANG.iter().map(|s| s.to_string()).collect(), "records clang checks");
}

#[test]
fn every_record_has_numbers_for_three_targets_or_is_opaque() {
    let opaque: BTreeSet<&str> = abi_types(&["opaque"]).iter().map(|t| t["name"].as_str().unwrap()).collect();
    let mut problems = Vec::new();
    for (name, record) in records() {
        if record.layout.is_empty() {
            // Only the records this family handles through pointers have no layout (`_data: [u8; 0]`).
            if !opaque.contains(name.as_str()) {
                problems.push(format!("{name}: no #[async_result(layout(...))] and not opaque in abi.json"));
            }
            continue;
        }
        for arch in TARGETS {
            match record.layout.get(arch) {
                Some((Some(_), Some(_))) => {}
                other => problems.push(format!("{name}: layout on {arch} is {other:?}")),
            }
            for field in &record.fields {
                if !field.offsets.contains_key(arch) {
                    problems.push(format!("{name}.{}: no offset on {arch}", field.name));
                }
                if record.union && field.offsets.get(arch).is_some_and(|o| *o != 0) {
                    problems.push(format!("{name}.{}: a union field not at offset 0 on {arch}", field.name));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
    // abi.json's records are all generated, with a layout.
    for name in abi_records() {
        assert!(records().get(name).is_some_and(|r| !r.layout.is_empty()), "{name} is not generated with a layout");
    }
}

// ---------------------------------------------------------------------------------------------
// 2b. The same numbers against clang, live, on the mingw-w64 headers
// ---------------------------------------------------------------------------------------------

/// The mingw-w64 headers (Debian's `mingw-w64-common`).
const MINGW_INCLUDE: &str = "/usr/share/mingw-w64/include";

/// Generated records (by module, or by name) the mingw-w64 headers (10.0.0, Debian bookworm) do
/// not declare, and why. Every other record, vtables included, is checked by clang.
const NOT_IN_MINGW: &[(&str, &str)] = &[
    ("mswsockdef", "mingw-w64 10 has no mswsockdef.h (RIORESULT): windows-sys checks it"),
    ("webservices", "mingw-w64 10 has no webservices.h: windows-sys checks it"),
    ("winbio", "mingw-w64 10 has no winbio.h / winbio_types.h: windows-sys checks it"),
    ("DNS_QUERY_RAW_RESULT", "mingw-w64 10's windns.h predates it: windows-sys checks it"),
    ("DNS_QUERY_CANCEL", "mingw-w64 10's windns.h predates it: windows-sys checks it"),
    ("RIO_NOTIFICATION_COMPLETION", "mingw-w64 10's mswsock.h predates it: windows-sys checks it"),
    (
        "IVdsAsync_Vtbl",
        "mingw-w64 10's vds.h predates IVdsAsync; windows-sys has no VDS namespace, so only the layout \
         engine's numbers stand for it",
    ),
];

/// Members of checked records that the mingw-w64 headers do not declare, and why: (record,
/// member). The record's size and every other member are still checked.
const MEMBERS_NOT_IN_MINGW: &[(&str, &str, &str)] = &[(
    "VDS_ASYNC_OUTPUT_Anonymous",
    "sv",
    "mingw-w64 10's vds.h predates the shrink-volume member (a ULONGLONG, smaller than `cp`)",
)];

/// Our field names that C spells otherwise: (record, ours, C's). Anonymous members (`Anonymous`,
/// `Anonymous1`) and a vtable's `base__` have no name in C: their members are the outer record's.
const C_SPELLING: &[(&str, &str, &str)] = &[
    // The metadata renames the member HWND (a type name in C) to IntPtr; windows-sys does too.
    ("RPC_ASYNC_NOTIFICATION_INFO", "IntPtr", "HWND"),
    // The metadata has no GUID (it uses System.Guid); ours is windows-sys's, in lower case.
    ("GUID", "data1", "Data1"),
    ("GUID", "data2", "Data2"),
    ("GUID", "data3", "Data3"),
    ("GUID", "data4", "Data4"),
];

/// The headers of a module, and the C name of one of its records.
fn c_record_name(name: &str) -> String {
    // `IVssAsync_Vtbl` is `IVssAsyncVtbl` in C (the C form of a COM interface's vtable).
    name.strip_suffix("_Vtbl").map_or_else(|| name.to_string(), |i| format!("{i}Vtbl"))
}

/// `static_assert`s for one top-level record and the records nested in it: its size and
/// alignment, and every member's offset from its start, at every depth.
fn c_assertions(root: &str, arch: &str, out: &mut Vec<String>) -> usize {
    let c_root = c_record_name(root);
    let (assert, align) = ("_Static_assert", "_Alignof");
    let mut count = 0;
    let (Some(size), Some(al)) = layout_of(root, arch) else { return 0 };
    out.push(format!("{assert}(sizeof({c_root}) == {size}, \"{root}: size on {arch} is {size} in winasync\");"));
    out.push(format!("{assert}({align}({c_root}) == {al}, \"{root}: align on {arch} is {al} in winasync\");"));
    count += 2;
    // (our record, our path from the root, C path from the root, offset from the root)
    let mut stack = vec![(root.to_string(), String::new(), Vec::<String>::new(), 0u64)];
    while let Some((ty, ours, c_path, base)) = stack.pop() {
        let Some(record) = records().get(&ty) else { continue };
        for field in &record.fields {
            let Some(offset) = field.offsets.get(arch).map(|o| base + o) else { continue };
            let our_path = if ours.is_empty() { field.name.clone() } else { format!("{ours}.{}", field.name) };
            let anonymous = field.name == "base__"
                || field.name.strip_prefix("Anonymous").is_some_and(|n| n.chars().all(|c| c.is_ascii_digit()));
            if MEMBERS_NOT_IN_MINGW.iter().any(|(r, m, _)| *r == ty && *m == field.name) {
                continue;
            }
            let mut c = c_path.clone();
            if !anonymous {
                let spelled = C_SPELLING.iter().find(|(r, o, _)| *r == ty && *o == field.name);
                c.push(spelled.map_or(field.name.clone(), |(.., theirs)| theirs.to_string()));
            }
            // An anonymous member has no C name: its members are checked, at the outer level.
            if !anonymous {
                let member = c.join(".");
                out.push(format!(
                    "{assert}(offsetof({c_root}, {member}) == {offset}, \"{root}.{our_path}: offset on {arch} is {offset} in winasync\");"
                ));
                count += 1;
                if records().contains_key(&field.ty) {
                    let (Some(size), Some(al)) = layout_of(&field.ty, arch) else { continue };
                    let expr = format!("((({c_root}*)0)->{member})");
                    out.push(format!(
                        "{assert}(sizeof{expr} == {size}, \"{}: size on {arch} is {size} in winasync\");",
                        field.ty
                    ));
                    out.push(format!(
                        "{assert}({align}{expr} == {al}, \"{}: align on {arch} is {al} in winasync\");",
                        field.ty
                    ));
                    count += 2;
                }
            }
            if records().contains_key(&field.ty) {
                stack.push((field.ty.clone(), our_path, c, offset));
            }
        }
    }
    count
}

/// Runs clang on one unit for one target; the `static_assert` messages that failed.
fn clang_check(unit: &str, triple: &str, arch: &str) -> Vec<String> {
    let resource = std::process::Command::new("clang").arg("-print-resource-dir").output();
    let resource = match resource {
        Ok(o) if o.status.success() => String::from_utf8_lossy(&o.stdout).trim().to_string(),
        _ => panic!("clang is not installed: `apt-get install clang mingw-w64-common` (.ci/run does)"),
    };
    let define = match arch {
        "x86" => "-D_X86_=1",
        "x86_64" => "-D_AMD64_=1",
        _ => "-D_ARM64_=1",
    };
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("unit.c");
    std::fs::write(&path, unit).expect("the unit is written");
    // mingw-w64's wsdtypes.h has no include guard and wsdapi.h includes it twice: a guarded shim
    // in front of it (as the corpus' oracle did).
    let shim = dir.path().join("shim");
    std::fs::create_dir(&shim).expect("the shim folder");
    std::fs::write(shim.join("wsdtypes.h"), "#pragma once\n#include_next <wsdtypes.h>\n").expect("the shim");
    // The command the async corpus' oracle (abi-clang.json) was made with: the MSVC record layout
    // rules of the target, on mingw-w64's headers taking their GCC paths.
    let output = std::process::Command::new("clang")
        .args(["-target", triple, "-fgnuc-version=4.2.1", define, "-fsyntax-only", "-ferror-limit=0", "-w"])
        // Windows 10 21H2 (NTDDI_WIN10_CO): the newest declarations (IORING_CQE) are visible.
        .args(["-D_WIN32_WINNT=0x0A00", "-DNTDDI_VERSION=0x0A00000B"])
        .args(["-nostdinc", "-isystem"])
        .arg(format!("{resource}/include"))
        .arg("-isystem")
        .arg(&shim)
        .args(["-isystem", MINGW_INCLUDE])
        .arg(&path)
        .output()
        .expect("clang runs");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    let failed: Vec<String> = stderr
        .lines()
        .filter(|l| l.contains("error:"))
        .map(|l| l.split("error: ").nth(1).unwrap_or(l).to_string())
        .collect();
    assert!(output.status.success() || !failed.is_empty(), "clang failed on {triple}:\n{stderr}");
    failed
}

#[test]
fn layout_attributes_equal_clang_on_the_mingw_headers_on_three_targets() {
    assert!(
        std::path::Path::new(MINGW_INCLUDE).join("windows.h").is_file(),
        "mingw-w64's headers are not installed at {MINGW_INCLUDE}: `apt-get install clang mingw-w64-common` (.ci/run does)"
    );
    let skipped: BTreeSet<&str> = NOT_IN_MINGW.iter().map(|(m, _)| *m).collect();
    // Top-level records (nested ones are reached from them), by module.
    let nested: BTreeSet<&str> = abi_types(&["struct", "union"])
        .iter()
        .filter(|t| t.get("nested_in").is_some())
        .filter_map(|t| t["name"].as_str())
        .collect();
    let mut modules: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    let mut unchecked = BTreeSet::new();
    for (name, record) in records() {
        if record.layout.is_empty() || nested.contains(name.as_str()) {
            continue;
        }
        if let Some(listed) = [record.module.as_str(), name.as_str()].into_iter().find(|n| skipped.contains(n)) {
            unchecked.insert(listed);
            continue;
        }
        modules.entry(record.module.as_str()).or_default().push(name);
    }
    assert_eq!(unchecked, skipped, "NOT_IN_MINGW lists what is not generated");
    let mut failures = Vec::new();
    let mut checked = 0;
    // One unit per header, as headers of one program need not compile together (winhttp.h and
    // wininet.h do not).
    for (module, names) in &modules {
        // `foundation` holds GUID, IUnknown and IInspectable.
        let headers: Vec<String> = match *module {
            "foundation" => vec!["unknwn.h".into(), "inspectable.h".into()],
            // wsdtypes.h needs the XML types wsdapi.h declares first (it then includes it).
            "wsdtypes" | "wsdclient" => vec!["wsdapi.h".into()],
            m => vec![format!("{m}.h")],
        };
        for header in &headers {
            let found = std::path::Path::new(MINGW_INCLUDE).join(header).is_file();
            assert!(found, "mingw-w64 has no {header}: list its module in NOT_IN_MINGW");
        }
        // mingw-w64's rtworkq.h declares RTWQASYNCRESULT in C (the interface's vtable pointer as its
        // first member, `IRtwqAsyncResult AsyncResult`) only for Wine's own sources; otherwise as a
        // C++ struct deriving from the interface, which a C unit cannot read. Same layout.
        let before = match *module {
            "rtworkq" => "#define __WINESRC__\n",
            // mingw-w64 10's vds.h includes vdslun.h, which declares some of vds.h's types again:
            // its include guard, set first, keeps it out (VDS_ASYNC_OUTPUT needs none of it).
            "vds" => "#define __vdslun_h__ 1\n",
            _ => "",
        };
        // winsock2.h must come before windows.h; stddef.h for offsetof.
        let prelude = format!(
            "#include <stddef.h>\n#include <winsock2.h>\n#include <windows.h>\n{before}{}\n",
            headers.iter().map(|h| format!("#include <{h}>")).collect::<Vec<_>>().join("\n")
        );
        for (triple, arch) in CLANG_TARGETS {
            let mut lines = Vec::new();
            for name in names {
                checked += c_assertions(name, arch, &mut lines);
            }
            let unit = format!("{prelude}\n{}\n", lines.join("\n"));
            failures.extend(clang_check(&unit, triple, arch).into_iter().map(|f| format!("{module}: {f}")));
        }
    }
    println!("clang (live, mingw-w64 headers): {checked} sizes, alignments and offsets checked on 3 targets");
    assert!(failures.is_empty(), "clang disagrees with the generated layout numbers:\n{failures:#?}");
    // 294 a target when this was written (every top-level record and every member at every depth).
    assert!(checked >= 800, "only {checked} assertions");
}

// ---------------------------------------------------------------------------------------------
// 3. windows-sys interop
// ---------------------------------------------------------------------------------------------

mod interop {
    use core::ffi::c_void;
    use windows_sys::Win32::Networking::WinHttp as http;
    use windows_sys::Win32::Networking::WindowsWebServices as ws;
    use windows_sys::Win32::System::Rpc as rpc;

    #[test]
    fn winhttp_async_result_round_trips() {
        // WinHttpSendRequest timed out: API_SEND_REQUEST (5), ERROR_WINHTTP_TIMEOUT (12002).
        let ours = winasync::WINHTTP_ASYNC_RESULT { dwResult: 5, dwError: 12002 };
        let theirs = http::WINHTTP_ASYNC_RESULT::from(ours);
        assert_eq!(theirs.dwResult, http::API_SEND_REQUEST as usize);
        assert_eq!(theirs.dwError, http::ERROR_WINHTTP_TIMEOUT);
        let back = winasync::WINHTTP_ASYNC_RESULT::from(theirs);
        assert_eq!((back.dwResult, back.dwError), (5, 12002));
        assert_eq!(back.dw_result(), Ok(winasync::WinhttpAsyncResultApi::SendRequest));

        // The ABI-only value, from windows-sys's side.
        let theirs = http::WINHTTP_ASYNC_RESULT { dwResult: http::API_GET_PROXY_SETTINGS as usize, dwError: 0 };
        let ours = winasync::WINHTTP_ASYNC_RESULT::from(theirs);
        assert_eq!(ours.dw_result(), Ok(winasync::WinhttpAsyncResultApi::GetProxySettings));
    }

    #[test]
    fn a_version_field_reads_as_its_page_s_versions_not_as_option_flags() {
        // The metadata files DNS_QUERY_REQUEST_VERSION1 (1) among the DNS_QUERY_* option flags,
        // where 1 is first DNS_QUERY_ACCEPT_TRUNCATED_RESPONSE; the page's table is versions.
        use windows_sys::Win32::NetworkManagement::Dns as dns;
        let theirs = dns::DNS_QUERY_RESULT {
            Version: dns::DNS_QUERY_REQUEST_VERSION1,
            QueryStatus: 0,
            QueryOptions: u64::from(dns::DNS_QUERY_BYPASS_CACHE),
            pQueryRecords: core::ptr::null_mut(),
            Reserved: core::ptr::null_mut(),
        };
        let ours = winasync::DNS_QUERY_RESULT::from(theirs);
        assert_eq!(ours.version(), Ok(winasync::DnsQueryResultVersion::DnsQueryRequestVersion1));
        assert!(format!("{ours}").contains("DNS_QUERY_REQUEST_VERSION1"), "{ours}");
        assert!(!format!("{ours}").contains("TRUNCATED"), "{ours}");
    }

    #[test]
    fn web_socket_status_round_trips() {
        let ours = winasync::WINHTTP_WEB_SOCKET_STATUS {
            dwBytesTransferred: 125,
            eBufferType: winasync::WINHTTP_WEB_SOCKET_CLOSE_BUFFER_TYPE,
        };
        let theirs = http::WINHTTP_WEB_SOCKET_STATUS::from(ours);
        assert_eq!(theirs.dwBytesTransferred, 125);
        assert_eq!(theirs.eBufferType, http::WINHTTP_WEB_SOCKET_CLOSE_BUFFER_TYPE);
        let theirs = http::WINHTTP_WEB_SOCKET_STATUS {
            dwBytesTransferred: 7,
            eBufferType: http::WINHTTP_WEB_SOCKET_UTF8_FRAGMENT_BUFFER_TYPE,
        };
        let back = winasync::WINHTTP_WEB_SOCKET_STATUS::from(theirs);
        assert_eq!(back.dwBytesTransferred, 7);
        assert_eq!(back.eBufferType, winasync::WINHTTP_WEB_SOCKET_UTF8_FRAGMENT_BUFFER_TYPE);
        assert_eq!(back.e_buffer_type(), Ok(winasync::WinhttpWebSocketBufferType::Utf8FragmentBufferType));
    }

    #[test]
    fn rpc_async_state_round_trips_with_its_union() {
        let event = 0x1234 as *mut c_void;
        let mut ours = winasync::RPC_ASYNC_STATE {
            Size: size_of::<winasync::RPC_ASYNC_STATE>() as u32,
            Signature: 0x4359_5341, // RPC_ASYNC_SIGNATURE ("ASYC") in rpcasync.h
            Flags: winasync::RPC_C_NOTIFY_ON_SEND_COMPLETE,
            Event: winasync::RpcReceiveComplete,
            NotificationType: winasync::RpcNotificationTypeEvent,
            Reserved: [1, -2, 3, -4],
            ..Default::default()
        };
        ours.u.hEvent = event;
        let theirs = rpc::RPC_ASYNC_STATE::from(ours);
        assert_eq!(theirs.Size as usize, size_of::<rpc::RPC_ASYNC_STATE>());
        assert_eq!(theirs.Signature, 0x4359_5341);
        assert_eq!(theirs.Flags, rpc::RPC_C_NOTIFY_ON_SEND_COMPLETE);
        assert_eq!(theirs.Event, rpc::RpcReceiveComplete);
        assert_eq!(theirs.NotificationType, rpc::RpcNotificationTypeEvent);
        assert_eq!(theirs.Reserved, [1, -2, 3, -4]);
        // SAFETY: hEvent is the member written above.
        assert_eq!(unsafe { theirs.u.hEvent }, event);

        let mut theirs = theirs;
        theirs.u.IOC = rpc::RPC_ASYNC_NOTIFICATION_INFO_1 {
            hIOPort: 0x10 as *mut c_void,
            dwNumberOfBytesTransferred: 99,
            dwCompletionKey: 0xfeed,
            lpOverlapped: core::ptr::null_mut(),
        };
        let back = winasync::RPC_ASYNC_STATE::from(theirs);
        assert_eq!(back.event(), Ok(winasync::RpcAsyncEvent::RpcReceiveComplete));
        assert_eq!(back.notification_type(), Ok(winasync::RpcNotificationTypes::RpcNotificationTypeEvent));
        // SAFETY: IOC is the member written above.
        let ioc = unsafe { back.u.IOC };
        assert_eq!((ioc.hIOPort as usize, ioc.dwNumberOfBytesTransferred, ioc.dwCompletionKey), (0x10, 99, 0xfeed));
        assert!(ioc.lpOverlapped.is_null());
    }

    unsafe extern "system" fn on_complete(_: i32, _: ws::WS_CALLBACK_MODEL, _: *const c_void) {}

    #[test]
    fn ws_async_context_round_trips_its_callback() {
        let state = 0xabc0 as *mut c_void;
        let theirs = ws::WS_ASYNC_CONTEXT { callback: Some(on_complete), callbackState: state };
        let ours = winasync::WS_ASYNC_CONTEXT::from(theirs);
        assert_eq!(ours.callback.0.map(|f| f as usize), Some(on_complete as *const () as usize));
        assert_eq!(ours.callbackState, state);
        let again = ws::WS_ASYNC_CONTEXT::from(ours);
        assert_eq!(again.callback.map(|f| f as usize), Some(on_complete as *const () as usize));
        assert_eq!(again.callbackState, state);
        let empty = ws::WS_ASYNC_CONTEXT::from(winasync::WS_ASYNC_CONTEXT::default());
        assert!(empty.callback.is_none() && empty.callbackState.is_null());
    }

    /// `same_values!(Enum, module, [NAME, ...])`: each listed name's value in windows-sys, and
    /// the closed enum's names and values, for comparison.
    macro_rules! same_values {
        ($enum:ident, $module:ident, [$($name:ident),* $(,)?]) => {{
            use winasync::support::AsyncResultEnum;
            let theirs: Vec<(&str, i64)> = vec![$((stringify!($name), $module::$name as i64)),*];
            let ours: Vec<(&str, i64)> =
                winasync::$enum::VALUES.iter().map(|v| (v.name(), v.to_repr() as i64)).collect();
            (stringify!($enum), ours, theirs)
        }};
    }

    #[test]
    fn closed_enums_have_windows_sys_values() {
        use windows_sys::Win32::Devices::BiometricFramework as bio;
        let tables = [
            same_values!(
                WinhttpAsyncResultApi,
                http,
                [
                    API_RECEIVE_RESPONSE,
                    API_QUERY_DATA_AVAILABLE,
                    API_READ_DATA,
                    API_WRITE_DATA,
                    API_SEND_REQUEST,
                    API_GET_PROXY_FOR_URL,
                    API_GET_PROXY_SETTINGS,
                ]
            ),
            same_values!(
                WinhttpWebSocketBufferType,
                http,
                [
                    WINHTTP_WEB_SOCKET_BINARY_MESSAGE_BUFFER_TYPE,
                    WINHTTP_WEB_SOCKET_BINARY_FRAGMENT_BUFFER_TYPE,
                    WINHTTP_WEB_SOCKET_UTF8_MESSAGE_BUFFER_TYPE,
                    WINHTTP_WEB_SOCKET_UTF8_FRAGMENT_BUFFER_TYPE,
                    WINHTTP_WEB_SOCKET_CLOSE_BUFFER_TYPE,
                ]
            ),
            same_values!(
                WinhttpWebSocketOperation,
                http,
                [
                    WINHTTP_WEB_SOCKET_SEND_OPERATION,
                    WINHTTP_WEB_SOCKET_RECEIVE_OPERATION,
                    WINHTTP_WEB_SOCKET_CLOSE_OPERATION,
                    WINHTTP_WEB_SOCKET_SHUTDOWN_OPERATION,
                ]
            ),
            same_values!(
                RpcAsyncEvent,
                rpc,
                [RpcCallComplete, RpcSendComplete, RpcReceiveComplete, RpcClientDisconnect, RpcClientCancel,]
            ),
            same_values!(
                RpcNotificationTypes,
                rpc,
                [
                    RpcNotificationTypeNone,
                    RpcNotificationTypeEvent,
                    RpcNotificationTypeApc,
                    RpcNotificationTypeIoc,
                    RpcNotificationTypeHwnd,
                    RpcNotificationTypeCallback,
                ]
            ),
            same_values!(WsCallbackModel, ws, [WS_SHORT_CALLBACK, WS_LONG_CALLBACK]),
            same_values!(
                WinbioAsyncNotificationMethod,
                bio,
                [
                    WINBIO_ASYNC_NOTIFY_NONE,
                    WINBIO_ASYNC_NOTIFY_CALLBACK,
                    WINBIO_ASYNC_NOTIFY_MESSAGE,
                    WINBIO_ASYNC_NOTIFY_MAXIMUM_VALUE,
                ]
            ),
        ];
        for (name, ours, theirs) in tables {
            assert_eq!(ours, theirs, "{name}: names and values, in declaration order, against windows-sys");
        }
    }
}

/// `#[cfg(feature = "windows-sys")]`.
fn is_windows_sys_cfg(attr: &syn::Attribute) -> bool {
    let Ok(nv) = attr.parse_args::<syn::MetaNameValue>() else { return false };
    let value = match &nv.value {
        syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(s), .. }) => s.value(),
        _ => return false,
    };
    attr.path().is_ident("cfg") && nv.path.is_ident("feature") && value == "windows-sys"
}

fn from_impls(items: &[syn::Item], out: &mut Vec<(String, String, bool)>) {
    fn type_path(ty: &syn::Type) -> Option<String> {
        match ty {
            syn::Type::Path(p) => Some(path_name(&p.path)),
            _ => None,
        }
    }
    for item in items {
        match item {
            syn::Item::Mod(m) => {
                if let Some((_, inner)) = &m.content {
                    from_impls(inner, out);
                }
            }
            syn::Item::Impl(i) => {
                let Some((_, trait_path, _)) = &i.trait_ else { continue };
                let Some(last) = trait_path.segments.last() else { continue };
                let syn::PathArguments::AngleBracketed(args) = &last.arguments else { continue };
                let Some(syn::GenericArgument::Type(from)) = args.args.first() else { continue };
                if last.ident != "From" {
                    continue;
                }
                let gated = i.attrs.iter().any(is_windows_sys_cfg);
                if let (Some(from), Some(to)) = (type_path(from), type_path(&i.self_ty)) {
                    out.push((from, to, gated));
                }
            }
            _ => {}
        }
    }
}

/// Top-level Win32 records of abi.json without a `note` (those have a layout of their own making,
/// not windows-sys's), in namespaces windows-sys has: (name, namespace).
fn interop_records() -> Vec<(&'static str, &'static str)> {
    abi_types(&["struct", "union"])
        .into_iter()
        .filter(|t| t.get("nested_in").is_none() && t.get("note").is_none())
        .map(|t| (t["name"].as_str().unwrap(), t["namespace"].as_str().unwrap()))
        .filter(|(_, namespace)| !WINDOWS_SYS_LACKS.contains(namespace))
        .collect()
}

/// windows-sys 0.61.2's features, read from its own manifest.
fn windows_sys_features() -> BTreeSet<String> {
    let path = winasync_tests::package_dir("windows-sys", "0.61.2").join("Cargo.toml");
    let manifest: toml::Table =
        std::fs::read_to_string(&path).expect("windows-sys's Cargo.toml").parse().expect("windows-sys's manifest");
    manifest["features"].as_table().expect("windows-sys has features").keys().cloned().collect()
}

fn feature_of(namespace: &str) -> String {
    format!("Win32_{}", namespace.strip_prefix("Windows.Win32.").unwrap_or(namespace).replace('.', "_"))
}

#[test]
fn the_namespaces_said_to_lack_in_windows_sys_do_and_the_others_do_not() {
    let theirs = windows_sys_features();
    for namespace in WINDOWS_SYS_LACKS {
        assert!(
            !theirs.contains(&feature_of(namespace)),
            "windows-sys has {namespace}; drop it from WINDOWS_SYS_LACKS"
        );
    }
    // Every Win32 namespace of abi.json not in that list is one windows-sys has.
    let ours: BTreeSet<&str> = abi_types(&["struct", "union", "enum", "typedef", "callback"])
        .into_iter()
        .filter_map(|t| t["namespace"].as_str())
        .filter(|n| n.starts_with("Windows.Win32.") && !WINDOWS_SYS_LACKS.contains(n))
        .collect();
    let absent: Vec<&&str> = ours.iter().filter(|n| !theirs.contains(&feature_of(n))).collect();
    assert!(absent.is_empty(), "namespaces windows-sys lacks that WINDOWS_SYS_LACKS does not list: {absent:?}");
}

#[test]
fn windows_sys_features_cover_every_interop_namespace() {
    let manifest: toml::Table = std::fs::read_to_string(root().join("generated/Cargo.toml"))
        .expect("generated/Cargo.toml")
        .parse()
        .expect("generated/Cargo.toml is TOML");
    let features: BTreeSet<&str> = manifest["dependencies"]["windows-sys"]["features"]
        .as_array()
        .expect("windows-sys has a features list")
        .iter()
        .map(|f| f.as_str().expect("a feature name"))
        .collect();
    let records = interop_records();
    assert!(records.len() >= 17, "only {} interop records in abi.json", records.len());
    let mut missing = BTreeMap::new();
    for (name, namespace) in records {
        let rest = namespace
            .strip_prefix("Windows.Win32.")
            .unwrap_or_else(|| panic!("{name}: namespace {namespace} is not a Win32 one"));
        let feature = format!("Win32_{}", rest.replace('.', "_"));
        if !features.contains(feature.as_str()) {
            missing.entry(feature).or_insert_with(Vec::new).push(name);
        }
    }
    assert!(missing.is_empty(), "windows-sys features missing from generated/Cargo.toml: {missing:?}");
}

/// Whether a type of abi.json holds a one-byte boolean (`BOOLEAN`, C `bool`) at any depth:
/// windows-sys writes some of those as Rust `bool` (WINBIO's `Match`), so converting our bytes
/// into its type could make an invalid `bool`.
fn holds_boolean(name: &str, depth: usize) -> bool {
    let ty_holds = |ty: &str| {
        let inner = ty.trim_start_matches('[').split(';').next().unwrap_or(ty).trim();
        inner == "BOOLEAN" || inner == "bool" || (!inner.starts_with('*') && holds_boolean(inner, depth + 1))
    };
    depth < 16
        && abi_types(&["struct", "union"])
            .into_iter()
            .filter(|t| t["name"] == name)
            .any(|t| t["fields"].as_array().unwrap().iter().any(|f| ty_holds(f["ty"].as_str().unwrap())))
}

#[test]
fn every_interop_record_converts_both_ways_unless_it_holds_a_boolean() {
    let impls = &source().from_impls;
    let mut problems = Vec::new();
    let mut records = interop_records();
    // GUID has a `note` (the metadata uses System.Guid) but windows-sys has it, in `core`.
    records.push(("GUID", "Windows.core"));
    let mut one_way = Vec::new();
    for (name, namespace) in records {
        let theirs = format!("windows_sys::{}::{name}", namespace.strip_prefix("Windows.").unwrap().replace('.', "::"));
        let into_theirs = !holds_boolean(name, 0);
        if !into_theirs {
            one_way.push(name);
        }
        for (from, to, expected) in
            [(name.to_string(), theirs.clone(), into_theirs), (theirs.clone(), name.to_string(), true)]
        {
            match impls.iter().find(|(f, t, _)| *f == from && *t == to) {
                Some(_) if !expected => problems.push(format!("impl From<{from}> for {to} could make an invalid bool")),
                Some((.., true)) => {}
                Some((.., false)) => problems.push(format!("impl From<{from}> for {to} is not behind the feature")),
                None if expected => problems.push(format!("no impl From<{from}> for {to}")),
                None => {}
            }
        }
    }
    assert_eq!(one_way, ["WINBIO_ASYNC_RESULT"], "the records converted from windows-sys only");
    // And no conversion to a windows-sys type that is not one of those, or one of the callbacks
    // that name this crate's types (`callbacks::CONVERTED`, checked at compile time).
    let mut interop: BTreeSet<&str> = interop_records().into_iter().map(|(n, _)| n).collect();
    interop.insert("GUID");
    interop.extend(callbacks::CONVERTED);
    for (from, to, _) in impls {
        for path in [from, to] {
            if let Some(rest) = path.strip_prefix("windows_sys::") {
                let name = rest.rsplit("::").next().unwrap();
                if !interop.contains(name) {
                    problems.push(format!("unexpected conversion {from} -> {to}"));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
}

// ---------------------------------------------------------------------------------------------
// 4. Callback types against windows-sys's
// ---------------------------------------------------------------------------------------------

mod callbacks {
    use windows_sys::Win32::Devices::BiometricFramework as bio;
    use windows_sys::Win32::Devices::WebServicesOnDevices as wsd;
    use windows_sys::Win32::NetworkManagement::Dns as dns;
    use windows_sys::Win32::Networking::WinHttp as http;
    use windows_sys::Win32::Networking::WinInet as inet;
    use windows_sys::Win32::Networking::WinSock as sock;
    use windows_sys::Win32::Networking::WindowsWebServices as ws;
    use windows_sys::Win32::System::IO as io;
    use windows_sys::Win32::System::Rpc as rpc;

    /// Callbacks whose signatures name no type of winasync's own are windows-sys's types: each
    /// line compiles only if ours and theirs are the same type (assigned to each other).
    macro_rules! same_type {
        ($($ours:ident = $theirs:path),* $(,)?) => {
            $(
                const _: fn($theirs) -> winasync::$ours = |f| f;
                const _: fn(winasync::$ours) -> $theirs = |f| f;
            )*
            pub const SAME: &[&str] = &[$(stringify!($ours)),*];
        };
    }

    /// The others name records, enum newtypes or interfaces of winasync: they convert with
    /// `From`, both ways (each line compiles only if both impls exist).
    macro_rules! converted {
        ($($ours:ident = $theirs:path),* $(,)?) => {
            $(
                const _: fn($theirs) -> winasync::$ours = |f| f.into();
                const _: fn(winasync::$ours) -> $theirs = |f| f.into();
            )*
            pub const CONVERTED: &[&str] = &[$(stringify!($ours)),*];
        };
    }

    same_type!(
        WINHTTP_STATUS_CALLBACK = http::WINHTTP_STATUS_CALLBACK,
        LPINTERNET_STATUS_CALLBACK = inet::LPINTERNET_STATUS_CALLBACK,
    );

    converted!(
        DNS_QUERY_RAW_COMPLETION_ROUTINE = dns::DNS_QUERY_RAW_COMPLETION_ROUTINE,
        LPOVERLAPPED_COMPLETION_ROUTINE = io::LPOVERLAPPED_COMPLETION_ROUTINE,
        LPWSAOVERLAPPED_COMPLETION_ROUTINE = sock::LPWSAOVERLAPPED_COMPLETION_ROUTINE,
        PDNS_QUERY_COMPLETION_ROUTINE = dns::PDNS_QUERY_COMPLETION_ROUTINE,
        PFN_RPCNOTIFICATION_ROUTINE = rpc::PFN_RPCNOTIFICATION_ROUTINE,
        PWINBIO_ASYNC_COMPLETION_CALLBACK = bio::PWINBIO_ASYNC_COMPLETION_CALLBACK,
        PWSD_SOAP_MESSAGE_HANDLER = wsd::PWSD_SOAP_MESSAGE_HANDLER,
        WS_ASYNC_CALLBACK = ws::WS_ASYNC_CALLBACK,
        WS_ASYNC_FUNCTION = ws::WS_ASYNC_FUNCTION,
    );

    #[test]
    fn every_callback_is_windows_sys_s_type_or_converts_to_it() {
        let listed: std::collections::BTreeSet<&str> = SAME.iter().chain(CONVERTED).copied().collect();
        let ours: std::collections::BTreeSet<&str> =
            super::abi_types(&["callback"]).iter().map(|t| t["name"].as_str().unwrap()).collect();
        assert_eq!(listed, ours, "callbacks of abi.json vs those compared with windows-sys");
    }

    #[test]
    fn a_converted_callback_is_the_same_function_pointer() {
        unsafe extern "system" fn done(_: u32, _: u32, _: *mut winasync::OVERLAPPED) {}
        // Taken once: two reifications of `done` need not have one address.
        let f: unsafe extern "system" fn(u32, u32, *mut winasync::OVERLAPPED) = done;
        let ours = winasync::LPOVERLAPPED_COMPLETION_ROUTINE(Some(f));
        let theirs: io::LPOVERLAPPED_COMPLETION_ROUTINE = ours.into();
        assert_eq!(theirs.map(|g| g as usize), Some(f as usize));
        let back: winasync::LPOVERLAPPED_COMPLETION_ROUTINE = theirs.into();
        assert_eq!(back.0.map(|g| g as usize), Some(f as usize));
        let null: io::LPOVERLAPPED_COMPLETION_ROUTINE = winasync::LPOVERLAPPED_COMPLETION_ROUTINE::default().into();
        assert!(null.is_none());
    }
}

/// The signatures of every callback and of every vtable method that windows-sys also has, compared
/// by meaning: each side's type aliases expanded (windows-sys's `pub type`s; our typedefs and our
/// one-field `repr(transparent)` newtypes, of enums, interfaces and callbacks), records compared by
/// name, `const` and `mut` kept. This is where a `*mut` for windows-sys's `*const` (the metadata's
/// `[In]`) would show.
mod signatures {
    use std::collections::BTreeMap;
    use syn::visit::Visit;

    /// `pub type`s, one-field tuple structs, and named-field structs' `unsafe extern fn` fields.
    #[derive(Default)]
    struct Declared {
        aliases: BTreeMap<String, syn::Type>,
        /// `X_Vtbl` -> field -> function pointer type.
        vtables: BTreeMap<String, BTreeMap<String, syn::Type>>,
    }

    impl<'a> Visit<'a> for Declared {
        fn visit_item_type(&mut self, t: &'a syn::ItemType) {
            self.aliases.insert(t.ident.to_string(), (*t.ty).clone());
        }

        fn visit_item_struct(&mut self, s: &'a syn::ItemStruct) {
            match &s.fields {
                syn::Fields::Unnamed(f) if f.unnamed.len() == 1 => {
                    self.aliases.insert(s.ident.to_string(), f.unnamed[0].ty.clone());
                }
                syn::Fields::Named(f) if s.ident.to_string().ends_with("_Vtbl") => {
                    let fields = f
                        .named
                        .iter()
                        .filter(|f| matches!(f.ty, syn::Type::BareFn(_)))
                        .map(|f| (f.ident.as_ref().unwrap().to_string(), f.ty.clone()))
                        .collect();
                    self.vtables.insert(s.ident.to_string(), fields);
                }
                _ => {}
            }
        }
    }

    fn declared(sources: &[String]) -> Declared {
        let mut d = Declared::default();
        for text in sources {
            d.visit_file(&syn::parse_file(text).expect("the source parses"));
        }
        d
    }

    /// A type's meaning as text: aliases expanded (to a depth), paths by their last segment,
    /// parameter names dropped.
    fn canonical(ty: &syn::Type, d: &Declared, depth: usize) -> String {
        match ty {
            syn::Type::Path(p) => {
                let last = p.path.segments.last().expect("a path has a segment");
                let name = last.ident.to_string();
                if depth < 16
                    && last.arguments.is_empty()
                    && let Some(alias) = d.aliases.get(&name)
                {
                    return canonical(alias, d, depth + 1);
                }
                match &last.arguments {
                    syn::PathArguments::AngleBracketed(args) => {
                        let inner: Vec<String> = args
                            .args
                            .iter()
                            .map(|a| match a {
                                syn::GenericArgument::Type(t) => canonical(t, d, depth + 1),
                                other => quote::quote!(#other).to_string(),
                            })
                            .collect();
                        format!("{name}<{}>", inner.join(", "))
                    }
                    _ => name,
                }
            }
            syn::Type::Ptr(p) => {
                let kind = if p.mutability.is_some() { "*mut" } else { "*const" };
                format!("{kind} {}", canonical(&p.elem, d, depth + 1))
            }
            syn::Type::BareFn(f) => {
                let params: Vec<String> = f.inputs.iter().map(|a| canonical(&a.ty, d, depth + 1)).collect();
                let ret = match &f.output {
                    syn::ReturnType::Default => "()".to_string(),
                    syn::ReturnType::Type(_, t) => canonical(t, d, depth + 1),
                };
                format!("fn({}) -> {ret}", params.join(", "))
            }
            syn::Type::Array(a) => {
                let len = &a.len;
                format!("[{}; {}]", canonical(&a.elem, d, depth + 1), quote::quote!(#len))
            }
            syn::Type::Paren(p) => canonical(&p.elem, d, depth),
            syn::Type::Tuple(t) if t.elems.is_empty() => "()".to_string(),
            other => quote::quote!(#other).to_string(),
        }
    }

    fn windows_sys_sources() -> Vec<String> {
        let root = winasync_tests::package_dir("windows-sys", "0.61.2").join("src");
        let mut files = vec![root.join("core/mod.rs")];
        for t in super::abi_types(&["callback", "interface"]) {
            let namespace = t["namespace"].as_str().unwrap();
            if let Some(rest) = namespace.strip_prefix("Windows.Win32.") {
                files.push(root.join("Windows/Win32").join(rest.replace('.', "/")).join("mod.rs"));
            }
        }
        files.sort();
        files.dedup();
        files.iter().filter(|f| f.is_file()).map(|f| std::fs::read_to_string(f).unwrap()).collect()
    }

    #[test]
    fn callback_and_method_signatures_mean_what_windows_sys_s_do() {
        let ours = declared(&[super::source_text().to_string()]);
        let theirs = declared(&windows_sys_sources());
        let mut compared = Vec::new();
        let mut differ = Vec::new();
        for t in super::abi_types(&["callback"]) {
            let name = t["name"].as_str().unwrap();
            let (Some(a), Some(b)) = (ours.aliases.get(name), theirs.aliases.get(name)) else { continue };
            let (a, b) = (canonical(a, &ours, 0), canonical(b, &theirs, 0));
            if a != b {
                differ.push(format!("{name}:\n  winasync    {a}\n  windows-sys {b}"));
            }
            compared.push(name.to_string());
        }
        for (vtbl, methods) in &ours.vtables {
            let Some(their_methods) = theirs.vtables.get(vtbl) else { continue };
            for (method, ty) in methods {
                let Some(their_ty) = their_methods.get(method) else {
                    differ.push(format!("{vtbl}::{method} is not in windows-sys's {vtbl}"));
                    continue;
                };
                let (a, b) = (canonical(ty, &ours, 0), canonical(their_ty, &theirs, 0));
                if a != b {
                    differ.push(format!("{vtbl}::{method}:\n  winasync    {a}\n  windows-sys {b}"));
                }
                compared.push(format!("{vtbl}::{method}"));
            }
        }
        println!("signatures compared with windows-sys: {compared:?}");
        assert!(differ.is_empty(), "signatures that differ from windows-sys:\n{}", differ.join("\n"));
        // Every callback of abi.json (windows-sys has them all) and IUnknown's and IInspectable's
        // methods, the only vtables windows-sys has.
        assert_eq!(compared.len(), super::abi_types(&["callback"]).len() + 6, "{compared:?}");
    }
}

// ---------------------------------------------------------------------------------------------
// The family as the corpus lists it
// ---------------------------------------------------------------------------------------------

/// Every name a user can find an item by: item names, `#[doc(alias)]`es, and `Vtbl::Method` for
/// vtable fields (the method pages' APIs).
fn findable_names(items: &[syn::Item], out: &mut BTreeSet<String>) {
    for item in items {
        let (ident, attrs) = match item {
            syn::Item::Mod(m) => {
                if let Some((_, inner)) = &m.content {
                    findable_names(inner, out);
                }
                continue;
            }
            syn::Item::Struct(s) => {
                if let Some(interface) = s.ident.to_string().strip_suffix("_Vtbl") {
                    for field in &s.fields {
                        if let Some(f) = &field.ident {
                            out.insert(format!("{interface}::{f}"));
                        }
                    }
                }
                (&s.ident, &s.attrs)
            }
            syn::Item::Union(u) => (&u.ident, &u.attrs),
            syn::Item::Enum(e) => (&e.ident, &e.attrs),
            syn::Item::Type(t) => (&t.ident, &t.attrs),
            syn::Item::Const(c) => (&c.ident, &c.attrs),
            _ => continue,
        };
        out.insert(ident.to_string());
        for attr in attrs.iter().filter(|a| a.path().is_ident("doc")) {
            if let Meta::List(list) = &attr.meta
                && let Ok(Meta::NameValue(nv)) = list.parse_args::<Meta>()
                && nv.path.is_ident("alias")
                && let syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(alias), .. }) = &nv.value
            {
                out.insert(alias.value());
            }
        }
    }
}

#[test]
fn every_api_of_the_corpus_manifest_is_generated() {
    let generated = winasync_codegen::Builder::winasync_crate()
        .docs(root().join("docs-src"))
        .generate()
        .expect("the generator runs");
    let file = syn::parse_file(&generated.source).expect("the generated source parses");
    let mut names = BTreeSet::new();
    findable_names(&file.items, &mut names);
    let manifest = std::fs::read_to_string(shared().join("corpus/async/MANIFEST.tsv")).expect("MANIFEST.tsv");
    let apis: Vec<&str> = manifest.lines().skip(1).filter_map(|l| l.split('\t').nth(2)).collect();
    assert!(apis.len() >= 40, "only {} APIs in the manifest", apis.len());
    let missing: Vec<&str> = apis.iter().copied().filter(|api| !names.contains(*api)).collect();
    assert!(missing.is_empty(), "APIs of the corpus with no generated item (or alias): {missing:?}");
}

/// docs-src/MANIFEST.tsv, the whole family: each API is a generated item (or alias, or vtable
/// method) documented from its page (the page's URL is in the generated docs), and
/// RTWQASYNCRESULT, which has no page, is generated from the supplement.
#[test]
fn every_api_of_docs_src_is_a_documented_item() {
    let generated = winasync_codegen::Builder::winasync_crate()
        .docs(root().join("docs-src"))
        .generate()
        .expect("the generator runs");
    let file = syn::parse_file(&generated.source).expect("the generated source parses");
    let mut names = BTreeSet::new();
    findable_names(&file.items, &mut names);
    let manifest = std::fs::read_to_string(root().join("docs-src/MANIFEST.tsv")).expect("docs-src/MANIFEST.tsv");
    let rows: Vec<Vec<&str>> = manifest.lines().skip(1).map(|l| l.split('\t').collect()).collect();
    assert_eq!(rows.len(), 95);
    let mut problems = Vec::new();
    for row in &rows {
        let (path, api) = (row[0], row[1]);
        if !names.contains(api) {
            problems.push(format!("{api} ({path}): no generated item, alias or vtable method"));
        }
        let (dir, file) = path.split_once('/').expect("header/page.md");
        let url = format!("https://learn.microsoft.com/windows/win32/api/{dir}/{}", file.trim_end_matches(".md"));
        if !generated.source.contains(&format!("({url})")) {
            problems.push(format!("{api} ({path}): the generated docs do not link its page {url}"));
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
    assert!(records().contains_key("RTWQASYNCRESULT"), "RTWQASYNCRESULT is generated");
}

// ---------------------------------------------------------------------------------------------
// Bad input: a clear error, nothing generated
// ---------------------------------------------------------------------------------------------

#[test]
fn bad_docs_folders_are_errors_that_say_what_to_fix() {
    use winasync_codegen::{Builder, Error};
    let generate = |dir: &std::path::Path| Builder::new().docs(dir).generate();
    let copy = |with_snapshot: bool| {
        let dir = tempfile::tempdir().unwrap();
        let page = "winhttp/ns-winhttp-winhttp_async_result.md";
        std::fs::create_dir_all(dir.path().join("winhttp")).unwrap();
        std::fs::copy(root().join("docs-src").join(page), dir.path().join(page)).unwrap();
        if with_snapshot {
            std::fs::copy(root().join("docs-src/abi.json"), dir.path().join("abi.json")).unwrap();
        }
        dir
    };

    // No snapshot: the error names the file.
    let dir = copy(false);
    let err = generate(dir.path()).unwrap_err();
    assert!(matches!(err, Error::Abi { .. }), "{err}");
    assert!(err.to_string().contains("abi.json"), "{err}");

    // A snapshot that is not one.
    std::fs::write(dir.path().join("abi.json"), "{ not json").unwrap();
    let err = generate(dir.path()).unwrap_err();
    assert!(matches!(err, Error::Abi { .. }), "{err}");

    // A page that is not UTF-8: the page's error, rendered with its path, and no source.
    let dir = copy(true);
    std::fs::write(dir.path().join("winhttp/broken.md"), b"---\nUID: x\n---\n\xff\xfe").unwrap();
    let err = generate(dir.path()).unwrap_err();
    let Error::Pages(report) = &err else { panic!("expected page errors, got {err}") };
    assert_eq!(report.errors(), 1);
    let rendered = report.render(false);
    assert!(rendered.contains("broken.md"), "{rendered}");
    assert!(err.to_string().contains("fix them"), "{err}");

    // Two pages for one API: an error, as in `check`.
    let dir = copy(true);
    let page = "winhttp/ns-winhttp-winhttp_async_result.md";
    std::fs::copy(dir.path().join(page), dir.path().join("winhttp/copy.md")).unwrap();
    let err = generate(dir.path()).unwrap_err();
    assert!(err.to_string().contains("is also documented by"), "{err}");

    // A page added after the snapshot was written (the snapshot does not list it): an error at
    // the page that says to write the snapshot again, not a crate without its types.
    let dir = copy(true);
    let added = "ntsecapi/ne-ntsecapi-security_logon_type.md";
    std::fs::create_dir_all(dir.path().join("ntsecapi")).unwrap();
    std::fs::copy(root().join("examples/downstream/pages").join(added), dir.path().join(added)).unwrap();
    let err = generate(dir.path()).unwrap_err();
    let Error::Pages(report) = &err else { panic!("expected page errors, got {err}") };
    assert_eq!(report.errors(), 1, "{err}");
    let rendered = report.render(false);
    assert!(
        rendered.contains("error[stale-abi-snapshot]: `SECURITY_LOGON_TYPE` is not in the ABI snapshot"),
        "{rendered}"
    );
    assert!(rendered.contains("ne-ntsecapi-security_logon_type.md:"), "{rendered}");
    assert!(rendered.contains("winasync-codegen abi --out"), "{rendered}");

    // A page alone, with its snapshot, generates; its struct is there.
    let dir = copy(true);
    let generated = generate(dir.path()).unwrap();
    assert!(generated.source.contains("pub struct WINHTTP_ASYNC_RESULT"));
}
