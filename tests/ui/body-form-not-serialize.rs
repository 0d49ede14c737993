// A `#[body(form)]` argument must be `Serialize`: it is sent URL-encoded.
use auth_core::{Error, api, scopes};

scopes! { pub mod merchant { can_write_order } }

pub struct Login { pub username: String }

#[api(scopes = merchant)]
pub trait Orders {
    #[post("/login")]
    #[authenticated(scope = "can_write_order")]
    async fn login(&self, #[body(form)] login: &Login) -> Result<(), Error>;
}

fn main() {}
