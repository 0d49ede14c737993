//! Security schemes and requirements: which credential an operation takes, and which of
//! its scopes.
//!
//! - Each scheme is one kind of credential a client holds: a bearer token (`http` with
//!   `scheme: bearer`, `oauth2`, `openIdConnect`), an API key (`apiKey`, in a header or
//!   the query, with a prefix from the configuration: Discord's `Bot `), or HTTP basic
//!   credentials (Jira's email and API token). Its scopes are those its OAuth 2 flows
//!   declare plus every scope an operation requires of it (DigitalOcean lists scopes on
//!   an `http` bearer scheme, in the operations' requirements only; an OAuth 2 scheme
//!   that declares its scopes gets a warning for each one it does not). A scheme with
//!   scopes becomes one `scopes!` module.
//! - How requirements become `#[authenticated(...)]` is [`access`].

mod access;

use std::collections::BTreeMap;

use auth_codegen::rules::reserved::SCOPE_MODULE_ITEMS as MODULE_RESERVED;
use openapiv3::{APIKeyLocation, OpenAPI, SecurityScheme};

use crate::config::Config;
use crate::error::{Warning, escape, pointer};
use crate::names::{self, Unique};

pub(crate) use access::{Access, Credential, Need, access};

/// One kind of credential.
pub(crate) struct Scheme {
    /// Its name in the document.
    pub(crate) name: String,
    /// Its scopes: wire name to Rust name and description.
    pub(crate) scopes: BTreeMap<String, ScopeInfo>,
    /// How the credential is sent; `None` when it cannot be.
    pub(crate) kind: Option<Kind>,
    /// Whether its requirement lists mean "any one of" (the configuration's `either`).
    pub(crate) either: bool,
}

/// How a credential is sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// `Authorization: Bearer <token>`.
    Bearer,
    /// An API key: in the header `name` after `prefix`, or as the query parameter `name`.
    ApiKey {
        query: bool,
        name: String,
        prefix: String,
    },
    /// `Authorization: Basic base64(user:password)`.
    Basic,
}

/// A scope of a scheme.
pub(crate) struct ScopeInfo {
    pub(crate) ident: String,
    pub(crate) description: Option<String>,
    /// Scopes (wire names) it implies, from the configuration's rules.
    pub(crate) implies: Vec<String>,
}

impl ScopeInfo {
    fn new(description: Option<String>) -> Self {
        ScopeInfo {
            ident: String::new(),
            description,
            implies: Vec::new(),
        }
    }

    /// Whether the document calls the scope deprecated (Figma's `files:read`).
    pub(crate) fn deprecated(&self) -> bool {
        self.description.as_deref().is_some_and(|d| {
            d.trim_start()
                .to_ascii_lowercase()
                .starts_with("deprecated")
        })
    }
}

/// The document's schemes, in their order, with the default one: the first of the
/// document-level requirements, else the first with scopes, else the first.
pub(crate) struct Schemes {
    pub(crate) schemes: Vec<Scheme>,
    pub(crate) default: Option<String>,
    /// The configuration's scope extension: its key, its traits' suffix, the states
    /// taken.
    pub(crate) extension: Option<crate::config::ScopesExtension>,
}

impl Schemes {
    pub(crate) fn get(&self, name: &str) -> Option<&Scheme> {
        self.schemes.iter().find(|s| s.name == name)
    }
}

/// Reads the schemes and every scope the document names.
pub(crate) fn schemes(api: &OpenAPI, config: &Config, warnings: &mut Vec<Warning>) -> Schemes {
    let mut schemes: Vec<Scheme> = Vec::new();
    let mut declares = Vec::new();
    let declared = api
        .components
        .as_ref()
        .map(|c| &c.security_schemes)
        .into_iter()
        .flatten();
    for (name, scheme) in declared {
        let at = pointer(["components", "securitySchemes", name]);
        let mut scopes = BTreeMap::new();
        let kind = match scheme.as_item() {
            None => {
                warnings.push(Warning::new(
                    &at,
                    "a security scheme given by reference is not followed; its operations are skipped",
                ));
                None
            }
            Some(SecurityScheme::HTTP { scheme, .. }) if scheme.eq_ignore_ascii_case("bearer") => {
                Some(Kind::Bearer)
            }
            Some(SecurityScheme::HTTP { scheme, .. }) if scheme.eq_ignore_ascii_case("basic") => {
                Some(Kind::Basic)
            }
            Some(SecurityScheme::OAuth2 { flows, .. }) => {
                let all = [
                    flows.implicit.as_ref().map(|f| &f.scopes),
                    flows.password.as_ref().map(|f| &f.scopes),
                    flows.client_credentials.as_ref().map(|f| &f.scopes),
                    flows.authorization_code.as_ref().map(|f| &f.scopes),
                ];
                for (wire, description) in all.into_iter().flatten().flatten() {
                    if !auth_codegen::rules::is_scope_name(wire) {
                        warnings.push(Warning::new(
                            format!("{at}/flows"),
                            format!(
                                "the scope {wire:?} cannot be sent (spaces separate scopes in a \
                                 request); it is left out"
                            ),
                        ));
                        continue;
                    }
                    scopes.insert(wire.clone(), ScopeInfo::new(Some(description.clone())));
                }
                declares.push(name.clone());
                Some(Kind::Bearer)
            }
            Some(SecurityScheme::OpenIDConnect { .. }) => Some(Kind::Bearer),
            Some(SecurityScheme::APIKey {
                location,
                name: key,
                ..
            }) => api_key(name, location, key, config, &at, warnings),
            Some(SecurityScheme::HTTP { scheme, .. }) => {
                warnings.push(Warning::new(
                    &at,
                    format!(
                        "HTTP `{scheme}` credentials are not supported (bearer and basic are); \
                         operations requiring only this scheme are skipped"
                    ),
                ));
                None
            }
        };
        schemes.push(Scheme {
            name: name.clone(),
            scopes,
            kind,
            either: config.either.iter().any(|e| e == name),
        });
    }
    for name in &config.either {
        if !schemes.iter().any(|s| &s.name == name) {
            warnings.push(Warning::new(
                "/components/securitySchemes",
                format!("the configuration's `either` names `{name}`, which the document does not declare"),
            ));
        }
    }
    add_required_scopes(api, config, &mut schemes, &declares, warnings);
    name_scopes(&mut schemes, config);
    // The document's first requirement names it; else the first scheme with scopes (its
    // module is then named after the API), else the first scheme.
    let default = api
        .security
        .iter()
        .flatten()
        .flat_map(|r| r.keys())
        .next()
        .or_else(|| {
            schemes
                .iter()
                .find(|s| s.kind.is_some() && !s.scopes.is_empty())
                .or(schemes.first())
                .map(|s| &s.name)
        })
        .cloned();
    Schemes {
        schemes,
        default,
        extension: config.scopes_extension.clone(),
    }
}

/// An `apiKey` scheme: in a header or the query (a cookie is not supported).
fn api_key(
    scheme: &str,
    location: &APIKeyLocation,
    name: &str,
    config: &Config,
    at: &str,
    warnings: &mut Vec<Warning>,
) -> Option<Kind> {
    let prefix = config
        .api_keys
        .get(scheme)
        .map(|k| k.prefix.clone())
        .unwrap_or_default();
    match location {
        APIKeyLocation::Header if auth_codegen::rules::is_header_name(name) => {
            if name.eq_ignore_ascii_case("authorization") && prefix.is_empty() {
                warnings.push(Warning::new(
                    at,
                    "the key is the whole `Authorization` header; when the provider expects a \
                     prefix before it (`Bot `, `SSWS `), set it in the configuration's \
                     `api_keys`",
                ));
            }
            Some(Kind::ApiKey {
                query: false,
                name: name.to_owned(),
                prefix,
            })
        }
        APIKeyLocation::Query if !name.is_empty() => Some(Kind::ApiKey {
            query: true,
            name: name.to_owned(),
            prefix,
        }),
        _ => {
            warnings.push(Warning::new(
                at,
                "an API key in a cookie, or under a name that is not a header name, is not \
                 supported; operations requiring only this scheme are skipped",
            ));
            None
        }
    }
}

/// Every operation of the document, with its pointer, in order.
pub(crate) fn operations(api: &OpenAPI) -> impl Iterator<Item = (String, &openapiv3::Operation)> {
    api.paths
        .paths
        .iter()
        .filter_map(|(path, item)| Some((path, item.as_item()?)))
        .flat_map(|(path, item)| {
            item.iter()
                .map(move |(verb, op)| (format!("{}/{verb}", pointer(["paths", path])), op))
        })
}

/// Adds the scopes requirements name (in `security` and in the scope extension) to
/// their schemes; an OAuth 2 scheme that declares its scopes gets a warning for each one
/// it does not declare.
fn add_required_scopes(
    api: &OpenAPI,
    config: &Config,
    schemes: &mut [Scheme],
    declares: &[String],
    warnings: &mut Vec<Warning>,
) {
    let mut requirements: Vec<(String, Requirement)> = api
        .security
        .iter()
        .flatten()
        .map(|r| ("/security".to_owned(), listed(r)))
        .collect();
    for (at, op) in operations(api) {
        for requirement in op.security.iter().flatten() {
            requirements.push((at.clone(), listed(requirement)));
        }
        if let Some(extension) = &config.scopes_extension {
            let from_extension = access::extension_requirements(op, extension);
            requirements.push((format!("{at}/{}", escape(&extension.name)), from_extension));
        }
    }
    for (at, requirement) in requirements {
        for (name, wires) in requirement {
            let Some(scheme) = schemes.iter_mut().find(|s| s.name == name) else {
                continue;
            };
            for wire in wires {
                // A scope that cannot be sent is warned about where it is required.
                if scheme.scopes.contains_key(&wire) || !auth_codegen::rules::is_scope_name(&wire) {
                    continue;
                }
                if declares.contains(&name) {
                    warnings.push(Warning::new(
                        &at,
                        format!(
                            "the scope `{wire}` is required but not declared by the scheme \
                             `{name}`; it is declared in its `scopes!` module"
                        ),
                    ));
                }
                scheme.scopes.insert(wire, ScopeInfo::new(None));
            }
        }
    }
}

/// A requirement object as (scheme, scopes) pairs.
type Requirement = Vec<(String, Vec<String>)>;

/// A requirement object of the document as a [`Requirement`].
fn listed(requirement: &openapiv3::SecurityRequirement) -> Requirement {
    requirement
        .iter()
        .map(|(scheme, scopes)| (scheme.clone(), scopes.clone()))
        .collect()
}

/// Gives each scope its Rust name (unique in its module) and its implications.
fn name_scopes(schemes: &mut [Scheme], config: &Config) {
    for scheme in schemes {
        let mut unique = Unique::with_reserved(MODULE_RESERVED);
        let wires: Vec<String> = scheme.scopes.keys().cloned().collect();
        for (wire, info) in scheme.scopes.iter_mut() {
            info.ident = unique.take(names::scope(wire));
            info.implies = config
                .implies
                .iter()
                .filter_map(|(from, to)| {
                    let stem = wire.strip_suffix(from.as_str())?;
                    let target = format!("{stem}{to}");
                    (target != *wire && wires.contains(&target)).then_some(target)
                })
                .collect();
        }
    }
}
