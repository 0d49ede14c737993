//! Where a bearer credential may be sent: `https`, or plain `http` only to loopback
//! (`127.0.0.0/8`, `::1`, `localhost`), where nothing crosses a network; never a URL
//! with `user:password@` in it. One rule, used by `auth-core` for token endpoints, API
//! base URLs and redirects at run time, and by `auth-codegen` for the URLs an `#[api]`
//! trait declares, at compile time.
//!
//! ```
//! use auth_url::{Refusal, check};
//!
//! assert!(check("https://api.example.com/v1").is_ok());
//! assert!(check("http://127.0.0.1:8080").is_ok());
//! assert_eq!(check("http://localhost.example").unwrap_err(), Refusal::PlainHttp);
//! assert_eq!(check("https://id:secret@api.example").unwrap_err(), Refusal::Credentials);
//! ```

#![warn(missing_docs)]

pub use url::{ParseError, Url};

/// Why a URL may not receive a credential.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// It is not a URL.
    Invalid(ParseError),
    /// Plain `http` to a host other than loopback: the credential would cross the
    /// network unencrypted.
    PlainHttp,
    /// A scheme other than `https` and `http`.
    Scheme(String),
    /// `user:password@` in the URL: credentials go where the token source sends them.
    Credentials,
}

/// Whether a URL points at this machine (where plain http cannot be intercepted).
pub fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(host)) => host.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

/// Whether credentials may be sent to `url`: https, or http to loopback.
pub fn is_secure(url: &Url) -> bool {
    match url.scheme() {
        "https" => url.host().is_some(),
        "http" => is_loopback(url),
        _ => false,
    }
}

/// Parses `url` and checks it against the rule.
pub fn check(url: &str) -> Result<Url, Refusal> {
    let parsed = Url::parse(url).map_err(Refusal::Invalid)?;
    check_parsed(&parsed)?;
    Ok(parsed)
}

/// Checks a parsed URL against the rule.
pub fn check_parsed(url: &Url) -> Result<(), Refusal> {
    if !url.username().is_empty() || url.password().is_some() {
        return Err(Refusal::Credentials);
    }
    if is_secure(url) {
        return Ok(());
    }
    match url.scheme() {
        "http" => Err(Refusal::PlainHttp),
        "https" => Err(Refusal::Invalid(ParseError::EmptyHost)),
        other => Err(Refusal::Scheme(other.to_owned())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn https_or_loopback_only() {
        for ok in [
            "https://api.example",
            "http://127.0.0.1:8080/",
            "http://127.0.0.2",
            "http://[::1]/",
            "http://localhost:3000",
            "http://LOCALHOST",
        ] {
            assert!(check(ok).is_ok(), "{ok}");
        }
        for plain in [
            "http://api.example",
            "http://localhost.example",
            "http://127.0.0.1.nip.io",
        ] {
            assert_eq!(check(plain).unwrap_err(), Refusal::PlainHttp, "{plain}");
        }
        assert_eq!(
            check("ftp://x.example").unwrap_err(),
            Refusal::Scheme("ftp".into())
        );
        assert!(matches!(check("not a url"), Err(Refusal::Invalid(_))));
        assert_eq!(
            check("https://u:p@x.example").unwrap_err(),
            Refusal::Credentials
        );
        assert_eq!(
            check("https://u@x.example").unwrap_err(),
            Refusal::Credentials
        );
    }
}
