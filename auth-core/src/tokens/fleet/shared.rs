//! [`SharedSource`]: the lease, the published token, and what a fetch waits for.

use std::fmt;
use std::hash::{Hash, Hasher};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU8, Ordering};
use std::time::{Duration, SystemTime};

use async_trait::async_trait;
use secrecy::ExposeSecret;
use serde::{Deserialize, Serialize};

use super::{RedisFleet, unix_ms};
use crate::error::Error;
use crate::scopes::granted::GrantedScopes;
use crate::tokens::cache::CacheConfig;
use crate::tokens::source::TokenSource;
use crate::tokens::token::{Obtained, Token};

/// The Redis keys of one credential: its published token and its lease.
struct Keys {
    token: String,
    lease: String,
}

impl Keys {
    fn new(key: &str) -> Self {
        Keys {
            token: format!("auth-core:{key}:token"),
            lease: format!("auth-core:{key}:lease"),
        }
    }
}

/// A token as published in Redis.
#[derive(Serialize, Deserialize)]
struct Published {
    access_token: String,
    /// Unix milliseconds.
    issued_at: u64,
    /// Unix milliseconds; absent when the provider gave no lifetime.
    expires_at: Option<u64>,
    scopes: Option<Vec<String>>,
}

impl Published {
    /// Whether another instance may use it instead of fetching: not yet due for refresh
    /// by the caches' own rule ([`CacheConfig`]), at its earliest (the most jitter).
    fn is_fresh(&self, now: u64, config: &CacheConfig) -> bool {
        let Some(expires_at) = self.expires_at else {
            return true;
        };
        let lifetime = Duration::from_millis(expires_at.saturating_sub(self.issued_at));
        let ahead = u64::try_from(config.earliest_lead(lifetime).as_millis()).unwrap_or(u64::MAX);
        now.saturating_add(ahead) < expires_at
    }

    /// The token, aged from its stored issue time: its life is what the provider gave
    /// it, counted from when the instance that fetched it asked, not from now.
    fn into_token(self, now: u64) -> Token {
        let mut token = Token::bearer(self.access_token);
        if let Some(expires_at) = self.expires_at {
            token = token.with_expires_in(Duration::from_millis(
                expires_at.saturating_sub(self.issued_at),
            ));
        }
        if let Some(scopes) = self.scopes {
            token = token.with_scopes(GrantedScopes::new(scopes));
        }
        let age = Duration::from_millis(now.saturating_sub(self.issued_at));
        let here = tokio::time::Instant::now();
        token.obtained = Some(Obtained {
            issued_at: here.checked_sub(age).unwrap_or(here),
            latency: None,
        });
        token
    }
}

fn fingerprint(token: &str) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    token.hash(&mut h);
    h.finish()
}

/// Deletes the lease only if it is still ours.
const RELEASE: &str = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

/// Extends the lease only if it is still ours (ARGV[2]: milliseconds).
const RENEW: &str = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end";

/// A [`TokenSource`] whose tokens are shared by every instance using the same Redis key:
/// see the [module documentation](super).
pub struct SharedSource<S> {
    inner: S,
    fleet: RedisFleet,
    keys: Keys,
    /// A fingerprint of the last token this instance handed out: when its cache asks
    /// again early (the API answered 401), that token must not come back from Redis.
    last_handed_out: Mutex<Option<u64>>,
    /// The refresh rule of the caches that use this source: a published token due for
    /// refresh by it is not taken.
    schedule: CacheConfig,
    /// What the running fetch is waiting for, for the cache's timeout error.
    phase: AtomicU8,
}

/// [`SharedSource::phase`]: Redis, another instance's token, or the provider.
const ON_REDIS: u8 = 0;
const ON_HOLDER: u8 = 1;
const ON_ENDPOINT: u8 = 2;

impl<S> SharedSource<S> {
    /// A source sharing `inner`'s tokens through `fleet` under `key`.
    pub(super) fn new(fleet: RedisFleet, key: &str, inner: S) -> Self {
        SharedSource {
            inner,
            fleet,
            keys: Keys::new(key),
            last_handed_out: Mutex::new(None),
            schedule: CacheConfig::default(),
            phase: AtomicU8::new(ON_REDIS),
        }
    }

    /// The [`CacheConfig`] of the [`TokenCache`](crate::TokenCache)s this source feeds
    /// (default: `CacheConfig::default()`), so that a token published by another instance
    /// is taken only while these caches would not refresh it yet.
    ///
    /// ```no_run
    /// # fn demo(fleet: auth_core::RedisFleet, source: auth_core::ClientCredentials) {
    /// use std::time::Duration;
    /// use auth_core::{CacheConfig, TokenCache};
    ///
    /// let config = CacheConfig::default().refresh_ahead(Duration::from_secs(120));
    /// let cache = TokenCache::with_config(
    ///     fleet.shared("orders", source).cache_config(&config),
    ///     config,
    /// );
    /// # }
    /// ```
    pub fn cache_config(mut self, config: &CacheConfig) -> Self {
        self.schedule = config.clone();
        self
    }
}

impl<S> fmt::Debug for SharedSource<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SharedSource")
            .field("key", &self.keys.token)
            .finish_non_exhaustive()
    }
}

impl<S: TokenSource> SharedSource<S> {
    fn lock_last(&self) -> std::sync::MutexGuard<'_, Option<u64>> {
        crate::support::sync::lock(&self.last_handed_out)
    }

    /// A published token another instance fetched, if it may be used.
    async fn published(&self) -> Result<Option<Token>, ()> {
        let raw: Option<String> = self
            .fleet
            .query(redis::cmd("GET").arg(&self.keys.token), "reading a token")
            .await
            .ok_or(())?;
        let Some(raw) = raw else { return Ok(None) };
        let Ok(published) = serde_json::from_str::<Published>(&raw) else {
            tracing::warn!(key = %self.keys.token, "ignoring an unreadable token in Redis");
            return Ok(None);
        };
        let now = unix_ms(SystemTime::now());
        let same_as_before = *self.lock_last() == Some(fingerprint(&published.access_token));
        if !published.is_fresh(now, &self.schedule) || same_as_before {
            return Ok(None);
        }
        *self.lock_last() = Some(fingerprint(&published.access_token));
        Ok(Some(published.into_token(now)))
    }

    async fn publish(&self, token: &Token, requested_at: SystemTime) {
        let issued_at = unix_ms(requested_at);
        let published = Published {
            access_token: token.access_token.expose_secret().to_owned(),
            issued_at,
            expires_at: token
                .expires_in
                .map(|d| issued_at + u64::try_from(d.as_millis()).unwrap_or(u64::MAX)),
            scopes: token
                .scopes
                .as_ref()
                .map(|s| s.iter().map(str::to_owned).collect()),
        };
        let Ok(json) = serde_json::to_string(&published) else {
            return;
        };
        let mut cmd = redis::cmd("SET");
        cmd.arg(&self.keys.token).arg(json);
        if let Some(expires_at) = published.expires_at {
            // Gone from Redis when it expires.
            cmd.arg("PX")
                .arg(expires_at.saturating_sub(unix_ms(SystemTime::now())).max(1));
        }
        self.fleet.query::<()>(&cmd, "publishing a token").await;
    }

    /// `SET lease fence NX PX`: `Some(Some(_))` when this instance holds the lease,
    /// `Some(None)` when another does, `None` when Redis did not answer. A lease found
    /// taken by a second `SET` may be this instance's own (the first ran, but its answer
    /// was lost with a closed connection: `RedisFleet::query`): the fencing value tells.
    async fn take_lease(&self, take: &redis::Cmd, fence: &str) -> Option<Option<String>> {
        match self
            .fleet
            .query_again::<Option<String>>(take, "taking the lease")
            .await?
        {
            (Some(ok), _) => Some(Some(ok)),
            (None, false) => Some(None),
            (None, true) => {
                let holder: Option<String> = self
                    .fleet
                    .query(redis::cmd("GET").arg(&self.keys.lease), "reading the lease")
                    .await?;
                Some((holder.as_deref() == Some(fence)).then(|| "OK".to_owned()))
            }
        }
    }

    /// Fetches from the provider on this instance's own, timed so that the token's life
    /// and the provider's latency count from the request, not from whatever waiting came
    /// before it.
    async fn fetch_alone(&self) -> Result<Token, Error> {
        self.phase.store(ON_ENDPOINT, Ordering::Relaxed);
        let issued_at = tokio::time::Instant::now();
        let mut token = self.inner.fetch().await?;
        token.obtained.get_or_insert(Obtained {
            issued_at,
            latency: Some(issued_at.elapsed()),
        });
        Ok(token)
    }

    /// Fetches from the provider as the lease holder (renewing the lease meanwhile),
    /// publishes, releases.
    async fn fetch_as_holder(&self, fence: &str) -> Result<Token, Error> {
        let requested_at = SystemTime::now();
        let result = {
            let fetch = self.fetch_alone();
            tokio::pin!(fetch);
            let every = self.fleet.settings.lease / 3;
            loop {
                tokio::select! {
                    result = &mut fetch => break result,
                    () = tokio::time::sleep(every) => self.renew(fence).await,
                }
            }
        };
        if let Ok(token) = &result {
            self.publish(token, requested_at).await;
            *self.lock_last() = Some(fingerprint(token.access_token.expose_secret()));
        }
        // The inner source has already saved a rotated refresh token: only now may
        // another instance take the lease.
        self.release(fence).await;
        result
    }

    /// Keeps the lease while its holder is alive: a holder that dies stops renewing it.
    async fn renew(&self, fence: &str) {
        let lease = u64::try_from(self.fleet.settings.lease.as_millis()).unwrap_or(u64::MAX);
        let script = redis::Script::new(RENEW);
        let mut renew = script.key(&self.keys.lease);
        renew.arg(fence).arg(lease);
        if self.fleet.invoke::<i64>(&renew, "renewing the lease").await == Some(0) {
            tracing::debug!(key = %self.keys.token, "the lease expired while fetching");
        }
    }

    /// Deletes the lease if it is still ours; whether Redis answered.
    async fn release(&self, fence: &str) -> bool {
        let script = redis::Script::new(RELEASE);
        let mut release = script.key(&self.keys.lease);
        release.arg(fence);
        self.fleet
            .invoke::<i64>(&release, "releasing the lease")
            .await
            .is_some()
    }

    /// After a lease command got no answer: Redis may still have run it, leaving a lease
    /// that no instance knows it holds. It is removed (compare-and-delete on `fence`,
    /// which only this instance has) as soon as Redis answers, within the lease time.
    fn release_orphan(&self, fence: String) {
        let (fleet, lease) = (self.fleet.clone(), self.keys.lease.clone());
        let until = tokio::time::Instant::now() + fleet.settings.lease;
        tokio::spawn(async move {
            while tokio::time::Instant::now() < until {
                let script = redis::Script::new(RELEASE);
                let mut release = script.key(&lease);
                release.arg(&fence);
                if fleet
                    .invoke::<i64>(&release, "removing a lease")
                    .await
                    .is_some()
                {
                    return;
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        });
    }
}

#[async_trait]
impl<S: TokenSource> TokenSource for SharedSource<S> {
    fn kind(&self) -> &'static str {
        self.inner.kind()
    }

    fn waiting_for(&self) -> String {
        match self.phase.load(Ordering::Relaxed) {
            ON_HOLDER => format!(
                "the token of the instance holding the lease `{}` on Redis",
                self.keys.lease
            ),
            ON_ENDPOINT => self.inner.waiting_for(),
            _ => "Redis".to_owned(),
        }
    }

    async fn available(&self) -> Option<Token> {
        self.published().await.ok().flatten()
    }

    fn shares_tokens(&self) -> bool {
        true
    }

    async fn fetch(&self) -> Result<Token, Error> {
        self.phase.store(ON_REDIS, Ordering::Relaxed);
        let settings = self.fleet.settings.clone();
        let fence = format!("{}-{:016x}", std::process::id(), fastrand::u64(..));
        let started = tokio::time::Instant::now();
        loop {
            match self.published().await {
                Ok(Some(token)) => {
                    tracing::debug!(key = %self.keys.token, "using the token another instance fetched");
                    return Ok(token);
                }
                Ok(None) => {}
                // Redis is down: fetch on our own.
                Err(()) => return self.fetch_alone().await,
            }
            let mut take = redis::cmd("SET");
            take.arg(&self.keys.lease)
                .arg(&fence)
                .arg("NX")
                .arg("PX")
                .arg(u64::try_from(settings.lease.as_millis()).unwrap_or(u64::MAX));
            match self.take_lease(&take, &fence).await {
                None => {
                    self.release_orphan(fence);
                    return self.fetch_alone().await;
                }
                Some(Some(_)) => {
                    // Someone may have published between our look and the lease.
                    if let Ok(Some(token)) = self.published().await {
                        self.release(&fence).await;
                        return Ok(token);
                    }
                    tracing::debug!(key = %self.keys.token, "holding the lease: fetching for the fleet");
                    return self.fetch_as_holder(&fence).await;
                }
                Some(None) => {
                    // Another instance holds the lease: wait for its token, bounded.
                    if started.elapsed() > settings.wait {
                        tracing::warn!(
                            key = %self.keys.token,
                            waited = ?started.elapsed(),
                            "no token from the lease holder in time; fetching without it"
                        );
                        return self.fetch_alone().await;
                    }
                    self.phase.store(ON_HOLDER, Ordering::Relaxed);
                    let jitter = crate::support::backoff::random_up_to(settings.poll / 2);
                    tokio::time::sleep(settings.poll + jitter).await;
                }
            }
        }
    }
}
