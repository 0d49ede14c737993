//! The refresh-token life cycle shared by the password grant and customer logins.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use secrecy::SecretString;

use crate::store::TokenStore;
use crate::{Error, TokenResponse};

/// What one grant request produced: the parsed response, plus a refresh token rescued from
/// a response that was otherwise unusable.
pub(crate) type GrantOutcome = (Result<TokenResponse, Error>, Option<SecretString>);

/// Holds the current refresh token, in memory and (optionally) in a [`TokenStore`].
///
/// The owning [`TokenCache`](crate::TokenCache) never runs two fetches at once, so the
/// refresh token is read, used and replaced by one request at a time: a rotated token is
/// replaced before the next request can read it, and is never sent again.
pub(crate) struct RefreshSlot {
    token: Mutex<Option<SecretString>>,
    store: Option<(Arc<dyn TokenStore>, String)>,
    loaded: AtomicBool,
}

impl RefreshSlot {
    pub(crate) fn new() -> Self {
        RefreshSlot {
            token: Mutex::new(None),
            store: None,
            loaded: AtomicBool::new(true),
        }
    }

    pub(crate) fn set(&mut self, token: SecretString) {
        *self.token.get_mut().unwrap_or_else(|p| p.into_inner()) = Some(token);
    }

    /// Keeps refresh tokens in `store` under `key`. A token found there on first use
    /// wins over one given with [`set`](Self::set): the stored one is the newer.
    pub(crate) fn set_store(&mut self, store: Arc<dyn TokenStore>, key: String) {
        self.store = Some((store, key));
        *self.loaded.get_mut() = false;
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<SecretString>> {
        crate::sync::lock(&self.token)
    }

    async fn current(&self) -> Result<Option<SecretString>, Error> {
        let shared = self
            .store
            .as_ref()
            .is_some_and(|(store, _)| store.is_shared());
        if shared || !self.loaded.load(Ordering::Acquire) {
            if let Some((store, key)) = &self.store
                && let Some(saved) = store.load(key).await?
            {
                *self.lock() = Some(saved);
            }
            self.loaded.store(true, Ordering::Release);
        }
        Ok(self.lock().clone())
    }

    /// Installs a new refresh token: in memory first, so that it is used from now on
    /// whatever happens to the store, then in the store.
    async fn replace(&self, token: SecretString) {
        *self.lock() = Some(token.clone());
        if let Some((store, key)) = &self.store
            && let Err(e) = store.save(key, &token).await
        {
            tracing::warn!(
                error = %e,
                "could not save the new refresh token; it is kept in memory, but a restart \
                 will need a new login"
            );
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

    async fn keep(&self, outcome: GrantOutcome) -> Result<TokenResponse, Error> {
        match outcome {
            (Ok(mut response), _) => {
                // No refresh_token in the answer: the old one stays valid (the retail
                // platform's documented behaviour). A new one replaces it (rotation).
                if let Some(new) = response.refresh_token.take() {
                    self.replace(new).await;
                }
                Ok(response)
            }
            (Err(e), rescued) => {
                if let Some(new) = rescued {
                    self.replace(new).await;
                }
                Err(e)
            }
        }
    }

    /// Obtains a token: with the refresh token when there is one, else (or when the
    /// provider rejects it with `invalid_grant`) with `login`, if the application gave
    /// credentials for it.
    pub(crate) async fn renew(
        &self,
        what: &'static str,
        login: Option<impl AsyncFnOnce() -> GrantOutcome>,
        refresh: impl AsyncFnOnce(SecretString) -> GrantOutcome,
    ) -> Result<TokenResponse, Error> {
        if let Some(token) = self.current().await? {
            match self.keep(refresh(token).await).await {
                Ok(response) => {
                    tracing::debug!(grant = "refresh_token", "{what}: token refreshed");
                    return Ok(response);
                }
                Err(Error::TokenEndpoint(e)) if e.is_invalid_grant() => {
                    self.forget().await;
                    if login.is_none() {
                        return Err(Error::ReauthenticationRequired {
                            reason: format!(
                                "{what}: the provider rejected the refresh token (expired or \
                                 revoked) and no login credentials are configured; log in \
                                 again and provide the new credentials or refresh token"
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
        let Some(login) = login else {
            return Err(Error::ReauthenticationRequired {
                reason: format!(
                    "{what}: there is no refresh token and no login credentials are \
                     configured; provide credentials or a refresh token"
                ),
                cause: None,
            });
        };
        let response = self.keep(login().await).await?;
        tracing::debug!("{what}: logged in");
        Ok(response)
    }
}
