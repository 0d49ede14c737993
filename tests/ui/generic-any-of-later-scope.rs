// A bound on a later scope of an any-of group is not enough (Rust has no "either"
// bound): the error says to bound the group, or its first scope.
use auth_core::scope::Grants;
use auth_core::{Error, api, scopes};

scopes! { pub mod merchant { can_read_order, can_read_sales_channels } }

#[api(scopes = merchant)]
pub trait Orders {
    #[get("/orders")]
    #[authenticated(scope = any("can_read_order", "can_read_sales_channels"))]
    async fn list(&self) -> Result<Vec<u64>, Error>;
}

async fn list<S: Grants<merchant::can_read_sales_channels>>(
    client: &OrdersClient<S>,
) -> Result<Vec<u64>, Error> {
    client.list().await
}

fn main() {
    let _ = list::<merchant::All>;
}
