// `#[authenticated]` means something only inside an `#[api]` trait.
use auth_core::authenticated;

#[authenticated(scope = "can_read_order")]
pub async fn get_order(id: u64) -> u64 {
    id
}

fn main() {}
