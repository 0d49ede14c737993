//! One attempt of a call whose body is read while it is sent (a file, a stream, a
//! multipart form): the body opened for the attempt, and the attempt bounded by stalls
//! rather than by its length.

use tokio::time::Instant;
use tokio::time::error::Elapsed;

use crate::error::Error;
use crate::pipeline::body::progress::Progress;
use crate::pipeline::body::{Body, OpenError};
use crate::pipeline::options::Limits;
use crate::pipeline::transport::{Exchange, Failed, exchange};
use crate::pipeline::{ClientCore, Request};

impl ClientCore {
    /// One attempt of a call whose body is read while it is sent: the body opened (a
    /// file again, a stream once), then sent, bounded by stalls: the attempt times out
    /// when no chunk has moved for its timeout, however long the transfer.
    pub(super) async fn streamed(
        &self,
        request: &Request,
        body: &Body,
        outgoing: &mut reqwest::Request,
        progress: &Progress,
        limits: &Limits,
        attempt_deadline: Instant,
    ) -> Result<(Result<Result<Exchange, Failed>, Elapsed>, Instant), Error> {
        let endpoint = request.endpoint;
        match tokio::time::timeout_at(attempt_deadline, body.attach(outgoing, progress)).await {
            Ok(Ok(())) => {}
            Ok(Err(OpenError::Invalid(reason))) => {
                return Err(Error::InvalidRequest {
                    method: endpoint.name,
                    reason,
                });
            }
            Ok(Err(OpenError::Consumed)) => {
                return Err(Error::InvalidRequest {
                    method: endpoint.name,
                    reason: "the body's stream was read by an earlier request; give each \
                             call a stream of its own, or a file or bytes"
                        .into(),
                });
            }
            Err(elapsed) => return Ok((Err(elapsed), attempt_deadline)),
        }
        let placeholder = reqwest::Request::new(outgoing.method().clone(), outgoing.url().clone());
        let sending = exchange(
            &self.shared.transport,
            std::mem::replace(outgoing, placeholder),
            self.shared.config.body_limit,
            request.streams_answer,
        );
        let mut sending = std::pin::pin!(sending);
        let mut until = attempt_deadline;
        loop {
            match tokio::time::timeout_at(until, sending.as_mut()).await {
                Ok(exchanged) => return Ok((Ok(exchanged), until)),
                Err(elapsed) => match progress.last() {
                    Some(last) if last + limits.attempt_timeout > Instant::now() => {
                        until = last + limits.attempt_timeout;
                    }
                    _ => return Ok((Err(elapsed), until)),
                },
            }
        }
    }
}
