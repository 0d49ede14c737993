//! Names the generated code defines itself, which a user's (or a generator's) names
//! cannot take: one list each, shared by the macros' checks and by `auth-openapi`, which
//! renames an operation or scope that would collide.

/// Methods every generated client has; an `#[api]` method cannot use these names.
pub const CLIENT_METHODS: [&str; 10] = [
    "new",
    "with_base_url",
    "with_token",
    "with_http_client",
    "with_config",
    "with_transport",
    "narrow",
    "token_cache",
    "clone",
    "fmt",
];

/// Items every `scopes!` module defines besides its scopes; a scope cannot use these
/// names.
pub const SCOPE_MODULE_ITEMS: [&str; 6] =
    ["Scopes", "Of", "All", "Empty", "grants", "made_by_scopes"];
