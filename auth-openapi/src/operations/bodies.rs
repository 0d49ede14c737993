//! An operation's request body, as the method takes it:
//!
//! - JSON: the document's type, by reference (`#[body]`);
//! - `application/x-www-form-urlencoded`: the document's type, by reference, sent
//!   URL-encoded (`#[body(form)]`);
//! - `multipart/form-data`: a parts type generated from the schema's properties (files
//!   as `Part`s, text and numbers as text parts, objects as JSON parts), by value, built
//!   with `new` (the required parts) and a setter per optional part
//!   (`#[body(multipart)]`); a schema without properties is a `Multipart` the caller
//!   builds;
//! - anything else (an octet-stream, an image, XML): an `Upload`, from bytes, a file or
//!   a stream.

use openapiv3::{ReferenceOr, Schema, SchemaKind, StringFormat, Type, VariantOrUnknownOrEmpty};

use crate::error::escape;
use crate::names::{self, Unique};
use crate::refs::resolve;
use crate::types::{Field, FieldKind, Parts, TypeRef};

use super::{Reader, is_json};

/// How a body is encoded, and so which `#[body]` attribute its argument has.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Encoding {
    Json,
    Form,
    Multipart,
    /// Sent as it is (an `Upload`).
    Raw,
}

impl Reader<'_> {
    /// The request body's type and encoding. `Some(None)`: no body.
    pub(super) fn body(
        &mut self,
        op: &openapiv3::Operation,
        name: &str,
        at: &str,
    ) -> Option<Option<(TypeRef, Encoding)>> {
        let Some(body) = &op.request_body else {
            return Some(None);
        };
        let at = format!("{at}/requestBody");
        let body = match resolve(body, self.components, "requestBodies", |c| {
            &c.request_bodies
        }) {
            Ok(b) => b,
            Err(message) => return self.skip(&at, message),
        };
        let content_at = |media: &str| format!("{at}/content/{}", escape(media));
        if let Some((media, content)) = body.content.iter().find(|(m, _)| is_json(m)) {
            let ty = self.types.schema(
                content.schema.as_ref(),
                name,
                "Body",
                &content_at(media),
                self.warnings,
            );
            return Some(Some((ty, Encoding::Json)));
        }
        if let Some((media, content)) = body.content.iter().find(|(m, _)| is(m, FORM)) {
            let ty = self.types.schema(
                content.schema.as_ref(),
                name,
                "Form",
                &content_at(media),
                self.warnings,
            );
            return Some(Some((ty, Encoding::Form)));
        }
        if let Some((media, content)) = body.content.iter().find(|(m, _)| is(m, MULTIPART)) {
            let at = content_at(media);
            let ty = match content.schema.as_ref().and_then(|s| self.object(s)) {
                Some(schema) => {
                    let features = self.features(op);
                    self.parts(&schema, name, &at, features)
                }
                None => TypeRef::Multipart,
            };
            return Some(Some((ty, Encoding::Multipart)));
        }
        Some(Some((TypeRef::Upload, Encoding::Raw)))
    }

    /// The object schema a multipart body's schema is (following a reference), when it
    /// has properties.
    fn object(&self, schema: &ReferenceOr<Schema>) -> Option<Schema> {
        let schema = resolve(schema, self.components, "schemas", |c| &c.schemas).ok()?;
        match &schema.schema_kind {
            SchemaKind::Type(Type::Object(o)) if !o.properties.is_empty() => Some(schema.clone()),
            SchemaKind::Any(a) if !a.properties.is_empty() => Some(schema.clone()),
            _ => None,
        }
    }

    /// The parts type of a multipart body: one field per property, in order.
    fn parts(
        &mut self,
        schema: &Schema,
        operation: &str,
        at: &str,
        features: Vec<String>,
    ) -> TypeRef {
        let (properties, required) = match &schema.schema_kind {
            SchemaKind::Type(Type::Object(o)) => (&o.properties, &o.required),
            SchemaKind::Any(a) => (&a.properties, &a.required),
            _ => unreachable!("`object` returns objects with properties"),
        };
        let mut idents = Unique::with_reserved(["new"]);
        let mut fields = Vec::with_capacity(properties.len());
        for (wire, property) in properties {
            let property_at = format!("{at}/schema/properties/{}", escape(wire));
            let kind = self.part_kind(property, operation, wire, &property_at);
            let docs = match property {
                ReferenceOr::Item(s) => s
                    .schema_data
                    .description
                    .as_deref()
                    .map(crate::doc::doc_lines)
                    .unwrap_or_default(),
                ReferenceOr::Reference { .. } => Vec::new(),
            };
            fields.push(Field {
                wire: wire.clone(),
                ident: idents.take(names::snake(wire)),
                required: required.contains(wire),
                kind,
                docs,
            });
        }
        self.types.parts(Parts {
            base: format!("{}Parts", names::camel(operation)),
            operation: operation.to_owned(),
            fields,
            features,
        })
    }

    /// What one property of a multipart body is sent as.
    fn part_kind(
        &mut self,
        property: &ReferenceOr<Box<Schema>>,
        operation: &str,
        wire: &str,
        at: &str,
    ) -> FieldKind {
        let resolved = match property {
            ReferenceOr::Item(schema) => Some(&**schema),
            ReferenceOr::Reference { reference } => reference
                .strip_prefix("#/components/schemas/")
                .and_then(|name| self.components.schemas.get(&crate::error::unescape(name)))
                .and_then(|s| crate::refs::schema_of(s, self.components)),
        };
        let scalar = |schema: &Schema| -> Option<FieldKind> {
            Some(match &schema.schema_kind {
                SchemaKind::Type(Type::String(s)) if is_binary(&s.format) => FieldKind::File,
                SchemaKind::Type(Type::String(_)) => FieldKind::Text,
                SchemaKind::Type(Type::Integer(_)) => FieldKind::Scalar("i64"),
                SchemaKind::Type(Type::Number(_)) => FieldKind::Scalar("f64"),
                SchemaKind::Type(Type::Boolean(_)) => FieldKind::Scalar("bool"),
                _ => return None,
            })
        };
        if let Some(schema) = resolved {
            if let Some(kind) = scalar(schema) {
                return kind;
            }
            if let SchemaKind::Type(Type::Array(array)) = &schema.schema_kind {
                let item = match &array.items {
                    Some(ReferenceOr::Item(item)) => scalar(item),
                    _ => None,
                };
                match item {
                    Some(FieldKind::File) => return FieldKind::Files,
                    Some(FieldKind::Text) => return FieldKind::TextList,
                    _ => {}
                }
            }
        }
        let schema = match property {
            ReferenceOr::Item(schema) => ReferenceOr::Item((**schema).clone()),
            ReferenceOr::Reference { reference } => ReferenceOr::Reference {
                reference: reference.clone(),
            },
        };
        let suffix = format!("{}Part", names::camel(wire));
        FieldKind::Json(
            self.types
                .schema(Some(&schema), operation, &suffix, at, self.warnings),
        )
    }
}

const FORM: &str = "application/x-www-form-urlencoded";
const MULTIPART: &str = "multipart/form-data";

/// Whether media type `media` is `essence` (with any parameters).
fn is(media: &str, essence: &str) -> bool {
    super::essence(media) == essence
}

/// `format: binary`: a file's bytes.
pub(super) fn is_binary(format: &VariantOrUnknownOrEmpty<StringFormat>) -> bool {
    matches!(format, VariantOrUnknownOrEmpty::Item(StringFormat::Binary))
}
