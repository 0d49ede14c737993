//! Soak under combined faults (BENCHMARKS.md section 7): callers of generated clients for
//! minutes against the test provider, with faults mixed in, recording every outcome,
//! token requests per token lifetime, memory and tasks over time.
//!
//! - 24 callers, each making a call every 50 ms, spread over three providers whose tokens
//!   live 2 s, 60 s and 1 h (password grant, the refresh token rotated at every refresh);
//! - on the API, about 5% of calls answered 500, 2% cut mid-body, 1% answered after the
//!   500 ms attempt timeout, and every 10 s a burst of twenty 429s with `Retry-After: 1`;
//! - on the token endpoints, about 5% of requests answered 500;
//! - every 15 s, the current token of each provider revoked (the API answers 401).
//!
//! Prints calls by outcome, API requests (so retries and replays), token requests per
//! lifetime, and memory and tasks after warm-up. Asserts: no caller panicked; every failure is one of the typed errors these faults
//! can cause; token requests per lifetime bounded; no growth of memory or tasks after
//! the first fifth (the medians of the last two fifths within 10% or 2 MiB, and within
//! 16 tasks). Draws memory and tasks over time to `target/soak.svg`.
//!
//! `cargo bench -p auth-bench --bench soak -- [--minutes M]` (default 10; `--quick`:
//! 1 minute, what CI runs).

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use auth_bench::quick;
use auth_core::testkit::{Fault, Reply, Route, TestProvider};
use auth_core::{CacheConfig, ClientConfig, Error, PasswordGrant, Scoped, TokenCache, api, scopes};
use tokio::time::Instant;

scopes! {
    /// Scopes.
    pub mod merchant { can_read_order }
}

#[api(scopes = merchant)]
trait Orders {
    #[get("/orders/{id}")]
    #[authenticated(scope = "can_read_order")]
    async fn get_order(&self, id: u64) -> Result<serde_json::Value, Error>;
}

const CALLERS: usize = 24;
const LIFETIMES: [Duration; 3] = [
    Duration::from_secs(2),
    Duration::from_secs(60),
    Duration::from_secs(3600),
];

/// What the faults here can cause; anything else is a failure of the harness's assert.
const EXPECTED: [&str; 5] = [
    "api",
    "transport",
    "rate_limited",
    "token_endpoint",
    "unauthorized",
];

/// A provider's counters over the whole run.
#[derive(Clone, Copy, Default)]
struct Totals {
    api_requests: u64,
    token_requests: u64,
    faults: u64,
}

fn rss_mib() -> f64 {
    let statm = std::fs::read_to_string("/proc/self/statm").unwrap_or_default();
    let pages: f64 = statm
        .split_whitespace()
        .nth(1)
        .and_then(|p| p.parse().ok())
        .unwrap_or(0.0);
    pages * 4096.0 / (1024.0 * 1024.0)
}

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[xs.len() / 2]
}

/// A line chart of memory (MiB) and alive tasks against seconds.
fn svg(samples: &[(f64, f64, f64)]) -> String {
    let (w, h, pad) = (720.0, 320.0, 40.0);
    let t_max = samples.last().map_or(1.0, |s| s.0).max(1.0);
    let m_max = samples.iter().map(|s| s.1).fold(1.0, f64::max) * 1.2;
    let k_max = samples.iter().map(|s| s.2).fold(1.0, f64::max) * 1.2;
    let line = |pick: &dyn Fn(&(f64, f64, f64)) -> f64, max: f64| -> String {
        samples
            .iter()
            .map(|s| {
                let x = pad + s.0 / t_max * (w - 2.0 * pad);
                let y = h - pad - pick(s) / max * (h - 2.0 * pad);
                format!("{x:.1},{y:.1}")
            })
            .collect::<Vec<_>>()
            .join(" ")
    };
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" font-family=\"sans-serif\" font-size=\"12\">\
         <rect width=\"100%\" height=\"100%\" fill=\"white\"/>\
         <line x1=\"{pad}\" y1=\"{y0}\" x2=\"{x1}\" y2=\"{y0}\" stroke=\"black\"/>\
         <line x1=\"{pad}\" y1=\"{pad}\" x2=\"{pad}\" y2=\"{y0}\" stroke=\"black\"/>\
         <text x=\"{pad}\" y=\"20\">soak: resident memory (blue, MiB, top {m_max:.0}) and alive tasks (orange, top {k_max:.0}) over {t_max:.0} s</text>\
         <polyline fill=\"none\" stroke=\"#1f77b4\" stroke-width=\"1.5\" points=\"{m}\"/>\
         <polyline fill=\"none\" stroke=\"#ff7f0e\" stroke-width=\"1.5\" points=\"{k}\"/>\
         <text x=\"{x1}\" y=\"{yl}\" text-anchor=\"end\">{t_max:.0} s</text></svg>\n",
        y0 = h - pad,
        x1 = w - pad,
        yl = h - pad + 16.0,
        m = line(&|s| s.1, m_max),
        k = line(&|s| s.2, k_max),
    )
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let minutes: f64 = args
        .iter()
        .position(|a| a == "--minutes")
        .and_then(|i| args.get(i + 1))
        .and_then(|m| m.parse().ok())
        .unwrap_or(if quick() { 1.0 } else { 10.0 });
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(soak(Duration::from_secs_f64(minutes * 60.0)));
}

async fn soak(length: Duration) {
    let mut providers = Vec::new();
    let mut clients = Vec::new();
    for lifetime in LIFETIMES {
        let provider = TestProvider::builder()
            .token_lifetime(lifetime)
            .rotate_refresh_tokens(true)
            .scopes(["can_read_order"])
            .route(
                Route::get("/orders/{id}")
                    .scope("can_read_order")
                    .respond(|_| {
                        Reply::json(200, serde_json::json!({ "id": 1, "status": "open" }))
                    }),
            )
            .start()
            .await;
        let (user, password) = provider.user();
        let source = PasswordGrant::new(
            &provider.token_url(),
            provider.client_id(),
            provider.client_secret(),
        )
        .unwrap()
        .login(user, password.to_owned());
        // A 2 s token is refreshed at about 1 s, as such a provider needs (by default the
        // cache requests at most one token per 5 s, stretching a 2 s token past its life).
        let config = CacheConfig::default().min_refresh_interval(Duration::from_millis(500));
        let cache = TokenCache::with_config(source, config);
        let client = OrdersClient::with_base_url(
            Scoped::<merchant::All>::assume_granted(cache.clone()),
            &provider.base_url(),
        )
        .unwrap()
        .with_config(
            ClientConfig::default()
                .attempt_timeout(Duration::from_millis(500))
                .deadline(Duration::from_secs(10)),
        );
        providers.push((provider, cache));
        clients.push(client);
    }
    let providers = Arc::new(providers);
    let start = Instant::now();
    let end = start + length;
    let outcomes: Arc<Mutex<BTreeMap<&'static str, u64>>> = Arc::default();

    let mut callers = Vec::new();
    for i in 0..CALLERS {
        let client = clients[i % clients.len()].clone();
        let outcomes = outcomes.clone();
        callers.push(tokio::spawn(async move {
            let mut next = Instant::now();
            let mut id = 0u64;
            while Instant::now() < end {
                id += 1;
                let outcome = match client.get_order(id).await {
                    Ok(_) => "ok",
                    Err(e) => e.kind_name(),
                };
                *outcomes.lock().unwrap().entry(outcome).or_default() += 1;
                next += Duration::from_millis(50);
                tokio::time::sleep_until(next.max(Instant::now())).await;
            }
        }));
    }

    // Faults, a few at a time, in proportion to the calls made since the last look. The
    // provider's counters are taken and reset at every look, and kept here: the test
    // provider records every request it serves, and this process's memory is to be the
    // client's, not the test server's log.
    let totals: Arc<Mutex<Vec<Totals>>> =
        Arc::new(Mutex::new(vec![Totals::default(); providers.len()]));
    let injector = {
        let (providers, totals) = (providers.clone(), totals.clone());
        tokio::spawn(async move {
            let mut tick = 0u64;
            while Instant::now() < end {
                tokio::time::sleep(Duration::from_millis(100)).await;
                tick += 1;
                for (i, (provider, cache)) in providers.iter().enumerate() {
                    let stats = provider.stats();
                    provider.reset_stats();
                    let calls: u64 = stats.api_requests.values().sum();
                    let tokens = stats.token_requests;
                    {
                        let mut totals = totals.lock().unwrap();
                        totals[i].api_requests += calls;
                        totals[i].token_requests += tokens;
                        totals[i].faults += stats.faults;
                    }
                    for _ in 0..calls {
                        let roll = fastrand::f64();
                        let fault = if roll < 0.05 {
                            Some(Fault::status(500))
                        } else if roll < 0.07 {
                            Some(Fault::CloseMidBody)
                        } else if roll < 0.08 {
                            Some(Fault::Delay(Duration::from_millis(700)))
                        } else {
                            None
                        };
                        if let Some(fault) = fault {
                            provider.inject("/orders/", fault, 1);
                        }
                    }
                    for _ in 0..tokens {
                        if fastrand::f64() < 0.05 {
                            provider.inject("/oauth/token", Fault::status(500), 1);
                        }
                    }
                    if tick.is_multiple_of(100) {
                        provider.inject("/orders/", Fault::retry_after(429, "1"), 20);
                    }
                    if tick % 150 == 75
                        && let Some(token) = cache.peek()
                    {
                        use auth_core::secrecy::ExposeSecret;
                        provider.revoke(token.secret().expose_secret());
                    }
                }
            }
        })
    };

    // Memory and tasks, every second.
    let mut samples = Vec::new();
    let metrics = tokio::runtime::Handle::current().metrics();
    while Instant::now() < end {
        samples.push((
            start.elapsed().as_secs_f64(),
            rss_mib(),
            metrics.num_alive_tasks() as f64,
        ));
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
    for caller in callers {
        caller.await.expect("no caller panicked");
    }
    injector.await.expect("the injector did not panic");

    let outcomes = outcomes.lock().unwrap().clone();
    let calls: u64 = outcomes.values().sum();
    let seconds = length.as_secs_f64();
    println!(
        "soak: {CALLERS} callers for {:.0} s, {calls} calls ({:.0}/s)\n",
        seconds,
        calls as f64 / seconds
    );
    let totals: Vec<Totals> = providers
        .iter()
        .zip(totals.lock().unwrap().iter())
        .map(|((provider, _), total)| {
            // What came in after the injector's last look.
            let stats = provider.stats();
            Totals {
                api_requests: total.api_requests + stats.api_requests.values().sum::<u64>(),
                token_requests: total.token_requests + stats.token_requests,
                faults: total.faults + stats.faults,
            }
        })
        .collect();
    let requests: u64 = totals.iter().map(|t| t.api_requests).sum();
    let faults: u64 = totals.iter().map(|t| t.faults).sum();
    println!(
        "the API answered {requests} requests (401s and 429s included) and the providers served \
         {faults} injected faults, for {calls} calls: retries and replays are the difference\n"
    );
    println!("| outcome | calls | share |\n|---|---|---|");
    for (outcome, n) in &outcomes {
        println!(
            "| {outcome} | {n} | {:.3}% |",
            *n as f64 * 100.0 / calls as f64
        );
    }
    println!(
        "\n| token lifetime | token requests | lifetimes elapsed | requests per lifetime | faults served (API and token) |\n|---|---|---|---|---|"
    );
    for (stats, lifetime) in totals.iter().zip(LIFETIMES) {
        let lifetimes = (seconds / lifetime.as_secs_f64()).max(1.0);
        println!(
            "| {:?} | {} | {:.1} | {:.2} | {} |",
            lifetime,
            stats.token_requests,
            seconds / lifetime.as_secs_f64(),
            stats.token_requests as f64 / lifetimes,
            stats.faults
        );
        // A refresh at half life, and one more for each revocation (every 15 s) and for
        // each token endpoint failure: anything more is a storm.
        let revocations = (seconds / 15.0).ceil();
        let bound = 2.5 * lifetimes + 2.0 * revocations + 0.1 * stats.token_requests as f64 + 3.0;
        assert!(
            (stats.token_requests as f64) <= bound,
            "{lifetime:?} tokens: {} requests, bound {bound:.0}",
            stats.token_requests
        );
    }
    for outcome in outcomes.keys() {
        assert!(
            *outcome == "ok" || EXPECTED.contains(outcome),
            "an unexpected kind of failure: {outcome}"
        );
    }
    assert!(
        outcomes.get("ok").copied().unwrap_or(0) as f64 > calls as f64 * 0.9,
        "most calls succeed through the faults: {outcomes:?}"
    );

    // Growth after warm-up: the last two fifths against each other.
    let n = samples.len();
    let (a, b) = (&samples[n * 3 / 5..n * 4 / 5], &samples[n * 4 / 5..]);
    let (mem_a, mem_b) = (
        median(a.iter().map(|s| s.1).collect()),
        median(b.iter().map(|s| s.1).collect()),
    );
    let (tasks_a, tasks_b) = (
        median(a.iter().map(|s| s.2).collect()),
        median(b.iter().map(|s| s.2).collect()),
    );
    println!(
        "\nmemory: {:.1} MiB after warm-up, {mem_a:.1} then {mem_b:.1} MiB (medians of the 4th and 5th fifths); tasks: {tasks_a:.0} then {tasks_b:.0}",
        samples[n / 5].1
    );
    assert!(
        mem_b - mem_a <= (mem_a * 0.10).max(2.0),
        "memory grows: {mem_a:.1} -> {mem_b:.1} MiB"
    );
    assert!(
        tasks_b - tasks_a <= 16.0,
        "tasks grow: {tasks_a} -> {tasks_b}"
    );
    let chart = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/soak.svg");
    if std::fs::write(&chart, svg(&samples)).is_ok() {
        println!("chart: {}", chart.display());
    }
}
