//! A private `redis-server` for the fleet tests, on a free loopback port: installed from
//! the system's packages with `apt-get` if missing; under `CI=true` a Redis that cannot
//! be had is a failure, elsewhere the tests are skipped with a message.

use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

pub struct Redis {
    child: Option<Child>,
    pub port: u16,
}

impl Redis {
    pub fn url(&self) -> String {
        format!("redis://127.0.0.1:{}", self.port)
    }

    /// A private `redis-server` on a free loopback port, or `None` (skip) when it cannot
    /// be had outside CI.
    pub fn start() -> Option<Redis> {
        if !has_redis_server() {
            install_redis_server();
        }
        if !has_redis_server() {
            if std::env::var("CI").is_ok_and(|v| v == "true") {
                panic!("CI=true but redis-server is missing and could not be installed");
            }
            eprintln!("skipping: redis-server not found (apt-get install redis-server)");
            return None;
        }
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let mut redis = Redis { child: None, port };
        redis.run();
        Some(redis)
    }

    pub fn run(&mut self) {
        let child = Command::new("redis-server")
            .args([
                "--bind",
                "127.0.0.1",
                "--port",
                &self.port.to_string(),
                "--save",
                "",
                "--appendonly",
                "no",
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start redis-server");
        self.child = Some(child);
        for _ in 0..200 {
            if TcpStream::connect(("127.0.0.1", self.port)).is_ok() {
                return;
            }
            std::thread::sleep(Duration::from_millis(25));
        }
        panic!("redis-server did not start on port {}", self.port);
    }

    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

impl Drop for Redis {
    fn drop(&mut self) {
        self.stop();
    }
}

fn has_redis_server() -> bool {
    Command::new("redis-server")
        .arg("--version")
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

fn install_redis_server() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        eprintln!("redis-server not found; installing it with apt-get");
        let quiet = |args: &[&str]| {
            Command::new("apt-get")
                .args(args)
                .env("DEBIAN_FRONTEND", "noninteractive")
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .is_ok_and(|s| s.success())
        };
        if !quiet(&["install", "-y", "-q", "redis-server"]) {
            quiet(&["update", "-q"]);
            quiet(&["install", "-y", "-q", "redis-server"]);
        }
    });
}
