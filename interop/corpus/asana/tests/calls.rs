//! Asana's API through the testkit: workspaces with a personal access token, a user with
//! an OAuth 2 token of `users:read`, and a new task with `tasks:write`. The document
//! gives no examples for these answers; they follow its schemas.

#![cfg(has_spec)]

use auth_core::testkit::{Reply, Route, TestProvider};
use auth_core::{Scoped, StaticToken};
use interop_asana::{AsanaClient, AsanaOauth2Client, asana_oauth2, types};
use serde_json::{Value, json};

async fn provider() -> TestProvider {
    TestProvider::builder()
        .route(Route::get("/workspaces").json(json!({
            "data": [{"gid": "12345", "resource_type": "workspace", "name": "My Company Workspace"}],
            "next_page": null
        })))
        .route(Route::get("/users/{user_gid}").scope("users:read").respond(|request| {
            Reply::json(200, json!({"data": {"gid": request.param("user_gid"), "resource_type": "user", "name": "Greg Sanchez"}}))
        }))
        .route(Route::post("/tasks").scope("tasks:write").respond(|request| {
            let sent: Value = serde_json::from_slice(&request.body).unwrap();
            Reply::json(201, json!({"data": {"gid": "6789", "resource_type": "task", "name": sent["data"]["name"]}}))
        }))
        .start()
        .await
}

fn oauth<S: auth_core::scope::ScopeSet<Module = asana_oauth2::Scopes>>(
    provider: &TestProvider,
    scopes: &[&str],
) -> AsanaOauth2Client<S> {
    let token = StaticToken::new(provider.issue_token(scopes, None)).unwrap();
    AsanaOauth2Client::with_base_url(Scoped::<S>::assume_granted(token), &provider.base_url())
        .unwrap()
}

#[tokio::test]
async fn workspaces_with_a_personal_access_token() {
    let provider = provider().await;
    // A personal access token: everything its user may do, no scopes.
    let pat = Scoped::unscoped(StaticToken::new(provider.issue_token(&[], None)).unwrap());
    let client = AsanaClient::with_base_url(pat, &provider.base_url()).unwrap();
    let workspaces = client.get_workspaces().limit(10).await.unwrap();
    let workspaces = serde_json::to_value(workspaces).unwrap();
    assert_eq!(workspaces["data"][0]["name"], "My Company Workspace");
}

#[tokio::test]
async fn a_user_with_users_read() {
    let provider = provider().await;
    let client = oauth::<asana_oauth2::Of<asana_oauth2::users_read>>(&provider, &["users:read"]);
    let user = client.get_user("me").await.unwrap();
    assert_eq!(serde_json::to_value(user).unwrap()["data"]["gid"], "me");
}

#[tokio::test]
async fn a_task_with_tasks_write() {
    let provider = provider().await;
    let client = oauth::<asana_oauth2::Of<asana_oauth2::tasks_write>>(&provider, &["tasks:write"]);
    let body: types::CreateTaskBody =
        serde_json::from_value(json!({"data": {"name": "Buy catnip", "workspace": "12345"}}))
            .unwrap();
    let task = client.create_task(&body).await.unwrap();
    assert_eq!(
        serde_json::to_value(task).unwrap()["data"]["name"],
        "Buy catnip"
    );
}
