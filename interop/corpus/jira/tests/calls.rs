//! Jira's platform API through the testkit, answered with the document's own examples:
//! the current user with an email and API token (basic), an issue with the classic
//! scope, the same issue with the nine granular scopes Atlassian enforces for new apps,
//! and the server's information with any OAuth 2 token.

#![cfg(has_spec)]

use auth_core::testkit::{Key, Reply, Route, TestProvider};
use auth_core::{Scoped, StaticToken};
use interop_jira::{JiraBasicClient, JiraClient, JiraGranularClient, jira};

const DOCUMENT: &str = "corpus/jira/swagger-v3.v3.json";
const EMAIL: &str = "mia@example.com";
const API_TOKEN: &str = "ATATT3xFfGF0-example-api-token";

/// The granular scopes of `GET /rest/api/3/issue/{issueIdOrKey}`, as the document lists them.
const ISSUE_GRANULAR: [&str; 9] = [
    "read:issue-meta:jira",
    "read:issue-security-level:jira",
    "read:issue.vote:jira",
    "read:issue.changelog:jira",
    "read:avatar:jira",
    "read:issue:jira",
    "read:status:jira",
    "read:user:jira",
    "read:field-configuration:jira",
];

fn documented(route: Route, path: &str) -> Route {
    let document = interop_specs::read(DOCUMENT);
    let body = interop_specs::example(&document, "get", path, "200")
        .unwrap_or_else(|| panic!("{DOCUMENT} documents an answer of GET {path}"));
    route.respond(move |_| Reply::json(200, body.clone()))
}

async fn provider() -> TestProvider {
    let basic = Key::Basic {
        user: EMAIL.into(),
        password: API_TOKEN.into(),
    };
    TestProvider::builder()
        .route(documented(
            Route::get("/rest/api/3/myself")
                .key(basic.clone())
                .scope("read:jira-user"),
            "/rest/api/3/myself",
        ))
        .route(documented(
            Route::get("/rest/api/3/issue/{issueIdOrKey}").respond(|_| Reply::status(500)),
            "/rest/api/3/issue/{issueIdOrKey}",
        ))
        .route(documented(
            Route::get("/rest/api/3/serverInfo").key(basic),
            "/rest/api/3/serverInfo",
        ))
        .start()
        .await
}

#[tokio::test]
async fn the_current_user_with_an_email_and_api_token() {
    let provider = provider().await;
    let credentials = Scoped::unscoped(StaticToken::basic(EMAIL, API_TOKEN).unwrap());
    let client = JiraBasicClient::with_base_url(credentials, &provider.base_url()).unwrap();
    let me = client.get_current_user().await.unwrap();
    assert!(me.account_id.is_some(), "{me:?}");
    // The tenant's site is the constructor's argument, checked.
    let site = Scoped::unscoped(StaticToken::basic(EMAIL, API_TOKEN).unwrap());
    assert!(JiraBasicClient::new(site.clone(), "acme").is_ok());
    assert!(JiraBasicClient::new(site, "acme.atlassian.net/evil?").is_err());
}

#[tokio::test]
async fn an_issue_with_the_classic_scope_or_the_granular_ones() {
    // Each credential's route checks what Atlassian checks for it.
    let classic = TestProvider::builder()
        .route(documented(
            Route::get("/rest/api/3/issue/{issueIdOrKey}").scope("read:jira-work"),
            "/rest/api/3/issue/{issueIdOrKey}",
        ))
        .start()
        .await;
    let token = StaticToken::new(classic.issue_token(&["read:jira-work"], None)).unwrap();
    let client = JiraClient::with_base_url(
        Scoped::<jira::Of<jira::read_jira_work>>::assume_granted(token),
        &classic.base_url(),
    )
    .unwrap();
    let issue = client.get_issue("ED-1").await.unwrap();
    assert_eq!(issue.key.as_deref(), Some("ED-1"));

    let mut granular_route = Route::get("/rest/api/3/issue/{issueIdOrKey}");
    for scope in ISSUE_GRANULAR {
        granular_route = granular_route.scope(scope);
    }
    let granular = TestProvider::builder()
        .route(documented(
            granular_route,
            "/rest/api/3/issue/{issueIdOrKey}",
        ))
        .start()
        .await;
    type IssueReader = jira::Of<(
        jira::read_issue_meta_jira,
        jira::read_issue_security_level_jira,
        jira::read_issue_vote_jira,
        jira::read_issue_changelog_jira,
        jira::read_avatar_jira,
        jira::read_issue_jira,
        jira::read_status_jira,
        jira::read_user_jira,
        jira::read_field_configuration_jira,
    )>;
    let token = StaticToken::new(granular.issue_token(&ISSUE_GRANULAR, None)).unwrap();
    let client = JiraGranularClient::with_base_url(
        Scoped::<IssueReader>::assume_granted(token),
        &granular.base_url(),
    )
    .unwrap();
    let issue = client.get_issue("ED-1").await.unwrap();
    assert_eq!(issue.key.as_deref(), Some("ED-1"));
    // `JiraClient::<IssueReader>` has no `get_issue`: it needs `read:jira-work`.
}

#[tokio::test]
async fn server_information_with_basic_credentials() {
    let provider = provider().await;
    let credentials = Scoped::unscoped(StaticToken::basic(EMAIL, API_TOKEN).unwrap());
    let client = JiraBasicClient::with_base_url(credentials, &provider.base_url()).unwrap();
    let info = client.get_server_info().await.unwrap();
    assert!(info.base_url.is_some(), "{info:?}");
    // A wrong API token is refused, and the error says what to do without it.
    let wrong = Scoped::unscoped(StaticToken::basic(EMAIL, "not-the-token").unwrap());
    let client = JiraBasicClient::with_base_url(wrong, &provider.base_url()).unwrap();
    let err = client.get_server_info().await.unwrap_err();
    let shown = format!("{err} {err:?}");
    assert!(
        matches!(err, auth_core::Error::Unauthorized { .. }),
        "{shown}"
    );
    assert!(!shown.contains("not-the-token"), "{shown}");
}
