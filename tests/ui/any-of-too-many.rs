// An `any(...)` group has at most 16 scopes.
use auth_core::{Error, api, scopes};

scopes! { pub mod m { a, b, c, d, e, f, g, h, i, j, k, l, n, o, p, q, r } }

#[api(scopes = m)]
pub trait Things {
    #[get("/things")]
    #[authenticated(scope = any(a, b, c, d, e, f, g, h, i, j, k, l, n, o, p, q, r))]
    async fn things(&self) -> Result<(), Error>;
}

fn main() {}
