//! A crate that reaches auth-core through a re-export names it with `crate = ...`.
#![deny(warnings)]

mod runtime {
    pub use auth_core;
}

runtime::auth_core::scopes! {
    crate = crate::runtime::auth_core;
    /// Scopes.
    pub mod shop { orders }
}

/// An API (scopes may be written as identifiers too).
#[runtime::auth_core::api(crate = crate::runtime::auth_core, scopes = shop, client = ShopApi)]
pub trait Shop {
    /// Orders.
    #[get("/orders")]
    #[authenticated(scope = orders)]
    async fn orders(&self) -> Result<(), runtime::auth_core::Error>;
}

fn main() {
    assert_eq!(ShopApi::MANIFEST.client, "ShopApi");
}
