use winasync::async_result;

#[async_result]
#[repr(C)]
struct Wrapper<T> {
    value: T,
}

fn main() {}
