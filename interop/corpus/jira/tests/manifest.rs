//! Every operation of Jira's document is a method of the traits its credentials give:
//! the classic OAuth 2 scopes of `security`, the granular scopes Atlassian enforces for
//! new apps (`x-atlassian-oauth2-scopes`), and basic credentials.

#![cfg(has_spec)]

use auth_core::manifest::Auth;
use interop_jira::{JiraBasicClient, JiraClient, JiraGranularClient};
use interop_specs::check::{Lists, Source, check_document};

const DOCUMENT: &str = "corpus/jira/swagger-v3.v3.json";

#[test]
fn every_operation_has_the_requirement_the_document_states() {
    let document = interop_specs::read(DOCUMENT);
    assert_eq!(interop_specs::operations(&document).len(), 595);
    check_document(
        &document,
        &[
            (
                &JiraClient::MANIFEST,
                Source::Security {
                    scheme: "OAuth2",
                    lists: Lists::AllOf,
                    default: true,
                },
            ),
            (
                &JiraGranularClient::MANIFEST,
                Source::Extension {
                    key: "x-atlassian-oauth2-scopes",
                    scheme: "OAuth2",
                },
            ),
            (
                &JiraBasicClient::MANIFEST,
                Source::Security {
                    scheme: "basicAuth",
                    lists: Lists::AllOf,
                    default: false,
                },
            ),
        ],
    );
}

#[test]
fn an_issue_is_read_with_the_classic_scope_or_nine_granular_ones() {
    assert_eq!(
        JiraClient::MANIFEST.endpoint("get_issue").unwrap().auth,
        Auth::Scopes {
            all: &["read:jira-work"],
            any_of: &[]
        }
    );
    let Auth::Scopes { all, any_of } = JiraGranularClient::MANIFEST
        .endpoint("get_issue")
        .unwrap()
        .auth
    else {
        panic!("get_issue needs scopes");
    };
    assert_eq!((all.len(), any_of.len()), (9, 0));
    assert!(all.contains(&"read:issue:jira"));
    // Granular scopes the OAuth 2 scheme does not declare are declared too.
    assert!(
        JiraGranularClient::MANIFEST
            .scopes
            .contains(&"read:priority-scheme:jira")
    );
}
