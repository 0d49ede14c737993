//! Small tools every layer uses: locks, clock arithmetic, backoff schedules, metrics.
//!
//! May use: nothing else in this crate.

pub(crate) mod backoff;
pub(crate) mod sync;
pub(crate) mod telemetry;
pub(crate) mod time;
