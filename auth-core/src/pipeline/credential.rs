//! How a client sends its credential: `Authorization: Bearer` (the default), an API key
//! in a header of its own (with the provider's prefix: Discord's `Authorization: Bot`,
//! Figma's `X-Figma-Token`, Okta's `Authorization: SSWS`) or in the query, or HTTP basic
//! credentials (`StaticToken::basic`, Jira's email and API token). `#[api(auth = ...)]`
//! chooses; the token cache holds the secret either way, so every way gets the same
//! caching, 401 handling and redaction.

use reqwest::header::{AUTHORIZATION, HeaderName, HeaderValue};

use crate::error::Error;
use crate::error::redact::Redactor;
use crate::tokens::authorization::Authorization;

/// Where and how a client's credential goes: what `#[api(auth = ...)]` says.
#[doc(hidden)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Placement {
    /// `Authorization: Bearer <token>`.
    #[default]
    Bearer,
    /// `<name>: <prefix><key>`.
    Header {
        /// The header's name (checked by the macro).
        name: &'static str,
        /// Written before the key (`"Bot "`), often empty.
        prefix: &'static str,
    },
    /// `?<name>=<key>`.
    Query {
        /// The query parameter's name.
        name: &'static str,
    },
    /// `Authorization: Basic <base64(user:password)>`.
    Basic,
}

impl Placement {
    /// Puts the credential of `token` on the request.
    pub(crate) fn attach(
        self,
        token: &Authorization,
        request: &mut reqwest::Request,
    ) -> Result<(), Error> {
        let headers = request.headers_mut();
        match self {
            Placement::Bearer => {
                headers.insert(AUTHORIZATION, token.header_value().clone());
            }
            Placement::Header { name, prefix } => {
                let name = HeaderName::from_bytes(name.as_bytes())
                    .map_err(|_| Error::config(format!("`{name}` is not a header name")))?;
                headers.insert(name, value(prefix.as_bytes(), token.credential())?);
            }
            Placement::Basic => {
                headers.insert(AUTHORIZATION, value(b"Basic ", token.credential())?);
            }
            Placement::Query { name } => {
                let key = std::str::from_utf8(token.credential())
                    .map_err(|_| Error::config("the API key is not text"))?;
                request.url_mut().query_pairs_mut().append_pair(name, key);
            }
        }
        Ok(())
    }

    /// Adds the credential of `token`, in every form a server may quote it, to
    /// `redactor`.
    pub(crate) fn redact(self, token: &Authorization, redactor: &mut Redactor) {
        match self {
            Placement::Basic => {
                if let Ok(value) = value(b"Basic ", token.credential()) {
                    redactor.add_header_value(&value);
                }
            }
            _ => redactor.add_header_value(token.header_value()),
        }
    }
}

/// `prefix` then `credential`, as a sensitive header value.
fn value(prefix: &[u8], credential: &[u8]) -> Result<HeaderValue, Error> {
    let mut bytes = Vec::with_capacity(prefix.len() + credential.len());
    bytes.extend_from_slice(prefix);
    bytes.extend_from_slice(credential);
    let mut value = HeaderValue::from_bytes(&bytes).map_err(|_| {
        Error::config("the credential cannot be sent in an HTTP header (control characters)")
    })?;
    value.set_sensitive(true);
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokens::static_token::StaticToken;
    use reqwest::header::HeaderMap;

    fn attached(placement: Placement, token: &StaticToken) -> (HeaderMap, reqwest::Url) {
        let authorization = crate::TokenCache::from(token.clone())
            .authorization()
            .unwrap();
        let url = reqwest::Url::parse("https://api.example/v1/x?a=1").unwrap();
        let mut request = reqwest::Request::new(reqwest::Method::GET, url);
        placement.attach(&authorization, &mut request).unwrap();
        (request.headers().clone(), request.url().clone())
    }

    #[test]
    fn each_placement_sends_the_key_where_the_provider_reads_it() {
        let key = StaticToken::new("k-123").unwrap();
        let (h, _) = attached(Placement::Bearer, &key);
        assert_eq!(h[AUTHORIZATION], "Bearer k-123");
        let (h, _) = attached(
            Placement::Header {
                name: "Authorization",
                prefix: "Bot ",
            },
            &key,
        );
        assert_eq!(h[AUTHORIZATION], "Bot k-123");
        assert!(h[AUTHORIZATION].is_sensitive());
        let (h, _) = attached(
            Placement::Header {
                name: "X-Figma-Token",
                prefix: "",
            },
            &key,
        );
        assert_eq!(h["x-figma-token"], "k-123");
        let (h, url) = attached(Placement::Query { name: "key" }, &key);
        assert!(h.is_empty());
        assert_eq!(url.query(), Some("a=1&key=k-123"));
        let basic = StaticToken::basic("me@example.com", "api-token").unwrap();
        let (h, _) = attached(Placement::Basic, &basic);
        // base64("me@example.com:api-token")
        assert_eq!(h[AUTHORIZATION], "Basic bWVAZXhhbXBsZS5jb206YXBpLXRva2Vu");
    }

    #[test]
    fn basic_credentials_are_redacted_decoded_too() {
        let basic = StaticToken::basic("me@example.com", "s3cret-pass").unwrap();
        let authorization = crate::TokenCache::from(basic).authorization().unwrap();
        let mut redactor = Redactor::default();
        Placement::Basic.redact(&authorization, &mut redactor);
        let echoed =
            redactor.scrub("bad password s3cret-pass for bWVAZXhhbXBsZS5jb206czNjcmV0LXBhc3M=");
        assert!(!echoed.contains("s3cret-pass"), "{echoed}");
        assert!(
            !echoed.contains("bWVAZXhhbXBsZS5jb206czNjcmV0LXBhc3M"),
            "{echoed}"
        );
    }
}
