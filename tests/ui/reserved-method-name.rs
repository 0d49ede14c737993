// `new` is the client's constructor.
use auth_core::{Error, api, scopes};

scopes! { pub mod merchant { can_read_order, can_write_order => can_read_order } }

#[api(scopes = merchant)]
pub trait Orders {
    #[post("/orders")]
    #[authenticated(scope = "can_write_order")]
    async fn new(&self) -> Result<(), Error>;
}

fn main() {}
