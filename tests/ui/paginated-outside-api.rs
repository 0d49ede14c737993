// `#[paginated]` belongs on a method of an `#[api]` trait.
use auth_core::paginated;

#[paginated(items = "/data", item = u64, link_header)]
pub fn list() {}

fn main() {
    list();
}
