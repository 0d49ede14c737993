//! Checks that need the whole trait or method, turning the parsed trait into the checked
//! [`model`](super::model). Each rule is a small function of its own, reporting each
//! problem at its own span:
//!
//! - [`method`]: a method's signature, its route and its arguments;
//! - [`access`]: who may call it (`#[authenticated]`, `#[public]`, scope names);
//! - [`server`]: the production and staging URLs and `auth = ...`;
//! - here: the trait itself (not unsafe, generic or with supertraits).

mod access;
mod method;
mod server;

use std::collections::BTreeSet;

use proc_macro2::{Ident, Span, TokenStream, TokenTree};
use quote::{format_ident, quote};
use syn::Attribute;

use super::ast::Api;
use super::model::Client;
use crate::ctxt::Ctxt;

/// Checks `api`, reporting every problem, and returns what can be generated.
pub(crate) fn check<'a>(cx: &mut Ctxt, api: &'a Api<'a>) -> Client<'a> {
    let item = api.item;
    if let Some(unsafety) = &item.unsafety {
        cx.error_spanned_by(unsafety, "an `#[api]` trait cannot be `unsafe`");
    }
    if !item.generics.params.is_empty() {
        cx.error_spanned_by(
            &item.generics,
            "an `#[api]` trait cannot be generic: it describes one API, whose client is one \
             type; remove the type parameters",
        );
    }
    if !item.supertraits.is_empty() {
        cx.error_spanned_by(
            &item.supertraits,
            "an `#[api]` trait cannot have supertraits",
        );
    }
    let mut needs_scopes: Option<TokenStream> = None;
    let mut methods = Vec::with_capacity(api.methods.len());
    let mut index = 0;
    let mut names = BTreeSet::new();
    for method in &api.methods {
        let mut checked = method::check(cx, method);
        if !distinct_name(cx, &item.ident, &mut names, &checked) {
            // Left out of everything generated: the first method of the name stands, and
            // the one error is this one.
            continue;
        }
        if let Some(call) = &mut checked.call {
            call.index = index;
            index += 1;
        }
        forgotten_scope(cx, api, method);
        methods.push(checked);
        if let Some(a) = method
            .authenticated
            .iter()
            .find(|a| !a.all.is_empty() || !a.any.is_empty())
        {
            needs_scopes.get_or_insert_with(|| a.tokens.clone());
        }
    }
    if let (Some(tokens), None) = (needs_scopes, &api.args.scopes) {
        cx.error_spanned_by(
            tokens,
            "a scope needs the module that declares it: write `#[api(scopes = merchant)]` on \
             the trait, where `merchant` comes from `scopes!` (or `#[authenticated]` without a \
             scope, for a provider that has none)",
        );
    }
    let variables = server::urls(cx, &api.args);
    let placement = server::placement(cx, api.args.auth.as_ref());
    Client {
        krate: match &api.args.krate {
            Some(p) => quote!(#p),
            None => quote!(::auth_core),
        },
        vis: &item.vis,
        api: &item.ident,
        client: api
            .args
            .client
            .clone()
            .unwrap_or_else(|| format_ident!("{}Client", item.ident)),
        s: scope_param_name(item),
        docs: item
            .attrs
            .iter()
            .filter(|a| a.path().is_ident("doc"))
            .collect(),
        kept_attrs: item.attrs.iter().filter(|a| is_kept(a)).collect(),
        module: api.args.scopes.as_ref(),
        production: api.args.production.as_ref(),
        staging: api.args.staging.as_ref(),
        variables,
        placement,
        error: api.args.error.as_ref(),
        methods,
    }
}

/// In an API with scopes, `#[authenticated]` names a scope or says `any_token`: a bare
/// one is most likely a forgotten scope, which would accept every token of the API.
fn forgotten_scope(cx: &mut Ctxt, api: &Api<'_>, method: &super::ast::Method<'_>) {
    let Some(module) = &api.args.scopes else {
        return;
    };
    let Some(bare) = method
        .authenticated
        .first()
        .filter(|a| a.all.is_empty() && a.any.is_empty() && !a.any_token)
    else {
        return;
    };
    let module = quote!(#module).to_string().replace(' ', "");
    cx.error_spanned_by(
        &bare.tokens,
        format!(
            "`{}` names no scope, in an API whose scopes come from `{module}`: write the scope \
             it needs, `#[authenticated(scope = \"...\")]`, or `#[authenticated(any_token)]` \
             when any token of the API will do",
            method.name()
        ),
    );
}

/// A method's name is not one an earlier method has: reported at the second name. Two
/// methods under `#[cfg]` may share a name (one for each configuration).
fn distinct_name(
    cx: &mut Ctxt,
    api: &Ident,
    names: &mut BTreeSet<String>,
    method: &super::model::Method<'_>,
) -> bool {
    let name = method.name;
    let configured = method.attrs.iter().any(|a| a.path().is_ident("cfg"));
    if names.insert(name.to_string()) || configured {
        return true;
    }
    cx.error_spanned_by(
        name,
        format!(
            "`{name}` is declared twice in `{api}`: each method is one operation and needs its \
             own name; rename this one (`{name}_2` or, better, after what it does)"
        ),
    );
    false
}

/// Attributes of the trait worth keeping on what is generated.
fn is_kept(attr: &Attribute) -> bool {
    ["cfg", "allow", "warn", "deny", "expect", "deprecated"]
        .iter()
        .any(|name| attr.path().is_ident(name))
}

/// A name for the client's type parameter that no identifier in the trait uses, so
/// that it cannot capture a user type (or a scope) of the same name.
fn scope_param_name(item: &syn::ItemTrait) -> Ident {
    fn collect(tokens: TokenStream, out: &mut BTreeSet<String>) {
        for tt in tokens {
            match tt {
                TokenTree::Ident(i) => {
                    out.insert(i.to_string());
                }
                TokenTree::Group(g) => collect(g.stream(), out),
                _ => {}
            }
        }
    }
    let mut used = BTreeSet::new();
    collect(quote!(#item), &mut used);
    let name = ["S", "Scopes", "TokenScopes", "AuthScopes"]
        .into_iter()
        .map(str::to_owned)
        .chain((0..).map(|i| format!("S{i}")))
        .find(|n| !used.contains(n))
        .unwrap_or_else(|| "S".to_owned());
    Ident::new(&name, Span::call_site())
}

#[cfg(test)]
mod tests {
    //! One test per rule: a trait that breaks it, and the message the user reads.

    use proc_macro2::{TokenStream, TokenTree};
    use quote::quote;

    /// The errors `#[api(args)]` reports on `item`, one message per line.
    pub(super) fn errors(args: TokenStream, item: TokenStream) -> String {
        fn collect(tokens: TokenStream, out: &mut Vec<String>) {
            let tokens: Vec<TokenTree> = tokens.into_iter().collect();
            for (i, token) in tokens.iter().enumerate() {
                match (token, tokens.get(i + 2)) {
                    (TokenTree::Ident(ident), Some(TokenTree::Group(group)))
                        if ident == "compile_error" =>
                    {
                        let message = group.stream().into_iter().find_map(|t| match t {
                            TokenTree::Literal(lit) => {
                                syn::parse_str::<syn::LitStr>(&lit.to_string())
                                    .ok()
                                    .map(|l| l.value())
                            }
                            _ => None,
                        });
                        out.extend(message);
                    }
                    (TokenTree::Group(group), _) => collect(group.stream(), out),
                    _ => {}
                }
            }
        }
        let mut messages = Vec::new();
        collect(crate::api(args, item), &mut messages);
        messages.join("\n")
    }

    fn method(signature: TokenStream) -> String {
        errors(
            quote!(scopes = shop),
            quote! { pub trait Shop { #[get("/orders/{id}")] #[authenticated(scope = "orders")] #signature } },
        )
    }

    #[test]
    fn the_trait_is_plain() {
        let e = errors(
            quote!(),
            quote!(
                pub unsafe trait A<T>: Send {}
            ),
        );
        assert!(e.contains("cannot be `unsafe`"), "{e}");
        assert!(e.contains("cannot be generic"), "{e}");
        assert!(e.contains("cannot have supertraits"), "{e}");
    }

    #[test]
    fn names_the_client_defines_are_refused() {
        let e = method(quote!(
            async fn new(&self, id: u64) -> Result<(), Error>;
        ));
        assert!(e.contains("defines itself"), "{e}");
        let e = method(quote!(
            async fn __x(&self, id: u64) -> Result<(), Error>;
        ));
        assert!(e.contains("starting with `__`"), "{e}");
    }

    #[test]
    fn the_signature_is_a_plain_async_fn_with_lifetimes_at_most() {
        let e = method(quote!(
            fn get(&self, id: u64) -> Result<(), Error>;
        ));
        assert!(e.contains("must be an `async fn`"), "{e}");
        let e = method(quote!(
            async fn get<T>(&self, id: T) -> Result<(), Error>;
        ));
        assert!(e.contains("generic over a type"), "{e}");
        let e = method(quote!(
            async fn get<'a>(&self, id: &'a str) -> Result<(), Error>;
        ));
        assert!(e.is_empty(), "{e}");
        let e = method(quote!(
            async fn get(&self, id: u64) -> Result<(), Error> {}
        ));
        assert!(e.contains("leave out the body"), "{e}");
    }

    #[test]
    fn the_receiver_is_a_shared_reference() {
        let e = method(quote!(
            async fn get(&mut self, id: u64) -> Result<(), Error>;
        ));
        assert!(e.contains("must take `&self`"), "{e}");
        let e = method(quote!(
            async fn get(id: u64) -> Result<(), Error>;
        ));
        assert!(e.contains("as its first argument"), "{e}");
    }

    #[test]
    fn the_answer_is_a_result_of_the_runtime_error() {
        let e = method(quote!(
            async fn get(&self, id: u64) -> u64;
        ));
        assert!(
            e.contains("must return `Result<T, auth_core::Error>`"),
            "{e}"
        );
    }

    #[test]
    fn one_verb_and_a_path_the_rulebook_takes() {
        let e = errors(
            quote!(),
            quote! { pub trait A { #[public] async fn a(&self) -> Result<(), Error>; } },
        );
        assert!(e.contains("has no HTTP verb"), "{e}");
        let e = errors(
            quote!(),
            quote! { pub trait A { #[get("/a")] #[post("/a")] #[public] async fn a(&self) -> Result<(), Error>; } },
        );
        assert!(e.contains("more than one HTTP verb"), "{e}");
        let e = errors(
            quote!(),
            quote! { pub trait A { #[get("/a/{x}/{x}")] #[public] async fn a(&self, x: u8) -> Result<(), Error>; } },
        );
        assert!(e.contains("twice"), "{e}");
    }

    #[test]
    fn a_bare_authenticated_in_an_api_with_scopes_is_a_forgotten_scope() {
        let e = errors(
            quote!(scopes = merchant),
            quote! { pub trait A { #[get("/a")] #[authenticated] async fn a(&self) -> Result<(), Error>; } },
        );
        assert!(
            e.contains("`a` names no scope, in an API whose scopes come from `merchant`"),
            "{e}"
        );
        let e = errors(
            quote!(scopes = merchant),
            quote! { pub trait A { #[get("/a")] #[authenticated(any_token)] async fn a(&self) -> Result<(), Error>; } },
        );
        assert!(e.is_empty(), "{e}");
        let e = errors(
            quote!(),
            quote! { pub trait A { #[get("/a")] #[authenticated] async fn a(&self) -> Result<(), Error>; } },
        );
        assert!(e.is_empty(), "without scopes the bare form stays: {e}");
        let e = errors(
            quote!(scopes = merchant),
            quote! { pub trait A { #[get("/a")] #[authenticated(any_token, scope = "x")] async fn a(&self) -> Result<(), Error>; } },
        );
        assert!(e.contains("keep one of them"), "{e}");
    }

    #[test]
    fn a_name_declared_twice_is_one_error_at_the_second() {
        let e = errors(
            quote!(),
            quote! { pub trait A {
                #[get("/a")] #[public] async fn a(&self) -> Result<(), Error>;
                #[get("/b")] #[public] async fn a(&self) -> Result<(), Error>;
            } },
        );
        assert!(e.starts_with("`a` is declared twice in `A`"), "{e}");
        assert_eq!(e.matches("declared twice").count(), 1, "{e}");
    }

    #[test]
    fn each_argument_goes_to_one_place() {
        let e = method(quote!(
            async fn get(&self, id: u64, page: u32) -> Result<(), Error>;
        ));
        assert!(e.contains("argument `page` is not used"), "{e}");
        let e = method(quote!(
            async fn get(&self, #[query] id: u64) -> Result<(), Error>;
        ));
        assert!(e.contains("is in the path"), "{e}");
        let e = method(quote!(
            async fn get(&self, id: u64, #[body] a: u8, #[body] b: u8) -> Result<(), Error>;
        ));
        assert!(e.contains("more than one `#[body]`"), "{e}");
        let e = method(quote!(
            async fn get(&self, id: impl Copy) -> Result<(), Error>;
        ));
        assert!(e.contains("cannot take `impl Trait`"), "{e}");
        let e = method(quote!(
            async fn get(&self, id: u64, #[header("X Y")] h: &str) -> Result<(), Error>;
        ));
        assert!(e.contains("not a valid header name"), "{e}");
        let e = method(quote!(
            async fn get(&self, #[query] q: u64) -> Result<(), Error>;
        ));
        assert!(e.contains("path parameter `{id}` has no argument"), "{e}");
    }
}
