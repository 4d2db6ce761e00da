use winasync::async_result;

#[async_result]
fn f() {}

fn main() {
    f();
}
