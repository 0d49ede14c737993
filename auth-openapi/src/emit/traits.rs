//! The `#[api]` traits, as tokens: one per group (credential and server), one method per
//! operation.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{Emitter, TraitInfo, one_line, scheme_suffix, server_suffix};
use crate::names;
use crate::operations::{ArgType, Encoding, Group, Method, Next, Role};
use crate::security::{Credential, Kind, Need, Scheme};

/// A trait, and what the formatting step adds to it.
pub(super) struct Trait {
    pub(super) tokens: TokenStream,
    pub(super) info: TraitInfo,
    /// The provider's names of the scopes of each `#[authenticated(...)]` that names
    /// scopes, in order (one entry per such attribute): a missing-scope error shows that
    /// line, so it names the scope as the provider's portal does.
    pub(super) wire_names: Vec<WireNames>,
}

/// The scopes of one `#[authenticated(...)]`: (Rust name, provider's name), and whether
/// one of them is enough.
pub(super) struct WireNames {
    pub(super) any: bool,
    pub(super) names: Vec<(String, String)>,
}

impl Emitter<'_> {
    /// One trait per group. A trait is named after the document, then its credential
    /// unless it is the default one, then its server unless it is the credential's
    /// first.
    pub(super) fn traits(&self, groups: &[Group]) -> Vec<Trait> {
        let mut first_server: Vec<(Option<Credential>, Option<String>)> = Vec::new();
        let mut out = Vec::new();
        for group in groups {
            let mut name = self.base.clone();
            if let Some(credential) = &group.credential {
                if Some(&credential.scheme) != self.schemes.default.as_ref() {
                    name.push_str(&scheme_suffix(&credential.scheme));
                }
                if credential.extension
                    && let Some(extension) = &self.schemes.extension
                {
                    name.push_str(&names::camel(&extension.suffix));
                }
            }
            let first = first_server
                .iter()
                .find(|(c, _)| *c == group.credential)
                .map(|(_, server)| server.clone());
            match first {
                None => first_server.push((group.credential.clone(), group.server.clone())),
                Some(server) if server != group.server => {
                    name.push_str(
                        &group
                            .server
                            .as_deref()
                            .map_or("Other".into(), server_suffix),
                    );
                }
                Some(_) => {}
            }
            out.push(self.one_trait(group, name));
        }
        out
    }

    fn one_trait(&self, group: &Group, name: String) -> Trait {
        let runtime = self.runtime;
        let scheme_name = group.credential.as_ref().map(|c| c.scheme.as_str());
        let scheme = scheme_name.and_then(|s| self.schemes.get(s));
        let module = scheme_name.and_then(|s| self.module_of(s));
        let url = group.server.as_deref().and_then(crate::servers::template);
        let mut args = Vec::new();
        if let Some(module) = &module {
            let module = format_ident!("{module}");
            args.push(quote!(scopes = #module));
        }
        if let Some(url) = &url {
            args.push(quote!(production = #url));
        }
        match scheme.and_then(|s| s.kind.as_ref()) {
            None | Some(Kind::Bearer) => {}
            Some(Kind::Basic) => args.push(quote!(auth = basic)),
            Some(Kind::ApiKey {
                query: true, name, ..
            }) => args.push(quote!(auth = api_key(query = #name))),
            Some(Kind::ApiKey { name, prefix, .. }) if prefix.is_empty() => {
                args.push(quote!(auth = api_key(header = #name)));
            }
            Some(Kind::ApiKey { name, prefix, .. }) => {
                args.push(quote!(auth = api_key(header = #name, prefix = #prefix)));
            }
        }
        if self.config.runtime.is_some() {
            args.push(quote!(crate = #runtime));
        }
        let api_attr = if args.is_empty() {
            quote!(#[#runtime::api])
        } else {
            quote!(#[#runtime::api(#(#args),*)])
        };
        let mut wire_names = Vec::new();
        let methods: Vec<TokenStream> = group
            .methods
            .iter()
            .map(|(method, need)| {
                let (tokens, wires) = self.method(method, need.as_ref(), scheme);
                wire_names.extend(wires);
                tokens
            })
            .collect();
        let title = one_line(&self.api.info.title);
        let version = one_line(&self.api.info.version);
        let who = match (&group.credential, scheme.and_then(|s| s.kind.as_ref())) {
            (Some(c), Some(Kind::ApiKey { .. })) => format!(
                ": the operations an API key of `{}` can call",
                one_line(&c.scheme)
            ),
            (Some(c), Some(Kind::Basic)) => format!(
                ": the operations basic credentials of `{}` can call",
                one_line(&c.scheme)
            ),
            (Some(c), _) if c.extension => format!(
                ": the operations a token of `{}` can call, with the scopes of `{}`",
                one_line(&c.scheme),
                self.schemes
                    .extension
                    .as_ref()
                    .map_or(String::new(), |e| one_line(&e.name))
            ),
            (Some(c), _) => format!(
                ": the operations a token of `{}` can call",
                one_line(&c.scheme)
            ),
            (None, _) => ": its public operations".to_owned(),
        };
        let at = match &group.server {
            Some(server) => format!(", at `{}`.", one_line(server)),
            None => ".".to_owned(),
        };
        let doc = format!(" {title} {version}{who}{at}");
        let trait_ident = format_ident!("{name}");
        let tokens = quote! {
            #[doc = #doc]
            #api_attr
            pub trait #trait_ident {
                #(#methods)*
            }
        };
        Trait {
            tokens,
            info: TraitInfo {
                name,
                scopes: module,
                scheme: scheme_name.map(str::to_owned),
                production: url,
                methods: group.methods.len(),
            },
            wire_names,
        }
    }

    /// Doc lines naming the method's documented error answers and their types, which
    /// `Error::body_as` reads: one line per type, with the statuses it answers.
    fn error_docs(&self, method: &Method) -> Vec<String> {
        let mut by_type: Vec<(String, Vec<&str>)> = Vec::new();
        for (status, ty) in &method.errors {
            if matches!(ty, crate::types::TypeRef::Json) {
                continue;
            }
            let name = self.types.render(ty).to_string().replace(' ', "");
            match by_type.iter_mut().find(|(n, _)| *n == name) {
                Some((_, statuses)) => statuses.push(status),
                None => by_type.push((name, vec![status])),
            }
        }
        if by_type.is_empty() {
            return Vec::new();
        }
        let mut lines = vec![
            String::new(),
            "Documented error answers, read from the error with \
             `err.body_as::<T>()`:"
                .to_owned(),
        ];
        for (name, statuses) in by_type {
            let statuses: Vec<String> = statuses.iter().map(|s| format!("`{s}`")).collect();
            // A link for a generated type; other types (a list of them) as code.
            let simple = name
                .strip_prefix("types::")
                .is_some_and(|n| n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'));
            let shown = if simple {
                format!("[`{name}`]")
            } else {
                format!("`{name}`")
            };
            lines.push(format!("- {}: {shown}", statuses.join(", ")));
        }
        lines
    }

    /// A method's tokens, and its scopes' provider names when it names scopes.
    fn method(
        &self,
        method: &Method,
        need: Option<&Need>,
        scheme: Option<&Scheme>,
    ) -> (TokenStream, Option<WireNames>) {
        let runtime = self.runtime;
        let name = format_ident!("{}", method.name);
        let error_lines = self.error_docs(method);
        let docs = method
            .docs
            .iter()
            .chain(&error_lines)
            .map(|line| {
                if line.is_empty() {
                    String::new()
                } else {
                    format!(" {line}")
                }
            })
            .collect::<Vec<_>>();
        let verb = format_ident!("{}", method.verb);
        let path = &method.path;
        let ident_of = |wire: &String| -> String {
            scheme
                .and_then(|s| s.scopes.get(wire))
                .map_or_else(|| names::scope(wire), |i| i.ident.clone())
        };
        // One for every attribute with scopes, so that the formatting step pairs the
        // n-th attribute with the n-th entry.
        let wires = |any: bool, list: &[String]| {
            let names = list.iter().map(|w| (ident_of(w), w.clone())).collect();
            Some(WireNames { any, names })
        };
        let (auth, wire_names) = match need {
            None => (quote!(#[public]), None),
            // In a trait with scopes, "any token of the scheme" is said explicitly.
            Some(Need::Token) if scheme.is_some_and(|s| self.module_of(&s.name).is_some()) => {
                (quote!(#[authenticated(any_token)]), None)
            }
            Some(Need::Token) => (quote!(#[authenticated]), None),
            Some(Need::All(all)) => {
                let idents = all.iter().map(ident_of);
                (
                    quote!(#[authenticated(#(scope = #idents),*)]),
                    wires(false, all),
                )
            }
            Some(Need::Any(any)) => {
                let idents = any.iter().map(ident_of);
                (
                    quote!(#[authenticated(scope = any(#(#idents),*))]),
                    wires(true, any),
                )
            }
        };
        let args = method.args.iter().map(|a| {
            let ident = format_ident!("{}", a.ident);
            // An optional query or header argument is set on the call and kept until
            // the call is sent: owned.
            let set_on_call = a.optional && matches!(a.role, Role::Query(_) | Role::Header(_));
            let ty = match &a.ty {
                ArgType::Plain(plain) if set_on_call => plain.owned_tokens(),
                ArgType::Plain(plain) => plain.tokens(),
                ArgType::Json if set_on_call => quote!(::serde_json::Value),
                ArgType::Json => quote!(&::serde_json::Value),
                ArgType::Body(body) => self.types.render_body(body),
            };
            let ty = if a.optional { quote!(Option<#ty>) } else { ty };
            match &a.role {
                Role::Path => quote!(#ident: #ty),
                Role::Query(wire) if *wire == a.ident => quote!(#[query] #ident: #ty),
                Role::Query(wire) => quote!(#[query(#wire)] #ident: #ty),
                Role::Header(wire) => quote!(#[header(#wire)] #ident: #ty),
                Role::Body(Encoding::Json) => quote!(#[body] #ident: #ty),
                Role::Body(Encoding::Form) => quote!(#[body(form)] #ident: #ty),
                Role::Body(Encoding::Multipart) => quote!(#[body(multipart)] #ident: #ty),
                Role::Body(Encoding::Raw) => quote!(#[body] #ident: #ty),
            }
        });
        let answer = self.types.render(&method.answer);
        let paginated = method.paged.as_ref().map(|paged| {
            let items = &paged.items;
            let item = self.types.render(&paged.item);
            let next = match &paged.next {
                Next::UrlInBody(at) => quote!(next_url = #at),
                Next::LinkHeader => quote!(link_header),
                Next::Cursor { at, param } => quote!(cursor = #at, param = #param),
                Next::PageNumber {
                    param,
                    total_pages,
                    total_items,
                } => {
                    let pages = total_pages.as_ref().map(|at| quote!(, total_pages = #at));
                    let items = total_items.as_ref().map(|at| quote!(, total_items = #at));
                    quote!(page = #param #pages #items)
                }
            };
            quote!(#[paginated(items = #items, item = #item, #next)])
        });
        // The operation's parameters are the document's; a long list is not a smell here.
        let allow =
            (method.args.len() + 1 > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
        let features = &method.features;
        let cfg = (!features.is_empty()).then(|| {
            let condition = crate::types::usage::features_cfg(features.iter());
            quote!(#[cfg(#condition)])
        });
        // The `#[cfg]` first: the crate's build script finds a gated item by it.
        let tokens = quote! {
            #cfg
            #(#[doc = #docs])*
            #allow
            #[#verb(#path)]
            #auth
            #paginated
            async fn #name(&self, #(#args),*) -> Result<#answer, #runtime::Error>;
        };
        (tokens, wire_names)
    }
}
