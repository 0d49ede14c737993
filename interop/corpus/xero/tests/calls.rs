//! Xero's accounting API through the testkit with tokens of different scopes, answered
//! with the document's own examples: a read with the read-only scope (either suffices),
//! a write with the full one, a read of another scope family.

#![cfg(has_spec)]

use auth_core::testkit::{Reply, Route, TestProvider};
use auth_core::{Scoped, StaticToken};
use interop_xero::{XeroClient, types, xero};
use serde_json::Value;

const DOCUMENT: &str = "corpus/xero/xero_accounting.yaml";
const TENANT: &str = "b8e1c2a0-4a2b-4f63-9f2b-5c7a1e6d2b10";

fn documented(route: Route, method: &str, path: &str) -> Route {
    let document = interop_specs::read(DOCUMENT);
    let body = interop_specs::example(&document, method, path, "200")
        .unwrap_or_else(|| panic!("{DOCUMENT} documents an answer of {method} {path}"));
    route.respond(move |request| {
        // Xero routes every call to an organisation by this header.
        if request.header("xero-tenant-id") != Some(TENANT) {
            return Reply::json(403, serde_json::json!({"Title": "Forbidden"}));
        }
        Reply::json(200, body.clone())
    })
}

async fn provider() -> TestProvider {
    TestProvider::builder()
        .route(documented(
            Route::get("/Accounts").any_scope(&["accounting.settings", "accounting.settings.read"]),
            "get",
            "/Accounts",
        ))
        .route(documented(
            Route::put("/Accounts").scope("accounting.settings"),
            "put",
            "/Accounts",
        ))
        .route(documented(
            Route::get("/Contacts").any_scope(&["accounting.contacts", "accounting.contacts.read"]),
            "get",
            "/Contacts",
        ))
        .start()
        .await
}

fn client<S: auth_core::scope::ScopeSet<Module = xero::Scopes>>(
    provider: &TestProvider,
    scopes: &[&str],
) -> XeroClient<S> {
    let token = StaticToken::new(provider.issue_token(scopes, None)).unwrap();
    XeroClient::with_base_url(Scoped::<S>::assume_granted(token), &provider.base_url()).unwrap()
}

#[tokio::test]
async fn the_chart_of_accounts_is_read_with_the_read_only_scope() {
    let provider = provider().await;
    let reader = client::<xero::Of<xero::accounting_settings_read>>(
        &provider,
        &["accounting.settings.read"],
    );
    let accounts = reader.get_accounts(TENANT).await.unwrap();
    assert!(!accounts.accounts.is_empty(), "{accounts:?}");
    // reader.create_account(...) does not compile: it needs `accounting.settings`.
}

#[tokio::test]
async fn an_account_is_created_with_the_full_scope() {
    let provider = provider().await;
    let writer = client::<xero::Of<xero::accounting_settings>>(&provider, &["accounting.settings"]);
    let new: types::Account = serde_json::from_value(
        serde_json::json!({"Code": "123456", "Name": "Foobar", "Type": "EXPENSE"}),
    )
    .unwrap();
    let created = writer.create_account(TENANT, &new).await.unwrap();
    assert!(created.accounts[0].account_id.is_some(), "{created:?}");
    // The full scope also reads (either suffices).
    writer.get_accounts(TENANT).await.unwrap();
}

#[tokio::test]
async fn contacts_need_their_own_scope_family() {
    let provider = provider().await;
    let contacts = client::<xero::Of<xero::accounting_contacts_read>>(
        &provider,
        &["accounting.contacts.read"],
    );
    let listed = contacts.get_contacts(TENANT).await.unwrap();
    assert!(listed.contacts[0].contact_id.is_some(), "{listed:?}");
    // A token typed with settings scopes but issued with contacts only: the provider says no.
    let wrong = client::<xero::Of<xero::accounting_settings_read>>(
        &provider,
        &["accounting.contacts.read"],
    );
    let err = wrong.get_accounts(TENANT).await.unwrap_err();
    assert!(matches!(err, auth_core::Error::Forbidden { .. }), "{err}");
}

/// Every contact, page after page, as Xero numbers pages: query parameter `page`, and
/// `pagination.pageCount` in the answer
/// (https://developer.xero.com/documentation/api/accounting/contacts#optional-parameters-for-get-contacts),
/// declared in this crate's `config.json`. Each page is the document's own example
/// contact, renumbered.
#[tokio::test]
async fn every_contact_is_listed_page_by_page() {
    let document = interop_specs::read(DOCUMENT);
    let example = interop_specs::example(&document, "get", "/Contacts", "200").unwrap();
    let contact = example["Contacts"][0].clone();
    let provider = TestProvider::builder()
        .route(
            Route::get("/Contacts")
                .scope("accounting.contacts.read")
                .respond(move |request| {
                    let page = request.query_param("page").map_or(1, |v| v.parse::<u32>().unwrap());
                    let contacts: Vec<Value> = (0..2)
                        .map(|i| {
                            let mut c = contact.clone();
                            c["Name"] = Value::from(format!("Contact {}", (page - 1) * 2 + i));
                            c
                        })
                        .collect();
                    Reply::json(
                        200,
                        serde_json::json!({
                            "pagination": {"page": page, "pageSize": 2, "pageCount": 3, "itemCount": 6},
                            "Contacts": contacts,
                        }),
                    )
                }),
        )
        .start()
        .await;
    let contacts = client::<xero::Of<xero::accounting_contacts_read>>(
        &provider,
        &["accounting.contacts.read"],
    );
    let mut all = contacts.get_contacts(TENANT).page_size(2).items();
    let mut names = Vec::new();
    while let Some(contact) = all.next().await {
        names.push(String::from(contact.unwrap().name.unwrap()));
    }
    assert_eq!(
        names,
        (0..6).map(|i| format!("Contact {i}")).collect::<Vec<_>>()
    );
    assert_eq!(provider.stats().api("GET /Contacts"), 3);
}
