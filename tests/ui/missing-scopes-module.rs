// `#[authenticated]` needs to know which module declares the scopes.
use auth_core::{Error, api};

#[api(production = "https://api.example")]
pub trait Orders {
    #[get("/orders/{id}")]
    #[authenticated(scope = "can_read_order")]
    async fn get_order(&self, id: u64) -> Result<(), Error>;
}

fn main() {}
