// A page's items are decoded from JSON: the item type must be `Deserialize`; a `()`
// answer has no items.
use auth_core::{Error, api};

pub struct Droplet {}

#[api]
pub trait Droplets {
    #[get("/v2/droplets")]
    #[authenticated]
    #[paginated(items = "/droplets", item = Droplet, next_url = "/links/pages/next")]
    async fn list(&self) -> Result<serde_json::Value, Error>;

    #[get("/v2/volumes")]
    #[authenticated]
    #[paginated(items = "/volumes", item = serde_json::Value, next_url = "/links/pages/next")]
    async fn volumes(&self) -> Result<(), Error>;
}

fn main() {}
