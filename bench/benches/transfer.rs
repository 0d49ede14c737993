//! Uploads and downloads of 1 GiB over loopback: a generated client (`Upload::file`,
//! `ByteStream`) against reqwest by hand on the same transfer (the same file read in the
//! same 256 KiB chunks; the same answer read chunk by chunk), with an A/A row each. Each
//! transfer runs in a child process of its own, so that its peak RSS (`VmHWM`) is its
//! own: a client that held the body would show a gigabyte there.
//!
//! The server is in the child too (a hyper server that counts what it receives and
//! sends 256 KiB chunks of one buffer); the file is sparse, so that the disk is not what
//! is measured.
//!
//! `cargo bench -p auth-bench --bench transfer [-- --quick]`

use std::convert::Infallible;
use std::time::Instant;

use auth_bench::{Rounds, median, quick};
use auth_core::{ByteStream, Error, Scoped, StaticToken, Upload, api, scopes};
use bytes::Bytes;
use http_body_util::{BodyExt, StreamBody};
use hyper::body::Frame;
use tokio::net::TcpListener;

scopes! {
    /// Scopes.
    pub mod store { objects }
}

#[api(scopes = store)]
trait Objects {
    #[put("/objects/{name}")]
    #[authenticated(scope = "objects")]
    async fn put_object(
        &self,
        name: &str,
        #[body] content: Upload,
    ) -> Result<serde_json::Value, Error>;

    #[get("/objects/{name}")]
    #[authenticated(scope = "objects")]
    async fn get_object(&self, name: &str) -> Result<ByteStream, Error>;
}

const CHUNK: usize = 256 * 1024;

/// A server that counts an upload's bytes, and sends `size` bytes for a download.
async fn serve(size: u64) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let chunk = Bytes::from(vec![b'x'; CHUNK]);
        loop {
            let (socket, _) = listener.accept().await.unwrap();
            let chunk = chunk.clone();
            tokio::spawn(async move {
                let service = hyper::service::service_fn(
                    move |request: hyper::Request<hyper::body::Incoming>| {
                        let chunk = chunk.clone();
                        async move {
                            let response = if request.method() == hyper::Method::PUT {
                                let mut body = request.into_body();
                                let mut received = 0u64;
                                while let Some(frame) = body.frame().await {
                                    if let Ok(data) = frame.unwrap().into_data() {
                                        received += data.len() as u64;
                                    }
                                }
                                let json = format!("{{\"received\":{received}}}");
                                hyper::Response::builder()
                                    .header("content-type", "application/json")
                                    .body(http_body_util::Either::Left(http_body_util::Full::new(
                                        Bytes::from(json),
                                    )))
                                    .unwrap()
                            } else {
                                let frames = (0..size.div_ceil(CHUNK as u64)).map(move |i| {
                                    let left = (size - i * CHUNK as u64).min(CHUNK as u64) as usize;
                                    Ok::<_, Infallible>(Frame::data(chunk.slice(..left)))
                                });
                                hyper::Response::builder()
                                    .header("content-length", size)
                                    .header("content-type", "application/octet-stream")
                                    .body(http_body_util::Either::Right(StreamBody::new(
                                        futures_util::stream::iter(frames),
                                    )))
                                    .unwrap()
                            };
                            Ok::<_, Infallible>(response)
                        }
                    },
                );
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(hyper_util::rt::TokioIo::new(socket), service)
                    .await;
            });
        }
    });
    format!("http://{addr}")
}

/// Peak resident memory of this process so far, in MiB.
fn peak_rss_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(f64::NAN, |kib| kib / 1024.0)
}

/// One transfer, in this (child) process: prints seconds and peak RSS.
async fn child(case: &str, size: u64, file: &str) {
    let base = serve(size).await;
    let token = "bench-token";
    let started = Instant::now();
    match case {
        "upload-reqwest" => {
            let file = tokio::fs::File::open(file).await.unwrap();
            let chunks = tokio_util::io::ReaderStream::with_capacity(file, CHUNK);
            let answer: serde_json::Value = auth_core::api_http_client()
                .put(format!("{base}/objects/big"))
                .bearer_auth(token)
                .header("content-type", "application/octet-stream")
                .header("content-length", size)
                .body(auth_core::reqwest::Body::wrap_stream(chunks))
                .send()
                .await
                .unwrap()
                .error_for_status()
                .unwrap()
                .json()
                .await
                .unwrap();
            assert_eq!(answer["received"], size);
        }
        "upload-client" | "upload-client-again" => {
            let client = client(&base, token);
            let answer = client.put_object("big", Upload::file(file)).await.unwrap();
            assert_eq!(answer["received"], size);
        }
        "download-reqwest" => {
            let mut response = auth_core::api_http_client()
                .get(format!("{base}/objects/big"))
                .bearer_auth(token)
                .send()
                .await
                .unwrap()
                .error_for_status()
                .unwrap();
            let mut received = 0u64;
            while let Some(chunk) = response.chunk().await.unwrap() {
                received += chunk.len() as u64;
            }
            assert_eq!(received, size);
        }
        "download-client" | "download-client-again" => {
            let client = client(&base, token);
            let mut download = client.get_object("big").await.unwrap();
            let mut received = 0u64;
            while let Some(chunk) = download.next().await {
                received += chunk.unwrap().len() as u64;
            }
            assert_eq!(received, size);
        }
        other => panic!("unknown case {other}"),
    }
    let seconds = started.elapsed().as_secs_f64();
    println!("{seconds} {}", peak_rss_mib());
}

fn client(base: &str, token: &str) -> ObjectsClient<store::All> {
    let token = Scoped::assume_granted(StaticToken::new(token).unwrap());
    ObjectsClient::with_base_url(token, base)
        .unwrap()
        .with_config(
            auth_core::ClientConfig::default().attempt_timeout(std::time::Duration::from_secs(120)),
        )
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--case") {
        let case = args[i + 1].clone();
        let size: u64 = args[i + 2].parse().unwrap();
        let file = args[i + 3].clone();
        tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()
            .unwrap()
            .block_on(child(&case, size, &file));
        return;
    }
    let quick = quick();
    let size: u64 = if quick { 64 << 20 } else { 1 << 30 };
    let rounds = if quick { 3 } else { 15 };
    // A sparse file: reading it costs no disk.
    let path = std::env::temp_dir().join(format!("auth-bench-transfer-{}", std::process::id()));
    std::fs::File::create(&path).unwrap().set_len(size).unwrap();
    let file = path.to_str().unwrap().to_owned();
    let run = |case: &str| -> (f64, f64) {
        let out = std::process::Command::new(std::env::current_exe().unwrap())
            .args(["--case", case, &size.to_string(), &file])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{case}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = String::from_utf8(out.stdout).unwrap();
        let mut fields = text.split_whitespace().map(|f| f.parse::<f64>().unwrap());
        (fields.next().unwrap(), fields.next().unwrap())
    };
    let gib = size as f64 / f64::from(1u32 << 30);
    for (title, cases) in [
        (
            "upload",
            ["upload-reqwest", "upload-client", "upload-client-again"],
        ),
        (
            "download",
            [
                "download-reqwest",
                "download-client",
                "download-client-again",
            ],
        ),
    ] {
        let mut time = Rounds::new(&format!("{title} of {gib} GiB: seconds"), rounds);
        let mut rss: Vec<(String, Vec<f64>)> =
            cases.iter().map(|c| (c.to_string(), Vec::new())).collect();
        for _ in 0..rounds {
            for (i, case) in cases.iter().enumerate() {
                let (seconds, peak) = run(case);
                time.measure(case, || seconds);
                rss[i].1.push(peak);
            }
        }
        print!("{}", time.report(cases[0]));
        println!("\npeak RSS of the process (client and server), MiB, median of {rounds}:\n");
        println!("| contender | peak RSS | MiB/s |\n|---|---|---|");
        for (case, peaks) in &rss {
            let mib_per_s = size as f64 / f64::from(1u32 << 20) / time.median(case);
            println!("| {case} | {:.1} | {mib_per_s:.0} |", median(peaks));
        }
        println!();
    }
    let _ = std::fs::remove_file(&path);
}
