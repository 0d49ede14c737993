//! Provider style B: a vendor portal issuing bearer tokens for client credentials sent
//! as JSON: `POST /v1/bearer-token` with `{"client_id","client_secret"}`, answered by
//! `{"access_token","token_type":"Bearer","expires_in":3600}`. No refresh token: the
//! token is cached and a new one requested ahead of expiry.
//!
//! `cargo run --example vendor_portal` starts a loopback test provider with 6-second
//! tokens and shows: one token shared by many calls, a new token fetched in the
//! background before expiry with no call waiting, and a wrong secret reported with the
//! portal's `{"message": ...}` and backed off instead of retried in a loop.
//!
//! Against a real portal, set:
//!
//! | variable | meaning |
//! |---|---|
//! | `VENDOR_BASE_URL` | the portal's API base URL (the token endpoint is `{base}/v1/bearer-token`) |
//! | `VENDOR_CLIENT_ID` | the API client's id |
//! | `VENDOR_CLIENT_SECRET` | its secret |

use std::time::{Duration, Instant};

use auth_core::testkit::{Route, TestProvider};
use auth_core::{Error, JsonClientCredentials, Scoped, TokenCache, api, scopes};
use auth_examples::{Settings, step};
use serde::Deserialize;
use serde_json::json;

scopes! {
    /// A vendor API client may read the catalog and its orders.
    pub mod vendor {
        /// Read the product catalog.
        catalog,
        /// Read purchase orders.
        purchase_orders,
    }
}

#[derive(Debug, Deserialize)]
struct PurchaseOrder {
    number: String,
}

/// The vendor portal's API.
#[api(scopes = vendor)]
trait Vendor {
    /// Open purchase orders.
    #[get("/v1/purchase-orders")]
    #[authenticated(scope = "purchase_orders")]
    async fn purchase_orders(&self) -> Result<Vec<PurchaseOrder>, Error>;
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let settings = Settings::from_env(&[
        "VENDOR_BASE_URL",
        "VENDOR_CLIENT_ID",
        "VENDOR_CLIENT_SECRET",
    ])?;
    let provider;
    let (base, id, secret) = match &settings {
        Some(s) => {
            println!("vendor portal at {}", s.get("VENDOR_BASE_URL"));
            (
                s.get("VENDOR_BASE_URL").to_owned(),
                s.get("VENDOR_CLIENT_ID").to_owned(),
                s.get("VENDOR_CLIENT_SECRET").to_owned(),
            )
        }
        None => {
            provider = TestProvider::builder()
                .scopes(["catalog", "purchase_orders"])
                .token_lifetime(Duration::from_secs(6))
                .route(
                    Route::get("/v1/purchase-orders")
                        .scope("purchase_orders")
                        .json(json!([{ "number": "PO-1" }, { "number": "PO-2" }])),
                )
                .start()
                .await;
            println!(
                "vendor portal (loopback test provider, 6 s tokens) at {}",
                provider.base_url()
            );
            (
                provider.base_url(),
                provider.client_id().to_owned(),
                provider.client_secret().to_owned(),
            )
        }
    };

    let cache = TokenCache::new(JsonClientCredentials::new(&base, id.as_str(), secret)?);
    // The portal does not say which scopes a token has: this client is allowed both.
    let client =
        VendorClient::with_base_url(Scoped::<vendor::All>::assume_granted(cache.clone()), &base)?;

    let orders = client.purchase_orders().await?;
    let numbers: Vec<&str> = orders.iter().map(|o| o.number.as_str()).collect();
    step(format!(
        "token fetched; open purchase orders: {}",
        numbers.join(", ")
    ));
    for _ in 0..5 {
        client.purchase_orders().await?;
    }
    step("5 more calls reused the cached token");

    let first = cache.token().await?;
    // Every second, a call; past half the token's life a new one is fetched in the
    // background while calls go on with the old one.
    for second in 1..=5 {
        tokio::time::sleep(Duration::from_secs(1)).await;
        let started = Instant::now();
        client.purchase_orders().await?;
        let current = cache.token().await?;
        let note = if current.same_as(&first) {
            "same token"
        } else {
            "new token (refreshed ahead of expiry)"
        };
        step(format!(
            "t+{second}s: call took {:>4} ms, {note}",
            started.elapsed().as_millis()
        ));
    }

    if settings.is_none() {
        // A wrong secret: the portal answers 401 {"message":"Unauthorized"}.
        let wrong = TokenCache::new(JsonClientCredentials::new(
            &base,
            id.as_str(),
            "not-the-secret",
        )?);
        let err = wrong.token().await.unwrap_err();
        step(format!("wrong secret: {err}"));
        // Asking again at once does not hammer the portal: the failure is remembered
        // and retried only after an exponential backoff.
        let again = wrong.token().await.unwrap_err();
        step(format!(
            "asked again at once: same error ({}), no second request",
            again.kind_name()
        ));
    }
    Ok(())
}
