//! The annotated trait, parsed: what each method asks for, with spans for errors.

use proc_macro2::TokenStream;
use syn::{
    Attribute, FnArg, Ident, ItemTrait, LitStr, Pat, ReturnType, TraitItem, TraitItemFn, Type,
};

use super::attr::{self, ApiArgs, AuthenticatedArgs, Encoding, MethodAttr, ParamAttr};
use super::paginated::Paginated;
use crate::ctxt::Ctxt;

pub(crate) struct Api<'a> {
    pub(crate) item: &'a ItemTrait,
    pub(crate) args: ApiArgs,
    pub(crate) methods: Vec<Method<'a>>,
}

pub(crate) struct Method<'a> {
    pub(crate) item: &'a TraitItemFn,
    pub(crate) docs: Vec<&'a Attribute>,
    /// Attributes that are not ours, copied to the generated method.
    pub(crate) other_attrs: Vec<&'a Attribute>,
    pub(crate) verbs: Vec<(Ident, LitStr)>,
    pub(crate) authenticated: Vec<AuthenticatedArgs>,
    /// Each `#[public]` attribute's tokens.
    pub(crate) public: Vec<TokenStream>,
    /// Each `#[paginated(...)]`, checked on its own.
    pub(crate) paginated: Vec<Paginated>,
    pub(crate) params: Vec<Param<'a>>,
    /// One of our attributes was malformed or misspelt (and reported): what it would
    /// have said is unknown, so its absence is not reported again.
    pub(crate) malformed: bool,
}

pub(crate) struct Param<'a> {
    pub(crate) ident: Option<&'a Ident>,
    pub(crate) arg: &'a syn::PatType,
    pub(crate) ty: &'a Type,
    pub(crate) kinds: Vec<ParamKind>,
    /// Attributes that are not ours.
    pub(crate) other_attrs: Vec<&'a Attribute>,
    /// One of our attributes on it was malformed or misspelt (and reported).
    pub(crate) malformed: bool,
}

pub(crate) enum ParamKind {
    Query(Option<LitStr>),
    Body(Encoding),
    Header(LitStr),
}

/// What a method's return type says to do with the response.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Returns {
    /// `Result<T, Error>`: decode the JSON body into `T`.
    Json,
    /// `Result<(), Error>`: any 2xx is success.
    Unit,
    /// `Result<RawResponse, Error>`: the response as it came.
    Raw,
    /// `Result<ByteStream, Error>`: the body read by the caller, as it arrives.
    Stream,
}

impl<'a> Api<'a> {
    pub(crate) fn from_syn(cx: &mut Ctxt, args: TokenStream, item: &'a ItemTrait) -> Self {
        let args = attr::parse_api_args(cx, args);
        let mut methods = Vec::new();
        for trait_item in &item.items {
            match trait_item {
                TraitItem::Fn(f) => methods.push(Method::from_syn(cx, f)),
                other => cx.error_spanned_by(
                    other,
                    "an `#[api]` trait holds only methods (`async fn name(&self, ...) -> Result<T, Error>`)",
                ),
            }
        }
        Api {
            item,
            args,
            methods,
        }
    }
}

impl<'a> Method<'a> {
    fn from_syn(cx: &mut Ctxt, item: &'a TraitItemFn) -> Self {
        let mut method = Method {
            item,
            docs: Vec::new(),
            other_attrs: Vec::new(),
            verbs: Vec::new(),
            authenticated: Vec::new(),
            public: Vec::new(),
            paginated: Vec::new(),
            params: Vec::new(),
            malformed: false,
        };
        for a in &item.attrs {
            if a.path().is_ident("doc") {
                method.docs.push(a);
                continue;
            }
            match attr::parse_method_attr(cx, a) {
                MethodAttr::Verb { verb, path } => method.verbs.push((verb, path)),
                MethodAttr::Authenticated(args) => method.authenticated.push(args),
                MethodAttr::Public(tokens) => method.public.push(tokens),
                MethodAttr::Paginated(paginated) => method.paginated.push(*paginated),
                MethodAttr::Malformed => method.malformed = true,
                MethodAttr::Other => method.other_attrs.push(a),
            }
        }
        for input in &item.sig.inputs {
            let FnArg::Typed(arg) = input else { continue };
            let ident = match &*arg.pat {
                Pat::Ident(p) if p.by_ref.is_none() && p.subpat.is_none() => Some(&p.ident),
                _ => None,
            };
            let mut kinds = Vec::new();
            let mut other_attrs = Vec::new();
            let mut malformed = false;
            for a in &arg.attrs {
                match attr::parse_param_attr(cx, a) {
                    ParamAttr::Query(name) => kinds.push(ParamKind::Query(name)),
                    ParamAttr::Body(encoding) => kinds.push(ParamKind::Body(encoding)),
                    ParamAttr::Header(name) => kinds.push(ParamKind::Header(name)),
                    ParamAttr::Malformed => malformed = true,
                    ParamAttr::Other => other_attrs.push(a),
                }
            }
            method.params.push(Param {
                ident,
                arg,
                ty: &arg.ty,
                kinds,
                other_attrs,
                malformed,
            });
        }
        method
    }

    pub(crate) fn name(&self) -> &Ident {
        &self.item.sig.ident
    }

    /// How to treat the response, judged from the return type's tokens (`()`,
    /// `RawResponse` and `ByteStream` are special, anything else is decoded from JSON), with `T` of
    /// `Result<T, Error>`.
    pub(crate) fn returns(&self) -> Option<(Returns, &'a Type)> {
        let ok = result_ok_type(&self.item.sig.output)?;
        let returns = match ok {
            Type::Tuple(t) if t.elems.is_empty() => Returns::Unit,
            Type::Path(p)
                if p.path
                    .segments
                    .last()
                    .is_some_and(|s| s.ident == "RawResponse") =>
            {
                Returns::Raw
            }
            Type::Path(p)
                if p.path
                    .segments
                    .last()
                    .is_some_and(|s| s.ident == "ByteStream") =>
            {
                Returns::Stream
            }
            _ => Returns::Json,
        };
        Some((returns, ok))
    }
}

/// `T` of `-> Result<T, E>` (any path ending in `Result` with two arguments).
pub(crate) fn result_ok_type(output: &ReturnType) -> Option<&Type> {
    let ReturnType::Type(_, ty) = output else {
        return None;
    };
    let Type::Path(path) = &**ty else { return None };
    let last = path.path.segments.last()?;
    if last.ident != "Result" {
        return None;
    }
    let syn::PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    let mut types = args.args.iter().filter_map(|a| match a {
        syn::GenericArgument::Type(t) => Some(t),
        _ => None,
    });
    let ok = types.next()?;
    let err = types.next()?;
    match err {
        Type::Path(p) if p.path.segments.last().is_some_and(|s| s.ident == "Error") => Some(ok),
        _ => None,
    }
}
