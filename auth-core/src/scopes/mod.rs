//! Scopes, at compile time and at run time: scope sets as types (the machinery behind
//! `scopes!` and `Grants`), what each operation requires (the manifest), the scopes a
//! provider granted, and the error a scope check gives.
//!
//! May use: `support`. Everything above (errors, tokens, the pipeline) uses this layer;
//! it uses none of them. `Scoped`, which joins a scope set to a token cache, lives with
//! the tokens.

pub(crate) mod granted;
pub mod manifest;
pub(crate) mod missing;
pub mod scope;
