//! The scope manifest: which scopes each method of a generated client needs, as data.
//!
//! Every generated client has a `MANIFEST` constant, so an application can request
//! exactly the scopes it uses and a CI job can print them:
//!
//! ```
//! use auth_core::manifest::{Auth, Endpoint, Manifest};
//!
//! const ORDERS: Manifest = Manifest {
//!     api: "Orders",
//!     client: "OrdersClient",
//!     scope_module: "merchant",
//!     endpoints: &[
//!         Endpoint { name: "get_order", method: "GET", path: "/orders/{id}",
//!                    auth: Auth::Scopes { all: &["can_read_order"], any_of: &[] } },
//!         Endpoint { name: "health", method: "GET", path: "/health", auth: Auth::Public },
//!     ],
//!     scopes: &["can_read_order"],
//! };
//! assert_eq!(ORDERS.scope_param(), "can_read_order");
//! println!("{ORDERS}");
//! ```

use std::fmt;

use serde::Serialize;

/// A generated client's manifest, for every type of token: `<OrdersClient<S> as
/// Described>::MANIFEST` in code generic over `S` (where `OrdersClient::MANIFEST` cannot
/// tell which `S` is meant).
///
/// ```
/// auth_core::scopes! { pub mod shop { orders } }
///
/// #[auth_core::api(scopes = shop)]
/// pub trait Shop {
///     #[get("/orders")]
///     #[authenticated(scope = "orders")]
///     async fn orders(&self) -> Result<(), auth_core::Error>;
/// }
///
/// use auth_core::manifest::Described;
/// fn scopes_of<S>() -> &'static [&'static str] {
///     <ShopClient<S> as Described>::MANIFEST.scopes
/// }
/// assert_eq!(scopes_of::<shop::All>(), ["orders"]);
/// assert_eq!(ShopClient::MANIFEST.scopes, ["orders"]);
/// ```
pub trait Described {
    /// The manifest.
    const MANIFEST: &'static Manifest;
}

/// What an endpoint requires of the token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Auth {
    /// `#[public]`: no token is sent.
    Public,
    /// `#[authenticated(...)]`: every scope of `all`, and at least one of each `any_of`
    /// group.
    Scopes {
        /// Scopes that are all required.
        all: &'static [&'static str],
        /// Groups of which one scope each is required.
        any_of: &'static [&'static [&'static str]],
    },
}

impl Auth {
    /// Whether a token with `granted` scopes satisfies this requirement.
    pub fn is_satisfied_by(&self, granted: &crate::scopes::granted::GrantedScopes) -> bool {
        match self {
            Auth::Public => true,
            Auth::Scopes { all, any_of } => {
                all.iter().all(|s| granted.contains(s))
                    && any_of.iter().all(|g| g.iter().any(|s| granted.contains(s)))
            }
        }
    }
}

impl fmt::Display for Auth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let quoted = |names: &[&str]| names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>();
        match self {
            Auth::Public => f.write_str("no token (public)"),
            Auth::Scopes { all, any_of } => {
                let mut parts = Vec::new();
                match all.len() {
                    0 => {}
                    1 => parts.push(format!("scope {}", quoted(all)[0])),
                    _ => parts.push(format!("scopes {}", quoted(all).join(" and "))),
                }
                for group in *any_of {
                    parts.push(format!("one of {}", quoted(group).join(", ")));
                }
                if parts.is_empty() {
                    f.write_str("a valid token")
                } else {
                    f.write_str(&parts.join(", and "))
                }
            }
        }
    }
}

/// One method of a generated client.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Endpoint {
    /// The method's name in the trait.
    pub name: &'static str,
    /// The HTTP method (`GET`, ...).
    pub method: &'static str,
    /// The path template (`/orders/{id}`).
    pub path: &'static str,
    /// What the token needs.
    pub auth: Auth,
}

impl Endpoint {
    /// Whether retrying this request cannot apply it twice (RFC 9110 §9.2.2): GET, HEAD,
    /// PUT, DELETE, OPTIONS.
    pub fn is_idempotent(&self) -> bool {
        matches!(self.method, "GET" | "HEAD" | "PUT" | "DELETE" | "OPTIONS")
    }
}

/// Every endpoint of a generated client and the union of the scopes they use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Manifest {
    /// The annotated trait's name.
    pub api: &'static str,
    /// The generated client's name.
    pub client: &'static str,
    /// The scope module, as written in `#[api(scopes = ...)]`.
    pub scope_module: &'static str,
    /// The endpoints, in trait order.
    pub endpoints: &'static [Endpoint],
    /// Every scope any endpoint names, as the provider spells them: request these to call
    /// every method.
    pub scopes: &'static [&'static str],
}

impl Manifest {
    /// The endpoint named `name`.
    pub fn endpoint(&self, name: &str) -> Option<&'static Endpoint> {
        self.endpoints.iter().find(|e| e.name == name)
    }

    /// The scopes as one RFC 6749 `scope` parameter (space-separated).
    pub fn scope_param(&self) -> String {
        self.scopes.join(" ")
    }

    /// The manifest as pretty JSON, for CI jobs and tooling.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}

impl fmt::Display for Manifest {
    /// A table: one line per endpoint, then the scopes to request.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{} ({}, scopes from `{}`)",
            self.client, self.api, self.scope_module
        )?;
        let width = self
            .endpoints
            .iter()
            .map(|e| e.method.len() + 1 + e.path.len())
            .max()
            .unwrap_or(0);
        for e in self.endpoints {
            let route = format!("{} {}", e.method, e.path);
            writeln!(f, "  {route:<width$}  {:<24} {}", e.name, e.auth)?;
        }
        write!(f, "  scopes to request: {}", self.scope_param())
    }
}
