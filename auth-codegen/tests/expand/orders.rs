#[api(
    scopes = merchant,
    production = "https://api.merchant.example",
    staging = "https://api.staging.merchant.example"
)]
/// The merchant API's orders.
pub trait Orders {
    /// One order by id.
    #[get("/orders/{id}")]
    #[authenticated(scope = "can_read_order")]
    async fn get_order(&self, id: u64) -> Result<Order, auth_core::Error>;

    /// Orders matching a filter.
    #[get("/orders")]
    #[authenticated(scope = any("can_read_order", "can_write_order"))]
    async fn list_orders(&self, #[query] filter: &Filter, #[query("page")] page_number: u32) -> Result<Vec<Order>, auth_core::Error>;

    #[post("/channels/{channel}/orders")]
    #[authenticated(scope = "can_write_order", scope = "can_read_sales_channels")]
    async fn create_order(
        &self,
        channel: &str,
        #[body] order: &NewOrder,
        #[header("Idempotency-Key")] key: &str,
    ) -> Result<auth_core::RawResponse, auth_core::Error>;

    #[get("/health")]
    #[public]
    async fn health(&self) -> Result<(), auth_core::Error>;
}
