//! One token cache per credential: lock-free reads, refresh ahead of expiry, single
//! flight, backoff.
//!
//! - [`config`]: [`CacheConfig`] and the refresh schedule of each token;
//! - [`renewing`]: the cache of a [`TokenSource`]: single flight, timers, backoff, and
//!   the damping of an API that rejects every new token.
//!
//! A [`StaticToken`] is read from memory as it is.

mod config;
mod renewing;

use std::fmt;
use std::sync::Arc;

pub use config::CacheConfig;
pub(crate) use renewing::Rejection;
use renewing::Renewing;

use crate::error::Error;
use crate::tokens::authorization::{Authorization, TokenRef};
use crate::tokens::source::TokenSource;
use crate::tokens::static_token::StaticToken;
use crate::tokens::token::AccessToken;

/// The token for one credential, shared by every client that uses it.
///
/// - **Reads are lock-free**: the current token sits behind an [`arc_swap::ArcSwapOption`];
///   [`authorization`](Self::authorization) is an `ArcSwap` load, an atomic load and the
///   clone of this thread's copy of the header value: no lock, no clock read, no write to
///   memory other threads read. A timer task per token marks it due and expired. (Under
///   paused Tokio time, yield once after `tokio::time::advance` so that it runs.)
/// - **Refresh ahead of expiry**: at `expiry − min(5 min, lifetime/2) − jitter`. The
///   caller who first notices hands out the still-valid token and starts the refresh in
///   a background task; no caller waits while the old token is valid. (A timer task per
///   cache would refresh tokens nobody uses and outlive the cache; starting on first use
///   costs nothing while idle and needs no shutdown.)
/// - **Single flight**: however many callers need a new token at once, one request is
///   made and every caller gets its result, token or error. The request runs in its own
///   task, so a caller that is cancelled does not cancel it.
/// - **Failures**: a failed refresh keeps the still-valid token and is retried with
///   capped, jittered backoff, longer after permanent failures than transient ones.
///   Without a valid token, callers get the last error until the backoff ends.
///
/// ```
/// # async fn demo() -> Result<(), auth_core::Error> {
/// use auth_core::{ClientCredentials, TokenCache};
///
/// let cache = TokenCache::new(ClientCredentials::new(
///     "https://auth.example/oauth/token",
///     "client-1",
///     "secret-1",
/// )?);
/// let token = cache.token().await?; // fetched once, then served from memory
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct TokenCache {
    kind: Kind,
}

#[derive(Clone)]
enum Kind {
    Static(StaticToken),
    Renewing(Arc<Renewing>),
}

impl From<StaticToken> for TokenCache {
    fn from(token: StaticToken) -> Self {
        TokenCache {
            kind: Kind::Static(token),
        }
    }
}

impl fmt::Debug for TokenCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            Kind::Static(token) => f.debug_tuple("TokenCache").field(token).finish(),
            Kind::Renewing(r) => f
                .debug_struct("TokenCache")
                .field("current", &r.peek())
                .field("refreshing", &r.is_refreshing())
                .finish_non_exhaustive(),
        }
    }
}

impl TokenCache {
    /// A cache for tokens from `source`, with the default [`CacheConfig`].
    pub fn new(source: impl TokenSource) -> Self {
        Self::with_config(source, CacheConfig::default())
    }

    /// A cache for tokens from `source`.
    pub fn with_config(source: impl TokenSource, config: CacheConfig) -> Self {
        TokenCache {
            kind: Kind::Renewing(Arc::new(Renewing::new(Box::new(source), config))),
        }
    }

    /// A valid token: from memory when possible, else from the source (one request for
    /// all concurrent callers).
    pub async fn token(&self) -> Result<AccessToken, Error> {
        match &self.kind {
            Kind::Static(token) => token.current(),
            Kind::Renewing(r) => r.token().await,
        }
    }

    /// The `Authorization` header value of a valid token: from memory when possible (the
    /// hot path: no lock, no clock, no shared write), else after fetching a new token
    /// (one request for all concurrent callers).
    ///
    /// ```
    /// # async fn demo(cache: auth_core::TokenCache, http: auth_core::reqwest::Client) -> Result<(), auth_core::Error> {
    /// let auth = cache.authorize().await?;
    /// let response = http
    ///     .get("https://api.example/orders/1")
    ///     .header(auth_core::reqwest::header::AUTHORIZATION, auth.header_value())
    ///     .send()
    ///     .await;
    /// if response.is_ok_and(|r| r.status() == 401) {
    ///     cache.invalidate(&auth); // the next authorize() fetches a new token
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn authorize(&self) -> Result<Authorization, Error> {
        if let Some(auth) = self.authorization() {
            return Ok(auth);
        }
        let token = self.token().await?;
        Ok(Authorization {
            value: token.header_value().clone(),
            token_id: token.id(),
        })
    }

    /// The `Authorization` header value of the token in memory, if it may be handed out
    /// now; `None` when one must be fetched first ([`authorize`](Self::authorize) does).
    /// A token due for refresh is still returned, and its refresh started in the
    /// background.
    #[inline]
    pub fn authorization(&self) -> Option<Authorization> {
        match &self.kind {
            Kind::Static(token) => token.authorization().ok(),
            Kind::Renewing(r) => r.authorization_now(),
        }
    }

    /// Drops `token` if it is still the current one, so that the next call to
    /// [`token`](Self::token) or [`authorize`](Self::authorize) fetches a new one. Used
    /// when the API answers 401.
    ///
    /// Returns whether `token` was dropped. When fifty requests with the same stale token
    /// all get 401, the first call drops it and the rest do nothing: one refresh.
    ///
    /// When new tokens keep being rejected soon after they were issued (an API that
    /// answers 401 whatever the token), the cache damps: `invalidate` keeps the token
    /// and returns `false`, and one new token is fetched per auth-failure backoff period
    /// (5 s doubling to 10 min), until a call succeeds. Generated clients report
    /// successes themselves; other clients call [`confirm`](Self::confirm).
    pub fn invalidate(&self, token: &impl TokenRef) -> bool {
        self.reject(token) == Rejection::Dropped
    }

    /// The API refused `token`: what the cache did about it.
    pub(crate) fn reject(&self, token: &impl TokenRef) -> Rejection {
        match &self.kind {
            Kind::Static(_) => Rejection::Kept,
            Kind::Renewing(r) => r.reject(token.token_id()),
        }
    }

    /// Tells the cache that a call with one of its tokens succeeded, which ends the
    /// damping of rejected tokens (see [`invalidate`](Self::invalidate)). One atomic
    /// load when there is nothing to end.
    #[inline]
    pub fn confirm(&self) {
        if let Kind::Renewing(r) = &self.kind {
            r.confirm();
        }
    }

    /// Whether a new token can be obtained when the API rejects this one. `false` for a
    /// [`StaticToken`], which only a person can replace.
    pub fn is_renewable(&self) -> bool {
        matches!(self.kind, Kind::Renewing(_))
    }

    /// The token in memory, without fetching (none yet, or dropped by
    /// [`invalidate`](Self::invalidate)). Mainly for tests and diagnostics.
    pub fn peek(&self) -> Option<AccessToken> {
        match &self.kind {
            Kind::Static(token) => token.current().ok(),
            Kind::Renewing(r) => r.peek(),
        }
    }
}
