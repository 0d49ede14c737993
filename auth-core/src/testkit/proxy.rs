//! A loopback TCP proxy that makes the link to a server slow or broken, for fault tests.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tokio::task::JoinHandle;

/// A TCP proxy on `127.0.0.1` in front of a server (Redis, a provider): point the code
/// under test at [`addr`](TcpProxy::addr) instead of the server, then make the link slow
/// ([`set_delay`](TcpProxy::set_delay)) or cut every connection through it
/// ([`cut`](TcpProxy::cut)) while the test runs. New connections are accepted again
/// after a cut, as a flaky network would.
///
/// ```
/// use auth_core::testkit::{TcpProxy, TestProvider};
/// use std::time::Duration;
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let provider = TestProvider::builder().start().await;
/// let proxy = TcpProxy::start(provider.addr()).await;
/// // Every request the client sends through the proxy now arrives 300 ms late.
/// proxy.set_delay(Duration::from_millis(300));
/// let url = format!("http://{}/oauth/token", proxy.addr());
/// # let _ = url;
/// proxy.cut(); // and every open connection is closed
/// # }
/// ```
#[derive(Debug)]
pub struct TcpProxy {
    addr: SocketAddr,
    delay_ms: Arc<AtomicU64>,
    cuts: watch::Sender<u64>,
    accept: JoinHandle<()>,
}

impl TcpProxy {
    /// Starts a proxy to `target` on a free loopback port.
    ///
    /// # Panics
    ///
    /// If no loopback port can be bound (a test environment without networking).
    pub async fn start(target: SocketAddr) -> TcpProxy {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind a loopback port for the proxy");
        let addr = listener.local_addr().expect("the proxy's address");
        let delay_ms = Arc::new(AtomicU64::new(0));
        let (cuts, _) = watch::channel(0u64);
        let accept = tokio::spawn({
            let (delay_ms, cuts) = (delay_ms.clone(), cuts.clone());
            async move {
                while let Ok((client, _)) = listener.accept().await {
                    let Ok(upstream) = TcpStream::connect(target).await else {
                        continue; // the server is down: the client sees a closed connection
                    };
                    tokio::spawn(relay(client, upstream, delay_ms.clone(), cuts.subscribe()));
                }
            }
        });
        TcpProxy {
            addr,
            delay_ms,
            cuts,
            accept,
        }
    }

    /// The address to connect to instead of the server's.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Holds back everything sent towards the server by `delay` (per read, in order, so
    /// that a connection's commands arrive late but as sent); `Duration::ZERO` for none.
    pub fn set_delay(&self, delay: Duration) {
        let ms = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX);
        self.delay_ms.store(ms, Ordering::Relaxed);
    }

    /// Closes every connection open through the proxy now, in both directions.
    pub fn cut(&self) {
        self.cuts.send_modify(|n| *n += 1);
    }
}

impl Drop for TcpProxy {
    fn drop(&mut self) {
        self.accept.abort();
        self.cut();
    }
}

/// Copies bytes both ways until either side closes or the proxy cuts the connection.
async fn relay(
    client: TcpStream,
    upstream: TcpStream,
    delay_ms: Arc<AtomicU64>,
    mut cuts: watch::Receiver<u64>,
) {
    let (mut client_read, mut client_write) = client.into_split();
    let (mut server_read, mut server_write) = upstream.into_split();
    let towards_server = async {
        let mut buf = vec![0u8; 64 * 1024];
        loop {
            let n = match client_read.read(&mut buf).await {
                Ok(0) | Err(_) => return,
                Ok(n) => n,
            };
            let ms = delay_ms.load(Ordering::Relaxed);
            if ms > 0 {
                tokio::time::sleep(Duration::from_millis(ms)).await;
            }
            if server_write.write_all(&buf[..n]).await.is_err() {
                return;
            }
        }
    };
    let towards_client = async {
        let _ = tokio::io::copy(&mut server_read, &mut client_write).await;
    };
    // Whichever ends first ends both: dropping the halves closes the sockets.
    tokio::select! {
        () = towards_server => {}
        () = towards_client => {}
        _ = cuts.changed() => {}
    }
}
