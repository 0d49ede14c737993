//! Asking a token endpoint for a token: the request every source sends, and how its
//! answer is read (bounded, scrubbed of the request's secrets).

use std::time::{Duration, SystemTime};

use crate::error::body::summarize;
use crate::error::redact::Redactor;
use crate::error::{Error, TokenEndpointError, TransportError};
use crate::http::body::{ERROR_BODY_LIMIT, read_limited};
use crate::http::retry_after::{server_clock, server_wait};
use crate::http::url_policy::display_url;

use super::profile::ResponseProfile;
use super::response::{Answer, TokenResponse, parse_success};

/// The most bytes read from a token endpoint's successful answer.
const TOKEN_BODY_LIMIT: usize = 1 << 20;
/// Per-request timeout for token endpoints.
const TOKEN_REQUEST_TIMEOUT: Duration = Duration::from_secs(20);

/// Sends a token request and reads the answer: a parsed [`TokenResponse`] for 2xx, a
/// [`TokenEndpointError`] otherwise (or for an error inside a 2xx). Bodies are read with
/// a size limit and never echoed; what the server says is scrubbed of every secret the
/// request carried (its `Authorization` header, and body fields such as `client_secret`,
/// `password` or `refresh_token`), even when the server quotes them back.
///
/// This is the building block for custom [`TokenSource`](crate::TokenSource)s.
pub async fn request_token(request: reqwest::RequestBuilder) -> Result<TokenResponse, Error> {
    request_token_with(request, &ResponseProfile::default()).await
}

/// Like [`request_token`], reading the answer with `profile` (renamed fields, other
/// token types, provider error codes).
pub async fn request_token_with(
    request: reqwest::RequestBuilder,
    profile: &ResponseProfile,
) -> Result<TokenResponse, Error> {
    let (client, request) = request
        .timeout(TOKEN_REQUEST_TIMEOUT)
        .header(reqwest::header::ACCEPT, "application/json")
        .build_split();
    let request = request.map_err(|e| {
        Error::config(format!(
            "cannot build the token request: {}",
            e.without_url()
        ))
    })?;
    let redactor = Redactor::from_request(&request);
    let endpoint = display_url(request.url());
    let mut response = client
        .execute(request)
        .await
        .map_err(|e| TransportError::new(&endpoint, e))?;
    let status = response.status();
    let headers = std::mem::take(response.headers_mut());
    let content_type = headers
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok());
    if status.is_success() {
        let (body, truncated) = read_limited(&mut response, TOKEN_BODY_LIMIT)
            .await
            .map_err(|e| TransportError::new(&endpoint, e))?;
        if truncated {
            return Err(Error::InvalidTokenResponse {
                endpoint,
                reason: format!("the body is larger than {TOKEN_BODY_LIMIT} bytes"),
            });
        }
        let answer = Answer {
            status,
            content_type,
            server_now: server_clock(&headers),
            body: &body,
        };
        return parse_success(&endpoint, &answer, profile, &redactor);
    }
    // An unreadable error body still leaves a useful error: the status.
    let body = read_limited(&mut response, ERROR_BODY_LIMIT)
        .await
        .map(|(b, _)| b)
        .unwrap_or_default();
    let summary = summarize(&body, content_type, &redactor);
    let wait = server_wait(&headers, SystemTime::now());
    Err(TokenEndpointError::from_summary(&endpoint, status, summary, wait, profile).into())
}
