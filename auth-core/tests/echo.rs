//! A hostile server that quotes back every secret it was sent: client secrets (raw,
//! form-encoded, percent-encoded, in the Basic header and decoded from it), passwords,
//! refresh tokens and access tokens, in every field an error can carry (`error`,
//! `error_description`, `message`, `errors[].message`, `WWW-Authenticate`,
//! `token_type`). Nothing it says may reach `Display`, `Debug` or `{:#?}` of any error
//! or of anything in its source chain, nor a TRACE-level log line.
#![cfg(feature = "testkit")]

use std::error::Error as _;
use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};

use auth_core::secrecy::ExposeSecret;
use auth_core::testkit::{Fault, Reply, Request, Route, TestProvider};
use auth_core::{
    ClientAuth, ClientCredentials, CustomerLogin, Error, JsonClientCredentials, PasswordGrant,
    Scoped, StaticToken, TokenCache,
};
use base64::Engine as _;
use serde_json::json;

const CLIENT_ID: &str = "client-1";
/// Characters that every encoding changes: `+`, `/`, `=`, space, `!`, `%`.
const CLIENT_SECRET: &str = "SENTINEL-cs+/= !%2B";
const PASSWORD: &str = "SENTINEL-pw+/= &x";
const CUSTOMER_PASSWORD: &str = "SENTINEL-cpw+/=";
const REFRESH_TOKEN: &str = "SENTINEL-rt+/=";

#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<u8>>>);

impl Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn logs() -> &'static Capture {
    static CAPTURE: OnceLock<Capture> = OnceLock::new();
    CAPTURE.get_or_init(|| {
        let capture = Capture::default();
        let writer = capture.clone();
        tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_writer(move || writer.clone())
            .with_ansi(false)
            .init();
        capture
    })
}

/// Every form in which a server could quote `secret` back.
fn forms(secret: &str) -> Vec<String> {
    let b64 = base64::engine::general_purpose::STANDARD;
    let form: String = form_urlencoded::byte_serialize(secret.as_bytes()).collect();
    let percent = percent_encoding::utf8_percent_encode(secret, percent_encoding::NON_ALPHANUMERIC)
        .to_string();
    vec![
        secret.to_owned(),
        form.clone(),
        percent.clone(),
        percent.to_ascii_lowercase(),
        b64.encode(secret),
        b64.encode(format!("{CLIENT_ID}:{secret}")),
        b64.encode(format!("{CLIENT_ID}:{form}")),
        serde_json::to_string(secret).unwrap(),
    ]
}

/// What the hostile server says about a request: everything it was sent, in every form.
fn quote(req: &Request) -> String {
    let body = String::from_utf8_lossy(&req.body).into_owned();
    let decoded_form: Vec<String> = form_urlencoded::parse(&req.body)
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    let basic = req
        .authorization
        .as_deref()
        .and_then(|a| a.strip_prefix("Basic "))
        .and_then(|b| base64::engine::general_purpose::STANDARD.decode(b).ok())
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .unwrap_or_default();
    let unbasic: String = percent_encoding::percent_decode_str(&basic.replace('+', " "))
        .decode_utf8_lossy()
        .into_owned();
    format!(
        "rejected: body {body} | fields {} | authorization {:?} | client {basic} | {unbasic}",
        decoded_form.join(" "),
        req.authorization
    )
}

/// A token endpoint that quotes the request back in every error field there is.
fn echoing_token_endpoint(status: u16) -> Fault {
    Fault::respond(move |req| {
        let said = quote(req);
        Reply::json(
            status,
            json!({
                "error": said.clone(),
                "error_description": said.clone(),
                "message": said.clone(),
                "errors": [{ "errorType": said.clone(), "message": said.clone() }],
            }),
        )
        .header(
            "www-authenticate",
            format!(
                "Bearer error=\"invalid_token\", error_description=\"{}\"",
                said.replace('"', "'")
            ),
        )
    })
}

/// A 200 whose `token_type` quotes the request (the type is kept in the error).
fn echoing_token_type() -> Fault {
    Fault::respond(|req| {
        Reply::json(
            200,
            json!({ "access_token": "ok-token", "token_type": quote(req) }),
        )
    })
}

/// `err` as every way it can be printed, with each error of its source chain.
fn printed(err: &Error) -> String {
    let mut out = format!("{err}\n{err:?}\n{err:#?}\n");
    let mut source = err.source();
    while let Some(s) = source {
        out.push_str(&format!("{s}\n{s:?}\n{s:#?}\n"));
        source = s.source();
    }
    out
}

fn assert_clean(what: &str, text: &str, secrets: &[String]) {
    for secret in secrets {
        for form in forms(secret) {
            assert!(
                !text.contains(&form),
                "{what} quotes a secret as {form:?}:\n{text}"
            );
        }
    }
    assert!(
        !text.contains("SENTINEL"),
        "{what} contains a sentinel:\n{text}"
    );
}

#[tokio::test(start_paused = true)]
async fn nothing_an_echoing_server_says_reaches_errors_or_logs() {
    let logs = logs();
    let provider = TestProvider::builder()
        .client(CLIENT_ID, CLIENT_SECRET)
        .user("api@example.com", PASSWORD)
        .customer("ann@example.com", CUSTOMER_PASSWORD)
        .start()
        .await;
    let mut secrets: Vec<String> = [CLIENT_SECRET, PASSWORD, CUSTOMER_PASSWORD, REFRESH_TOKEN]
        .map(str::to_owned)
        .to_vec();
    let mut outputs: Vec<(String, Error)> = Vec::new();
    let token_url = provider.token_url();
    let cc = |auth| {
        ClientCredentials::new(&token_url, CLIENT_ID, CLIENT_SECRET)
            .unwrap()
            .client_auth(auth)
    };

    // Client credentials, each way of sending them, each kind of echo.
    for auth in [
        ClientAuth::Basic,
        ClientAuth::BasicUnencoded,
        ClientAuth::RequestBody,
    ] {
        for (status, fault) in [
            (401, echoing_token_endpoint(401)),
            (200, echoing_token_endpoint(200)),
            (200, echoing_token_type()),
        ] {
            provider.inject("/oauth/token", fault, 1);
            let err = TokenCache::new(cc(auth)).token().await.unwrap_err();
            outputs.push((format!("client credentials {auth:?} {status}"), err));
        }
    }

    // JSON client credentials.
    provider.inject("/v1/bearer-token", echoing_token_endpoint(401), 1);
    let json = JsonClientCredentials::new(&provider.base_url(), CLIENT_ID, CLIENT_SECRET).unwrap();
    outputs.push((
        "json credentials".into(),
        TokenCache::new(json).token().await.unwrap_err(),
    ));

    // The password grant: the login, then a refresh token quoted back, in the chain of
    // `ReauthenticationRequired`.
    provider.inject("/oauth/token", echoing_token_endpoint(400), 1);
    let login = PasswordGrant::new(&token_url, CLIENT_ID, CLIENT_SECRET)
        .unwrap()
        .login("api@example.com", PASSWORD);
    outputs.push((
        "password grant".into(),
        TokenCache::new(login).token().await.unwrap_err(),
    ));
    provider.inject(
        "/oauth/token",
        Fault::respond(|req| {
            Reply::json(
                400,
                json!({ "error": "invalid_grant", "error_description": quote(req) }),
            )
        }),
        1,
    );
    let refresh_only = PasswordGrant::new(&token_url, CLIENT_ID, CLIENT_SECRET)
        .unwrap()
        .refresh_token(REFRESH_TOKEN);
    let err = TokenCache::new(refresh_only).token().await.unwrap_err();
    assert!(
        matches!(err, Error::ReauthenticationRequired { .. }),
        "{err:?}"
    );
    outputs.push(("refresh grant".into(), err));

    // Customer logins and refreshes.
    let logins = CustomerLogin::new(
        &provider.url("/customer/login"),
        &provider.url("/customer/refresh"),
    )
    .unwrap();
    provider.inject("/customer/login", echoing_token_endpoint(401), 1);
    let err = logins
        .customer("ann@example.com", CUSTOMER_PASSWORD)
        .token()
        .await
        .unwrap_err();
    outputs.push(("customer login".into(), err));
    provider.inject("/customer/refresh", echoing_token_endpoint(400), 1);
    let err = logins.resume(REFRESH_TOKEN).token().await.unwrap_err();
    outputs.push(("customer refresh".into(), err));

    // A token URL with a password in it.
    let err = ClientCredentials::new("https://id:SENTINEL-url-pw@auth example/token", "a", "b")
        .unwrap_err();
    outputs.push(("token URL".into(), err));

    // The API quotes the bearer token back: 401 (Fitbit does exactly this), 403, 429.
    let (api_errors, tokens) = api_echoes().await;
    outputs.extend(api_errors);
    secrets.extend(tokens);

    assert_eq!(outputs.len(), 19, "every case ran");
    for (what, err) in &outputs {
        let text = printed(err);
        assert_clean(what, &text, &secrets);
        // The server's words are kept around the secrets: the scrubbing is targeted.
        if !what.contains("URL") {
            assert!(
                text.contains("[redacted]")
                    || text.contains("invalid_token")
                    || text.contains("token"),
                "{what}: {text}"
            );
        }
    }
    let log = String::from_utf8(logs.0.lock().unwrap().clone()).unwrap();
    assert!(
        log.contains("token request failed"),
        "failures are logged at warn"
    );
    assert_clean("the log", &log, &secrets);
}

auth_core::scopes! {
    /// Scopes.
    pub mod shop { orders }
}

#[auth_core::api(scopes = shop)]
trait Shop {
    #[get("/orders/{id}")]
    #[authenticated(scope = "orders")]
    async fn get_order(&self, id: u32) -> Result<serde_json::Value, Error>;
}

/// Calls whose every answer quotes the bearer token; returns the errors and the tokens.
async fn api_echoes() -> (Vec<(String, Error)>, Vec<String>) {
    let echo = |status: u16| {
        move |req: &Request| {
            let token = req.authorization.clone().unwrap_or_default();
            let bare = token.trim_start_matches("Bearer ").to_owned();
            let reply = Reply::json(
                status,
                json!({
                    "errors": [{
                        "errorType": "invalid_token",
                        "message": format!("Access token invalid: {bare}. Header was {token}"),
                    }],
                    "success": false,
                }),
            )
            .header(
                "www-authenticate",
                format!(
                    "Bearer error=\"invalid_token\", error_description=\"token {bare} expired\""
                ),
            );
            if status == 429 {
                reply.header("retry-after", "600")
            } else {
                reply
            }
        }
    };
    let provider = TestProvider::builder()
        .scopes(["orders"])
        .route(Route::get("/orders/1").public().respond(echo(401)))
        .route(Route::get("/orders/2").public().respond(echo(403)))
        .route(Route::get("/orders/3").public().respond(echo(429)))
        .start()
        .await;
    let mut outputs = Vec::new();
    let mut tokens = Vec::new();
    let portal_token = "SENTINEL-portal-token-123";
    tokens.push(portal_token.to_owned());
    let static_client = ShopClient::with_base_url(
        Scoped::<shop::All>::assume_granted(StaticToken::new(portal_token).unwrap()),
        &provider.base_url(),
    )
    .unwrap();
    for id in [1, 2, 3] {
        outputs.push((
            format!("static token, echo {id}"),
            static_client.get_order(id).await.unwrap_err(),
        ));
    }
    // A renewing cache: 401, a fresh token, 401 again.
    let cache = TokenCache::new(
        ClientCredentials::new(
            &provider.token_url(),
            provider.client_id(),
            provider.client_secret(),
        )
        .unwrap(),
    );
    let client = ShopClient::with_base_url(
        Scoped::<shop::All>::assume_granted(cache.clone()),
        &provider.base_url(),
    )
    .unwrap();
    let first = cache.token().await.unwrap();
    tokens.push(first.secret().expose_secret().to_owned());
    let err = client.get_order(1).await.unwrap_err();
    tokens.push(
        cache
            .token()
            .await
            .unwrap()
            .secret()
            .expose_secret()
            .to_owned(),
    );
    assert!(
        matches!(
            err,
            Error::Unauthorized {
                renewable: true,
                ..
            }
        ),
        "{err:?}"
    );
    outputs.push(("renewed token, echo 401".into(), err));
    (outputs, tokens)
}
