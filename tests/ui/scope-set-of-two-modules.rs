// One scope set cannot mix the scopes of two modules: the error names both modules.
use auth_core::{Error, Scoped, StaticToken, api, scopes};

scopes! { pub mod merchant { can_read_order } }
scopes! { pub mod seller_portal { can_read_listing } }

#[api(scopes = merchant)]
pub trait Orders {
    #[get("/orders/{id}")]
    #[authenticated(scope = "can_read_order")]
    async fn get_order(&self, id: u64) -> Result<(), Error>;
}

type Mixed = merchant::Of<(merchant::can_read_order, seller_portal::can_read_listing)>;

fn build(token: StaticToken) -> Result<(), Error> {
    let token = Scoped::<Mixed>::assume_granted(token);
    let _client = OrdersClient::with_base_url(token, "https://api.example")?;
    Ok(())
}

fn main() {
    let _ = build;
}
