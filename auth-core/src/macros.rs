//! The macros, re-exported from `auth-macros` with their documentation.

/// Declares a provider's scopes as a module of types.
///
/// ```
/// auth_core::scopes! {
///     /// Permissions of the merchant API.
///     pub mod merchant {
///         /// Read orders.
///         can_read_order,
///         /// Create and change orders (implies reading them).
///         can_write_order => can_read_order,
///         can_read_sales_channels,
///         can_write_sales_channels => can_read_sales_channels,
///         can_retrieve_app_config,
///         can_update_app_config => [can_retrieve_app_config],
///     }
/// }
/// ```
///
/// Each scope becomes a type (`merchant::can_read_order`). The module also defines:
///
/// - `Of<L>`: the set of the listed scopes and all they imply, e.g.
///   `merchant::Of<(can_read_order, can_read_sales_channels)>`; the order of the list does
///   not matter (the same members give the same type);
/// - `All` (every scope, e.g. a seller portal's personal token) and `Empty`;
/// - `Scopes`, the module's marker: its sets are `auth_core::scope::Set<Scopes, ...>`, a
///   trie of the granted scopes (see [`scope`](crate::scope)), which costs `O(n log n)` to
///   declare and `O(log n)` to check, so catalogues of hundreds of scopes build fast;
/// - `grants`, a trait per scope for generic code (`S: merchant::grants::x`);
/// - hidden items for `#[api]`: `made_by_scopes` (the module's items) and a lookup macro,
///   through which an `#[api]` trait, in this crate or another, finds each scope by the name
///   it writes, and reports a name the module does not declare with the module's scopes
///   closest by spelling.
///
/// A scope cannot take the name of one of these items (`Scopes`, `Of`, `All`, `Empty`,
/// `grants`, `made_by_scopes`) or a name starting with `__`.
///
/// `a => b`, `a => [b, c]` and `a => *` (everything) declare implications. A scope the
/// provider spells in a way that is not a Rust identifier gets a name for Rust and its
/// spelling: `orders_read = "orders:read"`; the manifest, the `scope` requested and runtime
/// checks use the spelling. A `crate = path;` line first names auth-core by another path,
/// for crates that re-export it.
///
/// Mistakes are errors at the offending name: a scope declared twice, an implication
/// naming an unknown scope (with a suggestion when it is close to a declared one).
pub use auth_macros::scopes;

/// Turns an annotated trait into a client whose methods exist only for tokens that carry
/// their scopes.
///
/// ```
/// use auth_core::{Environment, Error, Scoped, StaticToken, api, scopes};
/// use serde::{Deserialize, Serialize};
///
/// scopes! { pub mod merchant { can_read_order, can_write_order => can_read_order } }
///
/// #[derive(Debug, Deserialize)]
/// pub struct Order { pub id: u64 }
/// #[derive(Serialize)]
/// pub struct NewOrder { pub sku: String }
/// #[derive(Serialize)]
/// pub struct Page { pub limit: u32 }
///
/// #[api(
///     scopes = merchant,
///     production = "https://api.merchant.example",
///     staging = "https://api.staging.merchant.example",
/// )]
/// pub trait Orders {
///     /// One order by id.
///     #[get("/orders/{id}")]
///     #[authenticated(scope = "can_read_order")]
///     async fn get_order(&self, id: u64) -> Result<Order, Error>;
///
///     /// Orders, a page at a time.
///     #[get("/orders")]
///     #[authenticated(scope = "can_read_order")]
///     async fn list_orders(&self, #[query] page: &Page) -> Result<Vec<Order>, Error>;
///
///     /// A new order.
///     #[post("/orders")]
///     #[authenticated(scope = "can_write_order")]
///     async fn create_order(&self, #[body] order: &NewOrder, #[header("Idempotency-Key")] key: &str) -> Result<Order, Error>;
///
///     #[get("/health")]
///     #[public]
///     async fn health(&self) -> Result<(), Error>;
/// }
///
/// # async fn demo() -> Result<(), Error> {
/// let token = StaticToken::new("mrc_live_abc")?;
/// let client = OrdersClient::new(Scoped::<merchant::Of<merchant::can_read_order>>::assume_granted(token), Environment::Production);
/// let order = client.get_order(7).await?;
/// # Ok(()) }
/// println!("{}", OrdersClient::MANIFEST);
/// ```
///
/// With a read-only token, `create_order` does not compile:
///
/// ```compile_fail
/// # use auth_core::{Environment, Error, Scoped, StaticToken, api, scopes};
/// # scopes! { pub mod merchant { can_read_order, can_write_order } }
/// # #[api(scopes = merchant, production = "https://api.merchant.example")]
/// # pub trait Orders {
/// #     #[post("/orders")]
/// #     #[authenticated(scope = "can_write_order")]
/// #     async fn create_order(&self) -> Result<(), Error>;
/// # }
/// # async fn demo(token: StaticToken) {
/// let read_only = Scoped::<merchant::Of<merchant::can_read_order>>::assume_granted(token);
/// let client = OrdersClient::new(read_only, Environment::Production);
/// client.create_order().await; // error: the token's scopes do not include `can_write_order`
/// # }
/// ```
///
/// # The trait
///
/// - `#[api(...)]`: `scopes = module` (from [`scopes!`]; leave it out for a provider
///   without scopes), `production = "https://..."` and
///   `staging = "https://..."` (then `XClient::new(token, Environment)` exists),
///   `auth = ...` (how the credential is sent: `bearer`, the default, as
///   `Authorization: Bearer`; `api_key(header = "X-Figma-Token")`, with
///   `prefix = "Bot "` for Discord's `Authorization: Bot <token>`; `api_key(query = "key")`;
///   `basic`, with [`StaticToken::basic`](crate::StaticToken::basic)),
///   `client = Name` (default: the trait's name + `Client`), `crate = path` (where
///   auth-core is, if not `::auth_core`), `error = VendorError` (the provider's
///   documented error answer, read with [`Error::body_as`](crate::Error::body_as)).
/// - Each method: `async fn name(&self, ...) -> Result<T, Error>`, one of
///   `#[get|post|put|patch|delete|head|options("/path/{param}")]`, and either
///   `#[authenticated(scope = "...")]` (repeatable, all required; `scope = any("a", "b")`
///   for one of several), `#[authenticated(any_token)]` (in an API with scopes: any
///   token of the API will do, said on purpose), `#[authenticated]` (a token, no
///   particular scope: for providers without scopes, whose tokens come as
///   [`Scoped::unscoped`](crate::Scoped::unscoped); in an API with scopes it is an error,
///   a forgotten scope), or `#[public]`.
/// - Optional arguments (`Option<T>` marked `#[query]` or `#[header]`, `T` owning its
///   data) are set on the call by name: `client.list(id).status("open").await`.
/// - A paged list: `#[paginated(items = "/droplets", item = Droplet, next_url =
///   "/links/pages/next")]` (or `link_header`, `cursor = "..", param = ".."`, `page =
///   "page"` with `total_pages`/`total_items`; places in the body as JSON pointers) gives
///   its call `.pages()` and `.items()`, streams walking every page: see
///   [`paging`](crate::paging).
/// - Arguments: named in the path as `{name}` (percent-encoded), or `#[query]` (a
///   `Serialize` struct's fields, or a single value named after the argument;
///   `#[query("name")]` renames it), `#[body]` (JSON), `#[header("X-Name")]`.
/// - Return types: `Result<T, Error>` decodes JSON into `T`; `Result<(), Error>` accepts
///   any 2xx; `Result<RawResponse, Error>` hands over the response.
///
/// # The client
///
/// `XClient<S>` where `S` is the token's scope set: built from a [`Scoped<S>`](crate::Scoped)
/// with `new(token, environment)` or `with_base_url(token, url)`; `with_token` switches to
/// another token (per customer) and `narrow` to fewer scopes, both cheap; clients share
/// one connection pool. `XClient::MANIFEST` is the [scope manifest](crate::manifest).
///
/// Set `AUTH_MACROS_DUMP=<dir>` while building to write each expansion, formatted, to
/// `<dir>/<Trait>.rs`.
pub use auth_macros::api;

/// Marks an `#[api]` method as needing scopes: see [`api`]. Anywhere else it is an error.
pub use auth_macros::authenticated;

/// Marks an `#[api]` method as needing no token: see [`api`]. Anywhere else it is an error.
pub use auth_macros::public;

/// Says how an `#[api]` method's pages follow one another: see [`api`] and
/// [`paging`](crate::paging). Anywhere else it is an error.
pub use auth_macros::paginated;
