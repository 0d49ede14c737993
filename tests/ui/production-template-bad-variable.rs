use auth_core::{Error, api};

#[api(production = "https://{host-name}")]
pub trait Mastodon {
    #[get("/api/v1/instance")]
    #[public]
    async fn instance(&self) -> Result<(), Error>;
}

fn main() {}
