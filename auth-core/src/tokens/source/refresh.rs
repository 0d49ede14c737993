//! The refresh-token life cycle shared by the password grant and customer logins.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use secrecy::SecretString;
use tokio::time::Instant;

use crate::error::Error;
use crate::tokens::response::TokenResponse;
use crate::tokens::store::TokenStore;

/// The most time ahead of a refresh token's expiry at which a source holding login
/// credentials logs in again instead of refreshing (less for short-lived refresh
/// tokens: a tenth of their lifetime).
const RELOGIN_AHEAD_MAX: Duration = Duration::from_secs(24 * 3600);

/// A refresh token and, when known, when it expires.
#[derive(Clone)]
struct Held {
    token: SecretString,
    expires_at: Option<Instant>,
    /// The lifetime it was issued with, for the re-login window.
    lifetime: Option<Duration>,
}

impl Held {
    /// Whether it expires soon enough that logging in again beats refreshing with it.
    fn due(&self, now: Instant) -> bool {
        let Some(expires_at) = self.expires_at else {
            return false;
        };
        let ahead = self
            .lifetime
            .map_or(RELOGIN_AHEAD_MAX, |l| (l / 10).min(RELOGIN_AHEAD_MAX));
        now + ahead >= expires_at
    }
}

/// Holds the current refresh token, in memory and (optionally) in a [`TokenStore`].
///
/// The owning [`TokenCache`](crate::TokenCache) never runs two fetches at once, so the
/// refresh token is read, used and replaced by one request at a time: a rotated token is
/// replaced before the next request can read it, and is never sent again.
pub(crate) struct RefreshSlot {
    token: Mutex<Option<Held>>,
    store: Option<(Arc<dyn TokenStore>, String)>,
    loaded: AtomicBool,
    /// The refresh token lifetime to assume when the provider does not say.
    lifetime: Option<Duration>,
}

impl RefreshSlot {
    pub(crate) fn new() -> Self {
        RefreshSlot {
            token: Mutex::new(None),
            store: None,
            loaded: AtomicBool::new(true),
            lifetime: None,
        }
    }

    pub(crate) fn set(&mut self, token: SecretString) {
        *self.token.get_mut().unwrap_or_else(|p| p.into_inner()) = Some(Held {
            token,
            expires_at: None,
            lifetime: None,
        });
    }

    /// The lifetime of refresh tokens whose answer does not state one.
    pub(crate) fn set_lifetime(&mut self, lifetime: Duration) {
        self.lifetime = Some(lifetime);
    }

    /// Keeps refresh tokens in `store` under `key`. A token found there on first use
    /// wins over one given with [`set`](Self::set): the stored one is the newer.
    pub(crate) fn set_store(&mut self, store: Arc<dyn TokenStore>, key: String) {
        self.store = Some((store, key));
        *self.loaded.get_mut() = false;
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<Held>> {
        crate::support::sync::lock(&self.token)
    }

    async fn current(&self) -> Result<Option<Held>, Error> {
        let shared = self
            .store
            .as_ref()
            .is_some_and(|(store, _)| store.is_shared());
        if shared || !self.loaded.load(Ordering::Acquire) {
            if let Some((store, key)) = &self.store
                && let Some((token, expires_at)) = store.load_with_expiry(key).await?
            {
                let expires_at = expires_at.map(|at| {
                    let left = at.duration_since(SystemTime::now()).unwrap_or_default();
                    Instant::now() + left
                });
                *self.lock() = Some(Held {
                    token,
                    expires_at,
                    lifetime: None,
                });
            }
            self.loaded.store(true, Ordering::Release);
        }
        Ok(self.lock().clone())
    }

    /// Installs a new refresh token: in memory first, so that it is used from now on
    /// whatever happens to the store, then in the store.
    async fn replace(&self, token: SecretString, lifetime: Option<Duration>) {
        let lifetime = lifetime.or(self.lifetime);
        let expires_at = lifetime.map(|l| Instant::now() + l);
        *self.lock() = Some(Held {
            token: token.clone(),
            expires_at,
            lifetime,
        });
        if let Some((store, key)) = &self.store {
            let at = lifetime.and_then(|l| SystemTime::now().checked_add(l));
            if let Err(e) = store.save_with_expiry(key, &token, at).await {
                tracing::warn!(
                    error = %e,
                    "could not save the new refresh token; it is kept in memory, but a \
                     restart will need a new login"
                );
            }
        }
    }

    async fn forget(&self) {
        *self.lock() = None;
        if let Some((store, key)) = &self.store
            && let Err(e) = store.remove(key).await
        {
            tracing::warn!(error = %e, "could not remove a rejected refresh token from the store");
        }
    }

    /// Keeps the refresh token of an accepted answer. An answer without one leaves the
    /// old one in place (the retail platform's documented behaviour); a new one replaces
    /// it (rotation). A rejected answer changes nothing: its refresh token, if any, is
    /// never stored.
    async fn keep(&self, outcome: Result<TokenResponse, Error>) -> Result<TokenResponse, Error> {
        let mut response = outcome?;
        if let Some(new) = response.refresh_token.take() {
            self.replace(new, response.refresh_token_expires_in).await;
        }
        Ok(response)
    }

    /// Obtains a token: with the refresh token when there is one, else (or when the
    /// provider rejects it with `invalid_grant`, or it is about to expire) with `login`,
    /// if the application gave credentials for it.
    pub(crate) async fn renew(
        &self,
        what: &'static str,
        login_grant: &'static str,
        login: Option<impl AsyncFnOnce() -> Result<TokenResponse, Error>>,
        refresh: impl AsyncFnOnce(SecretString) -> Result<TokenResponse, Error>,
    ) -> Result<TokenResponse, Error> {
        if let Some(held) = self.current().await? {
            let due = held.due(Instant::now());
            if due && login.is_some() {
                tracing::info!(
                    "{what}: the refresh token expires soon; logging in again ahead of it"
                );
            } else {
                if due {
                    tracing::warn!(
                        "{what}: the refresh token expires soon and no login credentials are \
                         configured; provide them (or a new refresh token) before it does"
                    );
                }
                super::record_grant("refresh_token");
                match self.keep(refresh(held.token).await).await {
                    Ok(response) => {
                        tracing::debug!(grant = "refresh_token", "{what}: token refreshed");
                        return Ok(response);
                    }
                    Err(Error::TokenEndpoint(e)) if e.is_invalid_grant() => {
                        self.forget().await;
                        if login.is_none() {
                            return Err(Error::ReauthenticationRequired {
                                reason: format!(
                                    "{what}: the provider rejected the refresh token (expired \
                                     or revoked) and no login credentials are configured; log \
                                     in again and provide the new credentials or refresh token"
                                ),
                                cause: Some(Box::new(Error::TokenEndpoint(e))),
                            });
                        }
                        tracing::info!(
                            "{what}: the provider rejected the refresh token (invalid_grant); \
                             logging in again"
                        );
                    }
                    Err(e) => return Err(e),
                }
            }
        }
        let Some(login) = login else {
            return Err(Error::ReauthenticationRequired {
                reason: format!(
                    "{what}: there is no refresh token and no login credentials are \
                     configured; provide credentials or a refresh token"
                ),
                cause: None,
            });
        };
        super::record_grant(login_grant);
        let response = self.keep(login().await).await?;
        tracing::debug!("{what}: logged in");
        Ok(response)
    }
}
