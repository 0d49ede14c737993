// Lifetimes on methods, explicit or elided, on arguments: as in any trait.
use auth_core::{ApiCall, Error, api, scopes};

scopes! { pub mod shop { orders } }

#[api(scopes = shop)]
pub trait Shop {
    #[get("/orders/{id}")]
    #[authenticated(scope = "orders")]
    async fn order<'a>(&self, id: &'a str) -> Result<serde_json::Value, Error>;

    #[get("/orders/{id}/lines/{line}")]
    #[authenticated(scope = "orders")]
    async fn line<'a, 'b: 'a>(
        &self,
        id: &'a str,
        line: &'b str,
        #[query] fields: &'a [&'b str],
    ) -> Result<serde_json::Value, Error>;

    #[get("/orders")]
    #[authenticated(scope = "orders")]
    async fn list(&self, #[query] status: &str) -> Result<Vec<u64>, Error>;
}

struct Fake;

impl Shop for Fake {
    fn order<'a>(&self, id: &'a str) -> ApiCall<'_, serde_json::Value> {
        ApiCall::ready(Ok(serde_json::json!({ "id": id })))
    }
}

fn main() {
    let _ = Fake.order("7");
}
