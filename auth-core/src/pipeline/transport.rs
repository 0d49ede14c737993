//! Sending one request and reading its answer, bounded.

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::HeaderMap;

use crate::http::{ERROR_BODY_LIMIT, read_body};

/// One request and its answer, body read (bounded).
pub(crate) struct Exchange {
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
    /// The body was longer than the limit (success bodies only).
    pub(crate) truncated: bool,
}

/// Sends the request and reads the answer: a successful body up to `limit`, an error
/// body up to 64 KiB (a broken error body still leaves the status).
pub(crate) async fn exchange(
    http: &reqwest::Client,
    request: reqwest::Request,
    limit: usize,
) -> Result<Exchange, reqwest::Error> {
    let mut response = http.execute(request).await?;
    let status = response.status();
    let headers = std::mem::take(response.headers_mut());
    if status.is_success() {
        let (body, truncated) = read_body(response, limit).await?;
        Ok(Exchange {
            status,
            headers,
            body,
            truncated,
        })
    } else {
        let body = read_body(response, ERROR_BODY_LIMIT)
            .await
            .map(|(b, _)| b)
            .unwrap_or_default();
        Ok(Exchange {
            status,
            headers,
            body,
            truncated: false,
        })
    }
}
