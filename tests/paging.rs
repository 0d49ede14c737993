//! Every page of a list as a stream, in each paging style real APIs use, over the
//! testkit: 10,000 items in pages of 100, a token expiring mid-stream, a 429 mid-stream,
//! a cursor that repeats, and fakes.
//!
//! The provider's answers take the shapes documented by DigitalOcean (`links.pages.next`,
//! https://docs.digitalocean.com/reference/api/digitalocean/#section/Introduction/Links-and-Pagination),
//! Mastodon (`Link` header, https://docs.joinmastodon.org/api/guidelines/#pagination),
//! Asana (`next_page.offset`, https://developers.asana.com/docs/pagination) and page
//! numbers with a total (`meta.pages`).

use std::time::Duration;

use auth_core::testkit::{Fault, Reply, Request, Route, TestProvider};
use auth_core::{Error, Scoped, TokenCache, api, scopes};
use futures_util::{StreamExt, TryStreamExt};
use serde::Deserialize;
use serde_json::json;

scopes! {
    /// Scopes.
    pub mod shop { read_items }
}

/// One item of a page.
#[derive(Debug, Deserialize, PartialEq)]
pub struct Item {
    /// Its number, 0 to 9,999.
    pub id: u64,
}

#[api(scopes = shop)]
trait Shop {
    /// DigitalOcean's style.
    #[get("/next-url/items")]
    #[authenticated(scope = "read_items")]
    #[paginated(items = "/items", item = Item, next_url = "/links/pages/next")]
    async fn by_next_url(&self, #[query] per_page: Option<u32>)
    -> Result<serde_json::Value, Error>;

    /// Mastodon's: the body is the array.
    #[get("/link/items")]
    #[authenticated(scope = "read_items")]
    #[paginated(item = Item, link_header)]
    async fn by_link(&self, #[query] limit: Option<u32>) -> Result<Vec<Item>, Error>;

    /// Asana's.
    #[get("/cursor/items")]
    #[authenticated(scope = "read_items")]
    #[paginated(items = "/data", item = Item, cursor = "/next_page/offset", param = "offset")]
    async fn by_cursor(&self, #[query] limit: Option<u32>) -> Result<serde_json::Value, Error>;

    /// Numbered pages with a total.
    #[get("/numbered/items")]
    #[authenticated(scope = "read_items")]
    #[paginated(items = "/items", item = Item, page = "page", total_pages = "/meta/pages")]
    async fn by_number(&self, #[query] per_page: Option<u32>) -> Result<serde_json::Value, Error>;

    /// A cursor that comes back to one already sent.
    #[get("/circle/items")]
    #[authenticated(scope = "read_items")]
    #[paginated(items = "/data", item = Item, cursor = "/next_page/offset", param = "offset")]
    async fn in_circles(&self) -> Result<serde_json::Value, Error>;

    /// A next page on another server.
    #[get("/elsewhere/items")]
    #[authenticated(scope = "read_items")]
    #[paginated(items = "/items", item = Item, next_url = "/next")]
    async fn elsewhere(&self) -> Result<serde_json::Value, Error>;
}

const TOTAL: u64 = 10_000;

fn number(req: &Request, name: &str, default: u64) -> u64 {
    req.query_param(name)
        .map_or(default, |v| v.parse().unwrap())
}

/// Items `from..from + size` (at most up to `TOTAL`).
fn items(from: u64, size: u64) -> Vec<serde_json::Value> {
    (from..(from + size).min(TOTAL))
        .map(|id| json!({ "id": id }))
        .collect()
}

async fn provider(token_lifetime: Duration) -> TestProvider {
    let next_url = |req: &Request| {
        let (page, size) = (number(req, "page", 1), number(req, "per_page", 20));
        let host = req.header("host").unwrap().to_owned();
        let mut pages = json!({});
        if page * size < TOTAL {
            pages["next"] = json!(format!(
                "http://{host}/next-url/items?page={}&per_page={size}",
                page + 1
            ));
        }
        Reply::json(
            200,
            json!({ "items": items((page - 1) * size, size), "links": { "pages": pages },
                    "meta": { "total": TOTAL } }),
        )
    };
    let link = |req: &Request| {
        let (after, size) = (number(req, "min_id", 0), number(req, "limit", 20));
        let reply = Reply::json(200, json!(items(after, size)));
        if after + size < TOTAL {
            // Relative, as RFC 8288 allows.
            let next = format!(
                "</link/items?limit={size}&min_id={}>; rel=\"next\"",
                after + size
            );
            reply.header(
                "link",
                format!("{next}, </link/items?limit={size}>; rel=\"first\""),
            )
        } else {
            reply
        }
    };
    let cursor = |req: &Request| {
        let size = number(req, "limit", 20);
        let from = req
            .query_param("offset")
            .map_or(0, |o| o.trim_start_matches("c-").parse().unwrap());
        let next = (from + size < TOTAL).then(|| json!({ "offset": format!("c-{}", from + size) }));
        Reply::json(200, json!({ "data": items(from, size), "next_page": next }))
    };
    let numbered = |req: &Request| {
        let (page, size) = (number(req, "page", 1), number(req, "per_page", 20));
        Reply::json(
            200,
            json!({ "items": items((page - 1) * size, size),
                    "meta": { "page": page, "pages": TOTAL.div_ceil(size) } }),
        )
    };
    let circle = |req: &Request| {
        let at = req
            .query_param("offset")
            .map_or(0, |o| o.parse::<u64>().unwrap());
        Reply::json(
            200,
            json!({ "data": items(at * 10, 10), "next_page": { "offset": (at + 1) % 3 } }),
        )
    };
    let elsewhere = |_: &Request| {
        Reply::json(
            200,
            json!({ "items": items(0, 2), "next": "https://collector.example/items" }),
        )
    };
    TestProvider::builder()
        .token_lifetime(token_lifetime)
        .scopes(["read_items"])
        .route(
            Route::get("/next-url/items")
                .scope("read_items")
                .respond(next_url),
        )
        .route(Route::get("/link/items").scope("read_items").respond(link))
        .route(
            Route::get("/cursor/items")
                .scope("read_items")
                .respond(cursor),
        )
        .route(
            Route::get("/numbered/items")
                .scope("read_items")
                .respond(numbered),
        )
        .route(
            Route::get("/circle/items")
                .scope("read_items")
                .respond(circle),
        )
        .route(
            Route::get("/elsewhere/items")
                .scope("read_items")
                .respond(elsewhere),
        )
        .start()
        .await
}

fn client(provider: &TestProvider) -> ShopClient<shop::All> {
    let cache = TokenCache::new(provider.client_credentials());
    ShopClient::with_base_url(Scoped::assume_granted(cache), &provider.base_url()).unwrap()
}

async fn ids<'a>(items: auth_core::Items<'a, Item>) -> Vec<u64> {
    items.map_ok(|item| item.id).try_collect().await.unwrap()
}

#[tokio::test]
async fn every_style_yields_every_item_once_in_order_a_page_per_request() {
    let provider = provider(Duration::from_secs(3600)).await;
    let client = client(&provider);
    let all: Vec<u64> = (0..TOTAL).collect();

    assert_eq!(ids(client.by_next_url().per_page(100).items()).await, all);
    assert_eq!(ids(client.by_link().limit(100).items()).await, all);
    assert_eq!(ids(client.by_cursor().limit(100).items()).await, all);
    assert_eq!(ids(client.by_number().per_page(100).items()).await, all);

    let stats = provider.stats();
    for route in [
        "/next-url/items",
        "/link/items",
        "/cursor/items",
        "/numbered/items",
    ] {
        assert_eq!(stats.api(&format!("GET {route}")), 100, "{route}");
    }
    assert_eq!(stats.token_requests, 1);
}

#[tokio::test]
async fn pages_are_the_methods_answers_one_per_page() {
    let provider = provider(Duration::from_secs(3600)).await;
    let client = client(&provider);

    let pages: Vec<Vec<Item>> = client
        .by_link()
        .limit(400)
        .pages()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(pages.len(), 25);
    assert!(pages.iter().all(|p| p.len() == 400));
    assert_eq!(pages[24][399].id, TOTAL - 1);

    // `next()` without `StreamExt`; the first page is what `.await` answers.
    let mut numbered = client.by_number().per_page(2500).pages();
    let first = numbered.next().await.unwrap().unwrap();
    assert_eq!(first, client.by_number().per_page(2500).await.unwrap());
    let mut seen = 1;
    while let Some(page) = numbered.next().await {
        assert_eq!(page.unwrap()["meta"]["page"], seen + 1);
        seen += 1;
    }
    assert_eq!(seen, 4);
}

#[tokio::test(start_paused = true)]
async fn a_token_expiring_mid_stream_is_renewed_and_the_stream_goes_on() {
    let provider = provider(Duration::from_secs(60)).await;
    let client = client(&provider);
    let mut items = client.by_cursor().limit(100).items();
    for expected in 0..5_000 {
        assert_eq!(items.next().await.unwrap().unwrap().id, expected);
    }
    assert_eq!(provider.stats().token_requests, 1);

    tokio::time::advance(Duration::from_secs(120)).await;
    tokio::task::yield_now().await;
    let rest: Vec<u64> = items.map_ok(|i| i.id).try_collect().await.unwrap();
    assert_eq!(rest, (5_000..TOTAL).collect::<Vec<_>>());
    let stats = provider.stats();
    assert_eq!(stats.token_requests, 2);
    assert_eq!(stats.unauthorized, 0);
}

#[tokio::test(start_paused = true)]
async fn a_429_mid_stream_is_waited_out_and_the_page_fetched_again() {
    let provider = provider(Duration::from_secs(3600)).await;
    let client = client(&provider);
    let mut items = client.by_next_url().per_page(100).items();
    for expected in 0..3_050 {
        assert_eq!(items.next().await.unwrap().unwrap().id, expected);
    }
    provider.inject("/next-url/items", Fault::retry_after(429, "2"), 1);
    let started = tokio::time::Instant::now();
    let rest: Vec<u64> = items.map_ok(|i| i.id).try_collect().await.unwrap();
    assert_eq!(rest, (3_050..TOTAL).collect::<Vec<_>>());
    assert!(started.elapsed() >= Duration::from_secs(2));
    // 100 pages, page 32 answered 429 once before.
    let stats = provider.stats();
    assert_eq!((stats.api("GET /next-url/items"), stats.faults), (100, 1));
}

#[tokio::test]
async fn a_cursor_that_repeats_ends_the_stream_with_an_error() {
    let provider = provider(Duration::from_secs(3600)).await;
    let client = client(&provider);
    let results: Vec<Result<Item, Error>> = client.in_circles().items().collect().await;
    // Offsets none, 1, 2, 0, then 1 again.
    assert_eq!(results.len(), 41, "four pages of ten, then the error");
    assert!(results[..40].iter().all(Result::is_ok));
    let error = results[40].as_ref().unwrap_err();
    assert!(
        matches!(
            error,
            Error::Paging {
                method: "in_circles",
                ..
            }
        ),
        "{error:?}"
    );
    assert!(
        error
            .to_string()
            .contains("page 4 names a page already fetched"),
        "{error}"
    );
    assert_eq!(provider.stats().api("GET /circle/items"), 4);
}

#[tokio::test]
async fn a_next_page_on_another_server_is_not_fetched() {
    let provider = provider(Duration::from_secs(3600)).await;
    let client = client(&provider);
    let results: Vec<Result<Item, Error>> = client.elsewhere().items().collect().await;
    assert_eq!(results.len(), 3);
    let error = results[2].as_ref().unwrap_err().to_string();
    assert!(
        error.contains("another server (collector.example)"),
        "{error}"
    );
    assert_eq!(provider.stats().api("GET /elsewhere/items"), 1);
}

/// A fake gives its pages as the API would send them.
struct FakeShop;

impl Shop for FakeShop {
    fn by_cursor(&self) -> ShopByCursorCall<'_> {
        ShopByCursorCall::new_pages(|optional: ShopByCursorOptional| {
            let size = u64::from(optional.limit.unwrap_or(2));
            vec![
                json!({ "data": items(0, size), "next_page": { "offset": "x" } }),
                json!({ "data": items(size, size), "next_page": null }),
            ]
        })
    }
}

#[tokio::test]
async fn fakes_give_pages_and_items_through_the_trait() {
    let shop: &dyn Shop = &FakeShop;
    let ids: Vec<u64> = ids(shop.by_cursor().limit(3).items()).await;
    assert_eq!(ids, vec![0, 1, 2, 3, 4, 5]);
    let first = shop.by_cursor().await.unwrap();
    assert_eq!(first["data"][1]["id"], 1);
    let pages: Vec<serde_json::Value> = shop.by_cursor().pages().try_collect().await.unwrap();
    assert_eq!(pages.len(), 2);

    // A method the fake does not implement answers `NotImplemented` as its only page.
    let pages: Vec<Result<Vec<Item>, Error>> = shop.by_link().pages().collect().await;
    assert!(matches!(
        pages[..],
        [Err(Error::NotImplemented {
            method: "by_link",
            ..
        })]
    ));
    let items: Vec<Result<Item, Error>> = shop.by_link().items().collect().await;
    assert!(matches!(
        items[..],
        [Err(Error::Paging {
            method: "by_link",
            ..
        })]
    ));
}
