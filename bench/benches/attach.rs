//! Token attach on the hot path: ns to get the current token of a warm cache and produce
//! its `Authorization` header value, on 1 thread and on 2 threads at once, against the
//! ways one could hold a shared header value by hand.
//!
//! Each contender is its own monomorphized loop (no call through a pointer per
//! iteration), each measuring thread is pinned to its own CPU, and the contenders take
//! turns in many short rounds, in reverse order every other round, so that drift hits all
//! alike; the report gives each ratio's median over rounds with its 95% interval.
//!
//! `cargo bench -p auth-bench --bench attach [-- --quick]`

use std::hint::black_box;
use std::sync::{Barrier, RwLock};
use std::time::Duration;

use arc_swap::ArcSwap;
use auth_bench::{Rounds, ns_per_iter, pin_to_cpu, poll_ready, quick};
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

/// One way of producing the header value: given a number of iterations, ns per call.
type Contender<'a> = Box<dyn Fn(u64) -> f64 + Sync + 'a>;

/// The timed loop around `f`, compiled for `f` itself.
fn contender<'a>(f: impl Fn() + Sync + 'a) -> Contender<'a> {
    Box::new(move |iters| ns_per_iter(iters, &f))
}

/// Runs `f` on `threads` threads at once, thread `i` pinned to CPU `i`; ns per call per
/// thread (the mean of threads).
fn per_thread_ns(threads: usize, iters: u64, f: &(dyn Fn(u64) -> f64 + Sync)) -> f64 {
    let barrier = Barrier::new(threads);
    let total: f64 = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|cpu| {
                let barrier = &barrier;
                scope.spawn(move || {
                    pin_to_cpu(cpu);
                    barrier.wait();
                    f(iters)
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
            contender(|| {
                black_box(swap.load().as_ref().clone());
            }),
        ),
        (
            "ArcSwap load + clone (A/A copy)",
            contender(|| {
                black_box(swap_copy.load().as_ref().clone());
            }),
        ),
        (
            "ArcSwap load alone (floor)",
            contender(|| {
                black_box(&*swap.load());
            }),
        ),
        (
            "std RwLock read + clone",
            contender(|| {
                black_box(std_lock.read().unwrap().clone());
            }),
        ),
        (
            "tokio RwLock read + clone",
            contender(|| {
                black_box(poll_ready(tokio_lock.read()).unwrap().clone());
            }),
        ),
        (
            "TokenCache::authorization",
            contender(|| {
                black_box(cache.authorization().unwrap());
            }),
        ),
        (
            "TokenCache::token + header_value().clone()",
            contender(|| {
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
        println!("{:.2} ns", f(50_000_000));
        return;
    }

    let (rounds, iters) = if quick() { (3, 200_000) } else { (41, 500_000) };
    for threads in [1, 2] {
        let mut table = Rounds::new(
            &format!("Token attach, {threads} thread(s), ns per call per thread"),
            rounds,
        );
        for round in 0..rounds {
            let mut order: Vec<_> = contenders.iter().collect();
            if round % 2 == 1 {
                order.reverse();
            }
            for (name, f) in order {
                table.measure(name, || per_thread_ns(threads, iters, f.as_ref()));
            }
        }
        println!("{}", table.report("ArcSwap load + clone (baseline)"));
    }
}
