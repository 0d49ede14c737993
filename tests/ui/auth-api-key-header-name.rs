use auth_core::{Error, api};

#[api(auth = api_key(header = "X Figma Token"))]
pub trait Figma {
    #[get("/v1/me")]
    #[authenticated]
    async fn me(&self) -> Result<(), Error>;
}

fn main() {}
