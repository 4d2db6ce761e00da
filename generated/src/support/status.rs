//! The runtime of the generated status decoders (`WinhttpStatusInfo::from_callback`, ...): what a
//! status callback's information pointer and length are read as, and the error that keeps all
//! three raw values when they cannot be.
//!
//! A decoder knows, per status, which payload the callback carries (from the docs' status tables,
//! and a reviewed mapping where they are vague or wrong); these readers check the pointer, the
//! length and, for strings, the alignment, before reading a byte.

use super::{PlainData, read_raw};
use core::ffi::c_void;
use core::fmt;

/// What is wrong with a status callback's information.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StatusInfoProblem {
    /// A status code the decoder does not know.
    UnknownStatus,
    /// A null pointer where the status carries data.
    Null,
    /// A length other than the payload's (`expected` bytes, or for a string of 2-byte units, an
    /// odd byte count).
    Length {
        /// The length the payload has.
        expected: usize,
    },
    /// A string of 2-byte units at an odd address.
    Misaligned,
}

/// The information a status callback was given that cannot be read as what its status carries.
/// It keeps the status, the pointer (as a number) and the length.
///
/// ```
/// use winasync::winhttp::{WinhttpHandleKind, WinhttpStatusInfo};
/// use winasync::support::StatusInfoProblem;
///
/// // WINHTTP_CALLBACK_STATUS_REQUEST_ERROR (0x00200000) carries a WINHTTP_ASYNC_RESULT: not null.
/// let err = unsafe { WinhttpStatusInfo::from_callback(0x0020_0000, core::ptr::null(), 0, WinhttpHandleKind::Request) }
///     .unwrap_err();
/// assert_eq!(err.problem(), StatusInfoProblem::Null);
/// assert_eq!((err.status(), err.address(), err.len()), (0x0020_0000, 0, 0));
/// assert_eq!(err.to_string(), "WINHTTP_CALLBACK_STATUS_REQUEST_ERROR (0x00200000): null information pointer (length 0)");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct StatusInfoError {
    status: u32,
    status_name: Option<&'static str>,
    address: usize,
    len: u32,
    problem: StatusInfoProblem,
}

impl StatusInfoError {
    /// `status` (named `status_name`, when known) came with `len` bytes at `address`, which have
    /// `problem`.
    pub const fn new(
        status: u32,
        status_name: Option<&'static str>,
        address: usize,
        len: u32,
        problem: StatusInfoProblem,
    ) -> Self {
        StatusInfoError { status, status_name, address, len, problem }
    }

    /// The status code.
    pub const fn status(&self) -> u32 {
        self.status
    }

    /// The status code's C name, when the decoder knows it.
    pub const fn status_name(&self) -> Option<&'static str> {
        self.status_name
    }

    /// The information pointer, as a number.
    pub const fn address(&self) -> usize {
        self.address
    }

    /// The information length.
    pub const fn len(&self) -> u32 {
        self.len
    }

    /// Whether the information length was 0.
    pub const fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// What is wrong.
    pub const fn problem(&self) -> StatusInfoProblem {
        self.problem
    }
}

impl fmt::Display for StatusInfoError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.status_name {
            Some(name) => write!(f, "{name} ({:#010x}): ", self.status)?,
            None => write!(f, "status {:#010x}: ", self.status)?,
        }
        match self.problem {
            StatusInfoProblem::UnknownStatus => write!(f, "unknown status (information length {})", self.len),
            StatusInfoProblem::Null => write!(f, "null information pointer (length {})", self.len),
            StatusInfoProblem::Length { expected } => {
                write!(f, "information of {} bytes, expected {expected}", self.len)
            }
            StatusInfoProblem::Misaligned => {
                write!(f, "a UTF-16 string at the odd address {:#x}", self.address)
            }
        }
    }
}

impl core::error::Error for StatusInfoError {}

/// The information of a status whose payload the docs do not describe: the pointer and length
/// as the callback received them, not read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct RawStatusInfo {
    /// `lpvStatusInformation`.
    pub ptr: *const c_void,
    /// `dwStatusInformationLength`.
    pub len: u32,
}

/// One callback's status, information pointer and length, for the generated decoders to read as
/// the status's payload.
#[doc(hidden)]
#[derive(Clone, Copy, Debug)]
pub struct StatusInfo {
    pub status: u32,
    pub name: &'static str,
    pub ptr: *const c_void,
    pub len: u32,
}

impl StatusInfo {
    fn error(&self, problem: StatusInfoProblem) -> StatusInfoError {
        StatusInfoError::new(self.status, Some(self.name), self.ptr as usize, self.len, problem)
    }

    /// A status the decoder does not know.
    pub fn unknown(status: u32, ptr: *const c_void, len: u32) -> StatusInfoError {
        StatusInfoError::new(status, None, ptr as usize, len, StatusInfoProblem::UnknownStatus)
    }

    /// The pointer and length, unread.
    pub fn raw(&self) -> RawStatusInfo {
        RawStatusInfo { ptr: self.ptr, len: self.len }
    }

    /// A `T` (a record, a `DWORD`, a handle), exactly `size_of::<T>()` bytes, read unaligned.
    ///
    /// # Safety
    ///
    /// When `ptr` is not null, it must be valid for reads of `len` bytes.
    #[inline]
    pub unsafe fn value<T: PlainData>(&self) -> Result<T, StatusInfoError> {
        // SAFETY: passed on from the caller.
        unsafe { read_raw::<T>(self.ptr, self.len as usize, self.name) }.map_err(|e| {
            if e.is_null() {
                self.error(StatusInfoProblem::Null)
            } else {
                self.error(StatusInfoProblem::Length { expected: size_of::<T>() })
            }
        })
    }

    /// Either of two shapes the same status is known to be sent with, told apart by the length:
    /// a `T`, or a `U` from which `from_other` takes the `T` (a bare handle, or a record whose
    /// first member is the handle).
    ///
    /// # Safety
    ///
    /// As for [`StatusInfo::value`].
    #[inline]
    pub unsafe fn value_or<T: PlainData, U: PlainData>(&self, from_other: fn(U) -> T) -> Result<T, StatusInfoError> {
        if self.len as usize == size_of::<U>() && size_of::<U>() != size_of::<T>() {
            // SAFETY: passed on from the caller.
            return unsafe { self.value::<U>() }.map(from_other);
        }
        // SAFETY: passed on from the caller.
        unsafe { self.value::<T>() }
    }

    /// The bytes as sent; a null pointer with length 0 is empty.
    ///
    /// # Safety
    ///
    /// When `ptr` is not null, it must be valid for reads of `len` bytes for `'a`.
    #[inline]
    pub unsafe fn bytes<'a>(&self) -> Result<&'a [u8], StatusInfoError> {
        match (self.ptr.is_null(), self.len) {
            (true, 0) => Ok(&[]),
            (true, _) => Err(self.error(StatusInfoProblem::Null)),
            // SAFETY: not null, and the caller vouches for `len` readable bytes for `'a`; `u8`
            // has no alignment requirement and any byte is a valid `u8`.
            (false, len) => Ok(unsafe { core::slice::from_raw_parts(self.ptr.cast::<u8>(), len as usize) }),
        }
    }

    /// A UTF-16 string whose length is given in `u16` units including its terminating NUL, as
    /// WinHTTP sends them; the NUL is left out. A null pointer with length 0 is empty.
    ///
    /// # Safety
    ///
    /// When `ptr` is not null, it must be valid for reads of `len` `u16` units for `'a`.
    #[inline]
    pub unsafe fn wide_units<'a>(&self) -> Result<&'a [u16], StatusInfoError> {
        match (self.ptr.is_null(), self.len) {
            (true, 0) => Ok(&[]),
            (true, _) => Err(self.error(StatusInfoProblem::Null)),
            (false, _) if !(self.ptr as usize).is_multiple_of(align_of::<u16>()) => {
                Err(self.error(StatusInfoProblem::Misaligned))
            }
            (false, len) => {
                // SAFETY: not null, aligned for `u16` (checked), and the caller vouches for `len`
                // readable units for `'a`; any two bytes are a valid `u16`.
                let units = unsafe { core::slice::from_raw_parts(self.ptr.cast::<u16>(), len as usize) };
                Ok(units.strip_suffix(&[0]).unwrap_or(units))
            }
        }
    }
}
