//! What a document says each operation requires, read on its own (not through the
//! generator), in the terms of a client's manifest: the tests compare every generated
//! method's requirement with it.

use std::collections::{BTreeMap, BTreeSet};

use auth_core::manifest::{Auth, Endpoint, Manifest};
use serde_json::Value;

/// What a call needs, in terms both a document and a manifest can say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Requirement {
    /// No credential.
    Public,
    /// A credential, no particular scope.
    Token,
    /// Every one of these scopes.
    All(BTreeSet<String>),
    /// One of these scopes.
    Any(BTreeSet<String>),
}

impl Requirement {
    /// A generated method's requirement, from its manifest entry.
    pub fn of(auth: &Auth) -> Self {
        match auth {
            Auth::Public => Requirement::Public,
            Auth::Scopes {
                all: [],
                any_of: [],
            } => Requirement::Token,
            Auth::Scopes { all, any_of: [] } => {
                Requirement::All(all.iter().map(|s| (*s).to_owned()).collect())
            }
            Auth::Scopes {
                all: [],
                any_of: [group],
            } => Requirement::Any(group.iter().map(|s| (*s).to_owned()).collect()),
            other => panic!("a requirement the tests do not expect: {other:?}"),
        }
    }

    fn from_alternatives(alternatives: &[Vec<String>], either: bool) -> Self {
        if alternatives.iter().any(Vec::is_empty) {
            return Requirement::Token;
        }
        let union: BTreeSet<String> = alternatives.iter().flatten().cloned().collect();
        match (either, alternatives) {
            (false, [only]) => Requirement::All(only.iter().cloned().collect()),
            _ if union.len() == 1 => Requirement::All(union),
            _ => Requirement::Any(union),
        }
    }
}

/// How a provider's requirement lists are meant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lists {
    /// As OpenAPI says: every scope of a list.
    AllOf,
    /// One scope of a list suffices (Xero, Figma, Mastodon, Discord).
    Either,
}

/// The requirements an operation states (its own `security`, or the document's), as
/// `(scheme, scopes)` alternatives; `{}` is an empty alternative of no scheme.
pub fn security<'a>(document: &'a Value, op: &'a Value) -> Vec<(Option<&'a str>, Vec<String>)> {
    let requirements = op
        .get("security")
        .or_else(|| document.get("security"))
        .and_then(Value::as_array);
    let mut out = Vec::new();
    for requirement in requirements.into_iter().flatten() {
        let Some(requirement) = requirement.as_object() else {
            continue;
        };
        if requirement.is_empty() {
            out.push((None, Vec::new()));
        }
        for (scheme, scopes) in requirement {
            let scopes = scopes
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|s| s.as_str().map(str::to_owned))
                .collect();
            out.push((Some(scheme.as_str()), scopes));
        }
    }
    out
}

/// What `op` requires of a credential of `scheme`, read with `lists`; `Public` when it
/// states no credential at all; `None` when `scheme` cannot call it. One of all
/// `scheme_scopes` scopes (Discord lists its 34) is any token.
pub fn requirement(
    document: &Value,
    op: &Value,
    scheme: &str,
    lists: Lists,
    scheme_scopes: usize,
) -> Option<Requirement> {
    let stated = security(document, op);
    if stated.iter().all(|(s, _)| s.is_none()) {
        return Some(Requirement::Public);
    }
    let alternatives: Vec<Vec<String>> = stated
        .into_iter()
        .filter(|(s, _)| *s == Some(scheme))
        .map(|(_, scopes)| scopes)
        .collect();
    if alternatives.is_empty() {
        return None;
    }
    let requirement = Requirement::from_alternatives(&alternatives, lists == Lists::Either);
    Some(match requirement {
        Requirement::Any(all) if all.len() == scheme_scopes && all.len() > 16 => Requirement::Token,
        other => other,
    })
}

/// What `op` requires of `scheme` in the scope extension `key` beyond what its
/// `security` states (Atlassian's granular scopes); `None` when nothing.
pub fn extension_requirement(op: &Value, key: &str, scheme: &str) -> Option<Requirement> {
    let classic: Vec<BTreeSet<String>> = op["security"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|r| r.get(scheme)?.as_array())
        .map(|scopes| {
            scopes
                .iter()
                .filter_map(|s| s.as_str().map(str::to_owned))
                .collect()
        })
        .collect();
    let alternatives: Vec<Vec<String>> = op[key]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|entry| entry["scheme"] == scheme)
        .map(|entry| {
            entry["scopes"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|s| s.as_str().map(str::to_owned))
                .collect::<Vec<String>>()
        })
        .filter(|scopes| !classic.contains(&scopes.iter().cloned().collect()))
        .collect();
    match alternatives.as_slice() {
        [] => None,
        // Alternatives of several scopes each: the generator requires the first,
        // stricter than the document (with a warning).
        [first, _, ..] if alternatives.iter().any(|a| a.len() > 1) => {
            Some(Requirement::All(first.iter().cloned().collect()))
        }
        _ => Some(Requirement::from_alternatives(&alternatives, false)),
    }
}

/// A path with its parameters' names left out (`/v2/droplets/{}`), to compare a
/// document's paths with a manifest's (whose parameters are Rust names).
pub fn normalise(path: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    for c in path.chars() {
        match c {
            '{' => {
                inside = true;
                out.push_str("{}");
            }
            '}' => inside = false,
            _ if !inside => out.push(c),
            _ => {}
        }
    }
    out
}

/// A manifest's endpoints by (HTTP method, normalised path).
pub fn endpoints(manifest: &'static Manifest) -> BTreeMap<(String, String), &'static Endpoint> {
    manifest
        .endpoints
        .iter()
        .map(|e| ((e.method.to_owned(), normalise(e.path)), e))
        .collect()
}

/// Where a trait's requirements come from.
#[derive(Debug, Clone, Copy)]
pub enum Source {
    /// The `security` of `scheme`, read with `lists`; `default`: the trait also holds
    /// the public operations.
    Security {
        scheme: &'static str,
        lists: Lists,
        default: bool,
    },
    /// The scope extension `key`, for `scheme`.
    Extension {
        key: &'static str,
        scheme: &'static str,
    },
}

/// Checks every operation of `document` against the traits' manifests: an operation is
/// a method of exactly the traits its requirements give, each with the requirement the
/// document states; every operation is a method of one trait at least. Panics listing
/// every difference.
pub fn check_document(document: &Value, traits: &[(&'static Manifest, Source)]) {
    let declared = |scheme: &str| -> usize {
        let flows = &document["components"]["securitySchemes"][scheme]["flows"];
        let mut scopes: BTreeSet<&str> = BTreeSet::new();
        for flow in flows.as_object().into_iter().flatten().map(|(_, f)| f) {
            scopes.extend(
                flow["scopes"]
                    .as_object()
                    .into_iter()
                    .flatten()
                    .map(|(k, _)| k.as_str()),
            );
        }
        scopes.len()
    };
    let by_trait: Vec<BTreeMap<(String, String), &Endpoint>> =
        traits.iter().map(|(m, _)| endpoints(m)).collect();
    let mut problems = Vec::new();
    for (verb, path, op) in crate::operations(document) {
        let key = (verb.clone(), normalise(&path));
        let mut placed = false;
        for ((manifest, source), endpoints) in traits.iter().zip(&by_trait) {
            let expected = match *source {
                Source::Security {
                    scheme,
                    lists,
                    default,
                } => match requirement(document, op, scheme, lists, declared(scheme)) {
                    Some(Requirement::Public) if !default => None,
                    other => other,
                },
                Source::Extension { key, scheme } => extension_requirement(op, key, scheme),
            };
            let actual = endpoints.get(&key).map(|e| Requirement::of(&e.auth));
            placed |= actual.is_some();
            if expected != actual {
                problems.push(format!(
                    "{verb} {path} in {}: the document says {expected:?}, the client {actual:?}",
                    manifest.client
                ));
            }
        }
        if !placed {
            problems.push(format!("{verb} {path}: in no trait"));
        }
    }
    assert!(
        problems.is_empty(),
        "{} differences:\n{}",
        problems.len(),
        problems.join("\n")
    );
}
