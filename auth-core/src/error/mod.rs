//! The error type shared by token sources, the token cache and generated clients.
//!
//! Every variant says what went wrong and what to do about it. None of them carries a
//! secret: token endpoints' bodies are summarised (`error`, `error_description`,
//! `message`), never echoed, and the Debug output is the same redacted data.
//!
//! Also here: [`redact`], which scrubs every secret of an exchange from what a server
//! says, and [`body`], which summarises an error answer.
//!
//! May use: `scopes` (the requirement a 403 names, [`MissingScopes`]), `support`.

use std::fmt;
use std::time::{Duration, SystemTime};

use reqwest::StatusCode;

pub(crate) mod api;
pub(crate) mod body;
pub(crate) mod redact;
mod token_endpoint;
mod transport;

pub use crate::scopes::missing::MissingScopes;

pub use api::{ApiError, BearerChallenge};
pub use token_endpoint::{BodyKind, OAuthErrorCode, TokenEndpointError};
pub use transport::{TransportError, TransportErrorKind};

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
        crate::support::time::fmt_system_time(*expired_at)
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
        required: crate::scopes::manifest::Auth,
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

    /// The pages of a paged operation could not be followed past one of them: its next
    /// page is on another server, or is a page already fetched (a cursor that repeats),
    /// or the server answered the same page twice. The pages before were yielded.
    #[error("cannot follow the pages of `{method}`: {reason}")]
    Paging {
        /// The API method.
        method: &'static str,
        /// Which page, and what was wrong with its next.
        reason: String,
    },

    /// The call needed to send its body again (to replay a 401 with a new token, or to
    /// retry a 5xx, a 429 or a failed connection), but the body is a stream, read by the
    /// attempt that got `cause`. Nothing was sent again. Give the body as a file or as
    /// bytes, which every attempt can send, or call again with a new stream.
    #[error(
        "`{method}` was not sent again: its body is a stream, read once by the attempt that \
         got this answer: {cause}; give the body as a file or bytes to let the client send \
         it again"
    )]
    BodyNotReplayable {
        /// The API method.
        method: &'static str,
        /// What the attempt that read the stream got.
        #[source]
        cause: Box<Error>,
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
            Error::BodyNotReplayable { cause, .. } => cause.retry_after(),
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

    /// The API's error answer, when the call got one: on [`Error::Api`],
    /// [`Error::Forbidden`], [`Error::Unauthorized`] and a [`Error::RateLimited`] that
    /// was answered.
    pub fn api_error(&self) -> Option<&ApiError> {
        match self {
            Error::Api(e)
            | Error::Forbidden { error: e, .. }
            | Error::Unauthorized { error: e, .. } => Some(e),
            Error::RateLimited { error, .. } => error.as_deref(),
            Error::BodyNotReplayable { cause, .. } => cause.api_error(),
            _ => None,
        }
    }

    /// The API's error answer as `T`, the provider's documented error type, without
    /// serde code: `err.body_as::<types::Error>()?.request_id`. `None` when the call got
    /// no error answer, or its body was not a `T` (see [`ApiError::body_as`]).
    ///
    /// ```
    /// # fn demo(err: auth_core::Error) {
    /// #[derive(serde::Deserialize)]
    /// struct DoError { id: String, message: String, request_id: Option<String> }
    ///
    /// if let Some(answer) = err.body_as::<DoError>() {
    ///     eprintln!("{} ({}), request {:?}", answer.message, answer.id, answer.request_id);
    /// }
    /// # }
    /// ```
    pub fn body_as<T: serde::de::DeserializeOwned>(&self) -> Option<T> {
        self.api_error()?.body_as()
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
            Error::Paging { .. } => "paging",
            Error::BodyNotReplayable { .. } => "body_not_replayable",
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
            Error::BodyNotReplayable { cause, .. } => cause.status(),
            _ => None,
        }
    }

    pub(crate) fn config(msg: impl Into<String>) -> Self {
        Error::Config(msg.into())
    }
}

/// The token store could not be read or written.
#[derive(Debug, Clone, thiserror::Error)]
#[error("token store {location}: {reason}")]
pub struct StoreError {
    /// Where the store is (a file path, a key).
    pub location: String,
    /// What went wrong and what to do.
    pub reason: String,
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
}
