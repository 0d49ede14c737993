//! HTTP plumbing shared by token sources and generated clients: the shared connection
//! pools, bounded body reads, and header parsing.

use std::sync::OnceLock;
use std::time::{Duration, SystemTime};

use bytes::{Bytes, BytesMut};

use crate::error::{TokenEndpointError, TransportError};
use crate::redact::Redactor;
use crate::token::{Answer, parse_success};
use crate::url_policy::display_url;
use crate::{Error, ResponseProfile, TokenResponse};

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
                } else if !crate::url_policy::may_redirect_to(attempt.url()) {
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
///
/// A body that arrives in one chunk (a small answer, usually) is kept as it came,
/// without a copy; a body in several chunks is copied together once.
pub(crate) async fn read_limited(
    response: &mut reqwest::Response,
    limit: usize,
) -> Result<(Bytes, bool), reqwest::Error> {
    let mut first: Option<Bytes> = None;
    let mut joined: Option<BytesMut> = None;
    let mut len = 0;
    let mut truncated = false;
    while let Some(mut chunk) = response.chunk().await? {
        let room = limit - len;
        if chunk.len() > room {
            chunk.truncate(room);
            truncated = true;
        }
        len += chunk.len();
        if let Some(buf) = &mut joined {
            buf.extend_from_slice(&chunk);
        } else if let Some(earlier) = first.take() {
            let mut buf = BytesMut::with_capacity(earlier.len() + chunk.len());
            buf.extend_from_slice(&earlier);
            buf.extend_from_slice(&chunk);
            joined = Some(buf);
        } else {
            first = Some(chunk);
        }
        if truncated {
            break;
        }
    }
    let body = match joined {
        Some(buf) => buf.freeze(),
        None => first.unwrap_or_default(),
    };
    Ok((body, truncated))
}

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
            server_now: crate::ratelimit::server_clock(&headers),
            body: &body,
        };
        return parse_success(&endpoint, &answer, profile, &redactor);
    }
    // An unreadable error body still leaves a useful error: the status.
    let body = read_limited(&mut response, ERROR_BODY_LIMIT)
        .await
        .map(|(b, _)| b)
        .unwrap_or_default();
    let summary = crate::error_body::summarize(&body, content_type, &redactor);
    let wait = crate::ratelimit::server_wait(&headers, SystemTime::now());
    Err(TokenEndpointError::from_summary(&endpoint, status, summary, wait, profile).into())
}

#[cfg(test)]
mod tests {
    use std::collections::VecDeque;
    use std::convert::Infallible;
    use std::pin::Pin;
    use std::task::{Context, Poll};

    use http_body::Frame;

    use super::*;

    /// A body that arrives in the given chunks.
    struct Chunks(VecDeque<&'static [u8]>);

    impl http_body::Body for Chunks {
        type Data = Bytes;
        type Error = Infallible;

        fn poll_frame(
            mut self: Pin<&mut Self>,
            _: &mut Context<'_>,
        ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
            Poll::Ready(
                self.0
                    .pop_front()
                    .map(|chunk| Ok(Frame::data(Bytes::from_static(chunk)))),
            )
        }
    }

    async fn read(chunks: &[&'static [u8]], limit: usize) -> (Bytes, bool) {
        let body = reqwest::Body::wrap(Chunks(chunks.iter().copied().collect()));
        let mut response = reqwest::Response::from(http::Response::new(body));
        read_limited(&mut response, limit).await.unwrap()
    }

    #[tokio::test]
    async fn bodies_are_joined_and_cut_at_the_limit() {
        static ONE: &[u8] = b"hello";
        let (body, truncated) = read(&[ONE], 10).await;
        assert_eq!((&body[..], truncated), (ONE, false));
        assert_eq!(body.as_ptr(), ONE.as_ptr(), "one chunk is kept, not copied");

        let (body, truncated) = read(&[b"hel", b"lo ", b"world"], 100).await;
        assert_eq!((&body[..], truncated), (&b"hello world"[..], false));

        let (body, truncated) = read(&[b"hel", b"lo ", b"world"], 8).await;
        assert_eq!((&body[..], truncated), (&b"hello wo"[..], true));

        let (body, truncated) = read(&[b"0123456789"], 10).await;
        assert_eq!(
            (&body[..], truncated),
            (&b"0123456789"[..], false),
            "exactly the limit"
        );

        let (body, truncated) = read(&[b"0123456789", b"x"], 10).await;
        assert_eq!((&body[..], truncated), (&b"0123456789"[..], true));

        let (body, truncated) = read(&[b"0123456789x"], 10).await;
        assert_eq!((&body[..], truncated), (&b"0123456789"[..], true));

        let (body, truncated) = read(&[], 10).await;
        assert_eq!((&body[..], truncated), (&b""[..], false));
    }
}
