//! The quickest tour: declare scopes, describe an API as a trait, and call it through
//! the generated client against a loopback test provider that this example starts.
//!
//! Run with `cargo run --example quickstart`.

use auth_core::testkit::{Reply, Route, TestProvider};
use auth_core::{ClientCredentials, Error, Scoped, TokenCache, api, scopes};
use serde::Deserialize;

scopes! {
    /// The merchant API's permissions.
    pub mod merchant {
        /// Read orders.
        can_read_order,
        /// Create and change orders (implies reading them).
        can_write_order => can_read_order,
    }
}

#[derive(Debug, Deserialize)]
struct Order {
    id: u64,
    status: String,
}

#[api(scopes = merchant)]
trait Orders {
    /// One order by id.
    #[get("/orders/{id}")]
    #[authenticated(scope = "can_read_order")]
    async fn get_order(&self, id: u64) -> Result<Order, Error>;

    /// Cancels an order.
    #[post("/orders/{id}/cancel")]
    #[authenticated(scope = "can_write_order")]
    async fn cancel_order(&self, id: u64) -> Result<(), Error>;
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    auth_examples::finish(run().await.map_err(Into::into))
}

async fn run() -> Result<(), Error> {
    let provider = TestProvider::builder()
        .route(
            Route::get("/orders/{id}")
                .scope("can_read_order")
                .respond(|req| Reply::json(200, serde_json::json!({ "id": req.param("id").unwrap_or("0").parse::<u64>().unwrap_or(0), "status": "paid" }))),
        )
        .start()
        .await;
    println!("test provider on {}", provider.base_url());

    // The manifest lists every scope the client's methods use; this program only reads
    // orders, so it asks for `can_read_order` alone, then checks what was granted.
    println!(
        "scopes the client's methods use: {}",
        OrdersClient::MANIFEST.scope_param()
    );
    let source = ClientCredentials::new(
        &provider.token_url(),
        provider.client_id(),
        provider.client_secret(),
    )?
    .scopes(["can_read_order"]);
    let token =
        Scoped::<merchant::Of<merchant::can_read_order>>::verify(TokenCache::new(source)).await?;
    println!("token granted `can_read_order` (checked at run time, now part of the type)");

    let client = OrdersClient::with_base_url(token, &provider.base_url())?;
    let order = client.get_order(42).await?;
    println!("order {} is {}", order.id, order.status);
    let again = client.get_order(43).await?;
    println!(
        "order {} is {}; token requests so far: {}",
        again.id,
        again.status,
        provider.stats().token_requests
    );

    // `client.cancel_order(42)` would not compile with this read-only token:
    //   error[E0277]: the token's scopes do not include `can_write_order`
    println!("\n{}", OrdersClient::MANIFEST);
    Ok(())
}
