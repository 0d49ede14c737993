// A misspelt scope module is one error, where the module is named, however many scopes
// the trait names.
use auth_core::{Error, api, scopes};

scopes! { pub mod merchant { can_read_order, can_write_order => can_read_order } }

#[api(scopes = merchnt)]
pub trait Orders {
    #[get("/orders/{id}")]
    #[authenticated(scope = "can_read_order")]
    async fn get_order(&self, id: u64) -> Result<(), Error>;

    #[post("/orders")]
    #[authenticated(scope = "can_write_order")]
    async fn create_order(&self) -> Result<(), Error>;

    #[get("/orders")]
    #[authenticated(scope = any("can_read_order", "can_write_order"))]
    async fn list_orders(&self) -> Result<(), Error>;
}

fn main() {}
