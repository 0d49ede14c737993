//! The call behind a generated builder (`client.droplets_list().per_page(20).await`):
//! the request is built when the method is called, its optional arguments are added when
//! the call is awaited. A fake's builder holds its answer instead, given the optional
//! arguments the caller set.

use crate::pipeline::ApiCall;
use crate::pipeline::request::Request;

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
    Fake(Box<dyn FnOnce(O) -> ApiCall<'a, T> + Send + 'a>),
}

impl<'a, O, T> Deferred<'a, O, T> {
    /// A client's call; `fill` adds the optional arguments to its request.
    pub fn client(call: ApiCall<'a, T>, fill: fn(&mut Request, &O)) -> Self {
        Deferred {
            how: How::Client { call, fill },
        }
    }

    /// A fake's answer, given the optional arguments.
    pub fn fake(answer: impl FnOnce(O) -> ApiCall<'a, T> + Send + 'a) -> Self {
        Deferred {
            how: How::Fake(Box::new(answer)),
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
    pub fn finish(self, optional: O) -> ApiCall<'a, T> {
        match self.how {
            How::Client { mut call, fill } => {
                if let Some(request) = call.__request() {
                    fill(request, &optional);
                }
                call
            }
            How::Fake(answer) => answer(optional),
        }
    }
}
