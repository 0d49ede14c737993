// Places in a page's body are JSON pointers (`/links/pages/next`), not dotted paths.
use auth_core::{Error, api};

#[derive(serde::Deserialize)]
pub struct Droplet {}

#[api]
pub trait Droplets {
    #[get("/v2/droplets")]
    #[authenticated]
    #[paginated(items = "droplets", item = Droplet, next_url = "links.pages.next")]
    async fn list(&self) -> Result<serde_json::Value, Error>;
}

fn main() {}
