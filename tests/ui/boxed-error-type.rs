// A boxed error is not the client's error type: one error, at the return type.
use auth_core::{api, scopes};

scopes! { pub mod merchant { can_read_order } }

#[api(scopes = merchant)]
pub trait Orders {
    #[get("/orders/{id}")]
    #[authenticated(scope = "can_read_order")]
    async fn get_order(&self, id: u64) -> Result<String, Box<dyn std::error::Error>>;
}

fn main() {}
