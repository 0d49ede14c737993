//! progenitor's client, auth-core's tokens: against the loopback test provider.

use auth_core::testkit::{Reply, Route, TestProvider};
use auth_core::{ClientCredentials, TokenCache};
use interop_progenitor::{Client, Runtime};

async fn provider() -> TestProvider {
    TestProvider::builder()
        .route(
            Route::get("/orders/{id}")
                .scope("can_read_order")
                .respond(|req| Reply::json(200, serde_json::json!({ "id": req.param("id") }))),
        )
        .start()
        .await
}

#[tokio::test]
async fn a_progenitor_client_gets_tokens_and_401_replays_from_the_middleware() {
    let provider = provider().await;
    let tokens = TokenCache::new(
        ClientCredentials::new(
            &provider.token_url(),
            provider.client_id(),
            provider.client_secret(),
        )
        .unwrap(),
    );
    let http = auth_core::api_http_client();
    let client = Client::new_with_client(
        &provider.base_url(),
        http.clone(),
        Runtime::new(http, tokens.clone()),
    );

    for id in ["1", "2", "3"] {
        let order = client.get_order(id).await.unwrap();
        assert_eq!(order.id, id);
    }
    assert_eq!(
        provider.stats().token_requests,
        1,
        "one token for every call"
    );

    // The provider revokes the token: the next call gets a 401, a new token, one replay.
    let token = tokens.peek().unwrap();
    provider.revoke(auth_core::secrecy::ExposeSecret::expose_secret(
        token.secret(),
    ));
    assert_eq!(client.get_order("4").await.unwrap().id, "4");
    let stats = provider.stats();
    assert_eq!(stats.token_requests, 2);
    assert_eq!(stats.unauthorized, 1);
}

#[tokio::test]
async fn a_token_endpoint_refusal_is_a_typed_error_and_nothing_is_sent() {
    let provider = provider().await;
    let tokens = TokenCache::new(
        ClientCredentials::new(&provider.token_url(), provider.client_id(), "wrong").unwrap(),
    );
    let http = auth_core::api_http_client();
    let client = Client::new_with_client(
        &provider.base_url(),
        http.clone(),
        Runtime::new(http, tokens),
    );
    let err = client.get_order("1").await.unwrap_err();
    assert!(err.to_string().contains("invalid_client"), "{err}");
    assert!(provider.requests().iter().all(|r| r.path != "/orders/1"));
}
