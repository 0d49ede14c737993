//! One call in flight: its attempts inside its span, its metrics, and what it makes of
//! its successful answer (decoded, or handed over as a stream).

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use crate::error::Error;
use crate::pipeline::RawResponse;
use crate::pipeline::download::ByteStream;
use crate::scopes::manifest::Endpoint;

/// What a call makes of its successful answer.
pub(crate) enum Finish<T> {
    /// Decodes the answer read whole, given the method's name for its errors.
    Read(fn(RawResponse, &'static str) -> Result<T, Error>),
    /// Hands the answer over unread, as a stream (a download).
    Open(fn(ByteStream) -> T),
}

impl<T> Clone for Finish<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Finish<T> {}

pin_project_lite::pin_project! {
    /// One call: its attempts, run inside its `tracing` span (when enabled), then the
    /// span's answer fields, the call metrics, and the answer decoded by `finish`.
    pub(crate) struct Call<F, T> {
        #[pin]
        pub(crate) attempts: F,
        pub(crate) span: Option<tracing::Span>,
        // When it was first polled (for the call-latency metric, when it is on).
        pub(crate) started: Option<tokio::time::Instant>,
        pub(crate) endpoint: &'static Endpoint,
        pub(crate) finish: Option<Finish<T>>,
    }
}

impl<F, T> Future for Call<F, T>
where
    F: Future<Output = Result<Answer, Error>>,
{
    type Output = Result<T, Error>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        if crate::support::telemetry::CALL_METRICS && this.started.is_none() {
            *this.started = Some(tokio::time::Instant::now());
        }
        let result = {
            let _entered = this.span.as_ref().map(tracing::Span::enter);
            match this.attempts.poll(cx) {
                Poll::Ready(result) => result,
                Poll::Pending => return Poll::Pending,
            }
        };
        if let Some(span) = this.span.as_ref() {
            match &result {
                Ok(r) => span.record("http.response.status_code", r.raw.status.as_u16()),
                Err(e) => {
                    if let Some(status) = e.status() {
                        span.record("http.response.status_code", status.as_u16());
                    }
                    span.record("error.type", tracing::field::display(error_type(e)))
                }
            };
        }
        if let Some(started) = this.started {
            let outcome = match &result {
                Ok(r) => r.raw.status.as_u16().to_string(),
                Err(e) => e.kind_name().to_owned(),
            };
            crate::support::telemetry::call(this.endpoint.name, outcome, started.elapsed());
        }
        let finish = this
            .finish
            .take()
            .expect("an API call polled after it completed");
        let name = this.endpoint.name;
        Poll::Ready(result.and_then(|answer| match finish {
            Finish::Read(decode) => decode(answer.raw, name),
            Finish::Open(open) => Ok(open(answer.into_stream())),
        }))
    }
}

/// A successful answer: read whole, or (for a download) still open.
pub(crate) struct Answer {
    pub(crate) raw: RawResponse,
    /// Boxed: rare, and the answer is part of every call's state.
    pub(crate) open: Option<Box<Open>>,
}

/// An answer whose body the caller reads.
pub(crate) struct Open {
    pub(crate) response: Box<reqwest::Response>,
    /// The URL without its query, for errors.
    pub(crate) url: String,
    /// How long each chunk may take.
    pub(crate) idle: Duration,
}

impl Answer {
    fn into_stream(self) -> ByteStream {
        match self.open {
            Some(open) => {
                let Open {
                    response,
                    url,
                    idle,
                } = *open;
                ByteStream::open(*response, self.raw.headers, url, idle)
            }
            None => ByteStream::from_bytes(self.raw.body),
        }
    }
}

/// OpenTelemetry's `error.type`: the status code for an error answer, else the kind of
/// failure.
fn error_type(e: &Error) -> String {
    match e.status() {
        Some(status) => status.as_u16().to_string(),
        None => e.kind_name().to_owned(),
    }
}
