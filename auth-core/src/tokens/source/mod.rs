//! Token sources: one small type per way providers issue tokens, behind one trait.
//!
//! | provider style | source |
//! |---|---|
//! | token created in a portal (merchant API token, seller-portal personal or service token) | [`StaticToken`](crate::StaticToken) (not fetched, so not a `TokenSource`) |
//! | `POST /v1/bearer-token` with JSON `{"client_id","client_secret"}` | [`JsonClientCredentials`] |
//! | RFC 6749 §4.4 client credentials (form body, Basic or body client auth) | [`ClientCredentials`] |
//! | OAuth 2 password grant + refresh grant with extra tenant parameters | [`PasswordGrant`] |
//! | customer login returning an access and a refresh token | [`CustomerLogin`] |
//!
//! # A provider of your own
//!
//! A token endpoint no built-in source fits takes about twenty lines: implement
//! [`TokenSource::fetch`] and hand the source to a [`TokenCache`](crate::TokenCache),
//! which adds caching, refresh ahead of expiry, single flight and backoff.
//!
//! ```
//! use auth_core::secrecy::{ExposeSecret, SecretString};
//! use auth_core::{Error, Token, TokenCache, TokenSource, async_trait, request_token};
//!
//! /// A vendor that wants `GET /auth?key=...` with the key in a header and answers
//! /// `{"access_token": "...", "expires_in": 900}`.
//! struct VendorKey {
//!     http: auth_core::reqwest::Client,
//!     url: String,
//!     key: SecretString,
//! }
//!
//! #[async_trait]
//! impl TokenSource for VendorKey {
//!     async fn fetch(&self) -> Result<Token, Error> {
//!         let request = self.http.get(&self.url).header("X-Api-Key", self.key.expose_secret());
//!         // Status handling, bounded reads, lenient parsing and typed errors:
//!         Ok(request_token(request).await?.into_token(None))
//!     }
//! }
//!
//! let cache = TokenCache::new(VendorKey {
//!     http: auth_core::token_http_client(),
//!     url: "https://vendor.example/auth".into(),
//!     key: "k-123".into(),
//! });
//! ```

mod client_credentials;
mod customer;
mod json_credentials;
mod password;
mod refresh;

use async_trait::async_trait;

pub use client_credentials::ClientCredentials;
pub use customer::CustomerLogin;
pub use json_credentials::JsonClientCredentials;
pub use password::PasswordGrant;

use crate::error::Error;
use crate::tokens::token::Token;

/// Something that can obtain a new access token.
///
/// A source does one thing: ask the provider for a token. Caching, refreshing ahead of
/// expiry, single flight and backoff belong to the [`TokenCache`](crate::TokenCache) that
/// owns the source, which never calls `fetch` concurrently with itself.
#[async_trait]
pub trait TokenSource: Send + Sync + 'static {
    /// Obtains a new access token.
    ///
    /// Sources that hold a refresh token use it here and fall back to their full grant
    /// when the provider rejects it.
    async fn fetch(&self) -> Result<Token, Error>;

    /// What kind of source this is, for the `token_request` span and metrics
    /// (`client_credentials`, `password`, ...; `custom` unless overridden).
    fn kind(&self) -> &'static str {
        "custom"
    }

    /// What a `fetch` that has not finished is waiting for, named by the cache's
    /// timeout error ("timed out waiting for ..."): the token endpoint, unless the
    /// source knows better (a fleet's source waiting for Redis, or for the token of
    /// the instance holding the lease).
    fn waiting_for(&self) -> String {
        "the token endpoint".to_owned()
    }

    /// A token that became available without asking the provider (another instance
    /// of a fleet published one), looked for before a caller is handed the last
    /// failure while its backoff runs, at most every 250 ms. `None` by default.
    async fn available(&self) -> Option<Token> {
        None
    }

    /// Whether [`available`](Self::available) can find anything: the cache looks only
    /// when it can.
    fn shares_tokens(&self) -> bool {
        false
    }
}

#[async_trait]
impl<T: TokenSource + ?Sized> TokenSource for std::sync::Arc<T> {
    async fn fetch(&self) -> Result<Token, Error> {
        (**self).fetch().await
    }

    fn kind(&self) -> &'static str {
        (**self).kind()
    }

    fn waiting_for(&self) -> String {
        (**self).waiting_for()
    }

    async fn available(&self) -> Option<Token> {
        (**self).available().await
    }

    fn shares_tokens(&self) -> bool {
        (**self).shares_tokens()
    }
}

#[async_trait]
impl<T: TokenSource + ?Sized> TokenSource for Box<T> {
    async fn fetch(&self) -> Result<Token, Error> {
        (**self).fetch().await
    }

    fn kind(&self) -> &'static str {
        (**self).kind()
    }

    fn waiting_for(&self) -> String {
        (**self).waiting_for()
    }

    async fn available(&self) -> Option<Token> {
        (**self).available().await
    }

    fn shares_tokens(&self) -> bool {
        (**self).shares_tokens()
    }
}

/// Records the grant a source is about to use on the `token_request` span.
pub(crate) fn record_grant(grant: &'static str) {
    tracing::Span::current().record("token.grant", grant);
}

/// How a client authenticates to an RFC 6749 token endpoint (§2.3.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum ClientAuth {
    /// HTTP Basic with the id and secret form-urlencoded first, as RFC 6749 §2.3.1
    /// requires. Identical to [`BasicUnencoded`](Self::BasicUnencoded) for ids and
    /// secrets made of letters, digits and `-._~`.
    #[default]
    Basic,
    /// HTTP Basic of `base64(id:secret)` without form-urlencoding, for servers that do not
    /// decode (such as `@node-oauth/oauth2-server`) and docs that say exactly this.
    BasicUnencoded,
    /// `client_id` and `client_secret` as form fields in the request body.
    RequestBody,
}

impl ClientAuth {
    /// Adds the client's credentials to a token request.
    pub(crate) fn apply(
        self,
        request: reqwest::RequestBuilder,
        form: &mut Vec<(&'static str, String)>,
        client_id: &str,
        client_secret: &secrecy::SecretString,
    ) -> reqwest::RequestBuilder {
        use secrecy::ExposeSecret;
        match self {
            ClientAuth::Basic => {
                let enc =
                    |s: &str| form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>();
                request.basic_auth(enc(client_id), Some(enc(client_secret.expose_secret())))
            }
            ClientAuth::BasicUnencoded => {
                request.basic_auth(client_id, Some(client_secret.expose_secret()))
            }
            ClientAuth::RequestBody => {
                form.push(("client_id", client_id.to_owned()));
                form.push(("client_secret", client_secret.expose_secret().to_owned()));
                request
            }
        }
    }
}

/// Which of a provider's deployments to talk to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Environment {
    /// The live system.
    #[default]
    Production,
    /// The provider's test or staging system.
    Staging,
}

impl Environment {
    /// Picks the value for this environment.
    ///
    /// ```
    /// use auth_core::Environment;
    /// let url = Environment::Staging.select(
    ///     "https://auth.retail.example/oauth/token",
    ///     "https://auth.staging.retail.example/oauth/token",
    /// );
    /// assert_eq!(url, "https://auth.staging.retail.example/oauth/token");
    /// ```
    pub fn select<T>(self, production: T, staging: T) -> T {
        match self {
            Environment::Production => production,
            Environment::Staging => staging,
        }
    }
}
