// `#[paginated]` says how the next page is found.
use auth_core::{Error, api};

#[derive(serde::Deserialize)]
pub struct Droplet {}

#[api]
pub trait Droplets {
    #[get("/v2/droplets")]
    #[authenticated]
    #[paginated(items = "/droplets", item = Droplet)]
    async fn list(&self) -> Result<serde_json::Value, Error>;
}

fn main() {}
