//! Checks that need the whole method: one verb, an auth statement, path parameters that
//! match arguments, a supported signature. Each problem is reported at its own span.

use syn::FnArg;

use super::ast::{Api, Method, ParamKind};
use super::path::{self, Part};
use crate::ctxt::Ctxt;

/// Names the generated client defines itself; a method cannot use them.
pub(crate) const RESERVED_METHODS: [&str; 10] = [
    "new",
    "with_base_url",
    "with_token",
    "with_http_client",
    "with_config",
    "with_transport",
    "narrow",
    "token_cache",
    "clone",
    "fmt",
];

pub(crate) fn check(cx: &mut Ctxt, api: &mut Api<'_>) {
    let item = api.item;
    if let Some(unsafety) = &item.unsafety {
        cx.error_spanned_by(unsafety, "an `#[api]` trait cannot be `unsafe`");
    }
    if !item.generics.params.is_empty() {
        cx.error_spanned_by(&item.generics, "an `#[api]` trait cannot be generic");
    }
    if !item.supertraits.is_empty() {
        cx.error_spanned_by(
            &item.supertraits,
            "an `#[api]` trait cannot have supertraits",
        );
    }
    let mut needs_scopes: Option<proc_macro2::TokenStream> = None;
    for method in &mut api.methods {
        let ok = check_method(cx, method);
        method.valid &= ok;
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
    for (key, lit) in [
        ("production", &api.args.production),
        ("staging", &api.args.staging),
    ] {
        if let Some(lit) = lit {
            // The rule auth-core applies at run time, on the parsed URL.
            let problem = match auth_url::check(&lit.value()) {
                Ok(_) => None,
                Err(auth_url::Refusal::PlainHttp) => Some(
                    "plain http is allowed only to 127.0.0.1, ::1 and localhost: bearer tokens \
                     are never sent unencrypted"
                        .to_owned(),
                ),
                Err(auth_url::Refusal::Credentials) => {
                    Some("remove `user:password@`: the token source sends credentials".to_owned())
                }
                Err(auth_url::Refusal::Scheme(scheme)) => {
                    Some(format!("the scheme is `{scheme}:`, not https"))
                }
                Err(auth_url::Refusal::Invalid(e)) => Some(format!("it is not a URL ({e})")),
            };
            if let Some(problem) = problem {
                cx.error_spanned_by(
                    lit,
                    format!(
                        "`{key}` must be an https URL such as \"https://api.example.com\": \
                         {problem}"
                    ),
                );
            }
        }
    }
}

fn check_method(cx: &mut Ctxt, method: &Method<'_>) -> bool {
    let errors_before = cx.len();
    let sig = &method.item.sig;
    let name = method.name();

    if RESERVED_METHODS.contains(&name.to_string().as_str()) {
        cx.error_spanned_by(
            name,
            format!("`{name}` is a method the generated client defines itself; rename this one"),
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
            format!("`{name}` must take `&self` as its first argument"),
        ),
    }
    if method.returns().is_none() {
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
            cx.error_spanned_by(
                name,
                format!(
                    "`{name}` has no HTTP verb: add `#[get(\"/path\")]` (or post, put, patch, \
                     delete, head, options)"
                ),
            );
            None
        }
        [(_, path_lit), rest @ ..] => {
            for (verb, _) in rest {
                cx.error_spanned_by(
                    verb,
                    format!("`{name}` has more than one HTTP verb; keep one"),
                );
            }
            match path::parse(&path_lit.value()) {
                Ok(parts) => Some((parts, path_lit)),
                Err(msg) => {
                    cx.error_spanned_by(path_lit, msg);
                    None
                }
            }
        }
    };

    // Who may call it.
    match (method.authenticated.is_empty(), method.public.as_slice()) {
        (true, []) => cx.error_spanned_by(
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
        for scope in args.all.iter().chain(args.any.iter().flatten()) {
            let (lit, scope) = (scope.span, scope.name.as_str());
            if !path::is_ident(scope) {
                cx.error_at(
                    lit,
                    format!(
                        "\"{scope}\" is not a scope name: scopes are identifiers declared with \
                         `scopes!`, such as \"can_read_order\""
                    ),
                );
            } else if seen.contains(&scope) {
                cx.error_at(lit, format!("the scope `{scope}` is listed twice"));
            }
            seen.push(scope);
        }
    }

    // Arguments: each in the path or marked, exactly once.
    let mut bodies = 0;
    for param in &method.params {
        let Some(ident) = param.ident else {
            cx.error_spanned_by(
                &param.arg.pat,
                "give this argument a plain name: it becomes a path, query, body or header value",
            );
            continue;
        };
        let in_path = parts.as_ref().is_some_and(|(parts, _)| {
            parts
                .iter()
                .any(|p| matches!(p, Part::Param(n) if ident == n))
        });
        match (in_path, param.kinds.as_slice()) {
            (false, []) if parts.is_some() => cx.error_spanned_by(
                ident,
                format!(
                    "argument `{ident}` is not used: name it in the path as `{{{ident}}}`, or \
                     mark it `#[query]`, `#[body]` or `#[header(\"...\")]`"
                ),
            ),
            (true, [_, ..]) => cx.error_spanned_by(
                ident,
                format!("argument `{ident}` is in the path and also marked; it can be only one"),
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
                            format!("`{name}` has more than one `#[body]` argument"),
                        );
                    }
                }
                ParamKind::Header(lit) => {
                    let header = lit.value();
                    if header.is_empty() || !header.bytes().all(is_tchar) {
                        cx.error_spanned_by(
                            lit,
                            format!("\"{header}\" is not a valid header name"),
                        );
                    }
                }
                ParamKind::Query(Some(lit)) if lit.value().is_empty() => {
                    cx.error_spanned_by(lit, "the query parameter's name is empty");
                }
                ParamKind::Query(_) => {}
            }
        }
    }
    if let Some((parts, path_lit)) = &parts {
        for part in parts {
            let Part::Param(p) = part else { continue };
            let named = method
                .params
                .iter()
                .any(|param| param.ident.is_some_and(|i| i == p));
            if !named {
                cx.error_spanned_by(
                    path_lit,
                    format!("path parameter `{{{p}}}` has no argument: add `{p}: ...` to `{name}`"),
                );
            }
        }
    }
    cx.len() == errors_before
}

/// RFC 9110 token characters, for header names.
fn is_tchar(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}
