//! The client's constructors: `new` (from the production or staging URL),
//! `with_base_url`, `with_token` and the other builders every client has.

use proc_macro2::{Ident, Span, TokenStream};
use quote::{quote, quote_spanned};

use super::scope_names::module_path;
use super::{private, respan};
use crate::api::model::{Client, Placement};

pub(super) fn expand_constructors(client: &Client<'_>) -> TokenStream {
    let krate = &client.krate;
    let private = private(krate);
    let s = &client.s;
    let name = &client.client;
    let api_name = client.api.to_string();
    // A token typed with another module's scopes builds no client: the error names
    // both modules, at the constructor, spanned at `scopes = ...`.
    let same_module = |t: &Ident| {
        module_path(client).map(|module| {
            let span = module.span();
            let bound = respan(
                quote!(<#t as #krate::scope::ScopeSet>::Module: #krate::scope::SameModule),
                span,
            );
            let marker = quote_spanned!(span=> <#module::Scopes>);
            quote!(#bound #marker)
        })
    };
    let same_s = same_module(s).map(|bound| quote!(where #bound));
    // How the credential is sent, when not as a bearer token.
    let placed = match &client.placement {
        Placement::Bearer => None,
        Placement::Basic => Some(quote!(#private::Placement::Basic)),
        Placement::Header { name, prefix } => {
            Some(quote!(#private::Placement::Header { name: #name, prefix: #prefix }))
        }
        Placement::Query { name } => Some(quote!(#private::Placement::Query { name: #name })),
    }
    .map(|placement| quote!(.with_placement(#placement)));
    let t = Ident::new("T", Span::call_site());
    let same_t = same_module(&t);
    let new = match client.production {
        Some(production) if !client.variables.is_empty() => {
            let args: Vec<Ident> = client
                .variables
                .iter()
                .map(|v| Ident::new(v, production.span()))
                .collect();
            let names = &client.variables;
            let doc = format!(
                " A client for the provider's deployment at `{}`, with {} filled in.",
                production.value(),
                names
                    .iter()
                    .map(|n| format!("`{n}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            quote! {
                #[doc = #doc]
                ///
                /// # Errors
                ///
                /// A value that is not a host name (empty, or with `/`, `@`, `?`, `#` or
                /// spaces), or a URL that is not https.
                pub fn new(
                    token: #krate::Scoped<#s>,
                    #(#args: &str),*
                ) -> ::core::result::Result<Self, #krate::Error>
                #same_s
                {
                    let url = #private::server_url(#production, &[#((#names, #args)),*])?;
                    let core = #private::ClientCore::new(token.into_cache(), &url)#placed;
                    core.check()?;
                    ::core::result::Result::Ok(Self { core, scopes: ::core::marker::PhantomData })
                }
            }
        }
        Some(production) => {
            let staging = match client.staging {
                Some(url) => quote!(::core::result::Result::Ok(#url)),
                None => {
                    let msg = format!(
                        "the `{api_name}` API declares no staging URL; use `with_base_url`"
                    );
                    quote!(::core::result::Result::Err(#msg))
                }
            };
            quote! {
                /// A client for the provider's production or staging deployment (the URLs
                /// given to `#[api]`).
                #[must_use]
                pub fn new(token: #krate::Scoped<#s>, environment: #krate::Environment) -> Self
                #same_s
                {
                    let url: ::core::result::Result<&'static str, &'static str> = match environment {
                        #krate::Environment::Production => ::core::result::Result::Ok(#production),
                        #krate::Environment::Staging => #staging,
                    };
                    Self {
                        core: #private::ClientCore::for_url(token.into_cache(), url)#placed,
                        scopes: ::core::marker::PhantomData,
                    }
                }
            }
        }
        // Without a production URL, `new` exists only to explain itself.
        None => {
            let declared_url = respan(quote!(E: #krate::wire::DeclaredUrl), client.api.span());
            let msg =
                format!("the `{api_name}` API declares no production URL; use `with_base_url`");
            quote! {
                #[doc(hidden)]
                #[must_use]
                pub fn new<E>(token: #krate::Scoped<#s>, environment: E) -> Self
                where
                    #declared_url
                {
                    let _ = environment;
                    Self {
                        core: #private::ClientCore::for_url(
                            token.into_cache(),
                            ::core::result::Result::Err(#msg),
                        )#placed,
                        scopes: ::core::marker::PhantomData,
                    }
                }
            }
        }
    };
    quote! {
        #new

        /// A client for the API at `base_url`: a custom deployment, or a loopback test
        /// provider.
        ///
        /// # Errors
        ///
        /// `base_url` is not a URL, or is plain `http` to a host other than loopback.
        pub fn with_base_url(
            token: #krate::Scoped<#s>,
            base_url: &str,
        ) -> ::core::result::Result<Self, #krate::Error>
        #same_s
        {
            let core = #private::ClientCore::new(token.into_cache(), base_url)#placed;
            core.check()?;
            ::core::result::Result::Ok(Self { core, scopes: ::core::marker::PhantomData })
        }

        /// The same client with another token: another customer, or a token with other
        /// scopes. Costs two reference-count increments.
        #[must_use]
        pub fn with_token<#t: #krate::scope::ScopeSet>(&self, token: #krate::Scoped<#t>) -> #name<#t>
        where
            #same_t
        {
            #name {
                core: self.core.with_token(token.into_cache()),
                scopes: ::core::marker::PhantomData,
            }
        }

        /// The same client, typed with fewer scopes. Widening does not compile.
        #[must_use]
        pub fn narrow<#t>(&self) -> #name<#t>
        where
            #t: #krate::scope::ScopeSet + #krate::scope::FirstAdded<#s>,
            <#t as #krate::scope::FirstAdded<#s>>::Out: #krate::scope::NothingAdded,
        {
            #name {
                core: ::core::clone::Clone::clone(&self.core),
                scopes: ::core::marker::PhantomData,
            }
        }

        /// The same client on another connection pool (by default, clients share one).
        #[must_use]
        pub fn with_http_client(&self, http: #krate::reqwest::Client) -> Self {
            Self { core: self.core.with_http_client(http), scopes: ::core::marker::PhantomData }
        }

        /// The same client sending through `transport`: the application's own
        /// reqwest-middleware stack or tower service, under this client's token, retry
        /// and rate-limit handling.
        #[must_use]
        pub fn with_transport(&self, transport: #krate::Transport) -> Self {
            Self { core: self.core.with_transport(transport), scopes: ::core::marker::PhantomData }
        }

        /// The same client with other timeouts and limits.
        #[must_use]
        pub fn with_config(&self, config: #krate::ClientConfig) -> Self {
            Self { core: self.core.with_config(config), scopes: ::core::marker::PhantomData }
        }

        /// The token cache the client draws its tokens from.
        #[must_use]
        pub fn token_cache(&self) -> &#krate::TokenCache {
            self.core.token_cache()
        }
    }
}
