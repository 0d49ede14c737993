//! A loopback OAuth 2 authorization server and API for tests (feature `testkit`).
//!
//! [`TestProvider`] is a real HTTP server on `127.0.0.1` with a random port. It implements
//! every token flow auth-core speaks and serves the API routes you give it, enforcing
//! scopes, so a crate's generated client can be tested end to end without a network:
//!
//! | route | what |
//! |---|---|
//! | `POST /oauth/token` | RFC 6749 form: `client_credentials`, `password`, `refresh_token`; client auth by HTTP Basic or in the body; `scope` narrowed to the grantable scopes; extra parameters recorded |
//! | `POST /v1/bearer-token` | JSON `{"client_id","client_secret"}` → `{"access_token","token_type","expires_in"}`; `401 {"message":"Unauthorized"}` otherwise |
//! | `POST /customer/login` | JSON `{"email","password"}` → access and refresh token |
//! | `POST /customer/refresh` | JSON `{"refresh_token"}` → new access token |
//! | `GET /redirect?to=<url>` | `302` to `<url>` (for checking that `Authorization` is not forwarded) |
//! | your [`Route`]s | `401` without a valid bearer token, `403` without the route's scope |
//!
//! Tokens expire by the Tokio clock, so tests under `tokio::time::pause` can move past
//! an expiry with `tokio::time::advance`. [`inject`](TestProvider::inject) makes the next
//! requests to a path fail (`500`, `503` with `Retry-After`, `429` with
//! `X-RateLimit-Reset`, slow answers, malformed JSON, HTML pages, a connection closed
//! mid-body), and [`stats`](TestProvider::stats) and [`requests`](TestProvider::requests)
//! tell what arrived. [`TcpProxy`] makes the link to any server (the provider, Redis)
//! slow or cuts it.
//!
//! ```
//! use auth_core::testkit::{Reply, Route, TestProvider};
//! use auth_core::{ClientCredentials, TokenCache};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), auth_core::Error> {
//! let provider = TestProvider::builder()
//!     .route(Route::get("/orders/{id}").scope("can_read_order").respond(|req| {
//!         Reply::json(200, serde_json::json!({ "id": req.param("id") }))
//!     }))
//!     .start()
//!     .await;
//!
//! let cache = TokenCache::new(ClientCredentials::new(
//!     &provider.token_url(),
//!     provider.client_id(),
//!     provider.client_secret(),
//! )?);
//! let token = cache.token().await?;
//! let order: serde_json::Value = auth_core::api_http_client()
//!     .get(provider.url("/orders/7"))
//!     .header("authorization", token.header_value())
//!     .send()
//!     .await
//!     .unwrap()
//!     .json()
//!     .await
//!     .unwrap();
//! assert_eq!(order["id"], "7");
//! assert_eq!(provider.stats().token_requests, 1);
//! # Ok(()) }
//! ```

mod proxy;
mod reply;
mod reply_body;
mod route;
mod server;

use std::collections::{HashMap, VecDeque};
use std::fmt;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

pub use proxy::TcpProxy;
pub use reply::{Fault, Recorded, Reply, Request, Responder};
pub use route::{Key, Route};

/// Counters of what the provider received.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct Stats {
    /// Requests to any token endpoint, faulted ones included.
    pub token_requests: u64,
    /// Token requests answered normally (not by an injected fault), by grant: `client_credentials`, `password`, `refresh_token`,
    /// `json_client_credentials`, `customer_login`, `customer_refresh`.
    pub by_grant: HashMap<String, u64>,
    /// Parameters of the last token request, without `password`, `client_secret` and
    /// `refresh_token`.
    pub last_token_params: Vec<(String, String)>,
    /// Whether the last token request used HTTP Basic client authentication.
    pub last_used_basic: bool,
    /// Refresh tokens presented after they had been rotated away: must stay zero.
    pub refresh_token_reuse: u64,
    /// Requests to API routes, by route template (`GET /orders/{id}`).
    pub api_requests: HashMap<String, u64>,
    /// API answers `401`.
    pub unauthorized: u64,
    /// API answers `403`.
    pub forbidden: u64,
    /// Faults served.
    pub faults: u64,
}

impl Stats {
    /// Token requests of one grant.
    pub fn grant(&self, grant: &str) -> u64 {
        self.by_grant.get(grant).copied().unwrap_or(0)
    }

    /// Requests to one API route (`"GET /orders/{id}"`).
    pub fn api(&self, route: &str) -> u64 {
        self.api_requests.get(route).copied().unwrap_or(0)
    }
}

#[derive(Clone)]
struct Config {
    clients: Vec<(String, String)>,
    users: Vec<(String, String)>,
    customers: Vec<(String, String)>,
    grantable: Vec<String>,
    token_lifetime: Duration,
    refresh_lifetime: Duration,
    rotate_refresh: bool,
    basic_urldecode: bool,
    routes: Vec<Route>,
}

/// Configures a [`TestProvider`]. Every setting has a default that works as is.
pub struct Builder {
    config: Config,
}

impl Builder {
    /// Adds a client (default: `client-1` / `secret-1`).
    pub fn client(mut self, id: &str, secret: &str) -> Self {
        self.config.clients.push((id.into(), secret.into()));
        self
    }

    /// Adds a password-grant user (default: `api@example.com` / `pw-1`).
    pub fn user(mut self, username: &str, password: &str) -> Self {
        self.config.users.push((username.into(), password.into()));
        self
    }

    /// Adds a customer for `/customer/login` (default: `customer@example.com` / `pw-c`).
    pub fn customer(mut self, email: &str, password: &str) -> Self {
        self.config.customers.push((email.into(), password.into()));
        self
    }

    /// The scopes the server grants (default: the merchant API's six permissions).
    pub fn scopes<I: IntoIterator<Item = S>, S: Into<String>>(mut self, scopes: I) -> Self {
        self.config.grantable = scopes.into_iter().map(Into::into).collect();
        self
    }

    /// Access token lifetime (default 3600 s).
    pub fn token_lifetime(mut self, d: Duration) -> Self {
        self.config.token_lifetime = d;
        self
    }

    /// Refresh token lifetime (default 90 days).
    pub fn refresh_token_lifetime(mut self, d: Duration) -> Self {
        self.config.refresh_lifetime = d;
        self
    }

    /// Whether the refresh grant issues a new refresh token and revokes the old one
    /// (default `false`: the refresh token is kept, as the retail platform does).
    pub fn rotate_refresh_tokens(mut self, rotate: bool) -> Self {
        self.config.rotate_refresh = rotate;
        self
    }

    /// Whether Basic credentials are form-urldecoded as RFC 6749 §2.3.1 says (default
    /// `true`; `@node-oauth/oauth2-server` does not).
    pub fn basic_urldecode(mut self, decode: bool) -> Self {
        self.config.basic_urldecode = decode;
        self
    }

    /// Serves an API route.
    pub fn route(mut self, route: Route) -> Self {
        self.config.routes.push(route);
        self
    }

    /// Binds `127.0.0.1:0` and starts serving on the current Tokio runtime. When several
    /// routes match a request, the most specific wins: at the first segment where they
    /// differ, a literal beats a `{param}` (`/orders/search` before `/orders/{id}`,
    /// whatever the order of registration).
    ///
    /// # Panics
    ///
    /// If no loopback port can be bound (a test cannot go on without its server), or if
    /// two routes are the same method and pattern, so that neither could win.
    pub async fn start(self) -> TestProvider {
        let mut config = self.config;
        for (i, a) in config.routes.iter().enumerate() {
            for b in &config.routes[..i] {
                let same = a.method == b.method
                    && a.segments.len() == b.segments.len()
                    && a.segments
                        .iter()
                        .zip(&b.segments)
                        .all(|(x, y)| x == y || (x.starts_with('{') && y.starts_with('{')));
                assert!(
                    !same,
                    "the test provider has two routes for {} {} and {}: remove one",
                    a.method, b.template, a.template
                );
            }
        }
        if config.clients.is_empty() {
            config.clients.push(("client-1".into(), "secret-1".into()));
        }
        if config.users.is_empty() {
            config.users.push(("api@example.com".into(), "pw-1".into()));
        }
        if config.customers.is_empty() {
            config
                .customers
                .push(("customer@example.com".into(), "pw-c".into()));
        }
        let shared = Arc::new(Shared {
            config,
            state: Mutex::new(State::default()),
        });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind a loopback port for the test provider");
        let addr = listener
            .local_addr()
            .expect("a bound socket has an address");
        let task = tokio::spawn(server::serve(listener, shared.clone()));
        TestProvider { shared, addr, task }
    }
}

pub(crate) struct Shared {
    config: Config,
    state: Mutex<State>,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, State> {
        crate::support::sync::lock(&self.state)
    }
}

struct Issued {
    scopes: Vec<String>,
    expires_at: Option<tokio::time::Instant>,
}

struct RefreshGrant {
    client: String,
    subject: String,
    scopes: Vec<String>,
    expires_at: tokio::time::Instant,
    /// Rotated away: presenting it again is a reuse.
    revoked: bool,
}

#[derive(Default)]
struct State {
    access: HashMap<String, Issued>,
    refresh: HashMap<String, RefreshGrant>,
    faults: Vec<(String, VecDeque<Fault>)>,
    stats: Stats,
    requests: Vec<Recorded>,
    counter: u64,
}

/// A running loopback provider. Dropping it stops the server.
pub struct TestProvider {
    shared: Arc<Shared>,
    addr: SocketAddr,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for TestProvider {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl fmt::Debug for TestProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TestProvider")
            .field("addr", &self.addr)
            .finish()
    }
}

impl TestProvider {
    /// A builder with the defaults described on each setting.
    pub fn builder() -> Builder {
        Builder {
            config: Config {
                clients: Vec::new(),
                users: Vec::new(),
                customers: Vec::new(),
                grantable: [
                    "can_read_sales_channels",
                    "can_write_sales_channels",
                    "can_retrieve_app_config",
                    "can_update_app_config",
                    "can_read_order",
                    "can_write_order",
                ]
                .map(String::from)
                .to_vec(),
                token_lifetime: Duration::from_secs(3600),
                refresh_lifetime: Duration::from_secs(90 * 24 * 3600),
                rotate_refresh: false,
                basic_urldecode: true,
                routes: Vec::new(),
            },
        }
    }

    /// `http://127.0.0.1:<port>`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The URL of `path` on this server.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    /// The RFC 6749 token endpoint, `/oauth/token`.
    pub fn token_url(&self) -> String {
        self.url("/oauth/token")
    }

    /// The socket address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The first configured client id.
    pub fn client_id(&self) -> &str {
        &self.shared.config.clients[0].0
    }

    /// The first configured client secret.
    pub fn client_secret(&self) -> &str {
        &self.shared.config.clients[0].1
    }

    /// A client-credentials source for the first configured client: the token source
    /// most tests hold.
    pub fn client_credentials(&self) -> crate::tokens::source::ClientCredentials {
        crate::tokens::source::ClientCredentials::new(
            &self.token_url(),
            self.client_id(),
            self.client_secret(),
        )
        .expect("the provider's token URL is a loopback URL")
    }

    /// The first configured password-grant user and password.
    pub fn user(&self) -> (&str, &str) {
        let (u, p) = &self.shared.config.users[0];
        (u, p)
    }

    /// The first configured customer and password.
    pub fn customer(&self) -> (&str, &str) {
        let (u, p) = &self.shared.config.customers[0];
        (u, p)
    }

    /// Issues an access token directly, as a portal would: with `scopes` and an optional
    /// lifetime. Use it for [`StaticToken`](crate::StaticToken) tests.
    pub fn issue_token(&self, scopes: &[&str], lifetime: Option<Duration>) -> String {
        let mut state = self.shared.lock();
        let token = state.new_secret("portal");
        state.access.insert(
            token.clone(),
            Issued {
                scopes: scopes.iter().map(|s| (*s).to_owned()).collect(),
                expires_at: lifetime.map(|l| tokio::time::Instant::now() + l),
            },
        );
        token
    }

    /// Revokes an access token: the API answers `401` to it from now on.
    pub fn revoke(&self, token: &str) {
        self.shared.lock().access.remove(token);
    }

    /// Revokes every refresh token (as when they expire after three months).
    pub fn revoke_refresh_tokens(&self) {
        self.shared.lock().refresh.clear();
    }

    /// Makes the next `times` requests whose path starts with `path` fail with `fault`.
    /// Faults queue up per path in the order injected.
    pub fn inject(&self, path: &str, fault: Fault, times: usize) {
        let mut state = self.shared.lock();
        let queue = match state.faults.iter_mut().find(|(p, _)| p == path) {
            Some((_, q)) => q,
            None => {
                state.faults.push((path.to_owned(), VecDeque::new()));
                &mut state.faults.last_mut().expect("just pushed").1
            }
        };
        queue.extend(std::iter::repeat_n(fault, times));
    }

    /// A snapshot of the counters.
    pub fn stats(&self) -> Stats {
        self.shared.lock().stats.clone()
    }

    /// Every request received so far (at most the first 100,000).
    pub fn requests(&self) -> Vec<Recorded> {
        self.shared.lock().requests.clone()
    }

    /// Forgets counters and recorded requests (tokens stay valid).
    pub fn reset_stats(&self) {
        let mut state = self.shared.lock();
        state.stats = Stats::default();
        state.requests.clear();
    }
}
