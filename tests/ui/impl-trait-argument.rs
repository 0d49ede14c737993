// `impl Trait` arguments are generics too.
use auth_core::{Error, api, scopes};

scopes! { pub mod merchant { can_read_order, can_write_order => can_read_order } }

#[api(scopes = merchant)]
pub trait Orders {
    #[get("/orders/{id}")]
    #[authenticated(scope = "can_read_order")]
    async fn get_order(&self, id: impl std::fmt::Display) -> Result<(), Error>;
}

fn main() {}
