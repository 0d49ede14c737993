//! Checks that need the whole method (one verb, an auth statement, path parameters that
//! match arguments, a supported signature), turning the parsed trait into the checked
//! [`model`](super::model). Each problem is reported at its own span.

use std::collections::BTreeSet;

use proc_macro2::{Ident, Span, TokenStream, TokenTree};
use quote::{format_ident, quote};
use syn::{Attribute, FnArg, Type};

use super::ast::{Api, Method, ParamKind, Returns};
use super::attr::AuthArg;
use super::model::{self, Auth, Call, Client, Fill, OkType, Placement, Segment};
use crate::ctxt::Ctxt;
use crate::rules::path::{self, Part};
use crate::rules::reserved::CLIENT_METHODS as RESERVED_METHODS;

use crate::rules::MAX_ANY;

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
    for method in &api.methods {
        let mut checked = check_method(cx, method);
        if let Some(call) = &mut checked.call {
            call.index = index;
            index += 1;
        }
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
    let mut variables = Vec::new();
    if let Some(lit) = &api.args.production {
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
    if let Some(lit) = &api.args.staging {
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
    let placement = placement(cx, api.args.auth.as_ref());
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
        methods,
    }
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

fn check_method<'a>(cx: &mut Ctxt, method: &'a Method<'a>) -> model::Method<'a> {
    let errors_before = cx.len();
    let sig = &method.item.sig;
    let name = method.name();

    if RESERVED_METHODS.contains(&name.to_string().as_str()) {
        cx.error_spanned_by(
            name,
            format!("`{name}` is a method the generated client defines itself; rename this one"),
        );
    } else if name.to_string().starts_with("__") {
        cx.error_spanned_by(
            name,
            format!("`{name}`: names starting with `__` are the generated client's own; rename it"),
        );
    }
    if sig.asyncness.is_none() {
        cx.error_spanned_by(
            sig.fn_token,
            format!("`{name}` must be an `async fn`: its generated body sends an HTTP request"),
        );
    }
    if let Some(c) = &sig.constness {
        cx.error_spanned_by(c, "an `#[api]` method cannot be `const`");
    }
    if let syn::Safety::Unsafe(u) = &sig.safety {
        cx.error_spanned_by(u, "an `#[api]` method cannot be `unsafe`");
    }
    if let Some(abi) = &sig.abi {
        cx.error_spanned_by(abi, "an `#[api]` method cannot have an ABI");
    }
    if !sig.generics.params.is_empty() || sig.generics.where_clause.is_some() {
        cx.error_spanned_by(
            &sig.generics,
            format!(
                "`{name}` cannot be generic: the trait is implemented by clients and fakes and \
                 used as `dyn` trait objects, which need concrete types; take a concrete type \
                 (`&str` rather than `impl AsRef<str>`)"
            ),
        );
    }
    if let Some(variadic) = &sig.variadic {
        cx.error_spanned_by(variadic, "an `#[api]` method cannot be variadic");
    }
    if let Some(block) = &method.item.default {
        cx.error_spanned_by(
            block,
            format!(
                "leave out the body of `{name}`: `#[api]` generates it (end the line with `;`)"
            ),
        );
    }
    match sig.inputs.first() {
        Some(FnArg::Receiver(r))
            if r.mutability.is_none()
                && matches!(r.kind, syn::ReceiverKind::Reference(_, _, None)) => {}
        Some(FnArg::Receiver(r)) => cx.error_spanned_by(
            r,
            format!("`{name}` must take `&self`: the generated client is shared between calls"),
        ),
        _ => cx.error_spanned_by(
            name,
            format!("`{name}` must take `&self` as its first argument: `fn {name}(&self, ...)`"),
        ),
    }
    let returns = method.returns();
    if returns.is_none() {
        let target: &dyn quote::ToTokens = match &sig.output {
            syn::ReturnType::Type(_, ty) => ty,
            syn::ReturnType::Default => name,
        };
        cx.error_spanned_by(
            target,
            format!(
                "`{name}` must return `Result<T, auth_core::Error>`, where `T` is a \
                 `Deserialize` type, `()` for an empty answer, or `auth_core::RawResponse`"
            ),
        );
    }

    // One verb and its path.
    let parts = match method.verbs.as_slice() {
        [] => {
            if !method.malformed {
                cx.error_spanned_by(
                    name,
                    format!(
                        "`{name}` has no HTTP verb: add `#[get(\"/path\")]` (or post, put, \
                         patch, delete, head, options)"
                    ),
                );
            }
            None
        }
        [(verb, path_lit), rest @ ..] => {
            for (verb, _) in rest {
                cx.error_spanned_by(
                    verb,
                    format!("`{name}` has more than one HTTP verb; keep one"),
                );
            }
            match path::parse(&path_lit.value()) {
                Ok(parts) => Some((verb, parts, path_lit)),
                Err(msg) => {
                    cx.error_spanned_by(path_lit, msg);
                    None
                }
            }
        }
    };

    // Who may call it.
    match (method.authenticated.is_empty(), method.public.as_slice()) {
        (true, []) if !method.malformed => cx.error_spanned_by(
            name,
            format!(
                "`{name}` does not say who may call it: add \
                 `#[authenticated(scope = \"...\")]`, `#[authenticated]` for a token without \
                 scopes, or `#[public]` for an endpoint that needs no token"
            ),
        ),
        (false, [public, ..]) => cx.error_spanned_by(
            public,
            format!("`{name}` is both `#[public]` and `#[authenticated]`; keep one"),
        ),
        (true, [_, extra, ..]) => cx.error_spanned_by(extra, "`#[public]` is given twice"),
        _ => {}
    }
    let mut seen: Vec<&str> = Vec::new();
    for args in &method.authenticated {
        for group in &args.any {
            if group.len() > MAX_ANY {
                cx.error_at(
                    group[MAX_ANY].span,
                    format!(
                        "`any(...)` lists at most {MAX_ANY} scopes: when this many scopes each \
                         allow the call, declare in `scopes!` one scope that each of them \
                         implies (`a => orders_any, ...`) and require that one"
                    ),
                );
            }
        }
        for scope in args.all.iter().chain(args.any.iter().flatten()) {
            let (lit, scope) = (scope.span, scope.name.as_str());
            if !path::is_ident(scope) {
                let hint = if let Some((_, last)) = scope.rsplit_once("::") {
                    format!(
                        "write the scope alone, as in \"{last}\": its module is the one \
                         `#[api(scopes = ...)]` names"
                    )
                } else {
                    "scopes are the identifiers declared with `scopes!`; a provider's name such \
                     as \"orders:read\" is declared there as `orders_read = \"orders:read\"` \
                     and named here as \"orders_read\""
                        .to_owned()
                };
                cx.error_at(lit, format!("\"{scope}\" is not a scope name: {hint}"));
            } else if seen.contains(&scope) {
                cx.error_at(lit, format!("the scope `{scope}` is listed twice"));
            }
            seen.push(scope);
        }
    }

    // Arguments: each in the path or marked, exactly once.
    let mut bodies = 0;
    let mut args = Vec::with_capacity(method.params.len());
    let mut fills = Vec::new();
    for (i, param) in method.params.iter().enumerate() {
        args.push(model::Arg {
            ident: param.ident,
            ty: param.ty,
            attrs: param.other_attrs.clone(),
        });
        if let Some(imp) = impl_trait(param.ty) {
            cx.error_at(
                imp,
                format!(
                    "`{name}` cannot take `impl Trait`: the trait is implemented by clients and \
                     fakes and used as `dyn` trait objects, which need concrete types; take a \
                     concrete type (`&str`, `u64`, your own struct)"
                ),
            );
        }
        let Some(ident) = param.ident else {
            cx.error_spanned_by(
                &param.arg.pat,
                "give this argument a plain name: it becomes a path, query, body or header value",
            );
            continue;
        };
        let in_path = parts.as_ref().is_some_and(|(_, parts, _)| {
            parts
                .iter()
                .any(|p| matches!(p, Part::Param(n) if ident == n))
        });
        match (in_path, param.kinds.as_slice()) {
            (false, []) if parts.is_some() && !param.malformed => cx.error_spanned_by(
                ident,
                format!(
                    "argument `{ident}` is not used: name it in the path as `{{{ident}}}`, or \
                     mark it `#[query]`, `#[body]` or `#[header(\"...\")]`"
                ),
            ),
            (true, [kind, ..]) => cx.error_spanned_by(
                ident,
                format!(
                    "argument `{ident}` is in the path (`{{{ident}}}`) and also marked `{}`; an \
                     argument goes to one place: remove the attribute, or rename the path \
                     parameter",
                    match kind {
                        ParamKind::Query(_) => "#[query]",
                        ParamKind::Body => "#[body]",
                        ParamKind::Header(_) => "#[header]",
                    }
                ),
            ),
            (_, [_, _, ..]) => cx.error_spanned_by(
                ident,
                format!(
                    "argument `{ident}` has more than one of `#[query]`, `#[body]`, `#[header]`"
                ),
            ),
            _ => {}
        }
        for kind in &param.kinds {
            match kind {
                ParamKind::Body => {
                    bodies += 1;
                    if bodies > 1 {
                        cx.error_spanned_by(
                            ident,
                            format!(
                                "`{name}` has more than one `#[body]` argument: a request has \
                                 one body; put the values in one `Serialize` struct"
                            ),
                        );
                    }
                    fills.push(Fill::Body { arg: i });
                }
                ParamKind::Header(lit) => {
                    let header = lit.value();
                    if !crate::rules::is_header_name(&header) {
                        cx.error_spanned_by(
                            lit,
                            format!(
                                "\"{header}\" is not a valid header name: a header name is \
                                 letters, digits and `-` (such as \"Idempotency-Key\"), without \
                                 spaces or `:`"
                            ),
                        );
                    }
                    fills.push(Fill::Header {
                        arg: i,
                        name: header.to_ascii_lowercase(),
                    });
                }
                ParamKind::Query(Some(lit)) if lit.value().is_empty() => {
                    cx.error_spanned_by(lit, "the query parameter's name is empty");
                }
                ParamKind::Query(rename) => fills.push(Fill::Query {
                    arg: i,
                    key: rename
                        .as_ref()
                        .map_or_else(|| ident.to_string(), syn::LitStr::value),
                }),
            }
        }
    }
    let mut path = Vec::new();
    if let Some((_, parts, path_lit)) = &parts {
        for part in parts {
            match part {
                Part::Literal(lit) => path.push(Segment::Literal(lit.clone())),
                Part::Param(p) => {
                    match method
                        .params
                        .iter()
                        .position(|param| param.ident.is_some_and(|i| i == p))
                    {
                        Some(i) => path.push(Segment::Arg(i)),
                        None => cx.error_spanned_by(
                            path_lit,
                            format!(
                                "path parameter `{{{p}}}` has no argument: add `{p}: ...` to \
                                 `{name}`"
                            ),
                        ),
                    }
                }
            }
        }
    }

    let (ok, declared) = match (returns, &sig.output) {
        (Some((Returns::Unit, _)), syn::ReturnType::Type(_, ty)) => (OkType::Unit, Some(&**ty)),
        (Some((Returns::Raw, ok)), syn::ReturnType::Type(_, ty)) => (OkType::Raw(ok), Some(&**ty)),
        (Some((Returns::Json, ok)), syn::ReturnType::Type(_, ty)) => {
            (OkType::Json(ok), Some(&**ty))
        }
        // Not `Result<T, Error>` (reported): callers see the declared type as `T`.
        (_, syn::ReturnType::Type(_, ty)) => (OkType::Json(ty), None),
        (_, syn::ReturnType::Default) => (OkType::Unit, None),
    };
    let call = match parts {
        Some((verb, _, path_lit))
            if cx.len() == errors_before
                && !method.malformed
                && !method.params.iter().any(|p| p.malformed) =>
        {
            Some(Call {
                index: 0,
                verb: verb.to_string().to_ascii_uppercase(),
                template: path_lit.value(),
                path,
                fills,
                auth: if method.public.is_empty() {
                    Auth::Token {
                        all: method
                            .authenticated
                            .iter()
                            .flat_map(|a| a.all.iter().cloned())
                            .collect(),
                        any: method
                            .authenticated
                            .iter()
                            .flat_map(|a| a.any.iter().cloned())
                            .collect(),
                    }
                } else {
                    Auth::Public
                },
            })
        }
        _ => None,
    };
    model::Method {
        clashes: RESERVED_METHODS.contains(&name.to_string().as_str())
            || name.to_string().starts_with("__"),
        name,
        docs: method.docs.clone(),
        attrs: method.other_attrs.clone(),
        args,
        ok,
        declared,
        call,
    }
}

/// The span of an `impl Trait` in `ty`, if there is one.
fn impl_trait(ty: &Type) -> Option<Span> {
    fn find(tokens: TokenStream) -> Option<Span> {
        tokens.into_iter().find_map(|tt| match tt {
            TokenTree::Ident(i) if i == "impl" => Some(i.span()),
            TokenTree::Group(g) => find(g.stream()),
            _ => None,
        })
    }
    find(quote!(#ty))
}

/// `auth = ...`, checked: a header name that is one, a query name that is not empty, a
/// prefix a header can carry.
fn placement(cx: &mut Ctxt, auth: Option<&AuthArg>) -> Placement {
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
