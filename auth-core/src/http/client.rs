//! The connection pools: one for token endpoints (no redirects), one for API calls.

use std::sync::OnceLock;
use std::time::Duration;

use super::url_policy;

fn builder() -> reqwest::ClientBuilder {
    #[cfg(feature = "rustls")]
    {
        // reqwest is built without a default crypto provider (aws-lc-rs doubles clean build
        // time); install ring unless the application already chose one.
        let _ = rustls::crypto::ring::default_provider().install_default();
    }
    reqwest::Client::builder()
        .connect_timeout(Duration::from_secs(10))
        .pool_idle_timeout(Duration::from_secs(90))
        .tcp_nodelay(true)
}

/// The connection pool every token source uses unless given its own client.
///
/// It never follows redirects: a token request carries a client secret or password in its
/// body, which a redirect (307/308) would send to wherever the `Location` points.
pub fn token_http_client() -> reqwest::Client {
    static CLIENT: OnceLock<reqwest::Client> = OnceLock::new();
    CLIENT
        .get_or_init(|| {
            builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .expect("a client built from constant settings")
        })
        .clone()
}

/// The connection pool generated API clients share unless given their own client.
///
/// Redirects are followed up to 5 times, never from https to plain http (except to
/// loopback); reqwest drops `Authorization` when a redirect leaves the origin.
pub fn api_http_client() -> reqwest::Client {
    static CLIENT: OnceLock<reqwest::Client> = OnceLock::new();
    CLIENT
        .get_or_init(|| {
            let policy = reqwest::redirect::Policy::custom(|attempt| {
                if attempt.previous().len() >= 5 {
                    attempt.error("more than 5 redirects")
                } else if !url_policy::may_redirect_to(attempt.url()) {
                    attempt.error("refusing to follow a redirect to plain http")
                } else {
                    attempt.follow()
                }
            });
            builder()
                .redirect(policy)
                .build()
                .expect("a client built from constant settings")
        })
        .clone()
}
