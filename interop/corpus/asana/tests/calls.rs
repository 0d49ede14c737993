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
    assert_eq!(
        workspaces.data[0].name.as_deref(),
        Some("My Company Workspace")
    );
}

#[tokio::test]
async fn a_user_with_users_read() {
    let provider = provider().await;
    let client = oauth::<asana_oauth2::Of<asana_oauth2::users_read>>(&provider, &["users:read"]);
    let user = client.get_user("me").await.unwrap();
    assert_eq!(user.data.unwrap().gid.as_deref(), Some("me"));
}

#[tokio::test]
async fn a_task_with_tasks_write() {
    let provider = provider().await;
    let client = oauth::<asana_oauth2::Of<asana_oauth2::tasks_write>>(&provider, &["tasks:write"]);
    let body: types::CreateTaskBody =
        serde_json::from_value(json!({"data": {"name": "Buy catnip", "workspace": "12345"}}))
            .unwrap();
    let task = client.create_task(&body).await.unwrap();
    assert_eq!(task.data.unwrap().name.as_deref(), Some("Buy catnip"));
}

/// Workspaces, paged as Asana pages every list: `next_page.uri` holds the next page's
/// URL, and `next_page` is null on the last (https://developers.asana.com/docs/pagination;
/// the document's `NextPage` schema), recognised by the generator from that schema.
#[tokio::test]
async fn workspaces_page_by_next_page_uri() {
    let provider = TestProvider::builder()
        .route(Route::get("/workspaces").respond(|request| {
            let offset = request
                .query_param("offset")
                .map_or(0, |v| v.trim_start_matches("eyJ").parse::<u32>().unwrap());
            let host = request.header("host").unwrap();
            let next_page = (offset < 4).then(|| {
                let token = format!("eyJ{}", offset + 2);
                json!({
                    "offset": token,
                    "path": format!("/workspaces?limit=2&offset={token}"),
                    "uri": format!("http://{host}/workspaces?limit=2&offset={token}"),
                })
            });
            let data: Vec<Value> = (offset..offset + 2)
                .map(|i| json!({"gid": i.to_string(), "resource_type": "workspace", "name": format!("Workspace {i}")}))
                .collect();
            Reply::json(200, json!({"data": data, "next_page": next_page}))
        }))
        .start()
        .await;
    let pat = Scoped::unscoped(StaticToken::new(provider.issue_token(&[], None)).unwrap());
    let client = AsanaClient::with_base_url(pat, &provider.base_url()).unwrap();
    let mut workspaces = client.get_workspaces().limit(2).items();
    let mut names = Vec::new();
    while let Some(workspace) = workspaces.next().await {
        names.push(workspace.unwrap().name.unwrap());
    }
    assert_eq!(
        names,
        (0..6).map(|i| format!("Workspace {i}")).collect::<Vec<_>>()
    );
    assert_eq!(provider.stats().api("GET /workspaces"), 3);
}

/// An attachment uploaded from a file, as Asana's document describes
/// `POST /attachments` (https://developers.asana.com/reference/createattachmentforobject:
/// `multipart/form-data` of `AttachmentRequest`, `parent` required, the file in `file`):
/// the generated parts type takes the parent and the file, read while sent.
#[tokio::test]
async fn an_attachment_is_uploaded_from_a_file_as_multipart_parts() {
    let provider = TestProvider::builder()
        .route(
            Route::post("/attachments")
                .scope("attachments:write")
                .respond(|request| {
                    let content_type = request.header("content-type").unwrap_or_default();
                    let body = String::from_utf8_lossy(&request.body);
                    Reply::json(
                        200,
                        json!({"data": {
                            "gid": "1",
                            "resource_type": "attachment",
                            "name": content_type,
                            "download_url": body,
                        }}),
                    )
                }),
        )
        .start()
        .await;
    let path = std::env::temp_dir().join(format!("asana-{}-notes.txt", std::process::id()));
    std::fs::write(&path, "meeting notes").unwrap();
    let client = oauth::<asana_oauth2::Of<asana_oauth2::attachments_write>>(
        &provider,
        &["attachments:write"],
    );
    let parts = interop_asana::CreateAttachmentForObjectParts::new("1204619611402340")
        .file(auth_core::Part::file(&path));
    let answer = client.create_attachment_for_object(parts).await.unwrap();
    std::fs::remove_file(&path).unwrap();
    let answer = answer.data.unwrap();
    let content_type = answer.name.as_deref().unwrap();
    assert!(
        content_type.starts_with("multipart/form-data; boundary="),
        "{content_type}"
    );
    let body = answer.download_url.as_deref().unwrap();
    let parent = body
        .find("name=\"parent\"\r\n\r\n1204619611402340\r\n")
        .unwrap();
    let file = body
        .find("name=\"file\"; filename=\"")
        .unwrap_or_else(|| panic!("{body}"));
    assert!(parent < file, "the file goes after the fields: {body}");
    assert!(
        body.contains("Content-Type: text/plain\r\n\r\nmeeting notes\r\n"),
        "{body}"
    );
}
