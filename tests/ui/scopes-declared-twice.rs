// A scope is declared once.
use auth_core::scopes;

scopes! { pub mod merchant { can_read_order, can_write_order, can_read_order } }

fn main() {}
