//! The where-clauses that check scopes at compile time: a method exists only for scope
//! sets granting its scopes, and the client implements the API's trait only when its set
//! grants the scopes of every method.

use std::collections::BTreeMap;

use proc_macro2::{Ident, Span, TokenStream};
use quote::{quote, quote_spanned};

use super::super::attr::ScopeName;
use super::super::model::{Auth, Call, Client};
use super::{respan, scope_path};

/// The name of the type parameter a method needing a scope leaves to inference
/// (`S: Find<x, _>`, `S: FindAny<(x, y), _>`, always `auth_core::scope::Proof`): rustc
/// proposes no bound naming a type still to infer, so generic code without `Grants` is
/// told what to write by the error's note alone, not "consider restricting `S` with
/// `Find`", which is not enough.
const PROOF: &str = "__ScopeProof";

/// A method's scope bounds, and the [`PROOF`] parameter they use when it needs a scope
/// or an any-of group (`None` for a method needing none: an unused parameter could not be
/// inferred).
pub(super) fn method_bounds(client: &Client<'_>, auth: &Auth) -> (Option<Ident>, Vec<TokenStream>) {
    let needs_scope = client.module.is_some()
        && matches!(auth, Auth::Token { all, any } if !all.is_empty() || !any.is_empty());
    let proof = needs_scope.then(|| Ident::new(PROOF, Span::call_site()));
    let bounds = scope_bounds(client, auth, proof.as_ref());
    (proof, bounds)
}

/// The where-clause predicates that make a method exist only for sets granting its
/// scopes, spanned at the scope strings, so that errors point at the user's attribute.
/// The scopes' own paths keep their spans: a misspelt scope is reported at itself.
/// `proof`: the method's [`PROOF`] parameter, when it needs a scope (`None` in the
/// trait's implementation, whose bounds take the default).
fn scope_bounds(client: &Client<'_>, auth: &Auth, proof: Option<&Ident>) -> Vec<TokenStream> {
    let (Some(_), Auth::Token { all, any }) = (client.module, auth) else {
        return Vec::new();
    };
    let krate = &client.krate;
    let s = &client.s;
    let proof = proof.into_iter();
    let mut bounds = Vec::new();
    for name in all {
        let scope = scope_path(client, name);
        // The leaf at the scope's position must be the scope itself: a missing scope is
        // reported as "do not include `x`", naming nothing of the set's type.
        let find = respan(quote!(#s: #krate::scope::Find), name.span);
        let leaf = respan(quote!(<#s as #krate::scope::Find), name.span);
        let granted = respan(quote!(>::Leaf: #krate::scope::trie::InTheToken), name.span);
        let proof = proof.clone();
        let args = quote!(#scope #(, #proof)*);
        bounds.push(quote_spanned! {name.span=>
            #find<#args>, #leaf<#args> #granted
        });
    }
    for group in any {
        let span = group[0].span;
        let scopes: Vec<TokenStream> = group.iter().map(|l| scope_path(client, l)).collect();
        let find_any = respan(quote!(#s: #krate::scope::FindAny), span);
        let bit = respan(quote!(<#s as #krate::scope::FindAny), span);
        let granted = respan(quote!(>::Answer: #krate::scope::trie::AnyInTheToken), span);
        let proof = proof.clone();
        let args = quote!((#(#scopes,)*) #(, #proof)*);
        bounds.push(quote_spanned! {span=>
            #find_any<#args>, #bit<#args> #granted
        });
    }
    bounds
}

/// The bounds of the trait's implementation for the client, whatever the number of
/// methods: the set of every scope the methods need (`Of<...>`, chunked into tuples of
/// at most 16) adds nothing to the client's set, plus one `FindAny` pair per distinct
/// `any(...)` group. (One pair of predicates per scope made each of 1,000 forwarding
/// methods search 1,000 predicates: a clean `cargo check` of a 500-scope, 1,000-method
/// API took 16 s, against 3 s without the trait.)
pub(super) fn impl_bounds(client: &Client<'_>) -> Vec<TokenStream> {
    let Some(module) = client.module else {
        return Vec::new();
    };
    let krate = &client.krate;
    let s = &client.s;
    let mut all: BTreeMap<&str, &ScopeName> = BTreeMap::new();
    let mut any: BTreeMap<Vec<&str>, &Vec<ScopeName>> = BTreeMap::new();
    for method in &client.methods {
        if let Some(Call {
            auth: Auth::Token { all: a, any: g },
            ..
        }) = &method.call
        {
            for scope in a {
                all.entry(&scope.name).or_insert(scope);
            }
            for group in g {
                any.entry(group.iter().map(|s| s.name.as_str()).collect())
                    .or_insert(group);
            }
        }
    }
    let mut bounds = Vec::new();
    if !all.is_empty() {
        let scopes: Vec<TokenStream> = all.values().map(|s| scope_path(client, s)).collect();
        let list = chunked(scopes);
        let span = syn::spanned::Spanned::span(module);
        let bound = respan(quote!(#s: #krate::scope::GrantsEvery), span);
        bounds.push(quote!(#bound<#list>));
    }
    let groups = Auth::Token {
        all: Vec::new(),
        any: any.into_values().cloned().collect(),
    };
    bounds.extend(scope_bounds(client, &groups, None));
    bounds
}

/// `(a, b, ...)` for a list of scopes, as tuples of at most 16 (what `ScopeList` is
/// implemented for), nested as deep as needed.
fn chunked(mut items: Vec<TokenStream>) -> TokenStream {
    loop {
        if items.len() <= 16 {
            return quote!((#(#items,)*));
        }
        items = items
            .chunks(16)
            .map(|chunk| quote!((#(#chunk,)*)))
            .collect();
    }
}
