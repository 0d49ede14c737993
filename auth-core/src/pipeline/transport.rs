//! Sending one request and reading its answer, bounded: over reqwest, the application's
//! own reqwest-middleware stack, or a tower service.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::HeaderMap;

use crate::error::TransportError;
use crate::http::body::{ERROR_BODY_LIMIT, read_limited};

/// What sends a generated client's requests. The default is the shared reqwest
/// connection pool; an application whose requests go through its own middlewares
/// (tracing, caching, recording) hands its stack over, and the client's token, retry and
/// rate-limit handling runs on top of it.
///
/// ```
/// # auth_core::scopes! { pub mod shop { orders } }
/// # #[auth_core::api(scopes = shop)]
/// # trait Shop {
/// #     #[get("/orders")]
/// #     #[authenticated(scope = "orders")]
/// #     async fn orders(&self) -> Result<(), auth_core::Error>;
/// # }
/// use auth_core::{Scoped, StaticToken, Transport};
///
/// let client = ShopClient::with_base_url(
///     Scoped::<shop::All>::assume_granted(StaticToken::new("t")?),
///     "https://api.example",
/// )?
/// .with_transport(Transport::from(auth_core::api_http_client()));
/// # Ok::<(), auth_core::Error>(())
/// ```
#[derive(Clone)]
#[non_exhaustive]
pub enum Transport {
    /// A reqwest client (the default: [`api_http_client`](crate::api_http_client)).
    Reqwest(reqwest::Client),
    /// A reqwest-middleware stack (feature `middleware`).
    #[cfg(feature = "middleware")]
    Middleware(reqwest_middleware::ClientWithMiddleware),
    /// A tower service taking `reqwest::Request`s, such as a `tower::ServiceBuilder`
    /// stack around a `reqwest::Client` (feature `tower`).
    #[cfg(feature = "tower")]
    Tower(TowerTransport),
}

/// A boxed tower service for [`Transport::Tower`].
#[cfg(feature = "tower")]
pub type TowerTransport =
    tower::util::BoxCloneSyncService<reqwest::Request, reqwest::Response, tower::BoxError>;

impl Transport {
    /// A tower service as the transport: anything that takes a `reqwest::Request` and
    /// answers a `reqwest::Response`, layered as the application likes.
    ///
    /// ```
    /// use auth_core::Transport;
    ///
    /// let stack = tower::ServiceBuilder::new()
    ///     .map_request(|request: auth_core::reqwest::Request| request) // the application's layers
    ///     .service(auth_core::api_http_client());
    /// let transport = Transport::tower(stack);
    /// ```
    #[cfg(feature = "tower")]
    pub fn tower<S>(service: S) -> Self
    where
        S: tower::Service<reqwest::Request, Response = reqwest::Response>
            + Clone
            + Send
            + Sync
            + 'static,
        S::Error: Into<tower::BoxError>,
        S::Future: Send + 'static,
    {
        use tower::ServiceExt as _;
        Transport::Tower(tower::util::BoxCloneSyncService::new(
            service.map_err(Into::into),
        ))
    }

    /// Sends one request.
    pub(crate) fn send(
        &self,
        request: reqwest::Request,
    ) -> Sending<'_, impl Future<Output = Result<reqwest::Response, reqwest::Error>> + Unpin + Send>
    {
        match self {
            // reqwest's own future is a pointer: the call's state stays small.
            Transport::Reqwest(client) => Sending::Reqwest(client.execute(request)),
            #[cfg(feature = "middleware")]
            Transport::Middleware(client) => Sending::Boxed(Box::pin(async move {
                match client.execute(request).await {
                    Ok(response) => Ok(response),
                    Err(reqwest_middleware::Error::Reqwest(e)) => Err(Failed::Reqwest(e)),
                    Err(reqwest_middleware::Error::Middleware(e)) => {
                        Err(Failed::Layer(format!("{e:#}")))
                    }
                }
            })),
            #[cfg(feature = "tower")]
            Transport::Tower(service) => {
                use tower::ServiceExt as _;
                let sent = service.clone().oneshot(request);
                Sending::Boxed(Box::pin(async move {
                    match sent.await {
                        Ok(response) => Ok(response),
                        Err(e) => match e.downcast::<reqwest::Error>() {
                            Ok(e) => Err(Failed::Reqwest(*e)),
                            Err(e) => Err(Failed::Layer(e.to_string())),
                        },
                    }
                }))
            }
        }
    }
}

/// A request on its way: reqwest's own future, or a middleware stack's (boxed: those
/// futures are large, and the call's state would otherwise be as large for every call).
pub(crate) enum Sending<'a, R> {
    Reqwest(R),
    /// Built by the middleware and tower transports only.
    #[cfg_attr(not(any(feature = "middleware", feature = "tower")), allow(dead_code))]
    Boxed(Pin<Box<dyn Future<Output = Result<reqwest::Response, Failed>> + Send + 'a>>),
}

impl<R> Future for Sending<'_, R>
where
    R: Future<Output = Result<reqwest::Response, reqwest::Error>> + Unpin,
{
    type Output = Result<reqwest::Response, Failed>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        // Both variants are `Unpin` (reqwest's future and a `Pin<Box<_>>`).
        match self.get_mut() {
            Sending::Reqwest(pending) => Pin::new(pending).poll(cx).map_err(Failed::Reqwest),
            Sending::Boxed(future) => future.as_mut().poll(cx),
        }
    }
}

impl From<reqwest::Client> for Transport {
    fn from(client: reqwest::Client) -> Self {
        Transport::Reqwest(client)
    }
}

#[cfg(feature = "middleware")]
impl From<reqwest_middleware::ClientWithMiddleware> for Transport {
    fn from(client: reqwest_middleware::ClientWithMiddleware) -> Self {
        Transport::Middleware(client)
    }
}

impl fmt::Debug for Transport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Transport::Reqwest(_) => "Transport::Reqwest",
            #[cfg(feature = "middleware")]
            Transport::Middleware(_) => "Transport::Middleware",
            #[cfg(feature = "tower")]
            Transport::Tower(_) => "Transport::Tower",
        })
    }
}

/// Why a request got no answer.
pub(crate) enum Failed {
    /// reqwest's own error.
    Reqwest(reqwest::Error),
    /// A middleware or layer of the application's stack failed (its message).
    #[cfg_attr(not(any(feature = "middleware", feature = "tower")), allow(dead_code))]
    Layer(String),
}

impl Failed {
    /// Whether the connection could not be opened (so nothing was sent).
    pub(crate) fn is_connect(&self) -> bool {
        matches!(self, Failed::Reqwest(e) if e.is_connect())
    }

    /// Whether trying again cannot help: a TLS handshake that failed (a certificate the
    /// client will not trust, a protocol it does not speak), or a redirect the policy
    /// refused or that went on too long.
    pub(crate) fn is_permanent(&self) -> bool {
        match self {
            Failed::Reqwest(e) => e.is_redirect() || is_tls_failure(e),
            Failed::Layer(_) => false,
        }
    }

    pub(crate) fn into_error(self, url: String) -> TransportError {
        match self {
            Failed::Reqwest(e) => TransportError::new(url, e),
            Failed::Layer(message) => TransportError::layer(url, &message),
        }
    }
}

/// Whether a connection error came from the TLS handshake (rustls or native-tls), not
/// from the network.
fn is_tls_failure(e: &reqwest::Error) -> bool {
    if !e.is_connect() {
        return false;
    }
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        if is_tls_error(s) {
            return true;
        }
        // An io::Error shows its inner error's message but not the error itself.
        if let Some(inner) = s
            .downcast_ref::<std::io::Error>()
            .and_then(std::io::Error::get_ref)
            && is_tls_error(inner)
        {
            return true;
        }
        source = s.source();
    }
    false
}

fn is_tls_error(e: &(dyn std::error::Error + 'static)) -> bool {
    #[cfg(feature = "rustls")]
    if e.is::<rustls::Error>() {
        return true;
    }
    // native-tls (OpenSSL) errors, by what they say.
    let text = e.to_string().to_ascii_lowercase();
    [
        "certificate",
        "handshake",
        "ssl",
        "tls",
        "corrupt message",
        "alert",
    ]
    .iter()
    .any(|word| text.contains(word))
}

/// One request and its answer, body read (bounded), or left open for the caller.
pub(crate) struct Exchange {
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
    /// The body was longer than the limit (success bodies only).
    pub(crate) truncated: bool,
    /// A successful answer whose body the caller reads (`body` is then empty); boxed,
    /// as it is rare and the exchange is part of every call's state.
    pub(crate) open: Option<Box<reqwest::Response>>,
}

/// Sends the request and reads the answer: a successful body up to `limit` (or none of
/// it, when `open` says the caller reads it), an error body up to 64 KiB (a broken
/// error body still leaves the status).
///
/// The request is handed to the transport at once, so the returned future holds the
/// transport's (small) future rather than the request.
pub(crate) fn exchange(
    transport: &Transport,
    request: reqwest::Request,
    limit: usize,
    open: bool,
) -> impl Future<Output = Result<Exchange, Failed>> + Send + '_ {
    let sending = transport.send(request);
    async move {
        let mut response = sending.await?;
        let status = response.status();
        if open && status.is_success() {
            let headers = std::mem::take(response.headers_mut());
            return Ok(Exchange {
                status,
                headers,
                body: Bytes::new(),
                truncated: false,
                open: Some(Box::new(response)),
            });
        }
        let (body, truncated) = if status.is_success() {
            read_limited(&mut response, limit)
                .await
                .map_err(Failed::Reqwest)?
        } else {
            // A broken error body still leaves the status.
            let body = read_limited(&mut response, ERROR_BODY_LIMIT).await;
            (body.map(|(b, _)| b).unwrap_or_default(), false)
        };
        // Taken after the body, so that they are not kept twice while it is read.
        let headers = std::mem::take(response.headers_mut());
        Ok(Exchange {
            status,
            headers,
            body,
            truncated,
            open: None,
        })
    }
}
