//! Provider style D: a retail platform's OAuth 2 password grant. `POST /oauth/token`
//! with `Authorization: Basic base64(clientId:clientSecret)` and the form
//! `grant_type=password&username=..&password=..&tenantType=merchant&tenantId=<merchantCode>`;
//! the access token lives an hour; `grant_type=refresh_token` (with the same tenant
//! parameters) returns a new access token and leaves the refresh token untouched; after
//! about three months the refresh token dies and a new password grant starts over.
//! Production and staging have their own URLs.
//!
//! `cargo run --example retail_platform` starts two loopback test providers, one per
//! environment, picks staging, and shows: the password grant with Basic client auth and
//! tenant parameters, a refresh that keeps the refresh token (kept in a file so a
//! restart would refresh too), and a new login when the refresh token dies.
//!
//! Against the real platform, set:
//!
//! | variable | meaning |
//! |---|---|
//! | `RETAIL_TOKEN_URL` | the token endpoint of the environment to use (production or staging), from the platform's docs |
//! | `RETAIL_API_URL` | the API base URL of that environment |
//! | `RETAIL_CLIENT_ID`, `RETAIL_CLIENT_SECRET` | the API client |
//! | `RETAIL_USERNAME`, `RETAIL_PASSWORD` | the API user |
//! | `RETAIL_MERCHANT_CODE` | sent as `tenantId` (with `tenantType=merchant`) |
//!
//! and optionally `RETAIL_TOKEN_STORE`, a file that keeps the refresh token across runs,
//! and `RETAIL_SKU`, the article whose stock to read.

use std::time::Duration;

use auth_core::secrecy::ExposeSecret;
use auth_core::testkit::{Route, TestProvider};
use auth_core::{
    ClientAuth, Environment, Error, FileStore, MemoryStore, PasswordGrant, Scoped, TokenCache,
    TokenStore, api, scopes,
};
use auth_examples::{Settings, step};
use serde::Deserialize;
use serde_json::json;

scopes! {
    /// What the platform's API user may do (a password-grant token carries the user's rights).
    pub mod retail {
        /// Read orders.
        orders,
        /// Manage stock.
        stock,
    }
}

#[derive(Debug, Deserialize)]
struct Stock {
    sku: String,
    quantity: u32,
}

/// The retail platform's API.
#[api(scopes = retail)]
trait Retail {
    /// Stock of one article.
    #[get("/v1/stock/{sku}")]
    #[authenticated(scope = "stock")]
    async fn stock(&self, sku: &str) -> Result<Stock, Error>;
}

const STORE_KEY: &str = "retail-example";

fn password_grant(
    token_url: &str,
    client: (&str, &str),
    user: (&str, &str),
    merchant_code: &str,
) -> Result<PasswordGrant, Error> {
    Ok(PasswordGrant::new(token_url, client.0, client.1)?
        // `Authorization: Basic base64(clientId:clientSecret)`, as the docs spell it.
        .client_auth(ClientAuth::BasicUnencoded)
        .login(user.0, user.1)
        .param("tenantType", "merchant")
        .param("tenantId", merchant_code))
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let vars = [
        "RETAIL_TOKEN_URL",
        "RETAIL_API_URL",
        "RETAIL_CLIENT_ID",
        "RETAIL_CLIENT_SECRET",
        "RETAIL_USERNAME",
        "RETAIL_PASSWORD",
        "RETAIL_MERCHANT_CODE",
    ];
    if let Some(s) = Settings::from_env(&vars)? {
        println!("retail platform at {}", s.get("RETAIL_API_URL"));
        let mut source = password_grant(
            s.get("RETAIL_TOKEN_URL"),
            (s.get("RETAIL_CLIENT_ID"), s.get("RETAIL_CLIENT_SECRET")),
            (s.get("RETAIL_USERNAME"), s.get("RETAIL_PASSWORD")),
            s.get("RETAIL_MERCHANT_CODE"),
        )?;
        if let Ok(path) = std::env::var("RETAIL_TOKEN_STORE") {
            source = source.store(FileStore::new(path)).store_key(STORE_KEY);
        }
        let client = RetailClient::with_base_url(
            Scoped::<retail::All>::assume_granted(TokenCache::new(source)),
            s.get("RETAIL_API_URL"),
        )?;
        // Optional: the article to look up.
        let sku = std::env::var("RETAIL_SKU").unwrap_or_else(|_| "1".into());
        let stock = client.stock(&sku).await?;
        step(format!("{}: {} in stock", stock.sku, stock.quantity));
        return Ok(());
    }

    // One loopback provider per environment; this run picks staging.
    let start = || async {
        TestProvider::builder()
            .scopes(["orders", "stock"])
            .client("retail-client", "retail-secret")
            .user("api@merchant-42.example", "user-password")
            .basic_urldecode(false)
            .rotate_refresh_tokens(false)
            .token_lifetime(Duration::from_secs(4))
            .route(Route::get("/v1/stock/{sku}").scope("stock").respond(|req| {
                auth_core::testkit::Reply::json(
                    200,
                    json!({ "sku": req.param("sku"), "quantity": 12 }),
                )
            }))
            .start()
            .await
    };
    let (production, staging) = (start().await, start().await);
    let env = Environment::Staging;
    let provider = env.select(&production, &staging);
    println!(
        "retail platform: production at {}, staging at {}",
        production.base_url(),
        staging.base_url()
    );
    step(format!(
        "environment: {env:?} → token URL {}",
        provider.token_url()
    ));

    let store_path =
        std::env::temp_dir().join(format!("retail-example-{}.json", std::process::id()));
    let store = FileStore::new(&store_path);
    let source = password_grant(
        &provider.token_url(),
        ("retail-client", "retail-secret"),
        ("api@merchant-42.example", "user-password"),
        "merchant-42",
    )?
    .store(store.clone())
    .store_key(STORE_KEY);
    let cache = TokenCache::new(source);
    let client = RetailClient::with_base_url(
        Scoped::<retail::All>::assume_granted(cache),
        &provider.base_url(),
    )?;

    let stock = client.stock("SKU-1").await?;
    let stats = provider.stats();
    let params: Vec<String> = stats
        .last_token_params
        .iter()
        .filter(|(k, _)| k.starts_with("tenant") || k == "grant_type")
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    step(format!(
        "password grant ({}, Basic client auth: {}); {} x{} in stock",
        params.join(" "),
        stats.last_used_basic,
        stock.sku,
        stock.quantity
    ));
    let refresh_token = store
        .load(STORE_KEY)
        .await?
        .ok_or("no refresh token saved")?;
    step(format!(
        "refresh token saved to {} (mode 0600)",
        store_path.display()
    ));

    // The access token (4 s here, an hour on the platform) is refreshed when due.
    tokio::time::sleep(Duration::from_secs(3)).await;
    client.stock("SKU-1").await?;
    let stats = provider.stats();
    let kept = store
        .load(STORE_KEY)
        .await?
        .is_some_and(|t| t.expose_secret() == refresh_token.expose_secret());
    step(format!(
        "3 s later: {} refresh grant(s) with tenantId={}; refresh token kept: {kept}",
        stats.grant("refresh_token"),
        stats
            .last_token_params
            .iter()
            .find(|(k, _)| k == "tenantId")
            .map_or("", |(_, v)| v.as_str())
    ));

    // Three months on, the refresh token is dead: the next refresh falls back to a login.
    provider.revoke_refresh_tokens();
    tokio::time::sleep(Duration::from_secs(3)).await;
    client.stock("SKU-1").await?;
    let stats = provider.stats();
    step(format!(
        "refresh token expired: {} password grants in all, {} refresh grants; calls went on",
        stats.grant("password"),
        stats.grant("refresh_token")
    ));

    // Without the password, the same situation asks for a new login, typed.
    let refresh_only = PasswordGrant::new(&provider.token_url(), "retail-client", "retail-secret")?
        .client_auth(ClientAuth::BasicUnencoded)
        .refresh_token("a-refresh-token-that-expired")
        .store(MemoryStore::new());
    let err = TokenCache::new(refresh_only).token().await.unwrap_err();
    step(format!("refresh token only, and it is dead: {err}"));
    let _ = std::fs::remove_file(&store_path);
    Ok(())
}
