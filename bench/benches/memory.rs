//! Memory: heap bytes per token cache and per generated client, and heap growth over a
//! million calls (target: none after the first thousand).
//!
//! A counting global allocator tracks live heap bytes.
//!
//! `cargo bench -p auth-bench --bench memory [-- --quick]`

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicIsize, Ordering};
use std::time::Duration;

use auth_bench::quick;
use auth_core::{
    CustomerLogin, Error, Scoped, StaticToken, Token, TokenCache, TokenSource, api, async_trait,
    scopes,
};

struct Counting;

static LIVE: AtomicIsize = AtomicIsize::new(0);

// SAFETY: forwards to the system allocator; only counts.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size() as isize, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size() as isize, Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        LIVE.fetch_add(
            new_size as isize - layout.size() as isize,
            Ordering::Relaxed,
        );
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

fn live() -> isize {
    LIVE.load(Ordering::Relaxed)
}

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

struct DayLong;

#[async_trait]
impl TokenSource for DayLong {
    async fn fetch(&self) -> Result<Token, Error> {
        Ok(
            Token::bearer("eyJhbGciOiJSUzI1NiJ9.benchmark-token-of-a-realistic-length")
                .with_expires_in(Duration::from_secs(86_400)),
        )
    }
}

fn start_server(rt: &tokio::runtime::Runtime) -> String {
    rt.block_on(async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(auth_bench::serve_json(
            listener,
            bytes::Bytes::from_static(br#"{"id":1,"status":"paid"}"#),
        ));
        format!("http://{addr}")
    })
}

fn main() {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let _guard = rt.enter();
    let n = 10_000;

    // Token caches: renewing (one per customer) and static, before any token is fetched.
    let logins =
        CustomerLogin::new("http://127.0.0.1:9/login", "http://127.0.0.1:9/refresh").unwrap();
    let before = live();
    let customers: Vec<TokenCache> = (0..n)
        .map(|i| logins.customer(format!("c{i}@example.com"), "pw"))
        .collect();
    let per_customer = (live() - before) as f64 / n as f64;
    let before = live();
    let caches: Vec<TokenCache> = (0..n).map(|_| TokenCache::new(DayLong)).collect();
    let per_cache = (live() - before) as f64 / n as f64;
    // A warm cache: the token and its timer.
    let before = live();
    for cache in &caches[..1000] {
        rt.block_on(cache.token()).unwrap();
    }
    let per_warm = (live() - before) as f64 / 1000.0;
    // A thread's own copy of a cache's header, made at the thread's first attach (a
    // thread keeps copies for up to eight caches).
    let before = live();
    for cache in &caches[..8] {
        std::hint::black_box(cache.authorization().unwrap());
    }
    let per_thread_copy = (live() - before) as f64 / 8.0;
    let before = live();
    let statics: Vec<TokenCache> = (0..n)
        .map(|i| TokenCache::from(StaticToken::new(format!("static-token-{i:08}")).unwrap()))
        .collect();
    let per_static = (live() - before) as f64 / n as f64;

    // Clients: the connection pool all clients share, one client, then per-customer
    // clients sharing the first one's settings.
    let base = start_server(&rt);
    let before = live();
    let pool = auth_core::api_http_client();
    let shared_pool = live() - before;
    let cache = TokenCache::new(DayLong);
    let before = live();
    let client =
        OrdersClient::with_base_url(Scoped::<merchant::All>::assume_granted(cache), &base).unwrap();
    let first_client = live() - before;
    let mut clients = Vec::with_capacity(n);
    let before = live();
    clients.extend(
        customers
            .iter()
            .map(|c| client.with_token(Scoped::<merchant::All>::assume_granted(c.clone()))),
    );
    let per_client = (live() - before) as f64 / n as f64;
    drop(pool);

    println!("\nMemory, heap bytes (counting allocator)\n");
    println!("| what | bytes |\n|---|---|");
    println!("| token cache, renewing, before its first token | {per_cache:.0} |");
    println!(
        "| token cache, renewing, warm (token, timer) | {:.0} |",
        per_cache + per_warm
    );
    println!(
        "| a thread's copy of a cache's header, made at its first attach (per thread and cache) | {per_thread_copy:.0} |"
    );
    println!("| token cache for one customer (`CustomerLogin::customer`) | {per_customer:.0} |");
    println!("| token cache, static token | {per_static:.0} |");
    println!(
        "| the shared connection pool (`reqwest::Client`, TLS roots), once per process | {shared_pool} |"
    );
    println!(
        "| a generated client (base URL, settings, retry budget; plus {} bytes inline) | {first_client} |",
        std::mem::size_of_val(&client)
    );
    println!(
        "| a generated client for another token (`with_token`), beyond its {} inline bytes | {per_client:.0} |",
        std::mem::size_of_val(&client)
    );
    drop((clients, statics, caches));

    // Heap over many calls: the same after the first thousand as after all of them.
    // The same loop written by hand on reqwest runs first, as the baseline: growth that
    // both show belongs to the HTTP stack, not to auth-core.
    let total: u64 = if quick() { 20_000 } else { 1_000_000 };
    let http = auth_core::api_http_client();
    let header = auth_core::reqwest::header::HeaderValue::from_static("Bearer static-token");
    let hand = rt.block_on(growth(total, |id| {
        let request = http
            .get(format!("{base}/orders/{id}"))
            .header("authorization", header.clone());
        async move {
            let response = request.send().await.unwrap();
            std::hint::black_box(response.json::<serde_json::Value>().await.unwrap());
        }
    }));
    let generated = rt.block_on(growth(total, |id| {
        let call = client.get_order(id);
        async move {
            std::hint::black_box(call.await.unwrap());
        }
    }));
    println!("\nHeap growth since the first 1,000 calls, bytes\n");
    println!("| calls | hand-written reqwest (baseline) | generated client |\n|---|---|---|");
    for ((calls, h), (_, g)) in hand.iter().zip(&generated) {
        println!("| {calls} | {h} | {g} |");
    }
}

/// Runs `total` calls; returns the live-heap growth since call 1,000 at ten points.
async fn growth<F, Fut>(total: u64, mut call: F) -> Vec<(u64, isize)>
where
    F: FnMut(u64) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let mut mark = 0;
    let mut rows = Vec::new();
    for i in 0..total {
        // Ids of one length: a longer URL would legitimately grow connection buffers.
        call(1000 + i % 9000).await;
        if i + 1 == 1000 {
            mark = live();
        }
        if (i + 1) % (total / 10) == 0 {
            rows.push((i + 1, live() - mark));
        }
    }
    rows
}
