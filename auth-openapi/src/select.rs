//! Which operations to generate ([`Config::include`](crate::Config::include) and
//! [`Config::exclude`](crate::Config::exclude)), and the component schemas they reach:
//! an app that calls five operations compiles the types of those five, not of the
//! document. The scopes module is not affected: it keeps every scope the document
//! declares.

use std::collections::BTreeSet;

use openapiv3::{OpenAPI, Operation};
use serde_json::{Map, Value};

use crate::config::{Config, Selection};
use crate::error::unescape;

impl Selection {
    /// Whether the operation at `path` is one of the selection's: one of its tags, a
    /// path matching one of its patterns (`*` stands for any run of characters), or its
    /// `operationId`.
    pub(crate) fn matches(&self, path: &str, op: &Operation) -> bool {
        op.tags.iter().any(|t| self.tags.contains(t))
            || self.paths.iter().any(|pattern| glob(pattern, path))
            || op
                .operation_id
                .as_ref()
                .is_some_and(|id| self.operations.contains(id))
    }
}

impl Config {
    /// Whether the operation at `path` is generated: included (everything, without an
    /// `include`), and not excluded.
    pub(crate) fn selects(&self, path: &str, op: &Operation) -> bool {
        self.include.as_ref().is_none_or(|s| s.matches(path, op))
            && !self.exclude.as_ref().is_some_and(|s| s.matches(path, op))
    }

    /// Whether only some operations are generated.
    fn selecting(&self) -> bool {
        self.include.is_some() || self.exclude.is_some()
    }
}

/// `pattern` matches all of `text`, `*` standing for any run of characters.
fn glob(pattern: &str, text: &str) -> bool {
    let mut parts = pattern.split('*');
    let first = parts.next().unwrap_or_default();
    let Some(mut rest) = text.strip_prefix(first) else {
        return false;
    };
    let parts: Vec<&str> = parts.collect();
    let Some((last, middle)) = parts.split_last() else {
        return rest.is_empty(); // no `*`: the whole text
    };
    for part in middle {
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    rest.ends_with(last)
}

/// Keeps in `schemas` only the component schemas the selected operations reach, through
/// their parameters, bodies and answers (and the parameters, bodies and answers of
/// `#/components` they name), following references between schemas. Without a
/// selection, every schema stays.
pub(crate) fn prune(api: &OpenAPI, config: &Config, schemas: &mut Map<String, Value>) {
    if !config.selecting() {
        return;
    }
    let mut pending: Vec<Value> = Vec::new();
    for (path, item) in &api.paths.paths {
        let Some(item) = item.as_item() else { continue };
        let mut any = false;
        for (_, op) in item.iter() {
            if config.selects(path, op) {
                pending.push(serde_json::to_value(op).unwrap_or_default());
                any = true;
            }
        }
        if any {
            pending.push(serde_json::to_value(&item.parameters).unwrap_or_default());
        }
    }
    let components = api
        .components
        .as_ref()
        .and_then(|c| serde_json::to_value(c).ok())
        .unwrap_or_default();
    let mut seen_refs: BTreeSet<String> = BTreeSet::new();
    let mut keep: BTreeSet<String> = BTreeSet::new();
    while let Some(value) = pending.pop() {
        let mut refs = Vec::new();
        references(&value, &mut refs);
        for reference in refs {
            if !seen_refs.insert(reference.clone()) {
                continue;
            }
            let Some(rest) = reference.strip_prefix("#/components/") else {
                continue;
            };
            let Some((kind, name)) = rest.split_once('/') else {
                continue;
            };
            let name = unescape(name);
            if kind == "schemas" {
                if let Some(schema) = schemas.get(&name) {
                    pending.push(schema.clone());
                }
                keep.insert(name);
            } else if let Some(found) = components.get(kind).and_then(|k| k.get(&name)) {
                pending.push(found.clone());
            }
        }
    }
    schemas.retain(|name, _| keep.contains(name));
}

/// Every `$ref` in `value`.
fn references(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(r)) = map.get("$ref") {
                out.push(r.clone());
            }
            for v in map.values() {
                references(v, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|v| references(v, out)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::glob;

    #[test]
    fn patterns() {
        assert!(glob("/v2/droplets", "/v2/droplets"));
        assert!(!glob("/v2/droplets", "/v2/droplets/{droplet_id}"));
        assert!(glob("/v2/droplets*", "/v2/droplets/{droplet_id}/actions"));
        assert!(glob("*/actions", "/v2/droplets/{droplet_id}/actions"));
        assert!(glob("/v2/*/actions", "/v2/volumes/{volume_id}/actions"));
        assert!(!glob("/v2/*/actions", "/v2/volumes/{volume_id}/snapshots"));
        assert!(glob("*", "/anything"));
        assert!(glob("/a*b*c", "/a-x-b-y-c"));
        assert!(!glob("/a*b*c", "/a-x-c-y-b"));
    }
}
