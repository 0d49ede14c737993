// `scopes!` declares modules: `pub mod name { ... }`.
use auth_core::scopes;

scopes! { merchant { can_read_order } }

fn main() {}
