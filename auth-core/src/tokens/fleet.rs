//! Fleet-wide tokens on Redis (feature `redis`): one token request per expiry across
//! every instance of an application, and refresh tokens that rotate without two
//! instances ever sending the same one.
//!
//! Each instance keeps its own [`TokenCache`](crate::TokenCache) (reads stay local: no
//! network hop on the hot path). What goes through Redis is the moment a new token is
//! needed:
//!
//! 1. the instance looks for a token another instance published that is not yet due for
//!    refresh, and takes it;
//! 2. else it takes a lease (`SET … NX PX` with a fencing value), fetches from the
//!    provider, publishes the token, and releases the lease (compare-and-delete);
//! 3. instances that find the lease taken poll for the published token; the holder
//!    renews its lease while it fetches, so a lease outlives its holder by at most the
//!    lease time (5 s by default), after which another instance takes over.
//!
//! The timeouts, chosen together (the defaults, and what each bounds):
//!
//! | setting | default | bounds |
//! |---|---|---|
//! | Redis command | 500 ms | one Redis command; a slower Redis counts as unavailable for that fetch, which then goes to the provider alone |
//! | [`RedisFleet::lease`] | 5 s | how long a lease outlives a holder that died (renewed every third of it while the holder lives) |
//! | [`RedisFleet::max_wait`] | 20 s | how long an instance waits behind a live but slow holder before fetching alone |
//! | [`CacheConfig::fetch_timeout`](crate::CacheConfig::fetch_timeout) | 30 s | the whole fetch, waiting included: larger than the two above, so it is the provider that times out, not the wait |
//!
//! A lease command that times out on the client may still run on Redis: the instance
//! then removes the lease (compare-and-delete on its own fencing value) as soon as Redis
//! answers again, so no lease is left that nobody holds.
//!
//! A token's lifetime counts from when it was requested from the provider, also when it
//! is read from Redis (from the issue time stored with it), never from when the instance
//! started waiting; time spent waiting for a lease or on a slow Redis is not counted as
//! the provider's latency.
//!
//! With [`RedisFleet::refresh_store`], refresh tokens live in Redis: the lease holder
//! reads the latest one, and a rotated one is written (to Redis and to memory) before the
//! lease is released, so no instance sends an old one.
//!
//! When Redis is unavailable, each instance falls back to fetching on its own, with a
//! warning, and goes back to sharing when Redis returns. A refresh token received during
//! the outage is kept in memory and is preferred over an older one in Redis.
//!
//! Tokens are stored as JSON in plain text under `auth-core:{key}:…`: protect Redis as
//! you protect the credentials (network, ACLs, TLS). Nothing here logs a token.
//!
//! ```no_run
//! # async fn demo() -> Result<(), auth_core::Error> {
//! use auth_core::{PasswordGrant, RedisFleet, TokenCache};
//!
//! let fleet = RedisFleet::new("redis://127.0.0.1:6379")?;
//! let source = PasswordGrant::new("https://auth.retail.example/oauth/token", "id", "secret")?
//!     .login("api@merchant.example", "password")
//!     .param("tenantId", "merchant-42")
//!     .store(fleet.refresh_store("retail:merchant-42"));
//! let cache = TokenCache::new(fleet.shared("retail:merchant-42", source));
//! let token = cache.token().await?;
//! # Ok(()) }
//! ```

use std::collections::HashMap;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use async_trait::async_trait;
use redis::aio::ConnectionManager;
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::error::StoreError;
use crate::scopes::granted::GrantedScopes;
use crate::tokens::cache::CacheConfig;
use crate::tokens::source::TokenSource;
use crate::tokens::store::TokenStore;
use crate::tokens::token::{Obtained, Token};

/// A Redis connection shared by an application's token caches and refresh-token stores.
/// Cheap to clone.
#[derive(Clone)]
pub struct RedisFleet {
    conn: ConnectionManager,
    settings: FleetSettings,
    /// Whether Redis is taken as down, for logging an outage once and its end once.
    health: Arc<Mutex<Health>>,
}

/// Outage logging with hysteresis: down at the first failure, up again only after
/// [`Health::UP_AFTER`] successes in a row, so that a Redis at the edge of the command
/// timeout (some commands in time, some not) logs one outage, not one line per flip.
#[derive(Debug, Default)]
struct Health {
    down: bool,
    successes: u32,
}

impl Health {
    const UP_AFTER: u32 = 5;

    /// Records a success; whether Redis just came back.
    fn success(&mut self) -> bool {
        if !self.down {
            return false;
        }
        self.successes += 1;
        if self.successes >= Self::UP_AFTER {
            *self = Health::default();
            return true;
        }
        false
    }

    /// Records a failure; whether Redis just went.
    fn failure(&mut self) -> bool {
        self.successes = 0;
        !std::mem::replace(&mut self.down, true)
    }
}

#[derive(Debug, Clone)]
struct FleetSettings {
    lease: Duration,
    poll: Duration,
    wait: Duration,
}

impl fmt::Debug for RedisFleet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RedisFleet")
            .field("settings", &self.settings)
            .finish_non_exhaustive()
    }
}

/// Redis answers quickly or is treated as unavailable.
const REDIS_TIMEOUT: Duration = Duration::from_millis(500);

impl RedisFleet {
    /// A fleet on the Redis at `url` (`redis://host:port/db`, `rediss://` for TLS). The
    /// connection is made on first use and remade after failures, so this succeeds even
    /// while Redis is down.
    pub fn new(url: &str) -> Result<Self, Error> {
        let client = redis::Client::open(url)
            .map_err(|e| Error::config(format!("the Redis URL is not valid: {e}")))?;
        let config = redis::aio::ConnectionManagerConfig::new()
            .set_connection_timeout(Some(REDIS_TIMEOUT))
            .set_response_timeout(Some(REDIS_TIMEOUT))
            .set_number_of_retries(1)
            .set_max_delay(Duration::from_secs(1));
        let conn = ConnectionManager::new_lazy_with_config(client, config)
            .map_err(|e| Error::config(format!("cannot set up the Redis connection: {e}")))?;
        Ok(RedisFleet {
            conn,
            settings: FleetSettings {
                lease: Duration::from_secs(5),
                poll: Duration::from_millis(25),
                wait: Duration::from_secs(20),
            },
            health: Arc::new(Mutex::new(Health::default())),
        })
    }

    /// How long a lease outlives a holder that died mid-refresh before another instance
    /// takes over (default 5 s). A live holder renews its lease every third of this
    /// while it fetches, however long the provider takes.
    pub fn lease(mut self, lease: Duration) -> Self {
        self.settings.lease = lease.max(Duration::from_millis(30));
        self
    }

    /// How long an instance waits for the token of a live but slow lease holder before
    /// it fetches on its own (default 20 s). Keep it below the caches'
    /// [`fetch_timeout`](crate::CacheConfig::fetch_timeout) (30 s by default), so that a
    /// slow holder costs a wait, not a timeout.
    pub fn max_wait(mut self, wait: Duration) -> Self {
        self.settings.wait = wait;
        self
    }

    /// How often an instance waiting for another's token looks for it (default 25 ms).
    pub fn poll_interval(mut self, poll: Duration) -> Self {
        self.settings.poll = poll;
        self
    }

    /// A token source that shares `inner`'s tokens through Redis under `key` (one key
    /// per credential, e.g. `"retail:merchant-42"`).
    pub fn shared<S: TokenSource>(&self, key: &str, inner: S) -> SharedSource<S> {
        SharedSource {
            inner,
            fleet: self.clone(),
            keys: Keys::new(key),
            last_handed_out: Mutex::new(None),
            schedule: CacheConfig::default(),
            phase: AtomicU8::new(ON_REDIS),
        }
    }

    /// A refresh-token store in Redis under `key`, with a copy in memory.
    pub fn refresh_store(&self, key: &str) -> RedisStore {
        RedisStore {
            fleet: self.clone(),
            prefix: format!("auth-core:{key}"),
            local: Arc::new(Mutex::new(HashMap::new())),
            retrying: Arc::new(Mutex::new(std::collections::HashSet::new())),
        }
    }

    fn conn(&self) -> ConnectionManager {
        self.conn.clone()
    }

    /// Records the outcome of a Redis operation: one warning when an outage begins, one
    /// line when it ends ([`Health`]).
    fn observe<T>(&self, result: redis::RedisResult<T>, doing: &str) -> Option<T> {
        let mut health = crate::support::sync::lock(&self.health);
        match result {
            Ok(value) => {
                if health.success() {
                    tracing::info!("Redis is reachable again; tokens are shared across the fleet");
                }
                Some(value)
            }
            Err(e) => {
                if health.failure() {
                    tracing::warn!(
                        error = %e,
                        "Redis is unavailable ({doing}); each instance fetches its own tokens until it returns"
                    );
                } else {
                    tracing::debug!(error = %e, "Redis did not answer ({doing})");
                }
                None
            }
        }
    }
}

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

fn unix_ms(t: SystemTime) -> u64 {
    u64::try_from(
        t.duration_since(SystemTime::UNIX_EPOCH)
            .unwrap_or_default()
            .as_millis(),
    )
    .unwrap_or(u64::MAX)
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
/// see the [module documentation](self).
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
        let mut conn = self.fleet.conn();
        let raw: Option<String> = self
            .fleet
            .observe(
                redis::cmd("GET")
                    .arg(&self.keys.token)
                    .query_async(&mut conn)
                    .await,
                "reading a token",
            )
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
        let mut conn = self.fleet.conn();
        self.fleet
            .observe(cmd.query_async::<()>(&mut conn).await, "publishing a token");
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
        let mut conn = self.fleet.conn();
        let lease = u64::try_from(self.fleet.settings.lease.as_millis()).unwrap_or(u64::MAX);
        let renewed = redis::Script::new(RENEW)
            .key(&self.keys.lease)
            .arg(fence)
            .arg(lease)
            .invoke_async::<i64>(&mut conn)
            .await;
        if self.fleet.observe(renewed, "renewing the lease") == Some(0) {
            tracing::debug!(key = %self.keys.token, "the lease expired while fetching");
        }
    }

    /// Deletes the lease if it is still ours; whether Redis answered.
    async fn release(&self, fence: &str) -> bool {
        let mut conn = self.fleet.conn();
        let released = redis::Script::new(RELEASE)
            .key(&self.keys.lease)
            .arg(fence)
            .invoke_async::<i64>(&mut conn)
            .await;
        self.fleet
            .observe(released, "releasing the lease")
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
                let mut conn = fleet.conn();
                let released = redis::Script::new(RELEASE)
                    .key(&lease)
                    .arg(&fence)
                    .invoke_async::<i64>(&mut conn)
                    .await;
                if fleet.observe(released, "removing a lease").is_some() {
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
            let mut conn = self.fleet.conn();
            let acquired: redis::RedisResult<Option<String>> = redis::cmd("SET")
                .arg(&self.keys.lease)
                .arg(&fence)
                .arg("NX")
                .arg("PX")
                .arg(u64::try_from(settings.lease.as_millis()).unwrap_or(u64::MAX))
                .query_async(&mut conn)
                .await;
            match self.fleet.observe(acquired, "taking the lease") {
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

/// A refresh-token store in Redis, with a copy in memory: see
/// [`RedisFleet::refresh_store`]. Reads take the newer of the two, so a token rotated
/// while Redis was down is not lost.
#[derive(Clone)]
pub struct RedisStore {
    fleet: RedisFleet,
    prefix: String,
    local: Arc<Mutex<HashMap<String, Stored>>>,
    /// Keys whose latest token is waiting for Redis to return.
    retrying: Arc<Mutex<std::collections::HashSet<String>>>,
}

impl fmt::Debug for RedisStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RedisStore")
            .field("prefix", &self.prefix)
            .finish_non_exhaustive()
    }
}

#[derive(Clone, Serialize, Deserialize)]
struct Stored {
    refresh_token: String,
    /// Unix milliseconds.
    saved_at: u64,
}

impl RedisStore {
    fn redis_key(&self, key: &str) -> String {
        format!("{}:refresh:{key}", self.prefix)
    }

    /// Writes the latest token of `key` to Redis once it is back, so that the instance
    /// that refreshes next does not send the token this one rotated away.
    fn retry_until_written(&self, key: &str) {
        let newly = crate::support::sync::lock(&self.retrying).insert(key.to_owned());
        if !newly || tokio::runtime::Handle::try_current().is_err() {
            return;
        }
        let (store, key) = (self.clone(), key.to_owned());
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(Duration::from_millis(500)).await;
                let latest = store.local().get(&key).cloned();
                let Some(latest) = latest else { break };
                if store.write_remote_if_newer(&key, &latest).await {
                    tracing::info!("refresh token written to Redis after the outage");
                    break;
                }
            }
            crate::support::sync::lock(&store.retrying).remove(&key);
        });
    }

    /// Writes to Redis unless Redis holds a token saved later (by another instance after
    /// the outage); whether Redis answered.
    async fn write_remote_if_newer(&self, key: &str, stored: &Stored) -> bool {
        const IF_NEWER: &str = "local cur = redis.call('get', KEYS[1]) \
            if cur then local ok, old = pcall(cjson.decode, cur) \
              if ok and old.saved_at and old.saved_at >= tonumber(ARGV[2]) then return 0 end end \
            redis.call('set', KEYS[1], ARGV[1]) return 1";
        let Ok(json) = serde_json::to_string(stored) else {
            return false;
        };
        let mut conn = self.fleet.conn();
        let written = redis::Script::new(IF_NEWER)
            .key(self.redis_key(key))
            .arg(json)
            .arg(stored.saved_at)
            .invoke_async::<i64>(&mut conn)
            .await;
        self.fleet
            .observe(written, "saving a refresh token")
            .is_some()
    }

    /// Writes to Redis; whether it worked.
    async fn write_remote(&self, key: &str, stored: &Stored) -> bool {
        let Ok(json) = serde_json::to_string(stored) else {
            return false;
        };
        let mut conn = self.fleet.conn();
        let written: Option<()> = self.fleet.observe(
            redis::cmd("SET")
                .arg(self.redis_key(key))
                .arg(json)
                .query_async(&mut conn)
                .await,
            "saving a refresh token",
        );
        written.is_some()
    }

    fn local(&self) -> std::sync::MutexGuard<'_, HashMap<String, Stored>> {
        crate::support::sync::lock(&self.local)
    }
}

#[async_trait]
impl TokenStore for RedisStore {
    async fn load(&self, key: &str) -> Result<Option<SecretString>, StoreError> {
        let mut conn = self.fleet.conn();
        let remote: Option<Option<String>> = self.fleet.observe(
            redis::cmd("GET")
                .arg(self.redis_key(key))
                .query_async(&mut conn)
                .await,
            "reading a refresh token",
        );
        let reachable = remote.is_some();
        let remote = remote
            .flatten()
            .and_then(|raw| serde_json::from_str::<Stored>(&raw).ok());
        let local = self.local().get(key).cloned();
        let newest = match (remote, local) {
            (Some(r), Some(l)) if l.saved_at > r.saved_at && r.refresh_token != l.refresh_token => {
                // Rotated here while Redis was away: put it back for the others.
                if reachable {
                    self.write_remote(key, &l).await;
                }
                Some(l)
            }
            (Some(r), _) => Some(r),
            (None, l) => l,
        };
        Ok(newest.map(|s| SecretString::from(s.refresh_token)))
    }

    async fn save(&self, key: &str, token: &SecretString) -> Result<(), StoreError> {
        let stored = Stored {
            refresh_token: token.expose_secret().to_owned(),
            saved_at: unix_ms(SystemTime::now()),
        };
        // Memory first: whatever happens to Redis, this token is not lost.
        self.local().insert(key.to_owned(), stored.clone());
        if !self.write_remote(key, &stored).await {
            tracing::warn!("the new refresh token is kept in memory until Redis returns");
            self.retry_until_written(key);
        }
        Ok(())
    }

    async fn remove(&self, key: &str) -> Result<(), StoreError> {
        self.local().remove(key);
        let mut conn = self.fleet.conn();
        self.fleet.observe(
            redis::cmd("DEL")
                .arg(self.redis_key(key))
                .query_async::<i64>(&mut conn)
                .await,
            "removing a refresh token",
        );
        Ok(())
    }

    fn is_shared(&self) -> bool {
        true
    }
}

#[cfg(test)]
mod tests {
    use super::Health;

    /// A Redis at the edge of the command timeout, answering every other command in
    /// time, logs one outage and no return; five answers in a row end it.
    #[test]
    fn an_outage_is_logged_once_however_redis_flaps() {
        let mut health = Health::default();
        let mut lines = 0;
        for i in 0..=40 {
            let changed = if i % 2 == 0 {
                health.failure()
            } else {
                health.success()
            };
            lines += usize::from(changed);
        }
        assert_eq!(lines, 1, "one line: Redis went");
        let back: Vec<bool> = (0..Health::UP_AFTER).map(|_| health.success()).collect();
        assert_eq!(
            back.iter().filter(|b| **b).count(),
            1,
            "one line: it returned"
        );
        assert!(back[back.len() - 1]);
        assert!(!health.success(), "and nothing more while it stays");
    }
}
