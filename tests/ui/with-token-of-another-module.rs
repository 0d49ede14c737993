// `with_token` keeps the client's scope module.
use auth_core::{Error, Scoped, StaticToken, api, scopes};

scopes! { pub mod merchant { can_read_order } }
scopes! { pub mod seller_portal { can_read_order } }

#[api(scopes = merchant)]
pub trait Orders {
    #[get("/orders/{id}")]
    #[authenticated(scope = "can_read_order")]
    async fn get_order(&self, id: u64) -> Result<(), Error>;
}

fn swap(client: OrdersClient<merchant::All>, token: StaticToken) {
    let seller = Scoped::<seller_portal::All>::assume_granted(token);
    let _ = client.with_token(seller);
}

fn main() {
    let _ = swap;
}
