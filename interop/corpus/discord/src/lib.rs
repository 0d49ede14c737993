//! Discord's HTTP API (242 operations): OAuth 2 tokens (`Discord`) and bot tokens sent as `Authorization: Bot <token>` (`DiscordBotToken`, the prefix from the configuration).
//!
//! Generated at build time by `auth-openapi` from the provider's document, unchanged, read
//! from `../shared/specs/corpus/discord/openapi.json` (not copied into this repository; without it the crate
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
include!(concat!(env!("OUT_DIR"), "/discord.rs"));
