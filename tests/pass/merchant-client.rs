//! A merchant-style API with every kind of argument, used with tokens whose scopes allow
//! each call. It must compile without a single warning.
#![deny(warnings, missing_docs)]

use auth_core::{Environment, Error, RawResponse, Scoped, StaticToken, api, scopes};
use serde::{Deserialize, Serialize};

scopes! {
    /// Permissions of the merchant API.
    pub mod merchant {
        /// Read orders.
        can_read_order,
        /// Write orders.
        can_write_order => can_read_order,
        /// Read sales channels.
        can_read_sales_channels,
    }
}

/// An order.
#[derive(Debug, Deserialize)]
pub struct Order {
    /// Its id.
    pub id: u64,
}

/// A filter.
#[derive(Serialize)]
pub struct Filter {
    /// Order status.
    pub status: String,
}

/// A user type named like the client's type parameter must not be captured by it.
#[derive(Serialize)]
pub struct S {
    /// A field.
    pub sku: String,
}

/// The merchant API.
#[api(
    scopes = merchant,
    production = "https://api.merchant.example",
    staging = "https://api.staging.merchant.example"
)]
pub trait Orders {
    /// One order.
    #[get("/orders/{id}")]
    #[authenticated(scope = "can_read_order")]
    async fn get_order(&self, id: u64) -> Result<Order, Error>;

    /// Orders matching a filter.
    #[get("/orders")]
    #[authenticated(scope = any("can_read_order", "can_write_order"))]
    async fn list_orders(&self, #[query] filter: &Filter, #[query("page")] page_number: Option<u32>) -> Result<Vec<Order>, Error>;

    /// A new order in a channel.
    #[post("/channels/{channel}/orders")]
    #[authenticated(scope = "can_write_order")]
    #[authenticated(scope = "can_read_sales_channels")]
    async fn create_order(
        &self,
        channel: &str,
        #[body] order: &S,
        #[header("Idempotency-Key")] key: &str,
    ) -> Result<RawResponse, Error>;

    /// Health.
    #[get("/health")]
    #[public]
    async fn health(&self) -> Result<(), Error>;
}

async fn calls(token: StaticToken) -> Result<(), Error> {
    use merchant::{Of, can_read_order, can_read_sales_channels, can_write_order};

    // Writing implies reading: every method is callable.
    let writer = Scoped::<Of<(can_write_order, can_read_sales_channels)>>::assume_granted(token.clone());
    let client = OrdersClient::new(writer, Environment::Staging);
    client.get_order(1).await?;
    client.list_orders(&Filter { status: "open".into() }).await?;
    client
        .create_order("web", &S { sku: "x".into() }, "key-1")
        .await?;
    client.health().await?;

    // The same members in another order are the same type.
    let same: OrdersClient<Of<(can_read_sales_channels, can_write_order)>> = client.clone();
    // Narrowing is free, and keeps what the narrower set allows.
    let reader: OrdersClient<Of<can_read_order>> = same.narrow();
    reader.get_order(2).await?;
    reader.list_orders(&Filter { status: "paid".into() }).page_number(2).await?;

    // Another token, another customer: cheap, and the type follows the token.
    let everything = Scoped::<merchant::All>::assume_granted(token);
    let admin = reader.with_token(everything);
    admin.create_order("pos", &S { sku: "y".into() }, "key-2").await?;

    // Public endpoints need no scope at all.
    let nobody = reader.narrow::<merchant::Empty>();
    nobody.health().await?;
    Ok(())
}

fn main() {
    let _ = calls;
    let manifest = OrdersClient::MANIFEST;
    assert_eq!(manifest.endpoints.len(), 4);
    assert_eq!(manifest.scopes, ["can_read_order", "can_read_sales_channels", "can_write_order"]);
    assert_eq!(OrdersClient::PRODUCTION_URL, "https://api.merchant.example");
}
