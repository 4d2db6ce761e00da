use winasync::async_result;

#[async_result(layout(x64(size = 4), arm64(size = 4)))]
#[repr(C)]
struct S {
    #[async_result(offset(i686 = 0, riscv64 = 0))]
    a: u32,
}

fn main() {}
