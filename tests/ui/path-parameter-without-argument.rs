// `{id}` in the path needs an argument named `id`.
use auth_core::{Error, api, scopes};

scopes! { pub mod merchant { can_read_order } }

#[api(scopes = merchant)]
pub trait Orders {
    #[get("/orders/{id}")]
    #[authenticated(scope = "can_read_order")]
    async fn get_order(&self, order_id: u64) -> Result<(), Error>;
}

fn main() {}
