// A scope its module (declared in another crate) does not declare: one error, at the
// string, listing the module's scopes closest by spelling.
use auth_core::{Error, api};
use auth_examples::shared::shop;

#[api(scopes = shop)]
pub trait Shop {
    #[get("/orders/{id}")]
    #[authenticated(scope = "order_read")]
    async fn order(&self, id: u64) -> Result<String, Error>;
}

fn main() {}
