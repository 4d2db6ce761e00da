//! The runtime behind `#[async_result]`: the traits the attribute implements, the error types its
//! conversions return, and the helpers its expansion calls.
//!
//! Everything here is `no_std` and allocation-free, so that formatting a result inside a WinHTTP
//! status callback (which may run on a thread that must not block on the allocator) stays cheap.
//!
//! The expansion names these items by absolute path (`::winasync::support::...`), so they are
//! public API even where they are only meant for generated code; those are `#[doc(hidden)]`.

use core::fmt;

mod raw;
mod status;

pub use raw::{RawReadError, read_raw};
pub use status::{RawStatusInfo, StatusInfo, StatusInfoError, StatusInfoProblem};

/// A raw value that names no variant of an `#[async_result]` enum.
///
/// Returned by the enums' `TryFrom<repr>` and by the typed field accessors. It keeps the raw
/// value (in the type it was read as) so that callers can still log or forward it.
///
/// ```
/// use winasync::WinhttpAsyncResultApi;
/// use winasync::support::UnknownValue;
///
/// let err: UnknownValue<u32> = WinhttpAsyncResultApi::try_from(99u32).unwrap_err();
/// assert_eq!(err.raw(), 99);
/// assert_eq!(err.type_name(), "WinhttpAsyncResultApi");
/// assert_eq!(err.to_string(), "unknown WinhttpAsyncResultApi value 99");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct UnknownValue<R> {
    raw: R,
    type_name: &'static str,
}

impl<R> UnknownValue<R> {
    /// An unknown `raw` value for the enum called `type_name`.
    pub const fn new(raw: R, type_name: &'static str) -> Self {
        UnknownValue { raw, type_name }
    }

    /// The value that was read.
    pub fn raw(&self) -> R
    where
        R: Copy,
    {
        self.raw
    }

    /// The name of the enum the value was meant for.
    pub const fn type_name(&self) -> &'static str {
        self.type_name
    }
}

impl<R: fmt::Display> fmt::Display for UnknownValue<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown {} value {}", self.type_name, self.raw)
    }
}

impl<R: fmt::Debug + fmt::Display> core::error::Error for UnknownValue<R> {}

/// A byte buffer whose length is not the size of the type it was converted to.
///
/// Returned by `TryFrom<&[u8]>` on `#[async_result]` structs and unions, which accept exactly
/// `size_of::<T>()` bytes: a shorter buffer cannot be read, and a longer one is more likely a
/// caller passing the wrong buffer than a result with trailing data.
///
/// ```
/// use winasync::support::LengthMismatch;
///
/// let err = LengthMismatch::new("WINHTTP_ASYNC_RESULT", 16, 12);
/// assert_eq!((err.expected(), err.actual()), (16, 12));
/// assert_eq!(err.to_string(), "WINHTTP_ASYNC_RESULT is 16 bytes, got 12");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct LengthMismatch {
    type_name: &'static str,
    expected: usize,
    actual: usize,
}

impl LengthMismatch {
    /// `type_name` is `expected` bytes long, but `actual` bytes were given.
    pub const fn new(type_name: &'static str, expected: usize, actual: usize) -> Self {
        LengthMismatch { type_name, expected, actual }
    }

    /// The size of the type.
    pub const fn expected(&self) -> usize {
        self.expected
    }

    /// The length of the buffer.
    pub const fn actual(&self) -> usize {
        self.actual
    }

    /// The name of the type.
    pub const fn type_name(&self) -> &'static str {
        self.type_name
    }
}

impl fmt::Display for LengthMismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} is {} bytes, got {}", self.type_name, self.expected, self.actual)
    }
}

impl core::error::Error for LengthMismatch {}

/// Types for which every bit pattern of `size_of::<Self>()` bytes is a valid value.
///
/// This is what makes `TryFrom<&[u8]>` on `#[async_result]` structs safe: the bytes are copied
/// into the value with [`core::ptr::read_unaligned`], with no check of their content. The
/// attribute implements this trait for a struct or union only after checking, at compile time,
/// that each field type implements it too.
///
/// Implemented for the integers, `f32`/`f64`, raw pointers to sized types, arrays of plain
/// data, and `Option<unsafe extern "system" fn(..) -> R>` / `Option<unsafe extern "C" fn(..) -> R>`
/// with up to 8 arguments (the `None` niche is the null pointer, so every bit pattern is either
/// `None` or a pointer that only `unsafe` code may call). Not for `bool`, `char`, references,
/// safe function pointers or enums: those have invalid bit patterns. Padding is fine, since
/// reading never looks at it.
///
/// # Safety
///
/// Every initialized bit pattern of `size_of::<Self>()` bytes must be a valid `Self`, and
/// producing such a value must not let safe code cause undefined behaviour.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be read from raw bytes",
    label = "not plain data",
    note = "`TryFrom<&[u8]>` needs every field to be plain data (integers, floats, raw pointers, arrays, \
            `Option<unsafe extern \"system\" fn(..)>`, or an `#[async_result]` struct of those)",
    note = "to leave out `TryFrom<&[u8]>`, write `#[async_result(bytes = false)]` on the type"
)]
pub unsafe trait PlainData: Sized {}

macro_rules! plain_data {
    ($($ty:ty),* $(,)?) => {
        $(
            // SAFETY: primitives without invalid bit patterns.
            unsafe impl PlainData for $ty {}
        )*
    };
}

plain_data!(u8, u16, u32, u64, u128, usize, i8, i16, i32, i64, i128, isize, f32, f64);

// SAFETY: any address is a valid raw pointer; only dereferencing needs it to point somewhere.
// `T: Sized` keeps out fat pointers, whose metadata (a vtable) has validity requirements.
unsafe impl<T> PlainData for *const T {}
// SAFETY: as for `*const T`.
unsafe impl<T> PlainData for *mut T {}
// SAFETY: an array is its elements laid out without padding.
unsafe impl<T: PlainData, const N: usize> PlainData for [T; N] {}

macro_rules! fn_pointers {
    ($($arg:ident),*) => {
        // SAFETY: null is `None`, any other address is `Some` of an `unsafe` fn pointer, which
        // only `unsafe` code may call (and so vouch for).
        unsafe impl<R $(, $arg)*> PlainData for Option<unsafe extern "system" fn($($arg),*) -> R> {}
        // SAFETY: as above.
        unsafe impl<R $(, $arg)*> PlainData for Option<unsafe extern "C" fn($($arg),*) -> R> {}

        impl<R $(, $arg)*> FieldSummary for Option<unsafe extern "system" fn($($arg),*) -> R> {
            fn fmt_summary(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt_fn_pointer(self.map(|p| p as *const ()), f)
            }
        }

        impl<R $(, $arg)*> FieldSummary for Option<unsafe extern "C" fn($($arg),*) -> R> {
            fn fmt_summary(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt_fn_pointer(self.map(|p| p as *const ()), f)
            }
        }

        // Safe fn pointers are not plain data (safe code could call a garbage address), but
        // showing one is harmless.
        impl<R $(, $arg)*> FieldSummary for Option<extern "system" fn($($arg),*) -> R> {
            fn fmt_summary(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt_fn_pointer(self.map(|p| p as *const ()), f)
            }
        }

        impl<R $(, $arg)*> FieldSummary for Option<extern "C" fn($($arg),*) -> R> {
            fn fmt_summary(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt_fn_pointer(self.map(|p| p as *const ()), f)
            }
        }
    };
}

fn_pointers!();
fn_pointers!(A1);
fn_pointers!(A1, A2);
fn_pointers!(A1, A2, A3);
fn_pointers!(A1, A2, A3, A4);
fn_pointers!(A1, A2, A3, A4, A5);
fn_pointers!(A1, A2, A3, A4, A5, A6);
fn_pointers!(A1, A2, A3, A4, A5, A6, A7);
fn_pointers!(A1, A2, A3, A4, A5, A6, A7, A8);

fn fmt_fn_pointer(pointer: Option<*const ()>, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    match pointer {
        Some(p) => fmt::Pointer::fmt(&p, f),
        None => f.write_str("null"),
    }
}

/// Copies `bytes` into a `T`, which must be exactly `size_of::<T>()` bytes long.
///
/// The expansion of `TryFrom<&[u8]>` calls this; `type_name` goes into the error.
///
/// ```
/// let value: u32 = winasync::support::read_plain(&[1, 0, 0, 0], "u32").unwrap();
/// assert_eq!(value, u32::from_le_bytes([1, 0, 0, 0]));
/// assert!(winasync::support::read_plain::<u32>(&[1, 0, 0], "u32").is_err());
/// ```
#[inline]
pub fn read_plain<T: PlainData>(bytes: &[u8], type_name: &'static str) -> Result<T, LengthMismatch> {
    if bytes.len() != size_of::<T>() {
        return Err(LengthMismatch::new(type_name, size_of::<T>(), bytes.len()));
    }
    // SAFETY: the length matches, `read_unaligned` has no alignment requirement, and `T:
    // PlainData` makes any bit pattern a valid `T`.
    Ok(unsafe { core::ptr::read_unaligned(bytes.as_ptr().cast::<T>()) })
}

/// The all-zero value of a plain-data type (`= {0}` in C); the generated types' `Default`.
///
/// ```
/// let zero: [u32; 4] = winasync::support::zeroed();
/// assert_eq!(zero, [0; 4]);
/// ```
#[inline]
pub fn zeroed<T: PlainData>() -> T {
    // SAFETY: `T: PlainData` makes every bit pattern, all zeros included, a valid `T`.
    unsafe { core::mem::zeroed() }
}

/// What `#[async_result]` implements for an enum with an integer `#[repr]`.
///
/// Fields declared with `values = E` need `E: AsyncResultEnum`; their accessors and `Display`
/// go through it.
///
/// ```
/// use winasync::AsyncStatusKind;
/// use winasync::support::AsyncResultEnum;
///
/// // The closed enum of the Windows Runtime's AsyncStatus.
/// assert_eq!(AsyncStatusKind::TYPE_NAME, "AsyncStatusKind");
/// assert_eq!(<AsyncStatusKind as AsyncResultEnum>::VALUES.len(), 4);
/// assert_eq!(AsyncStatusKind::from_repr(3), Some(AsyncStatusKind::Error));
/// assert_eq!(AsyncStatusKind::Error.to_repr(), 3);
/// assert_eq!(AsyncResultEnum::name(&AsyncStatusKind::Error), "Error");
/// assert_eq!(AsyncResultEnum::summary(&AsyncStatusKind::Error), "The operation has completed with an error.");
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not an `#[async_result]` enum",
    label = "not an `#[async_result]` enum",
    note = "`values = ...` takes an enum declared with `#[async_result]` and an integer `#[repr]`"
)]
pub trait AsyncResultEnum: Sized + 'static {
    /// The integer type of the enum's `#[repr]`.
    type Repr: Copy;
    /// The enum's name, as written.
    const TYPE_NAME: &'static str;
    /// Every variant, in declaration order.
    const VALUES: &'static [Self];

    /// The variant's `name = "..."`, or its identifier.
    fn name(&self) -> &'static str;
    /// The first sentence of the variant's doc comment, or [`name`](Self::name) without one.
    fn summary(&self) -> &'static str;
    /// The variant whose discriminant is `raw`.
    fn from_repr(raw: Self::Repr) -> Option<Self>;
    /// The variant's discriminant.
    fn to_repr(&self) -> Self::Repr;
}

/// Reads `raw` as an `E`, for a field that holds `E`'s values in a type other than `E::Repr`
/// (a `usize` field with `u32` values, say). A value out of `E::Repr`'s range is unknown too.
///
/// ```
/// use winasync::WinhttpAsyncResultApi as Api;
/// use winasync::support::lookup;
///
/// assert_eq!(lookup::<Api, usize>(5), Ok(Api::SendRequest));
/// assert!(lookup::<Api, usize>(99).is_err());
/// # #[cfg(target_pointer_width = "64")]
/// assert!(lookup::<Api, usize>(0x1_0000_0005).is_err());
/// ```
#[inline]
pub fn lookup<E, F>(raw: F) -> Result<E, UnknownValue<F>>
where
    E: AsyncResultEnum,
    E::Repr: TryFrom<F>,
    F: Copy,
{
    E::Repr::try_from(raw).ok().and_then(E::from_repr).ok_or(UnknownValue::new(raw, E::TYPE_NAME))
}

/// Formats a value in a field's one-line summary, the way `Display` on an `#[async_result]`
/// struct shows it.
///
/// Implemented for the primitives (as `Display` would), raw pointers (`{:p}`), arrays (at most 16
/// elements, then the count), `Option<extern "system" fn>` and `Option<extern "C" fn>`, safe or
/// `unsafe`, with up to 8 arguments (`{:p}` or `null`), and by the attribute for every
/// `#[async_result]` type (its `Display`). A downstream crate can implement it for its own field
/// types; for a foreign one, `#[async_result(display = false)]` leaves `Display` out.
///
/// ```
/// use core::fmt;
/// use winasync::support::FieldSummary;
///
/// struct Summary<T>(T);
/// impl<T: FieldSummary> fmt::Display for Summary<T> {
///     fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
///         self.0.fmt_summary(f)
///     }
/// }
///
/// assert_eq!(Summary([1u16, 2, 3]).to_string(), "[1, 2, 3]");
/// assert_eq!(Summary([0u8; 20]).to_string(), "[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, .. (20)]");
/// assert_eq!(Summary(core::ptr::null::<u8>()).to_string(), "0x0");
/// assert_eq!(Summary(None::<unsafe extern "system" fn()>).to_string(), "null");
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no one-line summary for `Display`",
    label = "`FieldSummary` is not implemented for this field's type",
    note = "implement `winasync::support::FieldSummary` for it, or use an `#[async_result]` type"
)]
pub trait FieldSummary {
    /// Writes the value, without line breaks.
    fn fmt_summary(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result;
}

macro_rules! summary_via_display {
    ($($ty:ty),* $(,)?) => {
        $(
            impl FieldSummary for $ty {
                #[inline]
                fn fmt_summary(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    fmt::Display::fmt(self, f)
                }
            }
        )*
    };
}

summary_via_display!(u8, u16, u32, u64, u128, usize, i8, i16, i32, i64, i128, isize, f32, f64, bool, char);

impl<T> FieldSummary for *const T {
    fn fmt_summary(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Pointer::fmt(self, f)
    }
}

impl<T> FieldSummary for *mut T {
    fn fmt_summary(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Pointer::fmt(self, f)
    }
}

/// Past this many elements an array shows only its length: a `[u16; 260]` path buffer on one
/// line is noise.
const ARRAY_SUMMARY_LIMIT: usize = 16;

impl<T: FieldSummary, const N: usize> FieldSummary for [T; N] {
    fn fmt_summary(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[")?;
        for (i, item) in self.iter().take(ARRAY_SUMMARY_LIMIT).enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            item.fmt_summary(f)?;
        }
        if N > ARRAY_SUMMARY_LIMIT {
            write!(f, ", .. ({N})")?;
        }
        f.write_str("]")
    }
}

/// Writes a `values = E` field: `NAME (raw)` for a known value, `raw (unknown E)` otherwise.
#[doc(hidden)]
pub fn fmt_value<E, F>(raw: F, f: &mut fmt::Formatter<'_>) -> fmt::Result
where
    E: AsyncResultEnum,
    E::Repr: TryFrom<F>,
    F: Copy + FieldSummary,
{
    match lookup::<E, F>(raw) {
        Ok(value) => {
            f.write_str(value.name())?;
            f.write_str(" (")?;
            raw.fmt_summary(f)?;
            f.write_str(")")
        }
        Err(_) => {
            raw.fmt_summary(f)?;
            write!(f, " (unknown {})", E::TYPE_NAME)
        }
    }
}

/// Fails to compile unless `T: PlainData`; the expansion calls it once per field, spanned at the
/// field's type, so that the error points at the field that is not plain data.
#[doc(hidden)]
pub const fn assert_plain_data<T: PlainData>() {}
