//! Jira Cloud's platform API (595 operations) on the tenant's site (`JiraClient::new(token, "acme")` for acme.atlassian.net): the classic OAuth 2 scopes of `security` (`Jira`), the granular ones Atlassian enforces for new apps from `x-atlassian-oauth2-scopes` (`JiraGranular`, the same `scopes!` module), and an email with an API token (`JiraBasic`, `StaticToken::basic`).
//!
//! Generated at build time by `auth-openapi` from the provider's document, unchanged, read
//! from `../shared/specs/corpus/jira/swagger-v3.v3.json` (not copied into this repository; without it the crate
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
include!(concat!(env!("OUT_DIR"), "/jira.rs"));
