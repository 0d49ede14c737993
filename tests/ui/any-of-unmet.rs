// `any(...)` needs at least one of its scopes.
use auth_core::{Error, Scoped, StaticToken, api, scopes};

scopes! { pub mod merchant { can_read_order, can_write_order, can_read_sales_channels } }

#[api(scopes = merchant)]
pub trait Orders {
    #[get("/orders")]
    #[authenticated(scope = any("can_read_order", "can_write_order"))]
    async fn list_orders(&self) -> Result<(), Error>;
}

async fn run(token: StaticToken) -> Result<(), Error> {
    let channels = Scoped::<merchant::Of<merchant::can_read_sales_channels>>::assume_granted(token);
    let client = OrdersClient::with_base_url(channels, "https://api.example")?;
    client.list_orders().await
}

fn main() {
    let _ = run;
}
