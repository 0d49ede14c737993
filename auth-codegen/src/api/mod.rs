//! `#[api]`: an annotated trait becomes a scope-checked client.
//!
//! Parsing ([`ast`], [`attr`], [`paginated`]) collects every problem, [`valid`] checks what needs the
//! whole method and builds the checked [`model`], and [`expand`] generates the trait,
//! the client and its manifest from that model alone, so that one mistake gives one
//! error and the rest of the client still exists.

mod ast;
mod attr;
mod expand;
mod model;
mod paginated;
mod valid;

use proc_macro2::TokenStream;

use crate::ctxt::Ctxt;

/// Expands `#[api(args)] trait ... { ... }`.
pub fn expand(args: TokenStream, item: TokenStream) -> TokenStream {
    let item: syn::ItemTrait = match syn::parse2(item.clone()) {
        Ok(item) => item,
        Err(e) => {
            let (span, kind) = match syn::parse2::<syn::Item>(item.clone()) {
                Ok(syn::Item::Struct(s)) => (s.struct_token.span, "a struct"),
                Ok(syn::Item::Enum(e)) => (e.enum_token.span, "an enum"),
                Ok(syn::Item::Fn(f)) => (f.sig.fn_token.span, "a function"),
                Ok(syn::Item::Impl(i)) => (i.impl_token.span, "an impl block"),
                Ok(syn::Item::Mod(m)) => (m.mod_token.span, "a module"),
                _ => (e.span(), "this"),
            };
            let msg = syn::Error::new(
                span,
                format!(
                    "`#[api]` goes on a trait of `async fn` methods (`pub trait Orders {{ ... }}`), \
                     not on {kind}"
                ),
            );
            let error = msg.to_compile_error();
            return quote::quote!(#error #item);
        }
    };
    let mut cx = Ctxt::default();
    let api = ast::Api::from_syn(&mut cx, args, &item);
    let client = valid::check(&mut cx, &api);
    let errors = cx.check();
    let generated = expand::expand(&client);
    let output = quote::quote!(#errors #generated);
    crate::dump::dump(&item.ident.to_string(), &output);
    output
}
