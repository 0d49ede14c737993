// `#[api]` knows scopes, production, staging, auth, client and crate.
use auth_core::{Error, api, scopes};

scopes! { pub mod merchant { can_read_order } }

#[api(scope = merchant)]
pub trait Orders {
    #[get("/health")]
    #[public]
    async fn health(&self) -> Result<(), Error>;
}

fn main() {}
