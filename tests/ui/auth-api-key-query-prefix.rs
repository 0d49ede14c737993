use auth_core::{Error, api};

#[api(auth = api_key(query = "key", prefix = "Bot "))]
pub trait Maps {
    #[get("/v1/geocode")]
    #[authenticated]
    async fn geocode(&self) -> Result<(), Error>;
}

fn main() {}
