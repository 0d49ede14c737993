//! The checked model of an `#[api]` trait: what [`valid`](super::valid) accepted, in the
//! form [`expand`](super::expand) generates from. Nothing here is parsed again.

use proc_macro2::{Span, TokenStream};
use syn::{Attribute, Ident, LitStr, Path, Type, Visibility};

use super::attr::{Encoding, ScopeName};
use super::paginated::Paginated;

/// The client to generate.
pub(crate) struct Client<'a> {
    /// `::auth_core` or the `crate = ...` override.
    pub(crate) krate: TokenStream,
    pub(crate) vis: &'a Visibility,
    /// The trait's name (`Orders`).
    pub(crate) api: &'a Ident,
    /// The generated struct's name (`OrdersClient`).
    pub(crate) client: Ident,
    /// The struct's type parameter: a name no identifier in the trait uses.
    pub(crate) s: Ident,
    /// The trait's doc comments.
    pub(crate) docs: Vec<&'a Attribute>,
    /// The trait's `cfg`, lint and `deprecated` attributes, kept on what is generated.
    pub(crate) kept_attrs: Vec<&'a Attribute>,
    /// `scopes = merchant`, if the API has scopes.
    pub(crate) module: Option<&'a Path>,
    pub(crate) production: Option<&'a LitStr>,
    pub(crate) staging: Option<&'a LitStr>,
    /// The variables of the production URL (`https://{hostname}`): the constructor's
    /// arguments.
    pub(crate) variables: Vec<String>,
    /// How the client sends its credential.
    pub(crate) placement: Placement,
    /// `error = Type`: the provider's documented error answer, named in every method's
    /// docs and checked to be decodable.
    pub(crate) error: Option<&'a Type>,
    /// Every method of the trait, in order.
    pub(crate) methods: Vec<Method<'a>>,
}

/// How the client sends its credential (`auth = ...`).
pub(crate) enum Placement {
    Bearer,
    Basic,
    Header { name: String, prefix: String },
    Query { name: String },
}

/// One method: its signature as the user wrote it, and how to call it.
pub(crate) struct Method<'a> {
    pub(crate) name: &'a Ident,
    /// Its lifetime parameters (`<'a>`), kept on every generated signature.
    pub(crate) lifetimes: Vec<&'a syn::LifetimeParam>,
    pub(crate) docs: Vec<&'a Attribute>,
    /// Attributes that are not ours, copied to the generated methods.
    pub(crate) attrs: Vec<&'a Attribute>,
    pub(crate) args: Vec<Arg<'a>>,
    /// `T` of `Result<T, Error>`, or the declared type when it has another shape (so
    /// that callers still type-check while the error is fixed).
    pub(crate) ok: OkType<'a>,
    /// The declared return type, checked to be `Result<T, auth_core::Error>`.
    pub(crate) declared: Option<&'a Type>,
    /// How to call it; `None` when the method has errors (already reported): it is
    /// generated with a body that does nothing, so that code calling it has no errors of
    /// its own.
    pub(crate) call: Option<Call>,
    /// Named like a method of the client itself (reported): it is left out of the
    /// client, and only the trait has it.
    pub(crate) clashes: bool,
    /// How its pages follow one another, for a `#[paginated]` method.
    pub(crate) paging: Option<&'a Paginated>,
}

/// A method's argument.
pub(crate) struct Arg<'a> {
    /// Its name, or `None` for a pattern (reported).
    pub(crate) ident: Option<&'a Ident>,
    pub(crate) ty: &'a Type,
    /// Attributes that are not ours (`#[cfg]`, lints).
    pub(crate) attrs: Vec<&'a Attribute>,
    /// `T` of an optional `#[query]` or `#[header]` argument (`Option<T>`, `T` owning its
    /// data): the argument is set on the call by a setter instead of passed in order.
    pub(crate) optional: Option<&'a Type>,
}

/// The type a call answers with.
pub(crate) enum OkType<'a> {
    /// Decoded from JSON.
    Json(&'a Type),
    /// `()`: any 2xx.
    Unit,
    /// `RawResponse`: as it came.
    Raw(&'a Type),
    /// `ByteStream`: read by the caller as it arrives.
    Stream(&'a Type),
}

/// A valid method's request and its requirements.
pub(crate) struct Call {
    /// Its position in the manifest.
    pub(crate) index: usize,
    /// `GET`, `POST`, ...
    pub(crate) verb: String,
    /// The path as written (`/orders/{id}`).
    pub(crate) template: String,
    /// The path, as literal parts and arguments (indices into `args`).
    pub(crate) path: Vec<Segment>,
    /// The other arguments and where they go.
    pub(crate) fills: Vec<Fill>,
    pub(crate) auth: Auth,
}

/// A piece of a path.
pub(crate) enum Segment {
    Literal(String),
    /// `{name}`: argument `args[i]`.
    Arg(usize),
}

/// Where an argument (`args[i]`) goes, besides the path.
pub(crate) enum Fill {
    Query { arg: usize, key: String },
    Body { arg: usize, encoding: Encoding },
    Header { arg: usize, name: String },
}

/// Who may call a method.
pub(crate) enum Auth {
    Public,
    /// A token carrying every scope of `all` and one of each group of `any` (both
    /// empty: any token).
    Token {
        all: Vec<ScopeName>,
        any: Vec<Vec<ScopeName>>,
    },
}

impl Auth {
    /// Every scope named, in order, each once.
    pub(crate) fn scopes(&self) -> impl Iterator<Item = &ScopeName> {
        let (all, any): (&[ScopeName], &[Vec<ScopeName>]) = match self {
            Auth::Public => (&[], &[]),
            Auth::Token { all, any } => (all, any),
        };
        all.iter().chain(any.iter().flatten())
    }
}

impl Method<'_> {
    /// Whether the method's call has a type of its own (`OrdersListCall`): it is valid,
    /// and has optional arguments (set on the call) or pages (streamed from it).
    pub(crate) fn has_call_type(&self) -> bool {
        self.call.is_some()
            && (self.paging.is_some() || self.args.iter().any(|a| a.optional.is_some()))
    }
}

impl Arg<'_> {
    /// The span errors about this argument's type point at.
    pub(crate) fn type_span(&self) -> Span {
        syn::spanned::Spanned::span(self.ty)
    }
}
