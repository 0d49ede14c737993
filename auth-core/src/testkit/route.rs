//! The API routes a [`TestProvider`](super::TestProvider) serves: method, path template,
//! the scopes or key they need, and their answer.

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

use super::reply::{Reply, Request};

type Handler = Arc<dyn Fn(&Request) -> Reply + Send + Sync>;

/// An API route served by the [`TestProvider`](super::TestProvider)(super::TestProvider).
#[derive(Clone)]
pub struct Route {
    pub(crate) method: String,
    pub(crate) segments: Vec<String>,
    pub(crate) template: String,
    pub(crate) scopes: Vec<String>,
    /// Groups of which the token needs one scope each.
    pub(crate) any_scopes: Vec<Vec<String>>,
    pub(crate) public: bool,
    /// A credential the route also takes, instead of a bearer token.
    pub(crate) key: Option<Key>,
    pub(crate) handler: Handler,
}

/// A credential a [`Route`] takes instead of (or besides) the provider's bearer tokens:
/// an API key in a header or the query, or basic credentials. A request carrying it is
/// served without a scope check; one carrying none (and no valid bearer token, when the
/// route also takes those) gets `401`.
#[derive(Clone)]
pub enum Key {
    /// The header `name` with exactly `value` (`Authorization: Bot k-1`).
    Header {
        /// The header's name, in any case.
        name: String,
        /// Its whole value, prefix included.
        value: String,
    },
    /// The query parameter `name` with `value`.
    Query {
        /// The parameter's name.
        name: String,
        /// Its value.
        value: String,
    },
    /// `Authorization: Basic base64(user:password)`.
    Basic {
        /// The user (an email, for Jira).
        user: String,
        /// The password or API token.
        password: String,
    },
}

impl Key {
    /// Whether `request` carries this credential.
    pub(super) fn carried_by(&self, request: &Request) -> bool {
        match self {
            Key::Header { name, value } if name.eq_ignore_ascii_case("authorization") => {
                request.authorization.as_deref() == Some(value.as_str())
            }
            Key::Header { name, value } => request.header(name) == Some(value.as_str()),
            Key::Query { name, value } => request.query.as_deref().is_some_and(|q| {
                form_urlencoded::parse(q.as_bytes()).any(|(k, v)| k == *name && v == *value)
            }),
            Key::Basic { user, password } => {
                use base64::Engine as _;
                let expected =
                    base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"));
                request.authorization.as_deref() == Some(format!("Basic {expected}").as_str())
            }
        }
    }
}

impl fmt::Debug for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Key::Header { name, .. } => write!(f, "Key::Header({name}: [redacted])"),
            Key::Query { name, .. } => write!(f, "Key::Query({name}=[redacted])"),
            Key::Basic { user, .. } => write!(f, "Key::Basic({user}:[redacted])"),
        }
    }
}

impl fmt::Debug for Route {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Route")
            .field("method", &self.method)
            .field("path", &self.template)
            .field("scopes", &self.scopes)
            .field("any_scopes", &self.any_scopes)
            .field("public", &self.public)
            .field("key", &self.key)
            .finish()
    }
}

impl Route {
    /// A route for `method` at `path`, where `{name}` segments match anything. By default
    /// it needs a valid bearer token and answers `200 {}`.
    pub fn new(method: &str, path: &str) -> Self {
        Route {
            method: method.to_ascii_uppercase(),
            segments: path
                .trim_matches('/')
                .split('/')
                .map(str::to_owned)
                .collect(),
            template: path.to_owned(),
            scopes: Vec::new(),
            any_scopes: Vec::new(),
            public: false,
            key: None,
            handler: Arc::new(|_| Reply::json(200, serde_json::json!({}))),
        }
    }

    /// `GET path`.
    pub fn get(path: &str) -> Self {
        Self::new("GET", path)
    }

    /// `POST path`.
    pub fn post(path: &str) -> Self {
        Self::new("POST", path)
    }

    /// `PUT path`.
    pub fn put(path: &str) -> Self {
        Self::new("PUT", path)
    }

    /// `PATCH path`.
    pub fn patch(path: &str) -> Self {
        Self::new("PATCH", path)
    }

    /// `DELETE path`.
    pub fn delete(path: &str) -> Self {
        Self::new("DELETE", path)
    }

    /// Requires `scope` (repeatable: all are required); `403` without it.
    pub fn scope(mut self, scope: &str) -> Self {
        self.scopes.push(scope.to_owned());
        self
    }

    /// Requires one scope of `scopes` (repeatable: one of each group), as a generated
    /// `#[authenticated(scope = any(...))]` method declares; `403` without any.
    pub fn any_scope(mut self, scopes: &[&str]) -> Self {
        self.any_scopes
            .push(scopes.iter().map(|s| (*s).to_owned()).collect());
        self
    }

    /// Also takes `key` (an API key, basic credentials): a request carrying it is served
    /// without a scope check. Without [`scope`](Self::scope) or
    /// [`any_scope`](Self::any_scope), it is the only credential
    /// the route takes.
    pub fn key(mut self, key: Key) -> Self {
        self.key = Some(key);
        self
    }

    /// Needs no token at all.
    pub fn public(mut self) -> Self {
        self.public = true;
        self
    }

    /// Answers with what `handler` returns.
    pub fn respond(mut self, handler: impl Fn(&Request) -> Reply + Send + Sync + 'static) -> Self {
        self.handler = Arc::new(handler);
        self
    }

    /// Always answers `200` with `value`.
    pub fn json(self, value: serde_json::Value) -> Self {
        self.respond(move |_| Reply::json(200, value.clone()))
    }

    /// How specific the route is: at each segment, a literal is more specific than a
    /// `{param}` (`/orders/search` before `/orders/{id}`). Smaller is more specific.
    pub(crate) fn specificity(&self) -> Vec<bool> {
        self.segments.iter().map(|s| s.starts_with('{')).collect()
    }

    pub(crate) fn matches(&self, method: &str, path: &str) -> Option<HashMap<String, String>> {
        if self.method != method {
            return None;
        }
        let parts: Vec<&str> = path.trim_matches('/').split('/').collect();
        if parts.len() != self.segments.len() {
            return None;
        }
        let mut params = HashMap::new();
        for (seg, part) in self.segments.iter().zip(parts) {
            if let Some(name) = seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                let value = percent_encoding::percent_decode_str(part)
                    .decode_utf8_lossy()
                    .into_owned();
                params.insert(name.to_owned(), value);
            } else if seg != part {
                return None;
            }
        }
        Some(params)
    }
}
