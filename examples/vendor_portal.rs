//! Provider style B: a vendor portal issuing bearer tokens for client credentials sent
//! as JSON: `POST /v1/bearer-token` with `{"client_id","client_secret"}`, answered by
//! `{"access_token","token_type":"Bearer","expires_in":3600}`; the documented API call
//! is `GET /v1/vendor`. The portal has no scopes: the methods are `#[authenticated]`
//! without one, and the token is `Scoped::unscoped`. No refresh token: the token is
//! cached and a new one requested ahead of expiry.
//!
//! `cargo run --example vendor_portal` starts a loopback test provider with 10-second
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
//!
//! The real run calls `GET /v1/vendor` and prints the answer as JSON.

use std::process::ExitCode;
use std::time::{Duration, Instant};

use auth_core::testkit::{Route, TestProvider};
use auth_core::{Error, JsonClientCredentials, Scoped, TokenCache, api};
use auth_examples::{Settings, show_json, step};
use serde_json::json;

/// The vendor portal's API. It has no scopes: a valid token may call everything.
#[api]
trait Vendor {
    /// The vendor account the credentials belong to.
    #[get("/v1/vendor")]
    #[authenticated]
    async fn vendor(&self) -> Result<serde_json::Value, Error>;
}

#[tokio::main]
async fn main() -> ExitCode {
    auth_examples::finish(run().await)
}

async fn run() -> Result<(), Box<dyn std::error::Error>> {
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
                .token_lifetime(Duration::from_secs(10))
                .route(Route::get("/v1/vendor").json(json!({ "id": 7, "name": "ACME Supplies" })))
                .start()
                .await;
            println!(
                "vendor portal (loopback test provider, 10 s tokens) at {}",
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
    let client = VendorClient::with_base_url(Scoped::unscoped(cache.clone()), &base)?;

    show_json("token fetched; GET /v1/vendor", &client.vendor().await?);
    for _ in 0..5 {
        client.vendor().await?;
    }
    step("5 more calls reused the cached token");
    if settings.is_some() {
        return Ok(());
    }

    let first = cache.token().await?;
    // Every second, a call; at half the token's life a new one is fetched in the
    // background while calls go on with the old one.
    for second in 1..=7 {
        tokio::time::sleep(Duration::from_secs(1)).await;
        let started = Instant::now();
        client.vendor().await?;
        let took = started.elapsed();
        tokio::time::sleep(Duration::from_millis(50)).await;
        let note = if cache.token().await?.same_as(&first) {
            "same token"
        } else {
            "new token (refreshed ahead of expiry)"
        };
        step(format!(
            "t+{second}s: call took {:>4} ms, {note}",
            took.as_millis()
        ));
    }

    // A wrong secret: the portal answers 401 {"message":"Unauthorized"}.
    let wrong = TokenCache::new(JsonClientCredentials::new(
        &base,
        id.as_str(),
        "not-the-secret",
    )?);
    let err = wrong.token().await.unwrap_err();
    step(format!("wrong secret: {err}"));
    // Asking again at once does not hammer the portal: the failure is remembered and
    // retried only after an exponential backoff.
    let again = wrong.token().await.unwrap_err();
    step(format!(
        "asked again at once: same error ({}), no second request",
        again.kind_name()
    ));
    Ok(())
}
