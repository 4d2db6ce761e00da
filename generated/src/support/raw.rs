//! Reading what the OS hands a callback: a pointer and a length, turned into a value only after
//! both are checked. Nothing here dereferences a null pointer, reads past the length it is given,
//! or assumes alignment (records are read with `read_unaligned`; slices of `u16` are checked to be
//! aligned before they are made).

use super::{LengthMismatch, PlainData};
use core::ffi::c_void;
use core::fmt;

/// A pointer and length that cannot be read as the type asked for: null, or not exactly its
/// size. It keeps both (the address as a number, so the error is `Send` and `Sync`).
///
/// ```
/// use winasync::WINHTTP_ASYNC_RESULT;
///
/// let err = unsafe { WINHTTP_ASYNC_RESULT::read_raw(core::ptr::null(), 16) }.unwrap_err();
/// assert!(err.is_null());
/// assert_eq!((err.address(), err.len()), (0, 16));
/// assert_eq!(err.to_string(), "WINHTTP_ASYNC_RESULT: null pointer (length 16)");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct RawReadError {
    type_name: &'static str,
    address: usize,
    len: usize,
    expected: usize,
}

impl RawReadError {
    /// `len` bytes at `address` cannot be read as `type_name`, which is `expected` bytes long.
    pub const fn new(type_name: &'static str, address: usize, len: usize, expected: usize) -> Self {
        RawReadError { type_name, address, len, expected }
    }

    /// Whether the pointer was null (whatever the length).
    pub const fn is_null(&self) -> bool {
        self.address == 0
    }

    /// The pointer, as a number.
    pub const fn address(&self) -> usize {
        self.address
    }

    /// The length that was given.
    pub const fn len(&self) -> usize {
        self.len
    }

    /// Whether the length given was 0.
    pub const fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The size of the type.
    pub const fn expected(&self) -> usize {
        self.expected
    }

    /// The name of the type.
    pub const fn type_name(&self) -> &'static str {
        self.type_name
    }
}

impl fmt::Display for RawReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_null() {
            write!(f, "{}: null pointer (length {})", self.type_name, self.len)
        } else {
            write!(f, "{}", LengthMismatch::new(self.type_name, self.expected, self.len))
        }
    }
}

impl core::error::Error for RawReadError {}

/// Reads a `T` from `len` bytes at `ptr`: null is an error whatever the length, `len` must be
/// `size_of::<T>()` exactly, and `ptr` need not be aligned.
///
/// The expansion of `#[async_result]` on a struct or union calls this from its `read_raw`.
///
/// # Safety
///
/// When `ptr` is not null and `len` is `size_of::<T>()`, `ptr` must be valid for reads of `len`
/// bytes (the memory the OS handed over, for as long as the call lasts).
///
/// ```
/// let bytes = [7u8, 0, 0, 0, 0];
/// // At an odd address: the read does not care.
/// let value: u32 = unsafe { winasync::support::read_raw(bytes[1..].as_ptr().cast(), 4, "u32") }.unwrap();
/// assert_eq!(value, 0);
/// assert!(unsafe { winasync::support::read_raw::<u32>(bytes.as_ptr().cast(), 3, "u32") }.is_err());
/// ```
#[inline]
pub unsafe fn read_raw<T: PlainData>(
    ptr: *const c_void,
    len: usize,
    type_name: &'static str,
) -> Result<T, RawReadError> {
    if ptr.is_null() || len != size_of::<T>() {
        return Err(RawReadError::new(type_name, ptr as usize, len, size_of::<T>()));
    }
    // SAFETY: not null, the length is the type's size, and the caller vouches that `len` bytes
    // at `ptr` are readable; `read_unaligned` has no alignment requirement, and `T: PlainData`
    // makes any bit pattern a valid `T`.
    Ok(unsafe { core::ptr::read_unaligned(ptr.cast::<T>()) })
}
