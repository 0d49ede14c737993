// A `#[body]` argument must be `Serialize`.
use auth_core::{Error, api, scopes};

scopes! { pub mod merchant { can_write_order } }

pub struct NewOrder { pub sku: String }

#[api(scopes = merchant)]
pub trait Orders {
    #[post("/orders")]
    #[authenticated(scope = "can_write_order")]
    async fn create_order(&self, #[body] order: &NewOrder) -> Result<(), Error>;
}

fn main() {}
