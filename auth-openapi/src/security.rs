//! Security schemes and requirements: which credential an operation takes, and which of
//! its scopes.
//!
//! - Each bearer-like scheme (`http` with `scheme: bearer`, `oauth2`, `openIdConnect`)
//!   is one kind of credential. Its scopes are those its OAuth 2 flows declare plus every
//!   scope an operation requires of it (DigitalOcean lists scopes on an `http` bearer
//!   scheme, in the operations' requirements only). A scheme with scopes becomes one
//!   `scopes!` module.
//! - Within one requirement object every scope is needed (all-of); across the objects
//!   of an operation any one suffices (any-of). An operation whose alternatives each
//!   name one scope of a scheme is `scope = any(...)`; alternatives of several scopes
//!   each cannot be written as one requirement, so the first is required (stricter than
//!   the document, never laxer) and a warning says so.
//! - `security: []`, or an empty requirement object among the alternatives, is
//!   `#[public]`.

use std::collections::BTreeMap;

use auth_codegen::rules::reserved::SCOPE_MODULE_ITEMS as MODULE_RESERVED;
use openapiv3::{OpenAPI, SecurityRequirement, SecurityScheme};

use crate::config::Config;
use crate::error::{Warning, pointer};
use crate::names::{self, Unique};

/// One kind of credential.
pub(crate) struct Scheme {
    /// Its name in the document.
    pub(crate) name: String,
    /// Its scopes: wire name to Rust name and description.
    pub(crate) scopes: BTreeMap<String, ScopeInfo>,
    /// Whether a bearer token can be attached for it.
    pub(crate) bearer: bool,
}

/// A scope of a scheme.
pub(crate) struct ScopeInfo {
    pub(crate) ident: String,
    pub(crate) description: Option<String>,
    /// Scopes (wire names) it implies, from the configuration's rules.
    pub(crate) implies: Vec<String>,
}

/// What an operation needs of one scheme.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Need {
    /// A token, no particular scope.
    Token,
    /// Every scope of `all` (wire names).
    All(Vec<String>),
    /// One scope of the list.
    Any(Vec<String>),
}

/// Who may call an operation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Access {
    Public,
    /// One entry per scheme that may be used, in the document's scheme order.
    Schemes(Vec<(String, Need)>),
}

/// The document's schemes, in their order, with the default one (the first of the
/// document-level requirements).
pub(crate) struct Schemes {
    pub(crate) schemes: Vec<Scheme>,
    pub(crate) default: Option<String>,
}

impl Schemes {
    pub(crate) fn get(&self, name: &str) -> Option<&Scheme> {
        self.schemes.iter().find(|s| s.name == name)
    }
}

/// Reads the schemes and every scope the document names.
pub(crate) fn schemes(api: &OpenAPI, config: &Config, warnings: &mut Vec<Warning>) -> Schemes {
    let mut schemes: Vec<Scheme> = Vec::new();
    let declared = api
        .components
        .as_ref()
        .map(|c| &c.security_schemes)
        .into_iter()
        .flatten();
    for (name, scheme) in declared {
        let at = pointer(["components", "securitySchemes", name]);
        let mut scopes = BTreeMap::new();
        let bearer = match scheme.as_item() {
            None => {
                warnings.push(Warning::new(
                    &at,
                    "a security scheme given by reference is not followed; its operations are skipped",
                ));
                false
            }
            Some(SecurityScheme::HTTP { scheme, .. }) if scheme.eq_ignore_ascii_case("bearer") => {
                true
            }
            Some(SecurityScheme::OAuth2 { flows, .. }) => {
                let all = [
                    flows.implicit.as_ref().map(|f| &f.scopes),
                    flows.password.as_ref().map(|f| &f.scopes),
                    flows.client_credentials.as_ref().map(|f| &f.scopes),
                    flows.authorization_code.as_ref().map(|f| &f.scopes),
                ];
                for (wire, description) in all.into_iter().flatten().flatten() {
                    scopes.insert(wire.clone(), Some(description.clone()));
                }
                true
            }
            Some(SecurityScheme::OpenIDConnect { .. }) => true,
            Some(_) => {
                warnings.push(Warning::new(
                    &at,
                    "not a bearer-token scheme (API key or basic credentials): the generated \
                     clients attach bearer tokens, so operations requiring only this scheme \
                     are skipped",
                ));
                false
            }
        };
        schemes.push(Scheme {
            name: name.clone(),
            scopes: scopes
                .into_iter()
                .map(|(wire, description)| {
                    (
                        wire,
                        ScopeInfo {
                            ident: String::new(),
                            description,
                            implies: Vec::new(),
                        },
                    )
                })
                .collect(),
            bearer,
        });
    }
    // Scopes named only in requirements.
    let requirements = api
        .security
        .iter()
        .flatten()
        .chain(operations(api).flat_map(|op| op.security.iter().flatten()));
    for requirement in requirements {
        for (name, wires) in requirement {
            if let Some(scheme) = schemes.iter_mut().find(|s| &s.name == name) {
                for wire in wires {
                    scheme.scopes.entry(wire.clone()).or_insert(ScopeInfo {
                        ident: String::new(),
                        description: None,
                        implies: Vec::new(),
                    });
                }
            }
        }
    }
    for scheme in &mut schemes {
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
    let default = api
        .security
        .iter()
        .flatten()
        .flat_map(|r| r.keys())
        .next()
        .or_else(|| schemes.first().map(|s| &s.name))
        .cloned();
    Schemes { schemes, default }
}

/// Every operation of the document, in order.
fn operations(api: &OpenAPI) -> impl Iterator<Item = &openapiv3::Operation> {
    api.paths
        .paths
        .values()
        .filter_map(|item| item.as_item())
        .flat_map(|item| item.iter().map(|(_, op)| op))
}

/// Who may call an operation with `requirements` (the operation's, or the document's).
pub(crate) fn access(
    requirements: Option<&[SecurityRequirement]>,
    schemes: &Schemes,
    at: &str,
    warnings: &mut Vec<Warning>,
) -> Option<Access> {
    let requirements = requirements.unwrap_or_default();
    if requirements.is_empty() || requirements.iter().any(|r| r.is_empty()) {
        return Some(Access::Public);
    }
    let mut alternatives: BTreeMap<usize, Vec<Vec<String>>> = BTreeMap::new();
    for requirement in requirements {
        if requirement.len() > 1 {
            warnings.push(Warning::new(
                at,
                "a requirement of several schemes at once (two credentials on one request) \
                 is not supported; that alternative is left out",
            ));
            continue;
        }
        for (name, scopes) in requirement {
            match schemes.schemes.iter().position(|s| &s.name == name) {
                Some(i) if schemes.schemes[i].bearer => {
                    alternatives.entry(i).or_default().push(scopes.clone());
                }
                Some(_) => {}
                None => warnings.push(Warning::new(
                    at,
                    format!(
                        "the security scheme `{name}` is not declared; that alternative is left out"
                    ),
                )),
            }
        }
    }
    if alternatives.is_empty() {
        return None;
    }
    let needs = alternatives
        .into_iter()
        .map(|(i, alts)| {
            let need = if alts.iter().any(Vec::is_empty) {
                Need::Token
            } else if alts.len() == 1 {
                Need::All(alts[0].clone())
            } else if alts.iter().all(|a| a.len() == 1) {
                Need::Any(alts.iter().map(|a| a[0].clone()).collect())
            } else {
                warnings.push(Warning::new(
                    at,
                    "alternatives of several scopes each cannot be one compile-time \
                     requirement; the first alternative is required (stricter than the document)",
                ));
                Need::All(alts[0].clone())
            };
            (schemes.schemes[i].name.clone(), need)
        })
        .collect();
    Some(Access::Schemes(needs))
}
