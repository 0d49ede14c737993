//! Every token source against the loopback test provider: the wire format each provider
//! style documents, refresh-token handling, persistence and typed errors.
#![cfg(feature = "testkit")]

use std::time::{Duration, SystemTime};

use auth_core::secrecy::ExposeSecret;
use auth_core::testkit::{Fault, Route, TestProvider};
use auth_core::{
    BodyKind, ClientAuth, ClientCredentials, CustomerLogin, Error, FileStore,
    JsonClientCredentials, MemoryStore, OAuthErrorCode, PasswordGrant, StaticToken, TokenCache,
    TokenStore,
};

async fn call(provider: &TestProvider, cache: &TokenCache, path: &str) -> u16 {
    let token = cache.token().await.unwrap();
    auth_core::api_http_client()
        .get(provider.url(path))
        .header("authorization", token.header_value())
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

fn orders() -> Route {
    Route::get("/orders/{id}").scope("can_read_order")
}

fn param<'a>(params: &'a [(String, String)], name: &str) -> Option<&'a str> {
    params
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

#[tokio::test]
async fn client_credentials_with_basic_auth_scope_and_extra_params() {
    let provider = TestProvider::builder().route(orders()).start().await;
    let source = ClientCredentials::new(
        &provider.token_url(),
        provider.client_id(),
        provider.client_secret(),
    )
    .unwrap()
    .scopes(["can_read_order", "not_grantable"])
    .param("audience", "orders-api");
    let cache = TokenCache::new(source);
    let token = cache.token().await.unwrap();
    // The server narrowed the request and said so.
    let granted: Vec<_> = token.scopes().unwrap().iter().collect();
    assert_eq!(granted, ["can_read_order"]);
    assert_eq!(call(&provider, &cache, "/orders/1").await, 200);

    let stats = provider.stats();
    assert!(stats.last_used_basic);
    assert_eq!(
        param(&stats.last_token_params, "grant_type"),
        Some("client_credentials")
    );
    assert_eq!(
        param(&stats.last_token_params, "scope"),
        Some("can_read_order not_grantable")
    );
    assert_eq!(
        param(&stats.last_token_params, "audience"),
        Some("orders-api")
    );
    assert_eq!(param(&stats.last_token_params, "client_id"), None);
    assert_eq!(stats.token_requests, 1);
}

#[tokio::test]
async fn client_credentials_in_the_body() {
    let provider = TestProvider::builder().start().await;
    let source = ClientCredentials::new(
        &provider.token_url(),
        provider.client_id(),
        provider.client_secret(),
    )
    .unwrap()
    .client_auth(ClientAuth::RequestBody);
    TokenCache::new(source).token().await.unwrap();
    let stats = provider.stats();
    assert!(!stats.last_used_basic);
    assert_eq!(
        param(&stats.last_token_params, "client_id"),
        Some("client-1")
    );
}

#[tokio::test]
async fn basic_credentials_are_form_urlencoded_per_rfc_6749() {
    // A secret with characters that mean something in the encodings.
    let (id, secret) = ("shop:42", "s3cr&t+/=%é");
    let provider = TestProvider::builder().client(id, secret).start().await;
    let ok = ClientCredentials::new(&provider.token_url(), id, secret).unwrap();
    TokenCache::new(ok).token().await.unwrap();

    // Sent unencoded, a server that decodes reads a different secret.
    let raw = ClientCredentials::new(&provider.token_url(), id, secret)
        .unwrap()
        .client_auth(ClientAuth::BasicUnencoded);
    let err = TokenCache::new(raw).token().await.unwrap_err();
    assert_eq!(err.oauth_code(), Some(&OAuthErrorCode::InvalidClient));

    // And a server that does not decode (like @node-oauth/oauth2-server) needs it raw.
    let provider = TestProvider::builder()
        .client("plain-id", "plain-secret")
        .basic_urldecode(false)
        .start()
        .await;
    let raw = ClientCredentials::new(&provider.token_url(), "plain-id", "plain-secret")
        .unwrap()
        .client_auth(ClientAuth::BasicUnencoded);
    TokenCache::new(raw).token().await.unwrap();
}

#[tokio::test]
async fn wrong_client_secret_is_a_permanent_typed_error() {
    let provider = TestProvider::builder().start().await;
    let source = ClientCredentials::new(&provider.token_url(), "client-1", "wrong").unwrap();
    let err = TokenCache::new(source).token().await.unwrap_err();
    let Error::TokenEndpoint(e) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(e.status.as_u16(), 401);
    assert_eq!(e.code, Some(OAuthErrorCode::InvalidClient));
    assert_eq!(
        e.description.as_deref(),
        Some("Client authentication failed")
    );
    assert!(!err.is_transient());
    assert!(
        err.to_string().contains("check the client id and secret"),
        "{err}"
    );
}

#[tokio::test]
async fn json_client_credentials_vendor_portal_style() {
    let provider = TestProvider::builder().route(orders()).start().await;
    let source = JsonClientCredentials::new(
        &provider.base_url(),
        provider.client_id(),
        provider.client_secret(),
    )
    .unwrap();
    let cache = TokenCache::new(source);
    assert_eq!(call(&provider, &cache, "/orders/1").await, 200);
    assert_eq!(call(&provider, &cache, "/orders/2").await, 200);
    assert_eq!(provider.stats().grant("json_client_credentials"), 1);

    let bad = JsonClientCredentials::new(&provider.base_url(), "client-1", "nope").unwrap();
    let err = TokenCache::new(bad).token().await.unwrap_err();
    let Error::TokenEndpoint(e) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(
        (e.status.as_u16(), e.description.as_deref()),
        (401, Some("Unauthorized"))
    );
    assert_eq!(e.code, None);

    // A custom path.
    let moved = JsonClientCredentials::new(&provider.base_url(), "client-1", "secret-1")
        .unwrap()
        .path("/v2/token")
        .unwrap();
    let err = TokenCache::new(moved).token().await.unwrap_err();
    assert!(
        matches!(&err, Error::TokenEndpoint(e) if e.status.as_u16() == 404),
        "{err}"
    );
}

fn password_grant(provider: &TestProvider) -> PasswordGrant {
    let (user, password) = provider.user();
    PasswordGrant::new(
        &provider.token_url(),
        provider.client_id(),
        provider.client_secret(),
    )
    .unwrap()
    .login(user, password)
    .param("tenantType", "merchant")
    .param("tenantId", "merchant-42")
}

#[tokio::test(start_paused = true)]
async fn password_grant_then_refresh_with_tenant_params_keeping_the_refresh_token() {
    let provider = TestProvider::builder()
        .token_lifetime(Duration::from_secs(3600))
        .rotate_refresh_tokens(false)
        .start()
        .await;
    let store = MemoryStore::new();
    let cache = TokenCache::new(
        password_grant(&provider)
            .store(store.clone())
            .store_key("k"),
    );
    let first = cache.token().await.unwrap();
    let stats = provider.stats();
    assert!(stats.last_used_basic, "Basic client authentication");
    assert_eq!(
        param(&stats.last_token_params, "grant_type"),
        Some("password")
    );
    assert_eq!(
        param(&stats.last_token_params, "username"),
        Some("api@example.com")
    );
    assert_eq!(
        param(&stats.last_token_params, "tenantType"),
        Some("merchant")
    );
    assert_eq!(
        param(&stats.last_token_params, "tenantId"),
        Some("merchant-42")
    );
    let rt = store
        .load("k")
        .await
        .unwrap()
        .unwrap()
        .expose_secret()
        .to_owned();

    // Past the refresh window: the refresh grant, with the same tenant parameters.
    tokio::time::advance(Duration::from_secs(3595)).await;
    let second = cache.token().await.unwrap();
    assert!(!second.same_as(&first));
    let stats = provider.stats();
    assert_eq!(stats.grant("refresh_token"), 1);
    assert_eq!(stats.grant("password"), 1);
    assert_eq!(
        param(&stats.last_token_params, "tenantId"),
        Some("merchant-42")
    );
    // No refresh_token in the answer: the old one is kept.
    assert_eq!(store.load("k").await.unwrap().unwrap().expose_secret(), rt);

    tokio::time::advance(Duration::from_secs(3595)).await;
    cache.token().await.unwrap();
    assert_eq!(provider.stats().grant("refresh_token"), 2);
    assert_eq!(provider.stats().grant("password"), 1);
}

#[tokio::test(start_paused = true)]
async fn rotated_refresh_tokens_replace_the_old_one_which_is_never_sent_again() {
    let provider = TestProvider::builder()
        .rotate_refresh_tokens(true)
        .start()
        .await;
    let store = MemoryStore::new();
    let cache = TokenCache::new(
        password_grant(&provider)
            .store(store.clone())
            .store_key("k"),
    );
    cache.token().await.unwrap();
    let mut seen = vec![
        store
            .load("k")
            .await
            .unwrap()
            .unwrap()
            .expose_secret()
            .to_owned(),
    ];
    for _ in 0..5 {
        tokio::time::advance(Duration::from_secs(3595)).await;
        cache.token().await.unwrap();
        let rt = store
            .load("k")
            .await
            .unwrap()
            .unwrap()
            .expose_secret()
            .to_owned();
        assert!(!seen.contains(&rt), "a new refresh token each time");
        seen.push(rt);
    }
    let stats = provider.stats();
    assert_eq!(stats.grant("refresh_token"), 5);
    assert_eq!(stats.grant("password"), 1);
    assert_eq!(stats.refresh_token_reuse, 0);
}

#[tokio::test(start_paused = true)]
async fn a_dead_refresh_token_falls_back_to_the_password_grant() {
    let provider = TestProvider::builder().start().await;
    let cache = TokenCache::new(password_grant(&provider));
    cache.token().await.unwrap();
    provider.revoke_refresh_tokens();
    tokio::time::advance(Duration::from_secs(3595)).await;
    cache.token().await.unwrap();
    let stats = provider.stats();
    assert_eq!(
        (stats.grant("password"), stats.grant("refresh_token")),
        (2, 1)
    );
}

#[tokio::test(start_paused = true)]
async fn a_dead_refresh_token_without_a_login_asks_for_reauthentication() {
    let provider = TestProvider::builder().start().await;
    let cache = TokenCache::new(password_grant(&provider));
    cache.token().await.unwrap();
    // Another process holding only the refresh token.
    let stored = MemoryStore::new();
    let refresh_only = PasswordGrant::new(&provider.token_url(), "client-1", "secret-1")
        .unwrap()
        .refresh_token("rt-that-does-not-exist")
        .store(stored.clone());
    let err = TokenCache::new(refresh_only).token().await.unwrap_err();
    assert!(
        matches!(err, Error::ReauthenticationRequired { .. }),
        "{err:?}"
    );
    assert_eq!(err.oauth_code(), Some(&OAuthErrorCode::InvalidGrant));
    assert!(err.to_string().contains("log in again"), "{err}");
}

#[tokio::test(start_paused = true)]
async fn a_refresh_token_in_a_file_survives_a_restart() {
    let dir = std::env::temp_dir().join(format!("auth-core-restart-{}", fastrand_name()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("tokens.json");
    let provider = TestProvider::builder().start().await;
    {
        let cache = TokenCache::new(password_grant(&provider).store(FileStore::new(&path)));
        cache.token().await.unwrap();
    }
    // "Restart": a new cache and source; the saved refresh token is used, no password.
    let (user, _) = provider.user();
    let restarted = PasswordGrant::new(&provider.token_url(), "client-1", "secret-1")
        .unwrap()
        .login(user, "a password that would fail")
        .param("tenantType", "merchant")
        .param("tenantId", "merchant-42")
        .store(FileStore::new(&path));
    TokenCache::new(restarted).token().await.unwrap();
    let stats = provider.stats();
    assert_eq!(
        (stats.grant("password"), stats.grant("refresh_token")),
        (1, 1)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

fn fastrand_name() -> String {
    format!(
        "{}-{:x}",
        std::process::id(),
        SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .unwrap()
            .as_nanos()
    )
}

#[tokio::test(start_paused = true)]
async fn a_corrupt_token_file_is_an_error_not_a_silent_login() {
    let dir = std::env::temp_dir().join(format!("auth-core-corrupt-{}", fastrand_name()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("tokens.json");
    std::fs::write(&path, "{ not json").unwrap();
    let provider = TestProvider::builder().start().await;
    let cache = TokenCache::new(password_grant(&provider).store(FileStore::new(&path)));
    let err = cache.token().await.unwrap_err();
    assert!(matches!(err, Error::Store(_)), "{err:?}");
    assert!(err.to_string().contains("corrupt"), "{err}");
    assert_eq!(provider.stats().token_requests, 0);
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test(start_paused = true)]
async fn customer_logins_one_cheap_cache_per_customer_with_refresh() {
    let provider = TestProvider::builder()
        .customer("ann@example.com", "pw-ann")
        .customer("bob@example.com", "pw-bob")
        .rotate_refresh_tokens(true)
        .route(orders())
        .start()
        .await;
    let logins = CustomerLogin::new(
        &provider.url("/customer/login"),
        &provider.url("/customer/refresh"),
    )
    .unwrap();
    let ann = logins.customer("ann@example.com", "pw-ann");
    let bob = logins.customer("bob@example.com", "pw-bob");
    assert_eq!(call(&provider, &ann, "/orders/1").await, 200);
    assert_eq!(call(&provider, &bob, "/orders/1").await, 200);
    assert!(
        !ann.token()
            .await
            .unwrap()
            .same_as(&bob.token().await.unwrap())
    );
    tokio::time::advance(Duration::from_secs(3595)).await;
    assert_eq!(call(&provider, &ann, "/orders/1").await, 200);
    let stats = provider.stats();
    assert_eq!(
        (
            stats.grant("customer_login"),
            stats.grant("customer_refresh")
        ),
        (2, 1)
    );
    assert_eq!(stats.refresh_token_reuse, 0);

    let wrong = logins.customer("ann@example.com", "nope");
    let err = wrong.token().await.unwrap_err();
    assert!(
        err.to_string().contains("Invalid email or password"),
        "{err}"
    );

    // Many customers are cheap: ten thousand caches, no request until used.
    let many: Vec<_> = (0..10_000)
        .map(|i| logins.customer(format!("c{i}@example.com"), "pw"))
        .collect();
    assert_eq!(many.len(), 10_000);
    assert_eq!(provider.stats().grant("customer_login"), 3);
}

#[tokio::test]
async fn static_token_expiry_fails_locally_naming_the_time() {
    let provider = TestProvider::builder().route(orders()).start().await;
    let issued = provider.issue_token(&["can_read_order"], None);
    let expired_at = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
    let token = StaticToken::new(issued).unwrap().expires_at(expired_at);
    let cache = TokenCache::from(token.clone());
    let err = cache.token().await.unwrap_err();
    assert!(matches!(err, Error::TokenExpired { .. }));
    assert!(
        err.to_string().contains("Tue, 14 Nov 2023 22:13:20 GMT"),
        "{err}"
    );
    assert!(provider.requests().is_empty(), "nothing was sent");

    // Rotation: every cache sharing the handle sees the new token at once.
    let fresh = provider.issue_token(&["can_read_order"], None);
    token.rotate(fresh, None).unwrap();
    assert_eq!(call(&provider, &cache, "/orders/1").await, 200);
    assert!(!cache.is_renewable());
}

#[tokio::test]
async fn token_endpoint_faults_become_typed_errors() {
    let provider = TestProvider::builder().start().await;
    let new_cache = || {
        TokenCache::new(
            ClientCredentials::new(&provider.token_url(), "client-1", "secret-1").unwrap(),
        )
    };
    provider.inject("/oauth/token", Fault::html(502), 1);
    let err = new_cache().token().await.unwrap_err();
    assert!(
        matches!(&err, Error::TokenEndpoint(e) if e.body == BodyKind::Html && e.status.as_u16() == 502)
    );
    assert!(err.is_transient());

    provider.inject("/oauth/token", Fault::empty(500), 1);
    let err = new_cache().token().await.unwrap_err();
    assert!(matches!(&err, Error::TokenEndpoint(e) if e.body == BodyKind::Empty));

    provider.inject("/oauth/token", Fault::retry_after(429, "7"), 1);
    let err = new_cache().token().await.unwrap_err();
    assert_eq!(err.retry_after(), Some(Duration::from_secs(7)));
    assert!(err.is_transient());

    provider.inject("/oauth/token", Fault::malformed_json(), 1);
    let err = new_cache().token().await.unwrap_err();
    assert!(
        matches!(&err, Error::InvalidTokenResponse { reason, .. } if reason.contains("neither JSON nor a form")),
        "{err}"
    );

    provider.inject("/oauth/token", Fault::CloseMidBody, 1);
    let err = new_cache().token().await.unwrap_err();
    assert!(matches!(&err, Error::Transport(_)), "{err:?}");

    provider.inject("/oauth/token", Fault::huge(500, 10 << 20), 1);
    let err = new_cache().token().await.unwrap_err();
    assert!(matches!(&err, Error::TokenEndpoint(e) if e.status.as_u16() == 500));

    provider.inject("/oauth/token", Fault::oauth_error(400, "invalid_scope"), 1);
    let err = new_cache().token().await.unwrap_err();
    assert_eq!(err.oauth_code(), Some(&OAuthErrorCode::InvalidScope));
    assert!(!err.is_transient());

    // After all that, a healthy request.
    new_cache().token().await.unwrap();
}

#[tokio::test]
async fn refused_connection_is_a_transient_transport_error() {
    // Bind and drop to get a port with nothing listening.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let source =
        ClientCredentials::new(&format!("http://127.0.0.1:{port}/oauth/token"), "a", "b").unwrap();
    let err = TokenCache::new(source).token().await.unwrap_err();
    assert!(
        matches!(&err, Error::Transport(e) if e.kind == auth_core::TransportErrorKind::Connect),
        "{err:?}"
    );
    assert!(err.is_transient());
}

#[test]
fn plain_http_token_urls_are_refused_except_to_loopback() {
    let err = ClientCredentials::new("http://auth.example/oauth/token", "a", "b").unwrap_err();
    assert!(err.to_string().contains("plain http"), "{err}");
    ClientCredentials::new("http://localhost:8080/oauth/token", "a", "b").unwrap();
    ClientCredentials::new("http://[::1]:8080/oauth/token", "a", "b").unwrap();
    ClientCredentials::new("https://auth.example/oauth/token", "a", "b").unwrap();
    let err = ClientCredentials::new("not a url", "a", "b").unwrap_err();
    assert!(err.to_string().contains("not a valid URL"), "{err}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_concurrent_callers_over_http_make_one_token_request() {
    let provider = TestProvider::builder().start().await;
    let cache = TokenCache::new(
        ClientCredentials::new(&provider.token_url(), "client-1", "secret-1").unwrap(),
    );
    let callers: Vec<_> = (0..1000)
        .map(|_| {
            let cache = cache.clone();
            tokio::spawn(async move { cache.token().await.unwrap() })
        })
        .collect();
    let mut tokens = Vec::new();
    for caller in callers {
        tokens.push(caller.await.unwrap());
    }
    assert!(tokens.iter().all(|t| t.same_as(&tokens[0])));
    assert_eq!(provider.stats().token_requests, 1);

    // The same against an endpoint answering 503: one request, one error for everyone.
    provider.reset_stats();
    provider.inject("/oauth/token", Fault::status(503), 1);
    let cache = TokenCache::new(
        ClientCredentials::new(&provider.token_url(), "client-1", "secret-1").unwrap(),
    );
    let callers: Vec<_> = (0..1000)
        .map(|_| {
            let cache = cache.clone();
            tokio::spawn(async move { cache.token().await.unwrap_err() })
        })
        .collect();
    for caller in callers {
        let err = caller.await.unwrap();
        assert!(
            matches!(&err, Error::TokenEndpoint(e) if e.status.as_u16() == 503),
            "{err}"
        );
    }
    assert_eq!(provider.stats().token_requests, 1);
}

#[tokio::test(start_paused = true)]
async fn an_invalid_grant_inside_a_200_logs_in_again_like_one_in_a_400() {
    let provider = TestProvider::builder().start().await;
    let cache = TokenCache::new(password_grant(&provider).refresh_token("rt-stale"));
    // GitHub-style: the refresh token is rejected with status 200.
    provider.inject(
        "/oauth/token",
        Fault::Reply(auth_core::testkit::Reply::json(
            200,
            serde_json::json!({"error": "invalid_grant", "error_description": "expired"}),
        )),
        1,
    );
    cache.token().await.unwrap();
    let stats = provider.stats();
    assert_eq!(stats.grant("password"), 1, "{:?}", stats.by_grant);
    assert_eq!(stats.token_requests, 2, "the refresh, then the login");
}

#[tokio::test(start_paused = true)]
async fn a_refresh_token_close_to_its_expiry_is_replaced_by_a_login() {
    // Access tokens live an hour, refresh tokens (as the answer says) thirty hours.
    let provider = TestProvider::builder()
        .token_lifetime(Duration::from_secs(3600))
        .refresh_token_lifetime(Duration::from_secs(30 * 3600))
        .start()
        .await;
    let cache = TokenCache::new(
        password_grant(&provider).refresh_token_lifetime(Duration::from_secs(30 * 3600)),
    );
    for _ in 0..30 {
        cache.token().await.unwrap();
        tokio::time::advance(Duration::from_secs(3600)).await;
    }
    let stats = provider.stats();
    // One login at the start, one a tenth of the lifetime (3 h) before the refresh
    // token would have died; never a refresh that fails.
    assert_eq!(stats.grant("password"), 2, "{:?}", stats.by_grant);
    assert!(stats.grant("refresh_token") >= 25, "{:?}", stats.by_grant);
    assert_eq!(
        provider
            .requests()
            .iter()
            .filter(|r| r.status == 400)
            .count(),
        0,
        "no refresh was refused"
    );
}

#[tokio::test(start_paused = true)]
async fn the_answers_refresh_token_lifetime_wins_and_survives_a_restart() {
    let provider = TestProvider::builder()
        .token_lifetime(Duration::from_secs(3600))
        .start()
        .await;
    // The provider says how long its refresh tokens live.
    provider.inject(
        "/oauth/token",
        Fault::Reply(auth_core::testkit::Reply::json(
            200,
            serde_json::json!({
                "access_token": "at-1", "token_type": "Bearer", "expires_in": 3600,
                "refresh_token": "rt-1", "refresh_token_expires_in": 7200,
            }),
        )),
        1,
    );
    let store = MemoryStore::new();
    let cache = TokenCache::new(
        password_grant(&provider)
            .store(store.clone())
            .store_key("k"),
    );
    cache.token().await.unwrap();
    let (_, expires_at) = store.load_with_expiry("k").await.unwrap().unwrap();
    let left = expires_at
        .unwrap()
        .duration_since(SystemTime::now())
        .unwrap();
    assert!(
        left > Duration::from_secs(7100) && left <= Duration::from_secs(7200),
        "{left:?}"
    );
}

#[tokio::test]
async fn password_grant_basic_auth_matches_what_each_kind_of_server_decodes() {
    // A secret with the characters on which the two kinds of Basic differ.
    let secret = "s3cr+t/k=y";
    for (decoding, auth, works) in [
        // Provider D documents base64(clientId:clientSecret): the default.
        (false, None, true),
        (false, Some(ClientAuth::BasicUnencoded), true),
        (false, Some(ClientAuth::Basic), false),
        // An RFC 6749 §2.3.1 server form-decodes first.
        (true, Some(ClientAuth::Basic), true),
        (true, None, false),
    ] {
        let provider = TestProvider::builder()
            .client("client-1", secret)
            .basic_urldecode(decoding)
            .start()
            .await;
        let (user, password) = provider.user();
        let mut source = PasswordGrant::new(&provider.token_url(), "client-1", secret)
            .unwrap()
            .login(user, password);
        if let Some(auth) = auth {
            source = source.client_auth(auth);
        }
        let result = TokenCache::new(source).token().await;
        assert_eq!(
            result.is_ok(),
            works,
            "server decodes: {decoding}, client auth {auth:?}: {result:?}"
        );
    }
}

#[tokio::test]
async fn a_refresh_token_in_a_rejected_answer_is_never_stored() {
    let provider = TestProvider::builder().start().await;
    let store = MemoryStore::new();
    store.save("k", &"rt-good".into()).await.unwrap();
    let cache = TokenCache::new(
        password_grant(&provider)
            .store(store.clone())
            .store_key("k"),
    );
    // A token type that cannot be sent as Bearer, with a "rotated" refresh token.
    provider.inject(
        "/oauth/token",
        Fault::Reply(auth_core::testkit::Reply::json(
            200,
            serde_json::json!({"access_token": "a", "token_type": "mac", "refresh_token": "rt-from-rejected"}),
        )),
        1,
    );
    let err = cache.token().await.unwrap_err();
    assert!(matches!(err, Error::UnsupportedTokenType { .. }), "{err:?}");
    let kept = store.load("k").await.unwrap().unwrap();
    assert_eq!(kept.expose_secret(), "rt-good");
}
