// A token typed with a scope where a set of scopes belongs: the error says how to write
// the set.
use auth_core::{Scoped, StaticToken, scopes};

scopes! { pub mod merchant { can_read_order, can_write_order } }

fn main() {
    let token = StaticToken::new("mrc_live_abc").unwrap();
    let _token = Scoped::<merchant::can_read_order>::assume_granted(token);
}
