//! The request pipeline every generated client method goes through, one concept per
//! module:
//!
//! - [`request`]: building a request from the method's arguments (path, query, body,
//!   headers);
//! - [`classify`]: what an answer means: every rule for 401, 403, 429 and 5xx;
//! - [`call`]: one call in flight, in its span, and what it makes of its answer;
//! - [`attempts`]: the loop that carries each verdict out, bounded by
//!   [`ClientConfig`](crate::ClientConfig) (waits, holds, retries, the retry budget);
//! - [`credential`]: where the credential goes (bearer, an API key, basic);
//! - [`transport`]: sending one request and reading its answer; each attempt is
//!   bounded by Tokio's timer (`timeout_at` its deadline);
//! - [`ratelimit`]: acting on rate limits (the hold, the retry budget, the throttle);
//! - [`config`]: [`ClientConfig`](crate::ClientConfig), the knobs of all of the above;
//! - [`wire`] and [`query`]: what `#[api]` arguments and answers must be, and how a
//!   query string is written;
//! - [`body`]: bodies that are not JSON (uploads from files and streams, multipart and
//!   URL-encoded forms), and [`download`]: answers read as a stream.
//!
//! May use: `tokens`, `http`, `error`, `scopes`, `support`. Only the seams and the
//! testkit sit above it.

mod attempts;
pub(crate) mod body;
mod call;
pub(crate) mod classify;
pub(crate) mod config;
mod credential;
mod deferred;
pub(crate) mod download;
pub(crate) mod options;
pub mod paging;
pub(crate) mod query;
pub(crate) mod ratelimit;
mod request;
mod transport;
pub mod wire;

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use serde::de::DeserializeOwned;

pub use body::{Multipart, Part, Upload};
pub use credential::Placement;
pub use deferred::Deferred;
pub use download::ByteStream;
pub use request::Request;
#[cfg(feature = "tower")]
pub use transport::TowerTransport;
pub use transport::Transport;

pub(crate) use call::{Answer, Finish, Open};

use crate::error::Error;
use crate::error::sanitize;
use crate::pipeline::config::ClientConfig;
use crate::pipeline::ratelimit::{Hold, RetryBudget, Throttle};
use crate::scopes::manifest::Endpoint;
use crate::support::backoff::Backoff;
use crate::tokens::cache::TokenCache;

/// The pending result of a generated client method: `.await` it.
///
/// The method checks the token's scopes and builds the request (path, query, body,
/// headers) when it is called; the request is sent when the call is awaited. Nothing
/// borrowed from the arguments is held across the wait. Until then, the call's own
/// settings can change what its client's [`ClientConfig`](crate::ClientConfig) says:
/// [`timeout`](Self::timeout), [`attempt_timeout`](Self::attempt_timeout),
/// [`max_attempts`](Self::max_attempts), [`backoff`](Self::backoff),
/// [`retry_non_idempotent`](Self::retry_non_idempotent), and extra
/// [`header`](Self::header)s.
///
/// A fake implementation of an `#[api]` trait (in an application's tests) returns one
/// made with [`ApiCall::ready`] or [`ApiCall::new`]; on those, the settings do nothing.
#[must_use = "an API call sends nothing until it is awaited"]
pub struct ApiCall<'a, T> {
    state: State<'a, T>,
}

// `Prepared` is the state of every generated call until it is awaited; boxing it would
// add an allocation to every call, and the call is moved only a few times before.
#[allow(clippy::large_enum_variant)]
enum State<'a, T> {
    /// Built by a generated client and not sent yet: its settings may still change.
    Prepared {
        core: &'a ClientCore,
        request: Request,
        finish: Finish<T>,
    },
    /// Running (or a fake's answer).
    Running(Pin<Box<dyn Future<Output = Result<T, Error>> + Send + 'a>>),
}

impl<'a, T> ApiCall<'a, T> {
    /// A call that runs `future`: what a fake of an `#[api]` trait returns when its
    /// answer takes work (awaiting a channel, counting calls).
    ///
    /// ```
    /// use auth_core::{ApiCall, Error};
    ///
    /// # async fn demo() -> Result<(), Error> {
    /// let call: ApiCall<'_, u32> = ApiCall::new(async { Ok(7) });
    /// assert_eq!(call.await?, 7);
    /// # Ok(()) }
    /// ```
    pub fn new(future: impl Future<Output = Result<T, Error>> + Send + 'a) -> Self {
        ApiCall {
            state: State::Running(Box::pin(future)),
        }
    }

    /// A call whose answer is already known: what a fake of an `#[api]` trait returns.
    ///
    /// ```
    /// use auth_core::{ApiCall, Error};
    ///
    /// # async fn demo() -> Result<(), Error> {
    /// assert_eq!(ApiCall::ready(Ok("order-1")).await?, "order-1");
    /// # Ok(()) }
    /// ```
    pub fn ready(result: Result<T, Error>) -> Self
    where
        T: Send + 'a,
    {
        ApiCall::new(std::future::ready(result))
    }

    /// The answer of a method a fake of an `#[api]` trait does not implement: an
    /// [`Error::NotImplemented`] naming it. The trait's default methods return this.
    pub fn not_implemented(api: &'static str, method: &'static str) -> Self
    where
        T: Send + 'a,
    {
        ApiCall::ready(Err(Error::NotImplemented { api, method }))
    }

    /// The body of a method whose signature `#[api]` rejected (already reported as one
    /// error): it never runs, and asks nothing of `T`, so that the error stays the only
    /// one. Not for use outside generated code.
    #[doc(hidden)]
    pub fn __rejected() -> Self
    where
        T: 'a,
    {
        ApiCall {
            state: State::Running(Box::pin(std::future::pending())),
        }
    }

    /// Bounds the whole call (every attempt, and every wait between them) by `timeout`
    /// instead of [`ClientConfig::deadline`](crate::ClientConfig::deadline).
    pub fn timeout(self, timeout: Duration) -> Self {
        self.with_options(|o| o.deadline = Some(timeout))
    }

    /// Bounds each attempt by `timeout` instead of
    /// [`ClientConfig::attempt_timeout`](crate::ClientConfig::attempt_timeout).
    pub fn attempt_timeout(self, timeout: Duration) -> Self {
        self.with_options(|o| o.attempt_timeout = Some(timeout))
    }

    /// Sends the request at most `n` times (1: never again) instead of
    /// [`ClientConfig::max_attempts`](crate::ClientConfig::max_attempts).
    pub fn max_attempts(self, n: u32) -> Self {
        self.with_options(|o| o.max_attempts = Some(n.max(1)))
    }

    /// Waits between attempts as `backoff` says instead of
    /// [`ClientConfig::backoff`](crate::ClientConfig::backoff). A server's `Retry-After`
    /// still wins.
    pub fn backoff(self, backoff: Backoff) -> Self {
        self.with_options(|o| o.backoff = Some(backoff))
    }

    /// Whether this call may be sent again after a failure although its method is not
    /// idempotent (a `POST` carrying an idempotency key is safe to repeat), instead of
    /// what [`ClientConfig::retry_non_idempotent`](crate::ClientConfig::retry_non_idempotent)
    /// and [`ClientConfig::retry_method`](crate::ClientConfig::retry_method) say.
    /// Idempotent methods (`GET`, `PUT`, `DELETE`, ...) are always retried.
    pub fn retry_non_idempotent(self, retry: bool) -> Self {
        self.with_options(|o| o.retry_non_idempotent = Some(retry))
    }

    /// Adds a header to this call (an `Idempotency-Key`, a request id), sent with every
    /// attempt. A name or value that cannot be sent fails the call with
    /// [`Error::InvalidRequest`] (the value is not quoted); the credential's own header
    /// cannot be replaced this way.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        if let State::Prepared { request, .. } = &mut self.state {
            request.extra_header(name, value);
        }
        self
    }

    fn with_options(mut self, set: impl FnOnce(&mut options::CallOptions)) -> Self {
        if let State::Prepared { request, .. } = &mut self.state {
            set(request.options.get_or_insert_with(Default::default));
        }
        self
    }

    /// What a generated client's call not sent yet is made of: its client, its request
    /// and its decoder; a fake's call as it is.
    // Both sides are a call's state, moved once, when its pages are walked.
    #[allow(clippy::result_large_err)]
    pub(crate) fn into_parts(self) -> Result<Prepared<'a, T>, Self> {
        match self.state {
            State::Prepared {
                core,
                request,
                finish: Finish::Read(finish),
            } => Ok(Prepared {
                core,
                request,
                finish,
            }),
            state => Err(ApiCall { state }),
        }
    }

    /// The request of a call not sent yet, for code that `#[api]` generates (optional
    /// arguments set on the call).
    #[doc(hidden)]
    pub fn __request(&mut self) -> Option<&mut Request> {
        match &mut self.state {
            State::Prepared { request, .. } => Some(request),
            State::Running(_) => None,
        }
    }
}

/// The parts of a generated client's call not sent yet.
pub(crate) struct Prepared<'a, T> {
    pub(crate) core: &'a ClientCore,
    pub(crate) request: Request,
    pub(crate) finish: fn(RawResponse, &'static str) -> Result<T, Error>,
}

impl<'a, T: 'a> Future for ApiCall<'a, T> {
    type Output = Result<T, Error>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.get_mut();
        if let State::Prepared { .. } = this.state {
            // Started on the first poll: a boxed `Pending` (zero-sized) holds the place.
            let placeholder = State::Running(Box::pin(std::future::pending()));
            if let State::Prepared {
                core,
                request,
                finish,
            } = std::mem::replace(&mut this.state, placeholder)
            {
                this.state = State::Running(core.start(request, finish));
            }
        }
        match &mut this.state {
            State::Running(future) => future.as_mut().poll(cx),
            State::Prepared { .. } => Poll::Pending,
        }
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
    placement: Placement,
}

struct Shared {
    transport: Transport,
    /// `server.address` and `server.port` of the base URL, for spans.
    host: String,
    port: u16,
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
    fn new(transport: Transport, validated: Result<String, Error>, config: ClientConfig) -> Self {
        let base = validated.clone().and_then(|b| {
            crate::http::url_policy::check_allowed(&b, config.allowed_hosts.as_deref()).map(|()| b)
        });
        let parsed = base
            .as_deref()
            .ok()
            .and_then(|b| reqwest::Url::parse(b).ok());
        let host = parsed
            .as_ref()
            .and_then(|u| u.host_str().map(str::to_owned))
            .unwrap_or_default();
        let port = parsed
            .as_ref()
            .and_then(reqwest::Url::port_or_known_default)
            .unwrap_or(0);
        Shared {
            transport,
            host,
            port,
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

impl ClientCore {
    /// A core for `base_url`. An unusable URL is reported by every call (and by
    /// [`check`](Self::check)), so that constructors stay infallible.
    pub fn new(token: TokenCache, base_url: &str) -> Self {
        ClientCore {
            shared: Arc::new(Shared::new(
                Transport::Reqwest(crate::http::client::api_http_client()),
                crate::http::url_policy::api_base(base_url),
                ClientConfig::default(),
            )),
            token,
            placement: Placement::Bearer,
        }
    }

    /// The same core sending its credential as `placement` says.
    #[must_use]
    pub fn with_placement(mut self, placement: Placement) -> Self {
        self.placement = placement;
        self
    }

    /// A core for an environment's URL, or one whose every call fails with the message
    /// (no URL declared for the environment).
    pub fn for_url(token: TokenCache, url: Result<&'static str, &'static str>) -> Self {
        match url {
            Ok(url) => Self::new(token, url),
            Err(message) => ClientCore {
                shared: Arc::new(Shared::new(
                    Transport::Reqwest(crate::http::client::api_http_client()),
                    Err(Error::config(message)),
                    ClientConfig::default(),
                )),
                token,
                placement: Placement::Bearer,
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
            placement: self.placement,
        }
    }

    /// The same core with another connection pool.
    pub fn with_http_client(&self, http: reqwest::Client) -> Self {
        self.with_transport(Transport::Reqwest(http))
    }

    /// The same core sending through `transport`.
    pub fn with_transport(&self, transport: Transport) -> Self {
        self.rebuild(transport, self.shared.config.clone())
    }

    /// The same core with other settings.
    pub fn with_config(&self, config: ClientConfig) -> Self {
        self.rebuild(self.shared.transport.clone(), config)
    }

    fn rebuild(&self, transport: Transport, config: ClientConfig) -> Self {
        ClientCore {
            shared: Arc::new(Shared::new(
                transport,
                self.shared.validated.clone(),
                config,
            )),
            token: self.token.clone(),
            placement: self.placement,
        }
    }

    /// The token cache.
    pub fn token_cache(&self) -> &TokenCache {
        &self.token
    }

    /// A request for `endpoint`, its URL started with the base URL; the generated method
    /// appends the path and arguments.
    pub fn request(&self, endpoint: &'static Endpoint) -> Request {
        Request::new(endpoint, self.shared.base.as_deref())
    }

    /// The call that sends `request` when awaited; a 2xx answer is finished by
    /// `finish` (one of `auth_core::wire`'s decoders), given the method's name for its
    /// errors.
    pub fn call<'a, T: 'a>(
        &'a self,
        request: Request,
        finish: fn(RawResponse, &'static str) -> Result<T, Error>,
    ) -> ApiCall<'a, T> {
        ApiCall {
            state: State::Prepared {
                core: self,
                request,
                finish: Finish::Read(finish),
            },
        }
    }

    /// The call that sends `request` when awaited and answers its 2xx body unread, as
    /// a [`ByteStream`] (methods returning one).
    pub fn download(&self, mut request: Request) -> ApiCall<'_, ByteStream> {
        request.streams_answer = true;
        ApiCall {
            state: State::Prepared {
                core: self,
                request,
                finish: Finish::Open(std::convert::identity),
            },
        }
    }

    /// The running call: its attempts inside its span, then its answer decoded.
    fn start<'a, T: 'a>(
        &'a self,
        request: Request,
        finish: Finish<T>,
    ) -> Pin<Box<dyn Future<Output = Result<T, Error>> + Send + 'a>> {
        let endpoint = request.endpoint;
        // Named and filled after the OpenTelemetry HTTP client conventions (`otel.name`
        // is the span name OpenTelemetry exporters use: `GET /orders/{id}`), plus the API
        // method and the scopes it needs.
        let span = tracing::debug_span!(
            "api_call",
            otel.name = tracing::field::Empty,
            otel.kind = "client",
            http.request.method = endpoint.method,
            url.template = endpoint.path,
            server.address = self.shared.host.as_str(),
            server.port = self.shared.port,
            http.response.status_code = tracing::field::Empty,
            http.request.resend_count = tracing::field::Empty,
            error.type = tracing::field::Empty,
            api.method = endpoint.name,
            api.scopes = %endpoint.auth,
        );
        let span = (!span.is_disabled()).then(|| {
            span.record(
                "otel.name",
                tracing::field::display(format_args!("{} {}", endpoint.method, endpoint.path)),
            );
            span
        });
        // The attempts' future is built in place in the call's one allocation: no async
        // fn around it, whose state would hold (and move) a second copy.
        Box::pin(call::Call {
            attempts: self.attempts(request),
            span,
            started: None,
            endpoint,
            finish: Some(finish),
        })
    }
}
