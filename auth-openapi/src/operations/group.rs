//! Methods grouped into traits, one per credential and server, and each method's tokens
//! in its trait.

use std::collections::BTreeMap;

use auth_codegen::reserved::CLIENT_METHODS as RESERVED_METHODS;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{Method, Role};
use crate::names::Unique;
use crate::security::{Access, Need, Schemes};

/// Groups methods into traits: one per (scheme, server). Each method gets a name unique
/// within its trait.
pub(crate) struct Group {
    pub(crate) scheme: Option<String>,
    pub(crate) server: Option<String>,
    pub(crate) methods: Vec<(Method, Option<Need>)>,
}

/// Groups in a stable order: the default scheme's first, then the others in the
/// document's order; within a scheme, the server with the most operations first (it is
/// the trait named without a server suffix).
pub(crate) fn group(
    methods: Vec<Method>,
    schemes: &Schemes,
    default_server: Option<&str>,
) -> Vec<Group> {
    let mut groups: BTreeMap<(Option<String>, Option<String>), Group> = BTreeMap::new();
    for method in methods {
        let server = method
            .server
            .clone()
            .or_else(|| default_server.map(str::to_owned));
        let placements: Vec<(Option<String>, Option<Need>)> = match &method.access {
            Access::Public => vec![(schemes.default.clone(), None)],
            Access::Schemes(needs) => needs
                .iter()
                .map(|(scheme, need)| (Some(scheme.clone()), Some(need.clone())))
                .collect(),
        };
        // Each placement but the last gets a copy; the last takes the method.
        let last = placements.len().saturating_sub(1);
        let mut method = Some(method);
        for (i, (scheme, need)) in placements.into_iter().enumerate() {
            let Some(this) = (if i == last {
                method.take()
            } else {
                method.clone()
            }) else {
                continue;
            };
            groups
                .entry((scheme.clone(), server.clone()))
                .or_insert_with(|| Group {
                    scheme,
                    server: server.clone(),
                    methods: Vec::new(),
                })
                .methods
                .push((this, need));
        }
    }
    let rank = |scheme: &Option<String>| match scheme {
        None => 0,
        Some(s) if Some(s) == schemes.default.as_ref() => 0,
        Some(s) => {
            1 + schemes
                .schemes
                .iter()
                .position(|x| &x.name == s)
                .unwrap_or(0)
        }
    };
    let mut out: Vec<Group> = groups.into_values().collect();
    out.sort_by(|a, b| {
        rank(&a.scheme)
            .cmp(&rank(&b.scheme))
            .then(b.methods.len().cmp(&a.methods.len()))
            .then(a.server.cmp(&b.server))
    });
    for group in &mut out {
        let mut unique = Unique::with_reserved(RESERVED_METHODS);
        for (method, _) in &mut group.methods {
            method.name = unique.take(std::mem::take(&mut method.name));
        }
    }
    out
}

impl Method {
    /// The method's tokens in the `#[api]` trait.
    pub(crate) fn tokens(
        &self,
        need: Option<&Need>,
        scopes: &dyn Fn(&str) -> String,
        error: &TokenStream,
    ) -> TokenStream {
        let name = format_ident!("{}", self.name);
        let docs = self.docs.iter().map(|line| {
            if line.is_empty() {
                String::new()
            } else {
                format!(" {line}")
            }
        });
        let verb = format_ident!("{}", self.verb);
        let path = &self.path;
        let auth = match need {
            None => quote!(#[public]),
            Some(Need::Token) => quote!(#[authenticated]),
            Some(Need::All(all)) => {
                let all = all.iter().map(|w| scopes(w));
                quote!(#[authenticated(#(scope = #all),*)])
            }
            Some(Need::Any(any)) => {
                let any = any.iter().map(|w| scopes(w));
                quote!(#[authenticated(scope = any(#(#any),*))])
            }
        };
        let args = self.args.iter().map(|a| {
            let ident = format_ident!("{}", a.ident);
            let ty = &a.ty;
            match &a.role {
                Role::Path => quote!(#ident: #ty),
                Role::Query(wire) if *wire == a.ident => quote!(#[query] #ident: #ty),
                Role::Query(wire) => quote!(#[query(#wire)] #ident: #ty),
                Role::Header(wire) => quote!(#[header(#wire)] #ident: #ty),
                Role::Body => quote!(#[body] #ident: #ty),
            }
        });
        let answer = &self.answer;
        // The operation's parameters are the document's; a long list is not a smell here.
        let allow = (self.args.len() + 1 > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
        quote! {
            #(#[doc = #docs])*
            #allow
            #[#verb(#path)]
            #auth
            async fn #name(&self, #(#args),*) -> Result<#answer, #error>;
        }
    }
}
