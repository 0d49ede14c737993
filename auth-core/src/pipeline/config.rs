//! Every limit of the request pipeline, with its default, in one place.

use std::time::Duration;

use crate::support::backoff::Backoff;

/// How a generated client sends requests, retries and waits. Every count and wait is
/// bounded; the defaults:
///
/// | setting | default |
/// |---|---|
/// | [`max_attempts`](Self::max_attempts) | 3 attempts per call (a 401 replay counts as one, and happens even at 1) |
/// | [`attempt_timeout`](Self::attempt_timeout) | 30 s per attempt, body included |
/// | [`deadline`](Self::deadline) | 60 s per call, waits included |
/// | [`max_wait`](Self::max_wait) | 10 s: the longest single wait inside a call |
/// | [`max_hold`](Self::max_hold) | 1 h: the longest a rate-limit reset may hold calls |
/// | [`backoff`](Self::backoff) | 200 ms doubling to 5 s, full jitter (when no header says how long) |
/// | [`retry_non_idempotent`](Self::retry_non_idempotent) | `false`: POST and PATCH are not retried after 5xx or timeouts |
/// | [`retry_budget`](Self::retry_budget) | 10 retries in reserve, refilled by 0.1 per success |
/// | [`adaptive_throttle`](Self::adaptive_throttle) | off |
/// | [`body_limit`](Self::body_limit) | 32 MiB per successful answer; error bodies are read up to 64 KiB |
/// | [`allowed_hosts`](Self::allowed_hosts) | any host |
///
/// What is retried: 429 always (the server did not process the request), after
/// `Retry-After` or `X-RateLimit-Reset` when given; 503, other 5xx, 408, timeouts and
/// broken connections only for idempotent methods (GET, HEAD, PUT, DELETE, OPTIONS)
/// unless configured otherwise; a connection that could not be opened (nothing was
/// sent) for every method. 401 is replayed once with a new token; 403 and other 4xx are
/// never retried.
///
/// ```
/// use std::time::Duration;
/// use auth_core::ClientConfig;
///
/// let config = ClientConfig::default()
///     .max_attempts(5)
///     .deadline(Duration::from_secs(120))
///     .retry_method("create_order", true) // safe: the API dedupes by Idempotency-Key
///     .adaptive_throttle(true);
/// ```
#[derive(Debug, Clone)]
pub struct ClientConfig {
    pub(crate) max_attempts: u32,
    pub(crate) attempt_timeout: Duration,
    pub(crate) deadline: Duration,
    pub(crate) max_wait: Duration,
    pub(crate) max_hold: Duration,
    pub(crate) backoff: Backoff,
    pub(crate) retry_non_idempotent: bool,
    pub(crate) method_retry: Vec<(String, bool)>,
    pub(crate) budget_capacity: f64,
    pub(crate) budget_refill: f64,
    pub(crate) adaptive_throttle: bool,
    pub(crate) body_limit: usize,
    pub(crate) allowed_hosts: Option<Vec<String>>,
}

impl Default for ClientConfig {
    fn default() -> Self {
        ClientConfig {
            max_attempts: 3,
            attempt_timeout: Duration::from_secs(30),
            deadline: Duration::from_secs(60),
            max_wait: Duration::from_secs(10),
            max_hold: Duration::from_secs(3600),
            backoff: Backoff::new(Duration::from_millis(200), Duration::from_secs(5)),
            retry_non_idempotent: false,
            method_retry: Vec::new(),
            budget_capacity: 10.0,
            budget_refill: 0.1,
            adaptive_throttle: false,
            body_limit: 32 << 20,
            allowed_hosts: None,
        }
    }
}

impl ClientConfig {
    /// The most HTTP attempts per call, the first included (at least 1).
    pub fn max_attempts(mut self, n: u32) -> Self {
        self.max_attempts = n.max(1);
        self
    }

    /// The longest one attempt may take, from connecting to the end of the body.
    pub fn attempt_timeout(mut self, d: Duration) -> Self {
        self.attempt_timeout = d;
        self
    }

    /// The longest a whole call may take, attempts and waits included.
    pub fn deadline(mut self, d: Duration) -> Self {
        self.deadline = d;
        self
    }

    /// The longest single wait inside a call. A server asking for a longer one
    /// (`Retry-After: 120`) gets no retry in this call: the error says when to try again,
    /// and the client holds further calls until then.
    pub fn max_wait(mut self, d: Duration) -> Self {
        self.max_wait = d;
        self
    }

    /// The longest a rate-limit reset may hold further calls, whatever a header says.
    pub fn max_hold(mut self, d: Duration) -> Self {
        self.max_hold = d;
        self
    }

    /// Backoff between retries when no header says how long to wait (full jitter).
    pub fn backoff(mut self, b: Backoff) -> Self {
        self.backoff = b;
        self
    }

    /// Whether POST and PATCH are retried after 5xx answers, timeouts and broken
    /// connections, like idempotent methods.
    pub fn retry_non_idempotent(mut self, retry: bool) -> Self {
        self.retry_non_idempotent = retry;
        self
    }

    /// Overrides the retry decision for one method of the API, by its name in the trait.
    pub fn retry_method(mut self, method: &str, retry: bool) -> Self {
        self.method_retry.retain(|(m, _)| m != method);
        self.method_retry.push((method.to_owned(), retry));
        self
    }

    /// The retry budget: `capacity` retries in reserve, and `refill` of a retry earned
    /// back per successful call. When a provider is down, retries stop once the reserve
    /// is spent, instead of multiplying the load.
    pub fn retry_budget(mut self, capacity: f64, refill: f64) -> Self {
        self.budget_capacity = capacity.max(0.0);
        self.budget_refill = refill.max(0.0);
        self
    }

    /// Spaces requests out when `X-RateLimit-Remaining` runs low (against
    /// `X-RateLimit-Limit` and `X-RateLimit-Reset`), so that a burst does not trip the limit.
    pub fn adaptive_throttle(mut self, on: bool) -> Self {
        self.adaptive_throttle = on;
        self
    }

    /// The largest successful answer read, in bytes.
    pub fn body_limit(mut self, bytes: usize) -> Self {
        self.body_limit = bytes;
        self
    }

    /// Hosts the client may send its token to; any other base URL is refused.
    pub fn allowed_hosts<I, S>(mut self, hosts: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.allowed_hosts = Some(
            hosts
                .into_iter()
                .map(|h| h.into().to_ascii_lowercase())
                .collect(),
        );
        self
    }

    /// Whether a failed attempt of `endpoint` may be repeated.
    pub(crate) fn may_retry(&self, endpoint: &crate::scopes::manifest::Endpoint) -> bool {
        match self.method_retry.iter().find(|(m, _)| m == endpoint.name) {
            Some((_, retry)) => *retry,
            None => endpoint.is_idempotent() || self.retry_non_idempotent,
        }
    }
}
