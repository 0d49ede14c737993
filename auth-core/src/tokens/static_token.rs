//! Portal-issued API tokens: created by a person, sent as they are, replaced by hand.

use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, SystemTime};

use arc_swap::ArcSwap;
use secrecy::SecretString;

use crate::error::Error;
use crate::support::time::fmt_system_time;
use crate::tokens::authorization::Authorization;
use crate::tokens::thread_copies::ThreadCopies;
use crate::tokens::token::AccessToken;

/// How long before a static token's expiry a warning is logged.
pub const EXPIRY_WARNING: Duration = Duration::from_secs(7 * 24 * 3600);

/// A token created in a provider's portal (a merchant API token, a seller portal's
/// personal or service token), with an optional expiry date.
///
/// - Past its expiry, every use fails locally with [`Error::TokenExpired`], naming the
///   time, before any request is sent.
/// - Within seven days of expiry, the first use logs a `tracing` warning.
/// - [`rotate`](Self::rotate) replaces the token for every cache and client built from a
///   clone of this handle, without rebuilding them.
///
/// Such a token is not fetched, so it is not a [`TokenSource`](crate::TokenSource):
/// [`TokenCache::from`](crate::TokenCache) reads it straight from memory on every call.
///
/// ```
/// use std::time::{Duration, SystemTime};
/// use auth_core::{StaticToken, TokenCache};
///
/// let token = StaticToken::new("mrc_live_abc123")?
///     .expires_at(SystemTime::now() + Duration::from_secs(90 * 24 * 3600));
/// let cache = TokenCache::from(token.clone());
///
/// // Ninety days later, a new token from the portal:
/// token.rotate("mrc_live_def456", None)?;
/// # Ok::<(), auth_core::Error>(())
/// ```
#[derive(Clone)]
pub struct StaticToken {
    slot: Arc<ArcSwap<Entry>>,
    /// Each thread's copy of the header, made stale by every store to `slot`.
    copies: Arc<ThreadCopies>,
}

struct Entry {
    token: AccessToken,
    expires_at: Option<SystemTime>,
    warned: AtomicBool,
}

impl Entry {
    fn new(token: SecretString, expires_at: Option<SystemTime>) -> Result<Self, Error> {
        let token = AccessToken::new(token, None, None)?;
        Ok(Entry {
            token,
            expires_at,
            warned: AtomicBool::new(false),
        })
    }
}

impl StaticToken {
    /// A token without a known expiry. Fails if the token cannot be sent in a header.
    pub fn new(token: impl Into<SecretString>) -> Result<Self, Error> {
        Ok(StaticToken {
            slot: Arc::new(ArcSwap::from_pointee(Entry::new(token.into(), None)?)),
            copies: ThreadCopies::new(),
        })
    }

    /// HTTP basic credentials (a user and a password, or Jira's email and API token), for
    /// clients whose API sends them (`#[api(auth = basic)]`): sent as
    /// `Authorization: Basic base64(user:password)`, redacted like a token, the password
    /// also where a server quotes it decoded. Fails if the user contains `:`.
    ///
    /// ```
    /// use auth_core::{Scoped, StaticToken};
    ///
    /// let credentials = StaticToken::basic("me@example.com", "api-token-from-the-portal")?;
    /// let token = Scoped::unscoped(credentials);
    /// # Ok::<(), auth_core::Error>(())
    /// ```
    pub fn basic(user: &str, password: impl Into<SecretString>) -> Result<Self, Error> {
        use base64::Engine as _;
        use secrecy::ExposeSecret as _;
        if user.contains(':') {
            return Err(Error::config(
                "a basic-credentials user cannot contain `:` (RFC 7617); check the user name",
            ));
        }
        let password = password.into();
        let pair = format!("{user}:{}", password.expose_secret());
        let encoded = base64::engine::general_purpose::STANDARD.encode(pair.as_bytes());
        Self::new(encoded)
    }

    /// Sets the expiry date chosen when the token was created.
    pub fn expires_at(self, at: SystemTime) -> Self {
        let current = self.slot.load();
        self.slot.store(Arc::new(Entry {
            token: current.token.clone(),
            expires_at: Some(at),
            warned: AtomicBool::new(false),
        }));
        drop(current);
        self.copies.changed();
        self
    }

    /// Replaces the token (and its expiry) for every cache and client sharing this handle.
    /// Requests already sent keep the old token; the next ones use the new one.
    pub fn rotate(
        &self,
        token: impl Into<SecretString>,
        expires_at: Option<SystemTime>,
    ) -> Result<(), Error> {
        self.slot
            .store(Arc::new(Entry::new(token.into(), expires_at)?));
        self.copies.changed();
        tracing::info!(
            expires_at = expires_at.map(fmt_system_time),
            "API token rotated"
        );
        Ok(())
    }

    /// The token's expiry date, if one was set.
    pub fn expiry(&self) -> Option<SystemTime> {
        self.slot.load().expires_at
    }

    /// The current token, or [`Error::TokenExpired`] past its expiry date.
    pub(crate) fn current(&self) -> Result<AccessToken, Error> {
        let entry = self.slot.load();
        Self::check(&entry)?;
        Ok(entry.token.clone())
    }

    /// The current token's header (this thread's copy), or [`Error::TokenExpired`].
    pub(crate) fn authorization(&self) -> Result<Authorization, Error> {
        // The version before the entry (see `ThreadCopies`).
        let version = self.copies.version();
        let entry = self.slot.load();
        Self::check(&entry)?;
        Ok(match self.copies.get(version) {
            Some(authorization) => authorization,
            None => self
                .copies
                .keep(version, entry.token.header_value(), entry.token.id()),
        })
    }

    fn check(entry: &Entry) -> Result<(), Error> {
        if let Some(expires_at) = entry.expires_at {
            let now = SystemTime::now();
            match expires_at.duration_since(now) {
                Err(_) | Ok(Duration::ZERO) => {
                    return Err(Error::TokenExpired {
                        expired_at: expires_at,
                    });
                }
                Ok(left) if left < EXPIRY_WARNING => {
                    // One warning per token, and no shared write on the hot path after it.
                    if !entry.warned.load(Ordering::Relaxed)
                        && !entry.warned.swap(true, Ordering::Relaxed)
                    {
                        tracing::warn!(
                            expires_at = %fmt_system_time(expires_at),
                            days_left = left.as_secs().div_ceil(86_400),
                            "the API token expires soon; create a new token in the provider's \
                             portal and install it with StaticToken::rotate"
                        );
                    }
                }
                Ok(_) => {}
            }
        }
        Ok(())
    }
}

impl fmt::Debug for StaticToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StaticToken")
            .field("token", &"[redacted]")
            .field("expires_at", &self.expiry().map(fmt_system_time))
            .finish()
    }
}
