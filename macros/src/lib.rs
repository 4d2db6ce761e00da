//! `#[async_result]`: derives `Display`, `TryFrom` and compile-time layout assertions for
//! Windows async-result types.
//!
//! Use it through `winasync` (`use winasync::async_result;`): the expansion names the runtime in
//! `winasync::support`, so a crate that depends on this one alone cannot use it.
//!
//! The expansion is the library `winasync-expand` (read, checked, expanded, with a fallback that
//! reports one mistake once), which the generator also runs, so that the generated crate needs no
//! proc-macro; this crate is its entry point for hand-written types.

use proc_macro::TokenStream;

/// Makes an enum, struct or union a checked Windows async-result type.
///
/// # On an enum
///
/// The enum needs an integer `#[repr]` (`#[repr(u32)]`, `#[repr(i32)]`, ...) and variants without
/// data. It gets:
///
/// - `TryFrom<repr>`, with [`UnknownValue<repr>`](../winasync/support/struct.UnknownValue.html)
///   as the error (the raw value and the enum's name), and `From<Enum> for repr`;
/// - `AsyncResultEnum` (its repr, name, variants, and each variant's name and summary);
/// - `Display`: `{}` is the variant's name, `{:#}` the first sentence of its `///` docs (the name
///   when it has none). Neither allocates.
///
/// Keys:
///
/// - on the enum: `layout(...)`, as for structs (size and alignment only); `display = false`
///   leaves out `Display` and `FieldSummary`, for an enum that writes its own.
/// - on a variant: `#[async_result(name = "API_SEND_REQUEST")]` sets the name `Display` and
///   `AsyncResultEnum::name` show (by default, the variant's identifier).
///
/// # On a struct or union
///
/// The type needs `#[repr(C)]` (a struct may add `packed(N)` or `align(N)`), named fields and no
/// generics. It gets:
///
/// - layout assertions: a `const` block per target, behind `#[cfg(target_arch = "...")]`, whose
///   failure names the type, the property, the target and the expected number
///   (`WINHTTP_ASYNC_RESULT: size on x86_64 must be 16`);
/// - `PlainData` and `TryFrom<&[u8]>` (exact length, unaligned read), if every field type is
///   `PlainData`; this is checked at compile time, field by field;
/// - `Display` on one line (`NAME { field: value, ... }`; a union shows `NAME { .. }`, since
///   which field is active is unknown) and `FieldSummary`, so it can be a field of another;
/// - for a struct field with `values = E`, an accessor returning `Result<E, UnknownValue<Field>>`.
///
/// Keys on the struct or union:
///
/// - `layout(x86(size = 8, align = 4), x86_64(size = 16, align = 8), aarch64(size = 16, align =
///   8))`: the expected size and/or alignment per target. Targets are `target_arch` names
///   (`x86`, `x86_64`, `aarch64`); any may be left out.
/// - `bytes = false`: no `PlainData` or `TryFrom<&[u8]>`, for a type with fields that are not
///   plain data (references, `bool`, enums, safe `fn` pointers, ...).
/// - `display = false`: no `Display` or `FieldSummary`, for a type with a field type that has no
///   `FieldSummary` and cannot be given one (a foreign type).
///
/// Keys on a field:
///
/// - `offset(x86 = 0, x86_64 = 8)`: the expected offset per target.
/// - `values = Enum`: the field holds `Enum`'s values, as its repr or another integer type
///   (`usize` for a `u32` enum, say: a value out of the repr's range is unknown). `Enum` must be
///   an `#[async_result]` enum. `Display` shows the variant's name and the raw value. Not on
///   union fields.
/// - `accessor = name`: the accessor's name; by default the field's in snake case
///   (`dwResult` -> `dw_result`). It has the field's visibility.
///
/// # Example
///
/// ```ignore
/// use winasync::async_result;
///
/// #[async_result]
/// #[repr(u32)]
/// #[derive(Clone, Copy, Debug, PartialEq, Eq)]
/// pub enum WinHttpAsyncApi {
///     /// The error occurred during a call to WinHttpReceiveResponse.
///     API_RECEIVE_RESPONSE = 1,
///     /// The error occurred during a call to WinHttpSendRequest.
///     #[async_result(name = "API_SEND_REQUEST")]
///     SendRequest = 5,
/// }
///
/// #[async_result(layout(x86(size = 8, align = 4), x86_64(size = 16, align = 8)))]
/// #[repr(C)]
/// #[derive(Clone, Copy)]
/// pub struct WINHTTP_ASYNC_RESULT {
///     #[async_result(offset(x86 = 0, x86_64 = 0), values = WinHttpAsyncApi)]
///     pub dwResult: usize,
///     #[async_result(offset(x86 = 4, x86_64 = 8))]
///     pub dwError: u32,
/// }
/// ```
///
/// (Tested in `winasync`'s crate docs, which can depend on the runtime.)
#[proc_macro_attribute]
pub fn async_result(args: TokenStream, input: TokenStream) -> TokenStream {
    winasync_expand::async_result(args.into(), input.into()).into()
}
