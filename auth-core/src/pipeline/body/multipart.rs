//! [`Multipart`]: a `multipart/form-data` body of named [`Part`]s (text, JSON, files,
//! streams), encoded by reqwest while it is sent, never held whole.

use std::fmt;
use std::path::PathBuf;

use bytes::Bytes;
use futures_core::Stream;
use serde::Serialize;

use super::source::{BoxError, OneShot, OpenError, Source};
use crate::pipeline::body::progress::Progress;

/// A `multipart/form-data` body: named parts, each text, JSON, bytes, a file or a
/// stream. Take it (or a type that converts into it, such as the parts type an
/// OpenAPI document's multipart body is generated as) with `#[body(multipart)]`.
///
/// Files are read a chunk at a time while they are sent, and opened again if the call
/// is sent again; a stream is read once (see [`Upload`](crate::Upload) for what that
/// means for retries and timeouts). When every part's length is known (text, bytes,
/// files, streams given a length) the body is sent with a `Content-Length`.
///
/// Its `Debug` shows the parts' names, file names, content types and sources, never
/// their contents.
///
/// ```
/// use auth_core::{Multipart, Part};
///
/// # fn demo() -> Result<(), auth_core::Error> {
/// let form = Multipart::new()
///     .text("parent", "1204619611402340")
///     .json("metadata", &serde_json::json!({"tags": ["scan"]}))
///     .part("file", Part::file("scan.pdf")) // file name and type from the path
///     .part("thumbnail", Part::bytes(vec![0xff, 0xd8]).file_name("thumb.jpg").content_type("image/jpeg"));
/// assert_eq!(form.names().collect::<Vec<_>>(), ["parent", "metadata", "file", "thumbnail"]);
/// # Ok(()) }
/// ```
#[derive(Clone, Default)]
pub struct Multipart {
    parts: Vec<(String, Part)>,
}

impl Multipart {
    /// No parts yet.
    pub fn new() -> Self {
        Multipart::default()
    }

    /// Adds part `name`.
    #[must_use]
    pub fn part(mut self, name: impl Into<String>, part: Part) -> Self {
        self.parts.push((name.into(), part));
        self
    }

    /// Adds a text part.
    #[must_use]
    pub fn text(self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.part(name, Part::text(value))
    }

    /// Adds `value` as a JSON part (`Content-Type: application/json`), what OpenAPI
    /// sends an object or array part as. A value that does not serialise fails the call
    /// with [`Error::InvalidRequest`](crate::Error::InvalidRequest).
    #[must_use]
    pub fn json<T: Serialize + ?Sized>(self, name: impl Into<String>, value: &T) -> Self {
        self.part(name, Part::json(value))
    }

    /// The parts' names, in order.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.parts.iter().map(|(name, _)| name.as_str())
    }

    /// Whether the call can send it again: no part is a stream.
    pub fn is_replayable(&self) -> bool {
        self.parts.iter().all(|(_, p)| p.source.is_replayable())
    }

    /// The form reqwest encodes for one attempt: files opened, streams taken.
    pub(crate) async fn open(
        &self,
        progress: &Progress,
    ) -> Result<reqwest::multipart::Form, OpenError> {
        let mut form = reqwest::multipart::Form::new();
        for (name, part) in &self.parts {
            let (body, length) = part.source.open(progress).await?;
            let mut encoded = match length {
                Some(length) => reqwest::multipart::Part::stream_with_length(body, length),
                None => reqwest::multipart::Part::stream(body),
            };
            let content_type = part.content_type.as_deref().or(match &part.source {
                Source::File(path) => Some(guess(path)),
                _ => None,
            });
            if let Some(content_type) = content_type {
                encoded = encoded.mime_str(content_type).map_err(|_| {
                    OpenError::Invalid(format!(
                        "part `{name}`: {:?} is not a content type",
                        crate::error::sanitize(content_type, 80)
                    ))
                })?;
            }
            let file_name = part.file_name.clone().or_else(|| match &part.source {
                Source::File(path) => path.file_name().map(|n| n.to_string_lossy().into_owned()),
                _ => None,
            });
            if let Some(file_name) = file_name {
                encoded = encoded.file_name(file_name);
            }
            form = form.part(name.clone(), encoded);
        }
        Ok(form)
    }
}

/// The content type of a file, from its extension (`application/octet-stream` when
/// unknown).
fn guess(path: &std::path::Path) -> &'static str {
    mime_guess::from_path(path)
        .first_raw()
        .unwrap_or("application/octet-stream")
}

impl fmt::Debug for Multipart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map()
            .entries(self.parts.iter().map(|(name, part)| (name, part)))
            .finish()
    }
}

/// One part of a [`Multipart`] body.
///
/// ```
/// use auth_core::Part;
///
/// let file = Part::file("report.csv");                       // text/csv, "report.csv"
/// let bytes = Part::bytes(vec![1, 2, 3]).file_name("blob.bin");
/// let json = Part::json(&serde_json::json!({"public": true}));
/// assert_eq!(format!("{json:?}"), r#"Part { source: 15 bytes, file_name: None, content_type: Some("application/json") }"#);
/// # let _ = (file, bytes);
/// ```
#[derive(Clone)]
pub struct Part {
    source: Source,
    file_name: Option<String>,
    content_type: Option<String>,
}

impl Part {
    /// A text part, sent without a content type (as browsers send form fields).
    pub fn text(value: impl Into<String>) -> Self {
        Part::from_source(Source::Bytes(Bytes::from(value.into())))
    }

    /// A part of `bytes`, held in memory.
    pub fn bytes(bytes: impl Into<Bytes>) -> Self {
        Part::from_source(Source::Bytes(bytes.into()))
    }

    /// `value` as JSON (`Content-Type: application/json`).
    pub fn json<T: Serialize + ?Sized>(value: &T) -> Self {
        let source = match serde_json::to_vec(value) {
            Ok(json) => Source::Bytes(json.into()),
            Err(e) => Source::Invalid(format!("a part does not serialise to JSON: {e}")),
        };
        Part::from_source(source).content_type("application/json")
    }

    /// The file at `path`, read a chunk at a time while it is sent (and opened again if
    /// the call is sent again). Its file name is the path's last component and its
    /// content type is guessed from its extension, unless set.
    pub fn file(path: impl Into<PathBuf>) -> Self {
        Part::from_source(Source::File(path.into()))
    }

    /// The bytes of `stream`, read once while the call is sent. Without a length, the
    /// whole body is sent chunked.
    pub fn stream<S, B, E>(stream: S) -> Self
    where
        S: Stream<Item = Result<B, E>> + Send + 'static,
        B: Into<Bytes>,
        E: Into<BoxError>,
    {
        Part::from_source(Source::Stream(OneShot::new(stream, None)))
    }

    /// The bytes of `stream`, which are `length` long: the body can then be sent with a
    /// `Content-Length`.
    pub fn stream_with_length<S, B, E>(stream: S, length: u64) -> Self
    where
        S: Stream<Item = Result<B, E>> + Send + 'static,
        B: Into<Bytes>,
        E: Into<BoxError>,
    {
        Part::from_source(Source::Stream(OneShot::new(stream, Some(length))))
    }

    /// Sends `filename="..."` with the part.
    #[must_use]
    pub fn file_name(mut self, file_name: impl Into<String>) -> Self {
        self.file_name = Some(file_name.into());
        self
    }

    /// Sends the part with `Content-Type: content_type`.
    #[must_use]
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    fn from_source(source: Source) -> Self {
        Part {
            source,
            file_name: None,
            content_type: None,
        }
    }
}

impl fmt::Debug for Part {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Part")
            .field("source", &self.source)
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .finish()
    }
}

impl From<String> for Part {
    fn from(value: String) -> Self {
        Part::text(value)
    }
}

impl From<&str> for Part {
    fn from(value: &str) -> Self {
        Part::text(value)
    }
}

impl From<Bytes> for Part {
    fn from(bytes: Bytes) -> Self {
        Part::bytes(bytes)
    }
}

impl From<Vec<u8>> for Part {
    fn from(bytes: Vec<u8>) -> Self {
        Part::bytes(bytes)
    }
}
