//! One token cache per credential: lock-free reads, refresh ahead of expiry, single
//! flight, backoff.

use std::fmt;
use std::sync::atomic::{AtomicBool, AtomicU8, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use arc_swap::ArcSwapOption;
use reqwest::header::HeaderValue;
use tokio::sync::watch;
use tokio::time::Instant;

use crate::backoff::{Backoff, random_up_to};
use crate::error::TransportError;
use crate::{AccessToken, Error, StaticToken, Token, TokenSource};

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
    refresh_ahead: Duration,
    max_jitter: Duration,
    min_remaining: Duration,
    min_lifetime: Duration,
    fetch_timeout: Duration,
    retry_backoff: Backoff,
    auth_failure_backoff: Backoff,
    default_lifetime: Option<Duration>,
}

impl Default for CacheConfig {
    fn default() -> Self {
        CacheConfig {
            refresh_ahead: Duration::from_secs(300),
            max_jitter: Duration::from_secs(60),
            min_remaining: Duration::from_secs(10),
            min_lifetime: Duration::from_secs(1),
            fetch_timeout: Duration::from_secs(30),
            retry_backoff: Backoff::new(Duration::from_millis(500), Duration::from_secs(30)),
            auth_failure_backoff: Backoff::new(Duration::from_secs(5), Duration::from_secs(600)),
            default_lifetime: None,
        }
    }
}

impl CacheConfig {
    /// How long before expiry a new token is requested (default 5 min). For short-lived
    /// tokens it is at most half the lifetime: a 60 s token is refreshed at about 30 s.
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
    /// (default 10 s, and at most half the lifetime).
    pub fn min_remaining(mut self, d: Duration) -> Self {
        self.min_remaining = d;
        self
    }

    /// Lifetimes below this are taken as this (default 1 s), so that a server answering
    /// `expires_in: 0` cannot make every call request a token.
    pub fn min_lifetime(mut self, d: Duration) -> Self {
        self.min_lifetime = d;
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
    /// need a change (a new secret, a new login), so the endpoint is not hammered.
    pub fn auth_failure_backoff(mut self, b: Backoff) -> Self {
        self.auth_failure_backoff = b;
        self
    }

    /// The lifetime assumed when a token response has no `expires_in` (default `None`:
    /// the token is used until the API rejects it with 401).
    pub fn default_lifetime(mut self, d: Option<Duration>) -> Self {
        self.default_lifetime = d;
        self
    }

    /// When to refresh and until when to hand out a token of lifetime `lifetime` requested
    /// at `requested_at`.
    fn schedule(&self, requested_at: Instant, lifetime: Duration) -> (Instant, Instant) {
        let lifetime = lifetime.max(self.min_lifetime);
        let ahead = self.refresh_ahead.min(lifetime / 2);
        let jitter = random_up_to(self.max_jitter.min(lifetime / 10));
        let margin = self.min_remaining.min(lifetime / 2);
        let expires_at = requested_at + lifetime;
        (expires_at - ahead - jitter, expires_at - margin)
    }
}

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
                .field("current", &r.current.load().as_ref().map(|e| &e.token))
                .field("refreshing", &r.refreshing.load(Ordering::Relaxed))
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
            kind: Kind::Renewing(Arc::new(Renewing {
                source: Box::new(source),
                config,
                current: ArcSwapOption::empty(),
                epoch: Instant::now(),
                refreshing: AtomicBool::new(false),
                not_before: AtomicU64::new(0),
                state: Mutex::new(FlightState {
                    flight: None,
                    failures: 0,
                    failure: None,
                }),
                timer: Mutex::new(None),
            })),
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
    pub fn invalidate(&self, token: &impl TokenRef) -> bool {
        match &self.kind {
            Kind::Static(_) => false,
            Kind::Renewing(r) => r.invalidate(token.token_id()),
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
            Kind::Renewing(r) => r.current.load().as_ref().map(|e| e.token.clone()),
        }
    }
}

struct Renewing {
    source: Box<dyn TokenSource>,
    config: CacheConfig,
    current: ArcSwapOption<Entry>,
    /// Origin of `not_before`.
    epoch: Instant,
    /// A token request is running: the fast check that keeps callers off the lock.
    refreshing: AtomicBool,
    /// Nanoseconds after `epoch` before which no background refresh starts (backoff).
    not_before: AtomicU64,
    /// The slow path: who is fetching, and how the last attempts went.
    state: Mutex<FlightState>,
    /// The timer task of the current token (see [`Entry::state`]).
    timer: Mutex<Option<tokio::task::AbortHandle>>,
}

const FRESH: u8 = 0;
const STALE: u8 = 1;
const EXPIRED: u8 = 2;

struct Entry {
    /// `token.id()`, kept here so the hot path needs no second pointer.
    id: u64,
    token: AccessToken,
    /// `None` when the lifetime is unknown: the token is used until invalidated.
    refresh_at: Option<Instant>,
    usable_until: Option<Instant>,
    /// FRESH, STALE or EXPIRED, moved forward by a timer task at `refresh_at` and
    /// `usable_until`, so that the hot path reads no clock.
    state: AtomicU8,
    /// Copies of the header value for threads to clone (see [`Stripes`]).
    stripes: Stripes,
}

enum Freshness {
    Fresh,
    /// Still usable, but due for refresh.
    Stale,
    Expired,
}

impl Entry {
    fn freshness(&self, now: Instant) -> Freshness {
        match (self.refresh_at, self.usable_until) {
            (Some(refresh_at), _) if now < refresh_at => Freshness::Fresh,
            (None, _) => Freshness::Fresh,
            (_, Some(until)) if now < until => Freshness::Stale,
            _ => Freshness::Expired,
        }
    }
}

type FlightResult = Option<Result<AccessToken, Error>>;

struct FlightState {
    /// The running token request; waiters clone the receiver.
    flight: Option<watch::Receiver<FlightResult>>,
    /// Consecutive failures.
    failures: u32,
    /// The last error and when the next attempt may start.
    failure: Option<(Error, Instant)>,
}

impl Renewing {
    fn lock(&self) -> MutexGuard<'_, FlightState> {
        // The state is updated in single assignments; a panic cannot leave it torn.
        crate::sync::lock(&self.state)
    }

    fn nanos_since_epoch(&self, t: Instant) -> u64 {
        u64::try_from(t.saturating_duration_since(self.epoch).as_nanos()).unwrap_or(u64::MAX)
    }

    async fn token(self: &Arc<Self>) -> Result<AccessToken, Error> {
        let now = Instant::now();
        if let Some(entry) = self.current.load().as_deref() {
            match entry.freshness(now) {
                Freshness::Fresh => return Ok(entry.token.clone()),
                Freshness::Stale => {
                    let token = entry.token.clone();
                    self.refresh_in_background(now);
                    return Ok(token);
                }
                Freshness::Expired => {}
            }
        }
        self.wait_for_new_token().await
    }

    fn refresh_in_background(self: &Arc<Self>, now: Instant) {
        if self.refreshing.load(Ordering::Acquire)
            || self.nanos_since_epoch(now) < self.not_before.load(Ordering::Acquire)
        {
            return;
        }
        let mut state = self.lock();
        let in_backoff = matches!(&state.failure, Some((_, retry_at)) if now < *retry_at);
        if state.flight.is_none() && !in_backoff {
            // Without a runtime the stale token is still good; the next caller retries.
            let _ = self.start_flight(&mut state);
        }
    }

    async fn wait_for_new_token(self: &Arc<Self>) -> Result<AccessToken, Error> {
        let mut receiver = {
            let mut state = self.lock();
            let now = Instant::now();
            // A flight may have finished between the caller's check and this lock.
            if let Some(entry) = self.current.load().as_deref()
                && !matches!(entry.freshness(now), Freshness::Expired)
            {
                return Ok(entry.token.clone());
            }
            match &state.flight {
                Some(receiver) => receiver.clone(),
                None => {
                    if let Some((error, retry_at)) = &state.failure
                        && now < *retry_at
                    {
                        return Err(error.clone());
                    }
                    self.start_flight(&mut state)?
                }
            }
        };
        match receiver.wait_for(Option::is_some).await {
            Ok(result) => result.clone().unwrap_or_else(|| Err(flight_lost())),
            Err(_) => Err(flight_lost()),
        }
    }

    fn start_flight(
        self: &Arc<Self>,
        state: &mut FlightState,
    ) -> Result<watch::Receiver<FlightResult>, Error> {
        let runtime = tokio::runtime::Handle::try_current().map_err(|_| {
            Error::config(
                "auth-core needs a Tokio runtime to fetch tokens; call it from within one",
            )
        })?;
        let (sender, receiver) = watch::channel(None);
        state.flight = Some(receiver.clone());
        self.refreshing.store(true, Ordering::Release);
        let this = self.clone();
        runtime.spawn(async move { this.run_flight(sender).await });
        Ok(receiver)
    }

    /// Runs one token request in its own task, so that no caller's cancellation can stop
    /// it half-way, and publishes the result to every waiter.
    async fn run_flight(self: Arc<Self>, sender: watch::Sender<FlightResult>) {
        // Resets the state if the source panics or the runtime drops the task.
        struct Abandoned<'a>(&'a Renewing, bool);
        impl Drop for Abandoned<'_> {
            fn drop(&mut self) {
                if self.1 {
                    self.0.lock().flight = None;
                    self.0.refreshing.store(false, Ordering::Release);
                }
            }
        }
        let mut guard = Abandoned(&self, true);

        let requested_at = Instant::now();
        tracing::debug!("requesting a new access token");
        let fetched =
            match tokio::time::timeout(self.config.fetch_timeout, self.source.fetch()).await {
                Ok(result) => result,
                Err(_) => Err(TransportError::timeout("the token endpoint").into()),
            };
        let result = fetched.and_then(|token| self.install(token, requested_at));
        self.finish(&result);
        guard.1 = false;
        // Nobody listening is fine: the token is installed either way.
        let _ = sender.send(Some(result));
    }

    fn install(
        self: &Arc<Self>,
        token: Token,
        requested_at: Instant,
    ) -> Result<AccessToken, Error> {
        let lifetime = token.expires_in.or(self.config.default_lifetime);
        let expires_at = lifetime.map(|l| requested_at + l);
        let access = AccessToken::new(token.access_token, token.scopes, expires_at)?;
        let (refresh_at, usable_until) = match lifetime {
            Some(l) => {
                if l < self.config.min_lifetime {
                    tracing::warn!(
                        expires_in = ?l,
                        "the provider issued a token that expires almost at once; treating its \
                         lifetime as {:?} to avoid requesting a token on every call",
                        self.config.min_lifetime
                    );
                }
                let (r, u) = self.config.schedule(requested_at, l);
                (Some(r), Some(u))
            }
            None => (None, None),
        };
        let entry = Arc::new(Entry {
            id: access.id(),
            stripes: Stripes::new(access.header_value()),
            token: access.clone(),
            refresh_at,
            usable_until,
            state: AtomicU8::new(FRESH),
        });
        self.current.store(Some(entry.clone()));
        let timer = match (refresh_at, usable_until) {
            (Some(refresh_at), Some(usable_until)) => {
                let entry = Arc::downgrade(&entry);
                let advance = move |state: u8| match entry.upgrade() {
                    Some(entry) => {
                        entry.state.store(state, Ordering::Release);
                        true
                    }
                    None => false,
                };
                Some(
                    tokio::spawn(async move {
                        tokio::time::sleep_until(refresh_at).await;
                        if advance(STALE) {
                            tokio::time::sleep_until(usable_until).await;
                            advance(EXPIRED);
                        }
                    })
                    .abort_handle(),
                )
            }
            _ => None,
        };
        let previous = std::mem::replace(&mut *crate::sync::lock(&self.timer), timer);
        if let Some(previous) = previous {
            previous.abort();
        }
        tracing::info!(expires_in = ?lifetime, "new access token");
        Ok(access)
    }

    /// The current token's `Authorization` value without waiting, or `None` when a new
    /// token must be fetched first. No lock, no clock, no shared write: an `ArcSwap`
    /// load, an atomic load, and the clone of this thread's copy of the header.
    #[inline]
    fn authorization_now(self: &Arc<Self>) -> Option<Authorization> {
        let guard = self.current.load();
        let entry = guard.as_deref()?;
        match entry.state.load(Ordering::Acquire) {
            FRESH => {}
            STALE => {
                // Rare: confirm with the clock (a late timer must not stretch a lifetime).
                let now = Instant::now();
                if matches!(entry.freshness(now), Freshness::Expired) {
                    return None;
                }
                self.refresh_in_background(now);
            }
            _ => return None,
        }
        Some(Authorization {
            value: entry.stripes.get().clone(),
            token_id: entry.id,
        })
    }

    fn finish(&self, result: &Result<AccessToken, Error>) {
        let mut state = self.lock();
        state.flight = None;
        match result {
            Ok(_) => {
                state.failures = 0;
                state.failure = None;
                self.not_before.store(0, Ordering::Release);
            }
            Err(error) => {
                state.failures = state.failures.saturating_add(1);
                let backoff = if error.is_transient() {
                    self.config.retry_backoff
                } else {
                    self.config.auth_failure_backoff
                };
                let wait = backoff
                    .delay(state.failures)
                    .max(error.retry_after().unwrap_or_default().min(backoff.cap()));
                let retry_at = Instant::now() + wait;
                self.not_before
                    .store(self.nanos_since_epoch(retry_at), Ordering::Release);
                let still_valid =
                    self.current.load().as_deref().is_some_and(|e| {
                        !matches!(e.freshness(Instant::now()), Freshness::Expired)
                    });
                tracing::warn!(
                    error = %error,
                    transient = error.is_transient(),
                    failures = state.failures,
                    retry_in = ?wait,
                    still_valid,
                    "token request failed"
                );
                state.failure = Some((error.clone(), retry_at));
            }
        }
        self.refreshing.store(false, Ordering::Release);
    }

    fn invalidate(&self, token_id: u64) -> bool {
        let mut dropped = false;
        self.current.rcu(|current| {
            dropped = false;
            match current {
                Some(entry) if entry.token.id() == token_id => {
                    dropped = true;
                    None
                }
                other => other.clone(),
            }
        });

        if dropped {
            tracing::debug!("access token invalidated");
        }
        dropped
    }
}

/// Something that names one issued token: an [`AccessToken`] or an [`Authorization`].
pub trait TokenRef: private::Sealed {
    /// The token's unique id.
    #[doc(hidden)]
    fn token_id(&self) -> u64;
}

mod private {
    pub trait Sealed {}
    impl Sealed for super::AccessToken {}
    impl Sealed for super::Authorization {}
}

impl TokenRef for AccessToken {
    fn token_id(&self) -> u64 {
        self.id()
    }
}

impl TokenRef for Authorization {
    fn token_id(&self) -> u64 {
        self.token_id
    }
}

/// A ready `Authorization: Bearer ...` value and the token it belongs to (for
/// [`TokenCache::invalidate`]). Redacted in `Debug`.
#[derive(Clone)]
pub struct Authorization {
    pub(crate) value: HeaderValue,
    pub(crate) token_id: u64,
}

impl Authorization {
    /// `Bearer <token>`, marked sensitive.
    pub fn header_value(&self) -> &HeaderValue {
        &self.value
    }

    /// The header value, by value.
    pub fn into_header_value(self) -> HeaderValue {
        self.value
    }
}

impl fmt::Debug for Authorization {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Authorization")
            .field("value", &"Bearer [redacted]")
            .finish()
    }
}

/// Copies of a header value, each in its own allocation and cache line, one per
/// "stripe" of threads. Cloning a header value shared by all threads bumps one reference
/// count from every core (about 4x the cost on two cores); a thread cloning its stripe's
/// copy touches a cache line that other threads rarely share.
pub(crate) struct Stripes(Box<[Padded]>);

/// One stripe per CPU (threads on one CPU do not contend), at most 8.
fn stripe_count() -> usize {
    static COUNT: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *COUNT.get_or_init(|| std::thread::available_parallelism().map_or(1, |n| n.get().min(8)))
}

#[repr(align(128))]
struct Padded(HeaderValue);

impl Stripes {
    pub(crate) fn new(value: &HeaderValue) -> Self {
        /// Bytes whose reference count sits in an allocation of its own cache lines:
        /// small allocations made one after another would otherwise share a line.
        #[repr(align(128))]
        struct OwnLine(Box<[u8]>);
        impl AsRef<[u8]> for OwnLine {
            fn as_ref(&self) -> &[u8] {
                &self.0
            }
        }
        let copy = || {
            let bytes = bytes::Bytes::from_owner(OwnLine(value.as_bytes().into()));
            let mut v = HeaderValue::from_maybe_shared(bytes).unwrap_or_else(|_| value.clone());
            v.set_sensitive(true);
            Padded(v)
        };
        Stripes((0..stripe_count()).map(|_| copy()).collect())
    }

    /// This thread's copy.
    #[inline]
    pub(crate) fn get(&self) -> &HeaderValue {
        &self.0[thread_stripe() % self.0.len()].0
    }
}

/// A number for this thread, the same for its lifetime; consecutive threads get
/// consecutive numbers, so that they fall on different stripes.
#[inline]
fn thread_stripe() -> usize {
    use std::cell::Cell;
    use std::sync::atomic::AtomicUsize;
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    thread_local! {
        static STRIPE: Cell<usize> = const { Cell::new(usize::MAX) };
    }
    STRIPE.with(|stripe| {
        let mut s = stripe.get();
        if s == usize::MAX {
            s = NEXT.fetch_add(1, Ordering::Relaxed);
            stripe.set(s);
        }
        s
    })
}

fn flight_lost() -> Error {
    Error::config(
        "the token request was abandoned (the token source panicked or the runtime is \
         shutting down)",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schedule_follows_the_documented_formula() {
        let cfg = CacheConfig::default().max_jitter(Duration::ZERO);
        let t0 = Instant::now();
        let (r, u) = cfg.schedule(t0, Duration::from_secs(3600));
        assert_eq!(
            (r - t0, u - t0),
            (Duration::from_secs(3300), Duration::from_secs(3590))
        );
        let (r, u) = cfg.schedule(t0, Duration::from_secs(60));
        assert_eq!(
            (r - t0, u - t0),
            (Duration::from_secs(30), Duration::from_secs(50))
        );
        let (r, u) = cfg.schedule(t0, Duration::from_secs(10));
        assert_eq!(
            (r - t0, u - t0),
            (Duration::from_secs(5), Duration::from_secs(5))
        );
        // Tiny lifetimes are raised to min_lifetime.
        let (r, u) = cfg.schedule(t0, Duration::ZERO);
        assert_eq!(
            (r - t0, u - t0),
            (Duration::from_millis(500), Duration::from_millis(500))
        );
    }

    #[test]
    fn jitter_is_bounded_by_60s_and_a_tenth_of_the_lifetime() {
        let cfg = CacheConfig::default();
        let t0 = Instant::now();
        for _ in 0..200 {
            let (r, _) = cfg.schedule(t0, Duration::from_secs(3600));
            assert!(r - t0 >= Duration::from_secs(3240) && r - t0 <= Duration::from_secs(3300));
            let (r, _) = cfg.schedule(t0, Duration::from_secs(60));
            assert!(r - t0 >= Duration::from_secs(24) && r - t0 <= Duration::from_secs(30));
        }
    }
}
