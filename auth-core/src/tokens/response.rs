//! [`TokenResponse`]: a token endpoint's successful answer, read as providers send it.

use std::fmt;
use std::time::{Duration, SystemTime};

use reqwest::StatusCode;
use secrecy::SecretString;
use serde_json::{Map, Value};

use super::profile::ResponseProfile;
use super::token::Token;
use crate::error::Error;
use crate::error::body::{Fields, is_error_in_success, summarize_fields};
use crate::error::redact::Redactor;
use crate::error::{OAuthErrorCode, TokenEndpointError};
use crate::scopes::granted::GrantedScopes;

/// A successful token endpoint response (RFC 6749 §5.1), read leniently where real
/// servers differ and strictly where it matters:
///
/// - JSON, or a form-encoded body (GitHub's default, whatever its `Content-Type`);
/// - an error inside a 200 (`{"error": ...}`, `{"ok": false, ...}`) is an error, typed
///   like the same error with a 4xx status, so `invalid_grant` leads to a new login;
/// - `expires_in` may be a number, a fraction, a numeric string, absent or `null`;
///   `0`, a negative number or text mean "no usable lifetime" (see [`ResponseProfile`]);
///   an absolute `expires_at` is read when `expires_in` is absent;
/// - `token_type` may be in any case or absent (taken as Bearer); other types are
///   refused unless the source's [`ResponseProfile`] accepts them;
/// - `scope` may be space- or comma-separated, or an array;
/// - field names follow the [`ResponseProfile`].
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
///
/// let form = b"access_token=gho_16C7e&scope=repo%2Cgist&token_type=bearer";
/// let response = TokenResponse::from_json(form, "https://github.com/login/oauth/access_token").unwrap();
/// assert!(response.scope.unwrap().contains("gist"));
/// ```
#[non_exhaustive]
pub struct TokenResponse {
    /// `access_token`.
    pub access_token: SecretString,
    /// `refresh_token`, if the server issued one.
    pub refresh_token: Option<SecretString>,
    /// The token's lifetime, clamped to ten years; `None` when unknown.
    pub expires_in: Option<Duration>,
    /// The refresh token's own lifetime, if the server said.
    pub refresh_token_expires_in: Option<Duration>,
    /// `scope`, if the server stated it.
    pub scope: Option<GrantedScopes>,
}

impl TokenResponse {
    /// Parses a token response body, JSON or form-encoded, with the default
    /// [`ResponseProfile`]. `endpoint` names the server in errors.
    pub fn from_json(body: &[u8], endpoint: &str) -> Result<Self, Error> {
        Self::parse(body, None, endpoint, &ResponseProfile::default())
    }

    /// Parses a token response body read with `profile`; `content_type` is the answer's
    /// `Content-Type`, if known.
    pub fn parse(
        body: &[u8],
        content_type: Option<&str>,
        endpoint: &str,
        profile: &ResponseProfile,
    ) -> Result<Self, Error> {
        let answer = Answer {
            status: StatusCode::OK,
            content_type,
            server_now: None,
            body,
        };
        parse_success(endpoint, &answer, profile, &Redactor::default())
    }

    /// The access token with its lifetime and scopes, for a [`TokenSource`](crate::TokenSource)
    /// to return. `requested` fills in the scopes when the response omits `scope`, which
    /// RFC 6749 §5.1 allows when they equal the request.
    pub fn into_token(self, requested: Option<&GrantedScopes>) -> Token {
        Token {
            access_token: self.access_token,
            expires_in: self.expires_in,
            scopes: self.scope.or_else(|| requested.cloned()),
            obtained: None,
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
            .field("refresh_token_expires_in", &self.refresh_token_expires_in)
            .field("scope", &self.scope)
            .finish()
    }
}

/// A 2xx answer of a token endpoint.
pub(crate) struct Answer<'a> {
    pub(crate) status: StatusCode,
    pub(crate) content_type: Option<&'a str>,
    /// The server's clock (its `Date` header), for absolute expiries.
    pub(crate) server_now: Option<SystemTime>,
    pub(crate) body: &'a [u8],
}

/// Reads a 2xx answer: a token, or the error it carries. Every message built here
/// describes the shape of the body, never its content; server text that is kept (an
/// error description, a token type) is scrubbed of the request's secrets.
pub(crate) fn parse_success(
    endpoint: &str,
    answer: &Answer<'_>,
    profile: &ResponseProfile,
    redactor: &Redactor,
) -> Result<TokenResponse, Error> {
    let invalid = |reason: String| Error::InvalidTokenResponse {
        endpoint: endpoint.to_owned(),
        reason,
    };
    let fields = Fields::decode(answer.body, answer.content_type);
    let obj = match &fields {
        Fields::Json(obj) | Fields::Form(obj) => obj,
        Fields::Empty => return Err(invalid("the body is empty".into())),
        Fields::Html => return Err(invalid("the body is an HTML page, not JSON".into())),
        Fields::Other => {
            let reason = match serde_json::from_slice::<Value>(answer.body) {
                Ok(_) => "the body is JSON but not an object",
                Err(_) => "the body is neither JSON nor a form",
            };
            return Err(invalid(reason.into()));
        }
    };
    // The answer's own secrets too: a server that copies the token it issues into
    // another field (a `token_type` equal to the access token) must not get it into an
    // error. (Values too short to be real secrets would only mangle the text.)
    let mut redactor = redactor.clone();
    for name in [&*profile.access_token, &*profile.refresh_token, "id_token"] {
        if let Some(Value::String(secret)) = obj.get(name)
            && secret.len() >= crate::error::redact::MIN_DERIVED_LEN
        {
            redactor.add(secret);
        }
    }
    let redactor = &redactor;
    if is_error_in_success(obj, &profile.access_token) {
        let summary = summarize_fields(&fields, redactor);
        return Err(TokenEndpointError::from_summary(
            endpoint,
            answer.status,
            summary,
            None,
            profile,
        )
        .into());
    }
    let field = &*profile.access_token;
    let access_token = match obj.get(field) {
        Some(Value::String(s)) if !s.is_empty() => SecretString::from(s.clone()),
        Some(Value::String(_)) => return Err(invalid(format!("`{field}` is empty"))),
        Some(_) => return Err(invalid(format!("`{field}` is not a string"))),
        None => return Err(invalid(format!("`{field}` is missing"))),
    };
    match obj.get("token_type") {
        None | Some(Value::Null) => {}
        Some(Value::String(t)) if profile.accepts_token_type(t) => {}
        Some(Value::String(t)) => {
            return Err(Error::UnsupportedTokenType {
                token_type: redactor.clean(t, 40),
            });
        }
        Some(_) => return Err(invalid("`token_type` is not a string".into())),
    }
    let now = answer.server_now.unwrap_or_else(SystemTime::now);
    let expires_in = match obj.get(&*profile.expires_in) {
        None | Some(Value::Null) => obj.get(&*profile.expires_at).and_then(|v| until(v, now)),
        Some(v) => seconds(v, &profile.expires_in),
    };
    let refresh_token_expires_in = profile
        .refresh_token_expires_in
        .iter()
        .find_map(|name| obj.get(&**name).map(|v| seconds(v, name)))
        .flatten();
    let refresh_token = match obj.get(&*profile.refresh_token) {
        Some(Value::String(s)) if !s.is_empty() => Some(SecretString::from(s.clone())),
        _ => None,
    };
    Ok(TokenResponse {
        access_token,
        refresh_token,
        expires_in,
        refresh_token_expires_in,
        scope: scope(obj, &profile.scope),
    })
}

/// A lifetime in seconds: a number or a numeric string. Zero, negative and unreadable
/// values are no usable lifetime.
fn seconds(value: &Value, field: &str) -> Option<Duration> {
    let secs = match value {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse::<f64>().ok(),
        Value::Null => return None,
        _ => None,
    };
    match secs {
        Some(secs) if secs.is_finite() && secs > 0.0 => Some(crate::support::time::secs_f64(secs)),
        Some(_) => None,
        None => {
            tracing::warn!(
                field,
                "the token endpoint sent a lifetime that is not a number; the token is used \
                 until the API rejects it"
            );
            None
        }
    }
}

/// The time from `now` until an absolute expiry: epoch seconds or milliseconds (as a
/// number or a string), or an RFC 3339 time in UTC.
fn until(value: &Value, now: SystemTime) -> Option<Duration> {
    let at = match value {
        Value::Number(n) => epoch(n.as_f64()?),
        Value::String(s) => match s.trim().parse::<f64>() {
            Ok(n) => epoch(n),
            Err(_) => humantime::parse_rfc3339_weak(s.trim()).ok(),
        },
        _ => None,
    }?;
    match at.duration_since(now) {
        Ok(left) if !left.is_zero() => Some(left.min(crate::support::time::MAX_SERVER_DURATION)),
        _ => None,
    }
}

fn epoch(n: f64) -> Option<SystemTime> {
    if !n.is_finite() || n <= 0.0 {
        return None;
    }
    // 10¹² seconds is the year 33658: larger values are milliseconds.
    let secs = if n >= 1e12 { n / 1000.0 } else { n };
    let secs = Duration::try_from_secs_f64(secs).ok()?;
    SystemTime::UNIX_EPOCH.checked_add(secs)
}

fn scope(obj: &Map<String, Value>, field: &str) -> Option<GrantedScopes> {
    match obj.get(field)? {
        Value::String(s) => Some(GrantedScopes::parse(s)),
        Value::Array(items) => Some(GrantedScopes::new(items.iter().filter_map(Value::as_str))),
        _ => None,
    }
}

impl TokenEndpointError {
    /// The error a token endpoint answered with, from its summarised body.
    pub(crate) fn from_summary(
        endpoint: &str,
        status: StatusCode,
        summary: crate::error::body::ErrorSummary,
        retry_after: Option<Duration>,
        profile: &ResponseProfile,
    ) -> Self {
        let invalid_grant = summary
            .code
            .as_deref()
            .is_some_and(|c| profile.is_invalid_grant(c));
        TokenEndpointError {
            endpoint: endpoint.to_owned(),
            status,
            body: summary.body_kind(),
            code: summary.code.as_deref().map(OAuthErrorCode::parse),
            description: summary.message,
            retry_after,
            invalid_grant,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use secrecy::ExposeSecret;

    fn parse(body: &str) -> Result<TokenResponse, Error> {
        TokenResponse::from_json(body.as_bytes(), "E")
    }

    fn ok(body: &str) -> TokenResponse {
        parse(body).unwrap()
    }

    fn err(body: &str) -> String {
        parse(body).unwrap_err().to_string()
    }

    #[test]
    fn lifetimes_as_numbers_strings_fractions_or_nothing_usable() {
        let d = |b: &str| ok(b).expires_in;
        let secs = Duration::from_secs;
        assert_eq!(
            d(r#"{"access_token":"a","expires_in":3599}"#),
            Some(secs(3599))
        );
        assert_eq!(
            d(r#"{"access_token":"a","expires_in":"60"}"#),
            Some(secs(60))
        );
        assert_eq!(
            d(r#"{"access_token":"a","expires_in":1.5}"#),
            Some(Duration::from_millis(1500))
        );
        assert_eq!(
            d(r#"{"access_token":"a","expires_in":1e308}"#),
            Some(crate::support::time::MAX_SERVER_DURATION)
        );
        for none in [
            r#"{"access_token":"a"}"#,
            r#"{"access_token":"a","expires_in":null}"#,
            r#"{"access_token":"a","expires_in":0}"#,
            r#"{"access_token":"a","expires_in":-3}"#,
            r#"{"access_token":"a","expires_in":"soon"}"#,
            r#"{"access_token":"a","expires_in":[1]}"#,
        ] {
            assert_eq!(d(none), None, "{none}");
        }
    }

    #[test]
    fn absolute_expiries_against_the_servers_clock() {
        let server_now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_468_271_650);
        let read = |body: &str| {
            let answer = Answer {
                status: StatusCode::OK,
                content_type: None,
                server_now: Some(server_now),
                body: body.as_bytes(),
            };
            let profile = ResponseProfile::default().access_token_field("token");
            parse_success("E", &answer, &profile, &Redactor::default())
                .unwrap()
                .expires_in
        };
        // 2016-07-11T22:14:10Z is 1468275250: an hour after the server's clock.
        assert_eq!(
            read(r#"{"token":"ghs_x","expires_at":"2016-07-11T22:14:10Z"}"#),
            Some(Duration::from_secs(3600))
        );
        assert_eq!(
            read(r#"{"token":"t","expires_at":1468275250}"#),
            Some(Duration::from_secs(3600))
        );
        assert_eq!(
            read(r#"{"token":"t","expires_at":"1468275250000"}"#),
            Some(Duration::from_secs(3600))
        );
        assert_eq!(
            read(r#"{"token":"t","expires_at":1468271000}"#),
            None,
            "in the past"
        );
        assert_eq!(read(r#"{"token":"t","expires_at":"tomorrow"}"#), None);
    }

    #[test]
    fn a_token_type_that_echoes_a_token_of_the_answer_is_not_shown() {
        let access = "eyJhbGciOiJIUzI1NiJ9.c2VjcmV0LWFjY2Vzcw.sig-0123456789";
        let refresh = "rt-4f8a2c9e1b7d4a6f";
        for (echoed, body) in [
            (
                access,
                format!(r#"{{"access_token":"{access}","token_type":"{access}"}}"#),
            ),
            (
                refresh,
                format!(
                    r#"{{"access_token":"{access}","refresh_token":"{refresh}","token_type":"MAC {refresh}"}}"#
                ),
            ),
            (
                refresh,
                format!(
                    r#"{{"refresh_token":"{refresh}","error":"invalid_grant","error_description":"bad {refresh}"}}"#
                ),
            ),
        ] {
            let error = parse(&body).unwrap_err();
            let printed = format!("{error} {error:?}");
            assert!(!printed.contains(echoed), "{printed}");
            assert!(printed.contains("[redacted]"), "{printed}");
        }
    }

    #[test]
    fn token_type_any_case_or_absent_and_others_by_setting() {
        ok(r#"{"access_token":"a","token_type":"Bearer"}"#);
        ok(r#"{"access_token":"a","token_type":"bearer"}"#);
        ok(r#"{"access_token":"a","token_type":"BEARER"}"#);
        ok(r#"{"access_token":"a"}"#);
        let e = parse(r#"{"access_token":"a","token_type":"bot"}"#);
        assert!(
            matches!(e, Err(Error::UnsupportedTokenType { token_type }) if token_type == "bot")
        );
        let profile = ResponseProfile::default()
            .accept_token_type("bot")
            .accept_token_type("Application Access Token");
        for t in ["bot", "BOT", "application access token"] {
            let body = format!(r#"{{"access_token":"a","token_type":"{t}"}}"#);
            TokenResponse::parse(body.as_bytes(), None, "E", &profile).unwrap();
        }
        assert!(
            TokenResponse::parse(
                br#"{"access_token":"a","token_type":"mac"}"#,
                None,
                "E",
                &profile
            )
            .is_err()
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
        assert!(ok(r#"{"access_token":"a","scope":5}"#).scope.is_none());
    }

    #[test]
    fn form_bodies_with_or_without_their_content_type() {
        let body = b"access_token=gho_1&scope=repo%2Cgist&token_type=bearer";
        for ct in [
            Some("application/x-www-form-urlencoded"),
            Some("text/plain"),
            None,
        ] {
            let r = TokenResponse::parse(body, ct, "E", &ResponseProfile::default()).unwrap();
            assert_eq!(r.access_token.expose_secret(), "gho_1");
            assert_eq!(r.scope.unwrap(), GrantedScopes::new(["repo", "gist"]));
        }
    }

    #[test]
    fn errors_inside_a_200_are_token_endpoint_errors() {
        for (body, code) in [
            (
                r#"{"error":"bad_verification_code","error_description":"The code passed is incorrect or expired."}"#,
                "bad_verification_code",
            ),
            (r#"{"ok":false,"error":"invalid_code"}"#, "invalid_code"),
            (
                "error=invalid_grant&error_description=expired",
                "invalid_grant",
            ),
        ] {
            match parse(body) {
                Err(Error::TokenEndpoint(e)) => {
                    assert_eq!(e.status, StatusCode::OK);
                    assert_eq!(e.code.as_ref().map(OAuthErrorCode::as_str), Some(code));
                    assert_eq!(e.is_invalid_grant(), code == "invalid_grant");
                    assert!(!e.is_transient());
                }
                other => panic!("{body}: {other:?}"),
            }
        }
        let profile = ResponseProfile::default().invalid_grant_code("bad_refresh_token");
        match TokenResponse::parse(br#"{"error":"bad_refresh_token"}"#, None, "E", &profile) {
            Err(Error::TokenEndpoint(e)) => assert!(e.is_invalid_grant()),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn renamed_fields_by_profile() {
        let r = TokenResponse::parse(
            br#"{"accessToken":"a","expiresIn":60,"refreshToken":"r","refreshTokenExpiresIn":600}"#,
            None,
            "E",
            &ResponseProfile::camel_case(),
        )
        .unwrap();
        assert_eq!(r.expires_in, Some(Duration::from_secs(60)));
        assert_eq!(r.refresh_token.unwrap().expose_secret(), "r");
        assert_eq!(r.refresh_token_expires_in, Some(Duration::from_secs(600)));
    }

    #[test]
    fn refresh_token_lifetimes_under_their_usual_names() {
        for field in [
            "refresh_token_expires_in",
            "refresh_expires_in",
            "x_refresh_token_expires_in",
        ] {
            let body = format!(r#"{{"access_token":"a","refresh_token":"r","{field}":"8726400"}}"#);
            assert_eq!(
                ok(&body).refresh_token_expires_in,
                Some(Duration::from_secs(8_726_400))
            );
        }
        assert_eq!(
            ok(r#"{"access_token":"a","refresh_expires_in":0}"#).refresh_token_expires_in,
            None
        );
    }

    #[test]
    fn malformed_bodies_are_errors_that_do_not_echo_the_body() {
        for (body, expect) in [
            ("", "empty"),
            ("<html><body>502 Bad Gateway</body></html>", "HTML"),
            ("{\"access_token\": \"SENTINEL", "neither JSON nor a form"),
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
    fn echoed_secrets_never_reach_the_error() {
        let mut redactor = Redactor::default();
        redactor.add("s3cret-value");
        let answer = Answer {
            status: StatusCode::OK,
            content_type: None,
            server_now: None,
            body: br#"{"error":"invalid_client","error_description":"client c:s3cret-value rejected"}"#,
        };
        let e = parse_success("E", &answer, &ResponseProfile::default(), &redactor).unwrap_err();
        let shown = format!("{e} {e:?}");
        assert!(!shown.contains("s3cret"), "{shown}");
        assert!(shown.contains("client c:[redacted] rejected"), "{shown}");
    }
}
