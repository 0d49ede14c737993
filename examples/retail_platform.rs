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
//! and optionally `RETAIL_TOKEN_STORE`, a file that keeps the refresh token across runs.
//! The platform documents its services (catalogs, categories, inventories, products,
//! exports, imports, webhooks), not their paths: the run reads
//! `{RETAIL_API_URL}{RETAIL_RESOURCE_PATH}` (default `/products`), prints it as JSON, then
//! renews the access token with the refresh token (which the platform keeps) and reads
//! it again. The platform has no scopes: its methods are `#[authenticated]` without one.

use std::process::ExitCode;
use std::time::Duration;

use auth_core::secrecy::ExposeSecret;
use auth_core::testkit::{Route, TestProvider};
use auth_core::{
    Environment, Error, FileStore, MemoryStore, PasswordGrant, Scoped, TokenCache, TokenStore, api,
};
use auth_examples::{Settings, show_json, split_path, step};
use serde::Deserialize;
use serde_json::json;

#[derive(Debug, Deserialize)]
struct Stock {
    sku: String,
    quantity: u32,
}

/// The retail platform's API (no scopes: a token carries the API user's rights).
#[api]
trait Retail {
    /// Stock of one article.
    #[get("/v1/stock/{sku}")]
    #[authenticated]
    async fn stock(&self, sku: &str) -> Result<Stock, Error>;

    /// A collection of one of the platform's services, as the platform sends it.
    #[get("/{collection}")]
    #[authenticated]
    async fn collection(&self, collection: &str) -> Result<serde_json::Value, Error>;
}

const STORE_KEY: &str = "retail-example";

fn password_grant(
    token_url: &str,
    client: (&str, &str),
    user: (&str, &str),
    merchant_code: &str,
) -> Result<PasswordGrant, Error> {
    // `Authorization: Basic base64(clientId:clientSecret)`, as the docs spell it (the
    // source's default), and a new login a day before the refresh token's ~3 months end.
    Ok(PasswordGrant::new(token_url, client.0, client.1)?
        .refresh_token_lifetime(Duration::from_secs(90 * 24 * 3600))
        .login(user.0, user.1)
        .param("tenantType", "merchant")
        .param("tenantId", merchant_code))
}

#[tokio::main]
async fn main() -> ExitCode {
    auth_examples::finish(run().await)
}

async fn run() -> Result<(), Box<dyn std::error::Error>> {
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
        let api = s.get("RETAIL_API_URL").trim_end_matches('/');
        let (parent, collection) =
            split_path(&auth_examples::setting("RETAIL_RESOURCE_PATH", "/products"));
        let cache = TokenCache::new(source);
        let client = RetailClient::with_base_url(
            Scoped::unscoped(cache.clone()),
            &format!("{api}{parent}"),
        )?;
        show_json(&collection, &client.collection(&collection).await?);
        // Renew the access token as when it expires: with the refresh token, not a login.
        let first = cache.token().await?;
        cache.invalidate(&first);
        client.collection(&collection).await?;
        let second = cache.token().await?;
        step(format!(
            "access token renewed with the refresh token ({}), and read again",
            if second.same_as(&first) {
                "unchanged?"
            } else {
                "a new access token"
            }
        ));
        return Ok(());
    }

    // One loopback provider per environment; this run picks staging.
    let start = || async {
        TestProvider::builder()
            .client("retail-client", "retail-secret")
            .user("api@merchant-42.example", "user-password")
            .basic_urldecode(false)
            .rotate_refresh_tokens(false)
            .token_lifetime(Duration::from_secs(10))
            .route(Route::get("/v1/stock/{sku}").respond(|req| {
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
    let client = RetailClient::with_base_url(Scoped::unscoped(cache), &provider.base_url())?;

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

    // The access token (10 s here, an hour on the platform) is refreshed when due.
    tokio::time::sleep(Duration::from_secs(6)).await;
    client.stock("SKU-1").await?;
    tokio::time::sleep(Duration::from_millis(100)).await;
    let stats = provider.stats();
    let kept = store
        .load(STORE_KEY)
        .await?
        .is_some_and(|t| t.expose_secret() == refresh_token.expose_secret());
    step(format!(
        "6 s later: {} refresh grant(s) with tenantId={}; refresh token kept: {kept}",
        stats.grant("refresh_token"),
        stats
            .last_token_params
            .iter()
            .find(|(k, _)| k == "tenantId")
            .map_or("", |(_, v)| v.as_str())
    ));

    // Three months on, the refresh token is dead: the next refresh falls back to a login.
    provider.revoke_refresh_tokens();
    tokio::time::sleep(Duration::from_secs(6)).await;
    client.stock("SKU-1").await?;
    tokio::time::sleep(Duration::from_millis(100)).await;
    let stats = provider.stats();
    step(format!(
        "refresh token expired: {} password grants in all, {} refresh grants; calls went on",
        stats.grant("password"),
        stats.grant("refresh_token")
    ));

    // Without the password, the same situation asks for a new login, typed.
    let refresh_only = PasswordGrant::new(&provider.token_url(), "retail-client", "retail-secret")?
        .refresh_token("a-refresh-token-that-expired")
        .store(MemoryStore::new());
    let err = TokenCache::new(refresh_only).token().await.unwrap_err();
    step(format!("refresh token only, and it is dead: {err}"));
    let _ = std::fs::remove_file(&store_path);
    Ok(())
}
