// A read-only token cannot call a method that needs `can_write_order`.
use auth_core::{Error, Scoped, StaticToken, api, scopes};

scopes! { pub mod merchant { can_read_order, can_write_order } }

#[api(scopes = merchant)]
pub trait Orders {
    #[post("/orders")]
    #[authenticated(scope = "can_write_order")]
    async fn create_order(&self) -> Result<(), Error>;
}

async fn run(token: StaticToken) -> Result<(), Error> {
    let read_only = Scoped::<merchant::Of<merchant::can_read_order>>::assume_granted(token);
    let client = OrdersClient::with_base_url(read_only, "https://api.example")?;
    client.create_order().await
}

fn main() {
    let _ = run;
}
