//! Settings of one call (`ApiCall::timeout`, `max_attempts`, `retry_non_idempotent`,
//! `header`, ...) against the loopback provider's faults, under paused time: each
//! changes only its own call, and says so in the requests the provider received.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use auth_core::testkit::{Fault, Reply, Route, TestProvider};
use auth_core::{
    ApiCall, Backoff, ClientConfig, Error, Scoped, TokenCache, TransportErrorKind, api, scopes,
};
use tokio::time::Instant;

scopes! {
    /// Scopes.
    pub mod merchant { can_read_order, can_write_order }
}

#[api(scopes = merchant)]
trait Orders {
    #[get("/orders/{id}")]
    #[authenticated(scope = "can_read_order")]
    async fn get_order(&self, id: &str) -> Result<serde_json::Value, Error>;

    #[post("/orders")]
    #[authenticated(scope = "can_write_order")]
    async fn create_order(&self) -> Result<(), Error>;
}

type Client = OrdersClient<merchant::All>;

/// The provider, a client on it, and the idempotency keys the provider saw on the
/// requests it answered.
async fn setup() -> (TestProvider, Client, Arc<Mutex<Vec<String>>>) {
    let keys = Arc::new(Mutex::new(Vec::new()));
    let seen = keys.clone();
    let provider = TestProvider::builder()
        .route(
            Route::get("/orders/{id}")
                .scope("can_read_order")
                .respond(|req| Reply::json(200, serde_json::json!({ "id": req.param("id") }))),
        )
        .route(
            Route::post("/orders")
                .scope("can_write_order")
                .respond(move |req| {
                    if let Some(key) = req.header("idempotency-key") {
                        seen.lock().unwrap().push(key.to_owned());
                    }
                    Reply::status(201)
                }),
        )
        .start()
        .await;
    let cache = TokenCache::new(provider.client_credentials());
    let client = OrdersClient::with_base_url(Scoped::assume_granted(cache), &provider.base_url())
        .unwrap()
        .with_config(ClientConfig::default().deadline(Duration::from_secs(60)));
    client.token_cache().token().await.unwrap();
    provider.reset_stats();
    (provider, client, keys)
}

#[tokio::test(start_paused = true)]
async fn a_timeout_on_the_call_replaces_the_clients_deadline_for_that_call_only() {
    let (provider, client, _) = setup().await;
    provider.inject("/orders/", Fault::Delay(Duration::from_secs(3600)), 10);
    let start = Instant::now();
    let err = client
        .get_order("1")
        .timeout(Duration::from_secs(5))
        .await
        .unwrap_err();
    assert_eq!(start.elapsed(), Duration::from_secs(5));
    assert!(
        matches!(&err, Error::Transport(e) if e.kind == TransportErrorKind::Timeout),
        "{err:?}"
    );
    assert!(
        err.to_string().contains("5s"),
        "the error names the call's own bound: {err}"
    );

    // The next call has the client's 60 s again (bounded by 30 s attempts).
    let start = Instant::now();
    client.get_order("1").await.unwrap_err();
    assert_eq!(start.elapsed(), Duration::from_secs(60));
}

#[tokio::test(start_paused = true)]
async fn an_attempt_timeout_on_the_call_retries_sooner() {
    let (provider, client, _) = setup().await;
    provider.inject("/orders/", Fault::Delay(Duration::from_secs(3600)), 1);
    let start = Instant::now();
    let order = client
        .get_order("7")
        .attempt_timeout(Duration::from_secs(2))
        .backoff(Backoff::new(
            Duration::from_millis(1),
            Duration::from_millis(1),
        ))
        .await
        .unwrap();
    assert_eq!(order["id"], "7");
    assert!(
        start.elapsed() < Duration::from_secs(3),
        "{:?}",
        start.elapsed()
    );
    assert_eq!(provider.requests().len(), 2);
}

#[tokio::test(start_paused = true)]
async fn max_attempts_on_the_call_stops_retries() {
    let (provider, client, _) = setup().await;
    provider.inject("/orders/", Fault::status(503), 5);
    let err = client.get_order("1").max_attempts(1).await.unwrap_err();
    assert!(
        matches!(&err, Error::Api(e) if e.status.as_u16() == 503),
        "{err:?}"
    );
    assert_eq!(provider.requests().len(), 1, "one attempt, no retry");

    // Without the setting: the client's three attempts.
    provider.reset_stats();
    client.get_order("1").await.unwrap_err();
    assert_eq!(provider.requests().len(), 3);
}

#[tokio::test(start_paused = true)]
async fn an_idempotency_key_makes_a_post_retried_and_goes_with_every_attempt() {
    let (provider, client, keys) = setup().await;
    provider.inject("/orders", Fault::status(503), 1);
    // A POST is not retried by default...
    client.create_order().await.unwrap_err();
    assert_eq!(provider.requests().len(), 1);

    // ...unless the call says it is safe to repeat.
    provider.reset_stats();
    provider.inject("/orders", Fault::status(503), 2);
    client
        .create_order()
        .header("Idempotency-Key", "order-2026-0042")
        .retry_non_idempotent(true)
        .await
        .unwrap();
    assert_eq!(provider.requests().len(), 3);
    assert_eq!(*keys.lock().unwrap(), ["order-2026-0042"]);
}

#[tokio::test(start_paused = true)]
async fn headers_that_cannot_be_sent_fail_the_call_without_quoting_the_value() {
    let (provider, client, _) = setup().await;
    let err = client
        .create_order()
        .header("bad name", "x")
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidRequest { .. }), "{err:?}");
    assert!(
        err.to_string().contains("`bad name` is not a header name"),
        "{err}"
    );

    let err = client
        .create_order()
        .header("x-request-secret", "s3cr3t\nvalue")
        .await
        .unwrap_err();
    let shown = format!("{err} {err:?}");
    assert!(shown.contains("`x-request-secret`"), "{shown}");
    assert!(!shown.contains("s3cr3t"), "{shown}");

    let err = client
        .create_order()
        .header("Authorization", "Bearer someone-else")
        .await
        .unwrap_err();
    assert!(err.to_string().contains("client's credential"), "{err}");
    assert!(!format!("{err:?}").contains("someone-else"), "{err:?}");
    assert_eq!(provider.requests().len(), 0, "nothing was sent");
}

#[tokio::test]
async fn settings_on_a_fakes_call_change_nothing() {
    let call: ApiCall<'_, u32> = ApiCall::ready(Ok(7));
    let answer = call
        .timeout(Duration::from_millis(1))
        .max_attempts(1)
        .header("x", "y")
        .await
        .unwrap();
    assert_eq!(answer, 7);
}
