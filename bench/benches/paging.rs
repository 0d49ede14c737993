//! Memory of a paged list walked as a stream: the peak of live heap bytes while every
//! item of N is taken from `.items()` (pages of 100, next URL in the body), against the
//! same items collected into a `Vec` (what a loop that gathers a list first holds). The
//! stream's peak should not grow with N: it holds one page at a time.
//!
//! A counting global allocator tracks live and peak heap bytes; the provider is the
//! testkit, in the same process (its page being written is counted too).
//!
//! `cargo bench -p auth-bench --bench paging [-- --quick]`

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicIsize, Ordering};

use auth_bench::quick;
use auth_core::testkit::{Reply, Request, Route, TestProvider};
use auth_core::{Error, Items, Scoped, TokenCache, api, scopes};
use serde::Deserialize;

struct Counting;

static LIVE: AtomicIsize = AtomicIsize::new(0);
static PEAK: AtomicIsize = AtomicIsize::new(0);

// SAFETY: forwards to the system allocator; only counts.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let now =
            LIVE.fetch_add(layout.size() as isize, Ordering::Relaxed) + layout.size() as isize;
        PEAK.fetch_max(now, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size() as isize, Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let grow = new_size as isize - layout.size() as isize;
        let now = LIVE.fetch_add(grow, Ordering::Relaxed) + grow;
        PEAK.fetch_max(now, Ordering::Relaxed);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

/// Resets the peak to what is live now, and returns that.
fn mark() -> isize {
    let now = LIVE.load(Ordering::Relaxed);
    PEAK.store(now, Ordering::Relaxed);
    now
}

scopes! {
    /// Scopes.
    pub mod shop { read_items }
}

/// An item of a realistic size: an id and a name of about 60 bytes.
#[derive(Debug, Deserialize)]
pub struct Item {
    /// Its number.
    pub id: u64,
    /// Its name.
    pub name: String,
}

#[api(scopes = shop)]
trait Shop {
    #[get("/items")]
    #[authenticated(scope = "read_items")]
    #[paginated(items = "/items", item = Item, next_url = "/links/next")]
    async fn list(&self, #[query] per_page: Option<u32>) -> Result<serde_json::Value, Error>;
}

const PAGE: u64 = 100;

fn page(request: &Request, total: u64) -> Reply {
    let from = request
        .query_param("from")
        .map_or(0, |v| v.parse::<u64>().unwrap());
    let items: Vec<serde_json::Value> = (from..(from + PAGE).min(total))
        .map(|id| serde_json::json!({ "id": id, "name": format!("item {id:>10} of a list walked page by page") }))
        .collect();
    let mut body = serde_json::json!({ "items": items, "links": {} });
    if from + PAGE < total {
        let host = request.header("host").unwrap_or_default();
        body["links"]["next"] =
            format!("http://{host}/items?per_page={PAGE}&from={}", from + PAGE).into();
    }
    Reply::json(200, body)
}

fn main() {
    let sizes: &[u64] = if quick() {
        &[1_000, 10_000]
    } else {
        &[1_000, 10_000, 100_000]
    };
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    println!(
        "| items | pages | stream: peak heap above start | collected into a Vec: peak heap above start |"
    );
    println!("|---|---|---|---|");
    for &total in sizes {
        let (streamed, collected) = rt.block_on(async {
            let provider = TestProvider::builder()
                .scopes(["read_items"])
                .route(
                    Route::get("/items")
                        .scope("read_items")
                        .respond(move |r| page(r, total)),
                )
                .start()
                .await;
            let cache = TokenCache::new(provider.client_credentials());
            let client = ShopClient::<shop::All>::with_base_url(
                Scoped::assume_granted(cache),
                &provider.base_url(),
            )
            .unwrap();
            // Warm: token, connection, first buffers.
            client.list().per_page(PAGE as u32).await.unwrap();

            let start = mark();
            let mut items: Items<'_, Item> = client.list().per_page(PAGE as u32).items();
            let mut seen = 0u64;
            while let Some(item) = items.next().await {
                let item = item.unwrap();
                assert_eq!(item.id, seen);
                seen += 1;
            }
            assert_eq!(seen, total);
            drop(items);
            let streamed = PEAK.load(Ordering::Relaxed) - start;

            let start = mark();
            let mut all: Vec<Item> = Vec::new();
            let mut items = client.list().per_page(PAGE as u32).items();
            while let Some(item) = items.next().await {
                all.push(item.unwrap());
            }
            assert_eq!(all.len() as u64, total);
            drop(items);
            let collected = PEAK.load(Ordering::Relaxed) - start;
            drop(all);
            (streamed, collected)
        });
        println!(
            "| {total} | {} | {} KiB | {} KiB |",
            total.div_ceil(PAGE),
            streamed / 1024,
            collected / 1024
        );
    }
}
