use std::fmt;

use async_trait::async_trait;
use secrecy::SecretString;

use super::{ClientAuth, TokenSource};
use crate::error::Error;
use crate::http::client::token_http_client;
use crate::scopes::granted::GrantedScopes;
use crate::tokens::endpoint::request_token_with;
use crate::tokens::profile::ResponseProfile;
use crate::tokens::token::Token;

/// The RFC 6749 §4.4 client credentials grant: a form-encoded
/// `grant_type=client_credentials` request, the client authenticated by HTTP Basic
/// (default) or in the body, with an optional `scope` and extra parameters.
///
/// ```
/// use auth_core::{ClientAuth, ClientCredentials, TokenCache};
///
/// let source = ClientCredentials::new("https://auth.example/oauth/token", "client-1", "secret-1")?
///     .client_auth(ClientAuth::RequestBody)
///     .scopes(["can_read_order"])
///     .param("audience", "https://api.example");
/// let cache = TokenCache::new(source);
/// # Ok::<(), auth_core::Error>(())
/// ```
pub struct ClientCredentials {
    http: reqwest::Client,
    token_url: reqwest::Url,
    client_id: String,
    client_secret: SecretString,
    auth: ClientAuth,
    scopes: Option<GrantedScopes>,
    params: Vec<(String, String)>,
    profile: ResponseProfile,
}

impl ClientCredentials {
    /// A source for the token endpoint at `token_url` (https, or http to loopback).
    pub fn new(
        token_url: &str,
        client_id: impl Into<String>,
        client_secret: impl Into<SecretString>,
    ) -> Result<Self, Error> {
        Ok(ClientCredentials {
            http: token_http_client(),
            token_url: crate::http::url_policy::token_url("token URL", token_url)?,
            client_id: client_id.into(),
            client_secret: client_secret.into(),
            auth: ClientAuth::default(),
            scopes: None,
            params: Vec::new(),
            profile: ResponseProfile::default(),
        })
    }

    /// How the token endpoint's answer is read (field names, token types, error codes);
    /// RFC 6749 by default.
    pub fn profile(mut self, profile: ResponseProfile) -> Self {
        self.profile = profile;
        self
    }

    /// How the client authenticates ([`ClientAuth::Basic`] by default).
    pub fn client_auth(mut self, auth: ClientAuth) -> Self {
        self.auth = auth;
        self
    }

    /// Scopes to request (sent as one space-separated `scope` parameter).
    pub fn scopes<I, S>(mut self, scopes: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let scopes = GrantedScopes::new(scopes);
        self.scopes = (!scopes.is_empty()).then_some(scopes);
        self
    }

    /// An extra form parameter (`audience`, `resource`, a tenant id, ...).
    pub fn param(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.params.push((name.into(), value.into()));
        self
    }

    /// Uses `client` instead of the shared token connection pool.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = client;
        self
    }
}

impl fmt::Debug for ClientCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientCredentials")
            .field("token_url", &self.token_url.as_str())
            .field("client_id", &self.client_id)
            .field("client_secret", &"[redacted]")
            .field("auth", &self.auth)
            .field("scopes", &self.scopes)
            .finish_non_exhaustive()
    }
}

#[async_trait]
impl TokenSource for ClientCredentials {
    async fn fetch(&self) -> Result<Token, Error> {
        super::record_grant("client_credentials");
        let mut form: Vec<(&str, String)> = vec![("grant_type", "client_credentials".into())];
        if let Some(scopes) = &self.scopes {
            form.push(("scope", scopes.to_param()));
        }
        let request = self.http.post(self.token_url.clone());
        let request = self
            .auth
            .apply(request, &mut form, &self.client_id, &self.client_secret);
        let mut body: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
        body.extend(self.params.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        let response = request_token_with(request.form(&body), &self.profile).await?;
        Ok(response.into_token(self.scopes.as_ref()))
    }

    fn kind(&self) -> &'static str {
        "client_credentials"
    }
}
