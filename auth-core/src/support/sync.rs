//! Locks for state that no panic can leave half-updated.

use std::sync::{Mutex, MutexGuard};

/// Locks `m`, also after another holder panicked: every mutex in this crate guards state
/// changed by single assignments or map operations, which a panic cannot tear, so the
/// poison flag carries no information worth failing for.
pub(crate) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}
