//! Provider style C: a seller portal's two token types, as types. A personal token may
//! do everything the account may; a service token is limited to API groups ("Orders
//! only"). Both are static, may carry a manual expiry, and are rotated every 90 days.
//!
//! `cargo run --example seller_portal` starts a loopback test provider and shows: one
//! function serving both token types, a products call that only the personal token's
//! type allows, an expiry warning and a rotation without rebuilding the client, a 429
//! waited out, and an expired token refused before anything is sent.
//!
//! Against a real portal, set:
//!
//! | variable | meaning |
//! |---|---|
//! | `SELLER_API_URL` | the API's base URL |
//! | `SELLER_PERSONAL_TOKEN` | a personal access token |
//! | `SELLER_SERVICE_TOKEN` | a service token for the Orders group |
//!
//! The portal documents its token types and API groups, not their paths: orders are read
//! at `{SELLER_API_URL}{SELLER_ORDERS_PATH}` (default `/orders`) and products at
//! `{SELLER_API_URL}{SELLER_PRODUCTS_PATH}` (default `/products`), and printed as JSON.

use std::process::ExitCode;
use std::time::{Duration, Instant, SystemTime};

use auth_core::scope::{Grants, ScopeSet};
use auth_core::testkit::{Fault, Route, TestProvider};
use auth_core::{Error, Scoped, StaticToken, api, scopes};
use auth_examples::{Settings, show_json, split_path, step};
use serde::Deserialize;
use serde_json::json;

scopes! {
    /// The seller portal's API groups.
    pub mod seller {
        /// The Orders group.
        orders,
        /// The Products group.
        products,
        /// The Finances group.
        finances,
    }
}

#[derive(Debug, Deserialize)]
struct Listing {
    id: String,
}

/// The seller portal's API.
#[api(scopes = seller)]
trait Seller {
    /// Orders.
    #[get("/orders")]
    #[authenticated(scope = "orders")]
    async fn orders(&self) -> Result<Vec<Listing>, Error>;

    /// Products.
    #[get("/products")]
    #[authenticated(scope = "products")]
    async fn products(&self) -> Result<Vec<Listing>, Error>;
}

/// The same groups where their paths are configured (real portals).
#[api(scopes = seller)]
trait SellerCollections {
    /// An Orders-group collection, as the portal sends it.
    #[get("/{collection}")]
    #[authenticated(scope = "orders")]
    async fn orders(&self, collection: &str) -> Result<serde_json::Value, Error>;

    /// A Products-group collection, as the portal sends it.
    #[get("/{collection}")]
    #[authenticated(scope = "products")]
    async fn products(&self, collection: &str) -> Result<serde_json::Value, Error>;
}

/// A personal access token: everything.
type Personal = seller::All;
/// A service token for the Orders group.
type OrdersOnly = seller::Of<seller::orders>;

/// Works with any token whose type includes the Orders group.
async fn count_orders<S: ScopeSet + Grants<seller::orders>>(
    client: &SellerClient<S>,
) -> Result<usize, Error> {
    Ok(client.orders().await?.len())
}

#[tokio::main]
async fn main() -> ExitCode {
    auth_examples::finish(run().await)
}

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    // Shows auth-core's warnings (the expiry warning below).
    tracing_subscriber::fmt()
        .with_max_level(tracing::Level::WARN)
        .with_target(false)
        .init();

    let settings = Settings::from_env(&[
        "SELLER_API_URL",
        "SELLER_PERSONAL_TOKEN",
        "SELLER_SERVICE_TOKEN",
    ])?;
    if let Some(s) = &settings {
        let api = s.get("SELLER_API_URL").trim_end_matches('/');
        println!("seller portal at {api}");
        let (orders_parent, orders) =
            split_path(&auth_examples::setting("SELLER_ORDERS_PATH", "/orders"));
        let (products_parent, products) =
            split_path(&auth_examples::setting("SELLER_PRODUCTS_PATH", "/products"));
        let personal = SellerCollectionsClient::with_base_url(
            Scoped::<Personal>::assume_granted(StaticToken::new(s.get("SELLER_PERSONAL_TOKEN"))?),
            &format!("{api}{orders_parent}"),
        )?;
        show_json("personal token, orders", &personal.orders(&orders).await?);
        let personal_products = SellerCollectionsClient::with_base_url(
            Scoped::<Personal>::assume_granted(StaticToken::new(s.get("SELLER_PERSONAL_TOKEN"))?),
            &format!("{api}{products_parent}"),
        )?;
        show_json(
            "personal token, products",
            &personal_products.products(&products).await?,
        );
        let service = personal.with_token(Scoped::<OrdersOnly>::assume_granted(StaticToken::new(
            s.get("SELLER_SERVICE_TOKEN"),
        )?));
        show_json(
            "service token (Orders only), orders",
            &service.orders(&orders).await?,
        );
        // service.products(..) does not compile: the service token's type has no products.
        return Ok(());
    }

    let provider = TestProvider::builder()
        .scopes(["orders", "products", "finances"])
        .route(
            Route::get("/orders")
                .scope("orders")
                .json(json!([{ "id": "o-1" }, { "id": "o-2" }])),
        )
        .route(
            Route::get("/products")
                .scope("products")
                .json(json!([{ "id": "p-1" }])),
        )
        .start()
        .await;
    println!(
        "seller portal (loopback test provider) at {}",
        provider.base_url()
    );

    let personal_token =
        StaticToken::new(provider.issue_token(&["orders", "products", "finances"], None))?;
    let personal = SellerClient::with_base_url(
        Scoped::<Personal>::assume_granted(personal_token),
        &provider.base_url(),
    )?;
    let products = personal.products().await?;
    step(format!(
        "personal token: {} orders and products {}",
        count_orders(&personal).await?,
        products
            .iter()
            .map(|p| p.id.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    ));

    // A service token for the Orders group, created 85 days ago with a 90-day expiry.
    let expires = SystemTime::now() + Duration::from_secs(5 * 86_400);
    let service_token =
        StaticToken::new(provider.issue_token(&["orders"], None))?.expires_at(expires);
    let service = personal.with_token(Scoped::<OrdersOnly>::assume_granted(service_token.clone()));
    step(format!(
        "service token (Orders only): {} orders (see the expiry warning above)",
        count_orders(&service).await?
    ));
    // service.products() does not compile:
    //   error[E0277]: the token's scopes do not include `seller::products`

    // Rotation: a new service token from the portal, installed without rebuilding clients.
    let rotated = provider.issue_token(&["orders"], None);
    service_token.rotate(
        rotated,
        Some(SystemTime::now() + Duration::from_secs(90 * 86_400)),
    )?;
    step(format!(
        "rotated the service token: {} orders with the new one",
        count_orders(&service).await?
    ));

    // 429: the portal limits calls per minute and says when to come back.
    provider.inject("/orders", Fault::retry_after(429, "1"), 1);
    let started = Instant::now();
    count_orders(&service).await?;
    step(format!(
        "429 with `Retry-After: 1`: waited {:.1} s, then succeeded",
        started.elapsed().as_secs_f64()
    ));

    // An expired token never leaves the process.
    service_token.rotate(
        provider.issue_token(&["orders"], None),
        Some(SystemTime::now() - Duration::from_secs(60)),
    )?;
    let before = provider.requests().len();
    let err = count_orders(&service).await.unwrap_err();
    step(format!("expired token: {err}"));
    step(format!(
        "requests sent for it: {}",
        provider.requests().len() - before
    ));
    Ok(())
}
