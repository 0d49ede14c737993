//! The token runtime under clients this crate did not generate: a reqwest-middleware
//! stack and a tower stack get their tokens, 401 replays and rate-limit waits from a
//! `TokenCache`, against the test provider.
#![cfg(all(feature = "middleware", feature = "tower", feature = "testkit"))]

use std::time::Duration;

use auth_core::middleware::{TokenLayer, TokenMiddleware};
use auth_core::testkit::{Fault, Reply, Route, TestProvider};
use auth_core::{ClientCredentials, TokenCache};
use serde_json::json;

async fn provider() -> TestProvider {
    TestProvider::builder()
        .route(
            Route::get("/orders/{id}")
                .scope("can_read_order")
                .respond(|req| Reply::json(200, json!({ "id": req.param("id") }))),
        )
        .start()
        .await
}

fn cache(provider: &TestProvider) -> TokenCache {
    TokenCache::new(
        ClientCredentials::new(
            &provider.token_url(),
            provider.client_id(),
            provider.client_secret(),
        )
        .unwrap(),
    )
}

#[tokio::test]
async fn reqwest_middleware_attaches_tokens_and_replays_once_after_a_401() {
    let provider = provider().await;
    let cache = cache(&provider);
    let client = reqwest_middleware::ClientBuilder::new(auth_core::api_http_client())
        .with(TokenMiddleware::new(cache.clone()))
        .build();
    for id in 1..=5 {
        let response = client
            .get(provider.url(&format!("/orders/{id}")))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
    }
    assert_eq!(
        provider.stats().token_requests,
        1,
        "one token for every request"
    );

    // The provider revokes the token: the next request is replayed once with a new one.
    let first = cache.peek().unwrap();
    provider.revoke(auth_core::secrecy::ExposeSecret::expose_secret(
        first.secret(),
    ));
    let response = client.get(provider.url("/orders/6")).send().await.unwrap();
    assert_eq!(response.status(), 200);
    let stats = provider.stats();
    assert_eq!(stats.token_requests, 2);
    assert_eq!(stats.unauthorized, 1);
}

#[tokio::test]
async fn concurrent_401s_share_one_refresh() {
    let provider = provider().await;
    let cache = cache(&provider);
    let client = reqwest_middleware::ClientBuilder::new(auth_core::api_http_client())
        .with(TokenMiddleware::new(cache.clone()))
        .build();
    client.get(provider.url("/orders/0")).send().await.unwrap();
    let stale = cache.peek().unwrap();
    provider.revoke(auth_core::secrecy::ExposeSecret::expose_secret(
        stale.secret(),
    ));
    let calls: Vec<_> = (0..20)
        .map(|i| {
            let (client, url) = (client.clone(), provider.url(&format!("/orders/{i}")));
            tokio::spawn(async move { client.get(url).send().await.unwrap().status() })
        })
        .collect();
    for call in calls {
        assert_eq!(call.await.unwrap(), 200);
    }
    assert_eq!(
        provider.stats().token_requests,
        2,
        "one refresh for all the 401s"
    );
}

#[tokio::test(start_paused = true)]
async fn short_rate_limits_are_waited_out_when_asked() {
    let provider = provider().await;
    let cache = cache(&provider);
    let client = reqwest_middleware::ClientBuilder::new(auth_core::api_http_client())
        .with(TokenMiddleware::new(cache.clone()).wait_on_rate_limits(Duration::from_secs(5)))
        .build();
    provider.inject("/orders/", Fault::retry_after(429, "2"), 1);
    let start = tokio::time::Instant::now();
    let response = client.get(provider.url("/orders/1")).send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert!(start.elapsed() >= Duration::from_secs(2));

    // Longer than allowed: the 429 comes back as it came.
    provider.inject("/orders/", Fault::retry_after(429, "60"), 1);
    let response = client.get(provider.url("/orders/2")).send().await.unwrap();
    assert_eq!(response.status(), 429);
}

#[tokio::test]
async fn a_token_that_cannot_be_had_is_a_middleware_error_naming_the_cause() {
    let provider = provider().await;
    let cache = TokenCache::new(
        ClientCredentials::new(&provider.token_url(), provider.client_id(), "wrong").unwrap(),
    );
    let client = reqwest_middleware::ClientBuilder::new(auth_core::api_http_client())
        .with(TokenMiddleware::new(cache))
        .build();
    let err = client
        .get(provider.url("/orders/1"))
        .send()
        .await
        .unwrap_err();
    assert!(err.to_string().contains("invalid_client"), "{err}");
    assert!(
        provider.requests().iter().all(|r| r.path != "/orders/1"),
        "nothing sent"
    );
}

#[tokio::test]
async fn a_tower_stack_over_hyper_gets_tokens_and_replays() {
    use http_body_util::{BodyExt as _, Empty};
    use tower::{Service as _, ServiceExt as _};

    let provider = provider().await;
    let cache = cache(&provider);
    let hyper = hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new())
        .build_http::<Empty<bytes::Bytes>>();
    let mut service = tower::ServiceBuilder::new()
        .layer(TokenLayer::new(TokenMiddleware::new(cache.clone())))
        .service(hyper);
    let get = |path: &str| {
        http::Request::get(provider.url(path))
            .body(Empty::<bytes::Bytes>::new())
            .unwrap()
    };
    let response = service
        .ready()
        .await
        .unwrap()
        .call(get("/orders/1"))
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let body = response.into_body().collect().await.unwrap().to_bytes();
    assert_eq!(&body[..], br#"{"id":"1"}"#);

    let first = cache.peek().unwrap();
    provider.revoke(auth_core::secrecy::ExposeSecret::expose_secret(
        first.secret(),
    ));
    let response = service
        .ready()
        .await
        .unwrap()
        .call(get("/orders/2"))
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(provider.stats().token_requests, 2);
}

auth_core::scopes! {
    /// Scopes.
    pub mod shop { can_read_order }
}

#[auth_core::api(scopes = shop)]
trait Shop {
    #[get("/orders/{id}")]
    #[authenticated(scope = "can_read_order")]
    async fn get_order(&self, id: u32) -> Result<serde_json::Value, auth_core::Error>;
}

/// A middleware of the application's own, which sees every request the client sends.
struct Recorder(std::sync::Arc<std::sync::Mutex<Vec<String>>>);

#[async_trait::async_trait]
impl reqwest_middleware::Middleware for Recorder {
    async fn handle(
        &self,
        req: reqwest::Request,
        extensions: &mut http::Extensions,
        next: reqwest_middleware::Next<'_>,
    ) -> reqwest_middleware::Result<reqwest::Response> {
        self.0
            .lock()
            .unwrap()
            .push(format!("{} {}", req.method(), req.url().path()));
        next.run(req, extensions).await
    }
}

#[tokio::test]
async fn a_generated_client_runs_over_the_applications_own_middleware_stack() {
    let provider = provider().await;
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let stack = reqwest_middleware::ClientBuilder::new(auth_core::api_http_client())
        .with(Recorder(seen.clone()))
        .build();
    let client = ShopClient::with_base_url(
        auth_core::Scoped::<shop::All>::assume_granted(cache(&provider)),
        &provider.base_url(),
    )
    .unwrap()
    .with_transport(stack.into());
    assert_eq!(client.get_order(7).await.unwrap()["id"], "7");
    // A 401 replay goes through the stack too.
    let token = client.token_cache().peek().unwrap();
    provider.revoke(auth_core::secrecy::ExposeSecret::expose_secret(
        token.secret(),
    ));
    client.get_order(8).await.unwrap();
    assert_eq!(
        *seen.lock().unwrap(),
        ["GET /orders/7", "GET /orders/8", "GET /orders/8"]
    );

    // And over a tower stack.
    let tower_client = client.with_transport(auth_core::Transport::tower(
        tower::ServiceBuilder::new()
            .map_request(|req: reqwest::Request| req)
            .service(auth_core::api_http_client()),
    ));
    assert_eq!(tower_client.get_order(9).await.unwrap()["id"], "9");
}
