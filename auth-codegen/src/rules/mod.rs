//! The rules a client's description must follow, written once: `#[api]` checks them
//! (each failure a compile error at the user's tokens) and `auth-openapi` follows them
//! (an operation that breaks one is skipped with a warning), so that every operation the
//! generator writes also passes the macro.
//!
//! - [`VERBS`]: the HTTP methods a method can use; [`MAX_ANY`]: the most scopes of one
//!   `any(...)`.
//! - [`path`]: path templates (`/orders/{id}`).
//! - [`is_header_name`]: header names; [`is_scope_name`]: scopes as providers spell them.
//! - [`url_problem`]: where a client may send its credential (https, or http to loopback);
//!   [`server`]: production URLs with the tenant's part left open.
//! - [`is_json_pointer`]: places in a page's body (`#[paginated]`).
//! - [`reserved`]: names the generated code defines itself.

pub mod path;
pub mod reserved;
pub mod server;

/// The most scopes one `#[authenticated(scope = any(...))]` group lists (what the scope
/// check is implemented for: tuples of up to 16).
pub const MAX_ANY: usize = 16;

/// The HTTP methods `#[api]` supports, as attribute names (`#[get("/...")]`).
pub const VERBS: [&str; 7] = ["get", "post", "put", "patch", "delete", "head", "options"];

/// Whether `pointer` is an RFC 6901 JSON pointer, the way `#[paginated]` names a place in
/// a page's body: empty (the whole body), or `/`-separated tokens in which `~` is only
/// ever `~0` (`~`) or `~1` (`/`): `/links/pages/next`.
pub fn is_json_pointer(pointer: &str) -> bool {
    (pointer.is_empty() || pointer.starts_with('/'))
        && pointer
            .match_indices('~')
            .all(|(i, _)| matches!(pointer.as_bytes().get(i + 1), Some(b'0' | b'1')))
}

/// Whether `wire` can be a scope as a provider spells it: not empty, and without the
/// spaces that separate scopes in an OAuth 2 `scope` parameter (RFC 6749 §3.3) or other
/// control characters.
pub fn is_scope_name(wire: &str) -> bool {
    !wire.is_empty() && !wire.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// Whether `name` is a header name: RFC 9110 token characters, at least one.
pub fn is_header_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// What is wrong with `url` as an API's production or staging URL, in a user's words, or
/// `None` when a client may send its credential there: https, or plain http only to
/// loopback, with no `user:password@`. The rule auth-core applies at run time, on the
/// parsed URL.
pub fn url_problem(url: &str) -> Option<String> {
    match auth_url::check(url) {
        Ok(_) => None,
        Err(auth_url::Refusal::PlainHttp) => Some(
            "plain http is allowed only to 127.0.0.1, ::1 and localhost: bearer tokens are \
             never sent unencrypted"
                .to_owned(),
        ),
        Err(auth_url::Refusal::Credentials) => {
            Some("remove `user:password@`: the token source sends credentials".to_owned())
        }
        Err(auth_url::Refusal::Scheme(scheme)) => {
            Some(format!("the scheme is `{scheme}:`, not https"))
        }
        Err(auth_url::Refusal::Invalid(e)) => Some(format!("it is not a URL ({e})")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scope_names_have_no_spaces() {
        assert!(is_scope_name("droplet:read"));
        assert!(is_scope_name("https://graph.microsoft.com/.default"));
        assert!(!is_scope_name(""));
        assert!(!is_scope_name("read write"));
        assert!(!is_scope_name("tab\there"));
    }

    #[test]
    fn header_names_are_tokens() {
        assert!(is_header_name("Idempotency-Key"));
        assert!(is_header_name("x_trace.id"));
        assert!(!is_header_name(""));
        assert!(!is_header_name("X Trace"));
        assert!(!is_header_name("X:Trace"));
        assert!(!is_header_name("Ünicode"));
    }

    #[test]
    fn urls_are_https_or_loopback() {
        assert_eq!(url_problem("https://api.example.com"), None);
        assert_eq!(url_problem("http://127.0.0.1:8080"), None);
        assert!(
            url_problem("http://api.example.com")
                .unwrap()
                .contains("plain http")
        );
        assert!(
            url_problem("https://u:p@api.example.com")
                .unwrap()
                .contains("user:password@")
        );
        assert!(url_problem("ftp://x").unwrap().contains("`ftp:`"));
        assert!(url_problem("not a url").unwrap().contains("not a URL"));
    }
}
