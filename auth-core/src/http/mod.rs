//! What every HTTP exchange of this crate shares, token requests and API calls alike: the
//! connection pools, bounded body reads, the URL policy (https only, except loopback),
//! and the headers in which servers say how long to wait (`Retry-After`, rate-limit
//! resets).
//!
//! May use: `error`, `support`. Knows nothing of tokens or of the request pipeline.

pub(crate) mod body;
pub(crate) mod client;
pub(crate) mod retry_after;
pub(crate) mod url_policy;
