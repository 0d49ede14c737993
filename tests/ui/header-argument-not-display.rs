// A `#[header]` argument must be `Display`.
use auth_core::{Error, api, scopes};

scopes! { pub mod merchant { can_write_order } }

pub struct Key([u8; 16]);

#[api(scopes = merchant)]
pub trait Orders {
    #[post("/orders")]
    #[authenticated(scope = "can_write_order")]
    async fn create_order(&self, #[header("Idempotency-Key")] key: Key) -> Result<(), Error>;
}

fn main() {}
