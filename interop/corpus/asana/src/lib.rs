//! Asana's API (247 operations): a personal access token (`Asana`) or an OAuth 2 token with scopes (`AsanaOauth2`) on every operation; the three scopes it uses without declaring them are declared.
//!
//! Generated at build time by `auth-openapi` from the provider's document, unchanged, read
//! from `../shared/specs/corpus/asana/asana_oas.yaml` (not copied into this repository; without it the crate
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
include!(concat!(env!("OUT_DIR"), "/asana.rs"));
