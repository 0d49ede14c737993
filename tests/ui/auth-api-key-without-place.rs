use auth_core::{Error, api};

#[api(auth = api_key(prefix = "Bot "))]
pub trait Discord {
    #[get("/users/@me")]
    #[authenticated]
    async fn me(&self) -> Result<(), Error>;
}

fn main() {}
