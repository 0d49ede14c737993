//! Generated code triggers no lints in the crate that uses the macros, clippy's pedantic
//! group included: CI runs `cargo clippy --all-targets -- -D warnings` over this file.
#![deny(warnings, missing_docs, clippy::pedantic)]

use auth_core::{Error, RawResponse, api, scopes};
use serde::{Deserialize, Serialize};

scopes! {
    /// Scopes.
    pub mod shop {
        /// Orders.
        orders,
        products => orders,
        everything => *,
    }
}

/// An order.
#[derive(Debug, Deserialize)]
pub struct Order {
    /// Id.
    pub id: u64,
}

/// A query.
#[derive(Debug, Serialize)]
pub struct Query {
    /// Limit.
    pub limit: u32,
}

/// The shop API.
#[api(scopes = shop, production = "https://shop.example", staging = "https://staging.shop.example")]
pub trait Shop {
    /// An order.
    #[get("/orders/{id}")]
    #[authenticated(scope = "orders")]
    async fn order(&self, id: u64) -> Result<Order, Error>;

    /// Orders.
    #[get("/orders")]
    #[authenticated(scope = any("orders", "products"))]
    async fn orders(
        &self,
        #[query] query: &Query,
        #[header("X-Trace")] trace: &str,
    ) -> Result<Vec<Order>, Error>;

    /// A raw download.
    #[post("/export")]
    #[authenticated(scope = "everything")]
    async fn export(&self, #[body] query: &Query) -> Result<RawResponse, Error>;

    /// Health.
    #[head("/health")]
    #[public]
    async fn health(&self) -> Result<(), Error>;
}

#[test]
fn compiles_without_lints() {
    assert_eq!(ShopClient::MANIFEST.endpoints.len(), 4);
}
