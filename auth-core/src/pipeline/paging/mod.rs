//! Every page of a list: how a paged operation finds its next page ([`Paging`]), and the
//! streams of its pages ([`Pages`]) and of its items ([`Items`]).
//!
//! Each page is one call through the client's pipeline (its token refreshed when it
//! expires mid-stream, 429 and `Retry-After` honoured, every attempt bounded), and a
//! stream holds one page at a time. A next page is only ever fetched from the first
//! page's own scheme, host and port, and a walk that comes back to a page it already
//! fetched stops with [`Error::Paging`](crate::Error::Paging) instead of looping.
//!
//! The four styles real APIs use:
//!
//! | style | example | declared in `#[api]` as |
//! |---|---|---|
//! | next-page URL in the body | DigitalOcean `links.pages.next`, Asana `next_page.uri` | `#[paginated(items = "/droplets", next_url = "/links/pages/next")]` |
//! | RFC 8288 `Link: <...>; rel="next"` | GitHub, Mastodon | `#[paginated(items = "", link_header)]` |
//! | cursor in the body, sent back as a query parameter | Asana `next_page.offset` → `offset`, Slack `response_metadata.next_cursor` → `cursor` | `#[paginated(items = "/data", cursor = "/next_page/offset", param = "offset")]` |
//! | page numbers, until a total | `page` with `meta.pages` or `meta.total` | `#[paginated(items = "/items", page = "page", total_pages = "/meta/pages")]` |
//!
//! Places in the body are JSON pointers (RFC 6901): `/links/pages/next`; `""` is the
//! whole body (an answer that is the array of items itself).
//!
//! ```
//! use auth_core::paging::Paging;
//!
//! // What `#[paginated(...)]` declares, as the generated code writes it:
//! static DROPLETS: Paging = Paging::next_url("/links/pages/next").items("/droplets");
//! static TOOTS: Paging = Paging::link_header();
//! static TASKS: Paging = Paging::cursor("/next_page/offset", "offset").items("/data");
//! static ISSUES: Paging = Paging::page_number("page").total_pages("/meta/pages").items("/issues");
//! # let _ = (&DROPLETS, &TOOTS, &TASKS, &ISSUES);
//! ```

mod link;
pub(crate) mod pointer;
mod stream;

use std::collections::HashSet;
use std::hash::{DefaultHasher, Hash, Hasher};

use reqwest::Url;

pub use stream::{Items, Pages};

use crate::pipeline::RawResponse;

/// How a paged operation finds its next page, and where a page's items are.
///
/// Built in a `static` by code that `#[api]` generates for a `#[paginated(...)]` method
/// (see the [module](self) for the styles).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paging {
    next: Next,
    items: &'static str,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Next {
    UrlInBody(&'static str),
    LinkHeader,
    Cursor {
        at: &'static str,
        param: &'static str,
    },
    PageNumber {
        param: &'static str,
        total_pages: Option<&'static str>,
        total_items: Option<&'static str>,
    },
}

impl Paging {
    /// The next page's URL is in the body at `at` (DigitalOcean `/links/pages/next`,
    /// Asana `/next_page/uri`); the last page has none there (or `null`, or `""`). A
    /// relative URL is resolved against the page's own.
    pub const fn next_url(at: &'static str) -> Self {
        Paging {
            next: Next::UrlInBody(at),
            items: "",
        }
    }

    /// The next page's URL is the `rel="next"` link of the answer's RFC 8288 `Link`
    /// header (GitHub, Mastodon); the last page has none.
    pub const fn link_header() -> Self {
        Paging {
            next: Next::LinkHeader,
            items: "",
        }
    }

    /// The body carries a cursor at `at` (a string or a number; Slack
    /// `/response_metadata/next_cursor`), which the next request sends as query
    /// parameter `param` (`cursor`), its other parameters unchanged. The last page has
    /// none (or `null`, or `""`).
    pub const fn cursor(at: &'static str, param: &'static str) -> Self {
        Paging {
            next: Next::Cursor { at, param },
            items: "",
        }
    }

    /// Pages are numbered by query parameter `param` (`page`), from the first request's
    /// own value (1 when it has none). The walk ends after an empty page, or when the
    /// page number reaches [`total_pages`](Self::total_pages), or the items seen reach
    /// [`total_items`](Self::total_items).
    pub const fn page_number(param: &'static str) -> Self {
        Paging {
            next: Next::PageNumber {
                param,
                total_pages: None,
                total_items: None,
            },
            items: "",
        }
    }

    /// For [`page_number`](Self::page_number): the number of pages is in the body at `at`.
    ///
    /// # Panics
    ///
    /// On another style (in a `static`, a compile error).
    #[must_use]
    pub const fn total_pages(self, at: &'static str) -> Self {
        match self.next {
            Next::PageNumber {
                param, total_items, ..
            } => Paging {
                next: Next::PageNumber {
                    param,
                    total_pages: Some(at),
                    total_items,
                },
                items: self.items,
            },
            _ => panic!("`total_pages` is for pages numbered by `Paging::page_number`"),
        }
    }

    /// For [`page_number`](Self::page_number): the number of items of all pages is in the
    /// body at `at` (DigitalOcean `/meta/total`).
    ///
    /// # Panics
    ///
    /// On another style (in a `static`, a compile error).
    #[must_use]
    pub const fn total_items(self, at: &'static str) -> Self {
        match self.next {
            Next::PageNumber {
                param, total_pages, ..
            } => Paging {
                next: Next::PageNumber {
                    param,
                    total_pages,
                    total_items: Some(at),
                },
                items: self.items,
            },
            _ => panic!("`total_items` is for pages numbered by `Paging::page_number`"),
        }
    }

    /// A page's items are the array in the body at `at` (`/droplets`); without this, the
    /// body itself is the array. A page without one there has no items.
    #[must_use]
    pub const fn items(mut self, at: &'static str) -> Self {
        self.items = at;
        self
    }

    /// Whether finding the next page needs the number of items on a page.
    fn counts_items(&self) -> bool {
        matches!(self.next, Next::PageNumber { .. })
    }
}

/// Where a walk through the pages is: what it fetched, to refuse going round in circles.
#[derive(Debug, Default)]
pub(crate) struct Walk {
    /// Hashes of the URLs fetched.
    fetched: HashSet<u64>,
    /// The hash of the last page's body.
    last_body: Option<u64>,
    /// Pages fetched.
    pages: u64,
    /// Items seen on them (when counted).
    items: u64,
}

fn hash<T: Hash + ?Sized>(value: &T) -> u64 {
    let mut h = DefaultHasher::new();
    value.hash(&mut h);
    h.finish()
}

impl Walk {
    /// Notes that `url` is being fetched.
    fn fetching(&mut self, url: &str) {
        self.fetched.insert(hash(url));
    }

    /// The URL of the page after `page` (fetched from `url`, holding `count` items when
    /// counted), or `None` after the last.
    ///
    /// # Errors
    ///
    /// Why the walk cannot go on: the next page is somewhere the credential must not go,
    /// or is a page already fetched, or the server sent the same page twice.
    fn next(
        &mut self,
        paging: &Paging,
        url: &str,
        page: &RawResponse,
        count: Option<usize>,
    ) -> Result<Option<String>, String> {
        self.pages += 1;
        self.items += count.unwrap_or(0) as u64;
        let body = hash(&page.body[..]);
        if self.last_body.replace(body) == Some(body) && !page.body.is_empty() {
            return Err(format!(
                "page {} has the same body as page {}; the server does not seem to move on",
                self.pages,
                self.pages - 1
            ));
        }
        let bad_body = |e: serde_json::Error| {
            format!(
                "page {} is not the JSON its paging expects: {}",
                self.pages,
                crate::error::sanitize(&e.to_string(), 200)
            )
        };
        let current = Url::parse(url).map_err(|e| format!("the page's URL is not a URL: {e}"))?;
        let next = match paging.next {
            Next::UrlInBody(at) => {
                match pointer::at::<String>(&page.body, at).map_err(bad_body)? {
                    Some(next) if !next.is_empty() => Some(resolve(&current, &next)?),
                    _ => None,
                }
            }
            Next::LinkHeader => match link::next(&page.headers) {
                Some(next) => Some(resolve(&current, &next)?),
                None => None,
            },
            Next::Cursor { at, param } => {
                match pointer::at::<Cursor>(&page.body, at).map_err(bad_body)? {
                    Some(Cursor(cursor)) if !cursor.is_empty() => {
                        Some(with_query(&current, param, &cursor))
                    }
                    _ => None,
                }
            }
            Next::PageNumber {
                param,
                total_pages,
                total_items,
            } => {
                let number = current
                    .query_pairs()
                    .find(|(k, _)| k == param)
                    .and_then(|(_, v)| v.parse::<u64>().ok())
                    .unwrap_or(1);
                let total = |at: Option<&str>| match at {
                    Some(at) => pointer::at::<u64>(&page.body, at).map_err(bad_body),
                    None => Ok(None),
                };
                let last = count == Some(0)
                    || total(total_pages)?.is_some_and(|pages| number >= pages)
                    || total(total_items)?.is_some_and(|items| self.items >= items);
                (!last).then(|| with_query(&current, param, &(number + 1).to_string()))
            }
        };
        let Some(next) = next else {
            return Ok(None);
        };
        if next.origin() != current.origin() {
            return Err(format!(
                "page {} names its next page on another server ({}); the client sends its \
                 credential only to its own",
                self.pages,
                next.host_str().unwrap_or("no host")
            ));
        }
        if self.fetched.contains(&hash(next.as_str())) {
            return Err(format!(
                "page {} names a page already fetched as its next; stopping rather than \
                 going round in circles",
                self.pages
            ));
        }
        Ok(Some(next.into()))
    }
}

/// `next`, a URL the server sent, resolved against the page's own URL.
fn resolve(current: &Url, next: &str) -> Result<Url, String> {
    current.join(next).map_err(|e| {
        format!(
            "the next page's URL ({}) is not a URL: {e}",
            crate::error::sanitize(next, 80)
        )
    })
}

/// `url` with query parameter `param` set to `value` (replacing its values), the other
/// parameters as they were.
fn with_query(url: &Url, param: &str, value: &str) -> Url {
    let others: Vec<(String, String)> = url
        .query_pairs()
        .filter(|(k, _)| k != param)
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let mut url = url.clone();
    url.query_pairs_mut()
        .clear()
        .extend_pairs(others)
        .append_pair(param, value);
    url
}

/// A cursor as the body has it: a string, or a number sent back as its digits.
struct Cursor(String);

impl<'de> serde::Deserialize<'de> for Cursor {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(serde::Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Text(String),
            Number(serde_json::Number),
        }
        Ok(Cursor(match Raw::deserialize(d)? {
            Raw::Text(s) => s,
            Raw::Number(n) => n.to_string(),
        }))
    }
}

#[cfg(test)]
mod tests;
