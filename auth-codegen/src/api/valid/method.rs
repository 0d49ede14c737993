//! Rules on one method: its name and signature, its route (one verb, a path template)
//! and its arguments (each in the path or marked, once). [`check`] runs them all and
//! builds the method's model; a method with any error gets no call (it is generated
//! with a body that does nothing, so that its callers have no errors of their own).

use proc_macro2::{Span, TokenStream, TokenTree};
use quote::quote;
use syn::{FnArg, LitStr, Type};

use super::super::ast::{Method, ParamKind, Returns};
use super::super::model::{self, Call, Fill, OkType, Segment};
use super::super::paginated::Paginated;
use super::access;
use crate::ctxt::Ctxt;
use crate::rules::path::{self, Part};
use crate::rules::reserved::CLIENT_METHODS as RESERVED_METHODS;

/// Checks a method, reporting every problem, and returns what can be generated.
pub(super) fn check<'a>(cx: &mut Ctxt, method: &'a Method<'a>) -> model::Method<'a> {
    let errors_before = cx.len();
    name(cx, method);
    signature(cx, method);
    receiver(cx, method);
    let returns = returns(cx, method);
    let route = route(cx, method);
    access::statement(cx, method);
    access::scope_names(cx, method);
    let (args, fills) = arguments(cx, method, route.as_ref().map(|(_, parts, _)| &parts[..]));
    let path = route
        .as_ref()
        .map(|(_, parts, lit)| path(cx, method, parts, lit))
        .unwrap_or_default();

    let sig = &method.item.sig;
    let (ok, declared) = match (returns, &sig.output) {
        (Some((Returns::Unit, _)), syn::ReturnType::Type(_, ty)) => (OkType::Unit, Some(&**ty)),
        (Some((Returns::Raw, ok)), syn::ReturnType::Type(_, ty)) => (OkType::Raw(ok), Some(&**ty)),
        (Some((Returns::Stream, ok)), syn::ReturnType::Type(_, ty)) => {
            (OkType::Stream(ok), Some(&**ty))
        }
        (Some((Returns::Json, ok)), syn::ReturnType::Type(_, ty)) => {
            (OkType::Json(ok), Some(&**ty))
        }
        // Not `Result<T, Error>` (reported): callers see the declared type as `T`.
        (_, syn::ReturnType::Type(_, ty)) => (OkType::Json(ty), None),
        (_, syn::ReturnType::Default) => (OkType::Unit, None),
    };
    let call = match route {
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
                auth: access::auth(method),
            })
        }
        _ => None,
    };
    let paging = paginated(cx, method, returns);
    let name = method.name();
    model::Method {
        clashes: is_reserved(&name.to_string()),
        name,
        lifetimes: lifetimes(method),
        docs: method.docs.clone(),
        attrs: method.other_attrs.clone(),
        args,
        ok,
        declared,
        call,
        paging,
    }
}

/// A method has at most one `#[paginated]`, and answers with a page.
fn paginated<'a>(
    cx: &mut Ctxt,
    method: &'a Method<'a>,
    returns: Option<(Returns, &Type)>,
) -> Option<&'a Paginated> {
    let (first, rest) = method.paginated.split_first()?;
    for again in rest {
        cx.error_spanned_by(
            &again.tokens,
            "`#[paginated]` is given twice: a method's pages follow one way to the next",
        );
    }
    if let Some((Returns::Unit, ok)) = returns {
        cx.error_spanned_by(
            ok,
            "a `#[paginated]` method answers with its page type (`Result<DropletPage, Error>`), \
             whose items `#[paginated(items = ...)]` names; `()` has none",
        );
    }
    Some(first)
}

/// Whether the client defines a method of this name itself.
fn is_reserved(name: &str) -> bool {
    RESERVED_METHODS.contains(&name) || name.starts_with("__")
}

/// The name is not one the generated client defines itself.
fn name(cx: &mut Ctxt, method: &Method<'_>) {
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
}

/// An `async fn` without a body, qualifiers, type or const parameters, or varargs.
/// Lifetimes, explicit or elided, are the user's to write.
fn signature(cx: &mut Ctxt, method: &Method<'_>) {
    let sig = &method.item.sig;
    let name = method.name();
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
    let generic = sig
        .generics
        .params
        .iter()
        .find(|p| !matches!(p, syn::GenericParam::Lifetime(_)));
    if let Some(param) = generic {
        cx.error_spanned_by(
            param,
            format!(
                "`{name}` cannot be generic over a type or a constant: the trait is implemented \
                 by clients and fakes and used as `dyn` trait objects, which need concrete \
                 types; take a concrete type (`&str` rather than `impl AsRef<str>`). Lifetimes \
                 are fine"
            ),
        );
    } else if let Some(clause) = &sig.generics.where_clause {
        cx.error_spanned_by(
            clause,
            format!(
                "`{name}` cannot have a `where` clause: the trait is used as `dyn` trait \
                 objects; take concrete types"
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
}

/// The method's lifetime parameters, kept on what is generated.
fn lifetimes<'a>(method: &'a Method<'a>) -> Vec<&'a syn::LifetimeParam> {
    method
        .item
        .sig
        .generics
        .params
        .iter()
        .filter_map(|p| match p {
            syn::GenericParam::Lifetime(l) => Some(l),
            _ => None,
        })
        .collect()
}

/// The first argument is `&self`.
fn receiver(cx: &mut Ctxt, method: &Method<'_>) {
    let name = method.name();
    match method.item.sig.inputs.first() {
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
}

/// The return type is `Result<T, auth_core::Error>`; what `T` is.
fn returns<'a>(cx: &mut Ctxt, method: &'a Method<'a>) -> Option<(Returns, &'a Type)> {
    let name = method.name();
    let returns = method.returns();
    if returns.is_none() {
        let target: &dyn quote::ToTokens = match &method.item.sig.output {
            syn::ReturnType::Type(_, ty) => ty,
            syn::ReturnType::Default => name,
        };
        cx.error_spanned_by(
            target,
            format!(
                "`{name}` must return `Result<T, auth_core::Error>`, where `T` is a \
                 `Deserialize` type, `()` for an empty answer, `auth_core::RawResponse`, or \
                 `auth_core::ByteStream` for a download"
            ),
        );
    }
    returns
}

/// One HTTP verb, with a path template the rulebook accepts.
fn route<'a>(
    cx: &mut Ctxt,
    method: &'a Method<'a>,
) -> Option<(&'a syn::Ident, Vec<Part>, &'a LitStr)> {
    let name = method.name();
    match method.verbs.as_slice() {
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
    }
}

/// Each argument is in the path or marked, exactly once; at most one body; header and
/// query names that are names. The arguments' model and where each goes.
fn arguments<'a>(
    cx: &mut Ctxt,
    method: &'a Method<'a>,
    parts: Option<&[Part]>,
) -> (Vec<model::Arg<'a>>, Vec<Fill>) {
    let name = method.name();
    let mut bodies = 0;
    let mut args = Vec::with_capacity(method.params.len());
    let mut fills = Vec::new();
    for (i, param) in method.params.iter().enumerate() {
        let optional = match param.kinds.as_slice() {
            [ParamKind::Query(_) | ParamKind::Header(_)] => optional_inner(param.ty),
            _ => None,
        };
        args.push(model::Arg {
            ident: param.ident,
            ty: param.ty,
            attrs: param.other_attrs.clone(),
            optional,
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
        let in_path = parts.is_some_and(|parts| {
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
                        ParamKind::Body(_) => "#[body]",
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
                ParamKind::Body(encoding) => {
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
                    fills.push(Fill::Body {
                        arg: i,
                        encoding: *encoding,
                    });
                }
                ParamKind::Header(lit) => {
                    header_name(cx, lit);
                    fills.push(Fill::Header {
                        arg: i,
                        name: lit.value().to_ascii_lowercase(),
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
    (args, fills)
}

/// `T` of `Option<T>` (also spelled `std::option::Option<T>`), when `T` owns its data:
/// no reference and no lifetime, so that the call can keep it until it is sent. An
/// `Option<&str>` stays an argument in order.
fn optional_inner(ty: &Type) -> Option<&Type> {
    let Type::Path(path) = ty else {
        return None;
    };
    let last = path.path.segments.last()?;
    if path.qself.is_some() || last.ident != "Option" {
        return None;
    }
    let syn::PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    let [syn::GenericArgument::Type(inner)] = args.args.iter().collect::<Vec<_>>()[..] else {
        return None;
    };
    (!contains_borrow(quote::ToTokens::to_token_stream(inner))).then_some(inner)
}

/// Whether tokens (at any depth) hold a `&` or a lifetime.
fn contains_borrow(tokens: TokenStream) -> bool {
    tokens.into_iter().any(|tt| match tt {
        TokenTree::Punct(p) => p.as_char() == '&' || p.as_char() == '\'',
        TokenTree::Group(g) => contains_borrow(g.stream()),
        _ => false,
    })
}

/// A `#[header("...")]` name is a header name.
fn header_name(cx: &mut Ctxt, lit: &LitStr) {
    let header = lit.value();
    if !crate::rules::is_header_name(&header) {
        cx.error_spanned_by(
            lit,
            format!(
                "\"{header}\" is not a valid header name: a header name is letters, digits and \
                 `-` (such as \"Idempotency-Key\"), without spaces or `:`"
            ),
        );
    }
}

/// Every `{name}` of the path is an argument: the path as literal parts and arguments.
fn path(cx: &mut Ctxt, method: &Method<'_>, parts: &[Part], path_lit: &LitStr) -> Vec<Segment> {
    let name = method.name();
    let mut path = Vec::new();
    for part in parts {
        match part {
            Part::Literal(lit) => path.push(Segment::Literal(lit.clone())),
            Part::Param(p) => match method
                .params
                .iter()
                .position(|param| param.ident.is_some_and(|i| i == p))
            {
                Some(i) => path.push(Segment::Arg(i)),
                None => cx.error_spanned_by(
                    path_lit,
                    format!("path parameter `{{{p}}}` has no argument: add `{p}: ...` to `{name}`"),
                ),
            },
        }
    }
    path
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
