//! Fleet-wide tokens on a real `redis-server` started on 127.0.0.1 by this test (installed
//! from the system's packages with `apt-get` if missing; under `CI=true` a Redis that
//! cannot be had is a failure, elsewhere the tests are skipped with a message).
//!
//! Several token caches with separate Redis connections stand for instances of one app.
#![cfg(all(feature = "redis", feature = "testkit"))]

use std::collections::HashSet;
use std::time::Duration;

use auth_core::secrecy::ExposeSecret;
use auth_core::testkit::{TcpProxy, TestProvider};
use auth_core::{
    CacheConfig, ClientCredentials, Error, PasswordGrant, RedisFleet, Token, TokenCache,
    TokenSource, TokenStore, async_trait,
};

#[path = "support/redis.rs"]
mod redis_server;
use redis_server::Redis;

/// One "instance": a fleet connection of its own and a cache in front of it. Without
/// jitter, every instance finds the token due at the same moment: the hardest case.
fn instance(redis: &Redis, key: &str, source: impl TokenSource) -> TokenCache {
    let fleet = RedisFleet::new(&redis.url())
        .unwrap()
        .lease(Duration::from_secs(5));
    TokenCache::with_config(
        fleet.shared(key, source),
        CacheConfig::default().max_jitter(Duration::ZERO),
    )
}

fn client_credentials(provider: &TestProvider) -> ClientCredentials {
    ClientCredentials::new(&provider.token_url(), "client-1", "secret-1").unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_fleet_makes_one_token_request_per_expiry() {
    let Some(redis) = Redis::start() else { return };
    // 10 s tokens: due for refresh at 5 s, the next at 10 s.
    let provider = TestProvider::builder()
        .token_lifetime(Duration::from_secs(10))
        .start()
        .await;
    let instances: Vec<TokenCache> = (0..8)
        .map(|_| instance(&redis, "cc", client_credentials(&provider)))
        .collect();

    // Each instance: at least 1,000 calls, all at once, until 6 s: across one refresh.
    let start = std::time::Instant::now();
    let tasks: Vec<_> = instances
        .iter()
        .cloned()
        .map(|cache| {
            tokio::spawn(async move {
                let mut seen = HashSet::new();
                let mut calls = 0;
                while calls < 1000 || start.elapsed() < Duration::from_secs(6) {
                    let auth = cache.authorize().await.unwrap();
                    seen.insert(auth.header_value().as_bytes().to_vec());
                    calls += 1;
                    tokio::time::sleep(Duration::from_millis(4)).await;
                }
                seen
            })
        })
        .collect();
    let mut tokens = HashSet::new();
    for task in tasks {
        tokens.extend(task.await.unwrap());
    }
    assert!(
        start.elapsed() < Duration::from_secs(9),
        "the calls ended before the next refresh"
    );
    // One request for the first token, one for the refresh: the 8 instances shared both.
    assert_eq!(
        provider.stats().token_requests,
        2,
        "tokens seen: {}",
        tokens.len()
    );
    assert_eq!(tokens.len(), 2);
}

/// Takes the lease and never answers: an instance that died mid-refresh.
struct Dies;

#[async_trait]
impl TokenSource for Dies {
    async fn fetch(&self) -> Result<Token, Error> {
        std::future::pending().await
    }
}

/// An instance that takes the lease and dies mid-refresh, like a process killed: its own
/// runtime (its cache's request task and the lease renewal with it) is shut down.
fn holder_that_dies(redis: &Redis, key: &'static str) {
    let url = redis.url();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async {
            let dying = TokenCache::new(RedisFleet::new(&url).unwrap().shared(key, Dies));
            let _ = tokio::time::timeout(Duration::from_millis(300), dying.token()).await;
        });
        runtime.shutdown_background();
    })
    .join()
    .unwrap();
}

/// With the defaults (5 s lease, 20 s wait, 30 s fetch timeout), a holder killed
/// mid-refresh costs the others the lease time, not the fetch timeout, and no error.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn when_the_lease_holder_dies_another_instance_takes_over_within_the_lease() {
    let Some(redis) = Redis::start() else { return };
    let provider = TestProvider::builder().start().await;
    holder_that_dies(&redis, "k");

    let survivor = TokenCache::new(
        RedisFleet::new(&redis.url())
            .unwrap()
            .shared("k", client_credentials(&provider)),
    );
    let started = std::time::Instant::now();
    survivor.token().await.unwrap();
    let waited = started.elapsed();
    assert!(
        waited >= Duration::from_secs(3),
        "waited for the dead holder's lease: {waited:?}"
    );
    assert!(
        waited < Duration::from_secs(6),
        "then took over, well inside the 30 s fetch timeout: {waited:?}"
    );
    assert_eq!(provider.stats().token_requests, 1);
}

/// A live holder renews its lease however long the provider takes: the others wait for
/// its token rather than take over and ask the provider too.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slow_live_holder_keeps_its_lease() {
    let Some(redis) = Redis::start() else { return };
    let provider = TestProvider::builder().start().await;
    let lease = Duration::from_millis(600);
    let fleet = |source| {
        TokenCache::new(
            RedisFleet::new(&redis.url())
                .unwrap()
                .lease(lease)
                .shared("slow", source),
        )
    };
    let slow = fleet(Slow(client_credentials(&provider), Duration::from_secs(2)));
    let other = fleet(Slow(client_credentials(&provider), Duration::ZERO));
    let holder = tokio::spawn(async move { slow.token().await.unwrap() });
    tokio::time::sleep(Duration::from_millis(100)).await;
    let waiter = other.token().await.unwrap();
    let holder = holder.await.unwrap();
    assert!(
        waiter.header_value() == holder.header_value(),
        "the waiter took the holder's token"
    );
    assert_eq!(provider.stats().token_requests, 1);
}

/// A token source that answers after a delay.
struct Slow<S>(S, Duration);

#[async_trait]
impl<S: TokenSource> TokenSource for Slow<S> {
    async fn fetch(&self) -> Result<Token, Error> {
        tokio::time::sleep(self.1).await;
        self.0.fetch().await
    }
}

/// A token taken from Redis lives as long as the one its fetcher installed: aged from
/// the fetcher's request, not from when the reader began to wait for the lease.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_token_read_from_the_fleet_is_aged_from_its_request_not_from_the_wait() {
    let Some(redis) = Redis::start() else { return };
    let provider = TestProvider::builder()
        .token_lifetime(Duration::from_secs(60))
        .start()
        .await;
    let fleet =
        |source| TokenCache::new(RedisFleet::new(&redis.url()).unwrap().shared("age", source));
    let holder = fleet(Slow(
        client_credentials(&provider),
        Duration::from_millis(1500),
    ));
    let reader = fleet(Slow(client_credentials(&provider), Duration::ZERO));
    let fetched = tokio::spawn(async move { holder.token().await.unwrap() });
    tokio::time::sleep(Duration::from_millis(100)).await;
    let read = reader.token().await.unwrap();
    let fetched = fetched.await.unwrap();
    assert!(read.header_value() == fetched.header_value());
    let (read, fetched) = (read.expires_at().unwrap(), fetched.expires_at().unwrap());
    let apart = if read > fetched {
        read - fetched
    } else {
        fetched - read
    };
    assert!(
        apart < Duration::from_millis(100),
        "the same token expires at the same moment for both instances: {apart:?} apart"
    );
    assert_eq!(provider.stats().token_requests, 1);
}

/// A loopback TCP proxy in front of Redis that, once armed, holds back every command
/// from the first `SET ... NX` on for a while (in order, as a slow Redis would): the
/// lease command then times out on the client but still runs on Redis.
struct SlowProxy {
    port: u16,
    armed: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

impl SlowProxy {
    async fn start(redis: &Redis, delay: Duration, window: Duration) -> SlowProxy {
        use std::sync::Arc;
        use std::sync::atomic::{AtomicBool, Ordering};
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let armed = Arc::new(AtomicBool::new(false));
        let (target, trigger) = (redis.port, armed.clone());
        // One slow spell for every connection: Redis is slow, not one socket, and
        // commands reach it in the order they were sent.
        let slow_until = Arc::new(std::sync::Mutex::new(None::<tokio::time::Instant>));
        tokio::spawn(async move {
            loop {
                let Ok((client, _)) = listener.accept().await else {
                    return;
                };
                let upstream = tokio::net::TcpStream::connect(("127.0.0.1", target))
                    .await
                    .unwrap();
                let (mut client_read, mut client_write) = client.into_split();
                let (mut redis_read, mut redis_write) = upstream.into_split();
                let (trigger, slow_until) = (trigger.clone(), slow_until.clone());
                tokio::spawn(async move {
                    let mut buf = vec![0u8; 64 * 1024];
                    loop {
                        let n = match client_read.read(&mut buf).await {
                            Ok(0) | Err(_) => return,
                            Ok(n) => n,
                        };
                        let chunk = &buf[..n];
                        let is_lease = chunk.windows(6).any(|w| w == b"\r\nNX\r\n");
                        if is_lease && trigger.swap(false, Ordering::AcqRel) {
                            *slow_until.lock().unwrap() =
                                Some(tokio::time::Instant::now() + window);
                        }
                        let slow = slow_until
                            .lock()
                            .unwrap()
                            .is_some_and(|until| tokio::time::Instant::now() < until);
                        if slow {
                            tokio::time::sleep(delay).await;
                        }
                        if redis_write.write_all(chunk).await.is_err() {
                            return;
                        }
                    }
                });
                tokio::spawn(async move {
                    let _ = tokio::io::copy(&mut redis_read, &mut client_write).await;
                });
            }
        });
        SlowProxy { port, armed }
    }

    fn url(&self) -> String {
        format!("redis://127.0.0.1:{}", self.port)
    }

    fn arm(&self) {
        self.armed.store(true, std::sync::atomic::Ordering::Release);
    }
}

/// A lease command that times out on the client still runs on Redis; the instance that
/// sent it removes the lease once Redis answers, so that after the slow spell no caller
/// of any instance waits on a lease nobody holds (before: the whole lease time).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lease_whose_command_timed_out_is_not_left_behind() {
    let Some(redis) = Redis::start() else { return };
    let provider = TestProvider::builder().start().await;
    // A long lease, so that an orphaned one would block for all to see.
    let lease = Duration::from_secs(20);
    let proxy = SlowProxy::start(
        &redis,
        Duration::from_millis(800),
        Duration::from_millis(1500),
    )
    .await;
    let slowed = TokenCache::new(
        RedisFleet::new(&proxy.url())
            .unwrap()
            .lease(lease)
            .shared("orphan", client_credentials(&provider)),
    );
    // Connect first, then slow the lease command down.
    let direct = RedisFleet::new(&redis.url()).unwrap().lease(lease);
    let client = ::redis::Client::open(redis.url()).unwrap();
    let mut conn = client.get_multiplexed_async_connection().await.unwrap();
    let _: Option<String> = ::redis::cmd("GET")
        .arg("warm-up")
        .query_async(&mut conn)
        .await
        .unwrap();
    proxy.arm();
    slowed.token().await.unwrap();
    // Redis has now run the delayed `SET NX` (at 800 ms), and then the release.
    tokio::time::sleep(Duration::from_millis(2500)).await;
    let lease_left: Option<String> = ::redis::cmd("GET")
        .arg("auth-core:orphan:lease")
        .query_async(&mut conn)
        .await
        .unwrap();
    assert_eq!(lease_left, None, "no lease is left that nobody holds");

    let other = TokenCache::new(direct.shared("orphan", client_credentials(&provider)));
    let started = std::time::Instant::now();
    other.token().await.unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "no wait on a lease nobody holds: {:?}",
        started.elapsed()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rotated_refresh_tokens_are_never_reused_across_the_fleet() {
    let Some(redis) = Redis::start() else { return };
    // 2 s tokens, a new refresh token at every refresh.
    let provider = TestProvider::builder()
        .token_lifetime(Duration::from_secs(2))
        .rotate_refresh_tokens(true)
        .start()
        .await;
    let instances: Vec<TokenCache> = (0..6)
        .map(|_| {
            let fleet = RedisFleet::new(&redis.url())
                .unwrap()
                .lease(Duration::from_secs(5));
            let source = PasswordGrant::new(&provider.token_url(), "client-1", "secret-1")
                .unwrap()
                .login("api@example.com", "pw-1")
                .store(fleet.refresh_store("pw"));
            // 2 s tokens are shorter than the default minimum refresh interval.
            let config = CacheConfig::default()
                .max_jitter(Duration::ZERO)
                .min_refresh_interval(Duration::from_millis(500));
            TokenCache::with_config(fleet.shared("pw", source).cache_config(&config), config)
        })
        .collect();
    let tasks: Vec<_> = instances
        .into_iter()
        .map(|cache| {
            tokio::spawn(async move {
                for _ in 0..250 {
                    cache.authorize().await.unwrap();
                    tokio::time::sleep(Duration::from_millis(20)).await;
                }
            })
        })
        .collect();
    for task in tasks {
        task.await.unwrap();
    }
    let stats = provider.stats();
    assert_eq!(
        stats.refresh_token_reuse, 0,
        "no instance sent a rotated refresh token"
    );
    assert_eq!(stats.grant("password"), 1, "one login for the whole fleet");
    assert!(stats.grant("refresh_token") >= 3, "{:?}", stats.by_grant);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_redis_instances_fetch_on_their_own_and_share_again_when_it_returns() {
    let Some(mut redis) = Redis::start() else {
        return;
    };
    let provider = TestProvider::builder()
        .rotate_refresh_tokens(true)
        .start()
        .await;
    let fleet_a = RedisFleet::new(&redis.url()).unwrap();
    let fleet_b = RedisFleet::new(&redis.url()).unwrap();
    let grant = |fleet: &RedisFleet| {
        PasswordGrant::new(&provider.token_url(), "client-1", "secret-1")
            .unwrap()
            .login("api@example.com", "pw-1")
            .store(fleet.refresh_store("pw"))
    };
    let a = TokenCache::new(fleet_a.shared("pw", grant(&fleet_a)));
    let b = TokenCache::new(fleet_b.shared("pw", grant(&fleet_b)));
    let first = a.token().await.unwrap();
    b.token().await.unwrap();
    assert_eq!(
        provider.stats().token_requests,
        1,
        "B took A's token from Redis"
    );

    // Redis goes away: A still gets a new token (refreshing on its own), and keeps the
    // rotated refresh token in memory.
    redis.stop();
    a.invalidate(&a.token().await.unwrap());
    let during = a.token().await.unwrap();
    assert!(!during.same_as(&first));
    assert_eq!(provider.stats().grant("refresh_token"), 1);

    // Redis returns: A's rotated refresh token is written back, so that B's refresh,
    // through the fleet, uses it instead of the one A rotated away.
    redis.run();
    // A writes its rotated refresh token back within a second or so.
    let client = ::redis::Client::open(redis.url()).unwrap();
    let mut conn = client.get_multiplexed_async_connection().await.unwrap();
    let mut written = false;
    for _ in 0..100 {
        let keys: Vec<String> = ::redis::cmd("KEYS")
            .arg("auth-core:pw:refresh:*")
            .query_async(&mut conn)
            .await
            .unwrap();
        if !keys.is_empty() {
            written = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(
        written,
        "the rotated refresh token was written back to Redis"
    );
    b.invalidate(&b.token().await.unwrap());
    b.token().await.unwrap();
    let stats = provider.stats();
    assert_eq!(stats.refresh_token_reuse, 0, "{:?}", stats.by_grant);
    assert_eq!(
        stats.grant("password"),
        1,
        "no new login was needed: {:?}",
        stats.by_grant
    );
    assert_eq!(stats.grant("refresh_token"), 2);
}

/// Redis's own `timeout` setting, a load balancer or a NAT closes connections that sat
/// idle; tokens are refreshed minutes apart, so the first command of a refresh often
/// meets a closed connection. It is sent again on a new one, and the fleet still shares.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connections_closed_while_idle_do_not_stop_the_sharing() {
    let Some(redis) = Redis::start() else { return };
    let provider = TestProvider::builder().start().await;
    let proxy = TcpProxy::start(([127, 0, 0, 1], redis.port).into()).await;
    let url = format!("redis://{}", proxy.addr());
    // Each round, both instances' calls succeed, then the API rejects the token: each
    // needs a new one (no minimum interval between refreshes, no damping).
    let config = CacheConfig::default().min_refresh_interval(Duration::ZERO);
    let instance = || {
        let shared = RedisFleet::new(&url)
            .unwrap()
            .shared("idle", client_credentials(&provider))
            .cache_config(&config);
        TokenCache::with_config(shared, config.clone())
    };
    let (a, b) = (instance(), instance());
    let first = a.token().await.unwrap();
    assert!(b.token().await.unwrap().header_value() == first.header_value());
    assert_eq!(provider.stats().token_requests, 1);

    for round in 1..=3 {
        proxy.cut(); // every idle connection closed
        for cache in [&a, &b] {
            cache.confirm();
            assert!(cache.invalidate(&cache.token().await.unwrap()));
        }
        let fetched = a.token().await.unwrap();
        let taken = b.token().await.unwrap();
        assert!(
            taken.header_value() == fetched.header_value(),
            "round {round}: B took A's new token"
        );
        assert_eq!(
            provider.stats().token_requests,
            1 + round,
            "round {round}: one token request for both instances"
        );
    }
}

/// A loopback proxy in front of Redis that, the first time a lease command (`SET ...
/// NX`) goes through, lets Redis run it and then closes the connection without its
/// answer: the instance sends it again on a new connection and finds the lease taken.
async fn proxy_losing_the_lease_answer(redis: &Redis) -> u16 {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let (target, armed) = (redis.port, Arc::new(AtomicBool::new(true)));
    tokio::spawn(async move {
        while let Ok((client, _)) = listener.accept().await {
            let upstream = tokio::net::TcpStream::connect(("127.0.0.1", target))
                .await
                .unwrap();
            let (mut client_read, mut client_write) = client.into_split();
            let (mut redis_read, mut redis_write) = upstream.into_split();
            let lost = Arc::new(AtomicBool::new(false));
            let (armed, lose) = (armed.clone(), lost.clone());
            tokio::spawn(async move {
                let mut buf = vec![0u8; 64 * 1024];
                while let Ok(n @ 1..) = client_read.read(&mut buf).await {
                    let is_lease = buf[..n].windows(6).any(|w| w == b"\r\nNX\r\n");
                    if is_lease && armed.swap(false, Ordering::AcqRel) {
                        lose.store(true, Ordering::Release);
                        let _ = redis_write.write_all(&buf[..n]).await;
                        // Redis runs it; closing our side ends the connection, and the
                        // answer is dropped on the way back.
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        return;
                    }
                    if redis_write.write_all(&buf[..n]).await.is_err() {
                        return;
                    }
                }
            });
            tokio::spawn(async move {
                let mut buf = vec![0u8; 64 * 1024];
                while let Ok(n @ 1..) = redis_read.read(&mut buf).await {
                    if lost.load(Ordering::Acquire) {
                        return; // the lease's answer, and the connection, are gone
                    }
                    if client_write.write_all(&buf[..n]).await.is_err() {
                        return;
                    }
                }
            });
        }
    });
    port
}

/// A lease command whose answer was lost with its connection is sent again and finds
/// the lease taken, by this very instance (its fencing value): it fetches at once,
/// rather than wait for its own lease to expire as if another instance held it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lease_taken_by_a_command_sent_twice_is_recognised_as_its_own() {
    let Some(redis) = Redis::start() else { return };
    let provider = TestProvider::builder().start().await;
    let port = proxy_losing_the_lease_answer(&redis).await;
    let fleet = RedisFleet::new(&format!("redis://127.0.0.1:{port}"))
        .unwrap()
        .lease(Duration::from_secs(5));
    let cache = TokenCache::new(fleet.shared("twice", client_credentials(&provider)));
    let token = tokio::time::timeout(Duration::from_secs(3), cache.token())
        .await
        .expect("the instance fetched at once, not after its own 5 s lease expired");
    token.unwrap();
    assert_eq!(provider.stats().token_requests, 1);
}

#[tokio::test]
async fn nothing_secret_is_printed() {
    let fleet = RedisFleet::new("redis://127.0.0.1:1").unwrap();
    let store = fleet.refresh_store("k");
    let source = fleet.shared(
        "k",
        ClientCredentials::new("http://127.0.0.1:1/t", "id", "SENTINEL").unwrap(),
    );
    let printed = format!("{fleet:?} {store:?} {source:?}");
    assert!(!printed.contains("SENTINEL"), "{printed}");
    // With Redis unreachable, a refresh token is still kept, in memory.
    store.save("k", &"rt-1".into()).await.unwrap();
    assert_eq!(
        store.load("k").await.unwrap().unwrap().expose_secret(),
        "rt-1"
    );
}

/// An instance whose own token request failed waits out its backoff before asking the
/// provider again, but takes a token another instance published meanwhile instead of
/// handing its callers the old failure.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_instance_in_backoff_takes_a_token_another_instance_published() {
    let Some(redis) = Redis::start() else { return };
    let provider = TestProvider::builder().start().await;
    let fleet = || RedisFleet::new(&redis.url()).unwrap();
    let refused = TokenCache::new(fleet().shared(
        "backoff",
        ClientCredentials::new(&provider.token_url(), "client-1", "wrong-secret").unwrap(),
    ));
    let error = refused.token().await.unwrap_err();
    assert!(!error.is_transient(), "{error}");
    // Within the 5 s backoff of an authentication failure: the failure, still.
    assert!(refused.token().await.is_err());

    let healthy = TokenCache::new(fleet().shared("backoff", client_credentials(&provider)));
    let published = healthy.token().await.unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    let taken = refused
        .token()
        .await
        .expect("the published token, not the failure");
    assert!(taken.header_value() == published.header_value());
    assert_eq!(
        provider.stats().token_requests,
        2,
        "the refused one and the good one"
    );
}

/// The cache's timeout names what the fetch was waiting for: here the token of a live
/// but slow lease holder, not the token endpoint (which this instance never called).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_timeout_names_what_it_waited_for() {
    let Some(redis) = Redis::start() else { return };
    let provider = TestProvider::builder().start().await;
    let fleet = || RedisFleet::new(&redis.url()).unwrap();
    let slow = TokenCache::new(fleet().shared(
        "named",
        Slow(client_credentials(&provider), Duration::from_secs(3)),
    ));
    let holder = tokio::spawn(async move { slow.token().await });
    tokio::time::sleep(Duration::from_millis(200)).await;
    let config = CacheConfig::default().fetch_timeout(Duration::from_secs(1));
    let waiter = TokenCache::with_config(
        fleet()
            .shared("named", client_credentials(&provider))
            .cache_config(&config),
        config,
    );
    let error = waiter.token().await.unwrap_err().to_string();
    assert!(
        error.contains("timed out waiting for the token of the instance holding the lease `auth-core:named:lease` on Redis"),
        "{error}"
    );
    holder.await.unwrap().unwrap();
    assert_eq!(provider.stats().token_requests, 1);
}
