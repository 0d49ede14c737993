//! The token runtime behind scope-checked API clients.
//!
//! `auth-core` obtains, caches, refreshes and attaches bearer tokens for the ways real
//! providers issue them, so that an application holds a valid token for each credential
//! without writing caching or refresh code of its own.
//!
//! - [`TokenSource`]: one small type per provider style: [`StaticToken`] (portal-issued
//!   tokens), [`JsonClientCredentials`], [`ClientCredentials`] (RFC 6749 §4.4),
//!   [`PasswordGrant`] (with refresh and tenant parameters), [`CustomerLogin`], or your own.
//! - [`TokenCache`]: one per credential; lock-free reads, refresh ahead of expiry without
//!   blocking callers, single flight, backoff that tells transient from permanent failures.
//! - [`TokenStore`]: where refresh tokens survive restarts ([`FileStore`], [`MemoryStore`]).
//! - Secrets are [`secrecy::SecretString`]s: no `Debug`, `Display`, error or log line of
//!   this crate contains a token, password or client secret.
//!
//! ```
//! use auth_core::{ClientCredentials, TokenCache};
//!
//! # async fn demo() -> Result<(), auth_core::Error> {
//! let source = ClientCredentials::new("https://auth.example/oauth/token", "client-1", "secret-1")?
//!     .scopes(["can_read_order"]);
//! let cache = TokenCache::new(source);
//!
//! // Every caller shares one token; it is refreshed ahead of expiry in the background.
//! let token = cache.token().await?;
//! let request = auth_core::api_http_client()
//!     .get("https://api.example/orders/1")
//!     .header(auth_core::reqwest::header::AUTHORIZATION, token.header_value());
//! # Ok(()) }
//! ```
//!
//! # Features
//!
//! - `rustls` (default): HTTPS through rustls with the `ring` provider.
//! - `native-tls`: HTTPS through the platform's TLS library.
//! - `testkit`: `testkit::TestProvider`, a loopback OAuth 2 and resource server for tests.
//! - `redis`: the `fleet` module, one token request per expiry across many instances, on Redis.
//! - `middleware`: the token runtime as a reqwest-middleware `Middleware` (the
//!   `middleware` module), and generated clients over a `ClientWithMiddleware`.
//! - `tower`: the same as a tower `Layer`, and generated clients over a tower service.

#![warn(missing_docs)]

// Generated code names this crate as `::auth_core`, in its own tests too.
extern crate self as auth_core;

mod backoff;
mod cache;
mod config;
mod error;
mod error_body;
mod http;
pub mod manifest;
#[cfg(any(feature = "middleware", feature = "tower"))]
pub mod middleware;
mod pipeline;
mod query;
mod ratelimit;
mod redact;
pub mod scope;
mod scoped;
pub mod source;
mod static_token;
mod store;
mod sync;
mod telemetry;
mod time;
mod token;
mod url_policy;
pub mod wire;

#[cfg(feature = "testkit")]
pub mod testkit;

#[cfg(feature = "redis")]
pub mod fleet;
#[cfg(feature = "redis")]
pub use fleet::{RedisFleet, RedisStore, SharedSource};

pub use backoff::Backoff;
pub use cache::{CacheConfig, TokenCache};
pub use config::ClientConfig;
pub use error::{
    ApiError, BearerChallenge, BodyKind, Error, MissingScopes, OAuthErrorCode, StoreError,
    TokenEndpointError, TransportError, TransportErrorKind,
};
pub use http::{api_http_client, request_token, request_token_with, token_http_client};
pub use manifest::Manifest;
#[cfg(feature = "tower")]
pub use pipeline::TowerTransport;
pub use pipeline::{ApiCall, RawResponse, Transport};
pub use ratelimit::{parse_rate_limit_reset, parse_retry_after};
pub use scoped::Scoped;
pub use source::{
    ClientAuth, ClientCredentials, CustomerLogin, Environment, JsonClientCredentials,
    PasswordGrant, TokenSource,
};
pub use static_token::{EXPIRY_WARNING, StaticToken};
pub use store::{FileStore, MemoryStore, TokenStore};
pub use token::{
    AccessToken, Authorization, GrantedScopes, ResponseProfile, Token, TokenRef, TokenResponse,
};
pub use wire::RawBody;

/// Re-exported so that custom token sources use the same version as this crate.
pub use async_trait::async_trait;
/// Re-exported: the HTTP client used throughout.
pub use reqwest;
/// Re-exported: the secret types used throughout.
pub use secrecy;

#[cfg(feature = "macros")]
mod macros;
#[cfg(feature = "macros")]
pub use macros::*;

/// Used by code the macros generate; not a stable API. Its name carries the version of
/// the code generation it serves, so that mismatched `auth-macros` and `auth-core`
/// versions fail with "could not find `__private_0_1`" rather than with odd errors.
#[doc(hidden)]
pub mod __private_0_1 {
    pub use crate::pipeline::{ClientCore, Placement, Request};
    pub use crate::url_policy::server_url;
}
