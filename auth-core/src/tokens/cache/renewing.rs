//! A cache that fetches its tokens: single flight, refresh ahead of expiry on a
//! per-token timer, backoff that tells transient from permanent failures, and the
//! damping of an API that rejects every new token.

use std::sync::atomic::{AtomicBool, AtomicU8, AtomicU32, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use arc_swap::ArcSwapOption;
use tokio::sync::watch;
use tokio::time::Instant;

use super::CacheConfig;
use crate::error::Error;
use crate::error::TransportError;
use crate::tokens::authorization::Authorization;
use crate::tokens::source::TokenSource;
use crate::tokens::thread_copies::ThreadCopies;
use crate::tokens::token::{AccessToken, Token};

pub(super) struct Renewing {
    source: Box<dyn TokenSource>,
    config: CacheConfig,
    current: ArcSwapOption<Entry>,
    /// This cache's version and each thread's copy of the current header: moved forward
    /// after every change to `current` or to its entry's state.
    copies: Arc<ThreadCopies>,
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
    /// The token endpoint's recent latency in nanoseconds (a decaying maximum), which
    /// moves refreshes earlier for slow endpoints.
    latency: AtomicU64,
    /// Consecutive rejections by the API with no success in between (see
    /// [`reject`](Self::reject)); read on every successful call, written rarely.
    rejections: AtomicU32,
    /// The damping of a run of rejected tokens.
    damping: Mutex<Damping>,
    /// Nanoseconds after `epoch` of the last look for a token another instance shared
    /// while in backoff ([`TokenSource::available`]).
    last_look: AtomicU64,
}

/// How often, at most, a cache in backoff looks for a token its source shares.
const LOOK_EVERY: Duration = Duration::from_millis(250);

/// While an API rejects every new token, new tokens are fetched at most once per
/// damping period (the auth-failure backoff), not once per call.
#[derive(Default)]
struct Damping {
    until: Option<Instant>,
}

/// What [`Renewing::reject`] did with a token the API refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Rejection {
    /// It was dropped; the next caller fetches a new one. Replay.
    Dropped,
    /// It had already been replaced (by a concurrent call, or a refresh). Replay.
    AlreadyReplaced,
    /// It was kept: the API has been rejecting new tokens, and the next one is not due
    /// before the damping period ends. Do not replay.
    Kept,
}

/// A rejection of a token this young counts towards damping; an older token was in
/// use long enough to have worked.
const YOUNG: Duration = Duration::from_secs(60);

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
    /// When it was installed.
    installed_at: Instant,
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
    pub(super) fn new(source: Box<dyn TokenSource>, config: CacheConfig) -> Self {
        Renewing {
            source,
            config,
            current: ArcSwapOption::empty(),
            copies: ThreadCopies::new(),
            epoch: Instant::now(),
            refreshing: AtomicBool::new(false),
            not_before: AtomicU64::new(0),
            state: Mutex::new(FlightState {
                flight: None,
                failures: 0,
                failure: None,
            }),
            timer: Mutex::new(None),
            latency: AtomicU64::new(0),
            rejections: AtomicU32::new(0),
            damping: Mutex::new(Damping::default()),
            last_look: AtomicU64::new(0),
        }
    }

    /// The token in memory, whatever its freshness.
    pub(super) fn peek(&self) -> Option<AccessToken> {
        self.current.load().as_ref().map(|e| e.token.clone())
    }

    /// Whether a token request is running.
    pub(super) fn is_refreshing(&self) -> bool {
        self.refreshing.load(Ordering::Relaxed)
    }

    fn lock(&self) -> MutexGuard<'_, FlightState> {
        // The state is updated in single assignments; a panic cannot leave it torn.
        crate::support::sync::lock(&self.state)
    }

    fn nanos_since_epoch(&self, t: Instant) -> u64 {
        u64::try_from(t.saturating_duration_since(self.epoch).as_nanos()).unwrap_or(u64::MAX)
    }

    pub(super) async fn token(self: &Arc<Self>) -> Result<AccessToken, Error> {
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
            let _ = self.start_flight(&mut state, true);
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
                        // In backoff: the provider is not asked again yet, but a token
                        // another instance obtained meanwhile is taken rather than the
                        // failure served.
                        if !self.source.shares_tokens() || !self.look_due(now) {
                            return Err(error.clone());
                        }
                        let error = error.clone();
                        self.start_look(&mut state, error)?
                    } else {
                        self.start_flight(&mut state, false)?
                    }
                }
            }
        };
        match receiver.wait_for(Option::is_some).await {
            Ok(result) => result.clone().unwrap_or_else(|| Err(flight_lost())),
            Err(_) => Err(flight_lost()),
        }
    }

    /// Whether a look for a shared token may start now (at most every [`LOOK_EVERY`]).
    fn look_due(&self, now: Instant) -> bool {
        let now = self.nanos_since_epoch(now);
        let last = self.last_look.load(Ordering::Acquire);
        let every = u64::try_from(LOOK_EVERY.as_nanos()).unwrap_or(u64::MAX);
        (last == 0 || now.saturating_sub(last) >= every)
            && self
                .last_look
                .compare_exchange(last, now.max(1), Ordering::AcqRel, Ordering::Acquire)
                .is_ok()
    }

    /// Looks, in its own task, for a token the source shares ([`TokenSource::available`]):
    /// installs it, or hands waiters `failure` again, leaving the backoff as it was.
    fn start_look(
        self: &Arc<Self>,
        state: &mut FlightState,
        failure: Error,
    ) -> Result<watch::Receiver<FlightResult>, Error> {
        let runtime = tokio::runtime::Handle::try_current().map_err(|_| failure.clone())?;
        let (sender, receiver) = watch::channel(None);
        state.flight = Some(receiver.clone());
        let this = self.clone();
        runtime.spawn(async move {
            // Clears the flight if the look panics or the runtime drops the task.
            struct Abandoned<'a>(&'a Renewing);
            impl Drop for Abandoned<'_> {
                fn drop(&mut self) {
                    self.0.lock().flight = None;
                }
            }
            let _guard = Abandoned(&this);
            let result = match this.source.available().await {
                Some(token) => {
                    tracing::debug!("took a token another instance shared, during backoff");
                    let issued_at = token.obtained.map_or_else(Instant::now, |o| o.issued_at);
                    let result = this.install(token, issued_at);
                    if result.is_ok() {
                        let mut state = this.lock();
                        state.failures = 0;
                        state.failure = None;
                        this.not_before.store(0, Ordering::Release);
                    }
                    result
                }
                None => Err(failure),
            };
            let _ = sender.send(Some(result));
        });
        Ok(receiver)
    }

    /// Starts a token request in its own task. `ahead`: a valid token is still in use
    /// (a refresh ahead of expiry), rather than callers waiting for one.
    fn start_flight(
        self: &Arc<Self>,
        state: &mut FlightState,
        ahead: bool,
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
        // The request's own span, following from the caller's: the refresh runs in its own
        // task, so it would otherwise belong to no trace.
        let span = tracing::info_span!(
            "token_request",
            otel.kind = "client",
            token.source = self.source.kind(),
            token.grant = tracing::field::Empty,
            token.refresh = if ahead { "ahead" } else { "on_demand" },
            outcome = tracing::field::Empty,
        );
        span.follows_from(tracing::Span::current());
        crate::support::telemetry::refresh(ahead);
        runtime.spawn(tracing::Instrument::instrument(
            async move { this.run_flight(sender).await },
            span,
        ));
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
                Err(_) => Err(TransportError::timeout(self.source.waiting_for()).into()),
            };
        // The provider's answer time, and when the token's life began: the whole fetch,
        // unless the source says otherwise (a fleet's source that waited for a lease or
        // took a token another instance fetched: waiting is neither latency nor age).
        let (took, issued_at) = match fetched.as_ref().ok().and_then(|t| t.obtained) {
            Some(obtained) => (obtained.latency, obtained.issued_at),
            None => (Some(requested_at.elapsed()), requested_at),
        };
        if let Some(took) = took {
            // A decaying maximum: one slow answer counts for a while, then fades.
            let previous = Duration::from_nanos(self.latency.load(Ordering::Relaxed));
            let latency = took.max(previous * 3 / 4);
            let nanos = u64::try_from(latency.as_nanos()).unwrap_or(u64::MAX);
            self.latency.store(nanos, Ordering::Relaxed);
        }
        let result = fetched.and_then(|token| self.install(token, issued_at));
        let outcome = match &result {
            Ok(_) => "ok",
            Err(e) => e.kind_name(),
        };
        tracing::Span::current().record("outcome", outcome);
        crate::support::telemetry::token_request(self.source.kind(), outcome);
        self.finish(&result);
        guard.1 = false;
        // Nobody listening is fine: the token is installed either way.
        let _ = sender.send(Some(result));
    }

    /// Installs `token`, whose lifetime started at `issued_at`.
    fn install(self: &Arc<Self>, token: Token, issued_at: Instant) -> Result<AccessToken, Error> {
        let lifetime = token.expires_in.or(self.config.default_lifetime);
        let expires_at = lifetime.map(|l| issued_at + l);
        let access = AccessToken::new(token.access_token, token.scopes, expires_at)?;
        let (refresh_at, usable_until) = match lifetime {
            Some(l) => {
                if l < self.config.min_refresh_interval {
                    tracing::warn!(
                        expires_in = ?l,
                        "the provider issued a token that expires almost at once; treating its \
                         lifetime as {:?} to request at most one token per interval",
                        self.config.min_refresh_interval
                    );
                }
                let latency = Duration::from_nanos(self.latency.load(Ordering::Relaxed));
                let s = self.config.schedule(issued_at, l, latency);
                (Some(s.refresh_at), Some(s.usable_until))
            }
            None => (None, None),
        };
        let entry = Arc::new(Entry {
            id: access.id(),
            token: access.clone(),
            refresh_at,
            usable_until,
            state: AtomicU8::new(FRESH),
            installed_at: Instant::now(),
        });
        self.current.store(Some(entry.clone()));
        self.copies.changed();
        let timer = match (refresh_at, usable_until) {
            (Some(refresh_at), Some(usable_until)) => {
                let entry = Arc::downgrade(&entry);
                let copies = Arc::downgrade(&self.copies);
                let advance = move |state: u8| match entry.upgrade() {
                    Some(entry) => {
                        entry.state.store(state, Ordering::Release);
                        if let Some(copies) = copies.upgrade() {
                            copies.changed();
                        }
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
        let previous = std::mem::replace(&mut *crate::support::sync::lock(&self.timer), timer);
        if let Some(previous) = previous {
            previous.abort();
        }
        tracing::info!(expires_in = ?lifetime, "new access token");
        Ok(access)
    }

    /// The current token's `Authorization` value without waiting, or `None` when a new
    /// token must be fetched first. No lock, no clock, no shared write: while nothing
    /// changed since this thread's last call, an atomic load and the clone of this
    /// thread's own copy of the header (see [`ThreadCopies`]).
    #[inline]
    pub(super) fn authorization_now(self: &Arc<Self>) -> Option<Authorization> {
        let version = self.copies.version();
        if let Some(authorization) = self.copies.get(version) {
            return Some(authorization);
        }
        let guard = self.current.load();
        let entry = guard.as_deref()?;
        match entry.state.load(Ordering::Acquire) {
            FRESH => Some(
                self.copies
                    .keep(version, entry.token.header_value(), entry.id),
            ),
            STALE => {
                // Rare: confirm with the clock (a late timer must not stretch a lifetime).
                let now = Instant::now();
                if matches!(entry.freshness(now), Freshness::Expired) {
                    return None;
                }
                self.refresh_in_background(now);
                // Not kept: every call while the token is due checks again.
                Some(Authorization {
                    value: entry.token.header_value().clone(),
                    token_id: entry.id,
                })
            }
            _ => None,
        }
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
                // The server's own wait is honoured up to `max_server_wait`, even when
                // it is longer than the backoff's cap.
                let asked = error
                    .retry_after()
                    .unwrap_or_default()
                    .min(self.config.max_server_wait);
                let wait = backoff.delay(state.failures).max(asked);
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

    /// The API refused the token `token_id` (401). The first refusal drops it, so that
    /// the next caller fetches a new one. When new tokens keep being refused soon after
    /// they were issued, with no successful call in between, the cache damps: the
    /// refused token is kept (callers get their 401 without a replay) and one new token
    /// is fetched per damping period (the auth-failure backoff: 5 s, 10 s, ... 10 min),
    /// so an API that answers 401 to everything costs one token request per period,
    /// not one per call.
    pub(super) fn reject(&self, token_id: u64) -> Rejection {
        let Some(entry) = self.current.load_full().filter(|e| e.id == token_id) else {
            return Rejection::AlreadyReplaced;
        };
        let now = Instant::now();
        let mut damping = crate::support::sync::lock(&self.damping);
        let young = now.saturating_duration_since(entry.installed_at) < YOUNG;
        let run = if young {
            self.rejections
                .fetch_add(1, Ordering::AcqRel)
                .saturating_add(1)
        } else {
            self.rejections.store(1, Ordering::Release);
            damping.until = None;
            1
        };
        if run >= 2 {
            let backoff = self.config.auth_failure_backoff;
            match damping.until {
                Some(until) if now < until => return Rejection::Kept,
                Some(_) => {
                    // A damping period ended: one new token, and the next period.
                    damping.until = Some(now + backoff.delay(run - 1));
                }
                None => {
                    damping.until = Some(now + backoff.delay(run - 1));
                    tracing::warn!(
                        rejections = run,
                        "the API rejected new tokens repeatedly; fetching at most one new \
                         token per backoff period until a call succeeds"
                    );
                    return Rejection::Kept;
                }
            }
        }
        drop(damping);
        if self.drop_token(token_id) {
            tracing::debug!("access token rejected by the API and dropped");
            Rejection::Dropped
        } else {
            Rejection::AlreadyReplaced
        }
    }

    /// A call with a token of this cache succeeded: the API accepts its tokens.
    #[inline]
    pub(super) fn confirm(&self) {
        if self.rejections.load(Ordering::Relaxed) != 0 {
            self.rejections.store(0, Ordering::Release);
            crate::support::sync::lock(&self.damping).until = None;
        }
    }

    fn drop_token(&self, token_id: u64) -> bool {
        let mut dropped = false;
        self.current.rcu(|current| {
            dropped = false;
            match current {
                Some(entry) if entry.id == token_id => {
                    dropped = true;
                    None
                }
                other => other.clone(),
            }
        });
        if dropped {
            self.copies.changed();
        }
        dropped
    }
}
fn flight_lost() -> Error {
    Error::config(
        "the token request was abandoned (the token source panicked or the runtime is \
         shutting down)",
    )
}
