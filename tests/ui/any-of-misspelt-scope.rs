// A misspelt scope inside `any(...)` is reported at itself only.
use auth_core::{Error, api, scopes};

scopes! { pub mod merchant { can_read_order, can_write_order => can_read_order } }

#[api(scopes = merchant)]
pub trait Orders {
    #[get("/orders")]
    #[authenticated(scope = any("can_read_order", "can_wirte_order"))]
    async fn list_orders(&self) -> Result<(), Error>;
}

fn main() {}
