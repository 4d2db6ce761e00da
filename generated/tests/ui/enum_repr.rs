use winasync::async_result;

#[async_result]
#[derive(Clone, Copy)]
enum NoRepr {
    A = 1,
}

#[async_result]
#[repr(C)]
enum ReprC {
    A = 1,
}

fn main() {
    // No follow-on errors: the stand-in impls still exist.
    let _ = NoRepr::A.to_string();
    let _ = ReprC::A.to_string();
}
