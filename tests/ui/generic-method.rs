// Methods cannot be generic over types: the trait is used as `dyn` and implemented by
// fakes. (Lifetimes are fine: tests/pass/method-lifetimes.rs.)
use auth_core::{Error, api, scopes};

scopes! { pub mod merchant { can_read_order, can_write_order => can_read_order } }

#[api(scopes = merchant)]
pub trait Orders {
    #[get("/orders/{id}")]
    #[authenticated(scope = "can_read_order")]
    async fn get_order<T: std::fmt::Display>(&self, id: T) -> Result<(), Error>;
}

fn main() {}
