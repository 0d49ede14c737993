//! [`RedisStore`]: refresh tokens in Redis, with a copy in memory.

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use async_trait::async_trait;
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};

use super::{RedisFleet, unix_ms};
use crate::error::StoreError;
use crate::tokens::store::TokenStore;

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
    /// A store under `key` in `fleet`'s Redis.
    pub(super) fn new(fleet: RedisFleet, key: &str) -> Self {
        RedisStore {
            fleet,
            prefix: format!("auth-core:{key}"),
            local: Arc::new(Mutex::new(HashMap::new())),
            retrying: Arc::new(Mutex::new(std::collections::HashSet::new())),
        }
    }

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
        let script = redis::Script::new(IF_NEWER);
        let mut write = script.key(self.redis_key(key));
        write.arg(json).arg(stored.saved_at);
        self.fleet
            .invoke::<i64>(&write, "saving a refresh token")
            .await
            .is_some()
    }

    /// Writes to Redis; whether it worked.
    async fn write_remote(&self, key: &str, stored: &Stored) -> bool {
        let Ok(json) = serde_json::to_string(stored) else {
            return false;
        };
        self.fleet
            .query::<()>(
                redis::cmd("SET").arg(self.redis_key(key)).arg(json),
                "saving a refresh token",
            )
            .await
            .is_some()
    }

    fn local(&self) -> std::sync::MutexGuard<'_, HashMap<String, Stored>> {
        crate::support::sync::lock(&self.local)
    }
}

#[async_trait]
impl TokenStore for RedisStore {
    async fn load(&self, key: &str) -> Result<Option<SecretString>, StoreError> {
        let remote: Option<Option<String>> = self
            .fleet
            .query(
                redis::cmd("GET").arg(self.redis_key(key)),
                "reading a refresh token",
            )
            .await;
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
        self.fleet
            .query::<i64>(
                redis::cmd("DEL").arg(self.redis_key(key)),
                "removing a refresh token",
            )
            .await;
        Ok(())
    }

    fn is_shared(&self) -> bool {
        true
    }
}
