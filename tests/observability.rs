//! What an operator sees: spans named after the OpenTelemetry HTTP client conventions
//! (one `api_call` per call, one `token_request` per token fetch, the refresh that runs in
//! its own task included) and metrics read through a real recorder, Prometheus's text
//! format.

use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use auth_core::testkit::{Fault, Reply, Route, TestProvider};
use auth_core::{ClientCredentials, Error, Scoped, TokenCache, api, scopes};

#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<u8>>>);

impl Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Spans as they close, with their fields, and the Prometheus recorder.
fn installed() -> &'static (Capture, metrics_exporter_prometheus::PrometheusHandle) {
    static INSTALLED: OnceLock<(Capture, metrics_exporter_prometheus::PrometheusHandle)> =
        OnceLock::new();
    INSTALLED.get_or_init(|| {
        let capture = Capture::default();
        let writer = capture.clone();
        tracing_subscriber::fmt()
            .with_max_level(tracing::Level::DEBUG)
            .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
            .with_writer(move || writer.clone())
            .with_ansi(false)
            .init();
        let recorder = metrics_exporter_prometheus::PrometheusBuilder::new().build_recorder();
        let handle = recorder.handle();
        metrics::set_global_recorder(recorder).unwrap();
        (capture, handle)
    })
}

scopes! {
    /// Scopes.
    pub mod shop { orders }
}

#[api(scopes = shop)]
trait Shop {
    #[get("/orders/{id}")]
    #[authenticated(scope = "orders")]
    async fn get_order(&self, id: u32) -> Result<serde_json::Value, Error>;
}

#[tokio::test(start_paused = true)]
async fn spans_follow_opentelemetry_names_and_metrics_reach_a_recorder() {
    let (logs, metrics) = installed();
    let provider = TestProvider::builder()
        .scopes(["orders"])
        .token_lifetime(Duration::from_secs(12))
        .route(
            Route::get("/orders/{id}")
                .scope("orders")
                .respond(|req| Reply::json(200, serde_json::json!({ "id": req.param("id") }))),
        )
        .start()
        .await;
    let cache = TokenCache::new(
        ClientCredentials::new(
            &provider.token_url(),
            provider.client_id(),
            provider.client_secret(),
        )
        .unwrap(),
    );
    let client = ShopClient::with_base_url(
        Scoped::<shop::All>::assume_granted(cache.clone()),
        &provider.base_url(),
    )
    .unwrap();

    client.get_order(1).await.unwrap();
    // A 503 retried, a 401 replayed.
    provider.inject("/orders/", Fault::retry_after(503, "1"), 1);
    client.get_order(2).await.unwrap();
    let token = cache.peek().unwrap();
    provider.revoke(auth_core::secrecy::ExposeSecret::expose_secret(
        token.secret(),
    ));
    client.get_order(3).await.unwrap();
    // Past the refresh point: the next call starts a refresh in its own task.
    tokio::time::sleep(Duration::from_secs(7)).await;
    client.get_order(4).await.unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    // A 404 is an error with its status as `error.type`.
    provider.inject("/orders/", Fault::status(404), 1);
    let _ = client.get_order(5).await;

    let log = String::from_utf8(logs.0.lock().unwrap().clone()).unwrap();
    let closing = |l: &&str| l.contains(" close time.");
    let calls: Vec<&str> = log
        .lines()
        .filter(closing)
        .filter(|l| l.contains("api_call{") && !l.contains("token_request{"))
        .collect();
    assert!(calls.len() >= 5, "{log}");
    for field in [
        "otel.name=GET /orders/{id}",
        "otel.kind=\"client\"",
        "http.request.method=\"GET\"",
        "url.template=\"/orders/{id}\"",
        "server.address=\"127.0.0.1\"",
        "server.port=",
        "http.response.status_code=200",
        "api.method=\"get_order\"",
        "api.scopes=scope `orders`",
    ] {
        assert!(
            calls[0].contains(field),
            "{field} missing from {}",
            calls[0]
        );
    }
    assert!(
        calls
            .iter()
            .any(|l| l.contains("http.request.resend_count=1")),
        "{log}"
    );
    assert!(
        calls
            .iter()
            .any(|l| l.contains("error.type=404") && l.contains("http.response.status_code=404")),
        "{log}"
    );
    let fetches: Vec<&str> = log
        .lines()
        .filter(closing)
        .filter(|l| l.contains("token_request{"))
        .collect();
    assert!(fetches.len() >= 3, "{log}");
    assert!(
        fetches
            .iter()
            .all(|l| l.contains("token.source=\"client_credentials\"")
                && l.contains("token.grant=\"client_credentials\"")
                && l.contains("outcome=\"ok\"")),
        "{log}"
    );
    assert!(
        fetches
            .iter()
            .any(|l| l.contains("token.refresh=\"ahead\"")),
        "{log}"
    );
    assert!(
        fetches
            .iter()
            .any(|l| l.contains("token.refresh=\"on_demand\"")),
        "{log}"
    );

    let text = metrics.render();
    for line in [
        "auth_core_token_requests_total{source=\"client_credentials\",outcome=\"ok\"}",
        "auth_core_token_refreshes_total{when=\"ahead\"}",
        "auth_core_token_refreshes_total{when=\"on_demand\"}",
        "auth_core_unauthorized_replays_total{api_method=\"get_order\"} 1",
        "auth_core_retries_total{api_method=\"get_order\",cause=\"server_error\"} 1",
        "auth_core_rate_limit_waits_total{api_method=\"get_order\"} 1",
        "auth_core_call_duration_seconds_count{api_method=\"get_order\",outcome=\"200\"} 4",
        "auth_core_call_duration_seconds_count{api_method=\"get_order\",outcome=\"api\"} 1",
    ] {
        assert!(text.contains(line), "{line} missing from:\n{text}");
    }
}
