//! Runnable examples and end-to-end tests of `auth-core` and `auth-macros`; not
//! published. This library holds the few helpers the examples share.
//!
//! Each example runs with no configuration against a loopback
//! [`TestProvider`](auth_core::testkit::TestProvider) it starts itself, or against a
//! real provider when its environment variables are set (listed at the top of each
//! example and in the README).
//!
//! A method whose scope the token lacks does not compile. With the merchant example's
//! read-only token:
//!
//! ```compile_fail
//! use auth_core::{Environment, Error, Scoped, StaticToken, api, scopes};
//!
//! scopes! { pub mod merchant { can_read_order, can_write_order } }
//!
//! #[api(scopes = merchant, production = "https://api.merchant.example")]
//! pub trait Orders {
//!     #[post("/orders/{id}/cancel")]
//!     #[authenticated(scope = "can_write_order")]
//!     async fn cancel_order(&self, id: u64) -> Result<(), Error>;
//! }
//!
//! async fn cancel(token: StaticToken) -> Result<(), Error> {
//!     let read_only = Scoped::<merchant::Of<merchant::can_read_order>>::assume_granted(token);
//!     let client = OrdersClient::new(read_only, Environment::Production);
//!     client.cancel_order(7).await // error[E0277]: the token's scopes do not include `can_write_order`
//! }
//! ```
//!
//! ```
//! let vars = auth_examples::Settings::from_env(&["EXAMPLE_THAT_IS_NOT_SET"]).unwrap();
//! assert!(vars.is_none(), "no variable set: run against the loopback provider");
//! ```

use std::collections::HashMap;
use std::process::ExitCode;

/// Settings read from environment variables: all of them, or none.
#[derive(Debug)]
pub struct Settings(HashMap<&'static str, String>);

impl Settings {
    /// `Ok(None)` when none of `names` is set (use the loopback provider), the values when
    /// all are, and an error naming the missing ones when only some are.
    ///
    /// # Errors
    ///
    /// Some but not all of the variables are set.
    pub fn from_env(names: &[&'static str]) -> Result<Option<Self>, String> {
        let found: HashMap<&'static str, String> = names
            .iter()
            .filter_map(|n| {
                std::env::var(n)
                    .ok()
                    .filter(|v| !v.is_empty())
                    .map(|v| (*n, v))
            })
            .collect();
        if found.is_empty() {
            return Ok(None);
        }
        let missing: Vec<&str> = names
            .iter()
            .copied()
            .filter(|n| !found.contains_key(n))
            .collect();
        if missing.is_empty() {
            Ok(Some(Settings(found)))
        } else {
            Err(format!(
                "to run against a real provider, also set: {}",
                missing.join(", ")
            ))
        }
    }

    /// A variable's value (one of the names given to [`from_env`](Self::from_env)).
    #[must_use]
    pub fn get(&self, name: &str) -> &str {
        self.0.get(name).map_or("", String::as_str)
    }
}

/// Prints one line of an example's story.
pub fn step(line: impl std::fmt::Display) {
    println!("  - {line}");
}

/// Ends an example: on error, prints what went wrong and what to do (the error's
/// `Display`, with its causes) and exits with status 1.
pub fn finish(result: Result<(), Box<dyn std::error::Error>>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err}");
            let mut source = err.source();
            while let Some(cause) = source {
                eprintln!("  caused by: {cause}");
                source = cause.source();
            }
            ExitCode::FAILURE
        }
    }
}

/// Splits a resource path from a setting (`/v2/orders`) into what goes after the base
/// URL (`/v2`) and the last segment (`orders`), which a method's `{collection}`
/// parameter takes: real providers' paths are configurable where they are not
/// documented, while the generated methods' templates are fixed.
///
/// ```
/// assert_eq!(auth_examples::split_path("/v2/orders"), ("/v2".to_owned(), "orders".to_owned()));
/// assert_eq!(auth_examples::split_path("orders/"), (String::new(), "orders".to_owned()));
/// ```
#[must_use]
pub fn split_path(path: &str) -> (String, String) {
    let path = path.trim().trim_matches('/');
    match path.rsplit_once('/') {
        Some((parent, last)) => (format!("/{parent}"), last.to_owned()),
        None => (String::new(), path.to_owned()),
    }
}

/// A setting with a documented default.
#[must_use]
pub fn setting(name: &str, default: &str) -> String {
    std::env::var(name)
        .ok()
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| default.to_owned())
}

/// Prints a resource whose shape the provider does not document, as indented JSON.
pub fn show_json(what: &str, value: &serde_json::Value) {
    let text = serde_json::to_string_pretty(value).unwrap_or_else(|_| value.to_string());
    println!("  - {what}:");
    for line in text.lines() {
        println!("      {line}");
    }
}

/// The README's `rust` code blocks (the section on generic code, fakes and `dyn`),
/// compiled as doctests so that the README cannot drift from the crate. Blocks marked
/// `rust,ignore` are fragments of a larger program.
/// Scopes declared in this library and used by `#[api]` traits of other crates (the UI
/// tests in `tests/pass/` and `tests/ui/`): a `scopes!` module serves any crate that can
/// name it.
pub mod shared {
    auth_core::scopes! {
        /// A shop's permissions.
        pub mod shop {
            /// Read orders.
            orders_read,
            /// Create and change orders; implies reading them.
            orders_write => orders_read,
            /// Read the catalogue.
            products_read,
        }
    }
}

#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
