// `#[pubilc]` is a misspelling of `#[public]`.
use auth_core::{Error, api, scopes};

scopes! { pub mod merchant { can_read_order, can_write_order => can_read_order } }

#[api(scopes = merchant)]
pub trait Orders {
    #[get("/health")]
    #[pubilc]
    async fn health(&self) -> Result<(), Error>;
}

fn main() {}
