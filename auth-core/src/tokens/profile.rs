//! [`ResponseProfile`]: how a provider's token endpoint answers, where it departs from
//! RFC 6749 §5.1.

use std::fmt;

/// How a token endpoint's answer is read: field names, the token types accepted as
/// Bearer, and provider error codes that mean "this grant is dead".
///
/// The default reads RFC 6749 §5.1 answers, JSON or form-encoded, and the common
/// departures that cannot be mistaken for anything else: `expires_at` (an absolute
/// expiry, epoch seconds or RFC 3339) when `expires_in` is absent, and the refresh
/// token's own lifetime as `refresh_token_expires_in` (GitHub, eBay), `refresh_expires_in`
/// (Keycloak) or `x_refresh_token_expires_in` (Intuit). Anything else is a setting:
///
/// ```
/// use auth_core::{ClientCredentials, ResponseProfile};
///
/// // Slack answers `"token_type": "bot"`, eBay `"Application Access Token"`: both are
/// // sent as `Authorization: Bearer`, as their docs say.
/// let slack = ResponseProfile::default().accept_token_type("bot");
///
/// // `{"accessToken": "...", "expiresIn": 3600}`
/// let camel = ResponseProfile::camel_case();
///
/// // GitHub App installation tokens: `{"token": "ghs_...", "expires_at": "2016-07-11T22:14:10Z"}`
/// let github_app = ResponseProfile::default().access_token_field("token");
///
/// // GitHub answers an expired refresh token with `bad_refresh_token`: log in again.
/// let github = ResponseProfile::default().invalid_grant_code("bad_refresh_token");
///
/// let source = ClientCredentials::new("https://auth.example/oauth/token", "id", "secret")?
///     .profile(camel);
/// # Ok::<(), auth_core::Error>(())
/// ```
///
/// What a lifetime of `0` (or a negative one) means: the server gave no usable lifetime
/// (Mailchimp sends `0` for tokens that never expire; Keycloak sends
/// `refresh_expires_in: 0` for offline tokens). It is read as "unknown", like an absent
/// `expires_in`: the token is used until the API rejects it, or for
/// [`CacheConfig::default_lifetime`](crate::CacheConfig::default_lifetime) when set. It
/// never means "request a new token at once".
#[derive(Clone, PartialEq, Eq)]
pub struct ResponseProfile {
    pub(crate) access_token: Box<str>,
    pub(crate) expires_in: Box<str>,
    pub(crate) expires_at: Box<str>,
    pub(crate) refresh_token: Box<str>,
    pub(crate) refresh_token_expires_in: Vec<Box<str>>,
    pub(crate) scope: Box<str>,
    pub(crate) token_types: Vec<Box<str>>,
    pub(crate) invalid_grant_codes: Vec<Box<str>>,
}

impl Default for ResponseProfile {
    fn default() -> Self {
        ResponseProfile {
            access_token: "access_token".into(),
            expires_in: "expires_in".into(),
            expires_at: "expires_at".into(),
            refresh_token: "refresh_token".into(),
            refresh_token_expires_in: vec![
                "refresh_token_expires_in".into(),
                "refresh_expires_in".into(),
                "x_refresh_token_expires_in".into(),
            ],
            scope: "scope".into(),
            token_types: Vec::new(),
            invalid_grant_codes: Vec::new(),
        }
    }
}

impl fmt::Debug for ResponseProfile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ResponseProfile")
            .field("access_token", &self.access_token)
            .field("expires_in", &self.expires_in)
            .field("expires_at", &self.expires_at)
            .field("refresh_token", &self.refresh_token)
            .field("refresh_token_expires_in", &self.refresh_token_expires_in)
            .field("scope", &self.scope)
            .field("token_types", &self.token_types)
            .field("invalid_grant_codes", &self.invalid_grant_codes)
            .finish()
    }
}

impl ResponseProfile {
    /// Field names in camelCase: `accessToken`, `expiresIn`, `expiresAt`, `refreshToken`,
    /// `refreshTokenExpiresIn`, `scope`.
    pub fn camel_case() -> Self {
        ResponseProfile {
            access_token: "accessToken".into(),
            expires_in: "expiresIn".into(),
            expires_at: "expiresAt".into(),
            refresh_token: "refreshToken".into(),
            refresh_token_expires_in: vec!["refreshTokenExpiresIn".into()],
            ..Self::default()
        }
    }

    /// The field holding the access token (default `access_token`).
    pub fn access_token_field(mut self, name: &str) -> Self {
        self.access_token = name.into();
        self
    }

    /// The field holding the lifetime in seconds (default `expires_in`).
    pub fn expires_in_field(mut self, name: &str) -> Self {
        self.expires_in = name.into();
        self
    }

    /// The field holding an absolute expiry, read when the lifetime field is absent
    /// (default `expires_at`): epoch seconds or milliseconds, or an RFC 3339 time in UTC.
    /// It is measured against the answer's `Date` header when there is one, so that a
    /// skewed local clock does not shorten or stretch the token's life.
    pub fn expires_at_field(mut self, name: &str) -> Self {
        self.expires_at = name.into();
        self
    }

    /// The field holding the refresh token (default `refresh_token`).
    pub fn refresh_token_field(mut self, name: &str) -> Self {
        self.refresh_token = name.into();
        self
    }

    /// The field holding the refresh token's own lifetime in seconds (default: the first
    /// of `refresh_token_expires_in`, `refresh_expires_in`, `x_refresh_token_expires_in`).
    pub fn refresh_token_expires_in_field(mut self, name: &str) -> Self {
        self.refresh_token_expires_in = vec![name.into()];
        self
    }

    /// The field holding the granted scopes (default `scope`).
    pub fn scope_field(mut self, name: &str) -> Self {
        self.scope = name.into();
        self
    }

    /// Accepts a `token_type` other than Bearer (compared without regard to case), for a
    /// provider whose docs say such tokens are sent as `Authorization: Bearer`. Any other
    /// type is still refused with [`Error::UnsupportedTokenType`](crate::Error::UnsupportedTokenType).
    pub fn accept_token_type(mut self, token_type: &str) -> Self {
        self.token_types.push(token_type.trim().into());
        self
    }

    /// An error code of the provider's that means what `invalid_grant` means: the
    /// password or refresh token is dead, so a source holding a refresh token logs in
    /// again (GitHub's `bad_refresh_token`, Slack's `invalid_refresh_token`).
    pub fn invalid_grant_code(mut self, code: &str) -> Self {
        self.invalid_grant_codes.push(code.trim().into());
        self
    }

    pub(crate) fn accepts_token_type(&self, token_type: &str) -> bool {
        let token_type = token_type.trim();
        token_type.eq_ignore_ascii_case("bearer")
            || self
                .token_types
                .iter()
                .any(|t| t.eq_ignore_ascii_case(token_type))
    }

    /// Whether `code` says the grant is dead.
    pub(crate) fn is_invalid_grant(&self, code: &str) -> bool {
        code.eq_ignore_ascii_case("invalid_grant")
            || self
                .invalid_grant_codes
                .iter()
                .any(|c| c.eq_ignore_ascii_case(code))
    }
}
