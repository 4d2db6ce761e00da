//! `#[async_result]` on enums: conversions both ways, unknown values, names and doc summaries.
#![allow(non_camel_case_types)]

use winasync::async_result;
use winasync::support::{AsyncResultEnum, UnknownValue};

#[async_result]
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WinHttpAsyncApi {
    /// The error occurred during a call to WinHttpReceiveResponse.
    API_RECEIVE_RESPONSE = 1,
    /// The error occurred during a call to WinHttpQueryDataAvailable.
    API_QUERY_DATA_AVAILABLE = 2,
    /// The error occurred during a call to WinHttpSendRequest.
    #[async_result(name = "API_SEND_REQUEST")]
    SendRequest = 5,
}

/// Negative values, implicit discriminants, a variant called `Error` (which would make
/// `Self::Error` ambiguous in a careless expansion), and docs without a full stop.
#[async_result]
#[repr(i32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// Failed for good
    Error = -2,
    /// Still going.
    /// Spans two lines in the source.
    Pending,
    Completed,
    /// Something else. This second sentence is not in the summary.
    Canceled = 0x7fff_ffff,
}

#[async_result]
#[repr(u8)]
#[derive(Debug, PartialEq)]
enum Small {
    Zero,
    Max = 255,
}

#[async_result]
#[repr(i64)]
#[derive(Debug, PartialEq)]
enum Wide {
    Min = i64::MIN,
    Big = 1 << 40,
}

#[test]
fn round_trips() {
    for &api in WinHttpAsyncApi::VALUES {
        assert_eq!(WinHttpAsyncApi::try_from(u32::from(api)), Ok(api));
        assert_eq!(WinHttpAsyncApi::from_repr(api.to_repr()), Some(api));
    }
    for &status in Status::VALUES {
        assert_eq!(Status::try_from(i32::from(status)), Ok(status));
    }
    assert_eq!(WinHttpAsyncApi::try_from(5), Ok(WinHttpAsyncApi::SendRequest));
    assert_eq!(u32::from(WinHttpAsyncApi::SendRequest), 5);
}

#[test]
fn discriminants_follow_the_repr() {
    assert_eq!(i32::from(Status::Error), -2);
    assert_eq!(i32::from(Status::Pending), -1);
    assert_eq!(i32::from(Status::Completed), 0);
    assert_eq!(Status::try_from(-1), Ok(Status::Pending));
    assert_eq!(Status::try_from(i32::MAX), Ok(Status::Canceled));
    assert_eq!(Small::try_from(255u8), Ok(Small::Max));
    assert_eq!(u8::from(Small::Zero), 0);
    assert_eq!(Wide::try_from(i64::MIN), Ok(Wide::Min));
    assert_eq!(i64::from(Wide::Big), 1 << 40);
    assert_eq!(<Wide as AsyncResultEnum>::VALUES, &[Wide::Min, Wide::Big]);
}

#[test]
fn unknown_values_keep_the_raw_value_and_the_name() {
    let err: UnknownValue<u32> = WinHttpAsyncApi::try_from(3).unwrap_err();
    assert_eq!(err.raw(), 3);
    assert_eq!(err.type_name(), "WinHttpAsyncApi");
    assert_eq!(err.to_string(), "unknown WinHttpAsyncApi value 3");
    assert_eq!(Status::try_from(-3).unwrap_err().to_string(), "unknown Status value -3");
    assert_eq!(Small::try_from(1u8).unwrap_err().raw(), 1);
    assert_eq!(Wide::try_from(0i64).unwrap_err().to_string(), "unknown Wide value 0");
    let boxed: Box<dyn std::error::Error> = Box::new(err);
    assert_eq!(boxed.to_string(), "unknown WinHttpAsyncApi value 3");
}

#[test]
fn display_is_the_name_and_alternate_the_summary() {
    assert_eq!(WinHttpAsyncApi::API_RECEIVE_RESPONSE.to_string(), "API_RECEIVE_RESPONSE");
    assert_eq!(WinHttpAsyncApi::SendRequest.to_string(), "API_SEND_REQUEST");
    assert_eq!(
        format!("{:#}", WinHttpAsyncApi::SendRequest),
        "The error occurred during a call to WinHttpSendRequest."
    );
    assert_eq!(format!("{:#}", Status::Error), "Failed for good");
    assert_eq!(format!("{:#}", Status::Pending), "Still going.");
    assert_eq!(format!("{:#}", Status::Canceled), "Something else.");
    // No docs: the summary falls back to the name.
    assert_eq!(format!("{:#}", Status::Completed), "Completed");
    assert_eq!(Status::Error.to_string(), "Error");
    // Width and alignment apply, as for `str`.
    assert_eq!(format!("[{:>8}]", Small::Max), "[     Max]");
}

#[test]
fn trait_constants() {
    assert_eq!(WinHttpAsyncApi::TYPE_NAME, "WinHttpAsyncApi");
    assert_eq!(WinHttpAsyncApi::SendRequest.name(), "API_SEND_REQUEST");
    assert_eq!(WinHttpAsyncApi::SendRequest.summary(), "The error occurred during a call to WinHttpSendRequest.");
    assert_eq!(
        WinHttpAsyncApi::VALUES,
        &[
            WinHttpAsyncApi::API_RECEIVE_RESPONSE,
            WinHttpAsyncApi::API_QUERY_DATA_AVAILABLE,
            WinHttpAsyncApi::SendRequest
        ]
    );
}

/// `#[repr]` and `#[derive]` may also come before the attribute: it sees them either way.
#[repr(u16)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[async_result]
enum ReprFirst {
    One = 1,
}

#[test]
fn attributes_before_the_macro_are_seen() {
    assert_eq!(ReprFirst::try_from(1u16), Ok(ReprFirst::One));
    assert_eq!(ReprFirst::One.to_string(), "One");
}
