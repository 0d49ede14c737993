//! Operations: one method each, with its parameters, body, answer and access, grouped
//! into one trait per kind of credential and server.
//!
//! Unsupported constructs are reported as warnings with their pointer, and the fallback
//! is documented here:
//!
//! - a request body that is not JSON (multipart, form, XML, octet-stream): a `RawBody`
//!   the caller encodes;
//! - an answer that is not JSON (XML, event streams, files): `RawResponse`;
//! - a cookie parameter: left out when optional, the operation skipped when required;
//! - an optional header parameter: left out;
//! - a parameter or schema that is not a plain value: `serde_json::Value`;
//! - a `$ref` outside `#/components/...`: the operation is skipped;
//! - callbacks and links: ignored.

use std::collections::BTreeMap;

use openapiv3::{
    Components, OpenAPI, Operation, Parameter, ParameterSchemaOrContent, PathItem, ReferenceOr,
    Response, Schema, SchemaKind, StatusCode, Type,
};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::error::{Warning, pointer};
use crate::names::{self, Unique};
use crate::security::{self, Access, Need, Schemes};
use crate::types::Types;

/// Methods of the generated client that an operation cannot be named.
const RESERVED_METHODS: [&str; 10] = [
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

/// An operation, ready to be a method.
pub(crate) struct Method {
    /// Its method name (unique within its trait once grouped).
    pub(crate) name: String,
    pub(crate) verb: &'static str,
    /// The path, with parameter names made identifiers.
    pub(crate) path: String,
    pub(crate) docs: Vec<String>,
    pub(crate) args: Vec<Arg>,
    /// `T` of `Result<T, Error>`.
    pub(crate) answer: TokenStream,
    pub(crate) access: Access,
    /// The operation's own server, when it has one.
    pub(crate) server: Option<String>,
}

/// A method argument.
pub(crate) struct Arg {
    pub(crate) ident: String,
    pub(crate) ty: TokenStream,
    pub(crate) role: Role,
}

/// Where an argument goes.
pub(crate) enum Role {
    Path,
    /// The parameter's name on the wire.
    Query(String),
    Header(String),
    Body,
}

/// Every operation of the document that can be generated, in document order.
pub(crate) fn methods(
    api: &OpenAPI,
    schemes: &Schemes,
    types: &mut Types,
    warnings: &mut Vec<Warning>,
) -> Vec<Method> {
    let empty = Components::default();
    let components = api.components.as_ref().unwrap_or(&empty);
    let mut out = Vec::new();
    for (path, item) in &api.paths.paths {
        let at_path = pointer(["paths", path]);
        let Some(item) = item.as_item() else {
            warnings.push(Warning::new(
                &at_path,
                "a path item given by reference is not followed; its operations are skipped",
            ));
            continue;
        };
        for (verb, op) in item.iter() {
            let at = format!("{at_path}/{verb}");
            if let Some(method) = method(
                api, components, schemes, types, path, item, verb, op, &at, warnings,
            ) {
                out.push(method);
            }
        }
    }
    out
}

#[allow(clippy::too_many_arguments)]
fn method(
    api: &OpenAPI,
    components: &Components,
    schemes: &Schemes,
    types: &mut Types,
    path: &str,
    item: &PathItem,
    verb: &str,
    op: &Operation,
    at: &str,
    warnings: &mut Vec<Warning>,
) -> Option<Method> {
    let verb: &'static str = match verb {
        "get" => "get",
        "put" => "put",
        "post" => "post",
        "delete" => "delete",
        "patch" => "patch",
        "head" => "head",
        "options" => "options",
        _ => {
            warnings.push(Warning::new(
                at,
                format!("HTTP `{verb}` is not supported; skipped"),
            ));
            return None;
        }
    };
    if !path.starts_with('/') || path.contains(['?', '#', ' ']) {
        warnings.push(Warning::new(
            at,
            "the path is not a path template (`/...` without query or fragment); skipped",
        ));
        return None;
    }
    if !op.callbacks.is_empty() {
        warnings.push(Warning::new(
            format!("{at}/callbacks"),
            "callbacks are ignored",
        ));
    }
    let requirements = op.security.as_deref().or(api.security.as_deref());
    let Some(access) = security::access(requirements, schemes, at, warnings) else {
        warnings.push(Warning::new(
            at,
            "no bearer-token scheme can call this operation; skipped",
        ));
        return None;
    };
    let base = op
        .operation_id
        .as_deref()
        .map(names::snake)
        .unwrap_or_else(|| names::snake(&format!("{verb} {path}")));
    let mut arg_names = Unique::with_reserved(["self"]);
    let mut args = Vec::new();
    let mut template = path.to_owned();

    // Path-level parameters first, overridden by the operation's of the same name and
    // place.
    let mut params: Vec<(String, &Parameter)> = Vec::new();
    let all = item
        .parameters
        .iter()
        .enumerate()
        .map(|(i, p)| (format!("{}/parameters/{i}", pointer(["paths", path])), p))
        .chain(
            op.parameters
                .iter()
                .enumerate()
                .map(|(i, p)| (format!("{at}/parameters/{i}"), p)),
        );
    for (param_at, param) in all {
        let param = match resolve_parameter(param, components) {
            Ok(p) => p,
            Err(message) => {
                warnings.push(Warning::new(
                    &param_at,
                    format!("{message}; the operation is skipped"),
                ));
                return None;
            }
        };
        let data = param.parameter_data_ref();
        let same = |(_, p): &(String, &Parameter)| {
            p.parameter_data_ref().name == data.name
                && std::mem::discriminant(*p) == std::mem::discriminant(param)
        };
        params.retain(|p| !same(p));
        params.push((param_at, param));
    }
    // Path parameters in template order.
    params.sort_by_key(|(_, p)| match p {
        Parameter::Path { parameter_data, .. } => (
            0,
            path.find(&format!("{{{}}}", parameter_data.name))
                .unwrap_or(usize::MAX),
        ),
        _ => (1, 0),
    });
    for (param_at, param) in params {
        let data = param.parameter_data_ref();
        let schema = match &data.format {
            ParameterSchemaOrContent::Schema(s) => Some(s),
            ParameterSchemaOrContent::Content(_) => None,
        };
        let ident = arg_names.take(names::snake(&data.name));
        match param {
            Parameter::Path { .. } => {
                let placeholder = format!("{{{}}}", data.name);
                if !template.contains(&placeholder) {
                    warnings.push(Warning::new(
                        &param_at,
                        "a path parameter the path does not name is left out",
                    ));
                    continue;
                }
                template = template.replace(&placeholder, &format!("{{{ident}}}"));
                let ty = types.param(schema, components, true, &param_at, warnings);
                args.push(Arg {
                    ident,
                    ty,
                    role: Role::Path,
                });
            }
            Parameter::Query { .. } => {
                let ty = types.param(schema, components, data.required, &param_at, warnings);
                args.push(Arg {
                    ident,
                    ty,
                    role: Role::Query(data.name.clone()),
                });
            }
            Parameter::Header { .. } => {
                let valid = !data.name.is_empty()
                    && data
                        .name
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b));
                if !valid || data.name.eq_ignore_ascii_case("authorization") {
                    warnings.push(Warning::new(
                        &param_at,
                        "a header parameter that is not a plain header (or is `Authorization`, which the client sets) is left out",
                    ));
                    continue;
                }
                if !data.required {
                    warnings.push(Warning::new(
                        &param_at,
                        "an optional header parameter is left out (a method cannot leave a \
                         header unset); send it from a middleware when needed",
                    ));
                    continue;
                }
                let ty = types.header();
                args.push(Arg {
                    ident,
                    ty,
                    role: Role::Header(data.name.clone()),
                });
            }
            Parameter::Cookie { .. } => {
                if data.required {
                    warnings.push(Warning::new(
                        &param_at,
                        "a required cookie parameter is not supported; the operation is skipped",
                    ));
                    return None;
                }
                warnings.push(Warning::new(
                    &param_at,
                    "an optional cookie parameter is not supported; it is left out",
                ));
            }
        }
    }
    if template.contains(['{', '}']) && !template_is_complete(&template, &args) {
        warnings.push(Warning::new(
            at,
            "the path names a parameter the operation does not declare; skipped",
        ));
        return None;
    }

    if let Some(body) = &op.request_body {
        let body_at = format!("{at}/requestBody");
        let body = match resolve(body, components, "requestBodies", |c| &c.request_bodies) {
            Ok(b) => b,
            Err(message) => {
                warnings.push(Warning::new(
                    &body_at,
                    format!("{message}; the operation is skipped"),
                ));
                return None;
            }
        };
        let ty = match body.content.iter().find(|(m, _)| is_json(m)) {
            Some((media, content)) => {
                let content_at = format!("{body_at}/content/{}", crate::error::escape(media));
                types.body(content.schema.as_ref(), &base, &content_at, warnings)
            }
            None => {
                let kinds: Vec<&str> = body.content.keys().map(String::as_str).collect();
                warnings.push(Warning::new(
                    &body_at,
                    format!(
                        "a request body of {} is not JSON: the method takes a `RawBody`, \
                         sent as the caller encodes it",
                        if kinds.is_empty() {
                            "no declared type".to_owned()
                        } else {
                            kinds.join(", ")
                        }
                    ),
                ));
                types.raw_body()
            }
        };
        let ident = arg_names.take("body".into());
        args.push(Arg {
            ident,
            ty,
            role: Role::Body,
        });
    }

    let answer = answer(op, components, types, &base, at, warnings)?;
    let server = op
        .servers
        .first()
        .or(item.servers.first())
        .map(|s| s.url.clone());
    let mut docs = Vec::new();
    if let Some(summary) = &op.summary {
        docs.push(summary.trim().to_owned());
    }
    if let Some(description) = &op.description {
        if !docs.is_empty() {
            docs.push(String::new());
        }
        docs.extend(crate::emit::doc_lines(description));
    }
    if op.deprecated {
        docs.push(String::new());
        docs.push("Deprecated by the provider.".into());
    }
    Some(Method {
        name: base,
        verb,
        path: template,
        docs,
        args,
        answer,
        access,
        server,
    })
}

/// Whether every `{name}` of `template` is an argument.
fn template_is_complete(template: &str, args: &[Arg]) -> bool {
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            return false;
        };
        let name = &rest[open + 1..open + close];
        if !args
            .iter()
            .any(|a| a.ident == name && matches!(a.role, Role::Path))
        {
            return false;
        }
        rest = &rest[open + close + 1..];
    }
    !rest.contains('}')
}

/// The answer type: the first 2xx answer's JSON, `()` without content, `RawResponse`
/// for other content.
fn answer(
    op: &Operation,
    components: &Components,
    types: &mut Types,
    base: &str,
    at: &str,
    warnings: &mut Vec<Warning>,
) -> Option<TokenStream> {
    let success = op
        .responses
        .responses
        .iter()
        .filter(|(code, _)| match code {
            StatusCode::Code(c) => (200..300).contains(c),
            StatusCode::Range(r) => *r == 2,
        })
        .min_by_key(|(code, _)| match code {
            StatusCode::Code(c) => *c,
            StatusCode::Range(_) => 299,
        });
    let Some((code, response)) = success else {
        warnings.push(Warning::new(
            format!("{at}/responses"),
            "no 2xx answer is declared; the method returns `RawResponse`",
        ));
        return Some(types.raw());
    };
    let response_at = format!("{at}/responses/{code}");
    let response = match resolve(response, components, "responses", |c| &c.responses) {
        Ok(r) => r,
        Err(message) => {
            warnings.push(Warning::new(
                &response_at,
                format!("{message}; the operation is skipped"),
            ));
            return None;
        }
    };
    answer_of(response, types, base, &response_at, warnings)
}

fn answer_of(
    response: &Response,
    types: &mut Types,
    base: &str,
    at: &str,
    warnings: &mut Vec<Warning>,
) -> Option<TokenStream> {
    if response.content.is_empty() {
        return Some(quote!(()));
    }
    match response.content.iter().find(|(m, _)| is_json(m)) {
        Some((media, content)) => {
            let content_at = format!("{at}/content/{}", crate::error::escape(media));
            Some(types.response(content.schema.as_ref(), base, &content_at, warnings))
        }
        None => {
            let kinds: Vec<&str> = response.content.keys().map(String::as_str).collect();
            warnings.push(Warning::new(
                at,
                format!(
                    "an answer of {} is not JSON; the method returns `RawResponse`",
                    kinds.join(", ")
                ),
            ));
            Some(types.raw())
        }
    }
}

/// `application/json`, `application/problem+json`, `application/json; charset=utf-8`.
fn is_json(media: &str) -> bool {
    let essence = media
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    essence == "application/json" || essence.ends_with("+json") || essence == "*/*"
}

/// A parameter, following a local reference.
fn resolve_parameter<'a>(
    param: &'a ReferenceOr<Parameter>,
    components: &'a Components,
) -> Result<&'a Parameter, String> {
    resolve(param, components, "parameters", |c| &c.parameters)
}

/// `item`, or what its `#/components/<kind>/<name>` reference names (references to
/// references followed up to 8 deep).
fn resolve<'a, T>(
    mut item: &'a ReferenceOr<T>,
    components: &'a Components,
    kind: &str,
    map: impl Fn(&'a Components) -> &'a indexmap::IndexMap<String, ReferenceOr<T>>,
) -> Result<&'a T, String> {
    for _ in 0..8 {
        match item {
            ReferenceOr::Item(t) => return Ok(t),
            ReferenceOr::Reference { reference } => {
                let prefix = format!("#/components/{kind}/");
                let Some(name) = reference.strip_prefix(&prefix) else {
                    return Err(format!(
                        "the reference `{reference}` is not to `{prefix}...` of this document"
                    ));
                };
                let name = name.replace("~1", "/").replace("~0", "~");
                item = map(components)
                    .get(&name)
                    .ok_or_else(|| format!("the reference `{reference}` names nothing"))?;
            }
        }
    }
    Err("references nested more than 8 deep".into())
}

/// The schema a reference names, one level (for parameters' plain types).
pub(crate) fn schema_of<'a>(
    schema: &'a ReferenceOr<Schema>,
    components: &'a Components,
) -> Option<&'a Schema> {
    resolve(schema, components, "schemas", |c| &c.schemas).ok()
}

/// Whether a schema is a plain value a path or query can carry, and which: a string,
/// integer, number or boolean (also when written with keywords of another type, which
/// the model reads as "any"); `&str` for a choice among plain types (`oneOf: [integer,
/// string]`: an id or a name); a slice for an array of such values.
pub(crate) fn plain(schema: &Schema, components: &Components) -> Option<TokenStream> {
    plain_within(schema, components, 0)
}

fn plain_within(schema: &Schema, components: &Components, depth: usize) -> Option<TokenStream> {
    if depth > 8 {
        return None;
    }
    let element = |items: Option<&ReferenceOr<Box<Schema>>>| -> Option<TokenStream> {
        let item = match items? {
            ReferenceOr::Item(s) => Some(&**s),
            ReferenceOr::Reference { reference } => reference
                .strip_prefix("#/components/schemas/")
                .and_then(|name| components.schemas.get(name))
                .and_then(|schema| schema_of(schema, components)),
        }?;
        let ty = plain_within(item, components, depth + 1)?;
        (!ty.to_string().starts_with('&') || ty.to_string() == "& str").then(|| quote!(&[#ty]))
    };
    let integer = |format: Option<&str>| match format {
        Some("int32") => quote!(i32),
        _ => quote!(i64),
    };
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(_)) => Some(quote!(&str)),
        SchemaKind::Type(Type::Integer(i)) => Some(match &i.format {
            openapiv3::VariantOrUnknownOrEmpty::Item(openapiv3::IntegerFormat::Int32) => {
                integer(Some("int32"))
            }
            _ => integer(None),
        }),
        SchemaKind::Type(Type::Number(_)) => Some(quote!(f64)),
        SchemaKind::Type(Type::Boolean(_)) => Some(quote!(bool)),
        SchemaKind::Type(Type::Array(array)) => element(array.items.as_ref()),
        SchemaKind::Any(any) if any.typ.as_deref() == Some("array") => element(any.items.as_ref()),
        SchemaKind::Any(any) if any.properties.is_empty() && any.items.is_none() => {
            match any.typ.as_deref()? {
                "string" => Some(quote!(&str)),
                "integer" => Some(integer(any.format.as_deref())),
                "number" => Some(quote!(f64)),
                "boolean" => Some(quote!(bool)),
                _ => None,
            }
        }
        SchemaKind::OneOf { one_of: choices } | SchemaKind::AnyOf { any_of: choices } => {
            let all_plain = !choices.is_empty()
                && choices.iter().all(|choice| {
                    schema_of(choice, components)
                        .and_then(|s| plain_within(s, components, depth + 1))
                        .is_some_and(|ty| !ty.to_string().starts_with("& ["))
                });
            all_plain.then(|| quote!(&str))
        }
        _ => None,
    }
}

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
        for (scheme, need) in placements {
            groups
                .entry((scheme.clone(), server.clone()))
                .or_insert_with(|| Group {
                    scheme,
                    server: server.clone(),
                    methods: Vec::new(),
                })
                .methods
                .push((method.duplicate(), need));
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
    fn duplicate(&self) -> Method {
        Method {
            name: self.name.clone(),
            verb: self.verb,
            path: self.path.clone(),
            docs: self.docs.clone(),
            args: self
                .args
                .iter()
                .map(|a| Arg {
                    ident: a.ident.clone(),
                    ty: a.ty.clone(),
                    role: match &a.role {
                        Role::Path => Role::Path,
                        Role::Query(q) => Role::Query(q.clone()),
                        Role::Header(h) => Role::Header(h.clone()),
                        Role::Body => Role::Body,
                    },
                })
                .collect(),
            answer: self.answer.clone(),
            access: self.access.clone(),
            server: self.server.clone(),
        }
    }

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
