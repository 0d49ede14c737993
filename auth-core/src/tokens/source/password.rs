use std::fmt;
use std::sync::Arc;

use async_trait::async_trait;
use secrecy::{ExposeSecret, SecretString};

use super::refresh::RefreshSlot;
use super::{ClientAuth, TokenSource};
use crate::error::Error;
use crate::http::client::token_http_client;
use crate::scopes::granted::GrantedScopes;
use crate::tokens::endpoint::request_token_with;
use crate::tokens::profile::ResponseProfile;
use crate::tokens::response::TokenResponse;
use crate::tokens::store::TokenStore;
use crate::tokens::token::Token;

/// The OAuth 2 password grant with refresh, the retail-platform style:
///
/// - `POST /oauth/token` with `Authorization: Basic base64(clientId:clientSecret)`, exactly
///   as the retail platform documents it ([`ClientAuth::BasicUnencoded`], the default
///   here), and the form `grant_type=password&username=..&password=..` plus extra
///   parameters (`tenantType=merchant&tenantId=<merchantCode>`). A server that decodes
///   Basic credentials as RFC 6749 §2.3.1 says needs [`ClientAuth::Basic`] when the id or
///   secret has characters outside `A-Z a-z 0-9 - . _ ~`: the two agree on all others;
/// - `grant_type=refresh_token&refresh_token=..` with the same extra parameters while the
///   refresh token lives. An answer without `refresh_token` keeps the old one; an answer
///   with one replaces it, and the replaced token is never sent again;
/// - when the provider rejects the refresh token (`invalid_grant`), a new password grant
///   if a login is configured, else [`Error::ReauthenticationRequired`];
/// - ahead of the refresh token's own expiry (`refresh_token_expires_in` in the answer,
///   or [`refresh_token_lifetime`](Self::refresh_token_lifetime)), a new password grant
///   instead of a refresh that would fail.
///
/// ```
/// use auth_core::{Environment, FileStore, PasswordGrant, TokenCache};
///
/// let env = Environment::Staging;
/// let token_url = env.select(
///     "https://auth.retail.example/oauth/token",
///     "https://auth.staging.retail.example/oauth/token",
/// );
/// let source = PasswordGrant::new(token_url, "client-id", "client-secret")?
///     .login("api@merchant.example", "password")
///     .param("tenantType", "merchant")
///     .param("tenantId", "merchant-42")
///     // A refresh token lives ~3 months: keep it across restarts.
///     .store(FileStore::new("tokens.json"));
/// let cache = TokenCache::new(source);
/// # Ok::<(), auth_core::Error>(())
/// ```
pub struct PasswordGrant {
    http: reqwest::Client,
    token_url: reqwest::Url,
    client_id: String,
    client_secret: SecretString,
    auth: ClientAuth,
    login: Option<(String, SecretString)>,
    scopes: Option<GrantedScopes>,
    params: Vec<(String, String)>,
    refresh: RefreshSlot,
    store: Option<Arc<dyn TokenStore>>,
    store_key: Option<String>,
    profile: ResponseProfile,
}

impl PasswordGrant {
    /// A source for the token endpoint at `token_url`, authenticating the client with HTTP
    /// Basic of `base64(clientId:clientSecret)` ([`ClientAuth::BasicUnencoded`]). Add
    /// [`login`](Self::login) credentials, a known
    /// [`refresh_token`](Self::refresh_token), or both.
    pub fn new(
        token_url: &str,
        client_id: impl Into<String>,
        client_secret: impl Into<SecretString>,
    ) -> Result<Self, Error> {
        Ok(PasswordGrant {
            http: token_http_client(),
            token_url: crate::http::url_policy::token_url("token URL", token_url)?,
            client_id: client_id.into(),
            client_secret: client_secret.into(),
            auth: ClientAuth::BasicUnencoded,
            login: None,
            scopes: None,
            params: Vec::new(),
            refresh: RefreshSlot::new(),
            store: None,
            store_key: None,
            profile: ResponseProfile::default(),
        })
    }

    /// How the token endpoint's answer is read (field names, token types, provider
    /// error codes meaning `invalid_grant`); RFC 6749 by default.
    pub fn profile(mut self, profile: ResponseProfile) -> Self {
        self.profile = profile;
        self
    }

    /// How long a refresh token lives when the answer does not say
    /// (`refresh_token_expires_in`); the retail platform's live about three months. A
    /// day before (or a tenth of the lifetime, if less), the source logs in again with
    /// the password instead of refreshing.
    pub fn refresh_token_lifetime(mut self, lifetime: std::time::Duration) -> Self {
        self.refresh.set_lifetime(lifetime);
        self
    }

    /// The resource owner's credentials for `grant_type=password`. Without them, the source
    /// can only refresh, and a dead refresh token means
    /// [`Error::ReauthenticationRequired`].
    pub fn login(mut self, username: impl Into<String>, password: impl Into<SecretString>) -> Self {
        self.login = Some((username.into(), password.into()));
        self.rekey();
        self
    }

    /// A refresh token to start from (for example one saved by an earlier run). A token
    /// found in the [`store`](Self::store) wins, being newer.
    pub fn refresh_token(mut self, token: impl Into<SecretString>) -> Self {
        self.refresh.set(token.into());
        self
    }

    /// Keeps refresh tokens in `store`, so that a restart refreshes instead of logging in.
    /// The key is `password:{token_url}:{client_id}:{username}` unless
    /// [`store_key`](Self::store_key) sets one.
    pub fn store(mut self, store: impl TokenStore) -> Self {
        self.store = Some(Arc::new(store));
        self.rekey();
        self
    }

    /// The key under which the refresh token is stored.
    pub fn store_key(mut self, key: impl Into<String>) -> Self {
        self.store_key = Some(key.into());
        self.rekey();
        self
    }

    fn rekey(&mut self) {
        let Some(store) = &self.store else { return };
        let key = self.store_key.clone().unwrap_or_else(|| {
            let user = self.login.as_ref().map_or("", |(u, _)| u.as_str());
            format!("password:{}:{}:{user}", self.token_url, self.client_id)
        });
        self.refresh.set_store(store.clone(), key);
    }

    /// An extra form parameter sent with both the password and the refresh grant
    /// (`tenantType`, `tenantId`, ...).
    pub fn param(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.params.push((name.into(), value.into()));
        self
    }

    /// Scopes to request with the password grant.
    pub fn scopes<I, S>(mut self, scopes: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let scopes = GrantedScopes::new(scopes);
        self.scopes = (!scopes.is_empty()).then_some(scopes);
        self
    }

    /// How the client authenticates ([`ClientAuth::BasicUnencoded`] by default, as the
    /// retail platform documents).
    pub fn client_auth(mut self, auth: ClientAuth) -> Self {
        self.auth = auth;
        self
    }

    /// Uses `client` instead of the shared token connection pool.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = client;
        self
    }

    async fn grant(&self, mut form: Vec<(&'static str, String)>) -> Result<TokenResponse, Error> {
        let request = self.http.post(self.token_url.clone());
        let request = self
            .auth
            .apply(request, &mut form, &self.client_id, &self.client_secret);
        let mut body: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
        body.extend(self.params.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        request_token_with(request.form(&body), &self.profile).await
    }
}

impl fmt::Debug for PasswordGrant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PasswordGrant")
            .field("token_url", &self.token_url.as_str())
            .field("client_id", &self.client_id)
            .field("client_secret", &"[redacted]")
            .field("username", &self.login.as_ref().map(|(u, _)| u))
            .field("params", &self.params)
            .finish_non_exhaustive()
    }
}

#[async_trait]
impl TokenSource for PasswordGrant {
    async fn fetch(&self) -> Result<Token, Error> {
        let login = self.login.as_ref().map(|(username, password)| {
            async move || {
                let mut form = vec![
                    ("grant_type", "password".to_owned()),
                    ("username", username.clone()),
                    ("password", password.expose_secret().to_owned()),
                ];
                if let Some(scopes) = &self.scopes {
                    form.push(("scope", scopes.to_param()));
                }
                self.grant(form).await
            }
        });
        let refresh = async |token: SecretString| {
            self.grant(vec![
                ("grant_type", "refresh_token".to_owned()),
                ("refresh_token", token.expose_secret().to_owned()),
            ])
            .await
        };
        let response = self
            .refresh
            .renew("password grant", "password", login, refresh)
            .await?;
        Ok(response.into_token(self.scopes.as_ref()))
    }

    fn kind(&self) -> &'static str {
        "password"
    }
}
