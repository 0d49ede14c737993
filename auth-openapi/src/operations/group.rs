//! Methods grouped into traits, one per credential and server.

use std::collections::BTreeMap;

use auth_codegen::rules::reserved::CLIENT_METHODS as RESERVED_METHODS;

use super::Method;
use crate::names::Unique;
use crate::security::{Access, Credential, Need, Schemes};
use crate::servers;

/// Groups methods into traits: one per (credential, server), servers that differ only in
/// a variable's name being one. Each method gets a name unique within its trait.
pub(crate) struct Group {
    /// The credential its methods are checked for; `None` for public methods of a
    /// document without schemes.
    pub(crate) credential: Option<Credential>,
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
    let mut groups: BTreeMap<(Option<Credential>, Option<String>), Group> = BTreeMap::new();
    for method in methods {
        let server = method
            .server
            .clone()
            .or_else(|| default_server.map(str::to_owned));
        let placements: Vec<(Option<Credential>, Option<Need>)> = match &method.access {
            Access::Public => vec![(
                schemes.default.clone().map(|scheme| Credential {
                    scheme,
                    extension: false,
                }),
                None,
            )],
            Access::Credentials { needs, .. } => needs
                .iter()
                .map(|(credential, need)| (Some(credential.clone()), Some(need.clone())))
                .collect(),
        };
        // Each placement but the last gets a copy; the last takes the method.
        let last = placements.len().saturating_sub(1);
        let mut method = Some(method);
        for (i, (credential, need)) in placements.into_iter().enumerate() {
            let Some(this) = (if i == last {
                method.take()
            } else {
                method.clone()
            }) else {
                continue;
            };
            groups
                .entry((credential.clone(), server.as_deref().map(servers::key)))
                .or_insert_with(|| Group {
                    credential,
                    server: server.clone(),
                    methods: Vec::new(),
                })
                .methods
                .push((this, need));
        }
    }
    // The default scheme first, then the others in the document's order; a scheme's
    // extension traits after its own.
    let rank = |credential: &Option<Credential>| match credential {
        None => (0, false),
        Some(c) if Some(&c.scheme) == schemes.default.as_ref() => (0, c.extension),
        Some(c) => (
            1 + schemes
                .schemes
                .iter()
                .position(|x| x.name == c.scheme)
                .unwrap_or(0),
            c.extension,
        ),
    };
    let mut out: Vec<Group> = groups.into_values().collect();
    out.sort_by(|a, b| {
        rank(&a.credential)
            .cmp(&rank(&b.credential))
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
