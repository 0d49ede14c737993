//! End to end: a merchant-style API trait, generated into a client, against the loopback
//! test provider: typed results, refresh ahead of expiry, 401 → one refresh and replay,
//! 403 → the error naming the method's scope, and runtime scope checks.

use std::time::Duration;

use auth_core::testkit::{Reply, Route, TestProvider};
use auth_core::{
    ClientCredentials, Error, RawResponse, Scoped, StaticToken, TokenCache, api, scopes,
};
use serde::{Deserialize, Serialize};
use serde_json::json;

scopes! {
    /// The merchant API's permissions.
    pub mod merchant {
        /// Read orders.
        can_read_order,
        /// Write orders.
        can_write_order => can_read_order,
        /// Read sales channels.
        can_read_sales_channels,
    }
}

#[derive(Debug, Deserialize, PartialEq)]
struct Order {
    id: String,
    status: String,
}

#[derive(Serialize)]
struct Filter {
    status: &'static str,
    tags: Vec<&'static str>,
}

#[derive(Serialize)]
struct NewOrder {
    sku: &'static str,
}

#[api(scopes = merchant)]
trait Orders {
    #[get("/orders/{id}")]
    #[authenticated(scope = "can_read_order")]
    async fn get_order(&self, id: &str) -> Result<Order, Error>;

    #[get("/orders")]
    #[authenticated(scope = "can_read_order")]
    async fn list_orders(
        &self,
        #[query] filter: &Filter,
        #[query] page: u32,
    ) -> Result<serde_json::Value, Error>;

    #[post("/orders")]
    #[authenticated(scope = "can_write_order")]
    async fn create_order(
        &self,
        #[body] order: &NewOrder,
        #[header("Idempotency-Key")] key: &str,
    ) -> Result<RawResponse, Error>;

    #[get("/health")]
    #[public]
    async fn health(&self) -> Result<(), Error>;
}

fn provider() -> auth_core::testkit::Builder {
    TestProvider::builder()
        .route(
            Route::get("/orders/{id}")
                .scope("can_read_order")
                .respond(|req| {
                    Reply::json(200, json!({ "id": req.param("id"), "status": "open" }))
                }),
        )
        .route(
            Route::get("/orders")
                .scope("can_read_order")
                .respond(|req| Reply::json(200, json!({ "query": req.query }))),
        )
        .route(
            Route::post("/orders")
                .scope("can_write_order")
                .respond(|req| {
                    Reply::json(
                        201,
                        json!({
                            "body": String::from_utf8_lossy(&req.body),
                            "key": req.header("idempotency-key"),
                        }),
                    )
                }),
        )
        .route(Route::get("/health").public())
}

fn client_credentials(provider: &TestProvider) -> TokenCache {
    TokenCache::new(
        ClientCredentials::new(
            &provider.token_url(),
            provider.client_id(),
            provider.client_secret(),
        )
        .unwrap()
        .scopes(OrdersClient::MANIFEST.scopes),
    )
}

#[tokio::test(start_paused = true)]
async fn typed_results_and_refresh_ahead_of_expiry() {
    let provider = provider()
        .token_lifetime(Duration::from_secs(60))
        .start()
        .await;
    let token =
        Scoped::<merchant::Of<merchant::can_write_order>>::verify(client_credentials(&provider))
            .await
            .unwrap();
    let client = OrdersClient::with_base_url(token, &provider.base_url()).unwrap();

    let order = client.get_order("A/1 b").await.unwrap();
    assert_eq!(
        order,
        Order {
            id: "A/1 b".into(),
            status: "open".into()
        }
    );

    let listed = client
        .list_orders(
            &Filter {
                status: "open & paid",
                tags: vec!["x", "y"],
            },
            2,
        )
        .await
        .unwrap();
    assert_eq!(listed["query"], "status=open+%26+paid&tags=x&tags=y&page=2");

    let created = client
        .create_order(&NewOrder { sku: "sku-1" }, "key-1")
        .await
        .unwrap();
    assert_eq!(created.status.as_u16(), 201);
    let created: serde_json::Value = created.json().unwrap();
    assert_eq!(created["body"], r#"{"sku":"sku-1"}"#);
    assert_eq!(created["key"], "key-1");
    client.health().await.unwrap();
    assert_eq!(provider.stats().token_requests, 1);

    // Past the refresh point (≈ 30 s of a 60 s token): the next call still succeeds and
    // a new token is fetched in the background.
    tokio::time::advance(Duration::from_secs(31)).await;
    // Let the cache's timer see the new time (it marks the token due; no clock is read
    // on the hot path).
    tokio::task::yield_now().await;
    client.get_order("2").await.unwrap();
    for _ in 0..10 {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(provider.stats().token_requests, 2);
    // Long past expiry: a new token before the call.
    tokio::time::advance(Duration::from_secs(120)).await;
    tokio::task::yield_now().await;
    client.get_order("3").await.unwrap();
    assert_eq!(provider.stats().token_requests, 3);
    assert_eq!(provider.stats().unauthorized, 0);
}

#[tokio::test(start_paused = true)]
async fn a_revoked_token_is_refreshed_once_and_the_call_replayed() {
    let provider = provider().start().await;
    let cache = client_credentials(&provider);
    let client = OrdersClient::with_base_url(
        Scoped::<merchant::All>::assume_granted(cache.clone()),
        &provider.base_url(),
    )
    .unwrap();
    client.get_order("1").await.unwrap();
    let first = cache.peek().unwrap();
    provider.revoke(auth_core::secrecy::ExposeSecret::expose_secret(
        first.secret(),
    ));

    // Fifty calls with the revoked token: each gets 401 once, one refresh, all succeed.
    let calls: Vec<_> = (0..50)
        .map(|i| {
            let client = client.clone();
            tokio::spawn(async move { client.get_order(&i.to_string()).await })
        })
        .collect();
    for call in calls {
        call.await.unwrap().unwrap();
    }
    let stats = provider.stats();
    assert_eq!(stats.token_requests, 2, "one refresh for all the 401s");
    assert!(stats.unauthorized >= 1 && stats.unauthorized <= 50);
}

#[tokio::test(start_paused = true)]
async fn a_403_is_the_error_for_the_methods_scope() {
    // The provider grants only reading; the application believed the token could write.
    let provider = provider().scopes(["can_read_order"]).start().await;
    let token = Scoped::<merchant::Of<merchant::can_write_order>>::assume_granted(
        client_credentials(&provider),
    );
    let client = OrdersClient::with_base_url(token, &provider.base_url()).unwrap();
    let err = client
        .create_order(&NewOrder { sku: "s" }, "k")
        .await
        .unwrap_err();
    let Error::Forbidden {
        error,
        required,
        insufficient_scope,
    } = &err
    else {
        panic!("{err:?}")
    };
    assert_eq!(error.method, "create_order");
    assert_eq!(error.status.as_u16(), 403);
    assert_eq!(required.to_string(), "scope `can_write_order`");
    assert_eq!(insufficient_scope.as_deref(), Some("can_write_order"));
    let msg = err.to_string();
    assert!(
        msg.contains("`create_order`") && msg.contains("can_write_order"),
        "{msg}"
    );
    assert_eq!(
        provider.stats().api("POST /orders"),
        1,
        "403 is never retried"
    );

    // Checking at run time instead would have caught it before any call.
    let err =
        Scoped::<merchant::Of<merchant::can_write_order>>::verify(client_credentials(&provider))
            .await
            .unwrap_err();
    let Error::MissingScopes(missing) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(missing.missing, ["can_write_order"]);
}

#[tokio::test(start_paused = true)]
async fn a_rejected_static_token_says_to_create_a_new_one() {
    let provider = provider().start().await;
    let issued = provider.issue_token(&["can_read_order"], None);
    let token = StaticToken::new(issued.clone()).unwrap();
    let client = OrdersClient::with_base_url(
        Scoped::<merchant::Of<merchant::can_read_order>>::assume_granted(token.clone()),
        &provider.base_url(),
    )
    .unwrap();
    client.get_order("1").await.unwrap();
    provider.revoke(&issued);
    let err = client.get_order("1").await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::Unauthorized {
                renewable: false,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(
        err.to_string()
            .contains("invalid, inactive, expired or revoked"),
        "{err}"
    );
    assert_eq!(
        provider.stats().api("GET /orders/{id}"),
        2,
        "a static token is not replayed"
    );

    // Rotating the token fixes every client built from it.
    token
        .rotate(provider.issue_token(&["can_read_order"], None), None)
        .unwrap();
    client.get_order("1").await.unwrap();
}

#[test]
fn the_manifest_lists_every_method_and_the_scopes_to_request() {
    let manifest = OrdersClient::MANIFEST;
    assert_eq!(manifest.scopes, ["can_read_order", "can_write_order"]);
    let create = manifest.endpoint("create_order").unwrap();
    assert_eq!((create.method, create.path), ("POST", "/orders"));
    assert!(!create.is_idempotent());
    let text = manifest.to_string();
    assert!(
        text.contains("GET /health") && text.contains("no token (public)"),
        "{text}"
    );
    assert!(manifest.to_json().contains(r#""name": "get_order""#));
}

/// Provider B as documented: JSON client credentials at `/v1/bearer-token`, no scopes,
/// and `GET /v1/vendor`.
#[api(production = "https://vendor.example")]
trait VendorPortal {
    /// The vendor account.
    #[get("/v1/vendor")]
    #[authenticated]
    async fn vendor(&self) -> Result<serde_json::Value, Error>;
}

#[tokio::test]
async fn a_provider_without_scopes_end_to_end() {
    let provider = TestProvider::builder()
        .route(Route::get("/v1/vendor").json(json!({ "id": 42, "name": "ACME" })))
        .start()
        .await;
    let source = auth_core::JsonClientCredentials::new(
        &provider.base_url(),
        provider.client_id(),
        provider.client_secret(),
    )
    .unwrap();
    let cache = TokenCache::new(source);
    let client =
        VendorPortalClient::with_base_url(Scoped::unscoped(cache.clone()), &provider.base_url())
            .unwrap();
    assert_eq!(client.vendor().await.unwrap()["name"], "ACME");
    assert_eq!(provider.stats().grant("json_client_credentials"), 1);
    assert_eq!(
        VendorPortalClient::MANIFEST.endpoints[0].auth.to_string(),
        "a valid token"
    );

    // A merchant-style token type works with it too: the method asks for no scope.
    let scoped = VendorPortalClient::with_base_url(
        Scoped::<merchant::All>::assume_granted(cache.clone()),
        &provider.base_url(),
    )
    .unwrap();
    scoped.vendor().await.unwrap();

    // `verify` on a provider that reports no scopes says which conversion to use.
    let err = Scoped::<merchant::Of<merchant::can_read_order>>::verify(cache)
        .await
        .unwrap_err()
        .to_string();
    assert!(err.contains("Scoped::unscoped"), "{err}");
    assert!(err.contains("Scoped::assume_granted"), "{err}");
}
