//! A credential's `scopes!` module, as tokens: each scope with its description, its wire
//! name when the Rust name differs, and what it implies.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{Emitter, one_line};
use crate::doc::doc_lines;
use crate::security::Scheme;

impl Emitter<'_> {
    /// `::auth_core::scopes! { pub mod <module> { ... } }` for `scheme`.
    pub(super) fn scopes_module(&self, scheme: &Scheme, module: &str) -> TokenStream {
        let runtime = self.runtime;
        let krate = self
            .config
            .runtime
            .is_some()
            .then(|| quote!(crate = #runtime;));
        let doc = format!(
            " The scopes of the `{}` credential of the {}.",
            one_line(&scheme.name),
            one_line(&self.api.info.title)
        );
        let module = format_ident!("{module}");
        let entries = scheme.scopes.iter().map(|(wire, info)| {
            let docs = info
                .description
                .iter()
                .flat_map(|d| doc_lines(d))
                .map(|line| {
                    if line.is_empty() {
                        line
                    } else {
                        format!(" {line}")
                    }
                });
            let ident = format_ident!("{}", info.ident);
            let wire = (*wire != info.ident).then(|| quote!(= #wire));
            let implied: Vec<_> = info
                .implies
                .iter()
                .filter_map(|w| scheme.scopes.get(w))
                .map(|i| format_ident!("{}", i.ident))
                .collect();
            let implies = match implied.as_slice() {
                [] => None,
                [one] => Some(quote!(=> #one)),
                many => Some(quote!(=> [#(#many),*])),
            };
            quote!(#(#[doc = #docs])* #ident #wire #implies)
        });
        quote! {
            #runtime::scopes! {
                #krate
                #[doc = #doc]
                pub mod #module {
                    #(#entries,)*
                }
            }
        }
    }
}
