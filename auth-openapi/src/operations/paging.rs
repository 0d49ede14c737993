//! Which operations are paged, and how: as the configuration says
//! ([`Config::paging`](crate::Config::paging)), or recognised from the answer where the
//! document leaves no doubt:
//!
//! - an object answer with `links.pages.next` (DigitalOcean): the next page's URL there;
//! - an object answer with `next_page.uri` (Asana): the next page's URL there;
//! - an array answer that declares a `Link` header (Mastodon): its `rel="next"` link.
//!
//! A page's items are the answer's one array property (`droplets`, `data`), or the answer
//! itself when it is an array. An answer with several arrays is paged only when the
//! configuration names its items.

use openapiv3::{Components, ReferenceOr, Response, Schema, SchemaKind, Type};

use crate::config::Paging;
use crate::error::Warning;
use crate::types::{TypeRef, Types};

/// How a paged operation's pages follow one another (what `#[paginated]` says).
#[derive(Clone, Debug)]
pub(crate) struct Paged {
    /// JSON pointer to a page's items (`""`: the answer is the array).
    pub(crate) items: String,
    /// The type of one item.
    pub(crate) item: TypeRef,
    pub(crate) next: Next,
}

/// The way to the next page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Next {
    UrlInBody(String),
    LinkHeader,
    Cursor {
        at: String,
        param: String,
    },
    PageNumber {
        param: String,
        total_pages: Option<String>,
        total_items: Option<String>,
    },
}

/// What deciding needs: the answer's schema and headers, and where to record types.
pub(crate) struct Answer<'a> {
    pub(crate) schema: Option<&'a ReferenceOr<Schema>>,
    pub(crate) response: Option<&'a Response>,
    /// The operation's method name, for the item type's name when it is inline.
    pub(crate) name: &'a str,
    /// Where the answer's schema is, for warnings.
    pub(crate) at: &'a str,
}

/// How `answer`'s operation is paged, if it is: `configured` when the configuration
/// names it, else what the answer makes plain.
pub(crate) fn paged(
    answer: &Answer<'_>,
    configured: Option<&Paging>,
    components: &Components,
    types: &mut Types,
    warnings: &mut Vec<Warning>,
) -> Option<Paged> {
    let schema = answer.schema.and_then(|s| resolved(s, components));
    let (next, items) = match configured {
        Some(config) if config.off => return None,
        Some(config) => match configured_next(config) {
            Ok(next) => (next, config.items.clone()),
            Err(problem) => {
                warnings.push(Warning::new(
                    answer.at,
                    format!("the configured paging {problem}; the operation is not paged"),
                ));
                return None;
            }
        },
        None => (recognised(schema?, answer.response, components)?, None),
    };
    let (items, item_schema) = match items {
        Some(at) => {
            let found = schema.and_then(|s| at_pointer(s, &at, components));
            (at, found.and_then(|s| array_items(s, components)))
        }
        None => match schema.and_then(|s| the_items(s, components)) {
            Some(found) => found,
            None => {
                warnings.push(Warning::new(
                    answer.at,
                    "the answer looks paged but has no single array of items; name them in \
                     the configuration's `paging` (`\"items\": \"/data\"`) to page it",
                ));
                return None;
            }
        },
    };
    let item = match item_schema {
        Some(schema) => {
            let schema = unboxed(schema);
            types.schema(Some(&schema), answer.name, "Item", answer.at, warnings)
        }
        None => TypeRef::Json,
    };
    Some(Paged { items, item, next })
}

/// The way to the next page a configuration entry names: exactly one.
fn configured_next(config: &Paging) -> Result<Next, String> {
    let pointers = [
        &config.items,
        &config.next_url,
        &config.cursor,
        &config.total_pages,
        &config.total_items,
    ];
    if let Some(bad) = pointers
        .into_iter()
        .flatten()
        .find(|p| !auth_codegen::rules::is_json_pointer(p))
    {
        return Err(format!(
            "names `{bad}`, which is not a JSON pointer (`/links/pages/next`)"
        ));
    }
    let mut found = Vec::new();
    if let Some(at) = &config.next_url {
        found.push(Next::UrlInBody(at.clone()));
    }
    if config.link_header {
        found.push(Next::LinkHeader);
    }
    if let Some(at) = &config.cursor {
        let Some(param) = &config.param else {
            return Err("has a `cursor` without the `param` it is sent back as".into());
        };
        found.push(Next::Cursor {
            at: at.clone(),
            param: param.clone(),
        });
    }
    if let Some(param) = &config.page {
        found.push(Next::PageNumber {
            param: param.clone(),
            total_pages: config.total_pages.clone(),
            total_items: config.total_items.clone(),
        });
    }
    match found.len() {
        1 => Ok(found.remove(0)),
        0 => Err(
            "says no way to the next page (`next_url`, `link_header`, `cursor` or `page`)".into(),
        ),
        _ => Err("names more than one way to the next page".into()),
    }
}

/// The paging the answer makes plain, if any.
fn recognised(
    schema: &Schema,
    response: Option<&Response>,
    components: &Components,
) -> Option<Next> {
    for path in [["links", "pages", "next"].as_slice(), &["next_page", "uri"]] {
        if has_path(schema, path, components, 0) {
            return Some(Next::UrlInBody(format!("/{}", path.join("/"))));
        }
    }
    let link_header =
        response.is_some_and(|r| r.headers.keys().any(|h| h.eq_ignore_ascii_case("link")));
    (link_header && array_items(schema, components).is_some()).then_some(Next::LinkHeader)
}

/// `schema`, or the schema it names (references to references followed 8 deep).
fn resolved<'a>(schema: &'a ReferenceOr<Schema>, components: &'a Components) -> Option<&'a Schema> {
    crate::refs::resolve(schema, components, "schemas", |c| &c.schemas).ok()
}

fn resolved_box<'a>(
    schema: &'a ReferenceOr<Box<Schema>>,
    components: &'a Components,
) -> Option<&'a Schema> {
    match schema {
        ReferenceOr::Item(s) => Some(s),
        ReferenceOr::Reference { reference } => resolved(
            // One level by hand, the rest by `resolve`.
            components.schemas.get(&crate::error::unescape(
                reference.strip_prefix("#/components/schemas/")?,
            ))?,
            components,
        ),
    }
}

fn unboxed(schema: &ReferenceOr<Box<Schema>>) -> ReferenceOr<Schema> {
    match schema {
        ReferenceOr::Item(s) => ReferenceOr::Item((**s).clone()),
        ReferenceOr::Reference { reference } => ReferenceOr::Reference {
            reference: reference.clone(),
        },
    }
}

/// The properties a value of `schema` may have: its own, and those of every schema it
/// combines (`allOf`, `anyOf`, `oneOf`).
fn properties<'a>(
    schema: &'a Schema,
    components: &'a Components,
    depth: usize,
    out: &mut Vec<(&'a str, &'a ReferenceOr<Box<Schema>>)>,
) {
    if depth > 8 {
        return;
    }
    let mut combined: Vec<&'a ReferenceOr<Schema>> = Vec::new();
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(object)) => {
            out.extend(object.properties.iter().map(|(k, v)| (k.as_str(), v)));
        }
        SchemaKind::AllOf { all_of: list }
        | SchemaKind::AnyOf { any_of: list }
        | SchemaKind::OneOf { one_of: list } => combined.extend(list),
        SchemaKind::Any(any) => {
            out.extend(any.properties.iter().map(|(k, v)| (k.as_str(), v)));
            combined.extend(any.all_of.iter().chain(&any.any_of).chain(&any.one_of));
        }
        _ => {}
    }
    for part in combined {
        if let Some(part) = resolved(part, components) {
            properties(part, components, depth + 1, out);
        }
    }
}

/// Whether a value of `schema` may have the nested property `path`.
fn has_path(schema: &Schema, path: &[&str], components: &Components, depth: usize) -> bool {
    let Some((first, rest)) = path.split_first() else {
        return true;
    };
    let mut props = Vec::new();
    properties(schema, components, depth, &mut props);
    props
        .iter()
        .filter(|(name, _)| name == first)
        .any(|(_, s)| {
            resolved_box(s, components).is_some_and(|s| has_path(s, rest, components, depth + 1))
        })
}

/// The schema at JSON pointer `at` in `schema` (through properties only).
fn at_pointer<'a>(schema: &'a Schema, at: &str, components: &'a Components) -> Option<&'a Schema> {
    let mut here = schema;
    for token in at.split('/').skip(1) {
        let token = token.replace("~1", "/").replace("~0", "~");
        let mut props = Vec::new();
        properties(here, components, 0, &mut props);
        let (_, next) = props.into_iter().find(|(name, _)| *name == token)?;
        here = resolved_box(next, components)?;
    }
    Some(here)
}

/// The schema of an array's items, when `schema` is an array.
fn array_items<'a>(schema: &'a Schema, _: &'a Components) -> Option<&'a ReferenceOr<Box<Schema>>> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Array(array)) => array.items.as_ref(),
        _ => None,
    }
}

/// A page's items: the answer itself when it is an array, else its one array property.
fn the_items<'a>(
    schema: &'a Schema,
    components: &'a Components,
) -> Option<(String, Option<&'a ReferenceOr<Box<Schema>>>)> {
    if let SchemaKind::Type(Type::Array(array)) = &schema.schema_kind {
        return Some((String::new(), array.items.as_ref()));
    }
    let mut props = Vec::new();
    properties(schema, components, 0, &mut props);
    let mut arrays = props.into_iter().filter_map(|(name, s)| {
        let s = resolved_box(s, components)?;
        match &s.schema_kind {
            SchemaKind::Type(Type::Array(array)) => Some((name, array.items.as_ref())),
            _ => None,
        }
    });
    let (name, items) = arrays.next()?;
    if arrays.any(|(other, _)| other != name) {
        return None;
    }
    Some((
        format!("/{}", name.replace('~', "~0").replace('/', "~1")),
        items,
    ))
}
