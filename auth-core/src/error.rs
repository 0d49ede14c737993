//! The error type shared by token sources, the token cache and generated clients.
//!
//! Every variant says what went wrong and what to do about it. None of them carries a
//! secret: token endpoints' bodies are summarised (`error`, `error_description`,
//! `message`), never echoed, and the Debug output is the same redacted data.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use reqwest::StatusCode;

/// Everything that can go wrong while obtaining a token or calling an API.
///
/// `Error` is `Clone`: when many callers share one token request (single flight) they all
/// receive the same error.
#[derive(Debug, Clone, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The token endpoint answered with an error status.
    #[error(transparent)]
    TokenEndpoint(#[from] TokenEndpointError),

    /// The request did not complete: connection refused, timeout, body cut off.
    #[error(transparent)]
    Transport(#[from] TransportError),

    /// The token endpoint answered 2xx with a body that is not a usable token response.
    #[error(
        "the token endpoint {endpoint} answered with an invalid token response: {reason}; \
         check that the token URL points at the provider's token endpoint"
    )]
    InvalidTokenResponse {
        /// The token endpoint's URL.
        endpoint: String,
        /// What is wrong with the response (never its content).
        reason: String,
    },

    /// The token endpoint issued a token of a type other than `Bearer`.
    #[error(
        "the token endpoint issued a `{token_type}` token, but only Bearer tokens can be \
         attached to requests; ask the provider for a Bearer token"
    )]
    UnsupportedTokenType {
        /// The `token_type` the endpoint sent (cut to 40 characters).
        token_type: String,
    },

    /// A portal-issued API token has passed its expiry date. Nothing was sent.
    #[error(
        "the API token expired at {}; create a new token in the provider's portal and \
         install it with `StaticToken::rotate`",
        crate::time::fmt_system_time(*expired_at)
    )]
    TokenExpired {
        /// When the token expired.
        expired_at: SystemTime,
    },

    /// The refresh token is no longer accepted and there is no other way to log in.
    #[error("re-authentication required: {reason}")]
    ReauthenticationRequired {
        /// Why a new login is needed and how to provide it.
        reason: String,
        /// The token endpoint's answer that made the refresh token unusable.
        #[source]
        cause: Option<Box<Error>>,
    },

    /// Reading or writing the token store failed.
    #[error(transparent)]
    Store(#[from] StoreError),

    /// The token does not carry the scopes a typed handle requires.
    #[error(transparent)]
    MissingScopes(#[from] MissingScopes),

    /// A value the application configured is unusable (a URL, a header, a token).
    #[error("invalid configuration: {0}")]
    Config(String),

    /// The API rejected the token with 401, after one replay with a fresh token when a
    /// fresh one could be had.
    #[error("{}", unauthorized_message(error, *renewable))]
    Unauthorized {
        /// The API's answer.
        error: Box<ApiError>,
        /// Whether the token could be renewed (and was, once).
        renewable: bool,
    },

    /// The API refused the call with 403: the token lacks a permission. Never retried.
    #[error(
        "the API refused `{}` ({}): it requires {required}{}{}; check the permissions \
         granted to the token (in the provider's portal for API tokens) against the scopes \
         its type claims",
        error.method,
        error.status,
        insufficient_scope.as_ref().map(|s| format!(" (the server asks for `{s}`)")).unwrap_or_default(),
        server_said(error).map(|s| format!("; the server said{s}")).unwrap_or_default(),
    )]
    Forbidden {
        /// The API's answer.
        error: Box<ApiError>,
        /// What the method requires, from its `#[authenticated]` attribute.
        required: crate::manifest::Auth,
        /// `scope` of `WWW-Authenticate: Bearer error="insufficient_scope"`, if sent.
        insufficient_scope: Option<String>,
    },

    /// The API answered with another error status (after the retries the client's
    /// configuration allows, for 5xx answers).
    #[error(transparent)]
    Api(Box<ApiError>),

    /// The API limits the rate of calls (429), longer than a call may wait, or after the
    /// last attempt; or the client holds calls after such an answer (nothing was sent).
    #[error("{}", rate_limited_message(method, *retry_after, error.as_deref(), *attempts))]
    RateLimited {
        /// The API method.
        method: &'static str,
        /// How long until the API accepts calls again, if it said.
        retry_after: Option<Duration>,
        /// The API's answer; `None` when the client refused locally, holding calls after
        /// an earlier answer.
        error: Option<Box<ApiError>>,
        /// How many requests this call sent.
        attempts: u32,
    },

    /// A successful answer whose body is not what the method declares.
    #[error("the response to `{method}` could not be read as its declared type: {reason}")]
    Decode {
        /// The API method.
        method: &'static str,
        /// What did not match.
        reason: String,
    },

    /// A request could not be built from the method's arguments. Nothing was sent.
    #[error("cannot build the request for `{method}`: {reason}")]
    InvalidRequest {
        /// The API method.
        method: &'static str,
        /// Which argument and why.
        reason: String,
    },

    /// A method that an implementation of an `#[api]` trait (a fake, in tests) does not
    /// implement was called: the trait's default methods answer this. Nothing was sent.
    #[error(
        "`{api}::{method}` is not implemented by this implementation of `{api}` (a fake?); \
         implement `{method}` in its `impl {api} for ...`"
    )]
    NotImplemented {
        /// The trait.
        api: &'static str,
        /// The method.
        method: &'static str,
    },

    /// A bearer token would have crossed the network unencrypted. Nothing was sent.
    #[error(
        "refusing to send a bearer token to {url} over plain http; use https (plain http \
         is allowed only for 127.0.0.1, ::1 and localhost)"
    )]
    InsecureTransport {
        /// The URL, without query.
        url: String,
    },
}

fn rate_limited_message(
    method: &str,
    retry_after: Option<Duration>,
    error: Option<&ApiError>,
    attempts: u32,
) -> String {
    let when = retry_after
        .map(|d| format!("try again in {:.0} s", d.as_secs_f64().ceil()))
        .unwrap_or_else(|| "try again later".to_owned());
    match error {
        Some(e) => {
            let said = server_said(e)
                .map(|s| format!(" (the server said{s})"))
                .unwrap_or_default();
            format!(
                "the API rate-limits calls to `{method}` ({}, after {attempts} attempt(s)){said}; {when}",
                e.status
            )
        }
        None => format!(
            "calls to `{method}` are held after the API asked to wait; nothing was sent; {when}"
        ),
    }
}

/// ` `code`: message`, what the API said, if anything.
fn server_said(error: &ApiError) -> Option<String> {
    match (&error.code, &error.message) {
        (None, None) => None,
        (Some(code), None) => Some(format!(" `{code}`")),
        (None, Some(message)) => Some(format!(": {message}")),
        (Some(code), Some(message)) => Some(format!(" `{code}`: {message}")),
    }
}

fn unauthorized_message(error: &ApiError, renewable: bool) -> String {
    let said = server_said(error)
        .map(|s| format!(" (the server said{s})"))
        .unwrap_or_default();
    if renewable {
        format!(
            "the API rejected a freshly obtained token for `{}` with {}{said}; check that the \
             credentials belong to this API and environment",
            error.method, error.status
        )
    } else {
        format!(
            "the API rejected the token for `{}` with {}{said}: the token is invalid, \
             inactive, expired or revoked; create a new token in the provider's portal and \
             install it with `StaticToken::rotate`",
            error.method, error.status
        )
    }
}

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

impl Error {
    /// Whether trying again later may succeed without changing anything: 5xx, 408 and 429
    /// answers, timeouts and connection errors.
    ///
    /// Permanent failures (`invalid_client`, `invalid_grant`, 401 and 403 from the token
    /// endpoint, an expired static token, bad configuration) return `false`.
    pub fn is_transient(&self) -> bool {
        match self {
            Error::TokenEndpoint(e) => e.is_transient(),
            Error::Transport(_) => true,
            _ => false,
        }
    }

    /// The wait the server asked for (`Retry-After`) before the next attempt, if any.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Error::TokenEndpoint(e) => e.retry_after,
            Error::RateLimited { retry_after, .. } => *retry_after,
            Error::Api(e) => e.retry_after,
            _ => None,
        }
    }

    /// The OAuth 2 error code (`invalid_grant`, ...) if the token endpoint sent one.
    pub fn oauth_code(&self) -> Option<&OAuthErrorCode> {
        match self {
            Error::TokenEndpoint(e) => e.code.as_ref(),
            Error::ReauthenticationRequired { cause: Some(c), .. } => c.oauth_code(),
            _ => None,
        }
    }

    /// A short name of the variant, for logs and metrics.
    pub fn kind_name(&self) -> &'static str {
        match self {
            Error::TokenEndpoint(_) => "token_endpoint",
            Error::Transport(_) => "transport",
            Error::InvalidTokenResponse { .. } => "invalid_token_response",
            Error::UnsupportedTokenType { .. } => "unsupported_token_type",
            Error::TokenExpired { .. } => "token_expired",
            Error::ReauthenticationRequired { .. } => "reauthentication_required",
            Error::Store(_) => "store",
            Error::MissingScopes(_) => "missing_scopes",
            Error::Config(_) => "config",
            Error::Unauthorized { .. } => "unauthorized",
            Error::Forbidden { .. } => "forbidden",
            Error::Api(_) => "api",
            Error::RateLimited { .. } => "rate_limited",
            Error::Decode { .. } => "decode",
            Error::InvalidRequest { .. } => "invalid_request",
            Error::NotImplemented { .. } => "not_implemented",
            Error::InsecureTransport { .. } => "insecure_transport",
        }
    }

    /// The HTTP status of an API or token endpoint answer, if the error is one.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::TokenEndpoint(e) => Some(e.status),
            Error::Unauthorized { error, .. }
            | Error::Forbidden { error, .. }
            | Error::Api(error) => Some(error.status),
            _ => None,
        }
    }

    pub(crate) fn config(msg: impl Into<String>) -> Self {
        Error::Config(msg.into())
    }
}

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

/// The token store could not be read or written.
#[derive(Debug, Clone, thiserror::Error)]
#[error("token store {location}: {reason}")]
pub struct StoreError {
    /// Where the store is (a file path, a key).
    pub location: String,
    /// What went wrong and what to do.
    pub reason: String,
}

/// A token lacks scopes that a typed handle requires.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.describe())]
pub struct MissingScopes {
    /// Every required scope that was not granted, in declaration order.
    pub missing: Vec<&'static str>,
    /// Whether the provider said which scopes it granted. When it did not, nothing can
    /// be verified at run time.
    pub granted_known: bool,
}

impl MissingScopes {
    fn describe(&self) -> String {
        let list = self
            .missing
            .iter()
            .map(|s| format!("`{s}`"))
            .collect::<Vec<_>>()
            .join(", ");
        if self.granted_known {
            format!(
                "the token's granted scopes do not include {list}; request them from the \
                 provider or use a client type that does not need them"
            )
        } else {
            format!(
                "cannot verify that the token grants {list}: the provider's token response \
                 has no `scope`. If a person chose the scopes (in a portal), declare them \
                 with `Scoped::assume_granted`; if they are listed elsewhere (a config \
                 value), check them with `Scoped::checked`; if the provider has no scopes at \
                 all, declare the methods `#[authenticated]` without a scope and use \
                 `Scoped::unscoped`"
            )
        }
    }
}

/// ` `code`: message (an HTML page)`: what an error answer said, for messages.
fn write_summary(
    f: &mut fmt::Formatter<'_>,
    code: Option<&str>,
    message: Option<&str>,
    body: BodyKind,
    html: &str,
) -> fmt::Result {
    if let Some(code) = code {
        write!(f, " `{code}`")?;
    }
    if let Some(message) = message {
        write!(f, ": {message}")?;
    }
    match body {
        BodyKind::Html => write!(f, " ({html})"),
        BodyKind::Empty => f.write_str(" (empty body)"),
        _ => Ok(()),
    }
}

/// Removes control characters and cuts to `max` characters: server-provided text goes
/// into error messages and logs, so it must not be able to forge lines or flood them.
pub(crate) fn sanitize(s: &str, max: usize) -> String {
    let mut out: String = s.chars().filter(|c| !c.is_control()).take(max).collect();
    if s.chars().filter(|c| !c.is_control()).nth(max).is_some() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sanitize_strips_control_characters_and_cuts() {
        assert_eq!(sanitize("a\nb\r\u{1b}[31mc", 10), "ab[31mc");
        assert_eq!(sanitize("abcdef", 3), "abc…");
        assert_eq!(sanitize("abc", 3), "abc");
    }

    #[test]
    fn token_endpoint_error_display_names_status_code_and_hint() {
        let e =
            TokenEndpointError::new("https://auth.example/oauth/token", StatusCode::UNAUTHORIZED)
                .with_code(OAuthErrorCode::InvalidClient)
                .with_description("Client authentication failed");
        assert_eq!(
            e.to_string(),
            "the token endpoint https://auth.example/oauth/token answered 401 Unauthorized \
             `invalid_client`: Client authentication failed; check the client id and secret"
        );
        assert!(!e.is_transient());
    }

    #[test]
    fn missing_scopes_lists_each_scope() {
        let e = MissingScopes {
            missing: vec!["can_write_order", "can_read_order"],
            granted_known: true,
        };
        let msg = e.to_string();
        assert!(msg.contains("`can_write_order`, `can_read_order`"), "{msg}");
    }
}
