//! The five everyday tasks of the README's side-by-side, as written there, run against
//! the testkit: each with the generated client (`ours`) and with reqwest by hand
//! (`by_hand`). Between the `// task` markers, the code is the README's, line for line.
//! Answers are DigitalOcean's documented examples.

#![cfg(has_spec)]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use auth_core::testkit::{Fault, Reply, Route, TestProvider};
use auth_core::{Scoped, StaticToken};
use futures_util::TryStreamExt;
use interop_digitalocean::{DigitalOceanClient, digital_ocean, types};
use serde_json::{Value, json};

type Client = DigitalOceanClient<
    digital_ocean::Of<(digital_ocean::droplet_read, digital_ocean::droplet_create)>,
>;

fn example(pointer: &str) -> Value {
    interop_specs::read("digitalocean.yaml")
        .pointer(pointer)
        .unwrap()
        .clone()
}

/// What the provider was sent: each request's query and idempotency key.
type Seen = Arc<Mutex<Vec<(String, Option<String>)>>>;

async fn provider() -> (TestProvider, Seen) {
    let seen = Seen::default();
    let (seen_list, seen_create) = (seen.clone(), seen.clone());
    let list = example("/components/examples/droplets_all/value");
    let one = example("/components/examples/droplet_single/value");
    let created = example("/components/examples/droplet_create_response/value");
    let provider = TestProvider::builder()
        .route(
            Route::get("/v2/droplets")
                .scope("droplet:read")
                .respond(move |request| {
                    let query = request.query.clone().unwrap_or_default();
                    seen_list.lock().unwrap().push((query.clone(), None));
                    let page = request
                        .query_param("page")
                        .map_or(1, |v| v.parse::<u64>().unwrap());
                    let mut body = list.clone();
                    body["meta"]["total"] = json!(9);
                    if page < 3 {
                        let host = request.header("host").unwrap();
                        body["links"]["pages"]["next"] =
                            json!(format!("http://{host}/v2/droplets?page={}", page + 1));
                    }
                    Reply::json(200, body)
                }),
        )
        .route(
            Route::get("/v2/droplets/{droplet_id}")
                .scope("droplet:read")
                .respond(move |_| Reply::json(200, one.clone())),
        )
        .route(
            Route::post("/v2/droplets")
                .scope("droplet:create")
                .respond(move |request| {
                    let sent: Value = serde_json::from_slice(&request.body).unwrap();
                    let key = request.header("idempotency-key").map(str::to_owned);
                    seen_create.lock().unwrap().push((sent.to_string(), key));
                    Reply::json(202, created.clone())
                }),
        )
        .start()
        .await;
    (provider, seen)
}

/// The last request's query (or body) and idempotency key.
fn last(seen: &Seen) -> (String, Option<String>) {
    seen.lock().unwrap().last().unwrap().clone()
}

#[tokio::test]
async fn ours() -> Result<(), Box<dyn std::error::Error>> {
    let (provider, seen) = provider().await;
    let token = StaticToken::new(provider.issue_token(&["droplet:read", "droplet:create"], None))?;
    let client = Client::with_base_url(Scoped::assume_granted(token), &provider.base_url())?;
    let (id, key) = (3164444, "create-web-1");

    // task 1: every droplet
    let droplets: Vec<types::Droplet> = client
        .droplets_list()
        .per_page(200)
        .items()
        .try_collect()
        .await?;
    // end
    assert_eq!(droplets.len(), 9);

    // task 2: create one with three optional fields
    let body: types::DropletsCreateBody = serde_json::from_value(json!({
        "name": "web-1", "size": "s-1vcpu-1gb", "image": "ubuntu-24-04-x64",
        "region": "nyc3", "tags": ["web"], "monitoring": true,
    }))?;
    let created = client.droplets_create(&body).await?;
    // end
    assert!(matches!(
        created,
        types::DropletsCreateResponse::Variant0 { .. }
    ));
    assert!(last(&seen).0.contains(r#""monitoring":true"#));

    // task 3: a list filtered by two optional parameters
    let tagged = client.droplets_list().tag_name("web").per_page(50).await?;
    // end
    assert!(!tagged.droplets.is_empty());
    // In the method's parameter order.
    assert_eq!(last(&seen).0, "per_page=50&tag_name=web");

    provider.inject("/v2/droplets/", Fault::status(503), 2);
    // task 4: one call with a longer timeout and more attempts
    let droplet = client
        .droplets_get(id)
        .timeout(Duration::from_secs(120))
        .max_attempts(5)
        .await?;
    // end
    assert_eq!(droplet.droplet.unwrap().id, id);

    // task 5: an idempotency key
    let created = client
        .droplets_create(&body)
        .header("idempotency-key", key)
        .retry_non_idempotent(true)
        .await?;
    // end
    assert!(matches!(
        created,
        types::DropletsCreateResponse::Variant0 { .. }
    ));
    assert_eq!(last(&seen).1.as_deref(), Some(key));
    Ok(())
}

#[tokio::test]
async fn by_hand() -> Result<(), Box<dyn std::error::Error>> {
    let (provider, seen) = provider().await;
    let token = provider.issue_token(&["droplet:read", "droplet:create"], None);
    // Any `reqwest::Client` (this workspace builds reqwest without a default TLS provider).
    let http: reqwest::Client = auth_core::api_http_client();
    let (base, id, key) = (provider.base_url(), 3164444, "create-web-1");

    // task 1: every droplet
    let mut droplets = Vec::new();
    let mut url = Some(format!("{base}/v2/droplets?per_page=200"));
    while let Some(next) = url {
        let page: Value = http
            .get(&next)
            .bearer_auth(&token)
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?;
        droplets.extend(page["droplets"].as_array().cloned().unwrap_or_default());
        url = page["links"]["pages"]["next"].as_str().map(str::to_owned);
    }
    // end
    assert_eq!(droplets.len(), 9);

    // task 2: create one with three optional fields
    let body = json!({
        "name": "web-1", "size": "s-1vcpu-1gb", "image": "ubuntu-24-04-x64",
        "region": "nyc3", "tags": ["web"], "monitoring": true,
    });
    let created: Value = http
        .post(format!("{base}/v2/droplets"))
        .bearer_auth(&token)
        .json(&body)
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    // end
    assert!(created["droplet"]["id"].is_i64());
    assert!(last(&seen).0.contains(r#""monitoring":true"#));

    // task 3: a list filtered by two optional parameters
    let tagged: Value = http
        .get(format!("{base}/v2/droplets"))
        .bearer_auth(&token)
        .query(&[("tag_name", "web"), ("per_page", "50")])
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    // end
    assert!(tagged["droplets"].is_array());
    assert_eq!(last(&seen).0, "tag_name=web&per_page=50");

    provider.inject("/v2/droplets/", Fault::status(503), 2);
    // task 4: one call with a longer timeout and more attempts
    let mut attempt = 1;
    let droplet: Value = loop {
        let answer = http
            .get(format!("{base}/v2/droplets/{id}"))
            .bearer_auth(&token)
            .timeout(Duration::from_secs(120))
            .send()
            .await
            .and_then(|r| r.error_for_status());
        match answer {
            Ok(answer) => break answer.json().await?,
            Err(e) if attempt < 5 && e.status().is_none_or(|s| s.is_server_error()) => attempt += 1,
            Err(e) => return Err(e.into()),
        }
    };
    // end
    assert_eq!(droplet["droplet"]["id"], id);

    // task 5: an idempotency key
    let created: Value = http
        .post(format!("{base}/v2/droplets"))
        .bearer_auth(&token)
        .json(&body)
        .header("idempotency-key", key)
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    // end
    assert!(created["droplet"].is_object());
    assert_eq!(last(&seen).1.as_deref(), Some(key));
    Ok(())
}
