//! The attributes of `#[api]`: its own arguments and those on methods and parameters.

use proc_macro2::{Span, TokenStream};
use syn::ext::IdentExt;
use syn::parse::{ParseStream, Parser};
use syn::punctuated::Punctuated;
use syn::{Attribute, Ident, LitStr, Meta, Path, Token};

use crate::ctxt::{Ctxt, did_you_mean};
use crate::rules::VERBS;

/// `#[api(scopes = merchant, production = "...", staging = "...", auth = ..., client = Name,
/// crate = path, error = ErrorType)]`.
#[derive(Default)]
pub(crate) struct ApiArgs {
    pub(crate) scopes: Option<Path>,
    pub(crate) production: Option<LitStr>,
    pub(crate) staging: Option<LitStr>,
    pub(crate) auth: Option<AuthArg>,
    pub(crate) client: Option<Ident>,
    pub(crate) krate: Option<Path>,
    /// `error = Type`: the provider's documented error answer.
    pub(crate) error: Option<syn::Type>,
}

const API_KEYS: [&str; 7] = [
    "scopes",
    "production",
    "staging",
    "auth",
    "client",
    "crate",
    "error",
];

/// `auth = bearer | basic | api_key(header = "X-Key", prefix = "Bot ") | api_key(query = "key")`:
/// how the client sends its credential.
pub(crate) enum AuthArg {
    Bearer,
    Basic,
    Header {
        name: LitStr,
        prefix: Option<LitStr>,
    },
    Query {
        name: LitStr,
    },
}

const AUTH_HINT: &str = "write `auth = bearer` (the default), `auth = basic`, \
    `auth = api_key(header = \"X-Api-Key\")` (with `prefix = \"Bot \"` when the key follows one) \
    or `auth = api_key(query = \"key\")`";

fn parse_auth(input: ParseStream) -> syn::Result<AuthArg> {
    let kind = input.call(Ident::parse_any)?;
    match kind.to_string().as_str() {
        "bearer" => Ok(AuthArg::Bearer),
        "basic" => Ok(AuthArg::Basic),
        "api_key" => {
            let content;
            syn::parenthesized!(content in input);
            let (mut header, mut query, mut prefix) = (None, None, None);
            while !content.is_empty() {
                let key = content.call(Ident::parse_any)?;
                content.parse::<Token![=]>()?;
                let value: LitStr = content.parse()?;
                let slot = match key.to_string().as_str() {
                    "header" => &mut header,
                    "query" => &mut query,
                    "prefix" => &mut prefix,
                    other => {
                        return Err(syn::Error::new(
                            key.span(),
                            format!(
                                "unknown `api_key` argument `{other}`{}. Expected `header`, \
                                 `query` or `prefix`",
                                did_you_mean(other, ["header", "query", "prefix"])
                            ),
                        ));
                    }
                };
                if slot.replace(value).is_some() {
                    return Err(syn::Error::new(
                        key.span(),
                        format!("`{key}` is given twice"),
                    ));
                }
                if !content.is_empty() {
                    content.parse::<Token![,]>()?;
                }
            }
            match (header, query, prefix) {
                (Some(name), None, prefix) => Ok(AuthArg::Header { name, prefix }),
                (None, Some(name), None) => Ok(AuthArg::Query { name }),
                (None, Some(_), Some(prefix)) => Err(syn::Error::new(
                    prefix.span(),
                    "`prefix` goes with a key in a header; a key in the query is sent as it is",
                )),
                (Some(_), Some(query), _) => Err(syn::Error::new(
                    query.span(),
                    "an API key goes in a header or in the query, not both",
                )),
                (None, None, _) => Err(syn::Error::new(
                    kind.span(),
                    "`api_key(...)` says where the key goes: `api_key(header = \"X-Api-Key\")` \
                     or `api_key(query = \"key\")`",
                )),
            }
        }
        other => Err(syn::Error::new(
            kind.span(),
            match crate::ctxt::closest(other, ["bearer", "basic", "api_key"]) {
                Some(close) => format!("unknown credential `{other}`; did you mean `{close}`?"),
                None => format!("unknown credential `{other}`: {AUTH_HINT}"),
            },
        )),
    }
}

pub(crate) fn parse_api_args(cx: &mut Ctxt, args: TokenStream) -> ApiArgs {
    let mut out = ApiArgs::default();
    let parser = |input: ParseStream| {
        while !input.is_empty() {
            let key = input.call(Ident::parse_any)?;
            let name = key.to_string();
            if !API_KEYS.contains(&name.as_str()) {
                cx.error_spanned_by(
                    &key,
                    format!(
                        "unknown `#[api]` argument `{name}`{}; expected one of: {}",
                        did_you_mean(&name, API_KEYS),
                        API_KEYS.join(", ")
                    ),
                );
                // Skip its value, if any, to report further problems.
                if input.parse::<Option<Token![=]>>()?.is_some() {
                    while !input.is_empty() && !input.peek(Token![,]) {
                        input.parse::<proc_macro2::TokenTree>()?;
                    }
                }
            } else {
                input.parse::<Token![=]>()?;
                let duplicate = match name.as_str() {
                    "scopes" => out
                        .scopes
                        .replace(input.call(Path::parse_mod_style)?)
                        .is_some(),
                    "production" => out.production.replace(input.parse()?).is_some(),
                    "staging" => out.staging.replace(input.parse()?).is_some(),
                    "auth" => match parse_auth(input) {
                        Ok(auth) => out.auth.replace(auth).is_some(),
                        // Reported; the arguments after it are still read.
                        Err(e) => {
                            cx.syn_error(e);
                            while !input.is_empty() && !input.peek(Token![,]) {
                                input.parse::<proc_macro2::TokenTree>()?;
                            }
                            false
                        }
                    },
                    "client" => out.client.replace(input.parse()?).is_some(),
                    "error" => out.error.replace(input.parse()?).is_some(),
                    _ => out
                        .krate
                        .replace(input.call(Path::parse_mod_style)?)
                        .is_some(),
                };
                if duplicate {
                    cx.error_spanned_by(&key, format!("`{name}` is given twice"));
                }
            }
            if input.is_empty() {
                break;
            }
            input.parse::<Token![,]>()?;
        }
        Ok(())
    };
    if let Err(e) = parser.parse2(args) {
        cx.syn_error(e);
    }
    out
}

/// What a method attribute is.
pub(crate) enum MethodAttr {
    Verb {
        verb: Ident,
        path: LitStr,
    },
    Authenticated(AuthenticatedArgs),
    /// `#[paginated(...)]`, checked.
    Paginated(Box<super::paginated::Paginated>),
    /// The attribute's tokens, for error spans.
    Public(TokenStream),
    /// Ours but malformed, or a misspelling of ours: reported, and dropped.
    Malformed,
    /// Not ours: copied to the generated method.
    Other,
}

/// Our method attributes' names.
fn method_attr_names() -> impl Iterator<Item = &'static str> {
    VERBS
        .into_iter()
        .chain(["authenticated", "public", "paginated"])
}

/// Attributes of the language and its tools, never taken for a misspelling of ours.
const BUILTIN_ATTRS: [&str; 12] = [
    "doc",
    "cfg",
    "cfg_attr",
    "allow",
    "warn",
    "deny",
    "forbid",
    "expect",
    "deprecated",
    "must_use",
    "inline",
    "track_caller",
];

/// `Some(ours)` when `attr` is a single-word attribute that looks like a misspelling of
/// one of `ours`.
fn misspelt<'a>(attr: &Attribute, ours: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let name = attr.path().get_ident()?.to_string();
    if BUILTIN_ATTRS.contains(&name.as_str()) {
        return None;
    }
    crate::ctxt::closest(&name, ours)
}

/// `#[authenticated(scope = "a", scope = any("b", "c"))]`, or a bare `#[authenticated]`
/// (a token, no particular scope).
pub(crate) struct AuthenticatedArgs {
    /// The attribute's tokens, for error spans.
    pub(crate) tokens: TokenStream,
    pub(crate) all: Vec<ScopeName>,
    pub(crate) any: Vec<Vec<ScopeName>>,
    /// `#[authenticated(any_token)]`: any token of the API will do, said explicitly (in
    /// an API with scopes, a bare `#[authenticated]` is a forgotten scope).
    pub(crate) any_token: bool,
}

/// A scope named in `#[authenticated]`: a string (`"can_read_order"`) or a bare
/// identifier (`can_read_order`), which is what rustc's "similar name" hint suggests.
#[derive(Clone)]
pub(crate) struct ScopeName {
    pub(crate) name: String,
    pub(crate) span: Span,
}

impl syn::parse::Parse for ScopeName {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        if input.peek(LitStr) {
            let lit: LitStr = input.parse()?;
            Ok(ScopeName {
                name: lit.value(),
                span: lit.span(),
            })
        } else {
            let ident = input.call(Ident::parse_any)?;
            Ok(ScopeName {
                name: ident.to_string(),
                span: ident.span(),
            })
        }
    }
}

/// The attribute's name: the last segment of its path, so `#[auth_core::authenticated]`
/// counts too.
pub(crate) fn attr_name(attr: &Attribute) -> Option<String> {
    attr.path().segments.last().map(|s| s.ident.to_string())
}

pub(crate) fn parse_method_attr(cx: &mut Ctxt, attr: &Attribute) -> MethodAttr {
    let Some(name) = attr_name(attr) else {
        return MethodAttr::Other;
    };
    if VERBS.contains(&name.as_str()) {
        let verb = attr
            .path()
            .segments
            .last()
            .map(|s| s.ident.clone())
            .unwrap_or_else(|| Ident::new(&name, Span::call_site()));
        return match attr.parse_args::<LitStr>() {
            Ok(path) => MethodAttr::Verb { verb, path },
            Err(_) => {
                cx.error_spanned_by(
                    attr,
                    format!(
                        "`#[{name}]` takes the path as a string: `#[{name}(\"/orders/{{id}}\")]`"
                    ),
                );
                MethodAttr::Malformed
            }
        };
    }
    match name.as_str() {
        "authenticated" => match parse_authenticated(cx, attr) {
            Some(args) => MethodAttr::Authenticated(args),
            None => MethodAttr::Malformed,
        },
        "paginated" => match super::paginated::parse(cx, attr) {
            Some(paginated) => MethodAttr::Paginated(Box::new(paginated)),
            None => MethodAttr::Malformed,
        },
        "public" => {
            if !matches!(attr.meta, Meta::Path(_)) {
                cx.error_spanned_by(
                    attr,
                    "`#[public]` takes no arguments: it says the endpoint needs no token",
                );
            }
            MethodAttr::Public(quote::ToTokens::to_token_stream(attr))
        }
        _ => {
            if let Some(ours) = misspelt(attr, method_attr_names()) {
                cx.error_spanned_by(
                    attr.path(),
                    format!("unknown attribute `#[{name}]`; did you mean `#[{ours}]`?"),
                );
                return MethodAttr::Malformed;
            }
            // `#[fetch("/orders")]`: meant as a route, with a verb we do not know.
            if let Ok(lit) = attr.parse_args::<LitStr>()
                && lit.value().starts_with('/')
            {
                cx.error_spanned_by(
                    attr.path(),
                    format!(
                        "unsupported HTTP verb `{name}`{}; use one of: {}",
                        did_you_mean(&name, VERBS),
                        VERBS.map(|v| format!("#[{v}]")).join(", ")
                    ),
                );
                return MethodAttr::Malformed;
            }
            MethodAttr::Other
        }
    }
}

fn parse_authenticated(cx: &mut Ctxt, attr: &Attribute) -> Option<AuthenticatedArgs> {
    let hint = "write `#[authenticated(scope = \"can_read_order\")]`, `scope = any(\"a\", \"b\")` \
                when one of several scopes is enough, `#[authenticated(any_token)]` when any \
                token of the API will do, or `#[authenticated]` for a provider without scopes";
    let mut args = AuthenticatedArgs {
        tokens: quote::ToTokens::to_token_stream(attr),
        all: Vec::new(),
        any: Vec::new(),
        any_token: false,
    };
    let list = match &attr.meta {
        // `#[authenticated]`: a token, whatever its scopes.
        Meta::Path(_) => return Some(args),
        Meta::List(list) => list,
        Meta::NameValue(_) => {
            cx.error_spanned_by(attr, format!("`#[authenticated]` takes a list: {hint}"));
            return None;
        }
    };
    if list.tokens.is_empty() {
        cx.error_spanned_by(
            attr,
            "`#[authenticated()]` names no scope: write `#[authenticated(scope = \"...\")]`, or \
             `#[authenticated]` without parentheses when any token of the provider will do",
        );
        return None;
    }
    let parser = |input: ParseStream| {
        while !input.is_empty() {
            let key = input.call(Ident::parse_any)?;
            if key == "any_token" {
                args.any_token = true;
                if input.is_empty() {
                    break;
                }
                input.parse::<Token![,]>()?;
                continue;
            }
            if key != "scope" {
                let suggestion = crate::ctxt::closest(&key.to_string(), ["scope", "any_token"])
                    .map(|s| format!(" (did you mean `{s}`?)"))
                    .unwrap_or_default();
                return Err(syn::Error::new(
                    key.span(),
                    format!("unknown `#[authenticated]` argument `{key}`{suggestion}: {hint}"),
                ));
            }
            input.parse::<Token![=]>()?;
            if input.peek(syn::token::Bracket) {
                let list: proc_macro2::Group = input.parse()?;
                return Err(syn::Error::new(
                    list.span(),
                    "a list of scopes is written `scope = \"a\", scope = \"b\"` when every \
                     one is needed, or `scope = any(\"a\", \"b\")` when one of them is enough",
                ));
            }
            if input.peek(Ident::peek_any) && input.peek2(syn::token::Paren) {
                let func = input.call(Ident::parse_any)?;
                if func != "any" {
                    return Err(syn::Error::new(
                        func.span(),
                        format!("expected a scope or `any(...)`; {hint}"),
                    ));
                }
                let content;
                syn::parenthesized!(content in input);
                let group = Punctuated::<ScopeName, Token![,]>::parse_terminated(&content)?;
                if group.is_empty() {
                    return Err(syn::Error::new(
                        func.span(),
                        "`any()` needs at least one scope: `scope = any(\"a\", \"b\")` when \
                         one of them is enough, or `#[authenticated]` when any token is",
                    ));
                }
                args.any.push(group.into_iter().collect());
            } else {
                args.all.push(input.parse()?);
            }
            if input.is_empty() {
                break;
            }
            input.parse::<Token![,]>()?;
        }
        Ok(())
    };
    match parser.parse2(list.tokens.clone()) {
        Ok(()) if args.any_token && (!args.all.is_empty() || !args.any.is_empty()) => {
            cx.error_spanned_by(
                attr,
                "`any_token` says no particular scope is needed, and a scope is named too: \
                 keep one of them",
            );
            None
        }
        Ok(()) => Some(args),
        Err(e) => {
            cx.syn_error(e);
            None
        }
    }
}

/// What a parameter attribute is.
pub(crate) enum ParamAttr {
    /// `#[query]` or `#[query("name")]`.
    Query(Option<LitStr>),
    /// `#[body]`, `#[body(form)]`, `#[body(multipart)]`.
    Body(Encoding),
    /// `#[header("X-Name")]`.
    Header(LitStr),
    /// Ours but malformed, or a misspelling of ours: reported, and dropped.
    Malformed,
    /// Not ours.
    Other,
}

/// How a `#[body]` argument is encoded.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Encoding {
    /// `#[body]`: JSON, or a body type sent as it is (`Upload`, `Multipart`, `RawBody`).
    Json,
    /// `#[body(form)]`: `application/x-www-form-urlencoded`.
    Form,
    /// `#[body(multipart)]`: converted into a `Multipart` (taken by value).
    Multipart,
}

const PARAM_ATTRS: [&str; 3] = ["query", "body", "header"];

pub(crate) fn parse_param_attr(cx: &mut Ctxt, attr: &Attribute) -> ParamAttr {
    let name = attr_name(attr).unwrap_or_default();
    match name.as_str() {
        "query" => match &attr.meta {
            Meta::Path(_) => ParamAttr::Query(None),
            _ => match attr.parse_args::<LitStr>() {
                Ok(lit) => ParamAttr::Query(Some(lit)),
                Err(_) => {
                    cx.error_spanned_by(
                        attr,
                        "write `#[query]`, or `#[query(\"name\")]` to rename a single value",
                    );
                    ParamAttr::Malformed
                }
            },
        },
        "body" => match &attr.meta {
            Meta::Path(_) => ParamAttr::Body(Encoding::Json),
            _ => match attr.parse_args::<Ident>() {
                Ok(word) if word == "form" => ParamAttr::Body(Encoding::Form),
                Ok(word) if word == "multipart" => ParamAttr::Body(Encoding::Multipart),
                _ => {
                    cx.error_spanned_by(
                        attr,
                        "write `#[body]` (JSON, or an `Upload`, `Multipart` or `RawBody` as it \
                         is), `#[body(form)]` (URL-encoded) or `#[body(multipart)]` (a value \
                         that converts into `auth_core::Multipart`)",
                    );
                    ParamAttr::Malformed
                }
            },
        },
        "header" => match attr.parse_args::<LitStr>() {
            Ok(lit) => ParamAttr::Header(lit),
            Err(_) => {
                cx.error_spanned_by(
                    attr,
                    "`#[header]` takes the header's name: `#[header(\"X-Request-Id\")]`",
                );
                ParamAttr::Malformed
            }
        },
        // On an argument of a trait method, only `cfg` and lint attributes mean
        // anything besides ours: anything else is a mistake, most likely a misspelling.
        _ if attr.path().get_ident().is_some() && !BUILTIN_ATTRS.contains(&name.as_str()) => {
            let suggestion = crate::ctxt::closest(&name, PARAM_ATTRS)
                .map(|s| format!(" (did you mean `#[{s}]`?)"))
                .unwrap_or_default();
            cx.error_spanned_by(
                attr.path(),
                format!(
                    "unknown attribute `#[{name}]` on an argument{suggestion}: an argument is in \
                     the path, or marked `#[query]`, `#[body]` or `#[header(\"...\")]`"
                ),
            );
            ParamAttr::Malformed
        }
        _ => ParamAttr::Other,
    }
}
