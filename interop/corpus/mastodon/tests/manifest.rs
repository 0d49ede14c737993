//! Every operation of Mastodon's document is a method with the scopes it names (one of a
//! list: `[read:blocks, follow]` pairs a scope with the older one it replaced); the
//! operations its root `security: []` makes public are `#[public]`.

#![cfg(has_spec)]

use auth_core::manifest::Auth;
use interop_mastodon::MastodonClient;
use interop_specs::check::{Lists, Source, check_document};

const DOCUMENT: &str = "corpus/mastodon/schema.json";

#[test]
fn every_operation_has_the_requirement_the_document_states() {
    let document = interop_specs::read(DOCUMENT);
    assert_eq!(interop_specs::operations(&document).len(), 210);
    check_document(
        &document,
        &[(
            &MastodonClient::MANIFEST,
            Source::Security {
                scheme: "OAuth2",
                lists: Lists::Either,
                default: true,
            },
        )],
    );
    let public = MastodonClient::MANIFEST
        .endpoints
        .iter()
        .filter(|e| e.auth == Auth::Public)
        .count();
    assert_eq!(public, 29);
}
