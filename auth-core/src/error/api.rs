//! An API's error answer, summarised, and its bearer challenge.

use std::fmt;
use std::time::Duration;

use reqwest::StatusCode;

use super::{BodyKind, write_summary};

/// An API's error answer, summarised: never the body itself. Every text in it is
/// scrubbed of the secrets the request carried, even when the server quoted them.
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
