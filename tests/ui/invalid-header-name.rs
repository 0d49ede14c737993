// A header name is an HTTP token.
use auth_core::{Error, api, scopes};

scopes! { pub mod merchant { can_read_order, can_write_order => can_read_order } }

#[api(scopes = merchant)]
pub trait Orders {
    #[post("/orders")]
    #[authenticated(scope = "can_write_order")]
    async fn create_order(&self, #[header("Idempotency Key")] key: &str) -> Result<(), Error>;
}

fn main() {}
