//! Code generic over clients and scope sets, fakes and trait objects: the bounds the
//! README documents, for all-of, any-of and implied scopes. It must compile without a
//! single warning.
#![deny(warnings, missing_docs)]

use auth_core::manifest::Described;
use auth_core::scope::{Grants, GrantsAnyOf, ScopeSet};
use auth_core::{ApiCall, Error, Scoped, StaticToken, api, scopes};

scopes! {
    /// Permissions of the merchant API.
    pub mod merchant {
        /// Read orders.
        can_read_order,
        /// Write orders.
        can_write_order => can_read_order,
        /// Read sales channels.
        can_read_sales_channels,
        /// A scope named like a type parameter.
        S,
    }
}

/// The merchant API.
#[api(scopes = merchant)]
pub trait Orders {
    /// One order's status.
    #[get("/orders/{id}")]
    #[authenticated(scope = "can_read_order")]
    async fn status(&self, id: u64) -> Result<String, Error>;

    /// Orders of any channel.
    #[get("/orders")]
    #[authenticated(scope = any("can_read_order", "can_read_sales_channels"))]
    async fn list(&self) -> Result<Vec<u64>, Error>;

    /// Cancels an order.
    #[post("/orders/{id}/cancel")]
    #[authenticated(scope = "can_write_order")]
    async fn cancel(&self, id: u64) -> Result<(), Error>;

    /// A method needing the scope named `S`.
    #[get("/s")]
    #[authenticated(scope = "S")]
    async fn s(&self) -> Result<(), Error>;
}

/// All-of: one `Grants` bound per scope.
pub async fn status<T: Grants<merchant::can_read_order>>(
    client: &OrdersClient<T>,
) -> Result<String, Error> {
    client.status(1).await
}

/// Any-of: the group as the attribute lists it.
pub async fn list<T>(client: &OrdersClient<T>) -> Result<Vec<u64>, Error>
where
    T: GrantsAnyOf<(merchant::can_read_order, merchant::can_read_sales_channels)>,
{
    client.list().await
}

/// Any-of, with a bound on the group's first scope: the group stops there.
pub async fn list_with_first<T: Grants<merchant::can_read_order>>(
    client: &OrdersClient<T>,
) -> Result<Vec<u64>, Error> {
    client.list().await
}

/// Any-of, with a bound on each scope of the group.
pub async fn list_with_both<T>(client: &OrdersClient<T>) -> Result<Vec<u64>, Error>
where
    T: Grants<merchant::can_read_order> + Grants<merchant::can_read_sales_channels>,
{
    client.list().await
}

/// Any-of, through an implication: `grants::can_write_order` grants `can_read_order`.
pub async fn list_with_write<T: merchant::grants::can_write_order>(
    client: &OrdersClient<T>,
) -> Result<Vec<u64>, Error> {
    client.list().await
}

/// Implied scopes: `grants::can_write_order` covers `can_read_order` too.
pub async fn cancel_unless_read<T: merchant::grants::can_write_order>(
    client: &OrdersClient<T>,
) -> Result<(), Error> {
    let _ = client.status(1).await?;
    client.cancel(1).await
}

/// Through the trait: a client whose token allows every method, or a fake.
pub async fn status_of(api: &dyn Orders) -> Result<String, Error> {
    api.status(1).await
}

/// The same, statically dispatched.
pub async fn cancel(api: &impl Orders) -> Result<(), Error> {
    api.cancel(1).await
}

/// A client's method as a path, and called as a function: the type parameter a scoped
/// method leaves to inference is never written.
pub async fn by_path(client: &OrdersClient<merchant::All>) -> Result<String, Error> {
    let status = OrdersClient::<merchant::All>::status;
    OrdersClient::cancel(client, 2).await?;
    status(client, 1).await
}

/// The manifest, in code generic over the scope set.
pub fn scopes_needed<T: ScopeSet>() -> &'static [&'static str] {
    <OrdersClient<T> as Described>::MANIFEST.scopes
}

/// A fake: only what a test uses.
pub struct FakeOrders;

impl Orders for FakeOrders {
    fn status(&self, id: u64) -> ApiCall<'_, String> {
        ApiCall::ready(Ok(format!("order {id}: shipped")))
    }
}

/// Every entry point above, used.
pub async fn run(token: StaticToken) -> Result<(), Error> {
    let all = Scoped::<merchant::All>::assume_granted(token);
    let client = OrdersClient::with_base_url(all, "https://api.example")?;
    status(&client).await?;
    list(&client).await?;
    list_with_first(&client).await?;
    list_with_both(&client).await?;
    list_with_write(&client).await?;
    cancel_unless_read(&client).await?;
    status_of(&client).await?;
    cancel(&client).await?;
    by_path(&client).await?;
    status_of(&FakeOrders).await?;
    let boxed: Box<dyn Orders + Send + Sync> = Box::new(FakeOrders);
    boxed.status(2).await?;
    assert_eq!(scopes_needed::<merchant::All>().len(), 4);
    Ok(())
}

fn main() {
    let _ = run;
}
