// Two methods of one name: one error, at the second name, and nothing else.
use auth_core::{Error, api, scopes};

scopes! { pub mod merchant { can_read_order } }

#[api(scopes = merchant)]
pub trait Orders {
    #[get("/orders/{id}")]
    #[authenticated(scope = "can_read_order")]
    async fn get_order(&self, id: u64) -> Result<String, Error>;

    #[get("/orders/{id}/status")]
    #[authenticated(scope = "can_read_order")]
    async fn get_order(&self, id: u64) -> Result<String, Error>;
}

fn main() {}
