//! OpenAPI 3.0 schemas (as JSON) made into the JSON Schema typify reads, and named so
//! that typify gives each type a name of its own.
//!
//! - `nullable` becomes a `null` type, boolean exclusive bounds numeric ones; words that
//!   are not JSON Schema (`example`, `xml`, `discriminator`, ...) and inline `title`s are
//!   left out; references are checked against the document's component schemas and
//!   point at their types' names.
//! - typify names a type declared inside another after its parent (`Parent` + property,
//!   `Item`, `Value`), and when that name is taken, it either emits two types of one
//!   name (which does not compile) or silently uses the type that has it. Such a schema
//!   is moved out of line into a definition with a name of its own
//!   (`ProjectFeatureState2`), which the property then references.
//! - A string enum whose values typify cannot make distinct names of (`=`, `!=`, `>`)
//!   makes it panic: it is read as a string, its values listed in its docs, with a
//!   warning.
//! - `additionalProperties: false` is left out: an answer with a field the document does
//!   not list (Jira's own `serverInfo` example has one) is still read, as providers add
//!   fields without notice; typify would refuse it (`deny_unknown_fields`).
//! - A `default` of the wrong type (`default: "false"` on a boolean, as Xero writes it)
//!   is read as the type when its text is one (`false`), else left out with a warning.
//! - `enum` values that are not of the schema's type (Jira lists an array's item values
//!   on the array) are left out, with a warning.
//! - An `enum` that also refers to the type it narrows (`enum: [gc]` with `allOf: [$ref]`,
//!   as Discord writes it) keeps its values and drops the reference, which typify cannot
//!   check the values against.
//! - Two properties typify would give one field name (`inline-marker-ref` and
//!   `inlineMarkerRef`) are noted, and the fields told apart once rendered.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value, json};

use super::naming;
use crate::error::{Warning, escape, unescape};

/// Keys under which a schema holds one schema, and what typify appends to the parent's
/// name to name it.
const ONE: [(&str, Option<&str>); 3] = [
    ("items", Some("Item")),
    ("additionalProperties", Some("Value")),
    ("not", None),
];
/// Keys left out: not JSON Schema, or naming types in ways that collide.
const DROPPED: [&str; 6] = [
    "example",
    "xml",
    "discriminator",
    "externalDocs",
    "title",
    "examples",
];

/// Where a schema stands, for naming.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Place {
    /// A component, or a body or answer given a name by the caller: the name is its own.
    Named,
    /// Declared inside another schema: typify names it after its parent.
    Nested,
    /// A part of an `allOf`, merged into its parent's type: no type of its own.
    Merged,
}

/// The state of the preparation of one document's schemas.
pub(super) struct Prepare<'a> {
    /// Component schema names, and the names of their types.
    pub(super) components: &'a BTreeMap<String, String>,
    /// Type names taken so far.
    pub(super) taken: &'a mut TypeNames,
    /// Schemas moved out of line: (type name, schema).
    pub(super) hoisted: &'a mut Vec<(String, Value)>,
    /// Whether an object has two properties typify gives one field name.
    pub(super) colliding_fields: &'a mut bool,
    pub(super) warnings: &'a mut Vec<Warning>,
}

/// Type names taken, as typify writes them.
#[derive(Default)]
pub(super) struct TypeNames(BTreeSet<String>);

impl TypeNames {
    /// Takes `name` if it is free.
    pub(super) fn insert(&mut self, name: &str) -> bool {
        self.0.insert(name.to_owned())
    }

    /// `name`, or `name2`, `name3`, ..., whichever is free first.
    pub(super) fn unique(&mut self, name: &str) -> String {
        if self.insert(name) {
            return name.to_owned();
        }
        (2..)
            .map(|i| format!("{name}{i}"))
            .find(|candidate| self.0.insert(candidate.clone()))
            .unwrap_or_else(|| name.to_owned())
    }
}

impl Prepare<'_> {
    /// Prepares the schema `value` at `at`, which typify will name `name` (when known).
    pub(super) fn schema(&mut self, value: &mut Value, at: &str, name: Option<&str>, place: Place) {
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
                .map(unescape)
                .and_then(|n| self.components.get(&n));
            match target {
                Some(ident) => {
                    // OpenAPI 3.0 ignores a reference's siblings.
                    *map = Map::new();
                    map.insert(
                        "$ref".into(),
                        Value::String(format!("#/components/schemas/{ident}")),
                    );
                }
                None => {
                    self.warnings.push(Warning::new(
                        format!("{at}/$ref"),
                        format!(
                            "the reference {reference} does not name a component schema of \
                             this document; the value is `serde_json::Value`"
                        ),
                    ));
                    *value = Value::Bool(true);
                }
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
        // A client reads answers as the provider sends them, new fields included.
        if map.get("additionalProperties") == Some(&Value::Bool(false)) {
            map.remove("additionalProperties");
        }
        // Lower bounds of zero say nothing (and typify would check them anyway).
        for key in ["minLength", "minItems", "minProperties"] {
            if map.get(key).and_then(Value::as_u64) == Some(0) {
                map.remove(key);
            }
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
        self.default_of_its_type(map, at);
        self.enum_of_its_type(map, at);
        if map.contains_key("enum") && map.contains_key("type") {
            // The values say more than the type they narrow.
            map.remove("allOf");
        }
        self.unnameable_enum(map, at);
        if let Some(Value::Object(properties)) = map.get("properties") {
            let mut fields: Vec<String> = properties.keys().map(|p| naming::snake(p)).collect();
            let count = fields.len();
            fields.sort();
            fields.dedup();
            if fields.len() < count {
                *self.colliding_fields = true;
            }
        }

        // This schema's type name; a nested type whose name is taken moves out of line.
        let mut hoist = None;
        let own: Option<String> = match (place, name) {
            (Place::Nested, Some(name)) if produces_type(map) => {
                if self.taken.insert(name) {
                    Some(name.to_owned())
                } else {
                    let unique = self.taken.unique(name);
                    hoist = Some(unique.clone());
                    Some(unique)
                }
            }
            (_, name) => name.map(str::to_owned),
        };

        for (key, suffix) in ONE {
            if let Some(child) = map.get_mut(key)
                && child.is_object()
            {
                let child_name = own
                    .as_deref()
                    .zip(suffix)
                    .map(|(own, suffix)| naming::derived(own, suffix));
                self.schema(
                    child,
                    &format!("{at}/{key}"),
                    child_name.as_deref(),
                    Place::Nested,
                );
            }
        }
        for key in ["allOf", "anyOf", "oneOf"] {
            if let Some(Value::Array(children)) = map.get_mut(key) {
                // The parts of an `allOf` are merged into this type; the choices of a
                // `oneOf` or `anyOf` are named by rules this preparation does not predict.
                let (child_name, child_place) = if key == "allOf" {
                    (own.as_deref(), Place::Merged)
                } else {
                    (None, Place::Nested)
                };
                for (i, child) in children.iter_mut().enumerate() {
                    self.schema(child, &format!("{at}/{key}/{i}"), child_name, child_place);
                }
            }
        }
        if let Some(Value::Object(properties)) = map.get_mut("properties") {
            for (property, child) in properties.iter_mut() {
                let child_name = own.as_deref().map(|own| naming::property(own, property));
                self.schema(
                    child,
                    &format!("{at}/properties/{}", escape(property)),
                    child_name.as_deref(),
                    Place::Nested,
                );
            }
        }
        nullable(map);
        if let Some(name) = hoist {
            self.hoist(value, name);
        }
    }

    /// A `default` that is not of the schema's plain type: read as the type when its text
    /// is one, else left out.
    fn default_of_its_type(&mut self, map: &mut Map<String, Value>, at: &str) {
        let (Some(default), Some(Value::String(kind))) = (map.get("default"), map.get("type"))
        else {
            return;
        };
        let fits = match (kind.as_str(), default) {
            ("boolean", Value::Bool(_)) | ("string", Value::String(_)) => true,
            ("integer", Value::Number(n)) => n.is_i64() || n.is_u64(),
            ("number", Value::Number(_)) => true,
            ("boolean" | "integer" | "number", _) => false,
            _ => true,
        };
        if fits {
            if kind == "integer" {
                self.default_in_range(map, at);
            }
            return;
        }
        let read = default.as_str().and_then(|text| match kind.as_str() {
            "boolean" => text.parse::<bool>().ok().map(Value::Bool),
            "integer" => text.parse::<i64>().ok().map(Value::from),
            _ => text
                .parse::<f64>()
                .ok()
                .and_then(serde_json::Number::from_f64)
                .map(Value::Number),
        });
        match read {
            Some(value) => {
                map.insert("default".into(), value);
            }
            None => {
                self.warnings.push(Warning::new(
                    format!("{at}/default"),
                    format!(
                        "the default {default} is not a {kind}; it is left out (the field has no \
                         default)"
                    ),
                ));
                map.remove("default");
            }
        }
    }

    /// An integer `default` the field's type cannot hold (DigitalOcean's
    /// `default: 9223372036854776000` on an `i64`), or outside the schema's own bounds:
    /// left out. typify's default function would panic on it whenever the field is
    /// absent from an answer.
    fn default_in_range(&mut self, map: &mut Map<String, Value>, at: &str) {
        let Some(default) = map.get("default").and_then(Value::as_number) else {
            return;
        };
        let value = default
            .as_i64()
            .map(i128::from)
            .or_else(|| default.as_u64().map(i128::from));
        let bound = |key: &str| map.get(key).and_then(Value::as_f64);
        let (minimum, maximum) = (bound("minimum"), bound("maximum"));
        // The type typify picks: the format's, else u64 from a minimum of 0, else i64.
        let (low, high): (i128, i128) = match map.get("format").and_then(Value::as_str) {
            Some("int8") => (i8::MIN.into(), i8::MAX.into()),
            Some("int16") => (i16::MIN.into(), i16::MAX.into()),
            Some("int32") => (i32::MIN.into(), i32::MAX.into()),
            Some("uint8") => (0, u8::MAX.into()),
            Some("uint16") => (0, u16::MAX.into()),
            Some("uint32") => (0, u32::MAX.into()),
            Some("uint64") => (0, u64::MAX.into()),
            _ if minimum.is_some_and(|m| m >= 0.0) => (0, u64::MAX.into()),
            _ => (i64::MIN.into(), i64::MAX.into()),
        };
        let fits = value.is_some_and(|v| {
            (low..=high).contains(&v)
                && minimum.is_none_or(|m| v as f64 >= m)
                && maximum.is_none_or(|m| v as f64 <= m)
        });
        if !fits {
            self.warnings.push(Warning::new(
                format!("{at}/default"),
                format!(
                    "the default {default} is out of the range of the field's type or \
                     bounds; it is left out (the field has no default)"
                ),
            ));
            map.remove("default");
        }
    }

    /// `enum` values of another type than the schema's: left out.
    fn enum_of_its_type(&mut self, map: &mut Map<String, Value>, at: &str) {
        let Some(Value::String(kind)) = map.get("type").cloned() else {
            return;
        };
        let fits = |value: &Value| match (kind.as_str(), value) {
            (_, Value::Null) => true,
            ("string", Value::String(_))
            | ("boolean", Value::Bool(_))
            | ("number", Value::Number(_))
            | ("array", Value::Array(_))
            | ("object", Value::Object(_)) => true,
            ("integer", Value::Number(n)) => n.is_i64() || n.is_u64(),
            _ => false,
        };
        let Some(Value::Array(values)) = map.get_mut("enum") else {
            return;
        };
        if values.iter().all(fits) {
            return;
        }
        values.retain(fits);
        let message = if values.is_empty() {
            map.remove("enum");
            format!("the listed values are not of the type `{kind}`; the list is left out")
        } else {
            format!("values not of the type `{kind}` are left out of the list")
        };
        self.warnings
            .push(Warning::new(format!("{at}/enum"), message));
    }

    /// A string enum typify cannot name the variants of: a string, its values in its docs.
    fn unnameable_enum(&mut self, map: &mut Map<String, Value>, at: &str) {
        let Some(Value::Array(values)) = map.get("enum") else {
            return;
        };
        let strings = values.iter().filter_map(Value::as_str);
        if values.iter().any(|v| !v.is_string() && !v.is_null())
            || naming::variants_nameable(strings.clone())
        {
            return;
        }
        let listed: Vec<String> = strings.map(|v| format!("`{v}`")).collect();
        let line = format!("One of: {}.", listed.join(", "));
        self.warnings.push(Warning::new(
            format!("{at}/enum"),
            format!(
                "the type generator cannot give the values {} names of their own; the value \
                 is a string, and they are listed in its docs",
                listed.join(", ")
            ),
        ));
        map.remove("enum");
        let description = match map.get("description").and_then(Value::as_str) {
            Some(text) if !text.is_empty() => format!("{text}\n\n{line}"),
            _ => line,
        };
        map.insert("description".into(), Value::String(description));
    }

    /// Moves the prepared schema `value` out of line as the definition `name`, leaving a
    /// reference with its description (the field's docs) and default; a `null` it
    /// allows stays with the reference.
    fn hoist(&mut self, value: &mut Value, name: String) {
        let Value::Object(map) = value else {
            return;
        };
        let (mut definition, nullable) = match map.get("anyOf") {
            Some(Value::Array(parts))
                if map.len() == 1 && parts.len() == 2 && parts[1] == json!({"type": "null"}) =>
            {
                (parts[0].clone(), true)
            }
            _ => (Value::Object(map.clone()), false),
        };
        let Value::Object(def) = &mut definition else {
            return;
        };
        let default = def.remove("default");
        let mut nullable = nullable;
        if let Some(Value::Array(types)) = def.get_mut("type")
            && types.contains(&Value::String("null".into()))
        {
            types.retain(|t| t != "null");
            if let [single] = types.as_slice() {
                let single = single.clone();
                def.insert("type".into(), single);
            }
            if let Some(Value::Array(values)) = def.get_mut("enum") {
                values.retain(|v| !v.is_null());
            }
            nullable = true;
        }
        let mut reference = Map::new();
        reference.insert(
            "$ref".into(),
            Value::String(format!("#/components/schemas/{name}")),
        );
        let mut replacement = if nullable {
            let mut wrapper = Map::new();
            wrapper.insert(
                "anyOf".into(),
                json!([Value::Object(reference), {"type": "null"}]),
            );
            wrapper
        } else {
            reference
        };
        if let Some(description) = def.get("description") {
            replacement.insert("description".into(), description.clone());
        }
        if let Some(default) = default {
            replacement.insert("default".into(), default);
        }
        self.hoisted.push((name, definition));
        *value = Value::Object(replacement);
    }
}

/// Whether typify makes a named type of this schema: a struct, an enum, a choice.
fn produces_type(map: &Map<String, Value>) -> bool {
    map.get("properties")
        .and_then(Value::as_object)
        .is_some_and(|p| !p.is_empty())
        || map.contains_key("enum")
        || map.contains_key("oneOf")
        || map.contains_key("anyOf")
        || map
            .get("allOf")
            .and_then(Value::as_array)
            .is_some_and(|parts| {
                parts.iter().any(|p| {
                    p.get("properties")
                        .and_then(Value::as_object)
                        .is_some_and(|p| !p.is_empty())
                })
            })
}

/// OpenAPI 3.0's `nullable` as JSON Schema: a `null` type, or an `anyOf` with `null`.
fn nullable(map: &mut Map<String, Value>) {
    if map.remove("nullable") != Some(Value::Bool(true)) {
        return;
    }
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
            map.insert(
                "anyOf".into(),
                Value::Array(vec![inner, json!({"type": "null"})]),
            );
        }
    }
}

#[cfg(test)]
mod tests;
