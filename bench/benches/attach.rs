//! Token attach on the hot path: ns to get the current token of a warm cache and produce
//! its `Authorization` header value, on 1 thread and on 2 threads at once, against the
//! ways one could hold a shared header value by hand.
//!
//! `cargo bench -p auth-bench --bench attach [-- --quick]`

use std::hint::black_box;
use std::sync::{Barrier, RwLock};
use std::time::Duration;

use arc_swap::ArcSwap;
use auth_bench::{Rounds, ns_per_iter, poll_ready, quick};
use auth_core::reqwest::header::HeaderValue;
use auth_core::{Token, TokenCache, TokenSource, async_trait};

/// A source answering at once with a day-long token: the cache stays warm.
struct Instant;

#[async_trait]
impl TokenSource for Instant {
    async fn fetch(&self) -> Result<Token, auth_core::Error> {
        Ok(Token::bearer(
            "eyJhbGciOiJSUzI1NiJ9.benchmark-token-of-a-realistic-length-0123456789abcdef",
        )
        .with_expires_in(Duration::from_secs(86_400)))
    }
}

/// One way of producing the header value.
type Contender<'a> = Box<dyn Fn() + Sync + 'a>;

/// Runs `f` on `threads` threads at once; ns per call per thread (the mean of threads).
fn per_thread_ns(threads: usize, iters: u64, f: &(dyn Fn() + Sync)) -> f64 {
    let barrier = Barrier::new(threads);
    let total: f64 = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    barrier.wait();
                    ns_per_iter(iters, f)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).sum()
    });
    total / threads as f64
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let _guard = runtime.enter();
    let cache = TokenCache::new(Instant);
    runtime.block_on(cache.token()).unwrap();

    let header = {
        let mut h = HeaderValue::from_static(
            "Bearer eyJhbGciOiJSUzI1NiJ9.benchmark-token-of-a-realistic-length-0123456789abcdef",
        );
        h.set_sensitive(true);
        // Like a token that arrived at run time: backed by a shared allocation.
        let mut v = HeaderValue::from_bytes(h.as_bytes()).unwrap();
        v.set_sensitive(true);
        v
    };
    let swap = ArcSwap::from_pointee(header.clone());
    let swap_copy = ArcSwap::from_pointee(header.clone());
    let std_lock = RwLock::new(header.clone());
    let tokio_lock = tokio::sync::RwLock::new(header.clone());

    let contenders: Vec<(&str, Contender)> = vec![
        (
            "ArcSwap load + clone (baseline)",
            Box::new(|| {
                black_box(swap.load().as_ref().clone());
            }),
        ),
        (
            "ArcSwap load + clone (A/A copy)",
            Box::new(|| {
                black_box(swap_copy.load().as_ref().clone());
            }),
        ),
        (
            "ArcSwap load alone (floor)",
            Box::new(|| {
                black_box(&*swap.load());
            }),
        ),
        (
            "std RwLock read + clone",
            Box::new(|| {
                black_box(std_lock.read().unwrap().clone());
            }),
        ),
        (
            "tokio RwLock read + clone",
            Box::new(|| {
                black_box(poll_ready(tokio_lock.read()).unwrap().clone());
            }),
        ),
        (
            "TokenCache::authorization",
            Box::new(|| {
                black_box(cache.authorization().unwrap());
            }),
        ),
        (
            "TokenCache::token + header_value().clone()",
            Box::new(|| {
                black_box(
                    poll_ready(cache.token())
                        .unwrap()
                        .unwrap()
                        .header_value()
                        .clone(),
                );
            }),
        ),
    ];

    // `--only <name>`: run one contender for a while, for a profiler.
    let args: Vec<String> = std::env::args().collect();
    if let Some(pos) = args.iter().position(|a| a == "--only") {
        let wanted = &args[pos + 1];
        let (_, f) = contenders
            .iter()
            .find(|(n, _)| n.contains(wanted.as_str()))
            .expect("a contender");
        println!("{:.2} ns", ns_per_iter(50_000_000, f.as_ref()));
        return;
    }

    let (rounds, iters) = if quick() {
        (3, 200_000)
    } else {
        (7, 2_000_000)
    };
    for threads in [1, 2] {
        let mut table = Rounds::new(
            &format!("Token attach, {threads} thread(s), ns per call per thread"),
            rounds,
        );
        for _ in 0..rounds {
            for (name, f) in &contenders {
                table.measure(name, || per_thread_ns(threads, iters, f.as_ref()));
            }
        }
        println!("{}", table.report("ArcSwap load + clone (baseline)"));
    }
}
