// A `#[query]` argument must be `Serialize`.
use auth_core::{Error, api, scopes};

scopes! { pub mod merchant { can_read_order } }

pub struct Filter { pub status: String }

#[api(scopes = merchant)]
pub trait Orders {
    #[get("/orders")]
    #[authenticated(scope = "can_read_order")]
    async fn list_orders(&self, #[query] filter: Filter) -> Result<(), Error>;
}

fn main() {}
