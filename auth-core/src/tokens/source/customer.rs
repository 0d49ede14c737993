use std::fmt;
use std::sync::Arc;

use async_trait::async_trait;
use secrecy::{ExposeSecret, SecretString};

use super::TokenSource;
use super::refresh::RefreshSlot;
use crate::error::Error;
use crate::http::client::token_http_client;
use crate::tokens::cache::{CacheConfig, TokenCache};
use crate::tokens::endpoint::request_token_with;
use crate::tokens::profile::ResponseProfile;
use crate::tokens::token::Token;

/// Customer logins for customer-facing endpoints: JSON credentials to a login URL return
/// an `access_token` and a `refresh_token`; the access token is refreshed with
/// `{"refresh_token": ...}` at a refresh URL when it expires.
///
/// One `CustomerLogin` holds the shared settings (URLs, field names, connection pool);
/// [`customer`](Self::customer) makes a [`TokenCache`] per customer, which costs two small
/// allocations, so an app can hold one for each signed-in customer.
///
/// ```
/// use auth_core::CustomerLogin;
///
/// let logins = CustomerLogin::new(
///     "https://shop.example/api/customer/login",
///     "https://shop.example/api/customer/refresh",
/// )?;
/// let alice = logins.customer("alice@example.com", "alice's password");
/// let bob = logins.customer("bob@example.com", "bob's password");
/// # Ok::<(), auth_core::Error>(())
/// ```
#[derive(Clone)]
pub struct CustomerLogin {
    shared: Arc<Shared>,
}

#[derive(Clone)]
struct Shared {
    http: reqwest::Client,
    login_url: reqwest::Url,
    refresh_url: reqwest::Url,
    username_field: String,
    password_field: String,
    cache: CacheConfig,
    profile: ResponseProfile,
    refresh_lifetime: Option<std::time::Duration>,
}

impl CustomerLogin {
    /// Logins at `login_url`, refreshes at `refresh_url`.
    pub fn new(login_url: &str, refresh_url: &str) -> Result<Self, Error> {
        Ok(CustomerLogin {
            shared: Arc::new(Shared {
                http: token_http_client(),
                login_url: crate::http::url_policy::token_url("customer login URL", login_url)?,
                refresh_url: crate::http::url_policy::token_url(
                    "customer refresh URL",
                    refresh_url,
                )?,
                username_field: "email".into(),
                password_field: "password".into(),
                cache: CacheConfig::default(),
                profile: ResponseProfile::default(),
                refresh_lifetime: None,
            }),
        })
    }

    fn shared_mut(&mut self) -> &mut Shared {
        // Customers created earlier keep the settings they were created with.
        Arc::make_mut(&mut self.shared)
    }

    /// The JSON field names of the login body (`email` and `password` by default).
    pub fn fields(mut self, username: &str, password: &str) -> Self {
        let shared = self.shared_mut();
        shared.username_field = username.into();
        shared.password_field = password.into();
        self
    }

    /// How the login and refresh answers are read (field names such as `accessToken`);
    /// RFC 6749 names by default.
    pub fn profile(mut self, profile: ResponseProfile) -> Self {
        self.shared_mut().profile = profile;
        self
    }

    /// How long a customer's refresh token lives when the answer does not say; ahead of
    /// its expiry the customer is logged in again (when the password is known).
    pub fn refresh_token_lifetime(mut self, lifetime: std::time::Duration) -> Self {
        self.shared_mut().refresh_lifetime = Some(lifetime);
        self
    }

    /// The cache settings of every customer's cache.
    pub fn cache_config(mut self, config: CacheConfig) -> Self {
        self.shared_mut().cache = config;
        self
    }

    /// Uses `client` instead of the shared token connection pool.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.shared_mut().http = client;
        self
    }

    /// A token cache for one customer, logging in with these credentials on first use and
    /// again if the refresh token dies.
    pub fn customer(
        &self,
        username: impl Into<String>,
        password: impl Into<SecretString>,
    ) -> TokenCache {
        self.cache(Some((username.into(), password.into())), None)
    }

    /// A token cache for a customer known only by a refresh token (for example from an
    /// earlier session). When it dies, the cache answers
    /// [`Error::ReauthenticationRequired`].
    pub fn resume(&self, refresh_token: impl Into<SecretString>) -> TokenCache {
        self.cache(None, Some(refresh_token.into()))
    }

    fn cache(
        &self,
        login: Option<(String, SecretString)>,
        refresh: Option<SecretString>,
    ) -> TokenCache {
        let mut slot = RefreshSlot::new();
        if let Some(lifetime) = self.shared.refresh_lifetime {
            slot.set_lifetime(lifetime);
        }
        if let Some(token) = refresh {
            slot.set(token);
        }
        let source = CustomerSource {
            shared: self.shared.clone(),
            login,
            refresh: slot,
        };
        TokenCache::with_config(source, self.shared.cache.clone())
    }
}

impl fmt::Debug for CustomerLogin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CustomerLogin")
            .field("login_url", &self.shared.login_url.as_str())
            .field("refresh_url", &self.shared.refresh_url.as_str())
            .finish_non_exhaustive()
    }
}

struct CustomerSource {
    shared: Arc<Shared>,
    login: Option<(String, SecretString)>,
    refresh: RefreshSlot,
}

#[async_trait]
impl TokenSource for CustomerSource {
    async fn fetch(&self) -> Result<Token, Error> {
        let shared = &*self.shared;
        let login = self.login.as_ref().map(|(username, password)| {
            async move || {
                let mut body = serde_json::Map::new();
                body.insert(shared.username_field.clone(), username.clone().into());
                body.insert(
                    shared.password_field.clone(),
                    password.expose_secret().into(),
                );
                let request = shared.http.post(shared.login_url.clone()).json(&body);
                request_token_with(request, &shared.profile).await
            }
        });
        let refresh = async |token: SecretString| {
            let body = serde_json::json!({ "refresh_token": token.expose_secret() });
            let request = shared.http.post(shared.refresh_url.clone()).json(&body);
            request_token_with(request, &shared.profile).await
        };
        let response = self
            .refresh
            .renew("customer login", "customer_login", login, refresh)
            .await?;
        Ok(response.into_token(None))
    }

    fn kind(&self) -> &'static str {
        "customer_login"
    }
}
