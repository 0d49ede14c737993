//! The streams of a paged operation: [`Pages`] yields each page as the method's answer
//! type, [`Items`] each item of each page. Both fetch the next page only once the one
//! before is used up, and end after the first error.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, ready};

use bytes::Bytes;
use futures_core::Stream;
use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use serde::de::{DeserializeOwned, IgnoredAny};

use super::{Paging, Walk, pointer};
use crate::error::Error;
use crate::pipeline::request::Request;
use crate::pipeline::{ApiCall, ClientCore, RawResponse};

type Fetch<'a> = Pin<Box<dyn Future<Output = Result<RawResponse, Error>> + Send + 'a>>;

/// Fetches the pages one after the other.
struct Walker<'a> {
    source: Source<'a>,
    paging: &'static Paging,
    method: &'static str,
    walk: Walk,
    step: Step<'a>,
}

// One per stream, made once: the size of a request costs nothing worth an allocation.
#[allow(clippy::large_enum_variant)]
enum Source<'a> {
    /// A generated client's call: the first page's request, the pattern of the others.
    Client {
        core: &'a ClientCore,
        first: Request,
    },
    /// A fake's pages, as JSON bodies, in order.
    Fake(std::vec::IntoIter<Bytes>),
}

enum Step<'a> {
    /// The next page to fetch: its URL (`None`: the first page's request as it is).
    Next(Option<String>),
    /// A page on its way, from this URL.
    Fetching(Fetch<'a>, String),
    /// A page was yielded; finding the one after it failed. Reported next.
    Failed(Error),
    Done,
}

impl<'a> Walker<'a> {
    fn new(source: Source<'a>, paging: &'static Paging, method: &'static str) -> Self {
        Walker {
            source,
            paging,
            method,
            walk: Walk::default(),
            step: Step::Next(None),
        }
    }

    fn poll_page(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<Page, Error>>> {
        loop {
            match &mut self.step {
                Step::Done => return Poll::Ready(None),
                Step::Failed(_) => {
                    let Step::Failed(e) = std::mem::replace(&mut self.step, Step::Done) else {
                        unreachable!("matched above")
                    };
                    return Poll::Ready(Some(Err(e)));
                }
                Step::Next(url) => {
                    let url = url.take();
                    match &mut self.source {
                        Source::Client { core, first } => {
                            let request = match url {
                                None => std::mem::replace(first, first.clone()),
                                Some(url) => {
                                    let mut request = first.clone();
                                    request.url = url;
                                    request
                                }
                            };
                            let url = request.url.clone();
                            self.walk.fetching(&url);
                            let fetch = core.start(
                                request,
                                crate::pipeline::Finish::Read(crate::pipeline::wire::raw),
                            );
                            self.step = Step::Fetching(fetch, url);
                        }
                        Source::Fake(bodies) => {
                            let Some(body) = bodies.next() else {
                                self.step = Step::Done;
                                continue;
                            };
                            let raw = RawResponse {
                                status: StatusCode::OK,
                                headers: HeaderMap::new(),
                                body,
                            };
                            let more = bodies.len() > 0;
                            self.step = if more { Step::Next(None) } else { Step::Done };
                            return Poll::Ready(Some(Ok(Page { raw, url: None })));
                        }
                    }
                }
                Step::Fetching(fetch, url) => {
                    let result = ready!(fetch.as_mut().poll(cx));
                    let url = std::mem::take(url);
                    self.step = Step::Done;
                    return Poll::Ready(Some(result.map(|raw| Page {
                        raw,
                        url: Some(url),
                    })));
                }
            }
        }
    }

    /// Finds the page after `page`, which has `count` items when they were counted.
    fn after(&mut self, page: &Page, count: Option<usize>) {
        let Some(url) = &page.url else {
            return; // a fake's: the next body, if any, is already set
        };
        self.step = match self.walk.next(self.paging, url, &page.raw, count) {
            Ok(Some(next)) => Step::Next(Some(next)),
            Ok(None) => Step::Done,
            Err(reason) => Step::Failed(Error::Paging {
                method: self.method,
                reason,
            }),
        };
    }
}

/// A page as it came, and the URL it came from (`None`: a fake's).
struct Page {
    raw: RawResponse,
    url: Option<String>,
}

/// Every page of a paged operation, each as the method's answer type: a
/// [`Stream`] of `Result<T, Error>`, ending after the last page or the first error.
///
/// Each page is one call through the client's pipeline; the next is fetched when this
/// one has been taken. Use it with `futures::StreamExt`, or with [`next`](Self::next):
///
/// ```no_run
/// # use auth_core::{Error, Pages};
/// # async fn demo(mut pages: Pages<'_, serde_json::Value>) -> Result<(), Error> {
/// // `pages` is `client.droplets_list().per_page(200).pages()`.
/// while let Some(page) = pages.next().await {
///     let page = page?;
///     println!("{page}");
/// }
/// # Ok(()) }
/// ```
#[must_use = "a stream fetches nothing until it is polled"]
pub struct Pages<'a, T> {
    how: PagesHow<'a, T>,
}

enum PagesHow<'a, T> {
    Walk {
        walker: Walker<'a>,
        finish: fn(RawResponse, &'static str) -> Result<T, Error>,
    },
    /// A fake's one answer: the only page.
    Answer(Option<ApiCall<'a, T>>),
}

impl<'a, T> Pages<'a, T> {
    /// The pages of a generated client's call (`first` is the first page's request).
    pub(crate) fn client(
        core: &'a ClientCore,
        first: Request,
        paging: &'static Paging,
        finish: fn(RawResponse, &'static str) -> Result<T, Error>,
    ) -> Self {
        let method = first.endpoint.name;
        Pages {
            how: PagesHow::Walk {
                walker: Walker::new(Source::Client { core, first }, paging, method),
                finish,
            },
        }
    }

    /// A fake's pages, as JSON bodies.
    pub(crate) fn fake(
        bodies: Vec<Bytes>,
        paging: &'static Paging,
        method: &'static str,
        finish: fn(RawResponse, &'static str) -> Result<T, Error>,
    ) -> Self {
        Pages {
            how: PagesHow::Walk {
                walker: Walker::new(Source::Fake(bodies.into_iter()), paging, method),
                finish,
            },
        }
    }

    /// A fake's single answer, as the only page.
    pub(crate) fn answer(call: ApiCall<'a, T>) -> Self {
        Pages {
            how: PagesHow::Answer(Some(call)),
        }
    }

    /// The next page, `None` after the last (or after an error).
    pub async fn next(&mut self) -> Option<Result<T, Error>>
    where
        T: 'a,
    {
        std::future::poll_fn(|cx| self.poll_page(cx)).await
    }

    fn poll_page(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<T, Error>>>
    where
        T: 'a,
    {
        match &mut self.how {
            PagesHow::Walk { walker, finish } => {
                let page = match ready!(walker.poll_page(cx)) {
                    None => return Poll::Ready(None),
                    Some(Err(e)) => return Poll::Ready(Some(Err(e))),
                    Some(Ok(page)) => page,
                };
                let count = if walker.paging.counts_items() {
                    match count_items(&page.raw.body, walker.paging, walker.method) {
                        Ok(n) => Some(n),
                        Err(e) => {
                            walker.step = Step::Done;
                            return Poll::Ready(Some(Err(e)));
                        }
                    }
                } else {
                    None
                };
                walker.after(&page, count);
                let answer = finish(page.raw, walker.method);
                if answer.is_err() {
                    walker.step = Step::Done;
                }
                Poll::Ready(Some(answer))
            }
            PagesHow::Answer(call) => match call {
                None => Poll::Ready(None),
                Some(c) => {
                    let result = ready!(Pin::new(c).poll(cx));
                    *call = None;
                    Poll::Ready(Some(result))
                }
            },
        }
    }
}

impl<'a, T: 'a> Stream for Pages<'a, T> {
    type Item = Result<T, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().poll_page(cx)
    }
}

// Nothing in a stream is pinned in place: its page in flight is boxed.
impl<T> Unpin for Pages<'_, T> {}

impl<T> std::fmt::Debug for Pages<'_, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pages").finish_non_exhaustive()
    }
}

/// The number of items on a page.
fn count_items(body: &[u8], paging: &Paging, method: &'static str) -> Result<usize, Error> {
    pointer::at::<Vec<IgnoredAny>>(body, paging.items)
        .map(|items| items.map_or(0, |i| i.len()))
        .map_err(|e| items_error(method, paging, &e))
}

fn items_error(method: &'static str, paging: &Paging, e: &serde_json::Error) -> Error {
    let at = if paging.items.is_empty() {
        "the body".to_owned()
    } else {
        format!("`{}`", paging.items)
    };
    Error::Decode {
        method,
        reason: format!(
            "the items of a page ({at}): {}",
            crate::error::sanitize(&e.to_string(), 200)
        ),
    }
}

/// Every item of every page of a paged operation: a [`Stream`] of `Result<I, Error>`,
/// ending after the last item or the first error.
///
/// It holds one page's items at a time, and fetches the next page when they have all
/// been taken. Use it with `futures::StreamExt`, or with [`next`](Self::next):
///
/// ```no_run
/// # use auth_core::{Error, Items};
/// # async fn demo(mut droplets: Items<'_, serde_json::Value>) -> Result<(), Error> {
/// // `droplets` is `client.droplets_list().items()`.
/// while let Some(droplet) = droplets.next().await {
///     println!("{}", droplet?["name"]);
/// }
/// # Ok(()) }
/// ```
#[must_use = "a stream fetches nothing until it is polled"]
pub struct Items<'a, I> {
    how: ItemsHow<'a, I>,
}

// One per stream, made once.
#[allow(clippy::large_enum_variant)]
enum ItemsHow<'a, I> {
    Walk {
        walker: Walker<'a>,
        page: std::vec::IntoIter<I>,
    },
    /// Why there are none (a fake that gave one answer, not pages).
    Failed(Option<Error>),
}

impl<'a, I> Items<'a, I> {
    /// The items of a generated client's call (`first` is the first page's request).
    pub(crate) fn client(core: &'a ClientCore, first: Request, paging: &'static Paging) -> Self {
        let method = first.endpoint.name;
        Items::walk(Walker::new(Source::Client { core, first }, paging, method))
    }

    /// The items of a fake's pages, given as JSON bodies.
    pub(crate) fn fake(bodies: Vec<Bytes>, paging: &'static Paging, method: &'static str) -> Self {
        Items::walk(Walker::new(
            Source::Fake(bodies.into_iter()),
            paging,
            method,
        ))
    }

    /// A stream that yields `error`, then ends.
    pub(crate) fn failed(error: Error) -> Self {
        Items {
            how: ItemsHow::Failed(Some(error)),
        }
    }

    fn walk(walker: Walker<'a>) -> Self {
        Items {
            how: ItemsHow::Walk {
                walker,
                page: Vec::new().into_iter(),
            },
        }
    }

    /// The next item, `None` after the last (or after an error).
    pub async fn next(&mut self) -> Option<Result<I, Error>>
    where
        I: DeserializeOwned,
    {
        std::future::poll_fn(|cx| self.poll_item(cx)).await
    }

    fn poll_item(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<I, Error>>>
    where
        I: DeserializeOwned,
    {
        let (walker, items) = match &mut self.how {
            ItemsHow::Failed(e) => return Poll::Ready(e.take().map(Err)),
            ItemsHow::Walk { walker, page } => (walker, page),
        };
        loop {
            if let Some(item) = items.next() {
                return Poll::Ready(Some(Ok(item)));
            }
            let page = match ready!(walker.poll_page(cx)) {
                None => return Poll::Ready(None),
                Some(Err(e)) => return Poll::Ready(Some(Err(e))),
                Some(Ok(page)) => page,
            };
            let found = match pointer::at::<Vec<I>>(&page.raw.body, walker.paging.items) {
                Ok(found) => found.unwrap_or_default(),
                Err(e) => {
                    walker.step = Step::Done;
                    return Poll::Ready(Some(Err(items_error(walker.method, walker.paging, &e))));
                }
            };
            walker.after(&page, Some(found.len()));
            // The page's body goes now: only its items stay.
            drop(page);
            *items = found.into_iter();
        }
    }
}

impl<'a, I: DeserializeOwned> Stream for Items<'a, I> {
    type Item = Result<I, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().poll_item(cx)
    }
}

// Nothing in a stream is pinned in place: its page in flight is boxed, its items are
// moved out one by one.
impl<I> Unpin for Items<'_, I> {}

impl<I> std::fmt::Debug for Items<'_, I> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Items").finish_non_exhaustive()
    }
}
