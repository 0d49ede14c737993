//! Figma's REST API through the testkit with tokens of different scopes and a personal
//! access token: the user with `current_user:read`, a file with the scope Figma
//! deprecated (`files:read`) where either it or `file_content:read` suffices, and the
//! same file with a personal access token sent as `X-Figma-Token`. The document gives
//! no examples for these answers; they follow its schemas.

#![cfg(has_spec)]

use auth_core::testkit::{Key, Reply, Route, TestProvider};
use auth_core::{Scoped, StaticToken};
use interop_figma::{FigmaClient, FigmaPersonalAccessTokenClient, figma};
use serde_json::json;

const PAT: &str = "figd_example-personal-access-token";

async fn provider() -> TestProvider {
    let pat = Key::Header {
        name: "X-Figma-Token".into(),
        value: PAT.into(),
    };
    TestProvider::builder()
        .route(
            Route::get("/v1/me")
                .any_scope(&["current_user:read", "files:read"])
                .key(pat.clone())
                .json(json!({"id": "1", "handle": "Mia", "img_url": "https://example.com/mia.png", "email": "mia@example.com"})),
        )
        .route(
            Route::get("/v1/files/{file_key}")
                .any_scope(&["file_content:read", "files:read"])
                .key(pat)
                .respond(|request| {
                    Reply::json(
                        200,
                        json!({"name": format!("file {}", request.param("file_key").unwrap_or_default()), "role": "viewer",
                               "lastModified": "2024-05-01T10:00:00Z", "editorType": "figma",
                               "thumbnailUrl": "https://example.com/t.png", "version": "1",
                               "document": {"id": "0:0", "name": "Document", "type": "DOCUMENT",
                                            "scrollBehavior": "SCROLLS", "children": []},
                               "components": {}, "componentSets": {}, "schemaVersion": 0,
                               "styles": {}}),
                    )
                }),
        )
        .start()
        .await
}

fn client<S: auth_core::scope::ScopeSet<Module = figma::Scopes>>(
    provider: &TestProvider,
    scopes: &[&str],
) -> FigmaClient<S> {
    let token = StaticToken::new(provider.issue_token(scopes, None)).unwrap();
    FigmaClient::with_base_url(Scoped::<S>::assume_granted(token), &provider.base_url()).unwrap()
}

#[tokio::test]
async fn the_user_with_current_user_read() {
    let provider = provider().await;
    let me = client::<figma::Of<figma::current_user_read>>(&provider, &["current_user:read"])
        .get_me()
        .await
        .unwrap();
    assert_eq!(me.handle, "Mia");
}

#[tokio::test]
async fn a_file_with_the_scope_figma_replaced() {
    let provider = provider().await;
    let file = client::<figma::Of<figma::files_read>>(&provider, &["files:read"])
        .get_file("abc")
        .await
        .unwrap();
    assert_eq!(file.name, "file abc");
    // The new scope alone does too; a token of neither gets Figma's 403.
    let file = client::<figma::Of<figma::file_content_read>>(&provider, &["file_content:read"])
        .get_file("abc")
        .await;
    assert!(file.is_ok(), "{file:?}");
    let err = client::<figma::Of<figma::files_read>>(&provider, &["webhooks:read"])
        .get_file("abc")
        .await
        .unwrap_err();
    assert!(matches!(err, auth_core::Error::Forbidden { .. }), "{err}");
}

#[tokio::test]
async fn a_file_with_a_personal_access_token() {
    let provider = provider().await;
    let token = Scoped::unscoped(StaticToken::new(PAT).unwrap());
    let client =
        FigmaPersonalAccessTokenClient::with_base_url(token, &provider.base_url()).unwrap();
    let file = client.get_file("xyz").await.unwrap();
    assert_eq!(file.name, "file xyz");
    let sent = provider.requests();
    assert!(
        sent.iter().all(|r| !r.had_authorization),
        "the key is not a bearer token"
    );
}
