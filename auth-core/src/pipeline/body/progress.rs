//! How far a streamed transfer has come: a streamed body marks each chunk it hands to
//! the connection, so that an attempt's timeout bounds a stall, not a long transfer.

use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::task::{Context, Poll};

use bytes::Bytes;
use futures_core::Stream;
use tokio::time::Instant;

use super::source::BoxError;

/// When a streamed body last moved, shared by the body and the attempt's timer.
#[derive(Clone)]
pub(crate) struct Progress {
    base: Instant,
    /// Nanoseconds from `base` to the last chunk (0: none yet).
    last: Arc<AtomicU64>,
}

impl Progress {
    pub(crate) fn new() -> Self {
        Progress {
            base: Instant::now(),
            last: Arc::new(AtomicU64::new(0)),
        }
    }

    fn mark(&self) {
        let nanos = u64::try_from(self.base.elapsed().as_nanos()).unwrap_or(u64::MAX);
        self.last.fetch_max(nanos.max(1), Ordering::Relaxed);
    }

    /// When a chunk last moved, if one has.
    pub(crate) fn last(&self) -> Option<Instant> {
        match self.last.load(Ordering::Relaxed) {
            0 => None,
            nanos => Some(self.base + std::time::Duration::from_nanos(nanos)),
        }
    }

    /// `chunks` as a request body that marks each chunk taken.
    pub(crate) fn wrap<S, E>(&self, chunks: S) -> reqwest::Body
    where
        S: Stream<Item = Result<Bytes, E>> + Send + 'static,
        E: Into<BoxError>,
    {
        reqwest::Body::wrap_stream(Marked {
            inner: chunks,
            progress: self.clone(),
        })
    }
}

pin_project_lite::pin_project! {
    struct Marked<S> {
        #[pin]
        inner: S,
        progress: Progress,
    }
}

impl<S, E> Stream for Marked<S>
where
    S: Stream<Item = Result<Bytes, E>>,
    E: Into<BoxError>,
{
    type Item = Result<Bytes, BoxError>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.project();
        let item = this.inner.poll_next(cx);
        if let Poll::Ready(Some(Ok(_))) = &item {
            this.progress.mark();
        }
        item.map(|item| item.map(|r| r.map_err(Into::into)))
    }
}
