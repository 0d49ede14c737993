// The scope is named alone; the module comes from `#[api(scopes = ...)]`.
use auth_core::{Error, api, scopes};

scopes! { pub mod merchant { can_read_order, can_write_order => can_read_order } }

#[api(scopes = merchant)]
pub trait Orders {
    #[get("/orders")]
    #[authenticated(scope = "merchant::can_read_order")]
    async fn list_orders(&self) -> Result<(), Error>;
}

fn main() {}
