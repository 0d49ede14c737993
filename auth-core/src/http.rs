//! HTTP plumbing shared by token sources and generated clients: the shared connection
//! pools, bounded body reads, and header parsing.

use std::sync::OnceLock;
use std::time::{Duration, SystemTime};

use bytes::{Bytes, BytesMut};
use reqwest::header::{HeaderMap, RETRY_AFTER};

use crate::error::{BodyKind, OAuthErrorCode, TokenEndpointError, TransportError, sanitize};
use crate::token::looks_like_html;
use crate::{Error, TokenResponse};

/// The most bytes read from a token endpoint's successful answer.
const TOKEN_BODY_LIMIT: usize = 1 << 20;
/// The most bytes read from any error answer: enough for a JSON error, bounded for a
/// multi-megabyte HTML page.
pub(crate) const ERROR_BODY_LIMIT: usize = 64 << 10;
/// Per-request timeout for token endpoints.
const TOKEN_REQUEST_TIMEOUT: Duration = Duration::from_secs(20);

fn builder() -> reqwest::ClientBuilder {
    #[cfg(feature = "rustls")]
    {
        // reqwest is built without a default crypto provider (aws-lc-rs doubles clean build
        // time); install ring unless the application already chose one.
        let _ = rustls::crypto::ring::default_provider().install_default();
    }
    reqwest::Client::builder()
        .connect_timeout(Duration::from_secs(10))
        .pool_idle_timeout(Duration::from_secs(90))
        .tcp_nodelay(true)
}

/// The connection pool every token source uses unless given its own client.
///
/// It never follows redirects: a token request carries a client secret or password in its
/// body, which a redirect (307/308) would send to wherever the `Location` points.
pub fn token_http_client() -> reqwest::Client {
    static CLIENT: OnceLock<reqwest::Client> = OnceLock::new();
    CLIENT
        .get_or_init(|| {
            builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .expect("a client built from constant settings")
        })
        .clone()
}

/// The connection pool generated API clients share unless given their own client.
///
/// Redirects are followed up to 5 times, never from https to plain http (except to
/// loopback); reqwest drops `Authorization` when a redirect leaves the origin.
pub fn api_http_client() -> reqwest::Client {
    static CLIENT: OnceLock<reqwest::Client> = OnceLock::new();
    CLIENT
        .get_or_init(|| {
            let policy = reqwest::redirect::Policy::custom(|attempt| {
                if attempt.previous().len() >= 5 {
                    attempt.error("more than 5 redirects")
                } else if attempt.url().scheme() == "http"
                    && !crate::source::is_loopback(attempt.url())
                {
                    attempt.error("refusing to follow a redirect to plain http")
                } else {
                    attempt.follow()
                }
            });
            builder()
                .redirect(policy)
                .build()
                .expect("a client built from constant settings")
        })
        .clone()
}

/// Reads at most `limit` bytes of a body. Returns the bytes and whether more followed.
pub(crate) async fn read_limited(
    response: &mut reqwest::Response,
    limit: usize,
) -> Result<(Bytes, bool), reqwest::Error> {
    let mut buf = BytesMut::new();
    while let Some(chunk) = response.chunk().await? {
        let room = limit - buf.len();
        if chunk.len() > room {
            buf.extend_from_slice(&chunk[..room]);
            return Ok((buf.freeze(), true));
        }
        buf.extend_from_slice(&chunk);
    }
    Ok((buf.freeze(), false))
}

/// Reads a whole body of at most `limit` bytes. With a `Content-Length` within the
/// limit (which hyper enforces), the body is taken as it arrives, without a copy.
pub(crate) async fn read_body(
    mut response: reqwest::Response,
    limit: usize,
) -> Result<(Bytes, bool), reqwest::Error> {
    match response.content_length() {
        Some(len) if usize::try_from(len).is_ok_and(|len| len <= limit) => {
            response.bytes().await.map(|b| (b, false))
        }
        _ => read_limited(&mut response, limit).await,
    }
}

/// The URL without query or fragment, for messages.
pub(crate) fn display_url(url: &reqwest::Url) -> String {
    let mut u = url.clone();
    u.set_query(None);
    u.set_fragment(None);
    let _ = u.set_password(None);
    u.to_string()
}

/// Sends a token request and reads the answer: a parsed [`TokenResponse`] for 2xx, a
/// [`TokenEndpointError`] otherwise. Bodies are read with a size limit and never echoed.
///
/// This is the building block for custom [`TokenSource`](crate::TokenSource)s.
pub async fn request_token(request: reqwest::RequestBuilder) -> Result<TokenResponse, Error> {
    let (response, endpoint) = send_token_request(request).await?;
    let (body, _) = read_token_body(response, &endpoint).await?;
    TokenResponse::from_json(&body, &endpoint)
}

/// Like [`request_token`], but keeps a `refresh_token` from a response that is otherwise
/// unusable.
pub(crate) async fn request_token_keeping_refresh(
    request: reqwest::RequestBuilder,
) -> (Result<TokenResponse, Error>, Option<secrecy::SecretString>) {
    let (response, endpoint) = match send_token_request(request).await {
        Ok(r) => r,
        Err(e) => return (Err(e), None),
    };
    match read_token_body(response, &endpoint).await {
        Ok((body, _)) => TokenResponse::from_json_keeping_refresh(&body, &endpoint),
        Err(e) => (Err(e), None),
    }
}

async fn send_token_request(
    request: reqwest::RequestBuilder,
) -> Result<(reqwest::Response, String), Error> {
    let (client, request) = request
        .timeout(TOKEN_REQUEST_TIMEOUT)
        .header(reqwest::header::ACCEPT, "application/json")
        .build_split();
    let request =
        request.map_err(|e| Error::config(format!("cannot build the token request: {e}")))?;
    let endpoint = display_url(request.url());
    let response = client
        .execute(request)
        .await
        .map_err(|e| TransportError::new(&endpoint, e))?;
    Ok((response, endpoint))
}

async fn read_token_body(
    mut response: reqwest::Response,
    endpoint: &str,
) -> Result<(Bytes, bool), Error> {
    let status = response.status();
    if status.is_success() {
        let (body, truncated) = read_limited(&mut response, TOKEN_BODY_LIMIT)
            .await
            .map_err(|e| TransportError::new(endpoint, e))?;
        if truncated {
            return Err(Error::InvalidTokenResponse {
                endpoint: endpoint.to_owned(),
                reason: format!("the body is larger than {TOKEN_BODY_LIMIT} bytes"),
            });
        }
        return Ok((body, false));
    }
    let headers = response.headers().clone();
    // An unreadable error body still leaves a useful error: the status.
    let body = read_limited(&mut response, ERROR_BODY_LIMIT)
        .await
        .map(|(b, _)| b)
        .unwrap_or_default();
    Err(token_endpoint_error(endpoint, status, &headers, &body).into())
}

/// Turns an error answer into a [`TokenEndpointError`]: RFC 6749 §5.2 bodies,
/// `{"message": ...}` bodies, HTML pages and empty bodies alike.
pub(crate) fn token_endpoint_error(
    endpoint: &str,
    status: reqwest::StatusCode,
    headers: &HeaderMap,
    body: &[u8],
) -> TokenEndpointError {
    let summary = summarize_error_body(body);
    TokenEndpointError {
        endpoint: endpoint.to_owned(),
        status,
        code: summary.code.as_deref().map(OAuthErrorCode::parse),
        description: summary.message,
        body: summary.kind,
        retry_after: retry_after(headers, SystemTime::now()),
    }
}

/// What an error body says, without its content.
pub(crate) struct ErrorSummary {
    pub(crate) kind: BodyKind,
    /// `error` of an RFC 6749 body.
    pub(crate) code: Option<String>,
    /// `error_description`, `message`, or `error.message`, sanitised.
    pub(crate) message: Option<String>,
}

pub(crate) fn summarize_error_body(body: &[u8]) -> ErrorSummary {
    let mut summary = ErrorSummary {
        kind: BodyKind::Other,
        code: None,
        message: None,
    };
    if body.iter().all(u8::is_ascii_whitespace) {
        summary.kind = BodyKind::Empty;
    } else if looks_like_html(body) {
        summary.kind = BodyKind::Html;
    } else if let Ok(serde_json::Value::Object(obj)) =
        serde_json::from_slice::<serde_json::Value>(body)
    {
        summary.kind = BodyKind::Json;
        let text =
            |v: Option<&serde_json::Value>| v.and_then(|v| v.as_str()).map(|s| sanitize(s, 300));
        match obj.get("error") {
            Some(serde_json::Value::String(code)) => summary.code = Some(sanitize(code, 64)),
            Some(serde_json::Value::Object(inner)) => summary.message = text(inner.get("message")),
            _ => {}
        }
        summary.message = text(obj.get("error_description"))
            .or_else(|| text(obj.get("message")))
            .or(summary.message);
    }
    summary
}

/// `Retry-After` as a wait from `now`: delta-seconds or an HTTP-date (RFC 9110 §10.2.3).
/// Unparseable values are ignored; waits are clamped to ten years.
pub fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    parse_retry_after(value, now)
}

/// Parses a `Retry-After` value: delta-seconds or an HTTP-date, relative to `now`.
pub fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        let secs = value.parse::<u64>().unwrap_or(u64::MAX);
        return Some(Duration::from_secs(secs).min(crate::time::MAX_SERVER_DURATION));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(
        at.duration_since(now)
            .unwrap_or(Duration::ZERO)
            .min(crate::time::MAX_SERVER_DURATION),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_bodies_of_every_shape() {
        let s = summarize_error_body(br#"{"error":"invalid_grant","error_description":"bad"}"#);
        assert_eq!(
            (s.kind, s.code.as_deref(), s.message.as_deref()),
            (BodyKind::Json, Some("invalid_grant"), Some("bad"))
        );
        let s = summarize_error_body(br#"{"message":"Unauthorized"}"#);
        assert_eq!((s.code, s.message.as_deref()), (None, Some("Unauthorized")));
        let s = summarize_error_body(br#"{"error":{"message":"nested"}}"#);
        assert_eq!(s.message.as_deref(), Some("nested"));
        assert_eq!(summarize_error_body(b"").kind, BodyKind::Empty);
        assert_eq!(
            summarize_error_body(b"  <!DOCTYPE html><p>token=abc</p>").kind,
            BodyKind::Html
        );
        let s = summarize_error_body(b"access_token=SENTINEL");
        assert_eq!((s.kind, s.message), (BodyKind::Other, None));
    }

    #[test]
    fn retry_after_seconds_and_dates() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(784_111_777);
        assert_eq!(
            parse_retry_after("120", now),
            Some(Duration::from_secs(120))
        );
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:50:37 GMT", now),
            Some(Duration::from_secs(60))
        );
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:00:00 GMT", now),
            Some(Duration::ZERO)
        );
        assert_eq!(
            parse_retry_after("99999999999999999999999", now),
            Some(crate::time::MAX_SERVER_DURATION)
        );
        assert_eq!(parse_retry_after("soon", now), None);
        assert_eq!(parse_retry_after("-1", now), None);
    }
}
