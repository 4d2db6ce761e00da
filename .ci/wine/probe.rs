//! The Wine check's probe (.ci/wine-check): proves, before any test runs, that a Rust program
//! for Windows loads and runs under Wine, and that a failing one cannot look like a passing one.
//!
//! - no argument: prints a hash made with a fresh `RandomState`. Its keys come from
//!   `ProcessPrng` (bcryptprimitives.dll, the stand-in of .ci/wine/bcryptprimitives.c under
//!   Wine 8), so the program loads only if that import resolves, and two runs print different
//!   numbers only if the bytes really are random;
//! - `panic`, `abort`, `crash` (an access violation): each must end the process with a non-zero
//!   exit code (the script checks: 101 for a panic), so a crashed test cannot exit 0 under Wine,
//!   for instance through the debugger Wine would otherwise start.

use std::collections::hash_map::RandomState;
use std::hash::BuildHasher;

fn main() {
    match std::env::args().nth(1).as_deref() {
        None => println!("{:016x}", RandomState::new().hash_one(0u8)),
        Some("panic") => panic!("deliberate panic (the Wine check's probe)"),
        Some("abort") => std::process::abort(),
        Some("crash") => {
            // SAFETY: none; the point is the access violation. A volatile write to address 0 is
            // not optimised away.
            unsafe { std::ptr::null_mut::<u8>().write_volatile(1) };
            println!("still running after writing to address 0");
        }
        Some(other) => {
            eprintln!("probe: unknown mode {other:?}");
            std::process::exit(2);
        }
    }
}
