use winasync::async_result;

#[repr(u32)]
#[derive(Clone, Copy)]
enum Plain {
    A = 1,
}

#[async_result]
#[repr(C)]
struct S {
    #[async_result(values = Plain)]
    raw: u32,
}

fn main() {
    let s = S { raw: 1 };
    let _ = s.raw();
    let _ = s.to_string();
}
