//! [`Scoped`]: a token cache whose scopes are part of its type.

use std::fmt;
use std::marker::PhantomData;

use crate::error::Error;
use crate::scopes::granted::GrantedScopes;
use crate::scopes::missing::MissingScopes;
use crate::scopes::scope::{FirstAdded, NothingAdded, ScopeSet, Unscoped};
use crate::tokens::cache::TokenCache;

/// A [`TokenCache`] whose tokens carry the scopes `S`, as a type. Generated clients take
/// one, and their methods exist only where `S` grants the scopes they need.
///
/// There are five ways to get one, each honest about what is known:
///
/// - [`assume_granted`](Self::assume_granted): the scopes were chosen by a person (a token
///   created in a portal with chosen permissions, a seller portal's personal token that
///   grants everything). Nothing can be checked at run time; the type records the choice.
/// - [`verify`](Self::verify): the provider says which scopes it granted (the `scope` of
///   a token response); they are checked, and the error names each missing one.
/// - [`checked`](Self::checked): the granted scopes come from elsewhere (a config value);
///   the same check.
/// - [`narrow`](Self::narrow): a subset of a set already held; free, and widening does not
///   compile;
/// - [`unscoped`](Scoped::unscoped): the provider has no scopes at all; methods declared
///   `#[authenticated]` without a scope accept it.
///
/// ```
/// auth_core::scopes! { pub mod merchant { can_read_order, can_write_order } }
/// use auth_core::{Scoped, StaticToken, TokenCache};
/// use merchant::{Of, can_read_order};
///
/// let token = StaticToken::new("mrc_live_abc")?;
/// let full: Scoped<merchant::All> = Scoped::assume_granted(token);
/// let read_only: Scoped<Of<can_read_order>> = full.narrow();
/// # Ok::<(), auth_core::Error>(())
/// ```
pub struct Scoped<S> {
    cache: TokenCache,
    scopes: PhantomData<fn() -> S>,
}

impl<S> Clone for Scoped<S> {
    fn clone(&self) -> Self {
        Scoped {
            cache: self.cache.clone(),
            scopes: PhantomData,
        }
    }
}

impl<S: ScopeSet> fmt::Debug for Scoped<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Scoped")
            .field("scopes", &S::granted_names())
            .field("cache", &self.cache)
            .finish()
    }
}

impl Scoped<Unscoped> {
    /// Tokens of a provider that has no scopes (seeds B and D: a vendor portal's JSON
    /// client credentials, a retail platform's password grant). Nothing is claimed, so
    /// nothing needs checking.
    ///
    /// ```
    /// use auth_core::{Environment, Error, JsonClientCredentials, Scoped, TokenCache, api};
    ///
    /// #[api(production = "https://vendor.example")]
    /// pub trait Vendor {
    ///     /// The vendor account.
    ///     #[get("/v1/vendor")]
    ///     #[authenticated]
    ///     async fn vendor(&self) -> Result<serde_json::Value, Error>;
    /// }
    ///
    /// let source = JsonClientCredentials::new("https://vendor.example", "id", "secret")?;
    /// let client = VendorClient::new(Scoped::unscoped(TokenCache::new(source)), Environment::Production);
    /// # Ok::<(), Error>(())
    /// ```
    pub fn unscoped(cache: impl Into<TokenCache>) -> Self {
        Scoped {
            cache: cache.into(),
            scopes: PhantomData,
        }
    }
}

// The constructors bound `S` themselves rather than on the `impl`: a scope written where
// a set belongs (`Scoped<merchant::x>`) is then reported with `ScopeSet`'s message, which
// says how to write a set, not as a method that "exists but its trait bounds were not
// satisfied".
impl<S> Scoped<S> {
    /// Declares that tokens from `cache` carry the scopes `S`, without a check: for
    /// tokens whose scopes a person chose and the provider does not report.
    pub fn assume_granted(cache: impl Into<TokenCache>) -> Self
    where
        S: ScopeSet,
    {
        Scoped {
            cache: cache.into(),
            scopes: PhantomData,
        }
    }

    /// Obtains a token and checks that the provider granted every scope of `S`.
    ///
    /// # Errors
    ///
    /// [`Error::MissingScopes`] naming each scope that was not granted, or, when the
    /// provider did not say what it granted, naming the scopes that cannot be verified.
    /// Errors of obtaining the token are passed on.
    pub async fn verify(cache: impl Into<TokenCache>) -> Result<Self, Error>
    where
        S: ScopeSet,
    {
        let cache = cache.into();
        let token = cache.token().await?;
        match token.scopes() {
            Some(granted) => S::check(granted)?,
            None if S::LEN > 0 => {
                return Err(MissingScopes {
                    missing: S::granted_names(),
                    granted_known: false,
                }
                .into());
            }
            None => {}
        }
        Ok(Self::assume_granted(cache))
    }

    /// Checks scopes granted according to a source other than the token endpoint (a
    /// config value, an admin API listing the token's permissions): the error names each
    /// scope of `S` that `granted` lacks.
    ///
    /// ```
    /// auth_core::scopes! { pub mod shop { orders, products } }
    /// use auth_core::{GrantedScopes, Scoped, StaticToken};
    ///
    /// let from_config = GrantedScopes::parse("orders");
    /// let token = StaticToken::new("tok")?;
    /// assert!(Scoped::<shop::Of<shop::orders>>::checked(token.clone(), &from_config).is_ok());
    /// let err = Scoped::<shop::All>::checked(token, &from_config).unwrap_err();
    /// assert_eq!(err.missing, ["products"]);
    /// # Ok::<(), auth_core::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`MissingScopes`] naming each scope of `S` that `granted` does not list.
    pub fn checked(
        cache: impl Into<TokenCache>,
        granted: &GrantedScopes,
    ) -> Result<Self, MissingScopes>
    where
        S: ScopeSet,
    {
        S::check(granted)?;
        Ok(Self::assume_granted(cache))
    }

    /// The same tokens, typed with fewer scopes. Widening does not compile, and the
    /// error names the scope it would add.
    pub fn narrow<T>(self) -> Scoped<T>
    where
        S: ScopeSet,
        T: ScopeSet + FirstAdded<S>,
        T::Out: NothingAdded,
    {
        Scoped {
            cache: self.cache,
            scopes: PhantomData,
        }
    }

    /// The token cache.
    pub fn cache(&self) -> &TokenCache {
        &self.cache
    }

    /// The token cache, giving up the type-level scopes.
    pub fn into_cache(self) -> TokenCache {
        self.cache
    }
}
