// A path parameter must be `Display`.
use auth_core::{Error, api, scopes};

scopes! { pub mod merchant { can_read_order } }

pub struct OrderId(u64);

#[api(scopes = merchant)]
pub trait Orders {
    #[get("/orders/{id}")]
    #[authenticated(scope = "can_read_order")]
    async fn get_order(&self, id: OrderId) -> Result<(), Error>;
}

fn main() {}
