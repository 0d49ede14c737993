//! What one call changes of its client's [`ClientConfig`](crate::ClientConfig): set on
//! the call before it is awaited.
//!
//! ```
//! use std::time::Duration;
//! use auth_core::{ApiCall, Backoff, Error};
//!
//! # async fn demo(call: ApiCall<'_, String>) -> Result<String, Error> {
//! // `call` is what a generated method returns: `client.create_order(&order)`.
//! let answer = call
//!     .timeout(Duration::from_secs(120))            // instead of ClientConfig::deadline
//!     .header("idempotency-key", "order-2026-0042") // sent with every attempt
//!     .retry_non_idempotent(true)                   // the key makes a retried POST safe
//!     .max_attempts(5)
//!     .backoff(Backoff::new(Duration::from_millis(500), Duration::from_secs(10)))
//!     .await?;
//! # Ok(answer) }
//! ```

use std::time::Duration;

use crate::pipeline::config::ClientConfig;
use crate::scopes::manifest::Endpoint;
use crate::support::backoff::Backoff;

/// The overrides one call carries; unset fields keep the client's [`ClientConfig`].
#[derive(Debug, Clone, Default)]
pub(crate) struct CallOptions {
    pub(crate) deadline: Option<Duration>,
    pub(crate) attempt_timeout: Option<Duration>,
    pub(crate) max_attempts: Option<u32>,
    pub(crate) backoff: Option<Backoff>,
    pub(crate) retry_non_idempotent: Option<bool>,
}

/// The limits one call runs under: its client's settings with the call's overrides.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    pub(crate) deadline: Duration,
    pub(crate) attempt_timeout: Duration,
    pub(crate) max_attempts: u32,
    pub(crate) backoff: Backoff,
    /// Whether a failed attempt may be sent again (the method is idempotent, or the
    /// configuration or the call says retrying it is safe).
    pub(crate) may_retry: bool,
}

impl Limits {
    pub(crate) fn new(
        config: &ClientConfig,
        endpoint: &Endpoint,
        options: Option<&CallOptions>,
    ) -> Self {
        let mut limits = Limits {
            deadline: config.deadline,
            attempt_timeout: config.attempt_timeout,
            max_attempts: config.max_attempts,
            backoff: config.backoff,
            may_retry: config.may_retry(endpoint),
        };
        if let Some(options) = options {
            limits.deadline = options.deadline.unwrap_or(limits.deadline);
            limits.attempt_timeout = options.attempt_timeout.unwrap_or(limits.attempt_timeout);
            limits.max_attempts = options.max_attempts.unwrap_or(limits.max_attempts);
            limits.backoff = options.backoff.unwrap_or(limits.backoff);
            if let Some(retry) = options.retry_non_idempotent {
                limits.may_retry = endpoint.is_idempotent() || retry;
            }
        }
        limits
    }
}
