//! Every operation of Xero's accounting document is a method with the scopes it names,
//! read as Xero means them: `[accounting.settings, accounting.settings.read]` is either.

#![cfg(has_spec)]

use auth_core::manifest::Auth;
use interop_specs::check::{Lists, Source, check_document};
use interop_xero::XeroClient;

const DOCUMENT: &str = "corpus/xero/xero_accounting.yaml";

#[test]
fn every_operation_has_the_requirement_the_document_states() {
    let document = interop_specs::read(DOCUMENT);
    assert_eq!(interop_specs::operations(&document).len(), 235);
    check_document(
        &document,
        &[(
            &XeroClient::MANIFEST,
            Source::Security {
                scheme: "OAuth2",
                lists: Lists::Either,
                default: true,
            },
        )],
    );
}

#[test]
fn reads_take_the_read_only_scope_or_the_full_one() {
    let auth = |name: &str| XeroClient::MANIFEST.endpoint(name).unwrap().auth;
    assert_eq!(
        auth("get_accounts"),
        Auth::Scopes {
            all: &[],
            any_of: &[&["accounting.settings", "accounting.settings.read"]]
        }
    );
    assert_eq!(
        auth("update_account"),
        Auth::Scopes {
            all: &["accounting.settings"],
            any_of: &[]
        }
    );
}
