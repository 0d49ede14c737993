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

use openapiv3::{
    Components, OpenAPI, Operation, Parameter, ParameterSchemaOrContent, PathItem, Response,
    StatusCode,
};
use proc_macro2::TokenStream;
use quote::quote;

use crate::error::{Warning, pointer};
use crate::names::{self, Unique};
use crate::refs::{resolve, resolve_parameter};
use crate::security::{self, Access, Schemes};
use crate::types::Types;

mod group;

pub(crate) use group::{Group, group};

/// An operation, ready to be a method.
#[derive(Clone)]
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
#[derive(Clone)]
pub(crate) struct Arg {
    pub(crate) ident: String,
    pub(crate) ty: TokenStream,
    pub(crate) role: Role,
}

/// Where an argument goes.
#[derive(Clone)]
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
            Err(message) => return skip(warnings, &param_at, message),
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
                    return skip(
                        warnings,
                        &param_at,
                        "a required cookie parameter is not supported",
                    );
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
            Err(message) => return skip(warnings, &body_at, message),
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
        docs.extend(crate::doc::doc_lines(description));
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
        Err(message) => return skip(warnings, &response_at, message),
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

/// An operation that cannot be generated: a warning at `at` saying why, and nothing.
fn skip<T>(warnings: &mut Vec<Warning>, at: &str, why: impl std::fmt::Display) -> Option<T> {
    warnings.push(Warning::new(at, format!("{why}; the operation is skipped")));
    None
}
