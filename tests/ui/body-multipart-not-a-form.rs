// A `#[body(multipart)]` argument must convert into `auth_core::Multipart`.
use auth_core::{Error, api, scopes};

scopes! { pub mod files { can_upload } }

pub struct Attachment { pub name: String }

#[api(scopes = files)]
pub trait Files {
    #[post("/attachments")]
    #[authenticated(scope = "can_upload")]
    async fn attach(&self, #[body(multipart)] parts: Attachment) -> Result<(), Error>;
}

fn main() {}
