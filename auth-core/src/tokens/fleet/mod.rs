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
//! A command that meets a connection the other end closed (Redis's `timeout` setting, a
//! load balancer or a NAT dropping idle connections; a network blip) is sent once more on
//! a new connection, so sharing survives connections that come and go; each command is
//! idempotent, and a lease found taken after a second `SET … NX` is recognised as the
//! instance's own by its fencing value. A timeout or a refused connection is not retried.
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

use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use redis::aio::ConnectionManager;

use crate::error::Error;
use crate::tokens::source::TokenSource;

mod shared;
mod store;

pub use shared::SharedSource;
pub use store::RedisStore;
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
        SharedSource::new(self.clone(), key, inner)
    }

    /// A refresh-token store in Redis under `key`, with a copy in memory.
    pub fn refresh_store(&self, key: &str) -> RedisStore {
        RedisStore::new(self.clone(), key)
    }

    /// Sends a command, and once more if it met a closed connection: Redis's `timeout`
    /// setting, a load balancer or a NAT closes connections that sat idle, and tokens are
    /// refreshed minutes apart, so the first command of a refresh often finds its
    /// connection gone (the manager remakes it). Without the second try, each instance
    /// would fetch its own token at every refresh. A timeout or a refused connection is
    /// not tried again: a slow or absent Redis counts as unavailable. Every command sent
    /// here may run twice, so each is idempotent (taking the lease checks the lease's
    /// fencing value when it finds one: `SharedSource`).
    async fn query<T: redis::FromRedisValue>(&self, cmd: &redis::Cmd, doing: &str) -> Option<T> {
        self.query_again(cmd, doing).await.map(|(answer, _)| answer)
    }

    /// [`query`](Self::query), and whether the command was sent twice.
    async fn query_again<T: redis::FromRedisValue>(
        &self,
        cmd: &redis::Cmd,
        doing: &str,
    ) -> Option<(T, bool)> {
        let mut result = cmd.query_async(&mut self.conn.clone()).await;
        let again = result.as_ref().is_err_and(met_a_closed_connection);
        if again {
            result = cmd.query_async(&mut self.conn.clone()).await;
        }
        self.observe(result, doing).map(|answer| (answer, again))
    }

    /// [`query`](Self::query) for a Lua script.
    async fn invoke<T: redis::FromRedisValue>(
        &self,
        script: &redis::ScriptInvocation<'_>,
        doing: &str,
    ) -> Option<T> {
        let mut result = script.invoke_async(&mut self.conn.clone()).await;
        if result.as_ref().is_err_and(met_a_closed_connection) {
            result = script.invoke_async(&mut self.conn.clone()).await;
        }
        self.observe(result, doing)
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

/// A command sent on a connection the other end had closed, not a slow or absent Redis.
fn met_a_closed_connection(e: &redis::RedisError) -> bool {
    e.is_connection_dropped() && !e.is_connection_refusal() && !e.is_timeout()
}

fn unix_ms(t: SystemTime) -> u64 {
    u64::try_from(
        t.duration_since(SystemTime::UNIX_EPOCH)
            .unwrap_or_default()
            .as_millis(),
    )
    .unwrap_or(u64::MAX)
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
