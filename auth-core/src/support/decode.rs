//! What the `Deserialize` impls written by `auth-openapi` call: a struct's fields and an
//! enum's unit variants read the way serde's derive reads them, from code a tenth of the
//! size.
//!
//! serde's derive writes, for every struct, a field enum with its own visitor, a
//! sequence visitor and a map visitor: about 60 lines of generic code per struct plus 25
//! per field, all of it type-checked where the struct is defined. For a generated
//! client of a large document that is most of its build (DigitalOcean's 1,946 types:
//! nine tenths of the crate's build time and memory). The generator's impls keep only
//! what decoding JSON needs (the map visitor, a `match` from name to field) and share
//! the rest from here, generic only over the deserializer.
//!
//! Behaviour matches the derive's for a map input: fields by name (or by index, for
//! formats that send one), unknown fields skipped, a repeated field is
//! `duplicate field`, a missing one is `missing field` unless its type reads absence as
//! a value (an `Option` is `None`, exactly as serde's derive decides it), and the same
//! messages. A struct sent as a sequence is not taken (serde's derive takes one; JSON
//! APIs do not send them).

use std::fmt;
use std::marker::PhantomData;

use serde::de::{
    self, Deserialize, DeserializeSeed, Deserializer, EnumAccess, IgnoredAny, MapAccess,
    VariantAccess, Visitor,
};

/// A field name read as the index of the field it names, by `index` (the struct's own
/// `match`); an unknown name is `usize::MAX`.
#[derive(Clone, Copy)]
pub struct Field(pub fn(&str) -> usize);

impl<'de> DeserializeSeed<'de> for Field {
    type Value = usize;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<usize, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl Visitor<'_> for Field {
    type Value = usize;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("field identifier")
    }

    fn visit_u64<E: de::Error>(self, index: u64) -> Result<usize, E> {
        Ok(usize::try_from(index).unwrap_or(usize::MAX))
    }

    fn visit_str<E: de::Error>(self, name: &str) -> Result<usize, E> {
        Ok((self.0)(name))
    }

    fn visit_bytes<E: de::Error>(self, name: &[u8]) -> Result<usize, E> {
        Ok(std::str::from_utf8(name).map_or(usize::MAX, self.0))
    }
}

/// Reads the next value of `map` into `slot`; a second value for the same field is
/// serde's `duplicate field` error.
///
/// # Errors
///
/// The value does not decode as `T`, or the field came twice.
pub fn put<'de, T, A>(slot: &mut Option<T>, map: &mut A, name: &'static str) -> Result<(), A::Error>
where
    T: Deserialize<'de>,
    A: MapAccess<'de>,
{
    if slot.is_some() {
        return Err(de::Error::duplicate_field(name));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}

/// Skips the next value of `map`: the value of a field the struct does not have.
///
/// # Errors
///
/// The input is malformed.
pub fn skip<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<IgnoredAny>().map(drop)
}

/// The value read for a field, or when it was absent, what its type makes of absence:
/// `None` for an `Option`, serde's `missing field` error for most types (serde's derive
/// decides it the same way).
///
/// # Errors
///
/// The field was absent and its type needs a value.
pub fn field<'de, T, E>(slot: Option<T>, name: &'static str) -> Result<T, E>
where
    T: Deserialize<'de>,
    E: de::Error,
{
    match slot {
        Some(value) => Ok(value),
        None => T::deserialize(Missing {
            name,
            error: PhantomData,
        }),
    }
}

/// The value read for a field that must be present even when its type takes `null`
/// (serde's `deserialize_with = "Option::deserialize"`).
///
/// # Errors
///
/// The field was absent: serde's `missing field` error.
pub fn required<T, E: de::Error>(slot: Option<T>, name: &'static str) -> Result<T, E> {
    slot.ok_or_else(|| E::missing_field(name))
}

/// The deserializer of an absent field: `None` to an `Option`, `missing field` to
/// anything else.
struct Missing<E> {
    name: &'static str,
    error: PhantomData<E>,
}

impl<'de, E: de::Error> Deserializer<'de> for Missing<E> {
    type Error = E;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, E> {
        Err(E::missing_field(self.name))
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        visitor.visit_none()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct newtype_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }
}

/// Reads a unit variant of an enum named `name` whose variants' names are `variants`,
/// as its index: from a string (`"active"`), or however the format writes an enum.
///
/// # Errors
///
/// The input names no variant (serde's `unknown variant` error, listing them), or is
/// not a unit variant.
pub fn variant<'de, D: Deserializer<'de>>(
    deserializer: D,
    name: &'static str,
    variants: &'static [&'static str],
) -> Result<usize, D::Error> {
    deserializer.deserialize_enum(name, variants, Variants(variants))
}

/// Reads a variant's name as its index among these names.
#[derive(Clone, Copy)]
struct Variants(&'static [&'static str]);

impl<'de> Visitor<'de> for Variants {
    type Value = usize;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("variant identifier")
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<usize, A::Error> {
        let (index, variant) = data.variant_seed(self)?;
        variant.unit_variant()?;
        Ok(index)
    }

    fn visit_u64<E: de::Error>(self, index: u64) -> Result<usize, E> {
        match usize::try_from(index) {
            Ok(index) if index < self.0.len() => Ok(index),
            _ => Err(E::invalid_value(
                de::Unexpected::Unsigned(index),
                &VariantIndex(self.0.len()),
            )),
        }
    }

    fn visit_str<E: de::Error>(self, name: &str) -> Result<usize, E> {
        self.0
            .iter()
            .position(|v| *v == name)
            .ok_or_else(|| E::unknown_variant(name, self.0))
    }

    fn visit_bytes<E: de::Error>(self, name: &[u8]) -> Result<usize, E> {
        match std::str::from_utf8(name) {
            Ok(name) => self.visit_str(name),
            Err(_) => Err(E::unknown_variant(&String::from_utf8_lossy(name), self.0)),
        }
    }
}

impl<'de> DeserializeSeed<'de> for Variants {
    type Value = usize;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<usize, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

/// What a variant's index must be, for the error message.
struct VariantIndex(usize);

impl de::Expected for VariantIndex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "variant index 0 <= i < {}", self.0)
    }
}
