//! Who may call an operation: its security requirements (or the document's), read as
//! the provider means them.
//!
//! - Within one requirement object every scope is needed (all-of); across the objects
//!   of an operation any one suffices (any-of). An operation whose alternatives each
//!   name one scope of a scheme is `scope = any(...)`; alternatives of several scopes
//!   each cannot be written as one requirement, so the first is required (stricter than
//!   the document, never laxer) and a warning says so.
//! - For a scheme the configuration lists in `either`, a list means "one of these"
//!   (Xero, Figma); without it, a list that pairs a scope with its own read-only variant
//!   or with a scope the document calls deprecated is read as written, with a warning
//!   naming the setting.
//! - No requirement, or `security: []` (on the operation or inherited from the root),
//!   is `#[public]`. An empty object among others (`[{basicAuth: []}, {}]`, as Jira
//!   writes it: anonymous access where a site allows it) leaves the credentials as they
//!   are, with a doc line: a method sends its credential.
//! - With a scope extension configured, its requirements that are not also in
//!   `security` make a credential of their own ([`Credential::extension`]).

use std::collections::BTreeMap;

use openapiv3::{OpenAPI, Operation, SecurityRequirement};
use serde_json::Value;

use super::{Schemes, ScopeInfo};
use auth_codegen::rules::MAX_ANY;

use crate::config::ScopesExtension;
use crate::error::Warning;

/// What a trait is for: a scheme's credential, checked against the requirements of
/// `security`, or against those of the scope extension.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Credential {
    pub(crate) scheme: String,
    pub(crate) extension: bool,
}

/// What an operation needs of one credential.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Need {
    /// A credential, no particular scope.
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
    /// One entry per credential that may be used, in the document's scheme order;
    /// `anonymous`: the document also allows the call without any.
    Credentials {
        needs: Vec<(Credential, Need)>,
        anonymous: bool,
    },
}

/// Who may call `op`; `None` when no credential the clients can hold may.
pub(crate) fn access(
    api: &OpenAPI,
    op: &Operation,
    schemes: &Schemes,
    at: &str,
    warnings: &mut Vec<Warning>,
) -> Option<Access> {
    let requirements: &[SecurityRequirement] = op
        .security
        .as_deref()
        .or(api.security.as_deref())
        .unwrap_or_default();
    let anonymous = requirements.iter().any(|r| r.is_empty());
    let extension = schemes
        .extension
        .as_ref()
        .map(|e| extension_requirements(op, e))
        .unwrap_or_default();
    if requirements.iter().all(|r| r.is_empty()) && extension.is_empty() {
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
            if let Some(bad) = scopes
                .iter()
                .find(|s| !auth_codegen::rules::is_scope_name(s))
            {
                warnings.push(Warning::new(
                    at,
                    format!(
                        "the scope {bad:?} cannot be sent (spaces separate scopes in a request); \
                         that alternative is left out"
                    ),
                ));
                continue;
            }
            match schemes.schemes.iter().position(|s| &s.name == name) {
                Some(i) if schemes.schemes[i].kind.is_some() => {
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
    let mut needs: Vec<(Credential, Need)> = Vec::new();
    for (&i, alts) in &alternatives {
        let scheme = &schemes.schemes[i];
        if !scheme.either {
            for list in alts {
                warn_if_either(list, &scheme.name, &scheme.scopes, at, warnings);
            }
        }
        let credential = Credential {
            scheme: scheme.name.clone(),
            extension: false,
        };
        let need = need(alts, scheme.either, scheme.scopes.len(), at, warnings);
        needs.push((credential, need));
    }
    // The extension's requirements that `security` does not already state.
    let mut from_extension: BTreeMap<usize, Vec<Vec<String>>> = BTreeMap::new();
    for (name, scopes) in extension {
        let Some(i) = schemes.schemes.iter().position(|s| s.name == name) else {
            continue;
        };
        if !scopes.iter().all(|s| auth_codegen::rules::is_scope_name(s)) {
            continue;
        }
        let stated = alternatives
            .get(&i)
            .is_some_and(|alts| alts.iter().any(|a| same_scopes(a, &scopes)));
        if !stated && schemes.schemes[i].kind.is_some() {
            from_extension.entry(i).or_default().push(scopes);
        }
    }
    for (i, alts) in from_extension {
        let scheme = &schemes.schemes[i];
        let credential = Credential {
            scheme: scheme.name.clone(),
            extension: true,
        };
        let need = need(&alts, scheme.either, scheme.scopes.len(), at, warnings);
        needs.push((credential, need));
    }
    if needs.is_empty() {
        return None;
    }
    Some(Access::Credentials { needs, anonymous })
}

/// What the alternatives of one scheme (of `declared` scopes) need.
fn need(
    alts: &[Vec<String>],
    either: bool,
    declared: usize,
    at: &str,
    warnings: &mut Vec<Warning>,
) -> Need {
    if alts.iter().any(Vec::is_empty) {
        return Need::Token;
    }
    if let [only] = alts
        && !either
    {
        return Need::All(only.clone());
    }
    if either || alts.iter().all(|a| a.len() == 1) {
        let mut union: Vec<String> = Vec::new();
        for scope in alts.iter().flatten() {
            if !union.contains(scope) {
                union.push(scope.clone());
            }
        }
        return one_of(union, declared, at, warnings);
    }
    warnings.push(Warning::new(
        at,
        "alternatives of several scopes each cannot be one compile-time requirement; the \
         first alternative is required (stricter than the document)",
    ));
    Need::All(alts[0].clone())
}

/// One scope of `scopes` (of a scheme of `declared` scopes).
fn one_of(scopes: Vec<String>, declared: usize, at: &str, warnings: &mut Vec<Warning>) -> Need {
    match scopes.len() {
        1 => Need::All(scopes),
        n if n <= MAX_ANY => Need::Any(scopes),
        // Any scope of the scheme (Discord lists all 34): any token of it.
        n if n == declared => Need::Token,
        n => {
            warnings.push(Warning::new(
                at,
                format!(
                    "one of {n} scopes is more than `any(...)` takes ({MAX_ANY}); any token of \
                     the scheme is accepted at compile time (laxer than the document: the \
                     provider still checks the scope)"
                ),
            ));
            Need::Token
        }
    }
}

/// Warns when a list reads like "either" (a scope and its read-only variant, or a scope
/// and a deprecated one) but the scheme's lists are read as "all of".
fn warn_if_either(
    list: &[String],
    scheme: &str,
    scopes: &BTreeMap<String, ScopeInfo>,
    at: &str,
    warnings: &mut Vec<Warning>,
) {
    if list.len() < 2 {
        return;
    }
    let read_only = list.iter().find_map(|a| {
        list.iter()
            .find(|b| {
                [".read", ":read", "_read"]
                    .iter()
                    .any(|s| **b == format!("{a}{s}"))
            })
            .map(|b| (a, b))
    });
    let deprecated = list
        .iter()
        .find(|s| scopes.get(*s).is_some_and(ScopeInfo::deprecated));
    let pair = match (read_only, deprecated) {
        (Some((a, b)), _) => format!("`{a}` with its read-only variant `{b}`"),
        (None, Some(old)) => format!("the deprecated `{old}` with a scope that replaces it"),
        (None, None) => return,
    };
    warnings.push(Warning::new(
        format!("{at}/security"),
        format!(
            "the requirement [{}] pairs {pair}: read as written, a call needs both; when the \
             provider means either, add `\"either\": [\"{scheme}\"]` to the configuration",
            list.join(", ")
        ),
    ));
}

/// Whether two lists name the same scopes.
fn same_scopes(a: &[String], b: &[String]) -> bool {
    let mut a = a.to_vec();
    let mut b = b.to_vec();
    a.sort();
    b.sort();
    a == b
}

/// The requirements an operation states in the scope extension, in the states taken:
/// `[{ "scheme": ..., "scopes": [...], "state": ... }, ...]`.
pub(crate) fn extension_requirements(
    op: &Operation,
    extension: &ScopesExtension,
) -> Vec<(String, Vec<String>)> {
    let Some(Value::Array(entries)) = op.extensions.get(&extension.name) else {
        return Vec::new();
    };
    entries
        .iter()
        .filter(|entry| {
            extension.states.is_empty()
                || entry
                    .get("state")
                    .and_then(Value::as_str)
                    .is_some_and(|s| extension.states.iter().any(|t| t == s))
        })
        .filter_map(|entry| {
            let scheme = entry.get("scheme")?.as_str()?.to_owned();
            let scopes = entry
                .get("scopes")?
                .as_array()?
                .iter()
                .filter_map(|s| s.as_str().map(str::to_owned))
                .collect();
            Some((scheme, scopes))
        })
        .collect()
}
