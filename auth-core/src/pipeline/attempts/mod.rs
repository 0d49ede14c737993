//! The attempts of one call. Each answer is classified ([`classify`]); this loop only
//! carries the verdict out: replay after a rejected token, wait and retry, hold further
//! calls, or fail with a typed error. Every count and wait is bounded by
//! [`ClientConfig`](crate::ClientConfig).

use std::future::Future;
use std::time::{Duration, SystemTime};

use reqwest::Method;
use reqwest::header::CONTENT_TYPE;
use tokio::time::Instant;
use tokio::time::error::Elapsed;

mod streamed;

use super::body::progress::Progress;
use super::body::{Body, OpenError};
use super::classify::{Verdict, bearer_challenge, classify};
use super::transport::{Exchange, Failed, exchange};
use super::{Answer, ClientCore, Open, Placement, RawResponse, Request};
use crate::error::Error;
use crate::error::api::ErrorDocument;
use crate::error::redact::Redactor;
use crate::error::{ApiError, TransportError};
use crate::http::retry_after::quota;
use crate::pipeline::options::Limits;
use crate::scopes::manifest::{Auth, Endpoint};
use crate::tokens::authorization::Authorization;
use crate::tokens::cache::Rejection;

/// A failed attempt, and whether and when it may be repeated.
struct Failure {
    error: Error,
    retryable: bool,
    /// The wait the server asked for.
    wait: Option<Duration>,
}

impl ClientCore {
    /// The attempts of one call: bounded in number by `max_attempts`, in time by
    /// `deadline` (each attempt ends at the earlier of its own timeout and the call's
    /// deadline, by Tokio's timer; waits never pass the deadline), in waits by `max_wait`, and
    /// across calls by the retry budget.
    #[allow(clippy::manual_async_fn)] // on purpose: see the comment in the body
    pub(super) fn attempts(
        &self,
        request: Request,
    ) -> impl Future<Output = Result<Answer, Error>> + Send + '_ {
        // An `async` block rather than an `async fn`: an `async fn` keeps its arguments
        // twice in its state (as passed, and as locals), and this state is part of every
        // call.
        async move {
            if let Some(error) = request.error {
                return Err(*error);
            }
            let endpoint = request.endpoint;
            let config = &self.shared.config;
            let limits = Limits::new(config, endpoint, request.options.as_deref());
            let deadline = Instant::now() + limits.deadline;
            let url = request.url.as_str();
            let method = Method::from_bytes(endpoint.method.as_bytes()).map_err(|_| {
                Error::config(format!("`{}` is not an HTTP method", endpoint.method))
            })?;
            let public = matches!(endpoint.auth, Auth::Public);
            // A body read while it is sent reports its progress: the attempt's timeout
            // then bounds a stall, not the transfer.
            let progress = request
                .body
                .as_ref()
                .filter(|b| b.is_streamed())
                .map(|_| Progress::new());
            let mut attempt = 0u32;
            let mut renewed = false;
            loop {
                attempt += 1;
                if attempt > 1 {
                    tracing::Span::current().record("http.request.resend_count", attempt - 1);
                }

                // An earlier answer asked the client to wait.
                let now = Instant::now();
                if let Some(left) = self.shared.hold.remaining(now) {
                    if left > config.max_wait || now + left >= deadline {
                        crate::support::telemetry::rate_limit_hold(endpoint.name);
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

                let token = if public {
                    None
                } else if let Some(ready) = self.token.authorization() {
                    // The usual case: no timer needed.
                    Some(ready)
                } else {
                    match tokio::time::timeout_at(deadline, self.token.authorize()).await {
                        Ok(token) => Some(token?),
                        Err(_) => return Err(deadline_error(url, &limits)),
                    }
                };
                // Parsed here rather than kept across the waits above; a retry (rare)
                // parses again. (Built from a checked base URL and encoded segments, it
                // parses.)
                let target = parse_url(url, endpoint)?;
                let mut outgoing = outgoing(
                    &request,
                    method.clone(),
                    target,
                    token.as_ref().map(|t| (t, self.placement)),
                )?;
                let attempt_deadline = deadline.min(Instant::now() + limits.attempt_timeout);
                let (exchanged, attempt_deadline) = match &progress {
                    // Handed over in the same expression: the request is not kept in
                    // this state while the answer is awaited.
                    None => (
                        tokio::time::timeout_at(
                            attempt_deadline,
                            exchange(
                                &self.shared.transport,
                                outgoing,
                                config.body_limit,
                                request.streams_answer,
                            ),
                        )
                        .await,
                        attempt_deadline,
                    ),
                    // Out of line and boxed: the calls that stream a body are few, and
                    // every call's state would otherwise carry this one's.
                    Some(progress) => {
                        let body = request.body.as_ref().expect("a streamed body");
                        Box::pin(self.streamed(
                            &request,
                            body,
                            &mut outgoing,
                            progress,
                            &limits,
                            attempt_deadline,
                        ))
                        .await?
                    }
                };
                let current = Current {
                    streamed: progress.is_some(),
                    request: &request,
                    deadline,
                    limits: &limits,
                    attempt,
                    token: token.as_ref(),
                };
                let delay = match self.after(&current, exchanged, attempt_deadline, &mut renewed) {
                    Next::Done(result) => return result,
                    Next::Replay => continue,
                    Next::Retry(delay) => delay,
                };
                tokio::time::sleep(delay).await;
            }
        }
    }
}

/// What the loop does after an attempt.
enum Next {
    /// The call is over.
    Done(Result<Answer, Error>),
    /// Send again at once, with a new token (after a 401).
    Replay,
    /// Wait this long, then try again.
    Retry(Duration),
}

/// The attempt that just ended, and what the call knows.
struct Current<'a> {
    /// The body is read while sent: the attempt's timer measured stalls.
    streamed: bool,
    request: &'a Request,
    deadline: Instant,
    /// The call's limits: its client's settings with the call's own overrides.
    limits: &'a Limits,
    attempt: u32,
    token: Option<&'a Authorization>,
}

impl ClientCore {
    /// What an attempt's outcome means for the call. A success is handled here, in
    /// line; every other outcome out of line ([`refused`](Self::refused),
    /// [`failed`](Self::failed)), so that the path every call takes stays short.
    #[inline]
    fn after(
        &self,
        current: &Current<'_>,
        exchanged: Result<Result<Exchange, Failed>, Elapsed>,
        attempt_deadline: Instant,
        renewed: &mut bool,
    ) -> Next {
        let answer = match exchanged {
            Ok(Ok(answer)) => answer,
            Ok(Err(e)) => return self.not_sent(current, e),
            Err(_) => return self.timed_out(current, attempt_deadline),
        };
        let config = &self.shared.config;
        if config.adaptive_throttle
            && let Some((remaining, limit, reset)) = quota(&answer.headers, SystemTime::now())
        {
            self.shared
                .throttle
                .observe(remaining, limit, reset, Instant::now());
        }
        let verdict = classify(answer.status, &answer.headers, SystemTime::now());
        if verdict != Verdict::Success || answer.truncated {
            return self.refused(current, answer, verdict, renewed);
        }
        self.shared.budget.deposit();
        if current.token.is_some() {
            self.token.confirm();
        }
        let open = answer.open.map(|response| {
            Box::new(Open {
                response,
                url: display_base(current.request.url.as_str()),
                idle: current.limits.attempt_timeout,
            })
        });
        Next::Done(Ok(Answer {
            raw: RawResponse {
                status: answer.status,
                headers: answer.headers,
                body: answer.body,
            },
            open,
        }))
    }

    /// The attempt ran out of time: the call's deadline, or the attempt's own timeout.
    #[cold]
    #[inline(never)]
    fn timed_out(&self, current: &Current<'_>, attempt_deadline: Instant) -> Next {
        let url = current.request.url.as_str();
        if attempt_deadline >= current.deadline && !current.streamed {
            return Next::Done(Err(deadline_error(url, current.limits)));
        }
        self.failed(
            current,
            Failure {
                retryable: current.limits.may_retry,
                error: TransportError::timeout(display_base(url)).into(),
                wait: None,
            },
        )
    }

    /// No answer: the transport failed.
    #[cold]
    #[inline(never)]
    fn not_sent(&self, current: &Current<'_>, e: Failed) -> Next {
        let url = current.request.url.as_str();
        // A layer's message may quote the request: the credential (an API key in the
        // query, too) and secret headers go.
        let e = match e {
            Failed::Layer(message) => {
                let mut redactor = Redactor::default();
                redactor.add_headers(&current.request.headers);
                if let Some(token) = current.token {
                    self.placement.redact(token, &mut redactor);
                }
                Failed::Layer(redactor.scrub(&message))
            }
            e => e,
        };
        // Nothing was sent when the connection could not be opened; a failed TLS
        // handshake or a refused redirect fails the same way every time.
        self.failed(
            current,
            Failure {
                retryable: !e.is_permanent() && (current.limits.may_retry || e.is_connect()),
                error: e.into_error(display_base(url)).into(),
                wait: None,
            },
        )
    }

    /// An answer other than a success: a body over the limit, a refused token (401,
    /// replayed once with a new one), a refusal (403), a rate limit (429) or another
    /// error answer.
    #[cold]
    #[inline(never)]
    fn refused(
        &self,
        current: &Current<'_>,
        answer: Exchange,
        verdict: Verdict,
        renewed: &mut bool,
    ) -> Next {
        let endpoint = current.request.endpoint;
        if verdict == Verdict::Success {
            // Only a body over the limit brings a success here.
            return Next::Done(Err(Error::Decode {
                method: endpoint.name,
                reason: format!(
                    "the response body is larger than the client's limit of {} bytes",
                    self.shared.config.body_limit
                ),
            }));
        }
        let error = api_error(
            current.request,
            current.token.map(|t| (t, self.placement)),
            &answer,
            verdict,
        );
        let failure = match (verdict, current.token) {
            (Verdict::TokenRejected, Some(token)) => {
                let renewable = self.token.is_renewable();
                if !*renewed && renewable {
                    // Drop exactly this token (a concurrent call may have replaced it
                    // already) and replay once with a new one, unless the cache is
                    // damping a run of rejected tokens.
                    match self.token.reject(token) {
                        Rejection::Dropped | Rejection::AlreadyReplaced
                            if !replayable(current.request) =>
                        {
                            return Next::Done(Err(not_replayable(
                                current.request,
                                Error::Unauthorized { error, renewable },
                            )));
                        }
                        Rejection::Dropped | Rejection::AlreadyReplaced => {
                            *renewed = true;
                            crate::support::telemetry::replay(endpoint.name);
                            tracing::debug!("401: replaying once with a new token");
                            return Next::Replay;
                        }
                        Rejection::Kept => {}
                    }
                }
                tracing::warn!(
                    api.method = endpoint.name,
                    scopes = %endpoint.auth,
                    status = answer.status.as_u16(),
                    renewable,
                    "the API rejected the token"
                );
                return Next::Done(Err(Error::Unauthorized { error, renewable }));
            }
            (Verdict::Forbidden, _) => {
                tracing::warn!(
                    api.method = endpoint.name,
                    scopes = %endpoint.auth,
                    status = answer.status.as_u16(),
                    "the API refused the call (403)"
                );
                let insufficient_scope = error
                    .challenge
                    .as_ref()
                    .filter(|c| c.error.as_deref() == Some("insufficient_scope"))
                    .and_then(|c| c.scope.clone());
                return Next::Done(Err(Error::Forbidden {
                    error,
                    required: endpoint.auth,
                    insufficient_scope,
                }));
            }
            (Verdict::RateLimited { wait }, _) => Failure {
                retryable: true,
                error: Error::RateLimited {
                    method: endpoint.name,
                    retry_after: wait,
                    error: Some(error),
                    attempts: current.attempt,
                },
                wait,
            },
            (Verdict::ServerFault { wait }, _) => Failure {
                retryable: verdict.retryable(current.limits.may_retry),
                error: Error::Api(error),
                wait,
            },
            _ => return Next::Done(Err(Error::Api(error))),
        };
        self.failed(current, failure)
    }

    /// A failed attempt: hold further calls if the server asked for a wait, then retry
    /// after the wait or a backoff, unless the attempts, the deadline, the longest wait
    /// or the retry budget say not to.
    #[cold]
    #[inline(never)]
    fn failed(&self, current: &Current<'_>, failure: Failure) -> Next {
        let Failure {
            error,
            retryable,
            wait,
        } = failure;
        let config = &self.shared.config;
        let endpoint = current.request.endpoint;
        let attempt = current.attempt;
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
                return Next::Done(Err(error));
            }
        }
        let delay = wait.unwrap_or_else(|| current.limits.backoff.full_jitter(attempt));
        if !retryable || attempt >= current.limits.max_attempts || now + delay >= current.deadline {
            return Next::Done(Err(error));
        }
        if !replayable(current.request) {
            return Next::Done(Err(not_replayable(current.request, error)));
        }
        if !self.shared.budget.withdraw() {
            tracing::warn!(
                api.method = endpoint.name,
                error = %error,
                "retry budget exhausted: not retrying while the API keeps failing"
            );
            return Next::Done(Err(error));
        }
        if wait.is_some() {
            crate::support::telemetry::rate_limit_wait(endpoint.name);
        }
        crate::support::telemetry::retry(endpoint.name, retry_cause(&error));
        tracing::debug!(api.method = endpoint.name, attempt, delay = ?delay, error = %error, "retrying");
        Next::Retry(delay)
    }
}

/// Whether the request's body can be sent again (it has none, or nothing in it is a
/// stream read once).
fn replayable(request: &Request) -> bool {
    request.body.as_ref().is_none_or(Body::is_replayable)
}

/// The answer that asked for another attempt, which a body read once cannot have.
#[cold]
fn not_replayable(request: &Request, cause: Error) -> Error {
    tracing::warn!(
        api.method = request.endpoint.name,
        error = %cause,
        "not sending the call again: its body is a stream, read once"
    );
    Error::BodyNotReplayable {
        method: request.endpoint.name,
        cause: Box::new(cause),
    }
}

/// The call's URL, parsed (plain functions rather than closures keep the attempts'
/// state smaller).
fn parse_url(url: &str, endpoint: &Endpoint) -> Result<reqwest::Url, Error> {
    reqwest::Url::parse(url).map_err(|e| Error::InvalidRequest {
        method: endpoint.name,
        reason: format!("the URL is not valid: {e}"),
    })
}

/// The call ran out of time.
fn deadline_error(url: &str, limits: &Limits) -> Error {
    TransportError::deadline(display_base(url), limits.deadline).into()
}

/// The request of one attempt, built directly (a builder would move it at every step).
fn outgoing(
    request: &Request,
    method: Method,
    target: reqwest::Url,
    credential: Option<(&Authorization, Placement)>,
) -> Result<reqwest::Request, Error> {
    let mut outgoing = reqwest::Request::new(method, target);
    if !request.headers.is_empty() {
        outgoing.headers_mut().clone_from(&request.headers);
    }
    if let Some((token, placement)) = credential {
        placement.attach(token, &mut outgoing)?;
    }
    // Bytes go on at once; a streamed body is opened by the attempt (`streamed`).
    if let Some(body) = &request.body
        && let Err(OpenError::Invalid(reason)) = body.attach_now(&mut outgoing)
    {
        return Err(Error::InvalidRequest {
            method: request.endpoint.name,
            reason,
        });
    }
    Ok(outgoing)
}

/// The API's error answer, summarised: its code and message from the body (any shape
/// providers use), the `WWW-Authenticate` challenge, and the wait it asked for, all
/// scrubbed of the secrets this request carried (the bearer token, secret headers).
fn api_error(
    request: &Request,
    credential: Option<(&Authorization, Placement)>,
    answer: &Exchange,
    verdict: Verdict,
) -> Box<ApiError> {
    let mut redactor = Redactor::default();
    redactor.add_headers(&request.headers);
    if let Some((token, placement)) = credential {
        placement.redact(token, &mut redactor);
    }
    let content_type = answer
        .headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok());
    let summary = crate::error::body::summarize(&answer.body, content_type, &redactor);
    let challenge = bearer_challenge(&answer.headers, &redactor);
    // A JSON body is kept, scrubbed, for the caller's documented error type.
    let document = (summary.body_kind() == crate::error::BodyKind::Json)
        .then(|| std::str::from_utf8(&answer.body).ok())
        .flatten()
        .filter(|text| text.len() <= ErrorDocument::MAX)
        .and_then(|text| ErrorDocument::new(redactor.scrub(text)));
    let endpoint = request.endpoint;
    Box::new(ApiError {
        document,
        method: endpoint.name,
        http_method: endpoint.method,
        path: endpoint.path,
        status: answer.status,
        body: summary.body_kind(),
        code: summary
            .code
            .or_else(|| challenge.as_ref().and_then(|c| c.error.clone())),
        message: summary
            .message
            .or_else(|| challenge.as_ref().and_then(|c| c.error_description.clone())),
        retry_after: verdict.wait(),
        challenge,
    })
}

/// Why a call is retried, for metrics.
fn retry_cause(error: &Error) -> &'static str {
    match error {
        Error::RateLimited { .. } => "rate_limited",
        Error::Api(_) => "server_error",
        Error::Transport(t) => match t.kind {
            crate::error::TransportErrorKind::Timeout => "timeout",
            crate::error::TransportErrorKind::Connect => "connect",
            _ => "transport",
        },
        _ => "other",
    }
}

/// The URL without its query, for messages.
fn display_base(url: &str) -> String {
    url.split(['?', '#']).next().unwrap_or(url).to_owned()
}
