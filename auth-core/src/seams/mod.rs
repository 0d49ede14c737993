//! The seams where an application plugs its own HTTP stack into a generated client:
//! `reqwest-middleware` layers and `tower` services (see also `Transport`).
//!
//! May use: `pipeline`, `tokens`, `error`. Nothing below depends on it.

#[cfg(any(feature = "middleware", feature = "tower"))]
pub mod middleware;
