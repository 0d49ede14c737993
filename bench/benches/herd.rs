//! Expiry herd: 10,000 concurrent calls through a generated client at the moment its
//! token is due for refresh, against 10,000 at a quiet moment. The token endpoint answers
//! the refresh after 2 s, so any call waiting on it would show it.
//!
//! Targets: exactly one token request for the refresh; no call waits on the token
//! endpoint while the old token is still valid.
//!
//! The API server runs in a child process (this binary with `--serve`), so that 10,000
//! client and 10,000 server sockets do not share one process's file limit.
//!
//! `cargo bench -p auth-bench --bench herd [-- --quick]`

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use auth_bench::{median, quick};
use auth_core::testkit::{Fault, TestProvider};
use auth_core::{CacheConfig, ClientCredentials, Error, Scoped, TokenCache, api, scopes};

scopes! {
    /// Scopes.
    pub mod merchant { can_read_order }
}

#[api(scopes = merchant)]
trait Orders {
    #[get("/orders/{id}")]
    #[authenticated(scope = "can_read_order")]
    async fn get_order(&self, id: u64) -> Result<(), Error>;
}

/// Serves `200 {}` to everything, on a loopback port printed on stdout.
fn serve() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        println!("{}", listener.local_addr().unwrap());
        auth_bench::serve_json(listener, bytes::Bytes::from_static(b"{}")).await;
    });
}

fn raise_fd_limit() {
    // SAFETY: getrlimit/setrlimit read and write the struct they are given.
    unsafe {
        let mut limit: libc::rlimit = std::mem::zeroed();
        libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit);
        limit.rlim_cur = limit.rlim_max;
        libc::setrlimit(libc::RLIMIT_NOFILE, &limit);
    }
}

/// Latencies (ms) of `n` concurrent calls.
async fn burst(client: &Arc<OrdersClient<merchant::All>>, n: u64) -> Vec<f64> {
    let tasks: Vec<_> = (0..n)
        .map(|i| {
            let client = client.clone();
            tokio::spawn(async move {
                let start = Instant::now();
                client.get_order(i).await.unwrap();
                start.elapsed().as_secs_f64() * 1e3
            })
        })
        .collect();
    let mut out = Vec::with_capacity(tasks.len());
    for t in tasks {
        out.push(t.await.unwrap());
    }
    out.sort_by(f64::total_cmp);
    out
}

fn summary(name: &str, lat: &[f64]) -> String {
    format!(
        "| {name} | {} | {:.1} | {:.1} | {:.1} |",
        lat.len(),
        median(lat),
        lat[lat.len() * 99 / 100],
        lat[lat.len() - 1]
    )
}

fn main() {
    if std::env::args().any(|a| a == "--serve") {
        serve();
        return;
    }
    raise_fd_limit();
    let n: u64 = if quick() { 2_000 } else { 10_000 };
    let mut child = Command::new(std::env::current_exe().unwrap())
        .arg("--serve")
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let api = format!("http://{}", line.trim());

    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        // Tokens live 10 s: due for refresh between 4 and 5 s, usable until 9 s (the herd and the 2 s refresh fit before that).
        let provider = TestProvider::builder()
            .token_lifetime(Duration::from_secs(10))
            .start()
            .await;
        let source = ClientCredentials::new(&provider.token_url(), "client-1", "secret-1").unwrap();
        let cache = TokenCache::with_config(
            source,
            CacheConfig::default().min_remaining(Duration::from_secs(1)),
        );
        let client = Arc::new(
            OrdersClient::with_base_url(Scoped::<merchant::All>::assume_granted(cache), &api)
                .unwrap(),
        );
        let start = Instant::now();
        // Warm-up: opens the connections both measured bursts reuse.
        burst(&client, n).await;
        let quiet = burst(&client, n).await;
        assert_eq!(provider.stats().token_requests, 1);

        // The refresh will take 2 s: a call waiting for it would show.
        provider.inject("/oauth/token", Fault::Delay(Duration::from_secs(2)), 1);
        tokio::time::sleep(Duration::from_millis(5_100).saturating_sub(start.elapsed())).await;
        let herd = burst(&client, n).await;
        tokio::time::sleep(Duration::from_millis(2_200)).await;
        let refreshes = provider.stats().token_requests - 1;
        // And a quiet moment again, with the new token, after the same pause.
        let quiet_after = burst(&client, n).await;

        println!("\nExpiry herd: {n} concurrent calls, latency in ms\n");
        println!("| moment | calls | median | p99 | max |\n|---|---|---|---|---|");
        println!("{}", summary("quiet (baseline)", &quiet));
        println!("{}", summary("token due for refresh", &herd));
        println!(
            "{}",
            summary("quiet again, after the refresh", &quiet_after)
        );
        println!(
            "\nmedian ratio herd/quiet: {:.2} (quiet after/quiet before, the noise: {:.2}); token \
             requests for the refresh: {refreshes} (target 1); calls slower than the 2 s token \
             answer: {}",
            median(&herd) / median(&quiet),
            median(&quiet_after) / median(&quiet),
            herd.iter().filter(|l| **l >= 2_000.0).count()
        );
    });
    let _ = child.kill();
    let _ = child.wait();
}
