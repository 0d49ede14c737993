// The answer is decoded into the declared type, which must be `Deserialize`.
use auth_core::{Error, api, scopes};

scopes! { pub mod merchant { can_read_order } }

pub struct Order { pub id: u64 }

#[api(scopes = merchant)]
pub trait Orders {
    #[get("/orders/{id}")]
    #[authenticated(scope = "can_read_order")]
    async fn get_order(&self, id: u64) -> Result<Order, Error>;
}

fn main() {}
