//! A token as a [`TokenSource`](crate::TokenSource) returns it ([`Token`]) and as callers
//! receive it from a [`TokenCache`](crate::TokenCache) ([`AccessToken`]).

use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use reqwest::header::HeaderValue;
use secrecy::{ExposeSecret, SecretString};
use tokio::time::Instant;

use crate::error::Error;
use crate::scopes::granted::GrantedScopes;

/// A freshly issued access token, as a [`TokenSource`](crate::TokenSource) returns it.
///
/// ```
/// use std::time::Duration;
/// use auth_core::{GrantedScopes, Token};
///
/// let token = Token::bearer("eyJhbGciOi...")
///     .with_expires_in(Duration::from_secs(3600))
///     .with_scopes(GrantedScopes::parse("can_read_order can_write_order"));
/// assert_eq!(token.expires_in(), Some(Duration::from_secs(3600)));
/// ```
pub struct Token {
    pub(crate) access_token: SecretString,
    pub(crate) expires_in: Option<Duration>,
    pub(crate) scopes: Option<GrantedScopes>,
    /// When the token was obtained, if not simply by the cache's request: see
    /// [`Obtained`].
    pub(crate) obtained: Option<Obtained>,
}

/// When and how a token was obtained, for a source whose `fetch` does more than ask the
/// provider (a fleet's source waits for a lease, reads Redis): the lifetime counts from
/// `issued_at`, not from when the cache called `fetch`, and only the provider's own
/// answer time is endpoint latency.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Obtained {
    /// When the request that obtained the token was sent: its lifetime starts here.
    pub(crate) issued_at: Instant,
    /// How long the provider took to answer; `None` when this fetch did not call it (a
    /// token another instance fetched).
    pub(crate) latency: Option<Duration>,
}

impl Token {
    /// A Bearer access token with no known lifetime and no stated scopes.
    pub fn bearer(access_token: impl Into<SecretString>) -> Self {
        Token {
            access_token: access_token.into(),
            expires_in: None,
            scopes: None,
            obtained: None,
        }
    }

    /// How long the token is valid from when it was requested.
    pub fn with_expires_in(mut self, expires_in: Duration) -> Self {
        self.expires_in = Some(expires_in.min(crate::support::time::MAX_SERVER_DURATION));
        self
    }

    /// The scopes the provider granted.
    pub fn with_scopes(mut self, scopes: GrantedScopes) -> Self {
        self.scopes = Some(scopes);
        self
    }

    /// The token's lifetime, if known.
    pub fn expires_in(&self) -> Option<Duration> {
        self.expires_in
    }

    /// The granted scopes, if the provider stated them.
    pub fn scopes(&self) -> Option<&GrantedScopes> {
        self.scopes.as_ref()
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Token")
            .field("access_token", &"[redacted]")
            .field("expires_in", &self.expires_in)
            .field("scopes", &self.scopes)
            .finish()
    }
}

static NEXT_TOKEN_ID: AtomicU64 = AtomicU64::new(1);

/// An access token handed out by a [`TokenCache`](crate::TokenCache): cheap to clone, ready
/// to attach, and redacted in `Debug`.
#[derive(Clone)]
pub struct AccessToken {
    inner: Arc<AccessTokenInner>,
}

struct AccessTokenInner {
    id: u64,
    secret: SecretString,
    header: HeaderValue,
    scopes: Option<GrantedScopes>,
    expires_at: Option<Instant>,
}

impl AccessToken {
    /// Builds the token and its `Authorization: Bearer ...` header value. Fails if the token
    /// contains characters an HTTP header cannot carry.
    pub(crate) fn new(
        secret: SecretString,
        scopes: Option<GrantedScopes>,
        expires_at: Option<Instant>,
    ) -> Result<Self, Error> {
        let mut header = HeaderValue::try_from(format!("Bearer {}", secret.expose_secret()))
            .map_err(|_| {
                Error::config(
                    "the access token contains characters that cannot be sent in an HTTP \
                     header (control characters or non-ASCII); check how it was copied",
                )
            })?;
        header.set_sensitive(true);
        Ok(AccessToken {
            inner: Arc::new(AccessTokenInner {
                id: NEXT_TOKEN_ID.fetch_add(1, Ordering::Relaxed),
                secret,
                header,
                scopes,
                expires_at,
            }),
        })
    }

    /// The token itself. Expose it only to send it.
    pub fn secret(&self) -> &SecretString {
        &self.inner.secret
    }

    /// `Bearer <token>`, marked sensitive so that `http`'s `Debug` hides it.
    pub fn header_value(&self) -> &HeaderValue {
        &self.inner.header
    }

    /// The scopes the provider granted, if it stated them (or the scopes requested, when
    /// the response omitted them).
    pub fn scopes(&self) -> Option<&GrantedScopes> {
        self.inner.scopes.as_ref()
    }

    /// When the token expires, if known.
    pub fn expires_at(&self) -> Option<Instant> {
        self.inner.expires_at
    }

    /// Whether `other` is the very same token (the same issuance, not just equal text).
    pub fn same_as(&self, other: &AccessToken) -> bool {
        self.inner.id == other.inner.id
    }

    /// A process-wide unique id of this issuance (never 0).
    pub(crate) fn id(&self) -> u64 {
        self.inner.id
    }
}

impl fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AccessToken")
            .field("token", &"[redacted]")
            .field("scopes", &self.inner.scopes)
            .field(
                "expires_in",
                &self
                    .inner
                    .expires_at
                    .map(|t| t.saturating_duration_since(Instant::now())),
            )
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokens::response::TokenResponse;

    #[test]
    fn debug_output_is_redacted() {
        let r = TokenResponse::from_json(
            br#"{"access_token":"SENTINEL-A","refresh_token":"SENTINEL-R"}"#,
            "E",
        )
        .unwrap();
        let dbg = format!("{r:?}");
        assert!(!dbg.contains("SENTINEL"), "{dbg}");
        let t = AccessToken::new(r.access_token, None, None).unwrap();
        let dbg = format!("{t:?} {:?}", t.header_value());
        assert!(!dbg.contains("SENTINEL"), "{dbg}");
    }

    #[test]
    fn token_with_header_breaking_characters_is_rejected() {
        let e = AccessToken::new("a\nb".into(), None, None).unwrap_err();
        assert!(e.to_string().contains("cannot be sent in an HTTP header"));
    }
}
