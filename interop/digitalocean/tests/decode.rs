//! The generator's own `Deserialize` impls against serde's derive, on DigitalOcean's
//! 1,946 types and every example its document publishes: each example (and variations
//! of it: a field left out, a field null, a field twice, an unknown field) is decoded as
//! each type twice, by this crate's type and by its twin generated with
//! `derive_deserialize` (serde's derive on every type). Both must give the same value,
//! or the same error message at the same place.
//!
//! The one difference allowed is documented on `Config::derive_deserialize`: a struct
//! sent as a JSON array, which serde's derive reads field by field and the generator's
//! impls refuse.
#![cfg(has_spec)]

use std::collections::BTreeSet;
use std::fmt::Debug;

use serde::de::DeserializeOwned;
use serde_json::Value;

/// What decoding gave: the value's `Debug` text, or the error's message.
type Decoded = Result<String, String>;

fn decode<T: DeserializeOwned + Debug>(json: &str) -> Decoded {
    serde_json::from_str::<T>(json)
        .map(|value| format!("{value:?}"))
        .map_err(|e| e.to_string())
}

/// What a type asks a deserializer for: a struct with these fields, an enum with these
/// variants, or anything else.
#[derive(Clone, Copy, Debug)]
enum Shape {
    Struct(&'static [&'static str]),
    Enum,
    Other,
}

/// A deserializer that only notes what it is asked for.
struct Probe;

#[derive(Debug)]
struct Asked(Shape);

impl std::fmt::Display for Asked {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}", self.0)
    }
}

impl std::error::Error for Asked {}

impl serde::de::Error for Asked {
    fn custom<T: std::fmt::Display>(_: T) -> Self {
        Asked(Shape::Other)
    }
}

impl<'de> serde::Deserializer<'de> for Probe {
    type Error = Asked;

    fn deserialize_any<V: serde::de::Visitor<'de>>(self, _: V) -> Result<V::Value, Asked> {
        Err(Asked(Shape::Other))
    }

    fn deserialize_struct<V: serde::de::Visitor<'de>>(
        self,
        _: &'static str,
        fields: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, Asked> {
        Err(Asked(Shape::Struct(fields)))
    }

    fn deserialize_enum<V: serde::de::Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, Asked> {
        Err(Asked(Shape::Enum))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map identifier ignored_any
    }
}

/// The shape `T` asks for.
fn shape<T: DeserializeOwned>() -> Shape {
    match T::deserialize(Probe) {
        Err(Asked(shape)) => shape,
        Ok(_) => Shape::Other,
    }
}

/// Whether an example is worth decoding as a type of this shape: an object sharing a
/// field with a struct (or one of the first objects, for the errors of the others), a
/// string for an enum, anything for the rest.
fn worth(shape: Shape, json: &Value, nth_object: usize) -> bool {
    match (shape, json) {
        (Shape::Struct(fields), Value::Object(map)) => {
            nth_object < 20 || map.keys().any(|k| fields.contains(&k.as_str()))
        }
        (Shape::Struct(_), Value::Array(_)) => nth_object < 20,
        (Shape::Struct(_), _) => false,
        (Shape::Enum, value) => value.is_string() || value.is_object(),
        (Shape::Other, _) => true,
    }
}

mod derived {
    #![allow(
        clippy::all,
        clippy::pedantic,
        dead_code,
        unused_imports,
        missing_docs,
        rustdoc::all
    )]
    use super::{Decoded, Shape, decode, shape};
    include!(concat!(env!("OUT_DIR"), "/derived.rs"));
}

/// Every example of the document: `example` anywhere, and the `value` of every entry of
/// an `examples` map (or item of an `examples` array), as JSON texts.
fn examples(node: &Value, out: &mut BTreeSet<String>) {
    match node {
        Value::Object(map) => {
            for (key, value) in map {
                match key.as_str() {
                    "example" => {
                        out.insert(value.to_string());
                    }
                    "examples" => match value {
                        Value::Object(entries) => out.extend(
                            entries
                                .values()
                                .filter_map(|e| e.get("value"))
                                .map(Value::to_string),
                        ),
                        Value::Array(items) => out.extend(items.iter().map(Value::to_string)),
                        _ => {}
                    },
                    _ => {}
                }
                examples(value, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|v| examples(v, out)),
        _ => {}
    }
}

/// Variations of an object example that exercise what a type does with its fields.
fn variations(json: &str) -> Vec<String> {
    let Ok(Value::Object(map)) = serde_json::from_str::<Value>(json) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for key in map.keys() {
        let mut without = map.clone();
        without.remove(key);
        out.push(Value::Object(without).to_string());
        let mut null = map.clone();
        null.insert(key.clone(), Value::Null);
        out.push(Value::Object(null).to_string());
    }
    if let Some((key, value)) = map.iter().next() {
        // The same field twice (a JSON text can hold it; a map cannot).
        let body = Value::Object(map.clone()).to_string();
        out.push(format!(
            "{},{}:{}}}",
            &body[..body.len() - 1],
            Value::from(key.as_str()),
            value
        ));
    }
    let mut unknown = map.clone();
    unknown.insert(
        "not_a_field_of_any_type".into(),
        serde_json::json!({"a": [1, 2]}),
    );
    out.push(Value::Object(unknown).to_string());
    out.push(Value::Array(map.values().cloned().collect()).to_string());
    out
}

/// Whether the two answers are the difference allowed: a JSON array where a struct is
/// (the input, a field of it, or a variant of an untagged enum), which serde's derive
/// reads field by field (or fails on with a message of its own) and the generator's
/// impls refuse.
fn allowed(json: &str, lean: &Decoded, derive: &Decoded) -> bool {
    match (lean, derive) {
        (Err(e), _) if e.starts_with("invalid type: sequence, expected struct ") => true,
        (Err(e), Ok(_)) => {
            json.starts_with('[')
                && e.starts_with("data did not match any variant of untagged enum")
        }
        _ => false,
    }
}

/// Whether two answers are the same: equal, or the same value printed with the entries
/// of its maps (`HashMap`s, whose order differs from one map to the next) in another
/// order.
fn same(lean: &Decoded, derive: &Decoded) -> bool {
    let sorted = |text: &str| {
        let mut chars: Vec<char> = text.chars().collect();
        chars.sort_unstable();
        chars
    };
    match (lean, derive) {
        (Ok(a), Ok(b)) => a == b || (a.contains('{') && sorted(a) == sorted(b)),
        (a, b) => a == b,
    }
}

#[test]
fn each_type_decodes_every_example_as_serde_derive_does() {
    let Some(_) = interop_specs::require("digitalocean.yaml") else {
        return;
    };
    let document = interop_specs::read("digitalocean.yaml");
    let mut texts = BTreeSet::new();
    examples(&document, &mut texts);
    assert!(texts.len() > 500, "{} examples", texts.len());

    let texts: Vec<(String, Value)> = texts
        .into_iter()
        .filter_map(|t| Some((serde_json::from_str(&t).ok()?, t)))
        .map(|(v, t)| (t, v))
        .collect();

    let (mut compared, mut decoded, mut varied) = (0usize, 0usize, 0usize);
    let mut differences = Vec::new();
    for (name, twins, shape) in derived::TWINS {
        let shape = shape();
        let mut objects = 0;
        for (json, value) in &texts {
            let nth_object = objects;
            objects += usize::from(value.is_object() || value.is_array());
            if !worth(shape, value, nth_object) {
                continue;
            }
            let (lean, derive) = twins(json);
            compared += 1;
            if !same(&lean, &derive) && !allowed(json, &lean, &derive) {
                differences.push(format!(
                    "{name} {json}\n  lean:   {lean:?}\n  derive: {derive:?}"
                ));
            }
            if derive.is_err() {
                continue;
            }
            decoded += 1;
            for variation in variations(json) {
                let (lean, derive) = twins(&variation);
                varied += 1;
                if !same(&lean, &derive) && !allowed(&variation, &lean, &derive) {
                    differences.push(format!(
                        "{name} {variation}\n  lean:   {lean:?}\n  derive: {derive:?}"
                    ));
                }
            }
        }
    }
    eprintln!(
        "{} types, {} examples: {compared} decodes compared, {decoded} decoded, \
         {varied} variations of them compared",
        derived::TWINS.len(),
        texts.len()
    );
    assert!(
        derived::TWINS.len() > 1900,
        "{} types",
        derived::TWINS.len()
    );
    assert!(
        decoded > 1000,
        "only {decoded} examples decoded as some type"
    );
    eprintln!("{} differences", differences.len());
    assert!(
        differences.is_empty(),
        "{} differences:\n{}",
        differences.len(),
        differences.join("\n")
    );
}
