//! Rules on who may call a method: exactly one of `#[authenticated(...)]` and `#[public]`,
//! scope names that are identifiers, each listed once, `any(...)` groups within the
//! size the scope check handles.

use super::super::ast::Method;
use super::super::model::Auth;
use crate::ctxt::Ctxt;
use crate::rules::MAX_ANY;
use crate::rules::path;

/// The method says who may call it, once.
pub(super) fn statement(cx: &mut Ctxt, method: &Method<'_>) {
    let name = method.name();
    match (method.authenticated.is_empty(), method.public.as_slice()) {
        (true, []) if !method.malformed => cx.error_spanned_by(
            name,
            format!(
                "`{name}` does not say who may call it: add \
                 `#[authenticated(scope = \"...\")]`, `#[authenticated]` for a token without \
                 scopes, or `#[public]` for an endpoint that needs no token"
            ),
        ),
        (false, [public, ..]) => cx.error_spanned_by(
            public,
            format!("`{name}` is both `#[public]` and `#[authenticated]`; keep one"),
        ),
        (true, [_, extra, ..]) => cx.error_spanned_by(extra, "`#[public]` is given twice"),
        _ => {}
    }
}

/// Scopes are named by their identifiers (not the module's path, not the provider's
/// spelling), each once; an `any(...)` lists at most [`MAX_ANY`].
pub(super) fn scope_names(cx: &mut Ctxt, method: &Method<'_>) {
    let mut seen: Vec<&str> = Vec::new();
    for args in &method.authenticated {
        for group in &args.any {
            if group.len() > MAX_ANY {
                cx.error_at(
                    group[MAX_ANY].span,
                    format!(
                        "`any(...)` lists at most {MAX_ANY} scopes: when this many scopes each \
                         allow the call, declare in `scopes!` one scope that each of them \
                         implies (`a => orders_any, ...`) and require that one"
                    ),
                );
            }
        }
        for scope in args.all.iter().chain(args.any.iter().flatten()) {
            let (lit, scope) = (scope.span, scope.name.as_str());
            if !path::is_ident(scope) {
                let hint = if let Some((_, last)) = scope.rsplit_once("::") {
                    format!(
                        "write the scope alone, as in \"{last}\": its module is the one \
                         `#[api(scopes = ...)]` names"
                    )
                } else {
                    "scopes are the identifiers declared with `scopes!`; a provider's name such \
                     as \"orders:read\" is declared there as `orders_read = \"orders:read\"` \
                     and named here as \"orders_read\""
                        .to_owned()
                };
                cx.error_at(lit, format!("\"{scope}\" is not a scope name: {hint}"));
            } else if seen.contains(&scope) {
                cx.error_at(lit, format!("the scope `{scope}` is listed twice"));
            }
            seen.push(scope);
        }
    }
}

/// What a valid method requires.
pub(super) fn auth(method: &Method<'_>) -> Auth {
    if !method.public.is_empty() {
        return Auth::Public;
    }
    Auth::Token {
        all: method
            .authenticated
            .iter()
            .flat_map(|a| a.all.iter().cloned())
            .collect(),
        any: method
            .authenticated
            .iter()
            .flat_map(|a| a.any.iter().cloned())
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use quote::quote;

    use super::super::tests::errors;

    #[test]
    fn a_method_says_who_may_call_it_once() {
        let e = errors(
            quote!(),
            quote! { pub trait A { #[get("/a")] async fn a(&self) -> Result<(), Error>; } },
        );
        assert!(e.contains("does not say who may call it"), "{e}");
        let e = errors(
            quote!(),
            quote! { pub trait A { #[get("/a")] #[public] #[authenticated] async fn a(&self) -> Result<(), Error>; } },
        );
        assert!(e.contains("both `#[public]` and `#[authenticated]`"), "{e}");
    }

    #[test]
    fn scopes_are_identifiers_each_named_once() {
        let trait_with = |attr: proc_macro2::TokenStream| {
            errors(
                quote!(scopes = shop),
                quote! { pub trait A { #[get("/a")] #attr async fn a(&self) -> Result<(), Error>; } },
            )
        };
        let e = trait_with(quote!(#[authenticated(scope = "orders:read")]));
        assert!(e.contains("is not a scope name"), "{e}");
        let e = trait_with(quote!(#[authenticated(scope = "shop::orders")]));
        assert!(e.contains("write the scope alone"), "{e}");
        let e = trait_with(quote!(#[authenticated(scope = "a", scope = "a")]));
        assert!(e.contains("listed twice"), "{e}");
        let e = trait_with(
            quote!(#[authenticated(scope = any("a","b","c","d","e","f","g","h","i","j","k","l","m","n","o","p","q"))]),
        );
        assert!(e.contains("lists at most 16"), "{e}");
    }
}
