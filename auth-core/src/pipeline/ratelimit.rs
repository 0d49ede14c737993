//! Acting on rate limits: the client-wide hold after a long reset, the retry budget,
//! and the adaptive throttle that spaces requests when the quota runs low. What the
//! server said is read in [`crate::http::retry_after`].

use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use tokio::time::Instant;

/// A client-wide "no requests before" time, set when a server asks for a wait longer
/// than a call may spend.
pub(crate) struct Hold {
    epoch: Instant,
    /// Nanoseconds after `epoch`; 0 when not holding.
    until: AtomicU64,
}

impl Hold {
    pub(crate) fn new() -> Self {
        Hold {
            epoch: Instant::now(),
            until: AtomicU64::new(0),
        }
    }

    fn nanos(&self, t: Instant) -> u64 {
        u64::try_from(t.saturating_duration_since(self.epoch).as_nanos()).unwrap_or(u64::MAX)
    }

    /// How long calls are still held, if at all.
    pub(crate) fn remaining(&self, now: Instant) -> Option<Duration> {
        let until = self.until.load(Ordering::Acquire);
        let now = self.nanos(now);
        (until > now).then(|| Duration::from_nanos(until - now))
    }

    /// Holds calls until `until` (never shortens an existing hold).
    pub(crate) fn hold_until(&self, until: Instant) {
        self.until.fetch_max(self.nanos(until), Ordering::AcqRel);
    }
}

/// A token bucket of retries: each retry takes one, each success puts back a fraction.
pub(crate) struct RetryBudget {
    /// Thousandths of a retry.
    millis: AtomicU64,
    capacity: u64,
    refill: u64,
}

impl RetryBudget {
    pub(crate) fn new(capacity: f64, refill: f64) -> Self {
        // Config values are clamped to be non-negative; the casts saturate.
        let capacity = (capacity * 1000.0) as u64;
        RetryBudget {
            millis: AtomicU64::new(capacity),
            capacity,
            refill: (refill * 1000.0) as u64,
        }
    }

    /// Takes one retry, if there is one.
    pub(crate) fn withdraw(&self) -> bool {
        self.millis
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |m| m.checked_sub(1000))
            .is_ok()
    }

    /// Credits a success. A full bucket (the common case) costs one load.
    pub(crate) fn deposit(&self) {
        if self.millis.load(Ordering::Relaxed) >= self.capacity {
            return;
        }
        let _ = self
            .millis
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |m| {
                Some((m + self.refill).min(self.capacity))
            });
    }
}

/// Spaces requests when the remaining quota runs low.
pub(crate) struct Throttle {
    state: Mutex<ThrottleState>,
}

struct ThrottleState {
    spacing: Duration,
    next: Option<Instant>,
    until: Option<Instant>,
}

impl Throttle {
    pub(crate) fn new() -> Self {
        Throttle {
            state: Mutex::new(ThrottleState {
                spacing: Duration::ZERO,
                next: None,
                until: None,
            }),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, ThrottleState> {
        crate::support::sync::lock(&self.state)
    }

    /// Learns from a response's quota headers: below a fifth of the limit, requests are
    /// spread evenly over what is left of the window.
    pub(crate) fn observe(&self, remaining: u64, limit: u64, reset: Duration, now: Instant) {
        let mut state = self.lock();
        if limit == 0 || remaining.saturating_mul(5) >= limit {
            state.spacing = Duration::ZERO;
            state.until = None;
            return;
        }
        let slots = u32::try_from(remaining.saturating_add(1)).unwrap_or(u32::MAX);
        state.spacing = reset / slots;
        state.until = Some(now + reset);
        // A request just ended: the next one waits a full slot.
        let next = now + state.spacing;
        state.next = Some(state.next.map_or(next, |n| n.max(next)));
    }

    /// When the next request may go, reserving that slot.
    pub(crate) fn reserve(&self, now: Instant) -> Instant {
        let mut state = self.lock();
        if state.until.is_none_or(|until| now >= until) || state.spacing.is_zero() {
            state.spacing = Duration::ZERO;
            state.until = None;
            return now;
        }
        let slot = state.next.map_or(now, |next| next.max(now));
        state.next = Some(slot + state.spacing);
        slot
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn budget_spends_and_refills_within_capacity() {
        let budget = RetryBudget::new(2.0, 0.5);
        assert!(budget.withdraw());
        assert!(budget.withdraw());
        assert!(!budget.withdraw());
        budget.deposit();
        assert!(!budget.withdraw(), "half a retry is not a retry");
        budget.deposit();
        assert!(budget.withdraw());
        for _ in 0..100 {
            budget.deposit();
        }
        assert!(budget.withdraw() && budget.withdraw() && !budget.withdraw());
    }

    #[test]
    fn throttle_spaces_requests_only_when_quota_runs_low() {
        let throttle = Throttle::new();
        let t0 = Instant::now();
        throttle.observe(50, 100, Duration::from_secs(60), t0);
        assert_eq!(throttle.reserve(t0), t0);
        assert_eq!(throttle.reserve(t0), t0);
        throttle.observe(9, 100, Duration::from_secs(10), t0);
        let slots: Vec<Duration> = (0..3).map(|_| throttle.reserve(t0) - t0).collect();
        // The response just observed counts as a request: the next waits one slot.
        let secs = Duration::from_secs;
        assert_eq!(slots, [secs(1), secs(2), secs(3)]);
        // After the window, no more spacing.
        assert_eq!(
            throttle.reserve(t0 + Duration::from_secs(11)),
            t0 + Duration::from_secs(11)
        );
    }

    #[test]
    fn hold_never_shortens() {
        let hold = Hold::new();
        let t0 = Instant::now();
        assert_eq!(hold.remaining(t0), None);
        hold.hold_until(t0 + Duration::from_secs(60));
        hold.hold_until(t0 + Duration::from_secs(10));
        assert_eq!(hold.remaining(t0), Some(Duration::from_secs(60)));
        assert_eq!(hold.remaining(t0 + Duration::from_secs(61)), None);
    }
}
