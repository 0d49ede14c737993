//! `#[api]`: an annotated trait becomes a scope-checked client.
//!
//! Parsing ([`ast`], [`attr`]) collects every problem, [`valid`] checks what needs the
//! whole method, and [`expand`] generates the client from what is valid, so that one
//! mistake gives one error and the rest of the client still exists.

mod ast;
mod attr;
mod expand;
mod path;
mod valid;

use proc_macro2::TokenStream;

use crate::ctxt::Ctxt;

/// Expands `#[api(args)] trait ... { ... }`.
pub fn expand(args: TokenStream, item: TokenStream) -> TokenStream {
    let item: syn::ItemTrait = match syn::parse2(item.clone()) {
        Ok(item) => item,
        Err(e) => {
            let msg = syn::Error::new(
                e.span(),
                format!("`#[api]` goes on a trait of `async fn` methods: {e}"),
            );
            let error = msg.to_compile_error();
            return quote::quote!(#error #item);
        }
    };
    let mut cx = Ctxt::default();
    let mut api = ast::Api::from_syn(&mut cx, args, &item);
    valid::check(&mut cx, &mut api);
    let failed = cx.len() > 0;
    let errors = cx.check();
    let client = expand::expand(&api);
    // With errors, the trait itself stays too (without our attributes), so that what it
    // names (imports, types) stays used and IDEs still see it.
    let original = failed.then(|| stripped(&item));
    let output = quote::quote!(#errors #original #client);
    crate::dump::dump(&item.ident.to_string(), &output);
    output
}

/// The trait without the attributes `#[api]` interprets.
fn stripped(item: &syn::ItemTrait) -> TokenStream {
    let keep = |a: &syn::Attribute| {
        [
            "doc",
            "cfg",
            "allow",
            "warn",
            "deny",
            "expect",
            "deprecated",
        ]
        .iter()
        .any(|name| a.path().is_ident(name))
    };
    let mut item = item.clone();
    for trait_item in &mut item.items {
        if let syn::TraitItem::Fn(f) = trait_item {
            f.attrs.retain(keep);
            for input in &mut f.sig.inputs {
                if let syn::FnArg::Typed(arg) = input {
                    arg.attrs.retain(|a| a.path().is_ident("cfg"));
                }
            }
        }
    }
    quote::quote! {
        #[allow(async_fn_in_trait, dead_code)]
        #item
    }
}
