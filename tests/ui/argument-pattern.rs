// Arguments have plain names: they become path, query, body or header values.
use auth_core::{Error, api, scopes};

scopes! { pub mod merchant { can_read_order, can_write_order => can_read_order } }

#[api(scopes = merchant)]
pub trait Orders {
    #[get("/orders")]
    #[authenticated(scope = "can_read_order")]
    async fn list_orders(&self, #[query] (page, size): (u32, u32)) -> Result<(), Error>;
}

fn main() {}
