// A scope string the module does not declare: one error, at the string, listing the
// module's scopes closest by spelling, and nothing after it.
use auth_core::{Error, api, scopes};

scopes! { pub mod merchant { can_read_order, can_write_order } }

#[api(scopes = merchant)]
pub trait Orders {
    #[get("/orders/{id}")]
    #[authenticated(scope = "can_raed_order")]
    async fn get_order(&self, id: u64) -> Result<(), Error>;
}

fn main() {}
