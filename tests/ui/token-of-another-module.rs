// A token typed with another API's scopes builds no client, and the error names both modules.
use auth_core::{Error, Scoped, StaticToken, api, scopes};

scopes! { pub mod merchant { can_read_order } }
scopes! { pub mod seller_portal { can_read_order } }

#[api(scopes = merchant)]
pub trait Orders {
    #[get("/orders/{id}")]
    #[authenticated(scope = "can_read_order")]
    async fn get_order(&self, id: u64) -> Result<(), Error>;
}

fn build(token: StaticToken) -> Result<(), Error> {
    let seller = Scoped::<seller_portal::All>::assume_granted(token);
    let _client = OrdersClient::with_base_url(seller, "https://api.example")?;
    Ok(())
}

fn main() {
    let _ = build;
}
