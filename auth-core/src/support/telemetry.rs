//! Metrics through the [`metrics`](https://docs.rs/metrics) facade (feature `metrics`):
//! what the token runtime and the request pipeline did, for any recorder the
//! application installs (Prometheus, StatsD, OpenTelemetry). Without the feature these
//! functions compile to nothing.
//!
//! | metric | kind | labels |
//! |---|---|---|
//! | `auth_core_token_requests_total` | counter | `source` (`client_credentials`, `password`, ...), `outcome` (`ok` or the error's kind) |
//! | `auth_core_token_refreshes_total` | counter | `when`: `ahead` (a valid token was still in use) or `on_demand` (callers waited) |
//! | `auth_core_unauthorized_replays_total` | counter | `api_method` |
//! | `auth_core_retries_total` | counter | `api_method`, `cause` (`rate_limited`, `server_error`, `timeout`, `connect`, `transport`) |
//! | `auth_core_rate_limit_waits_total` | counter | `api_method` |
//! | `auth_core_rate_limit_holds_total` | counter | `api_method` (calls refused locally while the client holds) |
//! | `auth_core_call_duration_seconds` | histogram | `api_method`, `outcome` (the status, or the error's kind) |

#[cfg(feature = "metrics")]
mod on {
    use std::time::Duration;

    pub(crate) fn token_request(source: &'static str, outcome: &'static str) {
        metrics::counter!("auth_core_token_requests_total", "source" => source, "outcome" => outcome)
            .increment(1);
    }

    pub(crate) fn refresh(ahead: bool) {
        let when = if ahead { "ahead" } else { "on_demand" };
        metrics::counter!("auth_core_token_refreshes_total", "when" => when).increment(1);
    }

    pub(crate) fn replay(api_method: &'static str) {
        metrics::counter!("auth_core_unauthorized_replays_total", "api_method" => api_method)
            .increment(1);
    }

    pub(crate) fn retry(api_method: &'static str, cause: &'static str) {
        metrics::counter!("auth_core_retries_total", "api_method" => api_method, "cause" => cause)
            .increment(1);
    }

    pub(crate) fn rate_limit_wait(api_method: &'static str) {
        metrics::counter!("auth_core_rate_limit_waits_total", "api_method" => api_method)
            .increment(1);
    }

    pub(crate) fn rate_limit_hold(api_method: &'static str) {
        metrics::counter!("auth_core_rate_limit_holds_total", "api_method" => api_method)
            .increment(1);
    }

    pub(crate) fn call(api_method: &'static str, outcome: String, took: Duration) {
        metrics::histogram!(
            "auth_core_call_duration_seconds",
            "api_method" => api_method,
            "outcome" => outcome
        )
        .record(took.as_secs_f64());
    }
}

#[cfg(not(feature = "metrics"))]
mod on {
    use std::time::Duration;

    #[inline(always)]
    pub(crate) fn token_request(_: &'static str, _: &'static str) {}
    #[inline(always)]
    pub(crate) fn refresh(_: bool) {}
    #[inline(always)]
    pub(crate) fn replay(_: &'static str) {}
    #[inline(always)]
    pub(crate) fn retry(_: &'static str, _: &'static str) {}
    #[inline(always)]
    pub(crate) fn rate_limit_wait(_: &'static str) {}
    #[inline(always)]
    pub(crate) fn rate_limit_hold(_: &'static str) {}
    #[inline(always)]
    pub(crate) fn call(_: &'static str, _: String, _: Duration) {}
}

pub(crate) use on::*;

/// Whether call metrics are recorded (so that the clock is read only then).
pub(crate) const CALL_METRICS: bool = cfg!(feature = "metrics");
