//! Operations: one method each, with its parameters, body, answer and access, grouped
//! into one trait per kind of credential and server.
//!
//! Unsupported constructs are reported as warnings with their pointer, and the fallback
//! is documented here:
//!
//! - an answer that is neither JSON nor a file (XML, text, event streams):
//!   `RawResponse`, read whole;
//! - a cookie parameter: left out when optional, the operation skipped when required;
//! - a parameter or schema that is not a plain value: `serde_json::Value`;
//! - a `$ref` outside `#/components/...`: the operation is skipped;
//! - callbacks and links: ignored.

use std::collections::BTreeMap;

use openapiv3::{Components, OpenAPI, Operation, Parameter, ParameterSchemaOrContent, PathItem};

use auth_codegen::rules::path::Part;

use crate::error::{Warning, pointer};
use crate::names::{self, Unique};
use crate::refs::{Plain, plain, resolve_parameter, schema_of};
use crate::security::{self, Access, Schemes};
use crate::types::{TypeRef, Types};

mod answers;
mod bodies;
mod group;
mod paging;

pub(crate) use bodies::Encoding;
pub(crate) use group::{Group, group};
pub(crate) use paging::{Next, Paged};

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
    pub(crate) answer: TypeRef,
    pub(crate) access: Access,
    /// The operation's own server, when it has one.
    pub(crate) server: Option<String>,
    /// How its pages follow one another, when it is paged.
    pub(crate) paged: Option<Paged>,
    /// Its documented error answers with a JSON schema: status (`404`, `4XX`,
    /// `default`) and type, for its docs (read with `Error::body_as`).
    pub(crate) errors: Vec<(String, TypeRef)>,
    /// The Cargo features of its operation's tags (`droplets`), when the configuration
    /// asks for features; it compiles under any one of them.
    pub(crate) features: Vec<String>,
}

/// A method argument.
#[derive(Clone)]
pub(crate) struct Arg {
    pub(crate) ident: String,
    pub(crate) ty: ArgType,
    /// `Option<_>`: the parameter is not required.
    pub(crate) optional: bool,
    pub(crate) role: Role,
}

/// What an argument carries.
#[derive(Clone)]
pub(crate) enum ArgType {
    /// A plain value (`&str`, `i64`, a slice of them).
    Plain(Plain),
    /// Any JSON value, by reference.
    Json,
    /// A body, by reference.
    Body(TypeRef),
}

/// Where an argument goes.
#[derive(Clone)]
pub(crate) enum Role {
    Path,
    /// The parameter's name on the wire.
    Query(String),
    Header(String),
    Body(Encoding),
}

/// What reading the operations needs at hand.
struct Reader<'a> {
    api: &'a OpenAPI,
    components: &'a Components,
    schemes: &'a Schemes,
    types: &'a mut Types,
    warnings: &'a mut Vec<Warning>,
    /// The configuration: paged operations, selection.
    config: &'a crate::config::Config,
    /// The types of error answers declared once in `#/components/responses`, by
    /// reference: every operation that names one shares its type.
    shared_errors: BTreeMap<String, TypeRef>,
}

/// Every operation of the document that can be generated, in document order.
/// The types `methods` send and receive.
pub(crate) fn uses(methods: &[Method]) -> crate::types::Uses {
    let mut uses = crate::types::Uses::default();
    for method in methods {
        let mut used: Vec<TypeRef> = method
            .args
            .iter()
            .filter_map(|arg| match &arg.ty {
                ArgType::Body(ty) => Some(ty.clone()),
                _ => None,
            })
            .collect();
        used.push(method.answer.clone());
        used.extend(method.errors.iter().map(|(_, ty)| ty.clone()));
        used.extend(method.paged.iter().map(|paged| paged.item.clone()));
        uses.by_method.push((method.features.clone(), used));
        for arg in &method.args {
            if let ArgType::Body(ty) = &arg.ty {
                uses.sent.push(ty.clone());
            }
        }
        uses.received.push(method.answer.clone());
        uses.received
            .extend(method.errors.iter().map(|(_, ty)| ty.clone()));
        if let Some(paged) = &method.paged {
            uses.received.push(paged.item.clone());
        }
    }
    uses
}

pub(crate) fn methods(
    api: &OpenAPI,
    schemes: &Schemes,
    config: &crate::config::Config,
    types: &mut Types,
    warnings: &mut Vec<Warning>,
) -> Vec<Method> {
    let empty = Components::default();
    let mut reader = Reader {
        api,
        components: api.components.as_ref().unwrap_or(&empty),
        schemes,
        types,
        warnings,
        config,
        shared_errors: BTreeMap::new(),
    };
    let mut out = Vec::new();
    for (path, item) in &api.paths.paths {
        let at_path = pointer(["paths", path]);
        let Some(item) = item.as_item() else {
            reader.warn(
                &at_path,
                "a path item given by reference is not followed; its operations are skipped",
            );
            continue;
        };
        for (verb, op) in item.iter() {
            if !config.selects(path, op) {
                continue;
            }
            let at = format!("{at_path}/{verb}");
            if let Some(method) = reader.method(path, item, verb, op, &at) {
                out.push(method);
            }
        }
    }
    for id in config.paging.keys() {
        let known = api
            .operations()
            .any(|(_, _, op)| op.operation_id.as_ref() == Some(id));
        if !known {
            reader.warn(
                "",
                format!(
                    "the configuration pages operation `{id}`, which the document does not \
                     have; check its `operationId`"
                ),
            );
        }
    }
    out
}

impl Reader<'_> {
    fn warn(&mut self, at: &str, message: impl Into<String>) {
        self.warnings.push(Warning::new(at, message));
    }

    /// An operation that cannot be generated: a warning at `at` saying why, and nothing.
    fn skip<T>(&mut self, at: &str, why: impl std::fmt::Display) -> Option<T> {
        self.warn(at, format!("{why}; the operation is skipped"));
        None
    }

    /// The features of an operation's tags, when the configuration asks for features.
    fn features(&self, op: &Operation) -> Vec<String> {
        if !self.config.features {
            return Vec::new();
        }
        let mut features: Vec<String> = op.tags.iter().map(|t| names::feature(t)).collect();
        features.sort();
        features.dedup();
        features
    }

    fn method(
        &mut self,
        path: &str,
        item: &PathItem,
        verb: &str,
        op: &Operation,
        at: &str,
    ) -> Option<Method> {
        let Some(verb) = verb_of(verb) else {
            return self.skip(at, format!("HTTP `{verb}` is not supported"));
        };
        if !op.callbacks.is_empty() {
            self.warn(&format!("{at}/callbacks"), "callbacks are ignored");
        }
        let Some(access) = security::access(self.api, op, self.schemes, at, self.warnings) else {
            return self.skip(
                at,
                "no credential the clients can hold (bearer token, API key, basic) can call \
                 this operation",
            );
        };
        let name = op
            .operation_id
            .as_deref()
            .map(names::snake)
            .unwrap_or_else(|| names::snake(&format!("{verb} {path}")));
        let mut arg_names = Unique::with_reserved(["self"]);
        let (mut args, template) = self.parameters(path, item, op, at, &mut arg_names)?;
        if let Some((body, encoding)) = self.body(op, &name, at)? {
            args.push(Arg {
                ident: arg_names.take("body".into()),
                ty: ArgType::Body(body),
                optional: false,
                role: Role::Body(encoding),
            });
        }
        let (answer, paged) = self.answer(op, &name, at)?;
        let errors = self.errors(op, &name, at);
        let server = op
            .servers
            .first()
            .or(item.servers.first())
            .map(|s| s.url.clone());
        let mut docs = docs(op);
        if let Access::Credentials {
            anonymous: true, ..
        } = access
        {
            docs.push(String::new());
            docs.push(
                "The provider also answers this call without credentials, where its settings \
                 allow anonymous access; the client sends its credential."
                    .into(),
            );
        }
        Some(Method {
            name,
            verb,
            path: template,
            docs,
            args,
            answer,
            access,
            server,
            paged,
            errors,
            features: self.features(op),
        })
    }

    /// The arguments from the operation's parameters (path-level ones first, overridden
    /// by the operation's of the same name and place; path parameters in template
    /// order), and the path with its parameters named as the arguments.
    fn parameters(
        &mut self,
        path: &str,
        item: &PathItem,
        op: &Operation,
        at: &str,
        arg_names: &mut Unique,
    ) -> Option<(Vec<Arg>, String)> {
        let mut params: Vec<(String, &Parameter)> = Vec::new();
        let at_path = pointer(["paths", path]);
        let all = item
            .parameters
            .iter()
            .enumerate()
            .map(|(i, p)| (format!("{at_path}/parameters/{i}"), p))
            .chain(
                op.parameters
                    .iter()
                    .enumerate()
                    .map(|(i, p)| (format!("{at}/parameters/{i}"), p)),
            );
        for (param_at, param) in all {
            let param = match resolve_parameter(param, self.components) {
                Ok(p) => p,
                Err(message) => return self.skip(&param_at, message),
            };
            let data = param.parameter_data_ref();
            params.retain(|(_, p)| {
                !(p.parameter_data_ref().name == data.name
                    && std::mem::discriminant(*p) == std::mem::discriminant(param))
            });
            params.push((param_at, param));
        }
        params.sort_by_key(|(_, p)| match p {
            Parameter::Path { parameter_data, .. } => (
                0,
                path.find(&format!("{{{}}}", parameter_data.name))
                    .unwrap_or(usize::MAX),
            ),
            _ => (1, 0),
        });
        let mut template = path.to_owned();
        let mut args = Vec::new();
        for (param_at, param) in params {
            if let Some(arg) = self.argument(param, &param_at, &mut template, arg_names)? {
                args.push(arg);
            }
        }
        // The rule `#[api]` checks, so that every path written here also compiles.
        let parts = match auth_codegen::rules::path::parse(&template) {
            Ok(parts) => parts,
            Err(problem) => return self.skip(at, format!("the path `{path}`: {problem}")),
        };
        let declared = |name: &str| {
            args.iter()
                .any(|a| a.ident == name && matches!(a.role, Role::Path))
        };
        if parts
            .iter()
            .any(|p| matches!(p, Part::Param(name) if !declared(name)))
        {
            return self.skip(
                at,
                "the path names a parameter the operation does not declare",
            );
        }
        Some((args, template))
    }

    /// One parameter's argument: `Some(None)` when it is left out, `None` when the
    /// operation cannot be generated.
    fn argument(
        &mut self,
        param: &Parameter,
        at: &str,
        template: &mut String,
        arg_names: &mut Unique,
    ) -> Option<Option<Arg>> {
        let data = param.parameter_data_ref();
        let ident = arg_names.take(names::snake(&data.name));
        let (role, optional) = match param {
            Parameter::Path { .. } => {
                let placeholder = format!("{{{}}}", data.name);
                if !template.contains(&placeholder) {
                    self.warn(at, "a path parameter the path does not name is left out");
                    return Some(None);
                }
                *template = template.replace(&placeholder, &format!("{{{ident}}}"));
                (Role::Path, false)
            }
            Parameter::Query { .. } => (Role::Query(data.name.clone()), !data.required),
            Parameter::Header { .. } => {
                if !auth_codegen::rules::is_header_name(&data.name)
                    || data.name.eq_ignore_ascii_case("authorization")
                {
                    self.warn(
                        at,
                        "a header parameter that is not a plain header (or is `Authorization`, \
                         which the client sets) is left out",
                    );
                    return Some(None);
                }
                // Optional headers are set on the call, like optional query parameters.
                return Some(Some(Arg {
                    ident,
                    ty: ArgType::Plain(Plain::Str),
                    optional: !data.required,
                    role: Role::Header(data.name.clone()),
                }));
            }
            Parameter::Cookie { .. } => {
                if data.required {
                    return self.skip(at, "a required cookie parameter is not supported");
                }
                self.warn(
                    at,
                    "an optional cookie parameter is not supported; it is left out",
                );
                return Some(None);
            }
        };
        let schema = match &data.format {
            ParameterSchemaOrContent::Schema(s) => Some(s),
            ParameterSchemaOrContent::Content(_) => None,
        };
        let ty = match schema
            .and_then(|s| schema_of(s, self.components))
            .and_then(|s| plain(s, self.components))
        {
            Some(plain) => ArgType::Plain(plain),
            None => {
                self.warn(
                    at,
                    "a parameter that is not a string, number or boolean is taken as \
                     `&serde_json::Value`",
                );
                ArgType::Json
            }
        };
        Some(Some(Arg {
            ident,
            ty,
            optional,
            role,
        }))
    }
}

/// The document's HTTP method, as a name `#[api]` takes.
fn verb_of(verb: &str) -> Option<&'static str> {
    auth_codegen::rules::VERBS.into_iter().find(|v| *v == verb)
}

/// Summary and description as doc lines, and a note when deprecated.
fn docs(op: &Operation) -> Vec<String> {
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
    docs
}

/// `application/json`, `application/problem+json`, `application/json; charset=utf-8`.
fn is_json(media: &str) -> bool {
    let essence = essence(media);
    essence == "application/json" || essence.ends_with("+json") || essence == "*/*"
}

/// A media type without its parameters, in lower case (`multipart/form-data` of
/// `multipart/form-data; boundary=x`).
fn essence(media: &str) -> String {
    media
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}
