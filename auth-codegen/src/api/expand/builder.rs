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

use super::{decoder, ok_type, private, respan};
use crate::api::model::{Arg, Client, Fill, Method};
use crate::api::paginated::{Next, Paginated};

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
    let setters = method.has_call_type();
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
    let streams = method
        .paging
        .map(|paging| streams(client, method, paging, &optional, &taken));
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
                    call: #private::Deferred::fake(#method_name, answer),
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
            #streams
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

/// `pages()`, `items()` and `new_pages()` of a `#[paginated]` method's call. An optional
/// argument called `pages` or `items` keeps its name; the stream is then `into_pages()`
/// or `into_items()`.
fn streams(
    client: &Client<'_>,
    method: &Method<'_>,
    paging: &Paginated,
    optional: &Ident,
    taken: &[String],
) -> TokenStream {
    let krate = &client.krate;
    let private = private(krate);
    let ok = ok_type(method);
    let item = &paging.item;
    let items_at = &paging.items;
    let named = |name: &str| {
        if taken.iter().any(|t| t == name) {
            format_ident!("into_{name}")
        } else {
            Ident::new(name, Span::call_site())
        }
    };
    let (pages_fn, items_fn) = (named("pages"), named("items"));
    let paging_type = quote!(#krate::paging::Paging);
    let (style, how) = match &paging.next {
        Next::UrlInBody(at) => (
            quote!(#paging_type::next_url(#at)),
            format!("the next page's URL is in the body at `{at}`"),
        ),
        Next::LinkHeader => (
            quote!(#paging_type::link_header()),
            "the next page is the `Link` header's `rel=\"next\"`".to_owned(),
        ),
        Next::Cursor { at, param } => (
            quote!(#paging_type::cursor(#at, #param)),
            format!("the cursor at `{at}` in the body is sent back as query parameter `{param}`"),
        ),
        Next::PageNumber {
            param,
            total_pages,
            total_items,
        } => {
            let pages = total_pages.as_ref().map(|at| quote!(.total_pages(#at)));
            let items = total_items.as_ref().map(|at| quote!(.total_items(#at)));
            let until = match (total_pages, total_items) {
                (Some(at), _) => format!("up to the number of pages at `{at}`"),
                (None, Some(at)) => format!("until the number of items at `{at}`"),
                (None, None) => "until an empty page".to_owned(),
            };
            (
                quote!(#paging_type::page_number(#param) #pages #items),
                format!("pages are numbered by query parameter `{param}`, {until}"),
            )
        }
    };
    let where_items = if items_at.is_empty() {
        "the body is the array of items".to_owned()
    } else {
        format!("a page's items are the array at `{items_at}`")
    };
    let paging_static = quote! {
        static PAGING: #paging_type = #style.items(#items_at);
    };
    let pages_doc = format!(
        " Every page, one call each as the stream is read (token, rate limits and the \
         call's settings as for one call): {how}. A stream of `Result<{}, Error>` that ends \
         after the last page or the first error.",
        ok.to_string().replace(' ', "")
    );
    let items_doc = format!(
        " Every item of every page ({where_items}; {how}), holding one page at a time. A \
         stream of `Result<{}, Error>` that ends after the last item or the first error.",
        quote!(#item).to_string().replace(' ', "")
    );
    let new_pages_doc = " A call answered by `pages`, JSON bodies (`serde_json::Value`) as \
         the API would send them, given the optional arguments set on it: what a fake of a \
         paged method returns. Awaited, it answers the first page; its `pages()` and `items()` walk them \
         all, in order.";
    let method_name = method.name.to_string();
    let finish = decoder(client, method);
    // An item type that cannot be decoded is reported at the user's `item = ...`.
    let item_span = syn::spanned::Spanned::span(item);
    let decode = respan(quote!(#krate::wire::JsonResponse>::DECODE), item_span);
    let item_check = quote_spanned!(item_span=> let _ = <#item as #decode;);
    quote! {
        #[doc = #pages_doc]
        pub fn #pages_fn(self) -> #krate::Pages<'a, #ok> {
            #paging_static
            self.call.pages(self.optional, &PAGING)
        }

        #[doc = #items_doc]
        pub fn #items_fn(self) -> #krate::Items<'a, #item> {
            #item_check
            #paging_static
            self.call.items(self.optional, &PAGING)
        }

        #[doc = #new_pages_doc]
        pub fn new_pages(
            pages: impl ::core::ops::FnOnce(#optional) -> ::std::vec::Vec<#private::JsonValue>
                + ::core::marker::Send
                + 'a,
        ) -> Self {
            Self {
                optional: ::core::default::Default::default(),
                call: #private::Deferred::fake_pages(#method_name, #finish, pages),
            }
        }
    }
}
