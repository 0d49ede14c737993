// A method's pages follow one way to the next; `total_pages` goes with `page`.
use auth_core::{Error, api};

#[derive(serde::Deserialize)]
pub struct Status {}

#[api]
pub trait Timelines {
    #[get("/api/v1/timelines/home")]
    #[authenticated]
    #[paginated(item = Status, link_header, next_url = "/next", total_pages = "/meta/pages")]
    async fn home(&self) -> Result<Vec<Status>, Error>;
}

fn main() {}
