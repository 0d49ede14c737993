//! `#[query]` arguments to `application/x-www-form-urlencoded` pairs, in field order,
//! through serde_html_form: a struct or map adds its fields, a sequence repeats the key,
//! a single value adds `name=value`, and `None` adds nothing.
//!
//! (This crate had a serializer of its own; serde_html_form writes the same URL in about
//! 80% of the time: `cargo bench -p auth-bench --bench query`.)

use std::fmt::{self, Display};

use serde::Serialize;

/// Why a value cannot go into a query string.
#[derive(Debug)]
pub(crate) struct QueryError(String);

impl Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for QueryError {}

/// Appends `value` (the `#[query]` argument called `name`) to the query that starts at
/// byte `start` of `url` (a `&` goes between pairs). On error, `url` is left as it was.
pub(crate) fn append<T: Serialize + ?Sized>(
    url: &mut String,
    start: usize,
    name: &str,
    value: &T,
) -> Result<(), QueryError> {
    let mark = url.len();
    if mark > start {
        url.push('&');
    }
    let at = url.len();
    // A struct or map spreads into its fields; serde_html_form refuses anything else at
    // the top, before writing, and then it goes as `name=value`.
    let result = serde_html_form::ser::push_to_string(url, value).or_else(|_| {
        url.truncate(at);
        serde_html_form::ser::push_to_string(url, Named(name, value))
    });
    if result.is_err() || url.len() == at {
        url.truncate(mark);
    }
    result.map_err(|e| {
        QueryError(format!(
            "{e}: a query string carries values and lists of values, not nested objects or \
             lists of lists"
        ))
    })
}

/// `name` and its value as a one-entry map, which serde_html_form writes as `name=value`,
/// or `name=a&name=b` for a list.
struct Named<'a, T: ?Sized>(&'a str, &'a T);

impl<T: Serialize + ?Sized> Serialize for Named<'_, T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap as _;
        let mut map = serializer.serialize_map(Some(1))?;
        map.serialize_entry(self.0, self.1)?;
        map.end()
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
            append(q, 0, "ids", &[1, 2][..]).unwrap();
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
        let mut q = String::from("x=1");
        let err = append(
            &mut q,
            0,
            "n",
            &Nested {
                inner: BTreeMap::new(),
            },
        )
        .unwrap_err();
        assert!(err.to_string().contains("nested objects"), "{err}");
        let err = append(&mut q, 0, "grid", &vec![vec![1]]).unwrap_err();
        assert!(err.to_string().contains("lists of lists"), "{err}");
        assert_eq!(q, "x=1", "a refused value leaves nothing behind");
    }
}
