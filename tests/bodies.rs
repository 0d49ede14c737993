//! Bodies that are not JSON, end to end over the testkit: multipart forms (text, JSON,
//! file and stream parts; a typed parts struct), URL-encoded forms, uploads from bytes,
//! files and streams (replayed after a 401 when they can be, refused with
//! `BodyNotReplayable` when they cannot), and downloads read as a stream.

use std::time::Duration;

use auth_core::testkit::{Fault, Reply, Route, TestProvider};
use auth_core::{ByteStream, Error, Multipart, Part, Scoped, TokenCache, Upload, api, scopes};
use serde_json::{Value, json};

scopes! {
    /// Scopes.
    pub mod files { can_upload, can_download }
}

#[api(scopes = files)]
trait Files {
    #[post("/attachments")]
    #[authenticated(scope = "can_upload")]
    async fn attach(&self, #[body] form: Multipart) -> Result<Value, Error>;

    #[post("/attachments")]
    #[authenticated(scope = "can_upload")]
    async fn attach_typed(&self, #[body(multipart)] parts: AttachmentParts)
    -> Result<Value, Error>;

    #[put("/objects/{name}")]
    #[authenticated(scope = "can_upload")]
    async fn put_object(&self, name: &str, #[body] content: Upload) -> Result<Value, Error>;

    #[post("/objects/{name}")]
    #[authenticated(scope = "can_upload")]
    async fn post_object(&self, name: &str, #[body] content: Upload) -> Result<Value, Error>;

    #[post("/forms")]
    #[authenticated(scope = "can_upload")]
    async fn submit(&self, #[body(form)] form: &Login) -> Result<Value, Error>;

    #[get("/objects/{name}")]
    #[authenticated(scope = "can_download")]
    async fn get_object(&self, name: &str) -> Result<ByteStream, Error>;
}

/// A typed multipart body, as the OpenAPI generator writes one.
struct AttachmentParts {
    file: Part,
    parent: String,
    pinned: Option<bool>,
}

impl From<AttachmentParts> for Multipart {
    fn from(parts: AttachmentParts) -> Multipart {
        let mut form = Multipart::new()
            .part("file", parts.file)
            .text("parent", parts.parent);
        if let Some(pinned) = parts.pinned {
            form = form.text("pinned", pinned.to_string());
        }
        form
    }
}

#[derive(serde::Serialize)]
struct Login {
    username: &'static str,
    scope: Vec<&'static str>,
}

/// What the server received: the headers that describe the body, and the body.
fn echo(req: &auth_core::testkit::Request) -> Reply {
    Reply::json(
        200,
        json!({
            "content_type": req.header("content-type"),
            "content_length": req.header("content-length"),
            "chunked": req.header("transfer-encoding") == Some("chunked"),
            "length": req.body.len(),
            "body": String::from_utf8_lossy(&req.body),
        }),
    )
}

async fn provider() -> TestProvider {
    TestProvider::builder()
        .scopes(["can_upload", "can_download"])
        .route(
            Route::post("/attachments")
                .scope("can_upload")
                .respond(echo),
        )
        .route(
            Route::put("/objects/{name}")
                .scope("can_upload")
                .respond(echo),
        )
        .route(
            Route::post("/objects/{name}")
                .scope("can_upload")
                .respond(echo),
        )
        .route(Route::post("/forms").scope("can_upload").respond(echo))
        .route(
            Route::get("/objects/{name}")
                .scope("can_download")
                .respond(|_| {
                    Reply::status(200)
                        .header("content-type", "application/pdf")
                        .body(vec![b'x'; 300_000])
                }),
        )
        .start()
        .await
}

fn client(provider: &TestProvider) -> FilesClient<files::All> {
    let cache = TokenCache::new(provider.client_credentials());
    FilesClient::with_base_url(Scoped::assume_granted(cache), &provider.base_url()).unwrap()
}

/// A file of `len` bytes in the temporary directory, removed when dropped.
struct TempFile(std::path::PathBuf);

impl TempFile {
    fn new(name: &str, len: usize) -> Self {
        let path = std::env::temp_dir().join(format!("auth-core-{}-{name}", std::process::id()));
        let bytes: Vec<u8> = (0..len).map(|i| b'a' + (i % 26) as u8).collect();
        std::fs::write(&path, bytes).unwrap();
        TempFile(path)
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// The parts of a multipart body: (headers, content) each, split on its boundary.
fn parts(echoed: &Value) -> Vec<(String, String)> {
    let content_type = echoed["content_type"].as_str().unwrap();
    let boundary = content_type
        .strip_prefix("multipart/form-data; boundary=")
        .unwrap_or_else(|| panic!("{content_type}"));
    let body = echoed["body"].as_str().unwrap();
    let delimiter = format!("--{boundary}");
    assert!(body.ends_with(&format!("{delimiter}--\r\n")), "{body}");
    body.split(&delimiter)
        .filter(|p| !p.is_empty() && !p.starts_with("--"))
        .map(|p| {
            let p = p
                .strip_prefix("\r\n")
                .unwrap()
                .strip_suffix("\r\n")
                .unwrap();
            let (head, content) = p.split_once("\r\n\r\n").unwrap();
            (head.to_owned(), content.to_owned())
        })
        .collect()
}

#[tokio::test]
async fn a_multipart_form_sends_text_json_file_and_stream_parts_with_a_length() {
    let provider = provider().await;
    let client = client(&provider);
    let file = TempFile::new("report.csv", 70_000);
    let form = Multipart::new()
        .text("parent", "1204619611402340")
        .json("metadata", &json!({"tags": ["scan"]}))
        .part("file", Part::file(&file.0).file_name("report.csv"))
        .part(
            "thumbnail",
            Part::stream_with_length(
                futures_util::stream::iter([Ok::<_, std::io::Error>(&b"\xff\xd8"[..])]),
                2,
            )
            .file_name("thumb.jpg")
            .content_type("image/jpeg"),
        );
    let echoed = client.attach(form).await.unwrap();

    // Every length was known: the body went with a Content-Length, not chunked.
    assert_eq!(echoed["chunked"], false);
    assert_eq!(
        echoed["content_length"].as_str().unwrap(),
        echoed["length"].to_string()
    );
    let parts = parts(&echoed);
    assert_eq!(parts.len(), 4);
    assert_eq!(
        parts[0].0,
        "Content-Disposition: form-data; name=\"parent\""
    );
    assert_eq!(parts[0].1, "1204619611402340");
    assert_eq!(
        parts[1].0,
        "Content-Disposition: form-data; name=\"metadata\"\r\nContent-Type: application/json"
    );
    assert_eq!(parts[1].1, r#"{"tags":["scan"]}"#);
    assert_eq!(
        parts[2].0,
        "Content-Disposition: form-data; name=\"file\"; filename=\"report.csv\"\r\nContent-Type: text/csv"
    );
    assert_eq!(parts[2].1.len(), 70_000);
    assert!(parts[2].1.starts_with("abcdefghijklmnopqrstuvwxyzabc"));
    assert!(
        parts[3]
            .0
            .contains("filename=\"thumb.jpg\"\r\nContent-Type: image/jpeg")
    );
}

#[tokio::test]
async fn a_typed_parts_struct_is_a_multipart_body() {
    let provider = provider().await;
    let client = client(&provider);
    let echoed = client
        .attach_typed(AttachmentParts {
            file: Part::bytes(&b"%PDF-1.7"[..]).file_name("a.pdf"),
            parent: "42".into(),
            pinned: Some(true),
        })
        .await
        .unwrap();
    let parts = parts(&echoed);
    let names: Vec<&str> = parts
        .iter()
        .map(|(head, _)| head.split('"').nth(1).unwrap())
        .collect();
    assert_eq!(names, ["file", "parent", "pinned"]);
    assert_eq!(parts[0].1, "%PDF-1.7");
    assert_eq!(parts[2].1, "true");
}

#[tokio::test]
async fn a_form_body_is_url_encoded() {
    let provider = provider().await;
    let client = client(&provider);
    let echoed = client
        .submit(&Login {
            username: "ana maría",
            scope: vec!["read", "write"],
        })
        .await
        .unwrap();
    assert_eq!(echoed["content_type"], "application/x-www-form-urlencoded");
    assert_eq!(
        echoed["body"],
        "username=ana+mar%C3%ADa&scope=read&scope=write"
    );
}

#[tokio::test]
async fn an_upload_from_a_file_is_sent_with_its_length_and_sent_again_after_a_401() {
    let provider = provider().await;
    let client = client(&provider);
    let file = TempFile::new("backup.tar", 1_000_000);
    provider.inject("/objects/", Fault::status(401), 1);
    let echoed = client
        .put_object("backup.tar", Upload::file(&file.0))
        .await
        .unwrap();
    assert_eq!(echoed["content_type"], "application/octet-stream");
    assert_eq!(echoed["content_length"], "1000000");
    assert_eq!(echoed["length"], 1_000_000);
    let sent: Vec<u16> = provider
        .requests()
        .iter()
        .filter(|r| r.path.starts_with("/objects/"))
        .map(|r| r.status)
        .collect();
    assert_eq!(
        sent,
        [401, 200],
        "the file was sent again, whole, with a new token"
    );
}

#[tokio::test]
async fn an_upload_from_bytes_has_its_content_type() {
    let provider = provider().await;
    let client = client(&provider);
    let echoed = client
        .put_object(
            "logo.png",
            Upload::bytes(&b"\x89PNG"[..]).content_type("image/png"),
        )
        .await
        .unwrap();
    assert_eq!(echoed["content_type"], "image/png");
    assert_eq!(echoed["content_length"], "4");
}

fn chunks(n: usize) -> impl futures_util::Stream<Item = Result<Vec<u8>, std::io::Error>> + Send {
    futures_util::stream::iter((0..n).map(|_| Ok(vec![b'z'; 1000])))
}

#[tokio::test]
async fn a_streamed_upload_is_chunked_unless_given_a_length() {
    let provider = provider().await;
    let client = client(&provider);
    let echoed = client
        .put_object("a", Upload::stream(chunks(5)))
        .await
        .unwrap();
    assert_eq!(echoed["chunked"], true);
    assert_eq!(echoed["length"], 5000);

    let echoed = client
        .put_object("b", Upload::stream(chunks(5)).length(5000))
        .await
        .unwrap();
    assert_eq!(echoed["chunked"], false);
    assert_eq!(echoed["content_length"], "5000");
}

#[tokio::test]
async fn a_streamed_upload_is_not_sent_again_after_a_401_and_says_so() {
    let provider = provider().await;
    let client = client(&provider);
    client.put_object("warm", Upload::bytes("x")).await.unwrap(); // a token in the cache
    provider.reset_stats();
    provider.inject("/objects/", Fault::status(401), 1);
    let err = client
        .put_object("a", Upload::stream(chunks(3)))
        .await
        .unwrap_err();
    let Error::BodyNotReplayable { method, cause } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(*method, "put_object");
    assert!(matches!(**cause, Error::Unauthorized { .. }), "{cause:?}");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(401));
    assert!(
        err.to_string().contains("its body is a stream, read once"),
        "{err}"
    );
    assert_eq!(provider.requests().len(), 1, "nothing was sent again");
}

#[tokio::test(start_paused = true)]
async fn a_streamed_upload_is_not_retried_after_a_503() {
    let provider = provider().await;
    let client = client(&provider);
    client.put_object("warm", Upload::bytes("x")).await.unwrap();
    provider.reset_stats();
    provider.inject("/objects/", Fault::status(503), 1);
    let err = client
        .put_object("a", Upload::stream(chunks(3)))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::BodyNotReplayable { cause, .. } if matches!(**cause, Error::Api(_))),
        "{err:?}"
    );
    assert_eq!(provider.requests().len(), 1);

    // The same upload from a file is retried, and succeeds.
    let file = TempFile::new("retried.bin", 10_000);
    provider.inject("/objects/", Fault::status(503), 1);
    let echoed = client.put_object("a", Upload::file(&file.0)).await.unwrap();
    assert_eq!(echoed["length"], 10_000);
}

#[tokio::test(start_paused = true)]
async fn a_slow_upload_outlasts_the_timeouts_while_it_moves_and_a_stalled_one_fails() {
    let provider = provider().await;
    let client = client(&provider);
    // Ten chunks, 15 s apart: 150 s, past the 30 s attempt timeout and the 60 s deadline.
    let slow = futures_util::stream::unfold(0, |i| async move {
        if i == 10 {
            return None;
        }
        tokio::time::sleep(Duration::from_secs(15)).await;
        Some((Ok::<_, std::io::Error>(vec![b's'; 100]), i + 1))
    });
    let started = tokio::time::Instant::now();
    let echoed = client
        .post_object("slow", Upload::stream(slow))
        .await
        .unwrap();
    assert_eq!(echoed["length"], 1000);
    assert!(started.elapsed() >= Duration::from_secs(150));

    // One chunk, then nothing: the attempt ends 30 s after the chunk.
    use futures_util::StreamExt as _;
    let stalled = futures_util::stream::iter([Ok::<_, std::io::Error>(vec![b's'; 100])])
        .chain(futures_util::stream::pending());
    let started = tokio::time::Instant::now();
    let err = client
        .post_object("stalled", Upload::stream(stalled))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Transport(t) if t.kind == auth_core::TransportErrorKind::Timeout),
        "{err:?}"
    );
    let waited = started.elapsed();
    assert!(
        waited >= Duration::from_secs(30) && waited < Duration::from_secs(31),
        "{waited:?}"
    );
}

#[tokio::test]
async fn a_missing_file_fails_the_call_naming_it_and_sends_nothing() {
    let provider = provider().await;
    let client = client(&provider);
    client.put_object("warm", Upload::bytes("x")).await.unwrap();
    provider.reset_stats();
    let err = client
        .put_object("a", Upload::file("/nonexistent/auth-core-upload.bin"))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::InvalidRequest { reason, .. } if reason.contains("/nonexistent/auth-core-upload.bin")),
        "{err:?}"
    );
    assert!(provider.requests().is_empty());
}

#[tokio::test]
async fn a_download_is_read_as_it_arrives() {
    let provider = provider().await;
    let client = client(&provider);
    let mut download = client.get_object("report.pdf").await.unwrap();
    assert_eq!(download.status().as_u16(), 200);
    assert_eq!(download.content_type(), Some("application/pdf"));
    assert_eq!(download.content_length(), Some(300_000));
    let mut total = 0;
    let mut chunks = 0;
    while let Some(chunk) = download.next().await {
        total += chunk.unwrap().len();
        chunks += 1;
    }
    assert_eq!(total, 300_000);
    assert!(chunks >= 1);

    // Or copied into any AsyncWrite.
    let download = client.get_object("report.pdf").await.unwrap();
    let mut sink = Vec::new();
    let copied = tokio::io::copy(&mut download.into_async_read(), &mut sink)
        .await
        .unwrap();
    assert_eq!(copied, 300_000);
}

#[tokio::test]
async fn a_download_cut_off_mid_body_ends_with_a_transport_error() {
    let provider = provider().await;
    let client = client(&provider);
    provider.inject("/objects/", Fault::CloseMidBody, 1);
    let mut download = client.get_object("report.pdf").await.unwrap();
    let mut last = None;
    while let Some(chunk) = download.next().await {
        last = Some(chunk);
    }
    let err = last.unwrap().unwrap_err();
    assert!(
        matches!(&err, Error::Transport(t) if t.kind == auth_core::TransportErrorKind::Body),
        "{err:?}"
    );
}

#[tokio::test(start_paused = true)]
async fn a_stalled_download_fails_after_the_attempt_timeout() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    // A server that sends the headers and 10 of 100 bytes, then nothing.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        let mut request = [0u8; 4096];
        let _ = socket.read(&mut request).await.unwrap();
        socket
            .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\n0123456789")
            .await
            .unwrap();
        std::future::pending::<()>().await;
    });
    let token = auth_core::StaticToken::new("t").unwrap();
    let client = FilesClient::<files::All>::with_base_url(
        Scoped::assume_granted(token),
        &format!("http://{addr}"),
    )
    .unwrap();
    let mut download = client.get_object("x").await.unwrap();
    assert_eq!(download.next().await.unwrap().unwrap().len(), 10);
    let started = tokio::time::Instant::now();
    let err = download.next().await.unwrap().unwrap_err();
    assert!(
        matches!(&err, Error::Transport(t) if t.kind == auth_core::TransportErrorKind::Timeout),
        "{err:?}"
    );
    assert_eq!(started.elapsed(), Duration::from_secs(30));
    assert!(download.next().await.is_none());
}

#[test]
fn bodies_show_what_they_are_never_their_bytes() {
    let form = Multipart::new()
        .text("password", "hunter2")
        .part("file", Part::file("/tmp/x.csv"));
    let shown = format!("{form:?}");
    assert!(!shown.contains("hunter2"), "{shown}");
    assert!(
        shown.contains("\"password\": Part { source: 7 bytes"),
        "{shown}"
    );
    let upload = Upload::bytes("secret-bytes");
    assert_eq!(
        format!("{upload:?}"),
        r#"Upload { source: 12 bytes, content_type: "application/octet-stream" }"#
    );
    assert!(!Upload::stream(chunks(1)).is_replayable());
    assert!(
        !Multipart::new()
            .part("s", Part::stream(chunks(1)))
            .is_replayable()
    );
    assert!(Multipart::new().part("f", Part::file("x")).is_replayable());
}

#[tokio::test]
async fn a_fake_answers_a_download_with_bytes() {
    struct Fake;
    impl Files for Fake {
        fn get_object(&self, _name: &str) -> auth_core::ApiCall<'_, ByteStream> {
            auth_core::ApiCall::ready(Ok(ByteStream::from_bytes("fake contents")))
        }
    }
    let fake = Fake;
    let body = fake
        .get_object("x")
        .await
        .unwrap()
        .collect(1024)
        .await
        .unwrap();
    assert_eq!(&body[..], b"fake contents");
}
