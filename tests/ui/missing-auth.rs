// Every endpoint must say who may call it.
use auth_core::{Error, api, scopes};

scopes! { pub mod merchant { can_read_order } }

#[api(scopes = merchant)]
pub trait Orders {
    #[get("/orders/{id}")]
    async fn get_order(&self, id: u64) -> Result<(), Error>;
}

fn main() {}
