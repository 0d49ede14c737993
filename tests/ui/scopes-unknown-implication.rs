// An implication must name a declared scope.
auth_core::scopes! {
    pub mod merchant {
        can_read_order,
        can_write_order => can_raed_order,
        can_read_order,
    }
}

fn main() {}
