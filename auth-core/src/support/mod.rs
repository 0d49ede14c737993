//! Small tools every layer uses: locks, clock arithmetic, backoff schedules, metrics;
//! and what the `Deserialize` impls `auth-openapi` writes share (`decode`).
//!
//! May use: nothing else in this crate.

pub(crate) mod backoff;
pub mod decode;
pub(crate) mod sync;
pub(crate) mod telemetry;
pub(crate) mod time;
