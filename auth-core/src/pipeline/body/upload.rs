//! [`Upload`]: a body sent as it is (an octet-stream upload, an image), from memory, a
//! file or a stream, never read whole.

use std::fmt;
use std::path::PathBuf;

use bytes::Bytes;
use futures_core::Stream;

use super::source::{BoxError, OneShot, Source};

/// A request body sent as it is, with its content type: a file upload
/// (`application/octet-stream`, an image, a video). Take it as the `#[body]` of an
/// `#[api]` method; generated clients take one for operations whose body is binary.
///
/// From a file, it is read a chunk at a time while it is sent, and opened again if the
/// call is sent again (a 401 replayed with a new token, a retried 503). From a stream,
/// it is read once: a call that would have to send it again fails with
/// [`Error::BodyNotReplayable`](crate::Error::BodyNotReplayable) instead. While its bytes
/// move, the call's timeouts bound a stall rather than the transfer: a 2 GB upload takes
/// as long as it takes, an upload that stops for
/// [`attempt_timeout`](crate::ClientConfig::attempt_timeout) fails.
///
/// Its `Debug` shows the source and the content type, never the bytes.
///
/// ```
/// use auth_core::Upload;
///
/// let from_memory = Upload::bytes(vec![0x89, b'P', b'N', b'G']).content_type("image/png");
/// let from_disk = Upload::file("backup.tar.gz"); // read while sent, never whole
/// assert!(from_disk.is_replayable());
/// assert_eq!(from_memory.content_type_or_default(), "image/png");
/// ```
#[derive(Clone)]
pub struct Upload {
    pub(crate) source: Source,
    content_type: Option<String>,
}

impl Upload {
    /// The content type sent when none is set.
    pub const DEFAULT_CONTENT_TYPE: &'static str = "application/octet-stream";

    /// A body of `bytes`, held in memory.
    pub fn bytes(bytes: impl Into<Bytes>) -> Self {
        Upload::from_source(Source::Bytes(bytes.into()))
    }

    /// The contents of the file at `path`, opened when the call is sent and read a chunk
    /// at a time; its length is sent as `Content-Length`. A file that cannot be read fails
    /// the call with [`Error::InvalidRequest`](crate::Error::InvalidRequest) naming it.
    pub fn file(path: impl Into<PathBuf>) -> Self {
        Upload::from_source(Source::File(path.into()))
    }

    /// The bytes of `stream`, read once while the call is sent (`Transfer-Encoding:
    /// chunked`; [`length`](Self::length) sends a `Content-Length` instead). An error
    /// from the stream ends the call with [`Error::Transport`](crate::Error::Transport).
    ///
    /// ```
    /// # fn demo(file: tokio::fs::File) {
    /// // Any `AsyncRead`, through tokio-util's `ReaderStream`:
    /// let upload = auth_core::Upload::stream(tokio_util::io::ReaderStream::new(file));
    /// assert!(!upload.is_replayable());
    /// # }
    /// ```
    pub fn stream<S, B, E>(stream: S) -> Self
    where
        S: Stream<Item = Result<B, E>> + Send + 'static,
        B: Into<Bytes>,
        E: Into<BoxError>,
    {
        Upload::from_source(Source::Stream(OneShot::new(stream, None)))
    }

    /// Sends `Content-Length: length` with a stream (some servers refuse a chunked
    /// upload). A stream that ends before or after `length` bytes fails the call.
    /// Files and bytes have their own length; this changes nothing for them.
    #[must_use]
    pub fn length(mut self, length: u64) -> Self {
        if let Source::Stream(one) = &mut self.source {
            one.length = Some(length);
        }
        self
    }

    /// Sends it with `Content-Type: content_type` instead of
    /// `application/octet-stream`. A type a header cannot carry fails the call with
    /// [`Error::InvalidRequest`](crate::Error::InvalidRequest) before anything is sent.
    #[must_use]
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    /// The content type it is sent with.
    pub fn content_type_or_default(&self) -> &str {
        self.content_type
            .as_deref()
            .unwrap_or(Self::DEFAULT_CONTENT_TYPE)
    }

    /// Whether the call can send it again (bytes and files can, a stream cannot).
    pub fn is_replayable(&self) -> bool {
        self.source.is_replayable()
    }

    /// Its length, when known before it is sent (bytes, a stream given a length).
    pub fn known_length(&self) -> Option<u64> {
        self.source.known_length()
    }

    fn from_source(source: Source) -> Self {
        Upload {
            source,
            content_type: None,
        }
    }
}

impl fmt::Debug for Upload {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Upload")
            .field("source", &self.source)
            .field("content_type", &self.content_type_or_default())
            .finish()
    }
}

impl From<Bytes> for Upload {
    fn from(bytes: Bytes) -> Self {
        Upload::bytes(bytes)
    }
}

impl From<Vec<u8>> for Upload {
    fn from(bytes: Vec<u8>) -> Self {
        Upload::bytes(bytes)
    }
}
