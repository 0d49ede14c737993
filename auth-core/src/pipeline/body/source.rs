//! Where the bytes of a streamed body come from: memory, a file (opened again for each
//! attempt) or a stream (read once).

use std::fmt;
use std::path::PathBuf;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

use bytes::Bytes;
use futures_core::Stream;

use super::progress::Progress;

/// How much of a file is read at a time: large enough that a gigabyte is not a quarter
/// of a million reads, small enough that memory stays flat.
pub(crate) const FILE_CHUNK: usize = 256 * 1024;

/// A boxed error of a caller's stream.
pub(crate) type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// A caller's stream of bytes, boxed.
type Chunks = Pin<Box<dyn Stream<Item = Result<Bytes, BoxError>> + Send>>;

/// Where a body's bytes come from.
#[derive(Clone)]
pub(crate) enum Source {
    /// In memory: sent again as it is.
    Bytes(Bytes),
    /// A file, opened (and its length read) when each attempt is sent.
    File(PathBuf),
    /// A stream, read by the first attempt only.
    Stream(OneShot),
    /// A value that could not be encoded (a JSON part that does not serialise): the call
    /// fails with this reason before anything is sent.
    Invalid(String),
}

/// A stream that one attempt takes; clones share it, so that a copy of the request
/// cannot read it twice.
#[derive(Clone)]
pub(crate) struct OneShot {
    chunks: Arc<Mutex<Option<Chunks>>>,
    pub(crate) length: Option<u64>,
}

impl OneShot {
    pub(crate) fn new<S, B, E>(stream: S, length: Option<u64>) -> Self
    where
        S: Stream<Item = Result<B, E>> + Send + 'static,
        B: Into<Bytes>,
        E: Into<BoxError>,
    {
        let chunks: Chunks = Box::pin(MapChunks { inner: stream });
        OneShot {
            chunks: Arc::new(Mutex::new(Some(chunks))),
            length,
        }
    }

    /// The stream, unless an attempt took it already.
    fn take(&self) -> Option<Chunks> {
        // A poisoned lock only means a panic elsewhere while taking: the slot is intact.
        self.chunks
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .take()
    }
}

pin_project_lite::pin_project! {
    /// A caller's stream with its items made `Bytes` and its errors boxed.
    struct MapChunks<S> {
        #[pin]
        inner: S,
    }
}

impl<S, B, E> Stream for MapChunks<S>
where
    S: Stream<Item = Result<B, E>>,
    B: Into<Bytes>,
    E: Into<BoxError>,
{
    type Item = Result<Bytes, BoxError>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.project()
            .inner
            .poll_next(cx)
            .map(|item| item.map(|r| r.map(Into::into).map_err(Into::into)))
    }
}

/// Why a body could not be opened for an attempt.
pub(crate) enum OpenError {
    /// A stream an earlier attempt read.
    Consumed,
    /// A file that cannot be read, a value that cannot be encoded.
    Invalid(String),
}

impl Source {
    /// Whether every attempt can send it again.
    pub(crate) fn is_replayable(&self) -> bool {
        !matches!(self, Source::Stream(_))
    }

    /// Its length, when known without opening it.
    pub(crate) fn known_length(&self) -> Option<u64> {
        match self {
            Source::Bytes(b) => Some(b.len() as u64),
            Source::Stream(s) => s.length,
            Source::File(_) | Source::Invalid(_) => None,
        }
    }

    /// The body one attempt sends, and its length when known. Streamed sources report
    /// each chunk to `progress`.
    pub(crate) async fn open(
        &self,
        progress: &Progress,
    ) -> Result<(reqwest::Body, Option<u64>), OpenError> {
        match self {
            Source::Bytes(bytes) => Ok((bytes.clone().into(), Some(bytes.len() as u64))),
            Source::File(path) => {
                let cannot = |e: std::io::Error| {
                    OpenError::Invalid(format!("cannot read the file {}: {e}", path.display()))
                };
                let file = tokio::fs::File::open(path).await.map_err(cannot)?;
                let length = file.metadata().await.map_err(cannot)?.len();
                let chunks = tokio_util::io::ReaderStream::with_capacity(file, FILE_CHUNK);
                Ok((progress.wrap(chunks), Some(length)))
            }
            Source::Stream(one) => match one.take() {
                Some(chunks) => Ok((progress.wrap(chunks), one.length)),
                None => Err(OpenError::Consumed),
            },
            Source::Invalid(reason) => Err(OpenError::Invalid(reason.clone())),
        }
    }
}

impl fmt::Debug for Source {
    /// What kind of source it is and its length, never its bytes.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Bytes(b) => write!(f, "{} bytes", b.len()),
            Source::File(path) => write!(f, "file {}", path.display()),
            Source::Stream(s) => match s.length {
                Some(n) => write!(f, "stream of {n} bytes"),
                None => f.write_str("stream"),
            },
            Source::Invalid(reason) => write!(f, "invalid ({reason})"),
        }
    }
}
