//! Tokens: what a [`TokenSource`](crate::TokenSource) returns ([`Token`]), how a token
//! endpoint's JSON is read ([`TokenResponse`]), and what callers receive from a
//! [`TokenCache`](crate::TokenCache) ([`AccessToken`]).

use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use reqwest::header::HeaderValue;
use secrecy::{ExposeSecret, SecretString};
use serde_json::Value;
use tokio::time::Instant;

use crate::Error;
use crate::error::sanitize;

/// The scopes a provider says it granted (the `scope` field of a token response).
///
/// Parsed leniently: space- or comma-separated, or a JSON array of strings.
#[derive(Clone, PartialEq, Eq)]
pub struct GrantedScopes(Arc<[Box<str>]>);

impl GrantedScopes {
    /// Scopes from any list of names; empty names are dropped and duplicates removed.
    pub fn new<I, S>(scopes: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let mut v: Vec<Box<str>> = Vec::new();
        for s in scopes {
            let s = s.as_ref().trim();
            if !s.is_empty() && !v.iter().any(|x| &**x == s) {
                v.push(s.into());
            }
        }
        GrantedScopes(v.into())
    }

    /// Parses a `scope` string: names separated by spaces (RFC 6749) or commas.
    pub fn parse(scope: &str) -> Self {
        Self::new(scope.split([' ', ',', '\t']))
    }

    /// Whether `scope` was granted.
    pub fn contains(&self, scope: &str) -> bool {
        self.0.iter().any(|s| &**s == scope)
    }

    /// The granted scope names, in the order the provider listed them.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|s| &**s)
    }

    /// The scopes as an RFC 6749 `scope` parameter (space-separated).
    pub fn to_param(&self) -> String {
        self.iter().collect::<Vec<_>>().join(" ")
    }

    /// Whether no scope is listed.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for GrantedScopes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// A freshly issued access token, as a [`TokenSource`](crate::TokenSource) returns it.
///
/// ```
/// use std::time::Duration;
/// use auth_core::{GrantedScopes, Token};
///
/// let token = Token::bearer("eyJhbGciOi...")
///     .with_expires_in(Duration::from_secs(3600))
///     .with_scopes(GrantedScopes::parse("can_read_order can_write_order"));
/// assert_eq!(token.expires_in(), Some(Duration::from_secs(3600)));
/// ```
pub struct Token {
    pub(crate) access_token: SecretString,
    pub(crate) expires_in: Option<Duration>,
    pub(crate) scopes: Option<GrantedScopes>,
}

impl Token {
    /// A Bearer access token with no known lifetime and no stated scopes.
    pub fn bearer(access_token: impl Into<SecretString>) -> Self {
        Token {
            access_token: access_token.into(),
            expires_in: None,
            scopes: None,
        }
    }

    /// How long the token is valid from when it was requested.
    pub fn with_expires_in(mut self, expires_in: Duration) -> Self {
        self.expires_in = Some(expires_in.min(crate::time::MAX_SERVER_DURATION));
        self
    }

    /// The scopes the provider granted.
    pub fn with_scopes(mut self, scopes: GrantedScopes) -> Self {
        self.scopes = Some(scopes);
        self
    }

    /// The token's lifetime, if known.
    pub fn expires_in(&self) -> Option<Duration> {
        self.expires_in
    }

    /// The granted scopes, if the provider stated them.
    pub fn scopes(&self) -> Option<&GrantedScopes> {
        self.scopes.as_ref()
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Token")
            .field("access_token", &"[redacted]")
            .field("expires_in", &self.expires_in)
            .field("scopes", &self.scopes)
            .finish()
    }
}

/// A successful token endpoint response (RFC 6749 §5.1), read leniently where real
/// servers differ and strictly where it matters:
///
/// - `expires_in` may be a number, a numeric string, or absent;
/// - `token_type` may be in any case or absent (taken as Bearer), but a type other than
///   Bearer is rejected, since such a token cannot be attached as `Authorization: Bearer`;
/// - `scope` may be space- or comma-separated, or an array.
///
/// ```
/// use std::time::Duration;
/// use auth_core::TokenResponse;
///
/// let body = br#"{"access_token":"abc","token_type":"bearer","expires_in":"3599",
///                 "refresh_token":"def","scope":"read,write"}"#;
/// let response = TokenResponse::from_json(body, "https://auth.example/token").unwrap();
/// assert_eq!(response.expires_in, Some(Duration::from_secs(3599)));
/// assert!(response.scope.unwrap().contains("write"));
/// assert!(response.refresh_token.is_some());
/// ```
#[non_exhaustive]
pub struct TokenResponse {
    /// `access_token`.
    pub access_token: SecretString,
    /// `refresh_token`, if the server issued one.
    pub refresh_token: Option<SecretString>,
    /// `expires_in`, clamped to ten years.
    pub expires_in: Option<Duration>,
    /// `scope`, if the server stated it.
    pub scope: Option<GrantedScopes>,
}

impl TokenResponse {
    /// Parses a token response body. `endpoint` names the server in errors.
    pub fn from_json(body: &[u8], endpoint: &str) -> Result<Self, Error> {
        let parsed = parse(body);
        parsed.result.map_err(|reason| match reason {
            Invalid::TokenType(token_type) => Error::UnsupportedTokenType { token_type },
            Invalid::Other(reason) => Error::InvalidTokenResponse {
                endpoint: endpoint.to_owned(),
                reason,
            },
        })
    }

    /// Like [`from_json`](Self::from_json), but also returns the `refresh_token` when the
    /// rest of the response is unusable: a rotated refresh token must not be lost.
    pub(crate) fn from_json_keeping_refresh(
        body: &[u8],
        endpoint: &str,
    ) -> (Result<Self, Error>, Option<SecretString>) {
        let parsed = parse(body);
        match parsed.result {
            Ok(r) => (Ok(r), None),
            Err(_) => (Self::from_json(body, endpoint), parsed.refresh_token),
        }
    }

    /// The access token with its lifetime and scopes, for a [`TokenSource`](crate::TokenSource)
    /// to return. `requested` fills in the scopes when the response omits `scope`, which
    /// RFC 6749 §5.1 allows when they equal the request.
    pub fn into_token(self, requested: Option<&GrantedScopes>) -> Token {
        Token {
            access_token: self.access_token,
            expires_in: self.expires_in,
            scopes: self.scope.or_else(|| requested.cloned()),
        }
    }
}

impl fmt::Debug for TokenResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenResponse")
            .field("access_token", &"[redacted]")
            .field(
                "refresh_token",
                &self.refresh_token.as_ref().map(|_| "[redacted]"),
            )
            .field("expires_in", &self.expires_in)
            .field("scope", &self.scope)
            .finish()
    }
}

enum Invalid {
    TokenType(String),
    Other(String),
}

struct Parsed {
    result: Result<TokenResponse, Invalid>,
    refresh_token: Option<SecretString>,
}

/// Every message built here describes the shape of the body, never its content: a
/// response that failed to parse may still hold a live token.
fn parse(body: &[u8]) -> Parsed {
    let fail = |reason: &str| Parsed {
        result: Err(Invalid::Other(reason.to_owned())),
        refresh_token: None,
    };
    let value: Value = match serde_json::from_slice(body) {
        Ok(v) => v,
        Err(_) if body.iter().all(u8::is_ascii_whitespace) => return fail("the body is empty"),
        Err(_) if looks_like_html(body) => return fail("the body is an HTML page, not JSON"),
        Err(_) => return fail("the body is not valid JSON"),
    };
    let Value::Object(mut obj) = value else {
        return fail("the body is JSON but not an object");
    };
    let refresh_token = match obj.remove("refresh_token") {
        Some(Value::String(s)) if !s.is_empty() => Some(SecretString::from(s)),
        _ => None,
    };
    let result = (|| {
        let access_token = match obj.remove("access_token") {
            Some(Value::String(s)) if !s.is_empty() => SecretString::from(s),
            Some(Value::String(_)) => return Err(Invalid::Other("`access_token` is empty".into())),
            Some(_) => return Err(Invalid::Other("`access_token` is not a string".into())),
            None => return Err(Invalid::Other("`access_token` is missing".into())),
        };
        match obj.get("token_type") {
            None | Some(Value::Null) => {}
            Some(Value::String(t)) if t.eq_ignore_ascii_case("bearer") => {}
            Some(Value::String(t)) => return Err(Invalid::TokenType(sanitize(t, 40))),
            Some(_) => return Err(Invalid::Other("`token_type` is not a string".into())),
        }
        let expires_in = match obj.get("expires_in") {
            None | Some(Value::Null) => None,
            Some(Value::Number(n)) => n.as_f64().map(crate::time::secs_f64),
            Some(Value::String(s)) => match s.trim().parse::<f64>() {
                Ok(secs) if secs.is_finite() => Some(crate::time::secs_f64(secs)),
                _ => return Err(Invalid::Other("`expires_in` is not a number".into())),
            },
            Some(_) => return Err(Invalid::Other("`expires_in` is not a number".into())),
        };
        let scope = match obj.get("scope") {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(GrantedScopes::parse(s)),
            Some(Value::Array(items)) => {
                Some(GrantedScopes::new(items.iter().filter_map(Value::as_str)))
            }
            Some(_) => return Err(Invalid::Other("`scope` is not a string".into())),
        };
        Ok(TokenResponse {
            access_token,
            refresh_token: None,
            expires_in,
            scope,
        })
    })();
    match result {
        Ok(mut r) => {
            r.refresh_token = refresh_token;
            Parsed {
                result: Ok(r),
                refresh_token: None,
            }
        }
        Err(e) => Parsed {
            result: Err(e),
            refresh_token,
        },
    }
}

pub(crate) fn looks_like_html(body: &[u8]) -> bool {
    let start = body
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(body.len());
    let head = &body[start..body.len().min(start + 64)];
    head.first() == Some(&b'<')
}

static NEXT_TOKEN_ID: AtomicU64 = AtomicU64::new(1);

/// An access token handed out by a [`TokenCache`](crate::TokenCache): cheap to clone, ready
/// to attach, and redacted in `Debug`.
#[derive(Clone)]
pub struct AccessToken {
    inner: Arc<AccessTokenInner>,
}

struct AccessTokenInner {
    id: u64,
    secret: SecretString,
    header: HeaderValue,
    scopes: Option<GrantedScopes>,
    expires_at: Option<Instant>,
}

impl AccessToken {
    /// Builds the token and its `Authorization: Bearer ...` header value. Fails if the token
    /// contains characters an HTTP header cannot carry.
    pub(crate) fn new(
        secret: SecretString,
        scopes: Option<GrantedScopes>,
        expires_at: Option<Instant>,
    ) -> Result<Self, Error> {
        let mut header = HeaderValue::try_from(format!("Bearer {}", secret.expose_secret()))
            .map_err(|_| {
                Error::config(
                    "the access token contains characters that cannot be sent in an HTTP \
                     header (control characters or non-ASCII); check how it was copied",
                )
            })?;
        header.set_sensitive(true);
        Ok(AccessToken {
            inner: Arc::new(AccessTokenInner {
                id: NEXT_TOKEN_ID.fetch_add(1, Ordering::Relaxed),
                secret,
                header,
                scopes,
                expires_at,
            }),
        })
    }

    /// The token itself. Expose it only to send it.
    pub fn secret(&self) -> &SecretString {
        &self.inner.secret
    }

    /// `Bearer <token>`, marked sensitive so that `http`'s `Debug` hides it.
    pub fn header_value(&self) -> &HeaderValue {
        &self.inner.header
    }

    /// The scopes the provider granted, if it stated them (or the scopes requested, when
    /// the response omitted them).
    pub fn scopes(&self) -> Option<&GrantedScopes> {
        self.inner.scopes.as_ref()
    }

    /// When the token expires, if known.
    pub fn expires_at(&self) -> Option<Instant> {
        self.inner.expires_at
    }

    /// Whether `other` is the very same token (the same issuance, not just equal text).
    pub fn same_as(&self, other: &AccessToken) -> bool {
        self.inner.id == other.inner.id
    }

    /// A process-wide unique id of this issuance (never 0).
    pub(crate) fn id(&self) -> u64 {
        self.inner.id
    }
}

impl fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AccessToken")
            .field("token", &"[redacted]")
            .field("scopes", &self.inner.scopes)
            .field(
                "expires_in",
                &self
                    .inner
                    .expires_at
                    .map(|t| t.saturating_duration_since(Instant::now())),
            )
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(body: &str) -> TokenResponse {
        TokenResponse::from_json(body.as_bytes(), "E").unwrap()
    }

    fn err(body: &str) -> String {
        TokenResponse::from_json(body.as_bytes(), "E")
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn expires_in_as_number_string_float_or_absent() {
        let d = |b: &str| ok(b).expires_in;
        assert_eq!(
            d(r#"{"access_token":"a","expires_in":3599}"#),
            Some(Duration::from_secs(3599))
        );
        assert_eq!(
            d(r#"{"access_token":"a","expires_in":"60"}"#),
            Some(Duration::from_secs(60))
        );
        assert_eq!(
            d(r#"{"access_token":"a","expires_in":1.5}"#),
            Some(Duration::from_millis(1500))
        );
        assert_eq!(
            d(r#"{"access_token":"a","expires_in":-3}"#),
            Some(Duration::ZERO)
        );
        assert_eq!(
            d(r#"{"access_token":"a","expires_in":1e308}"#),
            Some(crate::time::MAX_SERVER_DURATION)
        );
        assert_eq!(d(r#"{"access_token":"a"}"#), None);
        assert_eq!(d(r#"{"access_token":"a","expires_in":null}"#), None);
        assert!(err(r#"{"access_token":"a","expires_in":"soon"}"#).contains("`expires_in`"));
    }

    #[test]
    fn token_type_any_case_or_absent_but_only_bearer() {
        ok(r#"{"access_token":"a","token_type":"Bearer"}"#);
        ok(r#"{"access_token":"a","token_type":"bearer"}"#);
        ok(r#"{"access_token":"a","token_type":"BEARER"}"#);
        ok(r#"{"access_token":"a"}"#);
        let e = TokenResponse::from_json(br#"{"access_token":"a","token_type":"mac"}"#, "E");
        assert!(
            matches!(e, Err(Error::UnsupportedTokenType { token_type }) if token_type == "mac")
        );
    }

    #[test]
    fn scope_space_comma_or_array() {
        let s = |b: &str| ok(b).scope.unwrap();
        assert_eq!(
            s(r#"{"access_token":"a","scope":"x y"}"#),
            GrantedScopes::new(["x", "y"])
        );
        assert_eq!(
            s(r#"{"access_token":"a","scope":"x,y, z"}"#),
            GrantedScopes::new(["x", "y", "z"])
        );
        assert_eq!(
            s(r#"{"access_token":"a","scope":["x","y"]}"#),
            GrantedScopes::new(["x", "y"])
        );
    }

    #[test]
    fn malformed_bodies_are_errors_that_do_not_echo_the_body() {
        for (body, expect) in [
            ("", "empty"),
            ("<html><body>502 Bad Gateway</body></html>", "HTML"),
            ("{\"access_token\": \"SENTINEL", "not valid JSON"),
            ("[\"SENTINEL\"]", "not an object"),
            (r#"{"access_token":""}"#, "empty"),
            (r#"{"access_token":5}"#, "not a string"),
            (r#"{"refresh_token":"SENTINEL"}"#, "missing"),
        ] {
            let msg = err(body);
            assert!(msg.contains(expect), "{body:?} -> {msg}");
            assert!(!msg.contains("SENTINEL"), "{msg}");
        }
    }

    #[test]
    fn refresh_token_survives_an_otherwise_unusable_response() {
        let (res, rt) = TokenResponse::from_json_keeping_refresh(
            br#"{"access_token":"a","token_type":"mac","refresh_token":"r2"}"#,
            "E",
        );
        assert!(res.is_err());
        assert_eq!(rt.unwrap().expose_secret(), "r2");
    }

    #[test]
    fn debug_output_is_redacted() {
        let r = ok(r#"{"access_token":"SENTINEL-A","refresh_token":"SENTINEL-R"}"#);
        let dbg = format!("{r:?}");
        assert!(!dbg.contains("SENTINEL"), "{dbg}");
        let t = AccessToken::new(r.access_token, None, None).unwrap();
        let dbg = format!("{t:?} {:?}", t.header_value());
        assert!(!dbg.contains("SENTINEL"), "{dbg}");
    }

    #[test]
    fn token_with_header_breaking_characters_is_rejected() {
        let e = AccessToken::new("a\nb".into(), None, None).unwrap_err();
        assert!(e.to_string().contains("cannot be sent in an HTTP header"));
    }
}
