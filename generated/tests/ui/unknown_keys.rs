use winasync::async_result;

#[async_result(sise = 4)]
#[repr(u8)]
enum E {
    #[async_result(nmae = "A")]
    A,
}

#[async_result(bytes = false, colour = 1)]
#[repr(C)]
struct S {
    #[async_result(value = E)]
    a: u32,
    #[async_result(offset(x86 = 0), offset(x86_64 = 0))]
    b: u32,
}

fn main() {
    let _ = E::A.to_string();
    let _ = S { a: 0, b: 0 }.to_string();
}
