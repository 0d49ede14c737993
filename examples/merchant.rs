//! Provider style A: a merchant API token created in a portal with chosen permissions,
//! plus customer logins (access + refresh token) for customer-facing endpoints.
//!
//! `cargo run --example merchant` starts a loopback test provider and shows: a scoped
//! static token reading an order, a typed 403 when a permission was removed in the
//! portal, a 429 with `X-RateLimit-Reset` waited out, and a customer login refreshed
//! ahead of expiry.
//!
//! Against a real provider, set:
//!
//! | variable | meaning |
//! |---|---|
//! | `MERCHANT_API_URL` | the API's base URL, e.g. `https://api.merchant.example` |
//! | `MERCHANT_API_TOKEN` | a token created in the portal with `can_read_order` |
//! | `MERCHANT_ORDER_ID` | an order to read |
//!
//! The provider documents its permissions, not its paths: the order is read at
//! `{MERCHANT_API_URL}{MERCHANT_ORDERS_PATH}/{MERCHANT_ORDER_ID}`, where
//! `MERCHANT_ORDERS_PATH` defaults to `/orders`, and printed as JSON.
//!
//! For the customer part, also set `MERCHANT_CUSTOMER_LOGIN_URL`,
//! `MERCHANT_CUSTOMER_REFRESH_URL`, `MERCHANT_CUSTOMER_EMAIL`,
//! `MERCHANT_CUSTOMER_PASSWORD`: the customer logs in, and the token is renewed with the
//! refresh token.

use std::process::ExitCode;
use std::time::{Duration, Instant, SystemTime};

use auth_core::testkit::{Fault, Reply, Route, TestProvider};
use auth_core::{CustomerLogin, Error, Scoped, StaticToken, api, scopes};
use auth_examples::{Settings, show_json, split_path, step};
use serde::Deserialize;
use serde_json::json;

scopes! {
    /// Permissions a merchant API token can be created with.
    pub mod merchant {
        /// Read sales channels.
        can_read_sales_channels,
        /// Change sales channels.
        can_write_sales_channels => can_read_sales_channels,
        /// Read the app configuration.
        can_retrieve_app_config,
        /// Change the app configuration.
        can_update_app_config => can_retrieve_app_config,
        /// Read orders.
        can_read_order,
        /// Change orders.
        can_write_order => can_read_order,
    }
}

scopes! {
    /// What a logged-in customer's token allows.
    pub mod customer {
        /// The customer's own orders.
        my_orders,
    }
}

#[derive(Debug, Deserialize)]
struct Order {
    id: String,
    status: String,
}

#[derive(Debug, Deserialize)]
struct SalesChannel {
    name: String,
}

/// The merchant API.
#[api(scopes = merchant, production = "https://api.merchant.example")]
trait Merchant {
    /// One order.
    #[get("/orders/{id}")]
    #[authenticated(scope = "can_read_order")]
    async fn get_order(&self, id: &str) -> Result<Order, Error>;

    /// Cancels an order.
    #[post("/orders/{id}/cancel")]
    #[authenticated(scope = "can_write_order")]
    async fn cancel_order(&self, id: &str) -> Result<(), Error>;

    /// The shop's sales channels.
    #[get("/sales-channels")]
    #[authenticated(scope = "can_read_sales_channels")]
    async fn sales_channels(&self) -> Result<Vec<SalesChannel>, Error>;

    /// The app configuration.
    #[get("/app-config")]
    #[authenticated(scope = "can_retrieve_app_config")]
    async fn app_config(&self) -> Result<serde_json::Value, Error>;
}

/// The merchant API's orders where their path is configured (real providers).
#[api(scopes = merchant)]
trait MerchantOrders {
    /// One order, as the provider sends it.
    #[get("/{collection}/{id}")]
    #[authenticated(scope = "can_read_order")]
    async fn order(&self, collection: &str, id: &str) -> Result<serde_json::Value, Error>;
}

/// Customer-facing endpoints.
#[api(scopes = customer)]
trait Storefront {
    /// The logged-in customer's orders.
    #[get("/customer/orders")]
    #[authenticated(scope = "my_orders")]
    async fn my_orders(&self) -> Result<Vec<Order>, Error>;
}

/// The permissions this app's token was created with.
type PortalToken = merchant::Of<(merchant::can_read_order, merchant::can_read_sales_channels)>;

#[tokio::main]
async fn main() -> ExitCode {
    auth_examples::finish(run().await)
}

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    let real = Settings::from_env(&[
        "MERCHANT_API_URL",
        "MERCHANT_API_TOKEN",
        "MERCHANT_ORDER_ID",
    ])?;
    match real {
        Some(settings) => against_real_provider(&settings).await,
        None => against_test_provider().await,
    }
}

async fn against_real_provider(settings: &Settings) -> Result<(), Box<dyn std::error::Error>> {
    let api = settings.get("MERCHANT_API_URL").trim_end_matches('/');
    println!("merchant API at {api}");
    let token = StaticToken::new(settings.get("MERCHANT_API_TOKEN"))?;
    let (parent, collection) =
        split_path(&auth_examples::setting("MERCHANT_ORDERS_PATH", "/orders"));
    let orders = MerchantOrdersClient::with_base_url(
        Scoped::<merchant::Of<merchant::can_read_order>>::assume_granted(token),
        &format!("{api}{parent}"),
    )?;
    let id = settings.get("MERCHANT_ORDER_ID");
    show_json(
        &format!("order {id}"),
        &orders.order(&collection, id).await?,
    );
    let customer_vars = [
        "MERCHANT_CUSTOMER_LOGIN_URL",
        "MERCHANT_CUSTOMER_REFRESH_URL",
        "MERCHANT_CUSTOMER_EMAIL",
        "MERCHANT_CUSTOMER_PASSWORD",
    ];
    if let Some(c) = Settings::from_env(&customer_vars)? {
        let logins = CustomerLogin::new(
            c.get("MERCHANT_CUSTOMER_LOGIN_URL"),
            c.get("MERCHANT_CUSTOMER_REFRESH_URL"),
        )?;
        let session = logins.customer(
            c.get("MERCHANT_CUSTOMER_EMAIL"),
            c.get("MERCHANT_CUSTOMER_PASSWORD"),
        );
        let first = session.token().await?;
        step(format!(
            "customer logged in; the token expires in {:?}",
            first
                .expires_at()
                .map(|at| at.saturating_duration_since(tokio::time::Instant::now()))
        ));
        // As when it expires: the next token comes from the refresh token, not a login.
        session.invalidate(&first);
        let second = session.token().await?;
        step(format!(
            "renewed with the refresh token: a new token ({})",
            if second.same_as(&first) {
                "unchanged?"
            } else {
                "different from the first"
            }
        ));
    }
    Ok(())
}

async fn against_test_provider() -> Result<(), Box<dyn std::error::Error>> {
    let provider = TestProvider::builder()
        .scopes([
            "can_read_sales_channels",
            "can_read_order",
            "can_retrieve_app_config",
            "my_orders",
        ])
        .customer("ann@example.com", "ann's password")
        // Customer tokens live 10 s here, so that a refresh happens while you watch.
        .token_lifetime(Duration::from_secs(10))
        .route(
            Route::get("/orders/{id}")
                .scope("can_read_order")
                .respond(|req| {
                    Reply::json(200, json!({ "id": req.param("id"), "status": "paid" }))
                }),
        )
        .route(
            Route::get("/sales-channels")
                .scope("can_read_sales_channels")
                .json(json!([{ "name": "web shop" }, { "name": "marketplace" }])),
        )
        .route(
            Route::get("/app-config")
                .scope("can_retrieve_app_config")
                .json(json!({})),
        )
        .route(
            Route::get("/customer/orders")
                .scope("my_orders")
                .json(json!([{ "id": "A-7", "status": "shipped" }])),
        )
        .start()
        .await;
    println!(
        "merchant API (loopback test provider) at {}",
        provider.base_url()
    );

    // A token created in the portal with two permissions, valid for 90 days.
    let issued = provider.issue_token(&["can_read_order", "can_read_sales_channels"], None);
    let token =
        StaticToken::new(issued)?.expires_at(SystemTime::now() + Duration::from_secs(90 * 86_400));
    let client = MerchantClient::with_base_url(
        Scoped::<PortalToken>::assume_granted(token.clone()),
        &provider.base_url(),
    )?;
    step("portal token with `can_read_order` and `can_read_sales_channels`, expiring in 90 days");

    let order = client.get_order("1001").await?;
    step(format!("order {} is {}", order.id, order.status));
    let channels = client.sales_channels().await?;
    let names: Vec<&str> = channels.iter().map(|c| c.name.as_str()).collect();
    step(format!("sales channels: {}", names.join(", ")));
    // client.cancel_order("1001") does not compile with this token:
    //   error[E0277]: the token's scopes do not include `can_write_order`

    // Someone removed a permission in the portal that this deployment still claims.
    let claims_config = Scoped::<
        merchant::Of<(merchant::can_read_order, merchant::can_retrieve_app_config)>,
    >::assume_granted(token);
    let outdated = client.with_token(claims_config);
    match outdated.app_config().await {
        Err(err @ Error::Forbidden { .. }) => step(format!("typed 403: {err}")),
        other => return Err(format!("expected a 403, got {other:?}").into()),
    }

    // The API limits the rate: 429 with X-RateLimit-Reset (seconds until the reset).
    provider.inject("/orders/", Fault::rate_limit_reset("2"), 1);
    let started = Instant::now();
    let order = client.get_order("1002").await?;
    step(format!(
        "429 with `X-RateLimit-Reset: 2`: waited {:.1} s, then read order {}",
        started.elapsed().as_secs_f64(),
        order.id
    ));

    // A customer logs in; their token is refreshed ahead of expiry with the refresh token.
    let logins = CustomerLogin::new(
        &provider.url("/customer/login"),
        &provider.url("/customer/refresh"),
    )?;
    let session = logins.customer("ann@example.com", "ann's password");
    let storefront = StorefrontClient::with_base_url(
        Scoped::<customer::All>::assume_granted(session),
        &provider.base_url(),
    )?;
    let orders = storefront.my_orders().await?;
    step(format!("customer ann logged in: {} order(s)", orders.len()));
    tokio::time::sleep(Duration::from_secs(6)).await;
    storefront.my_orders().await?;
    tokio::time::sleep(Duration::from_millis(100)).await;
    let stats = provider.stats();
    step(format!(
        "6 s later her token was due: {} login, {} refresh with the refresh token",
        stats.grant("customer_login"),
        stats.grant("customer_refresh")
    ));
    Ok(())
}
