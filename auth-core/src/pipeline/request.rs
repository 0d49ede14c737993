//! Building a request from a generated method's arguments: path, query, body, headers.

use std::fmt::{self, Write as _};

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

use crate::error::Error;
use crate::pipeline::body::{Body, Multipart};
use crate::pipeline::options::CallOptions;
use crate::pipeline::wire::{FormBody, HeaderParam, JsonBody, PathParam, QueryParam};
use crate::scopes::manifest::Endpoint;

/// A request being built by a generated method. Problems (a query value that does not
/// serialise, a header value with a newline) are kept and reported when it is sent, so
/// that generated code stays a straight line.
#[doc(hidden)]
#[derive(Debug, Clone)]
pub struct Request {
    pub(crate) endpoint: &'static Endpoint,
    /// The whole URL, built in one allocation: base, path, then query.
    pub(crate) url: String,
    /// Where the query begins in `url`, once there is one.
    query_start: Option<usize>,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Option<Body>,
    /// The answer is read by the caller as a stream (a download), not by the call.
    pub(crate) streams_answer: bool,
    /// Boxed: rare, and the request is part of every call's state.
    pub(crate) error: Option<Box<Error>>,
    /// What the call changes of its client's settings (boxed for the same reason).
    pub(crate) options: Option<Box<CallOptions>>,
}

impl Request {
    /// A request for `endpoint` whose URL starts with `base` (or that fails with
    /// `error` when sent).
    pub(crate) fn new(endpoint: &'static Endpoint, base: Result<&str, &Error>) -> Self {
        let (url, error) = match base {
            Ok(base) => {
                let mut url = String::with_capacity(base.len() + endpoint.path.len() + 24);
                url.push_str(base);
                (url, None)
            }
            Err(e) => (String::new(), Some(Box::new(e.clone()))),
        };
        Request {
            endpoint,
            url,
            query_start: None,
            headers: HeaderMap::new(),
            body: None,
            streams_answer: false,
            error,
            options: None,
        }
    }

    /// Appends a literal part of the path.
    pub fn path(&mut self, part: &str) {
        self.url.push_str(part);
    }

    /// Appends a path parameter as one percent-encoded segment (a `/` in a value cannot
    /// change the route).
    pub fn segment(&mut self, value: &dyn PathParam) {
        push_segment(&mut self.url, value);
    }

    pub(crate) fn fail(&mut self, reason: String) {
        if self.error.is_none() {
            self.error = Some(Box::new(Error::InvalidRequest {
                method: self.endpoint.name,
                reason,
            }));
        }
    }

    /// Adds `#[query]` argument `name`: a struct or map adds its fields (in order), a
    /// sequence repeats `name`, a single value adds `name=value`, `None` adds nothing
    /// (and a query of nothing adds no `?`).
    pub fn query(&mut self, name: &str, value: &dyn QueryParam) {
        let opened = self.query_start.is_none();
        let start = *self.query_start.get_or_insert_with(|| {
            self.url.push('?');
            self.url.len()
        });
        let result = value.append_query(&mut self.url, start, name);
        if opened && self.url.len() == start {
            self.url.pop();
            self.query_start = None;
        }
        if let Err(e) = result {
            self.fail(format!("query argument `{name}`: {e}"));
        }
    }

    /// Sets the `#[body]` argument: JSON, or a `RawBody` or `Upload` as it is, or a
    /// `Multipart` form.
    pub fn json(&mut self, value: &dyn JsonBody) {
        if let Some(raw) = value.raw() {
            match HeaderValue::try_from(raw.content_type()) {
                Ok(content_type) => {
                    self.body = Some(Body::Bytes {
                        bytes: raw.bytes().clone(),
                        content_type: Some(content_type),
                    });
                }
                Err(_) => self.fail(format!(
                    "the body's content type {:?} is not a header value",
                    crate::error::sanitize(raw.content_type(), 80)
                )),
            }
            return;
        }
        if let Some(upload) = value.upload() {
            self.body = Some(Body::Upload(upload.clone()));
            return;
        }
        if let Some(form) = value.multipart() {
            self.body = Some(Body::Multipart(form.clone()));
            return;
        }
        match value.to_json() {
            Ok(body) => {
                self.body = Some(Body::Bytes {
                    bytes: body.into(),
                    content_type: None,
                })
            }
            Err(e) => self.fail(format!("the body does not serialise to JSON: {e}")),
        }
    }

    /// Sets a `#[body(form)]` argument: `application/x-www-form-urlencoded`.
    pub fn form(&mut self, value: &dyn FormBody) {
        match value.to_form() {
            Ok(encoded) => {
                self.body = Some(Body::Bytes {
                    bytes: encoded.into(),
                    content_type: Some(HeaderValue::from_static(
                        "application/x-www-form-urlencoded",
                    )),
                })
            }
            Err(e) => self.fail(format!("the form body does not encode: {e}")),
        }
    }

    /// Sets a `#[body(multipart)]` argument.
    pub fn multipart(&mut self, form: Multipart) {
        self.body = Some(Body::Multipart(form));
    }

    /// Adds a `#[header("...")]` argument.
    pub fn header(&mut self, name: &'static str, value: &dyn HeaderParam) {
        let name = HeaderName::from_static(name);
        match HeaderValue::try_from(value.to_string()) {
            Ok(v) => {
                self.headers.append(name, v);
            }
            Err(_) => self.fail(format!(
                "the value of header `{name}` has characters a header cannot carry"
            )),
        }
    }
}

impl Request {
    /// Adds a header a caller set on the call. The credential's headers are the
    /// client's: setting one fails the call rather than sending two credentials.
    pub(crate) fn extra_header(&mut self, name: &str, value: &str) {
        let Ok(name) = HeaderName::try_from(name) else {
            return self.fail(format!(
                "`{}` is not a header name",
                crate::error::sanitize(name, 80)
            ));
        };
        if name == reqwest::header::AUTHORIZATION || name == reqwest::header::PROXY_AUTHORIZATION {
            return self.fail(format!(
                "the `{name}` header carries the client's credential and cannot be set on a \
                 call; give the client another token instead"
            ));
        }
        match HeaderValue::try_from(value) {
            Ok(mut value) => {
                // Kept out of logs and redacted from error messages like the credential.
                value.set_sensitive(true);
                self.headers.append(name, value);
            }
            Err(_) => self.fail(format!(
                "the value of header `{name}` has characters a header cannot carry"
            )),
        }
    }
}

/// Characters left as they are in a path segment: RFC 3986 unreserved.
const SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Appends `value` to `path` as one percent-encoded segment (a `/` in a value cannot
/// change the route).
pub(crate) fn push_segment<T: fmt::Display + ?Sized>(path: &mut String, value: &T) {
    struct Encode<'a>(&'a mut String);
    impl fmt::Write for Encode<'_> {
        fn write_str(&mut self, s: &str) -> fmt::Result {
            for chunk in percent_encoding::utf8_percent_encode(s, SEGMENT) {
                self.0.push_str(chunk);
            }
            Ok(())
        }
    }
    // Writing to a String cannot fail; a Display impl that errors leaves what it wrote.
    let _ = write!(Encode(path), "{value}");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scopes::manifest::Auth;

    static ENDPOINT: Endpoint = Endpoint {
        name: "list",
        method: "GET",
        path: "/orders",
        auth: Auth::Public,
    };

    #[test]
    fn path_segments_are_percent_encoded() {
        let mut p = String::from("/orders/");
        push_segment(&mut p, "a/b c?d#é");
        assert_eq!(p, "/orders/a%2Fb%20c%3Fd%23%C3%A9");
        let mut p = String::new();
        push_segment(&mut p, &42u64);
        assert_eq!(p, "42");
    }

    fn request() -> Request {
        let mut r = Request::new(&ENDPOINT, Ok("https://api.example/v1"));
        r.path("/orders");
        r
    }

    #[test]
    fn urls_are_built_in_one_string() {
        let mut r = request();
        r.path("/");
        r.segment(&"a/b");
        r.query("page", &2u32);
        r.query("sort", &"new");
        assert_eq!(r.url, "https://api.example/v1/orders/a%2Fb?page=2&sort=new");
    }

    #[test]
    fn absent_query_values_leave_no_question_mark() {
        let mut r = request();
        r.query("page", &None::<u32>);
        assert_eq!(r.url, "https://api.example/v1/orders");
        r.query("page", &Some(3u32));
        r.query("sort", &None::<&str>);
        assert_eq!(r.url, "https://api.example/v1/orders?page=3");
    }

    #[test]
    fn query_problems_are_reported_not_sent() {
        let mut r = request();
        r.query("page", &2u32);
        r.query("grid", &vec![vec![1]]);
        assert_eq!(r.url, "https://api.example/v1/orders?page=2");
        assert!(matches!(
            r.error.as_deref(),
            Some(Error::InvalidRequest { method: "list", .. })
        ));
    }

    #[test]
    fn bad_header_values_are_reported_not_sent() {
        let mut r = request();
        r.header("x-request-id", &"a\nb");
        assert!(matches!(
            r.error.as_deref(),
            Some(Error::InvalidRequest { .. })
        ));
    }

    #[test]
    fn raw_bodies_are_sent_as_they_are_with_their_content_type() {
        let mut r = request();
        r.json(&crate::RawBody::new(
            "application/octet-stream",
            &b"\x00\xff"[..],
        ));
        let Some(Body::Bytes {
            bytes,
            content_type,
        }) = &r.body
        else {
            panic!("{:?}", r.body)
        };
        assert_eq!(&bytes[..], b"\x00\xff");
        assert_eq!(content_type.as_ref().unwrap(), "application/octet-stream");
        assert!(r.error.is_none());

        let mut json = request();
        json.json(&serde_json::json!({"a": 1}));
        let Some(Body::Bytes {
            bytes,
            content_type: None,
        }) = &json.body
        else {
            panic!("{:?}", json.body)
        };
        assert_eq!(&bytes[..], br#"{"a":1}"#);

        let mut bad = request();
        bad.json(&crate::RawBody::new("text/plain\r\nx-injected: 1", "hi"));
        assert!(matches!(
            bad.error.as_deref(),
            Some(Error::InvalidRequest { .. })
        ));
        assert!(bad.body.is_none());
        assert_eq!(
            format!("{:?}", crate::RawBody::new("text/plain", "secret")),
            r#"RawBody { content_type: "text/plain", len: 6 }"#
        );
    }
}
