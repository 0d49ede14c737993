//! `#[query]` arguments to `application/x-www-form-urlencoded` pairs, in field order:
//! a struct or map adds its fields, a sequence repeats the key, a single value adds
//! `name=value`, and `None` adds nothing.

use std::fmt::{self, Display};

use serde::ser::{self, Impossible, Serialize};

type Pairs = form_urlencoded::Serializer<'static, String>;

/// Why a value cannot go into a query string.
#[derive(Debug)]
pub(crate) struct QueryError(String);

impl Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for QueryError {}

impl ser::Error for QueryError {
    fn custom<T: Display>(msg: T) -> Self {
        QueryError(msg.to_string())
    }
}

fn nested(key: &str) -> QueryError {
    QueryError(format!(
        "query parameter `{key}` is a nested object, which a query string cannot carry"
    ))
}

/// Appends `value` (the `#[query]` argument called `name`) to the query that starts at
/// byte `start` of `url` (a `&` goes between pairs).
pub(crate) fn append<T: Serialize + ?Sized>(
    url: &mut String,
    start: usize,
    name: &str,
    value: &T,
) -> Result<(), QueryError> {
    let mut pairs = Pairs::for_suffix(std::mem::take(url), start);
    let result = value.serialize(Value {
        pairs: &mut pairs,
        key: name,
        level: Level::Argument,
    });
    *url = pairs.finish();
    result
}

/// Where a value sits, which decides what it may be.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Level {
    /// The argument itself: a struct or map spreads into pairs.
    Argument,
    /// A field of the argument: a struct or map here has no encoding.
    Field,
    /// An element of a sequence: another sequence has no encoding either.
    Element,
}

/// A value under `key`: scalars append a pair, sequences repeat the key.
struct Value<'a> {
    pairs: &'a mut Pairs,
    key: &'a str,
    level: Level,
}

macro_rules! scalars {
    ($($method:ident: $ty:ty),*) => {
        $(fn $method(self, v: $ty) -> Result<(), QueryError> {
            self.scalar(&v.to_string())
        })*
    };
}

impl Value<'_> {
    fn scalar(self, v: &str) -> Result<(), QueryError> {
        self.pairs.append_pair(self.key, v);
        Ok(())
    }
}

impl<'a> ser::Serializer for Value<'a> {
    type Ok = ();
    type Error = QueryError;
    type SerializeSeq = Seq<'a>;
    type SerializeTuple = Seq<'a>;
    type SerializeTupleStruct = Seq<'a>;
    type SerializeTupleVariant = Impossible<(), QueryError>;
    type SerializeMap = Fields<'a>;
    type SerializeStruct = Fields<'a>;
    type SerializeStructVariant = Impossible<(), QueryError>;

    scalars!(serialize_bool: bool, serialize_i8: i8, serialize_i16: i16, serialize_i32: i32,
        serialize_i64: i64, serialize_i128: i128, serialize_u8: u8, serialize_u16: u16,
        serialize_u32: u32, serialize_u64: u64, serialize_u128: u128, serialize_f32: f32,
        serialize_f64: f64, serialize_char: char);

    fn serialize_str(self, v: &str) -> Result<(), QueryError> {
        self.scalar(v)
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<(), QueryError> {
        Err(QueryError(format!(
            "query parameter `{}` is raw bytes; send text",
            self.key
        )))
    }
    fn serialize_none(self) -> Result<(), QueryError> {
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), QueryError> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), QueryError> {
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), QueryError> {
        Ok(())
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<(), QueryError> {
        self.scalar(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), QueryError> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<(), QueryError> {
        Err(nested(self.key))
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Seq<'a>, QueryError> {
        if self.level == Level::Element {
            return Err(nested(self.key));
        }
        Ok(Seq {
            pairs: self.pairs,
            key: self.key,
        })
    }
    fn serialize_tuple(self, len: usize) -> Result<Seq<'a>, QueryError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<Seq<'a>, QueryError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, QueryError> {
        Err(nested(self.key))
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Fields<'a>, QueryError> {
        if self.level != Level::Argument {
            return Err(nested(self.key));
        }
        Ok(Fields {
            pairs: self.pairs,
            key: None,
        })
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Fields<'a>, QueryError> {
        self.serialize_map(None)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, QueryError> {
        Err(nested(self.key))
    }
}

/// A sequence under one key: `key=a&key=b`.
struct Seq<'a> {
    pairs: &'a mut Pairs,
    key: &'a str,
}

impl Seq<'_> {
    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), QueryError> {
        value.serialize(Value {
            pairs: self.pairs,
            key: self.key,
            level: Level::Element,
        })
    }
}

impl ser::SerializeSeq for Seq<'_> {
    type Ok = ();
    type Error = QueryError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), QueryError> {
        self.element(value)
    }
    fn end(self) -> Result<(), QueryError> {
        Ok(())
    }
}

impl ser::SerializeTuple for Seq<'_> {
    type Ok = ();
    type Error = QueryError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), QueryError> {
        self.element(value)
    }
    fn end(self) -> Result<(), QueryError> {
        Ok(())
    }
}

impl ser::SerializeTupleStruct for Seq<'_> {
    type Ok = ();
    type Error = QueryError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), QueryError> {
        self.element(value)
    }
    fn end(self) -> Result<(), QueryError> {
        Ok(())
    }
}

/// The fields of a struct or entries of a map at the top level.
struct Fields<'a> {
    pairs: &'a mut Pairs,
    key: Option<String>,
}

impl ser::SerializeStruct for Fields<'_> {
    type Ok = ();
    type Error = QueryError;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), QueryError> {
        value.serialize(Value {
            pairs: self.pairs,
            key,
            level: Level::Field,
        })
    }
    fn end(self) -> Result<(), QueryError> {
        Ok(())
    }
}

impl ser::SerializeMap for Fields<'_> {
    type Ok = ();
    type Error = QueryError;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), QueryError> {
        self.key = Some(key.serialize(KeySerializer)?);
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), QueryError> {
        let key = self.key.take().unwrap_or_default();
        value.serialize(Value {
            pairs: self.pairs,
            key: &key,
            level: Level::Field,
        })
    }
    fn end(self) -> Result<(), QueryError> {
        Ok(())
    }
}

/// Map keys: strings and numbers only.
struct KeySerializer;

macro_rules! key_scalars {
    ($($method:ident: $ty:ty),*) => {
        $(fn $method(self, v: $ty) -> Result<String, QueryError> {
            Ok(v.to_string())
        })*
    };
}

macro_rules! key_rejects {
    ($($method:ident($($arg:ty),*) -> $ret:ty),*) => {
        $(fn $method(self, $(_: $arg),*) -> Result<$ret, QueryError> {
            Err(QueryError("query map keys must be strings or numbers".into()))
        })*
    };
}

impl ser::Serializer for KeySerializer {
    type Ok = String;
    type Error = QueryError;
    type SerializeSeq = Impossible<String, QueryError>;
    type SerializeTuple = Impossible<String, QueryError>;
    type SerializeTupleStruct = Impossible<String, QueryError>;
    type SerializeTupleVariant = Impossible<String, QueryError>;
    type SerializeMap = Impossible<String, QueryError>;
    type SerializeStruct = Impossible<String, QueryError>;
    type SerializeStructVariant = Impossible<String, QueryError>;

    key_scalars!(serialize_bool: bool, serialize_i8: i8, serialize_i16: i16, serialize_i32: i32,
        serialize_i64: i64, serialize_i128: i128, serialize_u8: u8, serialize_u16: u16,
        serialize_u32: u32, serialize_u64: u64, serialize_u128: u128, serialize_f32: f32,
        serialize_f64: f64, serialize_char: char, serialize_str: &str);

    key_rejects!(serialize_bytes(&[u8]) -> String, serialize_none() -> String,
        serialize_unit() -> String, serialize_unit_struct(&'static str) -> String,
        serialize_seq(Option<usize>) -> Self::SerializeSeq,
        serialize_tuple(usize) -> Self::SerializeTuple,
        serialize_tuple_struct(&'static str, usize) -> Self::SerializeTupleStruct,
        serialize_tuple_variant(&'static str, u32, &'static str, usize) -> Self::SerializeTupleVariant,
        serialize_map(Option<usize>) -> Self::SerializeMap,
        serialize_struct(&'static str, usize) -> Self::SerializeStruct,
        serialize_struct_variant(&'static str, u32, &'static str, usize) -> Self::SerializeStructVariant);

    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<String, QueryError> {
        Ok(variant.to_owned())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<String, QueryError> {
        value.serialize(self)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<String, QueryError> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<String, QueryError> {
        Err(QueryError(
            "query map keys must be strings or numbers".into(),
        ))
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde::Serialize;

    use super::append;

    fn query(f: impl FnOnce(&mut String)) -> String {
        let mut q = String::new();
        f(&mut q);
        q
    }

    #[derive(Serialize)]
    struct Filter<'a> {
        status: &'a str,
        limit: u32,
        tags: Vec<&'a str>,
        cursor: Option<&'a str>,
        sort: Sort,
    }

    #[derive(Serialize)]
    #[serde(rename_all = "snake_case")]
    enum Sort {
        NewestFirst,
    }

    #[test]
    fn structs_keep_field_order_and_sequences_repeat() {
        let q = query(|q| {
            append(
                q,
                0,
                "filter",
                &Filter {
                    status: "open & paid",
                    limit: 10,
                    tags: vec!["a", "b"],
                    cursor: None,
                    sort: Sort::NewestFirst,
                },
            )
            .unwrap();
            append(q, 0, "page", &2u32).unwrap();
            append(q, 0, "ids", &[1, 2]).unwrap();
            append(q, 0, "missing", &None::<u32>).unwrap();
            append(q, 0, "flag", &Some(true)).unwrap();
        });
        assert_eq!(
            q,
            "status=open+%26+paid&limit=10&tags=a&tags=b&sort=newest_first&page=2&ids=1&ids=2&flag=true"
        );
    }

    #[test]
    fn maps_and_errors() {
        let mut map = BTreeMap::new();
        map.insert("b", 2);
        map.insert("a", 1);
        assert_eq!(query(|q| append(q, 0, "m", &map).unwrap()), "a=1&b=2");

        #[derive(Serialize)]
        struct Nested {
            inner: BTreeMap<&'static str, u32>,
        }
        let mut q = String::new();
        let err = append(
            &mut q,
            0,
            "n",
            &Nested {
                inner: BTreeMap::new(),
            },
        )
        .unwrap_err();
        assert!(
            err.to_string().contains("`inner` is a nested object"),
            "{err}"
        );
        let err = append(&mut q, 0, "grid", &vec![vec![1]]).unwrap_err();
        assert!(err.to_string().contains("`grid`"), "{err}");
    }
}
