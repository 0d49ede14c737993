//! Request bodies that are not JSON: an [`Upload`] sent as it is (from memory, a file or
//! a stream), a [`Multipart`] form of [`Part`]s, and URL-encoded forms. Streamed sources
//! are opened for each attempt ([`source`]) and report their progress, so that an
//! attempt's timeout bounds a stall rather than a long transfer ([`progress`]).

mod multipart;
pub(crate) mod progress;
pub(crate) mod source;
mod upload;

use bytes::Bytes;
use reqwest::header::{CONTENT_LENGTH, CONTENT_TYPE, HeaderValue};

pub use multipart::{Multipart, Part};
pub use upload::Upload;

use progress::Progress;
pub(crate) use source::OpenError;

/// The body of a request, as the generated method set it.
#[derive(Clone, Debug)]
pub(crate) enum Body {
    /// Bytes with their content type (`None`: JSON).
    Bytes {
        bytes: Bytes,
        content_type: Option<HeaderValue>,
    },
    /// Sent as it is, maybe streamed.
    Upload(Upload),
    /// A multipart form, encoded while sent.
    Multipart(Multipart),
}

impl Body {
    /// Whether every attempt can send it (nothing in it is a stream read once).
    pub(crate) fn is_replayable(&self) -> bool {
        match self {
            Body::Bytes { .. } => true,
            Body::Upload(upload) => upload.is_replayable(),
            Body::Multipart(form) => form.is_replayable(),
        }
    }

    /// Whether it is read while sent (a file or a stream somewhere in it): it is then
    /// attached by [`attach`](Self::attach), and the attempt's timeout bounds a stall,
    /// not the whole transfer.
    pub(crate) fn is_streamed(&self) -> bool {
        match self {
            Body::Bytes { .. } => false,
            Body::Upload(upload) => !matches!(upload.source, source::Source::Bytes(_)),
            Body::Multipart(_) => true,
        }
    }

    /// Puts a body held in memory on one attempt's request (a streamed one is left to
    /// [`attach`](Self::attach)).
    pub(crate) fn attach_now(&self, request: &mut reqwest::Request) -> Result<(), OpenError> {
        match self {
            Body::Bytes {
                bytes,
                content_type,
            } => {
                request.headers_mut().insert(
                    CONTENT_TYPE,
                    content_type
                        .clone()
                        .unwrap_or(HeaderValue::from_static("application/json")),
                );
                *request.body_mut() = Some(bytes.clone().into());
            }
            Body::Upload(upload) => {
                if let source::Source::Bytes(bytes) = &upload.source {
                    request
                        .headers_mut()
                        .insert(CONTENT_TYPE, upload_content_type(upload)?);
                    *request.body_mut() = Some(bytes.clone().into());
                }
            }
            Body::Multipart(_) => {}
        }
        Ok(())
    }

    /// Puts a streamed body on one attempt's request: files opened, a stream taken, a
    /// multipart form encoded by reqwest (boundary and length).
    pub(crate) async fn attach(
        &self,
        request: &mut reqwest::Request,
        progress: &Progress,
    ) -> Result<(), OpenError> {
        match self {
            Body::Bytes { .. } => self.attach_now(request)?,
            Body::Upload(upload) => {
                let content_type = upload_content_type(upload)?;
                let (body, length) = upload.source.open(progress).await?;
                let headers = request.headers_mut();
                headers.insert(CONTENT_TYPE, content_type);
                if let Some(length) = length {
                    headers.insert(CONTENT_LENGTH, HeaderValue::from(length));
                }
                *request.body_mut() = Some(body);
            }
            Body::Multipart(form) => {
                let form = form.open(progress).await?;
                // reqwest's builder writes the boundary into the content type and the
                // length when every part has one; the client is only a carrier here.
                let placeholder =
                    reqwest::Request::new(request.method().clone(), request.url().clone());
                let built = reqwest::RequestBuilder::from_parts(
                    crate::http::client::api_http_client(),
                    placeholder,
                )
                .multipart(form)
                .build()
                .map_err(|e| OpenError::Invalid(format!("the multipart body: {e}")))?;
                let (headers, body) = split(built);
                for name in [CONTENT_TYPE, CONTENT_LENGTH] {
                    if let Some(value) = headers.get(&name) {
                        request.headers_mut().insert(name, value.clone());
                    }
                }
                *request.body_mut() = body;
            }
        }
        Ok(())
    }
}

/// The upload's content type as a header value.
fn upload_content_type(upload: &Upload) -> Result<HeaderValue, OpenError> {
    HeaderValue::try_from(upload.content_type_or_default()).map_err(|_| {
        OpenError::Invalid(format!(
            "the upload's content type {:?} is not a header value",
            crate::error::sanitize(upload.content_type_or_default(), 80)
        ))
    })
}

fn split(mut request: reqwest::Request) -> (reqwest::header::HeaderMap, Option<reqwest::Body>) {
    (
        std::mem::take(request.headers_mut()),
        request.body_mut().take(),
    )
}
