//! No secret in any Debug, Display, error or log line: sentinels go in through every
//! public entry point, a TRACE-level subscriber records everything, and nothing may come
//! out containing a secret.
#![cfg(feature = "testkit")]

use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, SystemTime};

use auth_core::secrecy::ExposeSecret;
use auth_core::testkit::{Fault, TestProvider};
use auth_core::{
    ClientAuth, ClientCredentials, CustomerLogin, JsonClientCredentials, MemoryStore,
    PasswordGrant, StaticToken, TokenCache, TokenResponse, TokenStore,
};

const CLIENT_SECRET: &str = "SENTINEL-client-secret";
const PASSWORD: &str = "SENTINEL-password";
const CUSTOMER_PASSWORD: &str = "SENTINEL-customer-password";
const STATIC: &str = "SENTINEL-static-token";

#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<u8>>>);

impl Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn logs() -> &'static Capture {
    static CAPTURE: OnceLock<Capture> = OnceLock::new();
    CAPTURE.get_or_init(|| {
        let capture = Capture::default();
        let writer = capture.clone();
        tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_writer(move || writer.clone())
            .with_ansi(false)
            .init();
        capture
    })
}

fn assert_clean(what: &str, text: &str, secrets: &[String]) {
    for secret in secrets {
        assert!(
            !text.contains(secret.as_str()),
            "{what} contains a secret:\n{text}"
        );
    }
    assert!(
        !text.contains("SENTINEL"),
        "{what} contains a sentinel:\n{text}"
    );
}

#[tokio::test(start_paused = true)]
async fn no_secret_in_debug_display_errors_or_logs() {
    let logs = logs();
    let provider = TestProvider::builder()
        .client("client-1", CLIENT_SECRET)
        .user("api@example.com", PASSWORD)
        .customer("ann@example.com", CUSTOMER_PASSWORD)
        .rotate_refresh_tokens(true)
        .token_lifetime(Duration::from_secs(1))
        .start()
        .await;
    let mut outputs: Vec<(String, String)> = Vec::new();
    let mut secrets: Vec<String> = Vec::new();

    // Every source, used for real (tokens issued, refreshed, rotated).
    let cc = ClientCredentials::new(&provider.token_url(), "client-1", CLIENT_SECRET).unwrap();
    outputs.push(("ClientCredentials".into(), format!("{cc:?}")));
    let cc_body = ClientCredentials::new(&provider.token_url(), "client-1", CLIENT_SECRET)
        .unwrap()
        .client_auth(ClientAuth::RequestBody);
    let json = JsonClientCredentials::new(&provider.base_url(), "client-1", CLIENT_SECRET).unwrap();
    outputs.push(("JsonClientCredentials".into(), format!("{json:?}")));
    let store = MemoryStore::new();
    let password = PasswordGrant::new(&provider.token_url(), "client-1", CLIENT_SECRET)
        .unwrap()
        .login("api@example.com", PASSWORD)
        .param("tenantId", "m-1")
        .store(store.clone())
        .store_key("pw");
    outputs.push(("PasswordGrant".into(), format!("{password:?}")));
    let logins = CustomerLogin::new(
        &provider.url("/customer/login"),
        &provider.url("/customer/refresh"),
    )
    .unwrap();
    outputs.push(("CustomerLogin".into(), format!("{logins:?}")));

    let caches = vec![
        TokenCache::new(cc),
        TokenCache::new(cc_body),
        TokenCache::new(json),
        TokenCache::new(password),
        logins.customer("ann@example.com", CUSTOMER_PASSWORD),
    ];
    for round in 0..3 {
        for cache in &caches {
            let token = cache.token().await.unwrap();
            secrets.push(token.secret().expose_secret().to_owned());
            outputs.push((format!("AccessToken round {round}"), format!("{token:?}")));
            outputs.push(("TokenCache".into(), format!("{cache:?}")));
            outputs.push(("header value".into(), format!("{:?}", token.header_value())));
        }
        if let Some(rt) = store.load("pw").await.unwrap() {
            secrets.push(rt.expose_secret().to_owned());
        }
        // Lifetime 1 s: the next round refreshes (and rotates refresh tokens).
        tokio::time::sleep(Duration::from_millis(1100)).await;
    }
    outputs.push(("MemoryStore".into(), format!("{store:?}")));

    // Errors: wrong secrets, server faults with token-bearing bodies.
    let wrong =
        ClientCredentials::new(&provider.token_url(), "client-1", "SENTINEL-wrong").unwrap();
    let err = TokenCache::new(wrong).token().await.unwrap_err();
    outputs.push(("invalid_client".into(), format!("{err} / {err:?}")));
    let wrong_pw = PasswordGrant::new(&provider.token_url(), "client-1", CLIENT_SECRET)
        .unwrap()
        .login("api@example.com", "SENTINEL-wrong-pw");
    let err = TokenCache::new(wrong_pw).token().await.unwrap_err();
    outputs.push(("invalid_grant".into(), format!("{err} / {err:?}")));
    for fault in [
        Fault::Reply(auth_core::testkit::Reply::status(500).body("access_token=SENTINEL-in-body")),
        Fault::Reply(auth_core::testkit::Reply::html(502).body("<html>SENTINEL-in-html</html>")),
        Fault::Reply(
            auth_core::testkit::Reply::status(200)
                .body(r#"{"access_token":"SENTINEL-at","token_type":"mac"}"#),
        ),
        Fault::Reply(
            auth_core::testkit::Reply::status(200).body(r#"{"refresh_token":"SENTINEL-rt"}"#),
        ),
        Fault::Reply(
            auth_core::testkit::Reply::status(200).body(r#"{"access_token":"SENTINEL-at"#),
        ),
    ] {
        provider.inject("/oauth/token", fault, 1);
        let cache = TokenCache::new(
            ClientCredentials::new(&provider.token_url(), "client-1", CLIENT_SECRET).unwrap(),
        );
        let err = cache.token().await.unwrap_err();
        outputs.push(("fault".into(), format!("{err} / {err:?}")));
    }
    let parsed = TokenResponse::from_json(
        br#"{"access_token":"SENTINEL-a","refresh_token":"SENTINEL-r"}"#,
        "E",
    )
    .unwrap();
    outputs.push(("TokenResponse".into(), format!("{parsed:?}")));
    let token = parsed.into_token(None);
    outputs.push(("Token".into(), format!("{token:?}")));

    // Static tokens, including the expiry warning and the expired error.
    let soon = StaticToken::new(STATIC)
        .unwrap()
        .expires_at(SystemTime::now() + Duration::from_secs(3 * 86_400));
    outputs.push(("StaticToken".into(), format!("{soon:?}")));
    let cache = TokenCache::from(soon.clone());
    cache.token().await.unwrap();
    outputs.push(("static TokenCache".into(), format!("{cache:?}")));
    soon.rotate(STATIC, Some(SystemTime::UNIX_EPOCH)).unwrap();
    let err = cache.token().await.unwrap_err();
    outputs.push(("expired".into(), format!("{err} / {err:?}")));

    // The request pipeline: 401 → refresh → replay, 403, 429, with every error printed.
    let api = api_calls(&provider).await;
    outputs.extend(api.0);
    secrets.extend(api.1);

    for (what, text) in &outputs {
        assert_clean(what, text, &secrets);
    }
    let log = String::from_utf8(logs.0.lock().unwrap().clone()).unwrap();
    assert!(log.contains("api_call"), "calls have a span");
    assert!(
        log.contains("api.method=\"get_order\"") || log.contains("api.method=get_order"),
        "{log}"
    );
    assert!(
        log.contains("the API refused the call (403)"),
        "403 is logged at warn"
    );
    assert!(
        log.contains("the API token expires soon"),
        "the 7-day warning is logged"
    );
    assert!(
        log.contains("TRACE") || log.contains("DEBUG"),
        "the capture records low levels"
    );
    assert!(log.contains("new access token"), "{log}");
    assert_clean("the log", &log, &secrets);
    assert!(secrets.len() >= 15);
}

auth_core::scopes! {
    /// Scopes.
    pub mod shop { orders, admin }
}

#[auth_core::api(scopes = shop)]
trait Shop {
    #[get("/orders/{id}")]
    #[authenticated(scope = "orders")]
    async fn get_order(&self, id: u32) -> Result<serde_json::Value, auth_core::Error>;

    #[get("/admin")]
    #[authenticated(scope = "admin")]
    async fn admin(&self) -> Result<(), auth_core::Error>;
}

/// Calls through a generated client; returns what was printed and the tokens used.
async fn api_calls(_unused: &TestProvider) -> (Vec<(String, String)>, Vec<String>) {
    use auth_core::testkit::{Reply, Route};
    let provider = TestProvider::builder()
        .client("client-1", CLIENT_SECRET)
        .scopes(["orders"])
        .route(
            Route::get("/orders/{id}")
                .scope("orders")
                .respond(|_| Reply::json(200, serde_json::json!({}))),
        )
        .route(Route::get("/admin").scope("admin"))
        .start()
        .await;
    let cache = TokenCache::new(
        ClientCredentials::new(&provider.token_url(), "client-1", CLIENT_SECRET).unwrap(),
    );
    let client = ShopClient::with_base_url(
        auth_core::Scoped::<shop::All>::assume_granted(cache.clone()),
        &provider.base_url(),
    )
    .unwrap();
    let mut outputs = vec![("client".to_owned(), format!("{client:?}"))];
    let mut secrets = Vec::new();
    client.get_order(1).await.unwrap();
    let first = cache.peek().unwrap();
    secrets.push(first.secret().expose_secret().to_owned());
    provider.revoke(first.secret().expose_secret());
    client.get_order(2).await.unwrap();
    secrets.push(cache.peek().unwrap().secret().expose_secret().to_owned());
    let err = client.admin().await.unwrap_err();
    outputs.push(("403".into(), format!("{err} / {err:?}")));
    provider.inject(
        "/orders/",
        auth_core::testkit::Fault::rate_limit_reset("600"),
        1,
    );
    let err = client.get_order(3).await.unwrap_err();
    outputs.push(("429".into(), format!("{err} / {err:?}")));
    let err = client.get_order(4).await.unwrap_err();
    outputs.push(("held".into(), format!("{err} / {err:?}")));
    (outputs, secrets)
}
