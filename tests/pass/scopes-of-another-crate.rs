// A `scopes!` module declared in another crate (this package's library) serves an `#[api]`
// trait here: its scopes are found through the module's lookup, across crates.
#![deny(warnings)]
use auth_core::scope::Grants;
use auth_core::{Environment, Error, Scoped, StaticToken, api};
use auth_examples::shared::shop;

#[api(scopes = shop, production = "https://api.shop.example")]
pub trait Shop {
    #[get("/orders/{id}")]
    #[authenticated(scope = "orders_read")]
    async fn order(&self, id: u64) -> Result<String, Error>;

    #[get("/products")]
    #[authenticated(scope = any("products_read", "orders_write"))]
    async fn products(&self) -> Result<Vec<String>, Error>;
}

async fn read<S: Grants<shop::orders_read>>(client: &ShopClient<S>) -> Result<String, Error> {
    client.order(1).await
}

fn main() {
    let token = StaticToken::new("token").unwrap();
    let token = Scoped::<shop::Of<shop::orders_write>>::assume_granted(token);
    let client = ShopClient::new(token, Environment::Production);
    let _ = read(&client);
    let _ = client.products();
    let _: &dyn Shop = &client;
}
