//! Methods grouped into traits, one per credential and server.

use std::collections::BTreeMap;

use auth_codegen::rules::reserved::CLIENT_METHODS as RESERVED_METHODS;

use super::Method;
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
