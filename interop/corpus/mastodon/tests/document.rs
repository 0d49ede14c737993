//! The document the client is generated from is there (a user's clone without
//! `../shared/specs` skips the other tests, with this message; CI fails).

#[test]
fn the_document_is_there() {
    interop_specs::require("corpus/mastodon/schema.json");
}
