// `#[api]` goes on a trait.
use auth_core::{api, scopes};

scopes! { pub mod merchant { can_read_order } }

#[api(scopes = merchant)]
pub struct Orders;

fn main() {}
