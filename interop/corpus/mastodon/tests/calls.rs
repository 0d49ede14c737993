//! Mastodon's API through the testkit: the instance's peers (public: no token sent),
//! follow requests with either `read:follows` or the older `follow` it replaced (the
//! document lists both, meaning either), and a new list with `write:lists`.
//!
//! The answers are written here after the document's schemas: this third-party
//! document's own examples do not match its schemas (the `CredentialAccount` example is
//! a request body; a `Status` example has 4 of its required fields), so a typed client
//! rightly refuses them.

#![cfg(has_spec)]

use auth_core::testkit::{Reply, Route, TestProvider};
use auth_core::{Scoped, StaticToken};
use interop_mastodon::{MastodonClient, mastodon, types};
use serde_json::{Value, json};

async fn provider() -> TestProvider {
    TestProvider::builder()
        .route(Route::get("/api/v1/instance/peers").public().json(json!(["mastodon.social", "fosstodon.org"])))
        .route(
            Route::get("/api/v1/follow_requests")
                .any_scope(&["read:follows", "follow"])
                .json(json!([])),
        )
        .route(Route::post("/api/v1/lists").scope("write:lists").respond(|request| {
            let sent: Value = serde_json::from_slice(&request.body).unwrap();
            Reply::json(200, json!({"id": "12249", "title": sent["title"], "replies_policy": "list", "exclusive": false}))
        }))
        .start()
        .await
}

fn client<S: auth_core::scope::ScopeSet<Module = mastodon::Scopes>>(
    provider: &TestProvider,
    scopes: &[&str],
) -> MastodonClient<S> {
    let token = StaticToken::new(provider.issue_token(scopes, None)).unwrap();
    MastodonClient::with_base_url(Scoped::<S>::assume_granted(token), &provider.base_url()).unwrap()
}

#[tokio::test]
async fn the_peers_are_public() {
    let provider = provider().await;
    let client = client::<mastodon::Empty>(&provider, &[]);
    let peers = client.get_instance_peers().await.unwrap();
    assert_eq!(peers, ["mastodon.social", "fosstodon.org"]);
    assert!(
        provider.requests().iter().all(|r| !r.had_authorization),
        "no token is sent"
    );
    // Any instance is the constructor's argument, checked.
    let token = Scoped::<mastodon::Empty>::assume_granted(StaticToken::new("t").unwrap());
    assert!(MastodonClient::new(token.clone(), "mastodon.social").is_ok());
    assert!(MastodonClient::new(token, "mastodon.social@evil.example").is_err());
}

#[tokio::test]
async fn follow_requests_with_either_scope() {
    let provider = provider().await;
    let new = client::<mastodon::Of<mastodon::read_follows>>(&provider, &["read:follows"]);
    assert!(new.get_follow_requests().await.unwrap().is_empty());
    let old = client::<mastodon::Of<mastodon::follow>>(&provider, &["follow"]);
    assert!(
        old.get_follow_requests()
            .limit(40)
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn a_list_with_write_lists() {
    let provider = provider().await;
    let writer = client::<mastodon::Of<mastodon::write_lists>>(&provider, &["write:lists"]);
    let body: types::CreateListBody = serde_json::from_value(json!({"title": "Friends"})).unwrap();
    let list = writer.create_list(&body).await.unwrap();
    assert_eq!(list.title, "Friends");
    // writer.get_lists() does not compile: it needs `read:lists`.
}

/// Domain blocks, paged as Mastodon pages every list: the body is the array, the next
/// page is the `Link` header's `rel="next"` with `max_id`
/// (https://docs.joinmastodon.org/api/guidelines/#pagination), recognised by the
/// generator from the `Link` header the document declares.
#[tokio::test]
async fn domain_blocks_page_by_link_header() {
    let domains: Vec<String> = (0..7).map(|i| format!("spam{i}.example")).collect();
    let all = domains.clone();
    let provider = TestProvider::builder()
        .route(
            Route::get("/api/v1/domain_blocks")
                .scope("read:blocks")
                .scope("follow")
                .respond(move |request| {
                    let max_id = request.query_param("max_id").map_or(0, |v| v.parse::<usize>().unwrap());
                    let page: Vec<&String> = all.iter().skip(max_id).take(3).collect();
                    let reply = Reply::json(200, json!(page));
                    if max_id + 3 < all.len() {
                        let host = request.header("host").unwrap();
                        reply.header(
                            "link",
                            format!(
                                "<http://{host}/api/v1/domain_blocks?limit=3&max_id={}>; rel=\"next\", \
                                 <http://{host}/api/v1/domain_blocks?limit=3&min_id=0>; rel=\"prev\"",
                                max_id + 3
                            ),
                        )
                    } else {
                        reply
                    }
                }),
        )
        .start()
        .await;
    let client = client::<mastodon::Of<(mastodon::read_blocks, mastodon::follow)>>(
        &provider,
        &["read:blocks", "follow"],
    );
    let mut items = client.get_domain_blocks().limit(3).items();
    let mut seen = Vec::new();
    while let Some(domain) = items.next().await {
        seen.push(domain.unwrap());
    }
    assert_eq!(seen, domains);
    assert_eq!(provider.stats().api("GET /api/v1/domain_blocks"), 3);
}
