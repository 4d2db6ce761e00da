use winasync::async_result;

#[async_result]
#[repr(C)]
struct S {
    count: u32,
    done: bool,
    callback: Option<extern "system" fn()>,
}

fn main() {}
