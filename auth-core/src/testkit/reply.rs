//! What the test provider answers: canned replies, faults, and the requests it saw.

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;

/// An HTTP answer of the test provider.
#[derive(Debug, Clone)]
pub struct Reply {
    pub(crate) status: u16,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: Bytes,
}

impl Reply {
    /// An answer with `status` and an empty body.
    pub fn status(status: u16) -> Self {
        Reply {
            status,
            headers: Vec::new(),
            body: Bytes::new(),
        }
    }

    /// A JSON answer.
    pub fn json(status: u16, value: serde_json::Value) -> Self {
        Reply::status(status)
            .header("content-type", "application/json")
            .body(value.to_string())
    }

    /// An HTML error page, as proxies and load balancers send.
    pub fn html(status: u16) -> Self {
        Reply::status(status)
            .header("content-type", "text/html")
            .body(format!(
                "<!DOCTYPE html><html><head><title>{status}</title></head>\
                 <body><h1>{status}</h1><p>upstream error</p></body></html>"
            ))
    }

    /// Adds a header.
    pub fn header(mut self, name: &str, value: impl Into<String>) -> Self {
        self.headers.push((name.to_owned(), value.into()));
        self
    }

    /// Sets the body.
    pub fn body(mut self, body: impl Into<Bytes>) -> Self {
        self.body = body.into();
        self
    }
}

/// A fault to inject, for the next requests to a path: see
/// [`TestProvider::inject`](super::TestProvider::inject).
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum Fault {
    /// Answer with this reply instead of handling the request.
    Reply(Reply),
    /// Answer with what the function returns for the request: a hostile server that
    /// quotes what it was sent, a token endpoint of an odd shape.
    Respond(Responder),
    /// Wait this long, then handle the request normally (timeouts).
    Delay(Duration),
    /// Send 200 with `Content-Length: 1000`, ten bytes of body, then close the connection.
    CloseMidBody,
}

/// The function behind [`Fault::Respond`].
#[derive(Clone)]
pub struct Responder(pub(crate) Arc<dyn Fn(&Request) -> Reply + Send + Sync>);

impl fmt::Debug for Responder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Responder(..)")
    }
}

impl Fault {
    /// Answers with `respond(request)`, where the request includes its `Authorization`
    /// header and body.
    ///
    /// ```
    /// use auth_core::testkit::{Fault, Reply};
    ///
    /// // A token endpoint that quotes the credentials it was sent.
    /// let echo = Fault::respond(|req| {
    ///     let said = format!("bad credentials {:?}", req.authorization);
    ///     Reply::json(401, serde_json::json!({ "error": "invalid_client", "error_description": said }))
    /// });
    /// ```
    pub fn respond(respond: impl Fn(&Request) -> Reply + Send + Sync + 'static) -> Self {
        Fault::Respond(Responder(Arc::new(respond)))
    }

    /// `status` with a small JSON body `{"message": ...}`.
    pub fn status(status: u16) -> Self {
        Fault::Reply(Reply::json(
            status,
            serde_json::json!({ "message": format!("injected {status}") }),
        ))
    }

    /// `status` with `Retry-After: value` (delta-seconds or an HTTP-date).
    pub fn retry_after(status: u16, value: impl Into<String>) -> Self {
        match Fault::status(status) {
            Fault::Reply(r) => Fault::Reply(r.header("retry-after", value)),
            other => other,
        }
    }

    /// 429 with `X-RateLimit-Reset: value` (epoch seconds or seconds until reset) and
    /// `X-RateLimit-Remaining: 0`.
    pub fn rate_limit_reset(value: impl Into<String>) -> Self {
        Fault::Reply(
            Reply::json(429, serde_json::json!({ "message": "Too Many Requests" }))
                .header("x-ratelimit-reset", value)
                .header("x-ratelimit-remaining", "0"),
        )
    }

    /// An RFC 6749 error body: `{"error": code, "error_description": ...}`.
    pub fn oauth_error(status: u16, code: &str) -> Self {
        Fault::Reply(Reply::json(
            status,
            serde_json::json!({ "error": code, "error_description": format!("injected {code}") }),
        ))
    }

    /// 200 with a body that is not valid JSON.
    pub fn malformed_json() -> Self {
        Fault::Reply(
            Reply::status(200)
                .header("content-type", "application/json")
                .body(r#"{"access_token": "trunc"#),
        )
    }

    /// An HTML error page with `status`.
    pub fn html(status: u16) -> Self {
        Fault::Reply(Reply::html(status))
    }

    /// `status` with an empty body.
    pub fn empty(status: u16) -> Self {
        Fault::Reply(Reply::status(status))
    }

    /// `status` with a body of `len` bytes.
    pub fn huge(status: u16, len: usize) -> Self {
        Fault::Reply(
            Reply::status(status)
                .header("content-type", "text/plain")
                .body(vec![b'x'; len]),
        )
    }
}

/// A request as a route handler sees it.
#[derive(Debug, Clone)]
pub struct Request {
    /// `GET`, `POST`, ...
    pub method: String,
    /// The path, without the query.
    pub path: String,
    /// The raw query string, if any.
    pub query: Option<String>,
    /// Values of the route's `{name}` segments.
    pub params: HashMap<String, String>,
    /// Header names (lower case) and values; `authorization` is left out.
    pub headers: Vec<(String, String)>,
    /// The `Authorization` header, if any.
    pub authorization: Option<String>,
    /// The request body.
    pub body: Bytes,
    /// The scopes of the bearer token the request carried, if any.
    pub scopes: Vec<String>,
}

impl Request {
    /// A header's value (name in any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// A route parameter (`{id}`).
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params.get(name).map(String::as_str)
    }

    /// The first value of query parameter `name`, percent-decoded (`page` of
    /// `?per_page=3&page=2`).
    pub fn query_param(&self, name: &str) -> Option<String> {
        form_urlencoded::parse(self.query.as_deref()?.as_bytes())
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.into_owned())
    }
}

/// One request the provider received, for assertions.
#[derive(Debug, Clone)]
pub struct Recorded {
    /// `GET`, `POST`, ...
    pub method: String,
    /// The path, without the query.
    pub path: String,
    /// Whether it carried an `Authorization` header.
    pub had_authorization: bool,
    /// The status answered; 0 while the answer is pending (or was never finished).
    pub status: u16,
}
