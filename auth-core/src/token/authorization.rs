//! What is attached to a request: [`Authorization`], a ready `Bearer` header value
//! with the id of the token it carries, and the per-thread copies it is cloned from.

use std::fmt;
use std::sync::atomic::Ordering;

use reqwest::header::HeaderValue;

use super::AccessToken;

/// Something that names one issued token: an [`AccessToken`] or an [`Authorization`].
pub trait TokenRef: private::Sealed {
    /// The token's unique id.
    #[doc(hidden)]
    fn token_id(&self) -> u64;
}

mod private {
    pub trait Sealed {}
    impl Sealed for super::AccessToken {}
    impl Sealed for super::Authorization {}
}

impl TokenRef for AccessToken {
    fn token_id(&self) -> u64 {
        self.id()
    }
}

impl TokenRef for Authorization {
    fn token_id(&self) -> u64 {
        self.token_id
    }
}

/// A ready `Authorization: Bearer ...` value and the token it belongs to (for
/// [`TokenCache::invalidate`](crate::TokenCache::invalidate)). Redacted in `Debug`.
#[derive(Clone)]
pub struct Authorization {
    pub(crate) value: HeaderValue,
    pub(crate) token_id: u64,
}

impl Authorization {
    /// `Bearer <token>`, marked sensitive.
    pub fn header_value(&self) -> &HeaderValue {
        &self.value
    }

    /// The header value, by value.
    pub fn into_header_value(self) -> HeaderValue {
        self.value
    }
}

impl fmt::Debug for Authorization {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Authorization")
            .field("value", &"Bearer [redacted]")
            .finish()
    }
}

/// Copies of a header value, each in its own allocation and cache line, one per
/// "stripe" of threads. Cloning a header value shared by all threads bumps one reference
/// count from every core (about 4x the cost on two cores); a thread cloning its stripe's
/// copy touches a cache line that other threads rarely share.
pub(crate) struct Stripes(Box<[Padded]>);

/// One stripe per CPU (threads on one CPU do not contend), at most 8.
fn stripe_count() -> usize {
    static COUNT: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *COUNT.get_or_init(|| std::thread::available_parallelism().map_or(1, |n| n.get().min(8)))
}

#[repr(align(128))]
struct Padded(HeaderValue);

impl Stripes {
    pub(crate) fn new(value: &HeaderValue) -> Self {
        /// Bytes whose reference count sits in an allocation of its own cache lines:
        /// small allocations made one after another would otherwise share a line.
        #[repr(align(128))]
        struct OwnLine(Box<[u8]>);
        impl AsRef<[u8]> for OwnLine {
            fn as_ref(&self) -> &[u8] {
                &self.0
            }
        }
        let copy = || {
            let bytes = bytes::Bytes::from_owner(OwnLine(value.as_bytes().into()));
            let mut v = HeaderValue::from_maybe_shared(bytes).unwrap_or_else(|_| value.clone());
            v.set_sensitive(true);
            Padded(v)
        };
        Stripes((0..stripe_count()).map(|_| copy()).collect())
    }

    /// This thread's copy.
    #[inline]
    pub(crate) fn get(&self) -> &HeaderValue {
        &self.0[thread_stripe() % self.0.len()].0
    }
}

/// A number for this thread, the same for its lifetime; consecutive threads get
/// consecutive numbers, so that they fall on different stripes.
#[inline]
fn thread_stripe() -> usize {
    use std::cell::Cell;
    use std::sync::atomic::AtomicUsize;
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    thread_local! {
        static STRIPE: Cell<usize> = const { Cell::new(usize::MAX) };
    }
    STRIPE.with(|stripe| {
        let mut s = stripe.get();
        if s == usize::MAX {
            s = NEXT.fetch_add(1, Ordering::Relaxed);
            stripe.set(s);
        }
        s
    })
}
