//! The token cache's timing, single flight and failure handling, driven by a scripted
//! token source under paused Tokio time.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use auth_core::reqwest::StatusCode;
use auth_core::secrecy::ExposeSecret;
use auth_core::{
    CacheConfig, Error, OAuthErrorCode, Token, TokenCache, TokenEndpointError, TokenSource,
    async_trait,
};
use tokio::sync::Semaphore;
use tokio::time::{Instant, advance, sleep};

/// One scripted answer of the fake token endpoint.
enum Step {
    Token(Duration),
    Fail(Error),
    Panic,
}

/// A token source whose answers, latency and progress the test controls.
#[derive(Clone)]
struct Scripted {
    calls: Arc<AtomicUsize>,
    script: Arc<Mutex<VecDeque<Step>>>,
    /// Answer when the script is empty.
    default_lifetime: Option<Duration>,
    latency: Duration,
    /// When set, each fetch waits for a permit.
    gate: Option<Arc<Semaphore>>,
}

impl Scripted {
    fn new(lifetime: Duration) -> Self {
        Scripted {
            calls: Arc::default(),
            script: Arc::default(),
            default_lifetime: Some(lifetime),
            latency: Duration::from_millis(50),
            gate: None,
        }
    }
    fn then(self, step: Step) -> Self {
        self.script.lock().unwrap().push_back(step);
        self
    }
    fn gated(mut self, gate: Arc<Semaphore>) -> Self {
        self.gate = Some(gate);
        self
    }
    fn calls(&self) -> usize {
        self.calls.load(Ordering::SeqCst)
    }
}

#[async_trait]
impl TokenSource for Scripted {
    async fn fetch(&self) -> Result<Token, Error> {
        let n = self.calls.fetch_add(1, Ordering::SeqCst) + 1;
        if let Some(gate) = &self.gate {
            gate.acquire().await.unwrap().forget();
        }
        sleep(self.latency).await;
        let step = self.script.lock().unwrap().pop_front();
        match step {
            Some(Step::Token(lifetime)) => {
                Ok(Token::bearer(format!("t{n}")).with_expires_in(lifetime))
            }
            Some(Step::Fail(e)) => Err(e),
            Some(Step::Panic) => panic!("scripted panic"),
            None => {
                let t = Token::bearer(format!("t{n}"));
                Ok(match self.default_lifetime {
                    Some(l) => t.with_expires_in(l),
                    None => t,
                })
            }
        }
    }
}

fn endpoint_error(status: u16, code: Option<OAuthErrorCode>) -> Error {
    let e = TokenEndpointError::new(
        "https://auth.example/token",
        StatusCode::from_u16(status).unwrap(),
    );
    Error::TokenEndpoint(match code {
        Some(code) => e.with_code(code),
        None => e,
    })
}

fn unavailable() -> Error {
    endpoint_error(503, None)
}

fn invalid_client() -> Error {
    endpoint_error(401, Some(OAuthErrorCode::InvalidClient))
}

async fn secret(cache: &TokenCache) -> String {
    cache
        .token()
        .await
        .unwrap()
        .secret()
        .expose_secret()
        .to_owned()
}

/// Whether `cache.token()` completes without any time passing (no caller blocked).
async fn answers_at_once(cache: &TokenCache) -> Option<String> {
    let start = Instant::now();
    let token = cache.token().await.ok()?;
    (Instant::now() == start).then(|| token.secret().expose_secret().to_owned())
}

/// Lets spawned refresh tasks run to completion.
async fn settle() {
    for _ in 0..5 {
        sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test(start_paused = true)]
async fn a_thousand_callers_on_an_empty_cache_make_one_request() {
    let source = Scripted::new(Duration::from_secs(3600));
    let cache = TokenCache::new(source.clone());
    let callers: Vec<_> = (0..1000)
        .map(|_| {
            let cache = cache.clone();
            tokio::spawn(async move { secret(&cache).await })
        })
        .collect();
    for caller in callers {
        assert_eq!(caller.await.unwrap(), "t1");
    }
    assert_eq!(source.calls(), 1);
}

#[tokio::test(start_paused = true)]
async fn a_thousand_callers_against_a_failing_endpoint_share_one_error() {
    let source = Scripted::new(Duration::from_secs(3600)).then(Step::Fail(unavailable()));
    let cache = TokenCache::new(source.clone());
    let callers: Vec<_> = (0..1000)
        .map(|_| {
            let cache = cache.clone();
            tokio::spawn(async move { cache.token().await })
        })
        .collect();
    for caller in callers {
        let err = caller.await.unwrap().unwrap_err();
        assert!(err.is_transient(), "{err}");
        assert!(err.to_string().contains("503"), "{err}");
    }
    assert_eq!(source.calls(), 1);
}

#[tokio::test(start_paused = true)]
async fn an_hour_token_is_refreshed_in_its_window_without_blocking_anyone() {
    let gate = Arc::new(Semaphore::new(1));
    let source = Scripted::new(Duration::from_secs(3600)).gated(gate.clone());
    let cache = TokenCache::new(source.clone());
    let t0 = Instant::now();
    assert_eq!(secret(&cache).await, "t1");

    // The window is [3600 − 300 − 60, 3600 − 300] s after the request.
    advance(Duration::from_secs(3239) - t0.elapsed()).await;
    assert_eq!(answers_at_once(&cache).await.as_deref(), Some("t1"));
    settle().await;
    assert_eq!(source.calls(), 1, "no refresh before the window");

    advance(Duration::from_secs(3301) - t0.elapsed()).await;
    // The refresh starts, but its request is held at the gate: callers still get t1 at once.
    for _ in 0..100 {
        assert_eq!(answers_at_once(&cache).await.as_deref(), Some("t1"));
        tokio::task::yield_now().await;
    }
    settle().await;
    assert_eq!(answers_at_once(&cache).await.as_deref(), Some("t1"));
    assert_eq!(
        source.calls(),
        2,
        "exactly one refresh for all those callers"
    );
    gate.add_permits(1);
    settle().await;
    assert_eq!(answers_at_once(&cache).await.as_deref(), Some("t2"));
    assert_eq!(source.calls(), 2);
}

#[tokio::test(start_paused = true)]
async fn a_minute_token_is_refreshed_at_about_thirty_seconds() {
    let source = Scripted::new(Duration::from_secs(60));
    let cache = TokenCache::new(source.clone());
    let t0 = Instant::now();
    secret(&cache).await;
    // 60 − min(300, 30) − jitter(≤ min(60, 6)) → [24, 30] s.
    advance(Duration::from_millis(23_900) - t0.elapsed()).await;
    cache.token().await.unwrap();
    settle().await;
    assert_eq!(source.calls(), 1);
    advance(Duration::from_millis(30_100) - t0.elapsed()).await;
    assert_eq!(answers_at_once(&cache).await.as_deref(), Some("t1"));
    settle().await;
    assert_eq!(source.calls(), 2);
    assert_eq!(secret(&cache).await, "t2");
}

#[tokio::test(start_paused = true)]
async fn tiny_lifetimes_do_not_cause_a_refresh_storm() {
    for lifetime in [
        Duration::ZERO,
        Duration::from_millis(200),
        Duration::from_secs(1),
    ] {
        let source = Scripted::new(lifetime);
        let cache = TokenCache::new(source.clone());
        // One call every 10 ms for 10 s.
        for _ in 0..1000 {
            cache.token().await.unwrap();
            sleep(Duration::from_millis(10)).await;
        }
        // At most one token request per minimum refresh interval (5 s): the first,
        // then one every 4.5 s (the raised lifetime less its margin).
        let calls = source.calls();
        assert!(
            (2..=3).contains(&calls),
            "{calls} token requests for 1000 calls over 10 s with lifetime {lifetime:?}"
        );
    }
}

#[tokio::test(start_paused = true)]
async fn a_token_with_less_than_ten_seconds_left_is_never_handed_out() {
    let source = Scripted::new(Duration::from_secs(3600));
    let cache = TokenCache::new(source.clone());
    let t0 = Instant::now();
    secret(&cache).await;
    // From now on every refresh fails permanently.
    for _ in 0..100 {
        source
            .script
            .lock()
            .unwrap()
            .push_back(Step::Fail(invalid_client()));
    }
    advance(Duration::from_secs(3589) - t0.elapsed()).await;
    assert_eq!(secret(&cache).await, "t1", "still valid with 11 s left");
    advance(Duration::from_secs(3591) - t0.elapsed()).await;
    let err = cache.token().await.unwrap_err();
    assert_eq!(err.oauth_code(), Some(&OAuthErrorCode::InvalidClient));
}

#[tokio::test(start_paused = true)]
async fn a_transient_failure_keeps_the_token_and_recovers() {
    let source = Scripted::new(Duration::from_secs(60))
        .then(Step::Token(Duration::from_secs(60)))
        .then(Step::Fail(unavailable()))
        .then(Step::Fail(unavailable()));
    let cache = TokenCache::new(source.clone());
    let t0 = Instant::now();
    assert_eq!(secret(&cache).await, "t1");
    advance(Duration::from_secs(31) - t0.elapsed()).await;
    // Two refresh attempts fail; callers keep getting the valid token until the third
    // attempt, after backoff, succeeds.
    let mut answers = Vec::new();
    for _ in 0..40 {
        answers.push(secret(&cache).await);
        sleep(Duration::from_millis(100)).await;
    }
    let switch = answers.iter().position(|s| s != "t1").expect("recovered");
    assert!(switch >= 2, "{answers:?}");
    assert!(answers[switch..].iter().all(|s| s == "t4"), "{answers:?}");
    assert_eq!(source.calls(), 4);
}

#[tokio::test(start_paused = true)]
async fn permanent_failures_back_off_exponentially() {
    let source = Scripted::new(Duration::from_secs(60));
    for _ in 0..100 {
        source
            .script
            .lock()
            .unwrap()
            .push_back(Step::Fail(invalid_client()));
    }
    let cache = TokenCache::new(source.clone());
    // A caller every 100 ms for 60 s, none of them with a token.
    for _ in 0..600 {
        let err = cache.token().await.unwrap_err();
        assert!(!err.is_transient());
        sleep(Duration::from_millis(100)).await;
    }
    // Waits of [2.5, 5], [5, 10], [10, 20], [20, 40] s: at most 5 requests in a minute.
    let calls = source.calls();
    assert!((3..=5).contains(&calls), "{calls} requests");

    // Transient failures retry sooner, but are still bounded.
    let source = Scripted::new(Duration::from_secs(60));
    for _ in 0..100 {
        source
            .script
            .lock()
            .unwrap()
            .push_back(Step::Fail(unavailable()));
    }
    let cache = TokenCache::new(source.clone());
    for _ in 0..600 {
        cache.token().await.unwrap_err();
        sleep(Duration::from_millis(100)).await;
    }
    let calls = source.calls();
    assert!((6..=12).contains(&calls), "{calls} requests");
}

#[tokio::test(start_paused = true)]
async fn a_later_success_recovers_without_rebuilding() {
    let source = Scripted::new(Duration::from_secs(3600)).then(Step::Fail(invalid_client()));
    let cache = TokenCache::new(source.clone());
    cache.token().await.unwrap_err();
    sleep(Duration::from_secs(10)).await;
    assert_eq!(secret(&cache).await, "t2");
}

#[tokio::test(start_paused = true)]
async fn cancelling_the_caller_that_started_a_refresh_does_not_poison_the_cache() {
    let mut source = Scripted::new(Duration::from_secs(3600));
    source.latency = Duration::from_secs(1);
    let cache = TokenCache::new(source.clone());
    let first = {
        let cache = cache.clone();
        tokio::spawn(async move { cache.token().await })
    };
    sleep(Duration::from_millis(10)).await;
    assert_eq!(source.calls(), 1);
    first.abort();
    assert!(first.await.unwrap_err().is_cancelled());
    let second = {
        let cache = cache.clone();
        tokio::spawn(async move { secret(&cache).await })
    };
    assert_eq!(second.await.unwrap(), "t1");
    assert_eq!(source.calls(), 1, "the refresh went on without its caller");
}

#[tokio::test(start_paused = true)]
async fn fifty_concurrent_invalidations_of_one_stale_token_cause_one_refresh() {
    let source = Scripted::new(Duration::from_secs(3600));
    let cache = TokenCache::new(source.clone());
    let stale = cache.token().await.unwrap();
    let tasks: Vec<_> = (0..50)
        .map(|_| {
            let (cache, stale) = (cache.clone(), stale.clone());
            tokio::spawn(async move {
                cache.invalidate(&stale);
                secret(&cache).await
            })
        })
        .collect();
    for task in tasks {
        assert_eq!(task.await.unwrap(), "t2");
    }
    assert_eq!(source.calls(), 2);
    // Invalidating an old token again changes nothing.
    assert!(!cache.invalidate(&stale));
    assert_eq!(secret(&cache).await, "t2");
}

#[tokio::test(start_paused = true)]
async fn a_panicking_source_fails_the_callers_but_not_the_cache() {
    let source = Scripted::new(Duration::from_secs(3600)).then(Step::Panic);
    let cache = TokenCache::new(source.clone());
    let err = cache.token().await.unwrap_err();
    assert!(err.to_string().contains("abandoned"), "{err}");
    assert_eq!(secret(&cache).await, "t2");
}

#[tokio::test(start_paused = true)]
async fn a_token_without_expiry_is_used_until_invalidated() {
    let mut source = Scripted::new(Duration::ZERO);
    source.default_lifetime = None;
    let cache = TokenCache::new(source.clone());
    let token = cache.token().await.unwrap();
    advance(Duration::from_secs(86_400 * 30)).await;
    assert!(cache.token().await.unwrap().same_as(&token));
    assert_eq!(source.calls(), 1);
    cache.invalidate(&token);
    assert_eq!(secret(&cache).await, "t2");

    // Or with an assumed lifetime.
    let mut source = Scripted::new(Duration::ZERO);
    source.default_lifetime = None;
    let cache = TokenCache::with_config(
        source.clone(),
        CacheConfig::default().default_lifetime(Some(Duration::from_secs(600))),
    );
    secret(&cache).await;
    advance(Duration::from_secs(601)).await;
    assert_eq!(secret(&cache).await, "t2");
}

#[tokio::test(start_paused = true)]
async fn a_hung_token_endpoint_times_out() {
    let mut source = Scripted::new(Duration::from_secs(3600));
    source.latency = Duration::from_secs(3600);
    let cache = TokenCache::with_config(
        source.clone(),
        CacheConfig::default().fetch_timeout(Duration::from_secs(5)),
    );
    let start = Instant::now();
    let err = cache.token().await.unwrap_err();
    assert_eq!(start.elapsed(), Duration::from_secs(5));
    assert!(err.is_transient(), "{err}");
    assert!(err.to_string().contains("timed out"), "{err}");
}

#[tokio::test(start_paused = true)]
async fn the_hot_path_follows_the_tokens_timer() {
    let gate = Arc::new(Semaphore::new(1));
    let source = Scripted::new(Duration::from_secs(60)).gated(gate.clone());
    let cache = TokenCache::new(source.clone());
    assert!(cache.authorization().is_none(), "nothing fetched yet");
    let first = cache.authorize().await.unwrap();
    let t0 = Instant::now();
    let same = cache.authorization().unwrap();
    assert_eq!(same.header_value(), first.header_value());

    // Due for refresh (the timer ran): the old token is still handed out, and one
    // refresh starts, held at the gate.
    advance(Duration::from_millis(30_100) - t0.elapsed()).await;
    tokio::task::yield_now().await;
    for _ in 0..10 {
        assert_eq!(
            cache.authorization().unwrap().header_value(),
            first.header_value()
        );
    }
    settle().await;
    assert_eq!(source.calls(), 2);

    // Less than the margin (a tenth of the lifetime, 6 s) left: never handed out, even
    // before the refresh completes.
    advance(Duration::from_millis(54_100) - t0.elapsed()).await;
    tokio::task::yield_now().await;
    assert!(cache.authorization().is_none());
    gate.add_permits(1);
    let second = cache.authorize().await.unwrap();
    assert_ne!(second.header_value(), first.header_value());
    assert!(cache.invalidate(&second));
    assert!(
        cache.authorization().is_none(),
        "an invalidated token is gone from the hot path"
    );
    assert!(!cache.invalidate(&first));
}

/// Each thread attaches its own copy of the header; a change made on one thread (a
/// rotation, an invalidation, a new token) must reach every thread's next call.
#[tokio::test(flavor = "multi_thread", worker_threads = 1)]
async fn every_thread_sees_a_changed_token_at_its_next_call() {
    use std::sync::Barrier;
    let text = |auth: Option<auth_core::Authorization>| {
        auth.map(|a| a.header_value().to_str().unwrap().to_owned())
    };

    // A portal token, rotated while two threads hold copies of the old one.
    let token = auth_core::StaticToken::new("first-token").unwrap();
    let cache = TokenCache::from(token.clone());
    let barrier = Barrier::new(3);
    std::thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| {
                for _ in 0..3 {
                    assert_eq!(text(cache.authorization()).unwrap(), "Bearer first-token");
                }
                barrier.wait();
                barrier.wait();
                assert_eq!(text(cache.authorization()).unwrap(), "Bearer second-token");
            });
        }
        barrier.wait();
        token.rotate("second-token", None).unwrap();
        barrier.wait();
    });

    // A fetched token, invalidated on this thread, then replaced.
    let cache = TokenCache::new(Scripted::new(Duration::from_secs(3600)));
    let first = cache.authorize().await.unwrap();
    let first_text = text(Some(first.clone())).unwrap();
    std::thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| {
                assert_eq!(text(cache.authorization()).as_ref(), Some(&first_text));
                barrier.wait();
                barrier.wait();
                assert!(cache.authorization().is_none(), "dropped for every thread");
                barrier.wait();
                barrier.wait();
                let now = text(cache.authorization()).expect("the new token");
                assert_ne!(now, first_text);
            });
        }
        barrier.wait();
        assert!(cache.invalidate(&first));
        barrier.wait();
        barrier.wait();
        // Fetched on a runtime thread; the threads above have none.
        tokio::task::block_in_place(|| {
            tokio::runtime::Handle::current().block_on(cache.authorize())
        })
        .unwrap();
        barrier.wait();
    });
}

#[tokio::test(start_paused = true)]
async fn a_token_endpoint_asking_for_an_hour_gets_an_hour() {
    let rate_limited = || {
        Error::TokenEndpoint(
            TokenEndpointError::new("https://auth.example/token", StatusCode::TOO_MANY_REQUESTS)
                .with_retry_after(Duration::from_secs(3600)),
        )
    };
    let source = Scripted::new(Duration::from_secs(3600))
        .then(Step::Fail(rate_limited()))
        .then(Step::Fail(rate_limited()));
    let cache = TokenCache::new(source.clone());
    // A caller every 10 s for two and a half hours.
    let start = Instant::now();
    let mut first_success = None;
    while start.elapsed() < Duration::from_secs(5 * 1800) {
        match cache.token().await {
            Ok(_) => {
                first_success.get_or_insert(start.elapsed());
            }
            Err(e) => assert_eq!(e.retry_after(), Some(Duration::from_secs(3600)), "{e}"),
        }
        sleep(Duration::from_secs(10)).await;
    }
    // Two refusals an hour apart, then a token: three requests in 2.5 hours, where a
    // 30 s cap made it about 300.
    assert_eq!(source.calls(), 3);
    let waited = first_success.unwrap();
    assert!(
        waited >= Duration::from_secs(2 * 3600 - 10 * 60),
        "{waited:?}"
    );
}

#[tokio::test(start_paused = true)]
async fn short_tokens_from_a_slow_endpoint_never_keep_a_caller_waiting() {
    // 10 s tokens; the endpoint takes 2 s to answer.
    let mut source = Scripted::new(Duration::from_secs(10));
    source.latency = Duration::from_secs(2);
    let cache = TokenCache::new(source.clone());
    cache.token().await.unwrap();
    let after_first = source.calls();
    // Steady load: a call every 100 ms for two minutes.
    let mut blocked = 0;
    let mut seen = std::collections::HashSet::new();
    for _ in 0..1200 {
        match answers_at_once(&cache).await {
            Some(token) => {
                seen.insert(token);
            }
            None => blocked += 1,
        }
        sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(blocked, 0, "calls waited for a token while one was valid");
    // One request per refresh: every token fetched was handed out.
    let refreshes = source.calls() - after_first;
    assert!(
        (16..=30).contains(&refreshes),
        "{refreshes} refreshes in 120 s"
    );
    assert!(
        seen.len() + 1 >= source.calls(),
        "every token fetched was used (but one in flight at the end): {} of {}",
        seen.len(),
        source.calls()
    );
}
