//! An API's error answer, summarised, and its bearer challenge.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::StatusCode;
use serde::de::DeserializeOwned;

use super::{BodyKind, write_summary};

/// An API's error answer, summarised. Every text in it is scrubbed of the secrets the
/// request carried, even when the server quoted them: the summary (`code`, `message`),
/// and the JSON body kept for [`body_as`](Self::body_as), which Debug and Display never
/// show.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ApiError {
    /// The API method (`get_order`).
    pub method: &'static str,
    /// The HTTP method.
    pub http_method: &'static str,
    /// The path template.
    pub path: &'static str,
    /// The status.
    pub status: StatusCode,
    /// The provider's error code: from the body in any of the shapes providers use
    /// (`error`, `error.code`, `errors[0].code`, `errorCode`, ...), else the `error` of
    /// the `WWW-Authenticate` challenge.
    pub code: Option<String>,
    /// The provider's message (`error_description`, `message`, `error.message`, ...),
    /// else the challenge's `error_description`; cut to 300 characters.
    pub message: Option<String>,
    /// What the body looked like.
    pub body: BodyKind,
    /// The wait the API asked for (`Retry-After` or `X-RateLimit-Reset` on rate limits
    /// and 503).
    pub retry_after: Option<Duration>,
    /// The `WWW-Authenticate: Bearer ...` challenge (RFC 6750 §3), if the API sent one.
    pub challenge: Option<BearerChallenge>,
    /// The JSON body, scrubbed, for [`body_as`](Self::body_as).
    pub(crate) document: Option<ErrorDocument>,
}

/// An error answer's JSON body, scrubbed of the request's secrets (at most
/// [`ErrorDocument::MAX`] bytes are kept). Shown in Debug by its length only.
#[derive(Clone)]
pub(crate) struct ErrorDocument(Arc<str>);

impl ErrorDocument {
    /// The largest body kept: error answers are small; a larger one is summarised only.
    pub(crate) const MAX: usize = 64 * 1024;

    pub(crate) fn new(scrubbed: String) -> Option<Self> {
        (scrubbed.len() <= Self::MAX).then(|| ErrorDocument(scrubbed.into()))
    }
}

impl fmt::Debug for ErrorDocument {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ErrorDocument({} bytes)", self.0.len())
    }
}

impl ApiError {
    /// The error answer as `T`, the provider's documented error type (DigitalOcean's
    /// `error` with its `request_id`, Jira's `ErrorCollection`, Asana's `errors`):
    /// `None` when the body was not JSON, was larger than 64 KiB, or is not a `T`.
    /// The body is scrubbed of the request's secrets before it is read.
    ///
    /// Generated clients name each method's documented error types in its docs;
    /// [`Error::body_as`](crate::Error::body_as) reaches this from any `Error`.
    pub fn body_as<T: DeserializeOwned>(&self) -> Option<T> {
        serde_json::from_str(&self.document.as_ref()?.0).ok()
    }
}

/// A `WWW-Authenticate: Bearer` challenge: why a token was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct BearerChallenge {
    /// `invalid_token`, `insufficient_scope`, `invalid_request`, ...
    pub error: Option<String>,
    /// The server's explanation.
    pub error_description: Option<String>,
    /// The scopes needed (with `insufficient_scope`).
    pub scope: Option<String>,
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the API answered {} to `{}` ({} {})",
            self.status, self.method, self.http_method, self.path
        )?;
        write_summary(
            f,
            self.code.as_deref(),
            self.message.as_deref(),
            self.body,
            "an HTML page",
        )?;
        if let Some(wait) = self.retry_after {
            write!(f, "; try again in {:.0} s", wait.as_secs_f64().ceil())?;
        }
        Ok(())
    }
}

impl std::error::Error for ApiError {}
