//! The request pipeline against the loopback provider's faults, under paused time: each
//! case ends after a bounded number of requests (the provider's counters say how many)
//! with the expected typed error or success.

use std::time::{Duration, SystemTime};

use auth_core::testkit::{Fault, Reply, Route, TestProvider};
use auth_core::{
    BodyKind, ClientConfig, ClientCredentials, Error, Scoped, TokenCache, TransportErrorKind, api,
    scopes,
};
use serde::Deserialize;
use tokio::time::Instant;

scopes! {
    /// Scopes.
    pub mod merchant { can_read_order, can_write_order }
}

#[derive(Debug, Deserialize)]
struct Order {
    id: String,
}

#[api(scopes = merchant)]
trait Orders {
    #[get("/orders/{id}")]
    #[authenticated(scope = "can_read_order")]
    async fn get_order(&self, id: &str) -> Result<Order, Error>;

    #[post("/orders")]
    #[authenticated(scope = "can_write_order")]
    async fn create_order(&self) -> Result<(), Error>;

    #[get("/redirect")]
    #[authenticated(scope = "can_read_order")]
    async fn follow(&self, #[query] to: &str) -> Result<Order, Error>;
}

type Client = OrdersClient<merchant::Of<(merchant::can_read_order, merchant::can_write_order)>>;

fn routes() -> auth_core::testkit::Builder {
    TestProvider::builder()
        .route(
            Route::get("/orders/{id}")
                .scope("can_read_order")
                .respond(|req| Reply::json(200, serde_json::json!({ "id": req.param("id") }))),
        )
        .route(Route::post("/orders").scope("can_write_order"))
}

async fn setup(config: ClientConfig) -> (TestProvider, Client) {
    let provider = routes().start().await;
    let client = client_for(&provider, config);
    // Fetch the token first, so that counts below are API requests only.
    client.token_cache().token().await.unwrap();
    provider.reset_stats();
    (provider, client)
}

fn client_for(provider: &TestProvider, config: ClientConfig) -> Client {
    let cache = TokenCache::new(
        ClientCredentials::new(
            &provider.token_url(),
            provider.client_id(),
            provider.client_secret(),
        )
        .unwrap(),
    );
    OrdersClient::with_base_url(Scoped::assume_granted(cache), &provider.base_url())
        .unwrap()
        .with_config(config)
}

/// Requests the provider received for orders (faulted ones included).
fn gets(provider: &TestProvider) -> usize {
    provider
        .requests()
        .iter()
        .filter(|r| r.path.starts_with("/orders/"))
        .count()
}

/// `(fault, times injected, expected requests, expected outcome)` for a GET.
#[tokio::test(start_paused = true)]
async fn fault_matrix_for_an_idempotent_call() {
    enum Expect {
        Ok,
        Api(u16, BodyKind),
        RateLimited,
        Transport(TransportErrorKind),
        Decode,
    }
    let cases: Vec<(&str, Fault, usize, usize, Expect)> = vec![
        ("500 once", Fault::status(500), 1, 2, Expect::Ok),
        (
            "500 always",
            Fault::status(500),
            10,
            3,
            Expect::Api(500, BodyKind::Json),
        ),
        ("502 once", Fault::status(502), 1, 2, Expect::Ok),
        (
            "503 with Retry-After",
            Fault::retry_after(503, "2"),
            1,
            2,
            Expect::Ok,
        ),
        ("503 without a header", Fault::status(503), 1, 2, Expect::Ok),
        (
            "429 with Retry-After",
            Fault::retry_after(429, "1"),
            1,
            2,
            Expect::Ok,
        ),
        (
            "429 with X-RateLimit-Reset seconds",
            Fault::rate_limit_reset("3"),
            1,
            2,
            Expect::Ok,
        ),
        ("429 without a header", Fault::status(429), 1, 2, Expect::Ok),
        ("429 always", Fault::status(429), 10, 3, Expect::RateLimited),
        (
            "HTML error page",
            Fault::html(502),
            10,
            3,
            Expect::Api(502, BodyKind::Html),
        ),
        (
            "empty body",
            Fault::empty(500),
            10,
            3,
            Expect::Api(500, BodyKind::Empty),
        ),
        (
            "10 MiB error body",
            Fault::huge(500, 10 << 20),
            10,
            3,
            Expect::Api(500, BodyKind::Other),
        ),
        (
            "connection closed mid-body",
            Fault::CloseMidBody,
            1,
            2,
            Expect::Ok,
        ),
        (
            "connection closed mid-body always",
            Fault::CloseMidBody,
            10,
            3,
            Expect::Transport(TransportErrorKind::Body),
        ),
        (
            "slow answer past the timeout",
            Fault::Delay(Duration::from_secs(60)),
            1,
            2,
            Expect::Ok,
        ),
        (
            "malformed JSON",
            Fault::malformed_json(),
            1,
            1,
            Expect::Decode,
        ),
        (
            "404",
            Fault::status(404),
            1,
            1,
            Expect::Api(404, BodyKind::Json),
        ),
    ];
    for (name, fault, times, requests, expect) in cases {
        let config = ClientConfig::default().attempt_timeout(Duration::from_secs(5));
        let (provider, client) = setup(config).await;
        provider.inject("/orders/", fault, times);
        let result = client.get_order("1").await;
        let ok = match (&result, &expect) {
            (Ok(order), Expect::Ok) => order.id == "1",
            (Err(Error::Api(e)), Expect::Api(status, body)) => {
                e.status.as_u16() == *status && e.body == *body
            }
            (
                Err(Error::RateLimited {
                    error: Some(_),
                    attempts: 3,
                    ..
                }),
                Expect::RateLimited,
            ) => true,
            (Err(Error::Transport(e)), Expect::Transport(kind)) => e.kind == *kind,
            (Err(Error::Decode { .. }), Expect::Decode) => true,
            _ => false,
        };
        assert!(ok, "{name}: unexpected {result:?}");
        assert_eq!(gets(&provider), requests, "{name}: requests sent");
    }
}

#[tokio::test(start_paused = true)]
async fn server_waits_are_honoured() {
    let (provider, client) = setup(ClientConfig::default()).await;
    for (fault, least, most) in [
        (Fault::retry_after(429, "2"), 2.0, 2.5),
        (Fault::retry_after(503, "1"), 1.0, 1.5),
        (Fault::rate_limit_reset("3"), 3.0, 3.5),
        (
            Fault::rate_limit_reset(
                (SystemTime::now()
                    .duration_since(SystemTime::UNIX_EPOCH)
                    .unwrap()
                    .as_secs()
                    + 4)
                .to_string(),
            ),
            2.0,
            4.5,
        ),
        (
            Fault::retry_after(
                429,
                httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(4)),
            ),
            2.0,
            4.5,
        ),
    ] {
        provider.inject("/orders/", fault, 1);
        let start = Instant::now();
        client.get_order("1").await.unwrap();
        let waited = start.elapsed().as_secs_f64();
        assert!(
            (least..=most).contains(&waited),
            "waited {waited} s, expected {least}..{most}"
        );
    }
    assert_eq!(gets(&provider), 10);
}

#[tokio::test(start_paused = true)]
async fn a_long_reset_holds_the_client_instead_of_hammering() {
    let (provider, client) = setup(ClientConfig::default()).await;
    provider.inject("/orders/", Fault::rate_limit_reset("600"), 1);
    let start = Instant::now();
    let err = client.get_order("1").await.unwrap_err();
    assert_eq!(start.elapsed(), Duration::ZERO, "no wait inside the call");
    assert!(
        matches!(err, Error::RateLimited { error: Some(_), .. }),
        "{err:?}"
    );
    assert_eq!(err.retry_after(), Some(Duration::from_secs(600)));
    assert!(err.to_string().contains("try again in 600 s"), "{err}");

    // Further calls, of any method, are refused locally until the reset.
    for _ in 0..10 {
        let err = client.get_order("2").await.unwrap_err();
        assert!(
            matches!(err, Error::RateLimited { error: None, .. }),
            "{err:?}"
        );
        assert!(err.retry_after().unwrap() <= Duration::from_secs(600));
        assert!(err.to_string().contains("nothing was sent"), "{err}");
    }
    assert!(client.create_order().await.is_err());
    assert_eq!(provider.requests().len(), 1);

    tokio::time::advance(Duration::from_secs(601)).await;
    client.get_order("3").await.unwrap();
    assert_eq!(provider.requests().len(), 2);
}

#[tokio::test(start_paused = true)]
async fn non_idempotent_calls_are_not_retried_unless_configured() {
    let (provider, client) = setup(ClientConfig::default()).await;
    provider.inject("/orders", Fault::status(503), 1);
    let err = client.create_order().await.unwrap_err();
    assert!(
        matches!(&err, Error::Api(e) if e.status.as_u16() == 503),
        "{err:?}"
    );
    assert_eq!(provider.stats().faults, 1);
    assert_eq!(provider.requests().len(), 1);

    // 429 means the server did not process the request: retried for any method.
    provider.inject("/orders", Fault::retry_after(429, "1"), 1);
    client.create_order().await.unwrap();
    assert_eq!(provider.requests().len(), 3);

    // Per method...
    let retrying = client.with_config(ClientConfig::default().retry_method("create_order", true));
    provider.inject("/orders", Fault::status(500), 1);
    retrying.create_order().await.unwrap();
    assert_eq!(provider.requests().len(), 5);
    // ...and per client.
    let retrying = client.with_config(ClientConfig::default().retry_non_idempotent(true));
    provider.inject("/orders", Fault::status(502), 2);
    retrying.create_order().await.unwrap();
    assert_eq!(provider.requests().len(), 8);
}

#[tokio::test(start_paused = true)]
async fn the_retry_budget_stops_a_retry_storm() {
    let (provider, client) = setup(ClientConfig::default()).await;
    provider.inject("/orders/", Fault::status(500), 1000);
    for _ in 0..20 {
        client.get_order("1").await.unwrap_err();
    }
    // 10 retries in reserve: 5 calls use 3 attempts, the other 15 just one.
    assert_eq!(gets(&provider), 5 * 3 + 15);
}

#[tokio::test(start_paused = true)]
async fn the_call_deadline_bounds_slow_servers() {
    let config = ClientConfig::default()
        .attempt_timeout(Duration::from_secs(30))
        .deadline(Duration::from_secs(45));
    let (provider, client) = setup(config).await;
    provider.inject("/orders/", Fault::Delay(Duration::from_secs(3600)), 10);
    let start = Instant::now();
    let err = client.get_order("1").await.unwrap_err();
    assert_eq!(start.elapsed(), Duration::from_secs(45));
    let Error::Transport(e) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(e.kind, TransportErrorKind::Timeout);
    assert!(err.to_string().contains("deadline"), "{err}");
    assert!(provider.requests().len() <= 2);
}

#[tokio::test(start_paused = true)]
async fn a_connection_that_cannot_be_opened_is_retried_even_for_posts() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let provider = routes().start().await;
    let cache = TokenCache::new(
        ClientCredentials::new(
            &provider.token_url(),
            provider.client_id(),
            provider.client_secret(),
        )
        .unwrap(),
    );
    let client: Client = OrdersClient::with_base_url(
        Scoped::assume_granted(cache),
        &format!("http://127.0.0.1:{port}"),
    )
    .unwrap();
    let start = Instant::now();
    let err = client.create_order().await.unwrap_err();
    assert!(
        matches!(&err, Error::Transport(e) if e.kind == TransportErrorKind::Connect),
        "{err:?}"
    );
    assert!(
        start.elapsed() > Duration::ZERO,
        "backed off between attempts"
    );
    assert!(
        start.elapsed() <= Duration::from_millis(600),
        "two backoffs of at most 0.2 and 0.4 s"
    );
}

#[tokio::test(start_paused = true)]
async fn the_adaptive_throttle_spaces_requests_when_the_quota_runs_low() {
    let provider = TestProvider::builder()
        .route(
            Route::get("/orders/{id}")
                .scope("can_read_order")
                .respond(|req| {
                    Reply::json(200, serde_json::json!({ "id": req.param("id") }))
                        .header("x-ratelimit-limit", "100")
                        .header("x-ratelimit-remaining", "4")
                        .header("x-ratelimit-reset", "10")
                }),
        )
        .start()
        .await;
    let plain = client_for(&provider, ClientConfig::default());
    let start = Instant::now();
    for _ in 0..4 {
        plain.get_order("1").await.unwrap();
    }
    assert_eq!(start.elapsed(), Duration::ZERO);

    let throttled = client_for(&provider, ClientConfig::default().adaptive_throttle(true));
    let start = Instant::now();
    for _ in 0..4 {
        throttled.get_order("1").await.unwrap();
    }
    // 4 left of 100 with 10 s to go: one request every 2 s.
    assert_eq!(start.elapsed(), Duration::from_secs(6));
}

#[tokio::test(start_paused = true)]
async fn authorization_is_not_forwarded_when_a_redirect_leaves_the_origin() {
    let origin = routes().start().await;
    let elsewhere = routes().start().await;
    let client = client_for(&origin, ClientConfig::default());

    // Same origin: the token goes along.
    let order = client.follow(&origin.url("/orders/7")).await.unwrap();
    assert_eq!(order.id, "7");
    assert!(
        origin
            .requests()
            .iter()
            .all(|r| r.had_authorization || r.path == "/oauth/token")
    );

    // Another origin: it does not (so that server answers 401).
    let err = client
        .follow(&elsewhere.url("/orders/7"))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Unauthorized { .. }), "{err:?}");
    let leaked: Vec<_> = elsewhere
        .requests()
        .into_iter()
        .filter(|r| r.had_authorization)
        .collect();
    assert!(leaked.is_empty(), "{leaked:?}");
}

#[tokio::test]
async fn tokens_are_only_sent_over_https_or_to_loopback_and_allowed_hosts() {
    let provider = routes().start().await;
    let cache = TokenCache::new(
        ClientCredentials::new(&provider.token_url(), "client-1", "secret-1").unwrap(),
    );
    let err = OrdersClient::with_base_url(
        Scoped::<merchant::All>::assume_granted(cache.clone()),
        "http://api.merchant.example",
    )
    .unwrap_err();
    assert!(matches!(err, Error::InsecureTransport { .. }), "{err:?}");
    assert!(err.to_string().contains("plain http"), "{err}");

    let client = client_for(
        &provider,
        ClientConfig::default().allowed_hosts(["api.merchant.example"]),
    );
    let err = client.get_order("1").await.unwrap_err();
    assert!(err.to_string().contains("allow-list"), "{err}");
    assert!(provider.requests().is_empty(), "nothing was sent");
    let allowed = client.with_config(ClientConfig::default().allowed_hosts(["127.0.0.1"]));
    allowed.get_order("1").await.unwrap();
}

#[tokio::test(start_paused = true)]
async fn an_api_rejecting_every_token_costs_a_token_request_per_backoff_period_not_per_call() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};
    let healthy = Arc::new(AtomicBool::new(false));
    let flag = healthy.clone();
    let provider = TestProvider::builder()
        .route(
            Route::get("/orders/{id}")
                .scope("can_read_order")
                .respond(move |req| {
                    if flag.load(Ordering::SeqCst) {
                        Reply::json(200, serde_json::json!({ "id": req.param("id") }))
                    } else {
                        Reply::json(401, serde_json::json!({ "message": "Unauthorized" }))
                    }
                }),
        )
        .start()
        .await;
    let client = client_for(&provider, ClientConfig::default());

    // A call a second for 200 s, every one refused.
    for i in 0..200 {
        let err = client.get_order(&i.to_string()).await.unwrap_err();
        assert!(
            matches!(
                err,
                Error::Unauthorized {
                    renewable: true,
                    ..
                }
            ),
            "{err}"
        );
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
    let stats = provider.stats();
    let calls = stats.api("GET /orders/{id}");
    assert!(
        calls <= 400,
        "at most one replay per call: {calls} requests"
    );
    // One token for the first call and one for its replay, then one per damping period
    // (5 s, 10 s, 20 s, 40 s, 80 s): about 7, where it used to be 201.
    assert!(
        (3..=10).contains(&stats.token_requests),
        "{} token requests for 200 refused calls",
        stats.token_requests
    );

    // The API recovers: calls succeed, which ends the damping; a later 401 (say, a
    // revoked token) is replayed at once with a new token.
    healthy.store(true, Ordering::SeqCst);
    tokio::time::sleep(Duration::from_secs(600)).await;
    client.get_order("ok").await.unwrap();
    let before = provider.stats().token_requests;
    provider.revoke(auth_core::secrecy::ExposeSecret::expose_secret(
        client.token_cache().peek().unwrap().secret(),
    ));
    client.get_order("again").await.unwrap();
    assert_eq!(provider.stats().token_requests, before + 1);
}

#[tokio::test(start_paused = true)]
async fn faults_that_cannot_pass_on_a_retry_are_not_retried() {
    let (provider, client) = setup(ClientConfig::default()).await;

    // A redirect the policy refuses (to plain http off loopback): one request, not three.
    let err = client
        .follow("http://api.merchant.example/orders/7")
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    assert_eq!(provider.requests().len(), 1, "{:?}", provider.requests());
}

#[tokio::test]
async fn a_failed_tls_handshake_is_not_retried() {
    let (_provider, client) = setup(ClientConfig::default()).await;
    // https to a server that speaks plain http: one connection, not three.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let accepted = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counter = accepted.clone();
    std::thread::spawn(move || {
        use std::io::{Read, Write};
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { return };
            counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            let mut buf = [0u8; 1024];
            let _ = stream.read(&mut buf);
            let _ = stream.write_all(b"HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\n");
        }
    });
    let tls = OrdersClient::with_base_url(
        Scoped::<merchant::All>::assume_granted(client.token_cache().clone()),
        &format!("https://127.0.0.1:{port}"),
    )
    .unwrap();
    let err = tls.get_order("1").await.unwrap_err();
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    assert_eq!(
        accepted.load(std::sync::atomic::Ordering::SeqCst),
        1,
        "{err}"
    );
}

#[tokio::test]
async fn an_answer_over_the_body_limit_is_a_decode_error_naming_the_limit() {
    let (provider, client) = setup(ClientConfig::default().body_limit(20)).await;
    // `{"id":"1"}`: 10 bytes, within the limit.
    assert_eq!(client.get_order("1").await.unwrap().id, "1");

    // `{"id":"a-much-longer-order-identifier"}`: 39 bytes.
    let err = client
        .get_order("a-much-longer-order-identifier")
        .await
        .unwrap_err();
    let Error::Decode { method, reason } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(*method, "get_order");
    assert!(reason.contains("limit of 20 bytes"), "{reason}");
    assert_eq!(gets(&provider), 2, "not retried");
}
