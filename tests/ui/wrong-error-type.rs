// The error type is auth-core's, which carries the scopes behind a 403.
use auth_core::{api, scopes};

scopes! { pub mod merchant { can_read_order } }

#[api(scopes = merchant)]
pub trait Orders {
    #[get("/orders/{id}")]
    #[authenticated(scope = "can_read_order")]
    async fn get_order(&self, id: u64) -> Result<String, std::io::Error>;
}

fn main() {}
