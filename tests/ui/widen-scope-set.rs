// Narrowing is free; widening needs a runtime check.
use auth_core::{Scoped, StaticToken, scopes};

scopes! { pub mod merchant { can_read_order, can_write_order } }

fn widen(token: StaticToken) {
    let read_only = Scoped::<merchant::Of<merchant::can_read_order>>::assume_granted(token);
    let _all: Scoped<merchant::All> = read_only.narrow();
}

fn main() {
    let _ = widen;
}
