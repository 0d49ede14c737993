//! Procedural macros of `auth-core`. Use them through `auth_core`: `auth_core::scopes!`,
//! `#[auth_core::api]`. The code generation lives in `auth-codegen`, a plain library.
//!
//! ```
//! auth_core::scopes! { pub mod shop { orders } }
//! ```

use proc_macro::TokenStream;

/// Declares a provider's scopes as a module of types. See `auth_core::scopes!`.
#[proc_macro]
pub fn scopes(input: TokenStream) -> TokenStream {
    auth_codegen::scopes(input.into()).into()
}

/// The error for a scope name a `scopes!` module does not declare; used by the module's
/// lookup macro, not written by hand.
#[doc(hidden)]
#[proc_macro]
pub fn undeclared_scope(input: TokenStream) -> TokenStream {
    auth_codegen::undeclared_scope(input.into()).into()
}

/// Turns an annotated trait into a scope-checked client. See `auth_core::api`.
#[proc_macro_attribute]
pub fn api(args: TokenStream, item: TokenStream) -> TokenStream {
    auth_codegen::api(args.into(), item.into()).into()
}

/// Marks an `#[api]` method as needing scopes; an error anywhere else.
#[proc_macro_attribute]
pub fn authenticated(_args: TokenStream, item: TokenStream) -> TokenStream {
    auth_codegen::misplaced("authenticated", item.into()).into()
}

/// Marks an `#[api]` method as needing no token; an error anywhere else.
#[proc_macro_attribute]
pub fn public(_args: TokenStream, item: TokenStream) -> TokenStream {
    auth_codegen::misplaced("public", item.into()).into()
}

/// Says how an `#[api]` method's pages follow one another; an error anywhere else.
#[proc_macro_attribute]
pub fn paginated(_args: TokenStream, item: TokenStream) -> TokenStream {
    auth_codegen::misplaced("paginated", item.into()).into()
}
