//! Reading a document: YAML or JSON text into the OpenAPI model, with the few repairs
//! published documents need (each reported as a warning with its pointer).
//!
//! - Integer bounds beyond `i64` (`maximum: 18446744073709552000`, which YAML readers
//!   turn into a float) are dropped: the model's integer bounds are `i64`.
//! - OpenAPI 3.1 schemas are read as 3.0: `type: [T, "null"]` becomes `type: T` with
//!   `nullable: true`, numeric `exclusiveMinimum`/`exclusiveMaximum` become the bound with
//!   the 3.0 flag, and `const` becomes a one-value `enum`.

use openapiv3::OpenAPI;
use serde_json::{Map, Value};

use crate::error::{Error, Warning, escape};

/// A document read: the OpenAPI model, and its component schemas as JSON (repaired as
/// the model was), which the type generator reads.
#[derive(Debug)]
pub(crate) struct Loaded {
    pub(crate) api: OpenAPI,
    pub(crate) schemas: Map<String, Value>,
    /// The operations the document has, malformed ones included.
    pub(crate) operations: usize,
}

/// Parses `source` (YAML or JSON) into the OpenAPI model.
pub(crate) fn load(source: &str, warnings: &mut Vec<Warning>) -> Result<Loaded, Error> {
    let mut value = parse_value(source)?;
    let operations = value
        .get("paths")
        .and_then(Value::as_object)
        .into_iter()
        .flat_map(|paths| paths.values())
        .filter_map(Value::as_object)
        .map(|item| VERBS.iter().filter(|v| item.contains_key(**v)).count())
        .sum();
    let api = model(&mut value, warnings)?;
    let schemas = match value.pointer_mut("/components/schemas") {
        Some(Value::Object(schemas)) => std::mem::take(schemas),
        _ => Map::new(),
    };
    Ok(Loaded {
        api,
        schemas,
        operations,
    })
}

/// The model of a document's JSON, repaired.
fn model(value: &mut Value, warnings: &mut Vec<Warning>) -> Result<OpenAPI, Error> {
    let Some(root) = value.as_object() else {
        return Err(Error::at("", "the document is not an object"));
    };
    let version = root
        .get("openapi")
        .and_then(Value::as_str)
        .ok_or_else(|| {
            Error::at(
                "/openapi",
                "no `openapi` version: this is not an OpenAPI 3 document (Swagger 2.0 needs converting first)",
            )
        })?
        .to_owned();
    if !version.starts_with("3.") {
        return Err(Error::at(
            "/openapi",
            format!("OpenAPI {version} is not supported: the generator reads 3.0 and 3.1"),
        ));
    }
    let is_31 = version.starts_with("3.1");
    repair(value, &mut String::new(), is_31, warnings);
    if is_31 {
        // The 3.0 model requires `paths`; 3.1 allows a document of webhooks only.
        if let Some(root) = value.as_object_mut() {
            root.entry("paths")
                .or_insert_with(|| Value::Object(Map::new()));
            root.insert("openapi".into(), Value::String("3.0.3".into()));
        }
    }
    // The common case first, without tracking the path. In a document that fails, each
    // operation and component that is wrong is left out; what is still wrong is an
    // error, read again with tracking to name the node.
    if let Ok(api) = <OpenAPI as serde::Deserialize>::deserialize(&*value) {
        return Ok(api);
    }
    drop_malformed(value, warnings);
    if let Ok(api) = <OpenAPI as serde::Deserialize>::deserialize(&*value) {
        return Ok(api);
    }
    serde_path_to_error::deserialize(&*value).map_err(|e| {
        let pointer = path_pointer(e.path());
        let message = e.into_inner().to_string();
        let (pointer, message) = refine(value, pointer, message);
        Error::at(pointer, message)
    })
}

/// The operations a path item can have.
const VERBS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

type Check = fn(&Value) -> Option<(String, String)>;

/// Why `node` is not a `T`: the pointer below `node` and the message, or `None` when it
/// is one (or a reference, checked where it is followed).
fn check<T: serde::de::DeserializeOwned>(node: &Value) -> Option<(String, String)> {
    if node.get("$ref").is_some() || T::deserialize(node).is_ok() {
        return None;
    }
    serde_path_to_error::deserialize::<_, T>(node)
        .err()
        .map(|e| (path_pointer(e.path()), e.into_inner().to_string()))
}

/// The nodes a document can do without, each with the check of its type: operations,
/// path items, components. `operations: false` leaves the operations out (a path item's
/// check covers them).
fn separable(document: &Value, operations: bool) -> Vec<(String, Check)> {
    use openapiv3::{
        Header, Operation, Parameter, PathItem, RequestBody, Response, Schema, SecurityScheme,
    };
    let mut out: Vec<(String, Check)> = Vec::new();
    if let Some(paths) = document.get("paths").and_then(Value::as_object) {
        for (path, item) in paths {
            let at = format!("/paths/{}", escape(path));
            if operations {
                for verb in VERBS {
                    if item.get(verb).is_some() {
                        out.push((format!("{at}/{verb}"), check::<Operation>));
                    }
                }
            }
            out.push((at, check::<PathItem>));
        }
    }
    let kinds: [(&str, Check); 6] = [
        ("schemas", check::<Schema>),
        ("responses", check::<Response>),
        ("parameters", check::<Parameter>),
        ("requestBodies", check::<RequestBody>),
        ("securitySchemes", check::<SecurityScheme>),
        ("headers", check::<Header>),
    ];
    for (kind, checker) in kinds {
        let entries = document
            .pointer(&format!("/components/{kind}"))
            .and_then(Value::as_object);
        for name in entries.into_iter().flatten().map(|(name, _)| name) {
            out.push((format!("/components/{kind}/{}", escape(name)), checker));
        }
    }
    out
}

/// The node at `at` is wrong at `inner` below it. Below an operation, its parameters,
/// request body and answers are read through untagged enums (a node or a `$ref`), which
/// lose the path below them: the element named is read with its own type for the real
/// reason.
fn precise(document: &Value, at: &str, inner: String, message: String) -> (String, String) {
    use openapiv3::{Parameter, RequestBody, Response};
    let at = format!("{at}{inner}");
    let element: Option<Check> = if at.contains("/parameters/") {
        Some(check::<Parameter>)
    } else if at.contains("/responses/") {
        Some(check::<Response>)
    } else if at.ends_with("/requestBody") {
        Some(check::<RequestBody>)
    } else {
        None
    };
    element
        .and_then(|c| document.pointer(&at).and_then(c))
        .map(|(deeper, m)| (format!("{at}{deeper}"), m))
        .unwrap_or((at, message))
}

/// Leaves out each operation, path item and component that is not of its type, with a
/// warning naming where it is wrong: one malformed operation costs that operation.
fn drop_malformed(document: &mut Value, warnings: &mut Vec<Warning>) {
    for operations in [true, false] {
        for (at, checker) in separable(document, operations) {
            let Some((inner, message)) = document.pointer(&at).and_then(checker) else {
                continue;
            };
            let (pointer, message) = precise(document, &at, inner, message);
            let what = if at.starts_with("/components/") {
                "it is left out, and what refers to it is skipped or any JSON value"
            } else if operations && at.matches('/').count() == 3 {
                "the operation is skipped"
            } else {
                "the operations of this path are skipped"
            };
            warnings.push(Warning::new(pointer, format!("{message}; {what}")));
            remove(document, &at);
        }
    }
}

/// Removes the node at `pointer`.
fn remove(document: &mut Value, pointer: &str) {
    let Some((parent, key)) = pointer.rsplit_once('/') else {
        return;
    };
    if let Some(Value::Object(parent)) = document.pointer_mut(parent) {
        parent.remove(&crate::error::unescape(key));
    }
}

/// The model reads some nodes through untagged enums (a node or a `$ref`), which lose
/// the path below them: an error "at /paths" is looked for again in each path item and
/// component with its own type, to name the node that is wrong.
fn refine(document: &Value, pointer: String, message: String) -> (String, String) {
    for (at, checker) in separable(document, false) {
        if !at.starts_with(&pointer) {
            continue;
        }
        if let Some((inner, inner_message)) = document.pointer(&at).and_then(checker) {
            return precise(document, &at, inner, inner_message);
        }
    }
    (pointer, message)
}

/// YAML or JSON text as a JSON value.
pub(crate) fn parse_value(source: &str) -> Result<Value, Error> {
    if source.trim_start().starts_with('{') {
        serde_json::from_str(source).map_err(|e| Error {
            pointer: None,
            location: Some((e.line(), e.column())),
            message: format!("not valid JSON: {e}"),
        })
    } else {
        let Loose(value) = serde_yaml::from_str(source).map_err(|e| {
            let location = e.location().map(|l| (l.line(), l.column()));
            Error {
                pointer: None,
                location,
                message: format!("not valid YAML: {e}"),
            }
        })?;
        Ok(value)
    }
}

/// A YAML document as JSON, read leniently: mapping keys that are numbers or booleans
/// (`200:` under `responses`) as their text, integers beyond 64 bits as floats (JSON
/// readers do the same), tags left out.
struct Loose(Value);

impl<'de> serde::Deserialize<'de> for Loose {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(LooseVisitor).map(Loose)
    }
}

struct LooseVisitor;

impl<'de> serde::de::Visitor<'de> for LooseVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(v.into())
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(v.into())
    }
    fn visit_i128<E>(self, v: i128) -> Result<Value, E> {
        #[allow(clippy::cast_precision_loss)]
        Ok(float(v as f64))
    }
    fn visit_u128<E>(self, v: u128) -> Result<Value, E> {
        #[allow(clippy::cast_precision_loss)]
        Ok(float(v as f64))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(float(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(LooseVisitor)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(Loose(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::new();
        while let Some((Loose(key), Loose(value))) = map.next_entry()? {
            let key = match key {
                Value::String(s) => s,
                other => other.to_string(),
            };
            out.insert(key, value);
        }
        Ok(Value::Object(out))
    }
    fn visit_enum<A: serde::de::EnumAccess<'de>>(self, data: A) -> Result<Value, A::Error> {
        // A tagged value (`!tag value`): the tag is left out.
        use serde::de::VariantAccess;
        let (_, variant): (serde::de::IgnoredAny, _) = data.variant()?;
        variant.newtype_variant::<Loose>().map(|Loose(v)| v)
    }
}

/// A float as a JSON number (a NaN or infinity, which JSON cannot carry, as `null`).
fn float(v: f64) -> Value {
    serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number)
}

/// A serde_path_to_error path as a JSON pointer.
fn path_pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    path.iter()
        .filter_map(|segment| match segment {
            Segment::Seq { index } => Some(format!("/{index}")),
            Segment::Map { key } => Some(format!("/{}", escape(key))),
            Segment::Enum { variant } => Some(format!("/{}", escape(variant))),
            Segment::Unknown => None,
        })
        .collect()
}

/// Walks the document, repairing what the model cannot read.
fn repair(value: &mut Value, pointer: &mut String, is_31: bool, warnings: &mut Vec<Warning>) {
    match value {
        Value::Object(map) => {
            repair_schema(map, pointer, is_31, warnings);
            for (key, child) in map.iter_mut() {
                let len = pointer.len();
                pointer.push('/');
                pointer.push_str(&escape(key));
                repair(child, pointer, is_31, warnings);
                pointer.truncate(len);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter_mut().enumerate() {
                let len = pointer.len();
                pointer.push_str(&format!("/{i}"));
                repair(child, pointer, is_31, warnings);
                pointer.truncate(len);
            }
        }
        _ => {}
    }
}

/// Repairs one object if it looks like a schema.
fn repair_schema(
    map: &mut Map<String, Value>,
    pointer: &str,
    is_31: bool,
    warnings: &mut Vec<Warning>,
) {
    if is_31 {
        if let Some(Value::Array(types)) = map.get("type").cloned() {
            let non_null: Vec<&Value> = types.iter().filter(|t| *t != "null").collect();
            if non_null.len() == 1 {
                map.insert("type".into(), non_null[0].clone());
                if non_null.len() < types.len() {
                    map.insert("nullable".into(), Value::Bool(true));
                }
            } else {
                map.remove("type");
                warnings.push(Warning::new(
                    format!("{pointer}/type"),
                    "a schema of several types is read as any JSON value (`serde_json::Value`)",
                ));
            }
        }
        for (key, bound) in [
            ("exclusiveMinimum", "minimum"),
            ("exclusiveMaximum", "maximum"),
        ] {
            if let Some(n @ Value::Number(_)) = map.get(key).cloned() {
                map.insert(bound.into(), n);
                map.insert(key.into(), Value::Bool(true));
            }
        }
        if let Some(c) = map.remove("const") {
            map.insert("enum".into(), Value::Array(vec![c]));
        }
    }
    if map.get("type").and_then(Value::as_str) == Some("integer") {
        for key in ["minimum", "maximum", "multipleOf"] {
            let fits = match map.get(key) {
                None => true,
                Some(Value::Number(n)) => n.as_i64().is_some(),
                Some(_) => false,
            };
            if !fits {
                let shown = map.get(key).map(Value::to_string).unwrap_or_default();
                map.remove(key);
                warnings.push(Warning::new(
                    format!("{pointer}/{key}"),
                    format!("the integer bound {shown} is beyond i64 and is left out"),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(body: &str) -> String {
        format!("openapi: 3.0.0\ninfo: {{title: T, version: '1'}}\npaths: {{}}\n{body}")
    }

    #[test]
    fn integer_bounds_beyond_i64_are_dropped_with_a_warning() {
        let source = doc(
            "components:\n  schemas:\n    Size:\n      type: integer\n      maximum: 18446744073709552000\n",
        );
        let mut warnings = Vec::new();
        let api = load(&source, &mut warnings).unwrap().api;
        assert!(api.components.unwrap().schemas.contains_key("Size"));
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].pointer, "/components/schemas/Size/maximum");
    }

    #[test]
    fn a_wrong_shape_is_named_by_its_pointer() {
        let source = doc("").replace("info: {title: T, version: '1'}", "info: {title: 7}");
        let err = load(&source, &mut Vec::new()).unwrap_err();
        assert_eq!(err.pointer.as_deref(), Some("/info/title"), "{err}");
    }

    #[test]
    fn a_malformed_operation_or_component_is_left_out_with_its_pointer() {
        let source = doc("components:\n  schemas:\n    Fine: {type: string}\n    Bad: {type: string, required: 7}\n")
            .replace(
                "paths: {}",
                "paths:\n  /x:\n    get:\n      responses: 7\n    post:\n      responses: {'204': {description: ok}}\n  /y:\n    get:\n      parameters: [{name: a, in: body}]\n      responses: {}\n",
            );
        let mut warnings = Vec::new();
        let loaded = load(&source, &mut warnings).unwrap();
        let x = loaded.api.paths.paths["/x"].as_item().unwrap();
        assert!(x.get.is_none() && x.post.is_some());
        assert!(loaded.schemas.contains_key("Fine") && !loaded.schemas.contains_key("Bad"));
        let pointers: Vec<&str> = warnings.iter().map(|w| w.pointer.as_str()).collect();
        assert_eq!(
            pointers,
            [
                "/paths/~1x/get/responses",
                "/paths/~1y/get/parameters/0/in",
                "/components/schemas/Bad"
            ],
            "{warnings:#?}"
        );
        assert!(
            warnings[0].message.ends_with("the operation is skipped"),
            "{warnings:#?}"
        );
    }

    #[test]
    fn syntax_errors_give_line_and_column() {
        let err = load("openapi: 3.0.0\ninfo: [unclosed\n", &mut Vec::new()).unwrap_err();
        assert!(err.location.is_some(), "{err}");
        let err = load("{\"openapi\": ", &mut Vec::new()).unwrap_err();
        assert!(err.to_string().contains("not valid JSON"), "{err}");
    }

    #[test]
    fn not_openapi_3_is_refused() {
        let err = load("swagger: '2.0'\n", &mut Vec::new()).unwrap_err();
        assert_eq!(err.pointer.as_deref(), Some("/openapi"));
        let err = load("openapi: 2.0.0\n", &mut Vec::new()).unwrap_err();
        assert!(err.message.contains("not supported"), "{err}");
    }

    #[test]
    fn openapi_31_types_are_read_as_30() {
        let source = "openapi: 3.1.0\ninfo: {title: T, version: '1'}\ncomponents:\n  schemas:\n    Name:\n      type: [string, 'null']\n    Level:\n      type: integer\n      exclusiveMinimum: 0\n";
        let api = load(source, &mut Vec::new()).unwrap().api;
        let schemas = api.components.unwrap().schemas;
        let name = serde_json::to_value(&schemas["Name"]).unwrap();
        assert_eq!(name["nullable"], true, "{name}");
        let level = serde_json::to_value(&schemas["Level"]).unwrap();
        assert_eq!(level["minimum"], 0, "{level}");
    }
}
