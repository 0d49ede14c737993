//! Scrubbing the secrets a request carried out of what the server says back.
//!
//! Servers echo what they were sent: an `error_description` quoting the client secret,
//! a `message` quoting the password or the `Authorization` header, a 401 body quoting the
//! bearer token. Every piece of server-supplied text this crate keeps (error codes,
//! descriptions, messages, `WWW-Authenticate` parameters, token types) goes through the
//! [`Redactor`] built from the request that was answered, before it is stored anywhere:
//! errors, their `Debug` and `Display`, and logs then cannot contain a secret.
//!
//! A secret is searched for as sent and in every form a server may quote it in: HTTP
//! Basic's base64 (with and without padding, standard and URL-safe alphabets), percent-
//! and form-encoded (either case of hex digits), JSON-escaped, and decoded by a server
//! that decodes what it should not.

use base64::Engine as _;
use reqwest::header::{AUTHORIZATION, HeaderMap, HeaderName, PROXY_AUTHORIZATION};

/// What replaces a secret in server-supplied text.
pub(crate) const REDACTED: &str = "[redacted]";

/// Encoded forms shorter than this are not searched for: they would match ordinary
/// text (the base64 of a two-letter secret is `YWI`), and no real secret is that short.
pub(crate) const MIN_DERIVED_LEN: usize = 6;

/// The secrets one request carried, in every form a server may echo them in.
#[derive(Default, Clone)]
pub(crate) struct Redactor {
    /// Longest first, so that an encoding containing a shorter one goes whole.
    needles: Vec<String>,
}

impl Redactor {
    /// Adds `secret` and its encodings.
    pub(crate) fn add(&mut self, secret: &str) {
        if secret.is_empty() {
            return;
        }
        self.push(secret.to_owned());
        let mut derived = Vec::with_capacity(10);
        derived.push(form_urlencoded::byte_serialize(secret.as_bytes()).collect::<String>());
        let percent =
            percent_encoding::utf8_percent_encode(secret, percent_encoding::NON_ALPHANUMERIC)
                .to_string();
        derived.push(lower_hex_escapes(&percent));
        derived.push(percent);
        if let Ok(json) = serde_json::to_string(secret) {
            derived.push(json[1..json.len() - 1].to_owned());
        }
        derived.extend(base64_forms(secret.as_bytes()));
        // A server that decodes what it should not (a JSON body as a form) quotes the
        // secret decoded: `+` as a space, `%2B` as `+`.
        let decoded = percent_encoding::percent_decode_str(secret).decode_utf8_lossy();
        derived.push(decoded.replace('+', " ").replace("%20", " "));
        let form_decoded: String = form_urlencoded::parse(format!("x={secret}").as_bytes())
            .next()
            .map(|(_, v)| v.into_owned())
            .unwrap_or_default();
        derived.push(form_decoded);
        derived.push(decoded.into_owned());
        for form in derived {
            self.push_derived(form);
        }
    }

    /// Adds the credentials of an `Authorization` (or similar) header value: a Basic
    /// header's base64 and its decoded password, a bearer token, or the whole value.
    fn add_authorization(&mut self, value: &str) {
        let value = value.trim();
        match value.split_once(' ') {
            Some((scheme, rest)) if scheme.eq_ignore_ascii_case("basic") => {
                let rest = rest.trim();
                self.push_derived(rest.to_owned());
                self.push_derived(rest.trim_end_matches('=').to_owned());
                let decoded = base64::engine::general_purpose::STANDARD
                    .decode(rest)
                    .ok()
                    .and_then(|b| String::from_utf8(b).ok());
                if let Some(decoded) = decoded {
                    // `id:secret`: the id is not a secret, but the pair and the secret are.
                    self.add(&decoded);
                    if let Some((_, secret)) = decoded.split_once(':') {
                        self.add(secret);
                        // RFC 6749 §2.3.1 form-encodes before base64: the server may quote
                        // the decoded form too.
                        if let Ok(plain) =
                            percent_encoding::percent_decode_str(&secret.replace('+', " "))
                                .decode_utf8()
                        {
                            self.add(&plain);
                        }
                    }
                }
            }
            Some((_, credentials)) => self.add(credentials.trim()),
            None => self.add(value),
        }
    }

    /// Adds the credentials of an `Authorization` header value.
    pub(crate) fn add_header_value(&mut self, value: &reqwest::header::HeaderValue) {
        if let Ok(text) = value.to_str() {
            self.add_authorization(text);
        }
    }

    /// Every secret a built request carries: its `Authorization` headers, headers whose
    /// names say they hold a key or token, and body fields (form or JSON) whose names
    /// say they hold a secret (`client_secret`, `password`, `refresh_token`,
    /// `client_assertion`, `code`, ...).
    pub(crate) fn from_request(request: &reqwest::Request) -> Self {
        let mut redactor = Redactor::default();
        redactor.add_headers(request.headers());
        if let Some(body) = request.body().and_then(reqwest::Body::as_bytes) {
            redactor.add_body(body);
        }
        redactor
    }

    /// Adds the secrets of request headers (see [`from_request`](Self::from_request)).
    pub(crate) fn add_headers(&mut self, headers: &HeaderMap) {
        for (name, value) in headers {
            let Ok(text) = value.to_str() else { continue };
            if name == AUTHORIZATION || name == PROXY_AUTHORIZATION {
                self.add_authorization(text);
            } else if value.is_sensitive() || is_secret_header(name) {
                self.add(text.trim());
            }
        }
    }

    fn add_body(&mut self, body: &[u8]) {
        if let Ok(value) = serde_json::from_slice::<serde_json::Value>(body) {
            self.add_json(&value, false);
        } else {
            for (key, value) in form_urlencoded::parse(body) {
                if is_secret_field(&key) {
                    self.add(&value);
                }
            }
        }
    }

    fn add_json(&mut self, value: &serde_json::Value, secret_field: bool) {
        match value {
            serde_json::Value::String(s) if secret_field => self.add(s),
            serde_json::Value::Array(items) => {
                for item in items {
                    self.add_json(item, secret_field);
                }
            }
            serde_json::Value::Object(fields) => {
                for (key, item) in fields {
                    self.add_json(item, secret_field || is_secret_field(key));
                }
            }
            _ => {}
        }
    }

    fn push(&mut self, needle: String) {
        if needle.is_empty() || self.needles.contains(&needle) {
            return;
        }
        let at = self
            .needles
            .iter()
            .position(|n| n.len() < needle.len())
            .unwrap_or(self.needles.len());
        self.needles.insert(at, needle);
    }

    fn push_derived(&mut self, needle: String) {
        if needle.len() >= MIN_DERIVED_LEN {
            self.push(needle);
        }
    }

    /// `text` with every secret replaced by `[redacted]`.
    pub(crate) fn scrub(&self, text: &str) -> String {
        let mut out = text.to_owned();
        for needle in &self.needles {
            if out.contains(needle.as_str()) {
                out = out.replace(needle.as_str(), REDACTED);
            }
        }
        out
    }

    /// Scrubs, then removes control characters and cuts to `max` characters, then scrubs
    /// again: a secret split by a control character is joined by removing it.
    pub(crate) fn clean(&self, text: &str, max: usize) -> String {
        let scrubbed = self.scrub(text);
        self.scrub(&crate::error::sanitize(&scrubbed, max))
    }
}

/// Header names that say they carry a credential (`X-Api-Key`, `X-Auth-Token`, ...).
fn is_secret_header(name: &HeaderName) -> bool {
    let name = name.as_str();
    ["key", "token", "secret", "auth", "password", "signature"]
        .iter()
        .any(|part| name.contains(part))
}

/// Body fields that carry a credential.
fn is_secret_field(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    matches!(
        name.as_str(),
        "code" | "code_verifier" | "assertion" | "client_assertion" | "key" | "pin" | "otp"
    ) || [
        "secret",
        "password",
        "passwd",
        "token",
        "apikey",
        "api_key",
        "credential",
    ]
    .iter()
    .any(|part| name.contains(part))
}

/// The base64 forms of `bytes`: standard and URL-safe alphabets, with and without
/// padding (the unpadded forms also match inside a padded quote).
fn base64_forms(bytes: &[u8]) -> Vec<String> {
    use base64::engine::general_purpose::{STANDARD, URL_SAFE};
    let standard = STANDARD.encode(bytes);
    let url_safe = URL_SAFE.encode(bytes);
    let mut forms = vec![standard.trim_end_matches('=').to_owned(), standard.clone()];
    if url_safe != standard {
        forms.push(url_safe.trim_end_matches('=').to_owned());
        forms.push(url_safe);
    }
    forms
}

/// `%2F` → `%2f`: servers normalise percent-encoding either way.
fn lower_hex_escapes(encoded: &str) -> String {
    let mut out = String::with_capacity(encoded.len());
    let mut escape = 0;
    for c in encoded.chars() {
        if c == '%' {
            escape = 2;
            out.push(c);
        } else if escape > 0 {
            escape -= 1;
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// A URL as written by the application, for messages: any `user:password@` before the
/// host is replaced, whether or not the URL parses.
pub(crate) fn url_for_message(url: &str) -> String {
    let (scheme, rest) = match url.find("://") {
        Some(i) => url.split_at(i + 3),
        None => ("", url),
    };
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    let shown_tail = tail.split(['?', '#']).next().unwrap_or("");
    match authority.rfind('@') {
        Some(at) => format!("{scheme}{REDACTED}@{}{shown_tail}", &authority[at + 1..]),
        None => format!("{scheme}{authority}{shown_tail}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn redactor(secret: &str) -> Redactor {
        let mut r = Redactor::default();
        r.add(secret);
        r
    }

    #[test]
    fn every_encoding_of_a_secret_is_scrubbed() {
        let secret = "s3cr/t+ key=";
        let r = redactor(secret);
        for echoed in [
            secret.to_owned(),
            form_urlencoded::byte_serialize(secret.as_bytes()).collect(),
            "s3cr%2Ft%2B%20key%3D".to_owned(),
            "s3cr%2ft%2b%20key%3d".to_owned(),
            base64::engine::general_purpose::STANDARD.encode(secret),
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(secret),
        ] {
            let out = r.scrub(&format!("client rejected: {echoed}!"));
            assert_eq!(out, "client rejected: [redacted]!", "{echoed}");
        }
    }

    #[test]
    fn basic_headers_give_the_pair_and_the_password() {
        let mut r = Redactor::default();
        let basic = base64::engine::general_purpose::STANDARD.encode("client-1:pa%2Bss");
        r.add_authorization(&format!("Basic {basic}"));
        assert_eq!(
            r.scrub(&format!("got Basic {basic}")),
            "got Basic [redacted]"
        );
        assert_eq!(r.scrub("client client-1:pa%2Bss"), "client [redacted]");
        assert_eq!(r.scrub("secret pa+ss"), "secret [redacted]");
        assert_eq!(
            r.scrub("id client-1"),
            "id client-1",
            "the id is not secret"
        );
    }

    #[test]
    fn request_secrets_come_from_headers_and_body_fields() {
        // Requests built by hand, as reqwest builds them: no client (and no TLS provider)
        // is needed to read one.
        fn build(url: &str, headers: &[(&str, &str)], body: String) -> reqwest::Request {
            let mut request = reqwest::Request::new(reqwest::Method::POST, url.parse().unwrap());
            for (name, value) in headers {
                request.headers_mut().insert(
                    HeaderName::from_bytes(name.as_bytes()).unwrap(),
                    value.parse().unwrap(),
                );
            }
            *request.body_mut() = Some(body.into());
            request
        }
        let request = build(
            "https://auth.example/token",
            &[
                ("authorization", "Bearer at-123456"),
                ("x-api-key", "key-987654"),
                ("content-type", "application/x-www-form-urlencoded"),
            ],
            "grant_type=refresh_token&refresh_token=rt-abcdef&username=ann".into(),
        );
        let r = Redactor::from_request(&request);
        assert_eq!(
            r.scrub("at-123456 key-987654 rt-abcdef ann refresh_token"),
            "[redacted] [redacted] [redacted] ann refresh_token"
        );
        let request = build(
            "https://auth.example/login",
            &[("content-type", "application/json")],
            serde_json::json!({"email": "ann@example.com", "password": "pw\"12345"}).to_string(),
        );
        let r = Redactor::from_request(&request);
        assert_eq!(
            r.scrub(r#"bad "pw\"12345" or pw"12345 for ann@example.com"#),
            r#"bad "[redacted]" or [redacted] for ann@example.com"#
        );
    }

    #[test]
    fn clean_also_cuts_and_strips_control_characters() {
        let r = redactor("secret-1");
        assert_eq!(r.clean("secr\net-1 was wrong", 100), "[redacted] was wrong");
        assert_eq!(r.clean("xxsecret-1", 4), "xx[r…");
    }

    #[test]
    fn urls_lose_their_userinfo_and_query() {
        assert_eq!(
            url_for_message("https://user:pa55@auth.example/token?key=1"),
            "https://[redacted]@auth.example/token"
        );
        assert_eq!(
            url_for_message("ht tp://u:p@x y/z"),
            "ht tp://[redacted]@x y/z"
        );
        assert_eq!(
            url_for_message("https://auth.example"),
            "https://auth.example"
        );
        assert_eq!(url_for_message("not a url"), "not a url");
    }
}
