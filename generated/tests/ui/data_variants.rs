use winasync::async_result;

#[async_result]
#[repr(u32)]
enum E {
    Unit = 1,
    Tuple(u32),
    Struct { code: u32 },
}

fn main() {
    let _ = E::Unit.to_string();
}
