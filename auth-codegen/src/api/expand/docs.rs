//! The docs of generated methods: what each requires, how it fails, and the API's
//! documented error answer (`#[api(error = T)]`, also checked to be decodable).

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};

use super::respan;
use crate::api::model::{Auth, Call, Client, Method};

/// The scopes a method needs, as doc lines.
fn auth_docs(call: Option<&Call>) -> Vec<String> {
    let Some(call) = call else {
        return Vec::new();
    };
    match &call.auth {
        Auth::Public => vec![" Public: called without a token.".into()],
        Auth::Token { all, any } if all.is_empty() && any.is_empty() => {
            vec![" Requires a token (no particular scope).".into()]
        }
        Auth::Token { all, any } => {
            let mut lines: Vec<String> = all
                .iter()
                .map(|scope| format!(" Requires scope `{}`.", scope.name))
                .collect();
            for group in any {
                let names: Vec<String> = group.iter().map(|l| format!("`{}`", l.name)).collect();
                lines.push(format!(" Requires one of the scopes {}.", names.join(", ")));
            }
            lines
        }
    }
}

/// The method's docs: the user's, what it requires, and its errors.
pub(super) fn method_docs(client: &Client<'_>, method: &Method<'_>) -> TokenStream {
    let docs = &method.docs;
    let auth_lines = auth_docs(method.call.as_ref());
    let separator = (!docs.is_empty()).then(|| quote!(#[doc = ""]));
    let public = matches!(
        method.call,
        Some(Call {
            auth: Auth::Public,
            ..
        })
    );
    let errors_doc = if public {
        " Awaiting the call fails when the API answers an error status or the answer is not \
         the declared type."
    } else {
        " Awaiting the call fails when no token can be obtained, when the API answers an \
         error status (403 as `Error::Forbidden`, naming the scopes above), or when the \
         answer is not the declared type."
    };
    let error_type = client.error.map(|ty| {
        let name = quote!(#ty).to_string().replace(' ', "");
        let line = format!(
            " The API's error answers are `{name}`: read one with `err.body_as::<{name}>()`."
        );
        quote!(#[doc = ""] #[doc = #line])
    });
    quote! {
        #(#docs)*
        #separator
        #(#[doc = #auth_lines])*
        #[doc = ""]
        #[doc = " # Errors"]
        #[doc = ""]
        #[doc = #errors_doc]
        #error_type
    }
}

/// `error = Type` must be decodable: checked once, spanned at the user's type.
pub(super) fn error_type_check(client: &Client<'_>) -> Option<TokenStream> {
    let ty = client.error?;
    let krate = &client.krate;
    let span = syn::spanned::Spanned::span(ty);
    let bound = respan(quote!(#krate::wire::ErrorAnswer), span);
    Some(quote_spanned! {span=>
        const _: () = {
            fn error_answer<T: #bound>() {}
            let _ = error_answer::<#ty>;
        };
    })
}
