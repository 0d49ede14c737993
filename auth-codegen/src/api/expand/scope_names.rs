//! How a client names the scopes its methods need: one private alias per scope,
//! `__orders_client_scope_can_read_order`, for `__orders_client_scopes::__scope!(
//! can_read_order [__orders_client_scopes])`, the module's lookup macro (see `scopes!`),
//! which expands to the scope's path, or, for a name the module does not declare, to one
//! error at the author's string listing the module's scopes closest by spelling.
//!
//! One alias per scope and client: the lookup runs once, and a misspelt scope is one error
//! however many bounds mention it. An alias is no projection: where-clauses hold the
//! scope's own type, as generic code's bounds do, and diagnostics print that type.

use std::collections::BTreeMap;

use proc_macro2::{Ident, Span, TokenStream};
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;

use super::super::attr::ScopeName;
use super::super::model::{Call, Client};
use super::respan;

/// The alias naming `scope` in `client`'s code, spanned at the author's string, where
/// rustc points when a bound naming it fails.
pub(super) fn scope_path(client: &Client<'_>, scope: &ScopeName) -> TokenStream {
    let alias = alias(client, &scope.name, scope.span);
    quote!(#alias)
}

/// The module of scopes as the client's code names it: `__orders_client_scopes`, a `use`
/// of `<the path the author wrote>::made_by_scopes`, spanned there ([`scope_aliases`]
/// writes the `use`).
///
/// Every path into the module goes through it, so that a misspelt path, or one naming a
/// module not declared by `scopes!`, is one error, at the `use`, with rustc's suggestion of
/// a similar module, and nothing through it is reported again. (Written out at each path,
/// a misspelt module was reported once for the lookup macro and once for the types.)
pub(super) fn module_path(client: &Client<'_>) -> Option<Ident> {
    let module = client.module?;
    let name = format!("__{}_scopes", snake_case(&client.client.to_string()));
    Some(Ident::new(&name, module.span()))
}

/// The `use` of the module ([`module_path`]) and the aliases of every scope the client's
/// methods name, each spanned at the scope's first mention.
pub(super) fn scope_aliases(client: &Client<'_>) -> TokenStream {
    let (Some(written), Some(module)) = (client.module, module_path(client)) else {
        return TokenStream::new();
    };
    let mut first: BTreeMap<&str, &ScopeName> = BTreeMap::new();
    for method in &client.methods {
        if let Some(Call { auth, .. }) = &method.call {
            for scope in auth.scopes() {
                first.entry(&scope.name).or_insert(scope);
            }
        }
    }
    let lookup = respan(quote!(__scope), module.span());
    let made_by_scopes = respan(quote!(made_by_scopes), module.span());
    let id = respan(quote!(__Id), module.span());
    let aliases = first.values().map(|scope| {
        let alias = alias(client, &scope.name, Span::call_site());
        let name = Ident::new(&scope.name, scope.span);
        let lookup = quote_spanned!(scope.span=> #module::#id<#module::#lookup!(#name [#module])>);
        quote! {
            #[doc(hidden)]
            #[allow(non_camel_case_types)]
            type #alias = #lookup;
        }
    });
    quote! {
        #[allow(unused_imports)]
        use #written::{#made_by_scopes as #module};
        #(#aliases)*
    }
}

/// `__orders_client_scope_can_read_order` for the scope `can_read_order` of `OrdersClient`,
/// spanned at `span`.
fn alias(client: &Client<'_>, scope: &str, span: Span) -> Ident {
    let client = snake_case(&client.client.to_string());
    Ident::new(&format!("__{client}_scope_{scope}"), span)
}

/// `orders_client` for `OrdersClient`.
fn snake_case(name: &str) -> String {
    let mut snake = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_uppercase() {
            if i > 0 {
                snake.push('_');
            }
            snake.extend(c.to_lowercase());
        } else {
            snake.push(c);
        }
    }
    snake
}
