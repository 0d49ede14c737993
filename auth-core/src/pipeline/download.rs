//! [`ByteStream`]: an answer the caller reads as it arrives (a download), never held
//! whole.

use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use futures_core::Stream;
use reqwest::StatusCode;
use reqwest::header::{CONTENT_LENGTH, CONTENT_TYPE, HeaderMap};

use crate::error::{Error, TransportError};

type Chunks = Pin<Box<dyn Stream<Item = reqwest::Result<Bytes>> + Send>>;

/// A successful answer whose body the caller reads as it arrives: what a method
/// declared to return `ByteStream` answers (an `#[api]` trait's download, or an
/// operation whose answer is a file in a generated client). The call's token, 401
/// replay, retries and timeouts apply until the answer's headers arrive; after that, each
/// chunk must arrive within the call's
/// [`attempt_timeout`](crate::ClientConfig::attempt_timeout), so that a stalled download
/// fails instead of hanging, while a long one takes as long as it takes.
///
/// It is a [`Stream`] of `Result<Bytes, Error>`, with an inherent
/// [`next`](Self::next); [`into_async_read`](Self::into_async_read) makes it an
/// `AsyncRead` for `tokio::io::copy`.
///
/// ```
/// use auth_core::ByteStream;
///
/// # async fn demo(download: ByteStream) -> Result<(), Box<dyn std::error::Error>> {
/// // `download` is `client.get_attachment_content(&id).await?`.
/// println!("{:?} bytes of {:?}", download.content_length(), download.content_type());
/// let mut file = tokio::fs::File::create("attachment.bin").await?;
/// let written = tokio::io::copy(&mut download.into_async_read(), &mut file).await?;
/// # let _ = written;
/// # Ok(()) }
/// ```
#[must_use = "the answer's body is read only by reading the stream"]
pub struct ByteStream {
    status: StatusCode,
    headers: HeaderMap,
    chunks: Chunks,
    /// Each chunk's wait, and the timer for it (armed while a chunk is awaited).
    idle: Duration,
    stall: Option<Pin<Box<tokio::time::Sleep>>>,
    armed: bool,
    /// The URL without its query, for errors.
    url: String,
    done: bool,
}

impl ByteStream {
    /// The answer of a call, its body not read yet.
    pub(crate) fn open(
        response: reqwest::Response,
        headers: HeaderMap,
        url: String,
        idle: Duration,
    ) -> Self {
        ByteStream {
            status: response.status(),
            headers,
            chunks: Box::pin(response.bytes_stream()),
            idle,
            stall: None,
            armed: false,
            url,
            done: false,
        }
    }

    /// A stream of `bytes`, answered at once: what a fake of an `#[api]` trait returns
    /// for a download.
    ///
    /// ```
    /// # async fn demo() -> Result<(), auth_core::Error> {
    /// let mut download = auth_core::ByteStream::from_bytes("hello");
    /// assert_eq!(download.next().await.transpose()?.as_deref(), Some(&b"hello"[..]));
    /// assert!(download.next().await.is_none());
    /// # Ok(()) }
    /// ```
    pub fn from_bytes(bytes: impl Into<Bytes>) -> Self {
        let bytes = bytes.into();
        let mut headers = HeaderMap::new();
        headers.insert(CONTENT_LENGTH, bytes.len().into());
        let once = futures_util::stream::once(std::future::ready(Ok(bytes)));
        ByteStream {
            status: StatusCode::OK,
            headers,
            chunks: Box::pin(once),
            idle: Duration::MAX,
            stall: None,
            armed: false,
            url: String::new(),
            done: false,
        }
    }

    /// The answer's status (2xx).
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The answer's headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// `Content-Length`, when the server sent one.
    pub fn content_length(&self) -> Option<u64> {
        self.headers
            .get(CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse().ok())
    }

    /// `Content-Type`, when the server sent one.
    pub fn content_type(&self) -> Option<&str> {
        self.headers.get(CONTENT_TYPE).and_then(|v| v.to_str().ok())
    }

    /// The next chunk of the body; `None` at its end.
    pub async fn next(&mut self) -> Option<Result<Bytes, Error>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }

    /// The body as a `tokio::io::AsyncRead` (errors become `std::io::Error`s carrying
    /// the [`Error`]).
    pub fn into_async_read(self) -> impl tokio::io::AsyncRead + Send + Unpin {
        use futures_util::TryStreamExt as _;
        tokio_util::io::StreamReader::new(self.map_err(std::io::Error::other))
    }

    /// The whole body, for an answer known to be small: at most `limit` bytes, else an
    /// [`Error::Decode`] saying so.
    pub async fn collect(mut self, limit: usize) -> Result<Bytes, Error> {
        let mut body = bytes::BytesMut::new();
        while let Some(chunk) = self.next().await {
            let chunk = chunk?;
            if body.len() + chunk.len() > limit {
                return Err(Error::Decode {
                    method: "ByteStream::collect",
                    reason: format!("the body is longer than the limit of {limit} bytes"),
                });
            }
            body.extend_from_slice(&chunk);
        }
        Ok(body.freeze())
    }
}

impl Stream for ByteStream {
    type Item = Result<Bytes, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        if this.done {
            return Poll::Ready(None);
        }
        match this.chunks.as_mut().poll_next(cx) {
            Poll::Ready(item) => {
                this.armed = false;
                Poll::Ready(match item {
                    Some(Ok(chunk)) => Some(Ok(chunk)),
                    Some(Err(e)) => {
                        this.done = true;
                        Some(Err(TransportError::new(this.url.clone(), e).into()))
                    }
                    None => {
                        this.done = true;
                        None
                    }
                })
            }
            Poll::Pending => {
                if this.idle == Duration::MAX {
                    return Poll::Pending;
                }
                // One timer per stream, moved forward for each chunk awaited.
                let until = tokio::time::Instant::now() + this.idle;
                let stall = this
                    .stall
                    .get_or_insert_with(|| Box::pin(tokio::time::sleep_until(until)));
                if !this.armed {
                    stall.as_mut().reset(until);
                    this.armed = true;
                }
                match stall.as_mut().poll(cx) {
                    Poll::Ready(()) => {
                        this.done = true;
                        Poll::Ready(Some(Err(TransportError::timeout(this.url.clone()).into())))
                    }
                    Poll::Pending => Poll::Pending,
                }
            }
        }
    }
}

use std::future::Future as _;

impl fmt::Debug for ByteStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ByteStream")
            .field("status", &self.status)
            .field("content_type", &self.content_type())
            .field("content_length", &self.content_length())
            .finish_non_exhaustive()
    }
}
