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

/// An echo server on loopback: what the proxy is put in front of.
async fn echo_server() -> std::net::SocketAddr {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut buf = [0u8; 1024];
                while let Ok(n @ 1..) = socket.read(&mut buf).await {
                    if socket.write_all(&buf[..n]).await.is_err() {
                        return;
                    }
                }
            });
        }
    });
    addr
}

#[tokio::test]
async fn the_proxy_relays_then_cuts_every_open_connection_and_accepts_new_ones() {
    use auth_core::testkit::TcpProxy;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let proxy = TcpProxy::start(echo_server().await).await;
    let mut first = tokio::net::TcpStream::connect(proxy.addr()).await.unwrap();
    let mut second = tokio::net::TcpStream::connect(proxy.addr()).await.unwrap();
    let mut buf = [0u8; 4];
    first.write_all(b"ping").await.unwrap();
    first.read_exact(&mut buf).await.unwrap();
    assert_eq!(&buf, b"ping");

    proxy.cut();
    assert_eq!(
        first.read(&mut buf).await.unwrap_or(0),
        0,
        "closed by the cut"
    );
    assert_eq!(
        second.read(&mut buf).await.unwrap_or(0),
        0,
        "every connection"
    );

    let mut third = tokio::net::TcpStream::connect(proxy.addr()).await.unwrap();
    third.write_all(b"pong").await.unwrap();
    third.read_exact(&mut buf).await.unwrap();
    assert_eq!(&buf, b"pong", "a new connection works after the cut");
}

#[tokio::test(start_paused = true)]
async fn the_proxy_holds_back_what_is_sent_by_its_delay() {
    use auth_core::testkit::TcpProxy;
    use std::time::Duration;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let proxy = TcpProxy::start(echo_server().await).await;
    proxy.set_delay(Duration::from_millis(300));
    let mut conn = tokio::net::TcpStream::connect(proxy.addr()).await.unwrap();
    let sent = tokio::time::Instant::now();
    conn.write_all(b"late").await.unwrap();
    let mut buf = [0u8; 4];
    conn.read_exact(&mut buf).await.unwrap();
    assert_eq!(&buf, b"late");
    assert!(
        sent.elapsed() >= Duration::from_millis(300),
        "{:?}",
        sent.elapsed()
    );
}
