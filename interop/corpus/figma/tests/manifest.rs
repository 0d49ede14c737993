//! Every operation of Figma's document is a method of the traits its credentials give,
//! with the scopes it names read as Figma means them: a list pairing a scope with the
//! one it replaced (`[file_content:read, files:read]`) is either.

#![cfg(has_spec)]

use auth_core::manifest::Auth;
use interop_figma::{FigmaClient, FigmaOrgOAuth2Client, FigmaPersonalAccessTokenClient};
use interop_specs::check::{Lists, Source, check_document};

const DOCUMENT: &str = "corpus/figma/openapi.yaml";

#[test]
fn every_operation_has_the_requirement_the_document_states() {
    let document = interop_specs::read(DOCUMENT);
    check_document(
        &document,
        &[
            (
                &FigmaClient::MANIFEST,
                Source::Security {
                    scheme: "OAuth2",
                    lists: Lists::Either,
                    default: true,
                },
            ),
            (
                &FigmaOrgOAuth2Client::MANIFEST,
                Source::Security {
                    scheme: "OrgOAuth2",
                    lists: Lists::Either,
                    default: false,
                },
            ),
            (
                &FigmaPersonalAccessTokenClient::MANIFEST,
                Source::Security {
                    scheme: "PersonalAccessToken",
                    lists: Lists::AllOf,
                    default: false,
                },
            ),
        ],
    );
}

#[test]
fn a_file_is_read_with_the_new_scope_or_the_one_it_replaced() {
    let get_file = FigmaClient::MANIFEST.endpoint("get_file").unwrap();
    assert_eq!(
        get_file.auth,
        Auth::Scopes {
            all: &[],
            any_of: &[&["file_content:read", "files:read"]]
        }
    );
    let with_key = FigmaPersonalAccessTokenClient::MANIFEST
        .endpoint("get_file")
        .unwrap();
    assert_eq!(
        with_key.auth,
        Auth::Scopes {
            all: &[],
            any_of: &[]
        }
    );
}
