//! [`CacheConfig`]: when a cache refreshes, how it backs off, and the schedule it
//! computes for each token.

use std::time::Duration;

use tokio::time::Instant;

use crate::support::backoff::{Backoff, random_up_to};

/// When a cache refreshes and how it backs off. The defaults suit every provider in the
/// README's table; each setting is documented with its default.
///
/// ```
/// use std::time::Duration;
/// use auth_core::CacheConfig;
///
/// let config = CacheConfig::default()
///     .refresh_ahead(Duration::from_secs(120))
///     .default_lifetime(Some(Duration::from_secs(900)));
/// ```
#[derive(Debug, Clone)]
pub struct CacheConfig {
    pub(crate) refresh_ahead: Duration,
    pub(crate) max_jitter: Duration,
    pub(crate) min_remaining: Duration,
    pub(crate) min_refresh_interval: Duration,
    pub(crate) fetch_timeout: Duration,
    pub(crate) retry_backoff: Backoff,
    pub(crate) auth_failure_backoff: Backoff,
    pub(crate) max_server_wait: Duration,
    pub(crate) default_lifetime: Option<Duration>,
}

impl Default for CacheConfig {
    fn default() -> Self {
        CacheConfig {
            refresh_ahead: Duration::from_secs(300),
            max_jitter: Duration::from_secs(60),
            min_remaining: Duration::from_secs(10),
            min_refresh_interval: Duration::from_secs(5),
            fetch_timeout: Duration::from_secs(30),
            retry_backoff: Backoff::new(Duration::from_millis(500), Duration::from_secs(30)),
            auth_failure_backoff: Backoff::new(Duration::from_secs(5), Duration::from_secs(600)),
            max_server_wait: Duration::from_secs(3600),
            default_lifetime: None,
        }
    }
}

impl CacheConfig {
    /// How long before expiry a new token is requested (default 5 min). For short-lived
    /// tokens it is at most half the lifetime (a 60 s token is refreshed at about 30 s),
    /// but never less than twice the token endpoint's observed latency plus the
    /// [`min_remaining`](Self::min_remaining) margin, so that no caller waits for a new
    /// token while the old one is valid, however short-lived tokens are and however slow
    /// the endpoint.
    pub fn refresh_ahead(mut self, d: Duration) -> Self {
        self.refresh_ahead = d;
        self
    }

    /// The most random time taken off the refresh moment, so that many instances do not
    /// refresh together (default 60 s, and at most 10% of the lifetime). Zero disables it.
    pub fn max_jitter(mut self, d: Duration) -> Self {
        self.max_jitter = d;
        self
    }

    /// A token with less than this left is never handed out; callers wait for the new one
    /// (default 10 s, and at most a tenth of the lifetime).
    pub fn min_remaining(mut self, d: Duration) -> Self {
        self.min_remaining = d;
        self
    }

    /// The shortest time between two scheduled token requests, whatever lifetime the
    /// server states (default 5 s): lifetimes below it are taken as it, so a server
    /// answering `expires_in: 0.001` costs at most one token request per interval.
    /// (`expires_in` of `0` or less means "no usable lifetime": see
    /// [`ResponseProfile`](crate::ResponseProfile).)
    pub fn min_refresh_interval(mut self, d: Duration) -> Self {
        self.min_refresh_interval = d;
        self
    }

    /// The longest one token request may take, all attempts of the source included
    /// (default 30 s).
    pub fn fetch_timeout(mut self, d: Duration) -> Self {
        self.fetch_timeout = d;
        self
    }

    /// Backoff after transient failures: 5xx, 408, 429, timeouts, connection errors
    /// (default 0.5 s doubling to 30 s, jittered).
    pub fn retry_backoff(mut self, b: Backoff) -> Self {
        self.retry_backoff = b;
        self
    }

    /// Backoff after permanent failures: `invalid_client`, `invalid_grant`, 401 or 403
    /// from the token endpoint (default 5 s doubling to 10 min, jittered). Such failures
    /// need a change (a new secret, a new login), so the endpoint is not hammered. The
    /// same backoff damps an API that rejects every new token (see
    /// [`TokenCache::invalidate`](crate::TokenCache::invalidate)).
    pub fn auth_failure_backoff(mut self, b: Backoff) -> Self {
        self.auth_failure_backoff = b;
        self
    }

    /// The longest wait a token endpoint's `Retry-After` (or `X-RateLimit-Reset`) is
    /// honoured for (default 1 h): no token request is made before it passes, and
    /// callers without a valid token get the endpoint's error at once meanwhile.
    pub fn max_server_wait(mut self, d: Duration) -> Self {
        self.max_server_wait = d;
        self
    }

    /// The lifetime assumed when a token response has no usable `expires_in` (default
    /// `None`: the token is used until the API rejects it with 401).
    pub fn default_lifetime(mut self, d: Option<Duration>) -> Self {
        self.default_lifetime = d;
        self
    }

    /// The earliest a token of `lifetime` may be refreshed ahead of its expiry: the most
    /// lead and the most jitter (without the endpoint's latency, which only this cache
    /// knows). Instances sharing tokens (`fleet`) use it to decide whether a published
    /// token is still fresh.
    #[cfg_attr(not(feature = "redis"), allow(dead_code))]
    pub(crate) fn earliest_lead(&self, lifetime: Duration) -> Duration {
        let lifetime = lifetime.max(self.min_refresh_interval);
        self.refresh_ahead.min(lifetime / 2) + self.max_jitter.min(lifetime / 10)
    }

    /// When to refresh a token of lifetime `lifetime` requested at `requested_at`, and
    /// until when to hand it out, for a token endpoint that takes about `latency`.
    pub(crate) fn schedule(
        &self,
        requested_at: Instant,
        lifetime: Duration,
        latency: Duration,
    ) -> Schedule {
        let lifetime = lifetime.max(self.min_refresh_interval);
        let expires_at = requested_at + lifetime;
        let margin = self.min_remaining.min(lifetime / 10);
        let usable_until = expires_at - margin;
        let lead = self
            .refresh_ahead
            .min(lifetime / 2)
            .max(latency.saturating_mul(2) + margin);
        let jitter = random_up_to(self.max_jitter.min(lifetime / 10));
        let earliest = requested_at + self.min_refresh_interval.min(lifetime);
        let refresh_at = expires_at
            .checked_sub(lead + jitter)
            .unwrap_or(requested_at)
            .max(earliest)
            .min(usable_until);
        Schedule {
            refresh_at,
            usable_until,
        }
    }
}

/// When a token is due for refresh, and until when it is handed out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Schedule {
    pub(crate) refresh_at: Instant,
    pub(crate) usable_until: Instant,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(cfg: &CacheConfig, lifetime: u64, latency_ms: u64) -> (Duration, Duration) {
        let t0 = Instant::now();
        let s = cfg.schedule(
            t0,
            Duration::from_secs(lifetime),
            Duration::from_millis(latency_ms),
        );
        (s.refresh_at - t0, s.usable_until - t0)
    }

    #[test]
    fn schedule_follows_the_documented_formula() {
        let cfg = CacheConfig::default().max_jitter(Duration::ZERO);
        let secs = Duration::from_secs;
        assert_eq!(at(&cfg, 3600, 0), (secs(3300), secs(3590)));
        assert_eq!(at(&cfg, 60, 0), (secs(30), secs(54)));
        assert_eq!(at(&cfg, 10, 0), (secs(5), secs(9)));
        // A slow endpoint moves the refresh earlier, never before the minimum interval.
        assert_eq!(at(&cfg, 60, 20_000), (secs(14), secs(54)));
        assert_eq!(at(&cfg, 10, 2_000), (secs(5), secs(9)));
        // Tiny lifetimes are raised to the minimum refresh interval.
        assert_eq!(
            at(&cfg, 0, 0),
            (Duration::from_millis(4500), Duration::from_millis(4500))
        );
    }

    #[test]
    fn jitter_is_bounded_by_60s_and_a_tenth_of_the_lifetime() {
        let cfg = CacheConfig::default();
        for _ in 0..200 {
            let (r, _) = at(&cfg, 3600, 0);
            assert!(r >= Duration::from_secs(3240) && r <= Duration::from_secs(3300));
            let (r, _) = at(&cfg, 60, 0);
            assert!(r >= Duration::from_secs(24) && r <= Duration::from_secs(30));
        }
    }
}
