// Methods return `Result<T, auth_core::Error>`.
use auth_core::{api, scopes};

scopes! { pub mod merchant { can_read_order } }

#[api(scopes = merchant)]
pub trait Orders {
    #[get("/orders/{id}")]
    #[authenticated(scope = "can_read_order")]
    async fn get_order(&self, id: u64) -> Option<String>;
}

fn main() {}
