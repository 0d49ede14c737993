//! Figma's REST API (47 operations): the OAuth 2 scopes (`Figma`, `FigmaOrgOAuth2`) and the personal access token sent as `X-Figma-Token` (`FigmaPersonalAccessToken`). Its lists pair a scope with the one it replaced (`[file_content:read, files:read]`), meaning either: configured with `"either"`.
//!
//! Generated at build time by `auth-openapi` from the provider's document, unchanged, read
//! from `../shared/specs/corpus/figma/openapi.yaml` (not copied into this repository; without it the crate
//! builds empty and its tests skip, except under `CI=true`), with the conventions in
//! `config.json`.

// The provider's descriptions become doc comments as written: their brackets, bare URLs
// and HTML are prose, not rustdoc links.
#![allow(
    rustdoc::broken_intra_doc_links,
    rustdoc::bare_urls,
    rustdoc::invalid_html_tags
)]

#[cfg(has_spec)]
include!(concat!(env!("OUT_DIR"), "/figma.rs"));
