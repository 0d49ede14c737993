//! Optional `#[query]` and `#[header]` arguments set on the call
//! (`client.list_orders().status("open").limit(20).await`), on a client and on a fake.

use auth_core::testkit::{Reply, Route, TestProvider};
use auth_core::{ApiCall, Error, Scoped, TokenCache, api, scopes};

scopes! {
    /// Scopes.
    pub mod merchant { can_read_order }
}

#[api(scopes = merchant)]
trait Orders {
    /// Orders of a customer, filtered.
    #[get("/customers/{customer}/orders")]
    #[authenticated(scope = "can_read_order")]
    async fn list_orders(
        &self,
        customer: u64,
        #[query] status: Option<String>,
        #[query("per_page")] limit: Option<u32>,
        #[header("x-request-id")] request_id: Option<String>,
    ) -> Result<serde_json::Value, Error>;

    /// Deprecated, with an optional argument: the deprecation is the method's (its
    /// callers are warned), not the generated code's.
    #[deprecated(note = "use list_orders")]
    #[get("/old")]
    #[authenticated(scope = "can_read_order")]
    async fn old_list(&self, #[query] page: Option<u32>) -> Result<serde_json::Value, Error>;

    /// An `Option<&str>` borrows: it stays an argument in order.
    #[get("/search")]
    #[authenticated(scope = "can_read_order")]
    async fn search(&self, #[query] q: Option<&str>) -> Result<serde_json::Value, Error>;
}

/// The provider answers with what it received: the query and one header.
async fn provider() -> TestProvider {
    let echo = |req: &auth_core::testkit::Request| {
        Reply::json(
            200,
            serde_json::json!({
                "query": req.query,
                "request_id": req.header("x-request-id"),
            }),
        )
    };
    TestProvider::builder()
        .route(
            Route::get("/customers/{customer}/orders")
                .scope("can_read_order")
                .respond(echo),
        )
        .route(Route::get("/search").scope("can_read_order").respond(echo))
        .route(Route::get("/old").scope("can_read_order").respond(echo))
        .start()
        .await
}

fn client(provider: &TestProvider) -> OrdersClient<merchant::All> {
    let cache = TokenCache::new(provider.client_credentials());
    OrdersClient::with_base_url(Scoped::assume_granted(cache), &provider.base_url()).unwrap()
}

#[tokio::test]
async fn optional_arguments_are_set_by_name_and_only_those_set_are_sent() {
    let provider = provider().await;
    let client = client(&provider);

    let none = client.list_orders(7).await.unwrap();
    assert_eq!(none["query"], serde_json::Value::Null);
    assert_eq!(none["request_id"], serde_json::Value::Null);

    let some = client
        .list_orders(7)
        .status("open")
        .limit(20)
        .request_id("req-1")
        .await
        .unwrap();
    assert_eq!(some["query"], "status=open&per_page=20");
    assert_eq!(some["request_id"], "req-1");

    // `set_x` takes an `Option`, for values that may be absent; the last setting wins.
    let maybe: Option<u32> = None;
    let forwarded = client
        .list_orders(7)
        .limit(5)
        .set_limit(maybe)
        .set_status(Some("closed".to_owned()))
        .await
        .unwrap();
    assert_eq!(forwarded["query"], "status=closed");

    let borrowed = client.search(Some("blue shirt")).await.unwrap();
    assert_eq!(borrowed["query"], "q=blue+shirt");
}

#[tokio::test]
#[allow(deprecated)]
async fn a_deprecated_method_still_takes_its_optional_arguments() {
    let provider = provider().await;
    let answer = client(&provider).old_list().page(2).await.unwrap();
    assert_eq!(answer["query"], "page=2");
}

#[tokio::test]
async fn the_calls_own_settings_chain_with_the_setters() {
    let provider = provider().await;
    let client = client(&provider);
    let answer = client
        .list_orders(7)
        .timeout(std::time::Duration::from_secs(5))
        .status("open")
        .header("x-request-id", "from-settings")
        .await
        .unwrap();
    assert_eq!(answer["query"], "status=open");
    assert_eq!(answer["request_id"], "from-settings");
}

/// A fake sees the optional arguments the caller set.
struct FakeOrders;

impl Orders for FakeOrders {
    fn list_orders(&self, customer: u64) -> OrdersListOrdersCall<'_> {
        OrdersListOrdersCall::new(move |optional: OrdersListOrdersOptional| {
            ApiCall::ready(Ok(serde_json::json!({
                "customer": customer,
                "status": optional.status,
                "limit": optional.limit,
            })))
        })
    }
}

#[tokio::test]
async fn a_fake_is_given_the_optional_arguments_and_dyn_still_works() {
    let orders: &dyn Orders = &FakeOrders;
    let answer = orders.list_orders(3).status("open").await.unwrap();
    assert_eq!(
        answer,
        serde_json::json!({"customer": 3, "status": "open", "limit": null})
    );
    let err = orders.search(None).await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::NotImplemented {
                method: "search",
                ..
            }
        ),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_client_is_the_trait_too_with_the_same_builders() {
    let provider = provider().await;
    let client = client(&provider);
    let orders: &dyn Orders = &client;
    let answer = orders.list_orders(1).limit(2).await.unwrap();
    assert_eq!(answer["query"], "per_page=2");
}
