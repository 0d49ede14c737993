// `mod` forgotten, with an API using the module: one error in `scopes!`; the module is
// still declared with its scopes, so that the API reports nothing more.
use auth_core::{Error, api, scopes};

scopes! { pub merchant { can_read_order, can_write_order => can_read_order } }

#[api(scopes = merchant)]
pub trait Orders {
    #[get("/orders/{id}")]
    #[authenticated(scope = "can_read_order")]
    async fn get_order(&self, id: u64) -> Result<String, Error>;
}

fn main() {}
