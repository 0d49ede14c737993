//! Following `#[/components/...]` references, and telling which schemas are plain values
//! a path, query or header can carry.

use openapiv3::{Components, Parameter, ReferenceOr, Schema, SchemaKind, Type};
use proc_macro2::TokenStream;
use quote::quote;

use crate::error::unescape;

/// A parameter, following a local reference.
pub(crate) fn resolve_parameter<'a>(
    param: &'a ReferenceOr<Parameter>,
    components: &'a Components,
) -> Result<&'a Parameter, String> {
    resolve(param, components, "parameters", |c| &c.parameters)
}

/// `item`, or what its `#/components/<kind>/<name>` reference names (references to
/// references followed up to 8 deep).
pub(crate) fn resolve<'a, T>(
    mut item: &'a ReferenceOr<T>,
    components: &'a Components,
    kind: &str,
    map: impl Fn(&'a Components) -> &'a indexmap::IndexMap<String, ReferenceOr<T>>,
) -> Result<&'a T, String> {
    for _ in 0..8 {
        match item {
            ReferenceOr::Item(t) => return Ok(t),
            ReferenceOr::Reference { reference } => {
                let prefix = format!("#/components/{kind}/");
                let Some(name) = reference.strip_prefix(&prefix) else {
                    return Err(format!(
                        "the reference `{reference}` is not to `{prefix}...` of this document"
                    ));
                };
                let name = unescape(name);
                item = map(components)
                    .get(&name)
                    .ok_or_else(|| format!("the reference `{reference}` names nothing"))?;
            }
        }
    }
    Err("references nested more than 8 deep".into())
}

/// The schema a reference names, one level (for parameters' plain types).
pub(crate) fn schema_of<'a>(
    schema: &'a ReferenceOr<Schema>,
    components: &'a Components,
) -> Option<&'a Schema> {
    resolve(schema, components, "schemas", |c| &c.schemas).ok()
}

/// A value a path, query or header can carry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Plain {
    Str,
    I32,
    I64,
    F64,
    Bool,
    /// A list of plain values that are not lists themselves.
    List(Box<Plain>),
}

impl Plain {
    /// The Rust type of an argument carrying it.
    pub(crate) fn tokens(&self) -> TokenStream {
        match self {
            Plain::Str => quote!(&str),
            Plain::I32 => quote!(i32),
            Plain::I64 => quote!(i64),
            Plain::F64 => quote!(f64),
            Plain::Bool => quote!(bool),
            Plain::List(element) => {
                let element = element.tokens();
                quote!(&[#element])
            }
        }
    }

    /// The Rust type of an optional argument carrying it, set on the call and kept
    /// until the call is sent: owned (`String`, `Vec<String>`).
    pub(crate) fn owned_tokens(&self) -> TokenStream {
        match self {
            Plain::Str => quote!(String),
            Plain::List(element) => {
                let element = element.owned_tokens();
                quote!(Vec<#element>)
            }
            plain => plain.tokens(),
        }
    }
}

/// Whether a schema is a plain value a path or query can carry, and which: a string,
/// integer, number or boolean (also when written with keywords of another type, which
/// the model reads as "any"); a string for a choice among plain types (`oneOf: [integer,
/// string]`: an id or a name); a list of such values.
pub(crate) fn plain(schema: &Schema, components: &Components) -> Option<Plain> {
    plain_within(schema, components, 0)
}

fn plain_within(schema: &Schema, components: &Components, depth: usize) -> Option<Plain> {
    if depth > 8 {
        return None;
    }
    let element = |items: Option<&ReferenceOr<Box<Schema>>>| -> Option<Plain> {
        let item = match items? {
            ReferenceOr::Item(s) => Some(&**s),
            ReferenceOr::Reference { reference } => reference
                .strip_prefix("#/components/schemas/")
                .and_then(|name| components.schemas.get(&unescape(name)))
                .and_then(|schema| schema_of(schema, components)),
        }?;
        match plain_within(item, components, depth + 1)? {
            Plain::List(_) => None,
            element => Some(Plain::List(Box::new(element))),
        }
    };
    let integer = |format: Option<&str>| match format {
        Some("int32") => Plain::I32,
        _ => Plain::I64,
    };
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(_)) => Some(Plain::Str),
        SchemaKind::Type(Type::Integer(i)) => Some(match &i.format {
            openapiv3::VariantOrUnknownOrEmpty::Item(openapiv3::IntegerFormat::Int32) => {
                integer(Some("int32"))
            }
            _ => integer(None),
        }),
        SchemaKind::Type(Type::Number(_)) => Some(Plain::F64),
        SchemaKind::Type(Type::Boolean(_)) => Some(Plain::Bool),
        SchemaKind::Type(Type::Array(array)) => element(array.items.as_ref()),
        SchemaKind::Any(any) if any.typ.as_deref() == Some("array") => element(any.items.as_ref()),
        SchemaKind::Any(any) if any.properties.is_empty() && any.items.is_none() => {
            match any.typ.as_deref()? {
                "string" => Some(Plain::Str),
                "integer" => Some(integer(any.format.as_deref())),
                "number" => Some(Plain::F64),
                "boolean" => Some(Plain::Bool),
                _ => None,
            }
        }
        SchemaKind::OneOf { one_of: choices } | SchemaKind::AnyOf { any_of: choices } => {
            let all_plain = !choices.is_empty()
                && choices.iter().all(|choice| {
                    schema_of(choice, components)
                        .and_then(|s| plain_within(s, components, depth + 1))
                        .is_some_and(|p| !matches!(p, Plain::List(_)))
                });
            all_plain.then_some(Plain::Str)
        }
        _ => None,
    }
}
