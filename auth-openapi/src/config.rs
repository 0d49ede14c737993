//! What the generator is told besides the document: names, and the conventions of
//! providers whose documents use OpenAPI in their own way.

use std::collections::BTreeMap;

use serde::Deserialize;

/// Options of a generation. `Config::default()` takes the document as it is.
///
/// As JSON (the command line's `--config`), for three real documents:
///
/// ```json
/// { "name": "DigitalOcean", "implies": [[":update", ":read"], [":create", ":read"]] }
/// ```
///
/// ```json
/// { "name": "Xero", "either": ["OAuth2"] }
/// ```
///
/// ```json
/// {
///   "name": "Jira",
///   "scopes_extension": { "name": "x-atlassian-oauth2-scopes", "suffix": "Granular" }
/// }
/// ```
///
/// ```json
/// { "name": "Discord", "api_keys": { "BotToken": { "prefix": "Bot " } } }
/// ```
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The base name of the traits (`DigitalOcean` gives `DigitalOcean`,
    /// `DigitalOceanInference`, ...); by default the document's title in UpperCamelCase,
    /// without a trailing `Api`.
    #[serde(default)]
    pub name: Option<String>,
    /// Implication rules by suffix: `(":update", ":read")` makes every `x:update` imply
    /// `x:read` when the document has both. None by default: the generator never
    /// invents an implication.
    #[serde(default)]
    pub implies: Vec<(String, String)>,
    /// The path of the runtime crate in generated code (`::auth_core` by default).
    #[serde(default)]
    pub runtime: Option<String>,
    /// Security schemes whose requirement lists mean "any one of these scopes", not "all
    /// of them". OpenAPI reads `[a, b]` as both, but Xero lists
    /// `[accounting.settings, accounting.settings.read]` on reads and Figma
    /// `[file_content:read, files:read]` (the scope and the one it replaced) where either
    /// suffices. Without it, a list that pairs a scope with its read-only variant or with
    /// a scope the document calls deprecated is read as written, with a warning.
    #[serde(default)]
    pub either: Vec<String>,
    /// A vendor extension on operations holding their scopes as the provider enforces
    /// them (Atlassian's `x-atlassian-oauth2-scopes`, whose granular scopes new apps
    /// must use, next to the classic ones in `security`).
    #[serde(default)]
    pub scopes_extension: Option<ScopesExtension>,
    /// API-key schemes, by name: how the key is sent beyond what the document says (the
    /// `Bot ` prefix of Discord's `Authorization: Bot <token>`, Okta's `SSWS `).
    #[serde(default)]
    pub api_keys: BTreeMap<String, ApiKey>,
    /// Paged operations, by operation id, beyond those recognised from their answers
    /// (`links.pages.next`, `next_page.uri`, an array with a `Link` header): each gets
    /// `#[paginated(...)]`, whose call then has `.pages()` and `.items()`. An entry with
    /// `"off": true` leaves a recognised operation unpaged.
    ///
    /// ```json
    /// { "paging": { "conversations.list": {
    ///     "items": "/channels", "cursor": "/response_metadata/next_cursor", "param": "cursor" } } }
    /// ```
    #[serde(default)]
    pub paging: BTreeMap<String, Paging>,
    /// Generate only these operations (every one without it), and only the component
    /// schemas they reach: `{"include": {"tags": ["Droplets"]}}`. The scopes module still
    /// declares every scope of the document.
    #[serde(default)]
    pub include: Option<Selection>,
    /// Leave these operations out (after `include`), and the schemas only they reach.
    #[serde(default)]
    pub exclude: Option<Selection>,
    /// Types derive serde's `Deserialize`, as typify writes them. By default plain
    /// structs and string enums get a smaller impl that reads JSON the same way (a
    /// third of the build time of a large document's types: BENCHMARKS.md §4b); the one
    /// difference is that a struct sent as a JSON array is not taken.
    #[serde(default)]
    pub derive_deserialize: bool,
    /// Every type implements `Serialize`. By default a type only received (in answers,
    /// error answers and pages, never in a request body) does not: a quarter of the
    /// build of a large document's types. Every type implements `Deserialize` either
    /// way, so a body can be written as JSON.
    #[serde(default)]
    pub full_serde: bool,
    /// One Cargo feature per tag of the document (`Droplet Actions` gives
    /// `droplet-actions`): a method compiles only under the feature of one of its
    /// operation's tags, and a type only under the features of the methods that reach
    /// it (a type no operation reaches under `unused-schemas`). What
    /// [`generate_crate`](crate::generate_crate) writes; the crate that compiles the
    /// output declares the features.
    #[serde(default)]
    pub features: bool,
}

/// Operations by tag, path pattern (`*` for any run of characters: `/v2/droplets*`) or
/// `operationId`; an operation is in the selection when any of them names it.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Selection {
    /// Tags (`Droplets`).
    #[serde(default)]
    pub tags: Vec<String>,
    /// Path patterns (`/v2/droplets*`).
    #[serde(default)]
    pub paths: Vec<String>,
    /// Operation ids (`droplets_list`).
    #[serde(default)]
    pub operations: Vec<String>,
}

/// How one operation is paged: the keys of `#[paginated(...)]`, places in the body as
/// JSON pointers. Exactly one of `next_url`, `link_header`, `cursor` (with `param`) and
/// `page` (with `total_pages` or `total_items` when the answer has them).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Paging {
    /// Where a page's items are (`/data`); by default the answer's one array property,
    /// or the answer itself when it is an array.
    #[serde(default)]
    pub items: Option<String>,
    /// Where the next page's URL is in the body (`/links/pages/next`).
    #[serde(default)]
    pub next_url: Option<String>,
    /// The next page is the `Link` header's `rel="next"`.
    #[serde(default)]
    pub link_header: bool,
    /// Where a cursor is in the body, sent back as query parameter `param`.
    #[serde(default)]
    pub cursor: Option<String>,
    /// The query parameter a cursor is sent back as.
    #[serde(default)]
    pub param: Option<String>,
    /// The query parameter numbering pages.
    #[serde(default)]
    pub page: Option<String>,
    /// Where the number of pages is in the body.
    #[serde(default)]
    pub total_pages: Option<String>,
    /// Where the number of items of all pages is in the body.
    #[serde(default)]
    pub total_items: Option<String>,
    /// The operation is not paged, although its answer looks so.
    #[serde(default)]
    pub off: bool,
}

/// A vendor extension with each operation's scopes: a list of
/// `{ "scheme": ..., "scopes": [...], "state": ... }` requirements, each an alternative.
///
/// Its requirements that differ from the operation's `security` (Atlassian's granular
/// scopes) are checked by traits of their own, named with `suffix` (`JiraGranular`), on
/// the same `scopes!` module: a token typed with granular scopes calls them, one typed
/// with classic scopes calls the classic traits.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScopesExtension {
    /// The extension's key (`x-atlassian-oauth2-scopes`).
    pub name: String,
    /// What the traits checking its requirements are named with (`Granular`).
    pub suffix: String,
    /// The `state`s taken (`["Current", "Beta"]`); every state when empty.
    #[serde(default)]
    pub states: Vec<String>,
}

/// How an API key of a scheme is sent, beyond the document's `in` and `name`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApiKey {
    /// Written before the key in its header (`"Bot "`, `"SSWS "`).
    #[serde(default)]
    pub prefix: String,
}

impl Config {
    /// Adds an implication rule: every scope ending in `from` implies the same scope
    /// ending in `to`, when the document declares both.
    #[must_use]
    pub fn implies(mut self, from: &str, to: &str) -> Self {
        self.implies.push((from.to_owned(), to.to_owned()));
        self
    }

    /// Sets the base name of the traits.
    #[must_use]
    pub fn name(mut self, name: &str) -> Self {
        self.name = Some(name.to_owned());
        self
    }

    /// Reads the requirement lists of `scheme` as "any one of".
    #[must_use]
    pub fn either(mut self, scheme: &str) -> Self {
        self.either.push(scheme.to_owned());
        self
    }

    /// Reads the scopes of the vendor extension `name`, in traits named with `suffix`.
    #[must_use]
    pub fn scopes_extension(mut self, name: &str, suffix: &str) -> Self {
        self.scopes_extension = Some(ScopesExtension {
            name: name.to_owned(),
            suffix: suffix.to_owned(),
            states: Vec::new(),
        });
        self
    }

    /// Sends the API key of `scheme` after `prefix` (`"Bot "`).
    #[must_use]
    pub fn api_key_prefix(mut self, scheme: &str, prefix: &str) -> Self {
        self.api_keys.insert(
            scheme.to_owned(),
            ApiKey {
                prefix: prefix.to_owned(),
            },
        );
        self
    }

    /// Reads a configuration from JSON.
    ///
    /// # Errors
    ///
    /// The text is not JSON, or names an unknown option.
    pub fn from_json(text: &str) -> Result<Self, serde_json::Error> {
        serde_json::from_str(text)
    }
}
