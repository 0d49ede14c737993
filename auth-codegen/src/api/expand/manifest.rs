//! The client's manifest: every method's endpoint and scopes, as a static the methods
//! read and as `XClient::MANIFEST`.

use std::collections::BTreeMap;

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};

use super::{respan, scope_path};
use crate::api::attr::ScopeName;
use crate::api::model::{Auth, Client};

/// The static holding a client's manifest, which methods read their endpoint from: a
/// static is evaluated once, where the associated const would be evaluated again for
/// each method's own where-clauses (1,000 methods on a 500-scope module took 25 s).
pub(super) fn manifest_static(client: &Client<'_>) -> Ident {
    format_ident!(
        "__AUTH_CORE_{}_MANIFEST",
        client.client.to_string().to_ascii_uppercase()
    )
}

pub(super) fn expand_manifest(client: &Client<'_>) -> TokenStream {
    let krate = &client.krate;
    let name = &client.client;
    let api_name = client.api.to_string();
    let client_name = name.to_string();
    let module_name = client
        .module
        .map(|m| quote!(#m).to_string().replace(' ', ""))
        .unwrap_or_default();
    // The scopes' names as the provider spells them (`Scope::NAME`), spanned at the
    // user's scope strings: an unknown scope is then one error, not one per mention.
    let name_of = |scope: &ScopeName| match client.module {
        Some(_) => {
            let path = scope_path(client, scope);
            let name = respan(quote!(#krate::scope::Scope>::NAME), scope.span);
            quote_spanned!(scope.span=> <#path as #name)
        }
        None => {
            let name = &scope.name;
            quote!(#name)
        }
    };
    let mut union: BTreeMap<&str, TokenStream> = BTreeMap::new();
    let endpoints: Vec<TokenStream> = client
        .methods
        .iter()
        .filter_map(|m| Some((m, m.call.as_ref()?)))
        .map(|(m, call)| {
            let method_name = m.name.to_string();
            let verb = &call.verb;
            let template = &call.template;
            let auth = match &call.auth {
                Auth::Public => quote!(#krate::manifest::Auth::Public),
                Auth::Token { all, any } => {
                    for scope in call.auth.scopes() {
                        union
                            .entry(scope.name.as_str())
                            .or_insert_with(|| name_of(scope));
                    }
                    let all = all.iter().map(name_of);
                    let any = any.iter().map(|g| {
                        let names = g.iter().map(name_of);
                        quote!(&[#(#names),*])
                    });
                    quote!(#krate::manifest::Auth::Scopes { all: &[#(#all),*], any_of: &[#(#any),*] })
                }
            };
            quote! {
                #krate::manifest::Endpoint {
                    name: #method_name,
                    method: #verb,
                    path: #template,
                    auth: #auth,
                }
            }
        })
        .collect();
    let union = union.values();
    let urls = [
        ("PRODUCTION_URL", client.production),
        ("STAGING_URL", client.staging),
    ]
    .into_iter()
    .filter_map(|(const_name, url)| {
        let url = url?;
        let ident = Ident::new(const_name, Span::call_site());
        let doc = format!(
            " The `{}` URL declared in `#[api]`.",
            const_name.trim_end_matches("_URL").to_ascii_lowercase()
        );
        Some(quote!(#[doc = #doc] pub const #ident: &'static str = #url;))
    });
    let manifest_static = manifest_static(client);
    let s = &client.s;
    quote! {
        impl #name<()> {
            /// Every method with its HTTP method, path and required scopes, and the union
            /// of those scopes: what to request from the provider, and what CI can print.
            /// (In generic code: `<Client<S> as auth_core::manifest::Described>::MANIFEST`.)
            pub const MANIFEST: #krate::manifest::Manifest = #krate::manifest::Manifest {
                api: #api_name,
                client: #client_name,
                scope_module: #module_name,
                endpoints: &[#(#endpoints),*],
                scopes: &[#(#union),*],
            };
            #(#urls)*
        }

        #[automatically_derived]
        impl<#s> #krate::manifest::Described for #name<#s> {
            const MANIFEST: &'static #krate::manifest::Manifest = &#manifest_static;
        }

        #[doc(hidden)]
        #[allow(non_upper_case_globals)]
        static #manifest_static: #krate::manifest::Manifest = #name::<()>::MANIFEST;
    }
}
