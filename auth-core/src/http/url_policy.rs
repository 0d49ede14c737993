//! Where a credential may be sent: the rule of the `auth-url` crate (which the codegen
//! applies to `#[api]`'s URLs at compile time), for token endpoints, API base URLs and
//! redirects, with this crate's typed errors.
//!
//! - `https`, or plain `http` only to loopback (`127.0.0.1`, `::1`, `localhost`), where
//!   nothing crosses a network;
//! - no `user:password@` in a URL: credentials go where the source sends them;
//! - for API clients, optionally only hosts on an allow-list;
//! - a redirect is followed only to a URL the same rule allows (reqwest drops
//!   `Authorization` when it leaves the origin).

use reqwest::Url;

use crate::error::Error;
use crate::error::redact::url_for_message;

/// The URL without credentials, query or fragment, for messages.
pub(crate) fn display_url(url: &reqwest::Url) -> String {
    let mut u = url.clone();
    u.set_query(None);
    u.set_fragment(None);
    let _ = u.set_password(None);
    let _ = u.set_username("");
    u.to_string()
}

pub(crate) use auth_url::is_secure;

/// A token endpoint's URL (`what` names it in errors): parsed, without credentials in
/// it, https or http to loopback.
pub(crate) fn token_url(what: &str, url: &str) -> Result<Url, Error> {
    let parsed = Url::parse(url).map_err(|e| {
        Error::config(format!(
            "the {what} `{}` is not a valid URL: {e}",
            url_for_message(url)
        ))
    })?;
    refuse_userinfo(what, &parsed)?;
    match parsed.scheme() {
        _ if is_secure(&parsed) => Ok(parsed),
        "http" => Err(Error::config(format!(
            "the {what} `{}` uses plain http: credentials would cross the network \
             unencrypted; use https (plain http is allowed for 127.0.0.1, ::1 and localhost)",
            display_url(&parsed)
        ))),
        other => Err(Error::config(format!(
            "the {what} must be an https URL, not `{other}:`"
        ))),
    }
}

/// An API's base URL: parsed, https or http to loopback, without a trailing `/`.
pub(crate) fn api_base(base_url: &str) -> Result<String, Error> {
    let parsed = Url::parse(base_url).map_err(|e| {
        Error::config(format!(
            "the base URL `{}` is not valid: {e}",
            url_for_message(base_url)
        ))
    })?;
    refuse_userinfo("base URL", &parsed)?;
    match parsed.scheme() {
        _ if is_secure(&parsed) => {}
        "http" => {
            return Err(Error::InsecureTransport {
                url: display_url(&parsed),
            });
        }
        other => {
            return Err(Error::config(format!(
                "the base URL must be https, not `{other}:`"
            )));
        }
    }
    Ok(base_url.trim_end_matches('/').to_owned())
}

/// A production URL template (`https://{hostname}`) with its variables filled in. Each
/// value must be a host name or a part of one (letters, digits, `.`, `-`, `_`, `~`,
/// and `:` before a port): nothing that would move the URL elsewhere (`/`, `@`, `?`,
/// `#`). The https rule is applied to the result by the client, as to any base URL.
pub fn server_url(template: &str, values: &[(&str, &str)]) -> Result<String, Error> {
    let mut url = template.to_owned();
    for (name, value) in values {
        if value.is_empty() {
            return Err(Error::config(format!(
                "`{name}` is empty: give your deployment's host, as in `{}`",
                template.replace(&format!("{{{name}}}"), "example.org")
            )));
        }
        if let Some(bad) = value
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | '~' | ':')))
        {
            return Err(Error::config(format!(
                "`{name}` must be a host name (such as `example.org`), without {bad:?}: it \
                 goes into `{template}`"
            )));
        }
        url = url.replace(&format!("{{{name}}}"), value);
    }
    Ok(url)
}

fn refuse_userinfo(what: &str, url: &Url) -> Result<(), Error> {
    if url.username().is_empty() && url.password().is_none() {
        return Ok(());
    }
    Err(Error::config(format!(
        "the {what} `{}` carries credentials (`user:password@`); remove them: the token \
         source sends credentials as the provider asks",
        display_url(url)
    )))
}

/// Refuses a base URL whose host is not on the allow-list.
pub(crate) fn check_allowed(base: &str, allowed: Option<&[String]>) -> Result<(), Error> {
    let Some(allowed) = allowed else {
        return Ok(());
    };
    let host = Url::parse(base)
        .ok()
        .and_then(|u| u.host_str().map(str::to_ascii_lowercase))
        .unwrap_or_default();
    if allowed.contains(&host) {
        Ok(())
    } else {
        Err(Error::config(format!(
            "the host `{host}` is not on this client's allow-list ({}); the token is not sent there",
            allowed.join(", ")
        )))
    }
}

/// Whether a redirect to `url` may be followed: never to plain http off loopback.
pub(crate) fn may_redirect_to(url: &Url) -> bool {
    is_secure(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_server_template_takes_host_names_only() {
        let template = "https://{site}.atlassian.net";
        assert_eq!(
            server_url(template, &[("site", "acme")]).unwrap(),
            "https://acme.atlassian.net"
        );
        assert_eq!(
            server_url("https://{hostname}", &[("hostname", "127.0.0.1:8080")]).unwrap(),
            "https://127.0.0.1:8080"
        );
        for bad in ["", "evil.com/x", "a@evil.com", "a?b", "a b", "a#b"] {
            let err = server_url(template, &[("site", bad)])
                .unwrap_err()
                .to_string();
            assert!(err.contains("`site`"), "{err}");
        }
    }

    #[test]
    fn https_or_loopback_only() {
        for ok in [
            "https://api.example",
            "http://127.0.0.1:8080/",
            "http://[::1]/",
            "http://localhost:3000",
            "http://LOCALHOST",
            "http://127.0.0.2",
        ] {
            assert!(api_base(ok).is_ok(), "{ok}");
            assert!(token_url("token URL", ok).is_ok(), "{ok}");
        }
        for insecure in [
            "http://api.example",
            "http://localhost.example",
            "http://127.0.0.1.nip.io",
        ] {
            assert!(
                matches!(api_base(insecure), Err(Error::InsecureTransport { .. })),
                "{insecure}"
            );
            assert!(token_url("token URL", insecure).is_err(), "{insecure}");
        }
        assert!(api_base("ftp://api.example").is_err());
        assert_eq!(
            api_base("https://api.example/v1/").unwrap(),
            "https://api.example/v1"
        );
    }

    #[test]
    fn credentials_in_urls_are_refused_without_being_echoed() {
        for url in [
            "https://id:SENTINEL@auth.example/token",
            "https://SENTINEL@auth.example/",
        ] {
            let e = token_url("token URL", url).unwrap_err().to_string();
            assert!(e.contains("carries credentials"), "{e}");
            assert!(!e.contains("SENTINEL"), "{e}");
            let e = api_base(url).unwrap_err().to_string();
            assert!(!e.contains("SENTINEL"), "{e}");
        }
        let e = token_url("token URL", "https://id:SENTINEL@auth example/")
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("not a valid URL") && !e.contains("SENTINEL"),
            "{e}"
        );
    }

    #[test]
    fn allow_list_by_host() {
        let allowed = ["api.example".to_owned()];
        assert!(check_allowed("https://API.example/v1", Some(&allowed)).is_ok());
        assert!(check_allowed("https://evil.example", Some(&allowed)).is_err());
        assert!(check_allowed("https://evil.example", None).is_ok());
    }
}
