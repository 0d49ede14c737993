// The client is shared: methods take `&self`.
use auth_core::{Error, api, scopes};

scopes! { pub mod merchant { can_read_order } }

#[api(scopes = merchant)]
pub trait Orders {
    #[get("/orders/{id}")]
    #[authenticated(scope = "can_read_order")]
    async fn get_order(&mut self, id: u64) -> Result<(), Error>;

    #[get("/orders")]
    #[authenticated(scope = "can_read_order")]
    async fn list_orders(self) -> Result<(), Error>;
}

fn main() {}
