// `#[api(error = T)]` names the provider's documented error answer, read with
// `err.body_as::<T>()`: `T` must be decodable from JSON.
use auth_core::{Error, api};

pub struct VendorError {
    pub message: String,
}

#[api(error = VendorError)]
pub trait Vendor {
    #[get("/health")]
    #[public]
    async fn health(&self) -> Result<(), Error>;
}

fn main() {}
