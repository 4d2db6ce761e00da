//! The types build.rs generated from pages/, checked against windows-sys (an independent
//! rendering of the same Windows metadata) and against the pages' own text.

use core::mem::{align_of, offset_of, size_of};
use winasync::support::{LengthMismatch, UnknownValue};
use winasync_example_downstream::{
    COMSTAT, SECBUFFER_DATA, SECBUFFER_READONLY, SECBUFFER_TOKEN, SECURITY_LOGON_TYPE, STATFLAG, STATFLAG_NONAME,
    STATFLAG_NOOPEN, SecBuffer, SecBufferBufferType, SecurityLogonType, Statflag,
};
use windows_sys::Win32::Devices::Communication as ws_comm;
use windows_sys::Win32::Security::Authentication::Identity as ws_identity;
use windows_sys::Win32::System::Com as ws_com;

/// The generated source, as build.rs wrote it.
const BINDINGS: &str = include_str!(concat!(env!("OUT_DIR"), "/bindings.rs"));

#[test]
fn layouts_match_windows_sys() {
    assert_eq!(size_of::<COMSTAT>(), size_of::<ws_comm::COMSTAT>());
    assert_eq!(align_of::<COMSTAT>(), align_of::<ws_comm::COMSTAT>());
    assert_eq!(offset_of!(COMSTAT, _bitfield), offset_of!(ws_comm::COMSTAT, _bitfield));
    assert_eq!(offset_of!(COMSTAT, cbInQue), offset_of!(ws_comm::COMSTAT, cbInQue));
    assert_eq!(offset_of!(COMSTAT, cbOutQue), offset_of!(ws_comm::COMSTAT, cbOutQue));

    assert_eq!(size_of::<SecBuffer>(), size_of::<ws_identity::SecBuffer>());
    assert_eq!(align_of::<SecBuffer>(), align_of::<ws_identity::SecBuffer>());
    assert_eq!(offset_of!(SecBuffer, cbBuffer), offset_of!(ws_identity::SecBuffer, cbBuffer));
    assert_eq!(offset_of!(SecBuffer, BufferType), offset_of!(ws_identity::SecBuffer, BufferType));
    assert_eq!(offset_of!(SecBuffer, pvBuffer), offset_of!(ws_identity::SecBuffer, pvBuffer));

    assert_eq!(size_of::<SECURITY_LOGON_TYPE>(), size_of::<ws_identity::SECURITY_LOGON_TYPE>());
    assert_eq!(align_of::<SECURITY_LOGON_TYPE>(), align_of::<ws_identity::SECURITY_LOGON_TYPE>());
    assert_eq!(size_of::<STATFLAG>(), size_of::<ws_com::STATFLAG>());
    assert_eq!(align_of::<STATFLAG>(), align_of::<ws_com::STATFLAG>());
}

/// COMSTAT as ClearCommError fills it: bit 0 is fCtsHold and bit 5 fEof (the bitfield table in
/// the `_bitfield` docs), then the two queue counts.
fn comstat_bytes() -> [u8; 12] {
    let mut bytes = [0u8; 12];
    bytes[0..4].copy_from_slice(&0b10_0001u32.to_ne_bytes());
    bytes[4..8].copy_from_slice(&100u32.to_ne_bytes());
    bytes[8..12].copy_from_slice(&7u32.to_ne_bytes());
    bytes
}

#[test]
fn struct_from_bytes() {
    let bytes = comstat_bytes();
    let status = COMSTAT::try_from(&bytes[..]).unwrap();
    assert_eq!((status._bitfield, status.cbInQue, status.cbOutQue), (0b10_0001, 100, 7));
    assert_eq!((status.fCtsHold(), status.fDsrHold(), status.fEof(), status.fTxim()), (1, 0, 1, 0));
    assert_eq!(status.to_string(), "COMSTAT { _bitfield: 33, cbInQue: 100, cbOutQue: 7 }");
    assert_eq!(COMSTAT::default(), COMSTAT::try_from(&[0u8; 12][..]).unwrap());

    // Exactly the type's size: one byte short or over is an error that says so.
    let err = COMSTAT::try_from(&bytes[..11]).unwrap_err();
    assert_eq!(err, LengthMismatch::new("COMSTAT", 12, 11));
    assert_eq!(err.to_string(), "COMSTAT is 12 bytes, got 11");
    let long = [0u8; 13];
    assert_eq!(COMSTAT::try_from(&long[..]).unwrap_err().actual(), 13);
}

/// COMSTAT's C bitfields (winbase.h: seven 1-bit flags, then `fReserved : 25`), read and written
/// through the generated methods, against the bits C puts them in.
#[test]
fn bitfield_accessors() {
    let mut status = COMSTAT::default();
    status.set_fEof(1);
    assert_eq!(status._bitfield, 1 << 5);
    // Only the low bits of the value are taken; the neighbours are kept.
    status.set_fXoffSent(0b10);
    assert_eq!(status._bitfield, 1 << 5);
    status.set_fReserved(u32::MAX);
    assert_eq!(status._bitfield, (u32::MAX << 7) | (1 << 5));
    assert_eq!(status.fReserved(), (1 << 25) - 1);
    status.set_fEof(0);
    assert_eq!((status.fEof(), status.fTxim(), status.fCtsHold()), (0, 0, 0));
    assert_eq!(status._bitfield, u32::MAX << 7);
    let theirs: ws_comm::COMSTAT = ws_comm::COMSTAT { _bitfield: 0b111_1111, cbInQue: 0, cbOutQue: 0 };
    let ours = COMSTAT { _bitfield: theirs._bitfield, ..COMSTAT::default() };
    let flags = [
        ours.fCtsHold(),
        ours.fDsrHold(),
        ours.fRlsdHold(),
        ours.fXoffHold(),
        ours.fXoffSent(),
        ours.fEof(),
        ours.fTxim(),
    ];
    assert_eq!(flags, [1; 7]);
    assert_eq!(ours.fReserved(), 0);
}

#[test]
fn struct_from_raw_pointer() {
    // windows-sys's value, handed over as a pointer and a length, at an odd address.
    let theirs = ws_comm::COMSTAT { _bitfield: 1 << 6, cbInQue: 3, cbOutQue: 4 };
    let mut buffer = [0u8; 13];
    // SAFETY: `theirs` is 12 readable bytes, and the buffer has 12 bytes from offset 1.
    unsafe {
        core::ptr::copy_nonoverlapping((&raw const theirs).cast::<u8>(), buffer.as_mut_ptr().add(1), 12);
    }
    let ptr = buffer[1..].as_ptr().cast::<core::ffi::c_void>();
    // SAFETY: 12 bytes are readable at `ptr` (the buffer's tail).
    let ours = unsafe { COMSTAT::read_raw(ptr, 12) }.unwrap();
    assert_eq!((ours.fTxim(), ours.fEof()), (1, 0));
    assert_eq!((ours.cbInQue, ours.cbOutQue), (3, 4));

    // SAFETY: a null pointer is refused before any read.
    let err = unsafe { COMSTAT::read_raw(core::ptr::null(), 12) }.unwrap_err();
    assert!(err.is_null());
    assert_eq!(err.to_string(), "COMSTAT: null pointer (length 12)");
    // SAFETY: a wrong length is refused before any read.
    let err = unsafe { COMSTAT::read_raw(ptr, 8) }.unwrap_err();
    assert!(!err.is_null());
    assert_eq!((err.len(), err.expected(), err.address()), (8, 12, ptr as usize));
    assert_eq!(err.to_string(), "COMSTAT is 12 bytes, got 8");
}

#[test]
fn struct_field_with_value_table() {
    let token = SecBuffer { cbBuffer: 16, BufferType: SECBUFFER_TOKEN, pvBuffer: core::ptr::null_mut() };
    assert_eq!(token.buffer_type(), Ok(SecBufferBufferType::Token));
    assert_eq!(token.buffer_type().unwrap().name(), "SECBUFFER_TOKEN");
    // The meaning column of the page's table.
    assert_eq!(
        token.buffer_type().unwrap().summary(),
        "The buffer contains the security token portion of the message."
    );
    assert_eq!(token.to_string(), "SecBuffer { cbBuffer: 16, BufferType: SECBUFFER_TOKEN (2), pvBuffer: 0x0 }");

    // A type combined with a flag (the page allows it) is no single value: the error keeps it,
    // and Display shows the number.
    let read_only = SecBuffer { BufferType: SECBUFFER_DATA | SECBUFFER_READONLY, ..token };
    let err = read_only.buffer_type().unwrap_err();
    assert_eq!(err, UnknownValue::new(0x8000_0001, "SecBufferBufferType"));
    assert_eq!(err.raw(), 0x8000_0001);
    assert!(read_only.to_string().contains("BufferType: 2147483649 (unknown SecBufferBufferType)"));

    // A value only the metadata has is there too, marked as such.
    let padding = SecBufferBufferType::try_from(9u32).unwrap();
    assert_eq!(padding.name(), "SECBUFFER_PADDING");
    assert!(padding.summary().starts_with("Undocumented"), "{}", padding.summary());

    // The same bytes as windows-sys's type.
    // SAFETY: same size (checked by transmute) and layout (layouts_match_windows_sys); every
    // field of theirs is an integer or a raw pointer.
    let theirs: ws_identity::SecBuffer = unsafe { core::mem::transmute(token) };
    assert_eq!((theirs.cbBuffer, theirs.BufferType), (16, ws_identity::SECBUFFER_TOKEN));
}

#[test]
fn value_constants_match_windows_sys() {
    for (ours, theirs) in [
        (SECBUFFER_TOKEN, ws_identity::SECBUFFER_TOKEN),
        (SECBUFFER_DATA, ws_identity::SECBUFFER_DATA),
        (SECBUFFER_READONLY, ws_identity::SECBUFFER_READONLY),
    ] {
        assert_eq!(ours, theirs);
    }
    for value in SecBufferBufferType::VALUES {
        assert_eq!(SecBufferBufferType::try_from(u32::from(*value)), Ok(*value));
    }
    assert_eq!(STATFLAG_NONAME.0, ws_com::STATFLAG_NONAME);
    assert_eq!(STATFLAG_NOOPEN.0, ws_com::STATFLAG_NOOPEN);
}

#[test]
fn enum_try_from() {
    assert_eq!(SecurityLogonType::try_from(2), Ok(SecurityLogonType::Interactive));
    assert_eq!(SecurityLogonType::try_from(SECURITY_LOGON_TYPE(13)), Ok(SecurityLogonType::CachedUnlock));
    // The values jump from 0 to 2: 1 is no logon type, and the error keeps it.
    let err = SecurityLogonType::try_from(1).unwrap_err();
    assert_eq!(err.raw(), 1);
    assert_eq!(err.type_name(), "SecurityLogonType");
    assert_eq!(err.to_string(), "unknown SecurityLogonType value 1");
    assert_eq!(SecurityLogonType::try_from(-1).unwrap_err().raw(), -1);
    // The raw newtype holds it all the same.
    assert_eq!(SECURITY_LOGON_TYPE(1).to_string(), "1");

    assert_eq!(Statflag::try_from(STATFLAG(1)), Ok(Statflag::Noname));
    assert_eq!(Statflag::try_from(3).unwrap_err().raw(), 3);
    assert_eq!(STATFLAG::from(Statflag::Noopen), STATFLAG_NOOPEN);
}

#[test]
fn enum_values_match_windows_sys() {
    use ws_identity::SECURITY_LOGON_TYPE as Theirs;
    let theirs = [
        ("UndefinedLogonType", Theirs::UndefinedLogonType),
        ("Interactive", Theirs::Interactive),
        ("Network", Theirs::Network),
        ("Batch", Theirs::Batch),
        ("Service", Theirs::Service),
        ("Proxy", Theirs::Proxy),
        ("Unlock", Theirs::Unlock),
        ("NetworkCleartext", Theirs::NetworkCleartext),
        ("NewCredentials", Theirs::NewCredentials),
        ("RemoteInteractive", Theirs::RemoteInteractive),
        ("CachedInteractive", Theirs::CachedInteractive),
        ("CachedRemoteInteractive", Theirs::CachedRemoteInteractive),
        ("CachedUnlock", Theirs::CachedUnlock),
    ];
    assert_eq!(SecurityLogonType::VALUES.len(), theirs.len());
    for (ours, (name, theirs)) in SecurityLogonType::VALUES.iter().zip(theirs) {
        assert_eq!((ours.name(), i32::from(*ours)), (name, theirs.0));
        assert_eq!(SECURITY_LOGON_TYPE::from(*ours).0, theirs.0);
    }

    let statflags = [
        ("STATFLAG_DEFAULT", ws_com::STATFLAG_DEFAULT),
        ("STATFLAG_NONAME", ws_com::STATFLAG_NONAME),
        ("STATFLAG_NOOPEN", ws_com::STATFLAG_NOOPEN),
    ];
    assert_eq!(Statflag::VALUES.len(), statflags.len());
    for (ours, (name, theirs)) in Statflag::VALUES.iter().zip(statflags) {
        assert_eq!((ours.name(), i32::from(*ours)), (name, theirs));
    }
}

#[test]
fn display_shows_names_and_page_text() {
    assert_eq!(SecurityLogonType::Network.to_string(), "Network");
    assert_eq!(format!("{:#}", SecurityLogonType::Network), "The security principal is logging using a network.");
    assert_eq!(format!("[{:>12}]", SecurityLogonType::Batch), "[       Batch]");
    assert_eq!(SECURITY_LOGON_TYPE(5).to_string(), "Service (5)");

    assert_eq!(Statflag::Noname.to_string(), "STATFLAG_NONAME");
    assert_eq!(format!("{:#}", Statflag::Noopen), "Not implemented.");
    assert_eq!(STATFLAG_NONAME.to_string(), "STATFLAG_NONAME (1)");
    assert_eq!(STATFLAG(7).to_string(), "7");
}

#[test]
fn docs_come_from_the_pages() {
    for text in [
        // COMSTAT's description, a field's, and its requirements table.
        "Contains information about a communications device.",
        "The number of bytes of user data remaining to be transmitted for all write operations.",
        "| Header | winbase.h |",
        // The bitfields of COMSTAT's storage unit, from the metadata.
        "| [`fEof`](COMSTAT::fEof) | 5 | 1 |",
        // Each bitfield's method carries its field's docs from the page.
        "Bits 5..6 of `_bitfield` (1 bit).",
        // The value table of SecBuffer.BufferType, with the page's meanings.
        "| [`SECBUFFER_TOKEN`](SecBufferBufferType::Token) | 2 | The buffer contains the security token portion",
        // An enum's description and a value's.
        "indicates the type of logon requested by a logon process.",
        "The logon is a network logon with plaintext credentials.",
        // Links to the live pages.
        "https://learn.microsoft.com/windows/win32/api/wtypes/ne-wtypes-tagstatflag",
    ] {
        assert!(BINDINGS.contains(text), "the generated source lacks {text:?}");
    }
}
