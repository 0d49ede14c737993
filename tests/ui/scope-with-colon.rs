// A provider's scope name with `:` is declared with a wire name in `scopes!`.
use auth_core::{Error, api, scopes};

scopes! { pub mod shop { orders_read = "orders:read" } }

#[api(scopes = shop)]
pub trait Orders {
    #[get("/orders")]
    #[authenticated(scope = "orders:read")]
    async fn list_orders(&self) -> Result<(), Error>;
}

fn main() {}
