//! One value out of a JSON body, found by an RFC 6901 pointer (`/links/pages/next`),
//! read in one pass that skips everything else: a page's next link or its items without
//! building the whole document as a `serde_json::Value` first.

use std::fmt;
use std::marker::PhantomData;

use serde::Deserialize;
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};

/// The value at `pointer` in `body`, read as `T`: `None` when the pointer leads nowhere
/// (a missing key, an index past the end, a path through a string) or to `null`.
///
/// # Errors
///
/// The body is not JSON, or the value there is not a `T`.
pub(crate) fn at<T: de::DeserializeOwned>(
    body: &[u8],
    pointer: &str,
) -> Result<Option<T>, serde_json::Error> {
    let tokens: Vec<String> = tokens(pointer).collect();
    let mut de = serde_json::Deserializer::from_slice(body);
    let found = Walk::<T>::new(&tokens).deserialize(&mut de)?;
    de.end()?;
    Ok(found)
}

/// The reference tokens of a pointer, unescaped (`~1` is `/`, `~0` is `~`). The empty
/// pointer is the whole document.
fn tokens(pointer: &str) -> impl Iterator<Item = String> + '_ {
    pointer
        .split('/')
        .skip(1)
        .map(|t| t.replace("~1", "/").replace("~0", "~"))
}

/// Walks down the rest of the pointer.
struct Walk<'p, T> {
    rest: &'p [String],
    found: PhantomData<fn() -> T>,
}

impl<'p, T> Walk<'p, T> {
    fn new(rest: &'p [String]) -> Self {
        Walk {
            rest,
            found: PhantomData,
        }
    }
}

impl<'de, T: de::DeserializeOwned> DeserializeSeed<'de> for Walk<'_, T> {
    type Value = Option<T>;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Option<T>, D::Error> {
        if self.rest.is_empty() {
            Option::<T>::deserialize(d)
        } else {
            d.deserialize_any(self)
        }
    }
}

impl<'de, T: de::DeserializeOwned> Visitor<'de> for Walk<'_, T> {
    type Value = Option<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Option<T>, A::Error> {
        let (token, rest) = (&self.rest[0], &self.rest[1..]);
        let mut found = None;
        while let Some(matches) = map.next_key_seed(KeyIs(token))? {
            if matches && found.is_none() {
                found = map.next_value_seed(Walk::<T>::new(rest))?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(found)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Option<T>, A::Error> {
        let (token, rest) = (&self.rest[0], &self.rest[1..]);
        // RFC 6901: an index is `0` or digits without a leading zero.
        let index = token
            .parse::<usize>()
            .ok()
            .filter(|_| token == "0" || !token.starts_with('0'));
        let mut found = None;
        let mut i = 0;
        loop {
            if Some(i) == index {
                match seq.next_element_seed(Walk::<T>::new(rest))? {
                    Some(value) => found = value,
                    None => break,
                }
            } else if seq.next_element::<IgnoredAny>()?.is_none() {
                break;
            }
            i += 1;
        }
        Ok(found)
    }

    // Scalars have no members: the pointer leads nowhere.
    fn visit_bool<E>(self, _: bool) -> Result<Option<T>, E> {
        Ok(None)
    }
    fn visit_i64<E>(self, _: i64) -> Result<Option<T>, E> {
        Ok(None)
    }
    fn visit_u64<E>(self, _: u64) -> Result<Option<T>, E> {
        Ok(None)
    }
    fn visit_f64<E>(self, _: f64) -> Result<Option<T>, E> {
        Ok(None)
    }
    fn visit_str<E>(self, _: &str) -> Result<Option<T>, E> {
        Ok(None)
    }
    fn visit_unit<E>(self) -> Result<Option<T>, E> {
        Ok(None)
    }
}

/// Reads an object's key and says whether it is the pointer's next token, without
/// keeping it.
struct KeyIs<'p>(&'p str);

impl<'de> DeserializeSeed<'de> for KeyIs<'_> {
    type Value = bool;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<bool, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeyIs<'_> {
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object key")
    }

    fn visit_str<E>(self, key: &str) -> Result<bool, E> {
        Ok(key == self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// DigitalOcean's `GET /v2/droplets` answer, shortened (the shape of
    /// https://docs.digitalocean.com/reference/api/digitalocean/#tag/Droplets/operation/droplets_list).
    const DROPLETS: &str = r#"{
        "droplets": [{"id": 1, "name": "a"}, {"id": 2, "name": "b"}],
        "links": {"pages": {"next": "https://api.digitalocean.com/v2/droplets?page=2&per_page=2",
                            "last": "https://api.digitalocean.com/v2/droplets?page=3&per_page=2"}},
        "meta": {"total": 5}
    }"#;

    #[test]
    fn finds_nested_values_and_skips_the_rest() {
        let next: Option<String> = at(DROPLETS.as_bytes(), "/links/pages/next").unwrap();
        assert_eq!(
            next.as_deref(),
            Some("https://api.digitalocean.com/v2/droplets?page=2&per_page=2")
        );
        let total: Option<u64> = at(DROPLETS.as_bytes(), "/meta/total").unwrap();
        assert_eq!(total, Some(5));
        let ids: Option<Vec<serde_json::Value>> = at(DROPLETS.as_bytes(), "/droplets").unwrap();
        assert_eq!(ids.unwrap().len(), 2);
        let second: Option<String> = at(DROPLETS.as_bytes(), "/droplets/1/name").unwrap();
        assert_eq!(second.as_deref(), Some("b"));
    }

    #[test]
    fn absent_null_and_impossible_paths_are_none() {
        let none: Option<String> = at(DROPLETS.as_bytes(), "/links/pages/prev").unwrap();
        assert_eq!(none, None);
        let none: Option<String> = at(br#"{"next_page": null}"#, "/next_page/offset").unwrap();
        assert_eq!(none, None);
        let none: Option<String> = at(DROPLETS.as_bytes(), "/droplets/7/name").unwrap();
        assert_eq!(none, None);
        let none: Option<String> = at(DROPLETS.as_bytes(), "/droplets/01").unwrap();
        assert_eq!(none, None);
        let none: Option<String> = at(DROPLETS.as_bytes(), "/meta/total/x").unwrap();
        assert_eq!(none, None);
    }

    #[test]
    fn the_empty_pointer_is_the_whole_document() {
        let all: Option<Vec<u32>> = at(b"[1, 2, 3]", "").unwrap();
        assert_eq!(all, Some(vec![1, 2, 3]));
    }

    #[test]
    fn escaped_tokens_and_bad_bodies() {
        let v: Option<u8> = at(br#"{"a/b": {"~c": 4}}"#, "/a~1b/~0c").unwrap();
        assert_eq!(v, Some(4));
        assert!(at::<u8>(b"{\"a\": ", "/a").is_err());
        assert!(at::<u8>(br#"{"a": "x"}"#, "/a").is_err());
        assert!(at::<u8>(br#"{"a": 1} trailing"#, "/a").is_err());
    }
}
