//! Tests of [`super`]: each repair on the schema shape a real document has.

use super::*;

struct Prepared {
    schema: Value,
    hoisted: Vec<(String, Value)>,
    warnings: Vec<Warning>,
    colliding_fields: bool,
}

fn prepared(name: &str, schema: Value, taken: &[&str]) -> Prepared {
    let mut schema = schema;
    let components = BTreeMap::from([
        ("droplet".to_owned(), "Droplet".to_owned()),
        ("fields".to_owned(), "Fields2".to_owned()),
    ]);
    let mut names = TypeNames::default();
    for t in taken {
        names.insert(t);
    }
    let (mut hoisted, mut warnings, mut colliding_fields) = (Vec::new(), Vec::new(), false);
    Prepare {
        components: &components,
        taken: &mut names,
        hoisted: &mut hoisted,
        colliding_fields: &mut colliding_fields,
        warnings: &mut warnings,
    }
    .schema(&mut schema, "/s", Some(name), Place::Named);
    Prepared {
        schema,
        hoisted,
        warnings,
        colliding_fields,
    }
}

#[test]
fn openapi_30_words_become_json_schema() {
    let p = prepared(
        "S",
        json!({
            "type": "object",
            "title": "State",
            "properties": {
                "size": {"type": "integer", "minimum": 1, "exclusiveMinimum": true},
            "code": {"type": "string", "minLength": 0, "maxLength": 3},
            "strict": {"type": "object", "additionalProperties": false, "properties": {"a": {"type": "string"}}},
                "name": {"type": "string", "nullable": true, "default": null},
                "kind": {"type": "string", "enum": ["a"], "nullable": true},
                "title": {"type": "string"},
                "droplet": {"$ref": "#/components/schemas/droplet", "description": "x"},
                "fields": {"$ref": "#/components/schemas/fields"},
            }
        }),
        &[],
    );
    let s = p.schema;
    assert!(p.warnings.is_empty());
    assert_eq!(s.get("title"), None);
    assert_eq!(s["properties"]["size"]["exclusiveMinimum"], 1);
    assert_eq!(s["properties"]["size"].get("minimum"), None);
    assert_eq!(
        s["properties"]["code"],
        json!({"type": "string", "maxLength": 3})
    );
    assert_eq!(s["properties"]["name"]["type"], json!(["string", "null"]));
    assert_eq!(s["properties"]["name"].get("default"), None);
    assert_eq!(s["properties"]["kind"]["enum"], json!(["a", null]));
    assert_eq!(s["properties"]["title"]["type"], "string");
    assert_eq!(
        s["properties"]["droplet"],
        json!({"$ref": "#/components/schemas/Droplet"})
    );
    assert_eq!(
        s["properties"]["fields"],
        json!({"$ref": "#/components/schemas/Fields2"}),
        "a reference names the type's own name"
    );
}

#[test]
fn a_reference_to_nothing_is_any_value_with_its_pointer() {
    let p = prepared(
        "S",
        json!({"type": "array", "items": {"$ref": "Droplet"}}),
        &[],
    );
    assert_eq!(p.schema["items"], true);
    assert_eq!(p.warnings.len(), 1);
    assert_eq!(p.warnings[0].pointer, "/s/items/$ref");
}

#[test]
fn a_nested_type_whose_name_is_taken_moves_out_of_line() {
    // Jira: `ProjectFeature.state` is named `ProjectFeatureState`, a component's name.
    let p = prepared(
        "ProjectFeature",
        json!({"type": "object", "properties": {
            "state": {"type": "string", "enum": ["ENABLED", "DISABLED"], "description": "The state."},
            "other": {"type": "object", "nullable": true, "properties": {"a": {"type": "string"}}},
        }}),
        &[
            "ProjectFeature",
            "ProjectFeatureState",
            "ProjectFeatureOther",
        ],
    );
    assert_eq!(
        p.schema["properties"]["state"],
        json!({"$ref": "#/components/schemas/ProjectFeatureState2", "description": "The state."})
    );
    assert_eq!(
        p.schema["properties"]["other"],
        json!({"anyOf": [{"$ref": "#/components/schemas/ProjectFeatureOther2"}, {"type": "null"}]})
    );
    let names: Vec<&str> = p.hoisted.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["ProjectFeatureOther2", "ProjectFeatureState2"]);
    assert_eq!(p.hoisted[0].1["type"], "object");
    assert_eq!(p.hoisted[1].1["enum"], json!(["ENABLED", "DISABLED"]));
}

#[test]
fn two_nested_types_of_one_name_are_told_apart() {
    // `A.b_c` and `AB.c` are both `ABC` to typify.
    let p = prepared(
        "Top",
        json!({"type": "object", "properties": {
            "x": {"type": "object", "properties": {"y": {"enum": ["1"]}}},
            "x_y": {"enum": ["2"]},
        }}),
        &["Top"],
    );
    assert_eq!(p.hoisted.len(), 1, "{:?}", p.hoisted);
    assert_eq!(p.hoisted[0].0, "TopXY2");
}

#[test]
fn symbol_enums_are_strings_listed_in_their_docs() {
    let p = prepared(
        "Clause",
        json!({"type": "string", "enum": ["=", "!=", ">"], "description": "The operator."}),
        &[],
    );
    assert_eq!(p.schema.get("enum"), None);
    assert_eq!(
        p.schema["description"],
        "The operator.\n\nOne of: `=`, `!=`, `>`."
    );
    assert_eq!(p.warnings[0].pointer, "/s/enum");
}

#[test]
fn defaults_of_the_wrong_type_are_read_or_left_out() {
    let p = prepared(
        "Account",
        json!({"type": "object", "properties": {
            "HasAttachments": {"type": "boolean", "default": "false"},
            "Count": {"type": "integer", "default": "7"},
            "Odd": {"type": "integer", "default": "many"},
            "Kind": {"type": "string", "enum": ["gc"], "allOf": [{"$ref": "#/components/schemas/droplet"}]},
        }}),
        &["Account"],
    );
    let properties = &p.schema["properties"];
    assert_eq!(properties["HasAttachments"]["default"], false);
    assert_eq!(properties["Count"]["default"], 7);
    assert_eq!(properties["Odd"].get("default"), None);
    assert_eq!(
        properties["Kind"],
        json!({"type": "string", "enum": ["gc"]})
    );
    assert_eq!(p.warnings.len(), 1);
    assert_eq!(p.warnings[0].pointer, "/s/properties/Odd/default");
}

/// DigitalOcean's Kafka topic config (`flush_messages`, `default: 9223372036854776000`):
/// a default the field's type cannot hold would make typify's default function panic
/// whenever the field is absent from an answer.
#[test]
fn integer_defaults_out_of_their_type_or_bounds_are_left_out() {
    let p = prepared(
        "Config",
        json!({"type": "object", "properties": {
            "flush_messages": {"type": "integer", "default": 9_223_372_036_854_776_000_u64},
            "retention": {"type": "integer", "format": "int32", "default": 3_000_000_000_u64},
            "replicas": {"type": "integer", "minimum": 1, "default": 0},
            "fits": {"type": "integer", "minimum": 0, "default": 9_223_372_036_854_776_000_u64},
            "small": {"type": "integer", "format": "int32", "default": 60},
        }}),
        &["Config"],
    );
    let properties = &p.schema["properties"];
    for gone in ["flush_messages", "retention", "replicas"] {
        assert_eq!(properties[gone].get("default"), None, "{gone}");
    }
    assert_eq!(properties["fits"]["default"], 9_223_372_036_854_776_000_u64);
    assert_eq!(properties["small"]["default"], 60);
    let pointers: Vec<&str> = p.warnings.iter().map(|w| w.pointer.as_str()).collect();
    assert_eq!(
        pointers,
        [
            "/s/properties/flush_messages/default",
            "/s/properties/replicas/default",
            "/s/properties/retention/default"
        ]
    );
}

#[test]
fn enum_values_of_another_type_are_left_out() {
    // Jira's `ApprovalConfiguration.exclude`: the items' values, on the array.
    let p = prepared(
        "Approval",
        json!({"type": "array", "enum": ["assignee"], "items": {"type": "string", "enum": ["assignee"]}}),
        &[],
    );
    assert_eq!(p.schema.get("enum"), None);
    assert_eq!(p.schema["items"]["enum"], json!(["assignee"]));
    assert_eq!(p.warnings[0].pointer, "/s/enum");
}

#[test]
fn properties_typify_gives_one_field_name_are_noted() {
    let p = prepared(
        "Node",
        json!({"type": "object", "properties": {"inline-marker-ref": {}, "inlineMarkerRef": {}}}),
        &[],
    );
    assert!(p.colliding_fields);
}
