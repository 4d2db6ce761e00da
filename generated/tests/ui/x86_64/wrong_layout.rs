use winasync::async_result;

#[async_result(layout(x86(size = 8), x86_64(size = 12, align = 8)))]
#[repr(C)]
struct WINHTTP_ASYNC_RESULT {
    #[async_result(offset(x86_64 = 0))]
    dwResult: usize,
    #[async_result(offset(x86 = 4, x86_64 = 4))]
    dwError: u32,
}

fn main() {}
