// `new` picks a declared URL; an API without one is built with `with_base_url`.
use auth_core::{Environment, Error, Scoped, StaticToken, api, scopes};

scopes! { pub mod merchant { can_read_order } }

#[api(scopes = merchant)]
pub trait Orders {
    #[get("/orders/{id}")]
    #[authenticated(scope = "can_read_order")]
    async fn get_order(&self, id: u64) -> Result<(), Error>;
}

fn build(token: StaticToken) {
    let token = Scoped::<merchant::All>::assume_granted(token);
    let _client = OrdersClient::new(token, Environment::Production);
}

fn main() {
    let _ = build;
}
