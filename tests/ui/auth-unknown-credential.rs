// A misspelt credential is one error; the arguments after it still count (no error
// about the scopes' module).
use auth_core::{Error, api, scopes};

scopes! { pub mod vendor { read } }

#[api(auth = bearr, scopes = vendor)]
pub trait Vendor {
    #[get("/v1/vendor")]
    #[authenticated(scope = "read")]
    async fn vendor(&self) -> Result<(), Error>;
}

#[api(auth = oauth)]
pub trait Other {
    #[get("/v1/other")]
    #[authenticated]
    async fn other(&self) -> Result<(), Error>;
}

fn main() {}
