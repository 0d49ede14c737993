//! Rules on where and how the client sends its credential: the production and staging
//! URLs (the https rule, a template's variables) and `auth = ...`.

use super::super::attr::{ApiArgs, AuthArg};
use super::super::model::Placement;
use crate::ctxt::Ctxt;

/// `production` and `staging`, checked: the variables of the production URL (the
/// constructor's arguments).
pub(super) fn urls(cx: &mut Ctxt, args: &ApiArgs) -> Vec<String> {
    let mut variables = Vec::new();
    if let Some(lit) = &args.production {
        match crate::rules::server::variables(&lit.value()) {
            Ok(names) => variables = names,
            Err(problem) if lit.value().contains(['{', '}']) => cx.error_spanned_by(
                lit,
                format!(
                    "`production` must be an https URL whose variables name the constructor's \
                     arguments, such as \"https://{{hostname}}\": {problem}"
                ),
            ),
            Err(problem) => cx.error_spanned_by(
                lit,
                format!(
                    "`production` must be an https URL such as \"https://api.example.com\": \
                     {problem}"
                ),
            ),
        }
    }
    if let Some(lit) = &args.staging {
        if !variables.is_empty() {
            cx.error_spanned_by(
                lit,
                "a production URL with variables takes no staging URL: the constructor's \
                 arguments choose the deployment",
            );
        } else if let Some(problem) = crate::rules::url_problem(&lit.value()) {
            cx.error_spanned_by(
                lit,
                format!(
                    "`staging` must be an https URL such as \"https://api.example.com\": {problem}"
                ),
            );
        }
    }
    variables
}

/// `auth = ...`, checked: a header name that is one, a query name that is not empty, a
/// prefix a header can carry.
pub(super) fn placement(cx: &mut Ctxt, auth: Option<&AuthArg>) -> Placement {
    match auth {
        None | Some(AuthArg::Bearer) => Placement::Bearer,
        Some(AuthArg::Basic) => Placement::Basic,
        Some(AuthArg::Header { name, prefix }) => {
            if !crate::rules::is_header_name(&name.value()) {
                cx.error_spanned_by(
                    name,
                    format!(
                        "\"{}\" is not a valid header name: a header name is letters, digits \
                         and `-` (such as \"X-Api-Key\"), without spaces or `:`",
                        name.value()
                    ),
                );
            }
            if let Some(lit) = prefix
                && let Some(bad) = lit
                    .value()
                    .chars()
                    .find(|c| !(c.is_ascii_graphic() || *c == ' '))
            {
                cx.error_spanned_by(
                    lit,
                    format!(
                        "the prefix contains {bad:?}, which a header cannot carry: write it as \
                         the provider documents it, such as \"Bot \""
                    ),
                );
            }
            Placement::Header {
                name: name.value(),
                prefix: prefix.as_ref().map_or_else(String::new, syn::LitStr::value),
            }
        }
        Some(AuthArg::Query { name }) => {
            if name.value().is_empty() {
                cx.error_spanned_by(name, "the query parameter's name is empty");
            }
            Placement::Query { name: name.value() }
        }
    }
}

#[cfg(test)]
mod tests {
    use quote::quote;

    use super::super::tests::errors;

    fn with(args: proc_macro2::TokenStream) -> String {
        errors(
            args,
            quote! { pub trait A { #[get("/a")] #[public] async fn a(&self) -> Result<(), Error>; } },
        )
    }

    #[test]
    fn urls_follow_the_https_rule_and_templates_name_arguments() {
        assert!(with(quote!(production = "http://api.example")).contains("plain http"));
        assert!(with(quote!(production = "https://{a-b}")).contains("not a variable"));
        assert!(with(quote!(production = "https://{host}")).is_empty());
        let e = with(quote!(
            production = "https://{host}",
            staging = "https://s.example"
        ));
        assert!(e.contains("takes no staging URL"), "{e}");
        assert!(with(quote!(staging = "ftp://s.example")).contains("`ftp:`"));
    }

    #[test]
    fn a_credential_goes_where_a_header_or_query_can_carry_it() {
        assert!(with(quote!(auth = api_key(header = "X Y"))).contains("not a valid header name"));
        assert!(
            with(quote!(auth = api_key(header = "X-Key", prefix = "Bot\t"))).contains("prefix")
        );
        assert!(with(quote!(auth = api_key(query = ""))).contains("name is empty"));
        assert!(
            with(quote!(
                auth = api_key(header = "Authorization", prefix = "Bot ")
            ))
            .is_empty()
        );
    }
}
