//! Per-thread copies of the header a cache hands out, so that attaching a token reads
//! no shared pointer and bumps no reference count that other threads bump too.
//!
//! A cache (or a [`StaticToken`](crate::StaticToken)) owns a [`ThreadCopies`]: a version
//! number it moves forward after every change to what it hands out (a new token, a
//! dropped one, a token due for refresh). A thread that attached the token at version
//! `v` keeps its own copy of the header, tagged `v`; while the version stays `v`, the
//! next attach on that thread is one atomic load, a comparison and the clone of that
//! copy, whose reference count no other thread touches.
//!
//! Ordering: an owner changes its state first and moves the version after
//! ([`changed`](ThreadCopies::changed)); a reader reads the version first and the state
//! after. So a copy tagged `v` was taken from a state at least as new as `v`, and any
//! later change makes the tag stale.
//!
//! Each thread keeps copies for up to [`SLOTS`] owners; when all slots hold current
//! copies, an attach for another owner clones the shared header instead (correct, only
//! slower under contention). A slot is free again once its owner is dropped or has
//! changed since (a new token: the next attach makes a new copy anyway). A copy outlives
//! its owner until the thread reuses the slot or exits: like every freed buffer, its
//! bytes are not zeroed, and it is never logged or shown.

use std::cell::RefCell;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Weak};

use reqwest::header::HeaderValue;

use super::authorization::Authorization;

/// How many owners one thread keeps copies for.
pub(crate) const SLOTS: usize = 8;

/// The version of what one owner hands out; see the module docs.
pub(crate) struct ThreadCopies {
    version: AtomicU64,
}

/// One thread's copy of one owner's header.
struct Slot {
    /// Compared by address; the `Weak` keeps the address from being reused while the
    /// slot holds it, and tells a dropped owner's slot free.
    owner: Weak<ThreadCopies>,
    version: u64,
    authorization: Authorization,
}

thread_local! {
    static COPIES: RefCell<[Option<Slot>; SLOTS]> =
        const { RefCell::new([const { None }; SLOTS]) };
}

impl ThreadCopies {
    pub(crate) fn new() -> Arc<Self> {
        Arc::new(ThreadCopies {
            version: AtomicU64::new(0),
        })
    }

    /// To be called after every change to what the owner hands out: every thread's
    /// copy is stale from now on.
    pub(crate) fn changed(&self) {
        self.version.fetch_add(1, Ordering::Release);
    }

    /// The current version; read it before reading the owner's state.
    #[inline]
    pub(crate) fn version(&self) -> u64 {
        self.version.load(Ordering::Acquire)
    }

    /// This thread's copy, if it was kept at `version`.
    #[inline]
    pub(crate) fn get(self: &Arc<Self>, version: u64) -> Option<Authorization> {
        let me = Arc::as_ptr(self);
        COPIES
            .try_with(|slots| {
                let slots = slots.try_borrow().ok()?;
                slots
                    .iter()
                    .flatten()
                    .find(|slot| slot.owner.as_ptr() == me)
                    .filter(|slot| slot.version == version)
                    .map(|slot| slot.authorization.clone())
            })
            .ok()
            .flatten()
    }

    /// Makes this thread's copy of `header` (read at `version`) and returns a clone of
    /// it; when the thread has no free slot, returns a clone of `header` itself.
    pub(crate) fn keep(
        self: &Arc<Self>,
        version: u64,
        header: &HeaderValue,
        token_id: u64,
    ) -> Authorization {
        let shared = || Authorization {
            value: header.clone(),
            token_id,
        };
        let me = Arc::as_ptr(self);
        COPIES
            .try_with(|slots| {
                let Ok(mut slots) = slots.try_borrow_mut() else {
                    return shared();
                };
                let free = slots
                    .iter()
                    .position(|s| s.as_ref().is_some_and(|s| s.owner.as_ptr() == me))
                    .or_else(|| {
                        // A free slot: empty, or holding a copy no call will use again
                        // (its owner was dropped, or has changed since).
                        slots.iter().position(|s| {
                            s.as_ref().is_none_or(|s| {
                                s.owner.upgrade().is_none_or(|o| o.version() != s.version)
                            })
                        })
                    });
                let Some(free) = free else {
                    return shared();
                };
                let authorization = Authorization {
                    value: own_copy(header),
                    token_id,
                };
                slots[free] = Some(Slot {
                    owner: Arc::downgrade(self),
                    version,
                    authorization: authorization.clone(),
                });
                authorization
            })
            .unwrap_or_else(|_| shared())
    }
}

/// A copy of `header` whose reference count sits in an allocation of its own cache
/// lines: small allocations made one after another would otherwise share a line with
/// another thread's data.
fn own_copy(header: &HeaderValue) -> HeaderValue {
    #[repr(align(128))]
    struct OwnLine(Box<[u8]>);
    impl AsRef<[u8]> for OwnLine {
        fn as_ref(&self) -> &[u8] {
            &self.0
        }
    }
    let bytes = bytes::Bytes::from_owner(OwnLine(header.as_bytes().into()));
    let mut copy = HeaderValue::from_maybe_shared(bytes).unwrap_or_else(|_| header.clone());
    copy.set_sensitive(header.is_sensitive());
    copy
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(text: &str) -> HeaderValue {
        let mut value = HeaderValue::from_str(text).unwrap();
        value.set_sensitive(true);
        value
    }

    #[test]
    fn a_copy_is_handed_out_until_the_owner_changes() {
        let copies = ThreadCopies::new();
        let v = copies.version();
        assert!(copies.get(v).is_none(), "nothing kept yet");
        let kept = copies.keep(v, &header("Bearer one"), 1);
        assert_eq!(kept.value, "Bearer one");
        assert!(kept.value.is_sensitive());
        let again = copies.get(v).expect("kept at v");
        assert_eq!((again.value, again.token_id), (header("Bearer one"), 1));

        copies.changed();
        let v2 = copies.version();
        assert_ne!(v, v2);
        assert!(copies.get(v2).is_none(), "a change makes the copy stale");
        copies.keep(v2, &header("Bearer two"), 2);
        assert_eq!(copies.get(v2).unwrap().value, "Bearer two");
    }

    #[test]
    fn threads_keep_their_own_copies() {
        let copies = ThreadCopies::new();
        let v = copies.version();
        copies.keep(v, &header("Bearer one"), 1);
        std::thread::scope(|s| {
            s.spawn(|| assert!(copies.get(v).is_none(), "another thread kept none"));
        });
    }

    #[test]
    fn owners_share_a_thread_up_to_the_slot_count_then_fall_back_to_the_shared_header() {
        let owners: Vec<_> = (0..SLOTS + 1).map(|_| ThreadCopies::new()).collect();
        for (i, owner) in owners.iter().enumerate() {
            let got = owner.keep(owner.version(), &header(&format!("Bearer {i}")), i as u64);
            assert_eq!(got.value, format!("Bearer {i}").as_str());
        }
        for (i, owner) in owners.iter().enumerate().take(SLOTS) {
            assert_eq!(owner.get(owner.version()).unwrap().token_id, i as u64);
        }
        let last = &owners[SLOTS];
        assert!(last.get(last.version()).is_none(), "no slot was free");

        // A dropped owner's slot is free again.
        let mut owners = owners;
        owners.remove(0);
        let late = ThreadCopies::new();
        late.keep(late.version(), &header("Bearer late"), 99);
        assert_eq!(late.get(late.version()).unwrap().token_id, 99);

        // So is the slot of an owner that changed since its copy was made.
        let newest = ThreadCopies::new();
        newest.keep(newest.version(), &header("Bearer newest"), 100);
        assert!(
            newest.get(newest.version()).is_none(),
            "every slot is current"
        );
        owners[0].changed();
        newest.keep(newest.version(), &header("Bearer newest"), 100);
        assert_eq!(newest.get(newest.version()).unwrap().token_id, 100);
    }
}
