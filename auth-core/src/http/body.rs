//! Bounded body reads: no answer is read past a limit, however large it is.

use bytes::{Bytes, BytesMut};

/// The most bytes read from any error answer: enough for a JSON error, bounded for a
/// multi-megabyte HTML page.
pub(crate) const ERROR_BODY_LIMIT: usize = 64 << 10;

/// Reads at most `limit` bytes of a body. Returns the bytes and whether more followed.
///
/// A body that arrives in one chunk (a small answer, usually) is kept as it came,
/// without a copy; a body in several chunks is copied together once.
pub(crate) async fn read_limited(
    response: &mut reqwest::Response,
    limit: usize,
) -> Result<(Bytes, bool), reqwest::Error> {
    let mut first: Option<Bytes> = None;
    let mut joined: Option<BytesMut> = None;
    let mut len = 0;
    let mut truncated = false;
    while let Some(mut chunk) = response.chunk().await? {
        let room = limit - len;
        if chunk.len() > room {
            chunk.truncate(room);
            truncated = true;
        }
        len += chunk.len();
        if let Some(buf) = &mut joined {
            buf.extend_from_slice(&chunk);
        } else if let Some(earlier) = first.take() {
            let mut buf = BytesMut::with_capacity(earlier.len() + chunk.len());
            buf.extend_from_slice(&earlier);
            buf.extend_from_slice(&chunk);
            joined = Some(buf);
        } else {
            first = Some(chunk);
        }
        if truncated {
            break;
        }
    }
    let body = match joined {
        Some(buf) => buf.freeze(),
        None => first.unwrap_or_default(),
    };
    Ok((body, truncated))
}

#[cfg(test)]
mod tests {
    use std::collections::VecDeque;
    use std::convert::Infallible;
    use std::pin::Pin;
    use std::task::{Context, Poll};

    use http_body::Frame;

    use super::*;

    /// A body that arrives in the given chunks.
    struct Chunks(VecDeque<&'static [u8]>);

    impl http_body::Body for Chunks {
        type Data = Bytes;
        type Error = Infallible;

        fn poll_frame(
            mut self: Pin<&mut Self>,
            _: &mut Context<'_>,
        ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
            Poll::Ready(
                self.0
                    .pop_front()
                    .map(|chunk| Ok(Frame::data(Bytes::from_static(chunk)))),
            )
        }
    }

    async fn read(chunks: &[&'static [u8]], limit: usize) -> (Bytes, bool) {
        let body = reqwest::Body::wrap(Chunks(chunks.iter().copied().collect()));
        let mut response = reqwest::Response::from(http::Response::new(body));
        read_limited(&mut response, limit).await.unwrap()
    }

    #[tokio::test]
    async fn bodies_are_joined_and_cut_at_the_limit() {
        static ONE: &[u8] = b"hello";
        let (body, truncated) = read(&[ONE], 10).await;
        assert_eq!((&body[..], truncated), (ONE, false));
        assert_eq!(body.as_ptr(), ONE.as_ptr(), "one chunk is kept, not copied");

        let (body, truncated) = read(&[b"hel", b"lo ", b"world"], 100).await;
        assert_eq!((&body[..], truncated), (&b"hello world"[..], false));

        let (body, truncated) = read(&[b"hel", b"lo ", b"world"], 8).await;
        assert_eq!((&body[..], truncated), (&b"hello wo"[..], true));

        let (body, truncated) = read(&[b"0123456789"], 10).await;
        assert_eq!(
            (&body[..], truncated),
            (&b"0123456789"[..], false),
            "exactly the limit"
        );

        let (body, truncated) = read(&[b"0123456789", b"x"], 10).await;
        assert_eq!((&body[..], truncated), (&b"0123456789"[..], true));

        let (body, truncated) = read(&[b"0123456789x"], 10).await;
        assert_eq!((&body[..], truncated), (&b"0123456789"[..], true));

        let (body, truncated) = read(&[], 10).await;
        assert_eq!((&body[..], truncated), (&b""[..], false));
    }
}
