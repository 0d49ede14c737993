//! OpenAPI 3.0 schemas (as JSON) made into the JSON Schema typify reads: `nullable`
//! into a `null` type, boolean exclusive bounds into numeric ones, words that are not
//! JSON Schema or that would name two types alike left out, and references checked
//! against the document's component schemas.

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use crate::error::{Warning, escape};

/// Keys under which a schema holds one schema.
const ONE: [&str; 3] = ["items", "not", "additionalProperties"];
/// Keys under which a schema holds a list of schemas.
const LIST: [&str; 3] = ["allOf", "anyOf", "oneOf"];
/// Keys left out: not JSON Schema, or naming types in ways that collide.
const DROPPED: [&str; 6] = [
    "example",
    "xml",
    "discriminator",
    "externalDocs",
    "title",
    "examples",
];

/// Turns an OpenAPI 3.0 schema (as JSON) into the JSON Schema typify reads.
pub(super) fn prepare(
    value: &mut Value,
    at: &str,
    known: &BTreeSet<String>,
    warnings: &mut Vec<Warning>,
) {
    let Value::Object(map) = value else {
        if !value.is_boolean() {
            *value = Value::Bool(true);
        }
        return;
    };
    if let Some(reference) = map.get("$ref") {
        let target = reference
            .as_str()
            .and_then(|r| r.strip_prefix("#/components/schemas/"))
            .map(|n| n.replace("~1", "/").replace("~0", "~"));
        let resolves = target
            .as_ref()
            .is_some_and(|n| known.contains(n) && !n.is_empty());
        if !resolves {
            warnings.push(Warning::new(
                format!("{at}/$ref"),
                format!(
                    "the reference {reference} does not name a component schema of this \
                     document; the value is `serde_json::Value`"
                ),
            ));
            *value = Value::Bool(true);
        } else {
            // OpenAPI 3.0 ignores a reference's siblings.
            map.retain(|k, _| k == "$ref");
        }
        return;
    }
    // Descriptions become doc comments: code rustdoc would run as Rust is marked text.
    if let Some(Value::String(description)) = map.get_mut("description") {
        *description = crate::doc::doc_lines(description).join("\n");
    }
    for key in DROPPED {
        if key != "title" || map.get(key).is_some_and(Value::is_string) {
            map.remove(key);
        }
    }
    if map.get("default").is_some_and(Value::is_null) {
        map.remove("default");
    }
    for (key, bound) in [
        ("exclusiveMinimum", "minimum"),
        ("exclusiveMaximum", "maximum"),
    ] {
        if let Some(Value::Bool(exclusive)) = map.get(key).cloned() {
            map.remove(key);
            if exclusive && let Some(n) = map.remove(bound) {
                map.insert(key.into(), n);
            }
        }
    }
    for key in ONE {
        if let Some(child) = map.get_mut(key)
            && child.is_object()
        {
            prepare(child, &format!("{at}/{key}"), known, warnings);
        }
    }
    for key in LIST {
        if let Some(Value::Array(children)) = map.get_mut(key) {
            for (i, child) in children.iter_mut().enumerate() {
                prepare(child, &format!("{at}/{key}/{i}"), known, warnings);
            }
        }
    }
    if let Some(Value::Object(properties)) = map.get_mut("properties") {
        for (name, child) in properties.iter_mut() {
            prepare(
                child,
                &format!("{at}/properties/{}", escape(name)),
                known,
                warnings,
            );
        }
    }
    if map.remove("nullable") == Some(Value::Bool(true)) {
        match map.get("type").cloned() {
            Some(Value::String(t)) => {
                map.insert(
                    "type".into(),
                    Value::Array(vec![Value::String(t), "null".into()]),
                );
                if let Some(Value::Array(values)) = map.get_mut("enum")
                    && !values.contains(&Value::Null)
                {
                    values.push(Value::Null);
                }
            }
            _ => {
                let inner = Value::Object(std::mem::take(map));
                let mut wrapper = Map::new();
                wrapper.insert(
                    "anyOf".into(),
                    Value::Array(vec![inner, serde_json::json!({"type": "null"})]),
                );
                *map = wrapper;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prepared(schema: Value) -> (Value, Vec<Warning>) {
        let mut schema = schema;
        let mut warnings = Vec::new();
        let known = BTreeSet::from(["Droplet".to_owned()]);
        prepare(&mut schema, "/s", &known, &mut warnings);
        (schema, warnings)
    }

    #[test]
    fn openapi_30_words_become_json_schema() {
        let (s, w) = prepared(serde_json::json!({
            "type": "object",
            "title": "State",
            "properties": {
                "size": {"type": "integer", "minimum": 1, "exclusiveMinimum": true},
                "name": {"type": "string", "nullable": true, "default": null},
                "kind": {"type": "string", "enum": ["a"], "nullable": true},
                "title": {"type": "string"},
                "droplet": {"$ref": "#/components/schemas/Droplet", "description": "x"},
            }
        }));
        assert!(w.is_empty());
        assert_eq!(s.get("title"), None);
        assert_eq!(s["properties"]["size"]["exclusiveMinimum"], 1);
        assert_eq!(s["properties"]["size"].get("minimum"), None);
        assert_eq!(
            s["properties"]["name"]["type"],
            serde_json::json!(["string", "null"])
        );
        assert_eq!(s["properties"]["name"].get("default"), None);
        assert_eq!(
            s["properties"]["kind"]["enum"],
            serde_json::json!(["a", null])
        );
        assert_eq!(s["properties"]["title"]["type"], "string");
        assert_eq!(
            s["properties"]["droplet"],
            serde_json::json!({"$ref": "#/components/schemas/Droplet"})
        );
    }

    #[test]
    fn a_reference_to_nothing_is_any_value_with_its_pointer() {
        let (s, w) = prepared(serde_json::json!({
            "type": "array",
            "items": {"$ref": "Droplet"},
        }));
        assert_eq!(s["items"], true);
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].pointer, "/s/items/$ref");
    }
}
