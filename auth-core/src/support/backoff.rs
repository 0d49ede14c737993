//! Capped exponential backoff with jitter.

use std::time::Duration;

/// Capped exponential backoff: attempt `n` (from 1) waits about `base × 2^(n-1)`, never
/// more than `cap`, with random jitter so that many clients do not retry in lockstep.
///
/// ```
/// use std::time::Duration;
/// use auth_core::Backoff;
///
/// let backoff = Backoff::new(Duration::from_millis(500), Duration::from_secs(30));
/// let third = backoff.delay(3); // between 1 s and 2 s
/// assert!(third >= Duration::from_secs(1) && third <= Duration::from_secs(2));
/// assert!(backoff.delay(100) <= Duration::from_secs(30));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backoff {
    base: Duration,
    cap: Duration,
}

impl Backoff {
    /// Backoff starting at `base` and never above `cap`.
    pub const fn new(base: Duration, cap: Duration) -> Self {
        Backoff { base, cap }
    }

    /// The first wait, before jitter.
    pub fn base(&self) -> Duration {
        self.base
    }

    /// The longest wait.
    pub fn cap(&self) -> Duration {
        self.cap
    }

    /// The exponential wait for attempt `attempt` (from 1), capped, before jitter.
    pub fn ceiling(&self, attempt: u32) -> Duration {
        let factor = 1u32 << attempt.saturating_sub(1).min(20);
        self.base.saturating_mul(factor).min(self.cap)
    }

    /// "Equal jitter": a random wait in `[ceiling/2, ceiling]`. Used where waiting at
    /// least something matters (not hammering a failing token endpoint).
    pub fn delay(&self, attempt: u32) -> Duration {
        let ceiling = self.ceiling(attempt);
        ceiling / 2 + random_up_to(ceiling / 2)
    }

    /// "Full jitter": a random wait in `[0, ceiling]`, which spreads retries of many
    /// clients best.
    pub fn full_jitter(&self, attempt: u32) -> Duration {
        random_up_to(self.ceiling(attempt))
    }
}

/// A uniformly random duration in `[0, max]`.
pub(crate) fn random_up_to(max: Duration) -> Duration {
    let nanos = u64::try_from(max.as_nanos()).unwrap_or(u64::MAX);
    Duration::from_nanos(fastrand::u64(..=nanos))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grows_exponentially_and_stays_capped() {
        let b = Backoff::new(Duration::from_secs(1), Duration::from_secs(60));
        assert_eq!(b.ceiling(1), Duration::from_secs(1));
        assert_eq!(b.ceiling(2), Duration::from_secs(2));
        assert_eq!(b.ceiling(6), Duration::from_secs(32));
        assert_eq!(b.ceiling(7), Duration::from_secs(60));
        assert_eq!(b.ceiling(u32::MAX), Duration::from_secs(60));
        for attempt in 1..50 {
            let d = b.delay(attempt);
            assert!(d >= b.ceiling(attempt) / 2 && d <= b.ceiling(attempt));
            assert!(b.full_jitter(attempt) <= b.ceiling(attempt));
        }
    }
}
