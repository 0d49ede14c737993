//! The call behind a generated builder (`client.droplets_list().per_page(20).await`):
//! the request is built when the method is called, its optional arguments are added when
//! the call is awaited (or when its pages are walked). A fake's builder holds its answer
//! instead, given the optional arguments the caller set.

use bytes::Bytes;

use crate::error::Error;
use crate::pipeline::paging::{Items, Pages, Paging};
use crate::pipeline::request::Request;
use crate::pipeline::{ApiCall, RawResponse};

/// A decoder of a 2xx answer, given the method's name for its errors.
type Finish<T> = fn(RawResponse, &'static str) -> Result<T, Error>;

/// A call with optional arguments `O` still to add. Used by code `#[api]` generates.
#[doc(hidden)]
pub struct Deferred<'a, O, T> {
    how: How<'a, O, T>,
}

// The client's variant is the one every generated call has; boxing it would add an
// allocation to each (see `ApiCall`'s state).
#[allow(clippy::large_enum_variant)]
enum How<'a, O, T> {
    /// A generated client's call, and how its optional arguments go into the request.
    Client {
        call: ApiCall<'a, T>,
        fill: fn(&mut Request, &O),
    },
    /// A fake's answer.
    Fake {
        answer: Box<dyn FnOnce(O) -> ApiCall<'a, T> + Send + 'a>,
        method: &'static str,
    },
    /// A fake's pages, as the API would send their bodies.
    FakePages {
        answer: Box<dyn FnOnce(O) -> Vec<serde_json::Value> + Send + 'a>,
        method: &'static str,
        finish: Finish<T>,
    },
}

impl<'a, O, T> Deferred<'a, O, T> {
    /// A client's call; `fill` adds the optional arguments to its request.
    pub fn client(call: ApiCall<'a, T>, fill: fn(&mut Request, &O)) -> Self {
        Deferred {
            how: How::Client { call, fill },
        }
    }

    /// A fake's answer to `method`, given the optional arguments.
    pub fn fake(
        method: &'static str,
        answer: impl FnOnce(O) -> ApiCall<'a, T> + Send + 'a,
    ) -> Self {
        Deferred {
            how: How::Fake {
                answer: Box::new(answer),
                method,
            },
        }
    }

    /// A fake's pages for `method` (JSON bodies, in order), given the optional
    /// arguments; awaited, the call answers the first, decoded by `finish`.
    pub fn fake_pages(
        method: &'static str,
        finish: Finish<T>,
        answer: impl FnOnce(O) -> Vec<serde_json::Value> + Send + 'a,
    ) -> Self {
        Deferred {
            how: How::FakePages {
                answer: Box::new(answer),
                method,
                finish,
            },
        }
    }

    /// The same call with one of its settings changed (`timeout`, `header`, ...). A
    /// fake's call has no settings.
    pub fn map(self, change: impl FnOnce(ApiCall<'a, T>) -> ApiCall<'a, T>) -> Self {
        match self.how {
            How::Client { call, fill } => Deferred {
                how: How::Client {
                    call: change(call),
                    fill,
                },
            },
            fake => Deferred { how: fake },
        }
    }

    /// The call, its optional arguments added: what `.await` runs.
    pub fn finish(self, optional: O) -> ApiCall<'a, T>
    where
        T: 'a,
    {
        match self.how {
            How::Client { mut call, fill } => {
                if let Some(request) = call.__request() {
                    fill(request, &optional);
                }
                call
            }
            How::Fake { answer, .. } => answer(optional),
            How::FakePages {
                answer,
                method,
                finish,
            } => {
                let first = answer(optional).into_iter().next();
                let first = first.map(|page| bodies(vec![page]).remove(0));
                ApiCall::new(async move {
                    let body = first.ok_or_else(|| Error::Decode {
                        method,
                        reason: "the fake has no pages to answer with".to_owned(),
                    })?;
                    finish(fake_answer(body), method)
                })
            }
        }
    }

    /// Every page of the call, its optional arguments added to the first request.
    pub fn pages(self, optional: O, paging: &'static Paging) -> Pages<'a, T>
    where
        T: 'a,
    {
        match self.how {
            How::FakePages {
                answer,
                method,
                finish,
            } => Pages::fake(bodies(answer(optional)), paging, method, finish),
            how => match (Deferred { how }).finish(optional).into_parts() {
                Ok(call) => Pages::client(call.core, call.request, paging, call.finish),
                Err(answer) => Pages::answer(answer),
            },
        }
    }

    /// Every item of every page of the call, its optional arguments added to the first
    /// request.
    pub fn items<I>(self, optional: O, paging: &'static Paging) -> Items<'a, I>
    where
        T: 'a,
    {
        match self.how {
            How::FakePages { answer, method, .. } => {
                Items::fake(bodies(answer(optional)), paging, method)
            }
            How::Fake { method, .. } => Items::failed(Error::Paging {
                method,
                reason: "this fake gives one answer (made with `new`), not pages; make it \
                         with `new_pages` to give items"
                    .to_owned(),
            }),
            how => match (Deferred { how }).finish(optional).into_parts() {
                Ok(call) => Items::client(call.core, call.request, paging),
                Err(_) => unreachable!("a client's call is prepared until it is awaited"),
            },
        }
    }
}

/// A fake's pages as bodies.
fn bodies(pages: Vec<serde_json::Value>) -> Vec<Bytes> {
    pages
        .into_iter()
        .map(|page| Bytes::from(page.to_string()))
        .collect()
}

/// A fake's page as an answer.
fn fake_answer(body: Bytes) -> RawResponse {
    RawResponse {
        status: reqwest::StatusCode::OK,
        headers: reqwest::header::HeaderMap::new(),
        body,
    }
}
