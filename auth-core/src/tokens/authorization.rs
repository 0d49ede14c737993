//! What is attached to a request: [`Authorization`], a ready `Bearer` header value
//! with the id of the token it carries.

use std::fmt;

use reqwest::header::HeaderValue;

use super::token::AccessToken;

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

    /// The token itself, without `Bearer `: what a client sends another way (an API key
    /// in its own header or the query, basic credentials).
    pub(crate) fn credential(&self) -> &[u8] {
        let bytes = self.value.as_bytes();
        bytes.strip_prefix(b"Bearer ").unwrap_or(bytes)
    }
}

impl fmt::Debug for Authorization {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Authorization")
            .field("value", &"Bearer [redacted]")
            .finish()
    }
}
