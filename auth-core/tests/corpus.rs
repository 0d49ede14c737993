//! Real providers' token-endpoint and API answers, as their public documentation shows
//! them, served over HTTP by the test provider and read by the real code.
//!
//! Each file in `tests/corpus/` is one answer: `# key: value` lines (the provider, the
//! documentation URL, what kind of answer it is, the profile a source needs for it, and
//! the expected parse), then the HTTP response as it goes over the wire.
//!
//! - `kind: token` answers are read by [`request_token_with`], the building block of
//!   every token source;
//! - `kind: api` answers come back to a call of a generated client (with a portal token,
//!   one attempt), and the typed error is checked.
#![cfg(feature = "testkit")]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use auth_core::secrecy::ExposeSecret;
use auth_core::testkit::{Fault, Reply, Route, TestProvider};
use auth_core::{
    ClientConfig, Error, OAuthErrorCode, ResponseProfile, Scoped, StaticToken, TokenResponse,
    request_token_with,
};

/// One fixture.
struct Fixture {
    name: String,
    meta: BTreeMap<String, String>,
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Fixture {
    fn read(path: &Path) -> Fixture {
        let text = std::fs::read_to_string(path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let mut meta = BTreeMap::new();
        let mut lines = text.lines().peekable();
        while let Some(line) = lines.next_if(|l| l.starts_with('#')) {
            let (k, v) = line[1..]
                .split_once(':')
                .unwrap_or_else(|| panic!("{name}: bad meta line {line:?}"));
            meta.insert(k.trim().to_owned(), v.trim().to_owned());
        }
        let status_line = lines.next().unwrap_or_else(|| panic!("{name}: no status"));
        let status = status_line
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("{name}: bad status line {status_line:?}"));
        let mut headers = Vec::new();
        for line in lines.by_ref() {
            if line.is_empty() {
                break;
            }
            let (k, v) = line.split_once(':').unwrap();
            headers.push((k.trim().to_ascii_lowercase(), v.trim().to_owned()));
        }
        let body = lines.collect::<Vec<_>>().join("\n");
        for key in ["provider", "source", "kind", "expect"] {
            assert!(meta.contains_key(key), "{name}: `# {key}:` is missing");
        }
        assert!(
            meta["source"].starts_with("https://"),
            "{name}: the source must be the documentation's URL"
        );
        Fixture {
            name,
            meta,
            status,
            headers,
            body,
        }
    }

    fn get(&self, key: &str) -> Option<&str> {
        self.meta.get(key).map(String::as_str)
    }

    fn reply(&self) -> Reply {
        let mut reply = Reply::status(self.status).body(self.body.clone());
        for (k, v) in &self.headers {
            reply = reply.header(k, v.clone());
        }
        reply
    }

    fn profile(&self) -> ResponseProfile {
        let mut profile = ResponseProfile::default();
        for (key, value) in &self.meta {
            if key != "profile" {
                continue;
            }
            let (setting, arg) = value.split_once('=').unwrap_or((value, ""));
            profile = match setting {
                "accept_token_type" => profile.accept_token_type(arg),
                "access_token_field" => profile.access_token_field(arg),
                "invalid_grant_code" => profile.invalid_grant_code(arg),
                "camel_case" => ResponseProfile::camel_case(),
                other => panic!("{}: unknown profile setting {other}", self.name),
            };
        }
        profile
    }

    fn secs(&self, key: &str) -> Option<Option<Duration>> {
        self.get(key).map(|v| match v {
            "none" => None,
            n => Some(Duration::from_secs(n.parse().unwrap())),
        })
    }
}

fn fixtures() -> Vec<Fixture> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "http"))
        .collect();
    paths.sort();
    paths.iter().map(|p| Fixture::read(p)).collect()
}

fn check_token(f: &Fixture, result: Result<TokenResponse, Error>) {
    let name = &f.name;
    match (f.get("expect").unwrap(), result) {
        ("token", Ok(r)) => {
            if let Some(token) = f.get("expect.access_token") {
                assert_eq!(r.access_token.expose_secret(), token, "{name}");
            }
            if let Some(expected) = f.secs("expect.expires_in") {
                assert_eq!(r.expires_in, expected, "{name}: expires_in");
            }
            if let Some(expected) = f.secs("expect.refresh_token_expires_in") {
                assert_eq!(r.refresh_token_expires_in, expected, "{name}");
            }
            if let Some(token) = f.get("expect.refresh_token") {
                let got = r
                    .refresh_token
                    .as_ref()
                    .map(|t| t.expose_secret().to_owned());
                assert_eq!(got.as_deref(), Some(token), "{name}: refresh token");
            }
            if let Some(scope) = f.get("expect.scope") {
                let got = r
                    .scope
                    .as_ref()
                    .map(|s| s.iter().collect::<Vec<_>>().join(" "));
                let expected = (scope != "none").then_some(scope);
                assert_eq!(got.as_deref(), expected, "{name}: scope");
            }
        }
        ("token_endpoint_error", Err(Error::TokenEndpoint(e))) => {
            if let Some(status) = f.get("expect.status") {
                assert_eq!(e.status.as_u16().to_string(), status, "{name}");
            }
            if let Some(code) = f.get("expect.code") {
                assert_eq!(
                    e.code.as_ref().map(OAuthErrorCode::as_str),
                    Some(code),
                    "{name}"
                );
            }
            if let Some(d) = f.get("expect.description") {
                assert_eq!(e.description.as_deref(), Some(d), "{name}");
            }
            if let Some(d) = f.get("expect.description_contains") {
                assert!(
                    e.description.as_deref().unwrap_or("").contains(d),
                    "{name}: {e}"
                );
            }
            if let Some(v) = f.get("expect.invalid_grant") {
                assert_eq!(e.is_invalid_grant().to_string(), v, "{name}");
            }
            if let Some(v) = f.get("expect.transient") {
                assert_eq!(e.is_transient().to_string(), v, "{name}");
            }
            if let Some(expected) = f.secs("expect.retry_after") {
                assert_eq!(e.retry_after, expected, "{name}: retry_after");
            }
        }
        ("unsupported_token_type", Err(Error::UnsupportedTokenType { token_type })) => {
            assert_eq!(
                Some(token_type.as_str()),
                f.get("expect.token_type"),
                "{name}"
            );
        }
        (expected, got) => panic!("{name}: expected {expected}, got {got:?}"),
    }
}

auth_core::scopes! {
    /// The corpus API's one scope.
    pub mod corpus { read }
}

#[auth_core::api(scopes = corpus)]
trait Corpus {
    #[get("/answer/{name}")]
    #[authenticated(scope = "read")]
    async fn answer(&self, name: &str) -> Result<serde_json::Value, Error>;
}

fn check_api(f: &Fixture, result: Result<serde_json::Value, Error>) {
    let name = &f.name;
    let err = result.expect_err(name);
    let api = match (f.get("expect").unwrap(), &err) {
        ("unauthorized", Error::Unauthorized { error, .. })
        | ("forbidden", Error::Forbidden { error, .. })
        | ("api", Error::Api(error)) => error.as_ref(),
        (
            "rate_limited",
            Error::RateLimited {
                error: Some(error), ..
            },
        ) => error.as_ref(),
        (expected, _) => panic!("{name}: expected {expected}, got {err:?}"),
    };
    if let Some(status) = f.get("expect.status") {
        assert_eq!(api.status.as_u16().to_string(), status, "{name}");
    }
    if let Some(code) = f.get("expect.code") {
        assert_eq!(api.code.as_deref(), Some(code), "{name}: {err}");
    }
    if let Some(message) = f.get("expect.message") {
        assert_eq!(api.message.as_deref(), Some(message), "{name}: {err}");
    }
    if let Some(part) = f.get("expect.message_contains") {
        assert!(
            api.message.as_deref().unwrap_or("").contains(part),
            "{name}: {err}"
        );
    }
    if let Some(expected) = f.secs("expect.retry_after") {
        assert_eq!(api.retry_after, expected, "{name}: retry_after");
        assert_eq!(err.retry_after(), expected, "{name}: retry_after");
    }
    if let Some(ms) = f.get("expect.retry_after_ms") {
        let expected = Duration::from_millis(ms.parse().unwrap());
        assert_eq!(api.retry_after, Some(expected), "{name}");
    }
    if let Some(scope) = f.get("expect.insufficient_scope") {
        assert!(
            matches!(&err, Error::Forbidden { insufficient_scope: Some(s), .. } if s == scope),
            "{name}: {err:?}"
        );
    }
    // Whatever the shape, the message says what happened without dumping the body.
    assert!(err.to_string().len() < 1200, "{name}: {err}");
}

#[tokio::test]
async fn every_documented_answer_is_read_as_its_provider_means_it() {
    let fixtures = fixtures();
    let tokens = fixtures
        .iter()
        .filter(|f| f.get("kind") == Some("token"))
        .count();
    let apis = fixtures
        .iter()
        .filter(|f| f.get("kind") == Some("api"))
        .count();
    assert!(
        tokens + apis >= 40 && tokens >= 20 && apis >= 20,
        "{tokens} token and {apis} API answers"
    );
    let mut providers: Vec<&str> = fixtures
        .iter()
        .map(|f| {
            f.get("provider")
                .unwrap()
                .split([',', ':', '('])
                .next()
                .unwrap()
                .trim()
        })
        .collect();
    providers.sort();
    providers.dedup();
    assert!(providers.len() >= 25, "{providers:?}");

    let mut builder = TestProvider::builder();
    for f in fixtures.iter().filter(|f| f.get("kind") == Some("api")) {
        let reply = f.reply();
        let path = format!("/answer/{}", f.name.trim_end_matches(".http"));
        builder = builder.route(Route::get(&path).public().respond(move |_| reply.clone()));
    }
    let provider = builder.start().await;
    let http = auth_core::token_http_client();
    let client = CorpusClient::with_base_url(
        Scoped::<corpus::All>::assume_granted(StaticToken::new("portal-token").unwrap()),
        &provider.base_url(),
    )
    .unwrap()
    .with_config(ClientConfig::default().max_attempts(1));

    for f in &fixtures {
        match f.get("kind").unwrap() {
            "token" => {
                provider.inject("/oauth/token", Fault::Reply(f.reply()), 1);
                let request = http
                    .post(provider.token_url())
                    .form(&[("grant_type", "client_credentials")]);
                check_token(f, request_token_with(request, &f.profile()).await);
            }
            "api" => {
                // Each answer gets a fresh client: a rate limit holds only its own calls.
                let client = client.with_config(ClientConfig::default().max_attempts(1));
                let result = client.answer(f.name.trim_end_matches(".http")).await;
                check_api(f, result);
            }
            other => panic!("{}: unknown kind {other}", f.name),
        }
    }
}
