//! What the arguments and answers of `#[api]` methods must be, and the errors the
//! compiler gives when they are not.
//!
//! Each role an argument can play has a trait, implemented for every type that can play
//! it; a type that cannot is reported at the argument's type in the trait, naming the
//! trait it needs (`Display` for the path and headers, `Serialize` for the query and the
//! body, `Deserialize` for the answer):
//!
//! | in the trait | needs | trait here |
//! |---|---|---|
//! | `{id}` in the path | `Display` | [`PathParam`] |
//! | `#[query]` | `Serialize` | [`QueryParam`] |
//! | `#[body]` | `Serialize` (sent as JSON), or [`Upload`], [`Multipart`], [`RawBody`] | [`JsonBody`] |
//! | `#[body(form)]` | `Serialize` (sent URL-encoded) | [`FormBody`] |
//! | `#[body(multipart)]` | `Into<Multipart>` (taken by value) | [`MultipartBody`] |
//! | `#[header("...")]` | `Display` | [`HeaderParam`] |
//! | `-> Result<T, Error>` | `T: DeserializeOwned` (or `()`, [`RawResponse`], [`ByteStream`](crate::ByteStream)) | [`JsonResponse`] |
//! | `#[api(error = T)]` | `T: DeserializeOwned` | [`ErrorAnswer`] |
//!
//! The traits are implemented for every type that qualifies, so there is nothing to
//! implement here: derive `Serialize`, `Deserialize` or implement `Display` on the type.
//!
//! ```
//! use auth_core::wire::{JsonBody, PathParam, QueryParam};
//!
//! #[derive(serde::Serialize)]
//! struct Filter { status: &'static str }
//!
//! let _: &dyn PathParam = &42_u64;
//! let _: &dyn QueryParam = &Filter { status: "open" };
//! let _: &dyn JsonBody = &vec![1, 2, 3];
//! ```

use std::fmt::Display;

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::Error;
use crate::pipeline::RawResponse;
use crate::pipeline::body::{Multipart, Upload};

/// A value that can be a `{name}` segment of a path: anything `Display`. The value is
/// percent-encoded, so a `/` in it cannot change the route.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be a path parameter: it must implement `std::fmt::Display`",
    label = "this argument is sent in the path",
    note = "implement `Display` for it, or take a type that has it (a number, `&str`, `String`)"
)]
pub trait PathParam: Display {}

#[diagnostic::do_not_recommend]
impl<T: Display + ?Sized> PathParam for T {}

/// A value that can be a `#[query]` argument: anything `Serialize` whose shape a query
/// string can carry (a value, a sequence of values, a struct or map of them).
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be a query parameter: it must implement `serde::Serialize`",
    label = "this `#[query]` argument is sent in the query string",
    note = "derive `Serialize` for it: a struct or map adds its fields, a sequence repeats the name, `None` adds nothing"
)]
pub trait QueryParam {
    /// Appends `self`, the argument called `name`, to the query starting at byte `start`
    /// of `url`.
    #[doc(hidden)]
    fn append_query(&self, url: &mut String, start: usize, name: &str) -> Result<(), String>;
}

#[diagnostic::do_not_recommend]
impl<T: Serialize + ?Sized> QueryParam for T {
    fn append_query(&self, url: &mut String, start: usize, name: &str) -> Result<(), String> {
        crate::pipeline::query::append(url, start, name, self).map_err(|e| e.to_string())
    }
}

/// A value that can be the `#[body]` of a request: anything `Serialize`, sent as JSON;
/// a [`RawBody`] or an [`Upload`], sent as it is with its own content type; or a
/// [`Multipart`] form.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be a request body: it must implement `serde::Serialize`",
    label = "this `#[body]` argument is sent as JSON",
    note = "derive `Serialize` for it; take an `auth_core::Upload` for a file or stream, an `auth_core::Multipart` for a form, or mark it `#[body(form)]` to send it URL-encoded"
)]
pub trait JsonBody {
    /// `self` as JSON.
    #[doc(hidden)]
    fn to_json(&self) -> serde_json::Result<Vec<u8>>;

    /// The body as it is sent, when it is not JSON.
    #[doc(hidden)]
    fn raw(&self) -> Option<&RawBody> {
        None
    }

    /// The body as it is sent, maybe streamed.
    #[doc(hidden)]
    fn upload(&self) -> Option<&Upload> {
        None
    }

    /// The body as a multipart form.
    #[doc(hidden)]
    fn multipart(&self) -> Option<&Multipart> {
        None
    }
}

#[diagnostic::do_not_recommend]
impl JsonBody for Upload {
    fn to_json(&self) -> serde_json::Result<Vec<u8>> {
        Ok(Vec::new())
    }

    fn upload(&self) -> Option<&Upload> {
        Some(self)
    }
}

#[diagnostic::do_not_recommend]
impl JsonBody for Multipart {
    fn to_json(&self) -> serde_json::Result<Vec<u8>> {
        Ok(Vec::new())
    }

    fn multipart(&self) -> Option<&Multipart> {
        Some(self)
    }
}

/// A value that can be a `#[body(form)]` argument: anything `Serialize` whose shape a
/// form can carry (a struct or map of values; a sequence repeats the name), sent as
/// `application/x-www-form-urlencoded`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be a form body: it must implement `serde::Serialize`",
    label = "this `#[body(form)]` argument is sent URL-encoded",
    note = "derive `Serialize` for a struct of its fields"
)]
pub trait FormBody {
    /// `self`, URL-encoded.
    #[doc(hidden)]
    fn to_form(&self) -> Result<String, String>;
}

#[diagnostic::do_not_recommend]
impl<T: Serialize + ?Sized> FormBody for T {
    fn to_form(&self) -> Result<String, String> {
        serde_html_form::to_string(self).map_err(|e| e.to_string())
    }
}

/// A value that can be a `#[body(multipart)]` argument: a [`Multipart`], or anything
/// that converts into one (the parts type generated for an OpenAPI multipart body).
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be a multipart body: it must convert into `auth_core::Multipart`",
    label = "this `#[body(multipart)]` argument is sent as `multipart/form-data`",
    note = "take an `auth_core::Multipart`, or implement `From<{Self}> for auth_core::Multipart`"
)]
pub trait MultipartBody {
    /// `self` as a form.
    #[doc(hidden)]
    fn into_multipart(self) -> Multipart;
}

#[diagnostic::do_not_recommend]
impl<T: Into<Multipart>> MultipartBody for T {
    fn into_multipart(self) -> Multipart {
        self.into()
    }
}

/// A request body sent as it is, with its content type: what a `#[body]` takes for an
/// operation whose body is not JSON (a file upload, a form or multipart body the caller
/// encodes). Its `Debug` shows the content type and the length, never the bytes.
///
/// ```
/// let body = auth_core::RawBody::new("application/octet-stream", b"\x00\x01".to_vec());
/// assert_eq!(body.content_type(), "application/octet-stream");
/// assert_eq!(body.bytes().len(), 2);
/// ```
#[derive(Clone)]
pub struct RawBody {
    content_type: String,
    bytes: bytes::Bytes,
}

impl RawBody {
    /// A body of `bytes`, sent with `Content-Type: content_type`. A content type a header
    /// cannot carry makes the call fail with `Error::InvalidRequest` before it is sent.
    pub fn new(content_type: impl Into<String>, bytes: impl Into<bytes::Bytes>) -> Self {
        RawBody {
            content_type: content_type.into(),
            bytes: bytes.into(),
        }
    }

    /// The content type it is sent with.
    pub fn content_type(&self) -> &str {
        &self.content_type
    }

    /// The bytes sent.
    pub fn bytes(&self) -> &bytes::Bytes {
        &self.bytes
    }
}

impl std::fmt::Debug for RawBody {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RawBody")
            .field("content_type", &self.content_type)
            .field("len", &self.bytes.len())
            .finish()
    }
}

#[diagnostic::do_not_recommend]
impl JsonBody for RawBody {
    fn to_json(&self) -> serde_json::Result<Vec<u8>> {
        Ok(self.bytes.to_vec())
    }

    fn raw(&self) -> Option<&RawBody> {
        Some(self)
    }
}

#[diagnostic::do_not_recommend]
impl<T: Serialize + ?Sized> JsonBody for T {
    fn to_json(&self) -> serde_json::Result<Vec<u8>> {
        serde_json::to_vec(self)
    }
}

/// A value that can be a `#[header("...")]` argument: anything `Display`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be a header value: it must implement `std::fmt::Display`",
    label = "this `#[header]` argument is sent as a header",
    note = "implement `Display` for it, or take a type that has it (`&str`, `String`, a number)"
)]
pub trait HeaderParam: Display {}

#[diagnostic::do_not_recommend]
impl<T: Display + ?Sized> HeaderParam for T {}

/// A type an API's error answer can be read as (`#[api(error = T)]`,
/// [`Error::body_as`](crate::Error::body_as)): anything `DeserializeOwned`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be the API's error answer: it must implement `serde::de::DeserializeOwned`",
    label = "`err.body_as::<{Self}>()` decodes an error answer's JSON body into this type",
    note = "derive `Deserialize` for it (without borrowed fields)"
)]
pub trait ErrorAnswer: DeserializeOwned {}

#[diagnostic::do_not_recommend]
impl<T: DeserializeOwned> ErrorAnswer for T {}

/// A type the answer's JSON body can be decoded into: anything `DeserializeOwned`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be decoded from the answer: it must implement `serde::de::DeserializeOwned`",
    label = "the answer's JSON body is decoded into this type",
    note = "derive `Deserialize` for it (without borrowed fields); return `()` to ignore the body, or `auth_core::RawResponse` to read it yourself"
)]
pub trait JsonResponse: Sized {
    /// Decodes the answer of method `method`.
    #[doc(hidden)]
    const DECODE: fn(RawResponse, &'static str) -> Result<Self, Error>;
}

#[diagnostic::do_not_recommend]
impl<T: DeserializeOwned> JsonResponse for T {
    const DECODE: fn(RawResponse, &'static str) -> Result<Self, Error> = decode_json::<T>;
}

fn decode_json<T: DeserializeOwned>(
    response: RawResponse,
    method: &'static str,
) -> Result<T, Error> {
    serde_json::from_slice(&response.body).map_err(|e| Error::Decode {
        method,
        reason: crate::error::sanitize(&e.to_string(), 200),
    })
}

/// An answer whose body is ignored: any 2xx is success (methods returning `()`).
#[doc(hidden)]
pub fn unit(_: RawResponse, _: &'static str) -> Result<(), Error> {
    Ok(())
}

/// The answer as it came (methods returning [`RawResponse`]).
#[doc(hidden)]
pub fn raw(response: RawResponse, _: &'static str) -> Result<RawResponse, Error> {
    Ok(response)
}

/// The return type of every `#[api]` method: `Result<T, auth_core::Error>`.
#[diagnostic::on_unimplemented(
    message = "an `#[api]` method must return `Result<T, auth_core::Error>`, not `{Self}`",
    label = "the error type must be `auth_core::Error`",
    note = "the client reports transport, token and API errors as `auth_core::Error`; convert it into your own error where you call the method"
)]
pub trait ApiResult {
    /// `T`.
    type Ok;
}

impl<T> ApiResult for Result<T, Error> {
    type Ok = T;
}

/// Implemented by nothing: the `environment` of `new` on a client whose `#[api]`
/// declares no production URL, so that calling it explains itself.
#[diagnostic::on_unimplemented(
    message = "this client has no `new`: its `#[api]` declares no production URL",
    label = "`new` picks the production or staging URL declared in `#[api(...)]`",
    note = "add `production = \"https://...\"` (and `staging = ...`) to `#[api(...)]` on the trait, or build the client with `with_base_url(token, url)`"
)]
pub trait DeclaredUrl {}
