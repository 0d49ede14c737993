//! A token endpoint's error answer: its RFC 6749 code, summarised body and status.

use std::fmt;
use std::time::Duration;

use reqwest::StatusCode;

use super::{sanitize, write_summary};

/// An RFC 6749 §5.2 error code.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum OAuthErrorCode {
    /// `invalid_request`: a parameter is missing, repeated or malformed.
    InvalidRequest,
    /// `invalid_client`: client authentication failed.
    InvalidClient,
    /// `invalid_grant`: the password, code or refresh token is invalid, expired or revoked.
    InvalidGrant,
    /// `unauthorized_client`: the client may not use this grant type.
    UnauthorizedClient,
    /// `unsupported_grant_type`.
    UnsupportedGrantType,
    /// `invalid_scope`: a requested scope is unknown or not allowed for this client.
    InvalidScope,
    /// Any other code, as sent (cut to 64 characters).
    Other(String),
}

impl OAuthErrorCode {
    pub(crate) fn parse(code: &str) -> Self {
        match code.to_ascii_lowercase().as_str() {
            "invalid_request" => Self::InvalidRequest,
            "invalid_client" => Self::InvalidClient,
            "invalid_grant" => Self::InvalidGrant,
            "unauthorized_client" => Self::UnauthorizedClient,
            "unsupported_grant_type" => Self::UnsupportedGrantType,
            "invalid_scope" => Self::InvalidScope,
            _ => Self::Other(sanitize(code, 64)),
        }
    }

    /// The code as it appears on the wire.
    pub fn as_str(&self) -> &str {
        match self {
            Self::InvalidRequest => "invalid_request",
            Self::InvalidClient => "invalid_client",
            Self::InvalidGrant => "invalid_grant",
            Self::UnauthorizedClient => "unauthorized_client",
            Self::UnsupportedGrantType => "unsupported_grant_type",
            Self::InvalidScope => "invalid_scope",
            Self::Other(s) => s,
        }
    }

    fn hint(&self) -> Option<&'static str> {
        Some(match self {
            Self::InvalidClient => "check the client id and secret",
            Self::InvalidGrant => {
                "the password or refresh token was rejected; log in again with valid credentials"
            }
            Self::InvalidScope => "request only scopes this client is allowed to have",
            Self::UnauthorizedClient => "enable this grant type for the client at the provider",
            Self::UnsupportedGrantType => "the token endpoint does not offer this grant type",
            Self::InvalidRequest => "check the token request's parameters",
            Self::Other(_) => return None,
        })
    }
}

impl fmt::Display for OAuthErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What an error response's body looked like. The body itself is never kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum BodyKind {
    /// A JSON object (its `error` / `message` fields are kept).
    Json,
    /// A form-encoded body (`error=...&error_description=...`).
    Form,
    /// An HTML page, typically from a proxy or load balancer.
    Html,
    /// No body at all.
    Empty,
    /// Anything else (plain text, truncated or binary data).
    Other,
}

/// The token endpoint answered with an error: an error status, or an error inside a 2xx
/// (`{"error": ...}`, `{"ok": false, ...}`).
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct TokenEndpointError {
    /// The token endpoint's URL.
    pub endpoint: String,
    /// The HTTP status.
    pub status: StatusCode,
    /// The RFC 6749 `error` code, if the body had one.
    pub code: Option<OAuthErrorCode>,
    /// `error_description`, or `message` for providers that answer `{"message": ...}`.
    /// Cut to 300 characters, control characters removed.
    pub description: Option<String>,
    /// What the body looked like.
    pub body: BodyKind,
    /// The server's `Retry-After`, if it sent one.
    pub retry_after: Option<Duration>,
    /// Whether the code says the grant is dead: `invalid_grant`, or a code the source's
    /// [`ResponseProfile`](crate::ResponseProfile) maps to it.
    pub invalid_grant: bool,
}

impl TokenEndpointError {
    /// An error answer of `endpoint` with `status` and nothing else known; add what the
    /// body said with [`with_code`](Self::with_code) and
    /// [`with_description`](Self::with_description). For custom sources and tests.
    ///
    /// ```
    /// use auth_core::reqwest::StatusCode;
    /// use auth_core::{OAuthErrorCode, TokenEndpointError};
    ///
    /// let e = TokenEndpointError::new("https://auth.example/token", StatusCode::BAD_REQUEST)
    ///     .with_code(OAuthErrorCode::InvalidGrant);
    /// assert!(e.is_invalid_grant() && !e.is_transient());
    /// ```
    pub fn new(endpoint: impl Into<String>, status: StatusCode) -> Self {
        TokenEndpointError {
            endpoint: endpoint.into(),
            status,
            code: None,
            description: None,
            body: BodyKind::Empty,
            retry_after: None,
            invalid_grant: false,
        }
    }

    /// The same error with an error code (`invalid_grant` also sets
    /// [`invalid_grant`](Self::invalid_grant)).
    pub fn with_code(mut self, code: OAuthErrorCode) -> Self {
        self.invalid_grant |= code == OAuthErrorCode::InvalidGrant;
        self.code = Some(code);
        self.body = BodyKind::Json;
        self
    }

    /// The same error with a description.
    pub fn with_description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(sanitize(&description.into(), 300));
        self
    }

    /// The same error with the wait the server asked for.
    pub fn with_retry_after(mut self, wait: Duration) -> Self {
        self.retry_after = Some(wait);
        self
    }

    /// 5xx, 408 and 429 are worth retrying, and so are the codes that say so
    /// (`temporarily_unavailable`, `server_error`, `slow_down`) whatever the status;
    /// everything else needs a change first.
    pub fn is_transient(&self) -> bool {
        let code_says = matches!(
            self.code.as_ref().map(OAuthErrorCode::as_str),
            Some("temporarily_unavailable" | "server_error" | "slow_down")
        );
        code_says
            || self.status.is_server_error()
            || self.status == StatusCode::REQUEST_TIMEOUT
            || self.status == StatusCode::TOO_MANY_REQUESTS
    }

    /// Whether the server said the grant (password or refresh token) is dead.
    pub fn is_invalid_grant(&self) -> bool {
        self.invalid_grant
    }
}

impl fmt::Display for TokenEndpointError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the token endpoint {} answered {}",
            self.endpoint, self.status
        )?;
        if self.status.is_success() {
            f.write_str(" with an error")?;
        }
        let code = self.code.as_ref().map(OAuthErrorCode::as_str);
        write_summary(
            f,
            code,
            self.description.as_deref(),
            self.body,
            "an HTML page, not an OAuth error",
        )?;
        let hint = match &self.code {
            Some(code) => code.hint(),
            None if self.status == StatusCode::UNAUTHORIZED
                || self.status == StatusCode::FORBIDDEN =>
            {
                Some("check the client credentials")
            }
            None if self.is_transient() => Some("the provider may recover; it is retried"),
            None => None,
        };
        if let Some(hint) = hint {
            write!(f, "; {hint}")?;
        }
        Ok(())
    }
}

impl std::error::Error for TokenEndpointError {}
