//! Fleet-wide tokens on Redis against per-instance caches: token requests per expiry
//! and the latency each call sees (`TokenCache::authorize`), for 8 instances making calls
//! across one token expiry. Needs `redis-server` (`apt-get install redis-server`).
//!
//! `cargo bench -p auth-bench --bench fleet [-- --quick]`

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use auth_bench::{median, quick};
use auth_core::testkit::TestProvider;
use auth_core::{ClientCredentials, RedisFleet, TokenCache};

const INSTANCES: usize = 8;

/// Calls of every instance across one refresh point; latencies in µs and token requests.
async fn run(
    provider: &TestProvider,
    caches: Vec<TokenCache>,
    calls: usize,
    pause: Duration,
) -> (Vec<f64>, u64) {
    let before = provider.stats().token_requests;
    let tasks: Vec<_> = caches
        .into_iter()
        .map(|cache| {
            tokio::spawn(async move {
                let mut lat = Vec::with_capacity(calls);
                for _ in 0..calls {
                    let start = Instant::now();
                    std::hint::black_box(cache.authorize().await.unwrap());
                    lat.push(start.elapsed().as_secs_f64() * 1e6);
                    tokio::time::sleep(pause).await;
                }
                lat
            })
        })
        .collect();
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await.unwrap());
    }
    all.sort_by(f64::total_cmp);
    (all, provider.stats().token_requests - before)
}

fn main() {
    let Ok(status) = Command::new("redis-server")
        .arg("--version")
        .stdout(Stdio::null())
        .status()
    else {
        println!("fleet: redis-server not found (apt-get install redis-server); skipped");
        return;
    };
    assert!(status.success());
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut redis = auth_bench::redis_server(port);
    let url = format!("redis://127.0.0.1:{port}");

    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let (calls, pause) = if quick() {
        (400, Duration::from_millis(15))
    } else {
        (1000, Duration::from_millis(6))
    };
    rt.block_on(async {
        // 10 s tokens: due for refresh between 4 and 5 s; the runs last 6 to 7 s.
        let provider = TestProvider::builder().token_lifetime(Duration::from_secs(10)).start().await;
        let source = || ClientCredentials::new(&provider.token_url(), "client-1", "secret-1").unwrap();

        let rounds = if quick() { 1 } else { 3 };
        let mut table = auth_bench::Rounds::new(
            &format!("Fleet of {INSTANCES} instances, {calls} calls each across one expiry: median µs per `authorize`"),
            rounds,
        );
        let mut requests = std::collections::BTreeMap::new();
        let mut worst = std::collections::BTreeMap::new();
        for round in 0..rounds {
            let mut order = vec!["per instance (baseline)", "per instance (A/A copy)", "shared on Redis"];
            if round % 2 == 1 {
                order.reverse();
            }
            for name in order {
                let caches: Vec<TokenCache> = (0..INSTANCES)
                    .map(|i| {
                        if name.starts_with("shared") {
                            let key = format!("bench-{round}");
                            TokenCache::new(RedisFleet::new(&url).unwrap().shared(&key, source()))
                        } else {
                            let _ = i;
                            TokenCache::new(source())
                        }
                    })
                    .collect();
                let (lat, n) = run(&provider, caches, calls, pause).await;
                table.measure(name, || median(&lat));
                requests.insert(name, n);
                worst.insert(name, lat[lat.len() - 1]);
            }
        }
        println!("{}", table.report("per instance (baseline)"));
        println!("| caches | token requests per expiry window (first + refresh) | slowest call, µs |\n|---|---|---|");
        for (name, n) in &requests {
            println!("| {name} | {n} | {:.0} |", worst[name]);
        }
    });
    let _ = redis.kill();
    let _ = redis.wait();
}
