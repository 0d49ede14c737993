//! Failures below HTTP: connecting, TLS, timeouts, redirects.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use super::sanitize;

/// What kind of transport failure happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TransportErrorKind {
    /// No connection could be made.
    Connect,
    /// The request or response took too long.
    Timeout,
    /// The response body could not be read completely.
    Body,
    /// A middleware or layer of the application's transport stack failed.
    Layer,
    /// Anything else reqwest reported.
    Other,
}

/// A request that did not complete.
#[derive(Debug, Clone)]
pub struct TransportError {
    /// What kind of failure it was.
    pub kind: TransportErrorKind,
    /// The URL that was being requested.
    pub url: String,
    /// The call's whole deadline, when that is what ran out.
    pub deadline: Option<Duration>,
    /// What a middleware or layer of the application's stack said, for
    /// [`TransportErrorKind::Layer`].
    pub detail: Option<String>,
    source: Option<Arc<reqwest::Error>>,
}

impl TransportError {
    pub(crate) fn new(url: impl Into<String>, err: reqwest::Error) -> Self {
        let kind = if err.is_timeout() {
            TransportErrorKind::Timeout
        } else if err.is_connect() {
            TransportErrorKind::Connect
        } else if err.is_body() || err.is_decode() {
            TransportErrorKind::Body
        } else {
            TransportErrorKind::Other
        };
        TransportError {
            kind,
            url: url.into(),
            deadline: None,
            detail: None,
            source: Some(Arc::new(err.without_url())),
        }
    }

    pub(crate) fn layer(url: impl Into<String>, message: &str) -> Self {
        TransportError {
            kind: TransportErrorKind::Layer,
            url: url.into(),
            deadline: None,
            detail: Some(sanitize(message, 300)),
            source: None,
        }
    }

    pub(crate) fn timeout(url: impl Into<String>) -> Self {
        TransportError {
            kind: TransportErrorKind::Timeout,
            url: url.into(),
            deadline: None,
            detail: None,
            source: None,
        }
    }

    pub(crate) fn deadline(url: impl Into<String>, deadline: Duration) -> Self {
        TransportError {
            deadline: Some(deadline),
            ..Self::timeout(url)
        }
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.kind {
            TransportErrorKind::Connect => "could not connect to",
            TransportErrorKind::Timeout => "timed out waiting for",
            TransportErrorKind::Body => "could not read the response from",
            TransportErrorKind::Layer => "the transport stack failed for",
            TransportErrorKind::Other => "request failed:",
        };
        write!(f, "{what} {}", self.url)?;
        if let Some(deadline) = self.deadline {
            write!(
                f,
                " (the call's deadline of {:?} ran out; `ClientConfig::deadline` sets it)",
                deadline
            )?;
        }
        if let Some(detail) = &self.detail {
            write!(f, " ({detail})")?;
        }
        if let Some(src) = &self.source {
            // reqwest's own message, with the URL stripped (we print it once, above).
            let mut msg = src.to_string();
            let mut cause = std::error::Error::source(&**src);
            while let Some(c) = cause {
                msg.push_str(": ");
                msg.push_str(&c.to_string());
                cause = c.source();
            }
            write!(f, " ({msg})")?;
        }
        Ok(())
    }
}

impl std::error::Error for TransportError {}
