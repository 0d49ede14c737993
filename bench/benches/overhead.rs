//! Per-call overhead: a generated client's `GET /orders/{id}` (about 1 KiB of JSON) from a
//! loopback server, against the same call written by hand on the same `reqwest::Client`
//! with a static header, decoded into the same struct.
//!
//! Client and server each run a single-threaded runtime on their own thread, both pinned
//! to CPU 0, so that cross-CPU wake-ups do not blur the ratios. Contenders take turns in
//! short blocks (40 calls one by one, then 128 calls 64 at a time), many blocks per
//! round. The baseline is the hand-written call bounded as the generated client bounds
//! every attempt (reqwest's per-request timeout, 30 s, the default attempt timeout); an
//! A/A control runs it against a copy of itself; the unbounded hand-written call is
//! there for information. The report gives each ratio's median over rounds with its 95%
//! interval.
//!
//! `cargo bench -p auth-bench --bench overhead [-- --quick]`

use std::sync::Arc;
use std::time::{Duration, Instant};

use auth_bench::{Rounds, median, median_interval, pin_to_cpu, quick};
use auth_core::reqwest::header::{AUTHORIZATION, HeaderValue};
use auth_core::{Error, Scoped, Token, TokenCache, TokenSource, api, async_trait, scopes};
use bytes::Bytes;
use serde::{Deserialize, Serialize};

scopes! {
    /// Scopes.
    pub mod merchant { can_read_order }
}

#[derive(Debug, Serialize, Deserialize)]
pub struct Item {
    sku: String,
    name: String,
    quantity: u32,
    unit_price: u64,
}

/// An order of about 1 KiB as JSON.
#[derive(Debug, Serialize, Deserialize)]
pub struct Order {
    id: String,
    status: String,
    customer: String,
    email: String,
    currency: String,
    total: u64,
    created_at: String,
    updated_at: String,
    channel: String,
    items: Vec<Item>,
}

#[api(scopes = merchant)]
trait Orders {
    #[get("/orders/{id}")]
    #[authenticated(scope = "can_read_order")]
    async fn get_order(&self, id: u64) -> Result<Order, Error>;

    /// The same call with an optional argument given in order (`Option<&str>` borrows,
    /// so it stays positional).
    #[get("/orders/{id}")]
    #[authenticated(scope = "can_read_order")]
    async fn get_order_in(&self, id: u64, #[query] currency: Option<&str>) -> Result<Order, Error>;

    /// The same call with the optional argument set on the call (a builder).
    #[get("/orders/{id}")]
    #[authenticated(scope = "can_read_order")]
    async fn get_order_with(
        &self,
        id: u64,
        #[query] currency: Option<String>,
    ) -> Result<Order, Error>;
}

const TOKEN: &str = "eyJhbGciOiJSUzI1NiJ9.benchmark-token-of-a-realistic-length-0123456789abcdef";

struct DayLong;

#[async_trait]
impl TokenSource for DayLong {
    async fn fetch(&self) -> Result<Token, Error> {
        Ok(Token::bearer(TOKEN).with_expires_in(Duration::from_secs(86_400)))
    }
}

fn order_json() -> Bytes {
    let order = Order {
        id: "1001".into(),
        status: "paid".into(),
        customer: "Ann Example".into(),
        email: "ann@example.com".into(),
        currency: "EUR".into(),
        total: 12_990,
        created_at: "2026-11-22T10:00:00Z".into(),
        updated_at: "2026-11-22T10:05:00Z".into(),
        channel: "web".into(),
        items: (0..7)
            .map(|i| Item {
                sku: format!("SKU-{i:04}-ABCDEFGH"),
                name: format!("A product with a descriptive name, number {i}"),
                quantity: i + 1,
                unit_price: 1_990 + u64::from(i),
            })
            .collect(),
    };
    Bytes::from(serde_json::to_vec(&order).unwrap())
}

/// A minimal HTTP/1.1 server answering every request with the order (401 without a
/// bearer token). It runs on its own thread, pinned to CPU 0.
fn start_server() -> String {
    let body = order_json();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        pin_to_cpu(0);
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async move {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            tx.send(listener.local_addr().unwrap()).unwrap();
            auth_bench::serve_json(listener, body).await;
        });
    });
    format!("http://{}", rx.recv().unwrap())
}

/// The same call as the generated `get_order`, written by hand.
async fn by_hand(
    http: &auth_core::reqwest::Client,
    base: &str,
    header: &HeaderValue,
    id: u64,
    timeout: Option<Duration>,
) -> Order {
    let mut request = http
        .get(format!("{base}/orders/{id}"))
        .header(AUTHORIZATION, header.clone());
    // Bounded in time, as the generated client always is.
    if let Some(timeout) = timeout {
        request = request.timeout(timeout);
    }
    let response = request.send().await.unwrap();
    assert!(response.status().is_success());
    response.json().await.unwrap()
}

fn thread_cpu() -> Duration {
    // SAFETY: clock_gettime writes into the timespec it is given.
    let mut ts = unsafe { std::mem::zeroed::<libc::timespec>() };
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

/// Everything both contenders share.
struct Ctx {
    http: auth_core::reqwest::Client,
    base: String,
    header: HeaderValue,
    client: OrdersClient<merchant::All>,
}

async fn one(ctx: &Ctx, who: Who, id: u64) -> Order {
    match who {
        Who::Unbounded => by_hand(&ctx.http, &ctx.base, &ctx.header, id, None).await,
        Who::HandTimeoutAt => {
            let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
            let call = by_hand(&ctx.http, &ctx.base, &ctx.header, id, None);
            tokio::time::timeout_at(deadline, call).await.unwrap()
        }
        Who::Hand | Who::HandCopy => {
            by_hand(
                &ctx.http,
                &ctx.base,
                &ctx.header,
                id,
                Some(Duration::from_secs(30)),
            )
            .await
        }
        Who::Generated => ctx.client.get_order(id).await.unwrap(),
        Who::Positional => ctx.client.get_order_in(id, Some("EUR")).await.unwrap(),
        Who::Builder => ctx.client.get_order_with(id).currency("EUR").await.unwrap(),
    }
}

#[derive(Clone, Copy)]
enum Who {
    /// Hand-written, bounded by reqwest's per-request timeout, as production code is.
    Hand,
    HandCopy,
    /// Hand-written with no bound at all: for information only.
    Unbounded,
    /// Hand-written, bounded by `tokio::time::timeout_at` around the call instead of
    /// reqwest's timeout (as the generated client bounds its attempts): for information.
    HandTimeoutAt,
    Generated,
    /// `?currency=EUR`, the optional argument given in order.
    Positional,
    /// `?currency=EUR`, the optional argument set on the call.
    Builder,
}

/// The baseline is the hand-written call bounded the same way as every attempt of the
/// generated client (30 s, the default attempt timeout).
const BASELINE: &str = "hand-written reqwest, 30 s timeout (baseline)";
const NAMES: [(&str, Who); 7] = [
    (BASELINE, Who::Hand),
    (
        "hand-written reqwest, 30 s timeout (A/A copy)",
        Who::HandCopy,
    ),
    (
        "hand-written reqwest, unbounded (information)",
        Who::Unbounded,
    ),
    (
        "hand-written reqwest, 30 s `timeout_at` (information)",
        Who::HandTimeoutAt,
    ),
    ("generated client", Who::Generated),
    ("generated, optional argument in order", Who::Positional),
    ("generated, optional argument set on the call", Who::Builder),
];

fn main() {
    let base = start_server();
    pin_to_cpu(0);
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let http = auth_core::api_http_client();
    let mut header = HeaderValue::from_str(&format!("Bearer {TOKEN}")).unwrap();
    header.set_sensitive(true);
    let cache = TokenCache::new(DayLong);
    let client = OrdersClient::with_base_url(Scoped::<merchant::All>::assume_granted(cache), &base)
        .unwrap()
        .with_http_client(http.clone());
    let ctx = Arc::new(Ctx {
        http,
        base,
        header,
        client,
    });

    // `--only <hand|unbounded|timeout-at|generated|positional|builder> <calls>`: run one contender, for a profiler
    // (e.g. instruction counts under `valgrind --tool=callgrind`).
    let args: Vec<String> = std::env::args().collect();
    if let Some(pos) = args.iter().position(|a| a == "--only") {
        let who = match args[pos + 1].as_str() {
            "generated" => Who::Generated,
            "unbounded" => Who::Unbounded,
            "timeout-at" => Who::HandTimeoutAt,
            "positional" => Who::Positional,
            "builder" => Who::Builder,
            _ => Who::Hand,
        };
        let calls: u64 = args[pos + 2].parse().unwrap();
        rt.block_on(async {
            for id in 0..calls {
                std::hint::black_box(one(&ctx, who, id).await);
            }
        });
        return;
    }

    // Each round is many short blocks; within a block every contender runs in turn, in
    // an order that rotates block by block and reverses every other round, so that drift
    // over the round hits all contenders alike.
    let (rounds, blocks, block_calls, per_task) = if quick() {
        (3, 5, 20, 2)
    } else {
        (21, 50, 40, 2)
    };
    // Warm up connections, the token and the allocator.
    rt.block_on(async {
        for (_, who) in NAMES {
            for id in 0..200 {
                std::hint::black_box(one(&ctx, who, id).await);
            }
        }
    });

    let mut latency_median = Rounds::new("Concurrency 1: median latency per call, µs", rounds);
    let mut latency_p99 = Rounds::new("Concurrency 1: p99 latency per call, µs", rounds);
    let mut cpu = Rounds::new("Concurrency 1: client CPU per call, µs", rounds);
    let mut throughput = Rounds::new(
        "Concurrency 64: wall time per call (1 / throughput), µs",
        rounds,
    );
    for round in 0..rounds {
        let mut samples: Vec<Vec<f64>> = vec![Vec::new(); NAMES.len()];
        let mut cpu_used = vec![Duration::ZERO; NAMES.len()];
        let mut wall_64 = vec![Duration::ZERO; NAMES.len()];
        for block in 0..blocks {
            let mut order: Vec<usize> = (0..NAMES.len()).collect();
            order.rotate_left(block % NAMES.len());
            if round % 2 == 1 {
                order.reverse();
            }
            for &c in &order {
                let who = NAMES[c].1;
                let cpu_start = thread_cpu();
                rt.block_on(async {
                    for id in 0..block_calls {
                        let start = Instant::now();
                        std::hint::black_box(one(&ctx, who, id).await);
                        samples[c].push(start.elapsed().as_secs_f64() * 1e6);
                    }
                });
                cpu_used[c] += thread_cpu() - cpu_start;
            }
            for &c in &order {
                let who = NAMES[c].1;
                let start = Instant::now();
                rt.block_on(async {
                    let tasks: Vec<_> = (0..64)
                        .map(|t| {
                            let ctx = ctx.clone();
                            tokio::spawn(async move {
                                for i in 0..per_task {
                                    std::hint::black_box(one(&ctx, who, t * 1000 + i).await);
                                }
                            })
                        })
                        .collect();
                    for task in tasks {
                        task.await.unwrap();
                    }
                });
                wall_64[c] += start.elapsed();
            }
        }
        for (c, (name, _)) in NAMES.iter().enumerate() {
            let calls = (blocks as u64 * block_calls) as f64;
            let samples = &mut samples[c];
            samples.sort_by(f64::total_cmp);
            latency_median.measure(name, || median(samples));
            latency_p99.measure(name, || samples[samples.len() * 99 / 100]);
            cpu.measure(name, || cpu_used[c].as_secs_f64() * 1e6 / calls);
            throughput.measure(name, || {
                wall_64[c].as_secs_f64() * 1e6 / (blocks as u64 * 64 * per_task) as f64
            });
        }
    }
    for table in [&latency_median, &latency_p99, &cpu, &throughput] {
        println!("{}", table.report(BASELINE));
    }
    // What setting an optional argument on the call costs against giving it in order.
    let (builder, positional) = (NAMES[6].0, NAMES[5].0);
    println!("\n`{builder}` / `{positional}`, same round:\n");
    println!("| measure | ratio | 95% CI |\n|---|---|---|");
    for table in [&latency_median, &latency_p99, &cpu, &throughput] {
        let mut ratios = table.ratios(builder, positional);
        ratios.sort_by(f64::total_cmp);
        let (lo, hi) = median_interval(&ratios);
        println!(
            "| {} | {:.3} | {lo:.3}–{hi:.3} |",
            table.title(),
            median(&ratios)
        );
    }
}
