scopes! {
    /// Permissions of the merchant API.
    pub mod merchant {
        /// Read orders.
        can_read_order,
        /// Create and change orders.
        can_write_order => can_read_order,
        admin => *,
    }
}
