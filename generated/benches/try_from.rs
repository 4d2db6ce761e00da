//! `TryFrom<repr>` from `#[async_result]` against `num_enum::TryFromPrimitive` on the same
//! variants, for a dense value set (1..=7) and a sparse one (WinHTTP callback status flags), and
//! `Display` into a fixed buffer (no allocator involved).
//!
//! Each conversion benchmark converts the same 64 raw values (about three quarters valid) per
//! iteration, so the branch pattern is the same for both implementations.
//!
//! Run: `cargo bench -p winasync --bench try_from` (add `-- --quick` for a rough run).
#![allow(non_camel_case_types)]

use criterion::{Criterion, criterion_group, criterion_main};
use std::fmt::Write;
use std::hint::black_box;
use winasync::async_result;

/// Declares the same enum twice: once with `#[async_result]`, once with num_enum's derive (each
/// implements `TryFrom<u32>`, so they cannot be one type).
macro_rules! twins {
    ($ours:ident, $theirs:ident { $($variant:ident = $value:expr,)* }) => {
        #[async_result]
        #[repr(u32)]
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum $ours {
            $($variant = $value,)*
        }

        #[derive(Clone, Copy, Debug, PartialEq, Eq, num_enum::TryFromPrimitive)]
        #[repr(u32)]
        pub enum $theirs {
            $($variant = $value,)*
        }
    };
}

twins!(DenseOurs, DenseNumEnum {
    A = 1,
    B = 2,
    C = 3,
    D = 4,
    E = 5,
    F = 6,
    G = 7,
});

// WINHTTP_CALLBACK_STATUS_* values.
twins!(SparseOurs, SparseNumEnum {
    RESOLVING_NAME = 0x0000_0001,
    SENDING_REQUEST = 0x0000_0010,
    RECEIVING_RESPONSE = 0x0000_0040,
    HANDLE_CREATED = 0x0000_0400,
    REDIRECT = 0x0000_4000,
    SECURE_FAILURE = 0x0001_0000,
    REQUEST_ERROR = 0x0020_0000,
});

fn inputs(valid: &[u32]) -> Vec<u32> {
    // A fixed pseudo-random mix: three valid values, then one invalid one.
    let mut state = 0x2545_f491u32;
    (0..64)
        .map(|i| {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            if i % 4 == 3 { state | 0x8000_0000 } else { valid[state as usize % valid.len()] }
        })
        .collect()
}

fn convert<T: TryFrom<u32>>(raw: &[u32]) -> usize {
    raw.iter().filter(|&&r| T::try_from(black_box(r)).is_ok()).count()
}

fn try_from(c: &mut Criterion) {
    let dense = inputs(&[1, 2, 3, 4, 5, 6, 7]);
    let sparse = inputs(&[0x1, 0x10, 0x40, 0x400, 0x4000, 0x1_0000, 0x20_0000]);
    assert_eq!(convert::<DenseOurs>(&dense), convert::<DenseNumEnum>(&dense));
    assert_eq!(convert::<SparseOurs>(&sparse), convert::<SparseNumEnum>(&sparse));

    let mut group = c.benchmark_group("try_from_dense");
    group.bench_function("async_result", |b| b.iter(|| convert::<DenseOurs>(black_box(&dense))));
    group.bench_function("num_enum", |b| b.iter(|| convert::<DenseNumEnum>(black_box(&dense))));
    group.finish();

    let mut group = c.benchmark_group("try_from_sparse");
    group.bench_function("async_result", |b| b.iter(|| convert::<SparseOurs>(black_box(&sparse))));
    group.bench_function("num_enum", |b| b.iter(|| convert::<SparseNumEnum>(black_box(&sparse))));
    group.finish();
}

/// A fixed buffer: formatting into it cannot allocate.
struct Buffer {
    bytes: [u8; 128],
    len: usize,
}

impl Write for Buffer {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        let end = self.len + s.len();
        self.bytes.get_mut(self.len..end).ok_or(std::fmt::Error)?.copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

#[async_result]
#[repr(C)]
#[derive(Clone, Copy)]
pub struct WINHTTP_ASYNC_RESULT {
    #[async_result(values = SparseOurs)]
    pub dw_result: usize,
    pub dw_error: u32,
}

fn display(c: &mut Criterion) {
    let mut buffer = Buffer { bytes: [0; 128], len: 0 };
    let result = WINHTTP_ASYNC_RESULT { dw_result: 0x10, dw_error: 12002 };
    let mut group = c.benchmark_group("display");
    group.bench_function("enum_name", |b| {
        b.iter(|| {
            buffer.len = 0;
            write!(buffer, "{}", black_box(SparseOurs::SECURE_FAILURE)).unwrap();
            buffer.len
        })
    });
    group.bench_function("struct", |b| {
        b.iter(|| {
            buffer.len = 0;
            write!(buffer, "{}", black_box(&result)).unwrap();
            buffer.len
        })
    });
    group.finish();
}

criterion_group!(benches, try_from, display);
criterion_main!(benches);
