use winasync::async_result;

#[async_result]
struct NoRepr {
    a: u32,
}

#[async_result]
#[repr(transparent)]
struct Transparent {
    a: u32,
}

fn main() {
    let _ = NoRepr::try_from(&[0u8; 4][..]);
    let _ = Transparent { a: 1 }.to_string();
}
