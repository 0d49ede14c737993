// A fake implements the trait's methods as they are generated: returning `ApiCall`.
use auth_core::{Error, api, scopes};

scopes! { pub mod merchant { can_read_order } }

#[api(scopes = merchant)]
pub trait Orders {
    #[get("/orders/{id}")]
    #[authenticated(scope = "can_read_order")]
    async fn status(&self, id: u64) -> Result<String, Error>;
}

struct Fake;

impl Orders for Fake {
    async fn status(&self, id: u64) -> Result<String, Error> {
        Ok(format!("{id}"))
    }
}

fn main() {
    let _ = Fake;
}
