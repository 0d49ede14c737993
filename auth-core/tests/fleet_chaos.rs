//! The Redis fleet under chaos, with each instance a process of its own: three processes
//! (this test binary re-run as `fleet_instance`) share 3 s tokens through a real
//! `redis-server` (see `support/redis.rs`), each with 4 callers making 50 calls a second
//! to an API that checks every token (the test provider: a call made with an expired
//! token is a 401 it counts). Between the processes and Redis sits a loopback proxy
//! (`testkit::TcpProxy`). Over 34 s:
//!
//! | from | what |
//! |---|---|
//! | 0 s | nothing goes wrong |
//! | 6 s | Redis answers 300 ms late (every command) |
//! | 10 s | every connection to Redis is cut every 300 ms |
//! | 14 s | Redis is killed; started again at 20 s |
//! | 25 s | the process holding the refresh lease is killed with `SIGKILL` while the provider takes 2 s to answer it |
//!
//! Asserted: no call is made with an expired token; no call fails (each caller's
//! deadline is the cache's fetch timeout, 8 s here, so a caller that waited past it
//! would fail); while Redis is healthy, one token request per token and every token used
//! by every process; with connections cut every 300 ms, still sharing (at most 3 requests
//! per lifetime, where each process alone makes 2); sharing resumes within two token
//! lifetimes after Redis returns, and
//! the survivors take over within the lease and two lifetimes after the holder dies. The
//! figures (token requests per lifetime, tokens shared, longest wait, recovery times)
//! are printed, for BENCHMARKS.md section 6a:
//! `cargo test -p auth-core --all-features --test fleet_chaos -- --nocapture`.
#![cfg(all(unix, feature = "redis", feature = "testkit"))]

use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use auth_core::testkit::{Fault, Route, TcpProxy, TestProvider};
use auth_core::{CacheConfig, ClientCredentials, RedisFleet, TokenCache};

#[path = "support/redis.rs"]
mod redis_server;
use redis_server::Redis;

const PROCESSES: usize = 3;
const CALLERS: usize = 4;
const LIFETIME: Duration = Duration::from_secs(3);
const DEADLINE: Duration = Duration::from_secs(8);
const KEY: &str = "chaos";

/// Milliseconds since the Unix epoch: one clock for the test and its processes.
fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64)
}

/// One instance of the application: a process of its own. A no-op unless started by
/// the test. It prints, on stdout, `token <ms> <hash>` when its cache holds a new token
/// and `tick <ms> <calls> <failed> <expired> <longest wait µs>` every 100 ms (the wait
/// since the previous tick).
#[test]
fn fleet_instance() {
    let (Ok(redis), Ok(token_url), Ok(api), Ok(seconds)) = (
        std::env::var("CHAOS_REDIS"),
        std::env::var("CHAOS_TOKEN_URL"),
        std::env::var("CHAOS_API"),
        std::env::var("CHAOS_SECONDS"),
    ) else {
        return;
    };
    let seconds: u64 = seconds.parse().unwrap();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async move {
        let config = CacheConfig::default()
            .min_refresh_interval(Duration::from_millis(500))
            .fetch_timeout(DEADLINE);
        let source = ClientCredentials::new(&token_url, "client-1", "secret-1").unwrap();
        let shared = RedisFleet::new(&redis)
            .unwrap()
            .shared(KEY, source)
            .cache_config(&config);
        let cache = TokenCache::with_config(shared, config);
        let http = auth_core::reqwest::Client::new();
        // calls, failed, expired, longest wait (µs) since the last tick.
        let counters = Arc::new(Mutex::new((0u64, 0u64, 0u64, 0u64)));
        let end = tokio::time::Instant::now() + Duration::from_secs(seconds);
        for _ in 0..CALLERS {
            let (cache, http, api, counters) =
                (cache.clone(), http.clone(), api.clone(), counters.clone());
            tokio::spawn(async move {
                let mut next = tokio::time::Instant::now();
                loop {
                    let asked = tokio::time::Instant::now();
                    let auth = cache.authorize().await;
                    let waited = asked.elapsed().as_micros() as u64;
                    let status = match auth {
                        Ok(auth) => http
                            .get(&api)
                            .header(
                                auth_core::reqwest::header::AUTHORIZATION,
                                auth.header_value(),
                            )
                            .send()
                            .await
                            .map(|a| a.status().as_u16())
                            .ok(),
                        Err(_) => None,
                    };
                    {
                        let mut c = counters.lock().unwrap();
                        c.0 += 1;
                        match status {
                            Some(200) => {}
                            Some(401) => c.2 += 1,
                            _ => c.1 += 1,
                        }
                        c.3 = c.3.max(waited);
                    }
                    next += Duration::from_millis(20);
                    tokio::time::sleep_until(next.max(tokio::time::Instant::now())).await;
                }
            });
        }
        let mut last = 0u64;
        let mut tick = tokio::time::Instant::now();
        while tokio::time::Instant::now() < end {
            if let Some(token) = cache.peek() {
                let mut h = std::collections::hash_map::DefaultHasher::new();
                token.header_value().as_bytes().hash(&mut h);
                let hash = h.finish();
                if hash != last {
                    last = hash;
                    println!("token {} {hash:016x}", now_ms());
                }
            }
            if tick.elapsed() >= Duration::from_millis(100) {
                tick = tokio::time::Instant::now();
                let mut c = counters.lock().unwrap();
                println!("tick {} {} {} {} {}", now_ms(), c.0, c.1, c.2, c.3);
                *c = (0, 0, 0, 0);
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        println!("done {}", now_ms());
    });
    runtime.shutdown_background();
}

/// What one process printed, by the test's clock.
#[derive(Default)]
struct Seen {
    /// (ms, hash) of each new token.
    tokens: Vec<(u64, String)>,
    /// (ms, calls, failed, expired, longest wait µs) per tick.
    ticks: Vec<(u64, u64, u64, u64, u64)>,
}

fn spawn_instance(redis: &str, provider: &TestProvider, seconds: u64) -> Child {
    Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "fleet_instance",
            "--nocapture",
            "--test-threads=1",
        ])
        .env("CHAOS_REDIS", redis)
        .env("CHAOS_TOKEN_URL", provider.token_url())
        .env("CHAOS_API", provider.url("/ping"))
        .env("CHAOS_SECONDS", seconds.to_string())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

/// Reads a process's lines into `seen` on a thread of its own.
fn collect(child: &mut Child, seen: Arc<Mutex<Seen>>) -> std::thread::JoinHandle<()> {
    let out = child.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(out).lines().map_while(Result::ok) {
            let parts: Vec<&str> = line.split_whitespace().collect();
            let mut seen = seen.lock().unwrap();
            match parts.as_slice() {
                ["token", ms, hash] => seen.tokens.push((ms.parse().unwrap(), hash.to_string())),
                ["tick", ms, calls, failed, expired, wait] => seen.ticks.push((
                    ms.parse().unwrap(),
                    calls.parse().unwrap(),
                    failed.parse().unwrap(),
                    expired.parse().unwrap(),
                    wait.parse().unwrap(),
                )),
                _ => {}
            }
        }
    })
}

/// Every token first seen (by any of `who`) in `from..to`: when first seen and by how
/// many of `who` it was held over the whole run.
fn tokens_in(seen: &[Arc<Mutex<Seen>>], who: &[usize], from: u64, to: u64) -> Vec<(u64, usize)> {
    let mut holders: HashMap<String, (HashSet<usize>, u64)> = HashMap::new();
    for &i in who {
        for (ms, hash) in &seen[i].lock().unwrap().tokens {
            let entry = holders.entry(hash.clone()).or_insert((HashSet::new(), *ms));
            entry.0.insert(i);
            entry.1 = entry.1.min(*ms);
        }
    }
    let mut tokens: Vec<(u64, usize)> = holders
        .into_values()
        .filter(|(_, first)| (from..to).contains(first))
        .map(|(by, first)| (first, by.len()))
        .collect();
    tokens.sort_unstable();
    tokens
}

/// When the first token held by every one of `who`, first seen at or after `since`,
/// was first seen.
fn first_shared(seen: &[Arc<Mutex<Seen>>], who: &[usize], since: u64) -> Option<u64> {
    tokens_in(seen, who, since, u64::MAX)
        .into_iter()
        .find(|(_, by)| *by == who.len())
        .map(|(first, _)| first)
}

/// The process whose fencing value (`<pid>-<random>`) holds the lease, if any.
async fn lease_holder(conn: &mut redis::aio::MultiplexedConnection) -> Option<u32> {
    let fence: Option<String> = redis::cmd("GET")
        .arg(format!("auth-core:{KEY}:lease"))
        .query_async(conn)
        .await
        .ok()?;
    fence?.split('-').next()?.parse().ok()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn separate_processes_share_tokens_through_redis_chaos() {
    let Some(mut redis) = Redis::start() else {
        return;
    };
    let provider = TestProvider::builder()
        .token_lifetime(LIFETIME)
        .route(Route::get("/ping"))
        .start()
        .await;
    let proxy = TcpProxy::start(([127, 0, 0, 1], redis.port).into()).await;
    let redis_url = format!("redis://{}", proxy.addr());
    let total = 34u64;
    let mut children: Vec<Child> = (0..PROCESSES)
        .map(|_| spawn_instance(&redis_url, &provider, total))
        .collect();
    let seen: Vec<Arc<Mutex<Seen>>> = (0..PROCESSES).map(|_| Arc::default()).collect();
    let readers: Vec<_> = children
        .iter_mut()
        .zip(&seen)
        .map(|(child, seen)| collect(child, seen.clone()))
        .collect();
    let start = now_ms();
    let at = |s: u64| {
        tokio::time::sleep_until(
            tokio::time::Instant::now()
                + Duration::from_millis((start + s * 1000).saturating_sub(now_ms())),
        )
    };
    let requests = || provider.stats().token_requests;
    // (name, from ms, to ms, token requests)
    let mut phases: Vec<(&str, u64, u64, u64)> = Vec::new();

    at(1).await; // the processes start and log in
    let r = requests();
    at(6).await;
    phases.push(("nothing goes wrong", start + 1000, now_ms(), requests() - r));

    let r = requests();
    proxy.set_delay(Duration::from_millis(300));
    at(10).await;
    proxy.set_delay(Duration::ZERO);
    phases.push(("Redis 300 ms late", start + 6000, now_ms(), requests() - r));

    let r = requests();
    while now_ms() < start + 14_000 {
        proxy.cut();
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    phases.push((
        "connections cut every 300 ms",
        start + 10_000,
        now_ms(),
        requests() - r,
    ));

    let r = requests();
    redis.stop();
    at(20).await;
    phases.push(("Redis down", start + 14_000, now_ms(), requests() - r));
    let r = requests();
    redis.run();
    let back = now_ms();
    at(25).await;
    phases.push(("Redis back", back, now_ms(), requests() - r));

    // The next token request takes the provider 2 s; the process that sends it holds
    // the lease meanwhile, and is killed.
    let r = requests();
    provider.inject("/oauth/token", Fault::Delay(Duration::from_secs(2)), 1);
    let direct = redis::Client::open(redis.url()).unwrap();
    let mut conn = direct.get_multiplexed_async_connection().await.unwrap();
    let pids: Vec<u32> = children.iter().map(Child::id).collect();
    let mut killed = None;
    while killed.is_none() && now_ms() < start + 31_000 {
        if let Some(pid) = lease_holder(&mut conn).await
            && let Some(i) = pids.iter().position(|p| *p == pid)
        {
            children[i].kill().unwrap(); // SIGKILL
            children[i].wait().unwrap();
            killed = Some((i, now_ms()));
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let (victim, killed_at) = killed.expect("a process took the lease within 6 s");
    at(total).await;
    phases.push(("lease holder killed", killed_at, now_ms(), requests() - r));

    for (i, child) in children.iter_mut().enumerate() {
        if i != victim {
            assert!(
                child.wait().unwrap().success(),
                "process {i} exited cleanly"
            );
        }
    }
    for reader in readers {
        reader.join().unwrap();
    }
    let survivors: Vec<usize> = (0..PROCESSES).filter(|&i| i != victim).collect();
    let everyone: Vec<usize> = (0..PROCESSES).collect();

    // Figures, by phase. A token is refreshed at half its lifetime, so one process alone
    // makes about 2 token requests per lifetime; the fleet as a whole should too.
    let lifetime_ms = LIFETIME.as_millis() as u64;
    eprintln!(
        "{PROCESSES} processes x {CALLERS} callers at 50 calls/s, {} s tokens (refreshed at half-life), {total} s",
        LIFETIME.as_secs()
    );
    eprintln!(
        "| phase | seconds | token requests | per token lifetime | new tokens (held by every process) | longest wait, ms | calls | failed | with an expired token |"
    );
    eprintln!("|---|---|---|---|---|---|---|---|---|");
    let (mut all_failed, mut all_expired) = (0, 0);
    for (name, from, to, token_requests) in &phases {
        let (mut calls, mut failed, mut expired, mut longest) = (0, 0, 0, 0);
        for s in &seen {
            for (ms, c, f, e, w) in &s.lock().unwrap().ticks {
                if ms > from && ms <= to {
                    calls += c;
                    failed += f;
                    expired += e;
                    longest = longest.max(*w);
                }
            }
        }
        all_failed += failed;
        all_expired += expired;
        let who = if *from >= killed_at {
            &survivors
        } else {
            &everyone
        };
        let tokens = tokens_in(&seen, who, *from, *to);
        let by_all = tokens.iter().filter(|(_, by)| *by == who.len()).count();
        eprintln!(
            "| {name} | {:.1} | {token_requests} | {:.1} | {} ({by_all}) | {:.0} | {calls} | {failed} | {expired} |",
            (to - from) as f64 / 1000.0,
            *token_requests as f64 * lifetime_ms as f64 / (to - from) as f64,
            tokens.len(),
            longest as f64 / 1000.0,
        );
    }
    let shared_again = first_shared(&seen, &everyone, back);
    let after_kill = first_shared(&seen, &survivors, killed_at);
    eprintln!(
        "sharing again after Redis returned: {}; survivors on one new token after the holder was killed: {}",
        shared_again.map_or("never".into(), |ms| format!(
            "{:.1} s",
            (ms - back) as f64 / 1000.0
        )),
        after_kill.map_or("never".into(), |ms| format!(
            "{:.1} s",
            (ms - killed_at) as f64 / 1000.0
        )),
    );

    assert_eq!(all_expired, 0, "no call was made with an expired token");
    assert_eq!(
        all_failed, 0,
        "no call failed, so none waited past its deadline"
    );
    // While Redis is healthy, each token request is one token every process uses.
    let (_, from, to, healthy_requests) = phases[0];
    let healthy = tokens_in(&seen, &everyone, from, to);
    assert!(
        healthy.iter().all(|(_, by)| *by == PROCESSES),
        "every token was shared by every process while Redis was healthy: {healthy:?}"
    );
    assert!(
        healthy_requests <= healthy.len() as u64 + 1,
        "one token request per token used: {healthy_requests} requests for {} tokens",
        healthy.len()
    );
    // Connections cut every 300 ms: a command that met a closed connection is sent again
    // on a new one, so the fleet keeps sharing (each process alone would make about 6
    // requests per lifetime).
    let (_, from, to, cut_requests) = phases[2];
    let per_lifetime = cut_requests as f64 * lifetime_ms as f64 / (to - from) as f64;
    assert!(
        per_lifetime <= 3.0,
        "the fleet shared tokens while its connections were cut: {per_lifetime:.1} requests per lifetime"
    );
    let shared_again =
        shared_again.expect("all processes shared one token again after Redis returned");
    assert!(
        shared_again - back <= 2 * lifetime_ms,
        "sharing resumed within two token lifetimes of Redis returning: {} ms",
        shared_again - back
    );
    let after_kill =
        after_kill.expect("the surviving processes shared a token after the holder died");
    assert!(
        after_kill - killed_at <= 5_000 + 2 * lifetime_ms,
        "the survivors took over within the lease and two lifetimes: {} ms",
        after_kill - killed_at
    );
}
