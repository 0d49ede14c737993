// Methods return `Result<T, auth_core::Error>`.
use auth_core::{api, scopes};

scopes! { pub mod merchant { can_read_order, can_write_order => can_read_order } }

#[api(scopes = merchant)]
pub trait Orders {
    #[post("/orders")]
    #[authenticated(scope = "can_write_order")]
    async fn create_order(&self);
}

fn main() {}
