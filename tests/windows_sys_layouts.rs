//! Real x86_64 layouts, taken from `windows-sys` 0.61.2, for every struct/union page (`ns-*.md`) under
//! `shared/corpus/sample` (30 pages) and `main/tests/fixtures/pages` (18 pages).
//!
//! Why this table can be trusted: no number in it is typed by hand. Every `size`, `align` and offset
//! is computed by rustc (`core::mem::size_of`, `align_of`, `offset_of!`) from the `#[repr(C)]` /
//! `#[repr(C, packed(N))]` definitions that Microsoft generates into `windows-sys` from the Win32
//! metadata (itself scraped from the SDK headers). The crate is pinned to `=0.61.2`. Where
//! `windows-sys` has per-architecture definitions (`#[cfg(target_arch = ...)]`: `WINHTTP_CONNECTION_INFO`,
//! `SP_DEVINFO_DATA`, `NOTIFYICONDATAA`), compiling for x86_64 picks the x86_64 one. Every field type
//! in these bindings has a fixed width (`u32`, `i32`, `usize`, pointers, `u16` arrays...; `LONG` is
//! `i32`, never `c_long`), so an x86_64 Linux host gives the same numbers as x86_64 Windows. The numbers
//! are only x86_64 numbers when compiled for x86_64 (`windows_sys_layouts_check.rs` is ignored elsewhere).
//!
//! Spot-checked by hand against C knowledge of the x64 ABI (and asserted in `windows_sys_layouts_check.rs`):
//! - `OVERLAPPED` = 32 bytes, align 8: Internal 0, InternalHigh 8, the Offset/OffsetHigh|Pointer union 16,
//!   hEvent 24.
//! - `MSG` = 48 bytes, align 8: hwnd 0, message 8, wParam 16, lParam 24, time 32, pt 36 (POINT is 8 bytes,
//!   44 rounded up to 48).
//! - `WSABUF` = 16 bytes, align 8: len 0, buf 8.
//! - Also `URL_COMPONENTS` = 104 bytes (4-byte fields padded before each 8-byte pointer), and
//!   `DWM_BLURBEHIND` = 20 bytes, align 1: dwmapi.h wraps it in `pshpack1.h`, and `windows-sys` says
//!   `#[repr(C, packed(1))]` on every architecture.
//!
//! `windows-sys` features enabled (dev-dependency in `tests/Cargo.toml`), one per namespace a type below
//! lives in, plus the ones those types' `#[cfg(feature = ...)]` gates need:
//! Win32_Devices_Communication, Win32_Devices_DeviceAndDriverInstallation, Win32_Foundation,
//! Win32_Graphics_Dwm, Win32_Graphics_Gdi (also gate of DWM_BLURBEHIND), Win32_NetworkManagement_IpHelper,
//! Win32_NetworkManagement_Ndis (gate of IP_ADAPTER_ADDRESSES_LH, MIB_IPNET_ROW2),
//! Win32_NetworkManagement_NetManagement, Win32_Networking_ActiveDirectory, Win32_Networking_WinHttp,
//! Win32_Networking_WinSock (also gate of WINHTTP_CONNECTION_INFO, IP_ADAPTER_ADDRESSES_LH, MIB_IPNET_ROW2),
//! Win32_Security (gate of DS_DOMAIN_TRUSTSW), Win32_Security_Authentication_Identity,
//! Win32_Security_Credentials, Win32_Security_Cryptography, Win32_Storage_FileSystem, Win32_System_Com,
//! Win32_System_Com_StructuredStorage, Win32_System_Diagnostics_Debug, Win32_System_Diagnostics_Etw,
//! Win32_System_Diagnostics_ToolHelp, Win32_System_IO, Win32_System_Kernel, Win32_System_Registry,
//! Win32_System_Services, Win32_System_Threading, Win32_UI_Controls, Win32_UI_Input,
//! Win32_UI_Input_KeyboardAndMouse, Win32_UI_Shell, Win32_UI_WindowsAndMessaging (also gate of NOTIFYICONDATAA).
//!
//! Field names: `windows-sys` keeps the C member names, so `offsets` uses them, with these exceptions:
//! - anonymous members are named by `windows-sys` `Anonymous` (or `Anonymous1`, `Anonymous2`... when there
//!   are several): OVERLAPPED, PROPSPEC, INPUT, NOTIFYICONDATAA, MIB_IPNET_ROW2 and SOCKADDR_IN6_LH have
//!   `Anonymous`; IP_ADAPTER_ADDRESSES_LH and DECIMAL have `Anonymous1`/`Anonymous2`; tagCY has `Anonymous`
//!   (the `struct { Lo; Hi; }` arm of the union).
//! - COMSTAT's bit-fields (fCtsHold:1 ... fReserved:25) are one `u32` that `windows-sys` calls `_bitfield`.
//! - INPUT's `type` is `r#type` in Rust; recorded here as `type`.
//! - Named unions keep their C name (`u` in CM_NOTIFY_FILTER, `HighWord` in LDT_ENTRY, `data` in RAWINPUT,
//!   `ReachabilityTime` in MIB_IPNET_ROW2).
//!
//! Name choices (`c_name` is the name in the page's H1 — or its title when it has no H1 — and `rust_path`
//! is the `windows-sys` type used for it):
//! - `_CRYPT_TIMESTAMP_CONTEXT`, `_SC_ACTION`, `_SERVICE_TRIGGER_SPECIFIC_DATA_ITEM`, `tagCY`: tag names;
//!   `windows-sys` has the typedef names `CRYPT_TIMESTAMP_CONTEXT`, `SC_ACTION`,
//!   `SERVICE_TRIGGER_SPECIFIC_DATA_ITEM`, `CY`.
//! - `SOCKADDR_IN6_LH`: `windows-sys` calls this exact type (the one with the sin6_scope_id /
//!   sin6_scope_struct union) `SOCKADDR_IN6`; there is no `SOCKADDR_IN6_LH`.
//! - `IP_ADAPTER_ADDRESSES_LH`, `PROCESSENTRY32W`, `DS_DOMAIN_TRUSTSW`, `IMAGEHLP_LINE64` (not
//!   `IMAGEHLP_LINEW64`/`IMAGEHLP_LINE`), `NOTIFYICONDATAA`, `CREDENTIAL_ATTRIBUTEA`, `VALENTA`: the H1
//!   name, which `windows-sys` has as is.
//! - `SecBuffer`: the Win32 one (`Security::Authentication::Identity`), not the identical `Wdk` copy.
//! - `SHARE_INFO_1` lives in `Storage::FileSystem` in `windows-sys` (not `NetManagement`); `STRING` in
//!   `System::Kernel`; `LDT_ENTRY` in `System::Diagnostics::Debug`; `DECIMAL` in `Foundation`.
//!
//! For unions (only tagCY here) every offset is 0.

// Included with `mod windows_sys_layouts;` by test files that may use only part of it.
#![allow(dead_code)]

/// The real layout of one documented C type.
#[derive(Debug, Clone)]
pub struct SysLayout {
    /// Path relative to its folder root, e.g. `"winhttp/ns-winhttp-url_components.md"`.
    pub page: &'static str,
    pub root: Root,
    /// The C name the page documents (its H1).
    pub c_name: &'static str,
    /// The `windows-sys` type measured.
    pub rust_path: &'static str,
    pub size: usize,
    pub align: usize,
    /// Top-level fields in declaration order, under their `windows-sys` names (`r#` stripped).
    pub offsets: Vec<(&'static str, usize)>,
}

/// Which folder `SysLayout::page` is relative to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Root {
    /// `/work/shared/corpus/sample`
    Sample,
    /// `/work/main/tests/fixtures/pages`
    Fixtures,
}

/// `layout!(Root, "page.md", [ "C_NAME", ] path::to::Type { field, ... })`; without `"C_NAME"` the C name is
/// the last segment of the path.
macro_rules! layout {
    ($root:ident, $page:literal, $t:path { $($field:ident),+ $(,)? }) => {{
        let rust_path = stringify!($t);
        let c_name = rust_path.rsplit("::").next().unwrap_or(rust_path).trim();
        layout!(@build $root, $page, c_name, rust_path, $t { $($field),+ })
    }};
    ($root:ident, $page:literal, $c_name:literal, $t:path { $($field:ident),+ $(,)? }) => {{
        layout!(@build $root, $page, $c_name, stringify!($t), $t { $($field),+ })
    }};
    (@build $root:ident, $page:literal, $c_name:expr, $rust_path:expr, $t:path { $($field:ident),+ }) => {
        SysLayout {
            page: $page,
            root: Root::$root,
            c_name: $c_name,
            rust_path: $rust_path,
            size: core::mem::size_of::<$t>(),
            align: core::mem::align_of::<$t>(),
            offsets: vec![$((stringify!($field).trim_start_matches("r#"), core::mem::offset_of!($t, $field))),+],
        }
    };
}

/// Every page whose type `windows-sys` 0.61.2 has, in page order per root.
pub fn layouts() -> Vec<SysLayout> {
    vec![
        // ---- /work/shared/corpus/sample ----
        layout!(
            Sample,
            "bcrypt/ns-bcrypt-bcrypt_key_lengths_struct.md",
            windows_sys::Win32::Security::Cryptography::BCRYPT_KEY_LENGTHS_STRUCT {
                dwMinLength,
                dwMaxLength,
                dwIncrement
            }
        ),
        layout!(
            Sample,
            "cfgmgr32/ns-cfgmgr32-cm_notify_filter.md",
            windows_sys::Win32::Devices::DeviceAndDriverInstallation::CM_NOTIFY_FILTER {
                cbSize,
                Flags,
                FilterType,
                Reserved,
                u
            }
        ),
        layout!(
            Sample,
            "dbghelp/ns-dbghelp-imagehlp_line64.md",
            windows_sys::Win32::System::Diagnostics::Debug::IMAGEHLP_LINE64 {
                SizeOfStruct,
                Key,
                LineNumber,
                FileName,
                Address
            }
        ),
        layout!(
            Sample,
            "dsgetdc/ns-dsgetdc-ds_domain_trustsw.md",
            windows_sys::Win32::Networking::ActiveDirectory::DS_DOMAIN_TRUSTSW {
                NetbiosDomainName,
                DnsDomainName,
                Flags,
                ParentIndex,
                TrustType,
                TrustAttributes,
                DomainSid,
                DomainGuid
            }
        ),
        layout!(
            Sample,
            "evntrace/ns-evntrace-trace_guid_registration.md",
            windows_sys::Win32::System::Diagnostics::Etw::TRACE_GUID_REGISTRATION { Guid, RegHandle }
        ),
        layout!(
            Sample,
            "fileapi/ns-fileapi-win32_file_attribute_data.md",
            windows_sys::Win32::Storage::FileSystem::WIN32_FILE_ATTRIBUTE_DATA {
                dwFileAttributes,
                ftCreationTime,
                ftLastAccessTime,
                ftLastWriteTime,
                nFileSizeHigh,
                nFileSizeLow
            }
        ),
        layout!(
            Sample,
            "iptypes/ns-iptypes-ip_adapter_addresses_lh.md",
            windows_sys::Win32::NetworkManagement::IpHelper::IP_ADAPTER_ADDRESSES_LH {
                Anonymous1,
                Next,
                AdapterName,
                FirstUnicastAddress,
                FirstAnycastAddress,
                FirstMulticastAddress,
                FirstDnsServerAddress,
                DnsSuffix,
                Description,
                FriendlyName,
                PhysicalAddress,
                PhysicalAddressLength,
                Anonymous2,
                Mtu,
                IfType,
                OperStatus,
                Ipv6IfIndex,
                ZoneIndices,
                FirstPrefix,
                TransmitLinkSpeed,
                ReceiveLinkSpeed,
                FirstWinsServerAddress,
                FirstGatewayAddress,
                Ipv4Metric,
                Ipv6Metric,
                Luid,
                Dhcpv4Server,
                CompartmentId,
                NetworkGuid,
                ConnectionType,
                TunnelType,
                Dhcpv6Server,
                Dhcpv6ClientDuid,
                Dhcpv6ClientDuidLength,
                Dhcpv6Iaid,
                FirstDnsSuffix
            }
        ),
        layout!(
            Sample,
            "lmaccess/ns-lmaccess-user_info_0.md",
            windows_sys::Win32::NetworkManagement::NetManagement::USER_INFO_0 { usri0_name }
        ),
        layout!(
            Sample,
            "minwinbase/ns-minwinbase-overlapped.md",
            windows_sys::Win32::System::IO::OVERLAPPED { Internal, InternalHigh, Anonymous, hEvent }
        ),
        layout!(
            Sample,
            "processthreadsapi/ns-processthreadsapi-process_information.md",
            windows_sys::Win32::System::Threading::PROCESS_INFORMATION { hProcess, hThread, dwProcessId, dwThreadId }
        ),
        layout!(
            Sample,
            "propidl/ns-propidl-propspec.md",
            windows_sys::Win32::System::Com::StructuredStorage::PROPSPEC { ulKind, Anonymous }
        ),
        layout!(
            Sample,
            "tlhelp32/ns-tlhelp32-processentry32w.md",
            windows_sys::Win32::System::Diagnostics::ToolHelp::PROCESSENTRY32W {
                dwSize,
                cntUsage,
                th32ProcessID,
                th32DefaultHeapID,
                th32ModuleID,
                cntThreads,
                th32ParentProcessID,
                pcPriClassBase,
                dwFlags,
                szExeFile
            }
        ),
        layout!(
            Sample,
            "wincrypt/ns-wincrypt-_crypt_timestamp_context.md",
            "_CRYPT_TIMESTAMP_CONTEXT",
            windows_sys::Win32::Security::Cryptography::CRYPT_TIMESTAMP_CONTEXT { cbEncoded, pbEncoded, pTimeStamp }
        ),
        layout!(
            Sample,
            "wincrypt/ns-wincrypt-cert_context.md",
            windows_sys::Win32::Security::Cryptography::CERT_CONTEXT {
                dwCertEncodingType,
                pbCertEncoded,
                cbCertEncoded,
                pCertInfo,
                hCertStore
            }
        ),
        layout!(
            Sample,
            "wingdi/ns-wingdi-bitmapinfo.md",
            windows_sys::Win32::Graphics::Gdi::BITMAPINFO { bmiHeader, bmiColors }
        ),
        layout!(
            Sample,
            "winhttp/ns-winhttp-url_components.md",
            windows_sys::Win32::Networking::WinHttp::URL_COMPONENTS {
                dwStructSize,
                lpszScheme,
                dwSchemeLength,
                nScheme,
                lpszHostName,
                dwHostNameLength,
                nPort,
                lpszUserName,
                dwUserNameLength,
                lpszPassword,
                dwPasswordLength,
                lpszUrlPath,
                dwUrlPathLength,
                lpszExtraInfo,
                dwExtraInfoLength
            }
        ),
        layout!(
            Sample,
            "winhttp/ns-winhttp-winhttp_autoproxy_options.md",
            windows_sys::Win32::Networking::WinHttp::WINHTTP_AUTOPROXY_OPTIONS {
                dwFlags,
                dwAutoDetectFlags,
                lpszAutoConfigUrl,
                lpvReserved,
                dwReserved,
                fAutoLogonIfChallenged
            }
        ),
        layout!(
            Sample,
            "winhttp/ns-winhttp-winhttp_connection_info.md",
            windows_sys::Win32::Networking::WinHttp::WINHTTP_CONNECTION_INFO { cbSize, LocalAddress, RemoteAddress }
        ),
        layout!(
            Sample,
            "winnt/ns-winnt-ldt_entry.md",
            windows_sys::Win32::System::Diagnostics::Debug::LDT_ENTRY { LimitLow, BaseLow, HighWord }
        ),
        layout!(
            Sample,
            "winsock2/ns-winsock2-wsapollfd.md",
            windows_sys::Win32::Networking::WinSock::WSAPOLLFD { fd, events, revents }
        ),
        layout!(
            Sample,
            "winsvc/ns-winsvc-_sc_action.md",
            "_SC_ACTION",
            windows_sys::Win32::System::Services::SC_ACTION { Type, Delay }
        ),
        layout!(
            Sample,
            "winsvc/ns-winsvc-_service_trigger_specific_data_item.md",
            "_SERVICE_TRIGGER_SPECIFIC_DATA_ITEM",
            windows_sys::Win32::System::Services::SERVICE_TRIGGER_SPECIFIC_DATA_ITEM { dwDataType, cbData, pData }
        ),
        layout!(
            Sample,
            "winuser/ns-winuser-input.md",
            windows_sys::Win32::UI::Input::KeyboardAndMouse::INPUT { r#type, Anonymous }
        ),
        layout!(
            Sample,
            "winuser/ns-winuser-msg.md",
            windows_sys::Win32::UI::WindowsAndMessaging::MSG { hwnd, message, wParam, lParam, time, pt }
        ),
        layout!(Sample, "winuser/ns-winuser-rawinput.md", windows_sys::Win32::UI::Input::RAWINPUT { header, data }),
        layout!(Sample, "ws2def/ns-ws2def-wsabuf.md", windows_sys::Win32::Networking::WinSock::WSABUF { len, buf }),
        // ---- /work/main/tests/fixtures/pages ----
        layout!(
            Fixtures,
            "dwmapi/ns-dwmapi-dwm_blurbehind.md",
            windows_sys::Win32::Graphics::Dwm::DWM_BLURBEHIND { dwFlags, fEnable, hRgnBlur, fTransitionOnMaximized }
        ),
        layout!(
            Fixtures,
            "lmshare/ns-lmshare-share_info_1.md",
            windows_sys::Win32::Storage::FileSystem::SHARE_INFO_1 { shi1_netname, shi1_type, shi1_remark }
        ),
        layout!(
            Fixtures,
            "netioapi/ns-netioapi-mib_ipnet_row2.md",
            windows_sys::Win32::NetworkManagement::IpHelper::MIB_IPNET_ROW2 {
                Address,
                InterfaceIndex,
                InterfaceLuid,
                PhysicalAddress,
                PhysicalAddressLength,
                State,
                Anonymous,
                ReachabilityTime
            }
        ),
        layout!(
            Fixtures,
            "oaidl/ns-oaidl-excepinfo.md",
            windows_sys::Win32::System::Com::EXCEPINFO {
                wCode,
                wReserved,
                bstrSource,
                bstrDescription,
                bstrHelpFile,
                dwHelpContext,
                pvReserved,
                pfnDeferredFillIn,
                scode
            }
        ),
        layout!(
            Fixtures,
            "setupapi/ns-setupapi-sp_devinfo_data.md",
            windows_sys::Win32::Devices::DeviceAndDriverInstallation::SP_DEVINFO_DATA {
                cbSize,
                ClassGuid,
                DevInst,
                Reserved
            }
        ),
        layout!(
            Fixtures,
            "shellapi/ns-shellapi-notifyicondataa.md",
            windows_sys::Win32::UI::Shell::NOTIFYICONDATAA {
                cbSize,
                hWnd,
                uID,
                uFlags,
                uCallbackMessage,
                hIcon,
                szTip,
                dwState,
                dwStateMask,
                szInfo,
                Anonymous,
                szInfoTitle,
                dwInfoFlags,
                guidItem,
                hBalloonIcon
            }
        ),
        layout!(
            Fixtures,
            "sspi/ns-sspi-secbuffer.md",
            windows_sys::Win32::Security::Authentication::Identity::SecBuffer { cbBuffer, BufferType, pvBuffer }
        ),
        layout!(
            Fixtures,
            "uxtheme/ns-uxtheme-margins.md",
            windows_sys::Win32::UI::Controls::MARGINS { cxLeftWidth, cxRightWidth, cyTopHeight, cyBottomHeight }
        ),
        layout!(
            Fixtures,
            "winbase/ns-winbase-comstat.md",
            windows_sys::Win32::Devices::Communication::COMSTAT { _bitfield, cbInQue, cbOutQue }
        ),
        layout!(
            Fixtures,
            "wincred/ns-wincred-credential_attributea.md",
            windows_sys::Win32::Security::Credentials::CREDENTIAL_ATTRIBUTEA { Keyword, Flags, ValueSize, Value }
        ),
        layout!(
            Fixtures,
            "winreg/ns-winreg-valenta.md",
            windows_sys::Win32::System::Registry::VALENTA { ve_valuename, ve_valuelen, ve_valueptr, ve_type }
        ),
        layout!(
            Fixtures,
            "winternl/ns-winternl-string.md",
            windows_sys::Win32::System::Kernel::STRING { Length, MaximumLength, Buffer }
        ),
        layout!(
            Fixtures,
            "ws2ipdef/ns-ws2ipdef-sockaddr_in6_lh.md",
            "SOCKADDR_IN6_LH",
            windows_sys::Win32::Networking::WinSock::SOCKADDR_IN6 {
                sin6_family,
                sin6_port,
                sin6_flowinfo,
                sin6_addr,
                Anonymous
            }
        ),
        layout!(
            Fixtures,
            "wtypes/ns-wtypes-decimal~r1.md",
            windows_sys::Win32::Foundation::DECIMAL { wReserved, Anonymous1, Hi32, Anonymous2 }
        ),
        layout!(
            Fixtures,
            "wtypes/ns-wtypes-tagcy.md",
            "tagCY",
            windows_sys::Win32::System::Com::CY { Anonymous, int64 }
        ),
    ]
}

/// Pages left out of `layouts()`: (page relative to its root, reason). All `ns-*.md` pages of both roots are
/// either here or in `layouts()`.
pub const NOT_IN_WINDOWS_SYS: &[(&str, &str)] = &[
    (
        "d2d1/ns-d2d1-d2d1_ellipse.md",
        "sample: D2D1_ELLIPSE not in windows-sys 0.61.2 (no Win32::Graphics::Direct2D namespace; only the `windows` crate has it)",
    ),
    (
        "d3d12/ns-d3d12-d3d12_resource_barrier.md",
        "sample: D3D12_RESOURCE_BARRIER not in windows-sys 0.61.2 (no Win32::Graphics::Direct3D12 namespace)",
    ),
    (
        "dxgi/ns-dxgi-dxgi_adapter_desc.md",
        "sample: DXGI_ADAPTER_DESC not in windows-sys 0.61.2 (no Win32::Graphics::Dxgi namespace)",
    ),
    (
        "mfobjects/ns-mfobjects-mft_register_type_info.md",
        "sample: MFT_REGISTER_TYPE_INFO not in windows-sys 0.61.2 (no Win32::Media::MediaFoundation namespace)",
    ),
    (
        "dcomptypes/ns-dcomptypes-dcomposition_frame_statistics.md",
        "fixtures: DCOMPOSITION_FRAME_STATISTICS not in windows-sys 0.61.2 (no Win32::Graphics::DirectComposition namespace)",
    ),
    (
        "winml/ns-winml-winml_binding_desc.md",
        "fixtures: WINML_BINDING_DESC not in windows-sys 0.61.2 (no Win32::AI::MachineLearning namespace)",
    ),
    (
        "xaudio2/ns-xaudio2-xaudio2_voice_sends.md",
        "fixtures: XAUDIO2_VOICE_SENDS not in windows-sys 0.61.2 (no Win32::Media::Audio::XAudio2 namespace)",
    ),
];
