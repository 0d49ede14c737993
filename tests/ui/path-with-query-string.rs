// Query parameters are arguments, not part of the path.
use auth_core::{Error, api, scopes};

scopes! { pub mod merchant { can_read_order, can_write_order => can_read_order } }

#[api(scopes = merchant)]
pub trait Orders {
    #[get("/orders?status=open")]
    #[authenticated(scope = "can_read_order")]
    async fn open_orders(&self) -> Result<(), Error>;
}

fn main() {}
