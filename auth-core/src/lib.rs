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

// The layers, bottom to top; each uses only those above it in this list. Their `mod.rs`
// files say what lives in them.
mod error;
mod http;
mod pipeline;
mod scopes;
mod seams;
mod support;
#[cfg(feature = "testkit")]
pub mod testkit;
mod tokens;

pub use pipeline::paging;
pub use pipeline::wire;
pub use scopes::{manifest, scope};
#[cfg(any(feature = "middleware", feature = "tower"))]
pub use seams::middleware;
#[cfg(feature = "redis")]
pub use tokens::fleet;
#[cfg(feature = "redis")]
pub use tokens::fleet::{RedisFleet, RedisStore, SharedSource};
pub use tokens::source;

pub use error::{
    ApiError, BearerChallenge, BodyKind, Error, MissingScopes, OAuthErrorCode, StoreError,
    TokenEndpointError, TransportError, TransportErrorKind,
};
pub use http::client::{api_http_client, token_http_client};
pub use http::retry_after::{parse_rate_limit_reset, parse_retry_after};
#[cfg(feature = "tower")]
pub use pipeline::TowerTransport;
pub use pipeline::config::ClientConfig;
pub use pipeline::paging::{Items, Pages};
pub use pipeline::wire::RawBody;
pub use pipeline::{ApiCall, ByteStream, Multipart, Part, RawResponse, Transport, Upload};
pub use scopes::granted::GrantedScopes;
pub use scopes::manifest::Manifest;
pub use support::backoff::Backoff;
pub use tokens::authorization::{Authorization, TokenRef};
pub use tokens::cache::{CacheConfig, TokenCache};
pub use tokens::endpoint::{request_token, request_token_with};
pub use tokens::profile::ResponseProfile;
pub use tokens::response::TokenResponse;
pub use tokens::scoped::Scoped;
pub use tokens::source::{
    ClientAuth, ClientCredentials, CustomerLogin, Environment, JsonClientCredentials,
    PasswordGrant, TokenSource,
};
pub use tokens::static_token::{EXPIRY_WARNING, StaticToken};
pub use tokens::store::{FileStore, MemoryStore, TokenStore};
pub use tokens::token::{AccessToken, Token};

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
    pub use crate::http::url_policy::server_url;
    pub use crate::pipeline::{ClientCore, Deferred, Placement, Request};
    pub use crate::support::decode as de;
    #[cfg(feature = "macros")]
    pub use auth_macros::undeclared_scope;
    pub use serde_json::Value as JsonValue;

    /// `T` itself, behind a constant: `undeclared_scope!` puts its compile error in `N`, so
    /// that the type it stands for references an error and is not checked further.
    pub trait Reported<const N: usize> {
        /// `T`.
        type Type: ?Sized;
    }

    impl<T: ?Sized, const N: usize> Reported<N> for T {
        type Type = T;
    }
}
