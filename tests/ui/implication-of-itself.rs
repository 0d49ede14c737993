// A scope that implies itself says nothing: most likely the narrower scope was meant.
use auth_core::scopes;

scopes! { pub mod merchant { can_read_order, can_write_order => can_write_order } }

fn main() {}
