//! The measuring harness shared by the benchmarks (see `BENCHMARKS.md`).
//!
//! Every figure is a ratio against a baseline measured in the same run, the contenders
//! alternating round by round, so that drift on a noisy machine hits both alike. Each
//! comparison includes an A/A control (the baseline against an identical copy of
//! itself), whose spread is the noise floor of the other ratios.
//!
//! ```
//! let mut rounds = auth_bench::Rounds::new("doc", 3);
//! rounds.measure("a", || 10.0);
//! rounds.measure("b", || 12.0);
//! let table = rounds.report("a");
//! assert!(table.contains("1.20"));
//! ```

use std::collections::BTreeMap;
use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};
use std::time::Instant;

/// A private `redis-server` on 127.0.0.1:`port` with nothing saved to disk, once it
/// accepts connections (the fleet benchmarks). Kill the child to stop it.
pub fn redis_server(port: u16) -> std::process::Child {
    let child = std::process::Command::new("redis-server")
        .args([
            "--bind",
            "127.0.0.1",
            "--port",
            &port.to_string(),
            "--save",
            "",
            "--appendonly",
            "no",
        ])
        .stdout(std::process::Stdio::null())
        .spawn()
        .expect("redis-server starts");
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child
}

/// Whether the quick mode was asked for (`--quick` or `BENCH_QUICK=1`).
pub fn quick() -> bool {
    std::env::args().any(|a| a == "--quick")
        || std::env::var_os("BENCH_QUICK").is_some_and(|v| v == "1")
}

/// Nanoseconds per call of `f`, over `iters` calls.
pub fn ns_per_iter(iters: u64, mut f: impl FnMut()) -> f64 {
    let start = Instant::now();
    for _ in 0..iters {
        f();
    }
    start.elapsed().as_nanos() as f64 / iters as f64
}

/// Polls a future that is expected to be ready at once (a cache hit); `None` if it is
/// not.
pub fn poll_ready<F: Future>(future: F) -> Option<F::Output> {
    let mut future = pin!(future);
    match future
        .as_mut()
        .poll(&mut Context::from_waker(Waker::noop()))
    {
        Poll::Ready(v) => Some(v),
        Poll::Pending => None,
    }
}

/// Pins the calling thread to one CPU (Linux), so that cross-CPU wake-ups do not add
/// noise to latency ratios.
pub fn pin_to_cpu(cpu: usize) {
    // SAFETY: a zeroed cpu_set_t is a valid empty set; the calls only read it.
    unsafe {
        let mut set: libc::cpu_set_t = std::mem::zeroed();
        libc::CPU_SET(cpu, &mut set);
        libc::sched_setaffinity(0, std::mem::size_of::<libc::cpu_set_t>(), &set);
    }
}

/// Median of a non-empty list.
pub fn median(values: &[f64]) -> f64 {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

/// Measurements of several contenders over several rounds.
pub struct Rounds {
    title: String,
    rounds: usize,
    values: BTreeMap<String, Vec<f64>>,
    order: Vec<String>,
}

impl Rounds {
    /// `rounds` rounds of measurements titled `title`.
    pub fn new(title: &str, rounds: usize) -> Self {
        Rounds {
            title: title.to_owned(),
            rounds,
            values: BTreeMap::new(),
            order: Vec::new(),
        }
    }

    /// The title.
    pub fn title(&self) -> &str {
        &self.title
    }

    /// How many rounds.
    pub fn rounds(&self) -> usize {
        self.rounds
    }

    /// Records one round's value of `name` (lower is better: ns, µs, ...).
    pub fn measure(&mut self, name: &str, f: impl FnOnce() -> f64) {
        let value = f();
        if !self.values.contains_key(name) {
            self.order.push(name.to_owned());
        }
        self.values.entry(name.to_owned()).or_default().push(value);
    }

    /// The median value of `name`.
    pub fn median(&self, name: &str) -> f64 {
        median(&self.values[name])
    }

    /// Ratios of `name` to `baseline`, round by round.
    pub fn ratios(&self, name: &str, baseline: &str) -> Vec<f64> {
        self.values[name]
            .iter()
            .zip(&self.values[baseline])
            .map(|(v, b)| v / b)
            .collect()
    }

    /// A Markdown table: each contender's median, and its ratio to `baseline`: the
    /// median of the round-by-round ratios, the 95% confidence interval of that median
    /// (order statistics, no assumption about the noise's distribution) and the min–max
    /// over rounds. The A/A row's interval is what the run can resolve.
    pub fn report(&self, baseline: &str) -> String {
        let mut out = format!(
            "\n{} ({} rounds; ratio = value / `{baseline}`, same round)\n\n| contender | median | ratio | 95% CI | min–max |\n|---|---|---|---|---|\n",
            self.title, self.rounds
        );
        for name in &self.order {
            let mut ratios = self.ratios(name, baseline);
            ratios.sort_by(f64::total_cmp);
            let (lo, hi) = median_interval(&ratios);
            out.push_str(&format!(
                "| {name} | {:.2} | {:.3} | {lo:.3}–{hi:.3} | {:.2}–{:.2} |\n",
                self.median(name),
                median(&ratios),
                ratios[0],
                ratios[ratios.len() - 1],
            ));
        }
        out
    }
}

/// The 95% confidence interval of the median of `sorted` (ascending): the order
/// statistics `x(j)` and `x(n+1-j)` with `j` the largest rank for which a binomial(n, ½)
/// variable falls below `j` with probability at most 2.5%. With 8 values or fewer the
/// interval is the whole range.
pub fn median_interval(sorted: &[f64]) -> (f64, f64) {
    let n = sorted.len();
    assert!(n > 0, "no values");
    // P(X <= i) for X ~ Binomial(n, 1/2), accumulated term by term.
    let mut term = 0.5f64.powi(n as i32); // P(X = 0)
    let mut below = 0.0; // P(X < j)
    let mut j = 0;
    while j < n / 2 && below + term <= 0.025 {
        below += term;
        term *= (n - j) as f64 / (j + 1) as f64;
        j += 1;
    }
    // The interval runs from rank j to rank n+1-j (1-based).
    let j = j.max(1);
    (sorted[j - 1], sorted[n - j])
}

/// Serves `body` as JSON to every request on `listener` (HTTP/1.1, one task per
/// connection), or 401 to a request without a bearer token: the API side of the
/// benchmarks, the same for every contender.
pub async fn serve_json(listener: tokio::net::TcpListener, body: bytes::Bytes) {
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            continue;
        };
        let _ = stream.set_nodelay(true);
        let body = body.clone();
        tokio::spawn(async move {
            let service =
                hyper::service::service_fn(move |req: hyper::Request<hyper::body::Incoming>| {
                    let authorized = req
                        .headers()
                        .get("authorization")
                        .is_some_and(|v| v.as_bytes().starts_with(b"Bearer "));
                    let mut response =
                        hyper::Response::new(http_body_util::Full::new(if authorized {
                            body.clone()
                        } else {
                            bytes::Bytes::new()
                        }));
                    if !authorized {
                        *response.status_mut() = hyper::StatusCode::UNAUTHORIZED;
                    }
                    response.headers_mut().insert(
                        hyper::header::CONTENT_TYPE,
                        hyper::header::HeaderValue::from_static("application/json"),
                    );
                    async move { Ok::<_, std::convert::Infallible>(response) }
                });
            let _ = hyper::server::conn::http1::Builder::new()
                .serve_connection(hyper_util::rt::TokioIo::new(stream), service)
                .await;
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_interval_uses_the_published_ranks() {
        // Tables of the distribution-free interval: n = 41 → ranks 14 and 28;
        // n = 21 → 6 and 16; n = 7 → 1 and 7.
        let values: Vec<f64> = (1..=41).map(f64::from).collect();
        assert_eq!(median_interval(&values), (14.0, 28.0));
        let values: Vec<f64> = (1..=21).map(f64::from).collect();
        assert_eq!(median_interval(&values), (6.0, 16.0));
        let values: Vec<f64> = (1..=7).map(f64::from).collect();
        assert_eq!(median_interval(&values), (1.0, 7.0));
        assert_eq!(median_interval(&[3.0]), (3.0, 3.0));
    }
}
