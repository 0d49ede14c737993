//! The test provider itself, as a downstream crate uses it: routing and misbehaving
//! handlers.
#![cfg(feature = "testkit")]

use auth_core::testkit::{Reply, Route, TestProvider};
use serde_json::json;

async fn get(provider: &TestProvider, path: &str) -> (u16, serde_json::Value) {
    let response = auth_core::api_http_client()
        .get(provider.url(path))
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or_default())
}

#[tokio::test]
async fn the_most_specific_route_wins_whatever_the_order() {
    let provider = TestProvider::builder()
        .route(
            Route::get("/orders/{id}")
                .public()
                .json(json!({"route": "by id"})),
        )
        .route(
            Route::get("/orders/search")
                .public()
                .json(json!({"route": "search"})),
        )
        .route(
            Route::get("/{any}/search")
                .public()
                .json(json!({"route": "any search"})),
        )
        .start()
        .await;
    assert_eq!(get(&provider, "/orders/search").await.1["route"], "search");
    assert_eq!(get(&provider, "/orders/7").await.1["route"], "by id");
    assert_eq!(
        get(&provider, "/items/search").await.1["route"],
        "any search"
    );
}

#[tokio::test]
#[should_panic(expected = "two routes for GET /orders/{id} and /orders/{order}")]
async fn two_routes_that_cannot_be_told_apart_are_refused() {
    TestProvider::builder()
        .route(Route::get("/orders/{id}"))
        .route(Route::get("/orders/{order}"))
        .start()
        .await;
}

#[tokio::test]
async fn a_panicking_handler_answers_500_naming_the_panic() {
    let provider = TestProvider::builder()
        .route(
            Route::get("/boom")
                .public()
                .respond(|_| -> Reply { panic!("no such order") }),
        )
        .start()
        .await;
    let (status, body) = get(&provider, "/boom").await;
    assert_eq!(status, 500);
    assert!(
        body["message"].as_str().unwrap().contains("no such order"),
        "{body}"
    );
    // The server goes on serving.
    assert_eq!(get(&provider, "/boom").await.0, 500);
}
