// `#[body(...)]` takes `form` or `multipart`, nothing else.
use auth_core::{Error, api, scopes};

scopes! { pub mod files { can_upload } }

#[api(scopes = files)]
pub trait Files {
    #[post("/attachments")]
    #[authenticated(scope = "can_upload")]
    async fn attach(&self, #[body(xml)] parts: &str) -> Result<(), Error>;
}

fn main() {}
