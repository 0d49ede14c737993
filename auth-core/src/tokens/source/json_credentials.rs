use std::fmt;

use async_trait::async_trait;
use secrecy::{ExposeSecret, SecretString};

use super::TokenSource;
use crate::error::Error;
use crate::http::client::token_http_client;
use crate::tokens::endpoint::request_token_with;
use crate::tokens::profile::ResponseProfile;
use crate::tokens::token::Token;

/// Client credentials sent as JSON, the vendor-portal style:
/// `POST {base}/v1/bearer-token` with `{"client_id": ..., "client_secret": ...}`, answered
/// by `{"access_token": ..., "token_type": "Bearer", "expires_in": 3600}`.
///
/// There is no refresh token: the [`TokenCache`](crate::TokenCache) requests a new token
/// ahead of expiry. Errors such as `401 {"message": "Unauthorized"}` become
/// [`Error::TokenEndpoint`] with the message kept, and repeated authentication failures
/// back off exponentially, as such portals ask.
///
/// ```
/// use auth_core::{JsonClientCredentials, TokenCache};
///
/// let source = JsonClientCredentials::new("https://vendor.example", "id", "secret")?;
/// let cache = TokenCache::new(source);
/// # Ok::<(), auth_core::Error>(())
/// ```
pub struct JsonClientCredentials {
    http: reqwest::Client,
    base_url: String,
    url: reqwest::Url,
    client_id: String,
    client_secret: SecretString,
    profile: ResponseProfile,
}

impl JsonClientCredentials {
    /// The default path, appended to the base URL.
    pub const DEFAULT_PATH: &'static str = "/v1/bearer-token";

    /// A source for `{base_url}/v1/bearer-token`.
    pub fn new(
        base_url: &str,
        client_id: impl Into<String>,
        client_secret: impl Into<SecretString>,
    ) -> Result<Self, Error> {
        let base_url = base_url.trim_end_matches('/').to_owned();
        let url = crate::http::url_policy::token_url(
            "token URL",
            &format!("{base_url}{}", Self::DEFAULT_PATH),
        )?;
        Ok(JsonClientCredentials {
            http: token_http_client(),
            base_url,
            url,
            client_id: client_id.into(),
            client_secret: client_secret.into(),
            profile: ResponseProfile::default(),
        })
    }

    /// How the answer is read (field names such as `accessToken`, token types); RFC
    /// 6749 names by default.
    pub fn profile(mut self, profile: ResponseProfile) -> Self {
        self.profile = profile;
        self
    }

    /// Uses `path` (appended to the base URL) instead of `/v1/bearer-token`.
    pub fn path(mut self, path: &str) -> Result<Self, Error> {
        let path = path.trim_start_matches('/');
        self.url =
            crate::http::url_policy::token_url("token URL", &format!("{}/{path}", self.base_url))?;
        Ok(self)
    }

    /// Uses `client` instead of the shared token connection pool.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = client;
        self
    }
}

impl fmt::Debug for JsonClientCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("JsonClientCredentials")
            .field("url", &self.url.as_str())
            .field("client_id", &self.client_id)
            .field("client_secret", &"[redacted]")
            .finish_non_exhaustive()
    }
}

#[async_trait]
impl TokenSource for JsonClientCredentials {
    async fn fetch(&self) -> Result<Token, Error> {
        super::record_grant("json_client_credentials");
        let body = serde_json::json!({
            "client_id": self.client_id,
            "client_secret": self.client_secret.expose_secret(),
        });
        let request = self.http.post(self.url.clone()).json(&body);
        Ok(request_token_with(request, &self.profile)
            .await?
            .into_token(None))
    }

    fn kind(&self) -> &'static str {
        "json_client_credentials"
    }
}
