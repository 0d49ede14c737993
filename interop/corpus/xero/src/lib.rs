//! Xero's accounting API (235 operations), every body and answer typed. Its reads list `[accounting.X, accounting.X.read]`, meaning either: configured with `"either"`.
//!
//! Generated at build time by `auth-openapi` from the provider's document, unchanged, read
//! from `../shared/specs/corpus/xero/xero_accounting.yaml` (not copied into this repository; without it the crate
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
include!(concat!(env!("OUT_DIR"), "/xero.rs"));
