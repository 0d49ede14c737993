//! The names typify gives, predicted: its identifier rule (typify-impl 0.8
//! `util::sanitize`) and the names it derives for types declared inside other types
//! (`Parent` + property, `Item`, `Value`). The preparation uses them to see, before typify
//! runs, where two types would get one name, and where two fields or variants would.

use heck::{ToPascalCase, ToSnakeCase};
use unicode_ident::{is_xid_continue, is_xid_start};

/// typify's identifier for `input` in UpperCamelCase (type and variant names).
pub(super) fn pascal(input: &str) -> String {
    sanitize(input, |s| s.to_pascal_case(), "X")
}

/// typify's identifier for `input` in snake_case (field names).
pub(super) fn snake(input: &str) -> String {
    sanitize(input, |s| s.to_snake_case(), "x")
}

fn sanitize(input: &str, case: fn(&str) -> String, prefix: &str) -> String {
    let out = match input {
        "+1" => case("plus1"),
        "-1" => case("minus1"),
        _ => case(
            &input
                .replace('\'', "")
                .replace(|c: char| !is_xid_continue(c), "-"),
        ),
    };
    let out = match out.chars().next() {
        None => prefix.to_owned(),
        Some(c) if is_xid_start(c) => out,
        Some(_) => format!("{prefix}{out}"),
    };
    if is_keyword(&out) { out + "_" } else { out }
}

fn is_keyword(ident: &str) -> bool {
    matches!(
        ident,
        "_" | "abstract"
            | "as"
            | "async"
            | "await"
            | "become"
            | "box"
            | "break"
            | "const"
            | "continue"
            | "crate"
            | "do"
            | "dyn"
            | "else"
            | "enum"
            | "extern"
            | "false"
            | "final"
            | "fn"
            | "for"
            | "gen"
            | "if"
            | "impl"
            | "in"
            | "let"
            | "loop"
            | "macro"
            | "match"
            | "mod"
            | "move"
            | "mut"
            | "override"
            | "priv"
            | "pub"
            | "ref"
            | "return"
            | "Self"
            | "self"
            | "static"
            | "struct"
            | "super"
            | "trait"
            | "true"
            | "try"
            | "type"
            | "typeof"
            | "unsafe"
            | "unsized"
            | "use"
            | "virtual"
            | "where"
            | "while"
            | "yield"
    )
}

/// The name typify suggests for the type of property `property` of a type named
/// `parent`.
pub(super) fn property(parent: &str, property: &str) -> String {
    pascal(&format!("{parent}_{}", property.to_snake_case()))
}

/// The name typify suggests for a type derived from `parent` by a suffix (`Item` for an
/// array's items, `Value` for a map's values).
pub(super) fn derived(parent: &str, suffix: &str) -> String {
    pascal(&format!("{parent}{suffix}"))
}

/// Whether typify can name the variants of a string enum of `values`: by its first rule
/// (each value as an identifier) or its second (separators as `X`), the names must be
/// distinct. Where they are not, typify panics.
pub(super) fn variants_nameable<'a>(values: impl Iterator<Item = &'a str> + Clone) -> bool {
    let distinct = |names: Vec<String>| {
        let mut sorted = names.clone();
        sorted.sort();
        sorted.dedup();
        sorted.len() == names.len()
    };
    distinct(values.clone().map(pascal).collect())
        || distinct(
            values
                .map(|v| pascal(&v.replace(|c: char| c == '_' || !is_xid_continue(c), "X")))
                .collect(),
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_as_typify_gives_them() {
        assert_eq!(pascal("droplet"), "Droplet");
        assert_eq!(pascal("fields"), "Fields");
        assert_eq!(pascal("1-click"), "X1Click");
        assert_eq!(pascal(""), "X");
        assert_eq!(pascal("Self"), "Self_");
        assert_eq!(snake("inline-marker-ref"), "inline_marker_ref");
        assert_eq!(snake("inlineMarkerRef"), "inline_marker_ref");
        assert_eq!(snake("type"), "type_");
        assert_eq!(snake("+1"), "plus1");
        assert_eq!(property("ProjectFeature", "state"), "ProjectFeatureState");
        assert_eq!(
            derived("DropletsListResponse", "Item"),
            "DropletsListResponseItem"
        );
    }

    #[test]
    fn symbol_enums_cannot_be_named() {
        assert!(variants_nameable(["a", "b"].into_iter()));
        assert!(variants_nameable(["a-b", "ab"].into_iter()));
        assert!(!variants_nameable(["a-b", "a_b"].into_iter()));
        // `X` and `Xx` by the second rule.
        assert!(variants_nameable(["=", "!="].into_iter()));
        assert!(!variants_nameable(
            ["=", "!=", ">", "<", ">=", "<="].into_iter()
        ));
    }
}
