//! Every operation of Asana's document is a method of both traits: a personal access
//! token or an OAuth 2 token with the scopes it names, declared or not.

#![cfg(has_spec)]

use interop_asana::{AsanaClient, AsanaOauth2Client};
use interop_specs::check::{Lists, Source, check_document};

const DOCUMENT: &str = "corpus/asana/asana_oas.yaml";

#[test]
fn every_operation_has_the_requirement_the_document_states() {
    let document = interop_specs::read(DOCUMENT);
    assert_eq!(interop_specs::operations(&document).len(), 247);
    check_document(
        &document,
        &[
            (
                &AsanaClient::MANIFEST,
                Source::Security {
                    scheme: "personalAccessToken",
                    lists: Lists::AllOf,
                    default: true,
                },
            ),
            (
                &AsanaOauth2Client::MANIFEST,
                Source::Security {
                    scheme: "oauth2",
                    lists: Lists::AllOf,
                    default: false,
                },
            ),
        ],
    );
}

#[test]
fn scopes_used_but_not_declared_are_declared() {
    for scope in ["goals:write", "stories:delete", "workspaces.typeahead:read"] {
        assert!(
            AsanaOauth2Client::MANIFEST.scopes.contains(&scope),
            "{scope}"
        );
    }
}
