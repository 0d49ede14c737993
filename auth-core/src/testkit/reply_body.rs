//! The test provider's answers as hyper responses: a body that is complete, or that
//! breaks off after its first chunk (a fault the provider can inject).

use std::future::Future as _;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use hyper::body::{Body, Frame, SizeHint};

use super::Reply;

/// A body that is either complete or breaks off after its first chunk. A broken body
/// pauses before failing, so that the head and the first chunk reach the client.
pub(crate) struct ReplyBody {
    data: Option<Bytes>,
    broken: bool,
    pause: Option<Pin<Box<tokio::time::Sleep>>>,
}

impl Body for ReplyBody {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        if let Some(data) = self.data.take() {
            return Poll::Ready(Some(Ok(Frame::data(data))));
        }
        if !self.broken {
            return Poll::Ready(None);
        }
        let pause = self.pause.get_or_insert_with(|| {
            Box::pin(tokio::time::sleep(std::time::Duration::from_millis(10)))
        });
        match pause.as_mut().poll(cx) {
            Poll::Pending => Poll::Pending,
            Poll::Ready(()) => {
                self.broken = false;
                Poll::Ready(Some(Err(std::io::Error::other("closed mid-body"))))
            }
        }
    }

    fn is_end_stream(&self) -> bool {
        self.data.is_none() && !self.broken
    }

    fn size_hint(&self) -> SizeHint {
        match (&self.data, self.broken) {
            (Some(d), false) => SizeHint::with_exact(d.len() as u64),
            (None, false) => SizeHint::with_exact(0),
            _ => SizeHint::default(),
        }
    }
}

pub(super) fn response(reply: Reply) -> hyper::Response<ReplyBody> {
    let mut builder = hyper::Response::builder().status(reply.status);
    for (name, value) in &reply.headers {
        builder = builder.header(name, value);
    }
    builder
        .body(ReplyBody {
            data: Some(reply.body),
            broken: false,
            pause: None,
        })
        .unwrap_or_else(|_| {
            let mut r = hyper::Response::new(ReplyBody {
                data: Some(Bytes::from_static(b"bad reply")),
                broken: false,
                pause: None,
            });
            *r.status_mut() = hyper::StatusCode::INTERNAL_SERVER_ERROR;
            r
        })
}

pub(super) fn broken_response() -> hyper::Response<ReplyBody> {
    let mut r = hyper::Response::new(ReplyBody {
        data: Some(Bytes::from_static(b"{\"partial\":")),
        broken: true,
        pause: None,
    });
    r.headers_mut().insert(
        hyper::header::CONTENT_LENGTH,
        hyper::header::HeaderValue::from_static("1000"),
    );
    r.headers_mut().insert(
        hyper::header::CONTENT_TYPE,
        hyper::header::HeaderValue::from_static("application/json"),
    );
    r
}
