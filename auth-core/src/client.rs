//! The request pipeline every generated client method goes through.

use std::fmt::{self, Write as _};
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Duration, SystemTime};

use bytes::Bytes;
use reqwest::header::{AUTHORIZATION, CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue};
use reqwest::{Method, StatusCode};
use serde::Serialize;
use serde::de::DeserializeOwned;
use tracing::Instrument as _;

use tokio::time::Instant;

use crate::error::{ApiError, TransportError, sanitize};
use crate::http::{ERROR_BODY_LIMIT, display_url, read_body, summarize_error_body};
use crate::manifest::{Auth, Endpoint};
use crate::ratelimit::{Hold, RetryBudget, Throttle, quota, server_wait};
use crate::{ClientConfig, Error, TokenCache};

/// The pending result of a generated client method: `.await` it.
///
/// The method checks the token's scopes and builds the request (path, query, body,
/// headers) when it is called; the request is sent when the call is awaited. Nothing
/// borrowed from the arguments is held across the wait.
#[must_use = "an API call sends nothing until it is awaited"]
pub struct ApiCall<'a, T> {
    inner: Pin<Box<dyn Future<Output = Result<T, Error>> + Send + 'a>>,
}

impl<T> Future for ApiCall<'_, T> {
    type Output = Result<T, Error>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        self.inner.as_mut().poll(cx)
    }
}

impl<T> fmt::Debug for ApiCall<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiCall").finish_non_exhaustive()
    }
}

/// A successful response, for methods declared to return `RawResponse`.
#[derive(Debug, Clone)]
pub struct RawResponse {
    /// The status (2xx).
    pub status: StatusCode,
    /// The response headers.
    pub headers: HeaderMap,
    /// The body.
    pub body: Bytes,
}

impl RawResponse {
    /// The body decoded as JSON.
    ///
    /// # Errors
    ///
    /// [`Error::Decode`] if the body is not JSON of type `T`.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T, Error> {
        decode(&self.body, "raw response")
    }
}

fn decode<T: DeserializeOwned>(body: &[u8], method: &'static str) -> Result<T, Error> {
    serde_json::from_slice(body).map_err(|e| Error::Decode {
        method,
        reason: sanitize(&e.to_string(), 200),
    })
}

/// The shared part of a generated client: connection pool, base URL, token cache.
/// Cloning it, or swapping its token, costs two reference-count increments.
#[doc(hidden)]
#[derive(Clone)]
pub struct ClientCore {
    shared: Arc<Shared>,
    token: TokenCache,
}

struct Shared {
    http: reqwest::Client,
    /// The base URL as given and validated, before the allow-list.
    validated: Result<String, Error>,
    /// The base URL calls use: validated and allowed.
    base: Result<String, Error>,
    config: ClientConfig,
    hold: Hold,
    budget: RetryBudget,
    throttle: Throttle,
}

impl Shared {
    fn new(http: reqwest::Client, validated: Result<String, Error>, config: ClientConfig) -> Self {
        let base = validated.clone().and_then(|b| check_allowed(b, &config));
        Shared {
            http,
            validated,
            base,
            hold: Hold::new(),
            budget: RetryBudget::new(config.budget_capacity, config.budget_refill),
            throttle: Throttle::new(),
            config,
        }
    }
}

impl fmt::Debug for ClientCore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientCore")
            .field(
                "base_url",
                &self.shared.base.as_deref().unwrap_or("<invalid>"),
            )
            .field("token", &self.token)
            .finish_non_exhaustive()
    }
}

/// A failed attempt, and whether and when it may be repeated.
struct Failure {
    error: Error,
    retryable: bool,
    /// The wait the server asked for.
    wait: Option<Duration>,
}

impl ClientCore {
    /// A core for `base_url`. An unusable URL is reported by every call (and by
    /// [`check`](Self::check)), so that constructors stay infallible.
    pub fn new(token: TokenCache, base_url: &str) -> Self {
        ClientCore {
            shared: Arc::new(Shared::new(
                crate::http::api_http_client(),
                validate_base(base_url),
                ClientConfig::default(),
            )),
            token,
        }
    }

    /// A core for an environment's URL, or one whose every call fails with the message
    /// (no URL declared for the environment).
    pub fn for_url(token: TokenCache, url: Result<&'static str, &'static str>) -> Self {
        match url {
            Ok(url) => Self::new(token, url),
            Err(message) => ClientCore {
                shared: Arc::new(Shared::new(
                    crate::http::api_http_client(),
                    Err(Error::config(message)),
                    ClientConfig::default(),
                )),
                token,
            },
        }
    }

    /// The base URL's validation result.
    pub fn check(&self) -> Result<(), Error> {
        self.shared.base.as_ref().map(|_| ()).map_err(Clone::clone)
    }

    /// The base URL.
    pub fn base_url(&self) -> Option<&str> {
        self.shared.base.as_deref().ok()
    }

    /// The same core with another token. Rate-limit holds and the retry budget stay
    /// shared.
    pub fn with_token(&self, token: TokenCache) -> Self {
        ClientCore {
            shared: self.shared.clone(),
            token,
        }
    }

    /// The same core with another connection pool.
    pub fn with_http_client(&self, http: reqwest::Client) -> Self {
        self.rebuild(http, self.shared.config.clone())
    }

    /// The same core with other settings.
    pub fn with_config(&self, config: ClientConfig) -> Self {
        self.rebuild(self.shared.http.clone(), config)
    }

    fn rebuild(&self, http: reqwest::Client, config: ClientConfig) -> Self {
        ClientCore {
            shared: Arc::new(Shared::new(http, self.shared.validated.clone(), config)),
            token: self.token.clone(),
        }
    }

    /// The token cache.
    pub fn token_cache(&self) -> &TokenCache {
        &self.token
    }

    /// A request for `endpoint`, its URL started with the base URL; the generated method
    /// appends the path and arguments.
    pub fn request(&self, endpoint: &'static Endpoint) -> Request {
        let (url, error) = match &self.shared.base {
            Ok(base) => {
                let mut url = String::with_capacity(base.len() + endpoint.path.len() + 24);
                url.push_str(base);
                (url, None)
            }
            Err(e) => (String::new(), Some(e.clone())),
        };
        Request {
            endpoint,
            url,
            query_start: None,
            headers: HeaderMap::new(),
            body: None,
            error,
        }
    }

    /// Sends `request` and decodes a JSON answer.
    pub fn call_json<'a, T: DeserializeOwned + 'a>(&'a self, request: Request) -> ApiCall<'a, T> {
        let name = request.endpoint.name;
        ApiCall {
            inner: Box::pin(self.run(request, move |r| decode(&r.body, name))),
        }
    }

    /// Sends `request`; any 2xx answer is success, its body ignored.
    pub fn call_unit(&self, request: Request) -> ApiCall<'_, ()> {
        ApiCall {
            inner: Box::pin(self.run(request, |_| Ok(()))),
        }
    }

    /// Sends `request` and returns the answer as it came.
    pub fn call_raw(&self, request: Request) -> ApiCall<'_, RawResponse> {
        ApiCall {
            inner: Box::pin(self.run(request, Ok)),
        }
    }

    /// One call, in a `tracing` span, its answer finished by `finish`. (One async fn
    /// for the whole call: each level of nested futures would be one more copy of a
    /// few kilobytes of state per call.)
    async fn run<T>(
        &self,
        request: Request,
        finish: impl FnOnce(RawResponse) -> Result<T, Error>,
    ) -> Result<T, Error> {
        let endpoint = request.endpoint;
        let span = tracing::debug_span!(
            "api_call",
            api.method = endpoint.name,
            http.method = endpoint.method,
            path = endpoint.path,
            scopes = %endpoint.auth,
            attempts = tracing::field::Empty,
            outcome = tracing::field::Empty,
        );
        let result = if span.is_disabled() {
            self.attempts(request).await
        } else {
            let result = self.attempts(request).instrument(span.clone()).await;
            match &result {
                Ok(r) => span.record("outcome", r.status.as_u16()),
                Err(e) => span.record("outcome", tracing::field::display(e.kind_name())),
            };
            result
        };
        result.and_then(finish)
    }

    /// The attempts of one call: bounded in number by `max_attempts`, in time by
    /// `deadline` (each attempt runs under one timer, the earlier of its own timeout and
    /// the call's deadline; waits never pass the deadline), in waits by `max_wait`, and
    /// across calls by the retry budget.
    async fn attempts(&self, request: Request) -> Result<RawResponse, Error> {
        if let Some(error) = request.error {
            return Err(error);
        }
        let deadline = Instant::now() + self.shared.config.deadline;
        let endpoint = request.endpoint;
        let url = request.url.as_str();
        let parse_url = || {
            reqwest::Url::parse(url).map_err(|e| Error::InvalidRequest {
                method: endpoint.name,
                reason: format!("the URL is not valid: {e}"),
            })
        };
        // Parsed once; later attempts (rare) parse again rather than clone up front.
        let mut parsed = Some(parse_url()?);
        let config = &self.shared.config;
        let method = Method::from_bytes(endpoint.method.as_bytes())
            .map_err(|_| Error::config(format!("`{}` is not an HTTP method", endpoint.method)))?;
        let public = matches!(endpoint.auth, Auth::Public);
        let may_retry = config.may_retry(endpoint);
        let mut attempt = 0u32;
        let mut renewed = false;
        loop {
            attempt += 1;
            tracing::Span::current().record("attempts", attempt);

            // An earlier answer asked the client to wait.
            let now = Instant::now();
            if let Some(left) = self.shared.hold.remaining(now) {
                if left > config.max_wait || now + left >= deadline {
                    return Err(Error::RateLimited {
                        method: endpoint.name,
                        retry_after: Some(left),
                        error: None,
                        attempts: attempt - 1,
                    });
                }
                tokio::time::sleep(left).await;
            }
            if config.adaptive_throttle {
                let slot = self.shared.throttle.reserve(Instant::now());
                if slot >= deadline {
                    return Err(Error::RateLimited {
                        method: endpoint.name,
                        retry_after: Some(slot - Instant::now()),
                        error: None,
                        attempts: attempt - 1,
                    });
                }
                tokio::time::sleep_until(slot).await;
            }

            let deadline_error =
                || -> Error { TransportError::deadline(display_base(url), config.deadline).into() };
            let token = if public {
                None
            } else if let Some(ready) = self.token.authorization() {
                // The usual case: no timer needed.
                Some(ready)
            } else {
                match tokio::time::timeout_at(deadline, self.token.authorize()).await {
                    Ok(token) => Some(token?),
                    Err(_) => return Err(deadline_error()),
                }
            };
            // The request is built directly: a builder would move it at every step.
            let target = match parsed.take() {
                Some(target) => target,
                None => parse_url()?,
            };
            let mut outgoing = reqwest::Request::new(method.clone(), target);
            let headers = outgoing.headers_mut();
            if !request.headers.is_empty() {
                headers.clone_from(&request.headers);
            }
            if let Some(token) = &token {
                headers.insert(AUTHORIZATION, token.header_value().clone());
            }
            if let Some(body) = &request.body {
                headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
                *outgoing.body_mut() = Some(body.clone().into());
            }

            let attempt_deadline = deadline.min(Instant::now() + config.attempt_timeout);
            let exchanged = tokio::time::timeout_at(
                attempt_deadline,
                exchange(&self.shared.http, outgoing, config.body_limit),
            )
            .await;
            let failure = match exchanged {
                Err(_) if attempt_deadline >= deadline => return Err(deadline_error()),
                Err(_) => Failure {
                    retryable: may_retry,
                    error: TransportError::timeout(display_base(url)).into(),
                    wait: None,
                },
                // Nothing was sent when the connection could not be opened.
                Ok(Err(e)) => Failure {
                    retryable: may_retry || e.is_connect(),
                    error: TransportError::new(display_base(url), e).into(),
                    wait: None,
                },
                Ok(Ok(Exchange {
                    status,
                    headers,
                    body,
                    truncated,
                })) => {
                    if config.adaptive_throttle
                        && let Some((remaining, limit, reset)) = quota(&headers, SystemTime::now())
                    {
                        self.shared
                            .throttle
                            .observe(remaining, limit, reset, Instant::now());
                    }
                    if status.is_success() {
                        if truncated {
                            return Err(Error::Decode {
                                method: endpoint.name,
                                reason: format!(
                                    "the response body is larger than the client's limit of {} bytes",
                                    config.body_limit
                                ),
                            });
                        }
                        self.shared.budget.deposit();
                        return Ok(RawResponse {
                            status,
                            headers,
                            body,
                        });
                    } else {
                        let wait = matches!(
                            status,
                            StatusCode::TOO_MANY_REQUESTS | StatusCode::SERVICE_UNAVAILABLE
                        )
                        .then(|| server_wait(&headers, SystemTime::now()))
                        .flatten();
                        let summary = summarize_error_body(&body);
                        let error = Box::new(ApiError {
                            method: endpoint.name,
                            http_method: endpoint.method,
                            path: endpoint.path,
                            status,
                            code: summary.code,
                            message: summary.message,
                            body: summary.kind,
                            retry_after: wait,
                        });
                        match (status, &token) {
                            (StatusCode::UNAUTHORIZED, Some(token)) => {
                                if !renewed && self.token.is_renewable() {
                                    // Drop exactly this token (a concurrent call may have
                                    // replaced it already) and replay once with a new one.
                                    self.token.invalidate(token);
                                    renewed = true;
                                    tracing::debug!("401: replaying once with a new token");
                                    continue;
                                }
                                tracing::warn!(
                                    api.method = endpoint.name,
                                    scopes = %endpoint.auth,
                                    status = status.as_u16(),
                                    renewable = self.token.is_renewable(),
                                    "the API rejected the token"
                                );
                                return Err(Error::Unauthorized {
                                    error,
                                    renewable: self.token.is_renewable(),
                                });
                            }
                            (StatusCode::FORBIDDEN, _) => {
                                tracing::warn!(
                                    api.method = endpoint.name,
                                    scopes = %endpoint.auth,
                                    status = status.as_u16(),
                                    "the API refused the call (403)"
                                );
                                return Err(Error::Forbidden {
                                    error,
                                    required: endpoint.auth,
                                    insufficient_scope: insufficient_scope(&headers),
                                });
                            }
                            (StatusCode::TOO_MANY_REQUESTS, _) => Failure {
                                // The server did not process it: safe for every method.
                                retryable: true,
                                error: Error::RateLimited {
                                    method: endpoint.name,
                                    retry_after: wait,
                                    error: Some(error),
                                    attempts: attempt,
                                },
                                wait,
                            },
                            (s, _) if s.is_server_error() || s == StatusCode::REQUEST_TIMEOUT => {
                                Failure {
                                    retryable: may_retry,
                                    error: Error::Api(error),
                                    wait,
                                }
                            }
                            _ => return Err(Error::Api(error)),
                        }
                    }
                }
            };

            let Failure {
                error,
                retryable,
                wait,
            } = failure;
            let now = Instant::now();
            if let Some(wait) = wait {
                // Every call of this client waits too, instead of hammering.
                self.shared.hold.hold_until(now + wait.min(config.max_hold));
                if wait > config.max_wait {
                    tracing::warn!(
                        api.method = endpoint.name,
                        retry_after = ?wait,
                        "the API asks to wait longer than a call may; holding further calls"
                    );
                    return Err(error);
                }
            }
            let delay = wait.unwrap_or_else(|| config.backoff.full_jitter(attempt));
            if !retryable || attempt >= config.max_attempts || now + delay >= deadline {
                return Err(error);
            }
            if !self.shared.budget.withdraw() {
                tracing::warn!(
                    api.method = endpoint.name,
                    error = %error,
                    "retry budget exhausted: not retrying while the API keeps failing"
                );
                return Err(error);
            }
            tracing::debug!(api.method = endpoint.name, attempt, delay = ?delay, error = %error, "retrying");
            tokio::time::sleep(delay).await;
        }
    }
}

/// One request and its answer, body read (bounded).
struct Exchange {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
    /// The body was longer than the limit (success bodies only).
    truncated: bool,
}

/// Sends the request and reads the answer: a successful body up to `limit`, an error
/// body up to 64 KiB (a broken error body still leaves the status).
async fn exchange(
    http: &reqwest::Client,
    request: reqwest::Request,
    limit: usize,
) -> Result<Exchange, reqwest::Error> {
    let mut response = http.execute(request).await?;
    let status = response.status();
    let headers = std::mem::take(response.headers_mut());
    if status.is_success() {
        let (body, truncated) = read_body(response, limit).await?;
        Ok(Exchange {
            status,
            headers,
            body,
            truncated,
        })
    } else {
        let body = read_body(response, ERROR_BODY_LIMIT)
            .await
            .map(|(b, _)| b)
            .unwrap_or_default();
        Ok(Exchange {
            status,
            headers,
            body,
            truncated: false,
        })
    }
}

/// Refuses a base URL whose host is not on the allow-list.
fn check_allowed(base: String, config: &ClientConfig) -> Result<String, Error> {
    let Some(allowed) = &config.allowed_hosts else {
        return Ok(base);
    };
    let host = reqwest::Url::parse(&base)
        .ok()
        .and_then(|u| u.host_str().map(str::to_ascii_lowercase))
        .unwrap_or_default();
    if allowed.contains(&host) {
        Ok(base)
    } else {
        Err(Error::config(format!(
            "the host `{host}` is not on this client's allow-list ({}); the token is not sent there",
            allowed.join(", ")
        )))
    }
}

/// The URL without its query, for messages.
fn display_base(url: &str) -> String {
    url.split('?').next().unwrap_or(url).to_owned()
}

fn validate_base(base_url: &str) -> Result<String, Error> {
    let parsed = reqwest::Url::parse(base_url)
        .map_err(|e| Error::config(format!("the base URL `{base_url}` is not valid: {e}")))?;
    match parsed.scheme() {
        "https" => {}
        "http" if crate::source::is_loopback(&parsed) => {}
        "http" => {
            return Err(Error::InsecureTransport {
                url: display_url(&parsed),
            });
        }
        other => {
            return Err(Error::config(format!(
                "the base URL must be https, not `{other}:`"
            )));
        }
    }
    Ok(base_url.trim_end_matches('/').to_owned())
}

/// The `scope` of a `WWW-Authenticate: Bearer error="insufficient_scope", scope="..."`.
fn insufficient_scope(headers: &HeaderMap) -> Option<String> {
    let value = headers
        .get(reqwest::header::WWW_AUTHENTICATE)?
        .to_str()
        .ok()?;
    if !value.contains("insufficient_scope") {
        return None;
    }
    let start = value.find("scope=\"")? + "scope=\"".len();
    let end = value[start..].find('"')? + start;
    Some(sanitize(&value[start..end], 200))
}

/// A request being built by a generated method. Problems (a query value that does not
/// serialise, a header value with a newline) are kept and reported when it is sent, so
/// that generated code stays a straight line.
#[doc(hidden)]
#[derive(Debug)]
pub struct Request {
    endpoint: &'static Endpoint,
    /// The whole URL, built in one allocation: base, path, then query.
    url: String,
    /// Where the query begins in `url`, once there is one.
    query_start: Option<usize>,
    headers: HeaderMap,
    body: Option<Bytes>,
    error: Option<Error>,
}

impl Request {
    /// Appends a literal part of the path.
    pub fn path(&mut self, part: &str) {
        self.url.push_str(part);
    }

    /// Appends a path parameter as one percent-encoded segment (a `/` in a value cannot
    /// change the route).
    pub fn segment<T: fmt::Display + ?Sized>(&mut self, value: &T) {
        push_segment(&mut self.url, value);
    }

    fn fail(&mut self, reason: String) {
        if self.error.is_none() {
            self.error = Some(Error::InvalidRequest {
                method: self.endpoint.name,
                reason,
            });
        }
    }

    /// Adds `#[query]` argument `name`: a struct or map adds its fields (in order), a
    /// sequence repeats `name`, a single value adds `name=value`, `None` adds nothing.
    pub fn query<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) {
        let start = *self.query_start.get_or_insert_with(|| {
            self.url.push('?');
            self.url.len()
        });
        if let Err(e) = crate::query::append(&mut self.url, start, name, value) {
            self.fail(format!("query argument `{name}`: {e}"));
        }
    }

    /// Sets the `#[body]` argument, as JSON.
    pub fn json<T: Serialize + ?Sized>(&mut self, value: &T) {
        match serde_json::to_vec(value) {
            Ok(body) => self.body = Some(body.into()),
            Err(e) => self.fail(format!("the body does not serialise to JSON: {e}")),
        }
    }

    /// Adds a `#[header("...")]` argument.
    pub fn header<T: fmt::Display + ?Sized>(&mut self, name: &'static str, value: &T) {
        let name = HeaderName::from_static(name);
        match HeaderValue::try_from(value.to_string()) {
            Ok(v) => {
                self.headers.append(name, v);
            }
            Err(_) => self.fail(format!(
                "the value of header `{name}` has characters a header cannot carry"
            )),
        }
    }
}

/// Implemented by the return type an `#[api]` method may declare.
#[doc(hidden)]
#[diagnostic::on_unimplemented(
    message = "an `#[api]` method must return `Result<T, auth_core::Error>`, not `{Self}`",
    label = "the error type must be `auth_core::Error`"
)]
pub trait ApiResult {
    /// `T`.
    type Ok;
}

impl<T> ApiResult for Result<T, Error> {
    type Ok = T;
}

/// Checks the declared return type of a generated method.
#[doc(hidden)]
pub const fn assert_api_result<R: ApiResult>() {}

/// Characters left as they are in a path segment: RFC 3986 unreserved.
const SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Appends `value` to `path` as one percent-encoded segment (a `/` in a value cannot
/// change the route).
pub(crate) fn push_segment<T: fmt::Display + ?Sized>(path: &mut String, value: &T) {
    struct Encode<'a>(&'a mut String);
    impl fmt::Write for Encode<'_> {
        fn write_str(&mut self, s: &str) -> fmt::Result {
            for chunk in percent_encoding::utf8_percent_encode(s, SEGMENT) {
                self.0.push_str(chunk);
            }
            Ok(())
        }
    }
    // Writing to a String cannot fail; a Display impl that errors leaves what it wrote.
    let _ = write!(Encode(path), "{value}");
}

#[cfg(test)]
mod tests {
    use super::*;

    static ENDPOINT: Endpoint = Endpoint {
        name: "list",
        method: "GET",
        path: "/orders",
        auth: Auth::Public,
    };

    #[test]
    fn path_segments_are_percent_encoded() {
        let mut p = String::from("/orders/");
        push_segment(&mut p, "a/b c?d#é");
        assert_eq!(p, "/orders/a%2Fb%20c%3Fd%23%C3%A9");
        let mut p = String::new();
        push_segment(&mut p, &42u64);
        assert_eq!(p, "42");
    }

    fn request() -> Request {
        let token = crate::TokenCache::from(crate::StaticToken::new("t").unwrap());
        let core = ClientCore::new(token, "https://api.example/v1/");
        let mut r = core.request(&ENDPOINT);
        r.path("/orders");
        r
    }

    #[test]
    fn urls_are_built_in_one_string() {
        let mut r = request();
        r.path("/");
        r.segment("a/b");
        r.query("page", &2u32);
        r.query("sort", "new");
        assert_eq!(r.url, "https://api.example/v1/orders/a%2Fb?page=2&sort=new");
    }

    #[test]
    fn query_problems_are_reported_not_sent() {
        let mut r = request();
        r.query("page", &2u32);
        r.query("grid", &vec![vec![1]]);
        assert_eq!(r.url, "https://api.example/v1/orders?page=2");
        assert!(matches!(
            r.error,
            Some(Error::InvalidRequest { method: "list", .. })
        ));
    }

    #[test]
    fn bad_header_values_are_reported_not_sent() {
        let mut r = request();
        r.header("x-request-id", "a\nb");
        assert!(matches!(r.error, Some(Error::InvalidRequest { .. })));
    }

    #[test]
    fn base_urls_must_be_https_except_loopback() {
        assert!(validate_base("https://api.example").is_ok());
        assert!(validate_base("http://127.0.0.1:8080/").is_ok());
        assert!(matches!(
            validate_base("http://api.example"),
            Err(Error::InsecureTransport { .. })
        ));
        assert_eq!(
            validate_base("https://api.example/v1/").unwrap(),
            "https://api.example/v1"
        );
    }

    #[test]
    fn insufficient_scope_is_read_from_www_authenticate() {
        let mut h = HeaderMap::new();
        h.insert(
            reqwest::header::WWW_AUTHENTICATE,
            HeaderValue::from_static(
                r#"Bearer realm="x", error="insufficient_scope", scope="can_write_order""#,
            ),
        );
        assert_eq!(insufficient_scope(&h).as_deref(), Some("can_write_order"));
    }
}
