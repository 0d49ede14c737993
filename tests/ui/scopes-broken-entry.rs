// A broken entry in `scopes!` is one error; the other scopes still exist.
use auth_core::scopes;

scopes! { pub mod merchant { can_read_order, can_write_order => , can_read_sales_channels } }

fn main() {
    let _ = std::marker::PhantomData::<merchant::Of<(merchant::can_read_order, merchant::can_read_sales_channels)>>;
    let _ = std::marker::PhantomData::<merchant::can_write_order>;
}
