// "all" is not a scope: `All` is the set of every scope, a token's type. The error says
// so, rather than proposing `All` as the scope.
use auth_core::{Error, api, scopes};

scopes! { pub mod merchant { can_read_order, can_write_order } }

#[api(scopes = merchant)]
pub trait Orders {
    #[get("/orders")]
    #[authenticated(scope = "all")]
    async fn list(&self) -> Result<(), Error>;
}

fn main() {}
