//! An API's documented error answer, read as the provider's own type from any `Error`
//! (`err.body_as::<T>()`), scrubbed of the request's secrets, and never shown by Debug or
//! Display. The answers follow DigitalOcean's documented `error` schema (`id`, `message`,
//! `request_id`; https://docs.digitalocean.com/reference/api/digitalocean/#section/Introduction/Responses).

use auth_core::testkit::{Reply, Route, TestProvider};
use auth_core::{Error, Scoped, StaticToken, api, scopes};
use serde::Deserialize;
use serde_json::json;

scopes! {
    /// Scopes.
    pub mod merchant { can_read_order }
}

/// The provider's error answer is named once, for every method's docs.
#[api(scopes = merchant, error = DoError)]
trait Orders {
    #[get("/orders/{id}")]
    #[authenticated(scope = "can_read_order")]
    async fn get_order(&self, id: &str) -> Result<serde_json::Value, Error>;
}

/// DigitalOcean's `error` schema.
#[derive(Debug, Deserialize, PartialEq)]
pub struct DoError {
    id: String,
    message: String,
    request_id: Option<String>,
}

const TOKEN: &str = "tok-9f2c1d7e5b3a4c8d";

async fn provider() -> TestProvider {
    TestProvider::builder()
        .route(
            Route::get("/orders/{id}")
                .scope("can_read_order")
                .respond(|request| match request.param("id") {
                    Some("missing") => Reply::json(
                        404,
                        json!({
                            "id": "not_found",
                            "message": "The resource you requested could not be found.",
                            "request_id": "4d9d8375-3c56-4925-a3e7-eceeb2a3d2a2",
                        }),
                    ),
                    // A server that quotes the credential back.
                    Some("echo") => Reply::json(
                        422,
                        json!({
                            "id": "unprocessable_entity",
                            "message": format!("bad request with {}", request.authorization.clone().unwrap_or_default()),
                        }),
                    ),
                    Some("html") => Reply::html(502),
                    _ => Reply::json(200, json!({ "id": "ok" })),
                }),
        )
        .start()
        .await
}

fn client(provider: &TestProvider) -> OrdersClient<merchant::All> {
    let token = StaticToken::new(TOKEN).unwrap();
    OrdersClient::with_base_url(Scoped::assume_granted(token), &provider.base_url()).unwrap()
}

#[tokio::test]
async fn a_documented_error_answer_is_the_providers_type() {
    let provider = provider().await;
    // The testkit issues its own tokens: this one is refused unless it knows it.
    let token = provider.issue_token(&["can_read_order"], None);
    let client = OrdersClient::<merchant::All>::with_base_url(
        Scoped::assume_granted(StaticToken::new(token).unwrap()),
        &provider.base_url(),
    )
    .unwrap();
    let err = client.get_order("missing").await.unwrap_err();
    assert_eq!(err.api_error().unwrap().status.as_u16(), 404);
    assert_eq!(
        err.body_as::<DoError>(),
        Some(DoError {
            id: "not_found".into(),
            message: "The resource you requested could not be found.".into(),
            request_id: Some("4d9d8375-3c56-4925-a3e7-eceeb2a3d2a2".into()),
        })
    );
    // Another type that does not fit, and an answer that is not JSON: `None`.
    assert_eq!(err.body_as::<Vec<u8>>(), None);
    let html = client.get_order("html").await.unwrap_err();
    assert!(html.api_error().is_some());
    assert_eq!(html.body_as::<DoError>(), None);
}

#[tokio::test]
async fn the_body_kept_is_scrubbed_and_never_shown() {
    let provider = provider().await;
    let token = provider.issue_token(&["can_read_order"], None);
    let client = OrdersClient::<merchant::All>::with_base_url(
        Scoped::assume_granted(StaticToken::new(token.clone()).unwrap()),
        &provider.base_url(),
    )
    .unwrap();
    let err = client.get_order("echo").await.unwrap_err();
    let answer: DoError = err.body_as().unwrap();
    assert_eq!(answer.id, "unprocessable_entity");
    assert!(!answer.message.contains(&token), "{}", answer.message);
    assert!(answer.message.contains("[redacted]"), "{}", answer.message);
    for shown in [format!("{err}"), format!("{err:?}")] {
        assert!(!shown.contains(&token), "{shown}");
        assert!(
            !shown.contains("\"id\""),
            "the body itself is not shown: {shown}"
        );
    }
}

#[tokio::test]
async fn errors_without_an_answer_have_none() {
    let provider = provider().await;
    // A token the provider never issued: refused with 401, whose answer is kept.
    let err = client(&provider).get_order("1").await.unwrap_err();
    assert!(matches!(err, Error::Unauthorized { .. }), "{err}");
    assert!(err.api_error().is_some());
    // Nothing was answered: no error answer.
    let offline = OrdersClient::<merchant::All>::with_base_url(
        Scoped::assume_granted(StaticToken::new(TOKEN).unwrap()),
        "http://127.0.0.1:9",
    )
    .unwrap();
    let err = offline.get_order("1").await.unwrap_err();
    assert!(err.api_error().is_none());
    assert_eq!(err.body_as::<DoError>(), None);
}
