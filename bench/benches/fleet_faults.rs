//! The Redis fleet under faults (BENCHMARKS.md, section 6): 4 instances × 4 callers,
//! each caller making a call 50 times a second (`authorize`, then an API request the
//! test provider checks, so that a call made with an expired token is a 401 the provider
//! counts), 4 s tokens, for 24 s, while:
//!
//! - nothing goes wrong (the baseline);
//! - Redis is killed at 6 s and started again at 14 s;
//! - Redis answers 450 ms late (a loopback proxy holds back every command) from 6 to 14 s,
//!   just under the 500 ms command timeout;
//! - Redis answers 800 ms late for 1.5 s from 6 s, while every instance needs a new
//!   token (the published one deleted, the caches' own dropped): lease commands time out
//!   on the client but still run on Redis;
//! - every connection to Redis is cut every 300 ms from 6 to 14 s (the proxy closes them);
//! - the instance holding the lease is killed in the middle of a refresh at 6 s (a fifth
//!   instance on a runtime of its own, shut down while it waits on the provider).
//!
//! Per run: token requests before, during and after the fault, calls
//! that failed, calls made with an expired token, and the callers' longest and 99th
//! percentile wait for a token. Needs `redis-server`.
//!
//! `cargo bench -p auth-bench --bench fleet_faults [-- --quick]` (quick: 12 s runs, the
//! fault from 3 to 7 s).

use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use auth_bench::quick;
use auth_core::testkit::{Route, TcpProxy, TestProvider};
use auth_core::{
    CacheConfig, ClientCredentials, Error, RedisFleet, Token, TokenCache, TokenSource, async_trait,
};
use tokio::time::Instant;

const INSTANCES: usize = 4;
const CALLERS: usize = 4;
const LIFETIME: Duration = Duration::from_secs(4);

/// Deletes the token the fleet published under `key`, as its expiry would.
async fn drop_published(redis_port: u16, key: &str) {
    let client = redis::Client::open(format!("redis://127.0.0.1:{redis_port}")).unwrap();
    let mut conn = client.get_multiplexed_async_connection().await.unwrap();
    let _: i64 = redis::cmd("DEL")
        .arg(format!("auth-core:{key}:token"))
        .query_async(&mut conn)
        .await
        .unwrap();
}

/// Takes the lease and never answers: the instance is killed while it waits.
struct Hangs;

#[async_trait]
impl TokenSource for Hangs {
    async fn fetch(&self) -> Result<Token, Error> {
        std::future::pending().await
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Fault {
    None,
    RedisKilled,
    RedisSlow,
    RedisStall,
    RedisCut,
    HolderKilled,
}

impl Fault {
    fn name(self) -> &'static str {
        match self {
            Fault::None => "none (baseline)",
            Fault::RedisKilled => "Redis killed, then restarted",
            Fault::RedisSlow => "Redis 450 ms late per command",
            Fault::RedisStall => "Redis 800 ms late for 1.5 s (commands time out)",
            Fault::RedisCut => "every connection to Redis cut every 300 ms",
            Fault::HolderKilled => "lease holder killed mid-refresh",
        }
    }
}

struct Outcome {
    requests: [u64; 3],
    calls: u64,
    failed: u64,
    expired: u64,
    waits_us: Vec<f64>,
}

async fn run(fault: Fault, redis_port: u16, redis: &mut Option<Child>) -> Outcome {
    let (total, from, to) = if quick() {
        (12u64, 3u64, 7u64)
    } else {
        (24, 6, 14)
    };
    let provider = TestProvider::builder()
        .token_lifetime(LIFETIME)
        .route(Route::get("/ping"))
        .start()
        .await;
    let proxy = TcpProxy::start(([127, 0, 0, 1], redis_port).into()).await;
    let url = format!("redis://{}", proxy.addr());
    let key = format!("faults-{}", fastrand::u64(..));
    let config = CacheConfig::default().min_refresh_interval(Duration::from_millis(500));
    let caches: Vec<TokenCache> = (0..INSTANCES)
        .map(|_| {
            let source =
                ClientCredentials::new(&provider.token_url(), "client-1", "secret-1").unwrap();
            let shared = RedisFleet::new(&url)
                .unwrap()
                .shared(&key, source)
                .cache_config(&config);
            TokenCache::with_config(shared, config.clone())
        })
        .collect();
    let http = auth_core::reqwest::Client::new();
    let api = provider.url("/ping");
    let start = Instant::now();
    let end = start + Duration::from_secs(total);
    let failed = Arc::new(AtomicU64::new(0));
    let expired = Arc::new(AtomicU64::new(0));
    let calls = Arc::new(AtomicU64::new(0));
    let mut tasks = Vec::new();
    for cache in &caches {
        for _ in 0..CALLERS {
            let (cache, http, api) = (cache.clone(), http.clone(), api.clone());
            let (failed, expired, calls) = (failed.clone(), expired.clone(), calls.clone());
            tasks.push(tokio::spawn(async move {
                let mut waits = Vec::new();
                let mut next = Instant::now();
                while Instant::now() < end {
                    let asked = Instant::now();
                    let auth = cache.authorize().await;
                    waits.push(asked.elapsed().as_secs_f64() * 1e6);
                    calls.fetch_add(1, Ordering::Relaxed);
                    match auth {
                        Ok(auth) => {
                            let answer = http
                                .get(&api)
                                .header(
                                    auth_core::reqwest::header::AUTHORIZATION,
                                    auth.header_value(),
                                )
                                .send()
                                .await;
                            match answer.map(|a| a.status().as_u16()) {
                                Ok(200) => {}
                                Ok(401) => {
                                    expired.fetch_add(1, Ordering::Relaxed);
                                }
                                _ => {
                                    failed.fetch_add(1, Ordering::Relaxed);
                                }
                            }
                        }
                        Err(_) => {
                            failed.fetch_add(1, Ordering::Relaxed);
                        }
                    }
                    next += Duration::from_millis(20);
                    tokio::time::sleep_until(next.max(Instant::now())).await;
                }
                waits
            }));
        }
    }
    // The fault, and the token requests at its edges.
    let mut requests = [0u64; 3];
    tokio::time::sleep_until(start + Duration::from_secs(from)).await;
    requests[0] = provider.stats().token_requests;
    match fault {
        Fault::None | Fault::RedisCut => {}
        Fault::RedisKilled => {
            if let Some(mut child) = redis.take() {
                let _ = child.kill();
                let _ = child.wait();
            }
        }
        Fault::RedisSlow => proxy.set_delay(Duration::from_millis(450)),
        Fault::RedisStall => {
            // The published token goes, so that every instance needs the lease during
            // the stall, whose commands time out on the client but still run.
            drop_published(redis_port, &key).await;
            for cache in &caches {
                if let Some(token) = cache.peek() {
                    cache.invalidate(&token);
                }
            }
            proxy.set_delay(Duration::from_millis(800));
            tokio::time::sleep(Duration::from_millis(1500)).await;
            proxy.set_delay(Duration::ZERO);
        }
        Fault::HolderKilled => {
            // The published token goes (as at a refresh), and the doomed instance is the
            // first to want a new one: it takes the lease, then dies.
            drop_published(redis_port, &key).await;
            let url = url.clone();
            let key = key.clone();
            std::thread::spawn(move || {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .unwrap();
                runtime.block_on(async {
                    let doomed =
                        TokenCache::new(RedisFleet::new(&url).unwrap().shared(&key, Hangs));
                    let _ = tokio::time::timeout(Duration::from_millis(300), doomed.token()).await;
                });
                runtime.shutdown_background();
            })
            .join()
            .unwrap();
        }
    }
    if fault == Fault::RedisCut {
        while Instant::now() < start + Duration::from_secs(to) {
            proxy.cut();
            tokio::time::sleep(Duration::from_millis(300)).await;
        }
    }
    tokio::time::sleep_until(start + Duration::from_secs(to)).await;
    requests[1] = provider.stats().token_requests - requests[0];
    match fault {
        Fault::RedisKilled => *redis = Some(auth_bench::redis_server(redis_port)),
        Fault::RedisSlow => proxy.set_delay(Duration::ZERO),
        _ => {}
    }
    let mut waits_us = Vec::new();
    for task in tasks {
        waits_us.extend(task.await.unwrap());
    }
    requests[2] = provider.stats().token_requests - requests[0] - requests[1];
    waits_us.sort_by(f64::total_cmp);
    Outcome {
        requests,
        calls: calls.load(Ordering::Relaxed),
        failed: failed.load(Ordering::Relaxed),
        expired: expired.load(Ordering::Relaxed),
        waits_us,
    }
}

fn main() {
    if Command::new("redis-server")
        .arg("--version")
        .stdout(Stdio::null())
        .status()
        .is_err()
    {
        println!("fleet_faults: redis-server not found (apt-get install redis-server); skipped");
        return;
    }
    let redis_port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut redis = Some(auth_bench::redis_server(redis_port));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let (total, from, to) = if quick() {
        (12.0, 3.0, 7.0)
    } else {
        (24.0, 6.0, 14.0)
    };
    println!(
        "{INSTANCES} instances x {CALLERS} callers at 50 calls/s, {}-s tokens, {total} s runs, fault from {from} to {to} s\n",
        LIFETIME.as_secs()
    );
    println!(
        "| fault | token requests before / during / after the fault ({from} / {} / {} s) | calls | failed | with an expired token | longest wait, ms | p99 wait, µs |",
        to - from,
        total - to
    );
    println!("|---|---|---|---|---|---|---|");
    for fault in [
        Fault::None,
        Fault::RedisKilled,
        Fault::RedisSlow,
        Fault::RedisStall,
        Fault::RedisCut,
        Fault::HolderKilled,
    ] {
        let outcome = runtime.block_on(run(fault, redis_port, &mut redis));
        let waits = &outcome.waits_us;
        let p99 = waits[(waits.len() * 99 / 100).min(waits.len() - 1)];
        println!(
            "| {} | {} / {} / {} | {} | {} | {} | {:.0} | {:.0} |",
            fault.name(),
            outcome.requests[0],
            outcome.requests[1],
            outcome.requests[2],
            outcome.calls,
            outcome.failed,
            outcome.expired,
            waits[waits.len() - 1] / 1000.0,
            p99,
        );
    }
    if let Some(mut child) = redis.take() {
        let _ = child.kill();
        let _ = child.wait();
    }
}
