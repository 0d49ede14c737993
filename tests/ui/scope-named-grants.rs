// `grants` is the module of generic bounds every scope module defines.
use auth_core::scopes;

scopes! { pub mod merchant { can_read_order, grants } }

fn main() {
    let _ = std::marker::PhantomData::<merchant::can_read_order>;
}
