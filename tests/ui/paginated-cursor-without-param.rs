// A cursor is sent back as a query parameter, which `param` names.
use auth_core::{Error, api};

#[derive(serde::Deserialize)]
pub struct Task {}

#[api]
pub trait Tasks {
    #[get("/tasks")]
    #[authenticated]
    #[paginated(items = "/data", item = Task, cursor = "/next_page/offset")]
    async fn list(&self) -> Result<serde_json::Value, Error>;
}

fn main() {}
