// An API with scopes takes a token typed with them, not an unscoped one.
use auth_core::{Error, Scoped, StaticToken, api, scopes};

scopes! { pub mod merchant { can_read_order } }

#[api(scopes = merchant)]
pub trait Orders {
    #[get("/orders/{id}")]
    #[authenticated(scope = "can_read_order")]
    async fn get_order(&self, id: u64) -> Result<(), Error>;
}

fn build(token: StaticToken) -> Result<(), Error> {
    let _client = OrdersClient::with_base_url(Scoped::unscoped(token), "https://api.example")?;
    Ok(())
}

fn main() {
    let _ = build;
}
