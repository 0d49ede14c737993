// An argument that is neither in the path nor marked goes nowhere.
use auth_core::{Error, api, scopes};

scopes! { pub mod merchant { can_read_order } }

#[api(scopes = merchant)]
pub trait Orders {
    #[get("/orders")]
    #[authenticated(scope = "can_read_order")]
    async fn list_orders(&self, limit: u32) -> Result<(), Error>;
}

fn main() {}
