// In an API with scopes, `#[authenticated]` without a scope is a forgotten scope: it would
// accept any token of the API. `#[authenticated(any_token)]` says so on purpose.
use auth_core::{Error, api, scopes};

scopes! { pub mod merchant { can_read_order } }

#[api(scopes = merchant)]
pub trait Orders {
    #[get("/orders/{id}")]
    #[authenticated]
    async fn get_order(&self, id: u64) -> Result<String, Error>;

    #[get("/health")]
    #[authenticated(any_token)]
    async fn health(&self) -> Result<(), Error>;
}

fn main() {}
