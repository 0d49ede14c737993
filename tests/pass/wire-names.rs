//! Scopes whose names are not identifiers: the type has a Rust name, the manifest and
//! runtime checks use the provider's spelling.
#![deny(warnings)]

use auth_core::scope::ScopeSet;
use auth_core::{Error, GrantedScopes, api, scopes};

scopes! {
    /// Scopes spelled with colons.
    pub mod shop {
        /// Read orders.
        orders_read = "orders:read",
        /// Write orders.
        orders_write = "orders:write" => orders_read,
    }
}

/// An API.
#[api(scopes = shop)]
pub trait Shop {
    /// Orders.
    #[get("/orders")]
    #[authenticated(scope = "orders_read")]
    async fn orders(&self) -> Result<(), Error>;

    /// A new order.
    #[post("/orders")]
    #[authenticated(scope = orders_write)]
    async fn create(&self) -> Result<(), Error>;
}

fn main() {
    assert_eq!(ShopClient::MANIFEST.scopes, ["orders:read", "orders:write"]);
    assert_eq!(ShopClient::MANIFEST.scope_param(), "orders:read orders:write");
    assert_eq!(<shop::Of<shop::orders_write>>::granted_names(), ["orders:read", "orders:write"]);
    let granted = GrantedScopes::parse("orders:read");
    assert!(<shop::Of<shop::orders_read>>::check(&granted).is_ok());
    let missing = <shop::All>::check(&granted).unwrap_err();
    assert_eq!(missing.missing, ["orders:write"]);
}
