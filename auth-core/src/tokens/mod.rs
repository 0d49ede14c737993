//! Tokens: how they are obtained (the sources and the token endpoint request), kept and
//! renewed (the cache, static tokens, stores, the Redis fleet), and held with their scope
//! set in their type (`Scoped`).
//!
//! May use: `http`, `error`, `scopes`, `support`. The request pipeline asks this layer for
//! a token before each attempt; nothing here knows about API calls.

pub(crate) mod authorization;
pub(crate) mod cache;
pub(crate) mod endpoint;
#[cfg(feature = "redis")]
pub mod fleet;
pub(crate) mod profile;
pub(crate) mod response;
pub(crate) mod scoped;
pub mod source;
pub(crate) mod static_token;
pub(crate) mod store;
pub(crate) mod thread_copies;
pub(crate) mod token;
