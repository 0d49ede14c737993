//! An application's unit tests with a fake in place of a generated client, and code
//! written once for the client and the fake (`&dyn`, `impl Trait`): the README's
//! "Generic code, fakes and `dyn`", run.

use std::sync::atomic::{AtomicUsize, Ordering};

use auth_core::testkit::{Reply, Route, TestProvider};
use auth_core::{ApiCall, ClientCredentials, Error, Scoped, TokenCache, api, scopes};

scopes! {
    pub mod merchant {
        can_read_order,
        can_write_order => can_read_order,
    }
}

#[api(scopes = merchant)]
pub trait Orders {
    #[get("/orders/{id}/status")]
    #[authenticated(scope = "can_read_order")]
    async fn status(&self, id: u64) -> Result<String, Error>;

    #[post("/orders/{id}/cancel")]
    #[authenticated(scope = "can_write_order")]
    async fn cancel(&self, id: u64) -> Result<(), Error>;
}

/// The application's code under test: cancels an order unless it has shipped.
async fn cancel_unless_shipped(orders: &dyn Orders, id: u64) -> Result<bool, Error> {
    if orders.status(id).await? == "shipped" {
        return Ok(false);
    }
    orders.cancel(id).await?;
    Ok(true)
}

/// A fake that answers a fixed status and counts cancellations.
struct FakeOrders {
    status: &'static str,
    cancelled: AtomicUsize,
}

impl Orders for FakeOrders {
    fn status(&self, _id: u64) -> ApiCall<'_, String> {
        ApiCall::ready(Ok(self.status.to_owned()))
    }

    fn cancel(&self, _id: u64) -> ApiCall<'_, ()> {
        ApiCall::new(async move {
            self.cancelled.fetch_add(1, Ordering::SeqCst);
            Ok(())
        })
    }
}

#[tokio::test]
async fn a_fake_stands_in_for_the_client() {
    let open = FakeOrders {
        status: "open",
        cancelled: AtomicUsize::new(0),
    };
    assert!(cancel_unless_shipped(&open, 1).await.unwrap());
    assert_eq!(open.cancelled.load(Ordering::SeqCst), 1);

    let shipped = FakeOrders {
        status: "shipped",
        cancelled: AtomicUsize::new(0),
    };
    assert!(!cancel_unless_shipped(&shipped, 1).await.unwrap());
    assert_eq!(shipped.cancelled.load(Ordering::SeqCst), 0);
}

/// A fake that implements nothing: each call names the method it lacks.
struct Empty;
impl Orders for Empty {}

#[tokio::test]
async fn a_method_the_fake_lacks_answers_not_implemented() {
    let err = cancel_unless_shipped(&Empty, 1).await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::NotImplemented {
                api: "Orders",
                method: "status"
            }
        ),
        "{err:?}"
    );
    assert!(
        err.to_string()
            .contains("`Orders::status` is not implemented"),
        "{err}"
    );
}

#[tokio::test]
async fn the_same_code_runs_against_the_real_client() {
    let provider = TestProvider::builder()
        .route(
            Route::get("/orders/{id}/status")
                .scope("can_read_order")
                .respond(|_| Reply::json(200, serde_json::json!("open"))),
        )
        .route(
            Route::post("/orders/{id}/cancel")
                .scope("can_write_order")
                .respond(|_| Reply::status(204)),
        )
        .start()
        .await;
    let source = ClientCredentials::new(
        &provider.token_url(),
        provider.client_id(),
        provider.client_secret(),
    )
    .unwrap()
    .scopes(["can_read_order", "can_write_order"]);
    let token = Scoped::<merchant::All>::verify(TokenCache::new(source))
        .await
        .unwrap();
    let client = OrdersClient::with_base_url(token, &provider.base_url()).unwrap();

    // `&OrdersClient<All>` is a `&dyn Orders`: its token allows every method.
    assert!(cancel_unless_shipped(&client, 7).await.unwrap());
    assert_eq!(provider.stats().api("POST /orders/{id}/cancel"), 1);
}
