//! DigitalOcean's API, generated from its unchanged OpenAPI document, called through
//! the testkit: list, get, create and delete across droplets, SSH keys, domains, tags
//! and volumes, with personal access tokens of different custom scopes (DigitalOcean's
//! portal issues tokens with chosen scopes, sent as static bearer tokens).
//!
//! Answers for droplets and volumes are DigitalOcean's own documented examples, read from
//! the document at their JSON pointers (also shown at
//! <https://docs.digitalocean.com/reference/api/digitalocean/>).

#![cfg(has_spec)]

use auth_core::testkit::{Reply, Route, TestProvider};
use auth_core::{Error, Scoped, StaticToken};
use interop_digitalocean::{DigitalOceanClient, digital_ocean, types};
use serde_json::{Value, json};

const DOCUMENT: &str = "digitalocean.yaml";

/// A documented example, read from the document at `pointer`: its answer body.
fn example(pointer: &str) -> Value {
    let document = interop_specs::read(DOCUMENT);
    document
        .pointer(pointer)
        .unwrap_or_else(|| panic!("{DOCUMENT} has no example at {pointer}"))
        .clone()
}

/// A route answering `status` with the document's example at `pointer`.
fn documented(route: Route, status: u16, pointer: &str) -> Route {
    let body = example(pointer);
    route.respond(move |_| Reply::json(status, body.clone()))
}

async fn provider() -> TestProvider {
    TestProvider::builder()
        .route(documented(
            Route::get("/v2/droplets").scope("droplet:read"),
            200,
            "/components/examples/droplets_all/value",
        ))
        .route(documented(
            Route::get("/v2/droplets/{droplet_id}").scope("droplet:read"),
            200,
            "/components/examples/droplet_single/value",
        ))
        .route(documented(
            Route::post("/v2/droplets").scope("droplet:create"),
            202,
            "/components/examples/droplet_create_response/value",
        ))
        .route(
            Route::delete("/v2/droplets/{droplet_id}")
                .scope("droplet:delete")
                .respond(|_| Reply::status(204)),
        )
        .route(documented(
            Route::get("/v2/volumes")
                .scope("api:read")
                .scope("api:write")
                .scope("block_storage:read"),
            200,
            "/components/examples/volumes_all/value",
        ))
        .route(Route::get("/v2/account/keys").scope("ssh_key:read").json(json!({
            "ssh_keys": [{"id": 512189, "fingerprint": "3b:16:bf:e4:8b:00:8b:b8:59:8c:a9:d3:f0:19:45:fa",
                          "public_key": "ssh-rsa AEXAMPLE example", "name": "My SSH Public Key"}],
            "links": {}, "meta": {"total": 1}
        })))
        .route(Route::post("/v2/account/keys").scope("ssh_key:create").respond(|request| {
            let sent: Value = serde_json::from_slice(&request.body).unwrap();
            Reply::json(201, json!({"ssh_key": {"id": 512190, "fingerprint": "3b:16:e4:bf",
                "public_key": sent["public_key"], "name": sent["name"]}}))
        }))
        .route(
            Route::delete("/v2/account/keys/{ssh_key_identifier}")
                .scope("ssh_key:delete")
                .respond(|_| Reply::status(204)),
        )
        .route(Route::get("/v2/domains").scope("domain:read").json(json!({
            "domains": [{"name": "example.com", "ttl": 1800, "zone_file": "$ORIGIN example.com."}],
            "links": {}, "meta": {"total": 1}
        })))
        .route(Route::post("/v2/domains").scope("domain:create").respond(|request| {
            let sent: Value = serde_json::from_slice(&request.body).unwrap();
            Reply::json(201, json!({"domain": {"name": sent["name"], "ttl": 1800, "zone_file": null}}))
        }))
        .route(
            Route::delete("/v2/domains/{domain_name}")
                .scope("domain:delete")
                .respond(|_| Reply::status(204)),
        )
        // One of `domain:create` or `domain:update` suffices (two requirement objects).
        .route(Route::post("/v2/domains/{domain_name}/records").respond(|request| {
            if !request.scopes.iter().any(|s| s == "domain:create" || s == "domain:update") {
                return Reply::json(403, json!({"id": "forbidden", "message": "missing scope"}));
            }
            Reply::json(201, json!({"domain_record": {"id": 28448433, "type": "A", "name": "www",
                "data": "162.10.66.0", "ttl": 1800}}))
        }))
        .route(Route::post("/v2/tags").scope("tag:create").respond(|request| {
            let sent: Value = serde_json::from_slice(&request.body).unwrap();
            Reply::json(201, json!({"tag": {"name": sent["name"], "resources": {"count": 0}}}))
        }))
        .start()
        .await
}

/// A client holding a personal access token with `scopes` (as the portal issues one),
/// typed as carrying `S`.
fn client<S: auth_core::scope::ScopeSet<Module = digital_ocean::Scopes>>(
    provider: &TestProvider,
    scopes: &[&str],
) -> DigitalOceanClient<S> {
    let token = StaticToken::new(provider.issue_token(scopes, None)).unwrap();
    DigitalOceanClient::with_base_url(Scoped::<S>::assume_granted(token), &provider.base_url())
        .unwrap()
}

#[tokio::test]
async fn droplets_are_listed_read_created_and_deleted_with_their_own_scopes() {
    let provider = provider().await;

    // A read-only token: list and get compile; create and delete do not (see the UI test
    // `delete-droplet-with-read-token`).
    type ReadOnly = digital_ocean::Of<digital_ocean::droplet_read>;
    let reader = client::<ReadOnly>(&provider, &["droplet:read"]);
    let listed = reader.droplets_list().per_page(20).page(1).await.unwrap();
    assert_eq!(listed.droplets[0].id, 3164444);
    assert_eq!(listed.droplets[0].name, "example.com");
    let one = reader.droplets_get(3164444).await.unwrap();
    assert_eq!(one.droplet.unwrap().id, 3164444);

    // A token for the droplet lifecycle.
    type Lifecycle =
        digital_ocean::Of<(digital_ocean::droplet_create, digital_ocean::droplet_delete)>;
    let admin = client::<Lifecycle>(&provider, &["droplet:create", "droplet:delete"]);
    let body: types::DropletsCreateBody = serde_json::from_value(json!({
        "name": "example.com", "region": "nyc3", "size": "s-1vcpu-1gb", "image": "ubuntu-20-04-x64"
    }))
    .unwrap();
    let created = admin.droplets_create(&body).await.unwrap();
    let types::DropletsCreateResponse::Variant0 { droplet, .. } = created else {
        panic!("one droplet asked for, one created: {created:?}");
    };
    assert_eq!(droplet.id, 3164444);
    admin.droplets_destroy(3164444).await.unwrap();

    let stats = provider.stats();
    assert_eq!(stats.api("GET /v2/droplets"), 1);
    assert_eq!(stats.api("GET /v2/droplets/{droplet_id}"), 1);
    assert_eq!(stats.api("POST /v2/droplets"), 1);
    assert_eq!(stats.api("DELETE /v2/droplets/{droplet_id}"), 1);
}

#[tokio::test]
async fn ssh_keys_domains_tags_and_volumes_each_with_a_token_of_their_scopes() {
    let provider = provider().await;

    type Keys = digital_ocean::Of<(
        digital_ocean::ssh_key_read,
        digital_ocean::ssh_key_create,
        digital_ocean::ssh_key_delete,
    )>;
    let keys = client::<Keys>(
        &provider,
        &["ssh_key:read", "ssh_key:create", "ssh_key:delete"],
    );
    let listed = keys.ssh_keys_list().await.unwrap();
    assert_eq!(listed.ssh_keys[0].id.as_deref(), Some(&512189));
    let new_key: types::SshKeys = serde_json::from_value(json!({
        "name": "laptop", "public_key": "ssh-ed25519 AAAAC3Nza example"
    }))
    .unwrap();
    let created = keys.ssh_keys_create(&new_key).await.unwrap();
    assert_eq!(*created.ssh_key.unwrap().name, "laptop");
    keys.ssh_keys_delete("512190").await.unwrap();

    type Domains = digital_ocean::Of<(
        digital_ocean::domain_read,
        digital_ocean::domain_create,
        digital_ocean::domain_delete,
    )>;
    let domains = client::<Domains>(
        &provider,
        &["domain:read", "domain:create", "domain:delete"],
    );
    let listed = domains.domains_list().await.unwrap();
    assert_eq!(listed.domains[0].name.as_deref(), Some("example.com"));
    let domain: types::Domain = serde_json::from_value(json!({"name": "example.org"})).unwrap();
    let created = domains.domains_create(&domain).await.unwrap();
    assert_eq!(created.domain.unwrap().name.as_deref(), Some("example.org"));
    domains.domains_delete("example.org").await.unwrap();

    // `domains_create_record` takes `domain:create` or `domain:update`: a token with
    // only `domain:update` calls it too.
    let record: types::DomainsCreateRecordBody =
        serde_json::from_value(json!({"type": "A", "name": "www", "data": "162.10.66.0"})).unwrap();
    domains
        .domains_create_record("example.com", &record)
        .await
        .unwrap();
    let updater =
        client::<digital_ocean::Of<digital_ocean::domain_update>>(&provider, &["domain:update"]);
    updater
        .domains_create_record("example.com", &record)
        .await
        .unwrap();

    let tags = client::<digital_ocean::Of<digital_ocean::tag_create>>(&provider, &["tag:create"]);
    let tag: types::Tags = serde_json::from_value(json!({"name": "awesome"})).unwrap();
    let created = tags.tags_create(&tag).await.unwrap();
    assert_eq!(created.tag.unwrap().name.unwrap().as_str(), "awesome");

    // An operation whose one requirement object names three scopes needs all three.
    type Volumes = digital_ocean::Of<(
        digital_ocean::api_read,
        digital_ocean::api_write,
        digital_ocean::block_storage_read,
    )>;
    let volumes = client::<Volumes>(&provider, &["api:read", "api:write", "block_storage:read"]);
    let listed = volumes.volumes_list().region("nyc1").await.unwrap();
    assert_eq!(
        listed.volumes[0].id.as_deref(),
        Some("506f78a4-e098-11e5-ad9f-000f53306ae1")
    );

    let stats = provider.stats();
    for route in [
        "GET /v2/account/keys",
        "POST /v2/account/keys",
        "DELETE /v2/account/keys/{ssh_key_identifier}",
        "GET /v2/domains",
        "POST /v2/domains",
        "DELETE /v2/domains/{domain_name}",
        "POST /v2/tags",
        "GET /v2/volumes",
    ] {
        assert_eq!(stats.api(route), 1, "{route}");
    }
    assert_eq!(stats.api("POST /v2/domains/{domain_name}/records"), 2);
}

#[tokio::test]
async fn a_token_the_provider_no_longer_honours_is_a_typed_forbidden() {
    let provider = provider().await;
    // The type says `droplet:read`; the token the portal issued lacks it (the scope was
    // removed after the token was created): the 403 comes back typed.
    let client =
        client::<digital_ocean::Of<digital_ocean::droplet_read>>(&provider, &["account:read"]);
    let err = client.droplets_get(1).await.unwrap_err();
    assert!(matches!(err, Error::Forbidden { .. }), "{err:?}");
}

/// Every droplet, page after page, as DigitalOcean pages every list: `links.pages.next`
/// holds the next page's URL and is absent on the last
/// (https://docs.digitalocean.com/reference/api/digitalocean/#section/Introduction/Links-and-Pagination),
/// recognised by the generator from the document's `page_links` schema. Each page is the
/// document's own `droplets_all` example, its droplets renumbered.
#[tokio::test]
async fn every_droplet_is_listed_page_after_page() {
    let example = example("/components/examples/droplets_all/value");
    let provider = TestProvider::builder()
        .route(
            Route::get("/v2/droplets")
                .scope("droplet:read")
                .respond(move |request| {
                    let page = request
                        .query_param("page")
                        .map_or(1, |v| v.parse::<u64>().unwrap());
                    let mut body = example.clone();
                    for (i, droplet) in body["droplets"]
                        .as_array_mut()
                        .unwrap()
                        .iter_mut()
                        .enumerate()
                    {
                        droplet["id"] = json!((page - 1) * 3 + i as u64);
                    }
                    let host = request.header("host").unwrap();
                    if page < 4 {
                        body["links"]["pages"]["next"] = json!(format!(
                            "http://{host}/v2/droplets?page={}&per_page=3",
                            page + 1
                        ));
                        body["links"]["pages"]["last"] =
                            json!(format!("http://{host}/v2/droplets?page=4&per_page=3"));
                    }
                    body["meta"]["total"] = json!(12);
                    Reply::json(200, body)
                }),
        )
        .start()
        .await;
    let reader =
        client::<digital_ocean::Of<digital_ocean::droplet_read>>(&provider, &["droplet:read"]);
    let mut droplets = reader.droplets_list().per_page(3).items();
    let mut ids = Vec::new();
    while let Some(droplet) = droplets.next().await {
        ids.push(droplet.unwrap().id);
    }
    assert_eq!(ids, (0..12).collect::<Vec<i64>>());
    assert_eq!(provider.stats().api("GET /v2/droplets"), 4);

    let mut pages = reader.droplets_list().per_page(3).pages();
    let first = pages.next().await.unwrap().unwrap();
    assert_eq!(first.meta.total, 12);
}

/// A documented error answer is the document's `error` type, read from the error without
/// serde code: DigitalOcean's own `not_found` example, as its 404 answer.
#[tokio::test]
async fn a_404_is_the_documents_error_type() {
    let not_found = example("/components/responses/not_found/content/application~1json/example");
    let provider = TestProvider::builder()
        .route(
            Route::get("/v2/droplets/{droplet_id}")
                .scope("droplet:read")
                .respond(move |_| Reply::json(404, not_found.clone())),
        )
        .start()
        .await;
    let reader =
        client::<digital_ocean::Of<digital_ocean::droplet_read>>(&provider, &["droplet:read"]);
    let err = reader.droplets_get(1).await.unwrap_err();
    let answer: types::Error = err.body_as().expect("the documented error type");
    assert_eq!(answer.id, "not_found");
    assert_eq!(
        answer.message,
        "The resource you requested could not be found."
    );
    assert_eq!(answer.request_id, None);
}

/// An invoice's PDF (`GET /v2/customers/my/invoices/{invoice_uuid}/pdf`, documented as
/// `application/pdf`) is a `ByteStream`: read as it arrives, never held whole by the
/// client.
#[tokio::test]
async fn an_invoice_pdf_is_downloaded_as_a_stream() {
    let pdf: Vec<u8> = b"%PDF-1.7\n"
        .iter()
        .copied()
        .chain(std::iter::repeat_n(b'.', 500_000))
        .collect();
    let served = pdf.clone();
    let provider = TestProvider::builder()
        .route(
            Route::get("/v2/customers/my/invoices/{invoice_uuid}/pdf")
                .scope("billing:read")
                .respond(move |_| {
                    Reply::status(200)
                        .header("content-type", "application/pdf")
                        .body(served.clone())
                }),
        )
        .start()
        .await;
    let client =
        client::<digital_ocean::Of<digital_ocean::billing_read>>(&provider, &["billing:read"]);
    let mut download = client
        .invoices_get_pdf_by_uuid("22737513-0ea7-4206-8ceb-98a575af7681")
        .await
        .unwrap();
    assert_eq!(download.content_type(), Some("application/pdf"));
    let mut received = Vec::new();
    while let Some(chunk) = download.next().await {
        received.extend_from_slice(&chunk.unwrap());
    }
    assert_eq!(received, pdf);
}
