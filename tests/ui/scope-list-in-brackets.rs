// Several scopes are not written as a list.
use auth_core::{Error, api, scopes};

scopes! { pub mod merchant { can_read_order, can_write_order => can_read_order } }

#[api(scopes = merchant)]
pub trait Orders {
    #[get("/orders")]
    #[authenticated(scope = ["can_read_order", "can_write_order"])]
    async fn list_orders(&self) -> Result<(), Error>;
}

fn main() {}
