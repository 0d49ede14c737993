// `scopes = ...` names a module written by hand, not one declared by `scopes!`: one error,
// at the path.
use auth_core::{Error, api};

#[allow(non_camel_case_types)]
pub mod merchant {
    pub enum can_read_order {}
}

#[api(scopes = merchant)]
pub trait Orders {
    #[get("/orders/{id}")]
    #[authenticated(scope = "can_read_order")]
    async fn get_order(&self, id: u64) -> Result<(), Error>;
}

fn main() {}
