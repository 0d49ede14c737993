// A client implements the trait only when its token allows every method.
use auth_core::{Error, Scoped, StaticToken, api, scopes};

scopes! { pub mod merchant { can_read_order, can_write_order } }

#[api(scopes = merchant)]
pub trait Orders {
    #[get("/orders/{id}")]
    #[authenticated(scope = "can_read_order")]
    async fn get_order(&self, id: u64) -> Result<(), Error>;

    #[post("/orders")]
    #[authenticated(scope = "can_write_order")]
    async fn create_order(&self) -> Result<(), Error>;
}

async fn report(api: &dyn Orders) -> Result<(), Error> {
    api.get_order(1).await
}

async fn run(token: StaticToken) -> Result<(), Error> {
    let read = Scoped::<merchant::Of<merchant::can_read_order>>::assume_granted(token);
    let client = OrdersClient::with_base_url(read, "https://api.example")?;
    report(&client).await
}

fn main() {
    let _ = run;
}
