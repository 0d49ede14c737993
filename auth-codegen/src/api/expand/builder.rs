//! The call of a method with optional arguments: its required arguments stay in order,
//! its optional `#[query]` and `#[header]` arguments are set on the call
//! (`client.list(id).status("open").limit(20).await`).
//!
//! For a method `list` of trait `Orders`, two types sit next to the trait:
//! `OrdersListCall<'a>`, what the method returns (setters, the call's own settings,
//! `IntoFuture`), and `OrdersListOptional`, the optional arguments as set, which a fake's
//! answer is given.

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};

use super::{ok_type, private, respan};
use crate::api::model::{Arg, Client, Fill, Method};

/// The settings every call has (`ApiCall::timeout`, ...), forwarded by each builder: their
/// names, parameters and arguments. An optional argument of the same name keeps the name,
/// and the setting is then reached through `.into_future()`.
fn settings(krate: &TokenStream) -> [(&'static str, TokenStream, TokenStream); 6] {
    [
        (
            "timeout",
            quote!(timeout: ::core::time::Duration),
            quote!(timeout),
        ),
        (
            "attempt_timeout",
            quote!(timeout: ::core::time::Duration),
            quote!(timeout),
        ),
        ("max_attempts", quote!(n: u32), quote!(n)),
        ("backoff", quote!(backoff: #krate::Backoff), quote!(backoff)),
        ("retry_non_idempotent", quote!(retry: bool), quote!(retry)),
        (
            "header",
            quote!(name: &str, value: &str),
            quote!(name, value),
        ),
    ]
}

/// `OrdersListCall`: the type a method with optional arguments returns.
pub(super) fn call_type(client: &Client<'_>, method: &Method<'_>) -> Ident {
    format_ident!("{}{}Call", client.api, pascal(method.name))
}

/// `OrdersListOptional`: the optional arguments as set.
fn optional_type(client: &Client<'_>, method: &Method<'_>) -> Ident {
    format_ident!("{}{}Optional", client.api, pascal(method.name))
}

/// `droplets_list` → `DropletsList`.
fn pascal(name: &Ident) -> String {
    let name = name.to_string();
    let name = name.strip_prefix("r#").unwrap_or(&name);
    name.split('_')
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut chars = w.chars();
            chars.next().map_or_else(String::new, |c| {
                c.to_ascii_uppercase().to_string() + chars.as_str()
            })
        })
        .collect()
}

/// The arguments given in order: all but the optional ones.
pub(super) fn positional<'m, 'a>(method: &'m Method<'a>) -> impl Iterator<Item = &'m Arg<'a>> {
    let setters = method.has_setters();
    method
        .args
        .iter()
        .filter(move |a| !(setters && a.optional.is_some()))
}

/// The two types of a method with optional arguments, and their impls.
pub(super) fn expand_builder(client: &Client<'_>, method: &Method<'_>) -> TokenStream {
    let krate = &client.krate;
    let private = private(krate);
    let vis = client.vis;
    let call = call_type(client, method);
    let optional = optional_type(client, method);
    let ok = ok_type(method);
    let api = client.api;
    let name = method.name;
    // The method's conditions (`#[cfg]`) hold for its types too; its other attributes
    // (`#[deprecated]`, lints) stay on the method.
    let attrs: Vec<_> = method
        .attrs
        .iter()
        .filter(|a| a.path().is_ident("cfg") || a.path().is_ident("cfg_attr"))
        .collect();
    let attrs = &attrs;
    let fills = method.call.as_ref().map_or(&[][..], |c| &c.fills[..]);

    let optionals: Vec<(&Ident, &syn::Type, String)> = method
        .args
        .iter()
        .enumerate()
        .filter_map(|(i, arg)| {
            let (ident, inner) = (arg.ident?, arg.optional?);
            let sent = fills.iter().find_map(|fill| match fill {
                Fill::Query { arg, key } if *arg == i => Some(format!("query parameter `{key}`")),
                Fill::Header { arg, name } if *arg == i => Some(format!("header `{name}`")),
                _ => None,
            })?;
            Some((ident, inner, sent))
        })
        .collect();

    let fields = optionals.iter().map(|(ident, inner, sent)| {
        let doc = format!(" `{ident}`, sent as {sent}.");
        quote!(#[doc = #doc] pub #ident: ::core::option::Option<#inner>,)
    });
    let setters = optionals.iter().map(|(ident, inner, sent)| {
        let setter = if *ident == "new" {
            format_ident!("new_")
        } else {
            (*ident).clone()
        };
        let set = format_ident!("set_{}", ident.to_string().trim_start_matches("r#"));
        let doc = format!(" Sets `{ident}`, sent as {sent}.");
        let set_doc = format!(" Sets or clears `{ident}`, sent as {sent}.");
        let (param, value) = if is_string(inner) {
            (
                quote!(#ident: impl ::core::convert::Into<::std::string::String>),
                quote!(::core::convert::Into::into(#ident)),
            )
        } else {
            (quote!(#ident: #inner), quote!(#ident))
        };
        quote! {
            #[doc = #doc]
            pub fn #setter(mut self, #param) -> Self {
                self.optional.#ident = ::core::option::Option::Some(#value);
                self
            }

            #[doc = #set_doc]
            pub fn #set(mut self, #ident: ::core::option::Option<#inner>) -> Self {
                self.optional.#ident = #ident;
                self
            }
        }
    });
    let taken: Vec<String> = optionals.iter().map(|(i, ..)| i.to_string()).collect();
    let krate_path = krate.to_string().replace(' ', "");
    let settings = settings(krate)
        .into_iter()
        .filter(|(setting, ..)| !taken.iter().any(|t| t == setting))
        .map(|(setting, params, args)| {
            let doc = format!(
                " The call's own setting: see \
                 [`ApiCall::{setting}`]({krate_path}::ApiCall::{setting})."
            );
            let setting = Ident::new(setting, Span::call_site());
            quote! {
                #[doc = #doc]
                pub fn #setting(mut self, #params) -> Self {
                    self.call = self.call.map(|call| call.#setting(#args));
                    self
                }
            }
        });
    let fill_each = optionals.iter().map(|(ident, inner, _)| {
        let i = method
            .args
            .iter()
            .position(|a| a.ident == Some(*ident))
            .unwrap_or_default();
        let span = syn::spanned::Spanned::span(*inner);
        let value = Ident::new("value", Span::mixed_site());
        let fill = fills.iter().find_map(|fill| match fill {
            Fill::Query { arg, key } if *arg == i => {
                let role = respan(quote!(&dyn #krate::wire::QueryParam), span);
                Some(quote_spanned!(span=> request.query(#key, #value as #role);))
            }
            Fill::Header { arg, name } if *arg == i => {
                let role = respan(quote!(&dyn #krate::wire::HeaderParam), span);
                Some(quote_spanned!(span=> request.header(#name, #value as #role);))
            }
            _ => None,
        });
        quote! {
            if let ::core::option::Option::Some(#value) = &optional.#ident {
                #fill
            }
        }
    });

    let api_name = api.to_string();
    let method_name = name.to_string();
    let call_doc = format!(
        " The call of [`{api_name}::{method_name}`]: set its optional arguments and settings, \
         then `.await` it."
    );
    let optional_doc = format!(
        " The optional arguments of [`{api_name}::{method_name}`], as set on its call: what a \
         fake's answer is given."
    );
    let new_doc = format!(
        " A call answered by `answer`, given the optional arguments set on it: what a fake \
         of [`{api_name}`] returns from `{method_name}`. Settings (`timeout`, ...) do nothing \
         on it."
    );
    quote! {
        #[doc = #call_doc]
        #(#attrs)*
        #[must_use = "an API call sends nothing until it is awaited"]
        #vis struct #call<'a> {
            optional: #optional,
            call: #private::Deferred<'a, #optional, #ok>,
        }

        #[doc = #optional_doc]
        #(#attrs)*
        #[derive(Default)]
        #[non_exhaustive]
        #vis struct #optional {
            #(#fields)*
        }

        #(#attrs)*
        impl<'a> #call<'a> {
            #[doc = #new_doc]
            pub fn new(
                answer: impl ::core::ops::FnOnce(#optional) -> #krate::ApiCall<'a, #ok>
                    + ::core::marker::Send
                    + 'a,
            ) -> Self {
                Self {
                    optional: ::core::default::Default::default(),
                    call: #private::Deferred::fake(answer),
                }
            }

            #[doc(hidden)]
            pub fn __client(call: #krate::ApiCall<'a, #ok>) -> Self {
                Self {
                    optional: ::core::default::Default::default(),
                    call: #private::Deferred::client(call, Self::__fill),
                }
            }

            fn __fill(request: &mut #private::Request, optional: &#optional) {
                #(#fill_each)*
            }

            #(#setters)*
            #(#settings)*
        }

        #(#attrs)*
        impl<'a> ::core::future::IntoFuture for #call<'a> {
            type Output = ::core::result::Result<#ok, #krate::Error>;
            type IntoFuture = #krate::ApiCall<'a, #ok>;

            fn into_future(self) -> Self::IntoFuture {
                self.call.finish(self.optional)
            }
        }
    }
}

/// Whether `ty` is `String` (set from anything `Into<String>`, so `.status("open")`).
fn is_string(ty: &syn::Type) -> bool {
    matches!(ty, syn::Type::Path(p) if p.qself.is_none()
        && p.path.segments.last().is_some_and(|s| s.ident == "String" && s.arguments.is_empty()))
}
