//! Interoperability with independently written OAuth 2 servers, installed from the
//! registries (pinned) and started on 127.0.0.1 by this test itself:
//!
//! - `@node-oauth/oauth2-server` 5.3.0 from npm (`tests/peers/node-oauth2-server`),
//! - Authlib 1.9.9 on Flask from PyPI (`tests/peers/authlib`).
//!
//! Covered: client credentials with Basic and body client authentication, the password
//! grant with extra parameters, the refresh grant (with and without rotation), the
//! `scope` parameter and the granted `scope`, RFC 6749 error codes, and a bearer-protected
//! resource called through a generated client.
//!
//! Without `node`/`npm` or `python3`, a peer is skipped with a message; under `CI=true`
//! a missing tool is a failure.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Mutex, OnceLock};
use std::time::Duration;

use auth_core::secrecy::ExposeSecret;
use auth_core::{
    ClientAuth, ClientCredentials, Error, MemoryStore, OAuthErrorCode, PasswordGrant, Scoped,
    StaticToken, TokenCache, TokenStore, api, scopes,
};

const CLIENT: (&str, &str) = ("client-1", "secret-1");
const USER: (&str, &str) = ("api@example.com", "pw-1");

/// A running peer; killed when dropped.
struct Peer {
    name: &'static str,
    url: String,
    child: Child,
}

impl Drop for Peer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Peer {
    fn token_url(&self) -> String {
        format!("{}/oauth/token", self.url)
    }

    /// The last token request as the server saw it (`/debug/stats`).
    async fn last_token_params(&self) -> serde_json::Value {
        let stats: serde_json::Value = auth_core::api_http_client()
            .get(format!("{}/debug/stats", self.url))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        stats["last_token_request"].clone()
    }
}

fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true" || v == "1")
}

fn peers_dir() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("peers")
}

fn source_dir(peer: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/peers")
        .join(peer)
}

fn run(cmd: &mut Command) -> Result<(), String> {
    let out = cmd
        .output()
        .map_err(|e| format!("cannot run {cmd:?}: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{cmd:?} failed: {}\n{}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

/// Installs the node peer's pinned packages once per test run.
fn node_modules() -> &'static Result<PathBuf, String> {
    static INSTALLED: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    INSTALLED.get_or_init(|| {
        let dir = peers_dir().join("node");
        let marker = dir.join("node_modules/@node-oauth/oauth2-server/package.json");
        if !marker.exists() {
            std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
            for file in ["package.json", "package-lock.json"] {
                std::fs::copy(source_dir("node-oauth2-server").join(file), dir.join(file))
                    .map_err(|e| e.to_string())?;
            }
            run(Command::new("npm")
                .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
                .current_dir(&dir))?;
        }
        Ok(dir.join("node_modules"))
    })
}

/// Creates the Authlib peer's virtualenv once per test run.
fn authlib_python() -> &'static Result<PathBuf, String> {
    static INSTALLED: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    INSTALLED.get_or_init(|| {
        let venv = peers_dir().join("venv");
        let python = venv.join("bin/python");
        let ready = Command::new(&python)
            .args(["-c", "import authlib, flask"])
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if !ready {
            run(Command::new("python3").args(["-m", "venv"]).arg(&venv))?;
            run(Command::new(&python)
                .args([
                    "-m",
                    "pip",
                    "install",
                    "-q",
                    "--disable-pip-version-check",
                    "-r",
                ])
                .arg(source_dir("authlib").join("requirements.txt")))?;
        }
        Ok(python)
    })
}

fn have(tool: &str) -> bool {
    Command::new(tool)
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Starts a peer process and waits for its "listening http://127.0.0.1:<port>" line.
fn start(name: &'static str, mut cmd: Command) -> Peer {
    // The peers' own logs (Flask logs every request) go to a file, named on failure.
    std::fs::create_dir_all(peers_dir()).unwrap();
    let log = peers_dir().join(format!("{name}-{}.log", std::process::id()));
    let log_file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&log)
        .unwrap();
    let mut child = cmd
        .env("PORT", "0")
        .stdout(Stdio::piped())
        .stderr(log_file)
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start the {name} peer: {e}"));
    let stdout = child.stdout.take().expect("piped stdout");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if let Some(url) = line.strip_prefix("listening ") {
                let _ = tx.send(url.trim().to_owned());
            }
        }
    });
    let url = rx
        .recv_timeout(Duration::from_secs(60))
        .unwrap_or_else(|_| {
            panic!(
                "the {name} peer did not start within 60 s; see {}",
                log.display()
            )
        });
    assert!(
        url.starts_with("http://127.0.0.1:"),
        "{name} must listen on loopback: {url}"
    );
    Peer { name, url, child }
}

/// Both peers, started with `env` (`ACCESS_TOKEN_LIFETIME`, `ROTATE_REFRESH`,
/// `GRANTABLE_SCOPES`, ...). A peer whose tool is missing is skipped, except under CI.
fn peers(env: &[(&str, &str)]) -> Vec<Peer> {
    // Installs are shared; starting is quick.
    static STARTING: Mutex<()> = Mutex::new(());
    let _guard = STARTING.lock().unwrap_or_else(|p| p.into_inner());
    let mut peers = Vec::new();
    if have("node") && have("npm") {
        let modules = node_modules()
            .as_ref()
            .unwrap_or_else(|e| panic!("installing the node peer: {e}"));
        let mut cmd = Command::new("node");
        cmd.arg(source_dir("node-oauth2-server").join("server.js"))
            .env("NODE_PATH", modules)
            .envs(env.iter().copied());
        peers.push(start("node-oauth2-server", cmd));
    } else if in_ci() {
        panic!("CI=true but `node`/`npm` is missing: install Node.js 20 with npm");
    } else {
        eprintln!("skipping the node-oauth2-server peer: `node`/`npm` not found");
    }
    if have("python3") {
        let python = authlib_python()
            .as_ref()
            .unwrap_or_else(|e| panic!("installing the Authlib peer: {e}"));
        let mut cmd = Command::new(python);
        cmd.arg(source_dir("authlib").join("server.py"))
            .envs(env.iter().copied());
        peers.push(start("authlib", cmd));
    } else if in_ci() {
        panic!("CI=true but `python3` is missing");
    } else {
        eprintln!("skipping the Authlib peer: `python3` not found");
    }
    peers
}

scopes! {
    /// The peers' scopes.
    pub mod peer { can_read_order, can_write_order, can_read_sales_channels }
}

#[api(scopes = peer)]
trait PeerResource {
    #[get("/resource/can_read_order")]
    #[authenticated(scope = "can_read_order")]
    async fn read_orders(&self) -> Result<serde_json::Value, Error>;

    #[get("/resource/can_write_order")]
    #[authenticated(scope = "can_write_order")]
    async fn write_orders(&self) -> Result<serde_json::Value, Error>;
}

#[tokio::test]
async fn client_credentials_with_basic_and_body_authentication() {
    for peer in peers(&[]) {
        for auth in [
            ClientAuth::Basic,
            ClientAuth::BasicUnencoded,
            ClientAuth::RequestBody,
        ] {
            let source = ClientCredentials::new(&peer.token_url(), CLIENT.0, CLIENT.1)
                .unwrap()
                .client_auth(auth);
            let token = TokenCache::new(source)
                .token()
                .await
                .unwrap_or_else(|e| panic!("{}: {auth:?}: {e}", peer.name));
            assert!(
                token.expires_at().is_some(),
                "{}: expires_in parsed",
                peer.name
            );
            let seen = peer.last_token_params().await;
            assert_eq!(
                seen["basic_auth"],
                auth != ClientAuth::RequestBody,
                "{}: {auth:?}",
                peer.name
            );
            assert_eq!(seen["params"]["grant_type"], "client_credentials");
        }
    }
}

#[tokio::test]
async fn password_grant_with_tenant_parameters_then_refresh_with_rotation() {
    for peer in peers(&[("ROTATE_REFRESH", "1")]) {
        let store = MemoryStore::new();
        let cache = TokenCache::new(
            PasswordGrant::new(&peer.token_url(), CLIENT.0, CLIENT.1)
                .unwrap()
                .login(USER.0, USER.1)
                .param("tenantType", "merchant")
                .param("tenantId", "merchant-42")
                .store(store.clone())
                .store_key("k"),
        );
        let first = cache.token().await.unwrap();
        let seen = peer.last_token_params().await;
        assert_eq!(seen["params"]["grant_type"], "password", "{}", peer.name);
        assert_eq!(seen["params"]["tenantType"], "merchant", "{}", peer.name);
        assert_eq!(seen["params"]["tenantId"], "merchant-42", "{}", peer.name);
        assert_eq!(seen["basic_auth"], true);
        let rt1 = store
            .load("k")
            .await
            .unwrap()
            .unwrap()
            .expose_secret()
            .to_owned();

        // Refresh twice: each answer rotates the refresh token; the server rejects a
        // reused one, so the second refresh succeeding proves the new one was sent.
        for round in 0..2 {
            let current = cache.token().await.unwrap();
            cache.invalidate(&current);
            let next = cache
                .token()
                .await
                .unwrap_or_else(|e| panic!("{}: refresh {round}: {e}", peer.name));
            assert!(!next.same_as(&first));
            let seen = peer.last_token_params().await;
            assert_eq!(
                seen["params"]["grant_type"], "refresh_token",
                "{}",
                peer.name
            );
            assert_eq!(
                seen["params"]["tenantId"], "merchant-42",
                "{}: extra params on refresh",
                peer.name
            );
        }
        let rt3 = store
            .load("k")
            .await
            .unwrap()
            .unwrap()
            .expose_secret()
            .to_owned();
        assert_ne!(rt1, rt3, "{}: rotated", peer.name);
    }
}

#[tokio::test]
async fn refresh_without_rotation_keeps_the_refresh_token() {
    for peer in peers(&[("ROTATE_REFRESH", "0")]) {
        let store = MemoryStore::new();
        let cache = TokenCache::new(
            PasswordGrant::new(&peer.token_url(), CLIENT.0, CLIENT.1)
                .unwrap()
                .login(USER.0, USER.1)
                .store(store.clone())
                .store_key("k"),
        );
        cache.token().await.unwrap();
        let rt = store
            .load("k")
            .await
            .unwrap()
            .unwrap()
            .expose_secret()
            .to_owned();
        for _ in 0..2 {
            let current = cache.token().await.unwrap();
            cache.invalidate(&current);
            cache
                .token()
                .await
                .unwrap_or_else(|e| panic!("{}: {e}", peer.name));
            assert_eq!(
                store.load("k").await.unwrap().unwrap().expose_secret(),
                rt,
                "{}",
                peer.name
            );
        }
    }
}

#[tokio::test]
async fn requested_and_granted_scopes_become_types() {
    for peer in peers(&[("GRANTABLE_SCOPES", "can_read_order can_read_sales_channels")]) {
        let source = || {
            ClientCredentials::new(&peer.token_url(), CLIENT.0, CLIENT.1)
                .unwrap()
                .scopes(["can_read_order", "can_write_order"])
        };
        let token = TokenCache::new(source()).token().await.unwrap();
        let granted: Vec<&str> = token.scopes().unwrap().iter().collect();
        assert_eq!(
            granted,
            ["can_read_order"],
            "{}: narrowed, and said so",
            peer.name
        );
        let seen = peer.last_token_params().await;
        assert_eq!(seen["params"]["scope"], "can_read_order can_write_order");

        Scoped::<peer::Of<peer::can_read_order>>::verify(TokenCache::new(source()))
            .await
            .unwrap();
        let err = Scoped::<peer::Of<(peer::can_read_order, peer::can_write_order)>>::verify(
            TokenCache::new(source()),
        )
        .await
        .unwrap_err();
        let Error::MissingScopes(missing) = &err else {
            panic!("{}: {err:?}", peer.name)
        };
        assert_eq!(missing.missing, ["can_write_order"], "{}", peer.name);
    }
}

#[tokio::test]
async fn rfc_6749_error_codes_are_typed() {
    for peer in peers(&[]) {
        let wrong_secret = ClientCredentials::new(&peer.token_url(), CLIENT.0, "wrong").unwrap();
        let err = TokenCache::new(wrong_secret).token().await.unwrap_err();
        assert_eq!(
            err.oauth_code(),
            Some(&OAuthErrorCode::InvalidClient),
            "{}: {err}",
            peer.name
        );
        assert!(!err.is_transient());

        // Unknown scopes only: nothing can be granted.
        let nothing = ClientCredentials::new(&peer.token_url(), CLIENT.0, CLIENT.1)
            .unwrap()
            .scopes(["nope"]);
        let err = TokenCache::new(nothing).token().await.unwrap_err();
        assert_eq!(
            err.oauth_code(),
            Some(&OAuthErrorCode::InvalidScope),
            "{}: {err}",
            peer.name
        );

        // A wrong password: invalid_grant, except that Authlib says invalid_request.
        let wrong_password = PasswordGrant::new(&peer.token_url(), CLIENT.0, CLIENT.1)
            .unwrap()
            .login(USER.0, "wrong");
        let err = TokenCache::new(wrong_password).token().await.unwrap_err();
        let expected = if peer.name == "authlib" {
            OAuthErrorCode::InvalidRequest
        } else {
            OAuthErrorCode::InvalidGrant
        };
        assert_eq!(err.oauth_code(), Some(&expected), "{}: {err}", peer.name);
        assert!(!err.is_transient());

        // A dead refresh token without a login: re-authentication, typed.
        let dead = PasswordGrant::new(&peer.token_url(), CLIENT.0, CLIENT.1)
            .unwrap()
            .refresh_token("not-a-token");
        let err = TokenCache::new(dead).token().await.unwrap_err();
        assert!(
            matches!(err, Error::ReauthenticationRequired { .. }),
            "{}: {err:?}",
            peer.name
        );
        assert_eq!(
            err.oauth_code(),
            Some(&OAuthErrorCode::InvalidGrant),
            "{}",
            peer.name
        );

        // A dead refresh token with a login: a new password grant.
        let recovering = PasswordGrant::new(&peer.token_url(), CLIENT.0, CLIENT.1)
            .unwrap()
            .refresh_token("not-a-token")
            .login(USER.0, USER.1);
        TokenCache::new(recovering)
            .token()
            .await
            .unwrap_or_else(|e| panic!("{}: {e}", peer.name));
        assert_eq!(
            peer.last_token_params().await["params"]["grant_type"],
            "password"
        );
    }
}

#[tokio::test]
async fn a_bearer_protected_resource_through_a_generated_client() {
    for peer in peers(&[("GRANTABLE_SCOPES", "can_read_order")]) {
        let cache =
            TokenCache::new(ClientCredentials::new(&peer.token_url(), CLIENT.0, CLIENT.1).unwrap());
        let token = Scoped::<peer::Of<peer::can_read_order>>::verify(cache.clone())
            .await
            .unwrap();
        let client = PeerResourceClient::with_base_url(token, &peer.url).unwrap();
        let body = client
            .read_orders()
            .await
            .unwrap_or_else(|e| panic!("{}: {e}", peer.name));
        assert_eq!(body["ok"], true, "{}", peer.name);

        // The type would not allow `write_orders`; claim the scope anyway to see the 403.
        let claimed = PeerResourceClient::with_base_url(
            Scoped::<peer::All>::assume_granted(cache),
            &peer.url,
        )
        .unwrap();
        let err = claimed.write_orders().await.unwrap_err();
        let Error::Forbidden { error, .. } = &err else {
            panic!("{}: {err:?}", peer.name)
        };
        assert_eq!(error.status.as_u16(), 403);
        assert_eq!(
            error.code.as_deref(),
            Some("insufficient_scope"),
            "{}",
            peer.name
        );

        // A token the server never issued: 401, and a static token cannot be renewed.
        let bogus = StaticToken::new("bogus-token").unwrap();
        let client = PeerResourceClient::with_base_url(
            Scoped::<peer::All>::assume_granted(bogus),
            &peer.url,
        )
        .unwrap();
        let err = client.read_orders().await.unwrap_err();
        assert!(
            matches!(
                err,
                Error::Unauthorized {
                    renewable: false,
                    ..
                }
            ),
            "{}: {err:?}",
            peer.name
        );
    }
}
