//! Code generation behind `auth-macros`, as a plain library so that it can be tested
//! with token streams: `scopes!` modules and `#[api]` clients.
//!
//! Each expansion parses into a small AST, validates it (collecting every error at its
//! own span), and generates code that names the runtime only through absolute paths
//! (`::auth_core::...`). With errors, it still generates what is valid, next to the
//! `compile_error!`s, so that one mistake does not cascade.
//!
//! ```
//! use quote::quote;
//!
//! let out = auth_codegen::scopes(quote! { pub mod shop { orders, products } });
//! let code = auth_codegen::pretty(&out);
//! assert!(code.contains("pub enum orders"));
//!
//! let out = auth_codegen::api(
//!     quote!(scopes = shop),
//!     quote! {
//!         pub trait Shop {
//!             #[get("/orders/{id}")]
//!             #[authenticated(scope = "orders")]
//!             async fn order(&self, id: u64) -> Result<Order, Error>;
//!         }
//!     },
//! );
//! assert!(auth_codegen::pretty(&out).contains("pub struct ShopClient<S>"));
//! ```

mod api;
mod ctxt;
mod dump;
pub mod rules;
mod scopes;

use proc_macro2::TokenStream;

pub use dump::{DUMP_ENV, pretty};

/// `#[api(args)]` on `item`.
pub fn api(args: TokenStream, item: TokenStream) -> TokenStream {
    api::expand(args, item)
}

/// `scopes! { input }`.
pub fn scopes(input: TokenStream) -> TokenStream {
    scopes::expand(input)
}

/// `undeclared_scope! { "module" [scope ...] name }`, which a `scopes!` module's lookup
/// macro expands to for a name it does not declare: the error, at the name, listing the
/// module's scopes closest by spelling.
pub fn undeclared_scope(input: TokenStream) -> TokenStream {
    scopes::undeclared_scope(input)
}

/// An attribute of `#[api]` methods (`#[authenticated]`, `#[public]`) used anywhere
/// else: an error, and the item unchanged.
pub fn misplaced(name: &str, item: TokenStream) -> TokenStream {
    let message = format!(
        "`#[{name}]` only has a meaning on a method of an `#[api]` trait; put `#[api(...)]` on \
         the trait, or remove `#[{name}]`"
    );
    let error = syn::Error::new(proc_macro2::Span::call_site(), message).to_compile_error();
    quote::quote!(#error #item)
}
