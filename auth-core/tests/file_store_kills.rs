//! A `FileStore` under `kill -9`: a child process (this test binary, re-run as
//! `rotating_refresh_loop`) refreshes a token from a provider that rotates its refresh
//! token at every refresh, as fast as it can, keeping the refresh token in a file; the
//! test kills it with `SIGKILL` at a random moment, checks the file, and starts it again,
//! `AUTH_KILLS` times (200 by default; `AUTH_KILLS=1000` for the figure in BENCHMARKS.md).
//!
//! After every kill the file is whole (it parses), and
//! every restart resumes with the refresh token the provider last issued, except when the
//! kill came between the provider issuing a new one and the file holding it: then the
//! stored token was rotated away, the provider says so (`invalid_grant`, counted as a
//! reuse), and the process logs in again. Those are counted, never anything else.
#![cfg(all(unix, feature = "testkit"))]

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::Duration;

use auth_core::testkit::TestProvider;
use auth_core::{FileStore, PasswordGrant, TokenCache, TokenStore};

const KEY: &str = "kills";

/// The child: refreshes in a loop until killed. A no-op unless started by the test.
#[test]
fn rotating_refresh_loop() {
    let (Ok(url), Ok(path)) = (
        std::env::var("AUTH_KILLS_TOKEN_URL"),
        std::env::var("AUTH_KILLS_FILE"),
    ) else {
        return;
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async move {
        let source = PasswordGrant::new(&url, "client-1", "secret-1")
            .unwrap()
            .login("api@example.com", "pw-1")
            .store(FileStore::new(path))
            .store_key(KEY);
        let cache = TokenCache::new(source);
        loop {
            let token = cache.token().await.expect("a token");
            cache.invalidate(&token);
        }
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_file_store_survives_kill_9_at_any_point_of_a_rotating_refresh() {
    let kills: usize = std::env::var("AUTH_KILLS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200);
    let provider = TestProvider::builder()
        .rotate_refresh_tokens(true)
        .start()
        .await;
    let dir: PathBuf = std::env::temp_dir().join(format!("auth-core-kills-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("tokens.json");
    let store = FileStore::new(&path);
    let mut started_without_token = 0;
    for round in 0..kills {
        // No token to resume with: none saved yet, or the last one was found rotated
        // away and removed, and the kill came before the login's was saved.
        if store.load(KEY).await.unwrap().is_none() {
            started_without_token += 1;
        }
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "rotating_refresh_loop",
                "--nocapture",
                "--test-threads=1",
            ])
            .env("AUTH_KILLS_TOKEN_URL", provider.token_url())
            .env("AUTH_KILLS_FILE", &path)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Long enough for the process to start and refresh a few times, at a moment
        // nobody chose.
        tokio::time::sleep(Duration::from_millis(fastrand::u64(30..120))).await;
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        // Whole after every kill: it parses.
        if let Err(e) = store.load(KEY).await {
            panic!("after kill {round}: {e}");
        }
    }
    let stats = provider.stats();
    let logins = stats.grant("password");
    let stale = stats.refresh_token_reuse;
    eprintln!(
        "{kills} kills: {} refreshes, {logins} logins ({started_without_token} with no token saved, \
         {stale} after a kill between the provider rotating the token and the file holding it)",
        stats.grant("refresh_token")
    );
    // Every login is explained: no token saved, or a stored token the provider had just
    // rotated away (a kill can also come before the login it leads to, so at most these).
    // A torn or garbled token would be a login with neither.
    assert!(
        logins <= started_without_token + stale,
        "{logins} logins: {:?}",
        stats.by_grant
    );
    assert!(
        stats.grant("refresh_token") > kills as u64,
        "the loop refreshed"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
