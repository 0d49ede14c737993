// Every kind of body and a download, in one trait: JSON, an upload, a multipart form
// (as it is and from a type that converts into one), a URL-encoded form; a byte stream.
use auth_core::{ByteStream, Error, Multipart, Upload, api, scopes};

scopes! { pub mod files { can_upload } }

pub struct Parts {
    pub name: String,
}

impl From<Parts> for Multipart {
    fn from(parts: Parts) -> Multipart {
        Multipart::new().text("name", parts.name)
    }
}

#[derive(serde::Serialize)]
pub struct Login {
    pub username: String,
}

#[api(scopes = files)]
pub trait Files {
    #[put("/objects/{name}")]
    #[authenticated(scope = "can_upload")]
    async fn put(&self, name: &str, #[body] content: Upload) -> Result<(), Error>;

    #[post("/attachments")]
    #[authenticated(scope = "can_upload")]
    async fn attach(&self, #[body] form: Multipart) -> Result<(), Error>;

    #[post("/attachments")]
    #[authenticated(scope = "can_upload")]
    async fn attach_parts(&self, #[body(multipart)] parts: Parts) -> Result<(), Error>;

    #[post("/login")]
    #[authenticated(scope = "can_upload")]
    async fn login(&self, #[body(form)] login: &Login) -> Result<(), Error>;

    #[get("/objects/{name}")]
    #[authenticated(scope = "can_upload")]
    async fn get(&self, name: &str, #[query] version: Option<u32>) -> Result<ByteStream, Error>;
}

fn main() {}
